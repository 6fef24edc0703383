//! The CMaps the fonts carry: the ToUnicode map of each face (what its codes read as), and
//! the one encoding CMap shared by every face written with one-byte codes.

use lopdf::{dictionary, Dictionary, Object, Stream};

use super::codes::CodeWidth;
use super::writer::hex4;

/// The name of the encoding CMap of one-byte codes.
const ONE_BYTE_NAME: &str = "Briefing-OneByte-Identity-H";

/// The CIDSystemInfo of the one-byte encoding CMap, as its program writes it; PDF/A asks it
/// to be the CIDFont's ([`system_info`]; ISO 19005-2, 6.2.11.3.1).
const SYSTEM_INFO: &str =
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n";

/// The encoding CMap of one-byte codes: code `c` is CID `c` (PDF/A allows an embedded CMap,
/// ISO 19005-2, 6.2.11.3.3). Horizontal, as `WMode` 0 says in the dictionary and the stream.
pub fn one_byte_encoding() -> Stream {
    let program = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n{SYSTEM_INFO}\
         /CMapName /{ONE_BYTE_NAME} def\n/CMapType 1 def\n/WMode 0 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n\
         1 begincidrange\n<00> <FF> 0\nendcidrange\n\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    );
    let dict = dictionary! {
        "Type" => "CMap",
        "CMapName" => ONE_BYTE_NAME,
        "CIDSystemInfo" => system_info(),
        "WMode" => 0,
    };
    Stream::new(dict, program.into_bytes())
}

/// The CIDSystemInfo every CIDFont and the encoding CMap share: Adobe-Identity-0.
pub fn system_info() -> Dictionary {
    dictionary! {
        "Registry" => Object::string_literal("Adobe"),
        "Ordering" => Object::string_literal("Identity"),
        "Supplement" => 0,
    }
}

/// A ToUnicode CMap mapping code `i` to the `i`th text; empty texts map to nothing. Runs of
/// codes whose texts are consecutive characters (glyph ids of a font mostly follow the
/// alphabet) are written as one range.
pub fn to_unicode<'a>(texts: impl Iterator<Item = &'a str>, width: CodeWidth) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n",
    );
    out.push_str(match width {
        CodeWidth::One => "<00> <FF>\n",
        CodeWidth::Two => "<0000> <FFFF>\n",
    });
    out.push_str("endcodespacerange\n");
    let entries: Vec<Entry> = texts.enumerate().filter(|(_, t)| !t.is_empty()).collect();
    let (ranges, singles) = runs(&entries);
    let code = |code: usize| {
        let mut hex = Vec::new();
        hex4(&mut hex, code as u16);
        let digits = String::from_utf8(hex).unwrap_or_default();
        match width {
            CodeWidth::One => digits[2..].to_string(),
            CodeWidth::Two => digits,
        }
    };
    // At most 100 entries a block (ISO 32000-1, 9.10.3).
    for block in ranges.chunks(100) {
        out.push_str(&format!("{} beginbfrange\n", block.len()));
        for &(first, last, text) in block {
            let (first, last) = (code(first), code(last));
            out.push_str(&format!("<{first}> <{last}> <{}>\n", utf16_hex(text)));
        }
        out.push_str("endbfrange\n");
    }
    for block in singles.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", block.len()));
        for &(at, text) in block {
            out.push_str(&format!("<{}> <{}>\n", code(at), utf16_hex(text)));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// A code and the text it maps to.
type Entry<'a> = (usize, &'a str);

/// Codes `first..=last` mapping to a text and the characters after it.
type Range<'a> = (usize, usize, &'a str);

