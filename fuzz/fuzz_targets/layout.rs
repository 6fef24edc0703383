//! The layout stage with structured input: an arbitrary but valid briefing (sections three
//! deep, paragraphs of random words including over-long ones and other scripts, lists three
//! deep, numbered lists of up to 256 items, tables of 1–12 columns with explicit or automatic
//! widths, numbers of every size, long and unbreakable cells and rows taller than a page,
//! notes, charts of such tables (bars or lines, with or without a height and a caption), named
//! and custom page sizes with margins up to 300 pt) must lay out with no
//! display-list problem (nothing outside the text area, no overlaps, no text lost) and render
//! to a PDF, or be refused because a table cannot fit, at the table's line.
//!
//! The input model below is deliberately small: it describes only briefings the source stage
//! would accept, so that every finding is a layout or render bug, never a validation gap.

#![no_main]

use arbitrary::Arbitrary;
use briefing::source::{
    Align, Block, Briefing, Cell, Chart, ChartKind, Column, Inline, Length, ListItem, Margins,
    PageSize, PageSpec, Section, Table, TrackSize,
};
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use std::cell::Cell as Counter;

/// Sections and lists nest at most this deep (the source stage's rule).
const MAX_NESTING: usize = 3;

thread_local! {
    /// Charted tables so far in this input, for unique table ids.
    static CHARTS: Counter<usize> = const { Counter::new(0) };
}

#[derive(Debug, Arbitrary)]
struct Doc {
    size: SizeChoice,
    /// Top, right, bottom, left in points, taken modulo 301.
    margins: [u16; 4],
    language: u8,
    justify: bool,
    title: Text,
    subtitle: Option<Text>,
    lede: Option<Text>,
    first: SectionSpec,
    more: Vec<SectionSpec>,
}

#[derive(Debug, Arbitrary)]
enum SizeChoice {
    A4,
    Letter,
    A5,
    /// Width and height in points, taken modulo 1500.
    Custom(u16, u16),
}

#[derive(Debug, Arbitrary)]
struct SectionSpec {
    heading: Text,
    blocks: Vec<BlockSpec>,
}

#[derive(Debug, Arbitrary)]
enum BlockSpec {
    Paragraph(Text),
    Section(SectionSpec),
    Bullets(Vec<ItemSpec>),
    Numbered(Vec<ItemSpec>),
    Table(TableSpec),
    Note(Text),
    /// A numbered list of this many items plus one.
    Counted(u8),
    /// A table and a chart of it (its first column along x, the others as series), in a
    /// subsection of their own.
    Charted(ChartSpec),
}

#[derive(Debug, Arbitrary)]
struct ChartSpec {
    table: TableSpec,
    bars: bool,
    /// Points, modulo 400 and at least 72 (the source's bounds); none: the default height.
    height: Option<u16>,
    caption: Option<Text>,
}

#[derive(Debug, Arbitrary)]
struct ItemSpec {
    text: Text,
    bullets: Vec<ItemSpec>,
    numbered: Vec<ItemSpec>,
}

#[derive(Debug, Arbitrary)]
struct TableSpec {
    caption: Option<Text>,
    source: Option<Text>,
    columns: Vec<ColumnSpec>,
    rows: Vec<Vec<CellSpec>>,
}

#[derive(Debug, Arbitrary)]
struct ColumnSpec {
    title: Text,
    /// 0: a plain title column; otherwise left, center, right.
    align: u8,
    /// Taken modulo 7 (the source allows 0..=6).
    decimals: Option<u8>,
    width: WidthSpec,
}

#[derive(Debug, Arbitrary)]
enum WidthSpec {
    Auto,
    /// Points, modulo 200.
    Length(u8),
    /// Percent, modulo 101.
    Percent(u8),
    /// Tenths of a fraction, at least one.
    Fraction(u8),
}

