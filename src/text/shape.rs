//! Shaping: a piece of text in one style to positioned glyphs, with rustybuzz.
//!
//! Each grapheme cluster goes to the first face (the style's primary face, then its fallbacks)
//! that has glyphs for all of its characters; consecutive clusters in the same face are shaped
//! together, so Devanagari conjuncts and Latin ligatures form as the font intends.
//!
//! Shaping is the costly step of the text stage, so results are cached per thread by face and
//! text (in font units, so every size shares them), and shape plans by face and script. The
//! caches only make repeated work cheap; they never change what comes out.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use rustybuzz::{Direction, Script, ShapePlan, UnicodeBuffer};
use unicode_segmentation::UnicodeSegmentation;

use super::fonts::{Face, FontBook, FontId};

/// A shaped glyph, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ShapedGlyph {
    pub font: FontId,
    /// The style span (source run) the glyph's text comes from.
    pub span: u32,
    pub id: u16,
    /// Byte offset of the glyph's cluster in the paragraph text.
    pub cluster: u32,
    /// Bytes of text the glyph carries: its cluster's on the cluster's first glyph, else 0.
    pub text_len: u32,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
}

/// The faces one style may use, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FaceChoice {
    pub primary: FontId,
    /// Whether the bold fallbacks stand behind the primary face.
    pub bold: bool,
}

impl FaceChoice {
    pub fn new(book: &FontBook, family: super::Family, bold: bool, italic: bool) -> FaceChoice {
        FaceChoice {
            primary: book.primary(family, bold, italic),
            bold,
        }
    }

    fn in_order<'b>(&self, book: &'b FontBook) -> impl Iterator<Item = FontId> + 'b {
        std::iter::once(self.primary).chain(book.fallbacks(self.bold).iter().copied())
    }
}

/// Where a piece of text sits and how it is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    /// Byte offset of the piece in the paragraph text.
    pub base: usize,
    pub span: u32,
    pub faces: FaceChoice,
    pub size: f32,
    /// Whether the piece is right-to-left (an odd bidi level): shaped so, its glyphs then
    /// stored in logical order like any other's (the line puts them in visual order).
    pub rtl: bool,
}

/// Shapes `text`, appending its glyphs to `out` and any character no face covers to
/// `uncovered`.
pub(crate) fn shape(
    book: &FontBook,
    text: &str,
    at: Placement,
    out: &mut Vec<ShapedGlyph>,
    uncovered: &mut Vec<char>,
) {
    // Printable ASCII is in every primary face: the common case needs no look-ups.
    if !at.rtl && text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return shape_in(book, text, 0..text.len(), at.faces.primary, at, out);
    }
    for (range, font) in face_segments(book, text, &at.faces, uncovered) {
        shape_in(book, text, range, font, at, out);
    }
}

/// Shapes `text[range]` in one face.
fn shape_in(
    book: &FontBook,
    text: &str,
    range: Range<usize>,
    font: FontId,
    at: Placement,
    out: &mut Vec<ShapedGlyph>,
) {
    let face = book.face(font);
    let scale = at.size / face.units_per_em;
    let raw = shape_cached(face, &text[range.clone()], at.rtl);
    out.extend(raw.iter().map(|g| ShapedGlyph {
        font,
        span: at.span,
        id: g.id,
        cluster: (at.base + range.start) as u32 + g.cluster,
        text_len: g.text_len,
        advance: g.advance as f32 * scale,
        dx: g.dx as f32 * scale,
        dy: g.dy as f32 * scale,
    }));
}

/// The glyph and advance (in points) of a plain space in `font`.
pub(crate) fn space(book: &FontBook, font: FontId, size: f32) -> (u16, f32) {
    let space = book.face(font).space;
    (space.id, space.advance * size)
}

/// The glyph and advance (in points) of the hyphen a line break adds, in `font`.
pub(crate) fn hyphen(book: &FontBook, font: FontId, size: f32) -> (u16, f32) {
    let hyphen = book.face(font).hyphen;
    (hyphen.id, hyphen.advance * size)
}

/// Splits `text` into ranges that one face sets, cluster by cluster.
fn face_segments(
    book: &FontBook,
    text: &str,
    faces: &FaceChoice,
    uncovered: &mut Vec<char>,
) -> Vec<(Range<usize>, FontId)> {
    let mut segments: Vec<(Range<usize>, FontId)> = Vec::new();
    for (start, cluster) in text.grapheme_indices(true) {
        let font = face_for_cluster(book, cluster, faces, uncovered);
        let end = start + cluster.len();
        match segments.last_mut() {
            Some((range, last)) if *last == font => range.end = end,
            _ => segments.push((start..end, font)),
        }
    }
    segments
}

/// The first face with glyphs for every visible character of `cluster`; failing that, the
/// first with its base character (the rest are reported), failing that the primary face.
fn face_for_cluster(
    book: &FontBook,
    cluster: &str,
    faces: &FaceChoice,
    uncovered: &mut Vec<char>,
) -> FontId {
    let visible = || cluster.chars().filter(|&c| !is_default_ignorable(c));
    if let Some(font) = faces
        .in_order(book)
        .find(|&font| visible().all(|c| book.covers(font, c)))
    {
        return font;
    }
    let base = visible().next();
    let font = faces
        .in_order(book)
        .find(|&font| base.is_some_and(|c| book.covers(font, c)))
        .unwrap_or(faces.primary);
    uncovered.extend(visible().filter(|&c| !book.covers(font, c) && !c.is_control()));
    font
}

