//! The running header (title and date, from page 2 on) and the footer "Page N of M".

use std::sync::Arc;

use super::compose::line_items;
use super::pages::{Area, Item};
use super::set_cache::SetCache;
use super::shorten::shortened;
use super::style;
use crate::text::{self, FontBook, Line};

/// What the running header shows, set once for every page.
pub struct Running<'a> {
    title: Line,
    date: Line,
    fonts: &'a FontBook,
}

impl<'a> Running<'a> {
    /// The header for a text area `width` wide: the title, shortened with an ellipsis to
    /// leave [`style::RUNNING_GAP`] beside the date.
    pub fn new(fonts: &'a FontBook, title: &str, date: &str, width: f32) -> Running<'a> {
        let role = style::FURNITURE;
        let date = text::shape_line(fonts, date, &role.text);
        let room = width - date.width - style::RUNNING_GAP;
        Running {
            title: shortened(fonts, title, &role.text, room),
            date,
            fonts,
        }
    }

    /// The footer of page `number` of `count`, found in `cache` when the last build set it.
    pub fn footer(&self, cache: &mut SetCache, number: usize, count: usize) -> Arc<Line> {
        cache.footer(format!("Page {number} of {count}"), |footer| {
            text::shape_line(self.fonts, footer, &style::FURNITURE.text)
        })
    }
}

/// Header and footer items for page `number` (1-based), with its `footer`.
pub fn furniture(running: &Running, area: &Area, number: usize, footer: &Line) -> Vec<Item> {
    let role = style::FURNITURE;
    let mut items = Vec::new();
    if number > 1 {
        let baseline = area.y - style::FURNITURE_GAP + role.text.size;
        let (title, date) = (&running.title, &running.date);
        if title.width + date.width <= area.w {
            items.extend(line_items(title, area.x, baseline, &role, None));
        }
        items.extend(line_items(
            date,
            area.x + area.w - date.width,
            baseline,
            &role,
            None,
        ));
        let rule_y = baseline + style::RUNNING_RULE_DROP;
        items.push(Item::Rule {
            from: (area.x, rule_y),
            to: (area.x + area.w, rule_y),
            width: style::THIN_RULE,
            color: style::RULE,
        });
    }
    let baseline = area.y + area.h + style::FURNITURE_GAP;
    let x = area.x + (area.w - footer.width) / 2.0;
    items.extend(line_items(footer, x, baseline, &role, None));
    items
}
