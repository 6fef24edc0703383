//! Set paragraphs kept by what they were set from, so that a build sets each text once and a
//! rebuild sets only what changed (docs/performance.md, "Incremental rebuilds and parallel
//! setting").
//!
//! The text stage's output is a pure function of the runs, the paragraph style, the measure
//! and the font book, so an entry is keyed by all four, compared exactly (no hash stands in
//! for the key). Where the text stands in the source is not part of the key: a paragraph
//! moved by an edit above it is found again, and its warnings get their place anew.

use std::collections::VecDeque;
use std::sync::mpsc;
use std::sync::Arc;

use foldhash::{HashMap, HashSet};

use super::block_cache::{counted_as, BlockCache, Entry};
use super::chart::{ChartKey, Drawing};
use super::check::text_lost;
use super::kept::KeptLine;
use super::measure::{rivers, LineFacts};
use super::table::{SetTable, TableKey};
use crate::text::{self, Family, FontBook, Line, ParagraphStyle, StyledRun, TextStyle};

/// How many planned paragraphs are set ahead of the collector at a time: enough to share
/// between cores, few enough that their lines cost little memory before the display list
/// takes them.
const WINDOW: usize = 256;

/// Below this many paragraphs to set, the work is too small to share between threads (the
/// seed has about 60: starting a thread costs more than sharing them saves).
const PARALLEL_PARAGRAPHS: usize = 64;

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
    /// Every field of the runs and the style is taken apart by name, so a field added to
    /// either does not compile until the key holds it too: a key that left out something
    /// the setting depends on would give one paragraph's lines to another.
    pub fn new(runs: &[StyledRun], style: &ParagraphStyle, measure: f32) -> SetKey {
        let ParagraphStyle {
            text:
                TextStyle {
                    family,
                    size,
                    bold,
                    italic,
                },
            justify,
            hyphenate,
            hyphenate_capitalized,
            language,
        } = style;
        let owned = |&StyledRun {
                         text,
                         bold,
                         italic,
                         link,
                     }| OwnedRun {
            text: text.to_string(),
            bold,
            italic,
            link: link.map(str::to_string),
        };
        SetKey {
            runs: runs.iter().map(owned).collect(),
            family: *family,
            size: size.to_bits(),
            measure: measure.to_bits(),
            flags: [*bold, *italic, *justify, *hyphenate, *hyphenate_capitalized],
            language: language.clone(),
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
            text: TextStyle {
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

    /// Sets the paragraph the key describes, checks it lost no text, and keeps its lines
    /// compact.
    fn set(&self, fonts: &FontBook) -> Checked {
        let (runs, style, measure) = self.parts();
        let set = text::set_paragraph(fonts, &runs, &style, measure);
        let source: String = self.runs.iter().map(|run| run.text.as_str()).collect();
        let lost = text_lost(&source, &set.lines);
        let lines: Vec<KeptLine> = set.lines.iter().map(KeptLine::from).collect();
        let facts: Arc<[LineFacts]> = lines.iter().map(LineFacts::from).collect();
        Checked {
            rivers: rivers(&facts, |_| 0),
            facts,
            lines,
            warnings: set.warnings,
            lost,
        }
    }
}

/// A set paragraph, its lines kept compact ([`KeptLine`]), what the safety net found of it
/// ([`text_lost`]) and what the report measures of its lines: all depend on the key alone,
/// so all are kept.
#[derive(Debug, Default)]
pub struct Checked {
    pub lines: Vec<KeptLine>,
    /// Each line's [`LineFacts`], shared with the build's report, and its rivers when it
    /// stands on one page.
    pub facts: Arc<[LineFacts]>,
    pub rivers: usize,
    pub warnings: Vec<text::Warning>,
    /// The first letters the lines lost, if they lost any.
    pub lost: Option<String>,
}

impl Checked {
    pub fn lines(&self) -> &[KeptLine] {
        &self.lines
    }
}

/// Set paragraphs by what they were set from.
///
/// The paragraphs a build will set are planned ([`SetCache::plan`]) and set ahead of the
/// collector a window at a time, on two threads; each is kept compact ([`KeptLine`]) from
/// the moment it is set. A session's cache ([`SetCache::default`]) keeps what the last build
/// used and drops the rest when it ends ([`SetCache::sweep`]); a cold build's
/// ([`SetCache::one_build`]) drops each paragraph after its last planned use, so a build
/// holds no more than it did before there was a cache.
#[derive(Default)]
pub struct SetCache {
    entries: HashMap<SetKey, Entry<Checked>>,
    /// Set tables and drawn charts by what they are made of, kept as paragraphs are.
    tables: BlockCache<TableKey, SetTable>,
    charts: BlockCache<ChartKey, Drawing>,
    /// Page footers ("Page 3 of 12") by their text: a session's rebuild that keeps the page
    /// count sets none.
    footers: BlockCache<String, Line>,
    /// Planned paragraphs not set yet, in reading order (the order the collector asks).
    pending: VecDeque<SetKey>,
    /// How many times the plan uses each paragraph (for a cold build only), by the key's
    /// hash ([`counted_as`]): a copy of every key would be held to the end of the layout.
    planned_uses: HashMap<u64, usize>,
    /// Drop each entry after its last planned use instead of keeping it for the next build.
    one_build: bool,
    /// The address of the font book the entries were set with: another book empties it.
    fonts: usize,
    /// Paragraphs set (not found) since the build began, for tests and benchmarks.
    misses: usize,
    /// List markers ("•", "12.") by their text: as many as the longest list has items.
    markers: HashMap<String, Line>,
    /// The thread that sets beside the collector's, while a build lasts.
    helper: Option<Helper>,
}

/// A thread that sets the keys it is sent and sends them back set.
struct Helper {
    ask: mpsc::Sender<Vec<SetKey>>,
    answers: mpsc::Receiver<Vec<(SetKey, Arc<Checked>)>>,
    thread: std::thread::JoinHandle<()>,
}

/// One paragraph set, with its key.
fn set_one(fonts: &FontBook, key: SetKey) -> (SetKey, Arc<Checked>) {
    let set = Arc::new(key.set(fonts));
    (key, set)
}

impl SetCache {
    /// A cache for one cold build: what it sets is dropped once used.
    pub fn one_build() -> SetCache {
        SetCache {
            one_build: true,
            ..SetCache::default()
        }
    }

    /// Readies the cache for a build with `fonts`: entries set with another book are dropped.
    pub fn begin(&mut self, fonts: &FontBook) {
        let book = std::ptr::from_ref(fonts) as usize;
        let fresh = self.fonts != book;
        if fresh {
            self.entries.clear();
            self.markers.clear();
            self.fonts = book;
        }
        self.tables.begin(fresh);
        self.charts.begin(fresh);
        self.footers.begin(fresh);
        self.pending.clear();
        self.planned_uses.clear();
        self.misses = 0;
    }

    /// The paragraphs the build will ask for, in the order it will: those not held are set
    /// ahead of it, a window at a time. `tables` and `charts` count the briefing's tables
    /// and charts ([`counted_as`]): a cold build keeps a table's grid or a chart's drawing
    /// only while another use of it is to come.
    pub fn plan(&mut self, keys: Vec<SetKey>, (tables, charts): (&[u64], &[u64])) {
        if self.one_build {
            for key in &keys {
                *self.planned_uses.entry(counted_as(key)).or_default() += 1;
            }
            tables.iter().for_each(|&counted| self.tables.plan(counted));
            charts.iter().for_each(|&counted| self.charts.plan(counted));
        }
        self.pending = keys
            .into_iter()
            .filter(|key| !self.entries.contains_key(key))
            .collect();
    }

    /// The paragraph `key` describes, set now unless it was before or ahead.
    pub fn get(&mut self, fonts: &'static FontBook, key: SetKey) -> Arc<Checked> {
        if !self.entries.contains_key(&key) && self.next_planned(&key) {
            self.set_window(fonts);
        }
        let Some(entry) = self.entries.get_mut(&key) else {
            self.misses += 1;
            let set = Arc::new(key.set(fonts));
            if !self.one_build {
                let entry = Entry {
                    set: Arc::clone(&set),
                    used: true,
                    uses_left: 0,
                };
                self.entries.insert(key, entry);
            }
            return set;
        };
        entry.used = true;
        entry.uses_left = entry.uses_left.saturating_sub(1);
        if self.one_build && entry.uses_left == 0 {
            return self
                .entries
                .remove(&key)
                .map(|entry| entry.set)
                .unwrap_or_default();
        }
        Arc::clone(&entry.set)
    }

    /// The table grid `key` describes, set with `set` unless it was before.
    pub fn table(&mut self, key: TableKey, set: impl FnOnce() -> SetTable) -> Arc<SetTable> {
        let counted = counted_as(&key);
        self.tables.get(key, (counted, self.one_build), |_| set())
    }

    /// The chart drawing `key` describes, drawn with `draw` unless it was before. A cold
    /// build's plan counts a chart by what it knows of it, all but the height.
    pub fn chart(
        &mut self,
        key: ChartKey,
        draw: impl FnOnce(&ChartKey) -> Drawing,
    ) -> Arc<Drawing> {
        let counted = counted_as(&key.from);
        self.charts.get(key, (counted, self.one_build), draw)
    }

    /// The footer `text`, set with `set` unless the last build did (a cold build keeps none).
    pub fn footer(&mut self, text: String, set: impl FnOnce(&str) -> Line) -> Arc<Line> {
        self.footers
            .get(text, (0, self.one_build), |text| set(text))
    }

    /// Whether `key` is the next planned paragraph not held: only then is the next window
    /// set. A text the plan does not know (a table's caption) is set alone, so that it does
    /// not pull windows ahead of the collector and hold their lines.
    fn next_planned(&mut self, key: &SetKey) -> bool {
        while let Some(front) = self.pending.front() {
            if front == key || !self.entries.contains_key(front) {
                break;
            }
            self.pending.pop_front();
        }
        self.pending.front() == Some(key)
    }

    /// Sets the next window of planned paragraphs not held, on two threads when the window is
    /// full enough to share. Each is set on its own, so the lines do not depend on the thread
    /// nor on the order.
    fn set_window(&mut self, fonts: &'static FontBook) {
        let mut window: HashSet<SetKey> = HashSet::default();
        while window.len() < WINDOW {
            let Some(key) = self.pending.pop_front() else {
                break;
            };
            if !self.entries.contains_key(&key) {
                window.insert(key);
            }
        }
        let mut mine: Vec<SetKey> = window.into_iter().collect();
        let mut done: Vec<(SetKey, Arc<Checked>)> = Vec::with_capacity(mine.len());
        let helper = match mine.len() >= PARALLEL_PARAGRAPHS {
            true => self.helper(fonts),
            false => None,
        };
        match helper {
            // This thread sets half the window while the helper sets the other half.
            Some(helper) => {
                let theirs = mine.split_off(mine.len() / 2);
                let asked = helper.ask.send(theirs);
                done.extend(mine.into_iter().map(|key| set_one(fonts, key)));
                match asked {
                    Ok(()) => done.extend(self.helped()),
                    Err(unsent) => done.extend(unsent.0.into_iter().map(|k| set_one(fonts, k))),
                }
            }
            None => done.extend(mine.into_iter().map(|key| set_one(fonts, key))),
        }
        self.misses += done.len();
        for (key, set) in done {
            let uses_left = self
                .planned_uses
                .get(&counted_as(&key))
                .copied()
                .unwrap_or(0);
            let entry = Entry {
                set,
                used: false,
                uses_left,
            };
            self.entries.insert(key, entry);
        }
    }

    /// The thread that sets half of each window beside this one, started for the build
    /// and joined when it ends, so that neither it nor its caches of shaped words outlive
    /// the layout. (On rayon's pool, this thread would wait while two others set.)
    fn helper(&mut self, fonts: &'static FontBook) -> Option<&Helper> {
        if self.helper.is_none() {
            let (ask, asked) = mpsc::channel::<Vec<SetKey>>();
            let (answer, answers) = mpsc::channel();
            let thread = std::thread::Builder::new()
                .name("briefing-setting".into())
                .spawn(move || {
                    for keys in asked {
                        let done: Vec<_> = keys.into_iter().map(|k| set_one(fonts, k)).collect();
                        if answer.send(done).is_err() {
                            break;
                        }
                    }
                })
                .ok()?;
            self.helper = Some(Helper {
                ask,
                answers,
                thread,
            });
        }
        self.helper.as_ref()
    }

    /// The helper's half of the window; its panic, if setting panicked there.
    fn helped(&mut self) -> Vec<(SetKey, Arc<Checked>)> {
        let answer = self.helper.as_ref().map(|helper| helper.answers.recv());
        match answer {
            Some(Ok(done)) => done,
            _ => {
                if let Some(Err(panic)) = self.helper.take().map(|h| h.thread.join()) {
                    std::panic::resume_unwind(panic);
                }
                Vec::new()
            }
        }
    }

    /// The marker `label`, set with `set` unless it was before.
    pub fn marker(&mut self, label: String, set: impl FnOnce(&str) -> Line) -> Line {
        self.markers
            .entry(label)
            .or_insert_with_key(|label| set(label))
            .clone()
    }

    /// Ends a build: drops what it did not use, and readies the marks for the next.
    pub fn sweep(&mut self) {
        if let Some(helper) = self.helper.take() {
            // Its caches and heap are let go before the render starts.
            drop(helper.ask);
            let _ = helper.thread.join();
        }
        self.entries
            .retain(|_, entry| std::mem::take(&mut entry.used));
        self.tables.sweep();
        self.charts.sweep();
        self.footers.sweep();
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

    /// How many tables were set, rather than found, since the build began; how many are
    /// held.
    pub fn tables(&self) -> (usize, usize) {
        self.tables.counts()
    }

    /// The same for charts.
    pub fn charts(&self) -> (usize, usize) {
        self.charts.counts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: usize) -> SetKey {
        let text = format!(
            "Paragraph {n}: the helper thread sets half of every window, and what it sets must \
             be what this thread would have set, hyphenation{n} and justification included."
        );
        let style = ParagraphStyle {
            text: text::TextStyle {
                family: Family::Serif,
                size: 10.5,
                bold: false,
                italic: false,
            },
            justify: true,
            hyphenate: true,
            hyphenate_capitalized: false,
            language: "en".into(),
        };
        SetKey::new(&[StyledRun::plain(&text)], &style, 120.0 + (n % 7) as f32)
    }

    /// Windows set on two threads give the lines one thread gives, each once, and a cold
    /// build's cache lets each go after its planned use.
    #[test]
    fn paragraphs_set_on_the_helper_are_the_ones_set_here() {
        let fonts = FontBook::embedded();
        let keys: Vec<SetKey> = (0..300).map(key).collect();
        // More than a window, and windows large enough to be shared with the helper.
        assert!(keys.len() > WINDOW && WINDOW >= PARALLEL_PARAGRAPHS);
        let mut cache = SetCache::one_build();
        cache.begin(fonts);
        cache.plan(keys.clone(), (&[], &[]));
        for key in keys {
            let alone = key.set(fonts);
            let got = cache.get(fonts, key);
            assert_eq!(got.lines, alone.lines);
            assert_eq!(got.warnings, alone.warnings);
            assert_eq!(got.lost, alone.lost);
        }
        assert_eq!(cache.misses(), 300);
        assert!(cache.is_empty());
        cache.sweep();
    }

    /// Only the next planned paragraph sets a window: a text the plan does not know (a
    /// table's caption) is set alone, and the windows never run ahead of the collector.
    #[test]
    fn windows_are_set_only_as_the_collector_reaches_them() {
        let fonts = FontBook::embedded();
        let mut cache = SetCache::one_build();
        cache.begin(fonts);
        cache.plan((0..600).map(key).collect(), (&[], &[]));
        for unplanned in 1000..1010 {
            cache.get(fonts, key(unplanned));
        }
        assert!(cache.is_empty(), "{} held", cache.len());
        cache.get(fonts, key(0));
        assert_eq!(cache.len(), WINDOW - 1);
        for n in 1..WINDOW {
            cache.get(fonts, key(n));
        }
        assert!(cache.is_empty());
        cache.get(fonts, key(WINDOW));
        assert_eq!(cache.len(), WINDOW - 1);
        cache.sweep();
    }
}
