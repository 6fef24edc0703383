//! Charts: a figure drawn from a table's own data, laid out as one unbreakable piece of
//! rules, rectangles, paths and glyph runs, with a numbered caption above it and the
//! table's source line below (see docs/source-format.md, "Charts").

mod data;
mod frame;
mod labels;
mod legend;
mod marks;
mod scale;

use data::{caption_unit, ChartData};
use frame::{Frame, TICK_GAP};
use labels::{category_labels, Labeler};
use scale::Scale;

use super::collect::{numbered_caption, source_line, Collector};
use super::compose::{line_items, Breaks, LinesAt};
use super::flow::Piece;
use super::kept::KeptLine;
use super::pages::Item;
use super::set_cache::Checked;
use super::structure::Kind;
use super::style::{self, Role};
use super::text_area;
use super::WarningKind;
use crate::source::{Briefing, Chart, ChartKind, Inline, Table};
use crate::text::{FontBook, Line, Warning};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub use data::TableIndex;

/// Without a `height`, the drawing is this share of its width.
const ASPECT: f32 = 0.5;
/// The drawing never gets shorter than this to fit the page with its caption.
const MIN_DRAWING: f32 = 48.0;
/// A value axis gets a tick about every this many points of height.
const TICK_SPACING: f32 = 28.0;
/// Space between the legend and what is under it; between the plot and the category labels.
const LEGEND_GAP: f32 = 6.0;
const LABEL_GAP: f32 = 4.0;

/// What a chart is drawn from, but for its height (which depends on its caption's lines):
/// what a build's plan can know of it.
#[derive(PartialEq, Eq)]
pub struct DrawnFrom {
    data: ChartData,
    kind: ChartKind,
    y_title: Option<String>,
    /// The width, as bits.
    width: u32,
    /// For wrapping the category labels.
    language: String,
}

impl Hash for DrawnFrom {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let kind: u8 = match self.kind {
            ChartKind::Bar => 0,
            ChartKind::Line => 1,
        };
        (&self.data, kind, &self.y_title, self.width, &self.language).hash(state);
    }
}

/// All a chart's drawing is made from, exactly: a chart unchanged since the last build, or
/// drawn from equal data, is drawn once (`SetCache::chart`).
#[derive(PartialEq, Eq, Hash)]
pub struct ChartKey {
    pub from: DrawnFrom,
    /// The height, as bits.
    height: u32,
}

impl ChartKey {
    fn draw(&self, fonts: &FontBook) -> Drawing {
        let from = &self.from;
        let labeler = Labeler {
            fonts,
            language: &from.language,
        };
        let (width, height) = (f32::from_bits(from.width), f32::from_bits(self.height));
        let y_title = from.y_title.as_deref();
        draw(&labeler, &from.data, from.kind, y_title, width, height)
    }
}

/// What `chart` is drawn from in a column `width` wide, with the table it reads; `None` when
/// the table or a column is missing (validation rules that out).
pub fn drawn_from<'b>(
    briefing: &Briefing,
    tables: &TableIndex<'b>,
    chart: &Chart,
    width: f32,
) -> Option<(&'b Table, DrawnFrom)> {
    let table = tables.get(&chart.table)?;
    let data = ChartData::read(table, chart, &briefing.language)?;
    let y_title = chart.y_title.clone().or_else(|| {
        let caption = table.caption.as_ref()?.plain();
        caption_unit(&caption)
    });
    let from = DrawnFrom {
        data,
        kind: chart.kind,
        y_title,
        width: width.to_bits(),
        language: briefing.language.clone(),
    };
    Some((table, from))
}

/// A chart drawn into piece coordinates: x from the column's left edge, y from its top. Its
/// items are artifacts (the figure is read through its `alt`), so a drawing is placed as it
/// is kept.
#[derive(Debug)]
pub struct Drawing {
    items: Vec<Item>,
    height: f32,
    warnings: Vec<Warning>,
    /// A category label shortened to fit: its text.
    shortened: Option<String>,
}

