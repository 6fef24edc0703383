//! Which characters a face has glyphs for, as sorted, disjoint, inclusive ranges of code
//! points. The build script computes the embedded faces' ranges with this same code
//! (build.rs includes this file); a font directory's faces get theirs at run time.

// The parser is the crate root's: rustybuzz's in the crate, the build script's own there.
use super::ttf_parser;

/// Exactly the characters `face.glyph_index` finds, which is what the shaper asks: those
/// some Unicode subtable of the `cmap` maps to a glyph.
pub fn ranges(face: &ttf_parser::Face) -> Vec<(u32, u32)> {
    let mut points = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            subtable.codepoints(|point| {
                if subtable.glyph_index(point).is_some() {
                    points.push(point);
                }
            });
            // A format 4 subtable's closing segment, U+FFFF, is not listed but is looked up
            // (Noto maps it).
            if subtable.glyph_index(0xFFFF).is_some() {
                points.push(0xFFFF);
            }
        }
    }
    points.sort_unstable();
    points.dedup();
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for point in points.into_iter().filter(|&p| char::from_u32(p).is_some()) {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == point => *end = point,
            _ => ranges.push((point, point)),
        }
    }
    ranges
}

/// Whether `c` lies in one of `ranges`.
pub fn contains(ranges: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    let after = ranges.partition_point(|&(first, _)| first <= c);
    after > 0 && c <= ranges[after - 1].1
}
