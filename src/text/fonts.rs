//! The embedded font families, parsed once per process.

use std::sync::OnceLock;

/// Identifies one face of the [`FontBook`]; also the name the PDF resources use (`F{n}`).
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
    /// The file as embedded; the renderer subsets it.
    pub data: &'static [u8],
    /// The PostScript name, e.g. `NotoSerif-Regular`.
    pub name: &'static str,
    pub shaper: rustybuzz::Face<'static>,
    pub units_per_em: f32,
    /// Ascender and descender (negative) as fractions of the em, from the hhea table.
    pub ascender: f32,
    pub descender: f32,
    /// The space and the hyphen, looked up once: every line needs them.
    pub space: GlyphMetrics,
    pub hyphen: GlyphMetrics,
}

/// A glyph's id and advance width, as a fraction of the em.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GlyphMetrics {
    pub id: u16,
    pub advance: f32,
}

impl Face {
    fn parse(id: u8, name: &'static str, data: &'static [u8]) -> Face {
        let shaper = rustybuzz::Face::from_slice(data, 0).expect("embedded font parses");
        let units_per_em = shaper.units_per_em() as f32;
        let metrics = |c: char| {
            let glyph = shaper.glyph_index(c).unwrap_or_default();
            let advance = shaper.glyph_hor_advance(glyph).unwrap_or_default();
            GlyphMetrics {
                id: glyph.0,
                advance: advance as f32 / units_per_em,
            }
        };
        Face {
            id: FontId(id),
            data,
            name,
            ascender: shaper.ascender() as f32 / units_per_em,
            descender: shaper.descender() as f32 / units_per_em,
            space: metrics(' '),
            hyphen: metrics('-'),
            units_per_em,
            shaper,
        }
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_bytes!(concat!("../../fonts/", $name, ".ttf")) as &'static [u8])),*]
    };
}

/// The faces, in [`FontId`] order.
const FILES: [(&str, &[u8]); 8] = embedded![
    "NotoSerif-Regular",
    "NotoSerif-Bold",
    "NotoSerif-Italic",
    "NotoSerif-BoldItalic",
    "NotoSans-Regular",
    "NotoSans-Bold",
    "NotoSansDevanagari-Regular",
    "NotoSansDevanagari-Bold",
];

/// Every embedded face.
pub struct FontBook {
    faces: Vec<Face>,
}

impl FontBook {
    /// The embedded fonts, parsed on first use.
    pub fn embedded() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| FontBook {
            faces: FILES
                .iter()
                .enumerate()
                .map(|(i, (name, data))| Face::parse(i as u8, name, data))
                .collect(),
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
    pub fn fallbacks(&self, bold: bool) -> [FontId; 3] {
        if bold {
            [FontId(7), FontId(1), FontId(5)]
        } else {
            [FontId(6), FontId(0), FontId(4)]
        }
    }
}
