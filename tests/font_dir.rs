//! Fonts from a `--font-dir`: faces added for what the embedded ones lack, faces that replace
//! an embedded one by PostScript name, the same files giving the same book, and clear errors.

use std::path::{Path, PathBuf};

use briefing::text::{shape_line, Family, FontBook, FontId, TextStyle};
use briefing::{Error, Options};

const RUNIC: &str = "ᚠᚢᚦᚨᚱᚲ";

fn fixture_fonts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
}

fn serif() -> TextStyle {
    TextStyle {
        family: Family::Serif,
        size: 10.0,
        bold: false,
        italic: false,
    }
}

fn source_with(text: &str) -> String {
    format!(
        "title: Runes\ndate: 2025-12-05\nsections:\n  - heading: Runes\n    blocks:\n      - \"{text}\"\n"
    )
}

/// A copy of the embedded Noto Serif with its em twice as large: every glyph half as wide.
fn wide_em_serif() -> Vec<u8> {
    let mut data = FontBook::embedded().face(FontId(0)).data.to_vec();
    let tables = u16::from_be_bytes([data[4], data[5]]) as usize;
    let head = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&record| &data[record..record + 4] == b"head")
        .expect("a head table");
    let offset = u32::from_be_bytes(data[head + 8..head + 12].try_into().unwrap()) as usize;
    let upem = u16::from_be_bytes([data[offset + 18], data[offset + 19]]);
    data[offset + 18..offset + 20].copy_from_slice(&(upem * 2).to_be_bytes());
    data
}

#[test]
fn a_font_dir_covers_what_the_embedded_faces_lack() {
    let embedded = briefing::build_named("runes.yaml", &source_with(RUNIC)).expect("builds");
    assert!(
        embedded.warnings.iter().any(|w| w.message.contains('ᚠ')),
        "{:?}",
        embedded.warnings
    );

    let fonts = FontBook::with_dirs(&[fixture_fonts()]).expect("the fixture fonts load");
    let line = shape_line(fonts, RUNIC, &serif());
    let runic = fonts.face(line.runs[0].font);
    assert_eq!(runic.name, "NotoSansRunic-Regular");
    assert!(line.runs[0].font.0 as usize >= FontBook::embedded().len());
    assert!(line.runs[0].glyphs.iter().all(|g| g.id != 0), "no .notdef");

    let options = Options {
        fonts,
        ..Options::default()
    };
    let source = source_with(RUNIC);
    let built = briefing::build_with("runes.yaml", source.as_bytes(), &options).expect("builds");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    // Font dictionaries sit in compressed object streams: read the bytes as a PDF.
    let doc = lopdf::Document::load_mem(&built.pdf).expect("a PDF");
    let embeds = |name: &[u8]| {
        doc.objects.values().any(|object| {
            object
                .as_dict()
                .and_then(|dict| dict.get(b"BaseFont"))
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|font| font.windows(name.len()).any(|w| w == name))
        })
    };
    assert!(
        embeds(b"NotoSansRunic-Regular"),
        "the Runic face is embedded"
    );
}

#[test]
fn a_face_with_an_embedded_name_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("NotoSerif-Regular.ttf"), wide_em_serif()).unwrap();
    std::fs::write(dir.path().join("README.txt"), "not a font, ignored").unwrap();
    let fonts = FontBook::with_dirs(&[dir.path().to_path_buf()]).expect("loads");
    assert_eq!(fonts.len(), FontBook::embedded().len());
    let replaced = fonts.face(FontId(0));
    assert_eq!(replaced.name, "NotoSerif-Regular");
    assert_eq!(
        replaced.units_per_em,
        2.0 * FontBook::embedded().face(FontId(0)).units_per_em
    );
    let wide = shape_line(FontBook::embedded(), "Summit", &serif()).width;
    let narrow = shape_line(fonts, "Summit", &serif()).width;
    assert!((narrow - wide / 2.0).abs() < 0.01, "{narrow} vs {wide}");
    // The embedded book is untouched.
    assert_eq!(
        shape_line(FontBook::embedded(), "Summit", &serif()).width,
        wide
    );
}

#[test]
fn the_same_files_give_the_same_book_and_the_embedded_files_the_embedded_book() {
    let first = FontBook::with_dirs(&[fixture_fonts()]).unwrap();
    let again = FontBook::with_dirs(&[fixture_fonts()]).unwrap();
    assert!(
        std::ptr::eq(first, again),
        "fonts are read into a book once"
    );

    let repo_fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let same = FontBook::with_dirs(&[repo_fonts]).unwrap();
    assert!(std::ptr::eq(same, FontBook::embedded()));
    assert!(std::ptr::eq(
        FontBook::with_dirs(&[]).unwrap(),
        FontBook::embedded()
    ));
}

