//! The paragraphs a briefing will set, known before it is composed: what
//! [`super::SetCache::plan`] sets ahead of the collector, on two threads
//! (docs/performance.md, "Incremental rebuilds and parallel setting").
//!
//! It follows the collector's choices of style and measure through the shared helpers of
//! [`super::collect`]. A paragraph it misses, or plans differently, is only set later, by
//! the collector itself, on one core: the plan decides how fast, never what is set. Table
//! cells, captions and chart labels are left to the collector (their measures come from the
//! table's columns); the plan only lists the tables, so that a cold build knows which it
//! will meet again.

use super::block_cache::counted_as;
use super::chart::{drawn_from, TableIndex};
use super::collect::{byline, list_indent, marker, paragraph_style, set_key};
use super::note::note_text;
use super::set_cache::{SetCache, SetKey};
use super::style::{self, Role};
use super::table::TableKey;
use crate::source::{Block, Briefing, Inline, ListItem, Section};
use crate::text::FontBook;

/// What a build will set, in reading order: the paragraphs' keys, and the tables and
/// charts as a cold build counts their uses ([`counted_as`]).
pub struct Planned {
    pub paragraphs: Vec<SetKey>,
    pub tables: Vec<u64>,
    pub charts: Vec<u64>,
}

/// The keys of the paragraphs, tables and charts `briefing` sets in a column `measure` wide, in
/// reading order.
pub fn paragraphs<'a>(
    (briefing, table_index): (&'a Briefing, &'a TableIndex<'a>),
    (fonts, cache): (&FontBook, &mut SetCache),
    measure: f32,
) -> Planned {
    let mut plan = Plan {
        briefing,
        fonts,
        cache,
        measure,
        keys: Vec::new(),
        tables: Vec::new(),
        charts: Vec::new(),
        table_index,
    };
    plan.add(&briefing.title, &style::TITLE, false, 0.0);
    if let Some(subtitle) = &briefing.subtitle {
        plan.add(subtitle, &style::SUBTITLE, false, 0.0);
    }
    plan.add(&byline(briefing), &style::BYLINE, false, 0.0);
    if let Some(lede) = &briefing.lede {
        plan.add(lede, &style::LEDE, true, 0.0);
    }
    for section in &briefing.sections {
        plan.section(section, 1);
    }
    Planned {
        paragraphs: plan.keys,
        tables: plan.tables,
        charts: plan.charts,
    }
}

struct Plan<'a> {
    briefing: &'a Briefing,
    fonts: &'a FontBook,
    /// Where list markers are kept (they are set here, for their widths).
    cache: &'a mut SetCache,
    measure: f32,
    keys: Vec<SetKey>,
    tables: Vec<u64>,
    charts: Vec<u64>,
    table_index: &'a TableIndex<'a>,
}

impl Plan<'_> {
    /// Text of `role`, justified or not, starting `x` into the column.
    fn add(&mut self, inline: &Inline, role: &Role, justify: bool, x: f32) {
        let style = paragraph_style(self.briefing, role, justify);
        self.keys.push(set_key(inline, &style, self.measure - x));
    }

    fn section(&mut self, section: &Section, level: usize) {
        self.add(
            &section.heading,
            &style::HEADINGS[level.min(3) - 1],
            false,
            0.0,
        );
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => self.add(text, &style::BODY, true, 0.0),
                Block::Section(section) => self.section(section, level + 1),
                Block::Bullets { bullets } => self.list(bullets, false, 0, 0.0),
                Block::Numbered { numbered } => self.list(numbered, true, 0, 0.0),
                Block::Note { note } => {
                    let (_, measure) = note_text(self.measure);
                    let style = paragraph_style(self.briefing, &style::NOTE, true);
                    self.keys.push(set_key(note, &style, measure));
                }
                Block::Table { table } => {
                    let key = TableKey::new(table, self.measure, &self.briefing.language);
                    self.tables.push(counted_as(&key));
                }
                Block::Chart { chart } => {
                    let index = &self.table_index;
                    if let Some((_, from)) = drawn_from(self.briefing, index, chart, self.measure) {
                        self.charts.push(counted_as(&from));
                    }
                }
            }
        }
    }

    fn list(&mut self, items: &[ListItem], numbered: bool, depth: usize, left: f32) {
        let widest = (0..items.len())
            .map(|i| marker((self.fonts, &mut *self.cache), numbered, depth, i).width)
            .fold(0.0, f32::max);
        let x = list_indent(left, numbered, widest);
        for item in items {
            self.add(item.text(), &style::BODY, true, x);
            if let ListItem::Nested {
                bullets, numbered, ..
            } = item
            {
                if !bullets.is_empty() {
                    self.list(bullets, false, depth + 1, x);
                }
                if !numbered.is_empty() {
                    self.list(numbered, true, depth + 1, x);
                }
            }
        }
    }
}
