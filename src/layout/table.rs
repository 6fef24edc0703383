//! Tables: a caption above, a header row repeated on every page the table reaches, rows that
//! never split, numbers aligned on the decimal point, light rules, a source line below.

use super::blocks::{line_items, FlowBuilder};
use super::flow::Piece;
use super::number;
use super::pages::Item;
use super::structure::{Kind, NodeId, Structure};
use super::style::{self, Role};
use crate::source::inline::en_dash_ranges;
use crate::source::{Align, Cell, Column, Inline, Position, Run, Table};
use crate::text::{self, FontBook, Line};

/// Column geometry: left edge and width, from the table's left edge.
#[derive(Debug, Clone, Copy)]
struct Slot {
    x: f32,
    width: f32,
}

/// Formats a number cell: fixed decimals when the column has them (rounded half away from
/// zero, as written), a true minus sign.
pub fn format_number(value: f64, decimals: Option<u8>) -> String {
    let digits = match decimals {
        Some(d) if value.is_finite() => number::rounded(value.abs(), d as usize),
        _ => format!("{}", value.abs()),
    };
    let is_zero = digits.chars().all(|c| c == '0' || c == '.');
    if value < 0.0 && !is_zero {
        format!("\u{2212}{digits}")
    } else {
        digits
    }
}

fn cell_text(cell: &Cell, column: &Column, en_dashes: bool) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Number(value) => format_number(*value, column.decimals()),
        Cell::Text(text) if en_dashes => en_dash_ranges(text),
        Cell::Text(text) => text.clone(),
    }
}

fn plain(text: &str, at: Option<Position>) -> Inline {
    Inline {
        runs: vec![Run {
            text: text.to_string(),
            ..Run::default()
        }],
        source: text.to_string(),
        at,
    }
}

/// The width of the part of a number before its decimal point.
fn integer_width(line: &Line) -> f32 {
    for run in &line.runs {
        if let Some(dot) = run.glyphs.iter().find(|g| g.text == ".") {
            return run.x + dot.x;
        }
    }
    line.width
}

