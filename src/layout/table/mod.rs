//! Tables: a caption above, a header row repeated on every page the table reaches, numbers
//! aligned on the decimal point, light rules, a source line below.
//!
//! In four steps: measure each column's content, size the columns ([`columns::size`]), set
//! each cell into lines (the three in [`set`], whose grid the `SetCache` keeps by what it
//! is made of), and cut the rows into pieces ([`rows`]): a row that fits on a page is one
//! piece, a taller one a piece per line so it can split. Each cell and title is shaped
//! once: measured and set from the same shaping.

mod columns;
mod rows;
mod set;

use super::collect::{numbered_caption, source_line, Collector};
use super::compose::{Breaks, LinesAt};
use super::flow::Piece;
use super::kept::KeptLine;
use super::number::{self, Grouping};
use super::pages::Item;
use super::set_cache::Checked;
use super::structure::{Kind, NodeId};
use super::style::{self, Role};
use crate::source::{Align, Column, Inline, Length, Table};
use columns::TooWide;
use rows::{RowTags, TableRow};
use set::{Grid, Note, Place};
use std::sync::Arc;

pub use set::{SetTable, TableKey};

/// Formats a number cell: fixed decimals when the column has them (rounded half away from
/// zero, as written), digits grouped when `grouping` is given, a true minus sign.
pub fn format_number(value: f64, decimals: Option<u8>, grouping: Option<&Grouping>) -> String {
    let digits = match decimals {
        Some(d) if value.is_finite() => number::rounded(value.abs(), d as usize),
        _ => format!("{}", value.abs()),
    };
    let is_zero = digits.chars().all(|c| c == '0' || c == '.');
    let digits = match grouping {
        // A number Rust writes with an exponent (1e21) is left as it is.
        Some(grouping) if !digits.contains('e') => grouping.apply(&digits),
        _ => digits,
    };
    if value < 0.0 && !is_zero {
        format!("\u{2212}{digits}")
    } else {
        digits
    }
}

/// Where a numeric column's decimal marks stand from its slot's left edge, and which
/// character the mark is (`.`, or the language's when the column groups its digits).
#[derive(Debug, Clone, Copy)]
pub struct DecimalMark {
    pub x: f32,
    pub mark: char,
}

/// The width of the part of a number before its decimal `mark`.
fn integer_width(line: &KeptLine, mark: char) -> f32 {
    for run in &line.runs {
        if let Some(dot) = run.glyphs.iter().find(|g| g.text.starts_with(mark)) {
            return run.x + dot.x;
        }
    }
    line.width
}

fn mm(points: f32) -> String {
    Length { points }.in_mm()
}

