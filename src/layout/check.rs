//! Checks a display list against the rules of good setting that can be measured: nothing
//! outside the text area, nothing overlapping. Tests run it over every fixture.
//!
//! The one thing allowed past the text area's sides is optical margin alignment: a line's
//! first glyph may hang out to the left and its last to the right by exactly the protrusion
//! the text stage gives its character ([`text::protrusion`]) times its advance, no more.

use super::pages::{Area, Item, Pages};
use crate::text;

/// Slack for rounding, in points.
const EPSILON: f32 = 0.01;

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

/// The box a drawing covers (bars, note bands, chart lines), which must stay on the text
/// area though it may lie under text.
fn drawn_box(item: &Item) -> Option<Area> {
    match item {
        Item::Rect { x, y, w, h, .. } => Some(Area {
            x: *x,
            y: *y,
            w: *w,
            h: *h,
        }),
        Item::Path { points, .. } => {
            let (mut x0, mut y0) = (f32::INFINITY, f32::INFINITY);
            let (mut x1, mut y1) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
            for &(x, y) in points {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            (x0 <= x1).then_some(Area {
                x: x0,
                y: y0,
                w: x1 - x0,
                h: y1 - y0,
            })
        }
        _ => None,
    }
}

/// How far `item` may reach past the left and the right edge of the text area: the protrusion
/// of its first and last glyph.
fn hang(item: &Item) -> (f32, f32) {
    let Item::Text(t) = item else {
        return (0.0, 0.0);
    };
    let left = t.glyphs.first().map_or(0.0, |first| {
        let advance = t.glyphs.get(1).map_or(t.width, |next| next.x) - first.x;
        first
            .text
            .chars()
            .next()
            .map_or(0.0, |c| text::protrusion(c).0)
            * advance
    });
    let right = t.glyphs.last().map_or(0.0, |last| {
        let advance = t.width - last.x;
        last.text
            .chars()
            .next_back()
            .map_or(0.0, |c| text::protrusion(c).1)
            * advance
    });
    (left, right)
}

fn inside(inner: &Area, outer: &Area, (left, right): (f32, f32)) -> bool {
    inner.x >= outer.x - left - EPSILON
        && inner.y >= outer.y - EPSILON
        && inner.x + inner.w <= outer.x + outer.w + right + EPSILON
        && inner.y + inner.h <= outer.y + outer.h + EPSILON
}

fn overlap(a: &Area, b: &Area) -> bool {
    a.x + EPSILON < b.x + b.w
        && b.x + EPSILON < a.x + a.w
        && a.y + EPSILON < b.y + b.h
        && b.y + EPSILON < a.y + a.h
}

/// Every violation found, one sentence each; empty when the pages are clean.
pub fn problems(pages: &Pages) -> Vec<String> {
    let mut found = Vec::new();
    for (number, page) in pages.pages.iter().enumerate().map(|(i, p)| (i + 1, p)) {
        let boxes: Vec<(Area, &Item)> = page
            .items
            .iter()
            .filter_map(|item| ink_box(item).map(|b| (b, item)))
            .collect();
        let drawn = page
            .items
            .iter()
            .filter_map(|item| drawn_box(item).map(|b| (b, item)));
        for (b, item) in boxes.iter().cloned().chain(drawn) {
            if !inside(&b, &pages.text_area, hang(item)) {
                found.push(format!(
                    "page {number}: outside the text area: {}",
                    describe(item)
                ));
            }
        }
        for (i, (a, first)) in boxes.iter().enumerate() {
            for (b, second) in &boxes[i + 1..] {
                let both_rules =
                    matches!(first, Item::Rule { .. }) && matches!(second, Item::Rule { .. });
                if !both_rules && overlap(a, b) {
                    found.push(format!(
                        "page {number}: {} overlaps {}",
                        describe(first),
                        describe(second)
                    ));
                }
            }
        }
    }
    found
}

fn describe(item: &Item) -> String {
    match item {
        Item::Text(t) => format!("text {:?} at {:.2},{:.2}", t.text(), t.x, t.y),
        Item::Rule { from, .. } => format!("rule at {:.2},{:.2}", from.0, from.1),
        Item::Rect { x, y, .. } | Item::Link { x, y, .. } => format!("box at {x:.2},{y:.2}"),
        Item::Path { points, .. } => format!("path from {:?}", points.first()),
    }
}
