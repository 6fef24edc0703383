//! Set lines as the layout keeps them between setting and placing: the text stage's
//! [`Line`] with each run's glyphs in the display list's compact form ([`Glyphs`]). A set
//! paragraph waits in this form in the [`super::SetCache`] (a window of them in a cold
//! build, every paragraph of the last build in a session), at an eighth of the text stage's
//! size, where each glyph carries a `String` (docs/performance.md).

use super::pages::Glyphs;
use crate::text::{FontId, GlyphRun, Line, Spacing};

/// A set line, compact.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeptLine {
    pub runs: Vec<KeptRun>,
    /// What the line's measurements need ([`super::measure::LineFacts`]); see [`Line`].
    pub width: f32,
    pub offset: f32,
    pub rtl: bool,
    pub hyphenated: bool,
    pub hang_right: f32,
    pub spacing: Spacing,
    pub last: bool,
}

/// A run of a [`KeptLine`]: a [`GlyphRun`] with compact glyphs.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptRun {
    pub x: f32,
    pub font: FontId,
    pub size: f32,
    pub glyphs: Glyphs,
    pub width: f32,
    pub scale: f32,
    pub rtl: bool,
    pub link: Option<String>,
}

impl KeptLine {
    /// The text of the line, as its glyphs carry it.
    pub fn text(&self) -> String {
        self.runs.iter().map(|run| run.glyphs.text()).collect()
    }
}

impl From<&Line> for KeptLine {
    fn from(line: &Line) -> KeptLine {
        KeptLine {
            runs: line.runs.iter().map(KeptRun::from).collect(),
            width: line.width,
            offset: line.offset,
            rtl: line.rtl,
            hyphenated: line.hyphenated,
            hang_right: line.hang_right,
            spacing: line.spacing,
            last: line.last,
        }
    }
}

impl From<&GlyphRun> for KeptRun {
    fn from(run: &GlyphRun) -> KeptRun {
        KeptRun {
            x: run.x,
            font: run.font,
            size: run.size,
            glyphs: Glyphs::from(run.glyphs.as_slice()),
            width: run.width,
            scale: run.scale,
            rtl: run.rtl,
            link: run.link.clone(),
        }
    }
}

/// What placing a run takes besides its glyphs.
pub struct RunHead<'a> {
    pub x: f32,
    pub font: FontId,
    pub size: f32,
    pub width: f32,
    pub scale: f32,
    pub rtl: bool,
    pub link: Option<&'a str>,
}

/// A set line as [`super::compose::line_items`] places it: the text stage's, or one kept.
pub trait SetLine {
    /// How many items the line is placed as: one a run, and one more a linked run.
    fn item_count(&self) -> usize;
    /// Each run with its glyphs in the display list's form.
    fn placed_runs(&self) -> impl Iterator<Item = (RunHead<'_>, Glyphs)>;
}

/// The head of a run of either kind, [`GlyphRun`] or [`KeptRun`], whose fields share their
/// names.
macro_rules! head {
    ($run:expr) => {
        RunHead {
            x: $run.x,
            font: $run.font,
            size: $run.size,
            width: $run.width,
            scale: $run.scale,
            rtl: $run.rtl,
            link: $run.link.as_deref(),
        }
    };
}

/// A run is placed as one item, and a linked run as one more.
fn item_count(links: impl Iterator<Item = bool>) -> usize {
    links.map(|linked| 1 + usize::from(linked)).sum()
}

impl SetLine for Line {
    fn item_count(&self) -> usize {
        item_count(self.runs.iter().map(|run| run.link.is_some()))
    }

    fn placed_runs(&self) -> impl Iterator<Item = (RunHead<'_>, Glyphs)> {
        (self.runs.iter()).map(|run| (head!(run), Glyphs::from(run.glyphs.as_slice())))
    }
}

impl SetLine for KeptLine {
    fn item_count(&self) -> usize {
        item_count(self.runs.iter().map(|run| run.link.is_some()))
    }

    fn placed_runs(&self) -> impl Iterator<Item = (RunHead<'_>, Glyphs)> {
        (self.runs.iter()).map(|run| (head!(run), run.glyphs.clone()))
    }
}
