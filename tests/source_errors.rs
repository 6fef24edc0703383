//! One test per kind of bad input: each ends in a diagnostic with the right line, column and
//! message, never a panic or a hang. The rendered report (plain, no colour) is snapshotted.

use briefing::source::{self, ErrorKind, SourceError};

/// Loads `tests/fixtures/source/NAME.yaml`, expects a diagnostic, snapshots its rendering.
fn diagnose(name: &str) -> SourceError {
    let path = format!("tests/fixtures/source/{name}.yaml");
    let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let err = match source::load_bytes(&path, &bytes) {
        Ok(_) => panic!("{path} loaded without an error"),
        Err(err) => *err,
    };
    insta::assert_snapshot!(name, err.render_graphical(false));
    err
}

fn assert_at(err: &SourceError, kind: ErrorKind, line: usize, column: usize, message: &str) {
    assert_eq!(err.kind, kind, "{err}");
    assert_eq!((err.line, err.column), (line, column), "{err}");
    assert!(
        err.message.contains(message),
        "{:?} lacks {message:?}",
        err.message
    );
    let file_line_col = format!("{}:{line}:{column}: ", err.file);
    assert!(err.to_string().starts_with(&file_line_col), "{err}");
}

#[test]
fn yaml_syntax_error() {
    let err = diagnose("syntax");
    assert_at(&err, ErrorKind::Syntax, 6, 12, "YAML syntax");
}

#[test]
fn wrong_type() {
    let err = diagnose("type");
    assert_at(&err, ErrorKind::Type, 6, 18, "expected a sequence");
}

#[test]
fn bad_date() {
    let err = diagnose("bad-date");
    assert_at(&err, ErrorKind::Type, 2, 7, "expected YYYY-MM-DD");
}

#[test]
fn missing_key() {
    let err = diagnose("missing-key");
    assert_at(&err, ErrorKind::Type, 1, 1, "missing key `date`");
}

#[test]
fn misspelt_top_level_key() {
    let err = diagnose("unknown-key");
    assert_at(
        &err,
        ErrorKind::UnknownKey,
        1,
        1,
        "unknown key `titel`, did you mean `title`?",
    );
}

#[test]
fn misspelt_block_key() {
    let err = diagnose("unknown-block-key");
    assert_at(
        &err,
        ErrorKind::UnknownKey,
        6,
        9,
        "unknown key `buletts`, did you mean `bullets`?",
    );
}

#[test]
fn two_kinds_in_one_block() {
    let err = diagnose("two-kinds");
    assert_at(
        &err,
        ErrorKind::Type,
        6,
        9,
        "cannot be both `note` and `bullets`",
    );
}

#[test]
fn empty_file() {
    let err = diagnose("empty");
    assert_at(&err, ErrorKind::Empty, 1, 1, "no YAML document");
}

#[test]
fn comment_only_file() {
    let err = diagnose("comment-only");
    assert_at(&err, ErrorKind::Empty, 1, 1, "no YAML document");
}

#[test]
fn invalid_utf8() {
    let err = diagnose("not-utf8");
    assert_at(&err, ErrorKind::Encoding, 1, 11, "not valid UTF-8");
}

#[test]
fn root_not_a_mapping() {
    let err = diagnose("root-not-mapping");
    assert_at(
        &err,
        ErrorKind::Type,
        1,
        1,
        "must be a mapping of keys, found a list",
    );
}

#[test]
fn absurd_nesting() {
    let err = diagnose("deep-nesting");
    assert_at(
        &err,
        ErrorKind::Limit,
        3,
        74,
        "nesting deeper than 64 levels",
    );
}

#[test]
fn alias_bomb() {
    let err = diagnose("alias-bomb");
    // Refused while the tree is read, at the alias that takes the expanded document past
    // twice the source limit, before serde_yaml expands anything.
    assert_at(
        &err,
        ErrorKind::Limit,
        11,
        42,
        "aliases expand the document past 20 MiB",
    );
}

#[test]
fn empty_title() {
    let err = diagnose("empty-title");
    assert_at(&err, ErrorKind::Invalid, 1, 8, "the title is empty");
}

#[test]
fn no_sections() {
    let err = diagnose("no-sections");
    assert_at(&err, ErrorKind::Invalid, 3, 11, "at least one section");
}

