//! What a chart draws, read from its table on every build: the categories along x and each
//! series' figures, so that a figure edited in the table changes the chart too.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::layout::number::Grouping;
use crate::layout::table::format_number;
use crate::source::{Block, Cell, Chart, Section, Table};

/// A chart's data. Equal as the figures' bits are (a chart is drawn from it and kept by it,
/// see `SetCache`): equal data draw alike.
#[derive(Debug, Clone)]
pub struct ChartData {
    /// The `x` column's cells as the table sets them.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The most digits after the decimal point the series' columns ask for.
    pub decimals: Option<u8>,
    /// The briefing's language, when a series column groups its digits: tick labels are
    /// grouped as its cells are.
    pub grouping: Option<String>,
}

/// One series: its column's title and a figure (or nothing) per category.
#[derive(Debug, Clone)]
pub struct Series {
    pub title: String,
    pub values: Vec<Option<f64>>,
}

impl Series {
    /// The figures as bits, as they are compared and hashed.
    fn bits(&self) -> impl Iterator<Item = Option<u64>> + '_ {
        self.values.iter().map(|value| value.map(f64::to_bits))
    }
}

impl PartialEq for Series {
    fn eq(&self, other: &Series) -> bool {
        self.title == other.title && self.bits().eq(other.bits())
    }
}

impl Eq for Series {}

impl Hash for Series {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.title.hash(state);
        self.values.len().hash(state);
        self.bits().for_each(|bits| bits.hash(state));
    }
}

/// Every field taken apart by name: a field added does not compile until it is compared.
impl PartialEq for ChartData {
    fn eq(&self, other: &ChartData) -> bool {
        let ChartData {
            categories,
            series,
            decimals,
            grouping,
        } = self;
        *categories == other.categories
            && *series == other.series
            && *decimals == other.decimals
            && *grouping == other.grouping
    }
}

impl Eq for ChartData {}

impl Hash for ChartData {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.categories.hash(state);
        self.series.hash(state);
        self.decimals.hash(state);
        self.grouping.hash(state);
    }
}

impl ChartData {
    /// The chart's columns of `table`; `None` if a column is missing (validation rules that
    /// out). Text in a series column (also ruled out) counts as no figure. Text cells come with
    /// the source's `en_dash_ranges` already applied by the source stage.
    /// `language` is the briefing's, for columns that group their digits.
    pub fn read(table: &Table, chart: &Chart, language: &str) -> Option<ChartData> {
        let column = |title: &str| table.columns.iter().position(|c| c.title() == title);
        let x = column(&chart.x)?;
        let x_grouping = table.columns[x]
            .grouping()
            .then(|| Grouping::for_language(language));
        let categories = table
            .rows
            .iter()
            .map(|row| match row.get(x) {
                Some(Cell::Number(v)) => {
                    format_number(*v, table.columns[x].decimals(), x_grouping.as_ref())
                }
                Some(Cell::Text(text)) => text.clone(),
                _ => String::new(),
            })
            .collect();
        let mut decimals = None;
        let mut grouping = None;
        let mut series = Vec::with_capacity(chart.series.len());
        for title in &chart.series {
            let at = column(title)?;
            decimals = decimals.max(table.columns[at].decimals());
            if table.columns[at].grouping() {
                grouping = Some(language.to_string());
            }
            let values = table
                .rows
                .iter()
                .map(|row| match row.get(at) {
                    Some(Cell::Number(v)) if v.is_finite() => Some(*v),
                    _ => None,
                })
                .collect();
            series.push(Series {
                title: title.clone(),
                values,
            });
        }
        Some(ChartData {
            categories,
            series,
            decimals,
            grouping,
        })
    }

    /// The smallest and largest figure, if there is any.
    pub fn range(&self) -> Option<(f64, f64)> {
        let mut values = self.series.iter().flat_map(|s| s.values.iter().flatten());
        let first = *values.next()?;
        Some(values.fold((first, first), |(lo, hi), &v| (lo.min(v), hi.max(v))))
    }

    /// A tick value as the table would print it: the columns' decimals (more if the step
    /// needs them, so that ticks never read alike), grouped if a series column is, a true
    /// minus sign.
    pub fn tick_label(&self, value: f64, step_digits: u8) -> String {
        let digits = self.decimals.unwrap_or(0).max(step_digits);
        let grouping = self.grouping.as_deref().map(Grouping::for_language);
        format_number(value, Some(digits), grouping.as_ref())
    }
}

/// The briefing's tables by their `id`, found in one walk of the sections (a search from
/// the start for each chart would cost a long briefing the square of its length).
#[derive(Default)]
pub struct TableIndex<'b>(HashMap<&'b str, &'b Table>);

impl<'b> TableIndex<'b> {
    pub fn new(sections: &'b [Section]) -> TableIndex<'b> {
        let mut index = TableIndex::default();
        index.add(sections);
        index
    }

    /// Adds the tables of `sections`, in reading order: of two with one id, the first.
    fn add(&mut self, sections: &'b [Section]) {
        for section in sections {
            for block in &section.blocks {
                match block {
                    Block::Table { table } => {
                        if let Some(id) = table.id.as_deref() {
                            self.0.entry(id).or_insert(table);
                        }
                    }
                    Block::Section(nested) => self.add(std::slice::from_ref(nested)),
                    _ => {}
                }
            }
        }
    }

    /// The table with `id` anywhere in the briefing's sections.
    pub fn get(&self, id: &str) -> Option<&'b Table> {
        self.0.get(id).copied()
    }
}

/// The unit a caption names: the text in its closing parentheses ("Trade (USD billion)"),
/// or after its last comma ("Trade in goods, USD billion").
pub fn caption_unit(caption: &str) -> Option<String> {
    let caption = caption.trim().trim_end_matches('.');
    let unit = if let Some(inner) = caption.strip_suffix(')') {
        inner.rsplit_once('(')?.1
    } else {
        caption.rsplit_once(", ")?.1
    };
    let unit = unit.trim();
    // A unit is a few words; a long clause after a comma is not one.
    let short = !unit.is_empty() && unit.split_whitespace().count() <= 4;
    short.then(|| unit.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_names_its_unit_after_a_comma_or_in_parentheses() {
        let unit = |c: &str| caption_unit(c);
        assert_eq!(
            unit("India–Russia trade in goods, USD billion").as_deref(),
            Some("USD billion")
        );
        assert_eq!(unit("Trade (USD billion)").as_deref(), Some("USD billion"));
        assert_eq!(unit("Trade in goods"), None);
        assert_eq!(
            unit("Trade, which grew as India bought far more Russian crude oil"),
            None
        );
    }
}
