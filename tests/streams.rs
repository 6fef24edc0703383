//! A full or closed standard stream: the binary says so where it can and exits with a code,
//! never with an abort (Rust's print macros panic there).

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

mod common;

use common::{scratch, wait_bounded, DEADLINE};

const GOOD: &str = include_str!("fixtures/layout/wrapping-bullet.yaml");
const BAD: &str = "title: [unclosed\n";

/// Where a stream of the binary goes.
#[derive(Clone, Copy)]
enum Stream {
    /// Everything written fails: the disk is full.
    Full,
    /// A pipe whose reader has gone.
    Closed,
    /// A pipe the test reads.
    Read,
}

impl Stream {
    fn stdio(&self) -> Stdio {
        match self {
            Stream::Full => File::options()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full")
                .into(),
            Stream::Closed => {
                let (reader, writer) = std::io::pipe().expect("a pipe");
                drop(reader);
                writer.into()
            }
            Stream::Read => Stdio::piped(),
        }
    }
}

/// Runs the binary in `dir` with its standard output and error sent as asked; the exit code
/// and whatever could be read of the stream left readable.
fn run(dir: &Path, args: &[&str], stdout: Stream, stderr: Stream) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(stdout.stdio())
        .stderr(stderr.stdio())
        .spawn()
        .expect("the binary starts");
    let readable = child
        .stderr
        .take()
        .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>)
        .or_else(|| child.stdout.take().map(|pipe| Box::new(pipe) as _));
    let text = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = readable {
            pipe.read_to_string(&mut text).expect("UTF-8 output");
        }
        text
    });
    let status = wait_bounded(&mut child, DEADLINE, &format!("briefing {args:?}"));
    (status.code(), text.join().expect("the reader"))
}

#[test]
fn a_full_or_closed_standard_output_is_an_io_error_with_exit_2() {
    let dir = scratch(&[("good", GOOD), ("bad", BAD)]);
    let commands: [&[&str]; 6] = [
        &["fonts"],
        &["schema"],
        &["completions", "bash"],
        &["man"],
        &["check", "--message-format", "json", "source/bad.yaml"],
        &["build", "--report", "source/good.yaml"],
    ];
    for args in commands {
        for stdout in [Stream::Full, Stream::Closed] {
            let (code, stderr) = run(dir.path(), args, stdout, Stream::Read);
            assert_eq!(code, Some(2), "briefing {args:?}: {stderr}");
            assert!(
                stderr.contains("standard output: cannot write"),
                "briefing {args:?}: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "briefing {args:?}: {stderr}");
        }
    }
    let (code, stderr) = run(
        dir.path(),
        &["build", "source/good.yaml", "-o", "-"],
        Stream::Closed,
        Stream::Read,
    );
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn a_full_or_closed_standard_error_changes_no_outcome() {
    let dir = scratch(&[("good", GOOD), ("bad", BAD)]);
    let runs: [(&[&str], i32); 4] = [
        (&["build", "source/good.yaml"], 0),
        (&["build", "source/bad.yaml"], 1),
        (&["check", "source/bad.yaml"], 1),
        (&["build", "source/missing.yaml"], 2),
    ];
    for stderr in [Stream::Full, Stream::Closed] {
        std::fs::remove_dir_all(dir.path().join("output")).ok();
        for (args, expected) in runs {
            let (code, _) = run(dir.path(), args, Stream::Read, stderr);
            assert_eq!(code, Some(expected), "briefing {args:?}");
        }
        assert!(dir.path().join("output/good.pdf").is_file());
    }
}
