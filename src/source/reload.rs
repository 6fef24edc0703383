//! Loading a source again after an edit, reading only the top-level section the edit lies
//! in (docs/performance.md, "The load of a rebuild").
//!
//! An edit that stays inside one item of `sections` leaves the YAML parser, before and after
//! that item's lines, where it was: between two items of a block sequence. So the edited
//! item's lines, read alone as a document whose root is a sequence of one item, give the
//! section a load of the whole would give, with every byte offset moved by where the lines
//! start and every line by the lines above. Every pass of the load ([`super::locate`],
//! [`super::keys`], serde, [`super::validate`]) runs over those lines; what spans sections
//! (a chart's table, tables' ids) is checked on the whole model. Anything else falls back
//! to the load of the whole text: an edit outside the items (the head, the `sections:`
//! line, keys after the sections), lines that do not read alone as one item at the items'
//! indentation or that could end a document read alone where the file goes on, aliases
//! anywhere, and any problem at all, so that every diagnostic comes from the whole load, as
//! before. `tests/reload.rs` compares it with the whole load over random edits.

mod positions;
#[cfg(test)]
mod tests;

use super::diagnostic::SourceError;
use super::limits::Limits;
use super::locate::{self, Node};
use super::model::{Briefing, Section};
use super::standards::PdfStandards;
use super::{keys, validate, yaml};

/// Loads the versions of one source, one after another, reading again only what an edit
/// changed where that gives what [`super::load_for`] gives: the same briefing or, through
/// the whole load, the same errors. It holds the last loaded text and its briefing.
#[derive(Default)]
pub struct Reloader {
    last: Option<Kept>,
    spliced: bool,
}

/// The last text loaded without a problem, what it loaded as, and where its sections'
/// items stand.
struct Kept {
    text: String,
    briefing: Briefing,
    limits: Limits,
    standards: PdfStandards,
    items: Vec<Item>,
    /// Where the last item's lines end: the text's end, or the line of the next top-level
    /// key.
    end: usize,
    /// The column of every item's `-`.
    dash_column: usize,
}

/// An edit inside one item of `sections`.
struct Edit<'b> {
    index: usize,
    /// The item's lines in the kept text.
    from: usize,
    to: usize,
    /// The item's lines in the new text (which start at `from` too).
    lines: &'b str,
    /// The bytes of the kept text the edit replaced, and what replaced them.
    replaced: std::ops::Range<usize>,
    by: &'b str,
}

/// Where one item of `sections` starts: the line of its `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    /// Byte offset of the line's start.
    start: usize,
    /// Line breaks before it.
    line: usize,
}

/// Sections read alone nest at most this deep; a deeper one is read with the whole text,
/// where the deserializer's own bound on recursion counts from the root.
const SPLICE_DEPTH: usize = 32;

impl Reloader {
    pub fn new() -> Reloader {
        Reloader::default()
    }

    /// Loads `bytes` as [`super::load_for`] does, reading only the edited section where
    /// the last load's text and this one differ inside one item of `sections`.
    pub fn load(
        &mut self,
        name: &str,
        bytes: &[u8],
        limits: &Limits,
        standards: PdfStandards,
    ) -> Result<&Briefing, Box<SourceError>> {
        let spliced = self
            .last
            .as_mut()
            .is_some_and(|kept| kept.splice(bytes, limits, standards));
        self.spliced = spliced;
        let kept = match self.last.take() {
            Some(kept) if spliced => kept,
            last => match super::load_tree(name, bytes, limits, standards) {
                Ok((briefing, root)) => {
                    drop(last);
                    Kept::new(bytes, briefing, root.as_ref(), limits, standards)
                }
                Err(error) => {
                    // The last good text stays, for an edit that mends this one.
                    self.last = last;
                    return Err(error);
                }
            },
        };
        let kept = self.last.insert(kept);
        kept.briefing.file = name.to_string();
        Ok(&kept.briefing)
    }

    /// Whether the last load read only the edited section.
    pub fn spliced(&self) -> bool {
        self.spliced
    }
}

