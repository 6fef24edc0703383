//! The PDF file (ISO 32000-1, 7.5): the header, every object once, a cross-reference stream
//! with the trailer's entries.
//!
//! Objects are numbered when they are allocated and written once, when they are given;
//! nothing is held as an object model, pruned or renumbered. Streams go straight into the
//! file. Every other object is packed into an object stream (7.5.7): the structure tree is
//! tens of thousands of small dictionaries, which compress well together. The object streams
//! are deflated a few at a time, on every core when the document is long, and written as
//! they are done. The cross-reference stream (7.5.8) is deflated with the PNG Up predictor,
//! which turns its rising offsets into small, repeating differences.
//!
//! A rebuild hands the file the last build's object streams ([`KeptPacks`]): one whose raw
//! bytes are the same as one of those is not deflated again (docs/performance.md,
//! "Incremental rebuilds and parallel setting").

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::io::Write;

use rayon::prelude::*;

use super::identity;
use super::object::{Dict, Hex, Obj, Ref};
use super::RenderError;

/// Objects an object stream holds: enough for the structure of a few pages to compress
/// together, few enough that a viewer opening one page inflates little else.
const OBJECTS_PER_STREAM: usize = 500;

/// Full object streams held before they are deflated (together, on every core) and
/// written: enough to keep two cores busy, so the raw objects of a long document are never
/// all held at once.
const PACKS_AT_ONCE: usize = 4;

/// zlib level of the object streams: the best level makes ×500's 3.4 % smaller (0.6 % of
/// the file) in 3.5 times the time (docs/performance.md).
const OBJECT_STREAM_LEVEL: u32 = 6;

/// Where an object is.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// Allocated; not written yet.
    Pending,
    /// At a byte offset of the file.
    At(usize),
    /// The `index`th object of object stream `stream`.
    Packed { stream: Ref, index: usize },
}

/// Objects packed into one object stream, not deflated yet.
struct Pack {
    stream: Ref,
    /// Each object's number and where it starts in `data`.
    objects: Vec<(Ref, usize)>,
    data: Vec<u8>,
}

/// An object stream's raw bytes (the pairs of number and offset, then the objects) and
/// those bytes deflated, kept for the next build.
#[derive(Default)]
struct KeptPack {
    /// Its objects' numbers and offsets, and the objects: what its raw bytes are made of.
    objects: Vec<(Ref, usize)>,
    data: Vec<u8>,
    /// Where the objects start in the raw bytes (`/First`).
    first: usize,
    deflated: Vec<u8>,
    /// A hash of the objects and their numbers, which finds a candidate that moved; the
    /// objects and numbers decide.
    hash: u64,
}

/// The object streams a build wrote, in order, for the next build to reuse.
#[derive(Default)]
pub struct KeptPacks {
    packs: Vec<KeptPack>,
    /// How many the build deflated (rather than found in the build before).
    pub deflated: usize,
}

/// The last build's object streams, as a rebuild looks them up, and this build's.
struct PackReuse {
    last: Vec<KeptPack>,
    by_hash: HashMap<u64, usize>,
    kept: Vec<KeptPack>,
    deflated: usize,
}

impl PackReuse {
    fn new(last: KeptPacks) -> PackReuse {
        let by_hash = (last.packs.iter().enumerate())
            .map(|(index, pack)| (pack.hash, index))
            .collect();
        PackReuse {
            last: last.packs,
            by_hash,
            kept: Vec::new(),
            deflated: 0,
        }
    }

    /// The last build's pack of the same objects and numbers (so of the same raw bytes) as
    /// `pack`, this build's `ordinal`th: the pack at the same place (where an edit that
    /// numbers no object anew finds it), else one of the same hash.
    fn find(&self, ordinal: usize, pack: &Pack, hash: impl Fn() -> u64) -> Option<&KeptPack> {
        let same = |kept: &&KeptPack| kept.objects == pack.objects && kept.data == pack.data;
        let same_place = self.last.get(ordinal).filter(same);
        same_place.or_else(|| self.last.get(*self.by_hash.get(&hash())?).filter(same))
    }
}

/// A hash to find a pack by (the objects are then compared exactly).
fn hash_of(pack: &Pack) -> u64 {
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    pack.objects.hash(&mut hasher);
    pack.data.hash(&mut hasher);
    hasher.finish()
}

/// A file written: its bytes, its `/ID`, and for a rebuild its object streams, for the next.
pub struct Finished {
    pub bytes: Vec<u8>,
    pub id: [u8; 16],
    pub packs: Option<KeptPacks>,
}

