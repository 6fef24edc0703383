//! `briefing build`: sources to PDFs, each written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to build.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where to write the PDF (only with a single source; default: output/<stem>.pdf).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Why one document was not built.
enum Failure {
    /// The source is wrong: the editor's to fix (exit 1).
    Source(String),
    /// Reading or writing failed (exit 2).
    Io(String),
}

pub fn run(args: Args) -> ExitCode {
    if args.output.is_some() && args.files.len() > 1 {
        eprintln!(
            "error: --output takes a single source; {} were given",
            args.files.len()
        );
        return ExitCode::from(2);
    }
    let mut code = 0;
    for path in &args.files {
        let out = args.output.clone().unwrap_or_else(|| default_output(path));
        match build_one(path, &out) {
            Ok(()) => {}
            Err(Failure::Source(report)) => {
                eprintln!("{report}");
                code = code.max(1);
            }
            Err(Failure::Io(message)) => {
                eprintln!("error: {message}");
                code = 2;
            }
        }
    }
    ExitCode::from(code)
}

/// `output/<stem>.pdf`.
pub fn default_output(source: &Path) -> PathBuf {
    let stem = source.file_stem().unwrap_or_default();
    Path::new("output").join(stem).with_extension("pdf")
}

fn build_one(path: &Path, out: &Path) -> Result<(), Failure> {
    let started = Instant::now();
    let text = super::read_source(path).map_err(Failure::Io)?;
    let name = path.display().to_string();
    let built =
        briefing::build_named(&name, &text).map_err(|err| Failure::Source(super::report(&err)))?;
    for warning in &built.warnings {
        eprintln!("warning: {name}: {}", warning.message);
    }
    write_atomically(out, &built.pdf).map_err(Failure::Io)?;
    eprintln!(
        "{} → {} ({} page{}, {:.1} KB, {:.1} ms)",
        name,
        out.display(),
        built.pages,
        if built.pages == 1 { "" } else { "s" },
        built.pdf.len() as f64 / 1024.0,
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

/// Writes to a temporary file beside `path`, then renames it over `path`, so a reader never
/// sees a half-written PDF and a failed write leaves the previous one in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let fail = |what: &str, err: std::io::Error| format!("{}: {what}: {err}", path.display());
    if path.is_dir() {
        return Err(format!("{}: is a directory", path.display()));
    }
    std::fs::create_dir_all(dir).map_err(|e| fail("cannot create its directory", e))?;
    let mut file = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| fail("cannot create a temporary file", e))?;
    file.write_all(bytes).map_err(|e| fail("cannot write", e))?;
    file.as_file()
        .sync_all()
        .map_err(|e| fail("cannot write", e))?;
    file.persist(path)
        .map_err(|e| fail("cannot replace", e.error))?;
    Ok(())
}
