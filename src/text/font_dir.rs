//! Faces read at run time from `--font-dir` directories.
//!
//! A face whose PostScript name is that of an embedded face replaces it (an editor trying a
//! new release of Noto Serif sees it at once); any other face is added behind the embedded
//! fallbacks, for scripts they lack. Files are taken in name order, so the same directory
//! always gives the same book and the same PDF.
//!
//! Faces borrow their bytes for the life of the process: each distinct font file is read
//! into memory once and kept (a `watch` session reloading an unchanged file gets the same
//! bytes back), and each distinct set of faces makes one book.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::fonts::{Face, FontBook, FontId, EMBEDDED};

/// At most this many faces may come from font directories.
pub const MAX_FONT_FILES: usize = 64;
/// A font file larger than this is refused (the largest Noto CJK face is about 25 MiB).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// A font directory or file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct FontError {
    pub path: PathBuf,
    pub message: String,
}

impl FontError {
    fn new(path: &Path, message: impl Into<String>) -> FontError {
        FontError {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

impl FontBook {
    /// The embedded faces with those in `dirs` (`.ttf` and `.otf` files; other files are
    /// ignored) put in their place or added.
    pub fn with_dirs(dirs: &[PathBuf]) -> Result<&'static FontBook, FontError> {
        let mut files = Vec::new();
        for dir in dirs {
            files.extend(font_files(dir)?);
        }
        if files.len() > MAX_FONT_FILES {
            return Err(FontError::new(
                &dirs[0],
                format!(
                    "{} font files; at most {MAX_FONT_FILES} may be loaded",
                    files.len()
                ),
            ));
        }
        let mut loaded = Vec::with_capacity(files.len());
        for path in &files {
            let (key, data) = intern(read_font(path)?);
            let face = Face::parse(FontId(0), key, data)
                .ok_or_else(|| FontError::new(path, "not a TrueType or OpenType font"))?;
            check_embeddable(&face, path)?;
            loaded.push(face);
        }
        Ok(book_of(loaded))
    }
}

/// Fails unless every glyph of `face` can be embedded: each is run through the subsetter the
/// render stage embeds fonts with, so a file with malformed glyph data is refused as it is
/// loaded, by its path, rather than at the end of a build that then names no file.
fn check_embeddable(face: &Face, path: &Path) -> Result<(), FontError> {
    let mut all = subsetter::GlyphRemapper::new();
    for id in 0..face.shaper.number_of_glyphs() {
        all.remap(id);
    }
    subsetter::subset(face.data, 0, &all)
        .map(|_| ())
        .map_err(|err| FontError::new(path, format!("the font's data is malformed ({err})")))
}

/// The `.ttf` and `.otf` files directly in `dir`, in name order.
fn font_files(dir: &Path) -> Result<Vec<PathBuf>, FontError> {
    let entries = std::fs::read_dir(dir).map_err(|e| FontError::new(dir, e.to_string()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && is_font_file(path))
        .collect();
    files.sort();
    Ok(files)
}

/// Whether the path names a font file by its extension, the way `watch` tells font saves
/// from other files.
pub fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("ttf") || ext.eq_ignore_ascii_case("otf"))
}

fn read_font(path: &Path) -> Result<Vec<u8>, FontError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FONT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| FontError::new(path, e.to_string()))?;
    if bytes.len() as u64 > MAX_FONT_BYTES {
        return Err(FontError::new(
            path,
            format!(
                "larger than {} MiB; not a font this tool will load",
                MAX_FONT_BYTES >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// Font files read at run time, kept for the life of the process; a file's key is its
/// index here plus the number of embedded files.
static FILES: Mutex<Vec<&'static [u8]>> = Mutex::new(Vec::new());

/// The key and the kept bytes of a font file: those of an equal file seen before (embedded
/// or read), else these, kept.
fn intern(data: Vec<u8>) -> (u32, &'static [u8]) {
    if let Some(i) = EMBEDDED.iter().position(|e| **e == *data) {
        return (i as u32, EMBEDDED[i]);
    }
    let mut files = FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(i) = files.iter().position(|f| **f == *data) {
        return ((EMBEDDED.len() + i) as u32, files[i]);
    }
    let kept: &'static [u8] = Box::leak(data.into_boxed_slice());
    files.push(kept);
    ((EMBEDDED.len() + files.len() - 1) as u32, kept)
}

/// Books made so far, by the keys of their faces in id order.
static BOOKS: Mutex<Vec<(Vec<u32>, &'static FontBook)>> = Mutex::new(Vec::new());

/// The book of the embedded faces with `loaded` put in or added; the same faces give the
/// same book.
fn book_of(loaded: Vec<Face>) -> &'static FontBook {
    let embedded = FontBook::embedded();
    if loaded.is_empty() {
        return embedded;
    }
    let mut slots: Vec<u32> = embedded.faces.iter().map(|f| f.key).collect();
    let mut added = Vec::new();
    for face in loaded {
        match embedded.faces.iter().position(|e| e.name == face.name) {
            Some(i) => slots[i] = face.key,
            None if !slots.contains(&face.key) => {
                slots.push(face.key);
                added.push(face.bold);
            }
            None => {}
        }
    }
    if added.is_empty() && slots.iter().enumerate().all(|(i, &key)| key == i as u32) {
        return embedded;
    }
    let mut books = BOOKS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, book)) = books.iter().find(|(keys, _)| *keys == slots) {
        return book;
    }
    let book: &'static FontBook = Box::leak(Box::new(assemble(embedded, &slots, &added)));
    books.push((slots, book));
    book
}

/// A book whose face `i` is the font file with key `slots[i]`; `added_bold` tells, for each
/// face past the embedded ones, whether it is bold.
fn assemble(embedded: &FontBook, slots: &[u32], added_bold: &[bool]) -> FontBook {
    let files = FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let data_of = |key: u32| match EMBEDDED.get(key as usize) {
        Some(data) => *data,
        None => files[key as usize - EMBEDDED.len()],
    };
    let faces = slots
        .iter()
        .enumerate()
        .map(|(i, &key)| {
            Face::parse(FontId(i as u8), key, data_of(key)).expect("parsed when it was read")
        })
        .collect();
    let added = |bold: bool| {
        (0..added_bold.len())
            .filter(move |&i| added_bold[i] == bold)
            .map(|i| FontId((EMBEDDED.len() + i) as u8))
    };
    let [regular, bold] = &embedded.fallbacks;
    let mut fallbacks = [regular.clone(), bold.clone()];
    fallbacks[0].extend(added(false).chain(added(true)));
    fallbacks[1].extend(added(true).chain(added(false)));
    FontBook { faces, fallbacks }
}