/// The numbers and objects a part of the document asked the file for, in order, with each
/// object's bytes: a rebuild whose part is made from the same input writes them again as
/// they were, without making them (see [`PdfFile::replay`]).
pub struct Recording {
    /// The file's state when the recording started: the objects numbered, the object
    /// streams held, the objects in the last. Numbers and object streams follow from it.
    start: (usize, usize, usize),
    steps: Vec<Step>,
    /// The objects' bytes, one after another.
    data: Vec<u8>,
    /// The object being written: its number and where it starts in its object stream.
    open: Option<(Ref, usize)>,
}

enum Step {
    /// Numbers, one after another.
    Alloc(u32),
    /// An object, whose bytes end at `end` in the recording's data.
    Object { id: Ref, end: u32 },
}

/// A PDF file being written.
pub struct PdfFile {
    out: Vec<u8>,
    /// By object number; object 0 is the head of the free list.
    xref: Vec<Entry>,
    packs: Vec<Pack>,
    parallel: bool,
    /// For a rebuild: the last build's object streams, and this build's.
    reuse: Option<PackReuse>,
    recording: Option<Recording>,
}

impl PdfFile {
    /// A file with its header; `parallel` deflates the object streams on every core.
    pub fn new(parallel: bool) -> PdfFile {
        PdfFile {
            // The second line's high bytes mark the file as binary for transfer programs.
            out: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
            xref: vec![Entry::At(0)],
            packs: Vec::new(),
            parallel,
            reuse: None,
            recording: None,
        }
    }

    /// [`PdfFile::new`], reusing the deflated bytes of `last`'s object streams where this
    /// file's are the same, and keeping its own for the next (see [`Finished::packs`]).
    pub fn reusing(parallel: bool, last: KeptPacks) -> PdfFile {
        PdfFile {
            reuse: Some(PackReuse::new(last)),
            ..PdfFile::new(parallel)
        }
    }

    /// A new object number; the object must be written before [`PdfFile::finish`].
    pub fn alloc(&mut self) -> Ref {
        if let Some(recording) = &mut self.recording {
            match recording.steps.last_mut() {
                Some(Step::Alloc(count)) => *count += 1,
                _ => recording.steps.push(Step::Alloc(1)),
            }
        }
        self.number()
    }

    fn number(&mut self) -> Ref {
        self.xref.push(Entry::Pending);
        Ref(self.xref.len() as u32 - 1)
    }

    /// What decides the numbers and object streams of what is written next.
    fn state(&self) -> (usize, usize, usize) {
        let in_last = self.packs.last().map_or(0, |pack| pack.objects.len());
        (self.xref.len(), self.packs.len(), in_last)
    }

    /// Records the numbers and objects asked for until [`PdfFile::stop_recording`]; only
    /// objects, no streams, may be written meanwhile.
    pub fn start_recording(&mut self) {
        self.recording = Some(Recording {
            start: self.state(),
            steps: Vec::new(),
            data: Vec::new(),
            open: None,
        });
    }

    /// The numbers and objects asked for since [`PdfFile::start_recording`].
    pub fn stop_recording(&mut self) -> Option<Recording> {
        self.close_recorded();
        self.recording.take()
    }

    /// Copies the object being recorded, now written, into the recording.
    fn close_recorded(&mut self) {
        let Some(recording) = &mut self.recording else {
            return;
        };
        let Some((id, start)) = recording.open.take() else {
            return;
        };
        let pack = self.packs.last().expect("the object's stream is held");
        recording.data.extend_from_slice(&pack.data[start..]);
        // A recording is a part of one file, whose length fits the cross-reference's offsets.
        let end = u32::try_from(recording.data.len()).unwrap_or(u32::MAX);
        recording.steps.push(Step::Object { id, end });
    }

    /// Numbers and writes what `recording` holds, as it was recorded, if the file is in the
    /// state it was in then (so that every number and object stream comes out the same);
    /// returns whether it did.
    pub fn replay(&mut self, recording: &Recording) -> bool {
        if self.state() != recording.start || self.recording.is_some() {
            return false;
        }
        let mut start = 0;
        for step in &recording.steps {
            match *step {
                Step::Alloc(count) => (0..count).for_each(|_| {
                    self.number();
                }),
                Step::Object { id, end } => {
                    let end = end as usize;
                    self.object(id).raw(&recording.data[start..end]);
                    start = end;
                }
            }
        }
        true
    }

