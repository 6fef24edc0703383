//! The library's error type.

use miette::Diagnostic;

pub use crate::source::diagnostic::SourceError;

/// Why a build failed.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    /// The source is not a valid briefing: file, line, column, snippet and help, renderable
    /// by miette. `Display` is one line: `file:line:col: message`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(Box<SourceError>),
    /// The briefing is valid but goes past a limit only its layout shows (the page count).
    #[error("{file}: {message}")]
    #[diagnostic(code(briefing::limit))]
    Limit {
        file: String,
        message: String,
        #[help]
        help: Option<String>,
    },
    /// The PDF could not be written.
    #[error("render: {0}")]
    Render(String),
}
