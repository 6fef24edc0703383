//! `briefing watch` at the edges (issue 12): a symlinked source whose target is edited, a
//! source that does not exist yet, a source directory removed and made again, and a save
//! whose error sits on an enormous line; and in everyday use (issue 17): the time on every
//! line, sources that appear in or go from `source/`, "kept the last good PDF" only when
//! there is one, and an idle watcher that does not wake.

use std::time::Duration;

mod common;
use common::{eventually, Watch};

const GOOD: &str = include_str!("fixtures/layout/wrapping-bullet.yaml");

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

/// A link re-pointed at a file in another directory is built once, not once for the event
/// and again when the watcher sees the link lead elsewhere.
#[cfg(unix)]
#[test]
fn a_symlink_pointed_elsewhere_is_built_once() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["one", "two", "source"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    std::fs::write(dir.path().join("one/a.yaml"), GOOD).unwrap();
    std::fs::write(dir.path().join("two/a.yaml"), edited(2)).unwrap();
    let link = dir.path().join("source/a.yaml");
    std::os::unix::fs::symlink("../one/a.yaml", &link).unwrap();
    let pdf = dir.path().join("output/a.pdf");
    let watch = Watch::start(dir.path(), &["source/a.yaml"]);
    eventually("the first build", || pdf.is_file());
    let first = std::fs::read(&pdf).unwrap();
    // As `ln -sf` does it: a new link renamed over the old one.
    let fresh = dir.path().join("source/.a.yaml.new");
    std::os::unix::fs::symlink("../two/a.yaml", &fresh).unwrap();
    std::fs::rename(&fresh, &link).unwrap();
    eventually("the rebuild through the new link", || {
        std::fs::read(&pdf).is_ok_and(|b| b != first)
    });
    // Longer than the watcher's look again (half a second) and its settling.
    std::thread::sleep(Duration::from_millis(1500));
    let log = watch.log();
    assert_eq!(log.matches("source/a.yaml → ").count(), 2, "{log}");
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

/// Whether `line` starts with a time of day in brackets, `[14:51:26] `.
fn stamped(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 11
        && bytes[0] == b'['
        && bytes[9] == b']'
        && bytes[10] == b' '
        && (1..9).all(|i| {
            if i % 3 == 0 {
                bytes[i] == b':'
            } else {
                bytes[i].is_ascii_digit()
            }
        })
}

#[test]
fn every_rebuild_line_starts_with_the_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::write(dir.path().join("source/one.yaml"), GOOD).unwrap();
    let pdf = dir.path().join("output/one.pdf");
    let watch = Watch::start(dir.path(), &["source/one.yaml"]);
    eventually("the first build", || pdf.is_file());
    let first = std::fs::read(&pdf).unwrap();
    std::fs::write(dir.path().join("source/one.yaml"), edited(5)).unwrap();
    eventually("the rebuild", || {
        std::fs::read(&pdf).is_ok_and(|b| b != first)
    });
    eventually("two build lines", || {
        watch
            .log()
            .matches("source/one.yaml → output/one.pdf (1 page")
            .count()
            == 2
    });
    let log = watch.log();
    let builds: Vec<&str> = log.lines().filter(|l| l.contains(" → ")).collect();
    assert!(builds.iter().all(|line| stamped(line)), "{log}");
    assert!(
        log.lines().filter(|l| l.contains("watching")).all(stamped),
        "{log}"
    );
}

#[test]
fn with_no_files_named_a_new_source_is_built_and_a_removed_one_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::write(dir.path().join("source/one.yaml"), GOOD).unwrap();
    let watch = Watch::start(dir.path(), &[]);
    eventually("the first build", || {
        dir.path().join("output/one.pdf").is_file()
    });

    std::fs::write(dir.path().join("source/two.yml"), GOOD).unwrap();
    eventually("the new source built", || {
        dir.path().join("output/two.pdf").is_file()
    });
    std::fs::write(dir.path().join("source/notes.txt"), "not a source").unwrap();
    std::fs::remove_file(dir.path().join("source/one.yaml")).unwrap();
    eventually("the removal reported", || {
        watch.log().contains("source/one.yaml was removed")
    });
    let log = watch.log();
    assert!(!log.contains("notes"), "{log}");
    assert!(!log.contains("waiting for source/one.yaml"), "{log}");

    // The new source is watched like the others.
    let built = std::fs::read(dir.path().join("output/two.pdf")).unwrap();
    std::fs::write(dir.path().join("source/two.yml"), edited(6)).unwrap();
    eventually("the new source rebuilt", || {
        std::fs::read(dir.path().join("output/two.pdf")).is_ok_and(|b| b != built)
    });
}

#[test]
fn the_last_good_pdf_is_said_to_be_kept_only_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    let source = dir.path().join("source/one.yaml");
    std::fs::write(&source, "title: [unclosed\n").unwrap();
    let pdf = dir.path().join("output/one.pdf");
    let watch = Watch::start(dir.path(), &["source/one.yaml"]);
    eventually("the first failure", || watch.log().contains("not written"));
    assert!(
        watch.log().contains("output/one.pdf not written"),
        "{}",
        watch.log()
    );
    assert!(
        !watch.log().contains("kept the last good"),
        "{}",
        watch.log()
    );

    std::fs::write(&source, GOOD).unwrap();
    eventually("the build after the fix", || pdf.is_file());
    std::fs::write(&source, "title: [unclosed again\n").unwrap();
    eventually("the second failure", || {
        watch.log().contains("kept the last good")
    });
    assert!(
        watch.log().contains("kept the last good output/one.pdf"),
        "{}",
        watch.log()
    );
}

/// The voluntary context switches of every thread of `pid`: how often it went to sleep
/// after waking.
#[cfg(target_os = "linux")]
fn wakeups(pid: u32) -> u64 {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("status")).ok())
        .flat_map(|status| {
            status
                .lines()
                .filter_map(|line| line.strip_prefix("voluntary_ctxt_switches:"))
                .map(|n| n.trim().parse::<u64>().unwrap_or(0))
                .collect::<Vec<_>>()
        })
        .sum()
}

#[cfg(target_os = "linux")]
#[test]
fn an_idle_watch_does_not_wake_up() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::write(dir.path().join("source/one.yaml"), GOOD).unwrap();
    let watch = Watch::start(dir.path(), &["source/one.yaml"]);
    eventually("the first build", || {
        dir.path().join("output/one.pdf").is_file()
    });
    std::thread::sleep(Duration::from_millis(500));
    let before = wakeups(watch.pid());
    std::thread::sleep(Duration::from_secs(2));
    let woke = wakeups(watch.pid()) - before;
    // The old watcher woke 80 times a second; one that sleeps until an event wakes never.
    assert!(woke <= 4, "woke {woke} times in 2 s");
}
