//! The rules of tables and of the charts drawn from them: a chart's references are checked
//! once every table has been seen, since a chart may stand before its table.

use std::collections::HashMap;

use super::super::diagnostic::{ErrorKind, Problem};
use super::super::inline::en_dash_ranges;
use super::super::limits::Limit;
use super::super::locate::Node;
use super::super::model::{Block, Cell, Chart, Column, Section, Table};
use super::super::suggest::nearest;
use super::{at, invalid, Resolver, MAX_CHART_VALUE, MAX_DECIMALS, MIN_CHART_HEIGHT};

/// A chart's references, kept until every table has been seen, with the chart's node.
pub(in crate::source) struct ChartRefs<'n> {
    chart: Refs,
    node: &'n Node,
}

/// What a chart names: its table, and the columns it draws.
struct Refs {
    table: String,
    x: String,
    series: Vec<String>,
}

/// A table with an `id` as charts see it, with the node of its rows.
pub(in crate::source) struct TableRefs<'n> {
    table: Drawable<String>,
    rows: &'n Node,
}

/// What a chart may need of a table with an `id`.
struct Drawable<S> {
    id: S,
    titles: Vec<S>,
    rows: usize,
    /// For each column, its first cell a chart cannot draw (text, or a number out of
    /// range), by row and column.
    first_text: Vec<Option<(usize, usize)>>,
}

/// The first thing wrong with a chart's references, before it is told where.
enum Fault {
    NoTable,
    /// `x` (no series index) or a series names no column of the table.
    NoColumn {
        series: Option<usize>,
    },
    NoSeries,
    /// The series at this index draws a column with a cell that is not a number.
    NotNumber {
        series: usize,
        cell: (usize, usize),
    },
    NoRows,
}

impl<'t, 'n> Resolver<'t, 'n> {
    /// A chart's own keys; its references wait until every table has been seen.
    pub(super) fn chart(&mut self, chart: &mut Chart, node: &'n Node) {
        chart.at = Some(self.position(node.start));
        if let Some(caption) = &mut chart.caption {
            self.inline(caption, at(node, node.get("caption")));
        }
        if chart.alt.trim().is_empty() {
            self.report(
                invalid(at(node, node.get("alt")), "the chart's `alt` is empty").with_help(
                    "describe in a sentence or two what the chart shows, for readers who \
                     cannot see it",
                ),
            );
        }
        if let Some(height) = chart.height {
            let limit = self.area_height;
            if height.points < MIN_CHART_HEIGHT || height.points > limit {
                self.report(
                    invalid(
                        at(node, node.get("height")),
                        format!(
                            "a chart's height must be from 72pt (1in) to the text area's \
                             {limit:.0}pt"
                        ),
                    )
                    .with_help("leave `height` out for a height in proportion to the width"),
                );
            }
        }
        self.charts.push(ChartRefs {
            chart: refs_of(chart),
            node,
        });
    }

    pub(super) fn table(&mut self, table: &mut Table, node: &'n Node) {
        table.at = Some(self.position(node.start));
        if let Some(caption) = &mut table.caption {
            self.inline(caption, at(node, node.get("caption")));
        }
        if let Some(source) = &mut table.source {
            self.inline(source, at(node, node.get("source")));
        }
        let columns = at(node, node.get("columns"));
        if table.columns.is_empty() {
            self.report(invalid(columns, "a table needs at least one column"));
        }
        table.columns_at = (0..table.columns.len())
            .map(|index| self.position(at(columns, columns.item(index)).start))
            .collect();
        for (index, column) in table.columns.iter().enumerate() {
            if let Column::Spec {
                decimals: Some(decimals),
                ..
            } = column
            {
                if *decimals > MAX_DECIMALS {
                    let column_node = at(columns, columns.item(index));
                    self.report(
                        invalid(
                            at(column_node, column_node.get("decimals")),
                            format!("`decimals: {decimals}` is out of range"),
                        )
                        .with_help(format!("write a whole number from 0 to {MAX_DECIMALS}")),
                    );
                }
            }
        }
        let rows = at(node, node.get("rows"));
        self.cell_count(table, rows);
        self.rows(table, rows);
        if self.en_dash_ranges {
            for cell in table.rows.iter_mut().flatten() {
                if let Cell::Text(text) = cell {
                    *text = en_dash_ranges(text);
                }
            }
        }
        if let Some(id) = &table.id {
            if self.tables.iter().any(|known| known.table.id == *id) {
                self.report(
                    invalid(
                        at(node, node.get("id")),
                        format!("a table with `id: {id}` already exists"),
                    )
                    .with_help("give each table its own id"),
                );
                return;
            }
            self.tables.push(TableRefs {
                table: drawable(id, table).owned(),
                rows,
            });
        }
    }