impl Kept {
    /// The kept state of a text loaded whole, from its span tree (none when the text had a
    /// byte-order mark, which would move every offset).
    fn new(
        bytes: &[u8],
        briefing: Briefing,
        root: Option<&Node>,
        limits: &Limits,
        standards: PdfStandards,
    ) -> Kept {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let outline = root.and_then(|root| outline(text, root, &briefing));
        let (items, end, dash_column) = outline.unwrap_or_default();
        Kept {
            // Without items nothing is spliced, and the text is not needed.
            text: match items.is_empty() {
                true => String::new(),
                false => text.to_string(),
            },
            briefing,
            limits: *limits,
            standards,
            items,
            end,
            dash_column,
        }
    }

    /// Reads the edit from the kept text to `bytes` into the kept briefing, if it lies
    /// inside one item of `sections` and reads alone without a problem. False, and nothing
    /// changed, when the whole must be read.
    fn splice(&mut self, bytes: &[u8], limits: &Limits, standards: PdfStandards) -> bool {
        if self.items.is_empty() || *limits != self.limits || standards != self.standards {
            return false;
        }
        if bytes == self.text.as_bytes() {
            return true;
        }
        if bytes.len() > limits.source_bytes {
            return false;
        }
        let Some(edit) = self.edit(bytes) else {
            return false;
        };
        let base = self.items[edit.index].line;
        let Some(section) = self.read_alone(edit.lines, base, limits) else {
            return false;
        };
        let sections = &self.briefing.sections;
        let spliced = sections[..edit.index]
            .iter()
            .chain([&section])
            .chain(&sections[edit.index + 1..]);
        if !validate::references_hold(spliced) {
            return false;
        }
        let old_lines = newlines(&self.text[edit.from..edit.to]);
        let line_shift = newlines(edit.lines) as i64 - old_lines as i64;
        let byte_shift = bytes.len() as i64 - self.text.len() as i64;
        self.briefing.sections[edit.index] = section;
        positions::shift_after(&mut self.briefing, edit.index, base, line_shift);
        for item in &mut self.items[edit.index + 1..] {
            item.start = shifted(item.start, byte_shift);
            item.line = shifted(item.line, line_shift);
        }
        self.end = shifted(self.end, byte_shift);
        self.text.replace_range(edit.replaced, edit.by);
        true
    }

    /// Where the kept text and `bytes` differ, if that lies inside one item's lines and
    /// the new lines end where the next item (or what follows the last) starts.
    fn edit<'b>(&self, bytes: &'b [u8]) -> Option<Edit<'b>> {
        let old = self.text.as_bytes();
        let mut prefix = common_prefix(old, bytes);
        let mut suffix = common_suffix(&old[prefix..], &bytes[prefix..]);
        // Whole characters: what is shared is the same bytes in both, so a boundary in the
        // kept text is one in the new.
        while !self.text.is_char_boundary(prefix) {
            prefix -= 1;
        }
        while !self.text.is_char_boundary(old.len() - suffix) {
            suffix -= 1;
        }
        let old_end = old.len() - suffix;
        // The item the edit starts in; an insertion between two items goes to the first.
        let index = self
            .items
            .partition_point(|item| item.start < prefix)
            .checked_sub(1)?;
        let from = self.items[index].start;
        let to = self
            .items
            .get(index + 1)
            .map_or(self.end, |next| next.start);
        if old_end > to {
            return None;
        }
        let new_to = to + bytes.len() - old.len();
        // What follows must still start a line.
        let lines = bytes
            .get(from..new_to)
            .filter(|lines| lines.ends_with(b"\n") || new_to == bytes.len())?;
        // The rest of the new text is the kept text's, whole lines of UTF-8.
        let lines = std::str::from_utf8(lines).ok()?;
        let by = lines.get(prefix - from..bytes.len() - suffix - from)?;
        Some(Edit {
            index,
            from,
            to,
            lines,
            replaced: prefix..old_end,
            by,
        })
    }

    /// The section that `lines` (one item of `sections`, after `base` lines) loads as, if
    /// they read alone as exactly one item at the items' indentation, without a problem.
    fn read_alone(&self, lines: &str, base: usize, limits: &Limits) -> Option<Section> {
        let depth = limits
            .depth
            .min(Limits::MAX_DEPTH)
            .min(SPLICE_DEPTH)
            .saturating_sub(1);
        if leaves_the_item(lines, self.dash_column) {
            return None;
        }
        let tree = locate::tree(lines, depth, usize::MAX).ok()??;
        let [item] = tree.items() else {
            return None;
        };
        if dash_line(lines, item.start) != Some((0, self.dash_column))
            || tree.first_alias().is_some()
        {
            return None;
        }
        if !keys::unknown_in_section(item).is_empty() {
            return None;
        }
        let [mut section]: [Section; 1] = yaml::from_str::<Vec<Section>>(lines)
            .ok()?
            .try_into()
            .ok()?;
        let problems = validate::resolve_section(&mut section, item, lines, limits, &self.briefing);
        if !problems.is_empty() {
            return None;
        }
        positions::shift_section(&mut section, base as i64);
        Some(section)
    }
}

