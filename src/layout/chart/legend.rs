//! The legend: a swatch and the column title of each series, in rows across the width.

use super::labels::Labeler;
use super::marks::{self, LINE_WIDTH};
use crate::layout::compose::line_items;
use crate::layout::pages::Item;
use crate::layout::style;
use crate::source::ChartKind;

/// Space between a swatch and its title, and between entries.
const SWATCH_GAP: f32 = 4.0;
const ENTRY_GAP: f32 = 14.0;

/// The legend's items from the top of the drawing, and its height.
pub fn legend(labeler: &Labeler, titles: &[&str], kind: ChartKind, width: f32) -> (Vec<Item>, f32) {
    let role = style::CHART_LEGEND;
    let swatch = match kind {
        ChartKind::Bar => 8.0,
        ChartKind::Line => 16.0,
    };
    let mut items = Vec::new();
    let (mut x, mut row_top, mut row_height) = (0.0f32, 0.0f32, 0.0f32);
    for (k, title) in titles.iter().enumerate() {
        let measure = (width - swatch - SWATCH_GAP).max(1.0);
        let lines = labeler.wrap(title, &role, measure).lines;
        let text_width = lines.iter().map(|l| l.width).fold(0.0, f32::max);
        let entry = swatch + SWATCH_GAP + text_width;
        if x > 0.0 && x + entry > width {
            (x, row_top, row_height) = (0.0, row_top + row_height, 0.0);
        }
        let middle = row_top + role.leading / 2.0;
        items.push(match kind {
            ChartKind::Bar => Item::Rect {
                x,
                y: middle - swatch / 2.0,
                w: swatch,
                h: swatch,
                fill: Some(marks::color(k)),
                stroke: None,
            },
            ChartKind::Line => Item::Path {
                points: vec![(x, middle), (x + swatch, middle)],
                closed: false,
                fill: None,
                stroke: Some((marks::color(k), LINE_WIDTH)),
            },
        });
        if kind == ChartKind::Line {
            items.push(marks::marker(k, x + swatch / 2.0, middle, 5.0));
        }
        row_height = row_height.max(lines.len() as f32 * role.leading);
        for (j, line) in lines.into_iter().enumerate() {
            let baseline = row_top + style::baseline(&role) + j as f32 * role.leading;
            items.extend(line_items(
                &line,
                x + swatch + SWATCH_GAP,
                baseline,
                &role,
                None,
            ));
        }
        x += entry + ENTRY_GAP;
    }
    (items, row_top + row_height)
}
