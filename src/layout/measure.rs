//! Measurements of how well a document is set, from the lines and where they landed:
//! what `briefing build --report` prints and the typography tests assert.

use std::fmt;
use std::sync::Arc;

use super::flow::Placement;
use super::kept::KeptLine;
use crate::text::SOFT_HYPHEN;

/// What the layout remembers of a paragraph to measure it after pagination.
#[derive(Debug, Clone)]
pub struct SetLines {
    /// Index of the piece holding the first line; the others follow it, one piece a line.
    pub first_piece: usize,
    pub measure: f32,
    pub justify: bool,
    /// Kept with the set paragraph (`SetCache`), shared by each use of it.
    pub lines: Arc<[LineFacts]>,
    /// Its [`rivers`] when no page ends among its lines, counted when it was set.
    pub rivers_on_one_page: usize,
}

/// The facts of one line that matter for measuring.
#[derive(Debug, Clone)]
pub struct LineFacts {
    /// The width within the measure: the line's width less what hangs into the right margin
    /// and how far a right-to-left line moved over to end at the measure.
    pub width: f32,
    /// Whether the breaker added a hyphen at the end.
    pub hyphenated: bool,
    /// Whether the line ends with a hyphen, added or the text's own ("India-").
    pub ends_with_hyphen: bool,
    /// Whether the word the breaker cut starts with a capital (a name cut: "In-dia").
    pub capitalized_cut: bool,
    pub last: bool,
    pub spaces: u32,
    pub natural_space: f32,
    pub set_space: f32,
    /// Where the inter-word spaces are, from the line's start: (left, right) in points.
    pub space_columns: Vec<(f32, f32)>,
}

impl From<&KeptLine> for LineFacts {
    fn from(line: &KeptLine) -> Self {
        let text = line.hyphenated.then(|| line.text());
        let capitalized_cut = text.as_deref().is_some_and(|text| {
            let word = text.rsplit(char::is_whitespace).next().unwrap_or_default();
            // The cut stretch of letters: after the last non-letter ("India-Rus" cuts "Rus").
            let cut = word
                .trim_end_matches(SOFT_HYPHEN)
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or_default();
            cut.chars().next().is_some_and(char::is_uppercase)
        });
        let last_text = line
            .runs
            .iter()
            .flat_map(|run| run.glyphs.iter())
            .rev()
            .find(|glyph| !glyph.text.is_empty())
            .map_or("", |glyph| glyph.text);
        LineFacts {
            width: line.width - line.hang_right - line.offset,
            hyphenated: line.hyphenated,
            ends_with_hyphen: line.hyphenated || last_text.ends_with(['-', '\u{2010}']),
            capitalized_cut,
            last: line.last,
            spaces: line.spacing.count,
            natural_space: line.spacing.natural,
            set_space: line.spacing.set,
            space_columns: space_columns(line),
        }
    }
}

/// The spans of a line's inter-word spaces: from each space glyph to the next glyph.
fn space_columns(line: &KeptLine) -> Vec<(f32, f32)> {
    let glyphs: Vec<(f32, bool)> = line
        .runs
        .iter()
        .flat_map(|run| {
            run.glyphs.iter().map(move |glyph| {
                let space = !glyph.text.is_empty() && glyph.text.chars().all(char::is_whitespace);
                (run.x + glyph.x, space)
            })
        })
        .collect();
    glyphs
        .iter()
        .enumerate()
        .filter(|(_, &(_, space))| space)
        .filter_map(|(i, &(x, _))| glyphs.get(i + 1).map(|&(next, _)| (x, next)))
        .collect()
}

