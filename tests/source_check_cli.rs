//! `briefing check` from the outside: exit codes and what reaches stderr.

use std::process::{Command, Output};

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("check")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_seed_passes() {
    let output = check(&["source/india-russia.yaml"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_bad_source_exits_1_with_file_line_column_and_no_colour() {
    let output = check(&[
        "source/india-russia.yaml",
        "tests/fixtures/source/unknown-key.yaml",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(
        "tests/fixtures/source/unknown-key.yaml:1:1: unknown key `titel`, did you mean `title`?"
    ));
    assert!(stderr.contains("1 │ titel: A briefing"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "colour codes in {stderr}");
}

#[test]
fn every_bad_fixture_exits_1() {
    let dir = std::path::Path::new("tests/fixtures/source");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            let output = check(&[path.to_str().expect("a UTF-8 path")]);
            assert_eq!(output.status.code(), Some(1), "{}", path.display());
            let stderr = String::from_utf8_lossy(&output.stderr);
            let located = format!("{}:", path.display());
            assert!(stderr.contains(&located), "{stderr}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} fixtures");
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let output = check(&["no/such/briefing.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/briefing.yaml"));
}

#[test]
fn schema_prints_json() {
    let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("schema")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(schema["title"], "Briefing");
    assert!(schema["properties"]["sections"].is_object());
}
