//! What the last build rendered, kept so that a rebuild writes and deflates only what
//! changed (docs/performance.md, "Incremental rebuilds and parallel setting").
//!
//! A page's stream depends on its items, the page height, the glyph codes and ToUnicode
//! texts of the whole document (a new glyph can renumber the codes) and the kinds of the
//! structure elements its items belong to. A stream is reused only when all of these are
//! equal to the last build's, compared exactly. The object streams are reused by their raw
//! bytes (see [`super::file`]).

use std::sync::Arc;

use rayon::prelude::*;

use super::assembly::KeptObjects;
use super::font_files::KeptFonts;
use super::fonts::{FontUsage, PageGlyphs};
use super::Deflated;
use crate::layout::{Item, NodeId, Page, Pages, Structure};

/// A page's content stream, deflated, and the element of each of its MCIDs; shared by the
/// build that wrote it and those that reuse it.
pub(super) type PageStream = Arc<(Deflated, Vec<NodeId>)>;

/// The render stage's memory of the last build of one source: its pages, what it wrote of
/// them and its object streams. It holds one build, never more: each render replaces it.
#[derive(Default)]
pub struct PageCache {
    last: Option<Last>,
    /// What the last render wrote anew, for tests and benchmarks.
    written: WrittenAnew,
}

/// What a render wrote anew rather than took from the build before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WrittenAnew {
    /// Pages whose content stream was written.
    pub pages: usize,
    /// Faces subset and embedded.
    pub fonts: usize,
    /// Object streams deflated.
    pub object_streams: usize,
    /// Whether the structure tree was written.
    pub structure_tree: bool,
}

/// The last build, as a rebuild reads it.
pub(super) struct Last {
    pages: Pages,
    glyphs: Vec<Arc<PageGlyphs>>,
    usage: FontUsage,
    fonts: KeptFonts,
    streams: Vec<PageStream>,
    objects: KeptObjects,
}

/// What a render keeps for the next, besides its pages.
pub(super) struct Kept {
    /// The glyphs of each page.
    pub glyphs: Vec<Arc<PageGlyphs>>,
    pub usage: FontUsage,
    /// The faces embedded.
    pub fonts: KeptFonts,
    pub streams: Vec<PageStream>,
    pub objects: KeptObjects,
    /// Faces subset anew.
    pub fonts_subset: usize,
    /// Pages written rather than found.
    pub written: usize,
}

/// What the last build can offer one render: the streams of its pages that are unchanged,
/// if the whole document's glyphs and page height are as they were.
pub(super) struct Reuse<'a> {
    last: Option<&'a Last>,
    unchanged: Vec<bool>,
}

impl PageCache {
    /// Takes the last build out, for a render to reuse; the render keeps its own after.
    pub(super) fn take(&mut self) -> Option<Last> {
        self.last.take()
    }

    /// Keeps a render's pages and what it wrote, for the next.
    pub(super) fn keep(&mut self, pages: Pages, kept: Kept) {
        self.written = WrittenAnew {
            pages: kept.written,
            fonts: kept.fonts_subset,
            object_streams: kept.objects.packs.deflated,
            structure_tree: kept.objects.tree.as_ref().is_none_or(|tree| tree.written),
        };
        self.last = Some(Last {
            pages,
            glyphs: kept.glyphs,
            usage: kept.usage,
            fonts: kept.fonts,
            streams: kept.streams,
            objects: kept.objects,
        });
    }

    /// How many pages the last render wrote rather than reused.
    pub fn written(&self) -> usize {
        self.written.pages
    }

    /// What the last render wrote anew.
    pub fn written_anew(&self) -> WrittenAnew {
        self.written
    }
}

impl Last {
    /// Which of `laid`, the pages of `pages`, are unchanged: equal to the last build's page
    /// of the same number, their items of the same kinds of element. A page found elsewhere
    /// would be a page of another number, whose footer differs, so no other is compared.
    pub(super) fn unchanged(&self, pages: &Pages, laid: &[Page], parallel: bool) -> Vec<bool> {
        let unchanged = |(index, page): (usize, &Page)| {
            let before = self.pages.pages.get(index);
            before == Some(page) && same_tags(page, pages, &self.pages)
        };
        match parallel {
            true => laid.par_iter().enumerate().map(unchanged).collect(),
            false => laid.iter().enumerate().map(unchanged).collect(),
        }
    }

    /// The glyph use and the faces embedded.
    pub(super) fn fonts(&self) -> (&FontUsage, &KeptFonts) {
        (&self.usage, &self.fonts)
    }

    /// The glyphs of page `index`.
    pub(super) fn glyphs(&self, index: usize) -> Option<&Arc<PageGlyphs>> {
        self.glyphs.get(index)
    }

    /// The page streams a render of `pages`, whose glyphs are `usage` and whose `unchanged`
    /// pages are the last build's, may reuse.
    pub(super) fn reuse(
        &self,
        pages: &Pages,
        usage: &FontUsage,
        unchanged: Vec<bool>,
    ) -> Reuse<'_> {
        let same = self.pages.size == pages.size && self.usage == *usage;
        Reuse {
            last: same.then_some(self),
            unchanged,
        }
    }

    /// What the file may reuse (taken: the file keeps its own).
    pub(super) fn take_objects(&mut self) -> KeptObjects {
        std::mem::take(&mut self.objects)
    }

    /// The structure the last build's tree was written from.
    pub(super) fn structure(&self) -> &Structure {
        &self.pages.structure
    }
}

impl Reuse<'_> {
    /// The last build's stream of page `index`, if the page is unchanged.
    pub(super) fn find(&self, index: usize) -> Option<&PageStream> {
        let last = self.last?;
        let unchanged = self.unchanged.get(index).copied().unwrap_or(false);
        unchanged.then(|| last.streams.get(index)).flatten()
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
