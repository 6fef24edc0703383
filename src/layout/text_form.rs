//! A plain, stable text form of the display list, for snapshot tests and debugging.
//! Coordinates are rounded to 0.01 pt.

use std::fmt::Write;

use super::pages::{Color, Item, Pages};

impl Pages {
    /// Every page and item, one item a line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let a = &self.text_area;
        let _ = writeln!(
            out,
            "size {:.2}x{:.2} area {:.2},{:.2} {:.2}x{:.2}",
            self.size.0, self.size.1, a.x, a.y, a.w, a.h
        );
        for entry in &self.outline {
            let indent = "  ".repeat(entry.level as usize);
            let _ = writeln!(
                out,
                "outline{indent}{} (p{} y={:.2})",
                entry.title,
                entry.page + 1,
                entry.y
            );
        }
        for (i, page) in self.pages.iter().enumerate() {
            let _ = writeln!(out, "page {}", i + 1);
            for item in &page.items {
                let _ = writeln!(out, "  {}", item_text(item));
            }
            for item in &page.furniture {
                let _ = writeln!(out, "  furniture {}", item_text(item));
            }
            for figure in &page.figures {
                let (start, end) = (figure.items.start, figure.items.end);
                let _ = writeln!(out, "  figure items {start}..{end} alt {:?}", figure.alt);
            }
        }
        out
    }
}

fn hex(c: Color) -> String {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", byte(c.0), byte(c.1), byte(c.2))
}

fn item_text(item: &Item) -> String {
    match item {
        Item::Text(t) => {
            // Only an expanded line says its scale, so the rest read as they always have.
            let scale = if t.scale == 1.0 {
                String::new()
            } else {
                format!(" tz={:.2}", t.scale * 100.0)
            };
            format!(
                "text {:.2},{:.2} F{} {:.2} {} w={:.2}{scale} {:?}",
                t.x,
                t.y,
                t.font.0,
                t.size,
                hex(t.color),
                t.width,
                t.text()
            )
        }
        Item::Rule {
            from,
            to,
            width,
            color,
        } => format!(
            "rule {:.2},{:.2} -> {:.2},{:.2} w={:.2} {}",
            from.0,
            from.1,
            to.0,
            to.1,
            width,
            hex(*color)
        ),
        Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => format!(
            "rect {:.2},{:.2} {:.2}x{:.2} fill={} stroke={}",
            x,
            y,
            w,
            h,
            fill.map_or("none".into(), hex),
            stroke.map_or("none".into(), |(c, w)| format!("{}/{:.2}", hex(c), w))
        ),
        Item::Path {
            points,
            closed,
            fill,
            stroke,
        } => {
            let mut text = format!(
                "path{} fill={} stroke={}",
                if *closed { " closed" } else { "" },
                fill.map_or("none".into(), hex),
                stroke.map_or("none".into(), |(c, w)| format!("{}/{:.2}", hex(c), w))
            );
            for (x, y) in points {
                let _ = write!(text, " {x:.2},{y:.2}");
            }
            text
        }
        Item::Link {
            x, y, w, h, url, ..
        } => {
            format!("link {:.2},{:.2} {:.2}x{:.2} {}", x, y, w, h, url)
        }
    }
}
