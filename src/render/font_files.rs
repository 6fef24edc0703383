//! The fonts a document uses, embedded as subsets: one Type 0 font per face.
//!
//! Each face is cut down to the glyphs drawn (with the `subsetter` crate), whose new ids are
//! the character codes the content streams write (`Identity-H`, CID = new glyph id), so no
//! code table is needed between the two. The widths (`/W`) are the ones the content streams
//! position glyphs against, and the ToUnicode map gives each glyph the text it stands for.
//! Hinting, long names and glyph names are left out (see [`slim`]).

use std::collections::BTreeMap;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use subsetter::GlyphRemapper;

use super::fonts::{resource_name, FontUsage};
use super::slim;
use super::RenderError;
use crate::text::{Face, FontId};

/// For each face, the code the content stream writes for each glyph id.
pub struct GlyphCodes {
    codes: BTreeMap<FontId, GlyphRemapper>,
}

impl GlyphCodes {
    pub fn code(&self, font: FontId, gid: u16) -> Option<u16> {
        self.codes.get(&font)?.get(gid)
    }
}

/// Adds every face `fonts` uses to `doc`; returns the codes to draw with and the `/Font`
/// resource dictionary (`F{n}` → font) every page shares.
pub fn embed(doc: &mut Document, fonts: &FontUsage) -> Result<(GlyphCodes, ObjectId), RenderError> {
    let mut codes = BTreeMap::new();
    let mut resources = Dictionary::new();
    for font in fonts.fonts() {
        let face = fonts.face(font);
        // Glyph 0 first, then in id order, so the same glyphs always get the same codes.
        let mut remapper = GlyphRemapper::new();
        for (gid, _) in fonts.glyphs(font) {
            remapper.remap(gid);
        }
        let subset = subsetter::subset(face.data, 0, &remapper)
            .map_err(|e| RenderError(format!("cannot subset {}: {e}", face.name)))?;
        let name = format!("{}+{}", fonts.subset_tag(font), face.name);
        let id = type0(doc, fonts, font, &remapper, subset, &name);
        resources.set(resource_name(font), Object::Reference(id));
        codes.insert(font, remapper);
    }
    let resources = doc.add_object(resources);
    Ok((GlyphCodes { codes }, resources))
}

/// The Type 0 font of one face: descendant CID font, descriptor, font file, ToUnicode map.
fn type0(
    doc: &mut Document,
    fonts: &FontUsage,
    font: FontId,
    remapper: &GlyphRemapper,
    subset: Vec<u8>,
    name: &str,
) -> ObjectId {
    let face = fonts.face(font);
    let cff = face
        .shaper
        .raw_face()
        .table(rustybuzz::ttf_parser::Tag::from_bytes(b"CFF "))
        .is_some();
    let subset = slim::slimmed(&subset).unwrap_or(subset);
    let file = if cff {
        // subsetter leaves CFF outlines in an OpenType wrapper (PDF 1.6, FontFile3).
        Stream::new(dictionary! { "Subtype" => "OpenType" }, subset)
    } else {
        let length = subset.len() as i64;
        Stream::new(dictionary! { "Length1" => length }, subset)
    };
    let file = doc.add_object(file);
    let mut descriptor = descriptor(face, name);
    descriptor.set(if cff { "FontFile3" } else { "FontFile2" }, file);
    let descriptor = doc.add_object(descriptor);

    // The old id of each new one, in new-id order.
    let old_ids: Vec<u16> = remapper.remapped_gids().collect();
    let widths: Vec<Object> = old_ids
        .iter()
        .map(|&old| Object::Real(fonts.advance(font, old) as f32))
        .collect();
    let mut cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => if cff { "CIDFontType0" } else { "CIDFontType2" },
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 0,
        "W" => vec![Object::Integer(0), Object::Array(widths)],
    };
    if !cff {
        cid_font.set("CIDToGIDMap", "Identity");
    }
    let cid_font = doc.add_object(cid_font);

    let texts = old_ids.iter().map(|&old| fonts.text_of(font, old));
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode(texts)));
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_font)],
        "ToUnicode" => to_unicode,
    })
}

/// The font descriptor's metrics, in thousandths of an em.
fn descriptor(face: &Face, name: &str) -> Dictionary {
    let shaper = &face.shaper;
    let em = |units: f32| Object::Integer((units * 1000.0 / face.units_per_em).round() as i64);
    let bbox = shaper.global_bounding_box();
    let ascent = f32::from(shaper.ascender());
    let mut flags = 1 << 2; // symbolic: the font's own glyph ids, not a standard encoding
    if shaper.is_monospaced() {
        flags |= 1;
    }
    if shaper.is_italic() {
        flags |= 1 << 6;
    }
    dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(name.as_bytes().to_vec()),
        "Flags" => flags,
        "FontBBox" => vec![
            em(f32::from(bbox.x_min)),
            em(f32::from(bbox.y_min)),
            em(f32::from(bbox.x_max)),
            em(f32::from(bbox.y_max)),
        ],
        "ItalicAngle" => Object::Real(shaper.italic_angle()),
        "Ascent" => em(ascent),
        "Descent" => em(f32::from(shaper.descender())),
        "CapHeight" => em(shaper.capital_height().map_or(ascent, f32::from)),
        // Not in TrueType fonts; a common middle value, used only by viewers that substitute.
        "StemV" => 80,
    }
}

/// A ToUnicode CMap mapping code `i` to the `i`th text; empty texts map to nothing.
fn to_unicode<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let entries: Vec<(usize, &str)> = texts.enumerate().filter(|(_, t)| !t.is_empty()).collect();
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // At most 100 entries a block (PDF 32000-1, 9.10.3).
    for block in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, text) in block {
            out.push_str(&format!("<{code:04X}> <"));
            for unit in text.encode_utf16() {
                out.push_str(&format!("{unit:04X}"));
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_maps_each_code_to_its_text() {
        let cmap = to_unicode(["", "A", "fi", "क्षि", ""].into_iter());
        let cmap = String::from_utf8(cmap).expect("ascii");
        assert!(cmap.contains(
            "3 beginbfchar\n<0001> <0041>\n<0002> <00660069>\n<0003> <0915094D0937093F>\nendbfchar\n"
        ), "{cmap}");
        assert!(cmap.starts_with("/CIDInit /ProcSet findresource begin\n"));
        assert!(cmap.contains("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"));
        assert!(
            cmap.ends_with("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
        );
    }

    #[test]
    fn to_unicode_writes_at_most_a_hundred_entries_a_block() {
        let texts: Vec<String> = (0..150)
            .map(|i| char::from(b'!' + (i % 90) as u8).to_string())
            .collect();
        let cmap = to_unicode(texts.iter().map(String::as_str));
        let cmap = String::from_utf8(cmap).expect("ascii");
        assert!(cmap.contains("100 beginbfchar\n<0000> <0021>\n"));
        assert!(cmap.contains("50 beginbfchar\n<0064> "));
    }
}
