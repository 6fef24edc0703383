//! Font subsets cut down to what a PDF viewer reads.
//!
//! - TrueType hinting (the `fpgm`, `prep` and `cvt ` tables and each glyph's instructions)
//!   grid-fits outlines for small sizes on screens; PDF viewers scale and anti-alias outlines
//!   and mostly ignore it, yet in the Noto subsets of a short document it is a third of the
//!   bytes. The outlines themselves are copied unchanged.
//! - `name` keeps the copyright notice, family, style and PostScript name (one Windows
//!   Unicode record each) and `post` keeps its header without glyph names (format 3). A
//!   CIDFontType2 needs neither table (ISO 32000-1, 9.9, table 126); viewers draw its glyphs
//!   by id. The long records (license text, designer, vendor URLs, version string) were a
//!   sixth of each Noto subset (see docs/performance.md).
//!
//! Anything not understood leaves the font as it was (`None`), since a user's font may be
//! malformed.

/// Tables that only serve hinting.
const HINTING: [&[u8; 4]; 6] = [b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX"];

/// The `name` records kept: copyright, family, subfamily (style), PostScript name.
const NAMES_KEPT: [u16; 4] = [0, 1, 2, 6];

/// Windows platform, Unicode BMP encoding, US English: the records every font carries.
const WINDOWS_UNICODE_ENGLISH: (u16, u16, u16) = (3, 1, 0x409);

/// `font` (a TrueType file, or an OpenType one with CFF outlines) without hinting and with
/// short `name` and `post` tables, or `None` if there is nothing to cut or it cannot be read.
pub fn slimmed(font: &[u8]) -> Option<Vec<u8>> {
    let version = u32_at(font, 0)?;
    let tables = directory(font)?;
    let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).map(|t| t.data);
    let hinted = version != CFF_VERSION && HINTING.iter().any(|tag| table(tag).is_some());
    let outlines = if hinted {
        let head = table(b"head")?;
        let long_offsets = match u16_at(head, 50)? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let glyphs = u16_at(table(b"maxp")?, 4)? as usize;
        Some(strip_glyphs(
            table(b"glyf")?,
            table(b"loca")?,
            glyphs,
            long_offsets,
        )?)
    } else {
        None
    };
    let name = table(b"name").and_then(short_name);
    let post = table(b"post").and_then(post_without_names);
    if outlines.is_none() && name.is_none() && post.is_none() {
        return None;
    }
    let kept = tables
        .iter()
        .filter(|t| !(hinted && HINTING.contains(&&t.tag)))
        .map(|t| {
            let data = match (&t.tag, &outlines, &name, &post) {
                (b"glyf", Some((glyf, _)), _, _) => glyf.clone(),
                (b"loca", Some((_, loca)), _, _) => loca.clone(),
                (b"maxp", Some(_), _, _) => without_instruction_limits(t.data),
                (b"name", _, Some(name), _) => name.clone(),
                (b"post", _, _, Some(post)) => post.clone(),
                _ => t.data.to_vec(),
            };
            (t.tag, data)
        })
        .collect();
    Some(assemble(version, kept))
}

/// The sfnt version of OpenType fonts with CFF outlines, `OTTO`.
const CFF_VERSION: u32 = 0x4F54_544F;

