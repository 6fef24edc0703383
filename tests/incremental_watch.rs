//! `briefing watch` rebuilds through a `Session`: after each save, the PDF it writes is
//! byte for byte what `briefing build` writes for the saved source.

use std::path::Path;
use std::process::Command;

mod common;
use common::{eventually, Watch};

const SEED: &str = include_str!("../source/india-russia.yaml");

fn built_lines(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .matches("source/x.yaml → output/x.pdf")
        .count()
}

/// What `briefing build` writes for `yaml`.
fn cold(dir: &Path, yaml: &str) -> Vec<u8> {
    let source = dir.join("cold.yaml");
    std::fs::write(&source, yaml).unwrap();
    let out = dir.join("cold.pdf");
    let status = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("build")
        .arg(&source)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .env_remove("BRIEFING_FONT_PATHS")
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read(out).unwrap()
}

#[test]
fn each_rebuild_writes_what_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    std::fs::create_dir_all(project.join("source")).unwrap();
    let source = project.join("source/x.yaml");
    let pdf = project.join("output/x.pdf");
    std::fs::write(&source, SEED).unwrap();
    let watch = Watch::start(project, &["source/x.yaml", "--debounce", "20"]);
    let log = watch.log.clone();
    eventually("the first build", || built_lines(&log) == 1);
    let first = std::fs::read_to_string(&log).unwrap();
    assert!(!first.contains("reused"), "{first}");
    let edits = [
        SEED.replace("cornerstone", "keystone"),
        SEED.replace("cornerstone", "keystone")
            .replace("title: India-Russia bilateral", "title: India and Russia"),
        SEED.replace(
            "  - heading: Recent Developments and Challenges\n",
            "  - heading: Now\n",
        ),
        SEED.to_string(),
    ];
    for (i, edit) in edits.iter().enumerate() {
        std::fs::write(&source, edit).unwrap();
        eventually("the rebuild", || built_lines(&log) == i + 2);
        if i == 0 {
            // A one-word edit on page 1 of the seed leaves page 2 as it was, and says so.
            let log = std::fs::read_to_string(&log).unwrap();
            assert!(log.contains("1 of 2 pages reused)"), "{log}");
        }
        let rebuilt = std::fs::read(&pdf).unwrap();
        assert!(
            rebuilt == cold(project, edit),
            "edit {i}: watch wrote other bytes than build"
        );
    }
}
