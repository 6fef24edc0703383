//! The document outline (bookmarks): the headings, nested by level.
//!
//! printpdf's bookmarks are a flat list sorted by page and name; the outline here is a tree,
//! so it is written by us.

use super::file::PdfFile;
use super::object::{Name, Null, Real, Ref, TextStr};
use crate::layout::OutlineEntry;

/// One heading and the headings under it.
struct Node<'a> {
    entry: &'a OutlineEntry,
    children: Vec<Node<'a>>,
}

/// Writes the outline of `entries`; returns its root, if there is a heading. `pages` are
/// the page objects and `height` the page height, to turn a heading's top into a PDF
/// destination.
pub fn write(
    file: &mut PdfFile,
    entries: &[OutlineEntry],
    pages: &[Ref],
    height: f32,
) -> Option<Ref> {
    let entries: Vec<&OutlineEntry> = entries.iter().filter(|e| e.page < pages.len()).collect();
    let tree = nest(&entries);
    if tree.is_empty() {
        return None;
    }
    let root = file.alloc();
    let writer = OutlineWriter { pages, height };
    let (first, last, count) = writer.write_level(file, &tree, root);
    file.object(root)
        .dict()
        .name("Type", "Outlines")
        .pair("First", first)
        .pair("Last", last)
        .pair("Count", count);
    Some(root)
}

/// Builds the tree: an entry belongs under the nearest earlier entry of a lower level, so a
/// level that skips one (1 then 3) still nests rather than being lost.
fn nest<'a>(entries: &[&'a OutlineEntry]) -> Vec<Node<'a>> {
    let mut roots = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let entry = entries[i];
        let end = entries[i + 1..]
            .iter()
            .position(|e| e.level <= entry.level)
            .map_or(entries.len(), |p| i + 1 + p);
        roots.push(Node {
            entry,
            children: nest(&entries[i + 1..end]),
        });
        i = end;
    }
    roots
}

struct OutlineWriter<'a> {
    pages: &'a [Ref],
    height: f32,
}

impl OutlineWriter<'_> {
    /// Writes `nodes` as siblings under `parent`; returns the first and last item and how
    /// many items (at any depth) they hold, all open.
    fn write_level(&self, file: &mut PdfFile, nodes: &[Node], parent: Ref) -> (Ref, Ref, usize) {
        let ids: Vec<Ref> = nodes.iter().map(|_| file.alloc()).collect();
        let mut count = 0;
        for (i, node) in nodes.iter().enumerate() {
            let below = if node.children.is_empty() {
                None
            } else {
                Some(self.write_level(file, &node.children, ids[i]))
            };
            let entry = node.entry;
            // A heading's top outside the page (or not a number) jumps to the page's top.
            let top = Some(self.height - entry.y)
                .filter(|top| (0.0..=self.height).contains(top))
                .unwrap_or(self.height);
            let mut item = file.object(ids[i]).dict();
            item.pair("Title", TextStr(&entry.title))
                .pair("Parent", parent);
            item.insert("Dest")
                .array()
                .item(self.pages[entry.page])
                .item(Name("XYZ"))
                .item(Null)
                .item(Real(top))
                .item(Null);
            if i > 0 {
                item.pair("Prev", ids[i - 1]);
            }
            if let Some(&next) = ids.get(i + 1) {
                item.pair("Next", next);
            }
            if let Some((first, last, below)) = below {
                item.pair("First", first)
                    .pair("Last", last)
                    .pair("Count", below);
                count += below;
            }
            count += 1;
        }
        (ids[0], ids[ids.len() - 1], count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, level: u8) -> OutlineEntry {
        OutlineEntry {
            title: title.into(),
            level,
            page: 0,
            y: 0.0,
        }
    }

    /// The tree as `title(children...)`, to compare in one line.
    fn shape(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|n| {
                if n.children.is_empty() {
                    n.entry.title.clone()
                } else {
                    format!("{}({})", n.entry.title, shape(&n.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn headings_nest_by_level() {
        let entries = [
            entry("a", 1),
            entry("a1", 2),
            entry("a1x", 3),
            entry("a2", 2),
            entry("b", 1),
            // A skipped level still nests under the nearest lower level.
            entry("b1", 3),
            entry("b2", 2),
        ];
        let refs: Vec<&OutlineEntry> = entries.iter().collect();
        assert_eq!(shape(&nest(&refs)), "a(a1(a1x) a2) b(b1 b2)");
    }

    #[test]
    fn a_document_starting_below_the_top_level_keeps_every_heading() {
        let entries = [entry("x", 2), entry("y", 3), entry("z", 1)];
        let refs: Vec<&OutlineEntry> = entries.iter().collect();
        assert_eq!(shape(&nest(&refs)), "x(y) z");
    }
}
