//! Stage 1: the YAML source, loaded into a validated [`Briefing`].
//!
//! Loading runs three passes over the text, each catching its own kind of mistake:
//! 1. [`locate`] builds a tree of spans (syntax errors, no document, a root that is not a
//!    mapping, absurd nesting);
//! 2. [`yaml`] deserializes the model with serde (unknown keys, wrong types, missing keys);
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

pub use diagnostic::{ErrorKind, SourceError};
pub use inline::{Inline, Run};
pub use model::*;

use crate::Error;
use diagnostic::{byte_offset, Problem};
use locate::Node;

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
        yaml::from_str(text).map_err(|err| yaml_problem(err, text, &root))?;
    validate::resolve(&mut briefing, &root, text)?;
    Ok(briefing)
}

/// Turns a serde_yaml error into a diagnostic, with "did you mean" for unknown names.
fn yaml_problem(err: yaml::YamlError, text: &str, root: &Node) -> Problem {
    let reported = match err.position {
        Some((line, column)) => byte_offset(text, line, column),
        // Only the alias expansion limit comes without a position: point at the first alias.
        None => root.first_alias().map_or(0, |alias| alias.start),
    };
    // An error raised after a value was read (a bad date) is reported at the enclosing
    // mapping; the path leads to the value itself.
    let offset = match err.path.as_deref().and_then(|path| root.at_path(path)) {
        Some(node) if reported < node.start => node.start,
        _ => reported,
    };
    let label = err
        .path
        .as_ref()
        .map_or_else(|| "here".to_string(), |path| format!("in {path}"));
    if let Some(unknown) = suggest::parse_unknown(&err.message) {
        let len = if text[offset..].starts_with(&unknown.name) {
            unknown.name.len()
        } else {
            0
        };
        return Problem::new(ErrorKind::UnknownKey, offset, unknown.message())
            .with_help(unknown.help())
            .with_len(len)
            .with_label(label);
    }
    if let Some(rest) = err.message.strip_prefix("duplicate field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let mapping = err.path.as_deref().and_then(|path| root.at_path(path));
        let second = mapping.unwrap_or(root).repeated(key);
        return Problem::new(
            ErrorKind::Type,
            second.map_or(offset, |node| node.start),
            format!("the key `{key}` is written twice in this mapping"),
        )
        .with_help("keep one of them");
    }
    let problem = match err.message.as_str() {
        "recursion limit exceeded" => Problem::new(ErrorKind::Limit, offset, "nesting too deep"),
        "repetition limit exceeded" => Problem::new(
            ErrorKind::Limit,
            offset,
            "aliases expand too far (an alias bomb?)",
        )
        .with_help("write the content out instead of repeating it through `*aliases`"),
        message => {
            // serde names the Rust type (`expected struct Table`); the editor wrote a mapping.
            let message = match message.split_once(", expected struct ") {
                Some((head, _)) => format!("{head}, expected a mapping of keys"),
                None => message.to_string(),
            };
            let message = message.as_str();
            let problem = Problem::new(ErrorKind::Type, offset, message);
            match message.strip_prefix("missing field `") {
                Some(rest) => {
                    let key = rest.split('`').next().unwrap_or_default();
                    let problem = problem.with_help(format!("add `{key}:` to this mapping"));
                    Problem {
                        message: format!("missing key `{key}`"),
                        ..problem
                    }
                }
                None => match type_help(message) {
                    Some(help) => problem.with_help(help),
                    None => problem,
                },
            }
        }
    };
    problem.with_label(label)
}

/// A YAML source as JSON data (no validation beyond YAML syntax), e.g. to check it against
/// [`schema_json`] with a JSON Schema validator. The error is a one-line message.
pub fn yaml_as_json(text: &str) -> Result<serde_json::Value, String> {
    yaml::to_json(text).map_err(|err| err.message)
}

/// A hint for serde's "invalid type: ..., expected X" messages.
fn type_help(message: &str) -> Option<&'static str> {
    let expected = message.rsplit_once(", expected ")?.1;
    Some(match expected {
        "a sequence" => "write a list: `[a, b]`, or one `- item` per line",
        "a string" => "write text here; put it in quotes if YAML reads it as something else",
        _ if expected.starts_with("a map") => "write a mapping of `key: value` lines here",
        _ => return None,
    })
}

/// The JSON Schema of the format, derived from the same serde types `load` reads, as
/// pretty-printed JSON.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Briefing);
    // A derived schema is a JSON object; serializing one cannot fail.
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
