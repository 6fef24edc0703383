//! The rules serde cannot express, and inline markup: each problem points at the value's own
//! line and column through the span tree, and each [`Inline`] learns its line.

use super::diagnostic::{ErrorKind, Problem};
use super::inline::{en_dash_ranges, Inline, MarkupError};
use super::limits::{Limit, Limits};
use super::locate::Node;
use super::model::{
    Block, Briefing, Cell, Chart, Column, ListItem, PageSpec, Position, Section, Table,
};
use super::standards::PdfStandards;
use super::suggest::nearest;

/// Sections and lists nest at most this deep (`docs/source-format.md`).
pub const MAX_NESTING: usize = 3;
/// Digits after the decimal point a column may ask for.
pub const MAX_DECIMALS: u8 = 6;
/// The largest figure a chart draws (a NaN or an infinity is not one): far beyond any real
/// quantity, and small enough that axis arithmetic stays exact to the cent.
pub const MAX_CHART_VALUE: f64 = 1e15;
/// The shortest drawing a chart may ask for, in points (one inch): below it the axes and
/// labels leave no room for the data.
pub const MIN_CHART_HEIGHT: f32 = 72.0;

/// Parses every string's markup, sets its line, and checks the briefing's rules.
/// Checks the model against the format's rules and fills in what serde cannot: parsed
/// markup and source lines.
pub fn resolve(
    briefing: &mut Briefing,
    root: &Node,
    text: &str,
    limits: &Limits,
) -> Result<(), Problem> {
    let mut resolver = Resolver {
        text,
        table_cells: limits.table_cells,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect(),
        tables: Vec::new(),
        charts: Vec::new(),
        en_dash_ranges: briefing.en_dash_ranges,
        area_height: text_area_height(briefing),
    };
    resolver.briefing(briefing, root)?;
    resolver.check_charts()
}

/// The height of the page's text area, which a chart's drawing must fit in.
fn text_area_height(briefing: &Briefing) -> f32 {
    let [top, _, bottom, _] = briefing.page.margins.sides();
    briefing.page.size.points().1 - top - bottom
}

/// What a briefing written to `standards` must say that others need not. PDF/UA-1 asks
/// for the document's language, which a default would only guess; the title is required in
/// every mode, and so is a chart's `alt`, its `Figure`'s alternative text.
pub fn conforms(root: &Node, standards: PdfStandards) -> Result<(), Problem> {
    if standards.ua1 && root.get("language").is_none() {
        return Err(Problem::new(
            ErrorKind::Invalid,
            root.start,
            "PDF/UA-1 needs the briefing's language, and this source does not state it",
        )
        .with_help("add `language: en` (or the BCP 47 tag of the briefing's language)"));
    }
    Ok(())
}

/// A chart's references, kept until every table has been seen.
struct ChartRefs<'n> {
    table: String,
    x: String,
    series: Vec<String>,
    node: &'n Node,
}

/// What a chart may need of a table with an `id`.
struct TableRefs<'n> {
    id: String,
    titles: Vec<String>,
    rows: usize,
    /// For each column, its first cell a chart cannot draw: text, or a number out of range.
    first_text: Vec<Option<&'n Node>>,
}

struct Resolver<'t, 'n> {
    text: &'t str,
    /// The most cells a table may have.
    table_cells: usize,
    /// Byte offset where each line starts, to give every string its line without rescanning.
    line_starts: Vec<usize>,
    /// Tables with an `id`.
    tables: Vec<TableRefs<'n>>,
    charts: Vec<ChartRefs<'n>>,
    /// The source's opt-in: "2024-25" set as "2024–25".
    en_dash_ranges: bool,
    /// The page's text area height: the tallest a chart may be.
    area_height: f32,
}

/// The child node if the span tree has it (it may not behind an alias), else the parent.
fn at<'n>(parent: &'n Node, child: Option<&'n Node>) -> &'n Node {
    child.unwrap_or(parent)
}

fn invalid(node: &Node, message: impl Into<String>) -> Problem {
    Problem::new(ErrorKind::Invalid, node.start, message)
        .with_len(node.end.saturating_sub(node.start))
}

