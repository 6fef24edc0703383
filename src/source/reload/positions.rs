//! Moving the model's positions by the lines an edit added or removed above them. Every
//! struct is taken apart field by field, so that a position added to the model later does
//! not compile here until it is moved too.

use crate::source::inline::Inline;
use crate::source::model::{
    Block, Briefing, Chart, Column, ListItem, PageSpec, Position, Section, Table,
};

/// Moves every position after the section at `index` (whose lines start after `base` line
/// breaks) by `lines`: the later sections', and the head's written after the sections.
pub fn shift_after(briefing: &mut Briefing, index: usize, base: usize, lines: i64) {
    if lines == 0 {
        return;
    }
    let Briefing {
        file: _,
        title,
        subtitle,
        date: _,
        authors: _,
        keywords: _,
        language: _,
        language_at,
        en_dash_ranges: _,
        hyphenate_capitalized: _,
        justify: _,
        page: PageSpec {
            size: _,
            margins: _,
        },
        pdf_standard: _,
        lede,
        sections,
    } = briefing;
    let below = |at: &Option<Position>| at.is_some_and(|at| at.line as usize > base + 1);
    for inline in [Some(title), subtitle.as_mut(), lede.as_mut()]
        .into_iter()
        .flatten()
    {
        if below(&inline.at) {
            shift_inline(inline, lines);
        }
    }
    if below(language_at) {
        shift(language_at, lines);
    }
    for section in &mut sections[index + 1..] {
        shift_section(section, lines);
    }
}

/// Moves every position in `section` by `lines`.
pub fn shift_section(section: &mut Section, lines: i64) {
    let Section { heading, blocks } = section;
    shift_inline(heading, lines);
    for block in blocks {
        shift_block(block, lines);
    }
}

fn shift_block(block: &mut Block, lines: i64) {
    match block {
        Block::Paragraph(text) | Block::Note { note: text } => shift_inline(text, lines),
        Block::Section(section) => shift_section(section, lines),
        Block::Bullets { bullets: items } | Block::Numbered { numbered: items } => {
            for item in items {
                shift_item(item, lines);
            }
        }
        Block::Table { table } => shift_table(table, lines),
        Block::Chart { chart } => shift_chart(chart, lines),
    }
}

fn shift_item(item: &mut ListItem, lines: i64) {
    match item {
        ListItem::Plain(text) => shift_inline(text, lines),
        ListItem::Nested {
            text,
            bullets,
            numbered,
        } => {
            shift_inline(text, lines);
            for item in bullets.iter_mut().chain(numbered) {
                shift_item(item, lines);
            }
        }
    }
}

fn shift_table(table: &mut Table, lines: i64) {
    let Table {
        id: _,
        caption,
        columns,
        rows: _,
        source,
        columns_at,
        cells_at,
        at,
    } = table;
    for inline in [caption, source].into_iter().flatten() {
        shift_inline(inline, lines);
    }
    // Columns hold no position of their own: their places are in `columns_at`.
    let _: &[Column] = columns;
    for place in columns_at.iter_mut().chain(cells_at.iter_mut().flatten()) {
        *place = moved(*place, lines);
    }
    shift(at, lines);
}

fn shift_chart(chart: &mut Chart, lines: i64) {
    let Chart {
        kind: _,
        table: _,
        x: _,
        series: _,
        caption,
        at,
        alt: _,
        y_title: _,
        height: _,
    } = chart;
    if let Some(caption) = caption {
        shift_inline(caption, lines);
    }
    shift(at, lines);
}

fn shift_inline(inline: &mut Inline, lines: i64) {
    let Inline {
        runs: _,
        source: _,
        at,
    } = inline;
    shift(at, lines);
}

fn shift(at: &mut Option<Position>, lines: i64) {
    if let Some(place) = at {
        *place = moved(*place, lines);
    }
}

fn moved(place: Position, lines: i64) -> Position {
    Position {
        line: u32::try_from(i64::from(place.line) + lines).unwrap_or(0),
        column: place.column,
    }
}
