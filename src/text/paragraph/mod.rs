//! A paragraph from styled runs to set lines.
//!
//! Every word is shaped once, whole (so ligatures and kerning hold across hyphenation points),
//! then turned into boxes, glue and penalties for the breaker. Breaking runs in passes, as in
//! TeX: first without hyphenation, then with it, both within the tolerance (spaces at most
//! 1.6 of natural, letters at their widest); then the emergency pass, which accepts looser
//! lines at their true cost and, for a word wider than the measure, breaks inside it. Each
//! chosen line is then set: its glyphs positioned with the spaces, the letter spacing and
//! the font expansion stretched or shrunk to the measure when justified.

mod runs;
mod setting;
mod shaped;

pub use shaped::ShapedText;

use std::collections::HashSet;
use std::ops::Range;

use super::bidi;
use super::breaks::{tokenize, InnerBreakKind, Token, TokenKind};
use super::fonts::{FontBook, FontId};
use super::hyphenate::Hyphenator;
use super::linebreak::{optimal_breaks, Break, Item, Params, FORBIDDEN, FORCED, MAX_HYPHEN_RUN};
use super::shape::{self, FaceChoice, Placement, ShapedGlyph};
use super::{
    protrusion, Line, ParagraphStyle, SetParagraph, StyledRun, TextStyle, Warning, WarningKind,
    SOFT_HYPHEN,
};

/// The penalty of a break at a hyphenation point (TeX's `\hyphenpenalty` is 50). It is added
/// inside the square of the line's cost (`linebreak`), so at 500 a hyphen costs a little more
/// than the loosest line `TOLERANCE` allows (badness 491): no line within the bounds loses to
/// a hyphen, and hyphens are left where no set of lines within the bounds exists. Measured
/// over the seed and the fixtures (docs/architecture.md): at 300, 36 hyphenated lines in
/// all; at 500 and 1000, 31; at 2000, 30, but the last resort then sets lines at 1.77.
const HYPHEN_COST: f32 = 500.0;
/// A break after a hyphen in the text (TeX's `\exhyphenpenalty`): no word is cut, so it costs
/// what TeX charges.
const EXPLICIT_HYPHEN_COST: f32 = 50.0;
/// A break after a slash or dash: allowed, but less welcome than at a space.
const PLAIN_BREAK_COST: f32 = 100.0;
/// A break inside a word too wide for the measure: the last resort.
const EMERGENCY_COST: f32 = 1_000.0;
/// How far justified spaces stretch and shrink at an adjustment ratio of ±1, as fractions of
/// the natural space: issue 16's bounds (0.85 to 1.35 of natural for 95 % of lines). TeX's
/// and Typst's +50 %/−33 % set the seed's tightest lines at 0.69; narrower give here is made
/// up by letter spacing and font expansion.
const SPACE_STRETCH: f32 = 0.35;
const SPACE_SHRINK: f32 = 0.15;
/// Letter spacing a justified line may add or take between the clusters of its words, at
/// most, in ems; spaces and letter spacing share a line's adjustment in proportion to their
/// give (InDesign and microtype's font expansion work the same way), so a line at full
/// stretch has spaces at 1.35 and 0.03 em between letters. Noto Serif's space is narrow
/// (0.26 em), so on a line of ten spaces and sixty letters the letters give about as much as
/// the spaces. Measured (before font expansion was added): at 0.02 em the seed still needs
/// lines above 1.35 (95th percentile 1.41) and the A5 fixtures hyphenate 11-18 % of lines; 0.03 em sets the seed with no
/// hyphen and its 95th percentile at 1.34; 0.035 and 0.04 em trade the A5 fixtures' hyphens
/// for lines at 1.5, which reads worse. Tighter than 0.015 em, serif letters start to touch.
const LETTER_STRETCH_EMS: f32 = 0.03;
const LETTER_SHRINK_EMS: f32 = 0.015;
/// Font expansion a justified line may use at most, as a fraction of its glyphs' advances:
/// every glyph of the line widened or narrowed horizontally by the same factor (pdfTeX's
/// and microtype's `expansion`, written as the PDF's horizontal scaling, `Tz`, which leaves
/// the text layer as it is). Like letter spacing it shares a line's adjustment with the
/// spaces in proportion to its give. Measured over the seed and the fixtures
/// (docs/architecture.md): at ±2 % (microtype's default) two A5 fixtures still miss issue
/// 16's targets, at ±2.25 % one; ±2.5 % is the least that meets them all, and the least
/// distortion of the letters that does; at ±3 % the seed on A5 trades its hyphens for
/// lines at 1.48 of the natural space.
const EXPANSION_STRETCH: f32 = 0.025;
const EXPANSION_SHRINK: f32 = 0.025;
/// The widest a justified line's spaces open, as a multiple of the natural space: where the
/// breaks leave a line that only wider spaces would fill (a long word and a short one on a
/// narrow measure: "Characteristically, a"), it is left short of the measure rather than
/// opened into holes. Twice the space still reads as a gap between words.
const MAX_SPACE: f32 = 2.0;
/// The loosest adjustment ratio the first two passes accept: letter spacing at its limit
/// and spaces at 1 + 1.7 × 0.35 ≈ 1.6 of natural, issue 16's loosest line. Looser lines are
/// left to the last resort.
const TOLERANCE: f32 = 1.7;
/// At most one line in a row ends in a hyphen, added or the text's own (issue 16): the
/// breaker's hard limit, not only a cost. A paragraph with a word wider than the measure
/// allows `MAX_HYPHEN_RUN` (two), which a word cut across three lines of a narrow column
/// needs.
const HYPHEN_RUN: u8 = 1;
/// Ragged lines may fall short of the measure by this many ems before they count as loose.
const RAGGED_STRETCH_EMS: f32 = 3.0;
/// A missing-glyph warning names at most this many characters.
const MAX_NAMED: usize = 8;
/// A paragraph's last line shorter than this, in ems (about four letters), is avoided where
/// the breaks allow: a lone fragment under a full paragraph reads as a gap.
const MIN_LAST_LINE_EMS: f32 = 2.0;
/// No page is wider than this, in points (3.5 m).
const MAX_MEASURE: f32 = 10_000.0;

