//! What the last build rendered, kept so that a rebuild writes and deflates only what
//! changed (docs/performance.md, "Incremental rebuilds and parallel setting").
//!
//! A page's stream depends on its items, the page height, the glyph codes and ToUnicode
//! texts of the whole document (a new glyph can renumber the codes) and the kinds of the
//! structure elements its items belong to. A stream is reused only when all of these are
//! equal to the last build's, compared exactly. The object streams are reused by their raw
//! bytes (see [`super::file`]).

use std::sync::Arc;

use super::file::KeptPacks;
use super::fonts::FontUsage;
use super::Deflated;
use crate::layout::{Item, NodeId, Page, Pages};

/// A page's content stream, deflated, and the element of each of its MCIDs; shared by the
/// build that wrote it and those that reuse it.
pub(super) type PageStream = Arc<(Deflated, Vec<NodeId>)>;

/// The render stage's memory of the last build of one source: its pages, what it wrote of
/// them and its object streams. It holds one build, never more: each render replaces it.
#[derive(Default)]
pub struct PageCache {
    last: Option<Last>,
    /// Pages written (not found) by the last render, for tests and benchmarks.
    written: usize,
}

/// The last build, as a rebuild reads it.
pub(super) struct Last {
    pages: Pages,
    usage: FontUsage,
    streams: Vec<PageStream>,
    packs: KeptPacks,
}

/// What a render keeps for the next, besides its pages.
pub(super) struct Kept {
    pub usage: FontUsage,
    pub streams: Vec<PageStream>,
    pub packs: KeptPacks,
    /// Pages written rather than found.
    pub written: usize,
}

/// What the last build can offer one render: its page streams, if the whole document's
/// glyphs and page height are as they were.
pub(super) struct Reuse<'a> {
    last: Option<&'a Last>,
    pages: &'a Pages,
}

impl PageCache {
    /// Takes the last build out, for a render to reuse; the render keeps its own after.
    pub(super) fn take(&mut self) -> Option<Last> {
        self.last.take()
    }

    /// Keeps a render's pages and what it wrote, for the next.
    pub(super) fn keep(&mut self, pages: Pages, kept: Kept) {
        self.written = kept.written;
        self.last = Some(Last {
            pages,
            usage: kept.usage,
            streams: kept.streams,
            packs: kept.packs,
        });
    }

    /// How many pages the last render wrote rather than reused.
    pub fn written(&self) -> usize {
        self.written
    }
}

impl Last {
    /// The page streams a render of `pages`, whose glyphs are `usage`, may reuse.
    pub(super) fn reuse<'a>(&'a self, pages: &'a Pages, usage: &FontUsage) -> Reuse<'a> {
        let same = self.pages.size == pages.size && self.usage == *usage;
        Reuse {
            last: same.then_some(self),
            pages,
        }
    }

    /// The object streams, for the file to reuse (taken: the file keeps its own).
    pub(super) fn take_packs(&mut self) -> KeptPacks {
        std::mem::take(&mut self.packs)
    }
}

impl Reuse<'_> {
    /// The last build's stream of page `index`, if that page was equal to `page`. A page
    /// found elsewhere would be a page of another number, whose footer differs, so only the
    /// page of the same number is compared.
    pub(super) fn find(&self, index: usize, page: &Page) -> Option<&PageStream> {
        let last = self.last?;
        let before = last.pages.pages.get(index)?;
        let same = before == page && same_tags(page, self.pages, &last.pages);
        same.then(|| last.streams.get(index)).flatten()
    }
}

/// Whether every element `page`'s items belong to is of the same kind in both documents
/// (the stream names it: `/P`, `/H2`, …).
fn same_tags(page: &Page, now: &Pages, before: &Pages) -> bool {
    let nodes = page
        .all_items()
        .filter_map(Item::node)
        .chain(page.figures.iter().map(|figure| figure.node));
    let kind = |pages: &Pages, node: NodeId| {
        pages
            .structure
            .elements
            .get(node.0 as usize)
            .map(|element| element.kind.pdf_name())
    };
    nodes
        .into_iter()
        .all(|node| kind(now, node).is_some() && kind(now, node) == kind(before, node))
}
