//! The character codes content streams write for glyphs.
//!
//! Each face is subset (see [`font_files`](super::font_files)) and its glyphs renumbered;
//! the new glyph id is the CID and the code. A subset of at most 256 glyphs is written with
//! one-byte codes (an embedded CMap, see [`cmap`](super::cmap)), which halves the bytes of
//! every string a content stream shows; a larger one with the two-byte `Identity-H`.
//!
//! With one-byte codes the space glyph is given code 32 where the subset is large enough,
//! so that `Tw` (word spacing, which PDF applies to the single-byte code 32 alone) widens
//! every word space of a justified line at once, instead of a `TJ` number after each.

use std::collections::BTreeMap;

use subsetter::GlyphRemapper;

use super::fonts::FontUsage;
use crate::text::FontId;

/// The code `Tw` applies to (ISO 32000-1, 9.3.3).
pub const WORD_SPACE: u16 = 32;

/// The most glyphs a subset may have for one-byte codes.
const ONE_BYTE_GLYPHS: usize = 256;

/// How a face's codes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeWidth {
    /// One byte: an embedded CMap maps code `c` to CID `c`.
    One,
    /// Two bytes, `Identity-H`.
    Two,
}

/// What `Tw` does to a face's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordSpacing {
    /// Code 32 is the space glyph: `Tw` is the word spacing.
    SpaceGlyph,
    /// Code 32 is another glyph: `Tw` must be 0 while this face is shown.
    AnotherGlyph,
    /// No one-byte code 32 is ever shown: `Tw` does nothing.
    Nothing,
}

/// One face's codes: the renumbering of its glyphs, and how they are written.
pub struct FaceCodes {
    pub remapper: GlyphRemapper,
    pub width: CodeWidth,
    pub word_spacing: WordSpacing,
    /// What the content stream needs of each glyph, by code.
    glyphs: Vec<Coded>,
    /// The text each code maps to in the ToUnicode CMap, by code.
    texts: Vec<String>,
    /// Each glyph id's code plus one (0: not in the subset): a content stream looks up every
    /// glyph it shows, and the remapper's map costs a hash per glyph.
    by_glyph: Vec<u16>,
}

/// A glyph as a content stream shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coded {
    pub code: u16,
    /// The advance `/W` gives it, in thousandths of an em.
    pub advance: f64,
    /// It shows nothing (a space), so where it sits does not matter.
    pub blank: bool,
}

impl FaceCodes {
    /// The codes of `font`'s glyphs in `fonts`: glyph 0, then the others in id order, with
    /// the space moved to [`WORD_SPACE`] when one-byte codes reach it. The same glyphs always
    /// get the same codes.
    pub fn of(fonts: &FontUsage, font: FontId) -> FaceCodes {
        let mut order: Vec<u16> = std::iter::once(0)
            .chain(
                fonts
                    .glyphs(font)
                    .map(|(gid, _)| gid)
                    .filter(|&gid| gid != 0),
            )
            .collect();
        let width = if order.len() <= ONE_BYTE_GLYPHS {
            CodeWidth::One
        } else {
            CodeWidth::Two
        };
        let space = usize::from(WORD_SPACE);
        let mut word_spacing = WordSpacing::Nothing;
        if width == CodeWidth::One && order.len() > space {
            word_spacing = WordSpacing::AnotherGlyph;
            let is_space = |&gid: &u16| fonts.text_of(font, gid) == " ";
            if let Some(at) = order.iter().position(is_space) {
                let gid = order.remove(at);
                order.insert(space, gid);
                word_spacing = WordSpacing::SpaceGlyph;
            }
        }
        let mut remapper = GlyphRemapper::new();
        let last = order.iter().copied().max().unwrap_or(0);
        let mut by_glyph = vec![0; usize::from(last) + 1];
        let glyphs = order
            .iter()
            .map(|&gid| {
                let code = remapper.remap(gid);
                by_glyph[usize::from(gid)] = code.saturating_add(1);
                Coded {
                    code,
                    advance: fonts.advance(font, gid),
                    blank: fonts.is_blank(font, gid),
                }
            })
            .collect();
        let texts = order
            .iter()
            .map(|&gid| fonts.text_of(font, gid).to_string())
            .collect();
        FaceCodes {
            remapper,
            width,
            word_spacing,
            glyphs,
            texts,
            by_glyph,
        }
    }
}

/// For each face, the code the content stream writes for each glyph id.
pub struct GlyphCodes {
    pub faces: BTreeMap<FontId, FaceCodes>,
}

impl GlyphCodes {
    /// Glyph `gid` of `font` as it is shown, if the subset has it.
    pub fn coded(&self, font: FontId, gid: u16) -> Option<Coded> {
        let face = self.faces.get(&font)?;
        let code = face.by_glyph.get(usize::from(gid))?.checked_sub(1)?;
        face.glyphs.get(usize::from(code)).copied()
    }

    /// The text code `code` of `font` maps to in the ToUnicode CMap ("" for none).
    pub fn text(&self, font: FontId, code: u16) -> &str {
        self.faces
            .get(&font)
            .and_then(|face| face.texts.get(usize::from(code)))
            .map_or("", String::as_str)
    }

    pub fn width(&self, font: FontId) -> CodeWidth {
        self.faces
            .get(&font)
            .map_or(CodeWidth::Two, |face| face.width)
    }

    pub fn word_spacing(&self, font: FontId) -> WordSpacing {
        self.faces
            .get(&font)
            .map_or(WordSpacing::Nothing, |face| face.word_spacing)
    }
}
