//! The font families: the embedded faces, parsed once per process, and the faces a
//! `--font-dir` adds or replaces (see `font_dir`).

use std::sync::OnceLock;

/// Identifies one face of a [`FontBook`]; also the name the PDF resources use (`F{n}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u8);

/// A typeface family the layout asks for; faces of other scripts stand behind it as fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Serif,
    Sans,
}

/// One font file, parsed.
pub struct Face {
    pub id: FontId,
    /// Identifies the font file's bytes within this process (equal bytes, equal key), so
    /// caches can outlive a book; never part of the output.
    pub key: u32,
    /// The file; the renderer subsets it.
    pub data: &'static [u8],
    /// The PostScript name, e.g. `NotoSerif-Regular`.
    pub name: String,
    pub shaper: rustybuzz::Face<'static>,
    pub units_per_em: f32,
    /// Ascender and descender (negative) as fractions of the em, from the hhea table.
    pub ascender: f32,
    pub descender: f32,
    /// The space and the hyphen, looked up once: every line needs them.
    pub space: GlyphMetrics,
    pub hyphen: GlyphMetrics,
    pub bold: bool,
}

/// A glyph's id and advance width, as a fraction of the em.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GlyphMetrics {
    pub id: u16,
    pub advance: f32,
}

impl Face {
    /// Parses a font file; `None` if it is not a TrueType or OpenType font with a usable
    /// em size.
    pub(super) fn parse(id: FontId, key: u32, data: &'static [u8]) -> Option<Face> {
        let shaper = rustybuzz::Face::from_slice(data, 0)?;
        if shaper.units_per_em() <= 0 {
            return None;
        }
        let units_per_em = shaper.units_per_em() as f32;
        let metrics = |c: char| {
            let glyph = shaper.glyph_index(c).unwrap_or_default();
            let advance = shaper.glyph_hor_advance(glyph).unwrap_or_default();
            GlyphMetrics {
                id: glyph.0,
                advance: advance as f32 / units_per_em,
            }
        };
        let name = shaper
            .names()
            .into_iter()
            .filter(|name| name.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|name| name.to_string())
            .unwrap_or_default();
        Some(Face {
            id,
            key,
            data,
            name,
            ascender: shaper.ascender() as f32 / units_per_em,
            descender: shaper.descender() as f32 / units_per_em,
            space: metrics(' '),
            hyphen: metrics('-'),
            bold: shaper.is_bold(),
            units_per_em,
            shaper,
        })
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        [$(include_bytes!(concat!("../../fonts/", $name, ".ttf")) as &'static [u8]),*]
    };
}

/// The embedded font files, in [`FontId`] order; their keys are their indices.
pub(super) const EMBEDDED: [&[u8]; 8] = embedded![
    "NotoSerif-Regular",
    "NotoSerif-Bold",
    "NotoSerif-Italic",
    "NotoSerif-BoldItalic",
    "NotoSans-Regular",
    "NotoSans-Bold",
    "NotoSansDevanagari-Regular",
    "NotoSansDevanagari-Bold",
];

/// The faces a build sets text with: the embedded ones, or those with a `--font-dir`'s
/// faces in place or added.
pub struct FontBook {
    pub(super) faces: Vec<Face>,
    /// The faces tried after a style's own, for regular and for bold text.
    pub(super) fallbacks: [Vec<FontId>; 2],
}

impl FontBook {
    /// The embedded fonts, parsed on first use.
    pub fn embedded() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| FontBook {
            faces: EMBEDDED
                .iter()
                .enumerate()
                .map(|(i, data)| {
                    Face::parse(FontId(i as u8), i as u32, data).expect("embedded font parses")
                })
                .collect(),
            fallbacks: [
                vec![FontId(6), FontId(0), FontId(4)],
                vec![FontId(7), FontId(1), FontId(5)],
            ],
        })
    }

    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[id.0 as usize]
    }

    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The primary face for a family and style. Sans has no italic: it falls back to upright.
    pub fn primary(&self, family: Family, bold: bool, italic: bool) -> FontId {
        FontId(match (family, bold, italic) {
            (Family::Serif, false, false) => 0,
            (Family::Serif, true, false) => 1,
            (Family::Serif, false, true) => 2,
            (Family::Serif, true, true) => 3,
            (Family::Sans, false, _) => 4,
            (Family::Sans, true, _) => 5,
        })
    }

    /// The faces tried, in order, for a character the primary face lacks.
    pub fn fallbacks(&self, bold: bool) -> &[FontId] {
        &self.fallbacks[usize::from(bold)]
    }
}
