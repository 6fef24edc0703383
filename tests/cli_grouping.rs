//! Digit grouping (a column's `grouping: true`), through the binary: separators follow the
//! briefing's `language`, numbers stay whole and are sized by their grouped text.

mod common;

use common::{briefing, pdf_text, scratch};

/// A briefing in `language` with one grouped column, one plain one, and `width` columns of
/// large grouped figures besides, on an A5 page.
fn source(language: &str, extra_columns: usize) -> String {
    let mut columns = String::from(
        "            - Year\n            - {title: Grouped, align: right, decimals: 1, \
         grouping: true}\n            - {title: Plain, align: right, decimals: 1}\n",
    );
    let mut extra_cells = String::new();
    for i in 0..extra_columns {
        columns.push_str(&format!(
            "            - {{title: C{i}, align: right, decimals: 2, grouping: true}}\n"
        ));
        extra_cells.push_str(", -1234567.891");
    }
    let rows = format!(
        "            - [2024, 12345678.9, 12345678.9{extra_cells}]\n            - [2025, 999, \
         999{extra_cells}]\n"
    );
    format!(
        "title: Grouping\ndate: 2025-12-05\nlanguage: {language}\npage: {{size: A5, margins: 12mm}}\n\
         sections:\n  - heading: Figures\n    blocks:\n      - table:\n          \
         columns:\n{columns}          rows:\n{rows}"
    )
}

fn built_text(language: &str, extra_columns: usize) -> String {
    let dir = scratch(&[("figures", &source(language, extra_columns))]);
    let run = briefing(dir.path(), &["build"]);
    assert!(run.success(), "{language}: {}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "{language}: {}",
        run.stderr
    );
    pdf_text(&std::fs::read(dir.path().join("output/figures.pdf")).unwrap())
}

#[test]
fn separators_follow_the_language() {
    let english = built_text("en", 0);
    assert!(english.contains("12,345,678.9"), "{english}");
    assert!(english.contains("999.0"), "{english}");
    assert!(
        english.contains("12345678.9"),
        "the plain column: {english}"
    );
    let german = built_text("de", 0);
    assert!(german.contains("12.345.678,9"), "{german}");
    assert!(german.contains("999,0"), "{german}");
    let french = built_text("fr", 0);
    // A narrow no-break space (U+202F) in the PDF (the display list of the grouped-numbers
    // layout fixture pins it); pdftotext gives it back as a space.
    assert!(french.contains("12 345 678,9"), "{french}");
    let indian = built_text("en-IN", 0);
    assert!(indian.contains("1,23,45,678.9"), "{indian}");
}

#[test]
fn grouped_numbers_stay_whole_in_a_crowded_table() {
    // Three grouped columns beside two others on A5: the columns take the grouped widths,
    // and every number is set whole, on one line, with a true minus.
    let text = built_text("en", 2);
    assert_eq!(text.matches("\u{2212}1,234,567.89").count(), 4, "{text}");
    // Too many for the page is an error at the table, never a number broken or clipped.
    let dir = scratch(&[("figures", &source("en", 8))]);
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("too wide"), "{}", run.stderr);
    assert!(!dir.path().join("output/figures.pdf").exists());
}

#[test]
fn a_chart_groups_its_ticks_as_its_series_column_does() {
    let text = "title: Chart\ndate: 2025-12-05\nsections:\n  - heading: Trade\n    blocks:\n      \
                - table:\n          id: t\n          columns:\n            - Year\n            \
                - {title: Value, align: right, grouping: true}\n          rows:\n            \
                - [2024, 12000000]\n            - [2025, 24000000]\n      - chart: {kind: bar, \
                table: t, x: Year, series: [Value], alt: Two bars.}\n";
    let dir = scratch(&[("chart", text)]);
    let run = briefing(dir.path(), &["build"]);
    assert!(run.success(), "{}", run.stderr);
    let text = pdf_text(&std::fs::read(dir.path().join("output/chart.pdf")).unwrap());
    assert!(text.contains("24,000,000"), "the cell: {text}");
    assert!(text.contains("20,000,000"), "a tick: {text}");
    assert!(!text.contains("20000000"), "{text}");
}
