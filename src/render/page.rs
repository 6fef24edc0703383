//! One page of the display list to printpdf operations.
//!
//! The display list is in points from the top-left corner, y down; PDF is y up from the
//! bottom-left, so every y becomes `height - y`.

use printpdf::{
    Actions, BorderArray, Codepoint, Color as PdfColor, ColorArray, DictItem, HighlightingMode,
    Line, LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, Rgb,
    WindingOrder,
};

use super::fonts::{resource_id, FontUsage};
use crate::layout::{Color, Item, Page, TextItem};
use crate::text::{FontId, Glyph};
use crate::Error;

/// Translates `page` into a printpdf page of `size` (width, height) points.
pub fn render_page(page: &Page, size: (f32, f32), fonts: &FontUsage) -> Result<PdfPage, Error> {
    let mut ops = Ops {
        height: size.1,
        fonts,
        ops: Vec::new(),
        text: None,
    };
    for item in &page.items {
        ops.item(item)?;
    }
    ops.end_text();
    let mut out = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops.ops);
    let media = Rect::from_wh(Pt(size.0), Pt(size.1));
    out.media_box = media.clone();
    out.trim_box = media.clone();
    out.crop_box = media;
    Ok(out)
}

/// The text state inside an open `BT`..`ET`, so that font and colour are set only on change.
struct TextState {
    font: FontId,
    size: f32,
    color: (f32, f32, f32),
    /// Where the current text line starts, as the viewer has it (see [`Ops::move_to`]).
    line: (f32, f32),
}

struct Ops<'a> {
    height: f32,
    fonts: &'a FontUsage,
    ops: Vec<Op>,
    text: Option<TextState>,
}

