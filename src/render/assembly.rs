//! Putting the file together: each page's content stream goes into the file as it is
//! written, printpdf's page gets it, its fonts and its annotations; then the structure
//! tree, outline, metadata and catalog, and last the lopdf objects all that reaches.

use std::collections::BTreeMap;

use lopdf::{Object, ObjectId};

use super::file::{Finished, KeptPacks, PdfFile};
use super::lopdf_objects::LopdfObjects;
use super::object::{Name, Ref, TextStr};
use super::tags::{self, KeptTree, TaggedAnnotation};
use super::{identity, meta, outline, printpdf_doc, Deflated, RenderError};
use crate::layout::{Item, NodeId, Page, Pages, Structure};

/// What a rebuild reuses of the last build's file where its input is unchanged, and keeps
/// of its own for the next: the object streams and the structure tree.
#[derive(Default)]
pub struct KeptObjects {
    pub packs: KeptPacks,
    pub tree: Option<KeptTree>,
}

/// The document being put together.
pub struct Assembly {
    /// printpdf's document, with the fonts' objects added.
    pdf: lopdf::Document,
    file: PdfFile,
    objects: LopdfObjects,
    /// The `/Font` resources every page shares.
    fonts: ObjectId,
    pages: Vec<ObjectId>,
    page_refs: Vec<Ref>,
    /// Each page's MCIDs' elements, for the structure tree.
    marked: Vec<Vec<NodeId>>,
    annotations: Vec<TaggedAnnotation>,
    /// For a rebuild: the last build's structure tree, if it had one.
    last_tree: Option<Option<KeptTree>>,
}

impl Assembly {
    /// Starts the file of printpdf's document `pdf`, whose pages share the `/Font`
    /// resources `fonts`; `parallel` deflates on every core. A rebuild gives what it kept of
    /// the last build's file, `last`, to reuse.
    pub fn new(
        pdf: lopdf::Document,
        fonts: ObjectId,
        parallel: bool,
        last: Option<KeptObjects>,
    ) -> Assembly {
        let (mut file, last_tree) = match last {
            Some(last) => (PdfFile::reusing(parallel, last.packs), Some(last.tree)),
            None => (PdfFile::new(parallel), None),
        };
        let mut objects = LopdfObjects::default();
        let pages = printpdf_doc::pages(&pdf);
        let page_refs = pages
            .iter()
            .map(|&id| objects.number(&mut file, id))
            .collect();
        Assembly {
            pdf,
            file,
            objects,
            fonts,
            marked: Vec::with_capacity(pages.len()),
            pages,
            page_refs,
            annotations: Vec::new(),
            last_tree,
        }
    }

    /// Adds the next page, `page`, with its content stream and the element of each of its
    /// MCIDs; `link_texts` describe its links.
    pub fn add_page(
        &mut self,
        page: &Page,
        content: &Deflated,
        marked: Vec<NodeId>,
        link_texts: &BTreeMap<NodeId, String>,
    ) -> Result<(), RenderError> {
        let index = self.marked.len();
        let id = *self
            .pages
            .get(index)
            .ok_or_else(|| RenderError("more pages than printpdf wrote".into()))?;
        let stream = self.file.alloc();
        self.file.stream(stream, &content.data, |dict| {
            if content.deflated {
                dict.name("Filter", "FlateDecode");
            }
        });
        let stream_id = self.pdf.new_object_id();
        self.objects.bind(stream_id, stream);
        printpdf_doc::finish_page(&mut self.pdf, id, stream_id, self.fonts, index)?;
        self.marked.push(marked);

        let links = page.all_items().filter_map(|item| match item {
            Item::Link { node, .. } => Some(*node),
            _ => None,
        });
        let ids = printpdf_doc::annotations(&mut self.pdf, id)?;
        for (annotation, node) in ids.into_iter().zip(links) {
            let text = node.and_then(|n| link_texts.get(&n)).map(String::as_str);
            let key = node.map(|_| tags::annotation_key(self.pages.len(), self.annotations.len()));
            printpdf_doc::finish_annotation(&mut self.pdf, annotation, text, key);
            if let Some(node) = node {
                self.annotations.push(TaggedAnnotation {
                    page: index,
                    id: self.objects.number(&mut self.file, annotation),
                    node,
                });
            }
        }
        Ok(())
    }

