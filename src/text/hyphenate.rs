//! Hyphenation points of words, by language, with hypher's patterns.
//!
//! Words that must not be cut are left whole: anything with a digit (numbers, codes), URLs and
//! e-mail addresses, and all-capital acronyms. Links are skipped by the caller.
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
    static POINTS: RefCell<HashMap<Lang, WordPoints>> = RefCell::new(HashMap::new());
}

/// Finds hyphenation points for one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hyphenator {
    lang: Option<Lang>,
}

impl Hyphenator {
    /// The hyphenator for a BCP 47 tag ("en", "en-GB", "ru"); none for an unknown language.
    pub fn new(language: &str) -> Hyphenator {
        let primary = language.split(['-', '_']).next().unwrap_or_default();
        let code = primary.to_ascii_lowercase();
        let lang = match code.as_bytes() {
            &[a, b] => Lang::from_iso([a, b]),
            _ => None,
        };
        Hyphenator { lang }
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
            let words = cache.entry(lang).or_default();
            if let Some(points) = words.get(word) {
                out.extend(points.iter().map(|&at| at as usize));
                return;
            }
            let start = out.len();
            word_points(word, lang, out);
            if words.len() >= CACHE_LIMIT {
                words.clear();
            }
            let points = out[start..].iter().map(|&at| at as u8).collect();
            words.insert(word.to_string(), points);
        });
    }
}

/// Hyphenates each stretch of letters on its own: "India's" is "India" and "s".
fn word_points(word: &str, lang: Lang, out: &mut Vec<usize>) {
    let mut start = None;
    for (at, c) in word.char_indices().chain([(word.len(), ' ')]) {
        match (is_letter(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                letter_points(&word[from..at], from, lang, out);
                start = None;
            }
            _ => {}
        }
    }
}

fn letter_points(letters: &str, offset: usize, lang: Lang, out: &mut Vec<usize>) {
    if letters.chars().all(char::is_uppercase) {
        return;
    }
    let mut at = offset;
    let mut syllables = hypher::hyphenate(letters, lang).peekable();
    while let Some(syllable) = syllables.next() {
        at += syllable.len();
        if syllables.peek().is_some() {
            out.push(at);
        }
    }
}

fn may_hyphenate(word: &str) -> bool {
    !word.chars().any(|c| c.is_numeric() || c == '@')
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
        Hyphenator::new(language).points(word, &mut out);
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
}
