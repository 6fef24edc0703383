//! What is known of a font file before it is parsed for shaping: its names, its style and
//! the characters it covers. For a file in a font directory these come from a few small
//! tables read on their own, so a directory of hundreds of fonts is indexed without reading
//! their outlines (`docs/architecture.md`, Fonts).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use rustybuzz::ttf_parser::{self, name_id};

/// The tables an index reads: those `ttf_parser` needs to parse a face (head, hhea, maxp)
/// and those that say its names, style and coverage.
const INDEXED: [&[u8; 4]; 6] = [b"cmap", b"head", b"hhea", b"maxp", b"name", b"OS/2"];

/// A font file may list at most this many tables (real fonts have about 20).
const MAX_TABLES: usize = 256;

/// The character map's subtables may list at most this many code points between them
/// (every Unicode scalar value in four subtables), so that enumerating them is bounded.
const MAX_MAPPED: u64 = 4 * 0x11_0000;

/// A face's names, style and coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceInfo {
    /// The PostScript name, e.g. `NotoSerif-Regular`: what a face replaces an embedded one by.
    pub postscript_name: String,
    /// The family, e.g. `Noto Serif` (the typographic family where the font names one).
    pub family: String,
    /// The weight class, 100 (thin) to 900 (black); 400 is regular, 700 bold.
    pub weight: u16,
    pub italic: bool,
    /// The width class, 1 (ultra-condensed) to 9 (ultra-expanded); 5 is normal.
    pub width: u16,
    pub coverage: Coverage,
}

impl FaceInfo {
    /// The names, style and coverage of a parsed face.
    pub(super) fn of(face: &ttf_parser::Face) -> FaceInfo {
        let name = |id: u16| {
            face.names()
                .into_iter()
                .filter(|name| name.name_id == id)
                .find_map(|name| name.to_string())
        };
        FaceInfo {
            postscript_name: name(name_id::POST_SCRIPT_NAME).unwrap_or_default(),
            family: name(name_id::TYPOGRAPHIC_FAMILY)
                .or_else(|| name(name_id::FAMILY))
                .unwrap_or_default(),
            weight: face.weight().to_number(),
            italic: face.is_italic() || face.is_oblique(),
            width: face.width().to_number(),
            coverage: Coverage::of(face),
        }
    }

    /// Whether the face is bold enough to stand behind bold text.
    pub fn bold(&self) -> bool {
        self.weight >= 600
    }

    /// Reads the indexed tables of the font file `file` (`len` bytes long) and what they
    /// say; the error says why the file is not a usable font.
    pub(super) fn read(file: &mut File, len: u64) -> Result<FaceInfo, String> {
        let tables = read_tables(file, len)?;
        let face = ttf_parser::Face::parse(&tables, 0).map_err(|err| err.to_string())?;
        let cmap = face.raw_face().table(ttf_parser::Tag::from_bytes(b"cmap"));
        let mapped = cmap.map_or(0, mapped_ranges);
        if mapped > MAX_MAPPED {
            return Err(format!("its character map lists {mapped} code points"));
        }
        Ok(FaceInfo::of(&face))
    }
}

/// The characters a face has glyphs for, as sorted, disjoint ranges of code points.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    ranges: Vec<(u32, u32)>,
}

impl Coverage {
    fn of(face: &ttf_parser::Face) -> Coverage {
        Coverage {
            ranges: super::coverage::ranges(face),
        }
    }

    pub fn contains(&self, c: char) -> bool {
        super::coverage::contains(&self.ranges, c)
    }

