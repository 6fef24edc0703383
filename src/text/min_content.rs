//! How narrow a text can be set: the min-content width of CSS, which table columns are sized
//! from (docs/architecture.md, "Tables").

use super::hyphenate::Hyphenator;
use super::{shape_line, FontBook, TextStyle};

/// The width of the widest word of `text` (a stretch between spaces), which no line breaking
/// without cutting words can go below.
pub fn widest_word(book: &FontBook, text: &str, style: &TextStyle) -> f32 {
    text.split_whitespace()
        .map(|word| shape_line(book, word, style).width)
        .fold(0.0, f32::max)
}

/// The width of the widest piece of `text` once words are cut at the hyphenation points of
/// `language`, a piece before a cut counted with its hyphen: the narrowest a text can be set
/// when words may be hyphenated (capitalized words too when `capitalized`). A word without
/// hyphenation points counts whole.
pub fn widest_syllable(
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    language: &str,
    capitalized: bool,
) -> f32 {
    let hyphenator = Hyphenator::new(language, capitalized);
    let mut points = Vec::new();
    let mut widest = 0.0f32;
    for word in text.split_whitespace() {
        points.clear();
        hyphenator.points(word, &mut points);
        let mut from = 0;
        for &at in points.iter().chain([&word.len()]) {
            let piece = &word[from..at];
            let hyphen = if at < word.len() { "-" } else { "" };
            let width = shape_line(book, &format!("{piece}{hyphen}"), style).width;
            widest = widest.max(width);
            from = at;
        }
    }
    widest
}
