//! `briefing build`: sources to PDFs, each written atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use briefing::{Options, Session};

use super::diagnostic::Diagnostic;
use super::files::{self, Output};
use super::options::BuildOptions;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to build (default: every source/*.yaml and *.yml of the project);
    /// `-` reads standard input (with `-o`).
    files: Vec<PathBuf>,
    /// Where to write the PDF (only with a single source; default: <root>/output/<stem>.pdf); `-`
    /// writes it to standard output. A symlink is written through, as `cp` does.
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
    let jobs = files
        .into_iter()
        .map(|path| {
            let output = match &args.output {
                Some(out) => Output::new(out.clone()),
                None if files::is_dash(&path) => {
                    return Err(
                        "a source read from standard input (`-`) needs `-o FILE`, or `-o -` \
                         for standard output"
                            .to_string(),
                    );
                }
                None => Output::File(default_output(&path)),
            };
            Ok((path, output))
        })
        .collect::<Result<Vec<_>, String>>()?;
    files::check_outputs(&jobs)?;
    let options = args.options.options()?;
    let started = Instant::now();
    let mut code = 0;
    let mut failed = 0;
    for (path, out) in &jobs {
        let shown = Shown {
            quiet: args.quiet,
            report: args.report,
            stamped: false,
        };
        if let Err(failure) = build_one(path, out, (&options, None), shown) {
            super::streams::to_stderr(&failure.human(super::colour()));
            code = code.max(failure.outcome as u8);
            failed += 1;
        }
    }
    if !args.quiet && jobs.len() > 1 {
        say!(
            "built {} of {} documents in {:.1} ms",
            jobs.len() - failed,
            jobs.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(ExitCode::from(code))
}

/// `<root>/output/<stem>.pdf`, in the project's root (docs/source-format.md, where files
/// are).
pub fn default_output(source: &Path) -> PathBuf {
    super::project::current().output_for(source)
}

/// What a build prints besides warnings and errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    /// No progress line.
    pub quiet: bool,
    /// The measurements of the setting.
    pub report: bool,
    /// The progress line starts with the time (`watch`).
    pub stamped: bool,
}

/// The local time of day, `14:51:26`, that `watch` starts its lines with.
pub fn timestamp() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// Builds one source into `out`, printing its warnings, its measurements when asked and,
/// unless quiet, a progress line. With a session (`watch`), what its last build made is
/// reused; the bytes are the same.
pub fn build_one(
    path: &Path,
    out: &Output,
    (options, session): (&Options, Option<&mut Session>),
    shown: Shown,
) -> Result<(), Box<Diagnostic>> {
    let started = Instant::now();
    let name = files::display_name(path);
    let text = files::read_source(path, &options.limits.source)
        .map_err(|message| Box::new(Diagnostic::io(&name, message)))?;
    let (built, written) = match session {
        Some(session) => session
            .build(&name, &text, options)
            .map(|built| (built, Some(session.reused().pages_written))),
        None => briefing::build_with(&name, &text, options).map(|built| (built, None)),
    }
    .map_err(|err| Box::new(Diagnostic::from_error(&name, err)))?;
    for warning in &built.warnings {
        super::streams::to_stderr(&Diagnostic::from_warning(warning).human(super::colour()));
    }
    match out {
        Output::Stdout => super::streams::to_stdout(&built.pdf),
        Output::File(path) => files::write_atomically(path, &built.pdf),
    }
    .map_err(|message| Box::new(Diagnostic::io(&name, message)))?;
    if shown.report {
        // With the PDF on standard output, the measurements go beside the messages.
        let report = format!("{name}\n{}\n", built.report);
        match out {
            Output::Stdout => super::streams::to_stderr(&report),
            Output::File(_) => super::streams::to_stdout(report.as_bytes())
                .map_err(|message| Box::new(Diagnostic::io(&name, message)))?,
        }
    }
    if !shown.quiet {
        let stamp = match shown.stamped {
            true => format!("[{}] ", timestamp()),
            false => String::new(),
        };
        // A rebuild says how much of the last build it kept, so an editor sees that a small
        // edit costs a small rebuild.
        let reused = match written {
            Some(written) if written < built.pages => {
                format!(
                    ", {} of {} pages reused",
                    built.pages - written,
                    built.pages
                )
            }
            _ => String::new(),
        };
        say!(
            "{stamp}{name} → {} ({} page{}, {:.1} KB, {:.1} ms{reused})",
            out.display(),
            built.pages,
            if built.pages == 1 { "" } else { "s" },
            built.pdf.len() as f64 / 1024.0,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
