//! Diagnostics an editor can act on: file, line and column, a snippet with a caret, what was
//! expected. Rendered by miette, graphically for people (JSON for CI can be added beside it).

use std::fmt;

use super::limits::Limit;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::snippet::{line_ranges, safe_message, Snippet};

/// What kind of mistake a diagnostic reports; it names the diagnostic's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The bytes are not UTF-8 or the file is too large.
    Encoding,
    /// The file holds no YAML document.
    Empty,
    /// The YAML does not parse.
    Syntax,
    /// Nesting too deep, or aliases expanding too far.
    Limit,
    /// A key this place does not know.
    UnknownKey,
    /// A value of the wrong type or shape, or a missing key.
    Type,
    /// Well-formed YAML that breaks a rule of the format.
    Invalid,
    /// Inline markup that is not allowed or does not parse.
    Markup,
    /// A valid block that cannot be set on the page without losing or clipping text.
    Layout,
}

impl ErrorKind {
    fn code(self) -> &'static str {
        match self {
            ErrorKind::Encoding => "briefing::source::encoding",
            ErrorKind::Empty => "briefing::source::empty",
            ErrorKind::Syntax => "briefing::source::syntax",
            ErrorKind::Limit => "briefing::source::limit",
            ErrorKind::UnknownKey => "briefing::source::unknown-key",
            ErrorKind::Type => "briefing::source::type",
            ErrorKind::Invalid => "briefing::source::invalid",
            ErrorKind::Markup => "briefing::source::markup",
            ErrorKind::Layout => "briefing::layout",
        }
    }
}

/// A problem at one place of a source file.
#[derive(Debug)]
pub struct SourceError {
    pub kind: ErrorKind,
    /// The file name as given to [`crate::source::load`].
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong, one line.
    pub message: String,
    /// What to write instead, when there is something to say.
    pub help: Option<String>,
    /// Byte range in the source the caret points at.
    pub span: (usize, usize),
    /// The limit the source went past, for a [`ErrorKind::Limit`]: a caller may say how to
    /// raise it.
    pub limit: Option<Limit>,
    /// The file's other errors after this one, in the order they stand in the file: a load
    /// reports up to [`MAX_REPORTED`] errors of a file at once.
    pub more: Vec<SourceError>,
    /// How many errors were found past those reported (in a file with very many, the
    /// count of those found before the search stopped).
    pub unreported: usize,
    /// Reading stopped before the end of a file with very many errors: there may be more
    /// than those counted.
    pub stopped_early: bool,
    label: String,
    snippet: Snippet,
}

/// The most errors one load reports, as rustc and cargo stop somewhere too: past a few
/// dozen, the first ones are the ones to fix.
pub const MAX_REPORTED: usize = 20;

/// The parts of a diagnostic before it knows its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ErrorKind,
    pub message: String,
    pub help: Option<String>,
    /// Byte offset where the problem starts.
    pub offset: usize,
    /// Length in bytes of the offending text (0: a caret only).
    pub len: usize,
    /// Short text under the caret.
    pub label: String,
    /// The limit the source went past, for a [`ErrorKind::Limit`].
    pub limit: Option<Limit>,
}

impl Problem {
    pub fn new(kind: ErrorKind, offset: usize, message: impl Into<String>) -> Problem {
        Problem {
            kind,
            message: message.into(),
            help: None,
            offset,
            len: 0,
            label: "here".to_string(),
            limit: None,
        }
    }

