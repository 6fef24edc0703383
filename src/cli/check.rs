//! `briefing check`: validate sources, and with `--up-to-date` refuse a stale `output/` PDF.
//!
//! Exit codes: 0 all valid (and up to date), 1 a source has an error or its PDF is stale or
//! missing, 2 usage or I/O errors. `--message-format json` prints one object per line on
//! stdout for CI annotations; its keys are documented in `docs/ci.md` and must stay stable.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use briefing::error::SourceError;
use briefing::{Error, Options};
use miette::Diagnostic;
use serde::Serialize;

use super::build::default_output;
use super::options::BuildOptions;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to check (default: every source/*.yaml).
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

/// One thing `check` has to say about one file.
enum Finding {
    /// The source is not a valid briefing: located, with a snippet for people.
    Source(Box<SourceError>),
    /// Anything else, located at a file only.
    Other {
        severity: Severity,
        code: &'static str,
        file: String,
        message: String,
        help: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Severity {
    Error,
    Warning,
}

/// The JSON form of a finding. Every key is always present (`null` when unknown).
#[derive(Serialize)]
struct JsonLine<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    code: String,
    message: &'a str,
    help: Option<&'a str>,
}

impl Finding {
    fn from_error(file: &str, err: Error) -> Finding {
        match err {
            Error::Source(diagnostic) => Finding::Source(diagnostic),
            Error::Limit { message, help, .. } => Finding::Other {
                severity: Severity::Error,
                code: "briefing::limit",
                file: file.to_string(),
                message,
                help,
            },
            other => Finding::Other {
                severity: Severity::Error,
                code: "briefing::render",
                file: file.to_string(),
                message: other.to_string(),
                help: None,
            },
        }
    }

    fn io(file: &str, message: String) -> Finding {
        Finding::Other {
            severity: Severity::Error,
            code: "briefing::io",
            file: file.to_string(),
            message,
            help: None,
        }
    }

    /// What this finding alone makes of the exit code.
    fn exit_code(&self) -> u8 {
        match self {
            Finding::Source(_) => 1,
            Finding::Other { code, .. } if *code == "briefing::io" => 2,
            Finding::Other {
                severity: Severity::Error,
                ..
            } => 1,
            Finding::Other { .. } => 0,
        }
    }

    fn json(&self) -> String {
        let line = match self {
            Finding::Source(err) => JsonLine {
                file: &err.file,
                line: Some(err.line),
                column: Some(err.column),
                severity: Severity::Error,
                code: err.code().map(|code| code.to_string()).unwrap_or_default(),
                message: &err.message,
                help: err.help.as_deref(),
            },
            Finding::Other {
                severity,
                code,
                file,
                message,
                help,
            } => JsonLine {
                file,
                line: None,
                column: None,
                severity: *severity,
                code: code.to_string(),
                message,
                help: help.as_deref(),
            },
        };
        // A struct of strings and numbers always serializes.
        serde_json::to_string(&line).unwrap_or_default()
    }

    fn human(&self, colour: bool) -> String {
        match self {
            Finding::Source(err) => err.render_graphical(colour),
            Finding::Other {
                severity,
                message,
                help,
                ..
            } => {
                let label = match severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                match help {
                    Some(help) => format!("{label}: {message}\n  help: {help}\n"),
                    None => format!("{label}: {message}\n"),
                }
            }
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let files = super::sources(args.files)?;
    let options = args.options.options()?;
    let colour = super::colour();
    let mut code = 0;
    for path in &files {
        for finding in check_one(path, args.up_to_date, &options) {
            code = code.max(finding.exit_code());
            match args.message_format {
                MessageFormat::Json => println!("{}", finding.json()),
                MessageFormat::Human => eprint!("{}", finding.human(colour)),
            }
        }
    }
    Ok(ExitCode::from(code))
}

/// Everything wrong with one source and, when `up_to_date`, with its committed PDF.
fn check_one(path: &Path, up_to_date: bool, options: &Options) -> Vec<Finding> {
    let name = path.display().to_string();
    let bytes = match super::read_source(path, &options.limits) {
        Ok(bytes) => bytes,
        Err(message) => return vec![Finding::io(&name, message)],
    };
    if !up_to_date {
        return match briefing::source::load_within(&name, &bytes, &options.limits) {
            Ok(_) => Vec::new(),
            Err(err) => vec![Finding::from_error(&name, err)],
        };
    }
    let built = match briefing::build_with(&name, &bytes, options) {
        Ok(built) => built,
        Err(err) => return vec![Finding::from_error(&name, err)],
    };
    let mut findings: Vec<Finding> = built
        .warnings
        .into_iter()
        .map(|warning| Finding::Other {
            severity: Severity::Warning,
            code: "briefing::typeset",
            file: name.clone(),
            message: warning.message,
            help: None,
        })
        .collect();
    findings.extend(compare_output(path, &name, &built.pdf));
    findings
}

/// A finding when `output/<stem>.pdf` is not byte for byte what the source builds.
fn compare_output(path: &Path, name: &str, pdf: &[u8]) -> Option<Finding> {
    let output = default_output(path);
    let shown = output.display();
    let stale = |what: String| Finding::Other {
        severity: Severity::Error,
        code: "briefing::stale-output",
        file: name.to_string(),
        message: what,
        help: Some(format!("run `briefing build {name}` and commit {shown}")),
    };
    // A size mismatch already decides it, without reading a possibly large file.
    match std::fs::metadata(&output) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Some(stale(format!("{shown} is missing; {name} builds it")));
        }
        Err(err) => return Some(Finding::io(name, format!("{shown}: {err}"))),
        Ok(meta) if !meta.is_file() => {
            return Some(Finding::io(name, format!("{shown}: is not a file")));
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
        Err(err) => Some(Finding::io(name, format!("{shown}: {err}"))),
    }
}
