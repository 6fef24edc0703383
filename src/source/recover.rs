//! Reading past the first error, so a file's errors are reported together, as rustc and
//! cargo do. serde stops at the first wrong value; each such value belongs to a *unit*
//! that can be replaced by a harmless stand-in (a block by the paragraph `x`, a section by
//! `heading: x`, a top-level key by nothing). The unit's bytes are blanked in a copy of the
//! text, line breaks kept, so every other byte keeps its offset (and its line and column),
//! the stand-in is written over its start, and serde reads the copy again. Each round
//! removes one unit, so the rounds end; a bound on them keeps a file of thousands of errors
//! from costing thousands of reads.

use super::diagnostic::{ErrorKind, Problem};
use super::keys;
use super::locate::{Entry, Node};
use super::model::Briefing;
use super::yaml::{self, YamlError};
use super::yaml_errors;

/// What serde could read, with every problem found on the way.
pub struct Recovered {
    /// The briefing, its failed units replaced by stand-ins; `None` when reading had to stop.
    pub briefing: Option<Briefing>,
    /// Reading stopped at its bound on rounds, so there may be errors past those found.
    pub stopped_early: bool,
    /// The text serde read (the source with its failed units blanked).
    pub text: String,
    /// Whether any unit was blanked (then [`Recovered::text`] differs from the source).
    pub blanked: bool,
    pub problems: Vec<Problem>,
    /// The `id`s of tables that were blanked, so their charts are not errors too.
    pub unread_tables: Vec<String>,
}

/// A part of the briefing that can stand in for itself with something valid.
enum Unit<'n> {
    /// An item of a `blocks` list: becomes the paragraph `x`.
    Block(&'n Node),
    /// An item of `sections`: becomes `heading: x`.
    Section(&'n Node),
    /// A top-level `key: value`: removed.
    Entry(&'n Entry),
}

impl Unit<'_> {
    /// Byte range and stand-in.
    fn replacement(&self) -> (usize, usize, &'static str) {
        match self {
            Unit::Block(node) => (node.start, node.end, "x"),
            Unit::Section(node) => (node.start, node.end, "heading: x"),
            Unit::Entry(entry) => (entry.key_start, entry.value.end, ""),
        }
    }

    fn node(&self) -> &Node {
        match self {
            Unit::Block(node) | Unit::Section(node) => node,
            Unit::Entry(entry) => &entry.value,
        }
    }
}

/// A stand-in for a required top-level key that is missing (or was removed), appended.
fn required_stand_in(key: &str) -> Option<&'static str> {
    match key {
        "title" => Some("x"),
        "date" => Some("2000-01-01"),
        "sections" => Some("[{heading: x}]"),
        _ => None,
    }
}

/// Reads `text` (whose span tree is `root`), going past every error it can.
pub fn read(text: &str, root: &Node) -> Recovered {
    let mut reader = Reader {
        root,
        text: text.to_string(),
        blanked: Vec::new(),
        appended: Vec::new(),
        problems: Vec::new(),
        unread_tables: Vec::new(),
        removed_keys: Vec::new(),
    };
    for unknown in keys::unknown(root) {
        let unit = if unknown.path.is_empty() {
            root.entries()
                .iter()
                .find(|entry| entry.key == unknown.key)
                .map(Unit::Entry)
        } else {
            unit_at(root, &unknown.path)
        };
        if let Some(name) = unknown.nearest.filter(|_| unknown.path.is_empty()) {
            // `titel:` removed leaves `title` missing: that is the same mistake.
            reader.removed_keys.push(name);
        }
        reader.problems.push(unknown.problem);
        if let Some(unit) = unit {
            reader.blank(&unit);
        }
    }
    let (briefing, stopped_early) = reader.rounds(rounds_for(text.len()));
    Recovered {
        briefing,
        stopped_early,
        blanked: !reader.blanked.is_empty() || !reader.appended.is_empty(),
        text: reader.text,
        problems: reader.problems,
        unread_tables: reader.unread_tables,
    }
}

/// How many times serde may read a file of `len` bytes: as many as 64 MiB of reading
/// allows, up to 200 (every error of any file written by hand), and at least enough to fill
/// a report (21), whatever the size.
fn rounds_for(len: usize) -> usize {
    (64 * 1024 * 1024 / len.max(1)).clamp(super::diagnostic::MAX_REPORTED + 1, 200)
}

struct Reader<'n> {
    root: &'n Node,
    text: String,
    /// Byte ranges blanked so far.
    blanked: Vec<(usize, usize)>,
    /// Required keys given a stand-in at the end.
    appended: Vec<String>,
    problems: Vec<Problem>,
    unread_tables: Vec<String>,
    /// Top-level keys whose absence is already explained (a misspelling of them, or their
    /// value's error).
    removed_keys: Vec<String>,
}

