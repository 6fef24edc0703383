//! The faces a document uses, under resource names we choose (`F0`..), with the text every
//! glyph stands for (its ToUnicode entry) and the advances the content stream positions
//! glyphs against.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::RenderError;
use rayon::prelude::*;

use crate::layout::{Item, Page, Pages};
use crate::text::{Face, FontBook, FontId};

/// The text of a hyphen added at a line break.
const SOFT_HYPHEN: &str = "\u{AD}";

/// The PDF resource name of a face: `F` and its [`FontId`] number, so the names are stable
/// from one document to the next and do not depend on registration order.
pub fn resource_name(font: FontId) -> String {
    format!("F{}", font.0)
}

/// What the document needs of each face it uses.
pub struct FontUsage {
    faces: BTreeMap<FontId, UsedFace>,
}

/// Equal usages give every glyph the same code and text: a rebuild may reuse the content
/// streams of the last (see `page_cache`).
impl PartialEq for FontUsage {
    fn eq(&self, other: &FontUsage) -> bool {
        self.faces.len() == other.faces.len()
            && self.faces.iter().zip(&other.faces).all(|((a, x), (b, y))| {
                a == b && std::ptr::eq(x.face, y.face) && x.glyphs == y.glyphs
            })
    }
}

/// The faces `pages` draw, with the text each glyph maps to (see [`FontUsage::of`]).
fn seen_in(
    pages: &[Page],
    book: &'static FontBook,
) -> Result<BTreeMap<FontId, (&'static Face, Mapped)>, RenderError> {
    let mut seen: BTreeMap<FontId, (&'static Face, Mapped)> = BTreeMap::new();
    for item in pages.iter().flat_map(|page| page.all_items()) {
        let Item::Text(text) = item else { continue };
        if usize::from(text.font.0) >= book.len() {
            return Err(RenderError(format!("unknown font {:?}", text.font)));
        }
        let (_, mapped) = match seen.entry(text.font) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let face = book
                    .load(text.font)
                    .map_err(|err| RenderError(err.to_string()))?;
                entry.insert((face, Mapped::new(face.shaper.number_of_glyphs())))
            }
        };
        // A glyph id the face lacks is not drawn (see `content`) nor kept in the subset.
        for glyph in text.glyphs.iter() {
            mapped.see(glyph.id, glyph.text);
        }
    }
    Ok(seen)
}

/// What one page's glyphs add to the document's [`FontUsage`]: each glyph it draws, with
/// what it maps to after that page alone. Merged in page order they give the usage of the
/// whole document (the merge of [`Mapped::then`]), so a rebuild goes through only the pages
/// that changed and keeps these for the others.
#[derive(Default)]
pub struct PageGlyphs {
    glyphs: Vec<PageGlyph>,
    /// The texts of the glyphs mapped to one, one after another.
    texts: String,
}

/// A glyph one page draws, and what it maps to there: [`Mapped::EMPTY`],
/// [`Mapped::SOFT_HYPHEN`], or [`Mapped::TEXT`] with `text` its range in the page's texts.
struct PageGlyph {
    font: FontId,
    gid: u16,
    mapped: u32,
    text: (u32, u32),
}

impl PageGlyphs {
    /// The glyphs `page` draws.
    pub fn of(page: &Page, book: &'static FontBook) -> Result<PageGlyphs, RenderError> {
        let seen = seen_in(std::slice::from_ref(page), book)?;
        let mut out = PageGlyphs::default();
        for (font, (_, mapped)) in seen {
            for (gid, &state) in (0u16..).zip(&mapped.by_glyph) {
                let text = match state {
                    Mapped::UNSEEN => continue,
                    Mapped::EMPTY | Mapped::SOFT_HYPHEN => (0, 0),
                    n => {
                        let text = mapped.texts.get((n - Mapped::TEXT) as usize);
                        let start = out.texts.len() as u32;
                        out.texts.push_str(text.map_or("", String::as_str));
                        (start, out.texts.len() as u32)
                    }
                };
                let mapped = state.min(Mapped::TEXT);
                out.glyphs.push(PageGlyph {
                    font,
                    gid,
                    mapped,
                    text,
                });
            }
        }
        out.glyphs.shrink_to_fit();
        out.texts.shrink_to_fit();
        Ok(out)
    }

