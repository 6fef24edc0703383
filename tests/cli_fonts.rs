//! Issue 17, fonts through the binary: `briefing fonts` lists the faces a build would use,
//! `BRIEFING_FONT_PATHS` adds font directories, a directory with no fonts is a warning.

use std::path::{Path, PathBuf};

mod common;

use common::{briefing, briefing_with_env, scratch};

const RUNIC: &str = "title: Runes\ndate: 2025-12-05\nsections:\n  - heading: Runes\n    blocks:\n      - \"ᚠᚢᚦᚨᚱᚲ\"\n";

fn fixture_fonts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
}

#[test]
fn fonts_lists_the_embedded_faces_by_family_with_their_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefing(dir.path(), &["fonts"]);
    assert!(out.success(), "{}", out.stderr);
    let families: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .collect();
    assert_eq!(
        families,
        ["Noto Serif", "Noto Sans", "Noto Sans Devanagari"]
    );
    let faces = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ├ ") || l.starts_with("  └ "))
        .count();
    assert_eq!(faces, 8, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "  └ NotoSerif-BoldItalic (embedded)\n      Style: Italic, Weight: 700, Stretch: 100%\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("   Scripts: Devanagari"),
        "{}",
        out.stdout
    );
}

#[test]
fn font_paths_from_the_environment_are_listed_and_used_like_font_dirs() {
    let dir = scratch(&[("runes", RUNIC)]);
    let fonts = fixture_fonts();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let paths = std::env::join_paths([&empty, &fonts]).unwrap();
    let env = [
        ("NO_COLOR", "1"),
        ("BRIEFING_FONT_PATHS", paths.to_str().unwrap()),
    ];

    let out = briefing_with_env(dir.path(), &["fonts"], &env);
    assert!(out.success(), "{}", out.stderr);
    let runic = fonts.join("NotoSansRunic-Regular.ttf");
    let listed = format!(
        "\n\nNoto Sans Runic\n  └ NotoSansRunic-Regular ({})\n      Style: Normal, Weight: 400, \
         Stretch: 100%\n      Scripts: Runic; ",
        runic.display()
    );
    assert!(out.stdout.contains(&listed), "{}", out.stdout);
    assert!(
        out.stderr.contains(&format!(
            "warning: {}: no .ttf or .otf fonts in it",
            empty.display()
        )),
        "{}",
        out.stderr
    );

    let out = briefing_with_env(dir.path(), &["build"], &env);
    assert!(out.success(), "{}", out.stderr);
    assert!(
        !out.stderr.contains("ᚠ"),
        "no missing glyphs: {}",
        out.stderr
    );
    let without = briefing(dir.path(), &["build"]);
    assert!(without.stderr.contains("ᚠ"), "{}", without.stderr);

    let help = briefing(dir.path(), &["build", "--help"]);
    assert!(
        help.stdout.contains("BRIEFING_FONT_PATHS"),
        "{}",
        help.stdout
    );
}

#[test]
fn fonts_searches_subdirectories_and_says_where_each_face_is() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("fonts/noto/runic");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::copy(
        fixture_fonts().join("NotoSansRunic-Regular.ttf"),
        nested.join("NotoSansRunic-Regular.ttf"),
    )
    .unwrap();
    let out = briefing(dir.path(), &["fonts", "--font-dir", "fonts"]);
    assert!(out.success(), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("  └ NotoSansRunic-Regular (fonts/noto/runic/NotoSansRunic-Regular.ttf)\n"),
        "{}",
        out.stdout
    );
    let missing = briefing(dir.path(), &["fonts", "--font-dir", "nowhere"]);
    assert_eq!(missing.code, Some(2), "{}", missing.stderr);
    assert!(missing.stderr.contains("nowhere: "), "{}", missing.stderr);
}

#[test]
fn a_font_directory_warning_follows_checks_message_format() {
    let dir = scratch(&[("runes", RUNIC)]);
    let empty = dir.path().join("no-fonts");
    std::fs::create_dir(&empty).unwrap();
    let empty_arg = empty.to_str().unwrap();

    let json = briefing(
        dir.path(),
        &["check", "--message-format", "json", "--font-dir", empty_arg],
    );
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    assert!(
        json.stderr.is_empty(),
        "nothing besides JSON: {}",
        json.stderr
    );
    let line: serde_json::Value = serde_json::from_str(json.stdout.trim()).unwrap();
    assert_eq!(line["severity"], "warning");
    assert_eq!(line["code"], "briefing::fonts::directory");
    assert_eq!(line["file"], empty_arg);
    assert_eq!(line["message"], "no .ttf or .otf fonts in it");

    let human = briefing(dir.path(), &["check", "--font-dir", empty_arg]);
    assert_eq!(human.code, Some(0), "{}", human.stderr);
    let expected = format!("warning: {empty_arg}: no .ttf or .otf fonts in it");
    assert!(human.stderr.contains(&expected), "{}", human.stderr);
}
