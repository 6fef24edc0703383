//! Right-to-left text (UAX #9): Arabic through `--font-dir` is shaped right to left, the runs
//! of each line are ordered visually, and the PDF's text layer gives back the logical order.

mod common;

use std::path::{Path, PathBuf};

use briefing::text::{shape_line, Family, FontBook, Line, TextStyle};

/// "Hello world" in Arabic, as the reporter typed it.
const ARABIC: &str = "مرحبا بالعالم";

fn rtl_fonts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts-rtl")
}

fn serif() -> TextStyle {
    TextStyle {
        family: Family::Serif,
        size: 10.0,
        bold: false,
        italic: false,
    }
}

/// The x of the first glyph whose cluster text is `text`.
fn x_of(line: &Line, text: &str) -> f32 {
    line.runs
        .iter()
        .flat_map(|run| run.glyphs.iter().map(move |g| (run.x + g.x, g)))
        .find(|(_, g)| g.text == text)
        .map(|(x, _)| x)
        .unwrap_or_else(|| panic!("no glyph for {text:?}"))
}

#[test]
fn arabic_is_set_right_to_left() {
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    let line = shape_line(fonts, ARABIC, &serif());
    // The first word (مرحبا, with ح) stands right of the second (بالعالم, with ل), and
    // inside a word the first letter stands right of the later ones.
    assert!(x_of(&line, "ح") > x_of(&line, "ل"), "words in visual order");
    assert!(
        x_of(&line, "ر") > x_of(&line, "ح"),
        "letters in visual order"
    );
    assert!(line
        .runs
        .iter()
        .all(|run| run.glyphs.iter().all(|g| g.id != 0)));
    // Joining forms: ح after ر (which does not join forward) takes its initial form, another
    // glyph than the isolated one.
    let isolated = shape_line(fonts, "ح", &serif()).runs[0].glyphs[0].id;
    let initial = line
        .runs
        .iter()
        .flat_map(|run| &run.glyphs)
        .find(|g| g.text == "ح")
        .map(|g| g.id);
    assert_ne!(initial, Some(isolated), "ح joins the letter after it");
}

#[test]
fn numbers_and_latin_inside_arabic_keep_their_own_order() {
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    let line = shape_line(fonts, "India الهند 2025 Russia", &serif());
    let order: String = line
        .runs
        .iter()
        .flat_map(|run| &run.glyphs)
        .map(|g| g.text.as_str())
        .collect();
    // Latin, then the Arabic word reversed for display, digits left to right.
    assert!(order.starts_with("India "), "{order}");
    assert!(order.contains("2025"), "{order}");
    assert!(order.ends_with(" Russia"), "{order}");
    assert!(x_of(&line, "ا") > x_of(&line, "د"), "{order}");
}

#[test]
fn english_text_is_untouched() {
    let line = shape_line(FontBook::embedded(), "India and Russia", &serif());
    assert_eq!(line.text(), "India and Russia");
}

#[test]
fn the_pdf_text_layer_gives_back_the_logical_order() {
    let source = format!(
        "title: Bidi\ndate: 2025-12-05\nsections:\n  - heading: Arabic\n    blocks:\n      - \"{ARABIC}\"\n      - \"India and Russia (الهند وروسيا) since 1947.\"\n"
    );
    let dir = common::scratch(&[("bidi", &source)]);
    let fonts = rtl_fonts();
    let run = common::briefing(
        dir.path(),
        &[
            "build",
            "source/bidi.yaml",
            "--font-dir",
            fonts.to_str().unwrap(),
        ],
    );
    assert!(run.success(), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let pdf = dir.path().join("output/bidi.pdf");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(ARABIC), "{text}");
    assert!(text.contains("الهند وروسيا"), "{text}");
}
