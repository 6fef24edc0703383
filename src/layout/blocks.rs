//! A briefing's blocks turned into the flow: lines set by the text stage, placed in pieces
//! that carry the keep rules.

use super::check::text_lost;
use super::flow::{Flow, Piece};
use super::measure::{LineFacts, SetLines};
use super::pages::{Item, TextItem};
use super::structure::{Kind, NodeId, Structure};
use super::style::{self, Role};
use super::warning::{LayoutError, Warning, WarningKind};
use crate::source::{Block, Briefing, Inline, ListItem, Position, Run, Section};
use crate::text::{self, FontBook, Line, ParagraphStyle, StyledRun};

/// Where a page may end among a block's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// Before the first line, and between lines leaving two on each side.
    Paragraph,
    /// Only before the first line: the lines stay together.
    Before,
    /// Nowhere: the lines stay together and with what comes before them.
    Never,
}

/// Builds the flow for one briefing.
pub struct FlowBuilder<'a> {
    pub flow: Flow,
    /// Width of the text column.
    pub measure: f32,
    /// Height of the text area: a piece taller than this cannot be placed whole.
    pub page_height: f32,
    /// Where the block being set starts in the source, stamped on its pieces.
    pub(super) at: Option<Position>,
    /// The first block that cannot be set without losing text.
    pub problem: Option<LayoutError>,
    pub(super) briefing: &'a Briefing,
    pub fonts: &'a FontBook,
    pub warnings: Vec<Warning>,
    /// How many coming pieces must stay on the page of the piece before them.
    pub(super) keep_next: usize,
    /// Space above the next piece.
    pub(super) space: f32,
    /// Set after a heading: the heading decides the space to what follows.
    after_heading: bool,
    /// Tables numbered so far, for "Table N" captions.
    pub tables: usize,
    /// Charts numbered so far, for "Figure N" captions.
    pub figures: usize,
    /// Every paragraph and list item set, for measuring after pagination.
    pub paragraphs: Vec<SetLines>,
    /// The last piece of every heading.
    pub headings: Vec<usize>,
    /// The height of the column so far, pieces and the space above them.
    height: f32,
    /// Past this height the column cannot fit in the page limit: further blocks are skipped.
    max_height: f32,
    /// The logical structure of what is set, in reading order.
    pub structure: Structure,
    /// The element new blocks go into.
    pub(super) parent: NodeId,
    /// Notes so far, for their unique ids.
    pub(super) notes: usize,
}

/// A line placed in a piece: where its left edge and its baseline sit. The line's glyphs move
/// into the items. With `tag`, the items belong to that element of the structure (linked
/// runs to a `Link` inside it); without, they are artifacts.
pub fn line_items(
    line: Line,
    x: f32,
    baseline: f32,
    role: &Role,
    mut tag: Option<(&mut Structure, NodeId)>,
) -> Vec<Item> {
    let mut items = Vec::with_capacity(line.runs.len());
    for run in line.runs {
        let node = tag
            .as_mut()
            .map(|(structure, node)| structure.run_node(*node, run.link.as_deref()));
        let color = if run.link.is_some() {
            style::LINK
        } else {
            role.color
        };
        items.push(Item::Text(TextItem {
            x: x + run.x,
            y: baseline,
            font: run.font,
            size: run.size,
            color,
            glyphs: run.glyphs.into(),
            width: run.width,
            node,
        }));
        if let Some(url) = run.link {
            items.push(Item::Link {
                x: x + run.x,
                y: baseline - run.size * 0.85,
                w: run.width,
                h: run.size * 1.1,
                url,
                node,
            });
        }
    }
    items
}

/// A caption numbered as its table or figure is: "Table 1. " in bold, then the caption's own
/// runs, not bold.
pub fn numbered_caption(label: &str, number: usize, caption: &Inline) -> Inline {
    let mut runs = vec![Run {
        text: format!("{label} {number}. "),
        bold: true,
        ..Run::default()
    }];
    runs.extend(caption.runs.iter().map(|r| Run {
        bold: false,
        ..r.clone()
    }));
    Inline {
        runs,
        ..caption.clone()
    }
}

/// A source line: "Source: " in italic, then the source as written.
pub fn source_line(source: &Inline) -> Inline {
    let mut runs = vec![Run {
        text: "Source: ".into(),
        italic: true,
        ..Run::default()
    }];
    runs.extend(source.runs.iter().cloned());
    Inline {
        runs,
        ..source.clone()
    }
}

