//! The serde model of the source format: the contract editors write against.
//!
//! Key names here are a public interface (see `docs/source-format.md`): extend, never rename.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::inline::Inline;
use super::standards::PdfStandards;

/// A place in the source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A whole briefing: one YAML file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    /// The file name diagnostics and warnings name (set by `load`).
    #[serde(skip)]
    pub file: String,
    /// The document title; required and non-empty.
    #[schemars(extend("pattern" = r"\S"))]
    pub title: Inline,
    /// A line under the title; also the PDF's subject.
    #[serde(default)]
    pub subtitle: Option<Inline>,
    /// The date the briefing speaks for (YYYY-MM-DD); also the PDF's dates.
    #[serde(deserialize_with = "deserialize_date")]
    pub date: NaiveDate,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// BCP 47 language tag: hyphenation and the PDF's /Lang.
    #[serde(default = "default_language")]
    pub language: String,
    /// Where `language:` stands in the file, when it is written (set by `load`).
    #[serde(skip)]
    pub language_at: Option<Position>,
    /// Set a hyphen between digits as an en dash ("2024-25" → "2024–25"), in text and table
    /// cells.
    #[serde(default)]
    pub en_dash_ranges: bool,
    /// Hyphenate capitalized words too (for languages that capitalize nouns, e.g. German).
    /// Off by default: names such as "India" stay whole. All-capital acronyms never break.
    #[serde(default)]
    pub hyphenate_capitalized: bool,
    /// Body text justified (the default) or, with `false`, set ragged-right.
    #[serde(default = "default_justify")]
    pub justify: bool,
    #[serde(default)]
    pub page: PageSpec,
    /// Standards the PDF is written to: `ua-1`, `a-2b`, `a-2a`, comma-separated (as
    /// `--pdf-standard`, which adds to them).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub pdf_standard: Option<PdfStandards>,
    /// The opening paragraph, set larger.
    #[serde(default)]
    pub lede: Option<Inline>,
    /// At least one.
    #[schemars(length(min = 1))]
    pub sections: Vec<Section>,
}

fn default_justify() -> bool {
    true
}

fn default_language() -> String {
    "en".to_string()
}

/// Parses the date inside the scalar's own deserialization, so that serde_yaml reports a bad
/// date at the value rather than at the enclosing mapping.
fn deserialize_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    struct DateVisitor;
    impl Visitor<'_> for DateVisitor {
        type Value = NaiveDate;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date as YYYY-MM-DD")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                E::custom(format!(
                    "`{text}` is not a date: expected YYYY-MM-DD, such as 2025-12-05"
                ))
            })
        }
    }
    deserializer.deserialize_str(DateVisitor)
}

/// Page geometry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    #[serde(default)]
    pub size: PageSize,
    #[serde(default)]
    pub margins: Margins,
}

impl PageSpec {
    /// The box the body text keeps inside: left, top, width and height in points (from the
    /// page's top-left corner). A top or bottom margin narrower than
    /// [`PageSpec::FURNITURE_MARGIN`] is taken as that, so the running header and footer
    /// always sit on the paper; a left or right margin narrower than
    /// [`PageSpec::HANG_MARGIN`] likewise, so the punctuation that hangs past the text's edge
    /// does too (docs/source-format.md, `page`).
    pub fn text_area(&self) -> [f32; 4] {
        let (width, height) = self.size.points();
        let [top, right, bottom, left] = self.margins.sides();
        let top = top.max(Self::FURNITURE_MARGIN);
        let bottom = bottom.max(Self::FURNITURE_MARGIN);
        let right = right.max(Self::HANG_MARGIN);
        let left = left.max(Self::HANG_MARGIN);
        [left, top, width - left - right, height - top - bottom]
    }

