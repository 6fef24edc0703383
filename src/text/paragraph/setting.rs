//! Setting a chosen line: its glyphs positioned run by run (`runs.rs`), the spaces, the
//! letter spacing and the font expansion stretched or shrunk so a justified line ends
//! exactly at the measure. (The PDF's word spacing does not apply to the
//! two-byte text of embedded fonts, so justification lives in the glyph positions.)

use std::ops::Range;

use super::runs::RunsBuilder;
use super::{
    Breaking, CutKind, Paragraph, Piece, EXPANSION_SHRINK, EXPANSION_STRETCH, LETTER_SHRINK_EMS,
    LETTER_STRETCH_EMS, MAX_SPACE, SPACE_STRETCH,
};
use crate::text::linebreak::{Break, Item};
use crate::text::{bidi, shape};
use crate::text::{protrusion, FontId, GlyphRun, Line, Spacing, Warning, WarningKind, SOFT_HYPHEN};

/// What a line shows, in the order bidi reordering moves it as a whole.
enum Unit {
    /// The glyphs of one cluster.
    Cluster(Range<usize>),
    /// An inter-word space set `width` points wide.
    Space { token: usize, width: f32 },
    /// The hyphen added after glyph `before`: its face, glyph id and advance.
    Hyphen {
        before: usize,
        hyphen: (FontId, u16, f32),
    },
}

/// What a line holds, for fitting it to the measure.
#[derive(Default)]
struct Content {
    natural: f32,
    stretch: f32,
    shrink: f32,
    /// Places between two clusters of a word, where letter spacing may go.
    gaps: u32,
    /// The advances of the line's glyphs (an added hyphen's too), which font expansion
    /// scales.
    glyphs: f32,
}

/// Which glyph of a line, in logical order, hangs into the left margin: it keeps its own
/// advance (no letter spacing follows it on the page), so it hangs by exactly its protrusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeftHang {
    None,
    /// An opening mark at the start of a left-to-right line.
    First,
    /// A closing mark at the end of a right-to-left line.
    Last,
}

/// How a line is fitted to its measure.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fit {
    /// The adjustment ratio of the spaces (see [`Line::ratio`]).
    ratio: f32,
    /// Letter spacing between clusters, in points.
    tracking: f32,
    /// The horizontal scale of the glyphs: 1 unexpanded.
    scale: f32,
}

impl Fit {
    const NATURAL: Fit = Fit {
        ratio: 0.0,
        tracking: 0.0,
        scale: 1.0,
    };
}

