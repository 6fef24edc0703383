//! Set paragraphs kept by what they were set from, so that a build sets each text once and a
//! rebuild sets only what changed (docs/performance.md, "Incremental rebuilds and parallel
//! setting").
//!
//! The text stage's output is a pure function of the runs, the paragraph style, the measure
//! and the font book, so an entry is keyed by all four, compared exactly (no hash stands in
//! for the key). Where the text stands in the source is not part of the key: a paragraph
//! moved by an edit above it is found again, and its warnings get their place anew.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::check::text_lost;
use crate::text::{self, Family, FontBook, Line, ParagraphStyle, SetParagraph, StyledRun};

/// Below this many paragraphs to set, the work is too small to share between threads (the
/// seed has about 60; see `render::PARALLEL_PAGES` for what starting rayon costs).
const PARALLEL_PARAGRAPHS: usize = 200;

/// What a paragraph is set from, owned and exactly comparable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SetKey {
    runs: Vec<OwnedRun>,
    family: Family,
    /// The style's size and the measure, as bits: equal keys set equal lines.
    size: u32,
    measure: u32,
    flags: [bool; 5],
    language: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct OwnedRun {
    text: String,
    bold: bool,
    italic: bool,
    link: Option<String>,
}

impl SetKey {
    pub fn new(runs: &[StyledRun], style: &ParagraphStyle, measure: f32) -> SetKey {
        SetKey {
            runs: runs
                .iter()
                .map(|run| OwnedRun {
                    text: run.text.to_string(),
                    bold: run.bold,
                    italic: run.italic,
                    link: run.link.map(str::to_string),
                })
                .collect(),
            family: style.text.family,
            size: style.text.size.to_bits(),
            measure: measure.to_bits(),
            flags: [
                style.text.bold,
                style.text.italic,
                style.justify,
                style.hyphenate,
                style.hyphenate_capitalized,
            ],
            language: style.language.clone(),
        }
    }

    /// The runs, style and measure the key was made from.
    fn parts(&self) -> (Vec<StyledRun<'_>>, ParagraphStyle, f32) {
        let runs = self
            .runs
            .iter()
            .map(|run| StyledRun {
                text: &run.text,
                bold: run.bold,
                italic: run.italic,
                link: run.link.as_deref(),
            })
            .collect();
        let [bold, italic, justify, hyphenate, hyphenate_capitalized] = self.flags;
        let style = ParagraphStyle {
            text: text::TextStyle {
                family: self.family,
                size: f32::from_bits(self.size),
                bold,
                italic,
            },
            justify,
            hyphenate,
            hyphenate_capitalized,
            language: self.language.clone(),
        };
        (runs, style, f32::from_bits(self.measure))
    }

    /// Sets the paragraph the key describes, and checks it lost no text.
    fn set(&self, fonts: &FontBook) -> Checked {
        let (runs, style, measure) = self.parts();
        let set = text::set_paragraph(fonts, &runs, &style, measure);
        let source: String = self.runs.iter().map(|run| run.text.as_str()).collect();
        let lost = text_lost(&source, &set.lines);
        Checked { set, lost }
    }
}

/// A set paragraph and what the safety net found of it ([`text_lost`]): both depend on the
/// key alone, so both are kept.
#[derive(Debug, Default)]
pub struct Checked {
    pub set: SetParagraph,
    /// The first letters the lines lost, if they lost any.
    pub lost: Option<String>,
}

impl Checked {
    pub fn lines(&self) -> &[Line] {
        &self.set.lines
    }
}

/// Set paragraphs by what they were set from. Entries not used by the last build are dropped
/// when it ends ([`SetCache::sweep`]), so the cache never holds more than one build's text.
#[derive(Default)]
pub struct SetCache {
    entries: HashMap<SetKey, Entry>,
    /// The address of the font book the entries were set with: another book empties it.
    fonts: usize,
    /// Paragraphs set (not found) since the last sweep, for tests and benchmarks.
    misses: usize,
    /// List markers ("•", "12.") by their text: as many as the longest list has items.
    markers: HashMap<String, Line>,
}

struct Entry {
    set: Arc<Checked>,
    used: bool,
}

impl SetCache {
    /// Readies the cache for a build with `fonts`: entries set with another book are dropped.
    pub fn begin(&mut self, fonts: &FontBook) {
        let book = std::ptr::from_ref(fonts) as usize;
        if self.fonts != book {
            self.entries.clear();
            self.markers.clear();
            self.fonts = book;
        }
        self.misses = 0;
    }

    /// The paragraph `key` describes, set now unless it was before.
    pub fn get(&mut self, fonts: &FontBook, key: SetKey) -> Arc<Checked> {
        let misses = &mut self.misses;
        let entry = self.entries.entry(key).or_insert_with_key(|key| {
            *misses += 1;
            Entry {
                set: Arc::new(key.set(fonts)),
                used: false,
            }
        });
        entry.used = true;
        Arc::clone(&entry.set)
    }

    /// The marker `label`, set with `set` unless it was before.
    pub fn marker(&mut self, label: String, set: impl FnOnce(&str) -> Line) -> Line {
        self.markers
            .entry(label)
            .or_insert_with_key(|label| set(label))
            .clone()
    }

    /// Sets every paragraph of `keys` not set yet, on every core when there are enough of
    /// them. The lines do not depend on the thread that set them.
    pub fn set_all(&mut self, fonts: &FontBook, keys: Vec<SetKey>) {
        // A text repeated (a heading, a caption) is set once; the order the missing ones
        // are set in does not matter, as each is set on its own.
        let missing: HashSet<SetKey> = keys
            .into_iter()
            .filter(|key| !self.entries.contains_key(key))
            .collect();
        let set = |key: SetKey| {
            let set = Arc::new(key.set(fonts));
            (key, set)
        };
        let done: Vec<(SetKey, Arc<Checked>)> = if missing.len() >= PARALLEL_PARAGRAPHS {
            missing.into_par_iter().map(set).collect()
        } else {
            missing.into_iter().map(set).collect()
        };
        self.misses += done.len();
        for (key, set) in done {
            self.entries.insert(key, Entry { set, used: false });
        }
    }

    /// Ends a build: drops what it did not use, and readies the marks for the next.
    pub fn sweep(&mut self) {
        self.entries
            .retain(|_, entry| std::mem::take(&mut entry.used));
    }

    /// How many paragraphs are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many paragraphs were set, rather than found, since the build began.
    pub fn misses(&self) -> usize {
        self.misses
    }
}
