//! Hyphenation points of words, by language, with hypher's patterns.
//!
//! Words that must not be cut are left whole: anything with a digit (numbers, codes), URLs and
//! e-mail addresses, compounds with their own hyphen (they break there), all-capital
//! acronyms and, unless asked otherwise, capitalized words
//! (names such as "India", as TeX does with `\uchyph=0`). Links are skipped by the caller.
//! A fragment has at least two letters on each side of the hyphen, or more where hypher's
//! data for the language asks for more (English: two before, three after).
//!
//! Words recur, so their points are cached per thread; the cache only saves work.

use std::cell::RefCell;
use std::collections::HashMap;

use hypher::Lang;

/// Words longer than this (in bytes) are not hyphenated: they are not words. (It also lets a
/// point fit in a byte.)
const LONGEST_WORD: usize = 120;

/// Past this many cached words the cache starts afresh, so a long `watch` session stays small.
const CACHE_LIMIT: usize = 100_000;

/// Each word's hyphenation points, as byte offsets.
type WordPoints = HashMap<String, Box<[u8]>>;

thread_local! {
    static POINTS: RefCell<HashMap<(Lang, bool), WordPoints>> = RefCell::new(HashMap::new());
}

/// Finds hyphenation points for one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hyphenator {
    lang: Option<Lang>,
    /// Whether capitalized words are hyphenated.
    capitalized: bool,
}

/// The fewest letters a fragment keeps on either side of a hyphen, whatever the language's
/// data says: a one-letter fragment ("a-") reads as a typo.
const MIN_FRAGMENT: usize = 2;

impl Hyphenator {
    /// The hyphenator for a BCP 47 tag ("en", "en-GB", "ru"); none for an unknown language.
    /// `capitalized`: whether words that start with a capital are hyphenated too.
    pub fn new(language: &str, capitalized: bool) -> Hyphenator {
        let primary = language.split(['-', '_']).next().unwrap_or_default();
        let code = primary.to_ascii_lowercase();
        let lang = match code.as_bytes() {
            &[a, b] => Lang::from_iso([a, b]),
            _ => None,
        };
        Hyphenator { lang, capitalized }
    }

    /// Whether there are patterns for the language: without them no word is hyphenated.
    pub fn knows_language(&self) -> bool {
        self.lang.is_some()
    }

    /// Pushes to `out` the byte offsets inside `word` where a hyphen may go.
    pub fn points(&self, word: &str, out: &mut Vec<usize>) {
        let Some(lang) = self.lang else {
            return;
        };
        if word.len() > LONGEST_WORD || !may_hyphenate(word) {
            return;
        }
        POINTS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let words = cache.entry((lang, self.capitalized)).or_default();
            if let Some(points) = words.get(word) {
                out.extend(points.iter().map(|&at| at as usize));
                return;
            }
            let start = out.len();
            word_points(word, lang, self.capitalized, out);
            if words.len() >= CACHE_LIMIT {
                words.clear();
            }
            let points = out[start..].iter().map(|&at| at as u8).collect();
            words.insert(word.to_string(), points);
        });
    }
}

/// Hyphenates each stretch of letters on its own: "India's" is "India" and "s".
fn word_points(word: &str, lang: Lang, capitalized: bool, out: &mut Vec<usize>) {
    let mut start = None;
    for (at, c) in word.char_indices().chain([(word.len(), ' ')]) {
        match (is_letter(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                letter_points(&word[from..at], from, lang, capitalized, out);
                start = None;
            }
            _ => {}
        }
    }
}

fn letter_points(
    letters: &str,
    offset: usize,
    lang: Lang,
    capitalized: bool,
    out: &mut Vec<usize>,
) {
    let starts_upper = letters.chars().next().is_some_and(char::is_uppercase);
    if letters.chars().all(char::is_uppercase) || starts_upper && !capitalized {
        return;
    }
    let (left, right) = lang.bounds();
    let mut at = offset;
    let mut syllables = hypher::hyphenate_bounded(
        letters,
        lang,
        left.max(MIN_FRAGMENT),
        right.max(MIN_FRAGMENT),
    )
    .peekable();
    while let Some(syllable) = syllables.next() {
        at += syllable.len();
        if syllables.peek().is_some() {
            out.push(at);
        }
    }
}

/// Whether a word may get hyphenation points. A compound with its own hyphen ("long-standing")
/// breaks only there, as in TeX: "long-stand-ing" would show two hyphens in one word.
fn may_hyphenate(word: &str) -> bool {
    !word
        .chars()
        .any(|c| c.is_numeric() || matches!(c, '@' | '-' | '\u{2010}'))
        && !word.contains("://")
        && !word.starts_with("www.")
}

/// Letters, and the marks that belong to them (Indic vowel signs and viramas are not all
/// `Alphabetic`).
fn is_letter(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{0900}'..='\u{0DFF}' | '\u{200C}' | '\u{200D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(language: &str, word: &str) -> Vec<usize> {
        let mut out = Vec::new();
        Hyphenator::new(language, false).points(word, &mut out);
        out
    }

    #[test]
    fn english_words_get_points() {
        assert_eq!(points("en", "extensive"), vec![2, 5]);
        assert_eq!(points("en-GB", "extensive"), vec![2, 5]);
    }

    #[test]
    fn punctuation_stays_outside_the_syllables() {
        let word = "(extensive),";
        assert_eq!(points("en", word), vec![3, 6]);
    }

    #[test]
    fn numbers_urls_acronyms_and_unknown_languages_are_left_whole() {
        assert!(points("en", "2024-25").is_empty());
        assert!(points("en", "https://example.com/international").is_empty());
        assert!(points("en", "www.international.org").is_empty());
        assert!(points("en", "INTERNATIONAL").is_empty());
        assert!(points("xx", "extensive").is_empty());
        assert!(points("", "extensive").is_empty());
    }

    #[test]
    fn capitalized_words_stay_whole_unless_asked() {
        assert!(points("en", "India").is_empty());
        assert!(points("en", "Russia").is_empty());
        assert!(points("en", "India-Russia").is_empty());
        assert!(points("en", "However").is_empty());
        let mut out = Vec::new();
        let german = Hyphenator::new("de", true);
        german.points("Zusammenarbeit", &mut out);
        assert!(!out.is_empty(), "German nouns hyphenate with the option");
        out.clear();
        german.points("NATO", &mut out);
        assert!(out.is_empty(), "acronyms stay whole even then");
    }

    #[test]
    fn english_fragments_keep_two_letters_before_and_three_after() {
        for word in [
            "significant",
            "cooperation",
            "diversifying",
            "imports",
            "only",
            "ready",
        ] {
            let letters = word.chars().count();
            for at in points("en", word) {
                assert!(at >= 2 && letters - at >= 3, "{word} at {at}");
            }
        }
        // "ready" would be "rea-dy" with a two-letter tail.
        assert!(points("en", "ready").is_empty());
    }
}
