//! One page of the display list to a PDF content stream.
//!
//! The display list is in points from the top-left corner, y down; PDF is y up from the
//! bottom-left, so every y becomes `height - y`. Numbers are written to 1/100 pt, which is
//! finer than any device and keeps the bytes independent of float formatting.

use super::font_files::GlyphCodes;
use super::fonts::{resource_name, FontUsage};
use super::RenderError;
use crate::layout::{Color, Item, Page, TextItem};
use crate::text::{FontId, Glyph};

/// The content stream of `page`, on a page `height` points tall.
pub fn content(
    page: &Page,
    height: f32,
    fonts: &FontUsage,
    codes: &GlyphCodes,
) -> Result<Vec<u8>, RenderError> {
    let mut stream = Stream {
        height,
        fonts,
        codes,
        out: Vec::new(),
        text: None,
    };
    for (i, item) in page.items.iter().enumerate() {
        if let Some(figure) = page
            .figures
            .iter()
            .find(|f| f.items.start == i && !f.items.is_empty())
        {
            stream.begin_figure(&figure.alt);
        }
        stream.item(item)?;
        if page
            .figures
            .iter()
            .any(|f| f.items.end == i + 1 && !f.items.is_empty())
        {
            stream.end_text();
            stream.out.extend_from_slice(b"EMC\n");
        }
    }
    for item in &page.furniture {
        stream.item(item)?;
    }
    stream.end_text();
    Ok(stream.out)
}

/// The text state inside an open `BT`..`ET`, so that font and colour are set only on change.
struct TextState {
    font: FontId,
    size: f32,
    color: Color,
    /// Where the current text line starts, as the viewer has it (see [`Stream::move_to`]).
    line: (f32, f32),
}

struct Stream<'a> {
    height: f32,
    fonts: &'a FontUsage,
    codes: &'a GlyphCodes,
    out: Vec<u8>,
    text: Option<TextState>,
}

