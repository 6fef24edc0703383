//! Dropping the objects nothing refers to and numbering the rest densely, in time linear in
//! the object count. (lopdf's `prune_objects` and `renumber_objects` look every reference up
//! in a list, which a long document's structure tree made quadratic: 600 pages took seconds.)

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Removes every object the trailer does not reach, then renumbers the rest from 1 in their
/// old order, so the same document always gets the same numbers.
pub fn compact(doc: &mut Document) {
    let mut reached: BTreeSet<ObjectId> = BTreeSet::new();
    let mut queue: Vec<ObjectId> = Vec::new();
    collect_dict(&doc.trailer, &mut reached, &mut queue);
    while let Some(id) = queue.pop() {
        if let Some(object) = doc.objects.get(&id) {
            collect(object, &mut reached, &mut queue);
        }
    }
    doc.objects.retain(|id, _| reached.contains(id));

    let renumbered: BTreeMap<ObjectId, ObjectId> = doc
        .objects
        .keys()
        .zip(1u32..)
        .map(|(&old, new)| (old, (new, 0)))
        .collect();
    let objects = std::mem::take(&mut doc.objects);
    doc.objects = objects
        .into_iter()
        .map(|(old, mut object)| {
            renumber(&mut object, &renumbered);
            (renumbered[&old], object)
        })
        .collect();
    renumber_dict(&mut doc.trailer, &renumbered);
    doc.max_id = renumbered.len() as u32;
}

fn collect(object: &Object, reached: &mut BTreeSet<ObjectId>, queue: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) if reached.insert(*id) => queue.push(*id),
        Object::Array(items) => items.iter().for_each(|item| collect(item, reached, queue)),
        Object::Dictionary(dict) => collect_dict(dict, reached, queue),
        Object::Stream(stream) => collect_dict(&stream.dict, reached, queue),
        _ => {}
    }
}

fn collect_dict(dict: &Dictionary, reached: &mut BTreeSet<ObjectId>, queue: &mut Vec<ObjectId>) {
    for (_, value) in dict.iter() {
        collect(value, reached, queue);
    }
}

/// Rewrites references; one to an object that no longer exists becomes `null`.
fn renumber(object: &mut Object, renumbered: &BTreeMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => match renumbered.get(id) {
            Some(new) => *id = *new,
            None => *object = Object::Null,
        },
        Object::Array(items) => items.iter_mut().for_each(|item| renumber(item, renumbered)),
        Object::Dictionary(dict) => renumber_dict(dict, renumbered),
        Object::Stream(stream) => renumber_dict(&mut stream.dict, renumbered),
        _ => {}
    }
}

fn renumber_dict(dict: &mut Dictionary, renumbered: &BTreeMap<ObjectId, ObjectId>) {
    for (_, value) in dict.iter_mut() {
        renumber(value, renumbered);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn unreachable_objects_go_and_the_rest_are_numbered_densely() {
        let mut doc = Document::with_version("1.7");
        let orphan = doc.add_object(dictionary! { "Orphan" => true });
        let leaf = doc.add_object(dictionary! { "Leaf" => true });
        let root = doc.add_object(dictionary! { "Kid" => leaf, "Self" => Object::Null });
        doc.trailer.set("Root", root);
        compact(&mut doc);
        assert_eq!(doc.objects.len(), 2, "{orphan:?} is gone");
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        assert_eq!(root, (2, 0));
        let kid = doc.get_dictionary(root).unwrap().get(b"Kid").unwrap();
        assert_eq!(kid.as_reference().unwrap(), (1, 0));
        assert_eq!(doc.max_id, 2);
    }
}
