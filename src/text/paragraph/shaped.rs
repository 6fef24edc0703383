//! A paragraph shaped once and then measured and set as often as needed: a table cell's
//! min- and max-content widths, then its lines at its column's width, from one shaping
//! (docs/architecture.md, "Tables").

use super::{set_shaped, unbroken, Paragraph};
use crate::text::{FontBook, Line, ParagraphStyle, SetParagraph, StyledRun, TextStyle};

/// A paragraph's text, shaped in one style.
pub struct ShapedText<'a>(Paragraph<'a>);

impl<'a> ShapedText<'a> {
    /// `runs` shaped in `style`.
    pub fn new(book: &'a FontBook, runs: &[StyledRun<'a>], style: &TextStyle) -> Self {
        ShapedText(Paragraph::new(book, runs, style))
    }

    /// The lines no wider than `measure`, as `set_paragraph` sets them; `style.text` must be
    /// the style the text was shaped in.
    pub fn set(&self, style: &ParagraphStyle, measure: f32) -> SetParagraph {
        set_shaped(&self.0, style, measure)
    }

    /// The text on one line, nothing stretched or broken: its width is the max-content width.
    pub fn unbroken(&self) -> Line {
        unbroken(&self.0)
    }

    /// The width of the widest word (between white space): the min-content width, as each
    /// word set alone on a line would be wide.
    pub fn widest_word(&self) -> f32 {
        let text = &self.0.text;
        let words = word_ranges(text);
        let starts: Vec<usize> = words.iter().map(|w| w.start).collect();
        let mut widths = vec![0.0f32; words.len()];
        // Glyphs come word by word, each word's in the order a line places them.
        for glyph in &self.0.glyphs {
            let at = glyph.cluster as usize;
            let word = starts.partition_point(|&start| start <= at);
            if let Some(w) = word.checked_sub(1).filter(|&w| at < words[w].end) {
                widths[w] += glyph.advance;
            }
        }
        widths.into_iter().fold(0.0, f32::max)
    }
}

/// The byte ranges of the white-space-separated words of `text`.
fn word_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                words.push(from..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push(from..text.len());
    }
    words
}