impl Ops<'_> {
    fn item(&mut self, item: &Item) -> Result<(), Error> {
        match item {
            Item::Text(text) => self.text(text)?,
            Item::Rule {
                from,
                to,
                width,
                color,
            } => {
                finite(&[from.0, from.1, to.0, to.1, *width])?;
                self.end_text();
                self.ops.push(Op::SetOutlineColor { col: rgb(*color) });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                let points = [*from, *to]
                    .iter()
                    .map(|&(x, y)| LinePoint {
                        p: self.point(x, y),
                        bezier: false,
                    })
                    .collect();
                self.ops.push(Op::DrawLine {
                    line: Line {
                        points,
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                finite(&[*x, *y, *w, *h])?;
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => return Ok(()),
                };
                self.end_text();
                if let Some(color) = fill {
                    self.ops.push(Op::SetFillColor { col: rgb(*color) });
                }
                if let Some((color, width)) = stroke {
                    finite(&[*width])?;
                    self.ops.push(Op::SetOutlineColor { col: rgb(*color) });
                    self.ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                }
                let mut rect = self.rect(*x, *y, *w, *h);
                rect.mode = Some(mode);
                rect.winding_order = Some(WindingOrder::NonZero);
                self.ops.push(Op::DrawRectangle { rectangle: rect });
            }
            Item::Link { x, y, w, h, url } => {
                finite(&[*x, *y, *w, *h])?;
                // An annotation is not drawn: it needs no text section to be closed.
                self.ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        self.rect(*x, *y, *w, *h),
                        Actions::Uri(url.clone()),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        Some(HighlightingMode::Invert),
                    ),
                });
            }
        }
        Ok(())
    }

    /// Draws a text item. Glyphs on the baseline share one `Tm` and one `TJ`, whose numbers
    /// move each glyph from where the previous glyph's advance left the pen to its exact x.
    /// A glyph raised or lowered (Devanagari marks) starts a new `Tm` at its own position.
    ///
    /// A cluster whose glyphs do not each spell their own text (a Devanagari syllable of
    /// several glyphs, possibly reordered; a glyph reused for another text) is wrapped in a
    /// `/Span` with `/ActualText`, so that copying gives the cluster's source text whole,
    /// in source order, instead of what the ToUnicode map says of each glyph.
    fn text(&mut self, text: &TextItem) -> Result<(), Error> {
        finite(&[text.x, text.y, text.size])?;
        let glyphs: Vec<&Glyph> = text
            .glyphs
            .iter()
            .filter(|glyph| self.fonts.has_glyph(text.font, glyph.id))
            .collect();
        if glyphs.is_empty() || text.size <= 0.0 {
            return Ok(());
        }
        finite(&glyphs.iter().flat_map(|g| [g.x, g.y]).collect::<Vec<_>>())?;
        self.begin_text(text);
        let clusters = glyphs.chunk_by(|_, next| next.text.is_empty());
        let mut plain: Vec<&Glyph> = Vec::new();
        for cluster in clusters {
            let spelled =
                matches!(cluster, [glyph] if self.fonts.text_of(text.font, glyph.id) == glyph.text);
            if spelled {
                plain.push(cluster[0]);
                continue;
            }
            self.show(text, &std::mem::take(&mut plain));
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".into(),
                properties: actual_text(&cluster[0].text),
            });
            self.show(text, cluster);
            self.ops.push(Op::EndMarkedContentWithProperties);
        }
        self.show(text, &plain);
        Ok(())
    }

    /// Shows `glyphs` of `text`, one `Tm` and `TJ` per stretch on the same baseline offset.
    fn show(&mut self, text: &TextItem, glyphs: &[&Glyph]) {
        for segment in glyphs.chunk_by(|a, b| a.y == b.y) {
            let first = segment[0];
            self.move_to(text.x + first.x, self.height - text.y + first.y);
            let items = vec![printpdf::TextItem::GlyphIds(self.codepoints(text, segment))];
            self.ops.push(Op::ShowText { items });
        }
    }

    /// The glyphs of one positioned segment, each with the TJ adjustment that follows it
    /// (thousandths of an em; positive moves the pen left) and the text it stands for.
    fn codepoints(&self, text: &TextItem, segment: &[&Glyph]) -> Vec<Codepoint> {
        let origin = segment[0].x;
        let em = |x: f32| f64::from(x - origin) * 1000.0 / f64::from(text.size);
        let mut pen = 0.0f64;
        segment
            .iter()
            .enumerate()
            .map(|(i, glyph)| {
                pen += self.fonts.advance(text.font, glyph.id);
                let offset = match segment.get(i + 1) {
                    // Rounded to 1/100 of a unit, and the pen follows the rounded value,
                    // so rounding never accumulates along the line.
                    Some(next) => ((pen - em(next.x)) * 100.0).round() / 100.0,
                    None => 0.0,
                };
                pen -= offset;
                Codepoint {
                    gid: glyph.id,
                    offset: offset as f32,
                    cid: Some(self.fonts.text_of(text.font, glyph.id).to_owned()),
                }
            })
            .collect()
    }

    fn begin_text(&mut self, text: &TextItem) {
        let Color(r, g, b) = text.color;
        let mut state = TextState {
            font: text.font,
            size: text.size,
            color: (r, g, b),
            line: (0.0, 0.0),
        };
        let (font_changed, color_changed) = match &self.text {
            Some(open) => {
                state.line = open.line;
                (
                    open.font != state.font || open.size != state.size,
                    open.color != state.color,
                )
            }
            None => {
                self.ops.push(Op::StartTextSection);
                (true, true)
            }
        };
        if font_changed {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(resource_id(text.font)),
                size: Pt(text.size),
            });
        }
        if color_changed {
            self.ops.push(Op::SetFillColor {
                col: rgb(text.color),
            });
        }
        self.text = Some(state);
    }

    /// Starts a text line at (x, y) in PDF coordinates with `Td`, which moves relative to
    /// the previous line start. (`Tm` would do the same, but printpdf re-derives every glyph
    /// advance of a `Tm`-positioned run from the font to merge runs, which costs more than
    /// the rest of the page; our `TJ` numbers already carry exact positions.) Moves are
    /// rounded to 1/100 pt and the line start follows the rounded values, so they never
    /// accumulate error.
    fn move_to(&mut self, x: f32, y: f32) {
        let Some(state) = self.text.as_mut() else {
            return;
        };
        let round = |v: f32| (v * 100.0).round() / 100.0;
        let (dx, dy) = (round(x - state.line.0), round(y - state.line.1));
        state.line = (state.line.0 + dx, state.line.1 + dy);
        self.ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(dx),
                y: Pt(dy),
            },
        });
    }

    fn end_text(&mut self) {
        if self.text.take().is_some() {
            self.ops.push(Op::EndTextSection);
        }
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt(x),
            y: Pt(self.height - y),
        }
    }

    /// A rectangle given by its top-left corner, in PDF's bottom-left terms.
    fn rect(&self, x: f32, y: f32, w: f32, h: f32) -> Rect {
        let mut rect = Rect::from_wh(Pt(w), Pt(h));
        rect.x = Pt(x);
        rect.y = Pt(self.height - y - h);
        rect
    }
}

/// The marked-content properties `<< /ActualText (text) >>`, the text in UTF-16BE.
fn actual_text(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    DictItem::Dict {
        map: [(
            "ActualText".to_string(),
            DictItem::String {
                data,
                literal: false,
            },
        )]
        .into(),
    }
}

fn rgb(Color(r, g, b): Color) -> PdfColor {
    let clamp = |c: f32| {
        if c.is_finite() {
            c.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    PdfColor::Rgb(Rgb {
        r: clamp(r),
        g: clamp(g),
        b: clamp(b),
        icc_profile: None,
    })
}

/// A NaN or infinite coordinate would be written into the PDF as a malformed number.
fn finite(values: &[f32]) -> Result<(), Error> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Error::Render("a coordinate is not a finite number".into()))
    }
}
