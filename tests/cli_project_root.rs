//! The project root, through the binary: found upwards from the working directory as cargo
//! finds `Cargo.toml`, or given with `--root`; PDFs always go to `<root>/output/`.

mod common;

use common::{briefing, scratch};

const DEMO: &str = "\
title: Demo
date: 2025-12-05
sections:
  - heading: About
    blocks: [A paragraph.]
";

#[test]
fn inside_source_a_build_writes_to_the_roots_output() {
    let dir = scratch(&[("demo", DEMO)]);
    let source = dir.path().join("source");
    let run = briefing(&source, &["build", "demo.yaml"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(
        dir.path().join("output/demo.pdf").is_file(),
        "{}",
        run.stderr
    );
    assert!(!source.join("output").exists(), "no output/ inside source/");
    assert!(run.stderr.contains("../output/demo.pdf"), "{}", run.stderr);
}

#[test]
fn inside_source_check_finds_every_source_of_the_project() {
    let dir = scratch(&[("demo", DEMO), ("other", DEMO)]);
    let source = dir.path().join("source");
    let run = briefing(&source, &["check"]);
    assert!(run.success(), "{}", run.stderr);
    // Built at the root, then checked from below it.
    assert!(briefing(dir.path(), &["build"]).success());
    let run = briefing(&source, &["check", "--up-to-date"]);
    assert!(run.success(), "{}", run.stderr);
    let deeper = source.join("drafts");
    std::fs::create_dir(&deeper).unwrap();
    let run = briefing(&deeper, &["check", "--up-to-date"]);
    assert!(run.success(), "{}", run.stderr);
}

#[test]
fn a_build_of_every_source_from_a_subdirectory_writes_to_the_root() {
    let dir = scratch(&[("demo", DEMO)]);
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    let run = briefing(&notes, &["build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(dir.path().join("output/demo.pdf").is_file());
    assert!(!notes.join("output").exists());
}

#[test]
fn root_names_the_project_from_anywhere() {
    let dir = scratch(&[("demo", DEMO)]);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let run = briefing(elsewhere.path(), &["--root", root, "build"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(dir.path().join("output/demo.pdf").is_file());
    let run = briefing(elsewhere.path(), &["check", "--root", root, "--up-to-date"]);
    assert!(run.success(), "{}", run.stderr);
    let run = briefing(elsewhere.path(), &["init", "fresh", "--root", root]);
    assert!(run.success(), "{}", run.stderr);
    assert!(dir.path().join("source/fresh.yaml").is_file());

    let missing = dir.path().join("nowhere");
    let run = briefing(
        elsewhere.path(),
        &["--root", missing.to_str().unwrap(), "build"],
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
}

#[test]
fn without_a_project_files_build_into_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loose.yaml"), DEMO).unwrap();
    let run = briefing(dir.path(), &["build", "loose.yaml"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(dir.path().join("output/loose.pdf").is_file());
}
