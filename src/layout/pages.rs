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
        self.glyphs.text()
    }
}

/// The glyphs of a text item, kept compact: a long document's display list is millions of
/// glyphs, and a `String` of cluster text on each was most of a build's memory
/// (docs/performance.md). Each glyph is 7 bytes (id, the length of its text, x); the text of
/// all clusters follows them in the same allocation, in glyph order, so an item's glyphs are
/// one block of their exact size. What few glyphs need beyond that (an offset from the
/// baseline, a cluster's text of 255 bytes or more) is kept aside.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Glyphs {
    /// `count` glyphs of [`GLYPH_BYTES`] each (the id, little-endian; the text's length,
    /// [`LONG_TEXT`] when it is in [`Rare::long_texts`]; x, little-endian), then the text,
    /// UTF-8.
    data: Box<[u8]>,
    count: u32,
    rare: Option<Box<Rare>>,
}

/// The bytes of one glyph in [`Glyphs::data`].
const GLYPH_BYTES: usize = 7;

/// The text length of a glyph whose text is too long for a byte.
const LONG_TEXT: u8 = u8::MAX;

/// The glyphs of an item that a 7-byte glyph cannot describe, by glyph index, in order.
#[derive(Debug, Clone, PartialEq, Default)]
struct Rare {
    /// Each glyph whose `y` (its offset from the baseline, positive up) is not 0.
    raised: Vec<(u32, f32)>,
    /// Each glyph whose text is [`LONG_TEXT`] bytes or more, with its length.
    long_texts: Vec<(u32, u32)>,
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
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The text of all glyphs, in glyph order.
    pub fn text(&self) -> &str {
        // Written from `str`s by `compact`, so always UTF-8.
        std::str::from_utf8(&self.data[self.len() * GLYPH_BYTES..]).unwrap_or_default()
    }

    /// Glyph `index` with its text (found by adding up the lengths of the texts before it).
    pub fn get(&self, index: usize) -> Option<GlyphRef<'_>> {
        let start = (0..index).map(|i| self.text_len(i)).sum();
        (index < self.len()).then(|| self.glyph(index, start))
    }

    pub fn first(&self) -> Option<GlyphRef<'_>> {
        self.get(0)
    }

    pub fn last(&self) -> Option<GlyphRef<'_>> {
        let index = self.len().checked_sub(1)?;
        let end = self.data.len() - self.len() * GLYPH_BYTES;
        Some(self.glyph(index, end - self.text_len(index)))
    }

    /// Glyph `index`, whose text starts `start` bytes into the text: only that text is read
    /// as UTF-8, not the whole item's (the safety net asks every line for its ends).
    fn glyph(&self, index: usize, start: usize) -> GlyphRef<'_> {
        let (id, _, x) = self.record(index);
        let from = self.len() * GLYPH_BYTES + start;
        let bytes = self.data.get(from..from + self.text_len(index));
        GlyphRef {
            id,
            x,
            y: self.y(index),
            text: bytes
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
        }
    }

    /// The glyphs in order, each with its text.
    pub fn iter(&self) -> GlyphIter<'_> {
        let text = self.text();
        GlyphIter {
            glyphs: self,
            text,
            front: 0,
            back: self.len(),
            text_front: 0,
            text_back: text.len(),
        }
    }

    /// Gives glyph `index` another id (tests draw glyphs a face lacks).
    pub fn set_id(&mut self, index: usize, id: u16) {
        let at = index * GLYPH_BYTES;
        self.data[at..at + 2].copy_from_slice(&id.to_le_bytes());
    }

    /// The id, text length and x of glyph `index`.
    fn record(&self, index: usize) -> (u16, u8, f32) {
        let at = index * GLYPH_BYTES;
        let bytes = &self.data[at..at + GLYPH_BYTES];
        let id = u16::from_le_bytes([bytes[0], bytes[1]]);
        let x = f32::from_le_bytes([bytes[3], bytes[4], bytes[5], bytes[6]]);
        (id, bytes[2], x)
    }

    /// The offset from the baseline of glyph `index`.
    fn y(&self, index: usize) -> f32 {
        let Some(rare) = &self.rare else {
            return 0.0;
        };
        rare.raised
            .binary_search_by_key(&index, |&(at, _)| at as usize)
            .map_or(0.0, |found| rare.raised[found].1)
    }

    /// The length of glyph `index`'s text.
    fn text_len(&self, index: usize) -> usize {
        let len = self.record(index).1;
        if len != LONG_TEXT {
            return usize::from(len);
        }
        let long = self.rare.as_ref().map_or(&[][..], |rare| &rare.long_texts);
        long.binary_search_by_key(&index, |&(at, _)| at as usize)
            .map_or(0, |found| long[found].1 as usize)
    }

    /// The glyphs in the display list's form.
    fn compact(glyphs: &[Glyph]) -> Glyphs {
        let text_bytes: usize = glyphs.iter().map(|g| g.text.len()).sum();
        let mut data = Vec::with_capacity(glyphs.len() * GLYPH_BYTES + text_bytes);
        let mut rare = Rare::default();
        for (index, glyph) in glyphs.iter().enumerate() {
            // A text item is one line: its glyphs and text are far below 4 GiB.
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            if glyph.y.to_bits() != 0 {
                rare.raised.push((index, glyph.y));
            }
            let len = glyph.text.len();
            let text_len = match u8::try_from(len) {
                Ok(short) if short != LONG_TEXT => short,
                _ => {
                    rare.long_texts
                        .push((index, u32::try_from(len).unwrap_or(u32::MAX)));
                    LONG_TEXT
                }
            };
            data.extend_from_slice(&glyph.id.to_le_bytes());
            data.push(text_len);
            data.extend_from_slice(&glyph.x.to_le_bytes());
        }
        for glyph in glyphs {
            data.extend_from_slice(glyph.text.as_bytes());
        }
        Glyphs {
            data: data.into_boxed_slice(),
            count: u32::try_from(glyphs.len()).unwrap_or(u32::MAX),
            rare: (rare != Rare::default()).then(|| Box::new(rare)),
        }
    }
}