/// A `name` table (format 0) with only the [`NAMES_KEPT`] records in Windows Unicode
/// English, or `None` if the table cannot be read or has none of them.
fn short_name(name: &[u8]) -> Option<Vec<u8>> {
    let count = u16_at(name, 2)? as usize;
    let storage = u16_at(name, 4)? as usize;
    let mut kept: Vec<(u16, &[u8])> = Vec::new();
    for i in 0..count {
        let record = name.get(6 + 12 * i..18 + 12 * i)?;
        let field = |at: usize| u16_at(record, at);
        let (platform, encoding, language, id) = (field(0)?, field(2)?, field(4)?, field(6)?);
        if (platform, encoding, language) != WINDOWS_UNICODE_ENGLISH || !NAMES_KEPT.contains(&id) {
            continue;
        }
        let start = storage.checked_add(field(10)? as usize)?;
        let text = name.get(start..start.checked_add(field(8)? as usize)?)?;
        if !kept.iter().any(|(kept_id, _)| *kept_id == id) {
            kept.push((id, text));
        }
    }
    if kept.is_empty() {
        return None;
    }
    // Records sorted by platform, encoding, language and then name id, as the format asks.
    kept.sort_by_key(|(id, _)| *id);
    let mut out = Vec::new();
    let storage = 6 + 12 * kept.len();
    out.extend(0u16.to_be_bytes());
    out.extend((kept.len() as u16).to_be_bytes());
    out.extend((storage as u16).to_be_bytes());
    let (platform, encoding, language) = WINDOWS_UNICODE_ENGLISH;
    let mut offset = 0usize;
    for (id, text) in &kept {
        for value in [platform, encoding, language, *id, text.len() as u16] {
            out.extend(value.to_be_bytes());
        }
        out.extend(u16::try_from(offset).ok()?.to_be_bytes());
        offset += text.len();
    }
    for (_, text) in &kept {
        out.extend(*text);
    }
    (out.len() < name.len()).then_some(out)
}

/// `post` as format 3: its header (italic angle, underline, fixed pitch) without glyph
/// names; `None` if it already is, or is too short to be a `post` table.
fn post_without_names(post: &[u8]) -> Option<Vec<u8>> {
    const HEADER: usize = 32;
    const FORMAT_3: u32 = 0x0003_0000;
    if post.len() < HEADER || (u32_at(post, 0)? == FORMAT_3 && post.len() == HEADER) {
        return None;
    }
    let mut out = post[..HEADER].to_vec();
    out[..4].copy_from_slice(&FORMAT_3.to_be_bytes());
    // The memory hints of Type 42 printing describe the full font.
    out[16..].fill(0);
    Some(out)
}

struct Table<'a> {
    tag: [u8; 4],
    data: &'a [u8],
}

fn directory(font: &[u8]) -> Option<Vec<Table<'_>>> {
    let version = u32_at(font, 0)?;
    if version != 0x0001_0000 && version != CFF_VERSION && font.get(..4)? != b"true" {
        return None;
    }
    let count = u16_at(font, 4)? as usize;
    (0..count)
        .map(|i| {
            let record = font.get(12 + 16 * i..28 + 16 * i)?;
            let offset = u32_at(record, 8)? as usize;
            let length = u32_at(record, 12)? as usize;
            Some(Table {
                tag: record[..4].try_into().ok()?,
                data: font.get(offset..offset.checked_add(length)?)?,
            })
        })
        .collect()
}

/// `glyf` with every glyph's instructions removed, and the `loca` that indexes it.
fn strip_glyphs(
    glyf: &[u8],
    loca: &[u8],
    glyphs: usize,
    long_offsets: bool,
) -> Option<(Vec<u8>, Vec<u8>)> {
    let offset = |i: usize| -> Option<usize> {
        if long_offsets {
            Some(u32_at(loca, 4 * i)? as usize)
        } else {
            Some(u16_at(loca, 2 * i)? as usize * 2)
        }
    };
    let mut out = Vec::with_capacity(glyf.len());
    let mut starts = Vec::with_capacity(glyphs + 1);
    for i in 0..glyphs {
        starts.push(out.len());
        let glyph = glyf.get(offset(i)?..offset(i + 1)?)?;
        if !glyph.is_empty() {
            out.extend(strip_glyph(glyph)?);
        }
        // Short offsets count words; long ones are kept aligned the same way.
        if out.len() % 2 == 1 {
            out.push(0);
        }
    }
    starts.push(out.len());
    let loca = if long_offsets {
        starts
            .iter()
            .flat_map(|&s| (s as u32).to_be_bytes())
            .collect()
    } else {
        let words: Option<Vec<u16>> = starts.iter().map(|&s| u16::try_from(s / 2).ok()).collect();
        words?.iter().flat_map(|w| w.to_be_bytes()).collect()
    };
    Some((out, loca))
}

