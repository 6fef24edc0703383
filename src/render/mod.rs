//! Stage 4: the display list to PDF bytes with printpdf.
//!
//! printpdf writes the page tree and the link annotations. Its lopdf document is then
//! finished here: the fonts, subset and embedded (see [`font_files`]), the content streams
//! (written directly, see [`content`]), the nested outline, our metadata and an id derived
//! from the content.

mod content;
mod font_files;
mod fonts;
mod identity;
mod meta;
mod outline;
mod page;
mod unhinted;

use lopdf::{Dictionary, Object, Stream};
use printpdf::{PdfDocument, PdfSaveOptions};

use crate::layout::{Page, Pages};
use crate::text::FontBook;

/// Why the PDF could not be written: a display list the renderer cannot express, or a font
/// that cannot be subset. The layout stage never hands over such pages knowingly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "render: {}", self.0)
    }
}

impl std::error::Error for RenderError {}

/// Renders laid-out pages, set with `fonts`, to a PDF. The same pages always give the same
/// bytes.
pub fn render(pages: &Pages, fonts: &'static FontBook) -> Result<Vec<u8>, RenderError> {
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

    let fonts = fonts::FontUsage::of(pages, fonts)?;
    let mut doc = PdfDocument::new(&pages.meta.title);
    doc.pages = laid
        .iter()
        .map(|page| page::annotations(page, pages.size))
        .collect::<Result<_, _>>()?;

    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(RenderError(error.msg.clone()));
    }
    let (codes, font_resources) = font_files::embed(&mut pdf, &fonts)?;
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    for (page, id) in laid.iter().zip(page_ids) {
        let bytes = content::content(page, height, &fonts, &codes)?;
        let stream = pdf.add_object(Object::Stream(Stream::new(Dictionary::new(), bytes)));
        page::finish(&mut pdf, id, stream, font_resources)?;
    }

    pdf.version = "1.7".into();
    outline::add_outline(&mut pdf, &pages.outline, height);
    meta::apply(&mut pdf, &pages.meta);
    // printpdf's info dictionary and page contents, replaced by ours, are left unreferenced.
    pdf.prune_objects();
    pdf.renumber_objects();
    compress(&mut pdf);
    identity::save(pdf)
}

/// Deflates every stream that allows it and is not compressed yet, at the best level (level 6
/// would save 10 % of a build and cost 1.5 % of the size). lopdf's `compress` does the same
/// with miniz_oxide; zlib-rs does it in 10 % less time of a whole build.
fn compress(pdf: &mut lopdf::Document) {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.has(b"Filter") {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let deflated = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish());
        if let Ok(deflated) = deflated {
            if deflated.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(deflated);
            }
        }
    }
}