    /// Writes object `id` (anything but a stream) into an object stream.
    pub fn object(&mut self, id: Ref) -> Obj<'_> {
        self.close_recorded();
        let full = self
            .packs
            .last()
            .is_none_or(|pack| pack.objects.len() == OBJECTS_PER_STREAM);
        if full {
            if self.packs.len() >= PACKS_AT_ONCE {
                self.write_packs();
            }
            let stream = self.number();
            self.packs.push(Pack {
                stream,
                objects: Vec::with_capacity(OBJECTS_PER_STREAM),
                data: Vec::new(),
            });
        }
        debug_assert!(self.is_pending(id), "object {} written twice", id.0);
        let pack = self.packs.last_mut().expect("a pack was just made");
        if !pack.data.is_empty() {
            pack.data.push(b'\n');
        }
        let index = pack.objects.len();
        pack.objects.push((id, pack.data.len()));
        if let Some(recording) = &mut self.recording {
            recording.open = Some((id, pack.data.len()));
        }
        self.xref[id.0 as usize] = Entry::Packed {
            stream: pack.stream,
            index,
        };
        Obj::new(&mut pack.data)
    }

    /// Writes stream `id` with `data` as it is (already filtered, if `dict` names a filter);
    /// `dict` adds the entries besides `/Length`. Returns where `data` starts in the file.
    pub fn stream(&mut self, id: Ref, data: &[u8], dict: impl FnOnce(&mut Dict)) -> usize {
        debug_assert!(self.is_pending(id), "object {} written twice", id.0);
        debug_assert!(self.recording.is_none(), "a stream is not recorded");
        self.write_stream(id, data, dict)
    }

    /// [`PdfFile::stream`], for the cross-reference stream too, whose entry is set first.
    fn write_stream(&mut self, id: Ref, data: &[u8], dict: impl FnOnce(&mut Dict)) -> usize {
        self.xref[id.0 as usize] = Entry::At(self.out.len());
        let _ = writeln!(self.out, "{} 0 obj", id.0);
        {
            let mut entries = Obj::new(&mut self.out).dict();
            dict(&mut entries);
            entries.pair("Length", data.len());
        }
        self.out.extend_from_slice(b"\nstream\n");
        let start = self.out.len();
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
        start
    }

    fn is_pending(&self, id: Ref) -> bool {
        matches!(self.xref.get(id.0 as usize), Some(Entry::Pending))
    }

    /// Writes the object streams and the cross-reference stream with the trailer's `/Root`,
    /// `/Info` and an `/ID` derived from everything written before it; returns the file and
    /// that id.
    pub fn finish(mut self, root: Ref, info: Ref) -> Result<Finished, RenderError> {
        self.stop_recording();
        self.write_packs();
        if let Some(number) = self.xref.iter().position(|e| matches!(e, Entry::Pending)) {
            return Err(RenderError(format!(
                "object {number} was numbered but never written"
            )));
        }
        let id = identity::file_id(&self.out);
        let xref = self.alloc();
        let offset = self.out.len();
        self.xref[xref.0 as usize] = Entry::At(offset);
        let (rows, widths) = xref_rows(&self.xref);
        let data = deflate(&up_predicted(&rows, widths.iter().sum()), 9);
        let size = self.xref.len();
        self.write_stream(xref, &data, |dict| {
            dict.name("Type", "XRef")
                .pair("Size", size)
                .pair("Root", root)
                .pair("Info", info);
            dict.insert("ID").array().item(Hex(&id)).item(Hex(&id));
            dict.insert("W").array().items(widths);
            dict.name("Filter", "FlateDecode");
            let mut parms = dict.insert("DecodeParms").dict();
            parms.pair("Predictor", 12u32);
            parms.pair("Columns", widths.iter().sum::<usize>());
        });
        let _ = write!(self.out, "startxref\n{offset}\n%%EOF\n");
        Ok(Finished {
            bytes: self.out,
            id,
            packs: self.reuse.map(|reuse| KeptPacks {
                packs: reuse.kept,
                deflated: reuse.deflated,
            }),
        })
    }

    /// Deflates the object streams held (in parallel on a long document), or finds them
    /// deflated in the last build's, and writes them.
    fn write_packs(&mut self) {
        let reuse = self.reuse.as_ref();
        let first = reuse.map_or(0, |reuse| reuse.kept.len());
        let deflate_pack = |(ordinal, pack): (usize, Pack)| {
            // Hashed at most once, and only when the pack is not at its last place.
            let hash = std::cell::OnceCell::new();
            let hash_once = || *hash.get_or_init(|| hash_of(&pack));
            let found = reuse.and_then(|reuse| reuse.find(ordinal, &pack, hash_once));
            let (first, data, hash, fresh) = match found {
                Some(kept) => (kept.first, kept.deflated.clone(), kept.hash, false),
                None => {
                    // The pairs of object number and offset, then the objects (7.5.7).
                    let mut raw = Vec::with_capacity(pack.data.len() + 12 * pack.objects.len());
                    for (id, at) in &pack.objects {
                        let _ = write!(raw, "{} {at} ", id.0);
                    }
                    let first = raw.len();
                    raw.extend_from_slice(&pack.data);
                    let data = deflate(&raw, OBJECT_STREAM_LEVEL);
                    (first, data, reuse.map_or(0, |_| hash_once()), true)
                }
            };
            let (stream, count) = (pack.stream, pack.objects.len());
            let kept = reuse.map(|_| KeptPack {
                objects: pack.objects,
                data: pack.data,
                first,
                deflated: data.clone(),
                hash,
            });
            (stream, count, first, data, kept.zip(Some(fresh)))
        };
        let packs = std::mem::take(&mut self.packs).into_iter();
        let packs = (first..).zip(packs).collect::<Vec<_>>();
        let deflated: Vec<_> = if self.parallel {
            packs.into_par_iter().map(deflate_pack).collect()
        } else {
            packs.into_iter().map(deflate_pack).collect()
        };
        // The last build's packs up to here have been compared: what they hold can go.
        if let Some(reuse) = &mut self.reuse {
            let done = (reuse.kept.len() + deflated.len()).min(reuse.last.len());
            for pack in &mut reuse.last[..done] {
                *pack = KeptPack::default();
            }
        }
        for (stream, count, first, data, kept) in deflated {
            self.write_stream(stream, &data, |dict| {
                dict.name("Type", "ObjStm")
                    .pair("N", count)
                    .pair("First", first)
                    .name("Filter", "FlateDecode");
            });
            if let (Some(reuse), Some((kept, fresh))) = (self.reuse.as_mut(), kept) {
                reuse.deflated += usize::from(fresh);
                reuse.kept.push(kept);
            }
        }
    }
}

