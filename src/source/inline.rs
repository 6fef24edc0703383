//! Inline markup: `**bold**`, `*italic*`, `[text](url)` parsed into styled runs.
//!
//! pulldown-cmark does the parsing, with smart punctuation (straight quotes become curly ones,
//! `--` an en dash, `---` an em dash). Only inline Markdown is allowed: a string that would
//! become a heading, a list, a quote, a code block or a second paragraph is an error, because
//! silently turning it into a different structure (or into plain text with the marks eaten)
//! would print something the editor did not write.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::model::Position;

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
///
/// Deserializing keeps only `source`; [`crate::source::load`] parses the markup into `runs`
/// and sets `line`, so that markup errors can point into the YAML file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inline {
    pub runs: Vec<Run>,
    /// The markup as written, kept for the schema and for diagnostics.
    pub source: String,
    /// Where the string starts in the YAML file (set by `load`; none for text the layout
    /// makes up, such as a byline).
    pub at: Option<Position>,
}

/// Markup that cannot be accepted, with the byte range in the string it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub message: String,
    pub help: Option<String>,
    pub range: Range<usize>,
}

impl Inline {
    /// The text without markup.
    pub fn plain(&self) -> String {
        self.runs.iter().map(|run| run.text.as_str()).collect()
    }

    /// Parses inline markup; the error is a one-line message.
    pub fn parse(source: &str) -> Result<Inline, String> {
        Inline::parse_markup(source).map_err(|err| err.message)
    }

    /// Parses inline markup, saying where in `source` a problem lies.
    pub fn parse_markup(source: &str) -> Result<Inline, MarkupError> {
        let mut runs = RunBuilder::default();
        let mut paragraphs = 0;
        let mut parser =
            Parser::new_ext(source, Options::ENABLE_SMART_PUNCTUATION).into_offset_iter();
        for (event, range) in &mut parser {
            match event {
                Event::Start(Tag::Paragraph) => {
                    paragraphs += 1;
                    if paragraphs > 1 {
                        return Err(MarkupError {
                            message: "a blank line inside a string starts a second paragraph"
                                .to_string(),
                            help: Some("write each paragraph as its own block (`- ...`)".into()),
                            range,
                        });
                    }
                }
                Event::Start(Tag::Strong) => runs.bold += 1,
                Event::End(TagEnd::Strong) => runs.bold = runs.bold.saturating_sub(1),
                Event::Start(Tag::Emphasis) => runs.italic += 1,
                Event::End(TagEnd::Emphasis) => runs.italic = runs.italic.saturating_sub(1),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    check_url(source, &dest_url, range)?;
                    runs.links.push(dest_url.into_string());
                }
                Event::End(TagEnd::Link) => {
                    runs.links.pop();
                }
                Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => runs.push(&text),
                Event::SoftBreak | Event::HardBreak => runs.push(" "),
                Event::End(_) => {}
                Event::Start(tag) => return Err(block_level(&tag, range)),
                Event::Rule => return Err(block_level(&Tag::Paragraph, range)),
                // Anything else (raw HTML blocks, extensions that are off) stays as written.
                _ => runs.push(&source[range]),
            }
        }
        if parser.reference_definitions().iter().next().is_some() {
            return Err(MarkupError {
                message: "a Markdown link reference definition (`[name]: url`) would vanish \
                          from the text"
                    .to_string(),
                help: Some("write links inline: `[text](https://...)`".into()),
                range: 0..source.len(),
            });
        }
        Ok(Inline {
            runs: runs.runs,
            source: source.to_string(),
            at: None,
        })
    }
}

/// Collects text into runs, merging neighbours of the same style (pulldown-cmark splits text
/// at quotes and entities).
#[derive(Default)]
struct RunBuilder {
    runs: Vec<Run>,
    bold: u32,
    italic: u32,
    links: Vec<String>,
}

impl RunBuilder {
    fn push(&mut self, text: &str) {
        let (bold, italic, link) = (self.bold > 0, self.italic > 0, self.links.last());
        match self.runs.last_mut() {
            Some(last)
                if last.bold == bold && last.italic == italic && last.link.as_ref() == link =>
            {
                last.text.push_str(text)
            }
            _ => self.runs.push(Run {
                text: text.to_string(),
                bold,
                italic,
                link: link.cloned(),
            }),
        }
    }
}

/// Link schemes a reader's PDF viewer should follow.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];

