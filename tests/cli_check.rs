//! `briefing check` as CI runs it: the real binary in a scratch directory, exit codes, JSON
//! lines and `--up-to-date` against a committed `output/` PDF. Every run has a deadline.

use std::path::Path;

mod common;

use common::{briefing, scratch, Run};

const GOOD: &str = include_str!("fixtures/layout/wrapping-bullet.yaml");
const UNKNOWN_KEY: &str = include_str!("fixtures/source/unknown-key.yaml");

/// Keys every JSON line carries, in this order (documented in docs/ci.md).
const KEYS: [&str; 7] = [
    "file", "line", "column", "severity", "code", "message", "help",
];

/// Every stdout line as a JSON object with exactly the documented keys.
fn json_lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|err| panic!("not JSON ({err}): {line}"));
            let keys: Vec<&str> = value
                .as_object()
                .expect("an object per line")
                .keys()
                .map(String::as_str)
                .collect();
            let mut expected = KEYS.to_vec();
            expected.sort_unstable();
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, expected, "{line}");
            // serde_json's map is sorted, so read the order off the text itself.
            let at = |key: &str| line.find(&format!("\"{key}\":")).expect("the key");
            assert!(KEYS.windows(2).all(|w| at(w[0]) < at(w[1])), "{line}");
            value
        })
        .collect()
}

#[test]
fn valid_sources_exit_0_silently() {
    let dir = scratch(&[("one", GOOD), ("two", GOOD)]);
    for format in ["human", "json"] {
        let run = briefing(dir.path(), &["check", "--message-format", format]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr, "");
    }
}

