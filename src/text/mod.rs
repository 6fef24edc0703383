//! Stage 2: text. Fonts, shaping, line breaking: styled runs in, set lines out.
//!
//! The types below are the seam the layout builds on; the work is done in:
//! - [`shape`]: rustybuzz shaping with per-cluster font fallback, cached;
//! - [`bidi`]: bidirectional levels (UAX #9) and the visual order of a set line;
//! - [`breaks`]: words, spaces and their Unicode break opportunities;
//! - [`hyphenate`]: hyphenation points by language (hypher);
//! - [`linebreak`]: Knuth–Plass optimal breaking of boxes, glue and penalties;
//! - [`paragraph`]: runs to items, the breaking passes, and setting each line.

use rustybuzz::ttf_parser;

mod bidi;
mod breaks;
mod coverage;
mod font_dir;
mod font_info;
pub mod fonts;
mod hyphenate;
mod linebreak;
mod min_content;
mod paragraph;
mod shape;

pub use font_dir::{is_font_file, FontDirs, FontError, MAX_FONT_BYTES, MAX_FONT_FILES};
pub use font_info::{Coverage, FaceInfo};
pub use fonts::{Face, Family, FontBook, FontId, FontSource};
pub use min_content::{widest_syllable, widest_word};
pub use paragraph::ShapedText;

/// A stretch of text in one style: what the text stage is given to set. The caller owns the
/// text; the text stage knows nothing of where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StyledRun<'a> {
    pub text: &'a str,
    pub bold: bool,
    pub italic: bool,
    /// The target of the link the run belongs to.
    pub link: Option<&'a str>,
}

impl<'a> StyledRun<'a> {
    /// Unstyled text.
    pub fn plain(text: &'a str) -> StyledRun<'a> {
        StyledRun {
            text,
            ..StyledRun::default()
        }
    }
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub family: Family,
    /// Font size in points.
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
}

/// How a paragraph is set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStyle {
    /// The style of unmarked text; a run's bold and italic are added to it.
    pub text: TextStyle,
    /// Justified (last line ragged) or ragged-right.
    pub justify: bool,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
    /// Whether capitalized words (names: "India", "Russia") may be hyphenated too, as in
    /// languages that capitalize nouns. All-capital acronyms never are.
    pub hyphenate_capitalized: bool,
    /// BCP 47 tag of the language, for hyphenation.
    pub language: String,
}

/// One glyph, placed relative to its run.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Horizontal position of the glyph origin from the run's origin, in points.
    pub x: f32,
    /// Vertical offset from the baseline, in points, positive up.
    pub y: f32,
    /// The source text of the glyph's cluster on the cluster's first glyph, empty on the
    /// rest; a hyphen added at a line break carries a soft hyphen (U+00AD), since it is not
    /// part of the text: copying or searching the PDF gives back the whole word.
    pub text: String,
}

/// Glyphs of one face and size, in visual order.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// Offset of the run's origin from the start of the line, in points.
    pub x: f32,
    pub font: FontId,
    pub size: f32,
    pub glyphs: Vec<Glyph>,
    /// Advance width of the whole run, in points.
    pub width: f32,
    /// How much wider (above 1) or narrower each glyph is drawn than its font makes it: a
    /// justified line's font expansion (at most ±2.5 %, see docs/architecture.md); 1 elsewhere.
    /// Glyph positions and `width` already include it.
    pub scale: f32,
    /// Whether the run belongs to a right-to-left paragraph, whose lines end on the left:
    /// a mark at its left edge hangs as a line's end, at its right as a line's start.
    pub rtl: bool,
    /// Whether the run is bold (the layout colours and links by run).
    pub bold: bool,
    /// The target of the link the run belongs to.
    pub link: Option<String>,
}

