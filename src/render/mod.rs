//! Stage 4: the display list to PDF bytes.
//!
//! printpdf writes the page tree and the link annotations (what we assume of its output is
//! in [`printpdf_doc`]); the fonts, subset and embedded (see [`font_files`]), are added to
//! its lopdf document. Everything else is written straight into the file ([`file`]), each
//! object once: the content streams (written with the typed [`writer::Content`], see
//! [`content`]), the structure tree (see [`tags`]), the nested outline and our metadata;
//! then the lopdf objects the pages reach ([`lopdf_objects`]), and an id derived from the
//! content ([`identity`]). [`assembly`] puts these together in that order.

mod assembly;
mod cmap;
mod codes;
mod content;
mod file;
mod font_files;
mod fonts;
mod identity;
mod lopdf_objects;
mod meta;
mod object;
mod outline;
mod page;
mod page_cache;
mod printpdf_doc;
mod slim;
mod tags;
mod writer;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::Object;
use rayon::prelude::*;

use crate::layout::{Item, Kind, NodeId, Page, Pages};
use assembly::Assembly;
use fonts::PageGlyphs;
use page_cache::{Kept, Last, PageStream, Reuse};
pub use page_cache::{PageCache, WrittenAnew};

/// Below this many pages the work is too small to share: starting rayon's threads costs
/// the seed (2 pages) more system time than the parallel deflate saves. Measured with
/// hyperfine (docs/performance.md).
const PARALLEL_PAGES: usize = 8;

/// Pages whose content streams are written (in parallel) before they go into the file:
/// enough to keep both cores busy, few enough that the streams held at once stay small.
const PAGES_AT_ONCE: usize = 32;

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
    render_pages(pages, None).map(|(pdf, _)| pdf)
}

/// [`render`], reusing what `cache` holds of the last build where its input is unchanged,
/// and keeping this build's there for the next. The bytes are `render`'s.
pub fn render_reusing(pages: Pages, cache: &mut PageCache) -> Result<Vec<u8>, RenderError> {
    let mut last = cache.take();
    let rendered = render_pages(&pages, Some(&mut last));
    free_aside(last);
    let (pdf, kept) = rendered?;
    if let Some(kept) = kept {
        cache.keep(pages, kept);
    }
    Ok(pdf)
}

/// Frees the last build's pages and streams on a thread of their own: a long document's
/// are a great many allocations, and the rebuild need not wait for them.
fn free_aside<T: Send + 'static>(value: T) {
    // A thread that cannot start drops its closure, and the value, here.
    let _ = std::thread::Builder::new()
        .name("briefing-free".into())
        .spawn(move || drop(value));
}

/// The PDF; for a rebuild (`last` given, holding the last build if there was one), what it
/// keeps for the next.
fn render_pages(
    pages: &Pages,
    mut last: Option<&mut Option<Last>>,
) -> Result<(Vec<u8>, Option<Kept>), RenderError> {
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
    let parallel = laid.len() >= PARALLEL_PAGES;
    let objects = last
        .as_deref_mut()
        .map(|last| last.as_mut().map(Last::take_objects).unwrap_or_default());
    let last_build = last.as_deref().and_then(Option::as_ref);
    let unchanged = last_build.map(|last| last.unchanged(pages, laid, parallel));
    // A rebuild keeps each page's glyphs: those of unchanged pages are the last build's.
    let glyphs = match last {
        Some(_) => Some(page_glyphs(pages, laid, last_build, unchanged.as_deref())?),
        None => None,
    };
    let fonts = match &glyphs {
        Some(glyphs) => fonts::FontUsage::of_pages(glyphs.iter().map(Arc::as_ref), pages.fonts.0)?,
        None => fonts::FontUsage::of(pages, pages.fonts.0)?,
    };
    let printpdf_pages = laid
        .iter()
        .map(|page| page::annotations(page, pages.size))
        .collect::<Result<_, _>>()?;
    let mut pdf = printpdf_doc::write(&pages.meta.title, printpdf_pages)?;
    let keeping = last.is_some();
    let last_fonts = last_build.map(Last::fonts);
    let embedded = font_files::embed(&mut pdf, &fonts, parallel, last_fonts, keeping)?;
    let (codes, font_resources) = (embedded.codes, embedded.resources);
    let mut assembly = Assembly::new(pdf, font_resources, parallel, objects);
    let link_texts = link_texts(pages);
    let reuse = last
        .as_deref()
        .and_then(Option::as_ref)
        .zip(unchanged)
        .map(|(last, unchanged)| last.reuse(pages, &fonts, unchanged));
    let write = |(index, page): (usize, &Page)| {
        page_stream(index, page, (height, &codes), pages, reuse.as_ref())
    };
    let (streams, written) = add_pages(
        &mut assembly,
        laid,
        (write, reuse.as_ref()),
        (parallel, keeping),
        &link_texts,
    )?;
    let before = last_build.map(Last::structure);
    let (pdf, objects) = assembly.finish(pages, before, |pdf| compress(pdf, parallel))?;
    let kept = objects.zip(glyphs).map(|(objects, glyphs)| Kept {
        glyphs,
        usage: fonts,
        fonts: embedded.kept,
        fonts_subset: embedded.subset,
        streams,
        objects,
        written,
    });
    Ok((pdf, kept))
}

