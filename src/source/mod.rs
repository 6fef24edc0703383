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
mod locate;
pub mod model;
mod suggest;
mod validate;
mod yaml;
mod yaml_errors;

pub use diagnostic::{ErrorKind, SourceError};
pub use inline::{Inline, Run};
pub use model::*;

use crate::Error;
use diagnostic::Problem;

/// Largest source accepted; a briefing of several hundred pages is well under 1 MiB.
pub const MAX_SOURCE_BYTES: usize = 10 * 1024 * 1024;

/// Loads and validates a briefing. `name` is the file name used in diagnostics.
pub fn load(name: &str, text: &str) -> Result<Briefing, Error> {
    // Editors on Windows may save a byte-order mark; the YAML parsers disagree about it.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - body.len();
    parse(body).map_err(|mut problem| {
        problem.offset += skipped;
        Error::Source(Box::new(problem.in_file(name, text)))
    })
}

/// Loads a briefing from raw bytes, reporting invalid UTF-8 as a diagnostic like any other.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Briefing, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load(name, text),
        Err(err) => {
            // The valid prefix is the same in the lossy copy, so the offset still holds.
            let lossy = String::from_utf8_lossy(bytes);
            let problem = Problem::new(
                ErrorKind::Encoding,
                err.valid_up_to(),
                "the file is not valid UTF-8",
            )
            .with_len(1)
            .with_label("this byte")
            .with_help("save the file as UTF-8");
            Err(Error::Source(Box::new(problem.in_file(name, &lossy))))
        }
    }
}

fn parse(text: &str) -> Result<Briefing, Problem> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(Problem::new(
            ErrorKind::Limit,
            0,
            format!(
                "the file is {} bytes; a briefing may be at most {} MiB",
                text.len(),
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let root = locate::index(text)?;
    let mut briefing: Briefing =
        yaml::from_str(text).map_err(|err| yaml_errors::explain(err, text, &root))?;
    validate::resolve(&mut briefing, &root, text)?;
    Ok(briefing)
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
