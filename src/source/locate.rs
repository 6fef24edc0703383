//! Where each value of the YAML stands: a light tree of spans built from saphyr-parser's
//! events, because serde_yaml reports positions for its errors but not for the values it
//! yields. The tree also catches what serde should never see: no document, a root that is not
//! a mapping, and nesting deep enough to threaten the stack.

use std::collections::HashMap;

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

/// One `key: value` of a mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// Byte offset where the key starts.
    pub key_start: usize,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A scalar; for `|` and `>` scalars the span starts at the text, past the header line.
    Scalar,
    Sequence(Vec<Node>),
    /// Keys as written (complex keys are recorded as the empty string).
    Mapping(Vec<Entry>),
    /// `*name`: not followed, so aliases cannot multiply the tree.
    Alias,
}

impl Node {
    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Mapping(entries) => entries
                .iter()
                .find(|entry| entry.key == key)
                .map(|entry| &entry.value),
            _ => None,
        }
    }

    /// The entries, if this is a mapping (else none).
    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// The items, if this is a sequence (else none).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
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
                .filter(|entry| entry.key == key)
                .nth(1)
                .map(|entry| &entry.value),
            _ => None,
        }
    }

    /// The first alias in document order, for pointing at an alias bomb.
    pub fn first_alias(&self) -> Option<&Node> {
        match &self.kind {
            NodeKind::Alias => Some(self),
            NodeKind::Scalar => None,
            NodeKind::Sequence(items) => items.iter().find_map(Node::first_alias),
            NodeKind::Mapping(entries) => {
                entries.iter().find_map(|entry| entry.value.first_alias())
            }
        }
    }
}

/// An open collection while the tree is built; a stack of these replaces recursion.
enum Open {
    Sequence {
        start: usize,
        items: Vec<Node>,
        growth: Growth,
    },
    Mapping {
        start: usize,
        entries: Vec<Entry>,
        /// The key read, waiting for its value, and where it starts.
        key: Option<(String, usize)>,
        growth: Growth,
    },
}

/// What aliases inside an open collection add to it once expanded, and its anchor.
#[derive(Clone, Copy, Default)]
struct Growth {
    anchor: usize,
    bytes: usize,
}

/// The size of the document with every alias expanded, kept within a bound as the events
/// arrive: serde_yaml expands aliases, so a few kilobytes of anchors and aliases could
/// otherwise become gigabytes of values (a "billion laughs").
struct Expansion {
    /// The expanded size of each anchored value, in bytes, by anchor id.
    anchored: HashMap<usize, usize>,
    /// The source's size plus everything aliases have added so far.
    total: usize,
    limit: usize,
}

impl Expansion {
    /// Records an anchored value's expanded size.
    fn anchor(&mut self, anchor: usize, size: usize) {
        if anchor != 0 {
            self.anchored.insert(anchor, size);
        }
    }

    /// What the alias at `start` adds, or the error if the document grows past the limit.
    fn alias(&mut self, anchor: usize, start: usize) -> Result<usize, Problem> {
        let size = self.anchored.get(&anchor).copied().unwrap_or(0);
        self.total = self.total.saturating_add(size);
        if self.total > self.limit {
            return Err(Problem::new(
                ErrorKind::Limit,
                start,
                format!(
                    "aliases expand the document past {} (an alias bomb?)",
                    super::in_bytes(self.limit)
                ),
            )
            .with_help(
                "write the content out instead of repeating it through `*aliases`; expanded, a \
                 briefing may be at most twice the largest source",
            )
            .with_limit(Limit::SourceBytes));
        }
        Ok(size)
    }
}

impl Open {
    fn growth(&mut self) -> &mut Growth {
        match self {
            Open::Sequence { growth, .. } | Open::Mapping { growth, .. } => growth,
        }
    }

    fn push(&mut self, node: Node, scalar_text: Option<&str>) {
        match self {
            Open::Sequence { items, .. } => items.push(node),
            Open::Mapping { entries, key, .. } => match key.take() {
                Some((key, key_start)) => entries.push(Entry {
                    key,
                    key_start,
                    value: node,
                }),
                None => *key = Some((scalar_text.unwrap_or_default().to_string(), node.start)),
            },
        }
    }
}

/// Builds the span tree of the first document. Fails on a syntax error, an empty document, a
/// root that is not a mapping, nesting deeper than `max_depth`, aliases that expand the
/// document past `max_expanded` bytes, or a second document.
pub fn index(text: &str, max_depth: usize, max_expanded: usize) -> Result<Node, Problem> {
    match tree(text, max_depth, max_expanded)? {
        Some(node) => root(node, text),
        None => Err(
            Problem::new(ErrorKind::Empty, 0, "the file holds no YAML document")
                .with_help("a briefing needs at least `title:`, `date:` and `sections:`"),
        ),
    }
}

