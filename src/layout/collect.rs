//! Phase 1 of the layout: collect. The briefing's blocks are walked in reading order, their
//! text set into lines by the text stage, and handed to the [`Composer`] as pieces
//! (docs/architecture.md, "Layout: collect, compose, distribute"). Tables, charts and notes
//! are collected in their own modules.

use super::chart::TableIndex;
use super::compose::{Breaks, Composer, LinesAt, SetIn, Tag};
use super::flow::Piece;
use super::kept::KeptLine;
use super::pages::Item;
use super::set_cache::{Checked, SetCache, SetKey};
use super::structure::{Kind, NodeId, Structure};
use super::style::{self, Role};
use super::warning::{LayoutError, Warning, WarningKind};
use crate::source::{Block, Briefing, Inline, ListItem, Position, Run, Section};
use crate::text::{self, FontBook, Line, ParagraphStyle, StyledRun};
use std::sync::Arc;

/// Collects one briefing's blocks into a flow.
pub struct Collector<'a> {
    /// The flow being composed.
    pub compose: Composer,
    /// Width of the text column.
    pub measure: f32,
    /// Height of the text area: a piece taller than this cannot be placed whole.
    pub page_height: f32,
    /// The first block that cannot be set without losing text.
    pub problem: Option<LayoutError>,
    pub(super) briefing: &'a Briefing,
    pub fonts: &'static FontBook,
    pub warnings: Vec<Warning>,
    /// Tables numbered so far, for "Table N" captions.
    pub tables: usize,
    /// Charts numbered so far, for "Figure N" captions.
    pub figures: usize,
    /// The logical structure of what is set, in reading order.
    pub structure: Structure,
    /// The element new blocks go into.
    pub(super) parent: NodeId,
    /// Notes so far, for their unique ids.
    pub(super) notes: usize,
    /// Paragraphs, tables and charts set before, by what they were set from.
    pub(super) cache: &'a mut SetCache,
    /// The briefing's tables by id, for its charts.
    pub(super) table_index: &'a TableIndex<'a>,
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

/// How text of `role` is set in `briefing`: `justify` for body text, which hyphenates whether
/// justified or ragged; display text never does.
pub fn paragraph_style(briefing: &Briefing, role: &Role, justify: bool) -> ParagraphStyle {
    ParagraphStyle {
        text: role.text,
        justify: justify && briefing.justify,
        hyphenate: justify,
        hyphenate_capitalized: briefing.hyphenate_capitalized,
        language: briefing.language.clone(),
    }
}

/// Where the text of a list's items starts, for a list starting at `left` whose widest
/// marker is `widest`: the marker and its gap, or the style's indent when that is wider,
/// so markers hang inside the text area.
pub fn list_indent(left: f32, numbered: bool, widest: f32) -> f32 {
    let gap = marker_gap(numbered);
    left + style::LIST_INDENT.max(widest + gap)
}

fn marker_gap(numbered: bool) -> f32 {
    if numbered {
        style::NUMBER_GAP
    } else {
        style::BULLET_GAP
    }
}

/// The bullet or number of item `index` of a list at `depth`, set on its own (once a build
/// for each label: lists repeat them).
pub fn marker(
    (fonts, cache): (&FontBook, &mut SetCache),
    numbered: bool,
    depth: usize,
    index: usize,
) -> Line {
    let label = if numbered {
        format!("{}.", index + 1)
    } else {
        style::BULLETS[depth.min(2)].to_string()
    };
    cache.marker(label, |label| {
        text::shape_line(fonts, label, &style::BODY.text)
    })
}

/// The byline under the title: the date and the authors.
pub fn byline(briefing: &Briefing) -> Inline {
    let mut byline = briefing.date.format("%-d %B %Y").to_string();
    for (i, author) in briefing.authors.iter().enumerate() {
        byline.push_str(if i == 0 { "  ·  " } else { ", " });
        byline.push_str(author);
    }
    Inline {
        runs: vec![Run {
            text: byline,
            ..Run::default()
        }],
        ..Inline::default()
    }
}

