//! Every error of a file at once, through the binary: unknown keys, wrong values block by
//! block and broken rules, in the order they stand in the file, up to 20 and then how many
//! more; in the human report and in the JSON lines alike.

mod common;

use common::{briefing, scratch};

/// The JSON lines of `check --message-format json`, parsed.
fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

const KEY_AND_DATE: &str = "\
titel: A briefing
date: 2026-13-01
sections:
  - heading: About
    blocks: [Hello.]
";

#[test]
fn a_misspelt_key_and_a_bad_date_are_reported_together() {
    let dir = scratch(&[("two", KEY_AND_DATE)]);
    let run = briefing(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("source/two.yaml:1:1: unknown key `titel`, did you mean `title`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("source/two.yaml:2:7: `2026-13-01` is not a date"),
        "{}",
        run.stderr
    );
    // The missing `title` is the misspelt key's doing, not a third error.
    assert!(!run.stderr.contains("missing key"), "{}", run.stderr);
    assert!(!run.stderr.contains("more error"), "{}", run.stderr);

    let run = briefing(dir.path(), &["check", "--message-format", "json"]);
    assert_eq!(run.code, Some(1));
    let lines = json_lines(&run.stdout);
    let places: Vec<(i64, i64, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["line"].as_i64().unwrap(),
                l["column"].as_i64().unwrap(),
                l["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (1, 1, "briefing::source::unknown-key"),
            (2, 7, "briefing::source::type")
        ]
    );
}

/// A file with `blocks` blocks, each with a misspelt key.
fn misspelt_blocks(blocks: usize) -> String {
    let mut text =
        String::from("title: Many\ndate: 2025-12-05\nsections:\n  - heading: H\n    blocks:\n");
    for i in 0..blocks {
        text.push_str(&format!("      - buletts: [item {i}]\n"));
    }
    text
}

#[test]
fn past_twenty_errors_the_rest_are_counted() {
    let dir = scratch(&[("many", &misspelt_blocks(30))]);
    let run = briefing(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let reported = run.stderr.matches("unknown key `buletts`").count();
    assert_eq!(reported, 20, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("and 10 more errors in source/many.yaml"),
        "{}",
        run.stderr
    );
    // The first twenty in the order of the file: lines 6 to 25.
    assert!(
        run.stderr.contains("source/many.yaml:6:9:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("source/many.yaml:25:9:"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("source/many.yaml:26:9:"),
        "{}",
        run.stderr
    );

    let run = briefing(dir.path(), &["check", "--message-format", "json"]);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 21, "{}", run.stdout);
    let last = &lines[20];
    assert_eq!(last["code"], "briefing::source::more");
    assert_eq!(last["message"], "and 10 more errors in source/many.yaml");
    assert_eq!(last["line"], serde_json::Value::Null);
}

const MIXED: &str = "\
title: Mixed
date: 2025-12-05
sections:
  - heading: First
    blocks:
      - bullets: 5
      - A good paragraph.
      - table:
          columns: [{title: A, decimals: 9}]
          rows: [[1], [2, 3]]
      - note: [not, text]
      - chart: {kind: pie, table: t, x: A, series: [A], alt: x}
  - heading: ''
    blocks:
      - colour: red
      - A [link](mea.gov.in) that is not a URL.
";

#[test]
fn wrong_values_are_found_block_by_block_beside_broken_rules() {
    let dir = scratch(&[("mixed", MIXED)]);
    let run = briefing(dir.path(), &["check", "--message-format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    let found: Vec<(i64, &str)> = lines
        .iter()
        .map(|l| (l["line"].as_i64().unwrap(), l["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (6, "briefing::source::type"),
            (9, "briefing::source::invalid"),
            (10, "briefing::source::invalid"),
            (11, "briefing::source::type"),
            (12, "briefing::source::unknown-key"),
            (13, "briefing::source::invalid"),
            (15, "briefing::source::unknown-key"),
            (16, "briefing::source::markup"),
        ],
        "{}",
        run.stdout
    );
    // A build refuses it with the same list and writes nothing.
    let run = briefing(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr.matches("source/mixed.yaml:").count(),
        8 * 2,
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("output/mixed.pdf").exists());
}

#[test]
fn one_error_alone_reads_as_before() {
    let text = KEY_AND_DATE.replace("titel", "title");
    let dir = scratch(&[("one", &text)]);
    let run = briefing(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.matches("× ").count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("more error"), "{}", run.stderr);
}

#[test]
fn a_file_of_hundreds_of_wrong_values_says_there_may_be_more() {
    // Each wrong value costs serde a read of the file; past a bound on reads the count is
    // of those found, and the report says so.
    let mut text = misspelt_blocks(0);
    for _ in 0..300 {
        text.push_str("      - bullets: 5\n");
    }
    let dir = scratch(&[("hundreds", &text)]);
    let run = briefing(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.matches("× ").count(), 20, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("and 180 more errors in source/hundreds.yaml, perhaps others after them"),
        "{}",
        run.stderr
    );
}
