//! What a build is given besides its source: the fonts it sets text with, and the limits
//! that keep a runaway source from costing unbounded time or memory.

use crate::text::FontBook;

/// How to build.
#[derive(Clone, Copy)]
pub struct Options {
    /// The embedded faces, or those with a font directory's added ([`FontBook::with_dirs`]).
    pub fonts: &'static FontBook,
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            fonts: FontBook::embedded(),
            limits: Limits::default(),
        }
    }
}

/// Bounds on one build. Each is far beyond any real briefing, and each ends in an error
/// naming the file (and the place, where there is one) rather than in unbounded work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest source, in bytes.
    pub source_bytes: usize,
    /// The deepest nesting of YAML sequences and mappings.
    pub depth: usize,
    /// The most cells (rows × columns) in one table.
    pub table_cells: usize,
    /// The most pages in one PDF.
    pub pages: usize,
}

impl Limits {
    /// YAML nesting beyond this is refused even when asked for: the deserializer's own
    /// recursion limit stands there.
    pub const MAX_DEPTH: usize = 128;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // A briefing of several hundred pages is well under 1 MiB.
            source_bytes: 10 * 1024 * 1024,
            // Sections and lists nest three deep; the YAML around them adds a few levels.
            depth: 64,
            // 10 000 rows of five columns: some 200 pages of table.
            table_cells: 50_000,
            pages: 2_000,
        }
    }
}
