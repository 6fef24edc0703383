//! Prepares the embedded fonts of `fonts/` for the binary (docs/performance.md, startup):
//!
//! - each face is cut as the renderer cuts its subsets (`src/render/slim.rs`: no hinting,
//!   short `name`, `post` without glyph names), which gives the same subsets byte for byte
//!   and takes a third of each face's bytes away;
//! - its tables are laid out in the order a build reads them, the small ones every build
//!   touches first and the outlines last, so a build maps fewer of the binary's pages;
//! - which characters each face has a glyph for is written as a table, so font fallback
//!   answers "does this face cover `c`?" without reading any face's `cmap` at run time;
//! - each file's length and SHA-256, so a font directory holding a copy of `fonts/` is
//!   known to hold the embedded faces.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};
// Named here for the included `coverage` module, which finds it as `super::ttf_parser`.
#[allow(clippy::single_component_path_imports)]
use ttf_parser;

// The renderer's own code, so a face is cut here exactly as its subsets are at run time.
#[path = "src/render/slim.rs"]
mod slim;

// The text stage's own code, so the table answers as a font directory's face does.
#[path = "src/text/coverage.rs"]
#[allow(dead_code)] // `contains` is the crate's
mod coverage;

/// The embedded faces, in `FontId` order: `EMBEDDED` in src/text/fonts.rs includes them as
/// `faces.rs` lists them (a unit test there checks the coverage table against each face's
/// `cmap`, character by character).
const FACES: [&str; 8] = [
    "NotoSerif-Regular",
    "NotoSerif-Bold",
    "NotoSerif-Italic",
    "NotoSerif-BoldItalic",
    "NotoSans-Regular",
    "NotoSans-Bold",
    "NotoSansDevanagari-Regular",
    "NotoSansDevanagari-Bold",
];

/// Tables a build reads of every face it sets text in (parsing, shaping, subsetting), laid
/// out first in this order; other tables follow, and `glyf`, of which a build reads only the
/// glyphs it draws, comes last.
const READ_FIRST: [&[u8; 4]; 12] = [
    b"head", b"hhea", b"maxp", b"OS/2", b"post", b"name", b"cmap", b"hmtx", b"loca", b"GDEF",
    b"GSUB", b"GPOS",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut coverage_table = String::from("[\n");
    let mut originals = String::from("[\n");
    let mut faces = String::from("[\n");
    for name in FACES {
        let path = format!("fonts/{name}.ttf");
        println!("cargo:rerun-if-changed={path}");
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let face = ttf_parser::Face::parse(&data, 0).unwrap_or_else(|e| panic!("{path}: {e}"));
        let ranges = coverage::ranges(&face);
        coverage_table.push_str("    &[");
        for (first, last) in ranges {
            write!(coverage_table, "({first}, {last}),").expect("writing to a String");
        }
        coverage_table.push_str("],\n");
        let digest: [u8; 32] = Sha256::digest(&data).into();
        writeln!(originals, "    ({}, {digest:?}),", data.len()).expect("writing to a String");
        let slimmed = slim::slimmed(&data).unwrap_or(data);
        let laid_out = reordered(&slimmed).unwrap_or_else(|| panic!("{path}: unreadable"));
        let written = Path::new(&out).join(format!("{name}.ttf"));
        std::fs::write(&written, laid_out).expect("OUT_DIR is writable");
        writeln!(faces, "    include_bytes!({:?}) as &'static [u8],", written)
            .expect("writing to a String");
    }
    coverage_table.push(']');
    originals.push(']');
    faces.push(']');
    let tables = [
        ("coverage.rs", coverage_table),
        ("originals.rs", originals),
        ("faces.rs", faces),
    ];
    for (file, text) in tables {
        std::fs::write(Path::new(&out).join(file), text).expect("OUT_DIR is writable");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/render/slim.rs");
    println!("cargo:rerun-if-changed=src/text/coverage.rs");
}

/// `font` with its tables' data in [`READ_FIRST`] order, `glyf` last; the directory (in tag
/// order, as the format asks) and each table's bytes and checksum are unchanged. The
/// whole file's `head.checkSumAdjustment` is left as it was, stale: nothing reads it (the
/// subsets cut from these faces come out byte for byte as from the original files).
fn reordered(font: &[u8]) -> Option<Vec<u8>> {
    let be16 = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let be32 = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    let count = usize::from(be16(4)?);
    let records = 12 + 16 * count;
    let mut tables = (0..count)
        .map(|i| {
            let record = 12 + 16 * i;
            let (offset, length) = (be32(record + 8)? as usize, be32(record + 12)? as usize);
            Some((record, font.get(record..record + 4)?, offset, length))
        })
        .collect::<Option<Vec<_>>>()?;
    let rank = |tag: &[u8]| match READ_FIRST.iter().position(|first| first[..] == *tag) {
        Some(at) => at,
        None if tag == b"glyf" => READ_FIRST.len() + 1,
        None => READ_FIRST.len(),
    };
    tables.sort_by_key(|&(record, tag, ..)| (rank(tag), record));
    let mut out = font.get(..records)?.to_vec();
    for (record, _, offset, length) in tables {
        let at = out.len() as u32;
        out[record + 8..record + 12].copy_from_slice(&at.to_be_bytes());
        out.extend(font.get(offset..offset + length)?);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    Some(out)
}
