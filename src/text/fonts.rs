//! The font families: the embedded faces and those a `--font-dir` adds or replaces (see
//! `font_dir`), each parsed only when a build first sets text in it.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::font_dir::FontError;
use super::font_info::FaceInfo;

/// Identifies one face of a [`FontBook`]; also the name the PDF resources use (`F{n}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

/// A typeface family the layout asks for; faces of other scripts stand behind it as fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Serif,
    Sans,
}

/// One font file, parsed.
pub struct Face {
    /// Identifies the font file within this process (the same file, the same key), so
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
    pub(super) fn parse(key: u32, data: &'static [u8]) -> Option<Face> {
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

/// The embedded font files, in [`FontId`] order (`build.rs` names them); their keys are
/// their indices. Each is the face of `fonts/` as `build.rs` prepares it: without hinting, short `name` and `post`
/// (as every subset is cut anyway), its tables in the order a build reads them. A `static`,
/// not a `const`: a constant's bytes were copied into each place that used it, and the
/// binary carried every face twice (docs/performance.md).
pub(super) static EMBEDDED: [&[u8]; 8] = include!(concat!(env!("OUT_DIR"), "/faces.rs"));

/// The length and SHA-256 of each file of `fonts/` the embedded faces are made from, in
/// [`EMBEDDED`]'s order: a font directory's copy of one is that embedded face.
pub(super) static EMBEDDED_ORIGINALS: [(u64, [u8; 32]); 8] =
    include!(concat!(env!("OUT_DIR"), "/originals.rs"));

/// The characters each embedded face covers, in [`EMBEDDED`]'s order, as sorted inclusive
/// ranges: computed from the fonts' `cmap` tables by `build.rs`.
static EMBEDDED_COVERAGE: [&[(u32, u32)]; 8] = include!(concat!(env!("OUT_DIR"), "/coverage.rs"));

/// Where a face comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontSource {
    /// Compiled into the binary.
    Embedded,
    /// A file in a font directory.
    File(PathBuf),
}

/// A font file known to the process: what it is, read when it became known, and its face,
/// parsed when a build first needs it. Kept for the life of the process, so every book that
/// holds the file shares one parse and the shaping caches keyed by [`FontFile::key`] stay warm.
pub(super) struct FontFile {
    pub key: u32,
    pub source: FontSource,
    /// The bytes of an embedded file (a directory's are read when the face is parsed).
    embedded: Option<&'static [u8]>,
    info: OnceLock<FaceInfo>,
    face: OnceLock<Result<Face, FontError>>,
}

impl FontFile {
    fn embedded(key: u32, data: &'static [u8]) -> FontFile {
        FontFile {
            key,
            source: FontSource::Embedded,
            embedded: Some(data),
            info: OnceLock::new(),
            face: OnceLock::new(),
        }
    }

    /// A directory's file, of which `info` was read from its tables.
    pub(super) fn in_dir(key: u32, path: PathBuf, info: FaceInfo) -> FontFile {
        FontFile {
            key,
            source: FontSource::File(path),
            embedded: None,
            info: OnceLock::from(info),
            face: OnceLock::new(),
        }
    }

    pub(super) fn info(&self) -> &FaceInfo {
        // A directory's file has its info from the start; an embedded one's is read from
        // its tables, which parses less than the shaper does.
        self.info.get_or_init(|| {
            let data = self.embedded.unwrap_or_default();
            let face =
                rustybuzz::ttf_parser::Face::parse(data, 0).expect("an embedded face parses");
            FaceInfo::of(&face)
        })
    }

    /// Whether the face has a glyph for `c`, as the shaper's `glyph_index` decides it: a
    /// Unicode subtable of the character map that has one. An embedded face answers from
    /// the table the build script computed, so fallback reads no face's `cmap` (each one
    /// asked used to map 64 KB of the binary; docs/performance.md).
    fn covers(&self, c: char) -> bool {
        if self.embedded.is_none() {
            return self.info().coverage.contains(c);
        }
        super::coverage::contains(EMBEDDED_COVERAGE[self.key as usize], c)
    }

