//! What the layout stage tells the editor: warnings that still let the PDF be written, each at
//! the place in the source it is about, and the errors that stop a build.

use std::fmt;

use crate::source::Position;
use crate::text::{self, FontError};

/// Something the editor should hear about, at a place in the source when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub kind: WarningKind,
    /// The file name the briefing was loaded as.
    pub file: String,
    /// Where the text or block it is about starts.
    pub at: Option<Position>,
    pub message: String,
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// From setting a paragraph's text.
    Text(text::WarningKind),
    /// A block taller than a page, cut where it had to be.
    BlockCut,
    /// A language without hyphenation patterns: justified text sets looser.
    NoHyphenation,
    /// A table column narrower than a word in it: the word is hyphenated to fit.
    WordHyphenated,
    /// A chart's category label too long to show whole under the chart: it is shortened.
    LabelShortened,
}

impl Warning {
    /// The stable code CI tooling matches on.
    pub fn code(&self) -> &'static str {
        match self.kind {
            WarningKind::Text(text::WarningKind::MissingGlyph) => {
                "briefing::typeset::missing-glyph"
            }
            WarningKind::Text(text::WarningKind::WordBroken) => "briefing::typeset::word-broken",
            WarningKind::Text(text::WarningKind::OverfullLine) => "briefing::typeset::overfull",
            WarningKind::BlockCut => "briefing::typeset::block-cut",
            WarningKind::NoHyphenation => "briefing::typeset::no-hyphenation",
            WarningKind::WordHyphenated => "briefing::typeset::word-hyphenated",
            WarningKind::LabelShortened => "briefing::typeset::label-shortened",
        }
    }
}

impl fmt::Display for Warning {
    /// `file:line:column: message`, or `file: message` without a place.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "{}:{}:{}: ", self.file, at.line, at.column)?,
            None => write!(f, "{}: ", self.file)?,
        }
        f.write_str(&self.message)
    }
}

/// Why a briefing could not be laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// It runs to more pages than the limit allows.
    TooManyPages {
        /// The file name the briefing was loaded as.
        file: String,
        limit: usize,
    },
    /// A block that cannot be set on the page as it stands: a table wider than the text area,
    /// or anything the safety net (`layout::check`) finds lost, clipped or overlapping.
    Unplaceable {
        /// The file name the briefing was loaded as.
        file: String,
        /// Where the block starts in the source.
        at: Option<Position>,
        message: String,
        /// What would help.
        help: Option<String>,
    },
    /// A font file the text is set in cannot be used (a font directory's face, read and
    /// checked when first used).
    Font(FontError),
}

impl LayoutError {
    /// What would help, when there is something to say.
    pub fn help(&self) -> Option<&str> {
        match self {
            LayoutError::TooManyPages { .. } | LayoutError::Font(_) => None,
            LayoutError::Unplaceable { help, .. } => help.as_deref(),
        }
    }

    /// Where in the source the problem lies, when known.
    pub fn at(&self) -> Option<Position> {
        match self {
            LayoutError::TooManyPages { .. } | LayoutError::Font(_) => None,
            LayoutError::Unplaceable { at, .. } => *at,
        }
    }
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::TooManyPages { file, limit } => {
                let pages = if *limit == 1 { "page" } else { "pages" };
                write!(
                    f,
                    "{file}: the briefing runs to more than {limit} {pages}, the most a PDF may \
                     have"
                )
            }
            LayoutError::Unplaceable {
                file, at, message, ..
            } => match at {
                Some(at) => write!(f, "{file}:{}:{}: {message}", at.line, at.column),
                None => write!(f, "{file}: {message}"),
            },
            LayoutError::Font(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for LayoutError {}