/// The span tree of the first document whatever its root, if there is a document: what
/// [`index`] checks, but the root's kind. A part of a briefing read alone (a section's item)
/// is read with this.
pub fn tree(text: &str, max_depth: usize, max_expanded: usize) -> Result<Option<Node>, Problem> {
    let mut stack: Vec<Open> = Vec::new();
    let mut bytes = ByteCursor::new(text);
    let mut expansion = Expansion {
        anchored: HashMap::new(),
        total: text.len(),
        limit: max_expanded,
    };
    let mut found = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|err| syntax_problem(text, &err))?;
        let start = bytes.byte_of(span.start.index());
        let end = bytes.byte_of(span.end.index()).max(start);
        let (finished, grown) = match event {
            Event::Scalar(value, _, anchor, _) => {
                expansion.anchor(anchor, end - start);
                let node = Node {
                    start,
                    end,
                    kind: NodeKind::Scalar,
                };
                (Some((node, Some(value))), 0)
            }
            Event::Alias(anchor) => {
                let size = expansion.alias(anchor, start)?;
                let node = Node {
                    start,
                    end,
                    kind: NodeKind::Alias,
                };
                (Some((node, None)), size)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= max_depth {
                    return Err(Problem::new(
                        ErrorKind::Limit,
                        start,
                        format!("nesting deeper than {max_depth} levels"),
                    )
                    .with_help("sections and lists nest three deep")
                    .with_limit(Limit::Depth));
                }
                let growth = Growth { anchor, bytes: 0 };
                stack.push(match event {
                    Event::SequenceStart(..) => Open::Sequence {
                        start,
                        items: Vec::new(),
                        growth,
                    },
                    _ => Open::Mapping {
                        start,
                        entries: Vec::new(),
                        key: None,
                        growth,
                    },
                });
                (None, 0)
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(open) => {
                    let (node, growth) = close(open, end);
                    expansion.anchor(growth.anchor, (node.end - node.start) + growth.bytes);
                    (Some((node, None)), growth.bytes)
                }
                None => (None, 0),
            },
            Event::DocumentStart(_) if found.is_some() => {
                return Err(Problem::new(
                    ErrorKind::Syntax,
                    start,
                    "a second YAML document starts here; a briefing is one document",
                )
                .with_help("remove this `---` and what follows, or move it to a file of its own"));
            }
            Event::StreamEnd => break,
            _ => (None, 0),
        };
        if let Some((node, scalar)) = finished {
            match stack.last_mut() {
                Some(open) => {
                    open.growth().bytes = open.growth().bytes.saturating_add(grown);
                    open.push(node, scalar.as_deref());
                }
                None => found = Some(node),
            }
        }
    }
    Ok(found)
}

/// The node an open collection becomes at its end, and what aliases added inside it.
fn close(open: Open, end: usize) -> (Node, Growth) {
    match open {
        Open::Sequence {
            start,
            items,
            growth,
        } => (
            Node {
                start,
                end,
                kind: NodeKind::Sequence(items),
            },
            growth,
        ),
        Open::Mapping {
            start,
            entries,
            growth,
            ..
        } => (
            Node {
                start,
                end,
                kind: NodeKind::Mapping(entries),
            },
            growth,
        ),
    }
}

fn syntax_problem(text: &str, err: &saphyr_parser::ScanError) -> Problem {
    let mark = err.marker();
    let mut offset = byte_offset(text, mark.line(), mark.col());
    // The parser finds some mistakes (an unclosed bracket or quote) only at the end of the
    // input, past the last line break: point at the end of the last line that has text, not
    // at a line the editor does not show.
    if text[offset.min(text.len())..].trim().is_empty() {
        offset = text.trim_end().len();
    }
    Problem::new(
        ErrorKind::Syntax,
        offset,
        format!("YAML syntax: {}", err.info()),
    )
    .with_label("the YAML parser stopped here")
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
        let root = index(text, 64, usize::MAX).unwrap();
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
        let root = index(text, 64, usize::MAX).unwrap();
        let id = root.at_path("sections[0].blocks[1].table.id").unwrap();
        assert_eq!(&text[id.start..id.end], "t");
        assert_eq!(root.at_path("sections[3]"), None);
    }

    #[test]
    fn block_scalar_span_starts_at_its_text() {
        let text = "lede: >\n  In December\n";
        let root = index(text, 64, usize::MAX).unwrap();
        let lede = root.get("lede").unwrap();
        assert!(text[lede.start..].starts_with("In December"));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = format!("a: {}{}", "[".repeat(100), "]".repeat(100));
        let problem = index(&text, 64, usize::MAX).unwrap_err();
        assert_eq!(problem.kind, ErrorKind::Limit);
        assert_eq!(problem.offset, 3 + 64 - 1);
        assert!(index(&text, 102, usize::MAX).is_ok());
        // Far deeper input stops in the parser itself, still as an error.
        let text = format!("a: {}", "[".repeat(100_000));
        assert!(index(&text, 64, usize::MAX).is_err());
    }
}
