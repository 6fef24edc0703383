//! Stage 4: the display list to PDF bytes.
//!
//! printpdf writes the page tree and the link annotations (what we assume of its output is
//! in [`printpdf_doc`]). Its lopdf document is then finished here: the fonts, subset and
//! embedded (see [`font_files`]), the content streams (written with the typed
//! [`writer::Content`], see [`content`]), the structure tree (see [`tags`]), the nested
//! outline, our metadata and an id derived from the content.

mod cmap;
mod codes;
mod compact;
mod content;
mod font_files;
mod fonts;
mod identity;
mod meta;
mod outline;
mod page;
mod printpdf_doc;
mod slim;
mod tags;
mod writer;

use std::cell::RefCell;
use std::collections::BTreeMap;

use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::{dictionary, Dictionary, Object, Stream};
use rayon::prelude::*;

use crate::layout::{Item, Kind, NodeId, Page, Pages};

/// Below this many pages the work is too small to share: starting rayon's threads costs
/// the seed (2 pages) more system time than the parallel deflate saves. Measured with
/// hyperfine (docs/performance.md).
const PARALLEL_PAGES: usize = 8;

/// Why the PDF could not be written: a display list the renderer cannot express, a font
/// that cannot be subset, or (for PDF/A) a character no font covers. The layout stage never
/// hands over such pages knowingly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "render: {}", self.0)
    }
}

impl std::error::Error for RenderError {}

/// Renders laid-out pages to a PDF. The same pages always give the same bytes.
pub fn render(pages: &Pages) -> Result<Vec<u8>, RenderError> {
    let (width, height) = pages.size;
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return Err(RenderError(format!(
            "page size {width} x {height} pt is not a size"
        )));
    }
    // A PDF must have a page; an empty document is one blank page.
    let blank = [Page::default()];
    let laid: &[Page] = if pages.pages.is_empty() {
        &blank
    } else {
        &pages.pages
    };

    if pages.meta.standards.archival().is_some() {
        shows_no_notdef(laid)?;
    }
    let fonts = fonts::FontUsage::of(pages, pages.fonts.0)?;
    let printpdf_pages = laid
        .iter()
        .map(|page| page::annotations(page, pages.size))
        .collect::<Result<_, _>>()?;
    let mut pdf = printpdf_doc::write(&pages.meta.title, printpdf_pages)?;
    let (codes, font_resources) = font_files::embed(&mut pdf, &fonts)?;
    let page_ids = printpdf_doc::pages(&pdf);
    let link_texts = link_texts(pages);
    let mut marked = Vec::with_capacity(laid.len());
    let mut annotations = Vec::new();
    // Pages are written and deflated on every core; the order of the results, and so the
    // bytes, do not depend on how the work was shared.
    let write = |page: &Page| {
        content::content(page, height, &fonts, &codes, &pages.structure)
            .map(|content| (deflated(content.bytes), content.marked))
    };
    let parallel = laid.len() >= PARALLEL_PAGES;
    let contents: Vec<(Stream, Vec<NodeId>)> = if parallel {
        laid.par_iter().map(write).collect::<Result<_, _>>()?
    } else {
        laid.iter().map(write).collect::<Result<_, _>>()?
    };
    for (index, ((page, &id), (stream, page_marked))) in
        laid.iter().zip(&page_ids).zip(contents).enumerate()
    {
        let stream = pdf.add_object(Object::Stream(stream));
        printpdf_doc::finish_page(&mut pdf, id, stream, font_resources)?;
        marked.push(page_marked);
        let links = page.all_items().filter_map(|item| match item {
            Item::Link { node, .. } => Some(*node),
            _ => None,
        });
        let ids = printpdf_doc::annotations(&mut pdf, id)?;
        if !ids.is_empty() {
            // Tab order follows the structure (PDF/UA-1, 7.18.3).
            if let Ok(dict) = pdf.get_object_mut(id).and_then(Object::as_dict_mut) {
                dict.set("Tabs", "S");
            }
        }
        for (annotation, node) in ids.into_iter().zip(links) {
            finish_annotation(&mut pdf, annotation, node.and_then(|n| link_texts.get(&n)));
            if let Some(node) = node {
                annotations.push(tags::TaggedAnnotation {
                    page: index,
                    id: annotation,
                    node,
                });
            }
        }
    }
    let tree = tags::write(&mut pdf, &pages.structure, &page_ids, &marked, &annotations);

    pdf.version = "1.7".into();
    outline::add_outline(&mut pdf, &pages.outline, height);
    meta::apply(&mut pdf, &pages.meta);
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("StructTreeRoot", tree);
        catalog.set("MarkInfo", dictionary! { "Marked" => true });
        catalog.set(
            "ViewerPreferences",
            dictionary! { "DisplayDocTitle" => true },
        );
    }
    // printpdf's info dictionary, page contents and resources, replaced by ours, are left
    // unreferenced.
    compact::compact(&mut pdf);
    compress(&mut pdf, parallel);
    identity::save(pdf)
}