/// One glyph without its instructions.
fn strip_glyph(glyph: &[u8]) -> Option<Vec<u8>> {
    let contours = u16_at(glyph, 0)? as i16;
    if contours >= 0 {
        // Header, end points of contours, instruction length, instructions, then points.
        let at = 10 + 2 * contours as usize;
        let length = u16_at(glyph, at)? as usize;
        let points = glyph.get(at + 2 + length..)?;
        let mut out = glyph.get(..at)?.to_vec();
        out.extend([0, 0]);
        out.extend(points);
        return Some(out);
    }
    // A composite: component records, then instructions if the last record says so.
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAS_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAS_XY_SCALE: u16 = 0x0040;
    const HAS_TWO_BY_TWO: u16 = 0x0080;
    const HAS_INSTRUCTIONS: u16 = 0x0100;
    let mut out = glyph.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        let mut size = 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        size += match () {
            _ if flags & HAS_SCALE != 0 => 2,
            _ if flags & HAS_XY_SCALE != 0 => 4,
            _ if flags & HAS_TWO_BY_TWO != 0 => 8,
            _ => 0,
        };
        let record = glyph.get(at..at + size)?;
        out.extend((flags & !HAS_INSTRUCTIONS).to_be_bytes());
        out.extend(&record[2..]);
        at += size;
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

/// `maxp` with the limits that only instructions use set to zero.
fn without_instruction_limits(maxp: &[u8]) -> Vec<u8> {
    let mut maxp = maxp.to_vec();
    // maxZones (1 is the least allowed), maxTwilightPoints, maxStorage, maxFunctionDefs,
    // maxInstructionDefs, maxStackElements, maxSizeOfInstructions.
    if maxp.len() >= 32 && u32_at(&maxp, 0) == Some(0x0001_0000) {
        maxp[14..16].copy_from_slice(&1u16.to_be_bytes());
        maxp[16..28].fill(0);
    }
    maxp
}

/// An sfnt of `tables`, each 4-byte aligned, with correct checksums.
fn assemble(version: u32, mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|table| table.0);
    let count = tables.len() as u16;
    let power = 1u16 << (15 - count.max(1).leading_zeros() as u16);
    let mut out = Vec::new();
    out.extend(version.to_be_bytes());
    out.extend(count.to_be_bytes());
    out.extend((power * 16).to_be_bytes());
    out.extend((power.trailing_zeros() as u16).to_be_bytes());
    out.extend((count * 16 - power * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset);
        }
        out.extend(*tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FontBook;
    use rustybuzz::ttf_parser::{Face, GlyphId, OutlineBuilder};

    #[derive(Default, PartialEq, Debug)]
    struct Path(Vec<(char, [i32; 6])>);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', [x as i32, y as i32, 0, 0, 0, 0]));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', [x as i32, y as i32, 0, 0, 0, 0]));
        }
        fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
            self.0
                .push(('Q', [a as i32, b as i32, x as i32, y as i32, 0, 0]));
        }
        fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
            let all = [a, b, c, d, x, y].map(|v| v as i32);
            self.0.push(('C', all));
        }
        fn close(&mut self) {
            self.0.push(('Z', [0; 6]));
        }
    }

    fn outline(face: &Face, glyph: u16) -> (Path, Option<u16>) {
        let mut path = Path::default();
        face.outline_glyph(GlyphId(glyph), &mut path);
        (path, face.glyph_hor_advance(GlyphId(glyph)))
    }

    /// The Noto files of `fonts/` as they are (the embedded faces are already slimmed by
    /// `build.rs`), with their PostScript names.
    fn noto_files() -> Vec<(String, Vec<u8>)> {
        let book = FontBook::embedded();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        book.ids()
            .map(|id| {
                let name = book.face(id).name.clone();
                let data = std::fs::read(dir.join(format!("{name}.ttf"))).unwrap();
                (name, data)
            })
            .collect()
    }

    #[test]
    fn every_noto_face_keeps_every_outline_and_loses_its_hinting() {
        for (name, data) in noto_files() {
            let stripped = slimmed(&data).expect("Noto is hinted");
            assert!(stripped.len() < data.len(), "{name}");
            let before = Face::parse(&data, 0).unwrap();
            let after = Face::parse(&stripped, 0).expect("still a font");
            assert_eq!(after.number_of_glyphs(), before.number_of_glyphs());
            for glyph in 0..before.number_of_glyphs() {
                assert_eq!(outline(&after, glyph), outline(&before, glyph), "{name}");
            }
            let tables = directory(&stripped).unwrap();
            assert!(tables.iter().all(|t| !HINTING.contains(&&t.tag)));
            assert_eq!(slimmed(&stripped), None, "nothing left to cut");
            assert_eq!(checksum(&stripped), 0xB1B0_AFBA, "{name}");
        }
    }

    /// The embedded faces are the files of `fonts/` slimmed (their tables laid out in
    /// another order): the same tables, byte for byte, and nothing left to cut.
    #[test]
    fn each_embedded_face_is_its_file_slimmed() {
        let book = FontBook::embedded();
        for ((name, data), id) in noto_files().into_iter().zip(book.ids()) {
            let embedded = book.face(id).data;
            let slim = slimmed(&data).unwrap();
            let tables = |font: &[u8]| -> Vec<([u8; 4], Vec<u8>)> {
                let mut tables: Vec<_> = directory(font)
                    .unwrap()
                    .into_iter()
                    .map(|t| (t.tag, t.data.to_vec()))
                    .collect();
                tables.sort();
                tables
            };
            assert_eq!(tables(embedded), tables(&slim), "{name}");
            assert_eq!(slimmed(embedded), None, "{name}: nothing left to cut");
        }
    }

    #[test]
    fn broken_fonts_are_left_alone() {
        let data = FontBook::embedded().face(crate::text::FontId(0)).data;
        for cut in [0, 4, 12, 100, 1000, data.len() / 2] {
            let _ = slimmed(&data[..cut]);
        }
        assert_eq!(slimmed(b"OTTO"), None);
        assert_eq!(slimmed(&[]), None);
    }

    #[test]
    fn names_are_cut_to_copyright_family_style_and_postscript_name() {
        for (name, data) in noto_files() {
            let slim = slimmed(&data).expect("Noto has long names");
            let before = Face::parse(&data, 0).unwrap();
            let after = Face::parse(&slim, 0).expect("still a font");
            let names = |face: &Face| -> Vec<(u16, String)> {
                face.names()
                    .into_iter()
                    .filter_map(|name| Some((name.name_id, name.to_string()?)))
                    .collect()
            };
            let kept: Vec<(u16, String)> = names(&before)
                .into_iter()
                .filter(|(id, _)| NAMES_KEPT.contains(id))
                .collect();
            assert_eq!(names(&after), kept, "{name}");
            assert_eq!(kept.len(), 4, "{name}");
            assert!(kept[0].1.starts_with("Copyright"), "{kept:?}");
            assert_eq!(kept[3].1, name);

            let post = directory(&slim)
                .unwrap()
                .into_iter()
                .find(|t| &t.tag == b"post")
                .unwrap();
            assert_eq!(post.data.len(), 32);
            assert_eq!(after.italic_angle(), before.italic_angle(), "{name}");
            assert_eq!(after.underline_metrics(), before.underline_metrics());
            assert_eq!(after.is_monospaced(), before.is_monospaced());
            assert_eq!(after.glyph_name(GlyphId(1)), None, "no glyph names");
        }
    }

    #[test]
    fn an_unreadable_name_table_is_kept() {
        assert_eq!(short_name(&[0, 0, 0, 1, 0, 18]), None);
        assert_eq!(short_name(&[]), None);
        assert_eq!(post_without_names(&[0; 31]), None);
    }
}
