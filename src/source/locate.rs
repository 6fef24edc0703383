//! Where each value of the YAML stands: a light tree of spans built from saphyr-parser's
//! events, because serde_yaml reports positions for its errors but not for the values it
//! yields. The tree also catches what serde should never see: no document, a root that is not
//! a mapping, and nesting deep enough to threaten the stack.

use saphyr_parser::{Event, Parser};

use super::diagnostic::{byte_offset, ErrorKind, Problem};
use super::limits::Limit;

/// A YAML value with its byte range in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub start: usize,
    pub end: usize,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A scalar; for `|` and `>` scalars the span starts at the text, past the header line.
    Scalar,
    Sequence(Vec<Node>),
    /// Keys as written (complex keys are recorded as the empty string).
    Mapping(Vec<(String, Node)>),
    /// `*name`: not followed, so aliases cannot multiply the tree.
    Alias,
}

impl Node {
    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Mapping(entries) => entries
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, node)| node),
            _ => None,
        }
    }

    /// The `index`th item, if this is a sequence that long.
    pub fn item(&self, index: usize) -> Option<&Node> {
        match &self.kind {
            NodeKind::Sequence(items) => items.get(index),
            _ => None,
        }
    }

    /// The node at a serde_yaml path such as `sections[0].blocks[2].table`.
    pub fn at_path(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for segment in path.split('.') {
            let (key, indices) = segment
                .split_once('[')
                .map_or((segment, ""), |(key, rest)| (key, rest));
            if !key.is_empty() {
                node = node.get(key)?;
            }
            for index in indices.split('[').filter(|i| !i.is_empty()) {
                node = node.item(index.trim_end_matches(']').parse().ok()?)?;
            }
        }
        Some(node)
    }

    /// The value of the second `key` in this mapping, if the key is written twice.
    pub fn repeated(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Mapping(entries) => entries
                .iter()
                .filter(|(name, _)| name == key)
                .nth(1)
                .map(|(_, node)| node),
            _ => None,
        }
    }

    /// The first alias in document order, for pointing at an alias bomb.
    pub fn first_alias(&self) -> Option<&Node> {
        match &self.kind {
            NodeKind::Alias => Some(self),
            NodeKind::Scalar => None,
            NodeKind::Sequence(items) => items.iter().find_map(Node::first_alias),
            NodeKind::Mapping(entries) => entries.iter().find_map(|(_, node)| node.first_alias()),
        }
    }
}

/// An open collection while the tree is built; a stack of these replaces recursion.
enum Open {
    Sequence {
        start: usize,
        items: Vec<Node>,
    },
    Mapping {
        start: usize,
        entries: Vec<(String, Node)>,
        key: Option<String>,
    },
}

impl Open {
    fn push(&mut self, node: Node, scalar_text: Option<&str>) {
        match self {
            Open::Sequence { items, .. } => items.push(node),
            Open::Mapping { entries, key, .. } => match key.take() {
                Some(name) => entries.push((name, node)),
                None => *key = Some(scalar_text.unwrap_or_default().to_string()),
            },
        }
    }
}

/// Builds the span tree of the first document. Fails on a syntax error, an empty document, a
/// root that is not a mapping, or nesting deeper than `max_depth`.
pub fn index(text: &str, max_depth: usize) -> Result<Node, Problem> {
    let mut stack: Vec<Open> = Vec::new();
    let mut bytes = ByteCursor::new(text);
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|err| {
            let mark = err.marker();
            let offset = byte_offset(text, mark.line(), mark.col());
            Problem::new(
                ErrorKind::Syntax,
                offset,
                format!("YAML syntax: {}", err.info()),
            )
            .with_label("the YAML parser stopped here")
        })?;
        let start = bytes.byte_of(span.start.index());
        let end = bytes.byte_of(span.end.index()).max(start);
        let finished = match event {
            Event::Scalar(value, ..) => {
                let node = Node {
                    start,
                    end,
                    kind: NodeKind::Scalar,
                };
                Some((node, Some(value)))
            }
            Event::Alias(_) => Some((
                Node {
                    start,
                    end,
                    kind: NodeKind::Alias,
                },
                None,
            )),
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= max_depth {
                    return Err(Problem::new(
                        ErrorKind::Limit,
                        start,
                        format!("nesting deeper than {max_depth} levels"),
                    )
                    .with_help("sections and lists nest three deep")
                    .with_limit(Limit::Depth));
                }
                stack.push(match event {
                    Event::SequenceStart(..) => Open::Sequence {
                        start,
                        items: Vec::new(),
                    },
                    _ => Open::Mapping {
                        start,
                        entries: Vec::new(),
                        key: None,
                    },
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(|open| {
                let node = match open {
                    Open::Sequence { start, items } => Node {
                        start,
                        end,
                        kind: NodeKind::Sequence(items),
                    },
                    Open::Mapping { start, entries, .. } => Node {
                        start,
                        end,
                        kind: NodeKind::Mapping(entries),
                    },
                };
                (node, None)
            }),
            Event::DocumentEnd | Event::StreamEnd => break,
            _ => None,
        };
        if let Some((node, scalar)) = finished {
            match stack.last_mut() {
                Some(open) => open.push(node, scalar.as_deref()),
                None => return root(node, text),
            }
        }
    }
    Err(
        Problem::new(ErrorKind::Empty, 0, "the file holds no YAML document")
            .with_help("a briefing needs at least `title:`, `date:` and `sections:`"),
    )
}

