//! A table row's set cells placed in their columns, as one piece, or, for a row taller than
//! a page, as a piece per line so that the row splits between lines and every cell continues
//! on the next page under the repeated header.

use super::{integer_width, DecimalMark};
use crate::layout::compose::line_items;
use crate::layout::flow::Piece;
use crate::layout::kept::KeptLine;
use crate::layout::pages::Item;
use crate::layout::structure::{NodeId, Structure};
use crate::layout::style::{self, Role};
use crate::source::Align;

/// Column geometry: left edge and width, from the table's left edge, and whether its words
/// are hyphenated to fit.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    pub x: f32,
    pub width: f32,
    pub cut: bool,
}

/// One row's cells, set, and how to place them.
pub struct TableRow<'a> {
    pub cells: &'a [Vec<KeptLine>],
    pub aligns: &'a [Align],
    pub slots: &'a [Slot],
    /// The table's left edge in the column.
    pub left: f32,
    pub role: &'a Role,
    /// For body rows: where each numeric column's decimal marks stand.
    pub dots: Option<&'a [Option<DecimalMark>]>,
    /// The row's cells' elements in the document structure.
    pub tags: RowTags<'a>,
}

/// The elements a row's cells belong to.
pub struct RowTags<'a> {
    pub structure: &'a mut Structure,
    pub cells: Vec<NodeId>,
}

impl TableRow<'_> {
    /// How many lines the tallest cell has (at least one).
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }

    /// The row as one unbreakable piece.
    pub fn piece(self) -> Piece {
        let leading = self.role.leading;
        let height = self.lines() as f32 * leading + 2.0 * style::CELL_PAD;
        let mut items = Vec::new();
        // Cell by cell, as the row is read (a screen reader, or a viewer reading the content
        // in stream order, finishes one cell before the next).
        for (k, line_items) in self.placed() {
            let dy = style::CELL_PAD + k as f32 * leading;
            items.extend(line_items.into_iter().map(|item| item.translated(0.0, dy)));
        }
        Piece::new(items, height)
    }

    /// The row as pieces: one when it is no taller than `room`, else one a line, each a page
    /// may end before, the cell padding on the first and the last.
    pub fn pieces(self, room: f32) -> Vec<Piece> {
        let lines = self.lines();
        let height = lines as f32 * self.role.leading + 2.0 * style::CELL_PAD;
        if height <= room || lines == 1 {
            return vec![self.piece()];
        }
        let leading = self.role.leading;
        self.by_line()
            .into_iter()
            .enumerate()
            .map(|(k, items)| {
                let top = if k == 0 { style::CELL_PAD } else { 0.0 };
                let bottom = if k + 1 == lines { style::CELL_PAD } else { 0.0 };
                let items = items
                    .into_iter()
                    .map(|item| item.translated(0.0, top))
                    .collect();
                Piece::new(items, top + leading + bottom)
            })
            .collect()
    }

    /// The items of each line of the row, every cell's k-th line in the k-th entry, placed
    /// from the top of its line box.
    fn by_line(self) -> Vec<Vec<Item>> {
        let mut lines: Vec<Vec<Item>> = vec![Vec::new(); self.lines()];
        for (k, items) in self.placed() {
            lines[k].extend(items);
        }
        lines
    }

    /// Each cell's lines placed in its column, cell by cell: the line's index in its cell and
    /// its items, placed from the top of its line box.
    fn placed(self) -> Vec<(usize, Vec<Item>)> {
        let mut placed = Vec::new();
        let baseline = style::baseline(self.role);
        for (i, cell) in self.cells.iter().enumerate() {
            let slot = self.slots[i];
            let dot = self.dots.and_then(|d| d[i]);
            let single = cell.len() == 1;
            for (k, line) in cell.iter().enumerate() {
                let offset = match (self.aligns[i], dot) {
                    (Align::Right, Some(dot)) if single && has_digits(line) => (dot.x
                        - integer_width(line, dot.mark))
                    .min(slot.width - line.width)
                    .max(0.0),
                    (Align::Right, _) => slot.width - line.width,
                    (Align::Center, _) => (slot.width - line.width) / 2.0,
                    (Align::Left, _) => 0.0,
                };
                let x = self.left + slot.x + offset.max(0.0);
                let tag = Some((&mut *self.tags.structure, self.tags.cells[i]));
                placed.push((k, line_items(line, x, baseline, self.role, tag)));
            }
        }
        placed
    }
}

fn has_digits(line: &KeptLine) -> bool {
    line.runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .any(|g| g.text.chars().any(|c| c.is_ascii_digit()))
}