    pub fn with_limit(mut self, limit: Limit) -> Problem {
        self.limit = Some(limit);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn with_len(mut self, len: usize) -> Problem {
        self.len = len;
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Problem {
        self.label = label.into();
        self
    }

    /// Attaches the file and its text (the bytes as read: they need not be UTF-8), computing
    /// line and column and cutting the snippet.
    pub fn in_file(self, file: &str, bytes: &[u8]) -> SourceError {
        let offset = floor_boundary(bytes, self.offset.min(bytes.len()));
        let end = floor_boundary(bytes, (offset + self.len).min(bytes.len())).max(offset);
        let (line, column) = line_column(bytes, offset);
        SourceError {
            kind: self.kind,
            file: file.to_string(),
            line,
            column,
            message: safe_message(&self.message),
            help: self.help.as_deref().map(safe_message),
            span: (offset, end),
            limit: self.limit,
            more: Vec::new(),
            unreported: 0,
            stopped_early: false,
            label: self.label,
            snippet: Snippet::new(file, bytes, (offset, end)),
        }
    }
}

impl SourceError {
    /// This error and the file's others, in the order they stand in the file.
    pub fn all(&self) -> impl Iterator<Item = &SourceError> {
        std::iter::once(self).chain(&self.more)
    }

    /// How many errors the file has: those reported and those past the cap.
    pub fn count(&self) -> usize {
        1 + self.more.len() + self.unreported
    }

    /// "and 10 more errors in FILE", when some were found past those reported (and when
    /// reading stopped early, that there may be others).
    pub fn unreported_note(&self) -> Option<String> {
        let file = &self.file;
        let more = match self.unreported {
            0 if self.stopped_early => {
                return Some(format!("{file} may have more errors after these"));
            }
            0 => return None,
            1 => format!("and 1 more error in {file}"),
            n => format!("and {n} more errors in {file}"),
        };
        Some(match self.stopped_early {
            true => format!("{more}, perhaps others after them"),
            false => more,
        })
    }

    /// The report as a person reads it: for each error message, snippet with caret, help;
    /// then how many more there are. `color` adds ANSI colours; pass false for files, pipes
    /// and `NO_COLOR`.
    pub fn render_graphical(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        for error in self.all() {
            let mut report = String::new();
            if handler.render_report(&mut report, error).is_err() {
                // Rendering into a String cannot fail in practice; keep the one-line form.
                report = format!("{}\n", error.one_line());
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&report);
        }
        if let Some(note) = self.unreported_note() {
            out.push_str(&format!("\n{note}\n"));
        }
        out
    }

    /// `file:line:column: message`, this error alone.
    pub fn one_line(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// This error alone, on one line (the report's heading): [`SourceError::all`] has the
/// file's others.
impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.one_line())
    }
}

impl std::error::Error for SourceError {}

impl Diagnostic for SourceError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.code()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, end) = self.snippet.span;
        let label = LabeledSpan::new(Some(self.label.clone()), start, end - start);
        Some(Box::new(std::iter::once(label)))
    }
}

/// 1-based line and 1-based column (in characters; a byte that is not UTF-8 counts as one)
/// of a byte offset. Lines end at `\n`, `\r\n` or a lone `\r`, as in YAML.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let lines = line_ranges(&bytes[..offset]);
    let (start, _) = lines[lines.len() - 1];
    let before = &bytes[start..offset];
    let column = before
        .utf8_chunks()
        .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
        .sum::<usize>();
    (lines.len(), column + 1)
}

/// Byte offset of a 1-based line and 0-based column counted in characters (lines end as in
/// [`line_column`]).
pub fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    for _ in 1..line {
        match bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
        {
            Some(at) => {
                let at = line_start + at;
                let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
                line_start = at + 1 + usize::from(crlf);
            }
            None => return text.len(),
        }
    }
    let rest = &text[line_start..];
    let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let in_line = rest[..line_len]
        .char_indices()
        .nth(column)
        .map_or(line_len, |(at, _)| at);
    line_start + in_line
}

/// The largest offset at or before `offset` that does not split a UTF-8 character (a byte
/// that is not UTF-8 is a character of its own).
fn floor_boundary(bytes: &[u8], offset: usize) -> usize {
    let is_continuation = |at: usize| bytes.get(at).is_some_and(|&b| b & 0xC0 == 0x80);
    if !is_continuation(offset) {
        return offset;
    }
    let lead = (offset.saturating_sub(3)..offset)
        .rev()
        .find(|&at| !is_continuation(at));
    match lead {
        Some(lead) if bytes[lead] >= 0xC0 && lead + sequence_len(bytes[lead]) > offset => lead,
        _ => offset,
    }
}

/// How many bytes a UTF-8 sequence with this lead byte has.
fn sequence_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}