    /// The face, parsed (and, for a directory's file, read and checked) on first use.
    pub(super) fn face(&self) -> Result<&Face, &FontError> {
        self.face
            .get_or_init(|| match (&self.source, self.embedded) {
                (_, Some(data)) => {
                    Ok(Face::parse(self.key, data).expect("an embedded face parses"))
                }
                (FontSource::File(path), None) => super::font_dir::load_face(self.key, path),
                (FontSource::Embedded, None) => unreachable!("an embedded file has its bytes"),
            })
            .as_ref()
    }

    fn is_loaded(&self) -> bool {
        self.face.get().is_some()
    }
}

/// The faces a build sets text with: the embedded ones, or those with a `--font-dir`'s
/// faces in place or added.
pub struct FontBook {
    pub(super) files: Vec<&'static FontFile>,
    /// The faces tried after a style's own, for regular and for bold text.
    pub(super) fallbacks: [Vec<FontId>; 2],
}

impl FontBook {
    /// The embedded fonts; each face is parsed when a build first needs it.
    pub fn embedded() -> &'static FontBook {
        static FILES: OnceLock<Vec<FontFile>> = OnceLock::new();
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            let files = FILES.get_or_init(|| {
                (0..EMBEDDED.len())
                    .map(|i| FontFile::embedded(i as u32, EMBEDDED[i]))
                    .collect()
            });
            FontBook {
                files: files.iter().collect(),
                fallbacks: [
                    vec![FontId(6), FontId(0), FontId(4)],
                    vec![FontId(7), FontId(1), FontId(5)],
                ],
            }
        })
    }

    /// The face `id`, parsed on first use. A directory's face that cannot be loaded is set
    /// as the embedded serif meanwhile, so the layout can finish and
    /// [`FontBook::first_unloadable`] name the file.
    pub fn face(&self, id: FontId) -> &Face {
        match self.load(id) {
            Ok(face) => face,
            Err(_) => FontBook::embedded().face(FontId(0)),
        }
    }

    /// The face `id`, parsed on first use, or why its file cannot be used.
    pub fn load(&self, id: FontId) -> Result<&Face, &FontError> {
        self.files[usize::from(id.0)].face()
    }

    /// The first face among `used` whose file cannot be used, with the reason.
    pub fn first_unloadable(&self, used: impl IntoIterator<Item = FontId>) -> Option<&FontError> {
        used.into_iter().find_map(|id| self.load(id).err())
    }

    /// Whether face `id` has been parsed (by any book holding its file).
    pub fn is_loaded(&self, id: FontId) -> bool {
        self.files[usize::from(id.0)].is_loaded()
    }

    /// Whether face `id` has a glyph for `c`; answered without parsing a directory's face.
    pub fn covers(&self, id: FontId, c: char) -> bool {
        self.files[usize::from(id.0)].covers(c)
    }

    /// The names, style and coverage of face `id`.
    pub fn info(&self, id: FontId) -> &FaceInfo {
        self.files[usize::from(id.0)].info()
    }

    /// Where face `id` comes from.
    pub fn source(&self, id: FontId) -> &FontSource {
        &self.files[usize::from(id.0)].source
    }

    /// How many faces the book holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every face's id, in order.
    pub fn ids(&self) -> impl Iterator<Item = FontId> {
        (0..self.files.len() as u16).map(FontId)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The build script's coverage table says what each embedded face's character map says,
    /// for every character: a face it lists in the wrong order, or a subtable it reads
    /// differently, would change which face sets a character.
    #[test]
    fn coverage_table_agrees_with_each_embedded_cmap() {
        for (key, data) in EMBEDDED.iter().enumerate() {
            let file = FontFile::embedded(key as u32, data);
            let face = rustybuzz::ttf_parser::Face::parse(data, 0).unwrap();
            let cmap = face.tables().cmap.unwrap();
            let covered = |c: char| {
                (cmap.subtables.into_iter())
                    .any(|table| table.is_unicode() && table.glyph_index(u32::from(c)).is_some())
            };
            let mut count = 0;
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                assert_eq!(file.covers(c), covered(c), "face {key}, U+{:04X}", c as u32);
                count += usize::from(covered(c));
            }
            assert!(count > 200, "face {key} covers only {count} characters");
        }
    }
}
