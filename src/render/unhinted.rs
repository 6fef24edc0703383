//! TrueType fonts without their hinting programs.
//!
//! Hinting (the `fpgm`, `prep` and `cvt ` tables and each glyph's instructions) grid-fits
//! outlines for small sizes on screens; PDF viewers scale and anti-alias outlines and mostly
//! ignore it, yet in the Noto subsets of a short document it is a third of the bytes. The
//! outlines themselves are copied unchanged. Anything not understood leaves the font as it
//! was (`None`), since a user's font may be malformed.

/// Tables that only serve hinting.
const HINTING: [&[u8; 4]; 6] = [b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX"];

/// `font` (a TrueType file) without hinting, or `None` if it has none or cannot be read.
pub fn without_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let tables = directory(font)?;
    let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).map(|t| t.data);
    if !HINTING.iter().any(|tag| table(tag).is_some()) {
        return None;
    }
    let head = table(b"head")?;
    let long_offsets = match u16_at(head, 50)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let glyphs = u16_at(table(b"maxp")?, 4)? as usize;
    let (glyf, loca) = strip_glyphs(table(b"glyf")?, table(b"loca")?, glyphs, long_offsets)?;
    let kept = tables
        .iter()
        .filter(|t| !HINTING.contains(&&t.tag))
        .map(|t| match &t.tag {
            b"glyf" => (t.tag, glyf.clone()),
            b"loca" => (t.tag, loca.clone()),
            b"maxp" => (t.tag, without_instruction_limits(t.data)),
            _ => (t.tag, t.data.to_vec()),
        })
        .collect();
    Some(assemble(u32_at(font, 0)?, kept))
}

struct Table<'a> {
    tag: [u8; 4],
    data: &'a [u8],
}

fn directory(font: &[u8]) -> Option<Vec<Table<'_>>> {
    if u32_at(font, 0)? != 0x0001_0000 && font.get(..4)? != b"true" {
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

    #[test]
    fn every_embedded_face_keeps_every_outline_and_loses_its_hinting() {
        let book = FontBook::embedded();
        for face in book.ids().map(|id| book.face(id)) {
            let stripped = without_hinting(face.data).expect("Noto is hinted");
            assert!(stripped.len() < face.data.len(), "{}", face.name);
            let before = Face::parse(face.data, 0).unwrap();
            let after = Face::parse(&stripped, 0).expect("still a font");
            assert_eq!(after.number_of_glyphs(), before.number_of_glyphs());
            for glyph in 0..before.number_of_glyphs() {
                assert_eq!(
                    outline(&after, glyph),
                    outline(&before, glyph),
                    "{}",
                    face.name
                );
            }
            let tables = directory(&stripped).unwrap();
            assert!(tables.iter().all(|t| !HINTING.contains(&&t.tag)));
            assert_eq!(without_hinting(&stripped), None, "nothing left to strip");
            assert_eq!(checksum(&stripped), 0xB1B0_AFBA, "{}", face.name);
        }
    }

    #[test]
    fn broken_fonts_are_left_alone() {
        let data = FontBook::embedded().face(crate::text::FontId(0)).data;
        for cut in [0, 4, 12, 100, 1000, data.len() / 2] {
            let _ = without_hinting(&data[..cut]);
        }
        assert_eq!(without_hinting(b"OTTO"), None);
        assert_eq!(without_hinting(&[]), None);
    }
}
