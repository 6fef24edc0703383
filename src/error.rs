//! The library's error: each stage's own error, composed.

use miette::Diagnostic;

use crate::layout::LayoutError;
use crate::render::RenderError;
pub use crate::source::diagnostic::SourceError;

/// Why a build failed.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    /// The source is not a valid briefing: file, line, column, snippet and help, renderable
    /// by miette. `Display` is one line: `file:line:col: message`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(Box<SourceError>),
    /// The briefing is valid but cannot be laid out (it runs past the page limit).
    #[error(transparent)]
    #[diagnostic(code(briefing::layout))]
    Layout(LayoutError),
    /// The PDF could not be written.
    #[error(transparent)]
    #[diagnostic(code(briefing::render))]
    Render(RenderError),
}

impl From<Box<SourceError>> for Error {
    fn from(err: Box<SourceError>) -> Error {
        Error::Source(err)
    }
}

impl From<LayoutError> for Error {
    fn from(err: LayoutError) -> Error {
        Error::Layout(err)
    }
}

impl From<RenderError> for Error {
    fn from(err: RenderError) -> Error {
        Error::Render(err)
    }
}
