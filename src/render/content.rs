//! One page of the display list to a PDF content stream, through the typed [`Content`]
//! writer, with every item inside marked content: the content of a structure element (with
//! an MCID the parent tree maps back to it) or an artifact.
//!
//! The display list is in points from the top-left corner, y down; PDF is y up from the
//! bottom-left, so every y becomes `height - y`. Numbers are written to 1/100 pt, which is
//! finer than any device and keeps the bytes independent of float formatting.

use super::codes::{CodeWidth, Coded, GlyphCodes, WordSpacing, WORD_SPACE};
use super::fonts::resource_name;
use super::writer::{Artifact, Content};
use super::RenderError;
use crate::layout::{Color, GlyphRef, Item, NodeId, Page, Structure, TextItem};
use crate::text::FontId;

/// A page's content stream and, for each MCID in it, the element it belongs to.
pub struct PageContent {
    pub bytes: Vec<u8>,
    pub marked: Vec<NodeId>,
}

/// The content stream of `page`, on a page `height` points tall.
pub fn content(
    page: &Page,
    height: f32,
    codes: &GlyphCodes,
    structure: &Structure,
) -> Result<PageContent, RenderError> {
    let mut stream = Stream {
        height,
        codes,
        structure,
        out: Content::default(),
        text: None,
        graphics: Graphics::default(),
        marked: None,
        mcids: Vec::new(),
        shown: Vec::new(),
        gaps: Vec::new(),
    };
    for (i, item) in page.items.iter().enumerate() {
        // Everything that draws a figure is the figure's content, labels included.
        let figure = page.figures.iter().find(|f| f.items.contains(&i));
        stream.item(item, false, figure.map(|f| f.node))?;
    }
    for item in &page.furniture {
        stream.item(item, true, None)?;
    }
    stream.end_marked();
    stream.end_text();
    Ok(PageContent {
        bytes: stream.out.finish(),
        marked: stream.mcids,
    })
}

/// What an item is marked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Element(NodeId),
    Artifact(Artifact),
}

/// An open `BT`..`ET`.
struct TextState {
    /// Where the current text line starts, as the viewer has it (see [`Stream::move_to`]).
    line: (f32, f32),
}

/// The graphics state the stream has set (`None`: not yet), so that each is set only on
/// change. Font, colours, line width and spacings outlive text objects (ISO 32000-1, 9.3.1);
/// a `q`..`Q` pair restores them.
#[derive(Clone, Copy, Default)]
struct Graphics {
    font: Option<(FontId, f32)>,
    fill: Option<[f32; 3]>,
    stroke: Option<[f32; 3]>,
    line_width: Option<f32>,
    /// `Tc` and `Tw`, in points.
    character_spacing: f64,
    word_spacing: f64,
    /// `Tz`, in percent as written (`None`: the initial 100).
    horizontal_scaling: Option<f64>,
}

/// A text item's horizontal scale (font expansion) in percent, as `Tz` writes it.
fn scaling(text: &TextItem) -> f64 {
    (f64::from(text.scale) * 10_000.0).round() / 100.0
}

/// The em of a text item as drawn, in points: its size, times its horizontal scaling. Under
/// `Tz` every advance, adjustment and spacing is scaled with the glyphs, so positions are
/// reckoned in it.
fn drawn_em(text: &TextItem) -> f64 {
    f64::from(text.size) * scaling(text) / 100.0
}

/// An open marked-content sequence.
struct Marked {
    mark: Mark,
    /// Begun inside the open text object, so it must end before the text object does.
    in_text: bool,
}

struct Stream<'a> {
    height: f32,
    codes: &'a GlyphCodes,
    structure: &'a Structure,
    out: Content,
    text: Option<TextState>,
    graphics: Graphics,
    marked: Option<Marked>,
    mcids: Vec<NodeId>,
    /// The glyphs of the text item being drawn, and the gaps between them: buffers kept
    /// from one item to the next, as a page has hundreds.
    shown: Vec<Shown<'a>>,
    gaps: Vec<f64>,
}

