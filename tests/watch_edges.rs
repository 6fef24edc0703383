//! Issue 12, `briefing watch` at the edges: a symlinked source whose target is edited, a
//! source that does not exist yet, a source directory removed and made again, and a save
//! whose error sits on an enormous line.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GOOD: &str = include_str!("fixtures/layout/wrapping-bullet.yaml");

/// A running `briefing watch` with its messages going to a file, killed when dropped.
struct Watch {
    child: Child,
    log: std::path::PathBuf,
}

impl Watch {
    fn start(dir: &Path, args: &[&str]) -> Watch {
        let log = dir.join("watch.log");
        let child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let watch = Watch { child, log };
        eventually("the watcher to start", || watch.log().contains("watching"));
        std::thread::sleep(Duration::from_millis(300));
        watch
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn still_runs(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn edited(n: usize) -> String {
    GOOD.replace("A short one.", &format!("A short one, edit {n}."))
}

#[cfg(unix)]
#[test]
fn edits_to_a_symlinked_sources_target_are_seen() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    let real = dir.path().join("elsewhere/one.yaml");
    std::fs::write(&real, GOOD).unwrap();
    std::os::unix::fs::symlink("../elsewhere/one.yaml", dir.path().join("source/one.yaml"))
        .unwrap();
    let pdf = dir.path().join("output/one.pdf");
    let watch = Watch::start(dir.path(), &["source/one.yaml"]);
    eventually("the first build", || pdf.is_file());
    let first = std::fs::read(&pdf).unwrap();
    std::fs::write(&real, edited(1)).unwrap();
    eventually("the rebuild after editing the target", || {
        std::fs::read(&pdf).is_ok_and(|b| b != first)
    });
    drop(watch);
}

#[test]
fn a_missing_source_is_awaited_out_loud_then_built() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    let pdf = dir.path().join("output/one.pdf");
    let watch = Watch::start(dir.path(), &["source/one.yaml"]);
    assert!(
        watch.log().contains("waiting for source/one.yaml"),
        "{}",
        watch.log()
    );
    std::fs::write(dir.path().join("source/one.yaml"), GOOD).unwrap();
    eventually("the build once the file appears", || pdf.is_file());
}

#[test]
fn a_source_directory_removed_and_made_again_is_watched_again() {
    let dir = tempfile::tempdir().unwrap();
    let source_dir = dir.path().join("source");
    std::fs::create_dir_all(&source_dir).unwrap();
    std::fs::write(source_dir.join("one.yaml"), GOOD).unwrap();
    let pdf = dir.path().join("output/one.pdf");
    let mut watch = Watch::start(dir.path(), &["source/one.yaml"]);
    eventually("the first build", || pdf.is_file());
    let first = std::fs::read(&pdf).unwrap();

    std::fs::remove_dir_all(&source_dir).unwrap();
    eventually("the removal noticed", || {
        watch.log().contains("was removed")
    });
    std::fs::create_dir_all(&source_dir).unwrap();
    std::fs::write(source_dir.join("one.yaml"), edited(2)).unwrap();
    eventually("the rebuild once the directory is back", || {
        std::fs::read(&pdf).is_ok_and(|b| b != first)
    });
    let second = std::fs::read(&pdf).unwrap();
    // And later saves in the new directory are seen as before.
    std::fs::write(source_dir.join("one.yaml"), edited(3)).unwrap();
    eventually("the rebuild after a save in the new directory", || {
        std::fs::read(&pdf).is_ok_and(|b| b != second)
    });
    assert!(watch.still_runs());
}

#[test]
fn a_save_with_an_error_on_an_enormous_line_is_reported_and_watching_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    let source = dir.path().join("source/one.yaml");
    std::fs::write(&source, GOOD).unwrap();
    let pdf = dir.path().join("output/one.pdf");
    let mut watch = Watch::start(dir.path(), &["source/one.yaml"]);
    eventually("the first build", || pdf.is_file());
    let first = std::fs::read(&pdf).unwrap();

    let minified = format!(
        "{{\"title\":\"T\",\"date\":\"2025-12-05\",\"sections\":[{{\"heading\":\"H\",\"blocks\":[\"{}\"]}}],\"titel\":\"x\"}}\n",
        "a".repeat(100_000)
    );
    std::fs::write(&source, minified).unwrap();
    eventually("the error", || watch.log().contains("kept the last good"));
    assert!(watch.still_runs(), "watch died: {}", watch.log());
    assert!(
        watch.log().len() < 8192,
        "{} bytes of log",
        watch.log().len()
    );
    std::fs::write(&source, edited(4)).unwrap();
    eventually("the rebuild after the fix", || {
        std::fs::read(&pdf).is_ok_and(|b| b != first)
    });
}
