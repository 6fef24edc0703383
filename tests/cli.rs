//! The command line, driven as a user drives it: the real binary in a scratch directory.

use std::path::PathBuf;
use std::time::Duration;

mod common;

use common::{briefing, eventually, scratch, Watch};

const GOOD: &str = include_str!("fixtures/layout/wrapping-bullet.yaml");
const SEED: &str = include_str!("../source/india-russia.yaml");

#[test]
fn build_without_files_builds_every_source() {
    let dir = scratch(&[("one", GOOD), ("two", GOOD)]);
    let out = briefing(dir.path(), &["build"]);
    assert!(out.success(), "{}", out.stderr);
    for name in ["one", "two"] {
        let pdf = std::fs::read(dir.path().join(format!("output/{name}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
    let log = out.stderr;
    assert!(
        log.contains("source/one.yaml → output/one.pdf (1 page"),
        "{log}"
    );
    assert!(log.contains("built 2 of 2 documents"), "{log}");
}

#[test]
fn quiet_build_prints_nothing_and_output_goes_where_asked() {
    let dir = scratch(&[("one", GOOD)]);
    let out = briefing(
        dir.path(),
        &[
            "build",
            "--quiet",
            "source/one.yaml",
            "-o",
            "elsewhere/x.pdf",
        ],
    );
    assert!(out.success(), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(dir.path().join("elsewhere/x.pdf").is_file());
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_failed_build_keeps_the_previous_pdf() {
    let dir = scratch(&[("one", GOOD)]);
    assert!(briefing(dir.path(), &["build", "source/one.yaml"]).success());
    let pdf = dir.path().join("output/one.pdf");
    let before = std::fs::read(&pdf).unwrap();
    std::fs::write(dir.path().join("source/one.yaml"), "title: [unclosed\n").unwrap();
    let out = briefing(dir.path(), &["build", "source/one.yaml"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("source/one.yaml"), "{}", out.stderr);
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
}

#[test]
fn io_errors_exit_2_and_name_the_path() {
    let dir = scratch(&[("one", GOOD)]);
    let out = briefing(dir.path(), &["build", "source/missing.yaml"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("source/missing.yaml"), "{}", out.stderr);
    std::fs::create_dir(dir.path().join("taken")).unwrap();
    let out = briefing(dir.path(), &["build", "source/one.yaml", "-o", "taken"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("taken: is a directory"),
        "{}",
        out.stderr
    );
    let out = briefing(
        dir.path(),
        &["build", "source/one.yaml", "source/one.yaml", "-o", "x.pdf"],
    );
    assert_eq!(out.code, Some(2));
}

#[test]
fn init_writes_a_template_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefing(dir.path(), &["init", "new-one"]);
    assert!(out.success(), "{}", out.stderr);
    assert!(dir.path().join("source/new-one.yaml").is_file());
    let out = briefing(dir.path(), &["build", "source/new-one.yaml"]);
    assert!(out.success(), "{}", out.stderr);
    assert!(out.stderr.contains("(1 page"), "{}", out.stderr);
    let again = briefing(dir.path(), &["init", "new-one"]);
    assert_eq!(again.code, Some(2));
    assert!(again.stderr.contains("already exists"));
    assert_eq!(briefing(dir.path(), &["init", "../escape"]).code, Some(2));
}

fn modified(path: &PathBuf) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

#[test]
fn watch_rebuilds_on_save_keeps_the_last_good_pdf_and_recovers() {
    let dir = scratch(&[("one", GOOD)]);
    let source = dir.path().join("source/one.yaml");
    let pdf = dir.path().join("output/one.pdf");
    let _watch = Watch::start(dir.path(), &["source/one.yaml"]);
    let first = std::fs::read(&pdf).unwrap();

    std::fs::write(
        &source,
        GOOD.replace("A short one.", "A short one, edited."),
    )
    .unwrap();
    eventually("the rebuild after an edit", || {
        std::fs::read(&pdf).is_ok_and(|b| b != first)
    });
    let edited = std::fs::read(&pdf).unwrap();

    let stamp = modified(&pdf);
    std::fs::write(&source, "title: [unclosed\n").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(modified(&pdf), stamp, "a broken save touched the PDF");
    assert_eq!(std::fs::read(&pdf).unwrap(), edited);

    // Fixed by writing a new file and renaming it over the old, as vim and many IDEs save.
    let temp = dir.path().join("source/.one.yaml.swp");
    std::fs::write(&temp, GOOD).unwrap();
    std::fs::rename(&temp, &source).unwrap();
    eventually("the rebuild after a rename-save", || {
        std::fs::read(&pdf).is_ok_and(|b| b != edited)
    });
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        first,
        "the same source gives the same bytes"
    );
}

const RUNIC: &str = "title: Runes\ndate: 2025-12-05\nsections:\n  - heading: Runes\n    blocks:\n      - \"ᚠᚢᚦᚨᚱᚲ\"\n";

fn fixture_fonts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
}

/// Whether a font whose name contains `name` is embedded (font dictionaries sit in
/// compressed object streams, so the bytes are read as a PDF).
fn embeds(pdf: &[u8], name: &str) -> bool {
    let Ok(doc) = lopdf::Document::load_mem(pdf) else {
        return false;
    };
    doc.objects.values().any(|object| {
        object
            .as_dict()
            .and_then(|dict| dict.get(b"BaseFont"))
            .and_then(lopdf::Object::as_name)
            .is_ok_and(|font| font.windows(name.len()).any(|w| w == name.as_bytes()))
    })
}

#[test]
fn limits_are_flags_and_their_errors_name_the_file() {
    let dir = scratch(&[("one", GOOD), ("seed", SEED)]);
    let out = briefing(
        dir.path(),
        &["build", "--max-pages", "1", "source/seed.yaml"],
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("source/seed.yaml: the briefing runs to more than 1 page"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("split the briefing, or raise the limit with `--max-pages`"),
        "{}",
        out.stderr
    );
    assert!(!dir.path().join("output/seed.pdf").exists());

    let out = briefing(dir.path(), &["check", "--max-source-bytes", "100"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("source/one.yaml:1:1: the file is larger than 100 bytes"),
        "{}",
        out.stderr
    );
    // The library names the limit; the command line says which flag raises it.
    assert!(
        out.stderr
            .contains("split the briefing, or raise the limit with `--max-source-bytes`"),
        "{}",
        out.stderr
    );
    let out = briefing(dir.path(), &["check", "--max-depth", "2"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("nest three deep, or raise the limit with `--max-depth`"),
        "{}",
        out.stderr
    );
    for bad in [
        ["--max-pages", "0"],
        ["--max-depth", "0"],
        ["--max-depth", "129"],
        ["--max-pages", "x"],
    ] {
        let out = briefing(dir.path(), &["build", bad[0], bad[1]]);
        assert_eq!(out.code, Some(2), "{bad:?}: {}", out.stderr);
        assert!(out.stderr.contains(bad[0]), "{}", out.stderr);
    }
    let out = briefing(
        dir.path(),
        &[
            "build",
            "--max-pages",
            "1",
            "--max-table-cells",
            "1",
            "source/one.yaml",
        ],
    );
    assert!(out.success(), "{}", out.stderr);
}

#[test]
fn font_dir_adds_faces_and_a_bad_font_dir_is_a_usage_error() {
    let dir = scratch(&[("runes", RUNIC)]);
    let out = briefing(dir.path(), &["build"]);
    assert!(out.success(), "{}", out.stderr);
    assert!(
        out.stderr.contains("warning: source/runes.yaml"),
        "{}",
        out.stderr
    );
    let pdf = dir.path().join("output/runes.pdf");
    assert!(!embeds(&std::fs::read(&pdf).unwrap(), "NotoSansRunic"));

    let fonts = fixture_fonts();
    let out = briefing(
        dir.path(),
        &["build", "--font-dir", fonts.to_str().unwrap()],
    );
    assert!(out.success(), "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    assert!(embeds(&std::fs::read(&pdf).unwrap(), "NotoSansRunic"));

    let before = std::fs::read(&pdf).unwrap();
    for args in [
        ["build", "--font-dir", "missing"],
        ["check", "--font-dir", "missing"],
        ["watch", "--font-dir", "missing"],
    ] {
        let out = briefing(dir.path(), &args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("missing: "), "{}", out.stderr);
    }
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}

#[test]
fn watch_rebuilds_when_a_font_in_a_font_dir_changes() {
    let dir = scratch(&[("runes", RUNIC)]);
    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    let pdf = dir.path().join("output/runes.pdf");
    let _watch = Watch::start(dir.path(), &["--font-dir", "fonts"]);
    assert!(!embeds(&std::fs::read(&pdf).unwrap(), "NotoSansRunic"));

    let font = std::fs::read(fixture_fonts().join("NotoSansRunic-Regular.ttf")).unwrap();
    std::fs::write(fonts.join("NotoSansRunic-Regular.ttf"), &font).unwrap();
    eventually("the rebuild with the new font", || {
        std::fs::read(&pdf).is_ok_and(|b| embeds(&b, "NotoSansRunic"))
    });
    let with_runes = std::fs::read(&pdf).unwrap();

    // A half-copied font is an error: the PDF stays as it was.
    let stamp = modified(&pdf);
    std::fs::write(fonts.join("Broken.ttf"), &font[..100]).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(modified(&pdf), stamp, "a broken font touched the PDF");

    // Removing it rebuilds, to the same bytes.
    std::fs::remove_file(fonts.join("Broken.ttf")).unwrap();
    eventually("the rebuild after the broken font went", || {
        modified(&pdf) != stamp
    });
    assert_eq!(std::fs::read(&pdf).unwrap(), with_runes);
}

#[test]
fn a_table_too_wide_fails_build_and_check_at_its_line_and_writes_nothing() {
    let wide = include_str!("fixtures/layout-errors/table-too-wide.yaml");
    let dir = scratch(&[("wide", wide)]);
    for command in ["build", "check"] {
        let out = briefing(dir.path(), &[command, "source/wide.yaml"]);
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        assert!(
            out.stderr
                .contains("source/wide.yaml:9:11: this table is 183 mm too wide"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("wider page"), "{}", out.stderr);
    }
    assert!(!dir.path().join("output/wide.pdf").exists());
}
