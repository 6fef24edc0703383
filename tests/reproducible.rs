//! The same source gives the same bytes: across processes, working directories, file names,
//! time zones, locales and `SOURCE_DATE_EPOCH`, and from the library as from the binary.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;

const SEED: &str = include_str!("../source/india-russia.yaml");

/// A debug build of the seed takes seconds; a hang must fail the test, not the suite.
const DEADLINE: Duration = Duration::from_secs(180);

/// An environment that could leak into the output if the tool read it.
struct Setting<'a> {
    tz: &'a str,
    lang: &'a str,
    source_date_epoch: Option<&'a str>,
}

const PLAIN: Setting = Setting {
    tz: "UTC",
    lang: "C",
    source_date_epoch: None,
};

const EXOTIC: Setting = Setting {
    tz: "Pacific/Kiritimati",
    lang: "hi_IN.UTF-8",
    source_date_epoch: Some("1"),
};

/// Runs the binary in `dir` under `setting`, killing it if it outlives [`DEADLINE`]; returns
/// the exit code and stderr.
fn briefing(dir: &Path, setting: &Setting, args: &[&str]) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
    command
        .args(args)
        .current_dir(dir)
        .env("TZ", setting.tz)
        .env("LANG", setting.lang)
        .env("LC_ALL", setting.lang)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null());
    match setting.source_date_epoch {
        Some(epoch) => command.env("SOURCE_DATE_EPOCH", epoch),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    // stderr goes to a file, which cannot fill up and block the child as a pipe could.
    let log = tempfile::NamedTempFile::new().expect("a log file");
    command.stderr(log.reopen().expect("the log file"));
    let mut child = command.spawn().expect("the binary starts");
    let status = common::wait_bounded(&mut child, DEADLINE, &format!("briefing {args:?}"));
    let stderr = std::fs::read_to_string(log.path()).unwrap_or_default();
    (status.code(), stderr)
}

/// Builds `text`, saved at `dir/source_path`, into `dir/output_path` and returns the bytes.
fn build(dir: &Path, setting: &Setting, source_path: &str, output_path: &str) -> Vec<u8> {
    let source = dir.join(source_path);
    std::fs::create_dir_all(source.parent().expect("a parent")).expect("the source directory");
    std::fs::write(&source, SEED).expect("the source");
    let source = source.to_str().expect("a UTF-8 path");
    let (code, stderr) = briefing(dir, setting, &["build", source, "-o", output_path]);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::read(dir.join(output_path)).expect("the PDF")
}

#[test]
fn two_processes_in_different_places_give_the_same_bytes() {
    let first = tempfile::tempdir().expect("a temporary directory");
    let second = tempfile::tempdir().expect("a temporary directory");
    let a = build(
        first.path(),
        &PLAIN,
        "source/india-russia.yaml",
        "output/india-russia.pdf",
    );
    // Another directory, another file name (with a space) and an absolute path.
    let b = build(
        second.path(),
        &EXOTIC,
        "drafts/Another name.yaml",
        "elsewhere/x.pdf",
    );
    assert!(a.starts_with(b"%PDF-"));
    assert!(
        a == b,
        "the two builds differ ({} and {} bytes)",
        a.len(),
        b.len()
    );
}

#[test]
fn source_date_epoch_never_replaces_the_source_date() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let early = build(dir.path(), &EXOTIC, "source/a.yaml", "output/a.pdf");
    let late_epoch = Setting {
        source_date_epoch: Some("2000000000"),
        ..PLAIN
    };
    let late = build(dir.path(), &late_epoch, "source/b.yaml", "output/b.pdf");
    assert!(early == late, "SOURCE_DATE_EPOCH changed the bytes");

    // The PDF's dates are the source's `date` at midnight UTC.
    let date = SEED
        .lines()
        .find_map(|line| line.strip_prefix("date:"))
        .expect("the seed has a date")
        .trim()
        .replace('-', "");
    let stamp = format!("D:{date}000000Z");
    // The info dictionary sits in a compressed object stream.
    let doc = lopdf::Document::load_mem(&early).expect("a PDF");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("an info dictionary");
    for key in [&b"CreationDate"[..], b"ModDate"] {
        let value = info.get(key).and_then(lopdf::Object::as_str);
        assert_eq!(value.ok(), Some(stamp.as_bytes()), "no {stamp}");
    }
}

#[test]
fn the_library_gives_the_bytes_the_binary_writes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let written = build(dir.path(), &PLAIN, "source/seed.yaml", "output/seed.pdf");
    let built = briefing::build(SEED).expect("the seed builds");
    assert!(written == built, "library and binary differ");
}

/// The CI case: a PDF built on an editor's machine is up to date for a check elsewhere.
#[test]
fn a_pdf_built_in_one_place_is_up_to_date_in_another() {
    let editor = tempfile::tempdir().expect("a temporary directory");
    let ci = tempfile::tempdir().expect("a temporary directory");
    let pdf = build(
        editor.path(),
        &EXOTIC,
        "source/seed.yaml",
        "output/seed.pdf",
    );
    std::fs::create_dir_all(ci.path().join("source")).expect("source/");
    std::fs::create_dir_all(ci.path().join("output")).expect("output/");
    std::fs::write(ci.path().join("source/seed.yaml"), SEED).expect("the source");
    std::fs::write(ci.path().join("output/seed.pdf"), &pdf).expect("the PDF");
    let (code, stderr) = briefing(ci.path(), &PLAIN, &["check", "--up-to-date"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
}