impl Stream<'_> {
    fn item(&mut self, item: &Item) -> Result<(), RenderError> {
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
                self.color(*color, "RG");
                self.numbers(&[*width], "w");
                self.numbers(&[from.0, self.height - from.1], "m");
                self.numbers(&[to.0, self.height - to.1], "l");
                self.out.extend_from_slice(b"S\n");
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
                let paint = match (fill, stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    (None, Some(_)) => "S",
                    (None, None) => return Ok(()),
                };
                self.end_text();
                if let Some(color) = fill {
                    self.color(*color, "rg");
                }
                if let Some((color, width)) = stroke {
                    finite(&[*width])?;
                    self.color(*color, "RG");
                    self.numbers(&[*width], "w");
                }
                self.numbers(&[*x, self.height - y - h, *w, *h], "re");
                self.out.extend_from_slice(paint.as_bytes());
                self.out.push(b'\n');
            }
            Item::Path {
                points,
                closed,
                fill,
                stroke,
            } => self.path(points, *closed, *fill, *stroke)?,
            // Links are annotations, not content: see `page::annotations`.
            Item::Link { .. } => {}
        }
        Ok(())
    }

    /// Straight segments through `points`, in their own graphics state so that the round
    /// joins and caps do not reach the rules drawn after them.
    fn path(
        &mut self,
        points: &[(f32, f32)],
        closed: bool,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    ) -> Result<(), RenderError> {
        finite(&points.iter().flat_map(|&(x, y)| [x, y]).collect::<Vec<_>>())?;
        let paint = match (fill, stroke) {
            (Some(_), Some(_)) => "B",
            (Some(_), None) => "f",
            (None, Some(_)) => "S",
            (None, None) => return Ok(()),
        };
        let Some((&first, rest)) = points.split_first() else {
            return Ok(());
        };
        self.end_text();
        self.out.extend_from_slice(b"q 1 j 1 J\n");
        if let Some(color) = fill {
            self.color(color, "rg");
        }
        if let Some((color, width)) = stroke {
            finite(&[width])?;
            self.color(color, "RG");
            self.numbers(&[width], "w");
        }
        self.numbers(&[first.0, self.height - first.1], "m");
        for &(x, y) in rest {
            self.numbers(&[x, self.height - y], "l");
        }
        if closed {
            self.out.extend_from_slice(b"h ");
        }
        self.out.extend_from_slice(paint.as_bytes());
        self.out.extend_from_slice(b"\nQ\n");
        Ok(())
    }

    /// Opens a marked-content sequence for a figure carrying its description as `/Alt`,
    /// where a structure tree can pick it up (PDF 32000-1, 14.9.3).
    fn begin_figure(&mut self, alt: &str) {
        self.end_text();
        self.out.extend_from_slice(b"/Figure <</Alt <FEFF");
        for unit in alt.encode_utf16() {
            hex4(&mut self.out, unit);
        }
        self.out.extend_from_slice(b">>> BDC\n");
    }

    /// Draws a text item. Glyphs on the baseline share one `TJ`, whose numbers move each
    /// glyph from where the previous glyph's advance left the pen to its exact x. A glyph
    /// raised or lowered (Devanagari marks) starts a new line at its own position.
    ///
    /// A cluster whose glyphs do not each spell their own text (a Devanagari syllable of
    /// several glyphs, possibly reordered; a glyph reused for another text) is wrapped in a
    /// `/Span` with `/ActualText`, so that copying gives the cluster's source text whole,
    /// in source order, instead of what the ToUnicode map says of each glyph.
    fn text(&mut self, text: &TextItem) -> Result<(), RenderError> {
        finite(&[text.x, text.y, text.size])?;
        let glyphs: Vec<&Glyph> = text
            .glyphs
            .iter()
            .filter(|glyph| self.codes.code(text.font, glyph.id).is_some())
            .collect();
        if glyphs.is_empty() || text.size <= 0.0 {
            return Ok(());
        }
        finite(&glyphs.iter().flat_map(|g| [g.x, g.y]).collect::<Vec<_>>())?;
        self.begin_text(text);
        let mut plain: Vec<&Glyph> = Vec::new();
        for cluster in glyphs.chunk_by(|_, next| next.text.is_empty()) {
            let spelled =
                matches!(cluster, [glyph] if self.fonts.text_of(text.font, glyph.id) == glyph.text);
            if spelled {
                plain.push(cluster[0]);
                continue;
            }
            self.show(text, &std::mem::take(&mut plain));
            self.out.extend_from_slice(b"/Span <</ActualText <FEFF");
            for unit in cluster[0].text.encode_utf16() {
                hex4(&mut self.out, unit);
            }
            self.out.extend_from_slice(b">>> BDC\n");
            self.show(text, cluster);
            self.out.extend_from_slice(b"EMC\n");
        }
        self.show(text, &plain);
        Ok(())
    }

    /// Shows `glyphs` of `text`: one `Td` and `TJ` per stretch at the same height.
    fn show(&mut self, text: &TextItem, glyphs: &[&Glyph]) {
        for segment in glyphs.chunk_by(|a, b| a.y == b.y) {
            let first = segment[0];
            self.move_to(text.x + first.x, self.height - text.y + first.y);
            self.tj(text, segment);
        }
    }

    /// `[<glyphs> adjustment <glyphs> ...] TJ`: after each glyph the pen advances by the
    /// glyph's width (thousandths of an em); an adjustment (positive moves left) takes it to
    /// the next glyph's x. Adjustments are rounded to 1/100 of a unit and the pen follows
    /// the rounded value, so rounding never accumulates along the line.
    fn tj(&mut self, text: &TextItem, segment: &[&Glyph]) {
        let origin = segment[0].x;
        let em = |x: f32| f64::from(x - origin) * 1000.0 / f64::from(text.size);
        let mut pen = 0.0f64;
        let mut open = false;
        self.out.push(b'[');
        for (i, glyph) in segment.iter().enumerate() {
            if !open {
                self.out.push(b'<');
                open = true;
            }
            let code = self.codes.code(text.font, glyph.id).unwrap_or(0);
            hex4(&mut self.out, code);
            pen += self.fonts.advance(text.font, glyph.id);
            let Some(next) = segment.get(i + 1) else {
                continue;
            };
            let adjustment = ((pen - em(next.x)) * 100.0).round() / 100.0;
            if adjustment != 0.0 {
                self.out.extend_from_slice(b"> ");
                number(&mut self.out, adjustment);
                self.out.push(b' ');
                open = false;
                pen -= adjustment;
            }
        }
        if open {
            self.out.push(b'>');
        }
        self.out.extend_from_slice(b"] TJ\n");
    }

    fn begin_text(&mut self, text: &TextItem) {
        let (set_font, set_color, line) = match &self.text {
            Some(open) => (
                open.font != text.font || open.size != text.size,
                open.color != text.color,
                open.line,
            ),
            None => {
                self.out.extend_from_slice(b"BT\n");
                (true, true, (0.0, 0.0))
            }
        };
        if set_font {
            self.out.push(b'/');
            self.out
                .extend_from_slice(resource_name(text.font).as_bytes());
            self.out.push(b' ');
            self.numbers(&[text.size], "Tf");
        }
        if set_color {
            self.color(text.color, "rg");
        }
        self.text = Some(TextState {
            font: text.font,
            size: text.size,
            color: text.color,
            line,
        });
    }

    /// Starts a text line at (x, y) in PDF coordinates with `Td`, which moves relative to
    /// the previous line start. Moves are rounded to 1/100 pt and the line start follows
    /// the rounded values, so they never accumulate error.
    fn move_to(&mut self, x: f32, y: f32) {
        let Some(state) = self.text.as_mut() else {
            return;
        };
        let round = |v: f64| (v * 100.0).round() / 100.0;
        let dx = round(f64::from(x) - f64::from(state.line.0));
        let dy = round(f64::from(y) - f64::from(state.line.1));
        state.line = (
            (f64::from(state.line.0) + dx) as f32,
            (f64::from(state.line.1) + dy) as f32,
        );
        number(&mut self.out, dx);
        self.out.push(b' ');
        number(&mut self.out, dy);
        self.out.extend_from_slice(b" Td\n");
    }

    fn end_text(&mut self) {
        if self.text.take().is_some() {
            self.out.extend_from_slice(b"ET\n");
        }
    }

    fn color(&mut self, Color(r, g, b): Color, operator: &str) {
        let clamp = |c: f32| {
            if c.is_finite() {
                c.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        self.numbers(&[clamp(r), clamp(g), clamp(b)], operator);
    }

    fn numbers(&mut self, values: &[f32], operator: &str) {
        for &value in values {
            number(&mut self.out, f64::from(value));
            self.out.push(b' ');
        }
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }
}

/// Writes `value` rounded to two decimals, without a trailing `.0` or zeros.
fn number(out: &mut Vec<u8>, value: f64) {
    let hundredths = (value * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let abs = hundredths.unsigned_abs();
    out.extend_from_slice((abs / 100).to_string().as_bytes());
    let fraction = abs % 100;
    if fraction != 0 {
        out.push(b'.');
        out.push(b'0' + (fraction / 10) as u8);
        if !fraction.is_multiple_of(10) {
            out.push(b'0' + (fraction % 10) as u8);
        }
    }
}

fn hex4(out: &mut Vec<u8>, value: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS[usize::from((value >> shift) & 0xF)]);
    }
}

/// A NaN or infinite coordinate would be written into the PDF as a malformed number.
fn finite(values: &[f32]) -> Result<(), RenderError> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(RenderError("a coordinate is not a finite number".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_to_the_hundredth() {
        let written = |v: f64| {
            let mut out = Vec::new();
            number(&mut out, v);
            String::from_utf8(out).expect("ascii")
        };
        assert_eq!(written(761.89), "761.89");
        assert_eq!(written(56.0), "56");
        assert_eq!(written(-0.5), "-0.5");
        assert_eq!(written(-0.001), "0");
        assert_eq!(written(0.05), "0.05");
        assert_eq!(written(12.304), "12.3");
    }
}