impl<'a> Stream<'a> {
    fn item(
        &mut self,
        item: &'a Item,
        furniture: bool,
        figure: Option<NodeId>,
    ) -> Result<(), RenderError> {
        let mark = match figure.or(item.node()) {
            _ if furniture => Mark::Artifact(Artifact::Pagination),
            Some(node) => Mark::Element(node),
            // Text outside the structure is a repeated table header row.
            None if matches!(item, Item::Text(_)) => Mark::Artifact(Artifact::Pagination),
            None => Mark::Artifact(Artifact::Layout),
        };
        match item {
            Item::Text(text) => self.text(text, mark)?,
            Item::Rule {
                from,
                to,
                width,
                color,
            } => {
                finite(&[from.0, from.1, to.0, to.1, *width])?;
                self.end_text();
                self.mark(mark);
                self.stroke_color(*color);
                self.line_width(*width);
                self.out.move_to(from.0, self.height - from.1);
                self.out.line_to(to.0, self.height - to.1);
                self.out.stroke();
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
                if fill.is_none() && stroke.is_none() {
                    return Ok(());
                }
                self.end_text();
                self.mark(mark);
                self.set_paint(*fill, *stroke)?;
                self.out.rect(*x, self.height - y - h, *w, *h);
                self.paint(fill.is_some(), stroke.is_some());
            }
            Item::Path {
                points,
                closed,
                fill,
                stroke,
            } => {
                finite(&points.iter().flat_map(|&(x, y)| [x, y]).collect::<Vec<_>>())?;
                let Some((&first, rest)) = points.split_first() else {
                    return Ok(());
                };
                if fill.is_none() && stroke.is_none() {
                    return Ok(());
                }
                self.end_text();
                self.mark(mark);
                // In its own graphics state, so that the round joins and caps do not reach
                // the rules drawn after it.
                self.out.save_state();
                let saved = self.graphics;
                self.out.set_line_join_round();
                self.set_paint(*fill, *stroke)?;
                self.out.move_to(first.0, self.height - first.1);
                for &(x, y) in rest {
                    self.out.line_to(x, self.height - y);
                }
                if *closed {
                    self.out.close_path();
                }
                self.paint(fill.is_some(), stroke.is_some());
                self.out.restore_state();
                self.graphics = saved;
            }
            // Links are annotations, not content: see `page::annotations`.
            Item::Link { .. } => {}
        }
        Ok(())
    }

    /// Sets the colours (and line width) a shape is filled and stroked with.
    fn set_paint(
        &mut self,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    ) -> Result<(), RenderError> {
        if let Some(color) = fill {
            self.fill_color(color);
        }
        if let Some((color, width)) = stroke {
            finite(&[width])?;
            self.stroke_color(color);
            self.line_width(width);
        }
        Ok(())
    }

    /// Fills and/or strokes the path just drawn.
    fn paint(&mut self, fill: bool, stroke: bool) {
        match (fill, stroke) {
            (true, true) => self.out.fill_and_stroke(),
            (true, false) => self.out.fill(),
            _ => self.out.stroke(),
        }
    }

    /// Puts what follows in marked content of `mark`, continuing the open sequence when it
    /// is the same artifact or element: one MCID per stretch of an element's content.
    fn mark(&mut self, mark: Mark) {
        if self.marked.as_ref().is_some_and(|open| open.mark == mark) {
            return;
        }
        self.end_marked();
        match mark {
            Mark::Element(node) => {
                let tag = self.structure.get(node).kind.pdf_name();
                self.out.begin_marked_content(tag, self.mcids.len() as u32);
                self.mcids.push(node);
            }
            Mark::Artifact(kind) => self.out.begin_artifact(kind),
        }
        self.marked = Some(Marked {
            mark,
            in_text: self.text.is_some(),
        });
    }

    fn end_marked(&mut self) {
        if self.marked.take().is_some() {
            self.out.end_marked_content();
        }
    }

