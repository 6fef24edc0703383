//! What serde_yaml's errors mean to an editor: the place, in the editor's words, with a hint.
//!
//! serde writes some messages itself (`unknown field`, `missing field`, `duplicate field`,
//! `invalid type: ..., expected ...`); their wording is stable across format crates, so they
//! are recognised here and rephrased in the format's terms (keys, lists, mappings).

use super::diagnostic::{byte_offset, ErrorKind, Problem};
use super::locate::Node;
use super::suggest;
use super::yaml::YamlError;

/// Turns a serde_yaml error into a diagnostic, with "did you mean" for unknown names.
pub fn explain(err: YamlError, text: &str, root: &Node) -> Problem {
    let offset = locate(&err, text, root);
    let label = err
        .path
        .as_ref()
        .map_or_else(|| "here".to_string(), |path| format!("in {path}"));
    let message = err.message.as_str();
    if let Some(unknown) = suggest::parse_unknown(message) {
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
    if let Some(key) = quoted_after(message, "duplicate field `") {
        let mapping = err.path.as_deref().and_then(|path| root.at_path(path));
        let second = mapping.unwrap_or(root).repeated(key);
        return Problem::new(
            ErrorKind::Type,
            second.map_or(offset, |node| node.start),
            format!("the key `{key}` is written twice in this mapping"),
        )
        .with_help("keep one of them");
    }
    if let Some(key) = quoted_after(message, "missing field `") {
        // serde notices a missing key where the mapping ends, which may be past the file's
        // last line or inside stand-ins written while recovering; the key belongs to the
        // mapping, so point at its start (serde names the mapping's path; none is the top).
        let mapping = err.path.as_deref().and_then(|path| root.at_path(path));
        let start = mapping.unwrap_or(root).start;
        return Problem::new(ErrorKind::Type, start, format!("missing key `{key}`"))
            .with_help(format!("add `{key}:` to this mapping"))
            .with_label(label);
    }
    let problem = match message {
        "recursion limit exceeded" => Problem::new(ErrorKind::Limit, offset, "nesting too deep"),
        "repetition limit exceeded" => Problem::new(
            ErrorKind::Limit,
            offset,
            "aliases expand too far (an alias bomb?)",
        )
        .with_help("write the content out instead of repeating it through `*aliases`"),
        _ => type_problem(message, offset),
    };
    problem.with_label(label)
}

/// Where the error is: serde_yaml's position, refined through the span tree.
fn locate(err: &YamlError, text: &str, root: &Node) -> usize {
    let reported = match (err.position, err.offset) {
        (Some((line, column)), _) => byte_offset(text, line, column),
        (None, Some(offset)) => offset.min(text.len()),
        // The alias expansion limit comes without a position: point at the first alias.
        (None, None) => root.first_alias().map_or(0, |alias| alias.start),
    };
    // An error raised after a value was read is reported at the enclosing mapping; the path
    // leads to the value itself.
    match err.path.as_deref().and_then(|path| root.at_path(path)) {
        Some(node) if reported < node.start => node.start,
        _ => reported,
    }
}

/// "invalid type: ..., expected ...", with serde's Rust type names put in the format's words.
fn type_problem(message: &str, offset: usize) -> Problem {
    let message = match message.split_once(", expected struct ") {
        Some((head, _)) => format!("{head}, expected a mapping of keys"),
        None => message.to_string(),
    };
    let expected = message
        .rsplit_once(", expected ")
        .map(|(_, expected)| expected);
    let help = match expected {
        Some("a sequence") => Some("write a list: `[a, b]`, or one `- item` per line"),
        Some("a string") => {
            Some("write text here; put it in quotes if YAML reads it as something else")
        }
        Some(expected) if expected.starts_with("a map") => {
            Some("write a mapping of `key: value` lines here")
        }
        _ => None,
    };
    let problem = Problem::new(ErrorKind::Type, offset, message);
    match help {
        Some(help) => problem.with_help(help),
        None => problem,
    }
}

/// The name in backquotes right after `prefix`.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message.strip_prefix(prefix)?.split('`').next()
}
