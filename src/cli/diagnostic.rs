//! Everything the command line tells the user about a file, in one type with one printer:
//! for people (a graphical report with a snippet where the source has one) and for CI (one
//! JSON object per line, keys documented in `docs/ci.md` and kept stable).

use briefing::error::SourceError;
use briefing::layout::LayoutError;
use briefing::source::Limit;
use briefing::text::FontError;
use briefing::{Error, Warning};
use miette::Diagnostic as _;
use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Whose move it is, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing stops the build: exit 0.
    Fine = 0,
    /// The source (or a committed PDF) is the editor's to fix: exit 1.
    Rejected = 1,
    /// Reading or writing a file failed, or the command was misused: exit 2.
    Failed = 2,
}

/// One thing to tell the user about one file.
pub struct Diagnostic {
    pub severity: Severity,
    pub outcome: Outcome,
    pub code: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The message as people read it, naming the file (and the place, when known).
    shown: String,
    pub help: Option<String>,
    /// The source error behind it, for the graphical report with its snippet (the file's
    /// other errors with it).
    source: Option<Box<SourceError>>,
    /// The file's other errors, for the JSON lines (the report for people has them through
    /// `source`).
    others: Vec<Diagnostic>,
}

/// The JSON form: every key always present (`null` when unknown).
#[derive(Serialize)]
struct JsonLine<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// The flag that raises a source limit: the library names the limit, the CLI its flag.
fn flag(limit: Limit) -> &'static str {
    match limit {
        Limit::SourceBytes => "--max-source-bytes",
        Limit::Depth => "--max-depth",
        Limit::TableCells => "--max-table-cells",
    }
}

/// A source limit's help names the flag that raises it.
fn name_the_flag(error: &mut SourceError) {
    if let Some(limit) = error.limit {
        error.help = with_flag(error.help.take(), flag(limit));
    }
}

/// "split the table" becomes "split the table, or raise the limit with `--max-table-cells`".
fn with_flag(help: Option<String>, flag: &str) -> Option<String> {
    let raise = format!("raise the limit with `{flag}`");
    Some(match help {
        Some(help) => format!("{help}, or {raise}"),
        None => raise,
    })
}

impl Diagnostic {
    fn new(severity: Severity, outcome: Outcome, code: &str, file: &str, message: String) -> Self {
        Diagnostic {
            severity,
            outcome,
            code: code.to_string(),
            file: file.to_string(),
            line: None,
            column: None,
            shown: message.clone(),
            message,
            help: None,
            source: None,
            others: Vec::new(),
        }
    }

    /// A failed build or load.
    pub fn from_error(file: &str, err: Error) -> Diagnostic {
        match err {
            Error::Source(mut source) => {
                name_the_flag(&mut source);
                source.more.iter_mut().for_each(name_the_flag);
                let mut others: Vec<Diagnostic> =
                    source.more.iter().map(Self::source_error).collect();
                if let Some(note) = source.unreported_note() {
                    let mut more = Self::new(
                        Severity::Error,
                        Outcome::Rejected,
                        "briefing::source::more",
                        &source.file,
                        note,
                    );
                    more.help = Some("fix these and check again".to_string());
                    others.push(more);
                }
                let mut found = Self::source_error(&source);
                found.others = others;
                found.source = Some(source);
                found
            }
            Error::Layout(layout) => {
                let (code, help) = match &layout {
                    LayoutError::TooManyPages { .. } => (
                        "briefing::limit",
                        with_flag(Some("split the briefing".into()), "--max-pages"),
                    ),
                    LayoutError::Unplaceable { .. } => {
                        ("briefing::layout", layout.help().map(str::to_string))
                    }
                    // A font file, not the source, is at fault: as when a font directory's
                    // file cannot be read.
                    LayoutError::Font(_) => ("briefing::font", None),
                };
                let outcome = match layout {
                    LayoutError::Font(_) => Outcome::Failed,
                    _ => Outcome::Rejected,
                };
                let mut found = Self::new(Severity::Error, outcome, code, file, layout.to_string());
                if let LayoutError::Unplaceable { message, at, .. } = &layout {
                    found.message = message.clone();
                    found.line = at.map(|at| at.line as usize);
                    found.column = at.map(|at| at.column as usize);
                }
                found.help = help;
                found
            }
            Error::Render(render) => Self::new(
                Severity::Error,
                Outcome::Rejected,
                "briefing::render",
                file,
                render.to_string(),
            ),
        }
    }

    /// One source error, without its snippet.
    fn source_error(source: &SourceError) -> Diagnostic {
        let mut found = Self::new(
            Severity::Error,
            Outcome::Rejected,
            &source.code().map(|c| c.to_string()).unwrap_or_default(),
            &source.file,
            source.message.clone(),
        );
        found.line = Some(source.line);
        found.column = Some(source.column);
        found.help = source.help.clone();
        found.shown = source.to_string();
        found
    }

    /// A warning from a build that went through.
    pub fn from_warning(warning: &Warning) -> Diagnostic {
        let mut found = Self::new(
            Severity::Warning,
            Outcome::Fine,
            warning.code(),
            &warning.file,
            warning.message.clone(),
        );
        found.line = warning.at.map(|at| at.line as usize);
        found.column = warning.at.map(|at| at.column as usize);
        found.shown = warning.to_string();
        found
    }

    /// A font directory, or a file in it, that was passed over.
    pub fn font_dir(warning: &FontError) -> Diagnostic {
        let file = warning.path.display().to_string();
        let mut found = Self::new(
            Severity::Warning,
            Outcome::Fine,
            "briefing::fonts::directory",
            &file,
            warning.message.clone(),
        );
        found.shown = warning.to_string();
        found
    }

    /// A file that could not be read or written.
    pub fn io(file: &str, message: String) -> Diagnostic {
        Self::new(
            Severity::Error,
            Outcome::Failed,
            "briefing::io",
            file,
            message,
        )
    }

    /// A committed PDF that is not what its source builds.
    pub fn stale(file: &str, message: String, help: String) -> Diagnostic {
        let mut found = Self::new(
            Severity::Error,
            Outcome::Rejected,
            "briefing::stale-output",
            file,
            message,
        );
        found.help = Some(help);
        found
    }

    /// One line of JSON per finding: this one, then the file's others.
    pub fn json(&self) -> String {
        std::iter::once(self.json_line())
            .chain(self.others.iter().map(Diagnostic::json_line))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn json_line(&self) -> String {
        let line = JsonLine {
            file: &self.file,
            line: self.line,
            column: self.column,
            severity: self.severity,
            code: &self.code,
            message: &self.message,
            help: self.help.as_deref(),
        };
        // A struct of strings and numbers always serializes.
        serde_json::to_string(&line).unwrap_or_default()
    }

    /// The report for people, ending in a newline.
    pub fn human(&self, colour: bool) -> String {
        if let Some(source) = &self.source {
            return source.render_graphical(colour);
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.help {
            Some(help) => format!("{label}: {}\n  help: {help}\n", self.shown),
            None => format!("{label}: {}\n", self.shown),
        }
    }
}
