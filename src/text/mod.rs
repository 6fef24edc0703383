//! Stage 2: text. Fonts, shaping, line breaking: styled runs in, set lines out.
//!
//! STUB: shaping with the primary face only and a greedy breaker at spaces. The text stage
//! (issue 3/4) replaces the insides; the types below are the seam the layout builds on.

pub mod fonts;

pub use fonts::{Face, Family, FontBook, FontId};

use crate::source::Run;

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
    /// rest; a hyphen added at a line break carries "-".
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
    /// Whether the run is bold (the layout colours and links by run).
    pub bold: bool,
    /// The target of the link the run belongs to.
    pub link: Option<String>,
}

/// A set line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<GlyphRun>,
    /// From the line start to the end of its last glyph, in points.
    pub width: f32,
    /// Whether the line ends with a hyphen the breaker added.
    pub hyphenated: bool,
    /// Height above and depth below the baseline (depth positive), in points.
    pub ascent: f32,
    pub descent: f32,
}

/// Something the text stage wants the editor to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub message: String,
}

/// A paragraph broken into lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetParagraph {
    pub lines: Vec<Line>,
    pub warnings: Vec<Warning>,
}

/// Sets runs into lines no wider than `measure` points.
pub fn set_paragraph(runs: &[Run], style: &ParagraphStyle, measure: f32) -> SetParagraph {
    let mut lines = Vec::new();
    let mut current: Vec<Run> = Vec::new();
    let mut width = 0.0;
    let space = shape_line(" ", &style.text).width;
    for run in runs {
        for (i, word) in run.text.split(' ').enumerate() {
            if word.is_empty() {
                continue;
            }
            let piece = Run {
                text: word.to_string(),
                ..run.clone()
            };
            let w = shape_runs(std::slice::from_ref(&piece), &style.text).width;
            if width > 0.0 && width + space + w > measure {
                lines.push(shape_runs(&current, &style.text));
                current.clear();
                width = 0.0;
            }
            if width > 0.0 || (i > 0 && !current.is_empty()) {
                current.push(Run {
                    text: " ".into(),
                    ..run.clone()
                });
                width += space;
            }
            current.push(piece);
            width += w;
        }
    }
    if !current.is_empty() {
        lines.push(shape_runs(&current, &style.text));
    }
    SetParagraph {
        lines,
        warnings: Vec::new(),
    }
}

/// Sets plain text as one unbroken line.
pub fn shape_line(text: &str, style: &TextStyle) -> Line {
    shape_runs(
        &[Run {
            text: text.into(),
            ..Run::default()
        }],
        style,
    )
}

/// Sets runs as one unbroken line.
pub fn shape_runs(runs: &[Run], style: &TextStyle) -> Line {
    let book = FontBook::embedded();
    let mut x = 0.0;
    let mut out = Vec::new();
    let (mut ascent, mut descent) = (0.0f32, 0.0f32);
    for run in runs {
        let font = book.primary(
            style.family,
            style.bold || run.bold,
            style.italic || run.italic,
        );
        let face = book.face(font);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&run.text);
        let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
        let scale = style.size / face.units_per_em;
        let mut glyphs = Vec::new();
        let mut gx = 0.0;
        let infos = shaped.glyph_infos();
        for (i, (info, pos)) in infos.iter().zip(shaped.glyph_positions()).enumerate() {
            let start = info.cluster as usize;
            let first = i == 0 || infos[i - 1].cluster != info.cluster;
            let end = infos[i..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(run.text.len());
            glyphs.push(Glyph {
                id: info.glyph_id as u16,
                x: gx + pos.x_offset as f32 * scale,
                y: pos.y_offset as f32 * scale,
                text: if first {
                    run.text[start..end].to_string()
                } else {
                    String::new()
                },
            });
            gx += pos.x_advance as f32 * scale;
        }
        ascent = ascent.max(face.ascender * style.size);
        descent = descent.max(-face.descender * style.size);
        out.push(GlyphRun {
            x,
            font,
            size: style.size,
            glyphs,
            width: gx,
            bold: style.bold || run.bold,
            link: run.link.clone(),
        });
        x += gx;
    }
    Line {
        runs: out,
        width: x,
        hyphenated: false,
        ascent,
        descent,
    }
}