/// The cross-reference stream's rows (type, offset or stream, generation or index), each
/// field big-endian in the fewest bytes that hold its largest value, and those widths.
fn xref_rows(xref: &[Entry]) -> (Vec<u8>, [usize; 3]) {
    let fields = |entry: &Entry| match *entry {
        Entry::Pending => (0, 0, 0),
        Entry::At(offset) => (1, offset, 0),
        Entry::Packed { stream, index } => (2, stream.0 as usize, index),
    };
    let bytes_for = |max: usize| (usize::BITS - max.leading_zeros()).div_ceil(8).max(1) as usize;
    let max_second = xref.iter().map(|e| fields(e).1).max().unwrap_or(0);
    let max_third = xref.iter().map(|e| fields(e).2).max().unwrap_or(0);
    // Object 0 heads the free list with generation 65535.
    let widths = [1, bytes_for(max_second), bytes_for(max_third.max(0xFFFF))];
    let mut rows = Vec::with_capacity(xref.len() * widths.iter().sum::<usize>());
    for (number, entry) in xref.iter().enumerate() {
        let (kind, second, third) = if number == 0 {
            (0, 0, 0xFFFF)
        } else {
            fields(entry)
        };
        for (value, width) in [(kind, widths[0]), (second, widths[1]), (third, widths[2])] {
            rows.extend_from_slice(&value.to_be_bytes()[usize::BITS as usize / 8 - width..]);
        }
    }
    (rows, widths)
}

/// `rows` of `columns` bytes each, PNG-filtered with Up (predictor 12): each row starts with
/// the filter type 2 and holds its bytes' differences from the row above.
fn up_predicted(rows: &[u8], columns: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() + rows.len() / columns);
    let mut above = vec![0u8; columns];
    for row in rows.chunks(columns) {
        out.push(2);
        out.extend(row.iter().zip(&above).map(|(b, a)| b.wrapping_sub(*a)));
        above.copy_from_slice(row);
    }
    out
}