#[derive(Debug, Arbitrary)]
enum CellSpec {
    Empty,
    /// Hundredths, so decimals show.
    Number(i32),
    Huge(f64),
    Text(Text),
    /// A word of this many letters plus one, unbreakable unless hyphenated.
    LongWord(u8),
    /// A sentence repeated this many times: with enough, a row taller than a page.
    Tall(u8),
}

#[derive(Debug, Arbitrary)]
struct Text(Vec<Word>);

#[derive(Debug, Arbitrary)]
struct Word {
    kind: WordKind,
    style: Style,
}

#[derive(Debug, Arbitrary)]
enum WordKind {
    Common(u8),
    /// A word of this many letters: longer than any measure at 100 or so.
    Long(u8),
    Devanagari(u8),
    Cyrillic(u8),
    Number(i32),
}

#[derive(Debug, Arbitrary)]
enum Style {
    Plain,
    Bold,
    Italic,
    Link,
}

const COMMON: &[&str] = &[
    "India",
    "Russia",
    "trade",
    "the",
    "a",
    "of",
    "bilateral",
    "partnership",
    "co-operation",
    "defence",
    "2024-25",
    "USD",
    "68.7",
    "billion",
    "—",
    "“quoted”",
    "(ICT)",
    "e.g.",
    "BrahMos",
    "fi",
    "ffl",
    "Strategic",
    "summit",
    "energy",
    "nuclear",
    "I",
    "x",
];
const DEVANAGARI: &[&str] = &["भारत", "रूस", "व्यापार", "संबंध", "क्षि", "द्विपक्षीय"];
const CYRILLIC: &[&str] = &["Россия", "Индия", "торговля", "сотрудничество", "й"];

fn pick<'a>(list: &[&'a str], index: u8) -> &'a str {
    list[index as usize % list.len()]
}

impl Word {
    /// The word as inline markup; the vocabulary has no Markdown metacharacters.
    fn markup(&self) -> String {
        let word = match self.kind {
            WordKind::Common(i) => pick(COMMON, i).to_string(),
            WordKind::Long(n) => "abcdefghijklmnopqrstuvwxyz"
                .chars()
                .cycle()
                .take(n as usize + 1)
                .collect(),
            WordKind::Devanagari(i) => pick(DEVANAGARI, i).to_string(),
            WordKind::Cyrillic(i) => pick(CYRILLIC, i).to_string(),
            WordKind::Number(n) => n.to_string(),
        };
        match self.style {
            Style::Plain => word,
            Style::Bold => format!("**{word}**"),
            Style::Italic => format!("*{word}*"),
            Style::Link => format!("[{word}](https://example.org/{})", word.len()),
        }
    }
}

impl Text {
    fn markup(&self) -> String {
        let words: Vec<String> = self.0.iter().map(Word::markup).collect();
        words.join(" ")
    }

    /// The text parsed as the source stage parses it; `None` for markup it would reject.
    fn inline(&self) -> Option<Inline> {
        Inline::parse(&self.markup()).ok()
    }

    /// For places that must not be empty (titles, headings).
    fn non_empty(&self) -> Option<Inline> {
        let inline = self.inline()?;
        if inline.plain().trim().is_empty() {
            return Inline::parse("Untitled").ok();
        }
        Some(inline)
    }

    fn plain(&self) -> String {
        self.inline().map(|i| i.plain()).unwrap_or_default()
    }
}

impl SectionSpec {
    fn section(&self, depth: usize) -> Option<Section> {
        let mut blocks = Vec::new();
        for block in &self.blocks {
            blocks.extend(block.block(depth)?);
        }
        Some(Section {
            heading: self.heading.non_empty()?,
            blocks,
        })
    }
}

