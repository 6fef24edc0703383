//! `briefing build`: sources to PDFs, each written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use briefing::Options;

use super::diagnostic::Diagnostic;
use super::options::BuildOptions;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to build (default: every source/*.yaml).
    files: Vec<PathBuf>,
    /// Where to write the PDF (only with a single source; default: output/<stem>.pdf).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Print only errors and warnings.
    #[arg(short, long)]
    quiet: bool,
    /// Print measurements of the setting per document: overfull lines, widows, orphans,
    /// stranded headings, hyphenation runs, justification and word spacing.
    #[arg(long)]
    report: bool,
    #[command(flatten)]
    options: BuildOptions,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let files = super::sources(args.files)?;
    if args.output.is_some() && files.len() > 1 {
        return Err(format!(
            "--output takes a single source; {} were given",
            files.len()
        ));
    }
    let options = args.options.options()?;
    let started = Instant::now();
    let mut code = 0;
    let mut failed = 0;
    for path in &files {
        let out = args.output.clone().unwrap_or_else(|| default_output(path));
        let shown = Shown {
            quiet: args.quiet,
            report: args.report,
        };
        if let Err(failure) = build_one(path, &out, &options, shown) {
            eprint!("{}", failure.human(super::colour()));
            code = code.max(failure.outcome as u8);
            failed += 1;
        }
    }
    if !args.quiet && files.len() > 1 {
        eprintln!(
            "built {} of {} documents in {:.1} ms",
            files.len() - failed,
            files.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(ExitCode::from(code))
}

/// `output/<stem>.pdf`.
pub fn default_output(source: &Path) -> PathBuf {
    let stem = source.file_stem().unwrap_or_default();
    Path::new("output").join(stem).with_extension("pdf")
}

/// What a build prints besides warnings and errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    /// No progress line.
    pub quiet: bool,
    /// The measurements of the setting.
    pub report: bool,
}

/// Builds one source into `out`, printing its warnings, its measurements when asked and,
/// unless quiet, a progress line.
pub fn build_one(
    path: &Path,
    out: &Path,
    options: &Options,
    shown: Shown,
) -> Result<(), Box<Diagnostic>> {
    let started = Instant::now();
    let name = path.display().to_string();
    let text = super::read_source(path, &options.limits.source)
        .map_err(|message| Box::new(Diagnostic::io(&name, message)))?;
    let built = briefing::build_with(&name, &text, options)
        .map_err(|err| Box::new(Diagnostic::from_error(&name, err)))?;
    for warning in &built.warnings {
        eprint!(
            "{}",
            Diagnostic::from_warning(warning).human(super::colour())
        );
    }
    write_atomically(out, &built.pdf)
        .map_err(|message| Box::new(Diagnostic::io(&name, message)))?;
    if shown.report {
        println!("{name}\n{}", built.report);
    }
    if !shown.quiet {
        eprintln!(
            "{name} → {} ({} page{}, {:.1} KB, {:.1} ms)",
            out.display(),
            built.pages,
            if built.pages == 1 { "" } else { "s" },
            built.pdf.len() as f64 / 1024.0,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

/// Writes to a temporary file beside `path`, then renames it over `path`, so a reader never
/// sees a half-written PDF and a failed write leaves the previous one in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |what: &str, err: std::io::Error| format!("{}: {what}: {err}", path.display());
    if path.is_dir() {
        return Err(format!("{}: is a directory", path.display()));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("cannot create its directory", e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".briefing-").suffix(".pdf.tmp");
    // A temporary file is private (0600); a PDF is for readers: mode 0666 less the umask, as
    // any file the user writes, or the mode of the PDF it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder
        .tempfile_in(dir)
        .map_err(|e| fail("cannot create a temporary file beside it", e))?;
    if let Ok(previous) = std::fs::metadata(path) {
        file.as_file()
            .set_permissions(previous.permissions())
            .map_err(|e| fail("cannot keep the mode of the PDF it replaces", e))?;
    }
    file.write_all(bytes).map_err(|e| fail("cannot write", e))?;
    file.as_file()
        .sync_all()
        .map_err(|e| fail("cannot write", e))?;
    file.persist(path)
        .map_err(|e| fail("cannot replace", e.error))?;
    Ok(())
}