#[test]
fn font_errors_name_the_path() {
    let missing = Path::new("/no/such/font/dir").to_path_buf();
    let err = FontBook::with_dirs(&[missing]).map(|_| ()).unwrap_err();
    assert!(err.to_string().starts_with("/no/such/font/dir: "), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("Broken.otf");
    std::fs::write(&bad, b"OTTO but not really a font").unwrap();
    let err = FontBook::with_dirs(&[dir.path().to_path_buf()])
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.path, bad);
    assert!(
        err.message.contains("not a TrueType or OpenType font"),
        "{err}"
    );
}

#[test]
fn a_build_error_is_still_a_source_error_with_other_fonts() {
    let fonts = FontBook::with_dirs(&[fixture_fonts()]).unwrap();
    let options = Options {
        fonts,
        ..Options::default()
    };
    match briefing::build_with("bad.yaml", b"title: [", &options) {
        Err(Error::Source(err)) => assert_eq!(err.file, "bad.yaml"),
        other => panic!("expected a source error, got {:?}", other.map(|b| b.pages)),
    }
}

/// A fresh copy of the Runic fixture at a path of its own, so no other test has used it.
fn runic_copy_in(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("NotoSansRunic-Regular.ttf");
    std::fs::copy(fixture_fonts().join("NotoSansRunic-Regular.ttf"), &path).unwrap();
    path
}

#[test]
fn subdirectories_are_searched_and_a_face_is_parsed_only_when_text_is_set_in_it() {
    let dir = tempfile::tempdir().unwrap();
    runic_copy_in(&dir.path().join("noto/runic"));
    let fonts = FontBook::with_dirs(&[dir.path().to_path_buf()]).expect("loads");
    let runic = FontId(FontBook::embedded().len() as u16);
    assert_eq!(fonts.len(), FontBook::embedded().len() + 1);
    assert_eq!(fonts.info(runic).postscript_name, "NotoSansRunic-Regular");
    assert!(fonts.covers(runic, 'ᚠ'));
    assert!(!fonts.is_loaded(runic), "indexed, not parsed");
    shape_line(fonts, "Plain Latin text", &serif());
    assert!(
        !fonts.is_loaded(runic),
        "text it does not set leaves it alone"
    );
    let line = shape_line(fonts, RUNIC, &serif());
    assert_eq!(line.runs[0].font, runic);
    assert!(fonts.is_loaded(runic));
}

#[test]
fn a_directory_with_no_fonts_is_a_warning_not_an_error() {
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("notes.txt"), "no fonts here").unwrap();
    let found = FontBook::from_dirs(&[empty.path().to_path_buf(), fixture_fonts()]).unwrap();
    assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    assert_eq!(found.warnings[0].path, empty.path());
    assert!(found.warnings[0].message.contains("no .ttf or .otf fonts"));
    assert_eq!(found.book.len(), FontBook::embedded().len() + 1);
}

#[test]
fn more_than_64_files_load_and_the_first_of_one_name_wins() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..70 {
        runic_copy_in(&dir.path().join(format!("copy-{i:02}")));
    }
    let fonts = FontBook::with_dirs(&[dir.path().to_path_buf()]).expect("70 files load");
    assert_eq!(
        fonts.len(),
        FontBook::embedded().len() + 1,
        "one face per name"
    );
    let runic = FontId(FontBook::embedded().len() as u16);
    match fonts.source(runic) {
        briefing::text::FontSource::File(path) => {
            assert!(path.ends_with("copy-00/NotoSansRunic-Regular.ttf"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_corrupt_face_is_an_error_naming_its_file_when_a_build_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = FontBook::embedded().face(FontId(1)).data.to_vec();
    let tables = u16::from_be_bytes([data[4], data[5]]) as usize;
    let glyf = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&record| &data[record..record + 4] == b"glyf")
        .expect("a glyf table");
    let at = |i: usize| u32::from_be_bytes(data[i..i + 4].try_into().unwrap()) as usize;
    let (offset, length) = (at(glyf + 8), at(glyf + 12));
    data[offset..offset + length].fill(0xFF);
    let bad = dir.path().join("NotoSerif-Bold.ttf");
    std::fs::write(&bad, &data).unwrap();
    let fonts = FontBook::with_dirs(&[dir.path().to_path_buf()]).expect("indexing reads no glyphs");
    let options = Options {
        fonts,
        ..Options::default()
    };
    let plain = source_with("Nothing bold here.");
    briefing::build_with("plain.yaml", plain.as_bytes(), &options).expect("bold is not used");
    let bold = source_with("Something **bold** here.");
    match briefing::build_with("bold.yaml", bold.as_bytes(), &options) {
        Err(Error::Layout(briefing::layout::LayoutError::Font(err))) => {
            assert_eq!(err.path, bad);
            assert!(err.message.contains("malformed"), "{err}");
        }
        other => panic!("expected a font error, got {:?}", other.map(|b| b.pages)),
    }
}
