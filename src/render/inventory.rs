//! The glyph codes printpdf gave each glyph.
//!
//! printpdf subsets a font from the glyphs its pages show, renumbers them, and writes the
//! font's `/W` widths and ToUnicode map under the new numbers. The pages' own content
//! streams are written here (printpdf's per-glyph operation objects cost more than the
//! rest of the render), so the renumbering must be known: printpdf is handed one extra
//! page that shows every used glyph once, in a known order, and the codes it writes there
//! are read back. That page is then removed.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Document, Object};
use printpdf::{Codepoint, Op, PdfFontHandle, PdfPage, Pt, TextItem};

use super::fonts::{resource_id, FontUsage};
use crate::text::FontId;
use crate::Error;

/// For each face, the code the content stream writes for each glyph id.
pub struct GlyphCodes {
    codes: BTreeMap<FontId, BTreeMap<u16, u16>>,
}

impl GlyphCodes {
    pub fn code(&self, font: FontId, gid: u16) -> Option<u16> {
        self.codes.get(&font)?.get(&gid).copied()
    }
}

/// The page that shows every glyph `fonts` lists once, each with the text it maps to.
pub fn inventory_page(fonts: &FontUsage) -> PdfPage {
    let mut ops = vec![Op::StartTextSection];
    for font in fonts.fonts() {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(resource_id(font)),
            size: Pt(1.0),
        });
        let glyphs = fonts
            .glyphs(font)
            .map(|(gid, text)| Codepoint {
                gid,
                offset: 0.0,
                cid: Some(text.to_owned()),
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
    }
    ops.push(Op::EndTextSection);
    PdfPage::new(printpdf::Mm(10.0), printpdf::Mm(10.0), ops)
}

/// Reads the codes off the inventory page, the last page of `doc`, and removes the page.
pub fn take_codes(doc: &mut Document, fonts: &FontUsage) -> Result<GlyphCodes, Error> {
    let broken = |what: &str| Error::Render(format!("printpdf's glyph inventory: {what}"));
    let (_, page) = doc
        .get_pages()
        .into_iter()
        .next_back()
        .ok_or_else(|| broken("no page"))?;
    let content = doc.get_page_content(page);
    let content = Content::decode(&content).map_err(|e| broken(&e.to_string()))?;

    let mut shown: BTreeMap<Vec<u8>, Vec<u16>> = BTreeMap::new();
    let mut current = Vec::new();
    for op in content.operations {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("Tf", [Object::Name(name), ..]) => current = name.clone(),
            ("TJ", [Object::Array(items)]) => {
                let codes = shown.entry(current.clone()).or_default();
                for item in items {
                    if let Object::String(bytes, _) = item {
                        codes.extend(
                            bytes
                                .chunks_exact(2)
                                .map(|c| u16::from_be_bytes([c[0], c[1]])),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    let mut codes = BTreeMap::new();
    for font in fonts.fonts() {
        let written = shown
            .remove(resource_id(font).0.as_bytes())
            .ok_or_else(|| broken("a font shows no glyphs"))?;
        let gids: Vec<u16> = fonts.glyphs(font).map(|(gid, _)| gid).collect();
        if written.len() != gids.len() {
            return Err(broken("glyph count differs"));
        }
        codes.insert(font, gids.into_iter().zip(written).collect());
    }
    remove_last_page(doc, page)?;
    Ok(GlyphCodes { codes })
}

fn remove_last_page(doc: &mut Document, page: lopdf::ObjectId) -> Result<(), Error> {
    let broken = || Error::Render("printpdf's page tree is not as expected".into());
    let pages_id = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| broken())?;
    let pages = doc
        .get_object_mut(pages_id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| broken())?;
    let kids = pages
        .get_mut(b"Kids")
        .and_then(Object::as_array_mut)
        .map_err(|_| broken())?;
    kids.retain(|kid| kid.as_reference().ok() != Some(page));
    let count = kids.len() as i64;
    pages.set("Count", Object::Integer(count));
    doc.objects.remove(&page);
    Ok(())
}