impl BlockSpec {
    /// The block, or `None` for a section nested deeper than the source allows (dropped).
    fn block(&self, depth: usize) -> Option<Option<Block>> {
        Some(Some(match self {
            BlockSpec::Paragraph(text) => Block::Paragraph(text.inline()?),
            BlockSpec::Section(_) if depth >= MAX_NESTING => return Some(None),
            BlockSpec::Section(section) => Block::Section(section.section(depth + 1)?),
            BlockSpec::Bullets(items) => Block::Bullets {
                bullets: list(items, 1)?,
            },
            BlockSpec::Numbered(items) => Block::Numbered {
                numbered: list(items, 1)?,
            },
            BlockSpec::Table(table) => Block::Table {
                table: table.table()?,
            },
            BlockSpec::Note(text) => Block::Note {
                note: text.inline()?,
            },
            // A chart's subsection would nest deeper than the source allows.
            BlockSpec::Charted(_) if depth >= MAX_NESTING => return Some(None),
            BlockSpec::Charted(spec) => Block::Section(spec.section()?),
            BlockSpec::Counted(n) => Block::Numbered {
                numbered: (0..=*n)
                    .map(|i| {
                        Inline::parse(&format!("Item {i}"))
                            .ok()
                            .map(ListItem::Plain)
                    })
                    .collect::<Option<_>>()?,
            },
        }))
    }
}

fn list(items: &[ItemSpec], depth: usize) -> Option<Vec<ListItem>> {
    items
        .iter()
        .map(|item| {
            let text = item.text.inline()?;
            if depth >= MAX_NESTING || (item.bullets.is_empty() && item.numbered.is_empty()) {
                return Some(ListItem::Plain(text));
            }
            Some(ListItem::Nested {
                text,
                bullets: list(&item.bullets, depth + 1)?,
                numbered: list(&item.numbered, depth + 1)?,
            })
        })
        .collect()
}

impl TableSpec {
    fn table(&self) -> Option<Table> {
        let mut columns: Vec<Column> = self
            .columns
            .iter()
            .take(12)
            .map(ColumnSpec::column)
            .collect();
        if columns.is_empty() {
            columns.push(Column::Title("Year".into()));
        }
        let rows = self
            .rows
            .iter()
            .map(|row| {
                (0..columns.len())
                    .map(|i| row.get(i).map_or(Cell::Empty, CellSpec::cell))
                    .collect()
            })
            .collect();
        Some(Table {
            id: None,
            caption: self.caption.as_ref().map(Text::inline).unwrap_or(None),
            columns,
            rows,
            source: self.source.as_ref().map(Text::inline).unwrap_or(None),
            columns_at: Vec::new(),
            cells_at: Vec::new(),
            at: None,
        })
    }
}

impl ChartSpec {
    /// A subsection holding the table and a chart of it.
    fn section(&self) -> Option<Section> {
        let mut table = self.table.table()?;
        let id = CHARTS.with(|n| {
            n.set(n.get() + 1);
            format!("chart-data-{}", n.get())
        });
        table.id = Some(id.clone());
        let titles: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.title().to_string())
            .collect();
        let series = if titles.len() > 1 {
            titles[1..].to_vec()
        } else {
            titles.clone()
        };
        let chart = Chart {
            kind: if self.bars {
                ChartKind::Bar
            } else {
                ChartKind::Line
            },
            table: id,
            x: titles[0].clone(),
            series,
            caption: self.caption.as_ref().map(Text::inline).unwrap_or(None),
            at: None,
            alt: "A chart of the table.".into(),
            y_title: None,
            height: self.height.map(|h| Length {
                points: (h % 400).max(72) as f32,
            }),
        };
        Some(Section {
            heading: Inline::parse("Chart").ok()?,
            blocks: vec![Block::Table { table }, Block::Chart { chart }],
        })
    }
}

impl ColumnSpec {
    fn column(&self) -> Column {
        let title = self.title.plain();
        let align = match self.align % 4 {
            0 => return Column::Title(title),
            1 => Align::Left,
            2 => Align::Center,
            _ => Align::Right,
        };
        Column::Spec {
            title,
            align,
            decimals: self.decimals.map(|d| d % 7),
            grouping: self.decimals.is_some_and(|d| d % 2 == 1),
            width: match self.width {
                WidthSpec::Auto => TrackSize::Auto,
                WidthSpec::Length(p) => TrackSize::Length(Length {
                    points: (p % 200) as f32,
                }),
                WidthSpec::Percent(p) => TrackSize::Percent((p % 101) as f32),
                WidthSpec::Fraction(f) => TrackSize::Fraction(f.max(1) as f32 / 10.0),
            },
        }
    }
}