    /// Writes the rest of the document and returns the file, with what a rebuild keeps of
    /// it; `before` is the structure of the last build, `compress` deflates the lopdf
    /// document's streams (the fonts').
    pub fn finish(
        mut self,
        pages: &Pages,
        before: Option<&Structure>,
        compress: impl FnOnce(&mut lopdf::Document),
    ) -> Result<(Vec<u8>, Option<KeptObjects>), RenderError> {
        let file = &mut self.file;
        let (tree, kept_tree) = match self.last_tree {
            Some(last) => {
                let (tree, kept) = tags::write_reusing(
                    file,
                    (&pages.structure, before),
                    &self.page_refs,
                    &self.marked,
                    &self.annotations,
                    last,
                );
                (tree, Some(kept))
            }
            None => {
                let tree = tags::write(
                    file,
                    &pages.structure,
                    &self.page_refs,
                    &self.marked,
                    &self.annotations,
                );
                (tree, None)
            }
        };
        let outline = outline::write(file, &pages.outline, &self.page_refs, pages.size.1);
        let meta = meta::write(file, &pages.meta);
        compress(&mut self.pdf);
        let catalog = file.alloc();
        let ours = Catalog {
            tree,
            outline,
            meta: &meta,
            language: &pages.meta.language,
        };
        write_catalog(file, &mut self.objects, &self.pdf, catalog, &ours)?;
        self.objects.write_pending(&self.pdf, file)?;
        let Finished {
            mut bytes,
            id,
            packs,
        } = self.file.finish(catalog, meta.info)?;
        for &at in &meta.id_at {
            identity::write_document_id(&mut bytes, at, &id)?;
        }
        let kept = packs.map(|packs| KeptObjects {
            packs,
            tree: kept_tree,
        });
        if kept.is_some() {
            // A rebuild does not wait for the document's objects to be freed.
            super::free_aside((self.pdf, self.objects, self.marked));
        }
        Ok((bytes, kept))
    }
}

/// The catalog's entries of ours.
struct Catalog<'a> {
    tree: Ref,
    outline: Option<Ref>,
    meta: &'a meta::Written,
    language: &'a str,
}

/// The catalog: printpdf's entries (its page tree, its page layout), and ours.
fn write_catalog(
    file: &mut PdfFile,
    objects: &mut LopdfObjects,
    pdf: &lopdf::Document,
    id: Ref,
    ours: &Catalog,
) -> Result<(), RenderError> {
    const OURS: [&[u8]; 8] = [
        b"StructTreeRoot",
        b"MarkInfo",
        b"ViewerPreferences",
        b"Metadata",
        b"Lang",
        b"OutputIntents",
        b"Outlines",
        b"PageMode",
    ];
    let printpdf = printpdf_doc::catalog(pdf)?;
    let kept: Vec<(&Vec<u8>, &Object)> = printpdf
        .iter()
        .filter(|(key, _)| !OURS.contains(&key.as_slice()))
        .collect();
    for (_, value) in &kept {
        objects.number_references(file, value);
    }
    let mut dict = file.object(id).dict();
    for (key, value) in kept {
        objects.value(dict.insert_bytes(key), value);
    }
    dict.pair("StructTreeRoot", ours.tree);
    dict.insert("MarkInfo").dict().pair("Marked", true);
    dict.insert("ViewerPreferences")
        .dict()
        .pair("DisplayDocTitle", true);
    dict.pair("Metadata", ours.meta.metadata);
    dict.pair("Lang", TextStr(ours.language));
    if let Some(intent) = ours.meta.intent {
        dict.insert("OutputIntents").array().item(intent);
    }
    if let Some(outline) = ours.outline {
        dict.pair("Outlines", outline)
            .pair("PageMode", Name("UseOutlines"));
    }
    Ok(())
}
