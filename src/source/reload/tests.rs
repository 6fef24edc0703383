//! The reloader's fallbacks, and the positions it moves.

use super::*;

const TEXT: &str = "title: Three sections
date: 2025-12-05
sections:
  - heading: One
    blocks:
      - The first paragraph.
      - table:
          id: figures
          columns: [Year, {title: Value, align: right}]
          rows: [[2024, 1.5], [2025, 2.5]]
  - heading: Two
    blocks:
      - The second paragraph.
  - heading: Three
    blocks:
      - chart: {kind: bar, table: figures, x: Year, series: [Value], alt: Values by year}
language: en
";

/// Loads `text` with `reloader` and whole, checks both give the same, and says whether
/// the reloader spliced.
fn load(reloader: &mut Reloader, text: &str) -> bool {
    let limits = Limits::default();
    let standards = PdfStandards::default();
    let whole = crate::source::load_for("x.yaml", text.as_bytes(), &limits, standards);
    let again = reloader.load("x.yaml", text.as_bytes(), &limits, standards);
    match (whole, again) {
        (Ok(whole), Ok(again)) => assert_eq!(&whole, again),
        (Err(whole), Err(again)) => assert_eq!(format!("{whole:?}"), format!("{again:?}")),
        (whole, again) => panic!("{:?} / {:?}", whole.err(), again.err()),
    }
    reloader.spliced()
}

fn loaded(text: &str) -> Reloader {
    let mut reloader = Reloader::new();
    assert!(!load(&mut reloader, text), "a first load reads the whole");
    reloader
}

#[test]
fn an_edit_inside_one_section_is_read_alone_and_later_lines_move() {
    let mut reloader = loaded(TEXT);
    let longer = TEXT.replace("The first paragraph.", "The first\n        paragraph.\n\n");
    assert!(load(&mut reloader, &longer));
    let briefing = reloader.last.as_ref().map(|kept| &kept.briefing).unwrap();
    assert_eq!(briefing.sections[2].heading.at.map(|at| at.line), Some(17));
    assert_eq!(briefing.language_at.map(|at| at.line), Some(20));
    assert!(load(&mut reloader, TEXT), "and undone");
    for ended in ["...\n", "\u{feff}\n", "---\n", "language: fr\n"] {
        let ended = TEXT.replace("  - heading: Two", &format!("{ended}  - heading: Two"));
        assert!(!load(&mut reloader, &ended), "{ended:?}");
    }
    let same = TEXT.replace("The second", "The 2nd");
    assert!(load(&mut reloader, &same), "a word");
    assert!(load(&mut reloader, &same), "no edit at all");
    assert!(load(&mut reloader, TEXT));
}

#[test]
fn the_last_section_is_read_alone_up_to_the_next_key() {
    let mut reloader = loaded(TEXT);
    assert!(load(
        &mut reloader,
        &TEXT.replace("Values by year", "Values")
    ));
    let without_language = TEXT.replace("language: en\n", "");
    let mut reloader = loaded(&without_language);
    assert!(load(
        &mut reloader,
        &format!("{without_language}      - Appended.\n")
    ));
}

#[test]
fn edits_outside_one_section_read_the_whole() {
    let edits = [
        TEXT.replace("Three sections", "Three"),
        TEXT.replace("sections:\n", "sections:  \n"),
        TEXT.replace("  - heading: Two", "  - heading: Added\n  - heading: Two"),
        TEXT.replace("2.5]]\n  - heading: Two", "2.6]]\n  - heading: Deux"),
        TEXT.replace("language: en", "language: fr"),
        TEXT.replace("  - heading: Two", "   - heading: Two"),
        TEXT.replace("  - heading: Two", "  -\n    heading: Two"),
    ];
    for edit in edits {
        let mut reloader = loaded(TEXT);
        assert!(!load(&mut reloader, &edit), "{edit:?}");
    }
}

#[test]
fn texts_that_cannot_be_split_by_section_are_always_read_whole() {
    let flow = "title: T\ndate: 2025-12-05\nsections: [{heading: One}, {heading: Two}]\n";
    let aliased =
        TEXT.replace("The first paragraph.", "&p The first paragraph.") + "keywords: [*p]\n";
    for text in [flow.to_string(), aliased, format!("\u{feff}{TEXT}")] {
        let mut reloader = loaded(&text);
        assert!(!load(&mut reloader, &text.replace("Two", "2")), "{text}");
    }
}

#[test]
fn problems_come_from_the_whole_load_and_the_last_good_text_stays() {
    let mut reloader = loaded(TEXT);
    let broken = [
        TEXT.replace("The second paragraph.", "The second [link](mea.gov.in)."),
        TEXT.replace("- The second", "- [The second"),
        TEXT.replace("id: figures", "id: numbers"),
        TEXT.replace("series: [Value]", "series: [Valeur]"),
        TEXT.replace(
            "      - The second paragraph.",
            "      - table: {id: figures}",
        ),
        TEXT.replace(
            "blocks:\n      - The second",
            "blocks:\n      - *p\n      - The second",
        ),
    ];
    for text in broken {
        assert!(!load(&mut reloader, &text), "{text:?}");
        // Mended: the edit from the last good text lies in one section again.
        assert!(load(&mut reloader, TEXT), "{text}");
    }
}

#[test]
fn other_limits_or_standards_read_the_whole() {
    let mut reloader = loaded(TEXT);
    let text = TEXT.replace("The second", "The 2nd");
    let bytes = text.as_bytes();
    let limits = Limits {
        table_cells: 3,
        ..Limits::default()
    };
    let error = reloader.load("x.yaml", bytes, &limits, PdfStandards::default());
    assert!(error.is_err() && !reloader.spliced());
    let ua = PdfStandards {
        ua1: true,
        ..PdfStandards::default()
    };
    let briefing = reloader.load("x.yaml", bytes, &Limits::default(), ua);
    assert!(briefing.is_ok_and(|b| b.pdf_standard == Some(ua)) && !reloader.spliced());
}
