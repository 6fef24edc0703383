//! The fonts a document uses, embedded as subsets: one Type 0 font per face.
//!
//! Each face is cut down to the glyphs drawn (with the `subsetter` crate), renumbered in the
//! order [`codes`](super::codes) gives; the new ids are the CIDs and the character codes the content
//! streams write (one byte where the subset allows, else `Identity-H`), so CID and glyph id
//! are the same. The widths (`/W`) are the ones the content streams position glyphs
//! against, and the ToUnicode map gives each glyph the text it stands for. Hinting, long
//! names and glyph names are left out (see [`slim`]).

use std::collections::BTreeMap;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use rayon::prelude::*;

use super::cmap;
use super::codes::{CodeWidth, FaceCodes, GlyphCodes};
use super::fonts::{resource_name, FontUsage};
use super::slim;
use super::RenderError;
use crate::text::{Face, FontId};

/// A face's subset and ToUnicode map as they are written into the file (deflated), kept so
/// that a rebuild whose glyph use of the face is unchanged embeds them as they are.
#[derive(Clone)]
pub struct EmbeddedFace {
    file: Stream,
    to_unicode: Stream,
}

/// The faces a build embedded.
pub type KeptFonts = BTreeMap<FontId, EmbeddedFace>;

/// The fonts of a document, embedded.
pub struct Embedded {
    /// The codes to draw with.
    pub codes: GlyphCodes,
    /// The `/Font` resource dictionary (`F{n}` → font) every page shares.
    pub resources: ObjectId,
    /// Each face's subset and ToUnicode map, for the next build.
    pub kept: KeptFonts,
    /// Faces subset anew rather than found in `last`.
    pub subset: usize,
}

/// Adds every face `fonts` uses to `doc`; a face whose glyph use is the same as in `last`
/// (the last build's use and its faces) is embedded as it was. `keep`: the faces are kept
/// for the next build, deflated here (on whichever core is free when `parallel`), where a
/// cold build leaves them to the deflate of the document's streams at the end, as it
/// always did (so that its peak memory stays where it was).
pub fn embed(
    doc: &mut Document,
    fonts: &FontUsage,
    parallel: bool,
    last: Option<(&FontUsage, &KeptFonts)>,
    keep: bool,
) -> Result<Embedded, RenderError> {
    let prepare = |font: FontId| {
        let codes = FaceCodes::of(fonts, font);
        let kept = last
            .filter(|(usage, _)| usage.same_face(fonts, font))
            .and_then(|(_, kept)| kept.get(&font));
        let face = match kept {
            Some(face) => (face.clone(), false),
            None => (embedded_face(fonts, font, &codes, keep)?, true),
        };
        Ok((font, codes, face))
    };
    let used: Vec<FontId> = fonts.fonts().collect();
    let prepared: Vec<_> = match parallel && keep {
        true => used
            .into_par_iter()
            .map(prepare)
            .collect::<Result<_, _>>()?,
        false => used.into_iter().map(prepare).collect::<Result<_, _>>()?,
    };
    let mut faces = BTreeMap::new();
    let mut resources = Dictionary::new();
    let mut one_byte_encoding = None;
    let (mut kept, mut subset) = (KeptFonts::new(), 0);
    for (font, codes, (face, fresh)) in prepared {
        let name = format!("{}+{}", fonts.subset_tag(font), fonts.face(font).name);
        let encoding = match codes.width {
            // One CMap serves every face with one-byte codes.
            CodeWidth::One => Object::Reference(
                *one_byte_encoding.get_or_insert_with(|| doc.add_object(cmap::one_byte_encoding())),
            ),
            CodeWidth::Two => Object::Name(b"Identity-H".to_vec()),
        };
        if keep {
            kept.insert(font, face.clone());
        }
        subset += usize::from(fresh);
        let id = type0(doc, fonts, font, &codes, face, &name, encoding);
        resources.set(resource_name(font), Object::Reference(id));
        faces.insert(font, codes);
    }
    let resources = doc.add_object(resources);
    Ok(Embedded {
        codes: GlyphCodes { faces },
        resources,
        kept,
        subset,
    })
}

/// Whether `font` has CFF outlines (else TrueType).
fn is_cff(fonts: &FontUsage, font: FontId) -> bool {
    let face = fonts.face(font).shaper.raw_face();
    face.table(rustybuzz::ttf_parser::Tag::from_bytes(b"CFF "))
        .is_some()
}

/// `font` cut down to the glyphs `codes` numbers, and its ToUnicode map; deflated when
/// `deflate` (else left to `super::compress`, which gives the same bytes).
fn embedded_face(
    fonts: &FontUsage,
    font: FontId,
    codes: &FaceCodes,
    deflate: bool,
) -> Result<EmbeddedFace, RenderError> {
    let face = fonts.face(font);
    let subset = subsetter::subset(face.data, 0, &codes.remapper)
        .map_err(|e| RenderError(format!("cannot subset {}: {e}", face.name)))?;
    let subset = slim::slimmed(&subset).unwrap_or(subset);
    let file = if is_cff(fonts, font) {
        // subsetter leaves CFF outlines in an OpenType wrapper (PDF 1.6, FontFile3).
        Stream::new(dictionary! { "Subtype" => "OpenType" }, subset)
    } else {
        let length = subset.len() as i64;
        Stream::new(dictionary! { "Length1" => length }, subset)
    };
    let old_ids = codes.remapper.remapped_gids();
    let texts = old_ids.map(|old| fonts.text_of(font, old));
    let to_unicode = cmap::to_unicode(texts, codes.width);
    let to_unicode = Stream::new(Dictionary::new(), to_unicode);
    if !deflate {
        return Ok(EmbeddedFace { file, to_unicode });
    }
    Ok(EmbeddedFace {
        file: deflated(file),
        to_unicode: deflated(to_unicode),
    })
}

/// `stream` deflated as the file's other streams are (see `super::compress`), and marked
/// done.
fn deflated(mut stream: Stream) -> Stream {
    if let Some(deflated) = super::deflate(&stream.content) {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(deflated);
    }
    stream.with_compression(false)
}

/// The Type 0 font of one face: descendant CID font, descriptor, font file, ToUnicode map.
fn type0(
    doc: &mut Document,
    fonts: &FontUsage,
    font: FontId,
    codes: &FaceCodes,
    embedded: EmbeddedFace,
    name: &str,
    encoding: Object,
) -> ObjectId {
    let face = fonts.face(font);
    let cff = is_cff(fonts, font);
    let file = doc.add_object(embedded.file);
    let mut descriptor = descriptor(face, name);
    descriptor.set(if cff { "FontFile3" } else { "FontFile2" }, file);
    let descriptor = doc.add_object(descriptor);

    // The old id of each new one, in new-id order.
    let widths: Vec<Object> = codes
        .remapper
        .remapped_gids()
        .map(|old| Object::Real(fonts.advance(font, old) as f32))
        .collect();
    let mut cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => if cff { "CIDFontType0" } else { "CIDFontType2" },
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "CIDSystemInfo" => cmap::system_info(),
        "FontDescriptor" => descriptor,
        "DW" => 0,
        "W" => vec![Object::Integer(0), Object::Array(widths)],
    };
    if !cff {
        cid_font.set("CIDToGIDMap", "Identity");
    }
    let cid_font = doc.add_object(cid_font);

    let to_unicode = doc.add_object(embedded.to_unicode);
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(name.as_bytes().to_vec()),
        "Encoding" => encoding,
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
