//! The marks of a chart: bars, lines and their markers, the series' colours.

use super::frame::Frame;
use crate::layout::pages::{Color, Item};
use crate::layout::style;

/// Line width of a series' line.
pub const LINE_WIDTH: f32 = 1.6;
/// The widest a marker gets.
const MARKER_SIZE: f32 = 5.0;
/// The widest a bar gets: a few categories make slabs otherwise.
const MAX_BAR: f32 = 40.0;

/// The colour of the `k`th series.
pub fn color(k: usize) -> Color {
    style::SERIES[k % style::SERIES.len()]
}

/// Bars grouped by category, one per series, from zero to each value: values below zero
/// hang under the zero line.
pub fn bars(frame: &Frame, series: &[&[Option<f64>]], items: &mut Vec<Item>) {
    let count = frame.categories;
    let band = frame.band();
    let share = if series.len() == 1 { 0.6 } else { 0.72 };
    let bar = (band * share / series.len().max(1) as f32).min(MAX_BAR);
    let group = bar * series.len() as f32;
    // A hairline between bars of a group keeps neighbours of like lightness apart.
    let gap = (bar * 0.12).min(1.0);
    let zero = frame.y(0.0);
    for i in 0..count {
        let start = frame.centre(i) - group / 2.0;
        for (k, values) in series.iter().enumerate() {
            let Some(value) = values.get(i).copied().flatten() else {
                continue;
            };
            let top = frame.y(value);
            items.push(Item::Rect {
                x: start + k as f32 * bar + gap / 2.0,
                y: top.min(zero),
                w: bar - gap,
                h: (top - zero).abs(),
                fill: Some(color(k)),
                stroke: None,
            });
        }
    }
}

/// One line a series through the centres of the categories, broken where a figure is
/// missing, with a marker at each figure.
pub fn lines(frame: &Frame, series: &[&[Option<f64>]], items: &mut Vec<Item>) {
    let size = marker_size(frame.band());
    for (k, values) in series.iter().enumerate() {
        let points: Vec<Option<(f32, f32)>> = values
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| (frame.centre(i), frame.y(v))))
            .collect();
        for stretch in points.split(Option::is_none) {
            if stretch.len() >= 2 {
                items.push(Item::Path {
                    points: stretch.iter().flatten().copied().collect(),
                    closed: false,
                    fill: None,
                    stroke: Some((color(k), LINE_WIDTH)),
                });
            }
        }
        if let Some(size) = size {
            items.extend(points.iter().flatten().map(|&(x, y)| marker(k, x, y, size)));
        }
    }
}

/// Markers as large as the categories leave room for, or none when they would crowd.
fn marker_size(band: f32) -> Option<f32> {
    let size = MARKER_SIZE.min(band * 0.7);
    (size >= 2.0).then_some(size)
}

/// The `k`th series' marker, centred on (x, y): a shape of its own per series (circle,
/// square, diamond, triangles), so series differ without colour, outlined in white so it
/// stands off the line.
pub fn marker(k: usize, x: f32, y: f32, size: f32) -> Item {
    let r = size / 2.0;
    let corners: Vec<(f32, f32)> = match k % 5 {
        0 => (0..12)
            .map(|i| {
                let angle = i as f32 * std::f32::consts::PI / 6.0;
                (r * angle.cos(), r * angle.sin())
            })
            .collect(),
        1 => vec![(-r, -r), (r, -r), (r, r), (-r, r)]
            .into_iter()
            .map(|(dx, dy)| (dx * 0.85, dy * 0.85))
            .collect(),
        2 => vec![
            (0.0, -r * 1.2),
            (r * 1.2, 0.0),
            (0.0, r * 1.2),
            (-r * 1.2, 0.0),
        ],
        3 => vec![(0.0, -r * 1.1), (r * 1.1, r * 0.8), (-r * 1.1, r * 0.8)],
        _ => vec![(0.0, r * 1.1), (r * 1.1, -r * 0.8), (-r * 1.1, -r * 0.8)],
    };
    Item::Path {
        points: corners
            .into_iter()
            .map(|(dx, dy)| (x + dx, y + dy))
            .collect(),
        closed: true,
        fill: Some(color(k)),
        stroke: Some((Color(1.0, 1.0, 1.0), 0.6)),
    }
}
