//! Where a paragraph may break: its text cut into words and spaces, with the Unicode line
//! break opportunities (UAX #14, via unicode-linebreak) of each.
//!
//! A number stays on the line of its currency or label ("USD 68.7", "FY 2024-25") and of its
//! abbreviated unit ("12 km", "5 %"): those spaces do not break.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

/// A piece of the paragraph text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// Characters set without space; they may break only at `breaks`.
    Word { breaks: Vec<InnerBreak> },
    /// Inter-word space (one glue, however many characters).
    Space { breakable: bool },
    /// A line separator the author wrote: the line must end here.
    Newline,
}

/// A break opportunity inside a word, e.g. after the hyphen of "India-Russia".
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct InnerBreak {
    /// Byte offset in the paragraph text where the next line would start.
    pub at: usize,
    pub kind: InnerBreakKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InnerBreakKind {
    /// After a hyphen already in the text: the line ends with it.
    AfterHyphen,
    /// At a soft hyphen: a hyphen is added if the line breaks here.
    Soft,
    /// Anywhere else UAX #14 allows (after a slash, a zero-width space, …).
    Plain,
}

/// Cuts `text` into words, spaces and newlines.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let opportunities: Vec<usize> = linebreaks(text)
        .filter(|&(_, kind)| kind == BreakOpportunity::Allowed)
        .map(|(at, _)| at)
        .collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let space = first.is_whitespace();
        let mut end = start + first.len_utf8();
        let mut newline = is_newline(first);
        while let Some(&(at, c)) = chars.peek() {
            if c.is_whitespace() != space {
                break;
            }
            newline |= is_newline(c);
            end = at + c.len_utf8();
            chars.next();
        }
        let kind = if newline {
            TokenKind::Newline
        } else if space {
            TokenKind::Space {
                breakable: opportunities.binary_search(&end).is_ok(),
            }
        } else {
            TokenKind::Word {
                breaks: inner_breaks(text, start..end, &opportunities),
            }
        };
        tokens.push(Token {
            range: start..end,
            kind,
        });
    }
    tie_numbers(text, &mut tokens);
    tokens
}

fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn inner_breaks(text: &str, word: Range<usize>, opportunities: &[usize]) -> Vec<InnerBreak> {
    let from = opportunities.partition_point(|&at| at <= word.start);
    opportunities[from..]
        .iter()
        .take_while(|&&at| at < word.end)
        .map(|&at| InnerBreak {
            at,
            kind: match text[..at].chars().next_back() {
                Some('\u{AD}') => InnerBreakKind::Soft,
                Some('-' | '\u{2010}') => InnerBreakKind::AfterHyphen,
                _ => InnerBreakKind::Plain,
            },
        })
        .collect()
}

/// Makes the space between a number and its label or unit unbreakable.
fn tie_numbers(text: &str, tokens: &mut [Token]) {
    for i in 1..tokens.len().saturating_sub(1) {
        let (before, after) = (&tokens[i - 1], &tokens[i + 1]);
        if !matches!(before.kind, TokenKind::Word { .. })
            || !matches!(after.kind, TokenKind::Word { .. })
        {
            continue;
        }
        let (before, after) = (&text[before.range.clone()], &text[after.range.clone()]);
        if is_number_label(before) && starts_with_digit(after)
            || ends_with_digit(before) && is_unit(after)
        {
            if let TokenKind::Space { breakable } = &mut tokens[i].kind {
                *breakable = false;
            }
        }
    }
}

/// A currency code or symbol, or an abbreviation, that a number follows: USD, FY, ₹, Rs, No.
fn is_number_label(word: &str) -> bool {
    let word = word.strip_suffix('.').unwrap_or(word);
    let code = (1..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase());
    code || matches!(word, "$" | "€" | "£" | "¥" | "₹" | "₽") || ABBREVIATIONS.contains(&word)
}

/// Abbreviations a number follows.
const ABBREVIATIONS: &[&str] = &[
    "Rs", "No", "Nos", "Art", "Vol", "Fig", "Sec", "Ch", "p", "pp",
];

fn starts_with_digit(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn ends_with_digit(word: &str) -> bool {
    word.chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || c == '%')
}

/// Abbreviated units a number is kept with. Spelled-out words ("68.7 billion", "12 tonnes")
/// may part from their number, as in running prose they do.
const UNITS: &[&str] = &[
    "bn", "mn", "km", "m", "cm", "mm", "kg", "g", "t", "mw", "gw", "kw", "kwh", "bcm", "bpd", "pt",
    "%",
];

fn is_unit(word: &str) -> bool {
    let word = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
    word.len() <= 8 && UNITS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spaces(text: &str) -> Vec<(String, bool)> {
        let tokens = tokenize(text);
        tokens
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t.kind {
                TokenKind::Space { breakable } => {
                    Some((text[tokens[i - 1].range.clone()].to_string(), breakable))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn numbers_stay_with_their_labels_and_units() {
        let text = "a record USD 68.7 billion in FY 2024-25 and 12 km later. In 2030, Rs. 5";
        // "68.7 billion" may part: spelled-out magnitudes are words like any other.
        let breakable: Vec<(String, bool)> = spaces(text);
        let after = |word: &str| breakable.iter().find(|(w, _)| w == word).map(|p| p.1);
        assert_eq!(after("USD"), Some(false));
        assert_eq!(after("68.7"), Some(true));
        assert_eq!(after("FY"), Some(false));
        assert_eq!(after("12"), Some(false));
        assert_eq!(after("record"), Some(true));
        assert_eq!(after("billion"), Some(true));
        assert_eq!(after("2024-25"), Some(true));
        assert_eq!(after("in"), Some(true));
        assert_eq!(after("In"), Some(true), "a capital is not a label");
        assert_eq!(after("Rs."), Some(false));
    }

    #[test]
    fn hyphens_and_newlines() {
        let text = "India-Russia ties\nnext";
        let tokens = tokenize(text);
        assert_eq!(
            tokens[0].kind,
            TokenKind::Word {
                breaks: vec![InnerBreak {
                    at: 6,
                    kind: InnerBreakKind::AfterHyphen
                }]
            }
        );
        assert_eq!(tokens[3].kind, TokenKind::Newline);
        assert_eq!(tokens.len(), 5);
    }

    #[test]
    fn no_break_space_does_not_break() {
        let tokens = tokenize("10\u{A0}000 people");
        assert_eq!(tokens[1].kind, TokenKind::Space { breakable: false });
        assert_eq!(tokens[3].kind, TokenKind::Space { breakable: true });
    }
}
