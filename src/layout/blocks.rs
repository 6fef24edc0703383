//! A briefing's blocks turned into the flow: lines set by the text stage, placed in pieces
//! that carry the keep rules.

use super::flow::{Flow, Piece};
use super::measure::{LineFacts, SetLines};
use super::pages::{Item, TextItem};
use super::structure::{Kind, NodeId, Structure};
use super::style::{self, Role};
use super::warning::{Warning, WarningKind};
use crate::source::{Block, Briefing, Inline, ListItem, Position, Run, Section};
use crate::text::{self, FontBook, Line, ParagraphStyle, StyledRun};

/// Builds the flow for one briefing.
pub struct FlowBuilder<'a> {
    pub flow: Flow,
    /// Width of the text column.
    pub measure: f32,
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
    for mut run in line.runs {
        let node = tag
            .as_mut()
            .map(|(structure, node)| structure.run_node(*node, run.link.as_deref()));
        // Runs are built glyph by glyph; the display list keeps them for the whole build.
        run.glyphs.shrink_to_fit();
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
            glyphs: run.glyphs,
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
    pub fn new(briefing: &'a Briefing, fonts: &'a FontBook, measure: f32, max_height: f32) -> Self {
        FlowBuilder {
            flow: Flow::default(),
            measure,
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

    /// Whether the source asks for en dashes in number ranges.
    pub fn en_dash_ranges(&self) -> bool {
        self.briefing.en_dash_ranges
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

    /// Sets text into lines; its warnings name the place the text starts.
    pub fn set(&mut self, inline: &Inline, style: &ParagraphStyle, measure: f32) -> Vec<Line> {
        let runs: Vec<StyledRun> = inline.runs.iter().map(styled).collect();
        let set = text::set_paragraph(self.fonts, &runs, style, measure);
        for warning in set.warnings {
            self.warn(WarningKind::Text(warning.kind), inline.at, warning.message);
        }
        set.lines
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
        let n = lines.len();
        self.paragraphs.push(SetLines {
            first_piece: self.flow.pieces.len(),
            measure,
            justify: self.briefing.justify,
            lines: lines.iter().map(LineFacts::from).collect(),
        });
        let baseline = style::baseline(role);
        let mut marker = marker;
        self.structure.close_link();
        for (i, line) in lines.into_iter().enumerate() {
            let mut items = marker.take().unwrap_or_default();
            items.extend(self.tagged_items(line, x, baseline, role, node));
            let mut piece = Piece::new(items, role.leading);
            piece.breakable_before = i == 0 || (i >= 2 && n - i >= 2);
            self.push(piece);
        }
    }

    /// A paragraph of body text at indent `x`.
    pub fn paragraph(&mut self, inline: &Inline, role: &Role, x: f32) {
        let style = self.paragraph_style(role, true);
        let measure = self.measure - x;
        let lines = self.set(inline, &style, measure);
        self.gap(style::BLOCK_SPACE);
        let node = self.element(Kind::Paragraph);
        self.lines(lines, x, measure, role, None, node);
    }

    /// A heading of `level` (1..=3); kept with two lines of what follows.
    pub fn heading(&mut self, inline: &Inline, level: usize) {
        let role = style::HEADINGS[level.min(3) - 1];
        let style = self.paragraph_style(&role, false);
        let lines = self.set(inline, &style, self.measure);
        if !self.flow.pieces.is_empty() {
            self.space = style::HEADING_SPACE[level.min(3) - 1];
        }
        let baseline = style::baseline(&role);
        // The title is the one first-level heading.
        let node = self.element(Kind::Heading(level.min(5) as u8 + 1));
        self.structure.close_link();
        for (i, line) in lines.into_iter().enumerate() {
            let items = self.tagged_items(line, 0.0, baseline, &role, node);
            let mut piece = Piece::new(items, role.leading);
            if i == 0 {
                piece.heading = Some((inline.plain(), level as u8));
            } else {
                piece.breakable_before = false;
            }
            self.push(piece);
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
            Block::Bullets { bullets } => self.list(bullets, false, 0),
            Block::Numbered { numbered } => self.list(numbered, true, 0),
            Block::Table { table } => self.table(table),
            Block::Note { note } => self.note(note),
            Block::Chart { chart } => self.chart(chart),
        }
    }

    /// A bullet or numbered list at nesting `depth` (0-based), items with hanging indents.
    pub fn list(&mut self, items: &[ListItem], numbered: bool, depth: usize) {
        let role = style::BODY;
        let x = style::LIST_INDENT * (depth + 1) as f32;
        let style = self.paragraph_style(&role, true);
        self.gap(style::BLOCK_SPACE);
        let list = self.element(Kind::List { numbered });
        for (i, item) in items.iter().enumerate() {
            let measure = self.measure - x;
            let lines = self.set(item.text(), &style, measure);
            let list_item = self.structure.add(list, Kind::ListItem);
            let label = self.structure.add(list_item, Kind::Label);
            let marker = self.marker(numbered, depth, i, x, label);
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
                        builder.list(bullets, false, depth + 1);
                    }
                    if !numbered.is_empty() {
                        builder.space = style::ITEM_SPACE;
                        builder.list(numbered, true, depth + 1);
                    }
                });
            }
        }
        self.gap(style::BLOCK_SPACE);
    }

    /// The bullet or number hanging left of an item's first line, right-aligned before `x`.
    fn marker(
        &mut self,
        numbered: bool,
        depth: usize,
        index: usize,
        x: f32,
        node: NodeId,
    ) -> Vec<Item> {
        let role = style::BODY;
        let label = if numbered {
            format!("{}.", index + 1)
        } else {
            ["•", "–", "◦"][depth.min(2)].to_string()
        };
        let line = text::shape_line(self.fonts, &label, &role.text);
        let gap = if numbered { 4.0 } else { 6.0 };
        let x = x - gap - line.width;
        self.tagged_items(line, x, style::baseline(&role), &role, node)
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
            self.space = 2.0;
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
        self.space = 4.0;
        self.display(&byline, &style::BYLINE, Kind::Paragraph);
        self.space = 8.0;
        self.rule(0.6);
        if let Some(lede) = &briefing.lede {
            self.space = 10.0;
            self.keep_next = 0;
            self.paragraph(lede, &style::LEDE, 0.0);
        }
    }

    /// Ragged, unhyphenated lines kept together and with what follows; an element of `kind`.
    fn display(&mut self, inline: &Inline, role: &Role, kind: Kind) {
        let style = self.paragraph_style(role, false);
        let lines = self.set(inline, &style, self.measure);
        let baseline = style::baseline(role);
        let node = self.element(kind);
        self.structure.close_link();
        for line in lines {
            let items = self.tagged_items(line, 0.0, baseline, role, node);
            let piece = Piece::new(items, role.leading);
            self.push(piece);
            self.keep_with_next(1);
        }
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
