//! What a build is given besides its source: the fonts it sets text with, and the limits
//! that keep a runaway source from costing unbounded time or memory.

use crate::source::{self, PdfStandards};
use crate::text::FontBook;

/// How to build.
#[derive(Clone, Copy)]
pub struct Options {
    /// The embedded faces, or those with a font directory's added ([`FontBook::with_dirs`]).
    pub fonts: &'static FontBook,
    pub limits: Limits,
    /// Standards to write to besides those the source asks for.
    pub standards: PdfStandards,
    /// Whether the process ends soon after the build (the command line's `build` and
    /// `check`): [`crate::build_with`] then frees a long briefing's display list on a thread
    /// it does not wait for. Off by default: a library caller has the memory back when
    /// `build_with` returns.
    pub exits_soon: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            fonts: FontBook::embedded(),
            limits: Limits::default(),
            standards: PdfStandards::default(),
            exits_soon: false,
        }
    }
}

/// Bounds on one build: the source's (size, nesting, table cells) and the layout's (pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub source: source::Limits,
    /// The most pages in one PDF.
    pub pages: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            source: source::Limits::default(),
            pages: 2_000,
        }
    }
}
