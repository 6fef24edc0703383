//! printpdf's objects (the page tree, the pages, their link annotations) and the fonts'
//! (which `font_files` builds as lopdf objects), written into the file as they are.
//!
//! A lopdf object gets its number in the file the first time something refers to it, and is
//! written once, by [`LopdfObjects::write_pending`]; what nothing refers to (printpdf's info
//! dictionary, replaced by ours) is never written, so there is nothing to prune or renumber
//! afterwards.

use std::collections::{HashMap, VecDeque};

use lopdf::{Document, Object, ObjectId, StringFormat};

use super::file::PdfFile;
use super::object::{Hex, NameBytes, Null, Obj, Real, Ref, Str};
use super::RenderError;

/// The lopdf objects numbered so far, and those still to write.
#[derive(Default)]
pub struct LopdfObjects {
    numbers: HashMap<ObjectId, Ref>,
    pending: VecDeque<(ObjectId, Ref)>,
}

impl LopdfObjects {
    /// The number of lopdf object `id` in the file; the object is written by the next
    /// [`LopdfObjects::write_pending`].
    pub fn number(&mut self, file: &mut PdfFile, id: ObjectId) -> Ref {
        if let Some(&number) = self.numbers.get(&id) {
            return number;
        }
        let number = file.alloc();
        self.numbers.insert(id, number);
        self.pending.push_back((id, number));
        number
    }

    /// Lets lopdf objects refer to an object of ours, `number`, as `id` (an id reserved in
    /// the lopdf document, holding no object there).
    pub fn bind(&mut self, id: ObjectId, number: Ref) {
        self.numbers.insert(id, number);
    }

    /// Writes every lopdf object numbered and not written yet, and those they refer to.
    pub fn write_pending(&mut self, doc: &Document, file: &mut PdfFile) -> Result<(), RenderError> {
        while let Some((id, number)) = self.pending.pop_front() {
            let object = doc.objects.get(&id).ok_or_else(|| {
                RenderError(format!(
                    "the lopdf object {id:?} referred to does not exist"
                ))
            })?;
            self.number_references(file, object);
            match object {
                Object::Stream(stream) => {
                    file.stream(number, &stream.content, |dict| {
                        for (key, value) in stream.dict.iter() {
                            if key != b"Length" {
                                self.value(dict.insert_bytes(key), value);
                            }
                        }
                    });
                }
                object => self.value(file.object(number), object),
            }
        }
        Ok(())
    }

    /// Numbers every object `object` refers to, before it is written (writing borrows the
    /// file, numbering allocates in it).
    pub fn number_references(&mut self, file: &mut PdfFile, object: &Object) {
        match object {
            Object::Reference(id) => {
                self.number(file, *id);
            }
            Object::Array(items) => {
                for item in items {
                    self.number_references(file, item);
                }
            }
            Object::Dictionary(dict) => {
                for (_, value) in dict.iter() {
                    self.number_references(file, value);
                }
            }
            Object::Stream(stream) => {
                for (_, value) in stream.dict.iter() {
                    self.number_references(file, value);
                }
            }
            _ => {}
        }
    }

    /// Writes `value`, whose references [`LopdfObjects::number_references`] has numbered. A
    /// stream inside another object cannot be written, and becomes `null`; so does a
    /// reference not numbered, which cannot happen.
    pub fn value(&self, obj: Obj, value: &Object) {
        match value {
            Object::Null | Object::Stream(_) => obj.primitive(Null),
            Object::Boolean(b) => obj.primitive(*b),
            Object::Integer(i) => obj.primitive(*i),
            Object::Real(r) => obj.primitive(Real(*r)),
            Object::Name(name) => obj.primitive(NameBytes(name)),
            Object::String(bytes, StringFormat::Literal) => obj.primitive(Str(bytes)),
            Object::String(bytes, StringFormat::Hexadecimal) => obj.primitive(Hex(bytes)),
            Object::Array(items) => {
                let mut array = obj.array();
                for item in items {
                    self.value(array.push(), item);
                }
            }
            Object::Dictionary(dict) => {
                let mut out = obj.dict();
                for (key, value) in dict.iter() {
                    self.value(out.insert_bytes(key), value);
                }
            }
            Object::Reference(id) => match self.numbers.get(id) {
                Some(&number) => obj.primitive(number),
                None => obj.primitive(Null),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn only_objects_referred_to_are_written_each_once() {
        let mut doc = Document::with_version("1.7");
        let orphan = doc.add_object(dictionary! { "Orphan" => true });
        let leaf = doc.add_object(dictionary! { "Leaf" => 1.5 });
        let ours = doc.new_object_id();
        let root = doc.add_object(dictionary! { "Kid" => leaf, "Again" => leaf, "Ours" => ours });

        let mut file = PdfFile::new(false);
        let catalog = file.alloc();
        let mut objects = LopdfObjects::default();
        objects.bind(ours, catalog);
        let root = objects.number(&mut file, root);
        objects.write_pending(&doc, &mut file).expect("all there");
        file.object(catalog)
            .dict()
            .pair("Type", NameBytes(b"Catalog"))
            .pair("Root", root);
        let bytes = file
            .finish(catalog, catalog)
            .expect("every object written")
            .bytes;

        let read = Document::load_mem(&bytes).expect("reads back");
        let having = |key: &[u8]| {
            let dicts = read.objects.values().filter_map(|o| o.as_dict().ok());
            dicts.filter(|d| d.has(key)).count()
        };
        assert_eq!(having(b"Orphan"), 0, "{orphan:?} is not written");
        assert_eq!(having(b"Leaf"), 1);
        let root = read.get_dictionary((root.0, 0)).expect("the root");
        let leaf = root.get(b"Kid").unwrap().as_reference().unwrap();
        assert_eq!(root.get(b"Again").unwrap().as_reference().unwrap(), leaf);
        assert_eq!(
            root.get(b"Ours").unwrap().as_reference().unwrap(),
            (catalog.0, 0)
        );
        assert_eq!(
            read.get_dictionary(leaf)
                .unwrap()
                .get(b"Leaf")
                .unwrap()
                .as_float()
                .unwrap(),
            1.5
        );
    }
}