/// Sets `runs` into lines no wider than `measure` points.
pub(crate) fn set(
    book: &FontBook,
    runs: &[StyledRun],
    style: &ParagraphStyle,
    measure: f32,
) -> SetParagraph {
    set_shaped(&Paragraph::new(book, runs, &style.text), style, measure)
}

/// Sets a shaped paragraph into lines no wider than `measure` points.
fn set_shaped(paragraph: &Paragraph, style: &ParagraphStyle, measure: f32) -> SetParagraph {
    // NaN and negative measures set a glyph per line rather than fail; huge ones are capped so
    // the breaker's work stays proportional to the text.
    let measure = if measure >= 0.0 {
        measure.min(MAX_MEASURE)
    } else {
        0.0
    };
    let mut warnings = paragraph.uncovered_warnings();
    let mut reported: HashSet<String> = HashSet::new();
    let breaking = paragraph.break_lines(style, measure);
    let mut lines = Vec::with_capacity(breaking.breaks.len());
    let mut start = 0;
    for (index, line_break) in breaking.breaks.iter().enumerate() {
        let items = &breaking.items;
        let last = index + 1 == breaking.breaks.len()
            || line_break.at > 0 && items[line_break.at - 1] == Item::Fill;
        let justify = style.justify && !last;
        let first_box = (start..line_break.at)
            .find(|&i| matches!(items[i], Item::Box { .. }))
            .unwrap_or(line_break.at);
        let mut line =
            paragraph.set_line(&breaking, first_box..line_break.at, Some(measure), justify);
        line.last = last;
        for warning in paragraph.break_warnings(&breaking, line_break, &line, measure) {
            // A word broken several times is reported once.
            if reported.insert(warning.message.clone()) {
                warnings.push(warning);
            }
        }
        lines.push(line);
        start = line_break.at + 1;
    }
    SetParagraph { lines, warnings }
}

