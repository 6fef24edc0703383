//! The typographic scale: every size, leading, space and colour the layout uses, in one place.

use super::pages::Color;
use crate::text::{Family, TextStyle};

/// A text role: its face, size and the distance from one baseline to the next.
#[derive(Debug, Clone, Copy)]
pub struct Role {
    pub text: TextStyle,
    pub leading: f32,
    pub color: Color,
}

const fn role(family: Family, size: f32, bold: bool, leading: f32, color: Color) -> Role {
    Role {
        text: TextStyle {
            family,
            size,
            bold,
            italic: false,
        },
        leading,
        color,
    }
}

pub const INK: Color = Color(0.0, 0.0, 0.0);
pub const HEADING_INK: Color = Color(0.08, 0.16, 0.30);
pub const MUTED: Color = Color(0.33, 0.33, 0.33);
pub const LINK: Color = Color(0.05, 0.25, 0.55);

/// A link's clickable box around its run, in multiples of the run's size: its top this far
/// above the baseline, and this tall, so that it covers ascenders and descenders.
pub struct LinkBox {
    pub above: f32,
    pub height: f32,
}
pub const LINK_BOX: LinkBox = LinkBox {
    above: 0.85,
    height: 1.1,
};
pub const RULE: Color = Color(0.25, 0.25, 0.25);
pub const NOTE_FILL: Color = Color(0.94, 0.95, 0.97);
pub const NOTE_BAR: Color = Color(0.35, 0.45, 0.62);

pub const BODY: Role = role(Family::Serif, 10.5, false, 14.0, INK);
pub const LEDE: Role = role(Family::Serif, 12.0, false, 16.5, INK);
pub const TITLE: Role = role(Family::Sans, 20.0, true, 24.0, HEADING_INK);
pub const SUBTITLE: Role = role(Family::Sans, 12.5, false, 16.0, MUTED);
pub const BYLINE: Role = role(Family::Sans, 9.0, false, 12.0, MUTED);
pub const HEADINGS: [Role; 3] = [
    role(Family::Sans, 14.0, true, 18.0, HEADING_INK),
    role(Family::Sans, 11.5, true, 15.0, HEADING_INK),
    role(Family::Sans, 10.5, true, 14.0, HEADING_INK),
];
pub const TABLE: Role = role(Family::Serif, 9.5, false, 12.5, INK);
pub const CAPTION: Role = role(Family::Sans, 9.0, true, 12.0, INK);
pub const TABLE_SOURCE: Role = role(Family::Serif, 8.5, false, 11.0, MUTED);
pub const NOTE: Role = role(Family::Serif, 10.0, false, 13.5, INK);
pub const FURNITURE: Role = role(Family::Sans, 8.0, false, 10.0, MUTED);

/// Space above a heading of each level, and below any heading.
pub const HEADING_SPACE: [f32; 3] = [16.0, 12.0, 9.0];
pub const HEADING_AFTER: f32 = 4.0;
/// Space between paragraphs and other blocks of a section.
pub const BLOCK_SPACE: f32 = 7.0;
/// Space above and below a table: a little more than between paragraphs, as a table is
/// read as a unit.
pub const TABLE_SPACE: f32 = BLOCK_SPACE + 2.0;
/// Rules: a table's top and bottom, and those under its header row and the running header.
pub const THICK_RULE: f32 = 0.8;
pub const THIN_RULE: f32 = 0.4;
/// The rule under the title block.
pub const TITLE_RULE: f32 = 0.6;

/// Spaces in the title block: above the subtitle, the byline, the rule and the lede.
pub struct TitleSpaces {
    pub subtitle: f32,
    pub byline: f32,
    pub rule: f32,
    pub lede: f32,
}
pub const TITLE_SPACES: TitleSpaces = TitleSpaces {
    subtitle: 2.0,
    byline: 4.0,
    rule: 8.0,
    lede: 10.0,
};

/// Space between list items.
pub const ITEM_SPACE: f32 = 2.5;
/// Indent of each list level; the marker hangs in it. A list whose widest marker and gap
/// need more ("10.", "100.") is indented that much instead.
pub const LIST_INDENT: f32 = 14.0;
/// Between a marker's right edge and its item's text: numbers, and bullets.
pub const NUMBER_GAP: f32 = 4.0;
pub const BULLET_GAP: f32 = 6.0;
/// The bullet of each list level.
pub const BULLETS: [&str; 3] = ["•", "–", "◦"];
/// Gap between table columns and the padding around cells.
pub const COLUMN_GAP: f32 = 14.0;
pub const CELL_PAD: f32 = 3.0;
/// Between a table's caption and its header row, and between its last row and its source.
pub const TABLE_CAPTION_SPACE: f32 = 3.0;
/// A table at least this share of the column wide has its caption and source line set across
/// it; a narrower one across the column, so that they do not wrap into a thin strip.
pub const TABLE_WIDE_SHARE: f32 = 0.6;
/// Space above and below a chart: as around a table, which a chart is read beside.
pub const FIGURE_SPACE: f32 = BLOCK_SPACE + 2.0;
/// Between a chart's caption and its drawing, and between the drawing and its source line.
pub const FIGURE_CAPTION_SPACE: f32 = 3.0;
/// Inner padding and left bar of a note box.
pub const NOTE_PAD: f32 = 7.0;
pub const NOTE_BAR_WIDTH: f32 = 2.5;
/// Distance between the text area and the running header and footer baselines.
/// `PageSpec::FURNITURE_MARGIN` in the source keeps a margin wide enough for it.
pub const FURNITURE_GAP: f32 = 22.0;
/// The running header's rule, below its baseline.
pub const RUNNING_RULE_DROP: f32 = 4.0;
/// Least space between the running header's title and its date.
pub const RUNNING_GAP: f32 = 24.0;

/// Where the baseline sits below the top of a line box of `role`.
pub fn baseline(role: &Role) -> f32 {
    // Centre the em box in the leading, then drop to the baseline (Noto's ascent ≈ 0.8 em of
    // the 1.05 em that letters actually occupy).
    (role.leading - role.text.size) / 2.0 + role.text.size * 0.8
}

/// Chart text: tick and category labels and the axis title; the legend a little larger.
pub const CHART_LABEL: Role = role(Family::Sans, 7.5, false, 9.0, MUTED);
pub const CHART_LEGEND: Role = role(Family::Sans, 8.0, false, 11.0, INK);
/// Grid lines stay light so the data reads first; the zero line and axis are darker.
pub const GRID: Color = Color(0.85, 0.85, 0.85);
pub const AXIS: Color = Color(0.25, 0.25, 0.25);
/// Series colours, in order (see docs/source-format.md, "Charts"). The first three differ in
/// lightness (CIE L* about 26, 69 and 48), so they stay apart in greyscale print and for
/// every kind of colour blindness; the rest are Okabe–Ito hues, told apart by hue and, in
/// line charts, by marker shape.
pub const SERIES: [Color; 6] = [
    Color(0.10, 0.24, 0.45),
    Color(0.90, 0.60, 0.00),
    Color(0.45, 0.45, 0.45),
    Color(0.34, 0.71, 0.91),
    Color(0.84, 0.37, 0.00),
    Color(0.00, 0.62, 0.45),
];
