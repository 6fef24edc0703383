//! The rules serde cannot express, and inline markup: each problem points at the value's own
//! line and column through the span tree, and each [`Inline`] learns its line.

mod tables;

pub use tables::references_hold;

use super::diagnostic::{ErrorKind, Problem};
use super::inline::{en_dash_ranges, Inline, MarkupError};
use super::limits::Limits;
use super::locate::Node;
use super::model::{Block, Briefing, ListItem, PageSpec, Position, Section};
use super::standards::PdfStandards;

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

/// Checks the model against the format's rules and fills in what serde cannot: parsed
/// markup and source lines. Returns every problem found, in no particular order.
/// `unread_tables` are the ids of tables that did not load (their errors are reported
/// already), so a chart drawing one is not also an error.
pub fn resolve(
    briefing: &mut Briefing,
    root: &Node,
    text: &str,
    limits: &Limits,
    unread_tables: &[String],
) -> Vec<Problem> {
    let mut resolver = Resolver::new(text, limits, unread_tables, briefing);
    resolver.briefing(briefing, root);
    resolver.check_charts();
    resolver.problems
}

/// Checks one top-level section of `briefing` read alone from `text` (its item of
/// `sections` and the lines around it, `node` its span tree) as [`resolve`] checks it in
/// the whole, but for what spans sections ([`references_hold`]): a chart's table and
/// columns, and tables' ids across sections. Positions are counted from `text`'s first line.
pub fn resolve_section(
    section: &mut Section,
    node: &Node,
    text: &str,
    limits: &Limits,
    briefing: &Briefing,
) -> Vec<Problem> {
    let mut resolver = Resolver::new(text, limits, &[], briefing);
    resolver.section(section, node, 1);
    resolver.problems
}

/// The height of the page's text area, which a chart's drawing must fit in: as the layout
/// takes it, with the room the running header and footer keep (`PageSpec::text_area`).
fn text_area_height(briefing: &Briefing) -> f32 {
    briefing.page.text_area()[3]
}

/// What a briefing written to `standards` must say that others need not. PDF/UA-1 asks
/// for the document's language, which a default would only guess; the title is required in
/// every mode, and so is a chart's `alt`, its `Figure`'s alternative text (those two are
/// checked where they are read). It reads only the head: a session that reads one edited
/// section again (`reload.rs`) does not run it, so a check of a section's content belongs in
/// the resolver, never here.
pub fn conforms(root: &Node, standards: PdfStandards) -> Option<Problem> {
    if standards.ua1 && root.get("language").is_none() {
        return Some(
            Problem::new(
                ErrorKind::Invalid,
                root.start,
                "PDF/UA-1 needs the briefing's language, and this source does not state it",
            )
            .with_help("add `language: en` (or the BCP 47 tag of the briefing's language)"),
        );
    }
    None
}

pub(super) struct Resolver<'t, 'n> {
    /// What is wrong, as found.
    problems: Vec<Problem>,
    /// Ids of tables that did not load.
    unread_tables: &'t [String],
    text: &'t str,
    /// The most cells a table may have.
    table_cells: usize,
    /// Byte offset where each line starts, to give every string its line without rescanning.
    line_starts: Vec<usize>,
    /// Tables with an `id`.
    tables: Vec<tables::TableRefs<'n>>,
    charts: Vec<tables::ChartRefs<'n>>,
    /// The source's opt-in: "2024-25" set as "2024–25".
    en_dash_ranges: bool,
    /// The page's text area height: the tallest a chart may be.
    area_height: f32,
}

/// The child node if the span tree has it (it may not behind an alias), else the parent.
pub(super) fn at<'n>(parent: &'n Node, child: Option<&'n Node>) -> &'n Node {
    child.unwrap_or(parent)
}

pub(super) fn invalid(node: &Node, message: impl Into<String>) -> Problem {
    Problem::new(ErrorKind::Invalid, node.start, message)
        .with_len(node.end.saturating_sub(node.start))
}

impl<'t, 'n> Resolver<'t, 'n> {
    /// A resolver of `text`, for a briefing whose head (page, en dashes) is `briefing`'s.
    fn new(
        text: &'t str,
        limits: &Limits,
        unread_tables: &'t [String],
        briefing: &Briefing,
    ) -> Resolver<'t, 'n> {
        Resolver {
            problems: Vec::new(),
            unread_tables,
            text,
            table_cells: limits.table_cells,
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                .collect(),
            tables: Vec::new(),
            charts: Vec::new(),
            en_dash_ranges: briefing.en_dash_ranges,
            area_height: text_area_height(briefing),
        }
    }