    /// The table-size limit.
    fn cell_count(&mut self, table: &Table, rows: &Node) {
        let cells = table.rows.len().saturating_mul(table.columns.len());
        if cells > self.table_cells {
            self.report(
                Problem::new(
                    ErrorKind::Limit,
                    rows.start,
                    format!(
                        "this table has {cells} cells ({} rows of {} columns); a table may \
                         have at most {}",
                        table.rows.len(),
                        table.columns.len(),
                        self.table_cells
                    ),
                )
                .with_label("these rows")
                .with_help("split the table")
                .with_limit(Limit::TableCells),
            );
        }
    }

    /// Each row's length, and where each cell stands.
    fn rows(&mut self, table: &mut Table, rows: &Node) {
        table.cells_at = Vec::with_capacity(table.rows.len());
        for (index, row) in table.rows.iter().enumerate() {
            let row_node = at(rows, rows.item(index));
            table.cells_at.push(
                (0..row.len())
                    .map(|cell| self.position(at(row_node, row_node.item(cell)).start))
                    .collect(),
            );
            if row.len() != table.columns.len() {
                self.report(
                    invalid(
                        row_node,
                        format!(
                            "this row has {} but the table has {}",
                            count(row.len(), "cell"),
                            count(table.columns.len(), "column")
                        ),
                    )
                    .with_help(
                        "give every row one cell per column; write `null` for an empty cell",
                    ),
                );
            }
        }
    }

    /// Every chart's table, columns and cells, once all tables are known.
    pub(super) fn check_charts(&mut self) {
        let charts = std::mem::take(&mut self.charts);
        for chart in &charts {
            if let Some(problem) = self.chart_problem(chart) {
                self.report(problem);
            }
        }
    }

    /// The first thing wrong with a chart's references, at its place.
    fn chart_problem(&self, chart: &ChartRefs<'n>) -> Option<Problem> {
        let node = chart.node;
        let (name, refs) = (&chart.chart.table, &chart.chart);
        let table = self.tables.iter().find(|t| t.table.id == *name);
        let fault = fault(&refs.x, &refs.series, table.map(|t| &t.table))?;
        let Some(table) = table else {
            if self.unread_tables.contains(name) {
                // The table's own error is reported; it says what is wrong.
                return None;
            }
            let ids: Vec<&str> = self.tables.iter().map(|t| t.table.id.as_str()).collect();
            let mut problem = invalid(
                at(node, node.get("table")),
                format!("no table has `id: {name}`"),
            );
            problem.help = Some(match nearest(name, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None if ids.is_empty() => "give the table an `id:` and name it here".into(),
                None => format!("tables with an id: {}", ids.join(", ")),
            });
            return Some(problem);
        };
        let titles: Vec<&str> = table.table.titles.iter().map(String::as_str).collect();
        let series = at(node, node.get("series"));
        let column_problem = |name: &str, node: &Node| {
            let mut problem = invalid(
                node,
                format!("table `{}` has no column `{name}`", refs.table),
            );
            problem.help = Some(match nearest(name, &titles) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("its columns: {}", titles.join(", ")),
            });
            problem
        };
        Some(match fault {
            // Found above: a table with that id exists.
            Fault::NoTable => return None,
            Fault::NoColumn { series: None } => column_problem(&refs.x, at(node, node.get("x"))),
            Fault::NoColumn {
                series: Some(index),
            } => column_problem(&refs.series[index], at(series, series.item(index))),
            Fault::NoSeries => invalid(series, "a chart needs at least one series"),
            Fault::NotNumber {
                series: index,
                cell: (row, column),
            } => {
                let row = at(table.rows, table.rows.item(row));
                invalid(
                    at(row, row.item(column)),
                    format!(
                        "the chart draws `{}`, but this cell is not a number it can draw",
                        refs.series[index]
                    ),
                )
                .with_help(
                    "write the figure as a number (`2.66`, `-2.82`) of at most 10^15, or \
                     `null` for none",
                )
            }
            Fault::NoRows => invalid(
                at(node, node.get("table")),
                format!("table `{}` has no rows to draw", refs.table),
            ),
        })
    }
}