/// The measurements of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub pages: usize,
    pub lines: usize,
    pub overfull_lines: usize,
    pub widows: usize,
    pub orphans: usize,
    pub stranded_headings: usize,
    pub split_rows: usize,
    /// Lines ending in a hyphen the breaker added, and how many of them are justified lines.
    pub hyphenated_lines: usize,
    pub hyphenated_justified_lines: usize,
    /// The longest run of consecutive lines of a paragraph ending in a hyphen (added or the
    /// text's own).
    pub max_consecutive_hyphens: usize,
    /// Words cut by the breaker that start with a capital.
    pub capitalized_cuts: usize,
    /// Non-final lines of justified paragraphs, and how many miss the right margin by more
    /// than 0.5 pt.
    pub justified_lines: usize,
    pub ragged_justified_lines: usize,
    /// Inter-word space as set over the font's natural space, over all justified non-final
    /// lines (weighted by spaces), and the extremes of single lines.
    pub space_ratio_mean: f32,
    pub space_ratio_min: f32,
    pub space_ratio_max: f32,
    /// The 5th, 50th and 95th percentiles of the lines' space ratios (nearest rank).
    pub space_ratio_percentiles: [f32; 3],
    /// Rivers: chains of inter-word spaces in three or more consecutive lines of a paragraph
    /// on one page, each overlapping the next in column (counted once, when a chain reaches
    /// its third line).
    pub rivers: usize,
}

impl Report {
    /// Hyphenated justified lines as a share of justified lines (0 without any).
    pub fn hyphenated_share(&self) -> f32 {
        if self.justified_lines == 0 {
            0.0
        } else {
            self.hyphenated_justified_lines as f32 / self.justified_lines as f32
        }
    }
}

/// Measures paragraphs given where their pieces landed; `headings` are the indices of the
/// last piece of each heading.
pub fn measure(
    paragraphs: &[SetLines],
    headings: &[usize],
    placements: &[Placement],
    pages: usize,
    split_rows: usize,
) -> Report {
    let mut report = Report {
        pages,
        split_rows,
        space_ratio_min: f32::INFINITY,
        space_ratio_max: 0.0,
        ..Report::default()
    };
    let (mut set_total, mut natural_total) = (0.0f64, 0.0f64);
    let mut ratios = Vec::new();
    for paragraph in paragraphs {
        let page = |i: usize| placements[paragraph.first_piece + i].page;
        let n = paragraph.lines.len();
        if n >= 2 && page(0) != page(1) {
            report.orphans += 1;
        }
        if n >= 2 && page(n - 1) != page(n - 2) {
            report.widows += 1;
        }
        report.rivers += match (1..n).any(|i| page(i) != page(i - 1)) {
            true => rivers(&paragraph.lines, page),
            false => paragraph.rivers_on_one_page,
        };
        let mut run = 0;
        for line in paragraph.lines.iter() {
            report.lines += 1;
            if line.width > paragraph.measure + 0.01 {
                report.overfull_lines += 1;
            }
            run = if line.ends_with_hyphen { run + 1 } else { 0 };
            report.hyphenated_lines += line.hyphenated as usize;
            report.capitalized_cuts += line.capitalized_cut as usize;
            report.max_consecutive_hyphens = report.max_consecutive_hyphens.max(run);
            if !paragraph.justify || line.last || line.spaces == 0 {
                continue;
            }
            report.justified_lines += 1;
            report.hyphenated_justified_lines += line.hyphenated as usize;
            if (line.width - paragraph.measure).abs() > 0.5 {
                report.ragged_justified_lines += 1;
            }
            let ratio = line.set_space / line.natural_space;
            ratios.push(ratio);
            report.space_ratio_min = report.space_ratio_min.min(ratio);
            report.space_ratio_max = report.space_ratio_max.max(ratio);
            set_total += (line.set_space * line.spaces as f32) as f64;
            natural_total += (line.natural_space * line.spaces as f32) as f64;
        }
    }
    ratios.sort_by(f32::total_cmp);
    report.space_ratio_percentiles = [5, 50, 95].map(|p| percentile(&ratios, p));
    report.stranded_headings = headings
        .iter()
        .filter(|&&h| {
            placements
                .get(h + 1)
                .is_some_and(|next| next.page != placements[h].page)
        })
        .count();
    if natural_total > 0.0 {
        report.space_ratio_mean = (set_total / natural_total) as f32;
    } else {
        report.space_ratio_min = 1.0;
        report.space_ratio_max = 1.0;
        report.space_ratio_mean = 1.0;
    }
    report
}