/// PDF/A forbids showing `.notdef` (glyph 0), which a character no font covers is set with.
fn shows_no_notdef(pages: &[Page]) -> Result<(), RenderError> {
    for (index, page) in pages.iter().enumerate() {
        for item in page.all_items() {
            let Item::Text(text) = item else { continue };
            if let Some(glyph) = text.glyphs.iter().find(|glyph| glyph.id == 0) {
                return Err(RenderError(format!(
                    "page {}: no font has a glyph for {:?} (in {:?}), and PDF/A forbids \
                     drawing the missing-glyph box; add a font that covers it with --font-dir",
                    index + 1,
                    glyph.text,
                    text.text()
                )));
            }
        }
    }
    Ok(())
}

/// The text of each `Link` element, which its annotations carry as their description.
fn link_texts(pages: &Pages) -> BTreeMap<NodeId, String> {
    let mut texts: BTreeMap<NodeId, String> = BTreeMap::new();
    let items = pages.pages.iter().flat_map(|page| &page.items);
    for item in items {
        let Item::Text(text) = item else { continue };
        let Some(node) = text.node else { continue };
        if matches!(pages.structure.get(node).kind, Kind::Link { .. }) {
            texts.entry(node).or_default().push_str(text.text());
        }
    }
    texts
}

/// A link annotation printed with the page and described by its text (PDF/UA-1, 7.18.5;
/// PDF/A-2, 6.3.2).
fn finish_annotation(pdf: &mut lopdf::Document, id: lopdf::ObjectId, text: Option<&String>) {
    if let Ok(dict) = pdf.get_object_mut(id).and_then(Object::as_dict_mut) {
        dict.set("F", 4);
        if let Some(text) = text {
            dict.set("Contents", meta::text_string(text.trim()));
        }
    }
}
/// Deflates every stream that allows it and is not compressed yet (fonts, the colour
/// profile), each on whichever core is free.
fn compress(pdf: &mut lopdf::Document, parallel: bool) {
    let compress = |(_, object): (&lopdf::ObjectId, &mut Object)| {
        let Object::Stream(stream) = object else {
            return;
        };
        if !stream.allows_compression || stream.dict.has(b"Filter") {
            return;
        }
        if let Some(deflated) = deflate(&stream.content) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(deflated);
        }
    };
    if parallel {
        pdf.objects.par_iter_mut().for_each(compress);
    } else {
        pdf.objects.iter_mut().for_each(compress);
    }
}

/// A content stream, deflated when that makes it smaller.
fn deflated(content: Vec<u8>) -> Stream {
    match deflate(&content) {
        Some(deflated) => {
            let mut stream = Stream::new(Dictionary::new(), deflated);
            stream.dict.set("Filter", "FlateDecode");
            stream
        }
        None => Stream::new(Dictionary::new(), content),
    }
}

/// `content` deflated at the best level, if that saves more than the `/Filter` entry costs
/// (level 6 would save about 1 % of a seed build and cost 0.9 % of its size, see
/// docs/performance.md). zlib-rs does it in 10 % less time of a whole build than lopdf's
/// miniz_oxide.
fn deflate(content: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        // A compressor's tables are about 400 KB: made afresh for every stream, each was
        // mapped and zeroed page by page (docs/performance.md). One per thread is reset.
        static COMPRESSOR: RefCell<Compress> =
            RefCell::new(Compress::new(Compression::best(), true));
    }
    let deflated = COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        let mut out = Vec::with_capacity(content.len() / 2 + 64);
        loop {
            let read = usize::try_from(compressor.total_in()).ok()?;
            let status = compressor
                .compress_vec(&content[read..], &mut out, FlushCompress::Finish)
                .ok()?;
            if status == Status::StreamEnd {
                return Some(out);
            }
            out.reserve(out.capacity());
        }
    })?;
    (deflated.len() + 19 < content.len()).then_some(deflated)
}
