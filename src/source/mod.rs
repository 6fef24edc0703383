//! Stage 1: the YAML source, loaded into a validated [`Briefing`].
//!
//! Loading runs three passes over the text, each catching its own kind of mistake:
//! 1. [`locate`] builds a tree of spans (syntax errors, no document, a root that is not a
//!    mapping, absurd nesting);
//! 2. [`yaml`] deserializes the model with serde (unknown keys, wrong types, missing keys),
//!    and [`yaml_errors`] rewrites serde's messages for editors;
//! 3. [`validate`] parses inline markup and checks the rules serde cannot express, using the
//!    span tree to point every problem at its line and column.

mod deserialize;
pub mod diagnostic;
pub mod inline;
mod limits;
mod locate;
pub mod model;
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
    // Editors on Windows may save a byte-order mark; the YAML parsers disagree about it.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - body.len();
    let mut briefing = parse(body, limits, standards).map_err(|mut problem| {
        problem.offset += skipped;
        Box::new(problem.in_file(name, text.as_bytes()))
    })?;
    briefing.file = name.to_string();
    Ok(briefing)
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
    match std::str::from_utf8(bytes) {
        Ok(text) => load_text(name, text, limits, standards),
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
            Err(Box::new(problem.in_file(name, bytes)))
        }
    }
}

fn parse(text: &str, limits: &Limits, standards: PdfStandards) -> Result<Briefing, Problem> {
    if text.len() > limits.source_bytes {
        return Err(Problem::new(
            ErrorKind::Limit,
            0,
            format!(
                "the file is larger than {}, the most a briefing may be",
                in_bytes(limits.source_bytes)
            ),
        )
        .with_help("split the briefing")
        .with_limit(Limit::SourceBytes));
    }
    let expanded = limits.source_bytes.saturating_mul(2);
    let root = locate::index(text, limits.depth.min(Limits::MAX_DEPTH), expanded)?;
    let mut briefing: Briefing =
        yaml::from_str(text).map_err(|err| yaml_errors::explain(err, text, &root))?;
    validate::resolve(&mut briefing, &root, text, limits)?;
    let standards = standards.union(briefing.pdf_standard.unwrap_or_default());
    validate::conforms(&root, standards)?;
    briefing.pdf_standard = Some(standards);
    Ok(briefing)
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
