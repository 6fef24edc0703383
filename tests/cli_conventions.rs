//! What users of command-line tools expect besides the work itself: completions and a manual
//! page, `--color`, `init` that takes a file name or `--force`, `.yml` sources, and figures
//! rounded as written.

use std::process::Command;

mod common;

use common::{briefing, briefing_with_env, scratch};

const UNKNOWN_KEY: &str = include_str!("fixtures/source/unknown-key.yaml");

#[test]
fn completions_and_the_manual_page_describe_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = briefing(dir.path(), &["completions", shell]);
        assert!(out.success(), "{shell}: {}", out.stderr);
        for command in ["build", "check", "watch", "init", "fonts", "schema"] {
            assert!(out.stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let out = briefing(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.code, Some(2));

    let out = briefing(dir.path(), &["man"]);
    assert!(out.success(), "{}", out.stderr);
    assert!(out.stdout.starts_with(".ie"), "{}", &out.stdout[..80]);
    assert!(out.stdout.contains(".TH briefing 1"), "{}", out.stdout);
    assert!(out.stdout.contains(r"\-\-color"), "{}", out.stdout);
    // It is a page `man` can read, where man is installed.
    if let Ok(man) = Command::new("man").arg("--version").output() {
        if man.status.success() {
            let page = dir.path().join("briefing.1");
            std::fs::write(&page, &out.stdout).unwrap();
            let shown = Command::new("man")
                .arg(&page)
                .env("MANPAGER", "cat")
                .output();
            let shown = shown.expect("man runs");
            assert!(String::from_utf8_lossy(&shown.stdout).contains("briefing"));
        }
    }
}

#[test]
fn colour_follows_the_flag_then_clicolor_force_then_no_color() {
    let dir = scratch(&[("bad", UNKNOWN_KEY)]);
    let coloured = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let out = briefing_with_env(dir.path(), &all, env);
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        out.stderr.contains('\u{1b}')
    };
    // Not a terminal: plain unless asked.
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[], &["--color", "always"]));
    assert!(coloured(&[("NO_COLOR", "1")], &["--color", "always"]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]));
}

#[test]
fn init_takes_a_file_name_and_overwrites_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefing(dir.path(), &["init", "memo.yaml"]);
    assert!(out.success(), "{}", out.stderr);
    let path = dir.path().join("source/memo.yaml");
    assert!(path.is_file());
    assert!(!dir.path().join("source/memo.yaml.yaml").exists());

    std::fs::write(&path, "edited").unwrap();
    let again = briefing(dir.path(), &["init", "memo"]);
    assert_eq!(again.code, Some(2));
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited");
    let forced = briefing(dir.path(), &["init", "memo", "--force"]);
    assert!(forced.success(), "{}", forced.stderr);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("# A briefing."));
}

#[test]
fn yml_sources_count_and_the_template_rounds_its_figures_as_written() {
    let dir = tempfile::tempdir().unwrap();
    assert!(briefing(dir.path(), &["init", "memo"]).success());
    std::fs::rename(
        dir.path().join("source/memo.yaml"),
        dir.path().join("source/memo.yml"),
    )
    .unwrap();
    let out = briefing(dir.path(), &["build"]);
    assert!(out.success(), "{}", out.stderr);
    let pdf = dir.path().join("output/memo.pdf");
    assert!(pdf.is_file(), "{}", out.stderr);
    // The template's 2.25 to one decimal: 2.3, half away from zero, not the double's 2.2.
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("2.3"), "{text}");
    assert!(!text.contains("2.2\n"), "{text}");
}
