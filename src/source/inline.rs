//! Inline markup: `**bold**`, `*italic*`, `[text](url)` parsed into styled runs.
//!
//! STUB: the source stage replaces this with pulldown-cmark parsing (inline events only,
//! smart punctuation, offsets mapped back to the YAML).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A piece of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The target of a `[text](url)` link.
    pub link: Option<String>,
}

/// A string of the source with its markup parsed into runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inline {
    pub runs: Vec<Run>,
    /// The markup as written, kept for the schema and for diagnostics.
    pub source: String,
    /// 1-based line in the YAML file where the string starts (0 when unknown).
    pub line: u32,
}

impl Inline {
    /// The text without markup.
    pub fn plain(&self) -> String {
        self.runs.iter().map(|run| run.text.as_str()).collect()
    }

    /// Parses inline markup.
    pub fn parse(source: &str) -> Result<Inline, String> {
        Ok(Inline {
            runs: vec![Run {
                text: source.to_string(),
                ..Run::default()
            }],
            source: source.to_string(),
            line: 0,
        })
    }
}

impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        Inline::parse(&source).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Inline {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl JsonSchema for Inline {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Inline".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}
