//! Bounds on what loading one source may cost: each is far beyond any real briefing, and each
//! ends in a diagnostic at the place it was hit rather than in unbounded time or memory.

/// How large, how deep and how wide a source may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest source, in bytes.
    pub source_bytes: usize,
    /// The deepest nesting of YAML sequences and mappings.
    pub depth: usize,
    /// The most cells (rows × columns) in one table.
    pub table_cells: usize,
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
        }
    }
}

/// Which of the [`Limits`] a source went past, so that a caller can say how to raise it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    SourceBytes,
    Depth,
    TableCells,
}