/// Sets `runs` as one line, nothing stretched or broken.
pub(crate) fn set_unbroken(book: &FontBook, runs: &[StyledRun], style: &TextStyle) -> Line {
    unbroken(&Paragraph::new(book, runs, style))
}

/// A shaped paragraph as one line, nothing stretched or broken.
fn unbroken(paragraph: &Paragraph) -> Line {
    let breaking = paragraph.items(Layout {
        hyphenator: None,
        justify: false,
        measure: f32::INFINITY,
        unbroken: true,
        cut_everywhere: false,
    });
    let all = 0..breaking.items.len();
    let mut line = paragraph.set_line(&breaking, all, None, false);
    line.last = true;
    line
}

/// A stretch of the paragraph text in one style.
struct Span<'a> {
    range: Range<usize>,
    bold: bool,
    link: Option<&'a str>,
    faces: FaceChoice,
}

/// The paragraph's text, cut into tokens, its words shaped.
struct Paragraph<'a> {
    book: &'a FontBook,
    text: String,
    spans: Vec<Span<'a>>,
    size: f32,
    /// The face of unmarked text: its height is the least a line has.
    primary: FontId,
    tokens: Vec<Token>,
    glyphs: Vec<ShapedGlyph>,
    /// For each token, its glyphs (none for spaces), in logical order.
    token_glyphs: Vec<Range<usize>>,
    /// The bidi embedding level of each byte of `text`; empty when all is left to right.
    levels: Vec<u8>,
    /// Whether the paragraph runs right to left: its lines end at the left and align right.
    rtl: bool,
    uncovered: Vec<char>,
}

/// What an item stands for in the text.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Glyphs(Range<usize>),
    Space {
        token: usize,
    },
    Cut {
        token: usize,
        kind: CutKind,
        /// The glyph the line would end with, whose face sets an added hyphen.
        before: usize,
    },
    /// Structure only: the paragraph's end, a forbidden break.
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CutKind {
    /// A hyphenation point or soft hyphen: a hyphen is added.
    Hyphen,
    /// After a hyphen in the text: the line ends with it, and counts as hyphenated.
    AfterHyphen,
    /// Elsewhere UAX #14 allows, e.g. after a slash or a dash.
    Plain,
    /// Inside a word wider than the measure.
    Emergency,
}

/// The items of a paragraph and what each stands for.
struct Breaking {
    items: Vec<Item>,
    pieces: Vec<Piece>,
    breaks: Vec<Break>,
    /// Whether some word had to get cuts for being wider than the measure.
    emergency: bool,
    /// Whether marks at the line ends hang into the margins and words may be letter-spaced
    /// (justified text).
    hang: bool,
}

/// How the items are built.
#[derive(Clone, Copy)]
struct Layout {
    hyphenator: Option<Hyphenator>,
    justify: bool,
    measure: f32,
    /// One line: every space kept as is, newlines set as spaces.
    unbroken: bool,
    /// Every word may break between any two clusters: the pass after one that had to set a
    /// line overfull, where words fit the measure one by one but not with their neighbours'
    /// hyphenation points.
    cut_everywhere: bool,
}

