//! Chart text: single labels, wrapped labels, and the category labels under the x axis,
//! wrapped to their band and thinned to every nth when they would not fit side by side.

use crate::layout::compose::line_items;
use crate::layout::pages::Item;
use crate::layout::shorten::shortened;
use crate::layout::style::{self, Role};
use crate::text::{self, FontBook, Line, ParagraphStyle, SetParagraph, StyledRun};

/// Space between neighbouring category labels.
const LABEL_SPACE: f32 = 3.0;
/// A category label wraps to at most this many lines before labels are thinned: names
/// ("Machinery and mechanical appliances") rather wrap than lose every other label.
const MAX_LINES: usize = 4;
/// How many categories a label may stand for: ticks at these strides read naturally (months
/// by the quarter or half year, years by the five or ten).
const STRIDES: [usize; 16] = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 24, 25, 30, 40, 50, 60];

/// Sets chart text; the language decides where a label may break.
#[derive(Clone, Copy)]
pub struct Labeler<'a> {
    pub fonts: &'a FontBook,
    pub language: &'a str,
}

impl Labeler<'_> {
    /// One line of text, unbroken.
    pub fn line(&self, text: &str, role: &Role) -> Line {
        text::shape_line(self.fonts, text, &role.text)
    }

    /// Text broken into ragged lines no wider than `measure`, never hyphenated.
    pub fn wrap(&self, text: &str, role: &Role, measure: f32) -> SetParagraph {
        let style = ParagraphStyle {
            text: role.text,
            justify: false,
            hyphenate: false,
            hyphenate_capitalized: false,
            language: self.language.to_string(),
        };
        let runs = [StyledRun::plain(text)];
        text::set_paragraph(self.fonts, &runs, &style, measure)
    }

    /// The widest word of `text`: no line can be narrower.
    fn widest_word(&self, text: &str, role: &Role) -> f32 {
        text.split_whitespace()
            .map(|word| self.line(word, role).width)
            .fold(0.0, f32::max)
    }
}

/// The category labels, positioned from the top of their row.
pub struct CategoryLabels {
    pub items: Vec<Item>,
    pub height: f32,
    /// Every how many categories a label stands.
    pub every: usize,
    /// Warnings of a label too long for the whole width (cut inside a word).
    pub warnings: Vec<text::Warning>,
    /// A label too long to show whole, shortened with an ellipsis: its text.
    pub shortened: Option<String>,
}

/// A label's lines and where its block starts.
struct Placed {
    lines: Vec<Line>,
    x: f32,
    width: f32,
}

/// Labels for `categories`, each centred under its band of the plot from `left` to
/// `right`; the row may use the whole width from 0 to `right`.
pub fn category_labels(
    labeler: &Labeler,
    categories: &[String],
    left: f32,
    right: f32,
) -> CategoryLabels {
    let n = categories.len().max(1);
    let band = (right - left) / n as f32;
    for every in strides(n) {
        if let Some(placed) = try_stride(labeler, categories, left, right, band, every) {
            return finish(placed, every, Vec::new());
        }
    }
    // Even one label is wider than the plot: set the first across the whole width. One too
    // long for MAX_LINES even there is shortened to a line with an ellipsis (its table shows
    // it whole), so the labels never make the drawing taller than the page leaves it.
    let first = categories.first().map_or("", String::as_str);
    let role = style::CHART_LABEL;
    let set = labeler.wrap(first, &role, right);
    let (lines, warnings, shortened) = if set.lines.len() <= MAX_LINES {
        (set.lines, set.warnings, None)
    } else {
        let line = shortened(labeler.fonts, first, &role.text, right);
        (vec![line], Vec::new(), Some(first.to_string()))
    };
    let width = lines.iter().map(|l| l.width).fold(0.0, f32::max);
    let placed = vec![Placed {
        lines,
        x: 0.0,
        width,
    }];
    CategoryLabels {
        shortened,
        ..finish(placed, n, warnings)
    }
}

/// The strides to try for `n` categories, smallest first, ending with one label in all.
fn strides(n: usize) -> Vec<usize> {
    let mut out: Vec<usize> = STRIDES.iter().copied().filter(|&s| s < n).collect();
    out.extend((1..).map(|k| k * 100).take_while(|&s| s < n));
    out.push(n);
    out
}

/// Labels at every `every`th category, or `None` if one would be cut, run to too many lines
/// or touch its neighbour.
fn try_stride(
    labeler: &Labeler,
    categories: &[String],
    left: f32,
    right: f32,
    band: f32,
    every: usize,
) -> Option<Vec<Placed>> {
    let role = style::CHART_LABEL;
    let room = every as f32 * band - LABEL_SPACE;
    if room <= 0.0 {
        return None;
    }
    let mut placed: Vec<Placed> = Vec::new();
    for (i, label) in categories.iter().enumerate().step_by(every) {
        if label.trim().is_empty() {
            continue;
        }
        // A word wider than the band may still fit beside narrower neighbours: the
        // overlap test below decides.
        let measure = room.max(labeler.widest_word(label, &role));
        if measure > right {
            return None;
        }
        let set = labeler.wrap(label, &role, measure);
        if set.lines.len() > MAX_LINES || !set.warnings.is_empty() {
            return None;
        }
        let width = set.lines.iter().map(|l| l.width).fold(0.0, f32::max);
        let centre = left + (i as f32 + 0.5) * band;
        let x = (centre - width / 2.0).clamp(0.0, (right - width).max(0.0));
        if placed
            .last()
            .is_some_and(|prev| x < prev.x + prev.width + LABEL_SPACE)
        {
            return None;
        }
        placed.push(Placed {
            lines: set.lines,
            x,
            width,
        });
    }
    Some(placed)
}

fn finish(placed: Vec<Placed>, every: usize, warnings: Vec<text::Warning>) -> CategoryLabels {
    let role = style::CHART_LABEL;
    let rows = placed.iter().map(|p| p.lines.len()).max().unwrap_or(1);
    let mut items = Vec::new();
    for label in placed {
        for (k, line) in label.lines.into_iter().enumerate() {
            let x = label.x + (label.width - line.width) / 2.0;
            let baseline = style::baseline(&role) + k as f32 * role.leading;
            items.extend(line_items(&line, x, baseline, &role, None));
        }
    }
    CategoryLabels {
        items,
        height: rows as f32 * role.leading,
        every,
        warnings,
        shortened: None,
    }
}