/// `data` deflated (zlib) at `level`, by the render stage's compressors.
fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    super::zlib(data, level).expect("deflating into memory does not fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_use_the_fewest_bytes_and_the_predictor_takes_differences() {
        let xref = [
            Entry::At(0),
            Entry::At(300),
            Entry::Packed {
                stream: Ref(1),
                index: 2,
            },
        ];
        let (rows, widths) = xref_rows(&xref);
        assert_eq!(widths, [1, 2, 2]);
        assert_eq!(rows, [0, 0, 0, 0xFF, 0xFF, 1, 1, 44, 0, 0, 2, 0, 1, 0, 2]);
        let predicted = up_predicted(&rows, 5);
        assert_eq!(
            predicted,
            [2, 0, 0, 0, 0xFF, 0xFF, 2, 1, 1, 44, 1, 1, 2, 1, 255, 213, 0, 2]
        );
    }

    #[test]
    fn a_file_reads_back_with_its_objects() {
        let mut file = PdfFile::new(false);
        let root = file.alloc();
        let pages = file.alloc();
        let info = file.alloc();
        file.object(info)
            .dict()
            .pair("Title", crate::render::object::Str(b"T"));
        file.object(root)
            .dict()
            .name("Type", "Catalog")
            .pair("Pages", pages);
        file.object(pages)
            .dict()
            .name("Type", "Pages")
            .pair("Count", 0u32)
            .insert("Kids")
            .array();
        let Finished { bytes, id, .. } = file.finish(root, info).expect("every object written");
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        let catalog = doc.catalog().expect("a catalog");
        assert_eq!(
            catalog.get(b"Pages").unwrap().as_reference().unwrap(),
            (2, 0)
        );
        let trailer_id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
        assert_eq!(trailer_id[0].as_str().unwrap(), id);
    }

    #[test]
    fn many_object_streams_read_back_in_parallel_or_not() {
        let count = OBJECTS_PER_STREAM * (PACKS_AT_ONCE + 2) + 1;
        let file_of = |parallel| {
            let mut file = PdfFile::new(parallel);
            let root = file.alloc();
            let values: Vec<Ref> = (0..count).map(|_| file.alloc()).collect();
            for (i, &value) in values.iter().enumerate() {
                file.object(value).primitive(i);
            }
            let mut catalog = file.object(root).dict();
            catalog.name("Type", "Catalog");
            catalog.insert("Values").array().items(values);
            drop(catalog);
            file.finish(root, root).expect("every object written").bytes
        };
        let bytes = file_of(true);
        assert_eq!(bytes, file_of(false), "the same bytes on one core");
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        let values = doc
            .catalog()
            .unwrap()
            .get(b"Values")
            .unwrap()
            .as_array()
            .unwrap();
        assert_eq!(values.len(), count);
        for (i, value) in values.iter().enumerate() {
            let id = value.as_reference().unwrap();
            assert_eq!(doc.get_object(id).unwrap().as_i64().unwrap(), i as i64);
        }
    }

    #[test]
    fn a_recording_replays_to_the_same_bytes_only_from_the_same_state() {
        // Enough objects to fill object streams and flush some while recording.
        let count = OBJECTS_PER_STREAM * (PACKS_AT_ONCE + 1) + 7;
        let part = |file: &mut PdfFile| {
            let ids: Vec<Ref> = (0..count).map(|_| file.alloc()).collect();
            for (i, &id) in ids.iter().enumerate() {
                file.object(id).dict().pair("N", i);
            }
            let last = file.alloc();
            file.object(last).array().items(ids.iter().copied().take(3));
            last
        };
        let file_of = |recording: Option<&Recording>| {
            let mut file = PdfFile::new(false);
            let root = file.alloc();
            file.object(root).dict().name("Type", "Catalog");
            let made = match recording {
                Some(recording) => file.replay(recording),
                None => {
                    file.start_recording();
                    part(&mut file);
                    false
                }
            };
            let recording = file.stop_recording();
            (
                file.finish(root, root).expect("written").bytes,
                recording,
                made,
            )
        };
        let (bytes, recording, _) = file_of(None);
        let recording = recording.expect("recorded");
        let (replayed, _, made) = file_of(Some(&recording));
        assert!(made, "replayed");
        assert!(bytes == replayed, "the same bytes");
        // From another state (an object more before), the recording is refused.
        let mut other = PdfFile::new(false);
        for _ in 0..2 {
            let extra = other.alloc();
            other.object(extra).primitive(1u32);
        }
        assert!(!other.replay(&recording));
    }

    #[test]
    fn an_object_numbered_but_not_written_is_an_error() {
        let mut file = PdfFile::new(false);
        let root = file.alloc();
        let info = file.alloc();
        file.object(root).dict().name("Type", "Catalog");
        assert!(file.finish(root, info).is_err());
    }
}