    /// Every character covered, in code point order.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.ranges
            .iter()
            .flat_map(|&(start, end)| (start..=end).filter_map(char::from_u32))
    }

    /// How many characters are covered.
    pub fn len(&self) -> usize {
        self.ranges
            .iter()
            .map(|&(start, end)| (end - start + 1) as usize)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

/// How many code points the segmented subtables of a `cmap` table (formats 4, 12 and 13,
/// whose ranges [`Coverage::of`] walks one by one) list between them, counted from their
/// headers without walking them; malformed data counts as nothing (the parser skips it).
fn mapped_ranges(cmap: &[u8]) -> u64 {
    let u16_at = |at: usize| {
        cmap.get(at..at + 2)
            .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        cmap.get(at..at + 4)
            .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut total = 0u64;
    for record in 0..usize::from(u16_at(2)) {
        let table = u32_at(4 + 8 * record + 4) as usize;
        match u16_at(table) {
            4 => {
                let segments = usize::from(u16_at(table + 6) / 2);
                let (ends, starts) = (table + 14, table + 16 + 2 * segments);
                for s in 0..segments {
                    let (start, end) = (u16_at(starts + 2 * s), u16_at(ends + 2 * s));
                    total += u64::from(end.saturating_sub(start)) + 1;
                }
            }
            12 | 13 => {
                let groups = (u32_at(table + 12) as usize).min(cmap.len() / 12);
                for g in 0..groups {
                    let (start, end) = (u32_at(table + 16 + 12 * g), u32_at(table + 20 + 12 * g));
                    total += u64::from(end.saturating_sub(start)) + 1;
                }
            }
            _ => {}
        }
    }
    total
}

/// A font of only the [`INDEXED`] tables of the file, read one by one: the file's outlines
/// and layout tables, most of its bytes, are never read.
fn read_tables(file: &mut File, len: u64) -> Result<Vec<u8>, String> {
    let mut header = [0u8; 12];
    read_at(file, 0, &mut header).map_err(|_| "too short for a font".to_string())?;
    let version = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    match version {
        0x0001_0000 | 0x4F54_544F | 0x7472_7565 => {} // 1.0, 'OTTO', 'true'
        0x7474_6366 => return Err("a font collection (.ttc), which is not supported".into()),
        _ => return Err("no TrueType or OpenType header".into()),
    }
    let count = u16::from_be_bytes([header[4], header[5]]) as usize;
    if count > MAX_TABLES {
        return Err(format!("{count} tables listed; a font has far fewer"));
    }
    let mut records = vec![0u8; 16 * count];
    read_at(file, 12, &mut records).map_err(|_| "its table directory is cut short".to_string())?;
    let mut wanted = Vec::new();
    for record in records.chunks_exact(16) {
        let tag: [u8; 4] = record[0..4].try_into().unwrap_or_default();
        if !INDEXED.contains(&&tag) || wanted.iter().any(|(t, _, _)| *t == tag) {
            continue;
        }
        let offset = u32::from_be_bytes(record[8..12].try_into().unwrap_or_default());
        let length = u32::from_be_bytes(record[12..16].try_into().unwrap_or_default());
        if u64::from(offset) + u64::from(length) > len {
            let tag = String::from_utf8_lossy(&tag).into_owned();
            return Err(format!("its {tag} table runs past the end of the file"));
        }
        wanted.push((tag, offset, length));
    }
    assemble(file, &wanted)
}

/// A font file holding `tables` (tag, offset in `file`, length), each at a 4-byte boundary.
fn assemble(file: &mut File, tables: &[([u8; 4], u32, u32)]) -> Result<Vec<u8>, String> {
    let directory = 12 + 16 * tables.len();
    let mut out = vec![0u8; directory];
    out[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    out[4..6].copy_from_slice(&(tables.len() as u16).to_be_bytes());
    for (i, &(tag, offset, length)) in tables.iter().enumerate() {
        let at = out.len();
        out.resize(at + length as usize, 0);
        read_at(file, offset.into(), &mut out[at..])
            .map_err(|err| format!("cannot read it: {err}"))?;
        out.resize(out.len().next_multiple_of(4), 0);
        let record = &mut out[12 + 16 * i..12 + 16 * (i + 1)];
        record[0..4].copy_from_slice(&tag);
        record[8..12].copy_from_slice(&(at as u32).to_be_bytes());
        record[12..16].copy_from_slice(&length.to_be_bytes());
    }
    Ok(out)
}

fn read_at(file: &mut File, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file of `fonts/` as it is (the embedded face is slimmed and laid out anew).
    fn noto_serif() -> &'static [u8] {
        static FILE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        FILE.get_or_init(|| {
            let dir = env!("CARGO_MANIFEST_DIR");
            std::fs::read(format!("{dir}/fonts/NotoSerif-Regular.ttf")).unwrap()
        })
    }

    #[test]
    fn the_tables_read_alone_say_what_the_whole_file_says() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("NotoSerif-Regular.ttf");
        std::fs::write(&path, noto_serif()).unwrap();
        let mut file = File::open(&path).unwrap();
        let read = FaceInfo::read(&mut file, noto_serif().len() as u64).unwrap();
        let whole = FaceInfo::of(&ttf_parser::Face::parse(noto_serif(), 0).unwrap());
        assert_eq!(read, whole);
        assert_eq!(read.postscript_name, "NotoSerif-Regular");
        assert_eq!(read.family, "Noto Serif");
        assert_eq!((read.weight, read.italic, read.width), (400, false, 5));
        assert!(read.coverage.contains('é') && read.coverage.contains('–'));
        assert!(!read.coverage.contains('ᚠ'));
    }

    #[test]
    fn coverage_is_what_the_shaper_finds() {
        let face = rustybuzz::Face::from_slice(noto_serif(), 0).unwrap();
        let coverage = FaceInfo::of(&face).coverage;
        assert!(coverage.len() > 1000);
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(coverage.contains(c), face.glyph_index(c).is_some(), "{c:?}");
        }
        assert_eq!(coverage.chars().count(), coverage.len());
    }

    #[test]
    fn a_file_that_is_not_a_font_says_why() {
        let dir = tempfile::tempdir().unwrap();
        for (bytes, why) in [
            (&b"OTTO but not really a font"[..], "tables listed"),
            (&b"short"[..], "too short"),
            (&b"<html><body>not a font</body></html>"[..], "no TrueType"),
        ] {
            let path = dir.path().join("x.otf");
            std::fs::write(&path, bytes).unwrap();
            let err = FaceInfo::read(&mut File::open(&path).unwrap(), bytes.len() as u64);
            assert!(err.as_ref().is_err_and(|e| e.contains(why)), "{err:?}");
        }
        let mut cut = noto_serif()[..4000].to_vec();
        cut.extend([0; 8]);
        let path = dir.path().join("cut.ttf");
        std::fs::write(&path, &cut).unwrap();
        let err = FaceInfo::read(&mut File::open(&path).unwrap(), cut.len() as u64);
        assert!(err.is_err_and(|e| e.contains("past the end")));
    }

    #[test]
    fn a_character_map_listing_too_many_code_points_is_counted_without_walking_it() {
        let mut cmap: Vec<u8> = [0u16, 1, 3, 10]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        cmap.extend(12u32.to_be_bytes());
        cmap.extend([12u16, 0].iter().flat_map(|v| v.to_be_bytes()));
        cmap.extend(
            [16 + 12 * 100u32, 0, 100]
                .iter()
                .flat_map(|v| v.to_be_bytes()),
        );
        for _ in 0..100 {
            cmap.extend([0u32, u32::MAX, 0].iter().flat_map(|v| v.to_be_bytes()));
        }
        assert_eq!(mapped_ranges(&cmap), 100 * (1 << 32));
        assert!(mapped_ranges(&cmap) > MAX_MAPPED);
        assert_eq!(mapped_ranges(&cmap[..8]), 0, "cut short: nothing to walk");

        let face = ttf_parser::Face::parse(noto_serif(), 0).unwrap();
        let real = face
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"cmap"))
            .unwrap();
        let mapped = mapped_ranges(real);
        assert!((2000..MAX_MAPPED).contains(&mapped), "{mapped}");
    }
}