    /// The least top and bottom margin: room for the running header (or footer) between the
    /// paper's edge and the text, 22 pt from the text with 8 pt letters, and about 5 mm of
    /// paper beyond it that printers may not reach.
    pub const FURNITURE_MARGIN: f32 = 14.0 * 72.0 / 25.4;
    /// The least left and right margin: room for hanging punctuation (optical margin
    /// alignment), which reaches at most 0.6 of a comma's or hyphen's advance, or half a
    /// quote's, past the text's edge: under 4.5 pt at the largest size set (the 20 pt title).
    pub const HANG_MARGIN: f32 = 2.0 * 72.0 / 25.4;
    /// The narrowest text area accepted: about 25 characters of body text a line, so that
    /// words and table columns have room to be set without cutting most of them.
    pub const MIN_TEXT_WIDTH: f32 = 40.0 * 72.0 / 25.4;
    /// The shortest text area accepted: a dozen lines of body text, so a heading kept with
    /// two lines, or a caption with its header row and first row, always fits on one page.
    pub const MIN_TEXT_HEIGHT: f32 = 60.0 * 72.0 / 25.4;
    /// Why the page cannot hold text, when it cannot: a page larger than PDF allows, or
    /// margins that leave less than [`PageSpec::MIN_TEXT_WIDTH`] by
    /// [`PageSpec::MIN_TEXT_HEIGHT`]. The message gives the page and margin sizes.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        let mm = |points: f32| Length { points }.in_mm();
        let (paper_width, paper_height) = self.size.points();
        if paper_width.max(paper_height) > Self::MAX_SIDE {
            let message = format!(
                "a page of {} × {} is larger than PDF allows (at most {} a side)",
                mm(paper_width),
                mm(paper_height),
                mm(Self::MAX_SIDE)
            );
            return Some(("size", message));
        }
        let [_, _, width, height] = self.text_area();
        if width >= Self::MIN_TEXT_WIDTH && height >= Self::MIN_TEXT_HEIGHT {
            return None;
        }
        let [top, right, bottom, left] = self.margins.sides().map(mm);
        let area = if width > 0.0 && height > 0.0 {
            format!("a text area of {} × {}", mm(width), mm(height))
        } else {
            "no text area at all".to_string()
        };
        let message = format!(
            "the margins (top {top}, right {right}, bottom {bottom}, left {left}) leave {area} \
             on a {} × {} page ({}); the text needs at least {} × {}",
            mm(paper_width),
            mm(paper_height),
            self.size.name(),
            mm(Self::MIN_TEXT_WIDTH),
            mm(Self::MIN_TEXT_HEIGHT),
        );
        Some(("margins", message))
    }

    /// The largest side of a page: 200 inches, the most PDF viewers accept (PDF 1.7, C.2).
    pub const MAX_SIDE: f32 = 200.0 * 72.0;
}

/// A paper size: a name or `{width, height}`.
#[derive(Debug, Clone, Copy, PartialEq, Default, JsonSchema)]
#[schemars(with = "PageSizeForm")]
pub enum PageSize {
    #[default]
    A4,
    Letter,
    A5,
    Custom {
        width: Length,
        height: Length,
    },
}

/// How the source writes a page size: the schema's view of [`PageSize`], and its serde form.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(deny_unknown_fields)]
enum PageSizeForm {
    Named(PaperName),
    Custom { width: Length, height: Length },
}

#[derive(Serialize, Deserialize, JsonSchema)]
enum PaperName {
    A4,
    Letter,
    A5,
}

impl Serialize for PageSize {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let form = match *self {
            PageSize::A4 => PageSizeForm::Named(PaperName::A4),
            PageSize::Letter => PageSizeForm::Named(PaperName::Letter),
            PageSize::A5 => PageSizeForm::Named(PaperName::A5),
            PageSize::Custom { width, height } => PageSizeForm::Custom { width, height },
        };
        form.serialize(serializer)
    }
}

/// The two sides of a custom page size.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageSides {
    width: Length,
    height: Length,
}

impl<'de> Deserialize<'de> for PageSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SizeVisitor;
        impl<'de> Visitor<'de> for SizeVisitor {
            type Value = PageSize;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a page size: A4, Letter, A5 or `{width, height}`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<PageSize, E> {
                match text {
                    "A4" => Ok(PageSize::A4),
                    "Letter" => Ok(PageSize::Letter),
                    "A5" => Ok(PageSize::A5),
                    other => Err(E::custom(format!(
                        "unknown page size `{other}`: the known sizes are {}, or write \
                         `{{width: 170mm, height: 240mm}}`",
                        PageSize::NAMES.join(", ")
                    ))),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PageSize, A::Error> {
                let sides = PageSides::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(PageSize::Custom {
                    width: sides.width,
                    height: sides.height,
                })
            }
        }
        deserializer.deserialize_any(SizeVisitor)
    }
}

impl PageSize {
    /// The sizes known by name, as the source writes them.
    pub const NAMES: [&'static str; 3] = ["A4", "Letter", "A5"];

    /// Width and height in PostScript points.
    pub fn points(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (595.28, 841.89),
            PageSize::Letter => (612.0, 792.0),
            PageSize::A5 => (419.53, 595.28),
            PageSize::Custom { width, height } => (width.points, height.points),
        }
    }

    /// The size as the source names it: "A5", or "custom size".
    pub fn name(self) -> String {
        match self {
            PageSize::A4 => "A4".into(),
            PageSize::Letter => "Letter".into(),
            PageSize::A5 => "A5".into(),
            PageSize::Custom { .. } => "custom size".into(),
        }
    }
}

/// A length such as `20mm`, `2cm`, `1in` or `36pt`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(into = "String")]
pub struct Length {
    /// PostScript points.
    pub points: f32,
}