fn check_url(source: &str, url: &str, link: Range<usize>) -> Result<(), MarkupError> {
    let problem = match url::Url::parse(url) {
        Ok(parsed) if LINK_SCHEMES.contains(&parsed.scheme()) => None,
        Ok(parsed) => Some(format!(
            "uses `{}:`; links may use http, https or mailto",
            parsed.scheme()
        )),
        Err(err) => Some(format!("is not a valid URL ({err})")),
    };
    if let Some(why) = problem {
        // Point at the URL itself when it can be found as written.
        let range = source[link.clone()]
            .rfind(url)
            .filter(|_| !url.is_empty())
            .map_or(link.clone(), |at| {
                link.start + at..link.start + at + url.len()
            });
        return Err(MarkupError {
            message: format!("the link target `{url}` {why}"),
            help: Some("links need a full URL such as `https://example.org/page`".into()),
            range,
        });
    }
    Ok(())
}

fn block_level(tag: &Tag, range: Range<usize>) -> MarkupError {
    let what = match tag {
        Tag::Heading { .. } => "a Markdown heading (a line starting with `#`)",
        Tag::List(Some(_)) | Tag::Item => {
            "a Markdown list (a line starting with `-`, `*`, `+` or `1.`)"
        }
        Tag::List(None) => "a Markdown list (a line starting with `-`, `*` or `+`)",
        Tag::BlockQuote(_) => "a Markdown quote (a line starting with `>`)",
        Tag::CodeBlock(_) => "a Markdown code block (an indented line or a ``` fence)",
        Tag::Image { .. } => "an image",
        Tag::Paragraph => "a Markdown rule (a line of `---` or `***`)",
        _ => "block-level Markdown",
    };
    MarkupError {
        message: format!("{what} is not allowed inside a string"),
        help: Some(
            "use the format's own blocks (`heading:`, `bullets:`, `numbered:`), or escape the \
             first character with a backslash to keep it as text"
                .into(),
        ),
        range,
    }
}

impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        Ok(Inline {
            runs: Vec::new(),
            source,
            at: None,
        })
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
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Text with inline markup: **bold**, *italic*, [text](https://...)."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool, italic: bool, link: Option<&str>) -> Run {
        Run {
            text: text.to_string(),
            bold,
            italic,
            link: link.map(str::to_string),
        }
    }

    #[test]
    fn quotes_and_dashes_become_typographic_and_runs_merge() {
        let inline = Inline::parse_markup(
            r#"India's **"Special and Privileged"** ties -- since 1955 --- and *more*"#,
        )
        .unwrap();
        assert_eq!(
            inline.runs,
            vec![
                run("India\u{2019}s ", false, false, None),
                run("\u{201c}Special and Privileged\u{201d}", true, false, None),
                run(
                    " ties \u{2013} since 1955 \u{2014} and ",
                    false,
                    false,
                    None
                ),
                run("more", false, true, None),
            ]
        );
    }

    #[test]
    fn links_carry_their_target_and_soft_breaks_become_spaces() {
        let inline = Inline::parse_markup("see [the\nsite](https://mea.gov.in/) now").unwrap();
        assert_eq!(
            inline.runs,
            vec![
                run("see ", false, false, None),
                run("the site", false, false, Some("https://mea.gov.in/")),
                run(" now", false, false, None),
            ]
        );
    }

    #[test]
    fn bad_url_points_at_the_url() {
        let source = "see [site](nowhere) now";
        let err = Inline::parse_markup(source).unwrap_err();
        assert!(err.message.contains("not a valid URL"), "{}", err.message);
        assert_eq!(&source[err.range], "nowhere");
        let script = Inline::parse_markup("[x](javascript:alert(1))").unwrap_err();
        assert!(
            script.message.contains("uses `javascript:`"),
            "{}",
            script.message
        );
        assert!(Inline::parse_markup("[mail](mailto:desk@example.org)").is_ok());
    }

    #[test]
    fn block_markdown_is_an_error_not_a_structure() {
        for source in [
            "# Heading",
            "- item",
            "1. first",
            "> quoted",
            "one\n\ntwo",
            "```\ncode\n```",
        ] {
            assert!(
                Inline::parse_markup(source).is_err(),
                "{source:?} was accepted"
            );
        }
        let escaped = Inline::parse_markup(r"\# not a heading").unwrap();
        assert_eq!(escaped.plain(), "# not a heading");
    }
}

/// Sets a hyphen between digits as an en dash ("2024-25" → "2024–25"), as typesetters set
/// ranges; sources opt in with `en_dash_ranges: true`, since "2024-25" may also be a code.
pub fn en_dash_ranges(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between_digits = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(|next| next.is_ascii_digit());
            if c == '-' && between_digits {
                '\u{2013}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod range_tests {
    use super::en_dash_ranges;

    #[test]
    fn only_hyphens_between_digits_become_en_dashes() {
        assert_eq!(en_dash_ranges("FY 2024-25"), "FY 2024\u{2013}25");
        assert_eq!(
            en_dash_ranges("India-Russia 1-2 -3 4-"),
            "India-Russia 1\u{2013}2 -3 4-"
        );
    }
}
