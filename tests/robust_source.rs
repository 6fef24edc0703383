//! Issue 12, sources at the edges, through the real binary: errors on enormous lines, alias
//! bombs, positions with control characters, a second document and CR line endings, and
//! binary files. Each ends in exit 1 with the real `line:col` and a report of a few KB.

use std::time::{Duration, Instant};

mod common;

use common::{briefing, scratch};

/// A briefing on one line of JSON (valid YAML), `filler` characters long in its paragraph,
/// with a misspelt key `titel` at the end.
fn minified(filler: usize) -> String {
    format!(
        "{{\"title\":\"T\",\"date\":\"2025-12-05\",\"sections\":[{{\"heading\":\"H\",\"blocks\":[\"{}\"]}}],\"titel\":\"x\"}}\n",
        "a".repeat(filler)
    )
}

#[test]
fn an_error_on_an_enormous_line_is_a_short_report_with_a_window() {
    for filler in [60_000, 70_000, 1_000_000] {
        let source = minified(filler);
        // The key's opening quote, 1-based.
        let column = source.find("\"titel\"").unwrap() + 1;
        let dir = scratch(&[("one", &source)]);
        for command in ["build", "check"] {
            let run = briefing(dir.path(), &[command, "source/one.yaml"]);
            assert_eq!(
                run.code,
                Some(1),
                "{command}: {}",
                &run.stderr[..run.stderr.len().min(2000)]
            );
            assert!(
                run.stderr.len() < 4096,
                "{} bytes of report",
                run.stderr.len()
            );
            assert!(
                run.stderr.contains(&format!("source/one.yaml:1:{column}")),
                "{}",
                run.stderr
            );
            // A window around the column, cut with "…" where the line goes on.
            assert!(run.stderr.contains(" │ …aaaa"), "{}", run.stderr);
            assert!(run.stderr.contains("\"titel\":\"x\"}"), "{}", run.stderr);
            assert!(
                run.stderr.contains("`title`"),
                "did you mean: {}",
                run.stderr
            );
        }
        let run = briefing(
            dir.path(),
            &["check", "--message-format", "json", "source/one.yaml"],
        );
        assert_eq!(run.code, Some(1));
        assert!(
            run.stdout.contains(&format!("\"column\":{column}")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn aliases_that_expand_too_far_are_refused_at_the_alias_quickly() {
    // 100 KB aliased 20 000 times: 2 GB once expanded, from a 180 KB file.
    let mut source = format!(
        "title: T\ndate: 2025-12-05\nx: &big \"{}\"\nsections:\n  - heading: H\n    blocks:\n",
        "a".repeat(100_000)
    );
    for _ in 0..20_000 {
        source.push_str("      - *big\n");
    }
    let dir = scratch(&[("bomb", &source)]);
    for command in ["check", "build"] {
        let started = Instant::now();
        let run = briefing(dir.path(), &[command, "source/bomb.yaml"]);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("aliases expand the document past"),
            "{}",
            run.stderr
        );
        // Refused at an alias on its own line, not at 1:1.
        assert!(run.stderr.contains("source/bomb.yaml:"), "{}", run.stderr);
        let at_line = run.stderr.split("source/bomb.yaml:").nth(1).unwrap();
        let line: usize = at_line.split(':').next().unwrap().parse().unwrap();
        assert!(line > 7, "at line {line}");
        // A debug build on a loaded machine; the release binary takes milliseconds.
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }
    // A few aliases of a small anchor are fine.
    let fine = "title: &t Title\ndate: 2025-12-05\nsubtitle: *t\nsections:\n  - heading: *t\n    blocks: [*t, *t]\n";
    let dir = scratch(&[("fine", fine)]);
    assert!(briefing(dir.path(), &["build"]).success());
}

#[test]
fn control_characters_are_reported_at_their_line_escaped() {
    let source = "title: T\ndate: 2025-12-05\nsections:\n  - heading: H\n    blocks:\n      - \"bell \u{7} here\"\n";
    let dir = scratch(&[("one", source)]);
    let run = briefing(dir.path(), &["check", "source/one.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("source/one.yaml:6:"), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{7}'),
        "the raw control character reached the terminal"
    );
    assert!(run.stderr.contains("\\x07"), "{}", run.stderr);
}

#[test]
fn a_second_document_is_reported_where_it_starts() {
    let source =
        "title: T\ndate: 2025-12-05\nsections:\n  - heading: H\n    blocks: [a]\n---\ntitle: U\n";
    let dir = scratch(&[("one", source)]);
    let run = briefing(dir.path(), &["check", "source/one.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("source/one.yaml:6:1: a second YAML document"),
        "{}",
        run.stderr
    );
}

#[test]
fn carriage_return_line_endings_give_the_real_line() {
    let source =
        "title: T\rdate: 2025-12-05\rsections:\r  - heading: H\r    blocks: [a]\r    colour: red\r";
    let dir = scratch(&[("one", source)]);
    let run = briefing(dir.path(), &["check", "source/one.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("source/one.yaml:6:5"), "{}", run.stderr);
    assert!(
        run.stderr.contains(" 6 │     colour: red"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_binary_file_is_shown_escaped() {
    let mut source = b"title: T\ndate: 2025-12-05\nx: \"\x1b[2J\xC3\x28\"\n".to_vec();
    source.extend_from_slice(&[0u8, 1, 2, 0xFF, 0xFE]);
    let dir = scratch(&[]);
    std::fs::write(dir.path().join("source/bin.yaml"), &source).unwrap();
    let run = briefing(dir.path(), &["check", "source/bin.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("source/bin.yaml:3:9"), "{}", run.stderr);
    assert!(run.stderr.contains("(\\xC3 is not text)"), "{}", run.stderr);
    assert!(
        run.stderr.contains("\\x1B[2J\\xC3("),
        "the snippet, escaped: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{1b}'),
        "a raw escape reached the terminal: {:?}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{fffd}'), "{:?}", run.stderr);
}