impl JsonSchema for Length {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Length".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // What `Length::try_from` accepts: a number of zero or more and a unit.
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^\s*\+?([0-9]+\.?[0-9]*|\.[0-9]+)\s*(mm|cm|in|pt)\s*$",
            "description": "A length with its unit: mm, cm, in or pt, such as `20mm`."
        })
    }
}

impl TryFrom<String> for Length {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        let text = text.trim();
        let split = text
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| format!("`{text}` has no unit: write mm, cm, in or pt"))?;
        let (number, unit) = text.split_at(split);
        let value: f32 = number
            .trim()
            .parse()
            .map_err(|_| format!("`{text}` is not a length such as `20mm`"))?;
        let scale = match unit {
            "mm" => 72.0 / 25.4,
            "cm" => 72.0 / 2.54,
            "in" => 72.0,
            "pt" => 1.0,
            other => return Err(format!("unknown unit `{other}`: expected mm, cm, in or pt")),
        };
        if !value.is_finite() || value < 0.0 {
            return Err(format!("`{text}` must be a length of zero or more"));
        }
        Ok(Length {
            points: value * scale,
        })
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LengthVisitor;
        impl Visitor<'_> for LengthVisitor {
            type Value = Length;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a length such as `20mm`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Length, E> {
                Length::try_from(text.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(LengthVisitor)
    }
}

impl Length {
    /// The length in millimetres, as people read it: "20 mm".
    pub fn in_mm(self) -> String {
        format!("{:.0} mm", self.points * 25.4 / 72.0)
    }
}

impl From<Length> for String {
    fn from(length: Length) -> String {
        format!("{}pt", length.points)
    }
}

/// One length for all four margins, or each side on its own.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(deny_unknown_fields)]
pub enum Margins {
    All(Length),
    Sides {
        top: Length,
        right: Length,
        bottom: Length,
        left: Length,
    },
}

/// The four sides, as written in the `{top, right, bottom, left}` form.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MarginSides {
    top: Length,
    right: Length,
    bottom: Length,
    left: Length,
}

impl<'de> Deserialize<'de> for Margins {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MarginsVisitor;
        impl<'de> Visitor<'de> for MarginsVisitor {
            type Value = Margins;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a length such as `20mm`, or `{top, right, bottom, left}`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Margins, E> {
                Length::try_from(text.to_string())
                    .map(Margins::All)
                    .map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Margins, A::Error> {
                let sides = MarginSides::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Margins::Sides {
                    top: sides.top,
                    right: sides.right,
                    bottom: sides.bottom,
                    left: sides.left,
                })
            }
        }
        deserializer.deserialize_any(MarginsVisitor)
    }
}

impl Default for Margins {
    fn default() -> Self {
        Margins::All(Length {
            points: 20.0 * 72.0 / 25.4,
        })
    }
}

impl Margins {
    /// Top, right, bottom, left in points.
    pub fn sides(&self) -> [f32; 4] {
        match *self {
            Margins::All(l) => [l.points; 4],
            Margins::Sides {
                top,
                right,
                bottom,
                left,
            } => [top.points, right.points, bottom.points, left.points],
        }
    }
}

/// A heading and what stands under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub heading: Inline,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// One block of a section. A plain string is a paragraph.
// `Deserialize` is written by hand (in `deserialize.rs`): it dispatches on the key, so a mistake
// gets a precise message instead of serde's "did not match any variant".
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(deny_unknown_fields)]
pub enum Block {
    Paragraph(Inline),
    Section(Section),
    Bullets { bullets: Vec<ListItem> },
    Numbered { numbered: Vec<ListItem> },
    Table { table: Table },
    Note { note: Inline },
    Chart { chart: Chart },
}

/// A list item: a string, or text with a nested list.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(deny_unknown_fields)]
pub enum ListItem {
    Plain(Inline),
    Nested {
        text: Inline,
        #[serde(default)]
        bullets: Vec<ListItem>,
        #[serde(default)]
        numbered: Vec<ListItem>,
    },
}