impl<'a> Paragraph<'a> {
    fn new(book: &'a FontBook, runs: &[StyledRun<'a>], style: &TextStyle) -> Paragraph<'a> {
        // Allocated once at their size (or, for the glyphs, about a glyph per byte), not
        // grown: a long briefing sets tens of thousands of paragraphs and cells.
        let mut text = String::with_capacity(runs.iter().map(|run| run.text.len()).sum());
        let mut spans = Vec::with_capacity(runs.len());
        for run in runs.iter().filter(|run| !run.text.is_empty()) {
            let start = text.len();
            text.push_str(run.text);
            let bold = style.bold || run.bold;
            spans.push(Span {
                range: start..text.len(),
                bold,
                link: run.link,
                faces: FaceChoice::new(book, style.family, bold, style.italic || run.italic),
            });
        }
        let tokens = tokenize(&text);
        let (levels, rtl) = bidi::levels(&text);
        let (text_len, token_count) = (text.len(), tokens.len());
        let mut paragraph = Paragraph {
            book,
            text,
            spans,
            size: style.size,
            primary: book.primary(style.family, style.bold, style.italic),
            tokens,
            glyphs: Vec::with_capacity(text_len),
            token_glyphs: Vec::with_capacity(token_count),
            levels,
            rtl,
            uncovered: Vec::new(),
        };
        paragraph.shape_words();
        paragraph
    }

    fn shape_words(&mut self) {
        for token in &self.tokens {
            let start = self.glyphs.len();
            if let TokenKind::Word { .. } = token.kind {
                for index in self.spans_of(&token.range) {
                    let span = &self.spans[index];
                    let range = span.range.start.max(token.range.start)
                        ..span.range.end.min(token.range.end);
                    for (range, level) in self.level_runs(range) {
                        let placement = Placement {
                            base: range.start,
                            span: index as u32,
                            faces: span.faces,
                            size: self.size,
                            rtl: bidi::is_rtl(level),
                        };
                        shape::shape(
                            self.book,
                            &self.text[range],
                            placement,
                            &mut self.glyphs,
                            &mut self.uncovered,
                        );
                    }
                }
            }
            self.token_glyphs.push(start..self.glyphs.len());
        }
    }

    /// The bidi level of the byte at `at` (0 when the paragraph is all left to right).
    fn level(&self, at: usize) -> u8 {
        self.levels.get(at).copied().unwrap_or(0)
    }

    /// `range` cut where the bidi level changes.
    fn level_runs(&self, range: Range<usize>) -> Vec<(Range<usize>, u8)> {
        if self.levels.is_empty() {
            return vec![(range, 0)];
        }
        let mut runs: Vec<(Range<usize>, u8)> = Vec::new();
        for (offset, _) in self.text[range.clone()].char_indices() {
            let at = range.start + offset;
            let level = self.level(at);
            match runs.last_mut() {
                Some((run, last)) if *last == level => run.end = at,
                _ => runs.push((at..at, level)),
            }
        }
        let mut next_start = range.end;
        for (run, _) in runs.iter_mut().rev() {
            run.end = next_start;
            next_start = run.start;
        }
        runs
    }

    fn span_index(&self, at: usize) -> usize {
        self.spans
            .partition_point(|span| span.range.end <= at)
            .min(self.spans.len().saturating_sub(1))
    }

    /// The indices of the spans that `range` overlaps.
    fn spans_of(&self, range: &Range<usize>) -> Range<usize> {
        let first = self.span_index(range.start);
        let end = self
            .spans
            .partition_point(|span| span.range.start < range.end);
        first..end.max(first)
    }

    /// One warning for the paragraph, naming every character no face has, in the order they
    /// first appear (a sentence in an uncovered script is one warning, not one per letter).
    fn uncovered_warnings(&self) -> Vec<Warning> {
        let mut seen: HashSet<char> = HashSet::new();
        let named: Vec<String> = self
            .uncovered
            .iter()
            .filter(|&&c| seen.insert(c))
            .map(|&c| format!("'{c}' (U+{:04X})", c as u32))
            .collect();
        let message = match named.as_slice() {
            [] => return Vec::new(),
            [one] => format!("no font has a glyph for {one}"),
            [first @ .., last] if named.len() <= MAX_NAMED => {
                format!("no font has a glyph for {} or {last}", first.join(", "))
            }
            _ => format!(
                "no font has a glyph for {} and {} more characters",
                named[..MAX_NAMED].join(", "),
                named.len() - MAX_NAMED
            ),
        };
        vec![Warning {
            kind: WarningKind::MissingGlyph,
            message,
        }]
    }

    /// Breaks the paragraph, trying the passes in turn.
    fn break_lines(&self, style: &ParagraphStyle, measure: f32) -> Breaking {
        let layout = Layout {
            hyphenator: None,
            justify: style.justify,
            measure,
            unbroken: false,
            cut_everywhere: false,
        };
        let mut params = Params {
            measure,
            right_stretch: if style.justify {
                0.0
            } else {
                RAGGED_STRETCH_EMS * self.size
            },
            tolerance: TOLERANCE,
            last_resort: false,
            max_hyphen_run: HYPHEN_RUN,
            min_last_line: MIN_LAST_LINE_EMS * self.size,
        };
        let mut breaking = self.items(layout);
        if breaking.items.len() <= 3 {
            // Nothing but the paragraph's end: no lines.
            return breaking;
        }
        if !breaking.emergency {
            if let Some(breaks) = optimal_breaks(&breaking.items, &params) {
                breaking.breaks = breaks;
                return breaking;
            }
        }
        if style.hyphenate {
            breaking = self.items(Layout {
                hyphenator: Some(Hyphenator::new(
                    &style.language,
                    style.hyphenate_capitalized,
                )),
                ..layout
            });
            if !breaking.emergency {
                if let Some(breaks) = optimal_breaks(&breaking.items, &params) {
                    breaking.breaks = breaks;
                    return breaking;
                }
            }
        }
        params.last_resort = true;
        let wide_word = (0..self.tokens.len())
            .any(|i| self.is_word(i) && self.width(self.token_glyphs[i].clone()) > measure);
        if wide_word {
            // A word wider than the measure (in a narrow table column) may need two hyphens
            // in a row: allowed, rather than cutting it without a hyphen.
            params.max_hyphen_run = MAX_HYPHEN_RUN;
        }
        breaking.breaks = optimal_breaks(&breaking.items, &params).unwrap_or_default();
        if breaking.breaks.iter().any(|b| b.overfull) {
            let hyphenator = style
                .hyphenate
                .then(|| Hyphenator::new(&style.language, style.hyphenate_capitalized));
            let mut cut = self.items(Layout {
                hyphenator,
                cut_everywhere: true,
                ..layout
            });
            cut.breaks = optimal_breaks(&cut.items, &params).unwrap_or_default();
            if !cut.breaks.iter().any(|b| b.overfull) {
                return cut;
            }
        }
        breaking
    }

    /// The boxes, glue and penalties of the paragraph.
    fn items(&self, layout: Layout) -> Breaking {
        let mut breaking = Breaking {
            items: Vec::with_capacity(self.tokens.len() * 2 + 3),
            pieces: Vec::with_capacity(self.tokens.len() * 2 + 3),
            breaks: Vec::new(),
            emergency: false,
            hang: layout.justify && !layout.unbroken,
        };
        let content = if layout.unbroken {
            0..self.tokens.len()
        } else {
            self.content_tokens()
        };
        // The paragraph's last word is not hyphenated: a fragment alone on the last line is
        // the worst of short last lines. A word wider than the measure (in a narrow table
        // column) must be, or it would be cut without a hyphen.
        let last_word = content
            .clone()
            .rev()
            .find(|&i| self.is_word(i))
            .filter(|&i| self.width(self.token_glyphs[i].clone()) <= layout.measure);
        for index in content {
            let token = &self.tokens[index];
            match &token.kind {
                TokenKind::Word { .. } => {
                    let layout = if Some(index) == last_word {
                        Layout {
                            hyphenator: None,
                            ..layout
                        }
                    } else {
                        layout
                    };
                    self.word_items(index, layout, &mut breaking)
                }
                TokenKind::Newline if !layout.unbroken => {
                    breaking.push(forbidden(), Piece::Nothing);
                    breaking.push(Item::Fill, Piece::Nothing);
                    breaking.push(forced(), Piece::Nothing);
                }
                TokenKind::Space { breakable } => {
                    if !breakable && !layout.unbroken {
                        breaking.push(forbidden(), Piece::Nothing);
                    }
                    breaking.push(self.glue(index, layout), Piece::Space { token: index });
                }
                TokenKind::Newline => {
                    breaking.push(self.glue(index, layout), Piece::Space { token: index });
                }
            }
        }
        breaking.push(forbidden(), Piece::Nothing);
        breaking.push(Item::Fill, Piece::Nothing);
        breaking.push(forced(), Piece::Nothing);
        breaking
    }

    /// The tokens a paragraph sets: white space at its start and end is dropped.
    fn content_tokens(&self) -> Range<usize> {
        let start = (0..self.tokens.len())
            .find(|&i| self.is_word(i))
            .unwrap_or(0);
        let end = (0..self.tokens.len())
            .rfind(|&i| self.is_word(i))
            .map_or(0, |i| i + 1);
        start..end.max(start)
    }

    fn is_word(&self, token: usize) -> bool {
        matches!(self.tokens[token].kind, TokenKind::Word { .. })
    }

    fn glue(&self, token: usize, layout: Layout) -> Item {
        let font = self.spans[self.span_index(self.tokens[token].range.start)]
            .faces
            .primary;
        let (_, width) = shape::space(self.book, font, self.size);
        let (stretch, shrink) = if layout.justify {
            (width * SPACE_STRETCH, width * SPACE_SHRINK)
        } else {
            (0.0, 0.0)
        };
        Item::Glue {
            width,
            stretch,
            shrink,
        }
    }

    /// A word as boxes between its possible breaks.
    fn word_items(&self, token: usize, layout: Layout, breaking: &mut Breaking) {
        let glyphs = self.token_glyphs[token].clone();
        let mut cuts = if layout.unbroken {
            Vec::new()
        } else {
            self.word_cuts(token, layout.hyphenator)
        };
        // A fragment ending at a hyphenation point carries the hyphen added there.
        let widest = fragments(&cuts, &glyphs)
            .enumerate()
            .map(|(i, fragment)| {
                let hyphen = match cuts.get(i) {
                    Some(&(at, CutKind::Hyphen)) => self.hyphen(at - 1).2,
                    _ => 0.0,
                };
                self.width(fragment) + hyphen
            })
            .fold(0.0f32, f32::max);
        if (widest > layout.measure || layout.cut_everywhere) && !layout.unbroken {
            self.add_emergency_cuts(&glyphs, &mut cuts);
            breaking.emergency = true;
        }
        let mut start = glyphs.start;
        for &(at, kind) in &cuts {
            breaking.push(
                self.box_item(start..at, glyphs.start, breaking.hang),
                Piece::Glyphs(start..at),
            );
            breaking.push(
                self.cut_item(at - 1, kind, breaking.hang),
                Piece::Cut {
                    token,
                    kind,
                    before: at - 1,
                },
            );
            start = at;
        }
        breaking.push(
            self.box_item(start..glyphs.end, glyphs.start, breaking.hang),
            Piece::Glyphs(start..glyphs.end),
        );
    }

    /// The box of a word's `glyphs` (the word starts at glyph `word_start`); `justified`:
    /// whether it hangs marks into the margin and may be letter-spaced and expanded.
    fn box_item(&self, glyphs: Range<usize>, word_start: usize, justified: bool) -> Item {
        let end_hang = match glyphs.end.checked_sub(1) {
            Some(last) if justified && last >= glyphs.start => self.hang(last).1,
            _ => 0.0,
        };
        // Letter spacing goes before every cluster but a word's first.
        let gaps = (glyphs.start.max(word_start + 1)..glyphs.end)
            .filter(|&i| self.letter_gap_before(i))
            .count() as f32;
        let width = self.width(glyphs);
        let (stretch, shrink) = if justified {
            (
                gaps * LETTER_STRETCH_EMS * self.size + width * EXPANSION_STRETCH,
                gaps * LETTER_SHRINK_EMS * self.size + width * EXPANSION_SHRINK,
            )
        } else {
            (0.0, 0.0)
        };
        Item::Box {
            width,
            hang: end_hang,
            stretch,
            shrink,
        }
    }

    /// Whether a justified line letter-spaces before `glyph` of a word (not its first): a
    /// glyph that starts a cluster, where [`Paragraph::gap_between`] allows one.
    fn letter_gap_before(&self, glyph: usize) -> bool {
        self.glyphs[glyph].text_len > 0 && self.gap_between(glyph - 1, glyph)
    }

    /// Whether letter spacing may open between two neighbouring glyphs of a word: not beside
    /// a letter that joins, and only between glyphs of one bidi level, whose neighbours
    /// are the same on the page as in the text (so a line counts the gaps its setting
    /// opens).
    pub(super) fn gap_between(&self, before: usize, after: usize) -> bool {
        let level = |glyph: usize| self.level(self.glyphs[glyph].cluster as usize);
        level(before) == level(after) && !self.joins(before) && !self.joins(after)
    }

    /// Whether `glyph` belongs to a cluster of a script whose letters join.
    pub(super) fn joins(&self, glyph: usize) -> bool {
        let at = self.glyphs[glyph].cluster as usize;
        self.text[at..].chars().next().is_some_and(joins_letters)
    }

    /// How far `glyph` hangs into the left and the right margin at a line's start or end:
    /// the protrusion of its cluster's first or last character, times its advance.
    pub(super) fn hang(&self, glyph: usize) -> (f32, f32) {
        let g = &self.glyphs[glyph];
        let text = &self.text[g.cluster as usize..][..g.text_len as usize];
        let left = text.chars().next().map_or(0.0, |c| protrusion(c).0);
        let right = text.chars().next_back().map_or(0.0, |c| protrusion(c).1);
        (left * g.advance, right * g.advance)
    }

    /// Where a word may break, as indices of the glyph each line would start with.
    fn word_cuts(&self, token: usize, hyphenator: Option<Hyphenator>) -> Vec<(usize, CutKind)> {
        let Token { range, kind } = &self.tokens[token];
        let mut at_bytes: Vec<(usize, CutKind)> = Vec::new();
        if let TokenKind::Word { breaks } = kind {
            at_bytes.extend(breaks.iter().map(|b| {
                let kind = match b.kind {
                    InnerBreakKind::Soft => CutKind::Hyphen,
                    InnerBreakKind::AfterHyphen => CutKind::AfterHyphen,
                    InnerBreakKind::Plain => CutKind::Plain,
                };
                (b.at, kind)
            }));
        }
        let linked = self.spans[self.spans_of(range)]
            .iter()
            .any(|span| span.link.is_some());
        if let (Some(hyphenator), false) = (hyphenator, linked) {
            let mut points = Vec::new();
            hyphenator.points(&self.text[range.clone()], &mut points);
            at_bytes.extend(
                points
                    .into_iter()
                    .map(|at| (range.start + at, CutKind::Hyphen)),
            );
        }
        at_bytes.sort_by_key(|&(at, _)| at);
        at_bytes.dedup_by_key(|&mut (at, _)| at);
        // Only between clusters: a cut through a ligature would change the glyphs.
        let glyphs = self.token_glyphs[token].clone();
        at_bytes
            .into_iter()
            .filter_map(|(at, kind)| {
                let slice = &self.glyphs[glyphs.clone()];
                let index = slice.partition_point(|g| (g.cluster as usize) < at);
                (index > 0 && slice.get(index).is_some_and(|g| g.cluster as usize == at))
                    .then_some((glyphs.start + index, kind))
            })
            .collect()
    }

    /// Adds a last-resort cut at every cluster of a word, keeping the cuts it has.
    fn add_emergency_cuts(&self, glyphs: &Range<usize>, cuts: &mut Vec<(usize, CutKind)>) {
        let existing = cuts.len();
        for index in glyphs.start + 1..glyphs.end {
            let starts_cluster = self.glyphs[index].cluster != self.glyphs[index - 1].cluster;
            let cut = cuts[..existing].binary_search_by_key(&index, |&(at, _)| at);
            if starts_cluster && cut.is_err() {
                cuts.push((index, CutKind::Emergency));
            }
        }
        cuts.sort_by_key(|&(at, _)| at);
    }

    fn cut_item(&self, before: usize, kind: CutKind, hang: bool) -> Item {
        let (cost, flagged, width) = match kind {
            CutKind::Hyphen => {
                let advance = self.hyphen(before).2;
                let hung = if hang { protrusion(SOFT_HYPHEN).1 } else { 0.0 };
                (HYPHEN_COST, true, advance * (1.0 - hung))
            }
            CutKind::AfterHyphen => (EXPLICIT_HYPHEN_COST, true, 0.0),
            CutKind::Plain => (PLAIN_BREAK_COST, false, 0.0),
            CutKind::Emergency => (EMERGENCY_COST, false, 0.0),
        };
        // The gap `box_item` counts before the next piece's first glyph.
        let next_gap = match hang && self.letter_gap_before(before + 1) {
            true => (
                LETTER_STRETCH_EMS * self.size,
                LETTER_SHRINK_EMS * self.size,
            ),
            false => (0.0, 0.0),
        };
        Item::Penalty {
            width,
            cost,
            flagged,
            next_gap,
        }
    }

    /// The hyphen added after `glyph`: its font (that of the glyph, if it has one), id and
    /// advance.
    fn hyphen(&self, glyph: usize) -> (FontId, u16, f32) {
        let g = &self.glyphs[glyph];
        let font = if self.book.face(g.font).hyphen.id != 0 {
            g.font
        } else {
            self.spans[g.span as usize].faces.primary
        };
        let (id, advance) = shape::hyphen(self.book, font, self.size);
        (font, id, advance)
    }

    fn width(&self, glyphs: Range<usize>) -> f32 {
        self.glyphs[glyphs].iter().map(|g| g.advance).sum()
    }
}