impl Collector<'_> {
    /// A table and its caption and source line; a table that cannot fit the text area is
    /// the build's problem. Its grid is set once for what it is made of ([`set::TableKey`]):
    /// a table unchanged since the last build, or repeated, is taken from the cache.
    pub fn table(&mut self, table: &Table) {
        self.compose.at = table.at;
        self.tables += 1;
        let (fonts, measure) = (self.fonts, self.measure);
        let language = self.briefing.language.as_str();
        let key = TableKey::new(table, measure, language);
        let set = (self.cache).table(key, || set::set_table(fonts, table, measure, language));
        let grid = match &set.grid {
            Ok(grid) => grid,
            Err(too_wide) => return self.too_wide(table, *too_wide),
        };
        let (left, width) = (grid.left, grid.width);
        self.compose.gap(style::TABLE_SPACE);
        let element = self.element(Kind::Table);
        if let Some(caption) = &table.caption {
            let node = self.structure.add(element, Kind::Caption);
            self.caption(caption, left, width, node);
        }
        self.compose.at = table.at;
        self.report_notes(table, &grid.notes);
        let head = self.structure.add(element, Kind::TableHead);
        let header = self.header_row(table, grid, head);
        let header_height = header.height;
        self.compose.flow.headers.push(header.clone());
        let header_index = self.compose.flow.headers.len() - 1;
        self.compose.push(header);
        self.compose.keep_with_next(1);
        let aligns: Vec<Align> = table.columns.iter().map(Column::align).collect();
        // A row taller than this cannot stand whole under the repeated header.
        let room = self.page_height - header_height;
        let body = self.structure.add(element, Kind::TableBody);
        for cells in &grid.rows {
            let tags = self.row_elements(body, Kind::DataCell, cells.len());
            let row = TableRow {
                cells,
                aligns: &aligns,
                slots: &grid.slots,
                left,
                role: &style::TABLE,
                dots: Some(&grid.dots),
                tags,
            };
            for mut piece in row.pieces(room) {
                piece.header = Some(header_index);
                self.compose.push(piece);
            }
        }
        let thick = style::THICK_RULE;
        let mut rule = Piece::new(vec![rule(left, width, thick / 2.0, thick)], thick);
        rule.breakable_before = false;
        self.compose.push(rule);
        if let Some(source) = &table.source {
            self.table_source(source, left, width);
        }
        self.compose.gap(style::TABLE_SPACE);
    }

    /// What setting the grid found, each at its cell's place in this build's source (or
    /// the table's, when the cell's is not known).
    fn report_notes(&mut self, table: &Table, notes: &[Note]) {
        for note in notes {
            let (Note::Warning { place, .. } | Note::Lost { place, .. }) = note;
            let at = match *place {
                Place::Title(column) => table.columns_at.get(column).copied(),
                Place::Cell(row, column) => {
                    table.cells_at.get(row).and_then(|r| r.get(column)).copied()
                }
            };
            let at = at.or(table.at);
            match note {
                Note::Warning { kind, message, .. } => self.warn(*kind, at, message.clone()),
                Note::Lost { lost, .. } => self.lost(at, lost),
            }
        }
    }

    fn too_wide(&mut self, table: &Table, too_wide: TooWide) {
        let gaps = set::gaps(table.columns.len());
        let message = match too_wide {
            TooWide::Table { excess } => format!(
                "this table is {} too wide for the text area ({} wide): its {} columns need \
                 {} with every word hyphenated, and {} between and around them",
                mm(excess),
                mm(self.measure),
                table.columns.len(),
                mm(self.measure - gaps + excess),
                mm(gaps)
            ),
            TooWide::Column {
                index,
                width,
                needs,
            } => format!(
                "column `{}` is {} wide, but its content needs at least {}",
                table.columns[index].title(),
                mm(width),
                mm(needs)
            ),
        };
        let help = "use a wider page or smaller margins, fewer columns, or explicit `width:` on \
                    columns";
        self.fail(table.at, message, Some(help.into()));
    }

    fn caption(&mut self, caption: &Inline, left: f32, width: f32, node: NodeId) {
        let role = style::CAPTION;
        let numbered = numbered_caption("Table", self.tables, caption);
        let (set, x) = self.set_by_table(&numbered, &role, left, width);
        let at = LinesAt {
            x,
            role: &role,
            breaks: Breaks::Before,
        };
        self.push_lines(set.lines(), at, node);
        self.compose.keep_with_next(1);
        self.compose.space = style::TABLE_CAPTION_SPACE;
        self.compose.keep_with_next(2);
    }

    /// The header row, as the piece repeated at the top of each page the table continues on.
    fn header_row(&mut self, table: &Table, grid: &Grid, head: NodeId) -> Piece {
        let role = header_role();
        let aligns: Vec<Align> = table.columns.iter().map(Column::align).collect();
        let tags = self.row_elements(head, Kind::HeaderCell, grid.header.len());
        let row = TableRow {
            cells: &grid.header,
            aligns: &aligns,
            slots: &grid.slots,
            left: grid.left,
            role: &role,
            dots: None,
            tags,
        };
        let mut piece = row.piece();
        piece.at = table.at;
        let (thick, thin) = (style::THICK_RULE, style::THIN_RULE);
        let (left, width) = (grid.left, grid.width);
        piece.items.push(rule(left, width, thick / 2.0, thick));
        piece
            .items
            .push(rule(left, width, piece.height - thin / 2.0, thin));
        piece
    }

    fn table_source(&mut self, source: &Inline, left: f32, width: f32) {
        let role = style::TABLE_SOURCE;
        let line = source_line(source);
        let (set, x) = self.set_by_table(&line, &role, left, width);
        self.compose.space = style::TABLE_CAPTION_SPACE;
        // Read after the table, as a paragraph of its own.
        let node = self.element(Kind::Paragraph);
        let at = LinesAt {
            x,
            role: &role,
            breaks: Breaks::Never,
        };
        self.push_lines(set.lines(), at, node);
    }

    /// A `TR` in `group` with `count` cells of `kind`: the structure and the cells' elements.
    fn row_elements(&mut self, group: NodeId, kind: Kind, count: usize) -> RowTags<'_> {
        let row = self.structure.add(group, Kind::TableRow);
        let cells = (0..count)
            .map(|_| self.structure.add(row, kind.clone()))
            .collect();
        RowTags {
            structure: &mut self.structure,
            cells,
        }
    }

    /// Sets a caption or source line across the table, or across most of the column when
    /// the table is narrow, so that it does not wrap into a thin strip; returns its x.
    fn set_by_table(
        &mut self,
        text: &Inline,
        role: &Role,
        left: f32,
        width: f32,
    ) -> (Arc<Checked>, f32) {
        let style = self.paragraph_style(role, false);
        let wide = width >= self.measure * style::TABLE_WIDE_SHARE;
        let measure = if wide {
            width.min(self.measure)
        } else {
            self.measure
        };
        (
            self.set(text, &style, measure),
            if wide { left } else { 0.0 },
        )
    }
}

fn header_role() -> Role {
    let mut role = style::TABLE;
    role.text.bold = true;
    role
}

fn rule(left: f32, width: f32, y: f32, thickness: f32) -> Item {
    Item::Rule {
        from: (left, y),
        to: (left + width, y),
        width: thickness,
        color: style::RULE,
    }
}
