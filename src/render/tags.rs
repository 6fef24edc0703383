//! The structure tree (ISO 32000-1, 14.7–14.8): the layout's [`Structure`] written as
//! structure elements whose kids are the marked content the content streams hold and the
//! link annotations, with the parent tree that maps each MCID and annotation back to its
//! element. See `docs/accessibility.md`.

use super::file::{PdfFile, Recording};
use super::object::{Dict, Obj, Ref, Str, TextStr};
use crate::layout::{Kind, NodeId, Structure};

/// A link annotation of a page and the `Link` element it belongs to. Its `/StructParent`
/// is [`annotation_key`] of its place in the list of annotations.
#[derive(Clone, PartialEq)]
pub struct TaggedAnnotation {
    pub page: usize,
    pub id: Ref,
    pub node: NodeId,
}

/// The parent tree key of the `index`th annotation of a document of `pages` pages: after
/// the pages' keys, which are their indices (each page's `/StructParents`).
pub fn annotation_key(pages: usize, index: usize) -> usize {
    pages + index
}

/// A kid of an element, in reading order.
#[derive(Clone, Copy)]
enum Kid {
    Element(NodeId),
    Marked { page: usize, mcid: u32 },
    Annotation(Ref, usize),
}

/// A structure tree as written, with what it was written from (the structure aside), for
/// the next build.
pub struct KeptTree {
    recording: Recording,
    root: Ref,
    pages: Vec<Ref>,
    marked: Vec<Vec<NodeId>>,
    annotations: Vec<TaggedAnnotation>,
    /// Whether the build wrote it anew (rather than as the build before had).
    pub written: bool,
}

/// [`write`], for a rebuild: the tree of `last`, written again as it was when it was
/// written from the same input (`before`, its structure, equal to `structure`) and the
/// file is where it was then; else written anew. Either way returns the tree, kept.
pub fn write_reusing(
    file: &mut PdfFile,
    (structure, before): (&Structure, Option<&Structure>),
    pages: &[Ref],
    marked: &[Vec<NodeId>],
    annotations: &[TaggedAnnotation],
    last: Option<KeptTree>,
) -> (Ref, KeptTree) {
    if let Some(last) = last {
        let same = before.is_some_and(|before| before.elements == structure.elements)
            && last.pages == pages
            && last.marked == marked
            && last.annotations == annotations;
        if same && file.replay(&last.recording) {
            let written = false;
            return (last.root, KeptTree { written, ..last });
        }
    }
    file.start_recording();
    let root = write(file, structure, pages, marked, annotations);
    let recording = file.stop_recording().expect("recording since the start");
    let kept = KeptTree {
        recording,
        root,
        pages: pages.to_vec(),
        marked: marked.to_vec(),
        annotations: annotations.to_vec(),
        written: true,
    };
    (root, kept)
}

/// Writes the structure tree of `structure`; `marked[p][mcid]` is the element each MCID of
/// page `p` belongs to. Returns the `/StructTreeRoot`.
pub fn write(
    file: &mut PdfFile,
    structure: &Structure,
    pages: &[Ref],
    marked: &[Vec<NodeId>],
    annotations: &[TaggedAnnotation],
) -> Ref {
    let ids: Vec<Ref> = structure.elements.iter().map(|_| file.alloc()).collect();
    let root = file.alloc();
    let kids = kids(structure, marked, annotations);

    for (index, (element, &id)) in structure.elements.iter().zip(&ids).enumerate() {
        let kids = kids.of(index);
        // The element's page: that of its first marked content, so most MCIDs are bare numbers.
        let page = kids.iter().find_map(|kid| match kid {
            Kid::Marked { page, .. } | Kid::Annotation(_, page) => Some(*page),
            Kid::Element(_) => None,
        });
        let parent = element.parent.map_or(root, |p| ids[p.0 as usize]);
        let mut dict = file.object(id).dict();
        dict.name("Type", "StructElem")
            .name("S", element.kind.pdf_name())
            .pair("P", parent);
        let write_kid = |obj: Obj, kid: &Kid| match *kid {
            Kid::Element(child) => obj.primitive(ids[child.0 as usize]),
            Kid::Marked { page: p, mcid } if Some(p) == page => obj.primitive(mcid),
            Kid::Marked { page: p, mcid } => {
                let mut mcr = obj.dict();
                mcr.name("Type", "MCR")
                    .pair("Pg", pages[p])
                    .pair("MCID", mcid);
            }
            Kid::Annotation(annotation, p) => {
                let mut objr = obj.dict();
                objr.name("Type", "OBJR")
                    .pair("Pg", pages[p])
                    .pair("Obj", annotation);
            }
        };
        // A single kid stands alone, as most headings' and cells' one MCID does.
        match kids {
            [kid] => write_kid(dict.insert("K"), kid),
            kids => {
                let mut array = dict.insert("K").array();
                for kid in kids {
                    write_kid(array.push(), kid);
                }
            }
        }
        if let Some(page) = page {
            dict.pair("Pg", pages[page]);
        }
        attributes(&mut dict, &element.kind);
    }

    let parent_tree = parent_tree(file, &ids, marked, annotations);
    let mut root_dict = file.object(root).dict();
    root_dict
        .name("Type", "StructTreeRoot")
        .pair("ParentTree", parent_tree)
        .pair(
            "ParentTreeNextKey",
            annotation_key(pages.len(), annotations.len()),
        );
    root_dict.insert("K").array().items(ids.first().copied());
    let mut notes: Vec<_> = structure
        .elements
        .iter()
        .zip(&ids)
        .filter_map(|(element, &id)| match &element.kind {
            Kind::Note { id: name } => Some((name, id)),
            _ => None,
        })
        .collect();
    // A name tree's keys are in lexical byte order (ISO 32000-1, 7.9.6): "note-10" before
    // "note-2".
    notes.sort_by(|(a, _), (b, _)| a.as_bytes().cmp(b.as_bytes()));
    if !notes.is_empty() {
        let mut tree = root_dict.insert("IDTree").dict();
        let mut names = tree.insert("Names").array();
        for (name, id) in notes {
            names.item(Str(name.as_bytes())).item(id);
        }
    }
    root
}

