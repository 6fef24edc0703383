//! The printpdf side of a page: its size and its link annotations.

use printpdf::{
    Actions, BorderArray, ColorArray, HighlightingMode, LinkAnnotation, Op, PdfPage, Pt, Rect,
};

use super::RenderError;
use crate::layout::{Item, Page};

/// A printpdf page of `size` (width, height) points carrying the links of `page`.
pub fn annotations(page: &Page, size: (f32, f32)) -> Result<PdfPage, RenderError> {
    let mut ops = Vec::new();
    for item in page.all_items() {
        let Item::Link {
            x, y, w, h, url, ..
        } = item
        else {
            continue;
        };
        if ![*x, *y, *w, *h].iter().all(|v| v.is_finite()) {
            return Err(RenderError("a link's area is not finite".into()));
        }
        // PDF rectangles are given by their lower-left corner, y up.
        let mut area = Rect::from_wh(Pt(*w), Pt(*h));
        area.x = Pt(*x);
        area.y = Pt(size.1 - y - h);
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                area,
                Actions::Uri(url.clone()),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }
    let mut out = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
    let media = Rect::from_wh(Pt(size.0), Pt(size.1));
    out.media_box = media.clone();
    out.trim_box = media.clone();
    out.crop_box = media;
    Ok(out)
}
