//! The structure tree (ISO 32000-1, 14.7–14.8): the layout's [`Structure`] written as
//! structure elements whose kids are the marked content the content streams hold and the
//! link annotations, with the parent tree that maps each MCID and annotation back to its
//! element. See `docs/accessibility.md`.

use std::collections::BTreeMap;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId};

use super::meta::text_string;
use crate::layout::{Kind, NodeId, Structure};

/// A link annotation of a page and the `Link` element it belongs to.
pub struct TaggedAnnotation {
    pub page: usize,
    pub id: ObjectId,
    pub node: NodeId,
}

/// A kid of an element, in reading order.
enum Kid {
    Element(NodeId),
    Marked { page: usize, mcid: u32 },
    Annotation(ObjectId, usize),
}

/// Writes the structure tree of `structure`; `marked[p][mcid]` is the element each MCID of
/// page `p` belongs to. Sets each page's `/StructParents` and each annotation's
/// `/StructParent`. Returns the `/StructTreeRoot`.
pub fn write(
    doc: &mut Document,
    structure: &Structure,
    pages: &[ObjectId],
    marked: &[Vec<NodeId>],
    annotations: &[TaggedAnnotation],
) -> ObjectId {
    let ids: Vec<ObjectId> = structure
        .elements
        .iter()
        .map(|_| doc.new_object_id())
        .collect();
    let root = doc.new_object_id();
    let kids = kids(structure, marked, annotations);

    for (index, element) in structure.elements.iter().enumerate() {
        let kids = &kids[index];
        // The element's page: that of its first marked content, so most MCIDs are bare numbers.
        let page = kids.iter().find_map(|kid| match kid {
            Kid::Marked { page, .. } | Kid::Annotation(_, page) => Some(*page),
            Kid::Element(_) => None,
        });
        let k: Vec<Object> = kids
            .iter()
            .map(|kid| match *kid {
                Kid::Element(child) => Object::Reference(ids[child.0 as usize]),
                Kid::Marked { page: p, mcid } if Some(p) == page => Object::Integer(mcid.into()),
                Kid::Marked { page: p, mcid } => Object::Dictionary(dictionary! {
                    "Type" => "MCR",
                    "Pg" => pages[p],
                    "MCID" => i64::from(mcid),
                }),
                Kid::Annotation(annotation, p) => Object::Dictionary(dictionary! {
                    "Type" => "OBJR",
                    "Pg" => pages[p],
                    "Obj" => annotation,
                }),
            })
            .collect();
        let parent = element.parent.map_or(root, |p| ids[p.0 as usize]);
        // A single kid stands alone, as most headings' and cells' one MCID does.
        let k = match <[Object; 1]>::try_from(k) {
            Ok([kid]) => kid,
            Err(kids) => Object::Array(kids),
        };
        let mut dict = dictionary! {
            "Type" => "StructElem",
            "S" => element.kind.pdf_name(),
            "P" => parent,
            "K" => k,
        };
        if let Some(page) = page {
            dict.set("Pg", pages[page]);
        }
        attributes(&mut dict, &element.kind);
        doc.objects.insert(ids[index], Object::Dictionary(dict));
    }

    let parent_tree = parent_tree(doc, &ids, pages, marked, annotations);
    let mut root_dict = dictionary! {
        "Type" => "StructTreeRoot",
        "K" => vec![Object::Reference(ids[0])],
        "ParentTree" => parent_tree,
        "ParentTreeNextKey" => (pages.len() + annotations.len()) as i64,
    };
    let notes: Vec<Object> = structure
        .elements
        .iter()
        .zip(&ids)
        .filter_map(|(element, &id)| match &element.kind {
            Kind::Note { id: name } => Some([
                Object::string_literal(name.as_bytes().to_vec()),
                Object::Reference(id),
            ]),
            _ => None,
        })
        .flatten()
        .collect();
    if !notes.is_empty() {
        root_dict.set("IDTree", dictionary! { "Names" => notes });
    }
    doc.objects.insert(root, Object::Dictionary(root_dict));
    root
}

