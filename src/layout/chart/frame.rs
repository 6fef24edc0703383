//! The plot's frame: where values and categories fall, the grid, the axes and the ticks.

use super::scale::Scale;
use crate::layout::compose::line_items;
use crate::layout::pages::Item;
use crate::layout::style;
use crate::text::Line;

/// The plot area and the scales that map data onto it.
pub struct Frame {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    pub scale: Scale,
    /// How many categories share the width.
    pub categories: usize,
}

/// Gap between a tick label and the plot.
pub const TICK_GAP: f32 = 5.0;

impl Frame {
    /// The y of `value`.
    pub fn y(&self, value: f64) -> f32 {
        self.bottom - self.scale.fraction(value) * (self.bottom - self.top)
    }

    /// The width of one category's band.
    pub fn band(&self) -> f32 {
        (self.right - self.left) / self.categories.max(1) as f32
    }

    /// The middle of the `i`th category's band.
    pub fn centre(&self, i: usize) -> f32 {
        self.left + (i as f32 + 0.5) * self.band()
    }

    /// Whether zero lies inside the value range (the line bars grow from).
    fn zero_inside(&self) -> bool {
        self.scale.low() <= 0.0 && self.scale.high() >= 0.0
    }

    /// Light grid lines at every tick but the one the axis line takes, and the tick labels
    /// right-aligned left of the plot, centred on their lines.
    pub fn grid(&self, ticks: Vec<(f64, Line)>, axis_at: f64, items: &mut Vec<Item>) {
        let role = style::CHART_LABEL;
        for (value, label) in ticks {
            let y = self.y(value);
            if value != axis_at {
                items.push(Item::Rule {
                    from: (self.left, y),
                    to: (self.right, y),
                    width: 0.5,
                    color: style::GRID,
                });
            }
            // Figures stand about 0.71 em tall: half of that below the line centres them.
            let baseline = y + 0.36 * role.text.size;
            let x = self.left - TICK_GAP - label.width;
            items.extend(line_items(&label, x, baseline, &role, None));
        }
    }

    /// The value the axis line stands at: zero when the range holds it, else the lowest
    /// tick.
    pub fn axis_value(&self) -> f64 {
        if self.zero_inside() {
            0.0
        } else {
            self.scale.low()
        }
    }

    /// The axis line, drawn over the marks, and small ticks under the labelled categories
    /// when labels are thinned.
    pub fn axis(&self, every: usize, items: &mut Vec<Item>) {
        let y = self.y(self.axis_value());
        items.push(Item::Rule {
            from: (self.left, y),
            to: (self.right, y),
            width: 0.75,
            color: style::AXIS,
        });
        if every > 1 {
            for i in (0..self.categories).step_by(every) {
                let x = self.centre(i);
                items.push(Item::Rule {
                    from: (x, self.bottom),
                    to: (x, self.bottom + 3.0),
                    width: 0.5,
                    color: style::AXIS,
                });
            }
        }
    }
}
