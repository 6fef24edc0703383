//! Everything we assume about the document printpdf writes, in one place.
//!
//! printpdf stays the document's writer of the page tree, each page's size and its link
//! annotations. We then finish its lopdf document: each page gets our content stream and
//! fonts (its own stream and resources are dropped), the link annotations are moved into
//! objects of their own for the structure tree, and the catalog gets our entries; its info
//! dictionary is replaced (see [`super::meta`]). [`super::lopdf_objects`] writes what is
//! reached from the catalog into the file. The test below pins each assumption, so a
//! printpdf upgrade that breaks one fails there first.

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

/// The catalog's entries.
pub fn catalog(pdf: &Document) -> Result<&lopdf::Dictionary, RenderError> {
    pdf.catalog().map_err(|_| broken())
}

/// Moves the page's link annotations, which printpdf writes as dictionaries inside
/// `/Annots` in the order of the page's `Op::LinkAnnotation`s, into objects of their own (a
/// structure tree refers to them); returns them in that order. A page with links gets the
/// tab order of the structure (PDF/UA-1, 7.18.3).
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
        dict.set("Tabs", "S");
    }
    Ok(ids)
}

/// Gives the page our content stream and fonts in place of printpdf's (whose resources
/// printpdf writes as a reference to a dictionary of its own per page), and its key in
/// the structure's parent tree. printpdf's stream and resources are dropped.
pub fn finish_page(
    pdf: &mut Document,
    page: ObjectId,
    contents: ObjectId,
    fonts: ObjectId,
    struct_parents: usize,
) -> Result<(), RenderError> {
    let dict = pdf
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .map_err(|_| broken())?;
    let replaced: Vec<ObjectId> = [&b"Contents"[..], b"Resources"]
        .iter()
        .filter_map(|key| dict.get(key).and_then(Object::as_reference).ok())
        .collect();
    dict.set("Contents", Object::Reference(contents));
    dict.set("Resources", lopdf::dictionary! { "Font" => fonts });
    dict.set("StructParents", struct_parents as i64);
    for id in replaced {
        pdf.objects.remove(&id);
    }
    Ok(())
}

/// A link annotation printed with the page, described by its text (PDF/UA-1, 7.18.5;
/// PDF/A-2, 6.3.2), and with its key in the structure's parent tree.
pub fn finish_annotation(
    pdf: &mut Document,
    id: ObjectId,
    text: Option<&str>,
    struct_parent: Option<usize>,
) {
    if let Ok(dict) = pdf.get_object_mut(id).and_then(Object::as_dict_mut) {
        dict.set("F", 4);
        if let Some(text) = text {
            dict.set("Contents", text_string(text.trim()));
        }
        if let Some(key) = struct_parent {
            dict.set("StructParent", key as i64);
        }
    }
}

/// A PDF text string as a lopdf object: PDFDocEncoding agrees with ASCII, anything else
/// goes as UTF-16BE with a byte order mark.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), lopdf::StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
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