impl Reader<'_> {
    /// The briefing once serde reads the text whole, and whether the bound on rounds
    /// stopped the reading first.
    fn rounds(&mut self, rounds: usize) -> (Option<Briefing>, bool) {
        for _ in 0..rounds {
            let err = match yaml::from_str::<Briefing>(&self.text) {
                Ok(briefing) => return (Some(briefing), false),
                Err(err) => err,
            };
            if !self.step(err) {
                return (None, false);
            }
        }
        (None, true)
    }

    /// Records one serde error and blanks its unit; false when reading cannot go on.
    fn step(&mut self, err: YamlError) -> bool {
        let path = err.path.clone();
        let missing = missing_key(&err.message).map(str::to_string);
        let duplicate = duplicate_key(&err.message).map(str::to_string);
        let untouched = self.blanked.is_empty() && self.appended.is_empty();
        let problem = yaml_errors::explain(err, &self.text, self.root);
        if !matches!(problem.kind, ErrorKind::Type | ErrorKind::UnknownKey) {
            // A limit, or a syntax error serde_yaml finds where saphyr found none: only
            // the source's own text can tell; a stand-in may have caused it.
            if untouched {
                self.problems.push(problem);
            }
            return false;
        }
        match (path.as_deref(), missing, duplicate) {
            (None, Some(key), _) => {
                if !self.removed_keys.contains(&key) {
                    self.problems.push(problem);
                }
                self.append(&key)
            }
            (None, _, Some(key)) => {
                self.problems.push(problem);
                let second = self.root.entries().iter().filter(|e| e.key == key).nth(1);
                second.is_some_and(|entry| self.blank(&Unit::Entry(entry)))
            }
            (Some(path), _, _) => {
                self.problems.push(problem);
                unit_at(self.root, path).is_some_and(|unit| self.blank(&unit))
            }
            (None, None, None) => {
                self.problems.push(problem);
                false
            }
        }
    }

    /// Writes a stand-in for a missing required top-level key after the last line.
    fn append(&mut self, key: &str) -> bool {
        let Some(value) = required_stand_in(key) else {
            return false;
        };
        if self.appended.iter().any(|done| done == key) {
            return false;
        }
        let (_, column) = super::diagnostic::line_column(self.text.as_bytes(), self.root.start);
        let indent = " ".repeat(column - 1);
        self.text.push_str(&format!("\n{indent}{key}: {value}\n"));
        self.appended.push(key.to_string());
        true
    }

    /// Blanks a unit and writes its stand-in; false when that cannot be done (the unit was
    /// blanked already, or its first line is too short for the stand-in).
    fn blank(&mut self, unit: &Unit) -> bool {
        let (start, end, stand_in) = unit.replacement();
        let inside = |&(from, to): &(usize, usize)| from <= start && end <= to;
        if self.blanked.iter().any(inside) || end > self.text.len() || start > end {
            return false;
        }
        let first_line = self.text[start..end]
            .find(['\n', '\r'])
            .unwrap_or(end - start);
        if stand_in.len() > first_line {
            return false;
        }
        if let Unit::Entry(entry) = unit {
            self.removed_keys.push(entry.key.clone());
        }
        if let Some(id) = table_id(unit.node(), &self.text) {
            self.unread_tables.push(id);
        }
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        for byte in &mut bytes[start..end] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
        bytes[start..start + stand_in.len()].copy_from_slice(stand_in.as_bytes());
        // Whole characters were replaced by ASCII, and the range starts and ends between
        // characters, so the bytes are still UTF-8.
        self.text = String::from_utf8(bytes).unwrap_or_default();
        self.blanked.push((start, end));
        true
    }
}

/// The id of the table a blanked block holds, if it has one.
fn table_id(node: &Node, text: &str) -> Option<String> {
    let id = node.get("table")?.get("id")?;
    let raw = text.get(id.start..id.end)?.trim();
    Some(raw.trim_matches(['"', '\'']).to_string())
}

/// The unit a serde_yaml path (`sections[0].blocks[2].table.rows[1]`) falls in: the
/// innermost block, else the section, else the top-level key.
fn unit_at<'n>(root: &'n Node, path: &str) -> Option<Unit<'n>> {
    let mut node = root;
    let mut unit = None;
    for (depth, segment) in path.split('.').enumerate() {
        let (key, indices) = segment.split_once('[').unwrap_or((segment, ""));
        if depth == 0 {
            unit = root
                .entries()
                .iter()
                .find(|e| e.key == key)
                .map(Unit::Entry);
        }
        let Some(child) = node.get(key) else {
            break;
        };
        node = child;
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            let Some(item) = index
                .trim_end_matches(']')
                .parse()
                .ok()
                .and_then(|i| node.item(i))
            else {
                return unit;
            };
            node = item;
            if key == "blocks" {
                unit = Some(Unit::Block(node));
            } else if key == "sections" && depth == 0 {
                unit = Some(Unit::Section(node));
            }
        }
    }
    unit
}

/// The key of serde's "missing field `key`".
fn missing_key(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// The key of serde's "duplicate field `key`".
fn duplicate_key(message: &str) -> Option<&str> {
    message.strip_prefix("duplicate field `")?.split('`').next()
}
