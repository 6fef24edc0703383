//! Tables: a caption above, a header row repeated on every page the table reaches, numbers
//! aligned on the decimal point, light rules, a source line below.
//!
//! In four steps: measure each column's content ([`measure`]), size the columns
//! ([`columns::size`]), set each cell into lines, and cut the rows into pieces ([`rows`]): a
//! row that fits on a page is one piece, a taller one a piece per line so it can split. Each
//! cell and title is shaped once: measured and set from the same shaping.

mod columns;
mod rows;

use super::collect::{numbered_caption, source_line, Collector};
use super::compose::{Breaks, LinesAt};
use super::flow::Piece;
use super::number::{self, Grouping};
use super::pages::Item;
use super::set_cache::Checked;
use super::structure::{Kind, NodeId};
use super::style::{self, Role};
use super::warning::WarningKind;
use crate::source::{Align, Cell, Column, Inline, Length, Position, Table};
use crate::text::{self, FontBook, Line, ShapedText, StyledRun, TextStyle};
use columns::{Needs, TooWide};
use rows::{RowTags, Slot, TableRow};
use std::sync::Arc;

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

/// A cell as set: its text, shaped once: a number as its one line, text to be measured and
/// then set into lines.
struct CellText<'t> {
    text: String,
    number: Option<Line>,
    shaped: Option<ShapedText<'t>>,
}

fn cell_text<'t>(
    fonts: &'t FontBook,
    cell: &'t Cell,
    column: &Column,
    grouping: &Grouping,
) -> CellText<'t> {
    match cell {
        Cell::Empty => CellText {
            text: String::new(),
            number: None,
            shaped: None,
        },
        Cell::Number(value) => {
            let grouping = column.grouping().then_some(grouping);
            let text = format_number(*value, column.decimals(), grouping);
            let line = text::shape_line(fonts, &text, &style::TABLE.text);
            CellText {
                text,
                number: Some(line),
                shaped: None,
            }
        }
        Cell::Text(text) => CellText {
            text: text.clone(),
            number: None,
            shaped: shape(fonts, text, &style::TABLE.text),
        },
    }
}

/// Text shaped in `style`, unless it is empty.
fn shape<'t>(fonts: &'t FontBook, text: &'t str, style: &TextStyle) -> Option<ShapedText<'t>> {
    (!text.is_empty()).then(|| ShapedText::new(fonts, &[StyledRun::plain(text)], style))
}

/// What text needs: its widest word and its width on one line, from its one shaping, and its
/// widest piece with words hyphenated. (That piece is shaped on its own with its hyphen, as
/// the column sizing has always measured it, so the widths, and the output, stay the same.)
fn text_needs(
    fonts: &FontBook,
    text: Option<(&ShapedText, &str)>,
    style: &TextStyle,
    hyphenation: (&str, bool),
) -> Needs {
    let (language, capitalized) = hyphenation;
    text.map_or(Needs::default(), |(shaped, text)| Needs {
        min: shaped.widest_word(),
        cut_min: text::widest_syllable(fonts, text, style, language, capitalized),
        max: shaped.unbroken().width,
    })
}

/// What each column's content needs: header and cells, numbers whole; words hyphenated as
/// `language` and `capitalized` (whether names may be) allow.
fn measure(
    fonts: &FontBook,
    table: &Table,
    titles: &[Option<ShapedText>],
    cells: &[Vec<CellText>],
    hyphenation: (&str, bool),
) -> Vec<Needs> {
    let head = header_role();
    titles
        .iter()
        .zip(&table.columns)
        .enumerate()
        .map(|(i, (title, column))| {
            let title = title.as_ref().map(|shaped| (shaped, column.title()));
            let mut needs = text_needs(fonts, title, &head.text, hyphenation);
            for cell in cells.iter().filter_map(|row| row.get(i)) {
                let (min, cut_min, max) = match &cell.number {
                    Some(line) => (line.width, line.width, line.width),
                    None => {
                        let text = cell.shaped.as_ref().map(|s| (s, cell.text.as_str()));
                        let needs = text_needs(fonts, text, &style::TABLE.text, hyphenation);
                        (needs.min, needs.cut_min, needs.max)
                    }
                };
                needs.min = needs.min.max(min);
                needs.cut_min = needs.cut_min.max(cut_min.min(min));
                needs.max = needs.max.max(max);
            }
            needs.cut_min = needs.cut_min.min(needs.min);
            needs
        })
        .collect()
}