/// Adds every page to `assembly`, its content stream made by `write` (or found by
/// `reuse`), a few pages at a time on every core when `parallel`; the order of the results,
/// and so the bytes, do not depend on how the work was shared. Gives the streams when
/// `keeping` them for the next build, and how many were written anew.
fn add_pages(
    assembly: &mut Assembly,
    laid: &[Page],
    (write, reuse): (
        impl Fn((usize, &Page)) -> Result<(PageStream, bool), RenderError> + Sync,
        Option<&Reuse>,
    ),
    (parallel, keeping): (bool, bool),
    link_texts: &BTreeMap<NodeId, String>,
) -> Result<(Vec<PageStream>, usize), RenderError> {
    let (mut streams, mut written) = (Vec::new(), 0);
    for (at, chunk) in (0..).step_by(PAGES_AT_ONCE).zip(laid.chunks(PAGES_AT_ONCE)) {
        let numbered: Vec<(usize, &Page)> = (at..).zip(chunk).collect();
        // Pages all found in the last build's are not worth sharing out.
        let all_found = reuse.is_some_and(|reuse| {
            numbered
                .iter()
                .all(|&(index, _)| reuse.find(index).is_some())
        });
        let contents: Vec<(PageStream, bool)> = if parallel && !all_found {
            numbered
                .into_par_iter()
                .map(&write)
                .collect::<Result<_, _>>()?
        } else {
            numbered.into_iter().map(&write).collect::<Result<_, _>>()?
        };
        for (page, (stream, fresh)) in chunk.iter().zip(contents) {
            written += usize::from(fresh);
            if keeping {
                assembly.add_page(page, &stream.0, stream.1.clone(), link_texts)?;
                streams.push(stream);
            } else {
                let (content, marked) = Arc::unwrap_or_clone(stream);
                assembly.add_page(page, &content, marked, link_texts)?;
            }
        }
    }
    Ok((streams, written))
}

/// Page `index`'s content stream, deflated, and whether it was written now (rather than
/// found in the last build's, see [`PageCache`]).
fn page_stream(
    index: usize,
    page: &Page,
    (height, codes): (f32, &codes::GlyphCodes),
    pages: &Pages,
    reuse: Option<&Reuse>,
) -> Result<(PageStream, bool), RenderError> {
    if let Some(found) = reuse.and_then(|reuse| reuse.find(index)) {
        return Ok((found.clone(), false));
    }
    let content = content::content(page, height, codes, &pages.structure)?;
    let stream = (deflated(content.bytes), content.marked);
    Ok((Arc::new(stream), true))
}

/// The glyphs of each of `laid`, the pages of `pages`: the last build's for the pages
/// `unchanged`, found anew for the others (on every core for a long document).
fn page_glyphs(
    pages: &Pages,
    laid: &[Page],
    last: Option<&Last>,
    unchanged: Option<&[bool]>,
) -> Result<Vec<Arc<PageGlyphs>>, RenderError> {
    let book = pages.fonts.0;
    let glyphs = |(index, page): (usize, &Page)| {
        let kept = unchanged.and_then(|unchanged| unchanged.get(index)) == Some(&true);
        match last.and_then(|last| last.glyphs(index)).filter(|_| kept) {
            Some(glyphs) => Ok(glyphs.clone()),
            None => PageGlyphs::of(page, book).map(Arc::new),
        }
    };
    match laid.len() >= PARALLEL_PAGES {
        true => laid.par_iter().enumerate().map(glyphs).collect(),
        false => laid.iter().enumerate().map(glyphs).collect(),
    }
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

/// A content stream's data, deflated when that makes it smaller.
#[derive(Clone)]
struct Deflated {
    data: Vec<u8>,
    deflated: bool,
}

/// A content stream, deflated when that makes it smaller.
fn deflated(content: Vec<u8>) -> Deflated {
    match deflate(&content) {
        Some(data) => Deflated {
            data,
            deflated: true,
        },
        None => Deflated {
            data: content,
            deflated: false,
        },
    }
}

/// `content` deflated at the best level, if that saves more than the `/Filter` entry costs
/// (level 6 would save about 1 % of a seed build and cost 0.9 % of its size, see
/// docs/performance.md). zlib-rs does it in 10 % less time of a whole build than lopdf's
/// miniz_oxide.
fn deflate(content: &[u8]) -> Option<Vec<u8>> {
    let deflated = zlib(content, 9)?;
    (deflated.len() + 19 < content.len()).then_some(deflated)
}

/// `content` deflated (zlib) at `level`, 0 to 9.
fn zlib(content: &[u8], level: u32) -> Option<Vec<u8>> {
    thread_local! {
        // A compressor's tables are about 400 KB: made afresh for every stream, each was
        // mapped and zeroed page by page (docs/performance.md). One per thread is reset
        // and set to the level asked, which gives the bytes a new one would (one per level
        // held a second 380 KB in every build).
        static COMPRESSOR: RefCell<Option<(u32, Compress)>> = const { RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|kept| {
        let compressor = match kept {
            Some((made, compressor)) => {
                compressor.reset();
                if *made != level {
                    compressor.set_level(Compression::new(level)).ok()?;
                    *made = level;
                }
                compressor
            }
            None => {
                &mut kept
                    .insert((level, Compress::new(Compression::new(level), true)))
                    .1
            }
        };
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
    })
}
