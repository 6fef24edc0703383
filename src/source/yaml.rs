//! The one door to serde_yaml: nothing else in the crate imports it.
//!
//! serde_yaml is frozen upstream. `serde_norway` is a drop-in fork with the same API: swapping
//! means changing the dependency and the `use` below, and checking the message clean-up in
//! [`YamlError::from`] against its error texts.

use serde::de::DeserializeOwned;

/// A serde_yaml failure, its message freed from serde_yaml's own location suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// The path of the value that failed, as serde_yaml writes it (`sections[0].heading`).
    pub path: Option<String>,
    /// 1-based line and 0-based column in characters, when serde_yaml knows them.
    pub position: Option<(usize, usize)>,
    /// The byte offset, for the reader's errors (control characters, bad encodings), which
    /// serde_yaml gives only as " at position N" in the message.
    pub offset: Option<usize>,
}

/// Deserializes one YAML document into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(YamlError::from)
}

/// Reads YAML as plain JSON data, for checking a source against the JSON Schema.
pub fn to_json(text: &str) -> Result<serde_json::Value, YamlError> {
    from_str(text)
}

impl From<serde_yaml::Error> for YamlError {
    fn from(err: serde_yaml::Error) -> YamlError {
        let position = err.location().map(|loc| (loc.line(), loc.column() - 1));
        let mut message = err.to_string();
        if let Some(loc) = err.location() {
            let suffix = format!(" at line {} column {}", loc.line(), loc.column());
            message = message.replacen(&suffix, "", 1);
        }
        let mut offset = None;
        let mut position = position;
        // The reader's errors carry no mark (serde_yaml gives them line 1, column 1) but say
        // where they are in the message.
        if let Some((head, at)) = message.rsplit_once(" at position ") {
            if let Ok(at) = at.parse::<usize>() {
                offset = Some(at);
                position = None;
                message = head.to_string();
            }
        }
        let (path, message) = split_path(&message);
        YamlError {
            message: message.to_string(),
            path: path.map(str::to_string),
            position,
            offset,
        }
    }
}

/// serde_yaml prefixes errors inside the document with the value's path: `a.b[0]: message`.
fn split_path(message: &str) -> (Option<&str>, &str) {
    if let Some((head, rest)) = message.split_once(": ") {
        let is_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '?'));
        if is_path {
            return (Some(head), rest);
        }
    }
    (None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_suffix_and_path_are_split_off() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            a: Vec<u8>,
        }
        let err = from_str::<Doc>("a:\n  - 1\n  - x\n").unwrap_err();
        assert_eq!(err.position, Some((3, 4)));
        assert_eq!(err.path.as_deref(), Some("a[1]"));
        assert!(
            err.message.starts_with("invalid type: string \"x\""),
            "{}",
            err.message
        );
        assert!(!err.message.contains("line 3"), "{}", err.message);
    }
}
