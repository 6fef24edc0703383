//! Glyph codes in the PDF: one byte (an embedded CMap, the space at code 32 for `Tw`) where
//! a face's subset has at most 256 glyphs, `Identity-H` where it has more (see
//! docs/architecture.md, "Render").
use lopdf::{Document, Object};

fn pdf(paragraph: &str) -> Document {
    let yaml = format!(
        "title: Codes\ndate: 2025-12-05\nsections:\n  - heading: Text\n    blocks:\n      - \"{paragraph}\"\n"
    );
    Document::load_mem(&briefing::build(&yaml).expect("builds")).expect("reads back")
}

/// The body face's Type 0 font dictionary (`F0`, Noto Serif).
fn body_font(doc: &Document) -> &lopdf::Dictionary {
    doc.objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .find(|dict| {
            dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
                && dict
                    .get(b"BaseFont")
                    .and_then(Object::as_name)
                    .is_ok_and(|name| name.ends_with(b"+NotoSerif-Regular"))
        })
        .expect("a Noto Serif font")
}

fn stream(doc: &Document, dict: &lopdf::Dictionary, key: &[u8]) -> Vec<u8> {
    let id = dict
        .get(key)
        .and_then(Object::as_reference)
        .expect("a reference");
    let stream = doc
        .get_object(id)
        .and_then(Object::as_stream)
        .expect("a stream");
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

fn contents(doc: &Document) -> String {
    let pages = doc.get_pages();
    let bytes: Vec<u8> = pages
        .values()
        .flat_map(|&page| doc.get_page_content(page))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_small_subset_has_one_byte_codes_and_the_space_at_32() {
    let text = "The quick brown fox jumps over the lazy dog: India and Russia, 1955 to 2025, \
                share a long-standing partnership, a cornerstone of foreign policy. "
        .repeat(4);
    let doc = pdf(&text);
    let font = body_font(&doc);
    let encoding = font.get(b"Encoding").and_then(Object::as_reference);
    let cmap = doc
        .get_object(encoding.expect("an embedded CMap"))
        .expect("exists");
    let cmap = cmap.as_stream().expect("a stream");
    assert_eq!(
        cmap.dict.get(b"Type").and_then(Object::as_name).ok(),
        Some(&b"CMap"[..])
    );
    let to_unicode = String::from_utf8(stream(&doc, font, b"ToUnicode")).expect("ascii");
    assert!(
        to_unicode.contains("<00> <FF>\nendcodespacerange"),
        "{to_unicode}"
    );
    assert!(to_unicode.contains("\n<20> <0020>\n"), "{to_unicode}");
    let content = contents(&doc);
    assert!(
        content.contains(" Tw\n"),
        "justified lines set their word spacing once"
    );
    assert!(content.contains("[("), "one-byte codes are literal strings");
}

#[test]
fn a_face_with_more_than_256_glyphs_keeps_two_byte_codes() {
    let letters: String = ('\u{C0}'..'\u{17F}')
        .chain('\u{391}'..'\u{3A9}')
        .chain('\u{410}'..'\u{450}')
        .chain('a'..='z')
        .filter(|c| c.is_alphabetic())
        .collect::<Vec<char>>()
        .chunks(8)
        .map(|word| word.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    let doc = pdf(&letters);
    let font = body_font(&doc);
    assert_eq!(
        font.get(b"Encoding").and_then(Object::as_name).ok(),
        Some(&b"Identity-H"[..])
    );
    let to_unicode = String::from_utf8(stream(&doc, font, b"ToUnicode")).expect("ascii");
    assert!(to_unicode.contains("<0000> <FFFF>\nendcodespacerange"));
    assert!(
        contents(&doc).contains("[<"),
        "two-byte codes are hex strings"
    );
}