    /// Draws a text item. Glyphs on the baseline share one `TJ`, whose numbers move each
    /// glyph from where the previous glyph's advance left the pen to its exact x. A glyph
    /// raised or lowered (Devanagari marks) starts a new line at its own position.
    ///
    /// A cluster whose glyphs do not each spell their own text (a Devanagari syllable of
    /// several glyphs, possibly reordered; a glyph reused for another text) is wrapped in a
    /// `/Span` with `/ActualText`, so that copying gives the cluster's source text whole,
    /// in source order, instead of what the ToUnicode map says of each glyph.
    fn text(&mut self, text: &'a TextItem, mark: Mark) -> Result<(), RenderError> {
        finite(&[text.x, text.y, text.size])?;
        let mut glyphs = std::mem::take(&mut self.shown);
        glyphs.clear();
        let codes = self.codes;
        glyphs.extend(
            text.glyphs
                .iter()
                .filter_map(|glyph| Some(Shown::new(glyph, codes.coded(text.font, glyph.id)?))),
        );
        if glyphs.is_empty() || text.size <= 0.0 {
            self.shown = glyphs;
            return Ok(());
        }
        if !glyphs.iter().all(|g| g.x.is_finite() && g.y.is_finite()) {
            return Err(not_finite());
        }
        self.begin_text(text);
        self.mark(mark);
        // A stretch of clusters that spell their own text is shown at once.
        let mut plain = 0..0;
        for cluster in glyphs.chunk_by(|_, next| next.text.is_empty()) {
            let spelled = matches!(cluster, [glyph] if same_text(self.codes.text(text.font, glyph.code), glyph.text));
            if spelled {
                plain.end += 1;
                continue;
            }
            self.show(text, &glyphs[plain.clone()]);
            self.actual_text(text, cluster, mark);
            let next = plain.end + cluster.len();
            plain = next..next;
        }
        self.show(text, &glyphs[plain]);
        self.shown = glyphs;
        Ok(())
    }

    /// Shows a cluster whose text is not what its glyphs spell, read as its source text. In
    /// an element's content it gets an MCID of its own that carries the `/ActualText`.
    fn actual_text(&mut self, text: &TextItem, cluster: &[Shown], mark: Mark) {
        let Mark::Element(node) = mark else {
            self.out.begin_actual_text(cluster[0].text);
            self.show(text, cluster);
            self.out.end_marked_content();
            return;
        };
        self.end_marked();
        let mcid = self.mcids.len() as u32;
        self.out
            .begin_marked_content_with_actual_text(mcid, cluster[0].text);
        self.mcids.push(node);
        self.show(text, cluster);
        self.out.end_marked_content();
        self.mark(mark);
    }

    /// Shows `glyphs` of `text`: one `Td` and `TJ` per stretch at the same height.
    fn show(&mut self, text: &TextItem, glyphs: &[Shown]) {
        for segment in glyphs.chunk_by(|a, b| a.y == b.y) {
            let first = segment[0];
            self.move_to(text.x + first.x, self.height - text.y + first.y);
            self.tj(text, segment);
        }
    }

    /// `[(glyphs) adjustment (glyphs) ...] TJ`: after each glyph the pen advances by the
    /// glyph's width (thousandths of an em) and the spacings in force; an adjustment
    /// (positive moves left) takes it to the next glyph's x. Adjustments are rounded to whole
    /// units, 0.01 pt at 10 pt, and the pen follows the rounded value, so rounding never
    /// accumulates along the line. (To 1/100 of a unit, a fifth of the adjustments were
    /// ±0.01, the jitter of widths rounded in `/W`; whole units drop them and move no word
    /// by more than 0.006 pt, see docs/performance.md.) A space shows nothing, so no
    /// adjustment is written before one: the move to the glyph after it is made after it.
    /// Under a horizontal scaling, positions are reckoned in the drawn em ([`drawn_em`]).
    fn tj(&mut self, text: &TextItem, segment: &[Shown]) {
        let origin = segment[0].x;
        let drawn = drawn_em(text);
        let em = |x: f32| f64::from(x - origin) * 1000.0 / drawn;
        let spacing = self.spacing(text, segment);
        let mut pen = 0.0f64;
        let mut tj = self.out.show_glyphs(self.codes.width(text.font));
        for (i, glyph) in segment.iter().enumerate() {
            tj.glyph(glyph.code);
            pen += glyph.advance + spacing.after(glyph.code);
            let Some(next) = segment.get(i + 1) else {
                continue;
            };
            if next.blank {
                continue;
            }
            let adjustment = (pen - em(next.x)).round();
            if adjustment != 0.0 {
                tj.adjust(adjustment);
                pen -= adjustment;
            }
        }
        tj.end();
    }