/// `entries` split into ranges of two or more codes whose texts are one UTF-16 unit each,
/// counting up with the codes, and the rest. A range stays within one block of 256 codes and
/// of 256 units: only the last byte counts up.
fn runs<'a>(entries: &[Entry<'a>]) -> (Vec<Range<'a>>, Vec<Entry<'a>>) {
    let unit = |text: &str| -> Option<u16> {
        let mut units = text.encode_utf16();
        let first = units.next()?;
        units.next().is_none().then_some(first)
    };
    let follows = |(code, text): (usize, &str), (next_code, next_text): (usize, &str)| {
        let (Some(a), Some(b)) = (unit(text), unit(next_text)) else {
            return false;
        };
        next_code == code + 1 && code & 0xFF != 0xFF && b == a.wrapping_add(1) && a & 0xFF != 0xFF
    };
    let mut ranges = Vec::new();
    let mut singles = Vec::new();
    for run in entries.chunk_by(|a, b| follows(*a, *b)) {
        match run {
            [single] => singles.push(*single),
            [first, .., last] => ranges.push((first.0, last.0, first.1)),
            [] => {}
        }
    }
    (ranges, singles)
}

fn utf16_hex(text: &str) -> String {
    let mut hex = Vec::new();
    for unit in text.encode_utf16() {
        hex4(&mut hex, unit);
    }
    String::from_utf8(hex).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmap(texts: &[&str], width: CodeWidth) -> String {
        String::from_utf8(to_unicode(texts.iter().copied(), width)).expect("ascii")
    }

    #[test]
    fn to_unicode_maps_each_code_to_its_text() {
        let cmap = cmap(&["", "A", "fi", "क्षि", ""], CodeWidth::Two);
        assert!(cmap.contains(
            "3 beginbfchar\n<0001> <0041>\n<0002> <00660069>\n<0003> <0915094D0937093F>\nendbfchar\n"
        ), "{cmap}");
        assert!(cmap.starts_with("/CIDInit /ProcSet findresource begin\n"));
        assert!(cmap.contains("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"));
        assert!(
            cmap.ends_with("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
        );
    }

    #[test]
    fn consecutive_characters_make_a_range() {
        let cmap = cmap(&["", "a", "b", "c", "e", "fi", "g", "h"], CodeWidth::One);
        assert!(cmap.contains("1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"));
        assert!(
            cmap.contains("2 beginbfrange\n<01> <03> <0061>\n<06> <07> <0067>\nendbfrange\n"),
            "{cmap}"
        );
        assert!(
            cmap.contains("2 beginbfchar\n<04> <0065>\n<05> <00660069>\nendbfchar\n"),
            "{cmap}"
        );
    }

    #[test]
    fn a_range_never_carries_past_the_last_byte() {
        let (ranges, singles) = runs(&[(1, "\u{FF}"), (2, "\u{100}"), (3, "\u{101}")]);
        assert_eq!(ranges, [(2, 3, "\u{100}")]);
        assert_eq!(singles, [(1, "\u{FF}")]);
        let (ranges, _) = runs(&[(255, "a"), (256, "b"), (257, "c")]);
        assert_eq!(ranges, [(256, 257, "b")]);
    }

    #[test]
    fn to_unicode_writes_at_most_a_hundred_entries_a_block() {
        let texts: Vec<String> = (0..300).map(|i| ["x", "z"][i % 2].to_string()).collect();
        let cmap = String::from_utf8(to_unicode(texts.iter().map(String::as_str), CodeWidth::Two))
            .expect("ascii");
        assert!(cmap.contains("100 beginbfchar\n<0000> <0078>\n"));
        assert!(cmap.contains("100 beginbfchar\n<0064> "));
        assert!(!cmap.contains("bfrange"));
    }

    #[test]
    fn the_one_byte_encoding_names_itself_and_identity() {
        let stream = one_byte_encoding();
        let program = String::from_utf8(stream.content).expect("ascii");
        assert!(program.contains("/CMapName /Briefing-OneByte-Identity-H def\n"));
        assert!(program.contains("<00> <FF>\nendcodespacerange\n1 begincidrange\n<00> <FF> 0\n"));
        assert!(program.contains("/Registry (Adobe) /Ordering (Identity) /Supplement 0"));
        assert_eq!(
            stream.dict.get(b"CMapName").and_then(Object::as_name).ok(),
            Some(&b"Briefing-OneByte-Identity-H"[..])
        );
    }
}