    /// Each glyph with the text it stands for on this page (a soft hyphen for an added
    /// hyphen, "" for none).
    fn each(&self) -> impl Iterator<Item = (FontId, u16, &str)> {
        self.glyphs.iter().map(|glyph| {
            let text = match glyph.mapped {
                Mapped::SOFT_HYPHEN => SOFT_HYPHEN,
                Mapped::TEXT => {
                    let (start, end) = glyph.text;
                    self.texts.get(start as usize..end as usize).unwrap_or("")
                }
                _ => "",
            };
            (glyph.font, glyph.gid, text)
        })
    }
}

/// The text each glyph of a face maps to so far, in document order (see [`FontUsage::of`]):
/// a number per glyph id (zeroed memory, so a face's unused glyphs cost no page), and the
/// texts the numbers past [`Mapped::TEXT`] stand for.
struct Mapped {
    by_glyph: Vec<u32>,
    texts: Vec<String>,
}

impl Mapped {
    const UNSEEN: u32 = 0;
    /// Drawn with no text.
    const EMPTY: u32 = 1;
    /// Drawn with only the soft hyphen of added hyphens.
    const SOFT_HYPHEN: u32 = 2;
    /// The first other text (final): `texts[n - TEXT]`.
    const TEXT: u32 = 3;

    fn new(glyphs: u16) -> Mapped {
        Mapped {
            by_glyph: vec![Mapped::UNSEEN; usize::from(glyphs)],
            texts: Vec::new(),
        }
    }

    /// Glyph `gid` drawn for `text`; a glyph id the face lacks is ignored.
    fn see(&mut self, gid: u16, text: &str) {
        let Some(mapped) = self.by_glyph.get_mut(usize::from(gid)) else {
            return;
        };
        *mapped = match *mapped {
            done if done >= Mapped::TEXT => return,
            _ if text == SOFT_HYPHEN => Mapped::SOFT_HYPHEN,
            Mapped::UNSEEN if text.is_empty() => Mapped::EMPTY,
            _ if text.is_empty() => return,
            _ => {
                self.texts.push(text.to_string());
                // At most one text per glyph id, so far below u32::MAX.
                Mapped::TEXT + u32::try_from(self.texts.len() - 1).unwrap_or(u32::MAX)
            }
        };
    }

    /// Adds what `later`, the same face in pages after these, found: a glyph's first text
    /// stays first; failing one, a soft hyphen comes before no text, which comes before
    /// unseen.
    fn then(&mut self, mut later: Mapped) {
        for (mapped, found) in self.by_glyph.iter_mut().zip(later.by_glyph) {
            if *mapped >= Mapped::TEXT {
                continue;
            }
            if found >= Mapped::TEXT {
                let text = later.texts.get_mut((found - Mapped::TEXT) as usize);
                self.texts
                    .push(text.map(std::mem::take).unwrap_or_default());
                *mapped = Mapped::TEXT + u32::try_from(self.texts.len() - 1).unwrap_or(u32::MAX);
            } else {
                *mapped = (*mapped).max(found);
            }
        }
    }

    /// The glyphs drawn, with the text each maps to.
    fn into_glyphs(self) -> BTreeMap<u16, String> {
        let mut texts: Vec<Option<String>> = self.texts.into_iter().map(Some).collect();
        (0u16..)
            .zip(self.by_glyph)
            .filter_map(|(gid, mapped)| {
                let text = match mapped {
                    Mapped::UNSEEN => return None,
                    Mapped::EMPTY => String::new(),
                    Mapped::SOFT_HYPHEN => SOFT_HYPHEN.to_string(),
                    n => texts.get_mut((n - Mapped::TEXT) as usize)?.take()?,
                };
                Some((gid, text))
            })
            .collect()
    }
}

struct UsedFace {
    face: &'static Face,
    /// Every glyph drawn, with the text it maps to in the ToUnicode CMap ("" maps to nothing).
    glyphs: BTreeMap<u16, String>,
}

