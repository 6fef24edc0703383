//! The snippet a diagnostic shows: the line of the problem with one line either side, each
//! cut to a window of [`WINDOW`] characters around the problem's column ("…" at a cut end),
//! control characters and bytes that are not UTF-8 escaped (`\x1B`, `\xC3`). A report stays a
//! few KB whatever the source looks like (a minified line of megabytes, binary data), and the
//! terminal never receives raw bytes from the source.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Characters of a line shown around the problem's column.
pub const WINDOW: usize = 100;

/// A window of a source, with the problem's span inside it, for miette to draw.
#[derive(Debug, Clone)]
pub struct Snippet {
    name: String,
    /// The lines shown, windowed and escaped, joined by `\n`.
    text: String,
    /// The 0-based source line of the first line of `text`.
    first_line: usize,
    /// Which line of `text` holds the problem, and the problem's real 0-based column.
    problem_line: usize,
    problem_column: usize,
    /// The problem's byte range in `text`.
    pub span: (usize, usize),
}

/// One character (or one byte that is not UTF-8) of a line and how it is shown.
struct Unit {
    start: usize,
    shown: String,
}

impl Snippet {
    /// The window of `bytes` around the byte range `span` (offsets at character boundaries,
    /// as far as the bytes have them), shown as `name`.
    pub fn new(name: &str, bytes: &[u8], span: (usize, usize)) -> Snippet {
        let lines = line_ranges(bytes);
        let at = span.0.min(bytes.len());
        let index = lines
            .partition_point(|line| line.1 < at)
            .min(lines.len() - 1);
        let line_units = units(&bytes[lines[index].0..lines[index].1], lines[index].0);
        let column = line_units.partition_point(|unit| unit.start < at);
        let start = column
            .saturating_sub(WINDOW / 2)
            .min(line_units.len().saturating_sub(WINDOW));
        let window = start..(start + WINDOW);
        let first = index.saturating_sub(1);
        let last = (index + 1).min(lines.len() - 1);
        let mut text = String::new();
        let mut shown_span = (0, 0);
        for (i, &(line_start, line_end)) in lines.iter().enumerate().take(last + 1).skip(first) {
            if i > first {
                text.push('\n');
            }
            let all = if i == index {
                line_units.as_slice()
            } else {
                &units(&bytes[line_start..line_end], line_start)[..]
            };
            // A context line short enough is shown whole; a long one in the same window.
            let (begin, end) = if i != index && all.len() <= WINDOW {
                (0, all.len())
            } else {
                let end = window.end.min(all.len());
                (window.start.min(end.saturating_sub(WINDOW)), end)
            };
            if begin > 0 {
                text.push('…');
            }
            for (k, unit) in all[begin..end].iter().enumerate() {
                if i == index && begin + k == column {
                    shown_span.0 = text.len();
                }
                if i == index && unit.start < span.1.max(at + 1) {
                    shown_span.1 = text.len() + unit.shown.len();
                }
                text.push_str(&unit.shown);
            }
            if i == index && column >= end {
                shown_span.0 = text.len();
            }
            if end < all.len() {
                text.push('…');
            }
        }
        shown_span.1 = shown_span.1.max(shown_span.0);
        if span.1 <= span.0 {
            shown_span.1 = shown_span.0;
        }
        Snippet {
            name: name.to_string(),
            text,
            first_line: first,
            problem_line: index - first,
            problem_column: column,
            span: shown_span,
        }
    }

    /// The snippet's text as shown.
    #[cfg(test)]
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette numbers lines from the text it is given; the header shows the real place.
        let column = if inner.line() == self.problem_line {
            self.problem_column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

/// The byte ranges of the lines of `bytes`, without their breaks (`\n`, `\r\n` or a lone
/// `\r`, as YAML has them); never empty.
pub fn line_ranges(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                lines.push((start, at));
                start = at + 1;
            }
            b'\r' => {
                lines.push((start, at));
                if bytes.get(at + 1) == Some(&b'\n') {
                    at += 1;
                }
                start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    lines.push((start, bytes.len()));
    lines
}

/// The characters of a line as shown; `base` is the line's offset in the source.
fn units(line: &[u8], base: usize) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut at = 0;
    for chunk in line.utf8_chunks() {
        for (offset, c) in chunk.valid().char_indices() {
            units.push(Unit {
                start: base + at + offset,
                shown: shown(c),
            });
        }
        at += chunk.valid().len();
        for &byte in chunk.invalid() {
            units.push(Unit {
                start: base + at,
                shown: format!("\\x{byte:02X}"),
            });
            at += 1;
        }
    }
    units
}

/// A character as a terminal may safely show it: controls (C0, DEL, C1) and the
/// bidirectional overrides that could reorder the report are escaped, a tab is a space.
fn shown(c: char) -> String {
    match c {
        '\t' => " ".to_string(),
        '\u{0}'..='\u{1F}' | '\u{7F}' => format!("\\x{:02X}", c as u32),
        '\u{80}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            format!("\\u{{{:04X}}}", c as u32)
        }
        c => c.to_string(),
    }
}

/// Characters of a message or help kept; the rest (a pasted paragraph as a key, say) is
/// cut with "…".
const MESSAGE_CHARS: usize = 300;

/// A message as the terminal may show it: control characters escaped, cut to
/// [`MESSAGE_CHARS`] characters.
pub fn safe_message(message: &str) -> String {
    let mut out = String::new();
    for (count, c) in message.chars().enumerate() {
        if count == MESSAGE_CHARS {
            out.push('…');
            break;
        }
        out.push_str(&shown(c));
    }
    out
}

/// The offending bytes at `at` as text: an invalid sequence and what follows, escaped.
pub fn escaped_bytes(bytes: &[u8], at: usize, len: usize) -> String {
    bytes[at.min(bytes.len())..(at + len).min(bytes.len())]
        .iter()
        .map(|byte| format!("\\x{byte:02X}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let snippet = Snippet::new("f", line.as_bytes(), (100_000, 100_001));
        assert!(snippet.text().chars().count() <= WINDOW + 2);
        assert!(snippet.text().starts_with('…') && snippet.text().ends_with('…'));
        assert_eq!(&snippet.text()[snippet.span.0..snippet.span.1], "X");
    }

    #[test]
    fn control_characters_and_bad_bytes_are_escaped() {
        let snippet = Snippet::new("f", b"a: \x1b[31m\xC3\x28", (8, 9));
        assert_eq!(snippet.text(), "a: \\x1B[31m\\xC3(");
        assert_eq!(&snippet.text()[snippet.span.0..snippet.span.1], "\\xC3");
    }

    #[test]
    fn messages_are_cut_and_escaped() {
        let long = format!("unknown key `{}`", "k".repeat(10_000));
        assert_eq!(safe_message(&long).chars().count(), MESSAGE_CHARS + 1);
        assert_eq!(safe_message("a\u{1b}[2Jb"), "a\\x1B[2Jb");
    }

    #[test]
    fn carriage_returns_end_lines() {
        assert_eq!(
            line_ranges(b"a\rb\r\nc\n"),
            vec![(0, 1), (2, 3), (5, 6), (7, 7)]
        );
        let snippet = Snippet::new("f", b"one\rtwo\rthree\rfour", (8, 9));
        assert_eq!(snippet.text(), "two\nthree\nfour");
        assert_eq!(snippet.first_line, 1);
    }
}
