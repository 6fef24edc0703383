//! `briefing check`: validate sources, and with `--up-to-date` refuse a stale `output/` PDF.
//!
//! Exit codes: 0 all valid (and up to date), 1 a source has an error or its PDF is stale or
//! missing, 2 usage or I/O errors. `--message-format json` prints one object per line on
//! stdout for CI annotations; its keys are documented in `docs/ci.md` and must stay stable.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use briefing::Options;

use super::build::default_output;
use super::diagnostic::Diagnostic;
use super::options::BuildOptions;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to check (default: every source/*.yaml and *.yml of the project);
    /// `-` reads standard input.
    files: Vec<PathBuf>,
    /// Also build each source in memory and fail if output/<stem>.pdf is missing or differs.
    #[arg(long)]
    up_to_date: bool,
    /// `human`: reports with snippets on stderr; `json`: one object per line on stdout.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    #[command(flatten)]
    options: BuildOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let files = super::sources(args.files)?;
    let (options, font_warnings) = args.options.options_and_font_warnings()?;
    let colour = super::colour();
    let mut code = 0;
    for warning in &font_warnings {
        let finding = Diagnostic::font_dir(warning);
        report(&finding, args.message_format, colour)?;
    }
    for path in &files {
        for finding in check_one(path, args.up_to_date, &options) {
            code = code.max(finding.outcome as u8);
            report(&finding, args.message_format, colour)?;
        }
    }
    Ok(ExitCode::from(code))
}

/// Prints a finding: JSON lines on standard output, or a report on standard error.
fn report(finding: &Diagnostic, format: MessageFormat, colour: bool) -> Result<(), String> {
    match format {
        MessageFormat::Json => {
            super::streams::to_stdout(format!("{}\n", finding.json()).as_bytes())
        }
        MessageFormat::Human => {
            super::streams::to_stderr(&finding.human(colour));
            Ok(())
        }
    }
}

/// Everything wrong with one source and, when `up_to_date`, with its committed PDF.
fn check_one(path: &Path, up_to_date: bool, options: &Options) -> Vec<Diagnostic> {
    let name = super::files::display_name(path);
    let bytes = match super::files::read_source(path, &options.limits.source) {
        Ok(bytes) => bytes,
        Err(message) => return vec![Diagnostic::io(&name, message)],
    };
    if !up_to_date {
        // Laid out too: a table too wide for the page is the source's problem as much as a
        // misspelt key, and rendering is not needed to find it.
        let laid =
            briefing::source::load_for(&name, &bytes, &options.limits.source, options.standards)
                .map_err(briefing::Error::from)
                .and_then(|briefing| {
                    briefing::layout::typeset(&briefing, options.fonts, options.limits.pages)
                        .map_err(briefing::Error::from)
                });
        return match laid {
            Ok(_) => Vec::new(),
            Err(err) => vec![Diagnostic::from_error(&name, err)],
        };
    }
    if super::files::is_dash(path) {
        let message = "a source on standard input has no output/ PDF to compare".to_string();
        return vec![Diagnostic::io(&name, message)];
    }
    let built = match briefing::build_with(&name, &bytes, options) {
        Ok(built) => built,
        Err(err) => return vec![Diagnostic::from_error(&name, err)],
    };
    let mut findings: Vec<Diagnostic> = built
        .warnings
        .iter()
        .map(Diagnostic::from_warning)
        .collect();
    findings.extend(compare_output(path, &name, &built.pdf));
    findings
}

/// A finding when `output/<stem>.pdf` is not byte for byte what the source builds.
fn compare_output(path: &Path, name: &str, pdf: &[u8]) -> Option<Diagnostic> {
    let output = default_output(path);
    let shown = output.display();
    let stale = |what: String| {
        let help = format!("run `briefing build {name}` and commit {shown}");
        Diagnostic::stale(name, what, help)
    };
    // A size mismatch already decides it, without reading a possibly large file.
    match std::fs::metadata(&output) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Some(stale(format!("{shown} is missing; {name} builds it")));
        }
        Err(err) => return Some(Diagnostic::io(name, format!("{shown}: {err}"))),
        Ok(meta) if !meta.is_file() => {
            return Some(Diagnostic::io(name, format!("{shown}: is not a file")));
        }
        Ok(meta) if meta.len() != pdf.len() as u64 => {
            return Some(stale(format!(
                "{shown} is stale: it differs from what {name} builds"
            )));
        }
        Ok(_) => {}
    }
    match std::fs::read(&output) {
        Ok(committed) if committed == pdf => None,
        Ok(_) => Some(stale(format!(
            "{shown} is stale: it differs from what {name} builds"
        ))),
        Err(err) => Some(Diagnostic::io(name, format!("{shown}: {err}"))),
    }
}