/// The `p`th percentile of sorted `values` by nearest rank; 1 without values.
fn percentile(sorted: &[f32], p: usize) -> f32 {
    if sorted.is_empty() {
        return 1.0;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// The rivers of a paragraph's lines, each on page `page(i)`: how many chains of spaces, each overlapping one in the line
/// before, reach three lines in a row on one page.
pub fn rivers(lines: &[LineFacts], page: impl Fn(usize) -> usize) -> usize {
    let mut count = 0;
    // For each space of the line before, the length of the longest chain ending in it.
    let mut above: Vec<((f32, f32), usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && page(i) != page(i - 1) {
            above.clear();
        }
        let here: Vec<((f32, f32), usize)> = line
            .space_columns
            .iter()
            .map(|&(left, right)| {
                let chain = above
                    .iter()
                    .filter(|&&((l, r), _)| left < r && l < right)
                    .map(|&(_, chain)| chain)
                    .max()
                    .unwrap_or(0)
                    + 1;
                count += usize::from(chain == 3);
                ((left, right), chain)
            })
            .collect();
        above = here;
    }
    count
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  pages {}, lines {}", self.pages, self.lines)?;
        writeln!(
            f,
            "  overfull lines {}, widows {}, orphans {}, stranded headings {}, split table rows {}",
            self.overfull_lines, self.widows, self.orphans, self.stranded_headings, self.split_rows
        )?;
        writeln!(
            f,
            "  hyphenated lines {} ({} of {} justified lines, {:.1} %), at most {} hyphens in a row, \
             {} capitalized words cut",
            self.hyphenated_lines,
            self.hyphenated_justified_lines,
            self.justified_lines,
            100.0 * self.hyphenated_share(),
            self.max_consecutive_hyphens,
            self.capitalized_cuts
        )?;
        writeln!(
            f,
            "  justified lines {}, {} off the right margin by more than 0.5 pt",
            self.justified_lines, self.ragged_justified_lines
        )?;
        let [p5, p50, p95] = self.space_ratio_percentiles;
        writeln!(
            f,
            "  inter-word space / natural: mean {:.3}, min {:.3}, max {:.3}; \
             percentiles 5th {p5:.3}, 50th {p50:.3}, 95th {p95:.3}",
            self.space_ratio_mean, self.space_ratio_min, self.space_ratio_max
        )?;
        write!(
            f,
            "  rivers (spaces overlapping in 3+ consecutive lines) {}",
            self.rivers
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(spaces: &[(f32, f32)]) -> LineFacts {
        LineFacts {
            width: 100.0,
            hyphenated: false,
            ends_with_hyphen: false,
            capitalized_cut: false,
            last: false,
            spaces: spaces.len() as u32,
            natural_space: 3.0,
            set_space: 3.0,
            space_columns: spaces.to_vec(),
        }
    }

    fn paragraph(lines: Vec<LineFacts>) -> SetLines {
        SetLines {
            first_piece: 0,
            measure: 100.0,
            justify: true,
            rivers_on_one_page: rivers(&lines, |_| 0),
            lines: lines.into(),
        }
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let values: Vec<f32> = (1..=20).map(|i| i as f32).collect();
        assert_eq!(percentile(&values, 5), 1.0);
        assert_eq!(percentile(&values, 50), 10.0);
        assert_eq!(percentile(&values, 95), 19.0);
        assert_eq!(percentile(&[], 50), 1.0);
    }

    #[test]
    fn a_river_is_three_overlapping_spaces_in_a_row_on_one_page() {
        let aligned = paragraph(vec![
            line(&[(10.0, 13.0), (50.0, 53.0)]),
            line(&[(12.0, 15.0)]),
            line(&[(14.0, 17.0), (80.0, 83.0)]),
            line(&[(16.0, 19.0)]),
        ]);
        // One chain, counted once although it runs on to a fourth line.
        assert_eq!(rivers(&aligned.lines, |_| 0), 1);
        // A page break between the second and third line breaks the chain.
        assert_eq!(rivers(&aligned.lines, |i| usize::from(i >= 2)), 0);
        let apart = paragraph(vec![
            line(&[(10.0, 13.0)]),
            line(&[(13.5, 16.0)]),
            line(&[(10.0, 13.0)]),
        ]);
        assert_eq!(rivers(&apart.lines, |_| 0), 0);
    }
}
