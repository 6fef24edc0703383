//! Gathering a set line's glyphs, in visual order, into runs of one face and one source
//! span: letter spacing between the clusters of a word, font expansion of every glyph.

use super::Paragraph;
use crate::text::{FontId, Glyph, GlyphRun};

/// Gathers positioned glyphs into runs of one face and one source span.
pub(super) struct RunsBuilder<'p> {
    paragraph: &'p Paragraph<'p>,
    runs: Vec<GlyphRun>,
    /// The face and span of the run being built.
    current: Option<(FontId, u32)>,
    x: f32,
    /// Letter spacing before each cluster that follows another in a word, in points.
    tracking: f32,
    /// The horizontal scale of every glyph (font expansion): advances and offsets grow
    /// with it, spaces are set as wide as they are given.
    scale: f32,
    after_glyph: bool,
    /// The bidi level of the last glyph placed and whether its cluster joins its
    /// neighbours (no letter spacing beside it).
    last: Option<(u8, bool)>,
    /// Glyphs placed so far, and whether the gap after the first takes no letter spacing.
    placed: usize,
    untracked_first: bool,
    /// About how many glyphs the line has (its units), so that a run's glyphs are allocated
    /// once rather than grown glyph by glyph; and how many have been placed.
    expected: usize,
    glyphs: usize,
}

impl<'p> RunsBuilder<'p> {
    /// A builder whose first glyph goes at `x`, with letter spacing and glyph scale
    /// `(tracking, scale)`.
    pub(super) fn new(
        paragraph: &'p Paragraph<'p>,
        (tracking, scale): (f32, f32),
        x: f32,
        (untracked_first, expected): (bool, usize),
    ) -> RunsBuilder<'p> {
        RunsBuilder {
            paragraph,
            runs: Vec::new(),
            current: None,
            x,
            tracking,
            scale,
            after_glyph: false,
            last: None,
            placed: 0,
            untracked_first,
            expected,
            glyphs: 0,
        }
    }

    pub(super) fn push_space(&mut self, font: FontId, span: u32, id: u16, text: &str, width: f32) {
        self.place(font, span, id, (0.0, 0.0), text, width);
        self.after_glyph = false;
    }

    /// Places glyph `(id, offset)` of `font` and `span`, at bidi `level`, with its cluster's
    /// `text` (empty on a cluster's later glyphs).
    pub(super) fn push(
        &mut self,
        level: u8,
        (font, span): (FontId, u32),
        (id, offset): (u16, (f32, f32)),
        text: &str,
        advance: f32,
    ) {
        let untracked = self.untracked_first && self.placed == 1;
        let joins = match text.chars().next() {
            Some(c) => super::joins_letters(c),
            None => self.last.is_some_and(|(_, joins)| joins),
        };
        // As `Paragraph::gap_between` reckons it: between glyphs of one level, neither of
        // which joins.
        let gap = self.last == Some((level, false)) && !joins;
        if self.after_glyph && !text.is_empty() && !untracked && gap {
            self.x += self.tracking;
        }
        self.last = Some((level, joins));
        self.placed += 1;
        let scaled = (offset.0 * self.scale, offset.1);
        self.place(font, span, id, scaled, text, advance * self.scale);
        self.after_glyph = true;
    }

    fn place(
        &mut self,
        font: FontId,
        span: u32,
        id: u16,
        offset: (f32, f32),
        text: &str,
        advance: f32,
    ) {
        if self.current != Some((font, span)) {
            // Letters closed up across a change of face (a fallback glyph inside a word) start
            // the new run inside the last one's advance: the last run ends where it does.
            if let Some(last) = self.runs.last_mut() {
                last.width = last.width.min(self.x - last.x);
            }
            let source = &self.paragraph.spans[span as usize];
            self.runs.push(GlyphRun {
                x: self.x,
                font,
                size: self.paragraph.size,
                glyphs: Vec::with_capacity(self.expected.saturating_sub(self.glyphs)),
                width: 0.0,
                scale: self.scale,
                rtl: self.paragraph.rtl,
                bold: source.bold,
                link: source.link.map(str::to_string),
            });
            self.current = Some((font, span));
        }
        if let Some(run) = self.runs.last_mut() {
            run.glyphs.push(Glyph {
                id,
                x: self.x - run.x + offset.0,
                y: offset.1,
                text: text.to_string(),
            });
            self.x += advance;
            run.width = self.x - run.x;
            self.glyphs += 1;
        }
    }

    pub(super) fn finish(self) -> (Vec<GlyphRun>, f32) {
        (self.runs, self.x)
    }
}
