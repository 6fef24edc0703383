//! A table's grid set from its cells alone: each column's content measured, the columns
//! sized, every cell set into lines. What comes out depends only on the [`TableKey`] (the
//! cells, the columns, the measure, the language and the font book), never on where the
//! table stands, so it is kept in the [`crate::layout::SetCache`] and a table repeated or
//! unchanged since the last build is set once (docs/performance.md, "Incremental rebuilds
//! and parallel setting"). Warnings name their cell by row and column ([`Place`]); the
//! collector gives them the cell's line in the source of the build under way.

use super::columns::{self, Needs, TooWide};
use super::rows::Slot;
use super::{format_number, header_role, integer_width, DecimalMark};
use crate::layout::check::text_lost;
use crate::layout::kept::KeptLine;
use crate::layout::number::Grouping;
use crate::layout::style::{self, Role};
use crate::layout::WarningKind;
use crate::source::{Align, Cell, Column, Length, Table, TrackSize};
use crate::text::{self, FontBook, ParagraphStyle, ShapedText, StyledRun, TextStyle};

/// What a table's grid is set from, owned and exactly comparable (a hash only finds the
/// candidates): the columns, the cells, the measure and the language. The font book is
/// the cache's own ([`crate::layout::SetCache::begin`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TableKey {
    columns: Vec<ColumnKey>,
    rows: Vec<Vec<CellKey>>,
    /// The measure, as bits.
    measure: u32,
    language: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ColumnKey {
    title: String,
    /// Left, right, center.
    align: u8,
    decimals: Option<u8>,
    grouping: bool,
    /// Auto, a length, a percentage, a fraction; the figure as bits.
    width: (u8, u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum CellKey {
    Empty,
    /// The figure as bits: equal bits format alike.
    Number(u64),
    Text(String),
}

impl TableKey {
    /// Every field of a column is taken apart by name, so that a field added to the source
    /// format does not compile until the key holds it too.
    pub fn new(table: &Table, measure: f32, language: &str) -> TableKey {
        let column = |column: &Column| {
            let (title, align, decimals, grouping, width) = match column {
                Column::Title(title) => (title, Align::Left, None, false, TrackSize::Auto),
                Column::Spec {
                    title,
                    align,
                    decimals,
                    grouping,
                    width,
                } => (title, *align, *decimals, *grouping, *width),
            };
            ColumnKey {
                title: title.clone(),
                align: align as u8,
                decimals,
                grouping,
                width: match width {
                    TrackSize::Auto => (0, 0),
                    TrackSize::Length(Length { points }) => (1, points.to_bits()),
                    TrackSize::Percent(share) => (2, share.to_bits()),
                    TrackSize::Fraction(share) => (3, share.to_bits()),
                },
            }
        };
        let cell = |cell: &Cell| match cell {
            Cell::Empty => CellKey::Empty,
            Cell::Number(value) => CellKey::Number(value.to_bits()),
            Cell::Text(text) => CellKey::Text(text.clone()),
        };
        TableKey {
            columns: table.columns.iter().map(column).collect(),
            rows: (table.rows.iter())
                .map(|row| row.iter().map(cell).collect())
                .collect(),
            measure: measure.to_bits(),
            language: language.to_string(),
        }
    }
}

/// A table set: its grid, or why its columns cannot fit the measure.
#[derive(Debug)]
pub struct SetTable {
    pub grid: Result<Grid, TooWide>,
}

/// The columns' places and every cell's lines, kept compact.
#[derive(Debug)]
pub struct Grid {
    pub slots: Vec<Slot>,
    /// The table's left edge in the column, and its width.
    pub left: f32,
    pub width: f32,
    /// The column titles' lines, one entry a column.
    pub header: Vec<Vec<KeptLine>>,
    /// Each body row's cells' lines, one entry a cell (as many as the row has, up to one a
    /// column).
    pub rows: Vec<Vec<Vec<KeptLine>>>,
    /// Where each right-aligned numeric column's decimal marks stand.
    pub dots: Vec<Option<DecimalMark>>,
    /// What setting found, in the order a build reports it: titles first, then the rows.
    pub notes: Vec<Note>,
}

/// Something setting a cell found, to be reported at the cell's place in the source.
#[derive(Debug)]
pub enum Note {
    Warning {
        kind: WarningKind,
        place: Place,
        message: String,
    },
    /// The first letters the cell's lines lost (the safety net, see [`text_lost`]).
    Lost { place: Place, lost: String },
}

/// A cell of the table: a column's title, or a body cell by row and column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    Title(usize),
    Cell(usize, usize),
}

/// A cell as set: its text, shaped once: a number as its one line, text to be measured and
/// then set into lines.
struct CellText<'t> {
    text: String,
    number: Option<KeptLine>,
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
                number: Some(KeptLine::from(&line)),
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
fn measure_columns(
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

/// The space between and around a table's `columns`.
pub fn gaps(columns: usize) -> f32 {
    style::COLUMN_GAP * columns.saturating_sub(1) as f32 + 2.0 * style::CELL_PAD
}

/// Sets `table` in a column `measure` wide, hyphenating as `language` does.
pub fn set_table(fonts: &FontBook, table: &Table, measure: f32, language: &str) -> SetTable {
    let grouping = match table.columns.iter().any(Column::grouping) {
        true => Grouping::for_language(language),
        false => Grouping::none(),
    };
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
    let needs = measure_columns(fonts, table, &titles, &cells, (language, capitalized));
    let tracks: Vec<_> = table.columns.iter().map(Column::width).collect();
    let gaps = gaps(table.columns.len());
    let sizing = match columns::size(&tracks, &needs, measure - gaps) {
        Ok(sizing) => sizing,
        Err(too_wide) => {
            return SetTable {
                grid: Err(too_wide),
            }
        }
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
    let mut setter = CellSetter {
        table,
        language,
        notes: Vec::new(),
    };
    let header = (table.columns.iter().zip(&titles).zip(&slots).enumerate())
        .map(|(i, ((column, title), slot))| {
            let shaped = title.as_ref().map(|s| (s, column.title()));
            setter.set(shaped, Place::Title(i), &head, slot)
        })
        .collect();
    let dots = decimal_positions(table, &cells, &slots, grouping.mark);
    let rows = (cells.into_iter().enumerate())
        .map(|(r, row)| setter.row(r, row, &slots))
        .collect();
    SetTable {
        grid: Ok(Grid {
            left: ((measure - width) / 2.0).max(0.0),
            width,
            slots,
            header,
            rows,
            dots,
            notes: setter.notes,
        }),
    }
}

/// Sets cells into their slots, noting what it finds.
struct CellSetter<'a> {
    table: &'a Table,
    language: &'a str,
    notes: Vec<Note>,
}

impl CellSetter<'_> {
    /// One body row's cells set into lines.
    fn row(&mut self, row: usize, cells: Vec<CellText>, slots: &[Slot]) -> Vec<Vec<KeptLine>> {
        (cells.into_iter().zip(slots).enumerate())
            .map(|(c, (cell, slot))| match cell.number {
                Some(line) => vec![line],
                None => {
                    let shaped = cell.shaped.as_ref().map(|s| (s, cell.text.as_str()));
                    self.set(shaped, Place::Cell(row, c), &style::TABLE, slot)
                }
            })
            .collect()
    }

    /// A cell's text, shaped when it was measured (none when empty), set into its slot; a
    /// cell whose column is narrower than its widest word is hyphenated, with a warning.
    fn set(
        &mut self,
        shaped: Option<(&ShapedText, &str)>,
        place: Place,
        role: &Role,
        slot: &Slot,
    ) -> Vec<KeptLine> {
        let Some((shaped, text)) = shaped else {
            return Vec::new();
        };
        let style = ParagraphStyle {
            text: role.text,
            justify: false,
            hyphenate: slot.cut,
            hyphenate_capitalized: slot.cut,
            language: self.language.to_string(),
        };
        // The slot may be the widest cell's natural width: a hair more keeps rounding from
        // wrapping it.
        let set = shaped.set(&style, slot.width + 0.01);
        for warning in set.warnings {
            self.notes.push(Note::Warning {
                kind: WarningKind::Text(warning.kind),
                place,
                message: warning.message,
            });
        }
        if let Some(lost) = text_lost(text, &set.lines) {
            self.notes.push(Note::Lost { place, lost });
        }
        if set.lines.iter().any(|l| l.hyphenated) && slot.cut {
            self.cut_warning(place, text, slot);
        }
        set.lines.iter().map(KeptLine::from).collect()
    }

    fn cut_warning(&mut self, place: Place, text: &str, slot: &Slot) {
        let column = match place {
            Place::Title(column) | Place::Cell(_, column) => column,
        };
        let title = self.table.columns[column].title();
        let excerpt: String = text.chars().take(40).collect();
        let message = format!(
            "column `{title}` is {} wide, narrower than a word of {excerpt:?}: the word is \
             hyphenated",
            super::mm(slot.width)
        );
        self.notes.push(Note::Warning {
            kind: WarningKind::WordHyphenated,
            place,
            message,
        });
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
