//! Column widths, as CSS automatic table layout and Typst's track sizes give them
//! (docs/architecture.md, "Tables"): explicit lengths and percentages first; `auto` columns at
//! their max-content width when everything fits, else at their min-content width plus a share
//! of what is left in proportion to (max − min); `fr` columns share what the others leave.
//! Words are cut only when the min-content widths cannot fit, and then only text columns, at
//! hyphenation points.

use crate::source::TrackSize;

/// What a column's content needs, in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Needs {
    /// The widest unbreakable piece: a word, a whole number.
    pub min: f32,
    /// The widest piece once words are cut at hyphenation points (numbers stay whole).
    pub cut_min: f32,
    /// The widest cell set on one line.
    pub max: f32,
}

/// The widths chosen, and which columns are narrower than their widest word.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizing {
    pub widths: Vec<f32>,
    /// Columns whose words must be hyphenated to fit.
    pub cut: Vec<bool>,
}

/// Why no widths fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TooWide {
    /// Even with words hyphenated the columns need `excess` points more than there are.
    Table { excess: f32 },
    /// An explicitly sized column is narrower than its content can be cut to.
    Column {
        index: usize,
        width: f32,
        needs: f32,
    },
}

/// Slack for rounding: widths are sums of f32 glyph advances.
const SLACK: f32 = 0.01;

/// Sizes columns sharing `available` points (the text width less gaps and padding).
pub fn size(tracks: &[TrackSize], needs: &[Needs], available: f32) -> Result<Sizing, TooWide> {
    let fixed: Vec<Option<f32>> = tracks
        .iter()
        .map(|track| match *track {
            TrackSize::Length(length) => Some(length.points),
            TrackSize::Percent(percent) => Some(available * percent / 100.0),
            TrackSize::Auto | TrackSize::Fraction(_) => None,
        })
        .collect();
    for (index, width) in fixed.iter().enumerate() {
        if let Some(width) = *width {
            if width + SLACK < needs[index].cut_min {
                let needs = needs[index].cut_min;
                return Err(TooWide::Column {
                    index,
                    width,
                    needs,
                });
            }
        }
    }
    let room = available - fixed.iter().flatten().sum::<f32>();
    let flexible: Vec<usize> = (0..tracks.len()).filter(|&i| fixed[i].is_none()).collect();
    let sum_min: f32 = flexible.iter().map(|&i| needs[i].min).sum();
    let mut widths: Vec<f32> = fixed.iter().map(|w| w.unwrap_or(0.0)).collect();
    if sum_min <= room + SLACK {
        share_by_content(tracks, needs, &flexible, room, &mut widths);
    } else {
        let sum_cut: f32 = flexible.iter().map(|&i| needs[i].cut_min).sum();
        if sum_cut > room + SLACK {
            return Err(TooWide::Table {
                excess: sum_cut - room,
            });
        }
        // Every flexible column between its hyphenated and its whole-word width.
        let spread = |i: usize| needs[i].min - needs[i].cut_min;
        let total: f32 = flexible.iter().map(|&i| spread(i)).sum();
        let extra = room - sum_cut;
        for &i in &flexible {
            let share = if total > 0.0 {
                extra * spread(i) / total
            } else {
                0.0
            };
            widths[i] = needs[i].cut_min + share;
        }
    }
    let cut = widths
        .iter()
        .zip(needs)
        .map(|(w, n)| w + SLACK < n.min)
        .collect();
    Ok(Sizing { widths, cut })
}

/// Auto and fraction columns when their min-content widths fit in `room`.
fn share_by_content(
    tracks: &[TrackSize],
    needs: &[Needs],
    flexible: &[usize],
    room: f32,
    widths: &mut [f32],
) {
    let fraction = |i: usize| match tracks[i] {
        TrackSize::Fraction(fr) => Some(fr),
        _ => None,
    };
    let (fractions, autos): (Vec<usize>, Vec<usize>) =
        flexible.iter().partition(|&&i| fraction(i).is_some());
    let fr_min: f32 = fractions.iter().map(|&i| needs[i].min).sum();
    let auto_max: f32 = autos.iter().map(|&i| needs[i].max).sum();
    let auto_min: f32 = autos.iter().map(|&i| needs[i].min).sum();
    if auto_max + fr_min <= room + SLACK {
        for &i in &autos {
            widths[i] = needs[i].max;
        }
    } else {
        let spread: f32 = autos.iter().map(|&i| needs[i].max - needs[i].min).sum();
        let extra = (room - fr_min - auto_min).max(0.0);
        for &i in &autos {
            let share = if spread > 0.0 {
                extra * (needs[i].max - needs[i].min) / spread
            } else {
                0.0
            };
            widths[i] = needs[i].min + share;
        }
    }
    let left = room - autos.iter().map(|&i| widths[i]).sum::<f32>();
    share_fractions(&fractions, &fraction, needs, left, widths);
}

