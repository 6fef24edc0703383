//! The content streams of the last build's pages, kept so that a rebuild writes and
//! deflates only the pages that changed (docs/performance.md, "Incremental rebuilds and
//! parallel setting").
//!
//! A page's stream depends on its items, the page height, the glyph codes and ToUnicode
//! texts of the whole document (a new glyph can renumber the codes) and the kinds of the
//! structure elements its items belong to. A stream is reused only when all of these are
//! equal to the last build's, compared exactly: the hash below only finds the candidates.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::fonts::FontUsage;
use crate::layout::{Item, NodeId, Page, Pages};

/// A page's content stream, deflated, and the element of each of its MCIDs.
pub(super) type PageStream = (super::Deflated, Vec<NodeId>);

/// The last build's pages and their streams. It holds one build, never more: each render
/// replaces it.
#[derive(Default)]
pub struct PageCache {
    last: Option<Last>,
    /// Pages written (not found) by the last render, for tests and benchmarks.
    written: usize,
}

struct Last {
    pages: Pages,
    usage: FontUsage,
    streams: Vec<PageStream>,
    by_hash: HashMap<u64, Vec<usize>>,
}

/// What the cache can offer one render: the last build's streams, if the whole document's
/// glyphs and page height are as they were.
pub(super) struct Reuse<'a> {
    last: Option<&'a Last>,
    pages: &'a Pages,
}

impl PageCache {
    /// The streams a render of `pages`, whose glyphs are `usage`, may reuse.
    pub(super) fn reuse<'a>(&'a self, pages: &'a Pages, usage: &FontUsage) -> Reuse<'a> {
        let last = self
            .last
            .as_ref()
            .filter(|last| last.pages.size == pages.size && last.usage == *usage);
        Reuse { last, pages }
    }

    /// Keeps a render's pages and streams for the next, in place of the last.
    pub(super) fn keep(&mut self, pages: Pages, usage: FontUsage, streams: Vec<PageStream>) {
        let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
        for (index, page) in pages.pages.iter().enumerate() {
            by_hash.entry(page_hash(page)).or_default().push(index);
        }
        self.last = Some(Last {
            pages,
            usage,
            streams,
            by_hash,
        });
    }

    /// Forgets the last build (after a failed render).
    pub(super) fn clear(&mut self) {
        self.last = None;
    }

    pub(super) fn set_written(&mut self, written: usize) {
        self.written = written;
    }

    /// How many pages the last render wrote rather than reused.
    pub fn written(&self) -> usize {
        self.written
    }
}

impl Reuse<'_> {
    /// The last build's stream of a page equal to `page`, if there was one.
    pub(super) fn find(&self, page: &Page) -> Option<&PageStream> {
        let last = self.last?;
        let candidates = last.by_hash.get(&page_hash(page))?;
        let found = candidates.iter().find(|&&index| {
            let before = &last.pages.pages[index];
            before == page && same_tags(page, self.pages, &last.pages)
        })?;
        last.streams.get(*found)
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

/// A hash of what is cheap to hash of a page: where its texts are and what they say. Equal
/// pages have equal hashes; pages that differ only elsewhere are told apart by comparing them.
fn page_hash(page: &Page) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    page.items.len().hash(&mut hasher);
    page.furniture.len().hash(&mut hasher);
    for item in page.all_items() {
        std::mem::discriminant(item).hash(&mut hasher);
        if let Item::Text(text) = item {
            text.x.to_bits().hash(&mut hasher);
            text.y.to_bits().hash(&mut hasher);
            text.font.0.hash(&mut hasher);
            text.text().hash(&mut hasher);
        }
    }
    hasher.finish()
}