impl FlowBuilder<'_> {
    /// A table and its caption and source line.
    pub fn table(&mut self, table: &Table) {
        self.tables += 1;
        let en_dashes = self.en_dash_ranges();
        let texts: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&table.columns)
                    .map(|(c, col)| cell_text(c, col, en_dashes))
                    .collect()
            })
            .collect();
        let slots = self.columns(table, &texts);
        let width = slots.last().map_or(0.0, |s| s.x + s.width);
        let left = ((self.measure - width) / 2.0).max(0.0);
        self.gap(style::BLOCK_SPACE + 2.0);
        let element = self.element(Kind::Table);
        if let Some(caption) = &table.caption {
            let node = self.structure.add(element, Kind::Caption);
            self.caption(caption, left, width, node);
        }
        let head = self.structure.add(element, Kind::TableHead);
        let header = self.header_row(table, &slots, left, width, head);
        self.flow.headers.push(header.clone());
        let header_index = self.flow.headers.len() - 1;
        self.push(header);
        self.keep_with_next(1);
        // Where each column's decimal points stand: measured once, over every row.
        let dots = decimal_positions(self.fonts, table, &slots);
        let body = self.structure.add(element, Kind::TableBody);
        for (index, row) in texts.iter().enumerate() {
            let at = table.cells_at.get(index).map_or(&[][..], Vec::as_slice);
            // The row goes into the table's body.
            let mut piece = self.within(body, |b| b.body_row(table, row, at, &slots, left, &dots));
            piece.header = Some(header_index);
            self.push(piece);
        }
        let mut rule = Piece::new(vec![rule(left, width, 0.4, 0.8)], 0.8);
        rule.breakable_before = false;
        self.push(rule);
        if let Some(source) = &table.source {
            self.table_source(source, left, width);
        }
        self.gap(style::BLOCK_SPACE + 2.0);
    }

    /// Column slots: natural widths when they fit; otherwise text columns wrap.
    fn columns(&self, table: &Table, texts: &[Vec<String>]) -> Vec<Slot> {
        let head = header_role();
        let natural: Vec<f32> = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let title = text::shape_line(self.fonts, column.title(), &head.text).width;
                texts
                    .iter()
                    .filter_map(|row| row.get(i))
                    .fold(title, |w, t| {
                        w.max(text::shape_line(self.fonts, t, &style::TABLE.text).width)
                    })
            })
            .collect();
        let gaps =
            style::COLUMN_GAP * (natural.len().saturating_sub(1)) as f32 + 2.0 * style::CELL_PAD;
        let total: f32 = natural.iter().sum::<f32>() + gaps;
        let widths = if total <= self.measure {
            natural
        } else {
            shrink_text_columns(table, &natural, self.measure - gaps)
        };
        let mut x = style::CELL_PAD;
        widths
            .into_iter()
            .map(|width| {
                let slot = Slot { x, width };
                x += width + style::COLUMN_GAP;
                slot
            })
            .collect()
    }

    fn caption(&mut self, caption: &Inline, left: f32, width: f32, node: NodeId) {
        let role = style::CAPTION;
        let mut runs = vec![Run {
            text: format!("Table {}. ", self.tables),
            bold: true,
            ..Run::default()
        }];
        runs.extend(caption.runs.iter().map(|r| Run {
            bold: false,
            ..r.clone()
        }));
        let numbered = Inline {
            runs,
            ..caption.clone()
        };
        let (lines, x) = self.set_by_table(&numbered, &role, left, width);
        self.structure.close_link();
        for line in lines {
            let items = self.tagged_items(line, x, style::baseline(&role), &role, node);
            self.push(Piece::new(items, role.leading));
            self.keep_with_next(1);
        }
        self.space = 3.0;
        self.keep_with_next(2);
    }

    fn header_row(
        &mut self,
        table: &Table,
        slots: &[Slot],
        left: f32,
        width: f32,
        head: NodeId,
    ) -> Piece {
        let role = header_role();
        let cells: Vec<Vec<Line>> = table
            .columns
            .iter()
            .zip(slots)
            .enumerate()
            .map(|(i, (column, slot))| {
                let at = table.columns_at.get(i).copied();
                self.set_cell(column.title(), at, &role, slot.width)
            })
            .collect();
        let aligns: Vec<Align> = table.columns.iter().map(Column::align).collect();
        let tags = self.row_elements(head, Kind::HeaderCell, cells.len());
        let mut piece = row_piece(cells, &aligns, slots, left, &role, None, tags);
        piece.items.push(rule(left, width, 0.4, 0.8));
        piece.items.push(rule(left, width, piece.height - 0.2, 0.4));
        piece
    }

    fn body_row(
        &mut self,
        table: &Table,
        row: &[String],
        at: &[Position],
        slots: &[Slot],
        left: f32,
        dots: &[Option<f32>],
    ) -> Piece {
        let role = style::TABLE;
        let cells: Vec<Vec<Line>> = row
            .iter()
            .zip(slots)
            .enumerate()
            .map(|(i, (text, slot))| self.set_cell(text, at.get(i).copied(), &role, slot.width))
            .collect();
        let aligns: Vec<Align> = table.columns.iter().map(Column::align).collect();
        let tags = self.row_elements(self.parent, Kind::DataCell, cells.len());
        row_piece(cells, &aligns, slots, left, &role, Some(dots), tags)
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

    fn set_cell(&mut self, text: &str, at: Option<Position>, role: &Role, width: f32) -> Vec<Line> {
        if text.is_empty() {
            return Vec::new();
        }
        let style = self.paragraph_style(role, false);
        let style = text::ParagraphStyle {
            hyphenate: false,
            ..style
        };
        // The slot is the widest cell's natural width: a hair more keeps rounding from wrapping it.
        self.set(&plain(text, at), &style, width + 0.01)
    }

    fn table_source(&mut self, source: &Inline, left: f32, width: f32) {
        let role = style::TABLE_SOURCE;
        let mut runs = vec![Run {
            text: "Source: ".into(),
            italic: true,
            ..Run::default()
        }];
        runs.extend(source.runs.iter().cloned());
        let line = Inline {
            runs,
            ..source.clone()
        };
        let (lines, x) = self.set_by_table(&line, &role, left, width);
        self.space = 3.0;
        // Read after the table, as a paragraph of its own.
        let node = self.element(Kind::Paragraph);
        self.structure.close_link();
        for line in lines {
            let items = self.tagged_items(line, x, style::baseline(&role), &role, node);
            let mut piece = Piece::new(items, role.leading);
            piece.breakable_before = false;
            self.push(piece);
        }
    }
}

