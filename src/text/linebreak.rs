//! Knuth–Plass optimal line breaking over boxes, glue and penalties.
//!
//! This knows nothing of text: the paragraph builder turns words into boxes, spaces into glue
//! and break opportunities into penalties, and reads the chosen breaks back. The algorithm is
//! the one of "Breaking Paragraphs into Lines" (Knuth and Plass, 1981) with TeX's refinements:
//! fitness classes with demerits for abrupt changes of spacing, demerits for consecutive and
//! final hyphenated lines, and a hard limit on consecutive hyphenated lines (kept exact by
//! telling active breakpoints apart by their run of hyphens).
//!
//! Where TeX's last pass adds `\emergencystretch` to every line's stretch, ours (`last_resort`)
//! accepts lines of any looseness but judges them by their true, uncapped badness: emergency
//! stretch makes loose lines look cheap and so trades hyphens for wide spaces, while the true
//! cubic badness spreads unavoidable looseness as evenly as the text allows. Measured on the
//! seed article, it gives the tighter spacing. Only if a line cannot be made to fit at all (a
//! single glyph wider than the measure) is it set overfull.

/// An element of a paragraph, as the breaker sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Item {
    /// A word or a piece of one. `hang`: how far its last glyph may hang into the right
    /// margin when a line ends with it (optical margin alignment). `stretch` and `shrink`:
    /// how much letter spacing may widen or narrow it at most (zero in ragged text).
    Box {
        width: f32,
        hang: f32,
        stretch: f32,
        shrink: f32,
    },
    /// Space that may stretch and shrink; a break may follow a box here.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// Glue that stretches without limit: ends the last line of a paragraph.
    Fill,
    /// A possible break of the given cost; `width` is set only if the line breaks here (a
    /// hyphen); `flagged` marks hyphen breaks. `next_gap`: the stretch and shrink of the
    /// letter spacing the next box counts before its first glyph (at a cut inside a word),
    /// which a line that starts here does without.
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
        next_gap: (f32, f32),
    },
}

/// A penalty this high forbids a break.
pub(crate) const FORBIDDEN: f32 = 10_000.0;
/// A penalty this low forces one.
pub(crate) const FORCED: f32 = -10_000.0;

/// How a paragraph is broken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Params {
    pub measure: f32,
    /// Stretch every line has at its right end: zero when justified, some ems when ragged.
    pub right_stretch: f32,
    /// Lines looser than this adjustment ratio are not considered (TeX's tolerance).
    pub tolerance: f32,
    /// Always find breaks: accept any looseness (judged by the true badness, uncapped), and
    /// overfull lines when nothing else fits.
    pub last_resort: bool,
    /// At most this many hyphenated lines in a row.
    pub max_hyphen_run: u8,
    /// A paragraph's last line shorter than this (in points) costs `SHORT_LAST_LINE_DEMERITS`.
    pub min_last_line: f32,
}

/// The longest run of hyphenated lines the breaker can keep apart (`Params::max_hyphen_run`
/// is capped to it).
pub(crate) const MAX_HYPHEN_RUN: u8 = 2;
/// TeX's `\linepenalty`: each line costs a little, so fewer lines win a tie.
const LINE_PENALTY: f64 = 10.0;
/// TeX's `\adjdemerits`: a loose line next to a tight one (fitness classes two apart) costs
/// as much as a badly set line. Raising it changed nothing measurable on the seed or the
/// fixtures; lowering it let tight and loose lines alternate.
const ADJACENT_FITNESS_DEMERITS: f64 = 10_000.0;
/// Two hyphenated lines in a row (TeX's `\doublehyphendemerits` is 10 000). With the penalty
/// inside the square (see `reach`) a hyphen costs about 100 000, so TeX's value no longer
/// told two in a row from two apart: the A5 fixture had a pair ("long-" over "signifi-").
/// At 50 000 no two hyphenated lines stood in a row on the seed or any fixture. The
/// paragraph setter now allows one at most (`Params::max_hyphen_run`), so this cost only
/// counts for callers that allow two; `MAX_HYPHEN_RUN` is the hard limit.
const DOUBLE_HYPHEN_DEMERITS: f64 = 50_000.0;
/// TeX's `\finalhyphendemerits`: the line before a paragraph's last should not end in a
/// hyphen, which would leave a fragment to begin the last line.
const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
/// A paragraph's last line shorter than `Params::min_last_line` costs this much: about
/// what a hyphen costs, so the breaker avoids a stub where a line can be set otherwise.
const SHORT_LAST_LINE_DEMERITS: f64 = 10_000.0;
/// Demerits that make an overfull line the choice of last resort.
const OVERFULL_DEMERITS: f64 = 1e12;
const MAX_BADNESS: f64 = 10_000.0;
/// The stretch a line without any is judged with in the last pass, in points.
const RIGID_STRETCH: f64 = 1.0;

