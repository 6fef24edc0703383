//! The display list: every page and every positioned item on it.
//!
//! Coordinates are PostScript points from the page's top-left corner, y growing downwards.
//! This is the seam the snapshot tests pin through [`Pages::to_text`].

use chrono::NaiveDate;

use crate::source::PdfStandards;

use super::structure::{NodeId, Structure};
use crate::text::{FontBook, FontId, Glyph};

/// An sRGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

/// A laid-out document, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages {
    /// Page width and height in points.
    pub size: (f32, f32),
    pub pages: Vec<Page>,
    /// The area body items keep inside; running header and footer sit outside it.
    pub text_area: Area,
    /// Headings in document order, for the PDF outline.
    pub outline: Vec<OutlineEntry>,
    pub meta: Meta,
    /// The logical structure the items belong to, for the PDF's structure tree.
    pub structure: Structure,
    /// The faces the text items' [`FontId`]s index.
    pub fonts: Fonts,
}

/// The font book a display list was set with: what its [`FontId`]s mean, and the face data
/// the render stage embeds. Books live for the whole process, so this is a handle.
#[derive(Clone, Copy)]
pub struct Fonts(pub &'static FontBook);

impl Default for Fonts {
    fn default() -> Fonts {
        Fonts(FontBook::embedded())
    }
}

impl PartialEq for Fonts {
    fn eq(&self, other: &Fonts) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fonts({} faces)", self.0.len())
    }
}

/// Document metadata, carried from the source to the PDF's info dictionary and XMP.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub subject: Option<String>,
    pub authors: Vec<String>,
    pub keywords: Vec<String>,
    pub language: String,
    pub date: NaiveDate,
    /// The standards the PDF is written to (the source's and the options').
    pub standards: PdfStandards,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The page's content, inside the text area.
    pub items: Vec<Item>,
    /// Running header and footer, in the margins.
    pub furniture: Vec<Item>,
    /// Runs of `items` that draw one figure (a chart), with its description.
    pub figures: Vec<Figure>,
}

/// A figure on a page: the items that draw it and what it shows, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Indices into the page's `items`.
    pub items: std::ops::Range<usize>,
    /// The source's `alt`: the text a screen reader speaks instead of the drawing.
    pub alt: String,
    /// Its `Figure` element in the structure: every item in `items` is its content.
    pub node: NodeId,
}

impl Page {
    /// Content and furniture, in drawing order.
    pub fn all_items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().chain(&self.furniture)
    }
}

/// A rectangle: top-left corner, width and height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// One heading in the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// 1 for a top-level section, 2 and 3 for nested ones.
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading on its page.
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextItem),
    /// A straight line.
    Rule {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Color,
    },
    /// A rectangle, filled and/or stroked.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    },
    /// Straight segments through `points`, closed back to the first when `closed`, filled
    /// and/or stroked (round joins and caps).
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    },
    /// A clickable area that opens a URL.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        url: String,
        /// The `Link` element of the structure it belongs to.
        node: Option<NodeId>,
    },
}

/// Glyphs of one face, size and colour placed on a baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    /// Origin of the first glyph: x and the baseline's y.
    pub x: f32,
    pub y: f32,
    pub font: FontId,
    pub size: f32,
    pub color: Color,
    /// Glyph positions are relative to (x, y).
    pub glyphs: Glyphs,
    /// Advance width of the whole item.
    pub width: f32,
    /// The horizontal scale the glyphs are drawn with (a justified line's font expansion,
    /// written as the PDF's `Tz`): 1 for none. Positions and `width` already include it.
    pub scale: f32,
    /// Whether the text belongs to a right-to-left paragraph, whose lines end on the left:
    /// the margin check lets a closing mark hang out on the left, an opening one on the
    /// right.
    pub rtl: bool,
    /// The structure element the text belongs to; `None` for an artifact.
    pub node: Option<NodeId>,
}

impl TextItem {
    /// The text the glyphs stand for.
    pub fn text(&self) -> &str {
        &self.glyphs.text
    }
}

/// The glyphs of a text item, kept compact: a long document's display list is millions of
/// glyphs, and a `String` of cluster text on each was most of a build's memory
/// (docs/performance.md). Each glyph is 16 bytes; the text of all clusters is one string,
/// which each glyph indexes by where its cluster's text ends.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Glyphs {
    placed: Vec<PlacedGlyph>,
    text: String,
}

/// A glyph as the display list keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the item's face.
    pub id: u16,
    /// Position of the glyph origin from the item's origin, in points; y positive up.
    pub x: f32,
    pub y: f32,
    /// Where the glyph's text ends in [`Glyphs::text`]; it starts where the previous
    /// glyph's ends.
    text_end: u32,
}

/// A glyph with its text: the source text of its cluster on the cluster's first glyph, empty
/// on the rest (see [`Glyph::text`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphRef<'a> {
    pub id: u16,
    pub x: f32,
    pub y: f32,
    pub text: &'a str,
}

impl Glyphs {
    pub fn len(&self) -> usize {
        self.placed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.placed.is_empty()
    }