/// Each element's kids: its child elements in layout order, merged with its marked content
/// and annotations in content order. A child element sorts by its first marked content; one
/// without any keeps its place after the sibling before it.
fn kids(
    structure: &Structure,
    marked: &[Vec<NodeId>],
    annotations: &[TaggedAnnotation],
) -> Vec<Vec<Kid>> {
    let count = structure.elements.len();
    let mut first: Vec<Option<usize>> = vec![None; count];
    let mut own: Vec<Vec<(usize, Kid)>> = (0..count).map(|_| Vec::new()).collect();
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
    let mut order = 0;
    for (page, mcids) in marked.iter().enumerate() {
        for (mcid, &node) in mcids.iter().enumerate() {
            seen(node, order, &mut first);
            let mcid = mcid as u32;
            own[node.0 as usize].push((order, Kid::Marked { page, mcid }));
            order += 1;
        }
    }
    for annotation in annotations {
        // After the link's text.
        let node = annotation.node.0 as usize;
        let at = own[node].last().map_or(order, |(o, _)| *o);
        own[node].push((at, Kid::Annotation(annotation.id, annotation.page)));
    }
    structure
        .elements
        .iter()
        .zip(own)
        .map(|(element, own)| {
            let mut last = 0;
            let children = element.children.iter().map(|&child| {
                last = first[child.0 as usize].unwrap_or(last);
                (last, Kid::Element(child))
            });
            let mut all: Vec<(usize, Kid)> = own.into_iter().chain(children).collect();
            // Stable: marked content before a child element that starts at the same place
            // never happens (a place is one MCID), and childless elements keep their order.
            all.sort_by_key(|(at, _)| *at);
            all.into_iter().map(|(_, kid)| kid).collect()
        })
        .collect()
}

/// The attributes and entries a kind of element needs besides its type.
fn attributes(dict: &mut Dictionary, kind: &Kind) {
    match kind {
        Kind::HeaderCell => dict.set("A", dictionary! { "O" => "Table", "Scope" => "Column" }),
        Kind::List { numbered } => dict.set(
            "A",
            dictionary! {
                "O" => "List",
                "ListNumbering" => if *numbered { "Decimal" } else { "Disc" },
            },
        ),
        Kind::Note { id } => dict.set("ID", Object::string_literal(id.as_bytes().to_vec())),
        Kind::Figure { alt: Some(alt) } => dict.set("Alt", text_string(alt)),
        _ => {}
    }
}

/// The number tree from each page's `/StructParents` to the elements of its MCIDs, and
/// from each annotation's `/StructParent` to its element.
fn parent_tree(
    doc: &mut Document,
    ids: &[ObjectId],
    pages: &[ObjectId],
    marked: &[Vec<NodeId>],
    annotations: &[TaggedAnnotation],
) -> ObjectId {
    let mut nums: BTreeMap<i64, Object> = BTreeMap::new();
    for (index, (&page, mcids)) in pages.iter().zip(marked).enumerate() {
        let elements = mcids
            .iter()
            .map(|node| Object::Reference(ids[node.0 as usize]))
            .collect();
        nums.insert(index as i64, Object::Array(elements));
        if let Ok(dict) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
            dict.set("StructParents", index as i64);
        }
    }
    for (index, annotation) in annotations.iter().enumerate() {
        let key = (pages.len() + index) as i64;
        nums.insert(key, Object::Reference(ids[annotation.node.0 as usize]));
        if let Ok(dict) = doc
            .get_object_mut(annotation.id)
            .and_then(Object::as_dict_mut)
        {
            dict.set("StructParent", key);
        }
    }
    let nums: Vec<Object> = nums
        .into_iter()
        .flat_map(|(key, value)| [Object::Integer(key), value])
        .collect();
    doc.add_object(dictionary! { "Nums" => nums })
}
