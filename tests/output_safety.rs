//! Output safety, driven through the real binary: a build that cannot write its PDF says so
//! with exit code 2 and the path, a build that fails for any reason leaves the previous PDF
//! byte for byte as it was, and nothing half-written or temporary is left behind.
//!
//! Tests may run as root, where permission bits do not stop a write. Where that matters the
//! test probes for it and takes a road that binds root too (a read-only or full tmpfs mount);
//! where mounting is not allowed either, it falls back to a process file-size limit, which
//! fails the same write with "File too large".

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{briefing, scratch, Run};

const GOOD: &str = include_str!("fixtures/layout/wrapping-bullet.yaml");

/// Builds `source/one.yaml` into `out` (relative to `dir`) and returns the PDF's bytes.
fn build_good(dir: &Path, out: &str) -> Vec<u8> {
    let run = briefing(dir, &["build", "source/one.yaml", "-o", out]);
    assert!(run.success(), "{}", run.stderr);
    let pdf = std::fs::read(dir.join(out)).expect("the PDF was written");
    assert!(pdf.starts_with(b"%PDF-"));
    pdf
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory lists")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Asserts the failure: exit code, every expected fragment in the message.
fn assert_failed(run: &Run, code: i32, fragments: &[&str]) {
    let log = &run.stderr;
    assert_eq!(run.code, Some(code), "{log}");
    for fragment in fragments {
        assert!(log.contains(fragment), "missing {fragment:?} in:\n{log}");
    }
}

#[test]
fn output_path_that_is_a_directory_is_refused_by_name() {
    let dir = scratch(&[("one", GOOD)]);
    std::fs::create_dir_all(dir.path().join("output/one.pdf")).expect("a directory");
    let run = briefing(dir.path(), &["build", "source/one.yaml"]);
    assert_failed(&run, 2, &["output/one.pdf: is a directory"]);
    assert!(dir.path().join("output/one.pdf").is_dir());
    assert_eq!(names(&dir.path().join("output")), ["one.pdf"]);
}

#[test]
fn missing_output_directories_are_created() {
    let dir = scratch(&[("one", GOOD)]);
    build_good(dir.path(), "deep/er/one.pdf");
    assert_eq!(names(&dir.path().join("deep/er")), ["one.pdf"]);
}

#[test]
fn a_file_where_the_output_directory_should_be_is_named() {
    let dir = scratch(&[("one", GOOD)]);
    std::fs::write(dir.path().join("plain-file"), "not a directory").expect("a file");
    let run = briefing(
        dir.path(),
        &["build", "source/one.yaml", "-o", "plain-file/one.pdf"],
    );
    assert_failed(
        &run,
        2,
        &["plain-file/one.pdf", "cannot create its directory"],
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plain-file")).expect("still there"),
        "not a directory"
    );
}

#[test]
fn a_bad_source_keeps_the_previous_pdf_and_leaves_no_temporary_file() {
    let dir = scratch(&[("one", GOOD)]);
    let before = build_good(dir.path(), "output/one.pdf");
    std::fs::write(
        dir.path().join("source/one.yaml"),
        GOOD.replacen("date: ", "date: not-a-date # was ", 1),
    )
    .expect("the broken source");
    let run = briefing(dir.path(), &["build", "source/one.yaml"]);
    assert_failed(
        &run,
        1,
        &["source/one.yaml", "is not a date: expected YYYY-MM-DD"],
    );
    assert_eq!(
        std::fs::read(dir.path().join("output/one.pdf")).expect("kept"),
        before
    );
    assert_eq!(names(&dir.path().join("output")), ["one.pdf"]);
}

#[test]
fn a_missing_or_unreadable_source_is_named() {
    let dir = scratch(&[("one", GOOD)]);
    let run = briefing(dir.path(), &["build", "source/absent.yaml"]);
    assert_failed(&run, 2, &["source/absent.yaml", "No such file"]);
    std::fs::create_dir(dir.path().join("source/folder.yaml")).expect("a directory");
    let run = briefing(dir.path(), &["build", "source/folder.yaml", "-o", "x.pdf"]);
    assert_failed(&run, 2, &["source/folder.yaml"]);
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn a_rebuild_replaces_the_pdf_by_rename_never_rewriting_it_in_place() {
    let dir = scratch(&[("one", GOOD)]);
    let before = build_good(dir.path(), "output/one.pdf");
    // A hard link sees the old file's inode: rewriting in place would change what it reads.
    let reader = dir.path().join("reader.pdf");
    std::fs::hard_link(dir.path().join("output/one.pdf"), &reader).expect("a hard link");
    std::fs::write(
        dir.path().join("source/one.yaml"),
        GOOD.replacen("title: ", "title: Revised ", 1),
    )
    .expect("the edited source");
    let after = build_good(dir.path(), "output/one.pdf");
    assert_ne!(after, before, "the edit changed the PDF");
    assert_eq!(std::fs::read(&reader).expect("the old inode"), before);
    assert_eq!(names(&dir.path().join("output")), ["one.pdf"]);
}

/// Whether this process can write into a directory with mode 0o555 (as root can).
fn permissions_bind(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let wrote = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(&probe);
    !wrote
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A tmpfs mounted for one test, unmounted when dropped (also when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `size` (e.g. "256k") at `at`; `None` where mounting is not allowed.
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Tmpfs(at.to_path_buf()))
    }

    fn remount_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_output_directory_is_named_and_the_previous_pdf_kept() {
    let dir = scratch(&[("one", GOOD)]);
    let out = dir.path().join("output");
    // Held until the end of the test: dropping it unmounts.
    let mut mounted = None;
    let before = build_good(dir.path(), "output/one.pdf");
    set_mode(&out, 0o555);
    if !permissions_bind(&out) {
        set_mode(&out, 0o755);
        let tmpfs = Tmpfs::mount(&out, "1m").expect("root may mount a tmpfs");
        std::fs::write(out.join("one.pdf"), &before).expect("the previous PDF");
        assert!(tmpfs.remount_read_only(), "remounting read-only");
        mounted = Some(tmpfs);
    }
    let run = briefing(dir.path(), &["build", "source/one.yaml"]);
    assert_failed(
        &run,
        2,
        &["output/one.pdf", "cannot create a temporary file beside it"],
    );
    assert_eq!(std::fs::read(out.join("one.pdf")).expect("kept"), before);
    assert_eq!(names(&out), ["one.pdf"]);
    drop(mounted);
    set_mode(&out, 0o755);
}

/// Fills `dir`'s file system until a write fails, so the next write finds no space.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut filler = std::fs::File::create(dir.join("filler")).expect("the filler file");
    let block = [0u8; 4096];
    while filler.write_all(&block).is_ok() {}
}

#[test]
fn a_full_disk_is_named_and_the_previous_pdf_kept() {
    let dir = scratch(&[("one", GOOD)]);
    let out = dir.path().join("output");
    let before = build_good(dir.path(), "output/one.pdf");
    let tmpfs = Tmpfs::mount(&out, "512k");
    let run = if tmpfs.is_some() {
        std::fs::write(out.join("one.pdf"), &before).expect("the previous PDF");
        fill(&out);
        briefing(dir.path(), &["build", "source/one.yaml"])
    } else {
        // No mounting here: a file-size limit below the PDF's size fails the write the same
        // way (EFBIG instead of ENOSPC). SIGXFSZ, which would kill the process, is ignored,
        // and an ignored signal stays ignored across exec.
        let limit_blocks = before.len() / 512 / 2;
        let script = format!("ulimit -f {limit_blocks}; trap '' XFSZ; exec \"$0\" \"$@\"");
        Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_briefing")])
            .args(["build", "source/one.yaml"])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("the binary runs")
            .into()
    };
    let why = if tmpfs.is_some() {
        "No space left on device"
    } else {
        "File too large"
    };
    assert_failed(&run, 2, &["output/one.pdf", "cannot write", why]);
    assert_eq!(std::fs::read(out.join("one.pdf")).expect("kept"), before);
    let expected: &[&str] = if tmpfs.is_some() {
        &["filler", "one.pdf"]
    } else {
        &["one.pdf"]
    };
    assert_eq!(names(&out), expected, "a temporary file was left behind");
}

#[test]
fn a_new_pdf_is_readable_as_any_file_and_a_rebuilt_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    };
    let dir = scratch(&[("one", GOOD)]);
    // A file written the ordinary way gets 0666 less this process's umask, as the child's do.
    let plain = dir.path().join("plain");
    std::fs::write(&plain, b"x").expect("a plain file");
    let pdf = dir.path().join("output/one.pdf");
    build_good(dir.path(), "output/one.pdf");
    assert_eq!(
        mode(&pdf),
        mode(&plain),
        "not the private mode of a temporary file"
    );

    set_mode(&pdf, 0o640);
    std::fs::write(
        dir.path().join("source/one.yaml"),
        GOOD.replacen("title: ", "title: Revised ", 1),
    )
    .expect("the edited source");
    build_good(dir.path(), "output/one.pdf");
    assert_eq!(mode(&pdf), 0o640);
}