/// A set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub runs: Vec<GlyphRun>,
    /// From the line start to the end of its last glyph, in points.
    pub width: f32,
    /// How far the glyphs were moved right so that the line ends at the measure: a line of
    /// a right-to-left paragraph shorter than the measure (its last, or a ragged one) aligns
    /// right. 0 otherwise.
    pub offset: f32,
    /// Whether the line belongs to a right-to-left paragraph: it aligns right, and a list
    /// puts the item's marker on its right.
    pub rtl: bool,
    /// Whether the line ends with a hyphen the breaker added.
    pub hyphenated: bool,
    /// How far the line's first glyph hangs into the left margin and its last into the right
    /// (optical margin alignment, see [`protrusion`]), in points: the glyphs start at
    /// `-hang_left` and a justified line ends at the measure plus `hang_right`.
    pub hang_left: f32,
    pub hang_right: f32,
    /// Height above and depth below the baseline (depth positive), in points.
    pub ascent: f32,
    pub descent: f32,
    /// The width with every space at its natural width, in points.
    pub natural_width: f32,
    /// The adjustment ratio the spaces are set with: 0 at their natural width, 1 at full
    /// stretch (+35 %), -1 at full shrink (-15 %); above 1 when the spaces stretch on alone.
    pub ratio: f32,
    /// Letter spacing between the clusters of each word, in points: negative when closed up.
    /// In a justified line it moves with the spaces, in proportion to its give (at most
    /// +0.03 and -0.015 em); ragged lines have none.
    pub tracking: f32,
    /// The line's inter-word spaces.
    pub spacing: Spacing,
    /// Whether this is a paragraph's last line (or the last before a line break the author
    /// wrote): set ragged even when the paragraph is justified.
    pub last: bool,
}

impl Line {
    /// The text of the line, as its glyphs carry it.
    pub fn text(&self) -> String {
        self.runs
            .iter()
            .flat_map(|run| &run.glyphs)
            .map(|glyph| glyph.text.as_str())
            .collect()
    }
}

/// The inter-word spaces of a line: how many, and their average width, natural and as set.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spacing {
    pub count: u32,
    /// Average natural width of a space, in points (0 without spaces).
    pub natural: f32,
    /// Average width a space is set with, in points.
    pub set: f32,
}

/// Something the text stage wants the editor to know. It does not know where its text came
/// from: the caller adds the place.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
}

/// What a text warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// A character no face has a glyph for.
    MissingGlyph,
    /// A word wider than the measure, broken inside.
    WordBroken,
    /// A line set wider than the measure.
    OverfullLine,
}

/// A paragraph broken into lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetParagraph {
    pub lines: Vec<Line>,
    pub warnings: Vec<Warning>,
}

/// The soft hyphen: the text of a hyphen the breaker adds.
pub const SOFT_HYPHEN: char = '\u{AD}';

/// How far a character at the start and at the end of a justified line hangs into the margin,
/// as fractions of its advance: optical margin alignment, as pdfTeX's microtype and Typst do,
/// so that the small marks at the line ends do not leave the edge looking ragged. Values in
/// the range microtype's defaults use for Latin text; see docs/architecture.md.
pub fn protrusion(c: char) -> (f32, f32) {
    match c {
        '.' | ',' => (0.0, 0.6),
        '-' | '\u{2010}' | SOFT_HYPHEN => (0.0, 0.6),
        '\u{2013}' => (0.0, 0.3),
        '\u{2014}' => (0.0, 0.2),
        ':' | ';' => (0.0, 0.3),
        '\u{2019}' | '\u{201D}' => (0.0, 0.5),
        '\u{2018}' | '\u{201C}' => (0.5, 0.0),
        // Arabic comma and full stop, Arabic semicolon: at the end of a right-to-left line,
        // which is its left.
        '\u{060C}' | '\u{06D4}' => (0.0, 0.6),
        '\u{061B}' => (0.0, 0.3),
        '\'' | '"' => (0.5, 0.5),
        _ => (0.0, 0.0),
    }
}

/// Sets runs into lines no wider than `measure` points: Knuth–Plass optimal breaks,
/// hyphenation by `style.language`, justified (all but the last line end exactly at the
/// measure, plus the protrusion of a last mark) or ragged-right. An empty paragraph has no lines.
pub fn set_paragraph(
    book: &FontBook,
    runs: &[StyledRun],
    style: &ParagraphStyle,
    measure: f32,
) -> SetParagraph {
    paragraph::set(book, runs, style, measure)
}

/// Whether words in `language` (a BCP 47 tag) can be hyphenated: hypher has its patterns.
pub fn hyphenates(language: &str) -> bool {
    hyphenate::Hyphenator::new(language, false).knows_language()
}

/// Sets plain text as one unbroken line.
pub fn shape_line(book: &FontBook, text: &str, style: &TextStyle) -> Line {
    shape_runs(book, &[StyledRun::plain(text)], style)
}

/// Sets runs as one unbroken line, every space at its natural width.
pub fn shape_runs(book: &FontBook, runs: &[StyledRun], style: &TextStyle) -> Line {
    paragraph::set_unbroken(book, runs, style)
}