impl FontUsage {
    /// Collects the faces and glyphs `pages` draws. A glyph that stands for different
    /// texts in different places (rare: the shaper reuses a glyph in another cluster) maps
    /// to the first non-empty text in document order, so the choice is deterministic; a soft
    /// hyphen (the text of a hyphen added at a line break) yields to any other text, so the
    /// text's own hyphens keep the hyphen glyph's mapping and the added ones get
    /// `/ActualText` (see `content`).
    pub fn of(pages: &Pages, book: &'static FontBook) -> Result<FontUsage, RenderError> {
        // A long document's pages are gone through in chunks on every core, and the chunks'
        // findings merged in page order, which keeps "first in document order". Two chunks
        // a thread: each holds a table per face until the merge.
        let seen = if pages.pages.len() >= super::PARALLEL_PAGES {
            let chunk = pages.pages.len().div_ceil(2 * rayon::current_num_threads());
            let chunks: Vec<_> = pages
                .pages
                .par_chunks(chunk.max(1))
                .map(|chunk| seen_in(chunk, book))
                .collect();
            let mut chunks = chunks.into_iter();
            let mut seen = chunks.next().unwrap_or_else(|| Ok(BTreeMap::new()))?;
            for chunk in chunks {
                for (font, (face, mapped)) in chunk? {
                    match seen.entry(font) {
                        Entry::Occupied(entry) => entry.into_mut().1.then(mapped),
                        Entry::Vacant(entry) => drop(entry.insert((face, mapped))),
                    }
                }
            }
            seen
        } else {
            seen_in(&pages.pages, book)?
        };
        Ok(FontUsage::from_seen(seen))
    }

    fn from_seen(seen: BTreeMap<FontId, (&'static Face, Mapped)>) -> FontUsage {
        let faces = seen
            .into_iter()
            .map(|(font, (face, mapped))| {
                let glyphs = mapped.into_glyphs();
                (font, UsedFace { face, glyphs })
            })
            .collect();
        FontUsage { faces }
    }

    /// The usage of a document whose pages draw `pages`, in order: what
    /// [`FontUsage::of`] finds going through the pages themselves.
    pub fn of_pages<'a>(
        pages: impl IntoIterator<Item = &'a PageGlyphs>,
        book: &'static FontBook,
    ) -> Result<FontUsage, RenderError> {
        let mut seen: BTreeMap<FontId, (&'static Face, Mapped)> = BTreeMap::new();
        for page in pages {
            for (font, gid, text) in page.each() {
                let (_, mapped) = match seen.entry(font) {
                    Entry::Occupied(entry) => entry.into_mut(),
                    Entry::Vacant(entry) => {
                        let face = book
                            .load(font)
                            .map_err(|err| RenderError(err.to_string()))?;
                        entry.insert((face, Mapped::new(face.shaper.number_of_glyphs())))
                    }
                };
                // What a page maps a glyph to is what one pass would have seen last.
                mapped.see(gid, text);
            }
        }
        Ok(FontUsage::from_seen(seen))
    }

    /// Whether `font` is used as in `other`: the same face, the same glyphs, the same texts.
    pub fn same_face(&self, other: &FontUsage, font: FontId) -> bool {
        match (self.faces.get(&font), other.faces.get(&font)) {
            (Some(a), Some(b)) => std::ptr::eq(a.face, b.face) && a.glyphs == b.glyphs,
            _ => false,
        }
    }

    /// The face of `font` (one the document uses).
    pub fn face(&self, font: FontId) -> &'static Face {
        self.faces[&font].face
    }

    /// The text glyph `gid` of `font` maps to in the ToUnicode CMap.
    pub fn text_of(&self, font: FontId, gid: u16) -> &str {
        self.faces
            .get(&font)
            .and_then(|used| used.glyphs.get(&gid))
            .map_or("", String::as_str)
    }

    /// Whether glyph `gid` of `font` stands for white space (a space glyph shows nothing).
    pub fn is_blank(&self, font: FontId, gid: u16) -> bool {
        let text = self.text_of(font, gid);
        !text.is_empty() && text.chars().all(char::is_whitespace)
    }

