//! Stage 4: the display list to PDF bytes with printpdf.
//!
//! printpdf builds the pages, subsets and embeds the fonts and writes their ToUnicode maps;
//! its lopdf document is then finished here with what printpdf cannot express: the nested
//! outline, our metadata, proper subset tags and an id derived from the content.

mod fonts;
mod identity;
mod meta;
mod outline;
mod page;
mod subset_tags;

use printpdf::{PdfDocument, PdfSaveOptions};

use crate::layout::Pages;
use crate::Error;

pub use fonts::resource_id;

/// Renders laid-out pages to a PDF. The same pages always give the same bytes.
pub fn render(pages: &Pages) -> Result<Vec<u8>, Error> {
    let (width, height) = pages.size;
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return Err(Error::Render(format!(
            "page size {width} x {height} pt is not a size"
        )));
    }
    let fonts = fonts::FontUsage::of(pages)?;
    let mut doc = PdfDocument::new(&pages.meta.title);
    fonts.register(&mut doc)?;
    doc.pages = pages
        .pages
        .iter()
        .map(|page| page::render_page(page, pages.size, &fonts))
        .collect::<Result<_, _>>()?;
    if doc.pages.is_empty() {
        // A PDF must have a page; an empty document is one blank page.
        doc.pages
            .push(page::render_page(&Default::default(), pages.size, &fonts)?);
    }

    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(Error::Render(error.msg.clone()));
    }
    pdf.version = "1.7".into();
    subset_tags::retag(&mut pdf, &fonts);
    outline::add_outline(&mut pdf, &pages.outline, height);
    meta::apply(&mut pdf, &pages.meta);
    // printpdf's info dictionary, replaced by ours, is left unreferenced.
    pdf.prune_objects();
    pdf.renumber_objects();
    pdf.compress();
    identity::save(pdf)
}
