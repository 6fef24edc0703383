//! Phase 2 of the layout: compose. Set lines and drawn blocks become the flow's pieces, each
//! with the space above it and whether a page may end before it (docs/architecture.md,
//! "Layout: collect, compose, distribute"). The one place lines become pieces is
//! [`Composer::push_lines`].

use super::flow::{Flow, Piece};
use super::kept::{KeptLine, SetLine};
use super::measure::SetLines;
use super::pages::{Item, TextItem};
use super::set_cache::Checked;
use super::structure::{NodeId, Structure};
use super::style::{self, Role};
use crate::source::Position;
use std::sync::Arc;

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

/// The flow under construction, with the pending space and keep that the next piece takes.
pub struct Composer {
    pub flow: Flow,
    /// Where the block being set starts in the source, stamped on its pieces for errors.
    pub at: Option<Position>,
    /// How many coming pieces must stay on the page of the piece before them.
    keep_next: usize,
    /// Space above the next piece.
    pub space: f32,
    /// Set after a heading: the heading decides the space to what follows.
    after_heading: bool,
    /// Every paragraph and list item set, for measuring after pagination.
    pub paragraphs: Vec<SetLines>,
    /// The last piece of every heading.
    pub headings: Vec<usize>,
    /// The height of the column so far, pieces and the space above them.
    height: f32,
    /// Past this height the column cannot fit in the page limit: further blocks are skipped.
    max_height: f32,
}

impl Composer {
    /// An empty flow that counts as full past `max_height` points.
    pub fn new(max_height: f32) -> Self {
        Composer {
            flow: Flow::default(),
            at: None,
            keep_next: 0,
            space: 0.0,
            after_heading: false,
            paragraphs: Vec::new(),
            headings: Vec::new(),
            height: 0.0,
            max_height,
        }
    }

    /// Whether the column is already too tall for the page limit: pages hold no more than
    /// their height, so the briefing cannot fit however it is cut.
    pub fn is_full(&self) -> bool {
        self.height > self.max_height
    }

    /// How many pieces the flow has: the index the next piece gets.
    pub fn len(&self) -> usize {
        self.flow.pieces.len()
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

    /// Drops a pending keep: what follows may start a page.
    pub fn release_keep(&mut self) {
        self.keep_next = 0;
    }

    /// After a heading's last piece: it sets the space to what follows and keeps two pieces of
    /// it on its page.
    pub fn heading_ends(&mut self) {
        self.headings.push(self.flow.pieces.len() - 1);
        self.space = style::HEADING_AFTER;
        self.after_heading = true;
        self.keep_with_next(2);
    }

    /// Adds a paragraph's set lines as pieces with widow and orphan control, recording them
    /// for the report; see [`Composer::push_lines`].
    pub fn paragraph_lines(&mut self, lines: &Checked, set: SetIn, marker: Option<Vec<Item>>) {
        self.paragraphs.push(SetLines {
            first_piece: self.flow.pieces.len(),
            measure: set.measure,
            justify: set.justify,
            lines: Arc::clone(&lines.facts),
            rivers_on_one_page: lines.rivers,
        });
        let lines = lines.lines();
        let at = LinesAt {
            x: set.x,
            role: set.role,
            breaks: Breaks::Paragraph,
        };
        self.push_lines(lines, at, marker, set.tag);
    }

    /// Adds set lines as pieces, one a line at `at.x`, a page allowed to end among them as
    /// `at.breaks` says; `first` joins the first line's items (a list marker), read before
    /// it. The lines are the content of the element `tag` names. Returns the index of the
    /// first piece. The one place lines become pieces.
    pub fn push_lines(
        &mut self,
        lines: &[KeptLine],
        at: LinesAt,
        first: Option<Vec<Item>>,
        tag: Tag,
    ) -> usize {
        let start = self.flow.pieces.len();
        let n = lines.len();
        let baseline = style::baseline(at.role);
        let mut first = first;
        let Tag { structure, node } = tag;
        structure.close_link();
        for (i, line) in lines.iter().enumerate() {
            let tag = Some((&mut *structure, node));
            let text = line_items(line, at.x, baseline, at.role, tag);
            // A marker is read before its item's text.
            let items = match first.take() {
                Some(mut items) => {
                    items.reserve_exact(text.len());
                    items.extend(text);
                    items
                }
                None => text,
            };
            let mut piece = Piece::new(items, at.role.leading);
            piece.breakable_before = match at.breaks {
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
}

/// Where lines go in the column: their left edge, their role and where a page may end.
#[derive(Clone, Copy)]
pub struct LinesAt<'r> {
    pub x: f32,
    pub role: &'r Role,
    pub breaks: Breaks,
}

/// A paragraph's lines: where they go, the measure they were set to and whether they are
/// justified (for the report), and the element they belong to.
pub struct SetIn<'r, 's> {
    pub x: f32,
    pub measure: f32,
    pub justify: bool,
    pub role: &'r Role,
    pub tag: Tag<'s>,
}

/// The element of the structure that lines belong to.
pub struct Tag<'s> {
    pub structure: &'s mut Structure,
    pub node: NodeId,
}

/// A line placed in a piece: where its left edge and its baseline sit. The line's glyphs are
/// copied into the items (a set line may be kept for the next build, see `set_cache`). With
/// `tag`, the items belong to that element of the structure (linked runs to a `Link` inside
/// it); without, they are artifacts.
pub fn line_items(
    line: &(impl SetLine + ?Sized),
    x: f32,
    baseline: f32,
    role: &Role,
    mut tag: Option<(&mut Structure, NodeId)>,
) -> Vec<Item> {
    let mut items = Vec::with_capacity(line.item_count());
    for (run, glyphs) in line.placed_runs() {
        let node = tag
            .as_mut()
            .map(|(structure, node)| structure.run_node(*node, run.link));
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
            glyphs,
            width: run.width,
            scale: run.scale,
            rtl: run.rtl,
            node,
        }));
        if let Some(url) = run.link {
            items.push(Item::Link {
                x: x + run.x,
                y: baseline - run.size * style::LINK_BOX.above,
                w: run.width,
                h: run.size * style::LINK_BOX.height,
                url: url.to_string(),
                node,
            });
        }
    }
    items
}