    /// The text of all glyphs, in glyph order.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Glyph `index` with its text.
    pub fn get(&self, index: usize) -> Option<GlyphRef<'_>> {
        let placed = self.placed.get(index)?;
        let start = index
            .checked_sub(1)
            .map_or(0, |before| self.placed[before].text_end);
        Some(GlyphRef {
            id: placed.id,
            x: placed.x,
            y: placed.y,
            text: &self.text[start as usize..placed.text_end as usize],
        })
    }

    pub fn first(&self) -> Option<GlyphRef<'_>> {
        self.get(0)
    }

    pub fn last(&self) -> Option<GlyphRef<'_>> {
        self.len().checked_sub(1).and_then(|last| self.get(last))
    }

    /// The glyphs in order, each with its text.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = GlyphRef<'_>> + ExactSizeIterator {
        (0..self.len()).map(|index| self.get(index).expect("in range"))
    }

    /// The glyphs' ids and positions, to change; their text stays.
    pub fn placed_mut(&mut self) -> &mut [PlacedGlyph] {
        &mut self.placed
    }
}

impl Glyphs {
    fn push(&mut self, glyph: &Glyph) {
        self.text.push_str(&glyph.text);
        self.placed.push(PlacedGlyph {
            id: glyph.id,
            x: glyph.x,
            y: glyph.y,
            // A text item is one line: its text is far below 4 GiB.
            text_end: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
        });
    }
}

impl FromIterator<Glyph> for Glyphs {
    fn from_iter<I: IntoIterator<Item = Glyph>>(glyphs: I) -> Glyphs {
        let glyphs = glyphs.into_iter();
        let mut out = Glyphs {
            placed: Vec::with_capacity(glyphs.size_hint().0),
            text: String::new(),
        };
        for glyph in glyphs {
            out.push(&glyph);
        }
        out.text.shrink_to_fit();
        out
    }
}

impl From<Vec<Glyph>> for Glyphs {
    fn from(glyphs: Vec<Glyph>) -> Glyphs {
        Glyphs::from(glyphs.as_slice())
    }
}

impl From<&[Glyph]> for Glyphs {
    fn from(glyphs: &[Glyph]) -> Glyphs {
        let mut out = Glyphs {
            placed: Vec::with_capacity(glyphs.len()),
            text: String::with_capacity(glyphs.iter().map(|g| g.text.len()).sum()),
        };
        for glyph in glyphs {
            out.push(glyph);
        }
        out
    }
}

impl Item {
    /// The structure element the item belongs to; `None` for an artifact.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Item::Text(text) => text.node,
            Item::Link { node, .. } => *node,
            Item::Rule { .. } | Item::Rect { .. } | Item::Path { .. } => None,
        }
    }

    /// The item as an artifact: a copy of content drawn again (a repeated header row).
    pub fn untagged(mut self) -> Item {
        match &mut self {
            Item::Text(text) => text.node = None,
            Item::Link { node, .. } => *node = None,
            Item::Rule { .. } | Item::Rect { .. } | Item::Path { .. } => {}
        }
        self
    }

    /// The item moved by (dx, dy).
    pub fn translated(mut self, dx: f32, dy: f32) -> Item {
        match &mut self {
            Item::Text(text) => {
                text.x += dx;
                text.y += dy;
            }
            Item::Rule { from, to, .. } => {
                *from = (from.0 + dx, from.1 + dy);
                *to = (to.0 + dx, to.1 + dy);
            }
            Item::Rect { x, y, .. } | Item::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Path { points, .. } => {
                for point in points {
                    *point = (point.0 + dx, point.1 + dy);
                }
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(id: u16, x: f32, text: &str) -> Glyph {
        Glyph {
            id,
            x,
            y: 0.5,
            text: text.into(),
        }
    }

    #[test]
    fn compact_glyphs_keep_each_glyph_and_its_text() {
        // A ligature ("ffi" on one glyph), a cluster of two glyphs (the second with no text)
        // and a soft hyphen.
        let set = vec![
            glyph(7, 0.0, "ffi"),
            glyph(8, 6.0, "\u{915}\u{93F}"),
            glyph(9, 9.0, ""),
            glyph(10, 12.0, "\u{AD}"),
        ];
        let glyphs = Glyphs::from(set.clone());
        assert_eq!(glyphs.len(), 4);
        assert_eq!(glyphs.text(), "ffi\u{915}\u{93F}\u{AD}");
        let back: Vec<(u16, f32, f32, String)> = glyphs
            .iter()
            .map(|g| (g.id, g.x, g.y, g.text.to_string()))
            .collect();
        let want: Vec<(u16, f32, f32, String)> =
            set.into_iter().map(|g| (g.id, g.x, g.y, g.text)).collect();
        assert_eq!(back, want);
        assert_eq!(glyphs.first().map(|g| g.text), Some("ffi"));
        assert_eq!(glyphs.last().map(|g| g.text), Some("\u{AD}"));
        assert_eq!(glyphs.iter().next_back(), glyphs.last());
        assert!(glyphs.get(4).is_none());
        assert!(Glyphs::default().first().is_none() && Glyphs::default().last().is_none());
    }
}