#[test]
fn without_files_every_source_is_checked_and_one_error_exits_1() {
    let dir = scratch(&[("bad", UNKNOWN_KEY), ("good", GOOD)]);
    let run = briefing(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("source/bad.yaml:1:1: unknown key `titel`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("good.yaml"), "{}", run.stderr);
}

#[test]
fn json_lines_carry_the_location_the_human_report_shows() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/source");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|ext| ext != "yaml") {
            continue;
        }
        // Named relative to the working directory, as CI names them.
        let file = path
            .file_name()
            .and_then(|name| name.to_str())
            .expect("a UTF-8 name");
        let human = briefing(&fixtures, &["check", file]);
        let json = briefing(&fixtures, &["check", "--message-format", "json", file]);
        assert_eq!(json.code, Some(1), "{file}");
        assert_eq!(json.stderr, "", "{file}: JSON mode keeps stderr quiet");
        let lines = json_lines(&json);
        // One line per error, as the human report has one report per error.
        let reports = human
            .stderr
            .lines()
            .filter(|line| line.starts_with("  × "))
            .count();
        assert_eq!(lines.len(), reports, "{file}: {}", json.stdout);
        for line in &lines {
            assert_eq!(line["file"], file);
            assert_eq!(line["severity"], "error");
            assert!(line["code"]
                .as_str()
                .is_some_and(|code| code.starts_with("briefing::source::")));
            let (row, column) = (&line["line"], &line["column"]);
            assert!(row.as_u64().is_some_and(|n| n >= 1), "{line}");
            assert!(column.as_u64().is_some_and(|n| n >= 1), "{line}");
            let located = format!("{file}:{row}:{column}: ");
            assert!(
                human.stderr.contains(&located),
                "{located} in {}",
                human.stderr
            );
            // The human report wraps long lines, so compare word by word.
            let words = |key: &str| -> Vec<String> {
                let text = line[key].as_str().unwrap_or_default();
                text.split_whitespace().map(str::to_owned).collect()
            };
            for word in words("message").into_iter().chain(words("help")) {
                assert!(human.stderr.contains(&word), "{word} in {}", human.stderr);
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures");
}

/// Runic letters in a paragraph and in a table cell: no embedded face has them.
const UNCOVERED: &str = "title: Runes\ndate: 2025-12-05\nsections:\n  - heading: Runes\n    \
blocks:\n      - \"Futhark: ᚠᚢᚦ\"\n      - table:\n          columns: [Name, Rune]\n          \
rows:\n            - [fehu,   \"ᚠ\"]\n";

#[test]
fn warnings_carry_the_line_and_column_of_their_text() {
    let dir = scratch(&[("runes", UNCOVERED)]);
    let run = briefing(
        dir.path(),
        &["check", "--up-to-date", "--message-format", "json"],
    );
    let warnings: Vec<_> = json_lines(&run)
        .into_iter()
        .filter(|line| line["severity"] == "warning")
        .collect();
    let places: Vec<(u64, u64)> = warnings
        .iter()
        .map(|w| {
            assert_eq!(w["file"], "source/runes.yaml");
            assert_eq!(w["code"], "briefing::typeset::missing-glyph");
            (
                w["line"].as_u64().expect("a line"),
                w["column"].as_u64().expect("a column"),
            )
        })
        .collect();
    // One warning for the paragraph's string, naming its three runes, then one for the cell
    // (after the extra spaces).
    assert_eq!(places, [(6, 9), (10, 24)]);
    assert_eq!(
        warnings[0]["message"],
        "no font has a glyph for 'ᚠ' (U+16A0), 'ᚢ' (U+16A2) or 'ᚦ' (U+16A6)"
    );

    let build = briefing(dir.path(), &["build"]);
    assert!(build.success(), "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("warning: source/runes.yaml:10:24: no font has a glyph for 'ᚠ'"),
        "{}",
        build.stderr
    );
}

#[test]
fn a_language_without_hyphenation_patterns_is_a_warning_at_its_line() {
    let yaml = "title: T\ndate: 2025-12-05\nlanguage: xx\nsections:\n  - heading: H\n    blocks: [Text.]\n";
    let dir = scratch(&[("xx", yaml)]);
    let run = briefing(dir.path(), &["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: source/xx.yaml:3:11: there are no hyphenation patterns for `language: xx`"
        ),
        "{}",
        run.stderr
    );
    let english = scratch(&[("en", &yaml.replace("xx", "en-GB"))]);
    let run = briefing(english.path(), &["build"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn up_to_date_passes_on_a_fresh_output() {
    let dir = scratch(&[("one", GOOD)]);
    let build = briefing(dir.path(), &["build", "--quiet"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    for format in ["human", "json"] {
        let run = briefing(
            dir.path(),
            &["check", "--up-to-date", "--message-format", format],
        );
        assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr, "");
    }
}

#[test]
fn up_to_date_fails_when_the_source_changed_since_the_build() {
    let dir = scratch(&[("one", GOOD)]);
    assert_eq!(briefing(dir.path(), &["build", "-q"]).code, Some(0));
    let edited = GOOD.replace("A short one.", "A short one, edited.");
    assert_ne!(edited, GOOD);
    std::fs::write(dir.path().join("source/one.yaml"), edited).expect("an edit");

    let run = briefing(dir.path(), &["check", "--up-to-date", "source/one.yaml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("output/one.pdf is stale: it differs from what source/one.yaml builds"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("run `briefing build source/one.yaml` and commit output/one.pdf"),
        "{}",
        run.stderr
    );

    let run = briefing(
        dir.path(),
        &["check", "--up-to-date", "--message-format", "json"],
    );
    assert_eq!(run.code, Some(1));
    let lines = json_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0]["code"], "briefing::stale-output");
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["file"], "source/one.yaml");
    assert!(lines[0]["line"].is_null() && lines[0]["column"].is_null());
}

#[test]
fn up_to_date_compares_bytes_not_only_sizes() {
    let dir = scratch(&[("one", GOOD)]);
    assert_eq!(briefing(dir.path(), &["build", "-q"]).code, Some(0));
    let pdf = dir.path().join("output/one.pdf");
    let mut bytes = std::fs::read(&pdf).expect("the PDF");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&pdf, &bytes).expect("a tampered PDF");

    let run = briefing(dir.path(), &["check", "--up-to-date"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("output/one.pdf is stale"),
        "{}",
        run.stderr
    );
}

#[test]
fn up_to_date_fails_when_the_output_is_missing() {
    let dir = scratch(&[("one", GOOD)]);
    let run = briefing(dir.path(), &["check", "--up-to-date"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("output/one.pdf is missing"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("briefing build source/one.yaml"));
    assert!(!dir.path().join("output").exists(), "check never writes");
}

#[test]
fn up_to_date_reports_a_source_error_rather_than_staleness() {
    let dir = scratch(&[("one", UNKNOWN_KEY)]);
    let run = briefing(
        dir.path(),
        &["check", "--up-to-date", "--message-format", "json"],
    );
    assert_eq!(run.code, Some(1));
    let lines = json_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0]["code"], "briefing::source::unknown-key");
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch(&[("one", GOOD)]);
    for args in [
        &["check", "--message-format", "xml"][..],
        &["check", "--no-such-flag"][..],
    ] {
        let run = briefing(dir.path(), args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("error:"), "{}", run.stderr);
    }
    let empty = tempfile::tempdir().expect("a temporary directory");
    let run = briefing(empty.path(), &["check"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("source/"), "{}", run.stderr);
}

#[test]
fn io_errors_exit_2_and_outrank_source_errors() {
    let dir = scratch(&[("bad", UNKNOWN_KEY)]);
    let run = briefing(
        dir.path(),
        &[
            "check",
            "--message-format",
            "json",
            "source/bad.yaml",
            "source/absent.yaml",
        ],
    );
    assert_eq!(run.code, Some(2));
    let lines = json_lines(&run);
    let codes: Vec<&str> = lines.iter().filter_map(|l| l["code"].as_str()).collect();
    assert_eq!(codes, ["briefing::source::unknown-key", "briefing::io"]);
    assert_eq!(lines[1]["file"], "source/absent.yaml");

    // An output path that cannot be a PDF is an I/O problem, not a stale file.
    let dir = scratch(&[("one", GOOD)]);
    std::fs::create_dir_all(dir.path().join("output/one.pdf")).expect("a directory");
    let run = briefing(dir.path(), &["check", "--up-to-date"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("output/one.pdf"), "{}", run.stderr);
}

/// The example in docs/ci.md has the keys the binary prints, so the docs cannot drift.
#[test]
fn the_documented_json_example_has_the_real_keys() {
    let docs = include_str!("../docs/ci.md");
    let examples: Vec<&str> = docs
        .lines()
        .filter(|line| line.starts_with("{\"file\""))
        .collect();
    assert!(!examples.is_empty(), "docs/ci.md shows no JSON line");
    for example in examples {
        let run = Run {
            code: None,
            stdout: example.to_string(),
            stderr: String::new(),
        };
        json_lines(&run);
    }
}

#[test]
fn the_committed_output_is_what_the_committed_sources_build() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = briefing(root, &["check", "--up-to-date"]);
    assert_eq!(
        run.code,
        Some(0),
        "rebuild with `briefing build` and commit output/: {}",
        run.stderr
    );
}
