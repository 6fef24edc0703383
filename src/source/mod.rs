//! Stage 1: the YAML source, loaded into a validated [`Briefing`].
//!
//! Loading runs these passes over the text, each catching its own kind of mistake:
//! 1. [`locate`] builds a tree of spans (syntax errors, no document, a root that is not a
//!    mapping, absurd nesting); an error here is the only one reported;
//! 2. [`keys`] finds every unknown key in the tree;
//! 3. [`yaml`] deserializes the model with serde (wrong types, missing keys), and
//!    [`yaml_errors`] rewrites serde's messages for editors; [`recover`] reads on past
//!    each error, so every block's errors are found;
//! 4. [`validate`] parses inline markup and checks the rules serde cannot express, using the
//!    span tree to point every problem at its line and column.
//!
//! Every error found is reported, up to [`diagnostic::MAX_REPORTED`] (docs/source-format.md,
//! Diagnostics).

mod deserialize;
pub mod diagnostic;
pub mod inline;
mod keys;
mod limits;
mod locate;
pub mod model;
mod recover;
mod reload;
mod snippet;
mod standards;
mod suggest;
mod validate;
mod yaml;
mod yaml_errors;

pub use diagnostic::{ErrorKind, SourceError};
pub use inline::{Inline, Run};
pub use limits::{Limit, Limits};
pub use model::*;
pub use reload::Reloader;
pub use standards::PdfStandards;

use diagnostic::Problem;

/// Loads and validates a briefing within the default [`Limits`]. `name` is the file name
/// used in diagnostics.
pub fn load(name: &str, text: &str) -> Result<Briefing, Box<SourceError>> {
    load_text(name, text, &Limits::default(), PdfStandards::default())
}

/// Loads a briefing from raw bytes, reporting invalid UTF-8 as a diagnostic like any other.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Briefing, Box<SourceError>> {
    load_within(name, bytes, &Limits::default())
}

fn load_text(
    name: &str,
    text: &str,
    limits: &Limits,
    standards: PdfStandards,
) -> Result<Briefing, Box<SourceError>> {
    load_text_tree(name, text, limits, standards).map(|(briefing, _)| briefing)
}

/// What [`load_text`] does, with the span tree the briefing was read from; none when the
/// text starts with a byte-order mark (the tree's offsets would not be the text's).
fn load_text_tree(
    name: &str,
    text: &str,
    limits: &Limits,
    standards: PdfStandards,
) -> Result<(Briefing, Option<locate::Node>), Box<SourceError>> {
    // Editors on Windows may save a byte-order mark; the YAML parsers disagree about it.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - body.len();
    let (mut briefing, root) = parse(body, limits, standards).map_err(|mut failed| {
        for problem in &mut failed.problems {
            problem.offset += skipped;
        }
        let mut error = in_file(failed.problems, name, text.as_bytes());
        error.stopped_early = failed.stopped_early;
        error
    })?;
    briefing.file = name.to_string();
    Ok((briefing, (skipped == 0).then_some(root)))
}

/// The problems of one file as one error: the first in the file, with the others after it
/// up to [`diagnostic::MAX_REPORTED`], and the count of the rest.
fn in_file(mut problems: Vec<Problem>, name: &str, bytes: &[u8]) -> Box<SourceError> {
    // Stable: problems at one place keep the order they were found in.
    problems.sort_by_key(|problem| problem.offset);
    problems.dedup_by(|a, b| a.offset == b.offset && a.message == b.message);
    let found = problems.len();
    let mut reported = problems
        .into_iter()
        .take(diagnostic::MAX_REPORTED)
        .map(|problem| problem.in_file(name, bytes));
    let Some(mut first) = reported.next() else {
        // `parse` never fails without a problem; say so rather than panic if it did.
        let problem = Problem::new(ErrorKind::Invalid, 0, "the briefing could not be read");
        return Box::new(problem.in_file(name, bytes));
    };
    first.more = reported.collect();
    first.unreported = found.saturating_sub(diagnostic::MAX_REPORTED);
    Box::new(first)
}