impl ListItem {
    pub fn text(&self) -> &Inline {
        match self {
            ListItem::Plain(text) | ListItem::Nested { text, .. } => text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Lets a chart refer to this table.
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub caption: Option<Inline>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The source line set under the table.
    #[serde(default)]
    pub source: Option<Inline>,
    /// Where each column's entry stands in the file (filled in by `load`).
    #[serde(skip)]
    pub columns_at: Vec<Position>,
    /// Where each cell stands in the file, row by row (filled in by `load`).
    #[serde(skip)]
    pub cells_at: Vec<Vec<Position>>,
    /// Where the table's mapping starts in the file (set by `load`).
    #[serde(skip)]
    pub at: Option<Position>,
}

/// A column: a plain string is a left-aligned text column.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(deny_unknown_fields)]
pub enum Column {
    Title(String),
    Spec {
        title: String,
        #[serde(default)]
        align: Align,
        /// Digits after the decimal point for numbers, 0..=6.
        #[serde(default)]
        #[schemars(range(max = 6))]
        decimals: Option<u8>,
        /// Group the digits of numbers in thousands, with the separators of the briefing's
        /// `language` (`12,345,678.9` in English, `12 345 678,9` in French).
        #[serde(default)]
        grouping: bool,
        /// How wide the column is: `auto` (as wide as its content needs, the default), a
        /// length (`30mm`), a share of the text width (`25%`) or of what is left (`2fr`).
        #[serde(default)]
        width: TrackSize,
    },
}

impl Column {
    pub fn title(&self) -> &str {
        match self {
            Column::Title(title) | Column::Spec { title, .. } => title,
        }
    }
    pub fn align(&self) -> Align {
        match self {
            Column::Title(_) => Align::Left,
            Column::Spec { align, .. } => *align,
        }
    }
    pub fn decimals(&self) -> Option<u8> {
        match self {
            Column::Title(_) => None,
            Column::Spec { decimals, .. } => *decimals,
        }
    }
    pub fn grouping(&self) -> bool {
        match self {
            Column::Title(_) => false,
            Column::Spec { grouping, .. } => *grouping,
        }
    }
    pub fn width(&self) -> TrackSize {
        match self {
            Column::Title(_) => TrackSize::Auto,
            Column::Spec { width, .. } => *width,
        }
    }
}

/// A column's width, as Typst's track sizes: `auto`, a length, a percentage of the text
/// width, or a fraction of the width the other columns leave.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, JsonSchema)]
#[serde(into = "String")]
#[schemars(with = "String")]
pub enum TrackSize {
    #[default]
    Auto,
    Length(Length),
    /// Percent of the text width, 0..=100.
    Percent(f32),
    /// Shares of the width left once the other columns are sized; more than zero.
    Fraction(f32),
}

impl TryFrom<&str> for TrackSize {
    type Error = String;
    fn try_from(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let number = |digits: &str| -> Result<f32, String> {
            digits
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("`{text}` is not a column width"))
        };
        if text == "auto" {
            Ok(TrackSize::Auto)
        } else if let Some(percent) = text.strip_suffix('%') {
            let value = number(percent)?;
            if !(0.0..=100.0).contains(&value) {
                return Err(format!("`{text}` must be a percentage from 0% to 100%"));
            }
            Ok(TrackSize::Percent(value))
        } else if let Some(fraction) = text.strip_suffix("fr") {
            let value = number(fraction)?;
            if value <= 0.0 || value > 1000.0 {
                return Err(format!(
                    "`{text}` must be a fraction above 0fr, such as `1fr`"
                ));
            }
            Ok(TrackSize::Fraction(value))
        } else {
            Length::try_from(text.to_string())
                .map(TrackSize::Length)
                .map_err(|_| {
                    format!("`{text}` is not a column width: write `auto`, `30mm`, `25%` or `2fr`")
                })
        }
    }
}

impl From<TrackSize> for String {
    fn from(size: TrackSize) -> String {
        match size {
            TrackSize::Auto => "auto".into(),
            TrackSize::Length(length) => length.into(),
            TrackSize::Percent(value) => format!("{value}%"),
            TrackSize::Fraction(value) => format!("{value}fr"),
        }
    }
}

impl<'de> Deserialize<'de> for TrackSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TrackVisitor;
        impl Visitor<'_> for TrackVisitor {
            type Value = TrackSize;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a column width: `auto`, `30mm`, `25%` or `2fr`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TrackSize, E> {
                TrackSize::try_from(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TrackVisitor)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A table cell: text, a number or empty.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    pub kind: ChartKind,
    /// The `id` of the table the chart draws.
    pub table: String,
    /// The column along the x axis.
    pub x: String,
    /// The columns drawn as series; each must hold numbers (or nothing).
    pub series: Vec<String>,
    /// Set above the chart as "Figure N." and this text.
    #[serde(default)]
    pub caption: Option<Inline>,
    /// Where the chart's mapping starts in the file (set by `load`).
    #[serde(skip)]
    pub at: Option<Position>,
    /// What the chart shows, in words, for readers who cannot see it: required, non-empty.
    #[schemars(length(min = 1))]
    pub alt: String,
    /// The title of the value axis; by default the unit in the table's caption.
    #[serde(default)]
    pub y_title: Option<String>,
    /// The height of the drawing, from the legend to the category labels; by default a
    /// share of the width.
    #[serde(default)]
    pub height: Option<Length>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    Bar,
    Line,
}