fn root(node: Node, text: &str) -> Result<Node, Problem> {
    let found = match node.kind {
        NodeKind::Mapping(_) => return Ok(node),
        NodeKind::Sequence(_) => "a list",
        NodeKind::Scalar if text[node.start..node.end].trim().is_empty() => {
            return Err(
                Problem::new(ErrorKind::Empty, 0, "the file holds no YAML document")
                    .with_help("a briefing needs at least `title:`, `date:` and `sections:`"),
            )
        }
        NodeKind::Scalar => "a single value",
        NodeKind::Alias => "an alias",
    };
    Err(Problem::new(
        ErrorKind::Type,
        node.start,
        format!("the top level of a briefing must be a mapping of keys, found {found}"),
    )
    .with_help("start with keys such as `title: ...`, `date: 2025-12-05` and `sections:`"))
}

/// Turns saphyr's character indices into byte offsets. Events arrive nearly in order, so
/// walking from the last answer keeps the whole pass linear in the size of the text.
struct ByteCursor<'t> {
    text: &'t str,
    chars: usize,
    bytes: usize,
}

impl<'t> ByteCursor<'t> {
    fn new(text: &'t str) -> Self {
        ByteCursor {
            text,
            chars: 0,
            bytes: 0,
        }
    }

    fn byte_of(&mut self, char_index: usize) -> usize {
        while self.chars < char_index {
            match self.text[self.bytes..].chars().next() {
                Some(c) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => return self.text.len(),
            }
        }
        while self.chars > char_index {
            match self.text[..self.bytes].chars().next_back() {
                Some(c) => {
                    self.bytes -= c.len_utf8();
                    self.chars -= 1;
                }
                None => return 0,
            }
        }
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_know_their_byte_ranges() {
        let text =
            "note: Café\ntitle: Hello\nsections:\n  - heading: About\n    blocks: [one, two]\n";
        let root = index(text, 64).unwrap();
        let title = root.get("title").unwrap();
        assert_eq!(&text[title.start..title.end], "Hello");
        let heading = root
            .get("sections")
            .and_then(|s| s.item(0))
            .and_then(|s| s.get("heading"))
            .unwrap();
        assert_eq!(&text[heading.start..heading.end], "About");
        let two = root
            .get("sections")
            .and_then(|s| s.item(0))
            .and_then(|s| s.get("blocks"))
            .and_then(|b| b.item(1))
            .unwrap();
        assert_eq!(&text[two.start..two.end], "two");
    }

    #[test]
    fn serde_paths_lead_to_their_node() {
        let text = "sections:\n  - heading: A\n    blocks: [x, {table: {id: t}}]\n";
        let root = index(text, 64).unwrap();
        let id = root.at_path("sections[0].blocks[1].table.id").unwrap();
        assert_eq!(&text[id.start..id.end], "t");
        assert_eq!(root.at_path("sections[3]"), None);
    }

    #[test]
    fn block_scalar_span_starts_at_its_text() {
        let text = "lede: >\n  In December\n";
        let root = index(text, 64).unwrap();
        let lede = root.get("lede").unwrap();
        assert!(text[lede.start..].starts_with("In December"));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = format!("a: {}{}", "[".repeat(100), "]".repeat(100));
        let problem = index(&text, 64).unwrap_err();
        assert_eq!(problem.kind, ErrorKind::Limit);
        assert_eq!(problem.offset, 3 + 64 - 1);
        assert!(index(&text, 102).is_ok());
        // Far deeper input stops in the parser itself, still as an error.
        let text = format!("a: {}", "[".repeat(100_000));
        assert!(index(&text, 64).is_err());
    }
}