#[test]
fn sections_too_deep() {
    let err = diagnose("sections-too-deep");
    assert_at(
        &err,
        ErrorKind::Invalid,
        10,
        17,
        "sections nest at most three deep",
    );
}

#[test]
fn table_row_too_short() {
    let err = diagnose("row-length");
    assert_at(
        &err,
        ErrorKind::Invalid,
        10,
        15,
        "this row has 2 cells but the table has 3 columns",
    );
}

#[test]
fn unknown_alignment() {
    let err = diagnose("bad-align");
    assert_at(
        &err,
        ErrorKind::UnknownKey,
        9,
        39,
        "unknown value `rigth`, did you mean `right`?",
    );
}

#[test]
fn decimals_out_of_range() {
    let err = diagnose("decimals");
    assert_at(
        &err,
        ErrorKind::Invalid,
        9,
        56,
        "`decimals: 9` is out of range",
    );
}

#[test]
fn chart_names_a_missing_table() {
    let err = diagnose("chart-table");
    assert_at(
        &err,
        ErrorKind::Invalid,
        12,
        18,
        "no table has `id: trades`",
    );
    assert_eq!(err.help.as_deref(), Some("did you mean `trade`?"));
}

#[test]
fn chart_names_a_missing_column() {
    let err = diagnose("chart-column");
    assert_at(&err, ErrorKind::Invalid, 14, 29, "has no column `Imports`");
}

#[test]
fn link_that_is_not_a_url() {
    let err = diagnose("bad-url");
    assert_at(
        &err,
        ErrorKind::Markup,
        8,
        31,
        "`mea.gov.in/summit` is not a valid URL",
    );
}

#[test]
fn block_markdown_inside_a_string() {
    let err = diagnose("block-markdown");
    assert_at(&err, ErrorKind::Markup, 8, 9, "a Markdown heading");
}

#[test]
fn oversized_source_is_refused_before_parsing() {
    let text = format!(
        "title: x\n#{}\n",
        "x".repeat(briefing::source::Limits::default().source_bytes)
    );
    match source::load("big.yaml", &text) {
        Err(err) => assert_at(&err, ErrorKind::Limit, 1, 1, "MiB"),
        other => panic!("expected a size error, got {other:?}"),
    }
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let seed = include_str!("../source/india-russia.yaml");
    let with_bom = format!("\u{feff}{seed}");
    assert!(source::load("bom.yaml", &with_bom).is_ok());
    let crlf = seed.replace('\n', "\r\n");
    assert!(source::load("crlf.yaml", &crlf).is_ok());
    let short_row = format!(
        "\u{feff}{}",
        include_str!("fixtures/source/row-length.yaml")
    );
    match source::load("bom-row.yaml", &short_row) {
        Err(err) => assert_at(&err, ErrorKind::Invalid, 10, 15, "this row has 2"),
        other => panic!("expected a row error, got {other:?}"),
    }
}

/// Every prefix of the seed (cut at a character boundary) is a possible half-saved file: it
/// must load or fail with a diagnostic, never panic.
#[test]
fn truncated_seed_never_panics() {
    let seed = include_str!("../source/india-russia.yaml");
    let mut failures = 0;
    for (cut, _) in seed.char_indices().step_by(5) {
        if let Err(err) = source::load("cut.yaml", &seed[..cut]) {
            assert!(err.line >= 1 && err.column >= 1);
            failures += 1;
        }
    }
    assert!(failures > 100, "only {failures} prefixes failed");
}

#[test]
fn key_written_twice() {
    let err = diagnose("duplicate-key");
    assert_at(
        &err,
        ErrorKind::Type,
        3,
        8,
        "the key `title` is written twice",
    );
}

/// The JSON form (for CI, issue 5) carries the same code, message and span.
#[test]
fn json_report_carries_code_and_span() {
    let err = diagnose("unknown-key");
    let mut out = String::new();
    miette::JSONReportHandler::new()
        .render_report(&mut out, &err)
        .expect("renders");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["code"], "briefing::source::unknown-key");
    assert_eq!(json["filename"], "tests/fixtures/source/unknown-key.yaml");
    assert_eq!(json["labels"][0]["span"]["offset"], 0);
    assert_eq!(json["labels"][0]["span"]["length"], 5);
    assert!(json["message"]
        .as_str()
        .is_some_and(|m| m.ends_with("did you mean `title`?")));
}

