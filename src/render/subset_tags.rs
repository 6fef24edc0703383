//! Subset tags on embedded font names.
//!
//! printpdf prefixes a subset font's name with the first six characters of its resource
//! name (`F0+NotoSerif-Regular`); a subset tag must be six upper-case letters, so it is
//! replaced with one derived from the subset (`KQWXPB+NotoSerif-Regular`).

use lopdf::{Document, Object};

use super::fonts::{resource_id, FontUsage};

/// Rewrites `F{n}+Name` to `TAG+Name` in every `/BaseFont` and `/FontName` of `doc`.
pub fn retag(doc: &mut Document, fonts: &FontUsage) {
    let renames: Vec<(Vec<u8>, Vec<u8>)> = fonts
        .fonts()
        .map(|font| {
            let prefix = format!("{}+", resource_id(font).0).into_bytes();
            let tag = format!("{}+", fonts.subset_tag(font)).into_bytes();
            (prefix, tag)
        })
        .collect();
    for object in doc.objects.values_mut() {
        rename(object, &renames);
    }
}

/// Walks dictionaries and arrays: the descendant font and its descriptor may be inline.
fn rename(object: &mut Object, renames: &[(Vec<u8>, Vec<u8>)]) {
    match object {
        Object::Dictionary(dict) => {
            for (key, value) in dict.iter_mut() {
                if let (b"BaseFont" | b"FontName", Object::Name(name)) =
                    (key.as_slice(), &mut *value)
                {
                    if let Some((prefix, tag)) = renames.iter().find(|(p, _)| name.starts_with(p)) {
                        name.splice(..prefix.len(), tag.iter().copied());
                    }
                } else {
                    rename(value, renames);
                }
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|item| rename(item, renames)),
        _ => {}
    }
}
