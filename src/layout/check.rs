//! The safety net every build runs: a display list is checked against what must hold for no
//! text to be lost or clipped (docs/architecture.md, "The safety net"):
//! - body items lie inside the text area, furniture (running header, footer) on the paper;
//! - no two items overlap;
//! - every piece of source text set into lines comes out of them ([`text_lost`]).
//!
//! The one thing allowed past the text area's sides is optical margin alignment: a line's
//! first glyph may hang out to the left and its last to the right (mirrored in
//! right-to-left text) by exactly the protrusion the text stage gives its character
//! ([`text::protrusion`]) times its advance as drawn, no more.
//!
//! A sweep over items sorted by their top keeps the overlap test near linear in the items of
//! a page, so the check costs little beside setting the text.

use super::pages::{Area, Item, Page, Pages};
use crate::text::{self, Line};

/// How far an item may stray past a boundary before it counts as outside or overlapping, in
/// points. The one place the check's tolerances live, with [`hang`] for margin protrusion.
pub mod tolerance {
    /// Coordinates are computed in f32 and rounded to 0.01 pt in the display list.
    pub const ROUNDING: f32 = 0.01;
}

use tolerance::ROUNDING;

/// One thing wrong on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 0-based page index.
    pub page: usize,
    /// Index of the offending item in the page's `items` (for furniture: `None`).
    pub item: Option<usize>,
    pub message: String,
}

/// The box a text item's letters occupy: from about cap height to about descender depth.
fn ink_box(item: &Item) -> Option<Area> {
    match item {
        Item::Text(t) => Some(Area {
            x: t.x,
            y: t.y - 0.75 * t.size,
            w: t.width,
            h: 0.97 * t.size,
        }),
        Item::Rule {
            from, to, width, ..
        } => Some(Area {
            x: from.0.min(to.0),
            y: from.1.min(to.1) - width / 2.0,
            w: (to.0 - from.0).abs(),
            h: (to.1 - from.1).abs() + width,
        }),
        Item::Rect { .. } | Item::Path { .. } | Item::Link { .. } => None,
    }
}

/// Any box, for the items `ink_box` leaves out: where a rectangle, a path or a link is drawn.
fn extent(item: &Item) -> Area {
    match item {
        Item::Rect { x, y, w, h, .. } | Item::Link { x, y, w, h, .. } => Area {
            x: *x,
            y: *y,
            w: *w,
            h: *h,
        },
        Item::Path { points, .. } => {
            let (mut x0, mut y0) = (f32::INFINITY, f32::INFINITY);
            let (mut x1, mut y1) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
            for &(x, y) in points {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            if x0 <= x1 {
                Area {
                    x: x0,
                    y: y0,
                    w: x1 - x0,
                    h: y1 - y0,
                }
            } else {
                Area {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                }
            }
        }
        other => ink_box(other).unwrap_or(Area {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        }),
    }
}

/// How far `item` may reach past the left and the right edge of the text area: the protrusion
/// of its first and last glyph, as the line's start and end (mirrored in right-to-left text,
/// whose line ends on the left).
fn hang(item: &Item) -> (f32, f32) {
    let Item::Text(t) = item else {
        return (0.0, 0.0);
    };
    // A character's protrusion on the left and on the right of a line.
    let sides = |c: char| {
        let (start, end) = text::protrusion(c);
        if t.rtl {
            (end, start)
        } else {
            (start, end)
        }
    };
    let left = t.glyphs.first().map_or(0.0, |first| {
        let advance = t.glyphs.get(1).map_or(t.width, |next| next.x) - first.x;
        first.text.chars().next().map_or(0.0, |c| sides(c).0) * advance
    });
    let right = t.glyphs.last().map_or(0.0, |last| {
        let advance = t.width - last.x;
        last.text.chars().next_back().map_or(0.0, |c| sides(c).1) * advance
    });
    (left, right)
}

fn inside(inner: &Area, outer: &Area, (left, right): (f32, f32)) -> bool {
    inner.x >= outer.x - ROUNDING - left
        && inner.y >= outer.y - ROUNDING
        && inner.x + inner.w <= outer.x + outer.w + ROUNDING + right
        && inner.y + inner.h <= outer.y + outer.h + ROUNDING
}

fn overlap(a: &Area, b: &Area) -> bool {
    a.x + ROUNDING < b.x + b.w
        && b.x + ROUNDING < a.x + a.w
        && a.y + ROUNDING < b.y + b.h
        && b.y + ROUNDING < a.y + a.h
}

/// Every violation on every page; empty when the pages are clean.
pub fn check(pages: &Pages) -> Vec<Problem> {
    let paper = Area {
        x: 0.0,
        y: 0.0,
        w: pages.size.0,
        h: pages.size.1,
    };
    let mut found = Vec::new();
    for (index, page) in pages.pages.iter().enumerate() {
        check_page(index, page, &paper, &pages.text_area, &mut found);
    }
    found
}

/// Every violation found, one sentence each; empty when the pages are clean.
pub fn problems(pages: &Pages) -> Vec<String> {
    check(pages)
        .into_iter()
        .map(|p| format!("page {}: {}", p.page + 1, p.message))
        .collect()
}

/// Checks one page's items against the text area and each other, and its furniture against
/// the paper and the text area.
pub fn check_page(index: usize, page: &Page, paper: &Area, area: &Area, found: &mut Vec<Problem>) {
    for (i, item) in page.items.iter().enumerate() {
        let b = extent(item);
        // The protrusion a mark may hang by is allowed past the text area, never past the
        // paper. It is an allowance, never a demand: an item inside the area needs none, and
        // its glyphs are not read.
        let in_area = inside(&b, area, (0.0, 0.0)) || inside(&b, area, hang(item));
        if !in_area || !inside(&b, paper, (0.0, 0.0)) {
            found.push(Problem {
                page: index,
                item: Some(i),
                message: format!("outside the text area: {}", describe(item)),
            });
        }
    }
    for item in &page.furniture {
        let b = extent(item);
        if !inside(&b, paper, (0.0, 0.0)) || overlap(&b, area) {
            found.push(Problem {
                page: index,
                item: None,
                message: format!(
                    "running header or footer off its margin: {}",
                    describe(item)
                ),
            });
        }
    }
    let mut boxes: Vec<(Area, usize)> = page
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| ink_box(item).map(|b| (b, i)))
        .collect();
    boxes.sort_by(|a, b| a.0.y.total_cmp(&b.0.y));
    // Boxes whose bottom is below the current top: only these can overlap what comes next.
    let mut active: Vec<(Area, usize)> = Vec::new();
    for (b, i) in boxes {
        active.retain(|(a, _)| a.y + a.h > b.y + ROUNDING);
        for (a, j) in &active {
            let both_rules = matches!(page.items[i], Item::Rule { .. })
                && matches!(page.items[*j], Item::Rule { .. });
            if !both_rules && overlap(a, &b) {
                let (first, second) = ((*j).min(i), (*j).max(i));
                found.push(Problem {
                    page: index,
                    item: Some(second),
                    message: format!(
                        "{} overlaps {}",
                        describe(&page.items[first]),
                        describe(&page.items[second])
                    ),
                });
            }
        }
        active.push((b, i));
    }
}