/// Widths summed from the start of the paragraph.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Totals {
    width: f64,
    /// The give of the spaces.
    stretch: f64,
    shrink: f64,
    /// The give of letter spacing inside the boxes.
    letter_stretch: f64,
    letter_shrink: f64,
    fills: u32,
}

/// A feasible break, with the best way to reach it.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index of the break item (0 with `previous: None` for the paragraph start).
    at: usize,
    /// Totals at the start of the line that follows this break.
    after: Totals,
    fitness: u8,
    /// How many hyphenated lines end in a row at this break.
    hyphens: u8,
    demerits: f64,
    previous: Option<usize>,
    /// Whether the line ending here could not be made to fit.
    overfull: bool,
}

/// The nodes of `best` that no other node there dominates.
fn undominated(best: &BestNodes) -> impl Iterator<Item = Node> + '_ {
    let all = || best.iter().flatten().flatten();
    all()
        .filter(move |node| !all().any(|other| other.dominates(node)))
        .copied()
}

impl Node {
    /// Whether `self` will always do better than `other`, a node at the same break: it allows
    /// every next line `other` allows (no more hyphens in a row), and its lead in demerits is
    /// more than the most a next line could cost it extra (a jump in fitness class).
    fn dominates(&self, other: &Node) -> bool {
        self.hyphens <= other.hyphens && self.demerits + ADJACENT_FITNESS_DEMERITS < other.demerits
    }
}

/// A line the breaker chose: it ends at item `at`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Break {
    pub at: usize,
    /// Whether the line could not be made to fit the measure.
    pub overfull: bool,
}

/// The optimal breaks of `items`, which must end with a forced penalty; `None` if no set of
/// breaks stays within the tolerance (never with `last_resort`).
pub(crate) fn optimal_breaks(items: &[Item], params: &Params) -> Option<Vec<Break>> {
    let totals = running_totals(items);
    let mut nodes = vec![Node {
        at: 0,
        after: Totals::default(),
        fitness: 1,
        hyphens: 0,
        demerits: 0.0,
        previous: None,
        overfull: false,
    }];
    let mut active: Vec<usize> = vec![0];
    // Reused from break to break.
    let mut added: Vec<Node> = Vec::new();
    for (at, item) in items.iter().enumerate() {
        let (cost, flagged, break_width) = match *item {
            Item::Penalty {
                width,
                cost,
                flagged,
                ..
            } if cost < FORBIDDEN => (cost, flagged, width),
            Item::Glue { .. } | Item::Fill
                if at > 0 && matches!(items[at - 1], Item::Box { .. }) =>
            {
                (0.0, false, 0.0)
            }
            _ => continue,
        };
        // A line ending here lets the mark it ends with hang into the margin.
        let hang = match at.checked_sub(1).map(|before| items[before]) {
            Some(Item::Box { hang, .. }) => hang,
            _ => 0.0,
        };
        let candidate = Candidate {
            at,
            cost,
            flagged,
            forced: cost <= FORCED,
            width: break_width - hang,
            before: totals[at],
            after: totals_after_break(items, &totals, at),
        };
        let before = nodes.len();
        let (best, cheapest_too_long) = candidate.judge(&mut active, &nodes, params, items.len());
        added.clear();
        added.extend(undominated(&best));
        if added.is_empty() && active.is_empty() && params.last_resort {
            // Nothing fits: set the line from the cheapest dropped break overfull, so the rest
            // of the paragraph can still be broken well.
            if let Some(node) = cheapest_too_long {
                added.push(candidate.overfull_from(node, &nodes[node]));
            }
        }
        for &node in &added {
            nodes.push(node);
            if !candidate.forced || at + 1 < items.len() {
                active.push(nodes.len() - 1);
            }
        }
        if active.is_empty() && nodes.len() == before && !params.last_resort {
            return None;
        }
    }
    let last = items.len().checked_sub(1)?;
    let end = (0..nodes.len())
        .filter(|&n| nodes[n].at == last && nodes[n].previous.is_some())
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let mut breaks = Vec::new();
    let mut node = Some(end);
    while let Some(n) = node {
        if nodes[n].previous.is_some() {
            breaks.push(Break {
                at: nodes[n].at,
                overfull: nodes[n].overfull,
            });
        }
        node = nodes[n].previous;
    }
    breaks.reverse();
    Some(breaks)
}