/// What `inline` set with `style` to `measure` is kept under in a [`SetCache`].
pub fn set_key(inline: &Inline, style: &ParagraphStyle, measure: f32) -> SetKey {
    let runs: Vec<StyledRun> = inline.runs.iter().map(styled).collect();
    SetKey::new(&runs, style, measure)
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

impl<'a> Collector<'a> {
    /// A collector for a column `measure` wide and `page_height` tall that gives up past
    /// `max_height` points, taking set paragraphs from `cache` where it has them.
    pub fn new(
        (briefing, fonts, table_index): (&'a Briefing, &'static FontBook, &'a TableIndex<'a>),
        measure: f32,
        (page_height, max_height): (f32, f32),
        cache: &'a mut SetCache,
    ) -> Self {
        Collector {
            compose: Composer::new(max_height),
            measure,
            page_height,
            problem: None,
            briefing,
            fonts,
            warnings: Vec::new(),
            tables: 0,
            figures: 0,
            structure: Structure::default(),
            parent: Structure::ROOT,
            notes: 0,
            cache,
            table_index,
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

    /// Adds set lines as pieces (see [`Composer::push_lines`]); returns the first's index.
    pub fn push_lines(&mut self, lines: &[KeptLine], at: LinesAt, node: NodeId) -> usize {
        let tag = Tag {
            structure: &mut self.structure,
            node,
        };
        self.compose.push_lines(lines, at, None, tag)
    }

    pub fn paragraph_style(&self, role: &Role, justify: bool) -> ParagraphStyle {
        paragraph_style(self.briefing, role, justify)
    }

    /// Sets text into lines, or finds them set by an earlier build or beforehand
    /// ([`SetCache`]); its warnings name the place the text starts. Text the lines lose is
    /// recorded as the build's problem (the safety net, docs/architecture.md).
    pub fn set(&mut self, inline: &Inline, style: &ParagraphStyle, measure: f32) -> Arc<Checked> {
        let set = self.cache.get(self.fonts, set_key(inline, style, measure));
        self.accept(&set.warnings, &set.lost, inline.at.or(self.compose.at));
        set
    }

    /// Records a set text's warnings at `at`, and `lost` text as the build's problem.
    fn accept(&mut self, warnings: &[text::Warning], lost: &Option<String>, at: Option<Position>) {
        for warning in warnings {
            self.warn(WarningKind::Text(warning.kind), at, warning.message.clone());
        }
        if let Some(lost) = lost {
            self.lost(at, lost);
        }
    }

    /// Records text lost in setting (its first letters, `lost`) as the build's problem.
    pub fn lost(&mut self, at: Option<Position>, lost: &str) {
        let message = format!("text was lost in setting, from {lost:?}");
        self.fail(at, message, None);
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

    /// Adds a paragraph's set lines at `x`, set to `measure`, as the content of `node`;
    /// `marker` hangs beside the first line and comes before it in the content, as it is read.
    pub fn lines(
        &mut self,
        lines: &Checked,
        (x, measure): (f32, f32),
        role: &Role,
        marker: Option<Vec<Item>>,
        node: NodeId,
    ) {
        // A right-to-left paragraph is indented from the right: its place mirrored in the
        // column.
        let x = if lines.lines().first().is_some_and(|line| line.rtl) {
            self.measure - x - measure
        } else {
            x
        };
        let set = SetIn {
            x,
            measure,
            justify: self.briefing.justify,
            role,
            tag: Tag {
                structure: &mut self.structure,
                node,
            },
        };
        self.compose.paragraph_lines(lines, set, marker);
    }

    /// A paragraph of body text at indent `x`.
    pub fn paragraph(&mut self, inline: &Inline, role: &Role, x: f32) {
        self.compose.at = inline.at;
        let style = self.paragraph_style(role, true);
        let measure = self.measure - x;
        let set = self.set(inline, &style, measure);
        self.compose.gap(style::BLOCK_SPACE);
        let node = self.element(Kind::Paragraph);
        self.lines(&set, (x, measure), role, None, node);
    }

    /// A heading of `level` (1..=3); kept with two lines of what follows.
    pub fn heading(&mut self, inline: &Inline, level: usize) {
        self.compose.at = inline.at;
        let role = style::HEADINGS[level.min(3) - 1];
        let style = self.paragraph_style(&role, false);
        let set = self.set(inline, &style, self.measure);
        if self.compose.len() > 0 {
            self.compose.space = style::HEADING_SPACE[level.min(3) - 1];
        }
        // The title is the one first-level heading.
        let node = self.element(Kind::Heading(level.min(5) as u8 + 1));
        let at = LinesAt {
            x: 0.0,
            role: &role,
            breaks: Breaks::Before,
        };
        let first = self.push_lines(set.lines(), at, node);
        if let Some(piece) = self.compose.flow.pieces.get_mut(first) {
            piece.heading = Some(Box::new((inline.plain(), level as u8)));
        }
        self.compose.heading_ends();
    }

    /// A section and everything in it.
    pub fn section(&mut self, section: &Section, level: usize) {
        self.heading(&section.heading, level);
        for block in &section.blocks {
            self.block(block, level);
        }
    }

    fn block(&mut self, block: &Block, level: usize) {
        if self.compose.is_full() {
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
            .map(|i| marker((self.fonts, &mut *self.cache), numbered, depth, i))
            .collect();
        let gap = marker_gap(numbered);
        let widest = markers.iter().map(|m| m.width).fold(0.0, f32::max);
        let x = list_indent(left, numbered, widest);
        let style = self.paragraph_style(&role, true);
        self.compose.gap(style::BLOCK_SPACE);
        let list = self.element(Kind::List { numbered });
        for (i, (item, marker)) in items.iter().zip(markers).enumerate() {
            self.compose.at = item.text().at;
            let measure = self.measure - x;
            let set = self.set(item.text(), &style, measure);
            let list_item = self.structure.add(list, Kind::ListItem);
            let label = self.structure.add(list_item, Kind::Label);
            // A right-to-left item's marker stands on its right.
            let marker_x = if set.lines().first().is_some_and(|line| line.rtl) {
                self.measure - x + gap
            } else {
                x - gap - marker.width
            };
            let baseline = style::baseline(&role);
            let marker = super::compose::line_items(
                &marker,
                marker_x,
                baseline,
                &role,
                Some((&mut self.structure, label)),
            );
            let body = self.structure.add(list_item, Kind::ListBody);
            if i > 0 {
                self.compose.space = style::ITEM_SPACE;
            }
            self.lines(&set, (x, measure), &role, Some(marker), body);
            if let ListItem::Nested {
                bullets, numbered, ..
            } = item
            {
                // A nested list is part of the item's body.
                self.within(body, |collector| {
                    if !bullets.is_empty() {
                        collector.compose.space = style::ITEM_SPACE;
                        collector.list(bullets, false, depth + 1, x);
                    }
                    if !numbered.is_empty() {
                        collector.compose.space = style::ITEM_SPACE;
                        collector.list(numbered, true, depth + 1, x);
                    }
                });
            }
        }
        self.compose.gap(style::BLOCK_SPACE);
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
            self.compose.space = style::TITLE_SPACES.subtitle;
            self.display(subtitle, &style::SUBTITLE, Kind::Paragraph);
        }
        let byline = byline(briefing);
        self.compose.space = style::TITLE_SPACES.byline;
        self.display(&byline, &style::BYLINE, Kind::Paragraph);
        self.compose.space = style::TITLE_SPACES.rule;
        self.rule(style::TITLE_RULE);
        if let Some(lede) = &briefing.lede {
            self.compose.space = style::TITLE_SPACES.lede;
            self.compose.release_keep();
            self.paragraph(lede, &style::LEDE, 0.0);
        }
    }

    /// Ragged, unhyphenated lines kept together and with what follows; an element of `kind`.
    fn display(&mut self, inline: &Inline, role: &Role, kind: Kind) {
        if inline.at.is_some() {
            self.compose.at = inline.at;
        }
        let style = self.paragraph_style(role, false);
        let set = self.set(inline, &style, self.measure);
        let node = self.element(kind);
        let at = LinesAt {
            x: 0.0,
            role,
            breaks: Breaks::Before,
        };
        self.push_lines(set.lines(), at, node);
        self.compose.keep_with_next(1);
    }

    /// A full-width rule kept with what follows.
    fn rule(&mut self, width: f32) {
        let rule = Item::Rule {
            from: (0.0, width / 2.0),
            to: (self.measure, width / 2.0),
            width,
            color: style::RULE,
        };
        self.compose.push(Piece::new(vec![rule], width));
    }
}
