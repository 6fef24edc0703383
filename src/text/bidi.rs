//! Bidirectional text (UAX #9, with the unicode-bidi crate): the embedding level of every
//! byte of a paragraph, and the reordering of a set line from logical to visual order.
//!
//! Words are shaped in logical order (right-to-left pieces shaped right to left, their glyphs
//! then stored in logical order), so breaking, hyphenation and cuts never see the direction;
//! only a set line is reordered (rule L2), cluster by cluster.

use unicode_bidi::BidiInfo;

/// The embedding level of each byte of `text`, or nothing when the text is all
/// left-to-right (the common case costs one scan); and whether the paragraph runs right to
/// left (its first strong character is, rules P2 and P3), so its lines align to the right.
pub(crate) fn levels(text: &str) -> (Vec<u8>, bool) {
    // Every right-to-left or explicit-embedding character lies at or above U+0590.
    if !text.chars().any(|c| c >= '\u{0590}') {
        return (Vec::new(), false);
    }
    let info = BidiInfo::new(text, None);
    if !info.has_rtl() {
        return (Vec::new(), false);
    }
    let rtl = info
        .paragraphs
        .first()
        .is_some_and(|paragraph| paragraph.level.is_rtl());
    (
        info.levels.iter().map(|level| level.number()).collect(),
        rtl,
    )
}

/// Whether a level is right-to-left.
pub(crate) fn is_rtl(level: u8) -> bool {
    level % 2 == 1
}

/// Reorders `units` (each with its level, in logical order) into visual order: from the
/// highest level down to the lowest odd one, every run at that level or above is reversed.
pub(crate) fn visual_order<T>(units: &mut [(u8, T)]) {
    let Some(highest) = units.iter().map(|&(level, _)| level).max() else {
        return;
    };
    let Some(lowest_odd) = units
        .iter()
        .map(|&(level, _)| level)
        .filter(|&level| is_rtl(level))
        .min()
    else {
        return;
    };
    for level in (lowest_odd..=highest).rev() {
        let mut at = 0;
        while at < units.len() {
            if units[at].0 < level {
                at += 1;
                continue;
            }
            let start = at;
            while at < units.len() && units[at].0 >= level {
                at += 1;
            }
            units[start..at].reverse();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_to_right_text_has_no_levels() {
        assert_eq!(levels("India and Russia"), (Vec::new(), false));
        assert_eq!(levels("भारत और रूस"), (Vec::new(), false));
    }

    #[test]
    fn a_paragraph_runs_as_its_first_strong_character() {
        assert!(!levels("India (הודו) and Russia").1);
        assert!(levels("הודו and India").1);
        assert!(levels("1947: הודו and India").1, "digits are not strong");
    }

    #[test]
    fn hebrew_in_english_is_level_one() {
        let text = "a שלום b";
        let (levels, rtl) = levels(text);
        assert!(!rtl);
        assert_eq!(levels.len(), text.len());
        assert_eq!(levels[0], 0);
        assert_eq!(levels[2], 1);
        assert_eq!(*levels.last().unwrap(), 0);
    }

    #[test]
    fn runs_are_reversed_by_level() {
        // "a" "B" "C" "d" with B and C right-to-left: a C B d.
        let mut units = vec![(0, 'a'), (1, 'B'), (1, 'C'), (0, 'd')];
        visual_order(&mut units);
        let order: String = units.iter().map(|&(_, c)| c).collect();
        assert_eq!(order, "aCBd");
        // Numbers (level 2) inside right-to-left text keep their own order.
        let mut units = vec![(1, 'A'), (2, '1'), (2, '2'), (1, 'B')];
        visual_order(&mut units);
        let order: String = units.iter().map(|&(_, c)| c).collect();
        assert_eq!(order, "B12A");
    }
}