/// The width of the part of a number before its decimal `mark`.
fn integer_width(line: &Line, mark: char) -> f32 {
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
    /// the build's problem.
    pub fn table(&mut self, table: &Table) {
        self.compose.at = table.at;
        self.tables += 1;
        let language = self.language().to_string();
        let grouping = match table.columns.iter().any(Column::grouping) {
            true => Grouping::for_language(&language),
            false => Grouping::none(),
        };
        let fonts = self.fonts;
        let cells: Vec<Vec<CellText>> = table
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&table.columns)
                    .map(|(cell, column)| cell_text(fonts, cell, column, &grouping))
                    .collect()
            })
            .collect();
        let head = header_role();
        let titles: Vec<Option<ShapedText>> = table
            .columns
            .iter()
            .map(|column| shape(fonts, column.title(), &head.text))
            .collect();
        // A column too narrow for its words is the last resort, where cutting a name ("Col-
        // umn") beats a table that cannot be set: capitalized words may be cut there.
        let capitalized = true;
        let needs = measure(fonts, table, &titles, &cells, (&language, capitalized));
        let n = table.columns.len();
        let gaps = style::COLUMN_GAP * n.saturating_sub(1) as f32 + 2.0 * style::CELL_PAD;
        let tracks: Vec<_> = table.columns.iter().map(Column::width).collect();
        let sizing = match columns::size(&tracks, &needs, self.measure - gaps) {
            Ok(sizing) => sizing,
            Err(too_wide) => return self.too_wide(table, too_wide, gaps),
        };
        let mut x = style::CELL_PAD;
        let slots: Vec<Slot> = sizing
            .widths
            .iter()
            .zip(&sizing.cut)
            .map(|(&width, &cut)| {
                let slot = Slot { x, width, cut };
                x += width + style::COLUMN_GAP;
                slot
            })
            .collect();
        let width = x - style::COLUMN_GAP + style::CELL_PAD;
        let left = ((self.measure - width) / 2.0).max(0.0);
        self.compose.gap(style::TABLE_SPACE);
        let element = self.element(Kind::Table);
        if let Some(caption) = &table.caption {
            let node = self.structure.add(element, Kind::Caption);
            self.caption(caption, left, width, node);
        }
        self.compose.at = table.at;
        let head = self.structure.add(element, Kind::TableHead);
        let header = self.header_row(table, &titles, &slots, (left, width), head);
        let header_height = header.height;
        self.compose.flow.headers.push(header.clone());
        let header_index = self.compose.flow.headers.len() - 1;
        self.compose.push(header);
        self.compose.keep_with_next(1);
        let dots = decimal_positions(table, &cells, &slots, grouping.mark);
        let aligns: Vec<Align> = table.columns.iter().map(Column::align).collect();
        // A row taller than this cannot stand whole under the repeated header.
        let room = self.page_height - header_height;
        let body = self.structure.add(element, Kind::TableBody);
        for (r, row) in cells.into_iter().enumerate() {
            let lines = self.set_row(table, r, row, &slots);
            let tags = self.row_elements(body, Kind::DataCell, lines.len());
            let row = TableRow {
                cells: lines,
                aligns: &aligns,
                slots: &slots,
                left,
                role: &style::TABLE,
                dots: Some(&dots),
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

    fn too_wide(&mut self, table: &Table, too_wide: TooWide, gaps: f32) {
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

    /// One body row's cells set into lines; a cell whose column is narrower than its widest
    /// word is hyphenated, with a warning.
    fn set_row(
        &mut self,
        table: &Table,
        row: usize,
        cells: Vec<CellText>,
        slots: &[Slot],
    ) -> Vec<Vec<Line>> {
        cells
            .into_iter()
            .zip(slots)
            .enumerate()
            .map(|(c, (cell, slot))| match cell.number {
                Some(line) => vec![line],
                None => {
                    let at = table.cells_at.get(row).and_then(|r| r.get(c)).copied();
                    let shaped = cell.shaped.as_ref().map(|s| (s, cell.text.as_str()));
                    let lines = self.set_cell(shaped, at, &style::TABLE, slot);
                    if lines.iter().any(|l| l.hyphenated) && slot.cut {
                        self.cut_warning(table, at, c, &cell.text, slot);
                    }
                    lines
                }
            })
            .collect()
    }

    fn cut_warning(
        &mut self,
        table: &Table,
        at: Option<Position>,
        column: usize,
        text: &str,
        slot: &Slot,
    ) {
        let title = table.columns[column].title();
        let excerpt: String = text.chars().take(40).collect();
        let message = format!(
            "column `{title}` is {} wide, narrower than a word of {excerpt:?}: the word is \
             hyphenated",
            mm(slot.width)
        );
        self.warn(WarningKind::WordHyphenated, at.or(table.at), message);
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

    fn header_row(
        &mut self,
        table: &Table,
        titles: &[Option<ShapedText>],
        slots: &[Slot],
        (left, width): (f32, f32),
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
                let shaped = titles[i].as_ref().map(|s| (s, column.title()));
                let lines = self.set_cell(shaped, at, &role, slot);
                if lines.iter().any(|l| l.hyphenated) && slot.cut {
                    self.cut_warning(table, at, i, column.title(), slot);
                }
                lines
            })
            .collect();
        let aligns: Vec<Align> = table.columns.iter().map(Column::align).collect();
        let tags = self.row_elements(head, Kind::HeaderCell, cells.len());
        let row = TableRow {
            cells,
            aligns: &aligns,
            slots,
            left,
            role: &role,
            dots: None,
            tags,
        };
        let mut piece = row.piece();
        piece.at = table.at;
        let (thick, thin) = (style::THICK_RULE, style::THIN_RULE);
        piece.items.push(rule(left, width, thick / 2.0, thick));
        piece
            .items
            .push(rule(left, width, piece.height - thin / 2.0, thin));
        piece
    }

    /// A cell's text, shaped when it was measured (none when empty), set into its slot.
    fn set_cell(
        &mut self,
        shaped: Option<(&ShapedText, &str)>,
        at: Option<Position>,
        role: &Role,
        slot: &Slot,
    ) -> Vec<Line> {
        let Some((shaped, text)) = shaped else {
            return Vec::new();
        };
        let style = text::ParagraphStyle {
            hyphenate: slot.cut,
            hyphenate_capitalized: slot.cut,
            ..self.paragraph_style(role, false)
        };
        // The slot may be the widest cell's natural width: a hair more keeps rounding from
        // wrapping it.
        self.set_shaped(shaped, (text, at), &style, slot.width + 0.01)
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

/// For each right-aligned numeric column, where its decimal marks stand from the slot's
/// left edge; `grouped_mark` is the mark of columns that group their digits.
fn decimal_positions(
    table: &Table,
    cells: &[Vec<CellText>],
    slots: &[Slot],
    grouped_mark: char,
) -> Vec<Option<DecimalMark>> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            if column.align() != Align::Right {
                return None;
            }
            let mark = if column.grouping() { grouped_mark } else { '.' };
            let fractions = cells
                .iter()
                .filter_map(|row| row.get(i)?.number.as_ref())
                .map(|line| line.width - integer_width(line, mark));
            let widest = fractions.fold(None, |m: Option<f32>, f| Some(m.map_or(f, |m| m.max(f))));
            widest.map(|f| DecimalMark {
                x: slots[i].width - f,
                mark,
            })
        })
        .collect()
}