impl FlowBuilder<'_> {
    /// Sets a caption or source line across the table, or across most of the column when
    /// the table is narrow, so that it does not wrap into a thin strip; returns its x.
    fn set_by_table(
        &mut self,
        text: &Inline,
        role: &Role,
        left: f32,
        width: f32,
    ) -> (Vec<Line>, f32) {
        let style = self.paragraph_style(role, false);
        let wide = width >= self.measure * 0.6;
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

/// Gives text columns what numeric columns leave, in proportion to their natural widths.
fn shrink_text_columns(table: &Table, natural: &[f32], available: f32) -> Vec<f32> {
    let is_text = |i: usize| table.columns[i].align() != Align::Right;
    let fixed: f32 = (0..natural.len())
        .filter(|&i| !is_text(i))
        .map(|i| natural[i])
        .sum();
    let flexible: f32 = (0..natural.len())
        .filter(|&i| is_text(i))
        .map(|i| natural[i])
        .sum();
    let room = (available - fixed).max(available * 0.3);
    let scale = if flexible > 0.0 { room / flexible } else { 1.0 };
    let overall = if flexible > 0.0 {
        1.0
    } else {
        available / fixed.max(1.0)
    };
    (0..natural.len())
        .map(|i| {
            if is_text(i) {
                natural[i] * scale
            } else {
                natural[i] * overall.min(1.0)
            }
        })
        .collect()
}

/// For each right-aligned numeric column, where its decimal points stand from the slot's
/// right edge.
fn decimal_positions(fonts: &FontBook, table: &Table, slots: &[Slot]) -> Vec<Option<f32>> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            if column.align() != Align::Right {
                return None;
            }
            let fractions = table.rows.iter().filter_map(|row| match row.get(i) {
                Some(Cell::Number(v)) => {
                    let number = format_number(*v, column.decimals());
                    let line = text::shape_line(fonts, &number, &style::TABLE.text);
                    Some(line.width - integer_width(&line))
                }
                _ => None,
            });
            let widest = fractions.fold(None, |m: Option<f32>, f| Some(m.map_or(f, |m| m.max(f))));
            widest.map(|f| slots[i].width - f)
        })
        .collect()
}

/// The elements a row's cells belong to.
struct RowTags<'a> {
    structure: &'a mut Structure,
    cells: Vec<NodeId>,
}

/// One row: every cell's lines placed by its column's alignment.
fn row_piece(
    cells: Vec<Vec<Line>>,
    aligns: &[Align],
    slots: &[Slot],
    left: f32,
    role: &Role,
    dots: Option<&[Option<f32>]>,
    tags: RowTags,
) -> Piece {
    let rows = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let height = rows as f32 * role.leading + 2.0 * style::CELL_PAD;
    let mut items = Vec::new();
    for (i, lines) in cells.into_iter().enumerate() {
        let slot = slots[i];
        let dot = dots.and_then(|d| d[i]);
        let single = lines.len() == 1;
        for (k, line) in lines.into_iter().enumerate() {
            let offset = match (aligns[i], dot) {
                (Align::Right, Some(dot)) if single && has_dot_or_digits(&line) => (dot
                    - integer_width(&line))
                .min(slot.width - line.width)
                .max(0.0),
                (Align::Right, _) => slot.width - line.width,
                (Align::Center, _) => (slot.width - line.width) / 2.0,
                (Align::Left, _) => 0.0,
            };
            let baseline = style::CELL_PAD + style::baseline(role) + k as f32 * role.leading;
            items.extend(line_items(
                line,
                left + slot.x + offset.max(0.0),
                baseline,
                role,
                Some((&mut *tags.structure, tags.cells[i])),
            ));
        }
    }
    Piece::new(items, height)
}

fn has_dot_or_digits(line: &Line) -> bool {
    line.runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .any(|g| g.text.chars().any(|c| c.is_ascii_digit()))
}