fn describe(item: &Item) -> String {
    match item {
        Item::Text(t) => format!("text {:?} at {:.2},{:.2}", t.text(), t.x, t.y),
        Item::Rule { from, .. } => format!("rule at {:.2},{:.2}", from.0, from.1),
        Item::Rect { x, y, .. } | Item::Link { x, y, .. } => format!("box at {x:.2},{y:.2}"),
        Item::Path { points, .. } => format!("path from {:?}", points.first()),
    }
}

/// Whether setting lost text: the letters of `source` (spaces aside) must come out of
/// `lines` line by line, each once, with nothing added but a hyphen at the end of a line.
/// Within a line the letters may stand in another order: right-to-left runs are set in
/// visual order. Returns the first letters missing.
pub fn text_lost(source: &str, lines: &[Line]) -> Option<String> {
    let counts = |c: &char| !c.is_whitespace() && *c != '\u{ad}';
    let expected: Vec<char> = source.chars().filter(counts).collect();
    let mut at = 0;
    for line in lines {
        let set: Vec<char> = line.text().chars().filter(counts).collect();
        let whole = same_letters(&set, expected.get(at..at + set.len()));
        // Else the last letter is a hyphen the breaker added at the end of the line.
        let hyphenated = || {
            set.last().is_some_and(|&c| is_hyphen(c))
                && same_letters(&set[..set.len() - 1], expected.get(at..at + set.len() - 1))
        };
        if whole {
            at += set.len();
        } else if hyphenated() {
            at += set.len() - 1;
        } else {
            return Some(rest(expected[at.min(expected.len())..].iter().copied()));
        }
    }
    (at < expected.len()).then(|| rest(expected[at..].iter().copied()))
}

/// Whether `set` holds the letters of `expected`, in order or (reordered by bidi) not.
fn same_letters(set: &[char], expected: Option<&[char]>) -> bool {
    let Some(expected) = expected else {
        return false;
    };
    if set == expected {
        return true;
    }
    let (mut a, mut b) = (set.to_vec(), expected.to_vec());
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn rest(chars: impl Iterator<Item = char>) -> String {
    chars.take(24).collect()
}

#[cfg(test)]
mod tests {
    use super::text_lost;
    use crate::text::{shape_line, Family, FontBook, TextStyle};

    fn lines(texts: &[&str]) -> Vec<crate::text::Line> {
        let style = TextStyle {
            family: Family::Serif,
            size: 10.0,
            bold: false,
            italic: false,
        };
        texts
            .iter()
            .map(|t| shape_line(FontBook::embedded(), t, &style))
            .collect()
    }

    #[test]
    fn text_set_whole_loses_nothing() {
        assert_eq!(
            text_lost(
                "a bilateral  partnership",
                &lines(&["a bilat-", "eral partnership"])
            ),
            None
        );
        assert_eq!(
            text_lost("co-operation", &lines(&["co-", "operation"])),
            None
        );
    }

    #[test]
    fn text_dropped_or_cut_is_found() {
        assert_eq!(
            text_lost("India and Russia", &lines(&["India and"])),
            Some("Russia".into())
        );
        // A hyphen inside a line is not one the breaker added: the line is reported.
        assert_eq!(
            text_lost("India", &lines(&["Ind-ia"])),
            Some("India".into())
        );
        assert_eq!(text_lost("India", &lines(&["Inda"])), Some("India".into()));
    }

    #[test]
    fn a_right_to_left_line_in_visual_order_loses_nothing() {
        assert_eq!(text_lost("abc def", &lines(&["fed cba"])), None);
        assert_eq!(
            text_lost("abc def", &lines(&["fed", "cba"])),
            Some("abcdef".into())
        );
    }
}
