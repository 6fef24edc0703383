//! What the test files share: running the real binary, scratch projects, the ×N seed.
// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Waits for `child`, killing it and failing the test past `deadline`, so a hung binary
/// cannot hang the suite.
pub fn wait_bounded(child: &mut Child, deadline: Duration, what: &str) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited on") {
            return status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} ran longer than {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Long enough for a debug build of a small briefing on a loaded machine, short enough that
/// a hang fails the test instead of the suite.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// What a finished run of the binary left.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Runs the binary in `dir` without colour, killing it if it outlives [`DEADLINE`].
pub fn briefing(dir: &Path, args: &[&str]) -> Run {
    briefing_with_env(dir, args, &[("NO_COLOR", "1")])
}

/// Runs the binary in `dir` with `env` added to the environment (colour variables and
/// `BRIEFING_FONT_PATHS` removed first, so the test decides them).
pub fn briefing_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("BRIEFING_FONT_PATHS")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Drain both pipes on their own threads so a chatty child cannot block on a full pipe.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).expect("UTF-8 output");
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let status = wait_bounded(&mut child, DEADLINE, &format!("briefing {args:?}"));
    Run {
        code: status.code(),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// A scratch directory with `source/<name>.yaml` for each (name, text).
pub fn scratch(sources: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("source")).expect("source/");
    for (name, text) in sources {
        std::fs::write(dir.path().join(format!("source/{name}.yaml")), text).expect("a source");
    }
    dir
}

/// The text layer of a PDF as `pdftotext` (poppler-utils) reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("read.pdf");
    std::fs::write(&path, pdf).expect("the PDF is written");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Every layout fixture, in name order, then the seed.
pub fn layout_sources() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir("tests/fixtures/layout")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths.push(Path::new("source/india-russia.yaml").to_path_buf());
    paths
}

/// A running `briefing watch` with its messages going to `watch.log` in its directory,
/// killed when dropped so a failing test cannot leave it behind.
pub struct Watch {
    child: Child,
    pub log: PathBuf,
}

impl Watch {
    /// Starts `briefing watch` with `args` in `dir` and returns once it is watching (after
    /// its first builds) and has settled, so that the next change is seen.
    pub fn start(dir: &Path, args: &[&str]) -> Watch {
        let log = dir.join("watch.log");
        let child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("BRIEFING_FONT_PATHS")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let watch = Watch { child, log };
        eventually("the watcher to start", || watch.log().contains("watching"));
        std::thread::sleep(Duration::from_millis(300));
        watch
    }

    /// What it has printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn still_runs(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to a minute for `done`, polling.
pub fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The seed with its sections repeated `times` times, table ids numbered by copy (as
/// `benches/repeat-yaml.awk` makes the ×N briefings).
pub fn repeated_seed(times: usize) -> String {
    let seed = include_str!("../../source/india-russia.yaml");
    let split = seed.find("\nsections:\n").expect("the seed has sections") + "\nsections:\n".len();
    let (head, sections) = seed.split_at(split);
    let mut out = head.to_string();
    for copy in 0..times {
        out.push_str(
            &sections
                .replace("id: trade\n", &format!("id: trade-{copy}\n"))
                .replace("table: trade\n", &format!("table: trade-{copy}\n")),
        );
    }
    out
}