    /// The advance of glyph `gid` in whole thousandths of an em: what the font's `/W` says
    /// (see `font_files`) and the content stream's pen follows, so the viewer's pen and ours
    /// agree.
    pub fn advance(&self, font: FontId, gid: u16) -> f64 {
        let Some(used) = self.faces.get(&font) else {
            return 0.0;
        };
        let face = used.face;
        let units = face
            .shaper
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        (units as f32 * 1000.0 / face.units_per_em).trunc() as f64
    }

    /// The six-letter subset tag of `font` (ISO 32000-1, 9.6.4): derived from the face and
    /// the glyphs kept, so that the same subset always gets the same tag.
    pub fn subset_tag(&self, font: FontId) -> String {
        let mut hash = Sha256::new();
        if let Some(used) = self.faces.get(&font) {
            hash.update(used.face.name.as_bytes());
            for gid in used.glyphs.keys() {
                hash.update(gid.to_be_bytes());
            }
        }
        hash.finalize()
            .iter()
            .take(6)
            .map(|byte| char::from(b'A' + byte % 26))
            .collect()
    }

    /// The glyphs of `font` drawn anywhere, in id order, with the text each maps to.
    pub fn glyphs(&self, font: FontId) -> impl Iterator<Item = (u16, &str)> + '_ {
        self.faces
            .get(&font)
            .into_iter()
            .flat_map(|used| used.glyphs.iter().map(|(&gid, text)| (gid, text.as_str())))
    }

    /// The faces used, in id order.
    pub fn fonts(&self) -> impl Iterator<Item = FontId> + '_ {
        self.faces.keys().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{Mapped, SOFT_HYPHEN};

    /// What one glyph maps to after `texts`, seen in order.
    fn after(texts: &[&str]) -> Option<String> {
        let mut mapped = Mapped::new(1);
        for text in texts {
            mapped.see(0, text);
        }
        mapped.into_glyphs().remove(&0)
    }

    #[test]
    fn chunks_and_page_summaries_merged_in_order_map_as_one_pass_does() {
        let texts = ["", SOFT_HYPHEN, "-", "\u{2010}", ""];
        // Every sequence of up to four texts, split at every place.
        let mut sequences: Vec<Vec<&str>> = vec![vec![]];
        for _ in 0..4 {
            let longer: Vec<Vec<&str>> = sequences
                .iter()
                .flat_map(|seq| texts.iter().map(move |t| [seq.clone(), vec![*t]].concat()))
                .collect();
            sequences.extend(longer);
        }
        for sequence in &sequences {
            for split in 0..=sequence.len() {
                let (before, later) = sequence.split_at(split);
                let mut merged = Mapped::new(1);
                before.iter().for_each(|text| merged.see(0, text));
                let mut rest = Mapped::new(1);
                later.iter().for_each(|text| rest.see(0, text));
                // A page's summary is its final state, seen once after the pages before.
                let mut summarized = Mapped::new(1);
                before.iter().for_each(|text| summarized.see(0, text));
                let final_text = match rest.by_glyph[0] {
                    Mapped::UNSEEN => None,
                    Mapped::EMPTY => Some(String::new()),
                    Mapped::SOFT_HYPHEN => Some(SOFT_HYPHEN.to_string()),
                    n => Some(rest.texts[(n - Mapped::TEXT) as usize].clone()),
                };
                if let Some(text) = final_text {
                    summarized.see(0, &text);
                }
                merged.then(rest);
                assert_eq!(
                    merged.into_glyphs().remove(&0),
                    after(sequence),
                    "{sequence:?} at {split}"
                );
                assert_eq!(
                    summarized.into_glyphs().remove(&0),
                    after(sequence),
                    "{sequence:?} at {split}, summarized"
                );
            }
        }
        assert_eq!(after(&[SOFT_HYPHEN, "", "-"]).as_deref(), Some("-"));
        assert_eq!(after(&["", SOFT_HYPHEN]).as_deref(), Some(SOFT_HYPHEN));
        assert_eq!(after(&[]), None);
    }
}