/// Whether every chart of a briefing of these sections draws columns of numbers of a table
/// it names, and no two tables share an `id`: the rules [`Resolver::check_charts`] and
/// [`Resolver::table`] apply across sections, read from the model alone (without the span
/// tree, so without saying where). A briefing whose sections each resolve without a problem
/// resolves without one as a whole exactly when this holds.
pub fn references_hold<'s>(sections: impl Iterator<Item = &'s Section>) -> bool {
    let mut tables: HashMap<&str, &Table> = HashMap::new();
    let mut charts: Vec<&Chart> = Vec::new();
    for section in sections {
        if !gather(&section.blocks, &mut tables, &mut charts) {
            return false;
        }
    }
    charts.iter().all(|chart| {
        let table = tables.get(chart.table.as_str());
        let drawable = table.map(|table| drawable(&chart.table, table));
        fault(&chart.x, &chart.series, drawable.as_ref()).is_none()
    })
}

/// Gathers the tables with an id and the charts of `blocks`; false at a table whose id an
/// earlier one has.
fn gather<'s>(
    blocks: &'s [Block],
    tables: &mut HashMap<&'s str, &'s Table>,
    charts: &mut Vec<&'s Chart>,
) -> bool {
    for block in blocks {
        match block {
            Block::Section(section) if !gather(&section.blocks, tables, charts) => return false,
            Block::Table { table } => {
                let id = table.id.as_deref();
                if id.is_some_and(|id| tables.insert(id, table).is_some()) {
                    return false;
                }
            }
            Block::Chart { chart } => charts.push(chart),
            _ => {}
        }
    }
    true
}

/// What a chart names.
fn refs_of(chart: &Chart) -> Refs {
    Refs {
        table: chart.table.clone(),
        x: chart.x.clone(),
        series: chart.series.clone(),
    }
}

/// The first thing wrong with a chart's references (its `x` and `series`), given the
/// table it names, if one has that id.
fn fault<S: AsRef<str>>(x: &str, series: &[String], table: Option<&Drawable<S>>) -> Option<Fault> {
    let Some(table) = table else {
        return Some(Fault::NoTable);
    };
    let column = |name: &str| table.titles.iter().position(|t| t.as_ref() == name);
    if column(x).is_none() {
        return Some(Fault::NoColumn { series: None });
    }
    if series.is_empty() {
        return Some(Fault::NoSeries);
    }
    for (index, name) in series.iter().enumerate() {
        let Some(column) = column(name) else {
            return Some(Fault::NoColumn {
                series: Some(index),
            });
        };
        if let Some(cell) = table.first_text.get(column).copied().flatten() {
            return Some(Fault::NotNumber {
                series: index,
                cell,
            });
        }
    }
    (table.rows == 0).then_some(Fault::NoRows)
}

/// What charts need to know of a table with an id.
fn drawable<'t>(id: &'t str, table: &'t Table) -> Drawable<&'t str> {
    let titles = table.columns.iter().map(Column::title).collect();
    let mut first_text = vec![None; table.columns.len()];
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let chartable = match cell {
                Cell::Empty => true,
                Cell::Number(v) => v.abs() <= MAX_CHART_VALUE,
                Cell::Text(_) => false,
            };
            if !chartable && first_text.get(c).is_some_and(Option::is_none) {
                first_text[c] = Some((r, c));
            }
        }
    }
    Drawable {
        id,
        titles,
        rows: table.rows.len(),
        first_text,
    }
}

impl Drawable<&str> {
    /// Kept beyond the table's borrow.
    fn owned(self) -> Drawable<String> {
        Drawable {
            id: self.id.to_string(),
            titles: self.titles.into_iter().map(str::to_string).collect(),
            rows: self.rows,
            first_text: self.first_text,
        }
    }
}

/// "1 cell", "2 cells".
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}
