//! The document's logical structure, kept beside the display list: which items belong to
//! which heading, paragraph, list item, table cell, note or figure, in reading order. The
//! render stage writes it as the PDF's structure tree (see `docs/accessibility.md`).
//!
//! Elements are created in reading order, so every element's children, the elements that
//! name it as their parent, are in reading order too, and in the order of their ids: a
//! child list per element is not kept (a long document has tens of thousands of elements,
//! most with a child or two). Display-list items name the element they belong to ([`NodeId`]); an item that names
//! none is an artifact (the running header and footer, rules, backgrounds, a repeated table
//! header row).

use std::fmt::Write;

/// An element of [`Structure`]: an index into [`Structure::elements`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

/// What an element is. Each maps to one standard structure type of PDF 1.7 (ISO 32000-1,
/// 14.8.4), named in [`Kind::pdf_name`].
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Document,
    /// A heading of level 1..=6: the title is 1, a top-level section's heading 2.
    Heading(u8),
    Paragraph,
    List {
        numbered: bool,
    },
    ListItem,
    /// A list item's bullet or number.
    Label,
    /// A list item's text, and the lists nested in it.
    ListBody,
    Table,
    TableHead,
    TableBody,
    TableRow,
    /// A column header cell.
    HeaderCell,
    DataCell,
    Caption,
    /// A boxed aside; `id` is unique in the document (PDF/UA-1 asks every `Note` for one).
    Note {
        id: String,
    },
    /// A chart or other graphic; `alt` is what a screen reader says instead.
    Figure {
        alt: Option<String>,
    },
    /// Linked text and its annotations.
    Link {
        url: String,
    },
}

impl Kind {
    /// The standard structure type.
    pub fn pdf_name(&self) -> &'static str {
        match self {
            Kind::Document => "Document",
            Kind::Heading(level) => {
                ["H1", "H2", "H3", "H4", "H5", "H6"][(*level).clamp(1, 6) as usize - 1]
            }
            Kind::Paragraph => "P",
            Kind::List { .. } => "L",
            Kind::ListItem => "LI",
            Kind::Label => "Lbl",
            Kind::ListBody => "LBody",
            Kind::Table => "Table",
            Kind::TableHead => "THead",
            Kind::TableBody => "TBody",
            Kind::TableRow => "TR",
            Kind::HeaderCell => "TH",
            Kind::DataCell => "TD",
            Kind::Caption => "Caption",
            Kind::Note { .. } => "Note",
            Kind::Figure { .. } => "Figure",
            Kind::Link { .. } => "Link",
        }
    }
}

/// One element: what it is and its parent.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub kind: Kind,
    pub parent: Option<NodeId>,
}

/// The structure tree; element 0 is the `Document` root.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub elements: Vec<Element>,
    /// The link the last tagged run belonged to, so that a link broken across lines stays
    /// one element.
    open_link: Option<NodeId>,
}

impl Default for Structure {
    fn default() -> Structure {
        Structure {
            elements: vec![Element {
                kind: Kind::Document,
                parent: None,
            }],
            open_link: None,
        }
    }
}

impl Structure {
    pub const ROOT: NodeId = NodeId(0);

    /// Adds an element of `kind` as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, kind: Kind) -> NodeId {
        let id = NodeId(self.elements.len() as u32);
        self.elements.push(Element {
            kind,
            parent: Some(parent),
        });
        self.open_link = None;
        id
    }

    pub fn get(&self, id: NodeId) -> &Element {
        &self.elements[id.0 as usize]
    }

    /// The element a run of `node`'s text belongs to: `node` itself, or for linked text the
    /// `Link` inside it, continued from the previous run when that was the same link.
    pub fn run_node(&mut self, node: NodeId, link: Option<&str>) -> NodeId {
        let Some(url) = link else {
            self.open_link = None;
            return node;
        };
        if let Some(open) = self.open_link {
            let element = self.get(open);
            if element.parent == Some(node)
                && matches!(&element.kind, Kind::Link { url: open_url } if open_url == url)
            {
                return open;
            }
        }
        let link = self.add(node, Kind::Link { url: url.into() });
        self.open_link = Some(link);
        link
    }

    /// Ends the link a run may continue (a new paragraph starts).
    pub fn close_link(&mut self) {
        self.open_link = None;
    }

    /// Gives back what the element list grew beyond its length: a finished structure is
    /// held until the PDF is written.
    pub fn shrink_to_fit(&mut self) {
        self.elements.shrink_to_fit();
    }

    /// Every element's children, found in one pass over the parents.
    pub fn children(&self) -> Children {
        let mut starts = vec![0u32; self.elements.len() + 1];
        for parent in self.elements.iter().filter_map(|element| element.parent) {
            starts[parent.0 as usize + 1] += 1;
        }
        for index in 1..starts.len() {
            starts[index] += starts[index - 1];
        }
        let mut next = starts.clone();
        let mut ids = vec![Structure::ROOT; self.elements.len().saturating_sub(1)];
        for (index, element) in self.elements.iter().enumerate() {
            if let Some(parent) = element.parent {
                let slot = &mut next[parent.0 as usize];
                ids[*slot as usize] = NodeId(index as u32);
                *slot += 1;
            }
        }
        Children { starts, ids }
    }

    /// The tree as indented lines of structure types, for tests and debugging.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, &self.children(), Structure::ROOT, 0);
        out
    }

    fn write(&self, out: &mut String, children: &Children, id: NodeId, depth: usize) {
        let element = self.get(id);
        let _ = writeln!(out, "{}{}", "  ".repeat(depth), element.kind.pdf_name());
        for &child in children.of(id) {
            self.write(out, children, child, depth + 1);
        }
    }
}

/// The children of every element of a [`Structure`], in reading order.
pub struct Children {
    /// Where each element's children start in `ids`; one more entry than elements.
    starts: Vec<u32>,
    ids: Vec<NodeId>,
}

impl Children {
    pub fn of(&self, id: NodeId) -> &[NodeId] {
        let at = id.0 as usize;
        &self.ids[self.starts[at] as usize..self.starts[at + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_across_runs_stays_one_element() {
        let mut tree = Structure::default();
        let p = tree.add(Structure::ROOT, Kind::Paragraph);
        assert_eq!(tree.run_node(p, None), p);
        let first = tree.run_node(p, Some("https://a"));
        assert_eq!(tree.run_node(p, Some("https://a")), first);
        assert_ne!(tree.run_node(p, Some("https://b")), first);
        tree.run_node(p, None);
        let again = tree.run_node(p, Some("https://a"));
        assert_ne!(again, first, "text between two links parts them");
        assert_eq!(
            tree.to_text(),
            "Document\n  P\n    Link\n    Link\n    Link\n"
        );
    }
}
