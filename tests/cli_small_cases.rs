//! Smaller cases of everyday use, through the binary: a syntax error at the end of a file is
//! placed on its last line, `check --up-to-date` warnings name their file, and the JSON
//! sample in docs/ci.md is what the binary prints.

mod common;

use common::{briefing, scratch};

#[test]
fn a_syntax_error_at_the_end_is_placed_on_the_last_line() {
    // Six lines; the parser notices the unclosed list only past the last line break.
    let text = "title: A briefing\ndate: 2025-12-05\nsections:\n  - heading: About\n    \
                blocks:\n      - [unclosed, list\n";
    let dir = scratch(&[("eof", text)]);
    let run = briefing(dir.path(), &["check", "--message-format", "json"]);
    assert_eq!(run.code, Some(1));
    let line: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(line["code"], "briefing::source::syntax");
    assert_eq!(
        (line["line"].as_i64(), line["column"].as_i64()),
        (Some(6), Some(24))
    );
    // Without a final line break, and with blank lines after it, the same place.
    let dir = scratch(&[("eof", &format!("{}\n\n  \n", text.trim_end()))]);
    let run = briefing(dir.path(), &["check", "--message-format", "json"]);
    let line: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(
        (line["line"].as_i64(), line["column"].as_i64()),
        (Some(6), Some(24))
    );
}

#[test]
fn up_to_date_warnings_name_their_file() {
    let text = "title: Runes\ndate: 2025-12-05\nsections:\n  - heading: About\n    blocks:\n      \
                - \"A \\u16A0 rune no font has.\"\n";
    let dir = scratch(&[("runes", text)]);
    assert!(briefing(dir.path(), &["build"]).success());
    let run = briefing(dir.path(), &["check", "--up-to-date"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: source/runes.yaml:6:9: no font has a glyph"),
        "{}",
        run.stderr
    );
    let run = briefing(
        dir.path(),
        &["check", "--up-to-date", "--message-format", "json"],
    );
    let line: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(line["file"], "source/runes.yaml");
    assert_eq!(line["severity"], "warning");
}

/// The fenced block after `marker` in `text`.
fn block_after<'t>(text: &'t str, marker: &str, fence: &str) -> &'t str {
    let from = text.find(marker).expect("the marker") + marker.len();
    let start = text[from..].find(fence).expect("the fence") + from + fence.len();
    let end = text[start..].find("```").expect("the closing fence") + start;
    &text[start..end]
}

#[test]
fn the_json_sample_in_the_ci_doc_is_what_the_binary_prints() {
    let doc = include_str!("../docs/ci.md");
    let example = "For example, a source with a misspelt key";
    let source = block_after(doc, example, "```yaml\n");
    let sample = block_after(doc, example, "```json\n");
    let seed = "title: India-Russia\ndate: 2025-12-05\nsections:\n  - heading: About\n    \
                blocks: [Hello.]\n";
    let dir = scratch(&[("india-russia", seed)]);
    assert!(briefing(dir.path(), &["build"]).success());
    let pdf = dir.path().join("output/india-russia.pdf");
    let mut stale = std::fs::read(&pdf).unwrap();
    stale.extend_from_slice(b"\n% edited\n");
    std::fs::write(&pdf, stale).unwrap();
    std::fs::write(dir.path().join("source/brief.yaml"), source).unwrap();
    let run = briefing(
        dir.path(),
        &["check", "--up-to-date", "--message-format", "json"],
    );
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stdout, sample,
        "docs/ci.md's sample differs from the output"
    );
    // Every line has the documented keys, in the documented order.
    for line in run.stdout.lines() {
        let keys: Vec<String> = serde_json::from_str::<serde_json::Map<_, _>>(line)
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut sorted = vec![
            "file", "line", "column", "severity", "code", "message", "help",
        ];
        sorted.sort_unstable();
        assert_eq!(keys, sorted, "{line}");
        assert!(line.starts_with("{\"file\":"), "{line}");
    }
}