/// Each element's kids: its child elements in layout order, merged with its marked content
/// and annotations in content order. A child element sorts by its first marked content; one
/// without any keeps its place after the sibling before it.
fn kids(structure: &Structure, marked: &[Vec<NodeId>], annotations: &[TaggedAnnotation]) -> Kids {
    let count = structure.elements.len();
    let mut first: Vec<Option<usize>> = vec![None; count];
    let seen = |node: NodeId, order: usize, first: &mut Vec<Option<usize>>| {
        let mut at = Some(node);
        while let Some(node) = at {
            let slot = &mut first[node.0 as usize];
            if slot.is_some() {
                break;
            }
            *slot = Some(order);
            at = structure.get(node).parent;
        }
    };
    // Every element's kids in one list, element by element (a list per element was an
    // allocation per element of a long document): counted first, then each put in its
    // element's stretch in the order the kinds come, marked content, annotations, children.
    let mut starts = vec![0usize; count + 1];
    for &node in marked.iter().flatten() {
        starts[node.0 as usize + 1] += 1;
    }
    for annotation in annotations {
        starts[annotation.node.0 as usize + 1] += 1;
    }
    let children = structure.children();
    for index in 0..count {
        starts[index + 1] += children.of(NodeId(index as u32)).len();
    }
    for index in 1..starts.len() {
        starts[index] += starts[index - 1];
    }
    let mut next = starts.clone();
    let mut kids: Vec<(usize, Kid)> = vec![(0, Kid::Element(NodeId(0))); starts[count]];
    let put = |kids: &mut [(usize, Kid)], next: &mut [usize], element: usize, at: usize, kid| {
        kids[next[element]] = (at, kid);
        next[element] += 1;
    };
    let mut order = 0;
    for (page, mcids) in marked.iter().enumerate() {
        for (mcid, &node) in mcids.iter().enumerate() {
            seen(node, order, &mut first);
            let mcid = mcid as u32;
            put(
                &mut kids,
                &mut next,
                node.0 as usize,
                order,
                Kid::Marked { page, mcid },
            );
            order += 1;
        }
    }
    for annotation in annotations {
        // After the link's text: at the place of the element's last kid so far.
        let node = annotation.node.0 as usize;
        let at = match next[node] > starts[node] {
            true => kids[next[node] - 1].0,
            false => order,
        };
        let kid = Kid::Annotation(annotation.id, annotation.page);
        put(&mut kids, &mut next, node, at, kid);
    }
    for index in 0..count {
        // A child that holds no marked content takes the place of the sibling before it.
        let mut last = 0;
        for &child in children.of(NodeId(index as u32)) {
            last = first[child.0 as usize].unwrap_or(last);
            put(&mut kids, &mut next, index, last, Kid::Element(child));
        }
    }
    // Stable: marked content before a child element that starts at the same place never
    // happens (a place is one MCID), and childless elements keep their order.
    for element in 0..count {
        kids[starts[element]..starts[element + 1]].sort_by_key(|&(at, _)| at);
    }
    Kids {
        kids: kids.into_iter().map(|(_, kid)| kid).collect(),
        starts,
    }
}

/// The kids of every element, element by element.
struct Kids {
    kids: Vec<Kid>,
    /// Element `e`'s kids are `kids[starts[e]..starts[e + 1]]`.
    starts: Vec<usize>,
}

impl Kids {
    fn of(&self, element: usize) -> &[Kid] {
        &self.kids[self.starts[element]..self.starts[element + 1]]
    }
}

/// The attributes and entries a kind of element needs besides its type.
fn attributes(dict: &mut Dict, kind: &Kind) {
    match kind {
        Kind::HeaderCell => {
            let mut a = dict.insert("A").dict();
            a.name("O", "Table").name("Scope", "Column");
        }
        Kind::List { numbered } => {
            let mut a = dict.insert("A").dict();
            a.name("O", "List");
            a.name("ListNumbering", if *numbered { "Decimal" } else { "Disc" });
        }
        Kind::Note { id } => {
            dict.pair("ID", Str(id.as_bytes()));
        }
        Kind::Figure { alt: Some(alt) } => {
            dict.pair("Alt", TextStr(alt));
        }
        _ => {}
    }
}

/// The number tree from each page's `/StructParents` (its index) to the elements of its
/// MCIDs, and from each annotation's `/StructParent` to its element.
fn parent_tree(
    file: &mut PdfFile,
    ids: &[Ref],
    marked: &[Vec<NodeId>],
    annotations: &[TaggedAnnotation],
) -> Ref {
    let tree = file.alloc();
    let mut dict = file.object(tree).dict();
    let mut nums = dict.insert("Nums").array();
    for (index, mcids) in marked.iter().enumerate() {
        nums.item(index);
        nums.push()
            .array()
            .items(mcids.iter().map(|node| ids[node.0 as usize]));
    }
    for (index, annotation) in annotations.iter().enumerate() {
        nums.item(annotation_key(marked.len(), index))
            .item(ids[annotation.node.0 as usize]);
    }
    tree
}