/// A break being considered, with what a line ending there would hold.
struct Candidate {
    at: usize,
    cost: f32,
    flagged: bool,
    forced: bool,
    width: f32,
    before: Totals,
    after: Totals,
}

/// The best node for each fitness class and run of hyphens.
type BestNodes = [[Option<Node>; MAX_HYPHEN_RUN as usize + 1]; 4];

impl Candidate {
    /// Judges the line to this break from every active node: returns the best new node per
    /// class, and drops from `active` the nodes this line is too long from (returning the
    /// cheapest of those, for an overfull last resort) and, at a forced break, all of them.
    fn judge(
        &self,
        active: &mut Vec<usize>,
        nodes: &[Node],
        params: &Params,
        len: usize,
    ) -> (BestNodes, Option<usize>) {
        let mut best: BestNodes = Default::default();
        // A line only grows as its end moves on: once too long from a node, always too long.
        let mut cheapest_too_long: Option<usize> = None;
        active.retain(|&node| {
            let ratio = self.ratio(&nodes[node], params);
            if ratio < -1.0 {
                let demerits = nodes[node].demerits;
                if cheapest_too_long.is_none_or(|c| demerits < nodes[c].demerits) {
                    cheapest_too_long = Some(node);
                }
                return false;
            }
            if let Some(next) = self.reach(node, &nodes[node], ratio, params, len) {
                let slot = &mut best[next.fitness as usize][next.hyphens as usize];
                if slot.is_none_or(|old| next.demerits < old.demerits) {
                    *slot = Some(next);
                }
            }
            !self.forced
        });
        (best, cheapest_too_long)
    }

    /// The adjustment ratio of the line from `node` to this break: up to 1, spaces and
    /// letter spacing share the shortfall in proportion to their give; beyond 1 letter
    /// spacing is at its limit and the spaces alone take the rest, so a ratio above 1 says
    /// how loose the spaces are (`paragraph::setting` sets a line the same way).
    fn ratio(&self, node: &Node, params: &Params) -> f64 {
        let width = self.before.width - node.after.width + self.width as f64;
        let shortfall = params.measure as f64 - width;
        if shortfall > 0.0 {
            if self.before.fills > node.after.fills {
                return 0.0;
            }
            let spaces = self.before.stretch - node.after.stretch + params.right_stretch as f64;
            let letters = self.before.letter_stretch - node.after.letter_stretch;
            if shortfall <= spaces + letters {
                shortfall / (spaces + letters)
            } else if spaces > 0.0 {
                1.0 + (shortfall - spaces - letters) / spaces
            } else if params.last_resort {
                // A line without spaces cannot stretch: rank it by how short it falls.
                1.0 + (shortfall - letters) / RIGID_STRETCH
            } else {
                f64::INFINITY
            }
        } else if shortfall < 0.0 {
            let shrink = self.before.shrink - node.after.shrink + self.before.letter_shrink
                - node.after.letter_shrink;
            if shrink > 0.0 {
                shortfall / shrink
            } else {
                f64::NEG_INFINITY
            }
        } else {
            0.0
        }
    }

    /// The node for a line from `node` to this break, set with `ratio`, if the line is
    /// acceptable.
    fn reach(
        &self,
        index: usize,
        node: &Node,
        ratio: f64,
        params: &Params,
        len: usize,
    ) -> Option<Node> {
        if ratio < -1.0 || ratio > params.tolerance as f64 && !params.last_resort {
            return None;
        }
        let hyphens = if self.flagged { node.hyphens + 1 } else { 0 };
        if hyphens > params.max_hyphen_run.min(MAX_HYPHEN_RUN) {
            return None;
        }
        let badness = 100.0 * ratio.abs().powi(3);
        let badness = if params.last_resort {
            badness
        } else {
            badness.min(MAX_BADNESS)
        };
        // The break's penalty is added inside the square, as Knuth and Plass first wrote it
        // and Typst does, not beside it as TeX does: a hyphen then costs more on a line that
        // is already loose or tight than on a well-set one, so hyphens go where they do the
        // most good. Measured on the seed and the layout fixtures, it halved the hyphens of
        // the long fixture paragraph (39 % -> 24 % of lines) for the same spacing.
        let cost = self.cost as f64;
        let mut demerits = (LINE_PENALTY + badness + cost.max(0.0)).powi(2);
        if cost < 0.0 && !self.forced {
            demerits -= cost * cost;
        }
        if self.flagged && node.hyphens > 0 {
            demerits += DOUBLE_HYPHEN_DEMERITS;
        }
        if self.at + 1 == len {
            if node.hyphens > 0 {
                demerits += FINAL_HYPHEN_DEMERITS;
            }
            let width = self.before.width - node.after.width;
            if node.previous.is_some() && width < params.min_last_line as f64 {
                demerits += SHORT_LAST_LINE_DEMERITS;
            }
        }
        let fitness = fitness_class(ratio);
        if fitness.abs_diff(node.fitness) > 1 {
            demerits += ADJACENT_FITNESS_DEMERITS;
        }
        Some(Node {
            at: self.at,
            after: self.after,
            fitness,
            hyphens,
            demerits: node.demerits + demerits,
            previous: Some(index),
            overfull: false,
        })
    }