impl Collector<'_> {
    /// A chart: its caption, the drawing, and its table's source line, kept on one page.
    pub fn chart(&mut self, chart: &Chart) {
        self.figures += 1;
        let briefing = self.briefing;
        let Some((table, from)) = drawn_from(briefing, self.table_index, chart, self.measure)
        else {
            // Validation makes sure the table and its columns exist.
            return;
        };
        self.compose.gap(style::FIGURE_SPACE);
        let caption = match &chart.caption {
            Some(caption) => self.figure_caption(caption),
            None => Arc::default(),
        };
        let source = match &table.source {
            Some(source) => self.source_line(source),
            None => Arc::default(),
        };
        let around = lines_height(caption.lines(), &style::CAPTION)
            + lines_height(source.lines(), &style::TABLE_SOURCE)
            + 2.0 * style::FIGURE_CAPTION_SPACE;
        let room = (text_area(briefing).h - around).max(MIN_DRAWING);
        let height = chart
            .height
            .map_or(self.measure * ASPECT, |h| h.points)
            .min(room);
        let key = ChartKey {
            from,
            height: height.to_bits(),
        };
        let fonts = self.fonts;
        let drawing = self.cache.chart(key, |key| key.draw(fonts));
        for warning in &drawing.warnings {
            let message = warning.message.clone();
            self.warn(WarningKind::Text(warning.kind), chart.at, message);
        }
        if let Some(label) = &drawing.shortened {
            let excerpt: String = label.chars().take(40).collect();
            let message = format!(
                "the category label {excerpt:?} is too long to show under the chart: it is \
                 shortened with an ellipsis (its table shows it whole)"
            );
            self.warn(WarningKind::LabelShortened, chart.at, message);
        }
        // The caption and source line are read as paragraphs around the figure, whose
        // `/Alt` stands for the whole drawing (a reader skips what is inside a figure).
        self.kept_lines(caption.lines(), &style::CAPTION, true);
        self.compose.space = style::FIGURE_CAPTION_SPACE;
        let alt = chart.alt.trim().to_string();
        let node = self.element(Kind::Figure {
            alt: Some(alt.clone()),
        });
        let mut piece = Piece::new(drawing.items.clone(), drawing.height);
        piece.figure = Some(Box::new((alt, node)));
        self.compose.push(piece);
        self.compose.space = style::FIGURE_CAPTION_SPACE;
        self.kept_lines(source.lines(), &style::TABLE_SOURCE, false);
        self.compose.gap(style::FIGURE_SPACE);
    }

    /// "Figure N." in bold, then the caption, across the column.
    fn figure_caption(&mut self, caption: &Inline) -> Arc<Checked> {
        let numbered = numbered_caption("Figure", self.figures, caption);
        let style = self.paragraph_style(&style::CAPTION, false);
        self.set(&numbered, &style, self.measure)
    }

    /// "Source:" in italic, then the table's source, across the column.
    fn source_line(&mut self, source: &Inline) -> Arc<Checked> {
        let line = source_line(source);
        let style = self.paragraph_style(&style::TABLE_SOURCE, false);
        self.set(&line, &style, self.measure)
    }

    /// Lines as pieces kept with the drawing: a caption with what follows (`before`), a
    /// source line with what precedes it.
    fn kept_lines(&mut self, lines: &[KeptLine], role: &Role, before: bool) {
        if lines.is_empty() {
            return;
        }
        let node = self.element(Kind::Paragraph);
        let breaks = if before {
            Breaks::Before
        } else {
            Breaks::Never
        };
        let at = LinesAt {
            x: 0.0,
            role,
            breaks,
        };
        self.push_lines(lines, at, node);
        if before {
            self.compose.keep_with_next(1);
        }
    }
}

fn lines_height(lines: &[KeptLine], role: &Role) -> f32 {
    lines.len() as f32 * role.leading
}

/// Lays out the legend, the axis title, the plot and the category labels in `width`, about
/// `height` tall (the plot gives way first).
fn draw(
    labeler: &Labeler,
    data: &ChartData,
    kind: ChartKind,
    y_title: Option<&str>,
    width: f32,
    height: f32,
) -> Drawing {
    let titles: Vec<&str> = data.series.iter().map(|s| s.title.as_str()).collect();
    let (mut items, legend_height) = legend::legend(labeler, &titles, kind, width);
    let mut top = legend_height + LEGEND_GAP;
    let label_role = style::CHART_LABEL;
    if let Some(title) = y_title {
        let line = labeler.line(title, &label_role);
        // Inside the figure: read through its `alt`, not one by one.
        items.extend(line_items(
            &line,
            0.0,
            top + style::baseline(&label_role),
            &label_role,
            None,
        ));
        top += label_role.leading + 2.0;
    }
    // The top tick label rises half its height above the plot.
    top += label_role.text.size * 0.5;
    let estimate = height - top - LABEL_GAP - label_role.leading;
    let target = (estimate / TICK_SPACING).round().clamp(2.0, 8.0) as usize;
    let (low, high) = data.range().unwrap_or((0.0, 0.0));
    let tick_lines = |scale: &Scale| -> Vec<(f64, Line)> {
        scale
            .ticks()
            .map(|v| {
                let label = data.tick_label(v, scale.digits);
                (v, labeler.line(&label, &label_role))
            })
            .collect()
    };
    let mut scale = Scale::nice(low, high, kind == ChartKind::Bar, target);
    let mut ticks = tick_lines(&scale);
    let left = ticks.iter().map(|(_, l)| l.width).fold(0.0, f32::max) + TICK_GAP;
    let labels = category_labels(labeler, &data.categories, left, width);
    let bottom = (height - labels.height - LABEL_GAP).max(top + MIN_DRAWING / 2.0);
    // Category labels wrapped over several lines leave less height than estimated: fewer
    // ticks, so that their labels do not overlap. (The labels only get narrower.)
    let room = ((bottom - top) / label_role.leading).floor() as usize;
    if ticks.len() > room.max(2) {
        scale = Scale::nice(
            low,
            high,
            kind == ChartKind::Bar,
            room.saturating_sub(1).max(1),
        );
        ticks = tick_lines(&scale);
    }
    let frame = Frame {
        left,
        right: width,
        top,
        bottom,
        scale,
        categories: data.categories.len(),
    };
    frame.grid(ticks, frame.axis_value(), &mut items);
    let series: Vec<&[Option<f64>]> = data.series.iter().map(|s| s.values.as_slice()).collect();
    match kind {
        ChartKind::Bar => marks::bars(&frame, &series, &mut items),
        ChartKind::Line => marks::lines(&frame, &series, &mut items),
    }
    frame.axis(labels.every, &mut items);
    let labels_top = bottom + LABEL_GAP;
    items.extend(
        labels
            .items
            .into_iter()
            .map(|i| i.translated(0.0, labels_top)),
    );
    Drawing {
        items,
        height: labels_top + labels.height,
        warnings: labels.warnings,
        shortened: labels.shortened,
    }
}