/// The glyphs of a [`Glyphs`] in order, each with its text.
#[derive(Debug, Clone)]
pub struct GlyphIter<'a> {
    glyphs: &'a Glyphs,
    text: &'a str,
    /// The next glyph from the front and one past the next from the back.
    front: usize,
    back: usize,
    /// Where the front glyph's text starts and the back glyph's ends.
    text_front: usize,
    text_back: usize,
}

impl<'a> GlyphIter<'a> {
    fn glyph(&self, index: usize, text: std::ops::Range<usize>) -> GlyphRef<'a> {
        let (id, _, x) = self.glyphs.record(index);
        GlyphRef {
            id,
            x,
            y: self.glyphs.y(index),
            text: self.text.get(text).unwrap_or_default(),
        }
    }
}

impl<'a> Iterator for GlyphIter<'a> {
    type Item = GlyphRef<'a>;

    fn next(&mut self) -> Option<GlyphRef<'a>> {
        if self.front == self.back {
            return None;
        }
        let index = self.front;
        let start = self.text_front;
        self.text_front += self.glyphs.text_len(index);
        self.front += 1;
        Some(self.glyph(index, start..self.text_front))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.back - self.front;
        (left, Some(left))
    }
}

impl DoubleEndedIterator for GlyphIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        let end = self.text_back;
        self.text_back -= self.glyphs.text_len(self.back);
        Some(self.glyph(self.back, self.text_back..end))
    }
}

impl ExactSizeIterator for GlyphIter<'_> {}

impl FromIterator<Glyph> for Glyphs {
    fn from_iter<I: IntoIterator<Item = Glyph>>(glyphs: I) -> Glyphs {
        Glyphs::from(glyphs.into_iter().collect::<Vec<Glyph>>())
    }
}

impl From<Vec<Glyph>> for Glyphs {
    fn from(glyphs: Vec<Glyph>) -> Glyphs {
        Glyphs::from(glyphs.as_slice())
    }
}

impl From<&[Glyph]> for Glyphs {
    fn from(glyphs: &[Glyph]) -> Glyphs {
        Glyphs::compact(glyphs)
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

    /// What does not fit 7 bytes (an offset from the baseline, -0.0 included, and a
    /// cluster's text of 255 bytes or more) comes back as it was, from either end.
    #[test]
    fn compact_glyphs_keep_offsets_and_long_texts() {
        let long = "\u{301}".repeat(200);
        let mut set = vec![
            glyph(1, 0.0, "a"),
            glyph(2, 1.0, &long),
            glyph(3, 2.0, ""),
            glyph(4, 3.0, &"x".repeat(255)),
            glyph(5, 4.0, &"y".repeat(254)),
        ];
        for (glyph, y) in set.iter_mut().zip([0.0, 2.5, -0.0, 0.0, -1.0]) {
            glyph.y = y;
        }
        let glyphs = Glyphs::from(set.as_slice());
        let back: Vec<(u16, f32, u32, String)> = glyphs
            .iter()
            .map(|g| (g.id, g.x, g.y.to_bits(), g.text.to_string()))
            .collect();
        let want: Vec<(u16, f32, u32, String)> = set
            .iter()
            .map(|g| (g.id, g.x, g.y.to_bits(), g.text.clone()))
            .collect();
        assert_eq!(back, want);
        let mut backwards: Vec<GlyphRef> = glyphs.iter().rev().collect();
        backwards.reverse();
        assert_eq!(backwards, glyphs.iter().collect::<Vec<_>>());
        let mut both = glyphs.iter();
        assert_eq!(both.next().map(|g| g.id), Some(1));
        assert_eq!(both.next_back().map(|g| g.text.len()), Some(254));
        assert_eq!(both.len(), 3);
        assert_eq!(both.next().map(|g| g.text), Some(long.as_str()));
        assert_eq!(both.next_back().map(|g| g.text.len()), Some(255));
        assert_eq!(both.next().map(|g| (g.id, g.text)), Some((3, "")));
        assert!(both.next().is_none() && both.next_back().is_none());
        assert_eq!(glyphs.get(3).map(|g| g.id), Some(4));
        for index in 0..=glyphs.len() {
            assert_eq!(glyphs.get(index), glyphs.iter().nth(index), "glyph {index}");
        }
        assert_eq!(glyphs.last(), glyphs.iter().next_back());
        let mut renumbered = glyphs.clone();
        renumbered.set_id(4, 9);
        assert_eq!(renumbered.get(4).map(|g| (g.id, g.x)), Some((9, 4.0)));
        assert_eq!(renumbered.text(), glyphs.text());
    }
}