/// Where each item of `sections` starts, where the last one ends, and the column of their
/// `-`, if each item's value starts on its `-` line, all at one indentation, and no alias
/// stands anywhere.
fn outline(text: &str, root: &Node, briefing: &Briefing) -> Option<(Vec<Item>, usize, usize)> {
    if root.first_alias().is_some() {
        return None;
    }
    let entries = root.entries();
    let at = entries.iter().position(|entry| entry.key == "sections")?;
    let sections = &entries[at].value;
    let mut items = Vec::with_capacity(sections.items().len());
    let mut dash_column = None;
    let (mut line, mut counted) = (0, 0);
    for item in sections.items() {
        let (start, column) = dash_line(text, item.start)?;
        if *dash_column.get_or_insert(column) != column {
            return None;
        }
        line += newlines(&text[counted..start]);
        counted = start;
        items.push(Item { start, line });
    }
    let end = match entries.get(at + 1) {
        Some(next) => {
            let start = line_start(text, next.key_start);
            let alone = text[start..next.key_start].bytes().all(|b| b == b' ');
            alone.then_some(start)?
        }
        None => text.len(),
    };
    if items.len() != briefing.sections.len() {
        return None;
    }
    Some((items, end, dash_column?))
}

/// Where the line of a sequence item whose value starts at `value` starts, and the column
/// of its `-`, if that line holds only spaces, the `-` and spaces before the value.
fn dash_line(text: &str, value: usize) -> Option<(usize, usize)> {
    let start = line_start(text, value);
    let line = &text[start..value];
    let column = line.len() - line.trim_start_matches(' ').len();
    let after = line[column..].strip_prefix('-')?;
    (!after.is_empty() && after.bytes().all(|b| b == b' ')).then_some((start, column))
}

/// Whether `lines` (one item, its `-` at `column`) may end their document before their
/// end when read alone, where the whole text would go on: a line after the first that
/// starts at or left of the `-` with anything but a comment (`---`, `...`, a byte-order
/// mark, or what would be a key of the root mapping), or a byte-order mark anywhere.
fn leaves_the_item(lines: &str, column: usize) -> bool {
    lines.contains('\u{feff}')
        || lines.split(['\n', '\r']).skip(1).any(|line| {
            let text = line.trim_start_matches(' ');
            !text.is_empty() && !text.starts_with('#') && line.len() - text.len() <= column
        })
}

/// The start of the line `offset` is on.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |at| at + 1)
}

fn newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

fn shifted(value: usize, by: i64) -> usize {
    usize::try_from(value as i64 + by).unwrap_or(0)
}

/// How many bytes `a` and `b` share at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Compared a block at a time: the slices' own equality is a `memcmp`.
    const BLOCK: usize = 4096;
    let mut at = 0;
    let len = a.len().min(b.len());
    while at + BLOCK <= len && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..len]
        .iter()
        .zip(&b[at..len])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 4096;
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= len
        && a[a.len() - at - BLOCK..a.len() - at] == b[b.len() - at - BLOCK..b.len() - at]
    {
        at += BLOCK;
    }
    at + a[..a.len() - at]
        .iter()
        .rev()
        .zip(b[..b.len() - at].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}
