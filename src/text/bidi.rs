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
    // Every right-to-left or explicit-embedding character lies at or above U+0590; most text
    // has some above it (curly quotes, dashes), so those are asked their class.
    if !text.chars().any(|c| c >= '\u{0590}' && may_set_rtl(c)) {
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

/// Whether `c` can give any character an odd (right-to-left) level. Text without such a
/// character is left to right throughout (UAX #9): no strong R or AL sets the paragraph's
/// level or a run's, there is no explicit embedding, override or isolate, numbers become L
/// after an L start of sequence (W7), and neutrals take L (N1, N2). Arabic numbers (AN) are
/// asked about, as a neutral between two of them resolves to R.
fn may_set_rtl(c: char) -> bool {
    use unicode_bidi::BidiClass::*;
    matches!(
        unicode_bidi::bidi_class(c),
        R | AL | AN | RLE | RLO | RLI | FSI | LRE | LRO | LRI | PDF | PDI
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

    /// `levels` as computed without the shortcut: the whole algorithm whenever any
    /// character lies at or above U+0590.
    fn levels_in_full(text: &str) -> (Vec<u8>, bool) {
        if !text.chars().any(|c| c >= '\u{0590}') {
            return (Vec::new(), false);
        }
        let info = BidiInfo::new(text, None);
        if !info.has_rtl() {
            return (Vec::new(), false);
        }
        let rtl = info.paragraphs[0].level.is_rtl();
        (
            info.levels.iter().map(|level| level.number()).collect(),
            rtl,
        )
    }

    #[test]
    fn asking_each_character_its_class_gives_the_same_levels() {
        // Letters, digits, neutrals, curly quotes and dashes, Hebrew, Arabic, Arabic-Indic
        // digits (AN), a mark, the explicit embeddings and isolates, a line break.
        let chars = [
            'a', '1', ' ', '.', '-', '\u{2019}', '\u{201C}', '\u{2014}', '\u{20AC}', '\u{05D0}',
            '\u{0627}', '\u{0661}', '\u{06F1}', '\u{0301}', '\u{202B}', '\u{202A}', '\u{202E}',
            '\u{202C}', '\u{2067}', '\u{2066}', '\u{2068}', '\u{2069}', '\u{200F}', '\n',
        ];
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.chars().count() == texts.last().map_or(0, |l| l.chars().count()))
                .flat_map(|t| chars.iter().map(move |&c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(levels(text), levels_in_full(text), "{text:?}");
            let framed = format!("x \u{201C}{text}\u{201D} 1 {text}");
            assert_eq!(levels(&framed), levels_in_full(&framed), "{framed:?}");
        }
    }
}