/// A source run as the text stage takes it: the layout is where the two stages meet.
pub fn styled(run: &Run) -> StyledRun<'_> {
    StyledRun {
        text: &run.text,
        bold: run.bold,
        italic: run.italic,
        link: run.link.as_deref(),
    }
}

impl<'a> FlowBuilder<'a> {
    /// A builder for a column `measure` wide that gives up past `max_height` points.
    pub fn new(
        briefing: &'a Briefing,
        fonts: &'a FontBook,
        measure: f32,
        page_height: f32,
        max_height: f32,
    ) -> Self {
        FlowBuilder {
            flow: Flow::default(),
            measure,
            page_height,
            at: None,
            problem: None,
            briefing,
            fonts,
            warnings: Vec::new(),
            keep_next: 0,
            space: 0.0,
            after_heading: false,
            tables: 0,
            figures: 0,
            paragraphs: Vec::new(),
            headings: Vec::new(),
            height: 0.0,
            max_height,
            structure: Structure::default(),
            parent: Structure::ROOT,
            notes: 0,
        }
    }

    /// Adds an element of `kind` to the current parent.
    pub fn element(&mut self, kind: Kind) -> NodeId {
        self.structure.add(self.parent, kind)
    }

    /// Runs `f` with `parent` as the element new blocks go into.
    pub fn within<T>(&mut self, parent: NodeId, f: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.parent, parent);
        let result = f(self);
        self.parent = outer;
        result
    }

    /// The line's items, belonging to `node`.
    pub fn tagged_items(
        &mut self,
        line: Line,
        x: f32,
        baseline: f32,
        role: &Role,
        node: NodeId,
    ) -> Vec<Item> {
        line_items(line, x, baseline, role, Some((&mut self.structure, node)))
    }

    /// Whether the column is already too tall for the page limit: pages hold no more than
    /// their height, so the briefing cannot fit however it is cut.
    pub fn is_full(&self) -> bool {
        self.height > self.max_height
    }

    /// Adds a piece, applying the pending space and keep.
    pub fn push(&mut self, mut piece: Piece) {
        piece.space_before = std::mem::take(&mut self.space);
        piece.at = self.at;
        if self.keep_next > 0 {
            piece.breakable_before = false;
            self.keep_next -= 1;
        }
        self.after_heading = false;
        self.height += piece.space_before + piece.height;
        self.flow.pieces.push(piece);
    }

    /// Asks for space before the next block, unless a heading just set it.
    pub fn gap(&mut self, space: f32) {
        if !self.after_heading && !self.flow.pieces.is_empty() {
            self.space = self.space.max(space);
        }
    }

    /// Keeps the next `n` pieces on the page of the last one.
    pub fn keep_with_next(&mut self, n: usize) {
        self.keep_next = self.keep_next.max(n);
    }

    /// The briefing's language, for hyphenation.
    pub fn language(&self) -> &str {
        &self.briefing.language
    }

    pub fn paragraph_style(&self, role: &Role, justify: bool) -> ParagraphStyle {
        // Body text hyphenates whether justified or ragged; display text never does.
        ParagraphStyle {
            text: role.text,
            justify: justify && self.briefing.justify,
            hyphenate: justify,
            hyphenate_capitalized: self.briefing.hyphenate_capitalized,
            language: self.briefing.language.clone(),
        }
    }

    /// Sets text into lines; its warnings name the place the text starts. Text the lines
    /// lose is recorded as the build's problem (the safety net, docs/architecture.md).
    pub fn set(&mut self, inline: &Inline, style: &ParagraphStyle, measure: f32) -> Vec<Line> {
        let runs: Vec<StyledRun> = inline.runs.iter().map(styled).collect();
        let set = text::set_paragraph(self.fonts, &runs, style, measure);
        let at = inline.at.or(self.at);
        for warning in set.warnings {
            self.warn(WarningKind::Text(warning.kind), at, warning.message);
        }
        if self.problem.is_none() {
            let source: String = inline.runs.iter().map(|r| r.text.as_str()).collect();
            if let Some(lost) = text_lost(&source, &set.lines) {
                let message = format!("text was lost in setting, from {lost:?}");
                self.fail(at, message, None);
            }
        }
        set.lines
    }

    /// Records the first block that cannot be set: the build fails with it.
    pub fn fail(&mut self, at: Option<Position>, message: String, help: Option<String>) {
        if self.problem.is_none() {
            self.problem = Some(LayoutError::Unplaceable {
                file: self.briefing.file.clone(),
                at,
                message,
                help,
            });
        }
    }

    /// Records a warning about the text or block at `at`.
    pub fn warn(&mut self, kind: WarningKind, at: Option<Position>, message: String) {
        self.warnings.push(Warning {
            kind,
            file: self.briefing.file.clone(),
            at,
            message,
        });
    }

    /// Adds a paragraph's set lines as pieces, one a line, with widow and orphan control;
    /// the lines belong to `node`; `marker` hangs beside the first line and comes before it
    /// in the content, as it is read.
    pub fn lines(
        &mut self,
        lines: Vec<Line>,
        x: f32,
        measure: f32,
        role: &Role,
        marker: Option<Vec<Item>>,
        node: NodeId,
    ) {
        self.paragraphs.push(SetLines {
            first_piece: self.flow.pieces.len(),
            measure,
            justify: self.briefing.justify,
            lines: lines.iter().map(LineFacts::from).collect(),
        });
        self.push_lines(lines, x, role, Breaks::Paragraph, marker, node);
    }

    /// Adds set lines as pieces, one a line at `x`, a page allowed to end among them as
    /// `breaks` says; `first` joins the first line's items (a list marker), read before it.
    /// The lines are the content of `node`. Returns the index of the first piece. The one
    /// place lines become pieces.
    pub fn push_lines(
        &mut self,
        lines: Vec<Line>,
        x: f32,
        role: &Role,
        breaks: Breaks,
        first: Option<Vec<Item>>,
        node: NodeId,
    ) -> usize {
        let start = self.flow.pieces.len();
        let n = lines.len();
        let baseline = style::baseline(role);
        let mut first = first;
        self.structure.close_link();
        for (i, line) in lines.into_iter().enumerate() {
            // A marker is read before its item's text.
            let mut items = first.take().unwrap_or_default();
            items.extend(self.tagged_items(line, x, baseline, role, node));
            let mut piece = Piece::new(items, role.leading);
            piece.breakable_before = match breaks {
                // No orphans (a page ending after the first line) and no widows (before the
                // last).
                Breaks::Paragraph => i == 0 || (i >= 2 && n - i >= 2),
                Breaks::Before => i == 0,
                Breaks::Never => false,
            };
            self.push(piece);
        }
        start
    }

    /// A paragraph of body text at indent `x`.
    pub fn paragraph(&mut self, inline: &Inline, role: &Role, x: f32) {
        self.at = inline.at;
        let style = self.paragraph_style(role, true);
        let measure = self.measure - x;
        let lines = self.set(inline, &style, measure);
        self.gap(style::BLOCK_SPACE);
        let node = self.element(Kind::Paragraph);
        self.lines(lines, x, measure, role, None, node);
    }

    /// A heading of `level` (1..=3); kept with two lines of what follows.
    pub fn heading(&mut self, inline: &Inline, level: usize) {
        self.at = inline.at;
        let role = style::HEADINGS[level.min(3) - 1];
        let style = self.paragraph_style(&role, false);
        let lines = self.set(inline, &style, self.measure);
        if !self.flow.pieces.is_empty() {
            self.space = style::HEADING_SPACE[level.min(3) - 1];
        }
        // The title is the one first-level heading.
        let node = self.element(Kind::Heading(level.min(5) as u8 + 1));
        let first = self.push_lines(lines, 0.0, &role, Breaks::Before, None, node);
        if let Some(piece) = self.flow.pieces.get_mut(first) {
            piece.heading = Some((inline.plain(), level as u8));
        }
        self.headings.push(self.flow.pieces.len() - 1);
        self.space = style::HEADING_AFTER;
        self.after_heading = true;
        self.keep_with_next(2);
    }

    /// A section and everything in it.
    pub fn section(&mut self, section: &Section, level: usize) {
        self.heading(&section.heading, level);
        for block in &section.blocks {
            self.block(block, level);
        }
    }

    fn block(&mut self, block: &Block, level: usize) {
        if self.is_full() {
            return;
        }
        match block {
            Block::Paragraph(text) => self.paragraph(text, &style::BODY, 0.0),
            Block::Section(section) => self.section(section, level + 1),
            Block::Bullets { bullets } => self.list(bullets, false, 0, 0.0),
            Block::Numbered { numbered } => self.list(numbered, true, 0, 0.0),
            Block::Table { table } => self.table(table),
            Block::Note { note } => self.note(note),
            Block::Chart { chart } => self.chart(chart),
        }
    }

    /// A bullet or numbered list at nesting `depth` (0-based) whose items start at `left`,
    /// with hanging markers. The indent is the widest marker's ("10.", "100.") and its gap,
    /// or the style's indent when that is wider, so markers hang inside the text area.
    pub fn list(&mut self, items: &[ListItem], numbered: bool, depth: usize, left: f32) {
        let role = style::BODY;
        let markers: Vec<Line> = (0..items.len())
            .map(|i| self.marker(numbered, depth, i))
            .collect();
        let gap = if numbered {
            style::NUMBER_GAP
        } else {
            style::BULLET_GAP
        };
        let widest = markers.iter().map(|m| m.width).fold(0.0, f32::max);
        let x = left + style::LIST_INDENT.max(widest + gap);
        let style = self.paragraph_style(&role, true);
        self.gap(style::BLOCK_SPACE);
        let list = self.element(Kind::List { numbered });
        for (i, (item, marker)) in items.iter().zip(markers).enumerate() {
            self.at = item.text().at;
            let measure = self.measure - x;
            let lines = self.set(item.text(), &style, measure);
            let list_item = self.structure.add(list, Kind::ListItem);
            let label = self.structure.add(list_item, Kind::Label);
            let marker_x = x - gap - marker.width;
            let marker = self.tagged_items(marker, marker_x, style::baseline(&role), &role, label);
            let body = self.structure.add(list_item, Kind::ListBody);
            if i > 0 {
                self.space = style::ITEM_SPACE;
            }
            self.lines(lines, x, measure, &role, Some(marker), body);
            if let ListItem::Nested {
                bullets, numbered, ..
            } = item
            {
                // A nested list is part of the item's body.
                self.within(body, |builder| {
                    if !bullets.is_empty() {
                        builder.space = style::ITEM_SPACE;
                        builder.list(bullets, false, depth + 1, x);
                    }
                    if !numbered.is_empty() {
                        builder.space = style::ITEM_SPACE;
                        builder.list(numbered, true, depth + 1, x);
                    }
                });
            }
        }
        self.gap(style::BLOCK_SPACE);
    }

    /// The bullet or number of item `index`, set on its own.
    fn marker(&self, numbered: bool, depth: usize, index: usize) -> Line {
        let label = if numbered {
            format!("{}.", index + 1)
        } else {
            style::BULLETS[depth.min(2)].to_string()
        };
        text::shape_line(self.fonts, &label, &style::BODY.text)
    }

    /// The title, subtitle, date and authors, and the lede.
    pub fn title_block(&mut self) {
        let briefing = self.briefing;
        if !text::hyphenates(&briefing.language) {
            self.warn(
                WarningKind::NoHyphenation,
                briefing.language_at,
                format!(
                    "there are no hyphenation patterns for `language: {}`; words are not \
                     hyphenated",
                    briefing.language
                ),
            );
        }
        self.display(&briefing.title, &style::TITLE, Kind::Heading(1));
        if let Some(subtitle) = &briefing.subtitle {
            self.space = style::TITLE_SPACES.subtitle;
            self.display(subtitle, &style::SUBTITLE, Kind::Paragraph);
        }
        let mut byline = briefing.date.format("%-d %B %Y").to_string();
        for (i, author) in briefing.authors.iter().enumerate() {
            byline.push_str(if i == 0 { "  ·  " } else { ", " });
            byline.push_str(author);
        }
        let byline = Inline {
            runs: vec![Run {
                text: byline,
                ..Run::default()
            }],
            ..Inline::default()
        };
        self.space = style::TITLE_SPACES.byline;
        self.display(&byline, &style::BYLINE, Kind::Paragraph);
        self.space = style::TITLE_SPACES.rule;
        self.rule(style::TITLE_RULE);
        if let Some(lede) = &briefing.lede {
            self.space = style::TITLE_SPACES.lede;
            self.keep_next = 0;
            self.paragraph(lede, &style::LEDE, 0.0);
        }
    }

    /// Ragged, unhyphenated lines kept together and with what follows; an element of `kind`.
    fn display(&mut self, inline: &Inline, role: &Role, kind: Kind) {
        if inline.at.is_some() {
            self.at = inline.at;
        }
        let style = self.paragraph_style(role, false);
        let lines = self.set(inline, &style, self.measure);
        let node = self.element(kind);
        self.push_lines(lines, 0.0, role, Breaks::Before, None, node);
        self.keep_with_next(1);
    }

    /// A full-width rule kept with what follows.
    fn rule(&mut self, width: f32) {
        let rule = Item::Rule {
            from: (0.0, width / 2.0),
            to: (self.measure, width / 2.0),
            width,
            color: style::RULE,
        };
        self.push(Piece::new(vec![rule], width));
    }
}