    /// Sets `Tc` and `Tw` for a stretch of glyphs and returns them, in thousandths of an em.
    ///
    /// A letter-spaced line (issue 16's tracking) moves every glyph by the same few
    /// thousandths of an em, and a justified line widens each word space by the same amount.
    /// Setting these once as `Tc` (after every glyph) and `Tw` (after every word space) leaves
    /// `TJ` numbers only where a glyph differs (kerning), instead of one after every glyph
    /// and two around every space. `Tw` is only used in a face whose code 32 is the space,
    /// and kept at 0 in one where it is another glyph.
    fn spacing(&mut self, text: &TextItem, segment: &[Shown]) -> Spacing {
        let size = f64::from(text.size);
        let font = text.font;
        let drawn = drawn_em(text);
        let gap = |a: &Shown, b: &Shown| f64::from(b.x - a.x) * 1000.0 / drawn - a.advance;
        let letter_gaps = segment
            .windows(2)
            .filter(|pair| !pair[0].blank && !pair[1].blank)
            .map(|pair| gap(&pair[0], &pair[1]));
        let letter = shared(letter_gaps, 3, &mut self.gaps).unwrap_or(0.0);
        let word_spacing = self.codes.word_spacing(font);
        let word = if word_spacing == WordSpacing::SpaceGlyph {
            let word_gaps = segment
                .windows(3)
                .filter(|w| w[1].code == WORD_SPACE && !w[0].blank && !w[2].blank)
                .map(|w| gap(&w[0], &w[1]) + gap(&w[1], &w[2]) - 2.0 * letter);
            shared(word_gaps, 2, &mut self.gaps).unwrap_or(0.0)
        } else {
            0.0
        };
        let points = |units: f64| units * size / 1000.0;
        if self.graphics.character_spacing != points(letter) {
            self.graphics.character_spacing = points(letter);
            self.out.set_character_spacing(points(letter));
        }
        if word_spacing != WordSpacing::Nothing && self.graphics.word_spacing != points(word) {
            self.graphics.word_spacing = points(word);
            self.out.set_word_spacing(points(word));
        }
        Spacing {
            letter,
            word: if self.codes.width(font) == CodeWidth::One {
                self.graphics.word_spacing * 1000.0 / size
            } else {
                0.0
            },
        }
    }

    fn begin_text(&mut self, text: &TextItem) {
        if self.text.is_none() {
            // Marked content begun outside a text object must not end inside it.
            if self.marked.as_ref().is_some_and(|open| !open.in_text) {
                self.end_marked();
            }
            self.out.begin_text();
            self.text = Some(TextState { line: (0.0, 0.0) });
        }
        if self.graphics.font != Some((text.font, text.size)) {
            self.graphics.font = Some((text.font, text.size));
            self.out.set_font(&resource_name(text.font), text.size);
        }
        let scaling = scaling(text);
        if self.graphics.horizontal_scaling.unwrap_or(100.0) != scaling {
            self.graphics.horizontal_scaling = Some(scaling);
            self.out.set_horizontal_scaling(scaling);
        }
        self.fill_color(text.color);
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
        self.out.next_line(dx, dy);
    }

    fn end_text(&mut self) {
        if self.text.take().is_some() {
            if self.marked.as_ref().is_some_and(|open| open.in_text) {
                self.end_marked();
            }
            self.out.end_text();
        }
    }

    fn fill_color(&mut self, color: Color) {
        let rgb = components(color);
        if self.graphics.fill != Some(rgb) {
            self.graphics.fill = Some(rgb);
            let [r, g, b] = rgb;
            self.out.set_fill_rgb(r, g, b);
        }
    }

    fn stroke_color(&mut self, color: Color) {
        let rgb = components(color);
        if self.graphics.stroke != Some(rgb) {
            self.graphics.stroke = Some(rgb);
            let [r, g, b] = rgb;
            self.out.set_stroke_rgb(r, g, b);
        }
    }

    fn line_width(&mut self, width: f32) {
        if self.graphics.line_width != Some(width) {
            self.graphics.line_width = Some(width);
            self.out.set_line_width(width);
        }
    }
}

