//! Note boxes: a tinted band with a bar on the left, drawn slice by slice so that a note
//! crossing a page stays boxed on both pages.

use super::collect::Collector;
use super::flow::Piece;
use super::pages::Item;
use super::structure::Kind;
use super::style;
use crate::source::Inline;

impl Collector<'_> {
    /// A boxed aside.
    pub fn note(&mut self, note: &Inline) {
        self.compose.at = note.at;
        let role = style::NOTE;
        let (x, measure) = note_text(self.measure);
        let style = self.paragraph_style(&role, true);
        let set = self.set(note, &style, measure);
        self.compose.gap(style::BLOCK_SPACE);
        let first = self.compose.flow.pieces.len();
        self.compose.push(Piece::new(Vec::new(), style::NOTE_PAD));
        self.compose.keep_with_next(2);
        self.notes += 1;
        let id = format!("note-{}", self.notes);
        let note = self.element(Kind::Note { id });
        let text = self.structure.add(note, Kind::Paragraph);
        self.lines(&set, (x, measure), &role, None, text);
        let mut bottom = Piece::new(Vec::new(), style::NOTE_PAD);
        bottom.breakable_before = false;
        self.compose.push(bottom);
        let measure = self.measure;
        for piece in &mut self.compose.flow.pieces[first..] {
            let band = [
                Item::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: measure,
                    h: piece.height,
                    fill: Some(style::NOTE_FILL),
                    stroke: None,
                },
                Item::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: style::NOTE_BAR_WIDTH,
                    h: piece.height,
                    fill: Some(style::NOTE_BAR),
                    stroke: None,
                },
            ];
            piece.items.splice(0..0, band);
        }
        self.compose.gap(style::BLOCK_SPACE);
    }
}

/// Where a note's text starts and how wide it is set, in a column `measure` wide.
pub fn note_text(measure: f32) -> (f32, f32) {
    let x = style::NOTE_BAR_WIDTH + style::NOTE_PAD;
    (x, measure - x - style::NOTE_PAD)
}
