//! Text shortened with an ellipsis to fit a width: the running header's title, a chart's
//! category label too long for the chart.

use crate::text::{self, FontBook, Line, TextStyle};

/// `text` set on one line no wider than `room`: whole when it fits, else cut after the
/// longest run of its characters (at a word where one is near) that fits with "…".
pub fn shortened(fonts: &FontBook, text: &str, style: &TextStyle, room: f32) -> Line {
    let whole = text::shape_line(fonts, text, style);
    if whole.width <= room {
        return whole;
    }
    let cuts: Vec<usize> = text.char_indices().map(|(at, _)| at).skip(1).collect();
    let fits = |&at: &usize| {
        let short = format!("{}…", text[..at].trim_end());
        text::shape_line(fonts, &short, style).width <= room
    };
    // Widths grow with the prefix, so the longest fitting prefix is found by bisection.
    let longest = cuts.partition_point(fits);
    let at = match longest {
        0 => 0,
        n => cuts[n - 1],
    };
    let prefix = &text[..at];
    let word_end = prefix
        .rfind(' ')
        .filter(|&space| space * 4 >= at * 3)
        .unwrap_or(at);
    let short = format!("{}…", text[..word_end].trim_end());
    text::shape_line(fonts, &short, style)
}
