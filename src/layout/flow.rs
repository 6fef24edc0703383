//! The flow: a column of unbreakable pieces with the rules for where a page may end, as the
//! compose phase makes it and the distribute phase cuts it into pages (`paginate`).
//!
//! Keep rules (no orphans, no widows, headings kept with what follows, a caption kept with
//! its table) are expressed once, as `breakable_before` on each piece, by the composer; the
//! paginator only honours them.

use super::pages::Item;
use super::structure::NodeId;
use crate::source::Position;

/// An unbreakable slice of the column: a line, a table row, a rule, a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Items positioned relative to the piece's top-left corner (x from the left margin).
    pub items: Vec<Item>,
    pub height: f32,
    /// Space above the piece; dropped when the piece starts a page.
    pub space_before: f32,
    /// Whether a page may end just before this piece.
    pub breakable_before: bool,
    /// A piece to repeat at the top of a page this piece starts (a table's header row).
    pub header: Option<usize>,
    /// Set on the first piece of a heading: its outline entry. (Boxed, as the figure: few
    /// pieces have either, and a long document holds tens of thousands of pieces.)
    pub heading: Option<Box<(String, u8)>>,
    /// Set on a piece that draws a figure: its description (a chart's `alt`) and its
    /// `Figure` element.
    pub figure: Option<Box<(String, NodeId)>>,
    /// Where the block the piece belongs to starts in the source, for errors.
    pub at: Option<Position>,
}

impl Piece {
    pub fn new(mut items: Vec<Item>, height: f32) -> Piece {
        // A long document holds tens of thousands of pieces until they are paginated.
        items.shrink_to_fit();
        Piece {
            items,
            height,
            space_before: 0.0,
            breakable_before: true,
            header: None,
            heading: None,
            figure: None,
            at: None,
        }
    }
}

/// Pieces in reading order, and the header rows they may repeat.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    pub pieces: Vec<Piece>,
    pub headers: Vec<Piece>,
}

/// Where a piece went: page index and the y of its top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub page: usize,
    pub y: f32,
}

/// A flow cut into pages: each page lists (piece, y) with y from the top of the text area.
#[derive(Debug, Clone, Default)]
pub struct Paginated {
    pub pages: Vec<Vec<(PlacedPiece, f32)>>,
    /// For every piece of the flow, where it went.
    pub placements: Vec<Placement>,
    /// Pieces forced onto a page where they do not fit (taller than a page).
    pub overflows: usize,
}

/// A piece on a page: one of the flow or a repeated header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacedPiece {
    Flow(usize),
    Header(usize),
}