impl<'t, 'n> Resolver<'t, 'n> {
    fn briefing(&mut self, briefing: &mut Briefing, root: &'n Node) -> Result<(), Problem> {
        let title = at(root, root.get("title"));
        self.inline(&mut briefing.title, title)?;
        if briefing.title.plain().trim().is_empty() {
            return Err(invalid(title, "the title is empty")
                .with_help("write the briefing's title after `title:`"));
        }
        if let Some(subtitle) = &mut briefing.subtitle {
            self.inline(subtitle, at(root, root.get("subtitle")))?;
        }
        if let Some(lede) = &mut briefing.lede {
            self.inline(lede, at(root, root.get("lede")))?;
        }
        briefing.language_at = root.get("language").map(|node| self.position(node.start));
        let language = &briefing.language;
        let is_tag = !language.is_empty()
            && language.split('-').all(|part| {
                (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !is_tag {
            return Err(invalid(
                at(root, root.get("language")),
                format!("`{language}` is not a language tag"),
            )
            .with_help("write a BCP 47 tag such as `en`, `en-GB` or `hi`"));
        }
        check_page(&briefing.page, at(root, root.get("page")))?;
        let sections = at(root, root.get("sections"));
        if briefing.sections.is_empty() {
            return Err(invalid(sections, "a briefing needs at least one section")
                .with_help("add `- heading: ...` with its `blocks:` under `sections:`"));
        }
        for (index, section) in briefing.sections.iter_mut().enumerate() {
            self.section(section, at(sections, sections.item(index)), 1)?;
        }
        Ok(())
    }

    fn section(
        &mut self,
        section: &mut Section,
        node: &'n Node,
        depth: usize,
    ) -> Result<(), Problem> {
        if depth > MAX_NESTING {
            return Err(invalid(node, "sections nest at most three deep")
                .with_help("move this section up a level, or make it a paragraph"));
        }
        let heading = at(node, node.get("heading"));
        self.inline(&mut section.heading, heading)?;
        if section.heading.plain().trim().is_empty() {
            return Err(invalid(heading, "the heading is empty"));
        }
        let blocks = at(node, node.get("blocks"));
        for (index, block) in section.blocks.iter_mut().enumerate() {
            self.block(block, at(blocks, blocks.item(index)), depth)?;
        }
        Ok(())
    }

    fn block(&mut self, block: &mut Block, node: &'n Node, depth: usize) -> Result<(), Problem> {
        match block {
            Block::Paragraph(text) => self.inline(text, node),
            Block::Section(section) => self.section(section, node, depth + 1),
            Block::Bullets { bullets: items } => self.list(items, at(node, node.get("bullets")), 1),
            Block::Numbered { numbered: items } => {
                self.list(items, at(node, node.get("numbered")), 1)
            }
            Block::Note { note } => self.inline(note, at(node, node.get("note"))),
            Block::Table { table } => self.table(table, at(node, node.get("table"))),
            Block::Chart { chart } => self.chart(chart, at(node, node.get("chart"))),
        }
    }

    /// A chart's own keys; its references wait until every table has been seen.
    fn chart(&mut self, chart: &mut Chart, node: &'n Node) -> Result<(), Problem> {
        chart.at = Some(self.position(node.start));
        if let Some(caption) = &mut chart.caption {
            self.inline(caption, at(node, node.get("caption")))?;
        }
        if chart.alt.trim().is_empty() {
            return Err(
                invalid(at(node, node.get("alt")), "the chart's `alt` is empty").with_help(
                    "describe in a sentence or two what the chart shows, for readers who \
                     cannot see it",
                ),
            );
        }
        if let Some(height) = chart.height {
            let limit = self.area_height;
            if height.points < MIN_CHART_HEIGHT || height.points > limit {
                return Err(invalid(
                    at(node, node.get("height")),
                    format!(
                        "a chart's height must be from 72pt (1in) to the text area's {limit:.0}pt"
                    ),
                )
                .with_help("leave `height` out for a height in proportion to the width"));
            }
        }
        self.charts.push(ChartRefs {
            table: chart.table.clone(),
            x: chart.x.clone(),
            series: chart.series.clone(),
            node,
        });
        Ok(())
    }

    fn list(
        &mut self,
        items: &mut [ListItem],
        node: &'n Node,
        depth: usize,
    ) -> Result<(), Problem> {
        if depth > MAX_NESTING {
            return Err(invalid(node, "lists nest at most three deep"));
        }
        for (index, item) in items.iter_mut().enumerate() {
            let item_node = at(node, node.item(index));
            match item {
                ListItem::Plain(text) => self.inline(text, item_node)?,
                ListItem::Nested {
                    text,
                    bullets,
                    numbered,
                } => {
                    self.inline(text, at(item_node, item_node.get("text")))?;
                    self.list(bullets, at(item_node, item_node.get("bullets")), depth + 1)?;
                    self.list(
                        numbered,
                        at(item_node, item_node.get("numbered")),
                        depth + 1,
                    )?;
                }
            }
        }
        Ok(())
    }

    fn table(&mut self, table: &mut Table, node: &'n Node) -> Result<(), Problem> {
        table.at = Some(self.position(node.start));
        if let Some(caption) = &mut table.caption {
            self.inline(caption, at(node, node.get("caption")))?;
        }
        if let Some(source) = &mut table.source {
            self.inline(source, at(node, node.get("source")))?;
        }
        let columns = at(node, node.get("columns"));
        if table.columns.is_empty() {
            return Err(invalid(columns, "a table needs at least one column"));
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
                    return Err(invalid(
                        at(column_node, column_node.get("decimals")),
                        format!("`decimals: {decimals}` is out of range"),
                    )
                    .with_help(format!("write a whole number from 0 to {MAX_DECIMALS}")));
                }
            }
        }
        let rows = at(node, node.get("rows"));
        let cells = table.rows.len().saturating_mul(table.columns.len());
        if cells > self.table_cells {
            return Err(Problem::new(
                ErrorKind::Limit,
                rows.start,
                format!(
                    "this table has {cells} cells ({} rows of {} columns); a table may have \
                     at most {}",
                    table.rows.len(),
                    table.columns.len(),
                    self.table_cells
                ),
            )
            .with_label("these rows")
            .with_help("split the table")
            .with_limit(Limit::TableCells));
        }
        table.cells_at = Vec::with_capacity(table.rows.len());
        for (index, row) in table.rows.iter().enumerate() {
            let row_node = at(rows, rows.item(index));
            table.cells_at.push(
                (0..row.len())
                    .map(|cell| self.position(at(row_node, row_node.item(cell)).start))
                    .collect(),
            );
            if row.len() != table.columns.len() {
                return Err(invalid(
                    at(rows, rows.item(index)),
                    format!(
                        "this row has {} cells but the table has {} columns",
                        row.len(),
                        table.columns.len()
                    ),
                )
                .with_help("give every row one cell per column; write `null` for an empty cell"));
            }
        }
        if self.en_dash_ranges {
            for cell in table.rows.iter_mut().flatten() {
                if let Cell::Text(text) = cell {
                    *text = en_dash_ranges(text);
                }
            }
        }
        if let Some(id) = &table.id {
            if self.tables.iter().any(|known| known.id == *id) {
                return Err(invalid(
                    at(node, node.get("id")),
                    format!("a table with `id: {id}` already exists"),
                )
                .with_help("give each table its own id"));
            }
            let titles = table
                .columns
                .iter()
                .map(|c| c.title().to_string())
                .collect();
            let mut first_text = vec![None; table.columns.len()];
            for (r, row) in table.rows.iter().enumerate() {
                let row_node = at(rows, rows.item(r));
                for (c, cell) in row.iter().enumerate() {
                    let chartable = match cell {
                        Cell::Empty => true,
                        Cell::Number(v) => v.abs() <= MAX_CHART_VALUE,
                        Cell::Text(_) => false,
                    };
                    if !chartable && first_text[c].is_none() {
                        first_text[c] = Some(at(row_node, row_node.item(c)));
                    }
                }
            }
            self.tables.push(TableRefs {
                id: id.clone(),
                titles,
                rows: table.rows.len(),
                first_text,
            });
        }
        Ok(())
    }

    fn check_charts(&self) -> Result<(), Problem> {
        for chart in &self.charts {
            let node = chart.node;
            let Some(table) = self.tables.iter().find(|t| t.id == chart.table) else {
                let ids: Vec<&str> = self.tables.iter().map(|t| t.id.as_str()).collect();
                let mut problem = invalid(
                    at(node, node.get("table")),
                    format!("no table has `id: {}`", chart.table),
                );
                problem.help = Some(match nearest(&chart.table, &ids) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if ids.is_empty() => "give the table an `id:` and name it here".into(),
                    None => format!("tables with an id: {}", ids.join(", ")),
                });
                return Err(problem);
            };
            let titles: Vec<&str> = table.titles.iter().map(String::as_str).collect();
            let column_problem = |name: &str, node: &Node| {
                let mut problem = invalid(
                    node,
                    format!("table `{}` has no column `{name}`", chart.table),
                );
                problem.help = Some(match nearest(name, &titles) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("its columns: {}", titles.join(", ")),
                });
                problem
            };
            if !titles.contains(&chart.x.as_str()) {
                return Err(column_problem(&chart.x, at(node, node.get("x"))));
            }
            let series = at(node, node.get("series"));
            if chart.series.is_empty() {
                return Err(invalid(series, "a chart needs at least one series"));
            }
            for (index, name) in chart.series.iter().enumerate() {
                let Some(column) = titles.iter().position(|t| t == name) else {
                    return Err(column_problem(name, at(series, series.item(index))));
                };
                if let Some(cell) = table.first_text[column] {
                    return Err(invalid(
                        cell,
                        format!(
                            "the chart draws `{name}`, but this cell is not a number it can draw"
                        ),
                    )
                    .with_help(
                        "write the figure as a number (`2.66`, `-2.82`) of at most 10^15, or \
                         `null` for none",
                    ));
                }
            }
            if table.rows == 0 {
                return Err(invalid(
                    at(node, node.get("table")),
                    format!("table `{}` has no rows to draw", chart.table),
                ));
            }
        }
        Ok(())
    }

    /// Parses a string's markup and records the line where its text starts.
    fn inline(&self, inline: &mut Inline, node: &Node) -> Result<(), Problem> {
        let parsed = Inline::parse_markup(&inline.source)
            .map_err(|err| self.markup_problem(err, &inline.source, node))?;
        inline.runs = parsed.runs;
        if self.en_dash_ranges {
            for run in &mut inline.runs {
                run.text = en_dash_ranges(&run.text);
            }
        }
        inline.at = Some(self.position(node.start));
        Ok(())
    }

    /// The line and column of a byte offset.
    fn position(&self, offset: usize) -> Position {
        let line = self
            .line_starts
            .partition_point(|&line_start| line_start <= offset);
        let line_start = self.line_starts[line.saturating_sub(1)];
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |before| before.chars().count())
            + 1;
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// Finds the offending markup in the YAML as written: YAML folding and escapes mean an
    /// offset in the string is not an offset in the file, but the text itself usually is there.
    fn markup_problem(&self, err: MarkupError, source: &str, node: &Node) -> Problem {
        let fragment = source
            .get(err.range.clone())
            .and_then(|f| f.lines().map(str::trim).find(|line| !line.is_empty()))
            .unwrap_or_default();
        let start = node.start;
        let raw = self
            .text
            .get(start..node.end.max(start))
            .unwrap_or_default();
        let (offset, len) = match raw.find(fragment).filter(|_| !fragment.is_empty()) {
            Some(at) => (start + at, fragment.len()),
            None => (start, 0),
        };
        let mut problem = Problem::new(ErrorKind::Markup, offset, err.message).with_len(len);
        problem.help = err.help;
        problem
    }
}

/// The page must be one PDF allows, with margins that leave room for text.
fn check_page(page: &PageSpec, node: &Node) -> Result<(), Problem> {
    let Some((key, message)) = page.problem() else {
        return Ok(());
    };
    let help = if key == "size" {
        "write a smaller `width` and `height`"
    } else {
        "make the margins smaller (such as `margins: 20mm`), or the page larger"
    };
    Err(invalid(at(node, node.get(key)), message).with_help(help))
}