/// Loads a briefing from raw bytes within `limits`.
pub fn load_within(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Briefing, Box<SourceError>> {
    load_for(name, bytes, limits, PdfStandards::default())
}

/// Loads a briefing from raw bytes within `limits`, to be written to `standards` besides
/// those it asks for itself (its `pdf_standard` becomes both): what cannot conform is a
/// source error at its line.
pub fn load_for(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    standards: PdfStandards,
) -> Result<Briefing, Box<SourceError>> {
    load_tree(name, bytes, limits, standards).map(|(briefing, _)| briefing)
}

/// What [`load_for`] does, with the span tree the briefing was read from (see
/// [`load_text_tree`]).
fn load_tree(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    standards: PdfStandards,
) -> Result<(Briefing, Option<locate::Node>), Box<SourceError>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_text_tree(name, text, limits, standards),
        Err(err) => {
            let at = err.valid_up_to();
            let len = err.error_len().unwrap_or(bytes.len() - at);
            let shown = snippet::escaped_bytes(bytes, at, len);
            let problem = Problem::new(
                ErrorKind::Encoding,
                at,
                format!("the file is not valid UTF-8 ({shown} is not text)"),
            )
            .with_len(len)
            .with_label("not UTF-8")
            .with_help("save the file as UTF-8");
            Err(in_file(vec![problem], name, bytes))
        }
    }
}

/// Why a source did not load: every problem found in it.
struct Failed {
    problems: Vec<Problem>,
    /// Reading stopped before the end: there may be more problems past those found.
    stopped_early: bool,
}

impl From<Vec<Problem>> for Failed {
    fn from(problems: Vec<Problem>) -> Failed {
        Failed {
            problems,
            stopped_early: false,
        }
    }
}

/// The briefing and its span tree, or every problem found in it.
fn parse(
    text: &str,
    limits: &Limits,
    standards: PdfStandards,
) -> Result<(Briefing, locate::Node), Failed> {
    if text.len() > limits.source_bytes {
        return Err(Failed::from(vec![Problem::new(
            ErrorKind::Limit,
            0,
            format!(
                "the file is larger than {}, the most a briefing may be",
                in_bytes(limits.source_bytes)
            ),
        )
        .with_help("split the briefing")
        .with_limit(Limit::SourceBytes)]));
    }
    let expanded = limits.source_bytes.saturating_mul(2);
    let root = locate::index(text, limits.depth.min(Limits::MAX_DEPTH), expanded)
        .map_err(|problem| Failed::from(vec![problem]))?;
    let recovered = recover::read(text, &root);
    let mut problems = recovered.problems;
    let Some(mut briefing) = recovered.briefing else {
        return Err(Failed {
            problems,
            stopped_early: recovered.stopped_early,
        });
    };
    // With units blanked, the tree of the text serde read is the one that matches the model.
    let blanked_root = match recovered.blanked {
        true => locate::index(&recovered.text, Limits::MAX_DEPTH, usize::MAX).ok(),
        false => None,
    };
    let tree = blanked_root.as_ref().unwrap_or(&root);
    problems.extend(validate::resolve(
        &mut briefing,
        tree,
        &recovered.text,
        limits,
        &recovered.unread_tables,
    ));
    let standards = standards.union(briefing.pdf_standard.unwrap_or_default());
    problems.extend(validate::conforms(&root, standards));
    if !problems.is_empty() {
        return Err(problems.into());
    }
    briefing.pdf_standard = Some(standards);
    Ok((briefing, root))
}

/// A size as people read it: "10 MiB", or bytes when not a whole number of MiB.
pub(crate) fn in_bytes(size: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if size >= MIB && size.is_multiple_of(MIB) {
        format!("{} MiB", size / MIB)
    } else {
        format!("{size} bytes")
    }
}

/// A YAML source as JSON data (no validation beyond YAML syntax), e.g. to check it against
/// [`schema_json`] with a JSON Schema validator. The error is a one-line message.
pub fn yaml_as_json(text: &str) -> Result<serde_json::Value, String> {
    yaml::to_json(text).map_err(|err| err.message)
}

/// The JSON Schema of the format, derived from the same serde types `load` reads, as
/// pretty-printed JSON.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Briefing);
    // A derived schema is a JSON object; serializing one cannot fail.
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