impl Breaking {
    fn push(&mut self, item: Item, piece: Piece) {
        self.items.push(item);
        self.pieces.push(piece);
    }
}

fn forbidden() -> Item {
    Item::Penalty {
        width: 0.0,
        cost: FORBIDDEN,
        flagged: false,
        next_gap: (0.0, 0.0),
    }
}

fn forced() -> Item {
    Item::Penalty {
        width: 0.0,
        cost: FORCED,
        flagged: false,
        next_gap: (0.0, 0.0),
    }
}

/// Whether `c` is a letter of a script whose letters join (Arabic, Syriac, N'Ko, Mongolian;
/// the Indic scripts' headline and conjuncts): letter spacing would break the joins, so
/// their paragraphs are justified by the spaces and font expansion alone.
fn joins_letters(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{08FF}' // Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic Extended
        | '\u{0900}'..='\u{0DFF}' // Devanagari to Sinhala
        | '\u{1800}'..='\u{18AF}' // Mongolian
        | '\u{A8E0}'..='\u{A8FF}' // Devanagari Extended
        | '\u{FB50}'..='\u{FDFF}' // Arabic Presentation Forms-A
        | '\u{FE70}'..='\u{FEFF}' // Arabic Presentation Forms-B
    )
}

/// The glyph ranges between a word's cuts.
fn fragments<'c>(
    cuts: &'c [(usize, CutKind)],
    glyphs: &Range<usize>,
) -> impl Iterator<Item = Range<usize>> + 'c {
    let starts = std::iter::once(glyphs.start).chain(cuts.iter().map(|&(at, _)| at));
    let ends = cuts
        .iter()
        .map(|&(at, _)| at)
        .chain(std::iter::once(glyphs.end));
    starts.zip(ends).map(|(start, end)| start..end)
}