#[test]
fn margins_that_leave_no_text_area() {
    let err = diagnose("margins-too-large");
    assert_at(&err, ErrorKind::Invalid, 5, 12, "leave no text area");
    assert!(err.message.contains("148 mm × 210 mm page (A5)"), "{err}");
    assert!(err.message.contains("top 300 mm"), "{err}");
    assert!(err.message.contains("at least 40 mm × 60 mm"), "{err}");
}

#[test]
fn an_unknown_page_size_lists_the_known_ones() {
    let err = diagnose("unknown-size");
    assert_eq!(err.kind, ErrorKind::Type, "{err}");
    assert_eq!(err.line, 3, "{err}");
    assert!(err.message.contains("A4, Letter, A5"), "{err}");
}

#[test]
fn a_column_width_that_is_not_one() {
    let err = diagnose("bad-width");
    assert_eq!(err.line, 8, "{err}");
    assert!(
        err.message.contains("`wide` is not a column width"),
        "{err}"
    );
}

#[test]
fn chart_series_cell_that_is_not_a_number() {
    let err = diagnose("chart-cell");
    assert_at(
        &err,
        ErrorKind::Invalid,
        11,
        25,
        "this cell is not a number",
    );
    assert!(err.message.contains("`Exports`"), "{err}");
}

#[test]
fn chart_without_alt() {
    let err = diagnose("chart-alt");
    assert_at(&err, ErrorKind::Type, 11, 11, "missing key `alt`");
}

#[test]
fn chart_with_empty_alt() {
    let err = diagnose("chart-alt-empty");
    assert_at(&err, ErrorKind::Invalid, 10, 76, "`alt` is empty");
}

#[test]
fn chart_taller_than_the_page() {
    let err = diagnose("chart-height");
    assert_at(&err, ErrorKind::Invalid, 17, 19, "a chart's height");
}

/// A file's errors come together, in the order they stand: an unknown key, a bad date, a
/// `decimals` out of range, a short row, a wrong type and bad markup.
#[test]
fn several_errors_are_reported_together_in_file_order() {
    let err = diagnose("several-errors");
    let places: Vec<(ErrorKind, usize, usize)> =
        err.all().map(|e| (e.kind, e.line, e.column)).collect();
    assert_eq!(
        places,
        [
            (ErrorKind::UnknownKey, 1, 1),
            (ErrorKind::Type, 2, 7),
            (ErrorKind::Invalid, 7, 52),
            (ErrorKind::Invalid, 8, 31),
            (ErrorKind::Type, 9, 18),
            (ErrorKind::Markup, 10, 18),
        ]
    );
    assert_eq!(err.count(), 6);
    assert_eq!(err.unreported, 0);
}

/// The seed with lines dropped, doubled, re-indented or cut, hundreds of ways (a fixed
/// pseudo-random sequence): every load ends in a briefing or in errors in file order, each
/// with a real place, and never more than the cap.
#[test]
fn mangled_seeds_report_their_errors_in_file_order() {
    let seed = include_str!("../source/india-russia.yaml");
    let lines: Vec<&str> = seed.lines().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut several = 0;
    for _ in 0..400 {
        let mut mangled: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for _ in 0..1 + next(6) {
            let at = next(mangled.len());
            match next(5) {
                0 => drop(mangled.remove(at)),
                1 => mangled.insert(at, mangled[at].clone()),
                2 => mangled[at] = format!("  {}", mangled[at]),
                3 => mangled[at] = mangled[at].replacen(':', "", 1),
                _ => {
                    let cut = mangled[at].len() / 2;
                    let cut = (0..=cut).rev().find(|&c| mangled[at].is_char_boundary(c));
                    mangled[at].truncate(cut.unwrap_or(0));
                }
            }
        }
        let text = mangled.join("\n");
        let Err(err) = source::load("mangled.yaml", &text) else {
            continue;
        };
        let places: Vec<(usize, usize)> = err.all().map(|e| (e.line, e.column)).collect();
        assert!(places.len() <= source::diagnostic::MAX_REPORTED);
        assert!(places
            .iter()
            .all(|&(line, column)| line >= 1 && column >= 1));
        assert!(
            places.windows(2).all(|w| w[0] <= w[1]),
            "{places:?}\n{text}"
        );
        several += usize::from(places.len() > 1);
    }
    assert!(
        several > 10,
        "only {several} mangled seeds had several errors"
    );
}