    fn overfull_from(&self, index: usize, node: &Node) -> Node {
        Node {
            at: self.at,
            after: self.after,
            fitness: 0,
            hyphens: if self.flagged {
                (node.hyphens + 1).min(MAX_HYPHEN_RUN)
            } else {
                0
            },
            demerits: node.demerits + OVERFULL_DEMERITS,
            previous: Some(index),
            overfull: true,
        }
    }
}

fn fitness_class(ratio: f64) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// `totals[i]`: the sums of the items before item `i`.
fn running_totals(items: &[Item]) -> Vec<Totals> {
    let mut totals = Vec::with_capacity(items.len() + 1);
    let mut sum = Totals::default();
    totals.push(sum);
    for item in items {
        match *item {
            Item::Box {
                width,
                stretch,
                shrink,
                ..
            } => {
                sum.width += width as f64;
                sum.letter_stretch += stretch as f64;
                sum.letter_shrink += shrink as f64;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                sum.width += width as f64;
                sum.stretch += stretch as f64;
                sum.shrink += shrink as f64;
            }
            Item::Fill => sum.fills += 1,
            Item::Penalty { .. } => {}
        }
        totals.push(sum);
    }
    totals
}

/// The totals where the line after a break at `at` starts: glue and penalties after a break
/// are discarded up to the next box.
fn totals_after_break(items: &[Item], totals: &[Totals], at: usize) -> Totals {
    let next_box = items[at..]
        .iter()
        .position(|item| matches!(item, Item::Box { .. }))
        .map_or(items.len(), |offset| at + offset);
    // A forced break inside the discarded stretch ends the line there; nothing carries over.
    let mut after = totals[next_box];
    if let Item::Penalty {
        next_gap: (stretch, shrink),
        ..
    } = items[at]
    {
        // Counting it as before the line takes it out of the line.
        after.letter_stretch += stretch as f64;
        after.letter_shrink += shrink as f64;
    }
    after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(measure: f32) -> Params {
        Params {
            measure,
            right_stretch: 0.0,
            tolerance: 1.0,
            last_resort: false,
            max_hyphen_run: 2,
            min_last_line: 0.0,
        }
    }

    /// Words of the given widths separated by glue (3, +1.5, -1), ended by fill and a forced
    /// break.
    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &width) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 1.0,
                });
            }
            items.push(Item::Box {
                width,
                hang: 0.0,
                stretch: 0.0,
                shrink: 0.0,
            });
        }
        items.push(Item::Penalty {
            width: 0.0,
            cost: FORBIDDEN,
            flagged: false,
            next_gap: (0.0, 0.0),
        });
        items.push(Item::Fill);
        items.push(Item::Penalty {
            width: 0.0,
            cost: FORCED,
            flagged: false,
            next_gap: (0.0, 0.0),
        });
        items
    }

    #[test]
    fn breaks_where_lines_fit() {
        // 20 + 3 + 20 = 43 and 43: each line fits a measure of 44 with a little stretch.
        let items = words(&[20.0, 20.0, 20.0, 20.0]);
        let breaks = optimal_breaks(&items, &params(44.0)).expect("breaks");
        let ats: Vec<usize> = breaks.iter().map(|b| b.at).collect();
        assert_eq!(ats, vec![3, items.len() - 1]);
        assert!(breaks.iter().all(|b| !b.overfull));
    }

    /// The adjustment ratio each chosen line is set with.
    fn ratios(items: &[Item], breaks: &[Break], measure: f32) -> Vec<f64> {
        let totals = running_totals(items);
        let mut start = Totals::default();
        breaks
            .iter()
            .map(|b| {
                let end = totals[b.at];
                let candidate = Candidate {
                    at: b.at,
                    cost: 0.0,
                    flagged: false,
                    forced: false,
                    width: 0.0,
                    before: end,
                    after: end,
                };
                let node = Node {
                    at: 0,
                    after: start,
                    fitness: 1,
                    hyphens: 0,
                    demerits: 0.0,
                    previous: None,
                    overfull: false,
                };
                start = totals_after_break(items, &totals, b.at);
                candidate.ratio(&node, &params(measure))
            })
            .collect()
    }

    #[test]
    fn every_line_is_set_within_tolerance() {
        // Filling lines to their natural width would set "10 10" alone, far too loose; the
        // optimum shrinks "10 10 15" instead.
        let items = words(&[10.0, 10.0, 15.0, 20.0, 17.0, 12.0, 12.0, 12.0]);
        let breaks = optimal_breaks(&items, &params(40.0)).expect("breaks");
        assert_eq!(breaks.len(), 3);
        for ratio in ratios(&items, &breaks, 40.0) {
            assert!((-1.0..=1.0).contains(&ratio), "{ratio}");
        }
    }

    #[test]
    fn letter_spacing_gives_lines_room_the_spaces_lack() {
        // Words of 20, 20 and 30: the first line can only be "20 20", 5 short of 48, past
        // the tolerance on its space alone (+1.5), within it once each word may open by 2.
        let mut items = words(&[20.0, 20.0, 30.0]);
        let rigid = optimal_breaks(&items, &params(48.0));
        assert_eq!(rigid, None);
        for item in &mut items {
            if let Item::Box { stretch, .. } = item {
                *stretch = 2.0;
            }
        }
        let breaks = optimal_breaks(&items, &params(48.0)).expect("breaks");
        assert_eq!(breaks.len(), 2);
        assert_eq!(breaks[0].at, 3);
    }

    #[test]
    fn fails_within_tolerance_and_succeeds_as_last_resort() {
        let items = words(&[10.0, 100.0, 10.0]);
        assert_eq!(optimal_breaks(&items, &params(40.0)), None);
        let mut last = params(40.0);
        last.last_resort = true;
        let breaks = optimal_breaks(&items, &last).expect("breaks");
        assert!(breaks.iter().any(|b| b.overfull));
        assert_eq!(breaks.last().map(|b| b.at), Some(items.len() - 1));
    }

    #[test]
    fn a_stub_last_line_is_avoided_where_it_costs_little() {
        // Twelve words of 5 and one of 2, spaces of 3 (+6, -2): six words fill a line of 45
        // exactly, which leaves the short word alone on the last line. Setting the second line
        // a little looser takes a word down to keep it company.
        let mut items = Vec::new();
        for (i, width) in [5.0; 12].into_iter().chain([2.0]).enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 6.0,
                    shrink: 2.0,
                });
            }
            items.push(Item::Box {
                width,
                hang: 0.0,
                stretch: 0.0,
                shrink: 0.0,
            });
        }
        items.extend(words(&[]));
        let last_line = |min_last_line: f32| {
            let p = Params {
                min_last_line,
                ..params(45.0)
            };
            let breaks = optimal_breaks(&items, &p).expect("breaks");
            let start = breaks[breaks.len() - 2].at + 1;
            items[start..]
                .iter()
                .filter(|item| matches!(item, Item::Box { .. }))
                .count()
        };
        assert_eq!(last_line(0.0), 1, "without the rule the stub stays");
        assert_eq!(last_line(10.0), 2);
    }

    #[test]
    fn at_most_two_hyphenated_lines_in_a_row() {
        // Five words of 18 each cut into two halves by a hyphen penalty; a measure of 18 allows
        // hyphenated lines only, so the limit must force other breaks.
        let mut items = Vec::new();
        for i in 0..6 {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 1.0,
                });
            }
            items.push(Item::Box {
                width: 9.0,
                hang: 0.0,
                stretch: 0.0,
                shrink: 0.0,
            });
            items.push(Item::Penalty {
                width: 2.0,
                cost: 50.0,
                flagged: true,
                next_gap: (0.0, 0.0),
            });
            items.push(Item::Box {
                width: 9.0,
                hang: 0.0,
                stretch: 0.0,
                shrink: 0.0,
            });
        }
        items.extend(words(&[]));
        let mut p = params(21.0);
        p.last_resort = true;
        let breaks = optimal_breaks(&items, &p).expect("breaks");
        let mut run = 0;
        for b in &breaks {
            let hyphen = matches!(items[b.at], Item::Penalty { flagged: true, .. });
            run = if hyphen { run + 1 } else { 0 };
            assert!(run <= 2, "{breaks:?}");
        }
    }
}