/// Characters the shaper hides when the font lacks them (joiners, selectors, invisible
/// marks), so they never decide the face.
fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A glyph as rustybuzz gives it, in font units, its cluster relative to the shaped text.
#[derive(Debug, Clone, Copy)]
struct RawGlyph {
    id: u16,
    cluster: u32,
    text_len: u32,
    advance: i32,
    dx: i32,
    dy: i32,
}

/// Past this many cached texts the cache starts afresh, so a long `watch` session stays small.
const CACHE_LIMIT: usize = 200_000;

#[derive(Default)]
struct Shaper {
    /// Plans by face key, script and whether right-to-left.
    plans: HashMap<(u32, Script, bool), ShapePlan>,
    /// Shaped texts, one map per face key and direction (`2 * key + rtl`), so a lookup needs
    /// no allocation.
    texts: Vec<HashMap<String, Rc<[RawGlyph]>>>,
    cached: usize,
    buffer: Option<UnicodeBuffer>,
}

thread_local! {
    static SHAPER: RefCell<Shaper> = RefCell::new(Shaper::default());
}

fn shape_cached(face: &Face, text: &str, rtl: bool) -> Rc<[RawGlyph]> {
    SHAPER.with(|shaper| {
        let mut shaper = shaper.borrow_mut();
        let index = 2 * face.key as usize + usize::from(rtl);
        if shaper.texts.len() <= index {
            shaper.texts.resize_with(index + 1, HashMap::new);
        }
        if let Some(glyphs) = shaper.texts[index].get(text) {
            return glyphs.clone();
        }
        let glyphs = shaper.shape_uncached(face, text, rtl);
        if shaper.cached >= CACHE_LIMIT {
            shaper.texts.iter_mut().for_each(HashMap::clear);
            shaper.cached = 0;
        }
        shaper.cached += 1;
        shaper.texts[index].insert(text.to_string(), glyphs.clone());
        glyphs
    })
}

impl Shaper {
    fn shape_uncached(&mut self, face: &Face, text: &str, rtl: bool) -> Rc<[RawGlyph]> {
        let direction = if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.set_direction(direction);
        buffer.guess_segment_properties();
        let script = buffer.script();
        let plan = self
            .plans
            .entry((face.key, script, rtl))
            .or_insert_with(|| ShapePlan::new(&face.shaper, direction, Some(script), None, &[]));
        let shaped = rustybuzz::shape_with_plan(&face.shaper, plan, buffer);
        let infos = shaped.glyph_infos();
        let mut glyphs: Vec<RawGlyph> = infos
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| RawGlyph {
                id: info.glyph_id as u16,
                cluster: info.cluster,
                text_len: 0,
                advance: pos.x_advance,
                dx: pos.x_offset,
                dy: pos.y_offset,
            })
            .collect();
        if rtl {
            logical_order(&mut glyphs);
        }
        // In logical order clusters never decrease: a cluster's text runs to the next one's start.
        let mut next_start = text.len() as u32;
        for i in (0..glyphs.len()).rev() {
            let first = i == 0 || glyphs[i - 1].cluster != glyphs[i].cluster;
            if first {
                glyphs[i].text_len = next_start.saturating_sub(glyphs[i].cluster);
                next_start = glyphs[i].cluster;
            }
        }
        self.buffer = Some(shaped.clear());
        glyphs.into()
    }
}

/// Puts right-to-left output (visual order, clusters decreasing) into logical order, cluster
/// by cluster: the glyphs of one cluster keep their order, so reversing the clusters again
/// for display gives back exactly what the shaper set.
fn logical_order(glyphs: &mut [RawGlyph]) {
    glyphs.reverse();
    let mut start = 0;
    while start < glyphs.len() {
        let cluster = glyphs[start].cluster;
        let len = glyphs[start..]
            .iter()
            .take_while(|g| g.cluster == cluster)
            .count();
        glyphs[start..start + len].reverse();
        start += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Family;

    fn shaped(text: &str) -> (Vec<ShapedGlyph>, Vec<char>) {
        let book = FontBook::embedded();
        let at = Placement {
            base: 0,
            span: 0,
            faces: FaceChoice::new(book, Family::Serif, false, false),
            size: 10.0,
            rtl: false,
        };
        let (mut out, mut uncovered) = (Vec::new(), Vec::new());
        shape(book, text, at, &mut out, &mut uncovered);
        (out, uncovered)
    }

    #[test]
    fn cluster_texts_cover_the_text_once() {
        for text in ["office", "भारत और रूस", "Россия", "a\u{301}b", "x😀y"]
        {
            let (glyphs, _) = shaped(text);
            let mut joined = String::new();
            for g in &glyphs {
                let start = g.cluster as usize;
                joined.push_str(&text[start..start + g.text_len as usize]);
            }
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn uncovered_characters_are_reported() {
        let (glyphs, uncovered) = shaped("a😀b");
        assert_eq!(uncovered, vec!['😀']);
        assert_eq!(glyphs.iter().filter(|g| g.id == 0).count(), 1);
    }

    #[test]
    fn cached_shaping_matches_fresh_shaping() {
        let first = shaped("Knowledge");
        let again = shaped("Knowledge");
        assert_eq!(first, again);
        assert!(first.0.iter().all(|g| g.advance > 0.0));
    }
}
