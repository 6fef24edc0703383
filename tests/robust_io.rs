//! Issue 12, the command's files: sources that are not regular files, standard input and
//! output, outputs that are inputs or shared, symlinked outputs, temporary files of killed
//! builds, limits at the edge of `u64`, and corrupt fonts. All through the real binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{briefing, scratch, wait_bounded, DEADLINE};

const GOOD: &str = include_str!("fixtures/layout/wrapping-bullet.yaml");

/// Runs the binary in `dir` with `stdin` piped in, returning the exit code and the raw
/// standard output and error.
fn with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> (Option<i32>, Vec<u8>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("piped stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("the binary ends");
    writer.join().expect("the writer ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), output.stdout, stderr)
}

fn pdf_of(dir: &Path) -> Vec<u8> {
    let run = briefing(dir, &["build", "source/one.yaml", "-o", "reference.pdf"]);
    assert!(run.success(), "{}", run.stderr);
    std::fs::read(dir.join("reference.pdf")).unwrap()
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_as_the_source_is_refused_at_once() {
    let dir = scratch(&[("one", GOOD)]);
    let fifo = dir.path().join("p.yaml");
    make_fifo(&fifo);
    for command in ["build", "check"] {
        let started = Instant::now();
        let run = briefing(dir.path(), &[command, "p.yaml"]);
        assert_eq!(run.code, Some(2), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("p.yaml: is a FIFO"), "{}", run.stderr);
        assert!(started.elapsed() < Duration::from_secs(20));
    }
    let run = briefing(dir.path(), &["build", "/dev/null", "-o", "x.pdf"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("/dev/null: is a device"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("x.pdf").exists());
}

fn make_fifo(path: &std::path::Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

/// The PDF is written beside its output and renamed over it: an output that is a device
/// (`-o /dev/null`), a FIFO or a link to one would be replaced by a file. (A FIFO stands in
/// for the device here: a test that failed on `/dev/null` would replace the machine's.)
#[test]
fn an_output_that_is_not_a_regular_file_is_refused_and_left_alone() {
    let dir = scratch(&[("one", GOOD)]);
    let fifo = dir.path().join("p.pdf");
    make_fifo(&fifo);
    std::os::unix::fs::symlink(&fifo, dir.path().join("link.pdf")).unwrap();
    for output in ["p.pdf", "link.pdf"] {
        let run = briefing(dir.path(), &["build", "source/one.yaml", "-o", output]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("{output}: is a FIFO, not a regular file")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("`-o -`"), "{}", run.stderr);
    }
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 3, "source/, p.pdf and link.pdf only");
}

#[test]
fn a_source_can_come_from_standard_input_within_the_limit() {
    let dir = scratch(&[("one", GOOD)]);
    let reference = pdf_of(dir.path());
    let (code, _, stderr) = with_stdin(
        dir.path(),
        &["build", "-", "-o", "piped.pdf"],
        GOOD.as_bytes(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        std::fs::read(dir.path().join("piped.pdf")).unwrap(),
        reference
    );
    assert!(stderr.contains("<stdin> → piped.pdf"), "{stderr}");

    // Errors name standard input, with line and column.
    let (code, _, stderr) = with_stdin(dir.path(), &["check", "-"], b"title: [unclosed\n");
    assert_eq!(code, Some(1), "{stderr}");
    // The unclosed list is found at the end of the input: placed on its last line.
    assert!(stderr.contains("<stdin>:1:17"), "{stderr}");

    // The size limit holds on a pipe too: at most one byte past it is read.
    let big = vec![b'#'; 4096];
    let (code, _, stderr) = with_stdin(
        dir.path(),
        &["check", "--max-source-bytes", "1000", "-"],
        &big,
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("larger than 1000 bytes"), "{stderr}");

    // Without `-o` there is no name to build into.
    let (code, _, stderr) = with_stdin(dir.path(), &["build", "-"], GOOD.as_bytes());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("needs `-o FILE`"), "{stderr}");
}

#[test]
fn dash_o_dash_writes_the_pdf_to_standard_output() {
    let dir = scratch(&[("one", GOOD)]);
    let reference = pdf_of(dir.path());
    let (code, stdout, stderr) = with_stdin(
        dir.path(),
        &["build", "source/one.yaml", "-o", "-", "--report"],
        b"",
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, reference, "the PDF, and only the PDF, on stdout");
    assert!(!dir.path().join("-").exists(), "no file named -");
    assert!(stderr.contains("→ standard output"), "{stderr}");
    // Standard input to standard output: a filter.
    let (code, stdout, stderr) =
        with_stdin(dir.path(), &["build", "-", "-o", "-"], GOOD.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, reference);
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = scratch(&[("one", GOOD)]);
    let source = dir.path().join("source/one.yaml");
    for out in ["source/one.yaml", "source/../source/one.yaml"] {
        let run = briefing(dir.path(), &["build", "source/one.yaml", "-o", out]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains("the output is the source"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read_to_string(&source).unwrap(), GOOD);
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("source/one.yaml", dir.path().join("link.pdf")).unwrap();
        let run = briefing(dir.path(), &["build", "source/one.yaml", "-o", "link.pdf"]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert_eq!(std::fs::read_to_string(&source).unwrap(), GOOD);
    }
}

#[test]
fn two_sources_with_one_output_are_refused_before_anything_is_built() {
    let dir = scratch(&[]);
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.yaml"), GOOD).unwrap();
    }
    let run = briefing(dir.path(), &["build", "a/x.yaml", "b/x.yaml"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a/x.yaml and b/x.yaml would both be written to output/x.pdf"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("output").exists(), "nothing was built");
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_replaces_its_target_and_keeps_the_link() {
    let dir = scratch(&[("one", GOOD)]);
    let reference = pdf_of(dir.path());
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("briefing.pdf"), "old").unwrap();
    std::fs::create_dir(dir.path().join("published")).unwrap();
    let link = dir.path().join("published/briefing.pdf");
    std::os::unix::fs::symlink("../site/briefing.pdf", &link).unwrap();
    let run = briefing(
        dir.path(),
        &["build", "source/one.yaml", "-o", "published/briefing.pdf"],
    );
    assert!(run.success(), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(site.join("briefing.pdf")).unwrap(), reference);
    let mut names: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["briefing.pdf"],
        "no temporary file left in the target's directory"
    );

    // A dangling link creates its target.
    std::os::unix::fs::symlink("../site/new.pdf", dir.path().join("published/new.pdf")).unwrap();
    let run = briefing(
        dir.path(),
        &["build", "source/one.yaml", "-o", "published/new.pdf"],
    );
    assert!(run.success(), "{}", run.stderr);
    assert_eq!(std::fs::read(site.join("new.pdf")).unwrap(), reference);
    assert!(
        std::fs::symlink_metadata(dir.path().join("published/new.pdf"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn temporary_files_of_killed_builds_are_removed_by_the_next_build() {
    let dir = scratch(&[("one", GOOD)]);
    let output = dir.path().join("output");
    std::fs::create_dir(&output).unwrap();
    // A process that has ended, as a build killed with -9 has.
    let mut gone = Command::new("true").spawn().unwrap();
    wait_bounded(&mut gone, DEADLINE, "true");
    let stale = output.join(format!(".briefing-{}-AbC123.pdf.tmp", gone.id()));
    std::fs::write(&stale, vec![0u8; 600 * 1024]).unwrap();
    // One of a build that still runs (this test) stays.
    let live = output.join(format!(".briefing-{}-XyZ789.pdf.tmp", std::process::id()));
    std::fs::write(&live, "in progress").unwrap();
    let run = briefing(dir.path(), &["build", "source/one.yaml"]);
    assert!(run.success(), "{}", run.stderr);
    assert!(!stale.exists(), "the dead build's temporary file is gone");
    assert!(live.exists(), "a running build's temporary file stays");
}

#[test]
fn the_largest_source_limit_is_no_limit() {
    let dir = scratch(&[("one", GOOD)]);
    for command in ["build", "check"] {
        let run = briefing(
            dir.path(),
            &[
                command,
                "--max-source-bytes",
                "18446744073709551615",
                "source/one.yaml",
            ],
        );
        assert!(run.success(), "{command}: {}", run.stderr);
    }
}

#[test]
fn a_corrupt_font_is_refused_when_loaded_with_exit_2_naming_the_file() {
    let dir = scratch(&[("one", GOOD)]);
    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    let mut data =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSerif-Bold.ttf"))
            .unwrap();
    corrupt_glyph_data(&mut data);
    std::fs::write(fonts.join("NotoSerif-Bold.ttf"), &data).unwrap();
    for command in ["build", "check"] {
        let run = briefing(
            dir.path(),
            &[command, "--font-dir", "fonts", "source/one.yaml"],
        );
        assert_eq!(run.code, Some(2), "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("fonts/NotoSerif-Bold.ttf: "),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("malformed"), "{}", run.stderr);
    }
    assert!(!dir.path().join("output").exists());
}

/// Overwrites the `glyf` table's composite glyph data with references to glyphs that do
/// not exist: the font still parses, its outlines do not.
fn corrupt_glyph_data(data: &mut [u8]) {
    let tables = u16::from_be_bytes([data[4], data[5]]) as usize;
    let record = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&r| &data[r..r + 4] == b"glyf")
        .expect("a glyf table");
    let offset = u32::from_be_bytes(data[record + 8..record + 12].try_into().unwrap()) as usize;
    let length = u32::from_be_bytes(data[record + 12..record + 16].try_into().unwrap()) as usize;
    for byte in &mut data[offset..offset + length] {
        *byte = 0xFF;
    }
}
