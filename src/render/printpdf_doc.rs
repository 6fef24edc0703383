//! Everything we assume about the document printpdf writes, in one place.
//!
//! printpdf stays the document's writer: it makes the catalog, the page tree, each page's
//! size and its link annotations. We then finish its lopdf document: each page gets our
//! content stream and fonts (its own stream and resources are left unreferenced and pruned),
//! the link annotations are moved into objects of their own for the structure tree, and
//! the catalog, info dictionary and XMP are replaced (see [`super::meta`]). The test below
//! pins each assumption, so a printpdf upgrade that breaks one fails there first.

use lopdf::{Document, Object, ObjectId};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};

use super::RenderError;

/// printpdf's document of `pages`, as lopdf objects.
pub fn write(title: &str, pages: Vec<PdfPage>) -> Result<Document, RenderError> {
    let mut doc = PdfDocument::new(title);
    doc.pages = pages;
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let pdf = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(RenderError(error.msg.clone()));
    }
    Ok(pdf)
}

fn broken() -> RenderError {
    RenderError("printpdf's document is not as expected".into())
}

/// The pages, in order: one per `PdfPage` given.
pub fn pages(pdf: &Document) -> Vec<ObjectId> {
    pdf.get_pages().into_values().collect()
}

/// Moves the page's link annotations, which printpdf writes as dictionaries inside
/// `/Annots` in the order of the page's `Op::LinkAnnotation`s, into objects of their own (a
/// structure tree refers to them); returns them in that order.
pub fn annotations(pdf: &mut Document, page: ObjectId) -> Result<Vec<ObjectId>, RenderError> {
    let dict = pdf
        .get_object(page)
        .and_then(Object::as_dict)
        .map_err(|_| broken())?;
    let inline: Vec<Object> = match dict.get(b"Annots") {
        Ok(Object::Array(annots)) => annots.clone(),
        Err(_) => return Ok(Vec::new()),
        Ok(_) => return Err(broken()),
    };
    let mut ids = Vec::with_capacity(inline.len());
    for annotation in inline {
        let Object::Dictionary(mut annotation) = annotation else {
            return Err(broken());
        };
        annotation.set("P", page);
        ids.push(pdf.add_object(annotation));
    }
    let refs: Vec<Object> = ids.iter().map(|&id| Object::Reference(id)).collect();
    let dict = pdf
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|_| broken())?;
    if refs.is_empty() {
        dict.remove(b"Annots");
    } else {
        dict.set("Annots", refs);
    }
    Ok(ids)
}

/// Gives the page our content stream and fonts in place of printpdf's (whose resources
/// printpdf writes as a reference to a dictionary of its own per page).
pub fn finish_page(
    pdf: &mut Document,
    page: ObjectId,
    contents: ObjectId,
    fonts: ObjectId,
) -> Result<(), RenderError> {
    let dict = pdf
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|_| broken())?;
    dict.set("Contents", Object::Reference(contents));
    dict.set("Resources", lopdf::dictionary! { "Font" => fonts });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use printpdf::{
        Actions, BorderArray, ColorArray, HighlightingMode, LinkAnnotation, Op, Pt, Rect,
    };

    fn link(url: &str, x: f32) -> Op {
        let mut area = Rect::from_wh(Pt(10.0), Pt(10.0));
        area.x = Pt(x);
        Op::LinkAnnotation {
            link: LinkAnnotation::new(
                area,
                Actions::Uri(url.into()),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        }
    }

    /// What the rest of `render` takes for granted of printpdf's output.
    #[test]
    fn printpdf_writes_what_we_finish() {
        let first = PdfPage::new(
            printpdf::Mm(210.0),
            printpdf::Mm(297.0),
            vec![
                link("https://a.example", 1.0),
                link("https://b.example", 2.0),
            ],
        );
        let second = PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), Vec::new());
        let mut pdf = write("T", vec![first, second]).expect("printpdf writes");

        // A catalog with the page tree, which we extend.
        let catalog = pdf.catalog().expect("a catalog");
        assert!(catalog.get(b"Pages").is_ok());
        // One page per PdfPage, in order.
        let pages = pages(&pdf);
        assert_eq!(pages.len(), 2);
        for &page in &pages {
            let dict = pdf.get_dictionary(page).expect("a page dictionary");
            assert!(matches!(dict.get(b"Contents"), Ok(Object::Reference(_))));
            assert!(matches!(dict.get(b"Resources"), Ok(Object::Reference(_))));
            assert!(dict.get(b"MediaBox").is_ok());
        }
        // Link annotations inline, in op order, with their URI actions.
        let ids = annotations(&mut pdf, pages[0]).expect("annotations");
        assert_eq!(ids.len(), 2);
        for (id, url) in ids.iter().zip(["https://a.example", "https://b.example"]) {
            let annotation = pdf.get_dictionary(*id).expect("an annotation object");
            assert_eq!(
                annotation.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(&b"Link"[..])
            );
            let action = annotation
                .get(b"A")
                .and_then(Object::as_dict)
                .expect("an action");
            assert_eq!(
                action.get(b"URI").and_then(Object::as_str).ok(),
                Some(url.as_bytes())
            );
        }
        assert!(annotations(&mut pdf, pages[1]).expect("none").is_empty());
        // The trailer points at an info dictionary, which we replace.
        assert!(pdf.trailer.get(b"Info").is_ok());
    }
}