    fn report(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn briefing(&mut self, briefing: &mut Briefing, root: &'n Node) {
        let title = at(root, root.get("title"));
        if self.inline(&mut briefing.title, title) && briefing.title.plain().trim().is_empty() {
            self.report(
                invalid(title, "the title is empty")
                    .with_help("write the briefing's title after `title:`"),
            );
        }
        if let Some(subtitle) = &mut briefing.subtitle {
            self.inline(subtitle, at(root, root.get("subtitle")));
        }
        if let Some(lede) = &mut briefing.lede {
            self.inline(lede, at(root, root.get("lede")));
        }
        briefing.language_at = root.get("language").map(|node| self.position(node.start));
        let language = &briefing.language;
        let is_tag = !language.is_empty()
            && language.split('-').all(|part| {
                (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !is_tag {
            let problem = invalid(
                at(root, root.get("language")),
                format!("`{language}` is not a language tag"),
            )
            .with_help("write a BCP 47 tag such as `en`, `en-GB` or `hi`");
            self.report(problem);
        }
        if let Some(problem) = check_page(&briefing.page, at(root, root.get("page"))) {
            self.report(problem);
        }
        let sections = at(root, root.get("sections"));
        if briefing.sections.is_empty() {
            self.report(
                invalid(sections, "a briefing needs at least one section")
                    .with_help("add `- heading: ...` with its `blocks:` under `sections:`"),
            );
        }
        for (index, section) in briefing.sections.iter_mut().enumerate() {
            self.section(section, at(sections, sections.item(index)), 1);
        }
    }

    fn section(&mut self, section: &mut Section, node: &'n Node, depth: usize) {
        if depth > MAX_NESTING {
            self.report(
                invalid(node, "sections nest at most three deep")
                    .with_help("move this section up a level, or make it a paragraph"),
            );
            return;
        }
        let heading = at(node, node.get("heading"));
        if self.inline(&mut section.heading, heading) && section.heading.plain().trim().is_empty() {
            self.report(invalid(heading, "the heading is empty"));
        }
        let blocks = at(node, node.get("blocks"));
        for (index, block) in section.blocks.iter_mut().enumerate() {
            self.block(block, at(blocks, blocks.item(index)), depth);
        }
    }

    fn block(&mut self, block: &mut Block, node: &'n Node, depth: usize) {
        match block {
            Block::Paragraph(text) => {
                self.inline(text, node);
            }
            Block::Section(section) => self.section(section, node, depth + 1),
            Block::Bullets { bullets: items } => self.list(items, at(node, node.get("bullets")), 1),
            Block::Numbered { numbered: items } => {
                self.list(items, at(node, node.get("numbered")), 1)
            }
            Block::Note { note } => {
                self.inline(note, at(node, node.get("note")));
            }
            Block::Table { table } => self.table(table, at(node, node.get("table"))),
            Block::Chart { chart } => self.chart(chart, at(node, node.get("chart"))),
        }
    }

    fn list(&mut self, items: &mut [ListItem], node: &'n Node, depth: usize) {
        if depth > MAX_NESTING {
            self.report(invalid(node, "lists nest at most three deep"));
            return;
        }
        for (index, item) in items.iter_mut().enumerate() {
            let item_node = at(node, node.item(index));
            match item {
                ListItem::Plain(text) => {
                    self.inline(text, item_node);
                }
                ListItem::Nested {
                    text,
                    bullets,
                    numbered,
                } => {
                    self.inline(text, at(item_node, item_node.get("text")));
                    self.list(bullets, at(item_node, item_node.get("bullets")), depth + 1);
                    self.list(
                        numbered,
                        at(item_node, item_node.get("numbered")),
                        depth + 1,
                    );
                }
            }
        }
    }

    /// Parses a string's markup and records the line where its text starts; false (and a
    /// problem reported) when the markup does not parse.
    fn inline(&mut self, inline: &mut Inline, node: &Node) -> bool {
        inline.at = Some(self.position(node.start));
        match Inline::parse_markup(&inline.source) {
            Ok(parsed) => inline.runs = parsed.runs,
            Err(err) => {
                let problem = self.markup_problem(err, &inline.source, node);
                self.report(problem);
                return false;
            }
        }
        if self.en_dash_ranges {
            for run in &mut inline.runs {
                run.text = en_dash_ranges(&run.text);
            }
        }
        true
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
fn check_page(page: &PageSpec, node: &Node) -> Option<Problem> {
    let (key, message) = page.problem()?;
    let help = if key == "size" {
        "write a smaller `width` and `height`"
    } else {
        "make the margins smaller (such as `margins: 20mm`), or the page larger"
    };
    Some(invalid(at(node, node.get(key)), message).with_help(help))
}