/// A glyph of a text item as the content stream shows it.
#[derive(Clone, Copy)]
struct Shown<'a> {
    x: f32,
    y: f32,
    /// The text of the glyph's cluster, on its first glyph (see [`GlyphRef`]).
    text: &'a str,
    code: u16,
    advance: f64,
    blank: bool,
}

impl<'a> Shown<'a> {
    fn new(glyph: GlyphRef<'a>, coded: Coded) -> Shown<'a> {
        Shown {
            x: glyph.x,
            y: glyph.y,
            text: glyph.text,
            code: coded.code,
            advance: coded.advance,
            blank: coded.blank,
        }
    }
}

/// The spacings in force while a stretch is shown, in thousandths of an em.
struct Spacing {
    /// `Tc`, after every glyph.
    letter: f64,
    /// `Tw`, after every one-byte code 32 as well.
    word: f64,
}

impl Spacing {
    /// The space the viewer adds after a glyph of `code`.
    fn after(&self, code: u16) -> f64 {
        if code == WORD_SPACE {
            self.letter + self.word
        } else {
            self.letter
        }
    }
}

/// The gap most of `gaps` share (thousandths of an em), if there are at least `least` of
/// them: the mean of the most gaps within one unit of each other, to 1/100 of a unit, when
/// they are more than half. Letter spacing is a fraction of a unit; a whole-unit `Tc` would
/// leave the pen a fraction behind at every glyph and a `TJ` number every few glyphs. Where
/// the gaps differ, setting one would cost more than it saves.
/// `scratch` holds the gaps while they are sorted.
fn shared(gaps: impl Iterator<Item = f64>, least: usize, scratch: &mut Vec<f64>) -> Option<f64> {
    scratch.clear();
    scratch.extend(gaps.filter(|gap| gap.is_finite()));
    let gaps = scratch;
    if gaps.len() < least {
        return None;
    }
    gaps.sort_unstable_by(f64::total_cmp);
    let (mut best, mut start) = ((0, 0), 0);
    for end in 0..gaps.len() {
        while gaps[end] - gaps[start] > 1.0 {
            start += 1;
        }
        if end + 1 - start > best.1 - best.0 {
            best = (start, end + 1);
        }
    }
    let window = &gaps[best.0..best.1];
    let mean = window.iter().sum::<f64>() / window.len() as f64;
    (window.len() * 2 > gaps.len()).then_some((mean * 100.0).round() / 100.0)
}

/// A colour's components clamped to 0..=1, NaN as 0.
fn components(Color(r, g, b): Color) -> [f32; 3] {
    [r, g, b].map(|c| {
        if c.is_finite() {
            c.clamp(0.0, 1.0)
        } else {
            0.0
        }
    })
}

/// Whether a glyph mapped to `mapped` reads as `text`: the same, or both white space (a
/// space glyph set for two spaces reads as space either way, and needs no `/ActualText`,
/// which poppler's structure-text extraction stops at).
fn same_text(mapped: &str, text: &str) -> bool {
    let blank = |t: &str| !t.is_empty() && t.chars().all(char::is_whitespace);
    mapped == text || (blank(mapped) && blank(text))
}

/// A NaN or infinite coordinate would be written into the PDF as a malformed number.
fn finite(values: &[f32]) -> Result<(), RenderError> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(not_finite())
    }
}

fn not_finite() -> RenderError {
    RenderError("a coordinate is not a finite number".into())
}

#[cfg(test)]
mod tests {
    use super::shared;

    #[test]
    fn the_shared_gap_is_the_mean_of_the_most_gaps_within_a_unit() {
        let gaps = [-11.6, -11.4, -12.1, -11.7, 20.0, 3.0, -11.5];
        let scratch = &mut Vec::new();
        assert_eq!(shared(gaps.into_iter(), 3, scratch), Some(-11.66));
        assert_eq!(shared([1.0, 1.2].into_iter(), 3, scratch), None, "too few");
        let spread = [0.0, 5.0, 10.0];
        assert_eq!(shared(spread.into_iter(), 3, scratch), None, "no majority");
        let nan = [2.0, 2.0, 9.0, f64::NAN];
        assert_eq!(shared(nan.into_iter(), 2, scratch), Some(2.0));
    }
}