impl CellSpec {
    fn cell(&self) -> Cell {
        match self {
            CellSpec::Empty => Cell::Empty,
            CellSpec::Number(hundredths) => Cell::Number(*hundredths as f64 / 100.0),
            // The source rejects NaN and infinities.
            CellSpec::Huge(value) if value.is_finite() => Cell::Number(*value),
            CellSpec::Huge(_) => Cell::Empty,
            CellSpec::Text(text) => Cell::Text(text.plain()),
            CellSpec::LongWord(n) => Cell::Text(
                "abcdefghijklmnopqrstuvwxyz"
                    .chars()
                    .cycle()
                    .take(*n as usize + 1)
                    .collect(),
            ),
            CellSpec::Tall(n) => {
                Cell::Text(vec!["A sentence of a tall cell."; *n as usize].join(" "))
            }
        }
    }
}

impl Doc {
    fn briefing(&self) -> Option<Briefing> {
        let mut sections = vec![self.first.section(1)?];
        for section in &self.more {
            sections.push(section.section(1)?);
        }
        let [top, right, bottom, left] = self.margins.map(|m| Length {
            points: (m % 301) as f32,
        });
        Some(Briefing {
            file: "fuzz.yaml".into(),
            title: self.title.non_empty()?,
            subtitle: self.subtitle.as_ref().map(Text::inline).unwrap_or(None),
            date: chrono_date(),
            authors: vec!["Fuzz desk".into()],
            keywords: Vec::new(),
            language: pick(&["en", "hi", "ru", "en-GB", "de"], self.language).to_string(),
            language_at: None,
            en_dash_ranges: self.justify,
            // German nouns are capitalized: the language that asks for it.
            hyphenate_capitalized: self.language % 5 == 4,
            justify: self.justify,
            pdf_standard: None,
            page: PageSpec {
                size: match self.size {
                    SizeChoice::A4 => PageSize::A4,
                    SizeChoice::Letter => PageSize::Letter,
                    SizeChoice::A5 => PageSize::A5,
                    SizeChoice::Custom(w, h) => PageSize::Custom {
                        width: Length {
                            points: (w % 1500) as f32,
                        },
                        height: Length {
                            points: (h % 1500) as f32,
                        },
                    },
                },
                margins: Margins::Sides {
                    top,
                    right,
                    bottom,
                    left,
                },
            },
            lede: self.lede.as_ref().map(Text::inline).unwrap_or(None),
            sections,
        })
    }
}

/// The date is not under test; the one the seed carries.
fn chrono_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 5).unwrap_or_default()
}

fuzz_target!(|doc: Doc| {
    CHARTS.with(|n| n.set(0));
    let Some(briefing) = doc.briefing() else {
        return;
    };
    // Geometry the source stage refuses is not the layout's to set.
    if briefing.page.problem().is_some() {
        return;
    }
    let options = briefing::Options::default();
    let laid = match briefing::layout::typeset(&briefing, options.fonts, options.limits.pages) {
        Ok(laid) => laid,
        Err(briefing::layout::LayoutError::TooManyPages { .. }) => return,
        Err(e @ briefing::layout::LayoutError::Unplaceable { .. }) => {
            // Only a table may be refused, for being too wide; anything else lost text.
            let message = e.to_string();
            assert!(
                message.contains("table is") || message.contains("column `"),
                "{message}"
            );
            return;
        }
        // Only the embedded faces are in use, and they always load.
        Err(e @ briefing::layout::LayoutError::Font(_)) => panic!("{e}"),
    };
    let problems = briefing::layout::check::problems(&laid.pages);
    assert!(problems.is_empty(), "{problems:#?}");
    if let Err(err) = briefing::render::render(&laid.pages) {
        panic!("laid-out pages did not render: {err}");
    }
});