/// Fraction columns share `left` by their fractions, none below its min-content width: a
/// column whose share is too small takes its minimum and the others share the rest.
fn share_fractions(
    fractions: &[usize],
    fraction: &dyn Fn(usize) -> Option<f32>,
    needs: &[Needs],
    left: f32,
    widths: &mut [f32],
) {
    let mut open: Vec<usize> = fractions.to_vec();
    let mut left = left;
    loop {
        let total: f32 = open.iter().filter_map(|&i| fraction(i)).sum();
        let short: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| left * fraction(i).unwrap_or(0.0) / total < needs[i].min)
            .collect();
        if short.is_empty() || total <= 0.0 {
            for &i in &open {
                widths[i] = (left * fraction(i).unwrap_or(0.0) / total).max(needs[i].min);
            }
            return;
        }
        for &i in &short {
            widths[i] = needs[i].min;
            left -= needs[i].min;
        }
        open.retain(|i| !short.contains(i));
        if open.is_empty() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Length;

    fn needs(min: f32, max: f32) -> Needs {
        Needs {
            min,
            cut_min: min / 2.0,
            max,
        }
    }

    #[test]
    fn auto_columns_take_their_max_content_when_it_fits() {
        let sizing = size(
            &[TrackSize::Auto; 2],
            &[needs(10.0, 40.0), needs(5.0, 50.0)],
            200.0,
        );
        assert_eq!(sizing.unwrap().widths, vec![40.0, 50.0]);
    }

    #[test]
    fn otherwise_min_content_plus_a_share_of_the_rest_by_max_minus_min() {
        let sizing = size(
            &[TrackSize::Auto; 2],
            &[needs(40.0, 40.0), needs(10.0, 310.0)],
            200.0,
        )
        .unwrap();
        assert_eq!(sizing.widths, vec![40.0, 160.0]);
        assert_eq!(sizing.cut, vec![false, false]);
    }

    #[test]
    fn words_are_cut_only_when_min_content_cannot_fit() {
        let sizing = size(
            &[TrackSize::Auto; 2],
            &[needs(80.0, 90.0), needs(80.0, 90.0)],
            120.0,
        )
        .unwrap();
        assert_eq!(sizing.widths, vec![60.0, 60.0]);
        assert_eq!(sizing.cut, vec![true, true]);
        let too_wide = size(&[TrackSize::Auto; 2], &[needs(80.0, 90.0); 2], 70.0);
        assert_eq!(too_wide, Err(TooWide::Table { excess: 10.0 }));
    }

    #[test]
    fn lengths_percentages_and_fractions() {
        let tracks = [
            TrackSize::Length(Length { points: 30.0 }),
            TrackSize::Percent(10.0),
            TrackSize::Fraction(1.0),
            TrackSize::Fraction(3.0),
        ];
        let sizing = size(&tracks, &[needs(5.0, 10.0); 4], 200.0).unwrap();
        assert_eq!(sizing.widths, vec![30.0, 20.0, 37.5, 112.5]);
        let narrow = [TrackSize::Length(Length { points: 1.0 })];
        assert!(matches!(
            size(&narrow, &[needs(10.0, 20.0)], 200.0),
            Err(TooWide::Column { index: 0, .. })
        ));
    }

    #[test]
    fn a_fraction_never_goes_below_its_min_content() {
        let tracks = [TrackSize::Fraction(1.0), TrackSize::Fraction(9.0)];
        let sizing = size(&tracks, &[needs(30.0, 30.0), needs(5.0, 500.0)], 100.0).unwrap();
        assert_eq!(sizing.widths, vec![30.0, 70.0]);
    }
}
