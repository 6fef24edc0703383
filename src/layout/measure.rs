//! Measurements of how well a document is set, from the lines and where they landed:
//! what `briefing build --report` prints and the typography tests assert.

use std::fmt;

use super::flow::Placement;
use crate::text::Line;

/// What the layout remembers of a paragraph to measure it after pagination.
#[derive(Debug, Clone)]
pub struct SetLines {
    /// Index of the piece holding the first line; the others follow it, one piece a line.
    pub first_piece: usize,
    pub measure: f32,
    pub justify: bool,
    pub lines: Vec<LineFacts>,
}

/// The facts of one line that matter for measuring.
#[derive(Debug, Clone, Copy)]
pub struct LineFacts {
    pub width: f32,
    pub hyphenated: bool,
    pub last: bool,
    pub spaces: u32,
    pub natural_space: f32,
    pub set_space: f32,
}

impl From<&Line> for LineFacts {
    fn from(line: &Line) -> Self {
        LineFacts {
            width: line.width,
            hyphenated: line.hyphenated,
            last: line.last,
            spaces: line.spacing.count,
            natural_space: line.spacing.natural,
            set_space: line.spacing.set,
        }
    }
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
    pub hyphenated_lines: usize,
    /// The longest run of consecutive hyphenated lines in a paragraph.
    pub max_consecutive_hyphens: usize,
    /// Non-final lines of justified paragraphs, and how many miss the right margin by more
    /// than 0.5 pt.
    pub justified_lines: usize,
    pub ragged_justified_lines: usize,
    /// Inter-word space as set over the font's natural space, over all justified non-final
    /// lines (weighted by spaces), and the extremes of single lines.
    pub space_ratio_mean: f32,
    pub space_ratio_min: f32,
    pub space_ratio_max: f32,
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
    for paragraph in paragraphs {
        let page = |i: usize| placements[paragraph.first_piece + i].page;
        let n = paragraph.lines.len();
        if n >= 2 && page(0) != page(1) {
            report.orphans += 1;
        }
        if n >= 2 && page(n - 1) != page(n - 2) {
            report.widows += 1;
        }
        let mut run = 0;
        for line in &paragraph.lines {
            report.lines += 1;
            if line.width > paragraph.measure + 0.01 {
                report.overfull_lines += 1;
            }
            run = if line.hyphenated { run + 1 } else { 0 };
            report.hyphenated_lines += line.hyphenated as usize;
            report.max_consecutive_hyphens = report.max_consecutive_hyphens.max(run);
            if !paragraph.justify || line.last || line.spaces == 0 {
                continue;
            }
            report.justified_lines += 1;
            if (line.width - paragraph.measure).abs() > 0.5 {
                report.ragged_justified_lines += 1;
            }
            let ratio = line.set_space / line.natural_space;
            report.space_ratio_min = report.space_ratio_min.min(ratio);
            report.space_ratio_max = report.space_ratio_max.max(ratio);
            set_total += (line.set_space * line.spaces as f32) as f64;
            natural_total += (line.natural_space * line.spaces as f32) as f64;
        }
    }
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
            "  hyphenated lines {}, at most {} in a row",
            self.hyphenated_lines, self.max_consecutive_hyphens
        )?;
        writeln!(
            f,
            "  justified lines {}, {} off the right margin by more than 0.5 pt",
            self.justified_lines, self.ragged_justified_lines
        )?;
        write!(
            f,
            "  inter-word space / natural: mean {:.3}, min {:.3}, max {:.3}",
            self.space_ratio_mean, self.space_ratio_min, self.space_ratio_max
        )
    }
}