impl Paragraph<'_> {
    /// Sets `items` as one line no wider than `measure` (when there is one): its spaces and,
    /// in justified text, its letter spacing shrink if need be and, with `justify`, stretch
    /// to fill it.
    pub(super) fn set_line(
        &self,
        breaking: &Breaking,
        items: Range<usize>,
        measure: Option<f32>,
        justify: bool,
    ) -> Line {
        let hyphen = match breaking.pieces.get(items.end) {
            Some(&Piece::Cut {
                kind: CutKind::Hyphen,
                before,
                ..
            }) => Some((before, self.hyphen(before))),
            _ => None,
        };
        let (hang_left, hang_right, hung) = match measure {
            Some(_) if breaking.hang => self.line_hang(breaking, &items, hyphen, justify),
            _ => (0.0, 0.0, LeftHang::None),
        };
        let content = self.content(breaking, items.clone(), hyphen, hung);
        let natural = content.natural + hyphen.map_or(0.0, |(_, (_, _, advance))| advance);
        let fit = measure.map_or(Fit::NATURAL, |measure| {
            let shortfall = measure - natural;
            self.fit_hung(&content, shortfall, hang_left + hang_right, justify)
        });
        let (hang_left, hang_right) = (hang_left * fit.scale, hang_right * fit.scale);
        let Fit {
            ratio,
            tracking,
            scale,
        } = fit;

        let (mut units, spacing) = self.units(breaking, items, hyphen, ratio);
        bidi::visual_order(&mut units);
        let untracked_first = hung != LeftHang::None;
        let expected = (untracked_first, units.len());
        let mut runs = RunsBuilder::new(self, (tracking, scale), -hang_left, expected);
        for (level, unit) in units {
            self.place_unit(level, unit, &mut runs);
        }
        let (mut runs, mut width) = runs.finish();
        let offset = match measure {
            Some(measure) if self.rtl => align_right(&mut runs, &mut width, measure + hang_right),
            _ => 0.0,
        };
        let (ascent, descent) = self.extent(&runs);
        Line {
            runs,
            width,
            offset,
            rtl: self.rtl,
            hyphenated: hyphen.is_some(),
            hang_left,
            hang_right,
            ascent,
            descent,
            natural_width: natural,
            ratio,
            tracking,
            spacing: spacing.average(),
            last: false,
        }
    }

    /// What a line of `items` shows, in logical order with the bidi level of each, its
    /// spaces set with `ratio`, and the sums of its spaces.
    fn units(
        &self,
        breaking: &Breaking,
        items: Range<usize>,
        hyphen: Option<(usize, (FontId, u16, f32))>,
        ratio: f32,
    ) -> (Vec<(u8, Unit)>, SpacingSums) {
        let mut units: Vec<(u8, Unit)> = Vec::new();
        let mut spacing = SpacingSums::default();
        for index in items {
            match (&breaking.pieces[index], breaking.items[index]) {
                (Piece::Glyphs(glyphs), _) => self.push_clusters(glyphs.clone(), &mut units),
                (
                    &Piece::Space { token },
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                ) => {
                    let set = width + ratio * if ratio > 0.0 { stretch } else { shrink };
                    spacing.add(width, set);
                    let level = self.level(self.tokens[token].range.start);
                    units.push((level, Unit::Space { token, width: set }));
                }
                _ => {}
            }
        }
        if let Some((before, hyphen)) = hyphen {
            let level = self.level(self.glyphs[before].cluster as usize);
            units.push((level, Unit::Hyphen { before, hyphen }));
        }
        (units, spacing)
    }

    /// `fit` with the marks at the line's edges hanging `hang` (unexpanded) into the
    /// margins: they hang by their protrusion times their advance as set, which the line's
    /// expansion scales, so the line is fitted twice, the second time with the hang the
    /// first fit's scale gives (what is left is far below the display list's 0.01 pt).
    fn fit_hung(&self, content: &Content, shortfall: f32, hang: f32, justify: bool) -> Fit {
        let first = self.fit(content, shortfall + hang, justify);
        self.fit(content, shortfall + hang * first.scale, justify)
    }

    /// How a line is set to make up `shortfall` (negative: an excess), as the breaker
    /// reckons it (`linebreak`): the ratio of its spaces, the letter spacing and the
    /// expansion of its glyphs. Up to their limits all three share the shortfall in
    /// proportion to their give; beyond, letter spacing and expansion stay at their limits
    /// and a justified line's spaces stretch on alone, up to `MAX_SPACE` (the line is left
    /// short beyond), while no line shrinks further than its limits (it would crowd the
    /// words).
    fn fit(&self, content: &Content, shortfall: f32, justify: bool) -> Fit {
        let gaps = content.gaps as f32;
        // Without gaps between letters (a line of one-letter words, a script whose letters
        // join) there is no letter spacing to set.
        let (most, least) = if content.gaps > 0 {
            (
                LETTER_STRETCH_EMS * self.size,
                LETTER_SHRINK_EMS * self.size,
            )
        } else {
            (0.0, 0.0)
        };
        let (widest, narrowest) = (EXPANSION_STRETCH, EXPANSION_SHRINK);
        let fit = |ratio: f32, tracking: f32, expansion: f32| Fit {
            ratio,
            tracking,
            scale: 1.0 + expansion,
        };
        if shortfall > 0.0 && justify {
            let letters = gaps * most + content.glyphs * widest;
            let give = content.stretch + letters;
            if give <= 0.0 {
                Fit::NATURAL
            } else if shortfall <= give {
                let ratio = shortfall / give;
                fit(ratio, ratio * most, ratio * widest)
            } else if content.stretch > 0.0 {
                let spaces = (MAX_SPACE - 1.0) / SPACE_STRETCH;
                let ratio = ((shortfall - letters) / content.stretch).min(spaces);
                fit(ratio, most, widest)
            } else {
                // A word alone on its line: letter-spaced and expanded within bounds, the
                // rest left ragged rather than opened into holes.
                fit(0.0, most, widest)
            }
        } else if shortfall < 0.0 {
            let letters = gaps * least + content.glyphs * narrowest;
            let give = content.shrink + letters;
            if give <= 0.0 {
                Fit::NATURAL
            } else if -shortfall <= give {
                let ratio = shortfall / give;
                fit(ratio, ratio * least, ratio * narrowest)
            } else if gaps > 0.0 {
                // The breaker counts a gap before a word's second part, so a line it shrinks
                // to the limit can lack a gap's worth here: letter spacing takes it up, to
                // twice its limit at most (more would crowd the letters).
                let rest = shortfall + content.shrink + content.glyphs * narrowest;
                fit(-1.0, (rest / gaps).max(-2.0 * least), -narrowest)
            } else {
                fit(-1.0, 0.0, -narrowest)
            }
        } else {
            Fit::NATURAL
        }
    }

    /// Adds `glyphs` to a line's units, a unit per cluster (a cluster's glyphs stay in the
    /// order the shaper set them).
    fn push_clusters(&self, glyphs: Range<usize>, units: &mut Vec<(u8, Unit)>) {
        let mut start = glyphs.start;
        while start < glyphs.end {
            let cluster = self.glyphs[start].cluster;
            let end = (start..glyphs.end)
                .find(|&i| self.glyphs[i].cluster != cluster)
                .unwrap_or(glyphs.end);
            units.push((self.level(cluster as usize), Unit::Cluster(start..end)));
            start = end;
        }
    }

    /// Places one unit of a line (at bidi `level`), in visual order.
    fn place_unit(&self, level: u8, unit: Unit, runs: &mut RunsBuilder) {
        match unit {
            Unit::Cluster(glyphs) => {
                for g in &self.glyphs[glyphs] {
                    let text = &self.text[g.cluster as usize..][..g.text_len as usize];
                    let glyph = (g.id, (g.dx, g.dy));
                    runs.push(level, (g.font, g.span), glyph, text, g.advance);
                }
            }
            Unit::Space { token, width } => {
                let range = self.tokens[token].range.clone();
                let span = self.span_index(range.start);
                let font = self.spans[span].faces.primary;
                let (id, _) = shape::space(self.book, font, self.size);
                runs.push_space(font, span as u32, id, &self.text[range], width);
            }
            Unit::Hyphen {
                before,
                hyphen: (font, id, advance),
            } => {
                let text = SOFT_HYPHEN.encode_utf8(&mut [0; 2]).to_string();
                let span = self.glyphs[before].span;
                runs.push(level, (font, span), (id, (0.0, 0.0)), &text, advance);
            }
        }
    }

    /// How far the glyphs at the line's edges hang into the margins, and which glyph hangs
    /// on the left. A line's logical start may hang an opening mark, and when it is
    /// justified its logical end (or added hyphen) a closing one: in a left-to-right
    /// paragraph the start on the left and the end on the right, in a right-to-left one
    /// mirrored. A mark hangs only where the bidi order puts it at the edge: when its level
    /// is the paragraph's own.
    fn line_hang(
        &self,
        breaking: &Breaking,
        items: &Range<usize>,
        hyphen: Option<(usize, (FontId, u16, f32))>,
        justify: bool,
    ) -> (f32, f32, LeftHang) {
        let glyphs = || {
            items.clone().filter_map(|i| match &breaking.pieces[i] {
                Piece::Glyphs(glyphs) if !glyphs.is_empty() => Some(glyphs.clone()),
                _ => None,
            })
        };
        let base = u8::from(self.rtl);
        let at_edge = |glyph: usize| self.level(self.glyphs[glyph].cluster as usize) == base;
        let start = glyphs()
            .next()
            .filter(|first| at_edge(first.start))
            .map_or(0.0, |first| self.hang(first.start).0);
        let end = match hyphen {
            _ if !justify => 0.0,
            Some((before, (_, _, advance))) if at_edge(before) => {
                protrusion(SOFT_HYPHEN).1 * advance
            }
            Some(_) => 0.0,
            None => glyphs()
                .next_back()
                .filter(|last| at_edge(last.end - 1))
                .map_or(0.0, |last| self.hang(last.end - 1).1),
        };
        // On the page, a right-to-left line's last glyph stands at the left.
        let (left, right, kind) = match self.rtl {
            false => (start, end, LeftHang::First),
            true => (end, start, LeftHang::Last),
        };
        let hung = if left > 0.0 { kind } else { LeftHang::None };
        (left, right, hung)
    }

    /// The widths, stretch and shrink of a line's items, and its gaps between clusters.
    fn content(
        &self,
        breaking: &Breaking,
        items: Range<usize>,
        hyphen: Option<(usize, (FontId, u16, f32))>,
        hung: LeftHang,
    ) -> Content {
        let mut content = Content::default();
        let mut after_glyph = false;
        let mut placed = 0;
        // The gap before the last cluster, which a right-to-left line hanging its last glyph
        // on the left does without.
        let mut last_gap = 0;
        for index in items {
            match (&breaking.pieces[index], breaking.items[index]) {
                (Piece::Glyphs(glyphs), Item::Box { width, .. }) => {
                    content.natural += width;
                    content.glyphs += width;
                    for index in glyphs.clone() {
                        let g = &self.glyphs[index];
                        let untracked = hung == LeftHang::First && placed == 1;
                        let gap = u32::from(
                            after_glyph
                                && g.text_len > 0
                                && !untracked
                                && self.gap_between(index - 1, index),
                        );
                        if g.text_len > 0 {
                            last_gap = gap;
                        }
                        content.gaps += gap;
                        after_glyph = true;
                        placed += 1;
                    }
                }
                (
                    _,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                ) => {
                    content.natural += width;
                    content.stretch += stretch;
                    content.shrink += shrink;
                    after_glyph = false;
                }
                _ => {}
            }
        }
        if let Some((before, (_, _, advance))) = hyphen {
            last_gap = u32::from(after_glyph && !self.joins(before));
            content.gaps += last_gap;
            content.glyphs += advance;
        }
        if hung == LeftHang::Last {
            content.gaps -= last_gap;
        }
        if !breaking.hang {
            // Ragged text is neither letter-spaced nor expanded.
            content.gaps = 0;
            content.glyphs = 0.0;
        }
        content
    }

    /// The height above and depth below the baseline of a line of `runs`.
    fn extent(&self, runs: &[GlyphRun]) -> (f32, f32) {
        let (mut ascent, mut descent) = (0.0f32, 0.0f32);
        let fonts = runs.iter().map(|run| run.font).chain([self.primary]);
        for font in fonts {
            let face = self.book.face(font);
            ascent = ascent.max(face.ascender * self.size);
            descent = descent.max(-face.descender * self.size);
        }
        (ascent, descent)
    }

    /// What the editor should hear about a line: a word broken for being wider than the
    /// measure, or a line that still overflows it.
    pub(super) fn break_warnings(
        &self,
        breaking: &Breaking,
        line_break: &Break,
        line: &Line,
        measure: f32,
    ) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if let Some(&Piece::Cut {
            token,
            kind: CutKind::Emergency,
            ..
        }) = breaking.pieces.get(line_break.at)
        {
            let word = &self.text[self.tokens[token].range.clone()];
            warnings.push(Warning {
                kind: WarningKind::WordBroken,
                message: format!(
                    "\"{}\" is wider than the measure ({measure:.1} pt): broken inside the word",
                    excerpt(word)
                ),
            });
        }
        if line_break.overfull || line.width - line.hang_right > measure + 0.01 {
            warnings.push(Warning {
                kind: WarningKind::OverfullLine,
                message: format!(
                    "overfull line: \"{}\" is {:.1} pt wider than the measure",
                    excerpt(&line.text()),
                    line.width - measure
                ),
            });
        }
        warnings
    }
}

/// Moves a line of `runs`, `width` wide, over to end at `end` when it is shorter: a
/// right-to-left paragraph's lines end at the right (its last, a ragged one, one left
/// short). Returns how far it moved.
fn align_right(runs: &mut [GlyphRun], width: &mut f32, end: f32) -> f32 {
    let offset = (end - *width).max(0.0);
    if offset > 0.0 {
        for run in runs.iter_mut() {
            run.x += offset;
        }
        *width += offset;
    }
    offset
}

/// The start of a long text, for a message.
fn excerpt(text: &str) -> String {
    const CHARS: usize = 40;
    match text.char_indices().nth(CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[derive(Default)]
struct SpacingSums {
    count: u32,
    natural: f32,
    set: f32,
}

impl SpacingSums {
    fn add(&mut self, natural: f32, set: f32) {
        self.count += 1;
        self.natural += natural;
        self.set += set;
    }

    fn average(&self) -> Spacing {
        let n = self.count.max(1) as f32;
        Spacing {
            count: self.count,
            natural: self.natural / n,
            set: self.set / n,
        }
    }
}
