//! The library's error type.

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The source is not a valid briefing.
    #[error("{0}")]
    Source(String),
    /// The PDF could not be written.
    #[error("render: {0}")]
    Render(String),
}
