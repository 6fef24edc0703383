//! Faces read at run time from font directories (`--font-dir`, `BRIEFING_FONT_PATHS`).
//!
//! A directory is searched with its subdirectories, each in name order, so the same
//! directories always give the same book and the same PDF. Of each file only a few small
//! tables are read up front (names, style, coverage: see `font_info`); the face is read
//! whole, parsed and checked the first time a build sets text in it, so a directory of
//! hundreds of fonts costs little more than the faces a briefing uses.
//!
//! A face whose PostScript name is that of an embedded face replaces it (an editor trying a
//! new release of Noto Serif sees it at once); any other is added behind the embedded
//! fallbacks, for scripts they lack. Of several faces with one PostScript name the first
//! found wins.
//!
//! Files and books live for the life of the process: a file is known by its path, length
//! and modification time, so a `watch` session reloading an unchanged directory reads
//! nothing again and gets the same book back.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use super::font_info::FaceInfo;
use super::fonts::{Face, FontBook, FontFile, FontId, EMBEDDED, EMBEDDED_ORIGINALS};

/// At most this many font files may be found in font directories.
pub const MAX_FONT_FILES: usize = 10_000;
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

/// The book made from font directories, and what they gave cause to warn about (a
/// directory with no fonts in it, a subdirectory that could not be read).
pub struct FontDirs {
    pub book: &'static FontBook,
    pub warnings: Vec<FontError>,
}

impl FontBook {
    /// The embedded faces with those in `dirs` and their subdirectories (`.ttf` and `.otf`
    /// files; other files are ignored) put in their place or added.
    pub fn with_dirs(dirs: &[PathBuf]) -> Result<&'static FontBook, FontError> {
        FontBook::from_dirs(dirs).map(|found| found.book)
    }

    /// As [`FontBook::with_dirs`], with the warnings.
    pub fn from_dirs(dirs: &[PathBuf]) -> Result<FontDirs, FontError> {
        let mut paths = Vec::new();
        let mut warnings = Vec::new();
        for dir in dirs {
            let found = font_files(dir, &mut warnings)?;
            if found.is_empty() {
                warnings.push(FontError::new(dir, "no .ttf or .otf fonts in it"));
            }
            paths.extend(found);
        }
        if paths.len() > MAX_FONT_FILES {
            return Err(FontError::new(
                &dirs[0],
                format!(
                    "{} font files; at most {MAX_FONT_FILES} may be used",
                    paths.len()
                ),
            ));
        }
        let files = paths
            .iter()
            .map(|path| known_file(path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FontDirs {
            book: book_of(&files),
            warnings,
        })
    }
}

/// The font files in `dir` and below, each directory's entries in name order; a
/// subdirectory that cannot be read is a warning.
fn font_files(dir: &Path, warnings: &mut Vec<FontError>) -> Result<Vec<PathBuf>, FontError> {
    let meta = std::fs::metadata(dir).map_err(|e| FontError::new(dir, e.to_string()))?;
    if !meta.is_dir() {
        return Err(FontError::new(dir, "not a directory"));
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walk {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_font_file(entry.path()) => {
                files.push(entry.into_path());
            }
            Ok(_) => {}
            Err(err) if err.depth() == 0 => return Err(FontError::new(dir, err.to_string())),
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                warnings.push(FontError::new(&path, format!("skipped: {err}")));
            }
        }
    }
    Ok(files)
}

/// Whether the path names a font file by its extension, the way `watch` tells font saves
/// from other files.
pub fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("ttf") || ext.eq_ignore_ascii_case("otf"))
}

/// The font files this process has indexed, by path, with the length and modification
/// time they had; keys of directory files start after the embedded ones.
struct Known {
    files: BTreeMap<PathBuf, (u64, Option<SystemTime>, &'static FontFile)>,
    next_key: u32,
}

static KNOWN: Mutex<Known> = Mutex::new(Known {
    files: BTreeMap::new(),
    next_key: EMBEDDED.len() as u32,
});

/// The font file at `path`: the one indexed before if it has not changed since, else
/// indexed now (an exact copy of an embedded file is that file).
fn known_file(path: &Path) -> Result<&'static FontFile, FontError> {
    let fail = |message: String| FontError::new(path, message);
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    let mut known = KNOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&(l, m, file)) = known.files.get(path) {
        if (l, m) == (len, modified) {
            return Ok(file);
        }
    }
    if len > MAX_FONT_BYTES {
        return Err(too_large(path));
    }
    let mut reader = File::open(path).map_err(|e| fail(e.to_string()))?;
    let info = FaceInfo::read(&mut reader, len)
        .map_err(|why| fail(format!("not a TrueType or OpenType font ({why})")))?;
    let file = match embedded_copy(path, &info, len) {
        Some(embedded) => embedded,
        None => {
            let key = known.next_key;
            known.next_key += 1;
            &*Box::leak(Box::new(FontFile::in_dir(key, path.to_path_buf(), info)))
        }
    };
    known
        .files
        .insert(path.to_path_buf(), (len, modified, file));
    Ok(file)
}

/// The embedded face that the file at `path` is a byte-for-byte copy of the file of
/// `fonts/` it is made from, if any (the binary holds each face slimmed, see `build.rs`).
fn embedded_copy(path: &Path, info: &FaceInfo, len: u64) -> Option<&'static FontFile> {
    let embedded = FontBook::embedded();
    let i = (0..EMBEDDED_ORIGINALS.len()).find(|&i| {
        EMBEDDED_ORIGINALS[i].0 == len
            && embedded.files[i].info().postscript_name == info.postscript_name
    })?;
    let data = read_font(path).ok()?;
    let digest: [u8; 32] = Sha256::digest(&data).into();
    (digest == EMBEDDED_ORIGINALS[i].1).then_some(embedded.files[i])
}

/// Reads, parses and checks the face of a directory's file: the first time a build sets
/// text in it. Its bytes are kept for the life of the process.
pub(super) fn load_face(key: u32, path: &Path) -> Result<Face, FontError> {
    let data: &'static [u8] = Box::leak(read_font(path)?.into_boxed_slice());
    let face = Face::parse(key, data)
        .ok_or_else(|| FontError::new(path, "not a TrueType or OpenType font"))?;
    check_embeddable(&face, path)?;
    Ok(face)
}

/// Fails unless every glyph of `face` can be embedded: each is run through the subsetter the
/// render stage embeds fonts with, so a file with malformed glyph data is refused by its
/// path when it is first used, rather than at the end of a build that then names no file.
fn check_embeddable(face: &Face, path: &Path) -> Result<(), FontError> {
    let mut all = subsetter::GlyphRemapper::new();
    for id in 0..face.shaper.number_of_glyphs() {
        all.remap(id);
    }
    subsetter::subset(face.data, 0, &all)
        .map(|_| ())
        .map_err(|err| FontError::new(path, format!("the font's data is malformed ({err})")))
}

fn read_font(path: &Path) -> Result<Vec<u8>, FontError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|file| file.take(MAX_FONT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| FontError::new(path, e.to_string()))?;
    if bytes.len() as u64 > MAX_FONT_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

fn too_large(path: &Path) -> FontError {
    FontError::new(
        path,
        format!(
            "larger than {} MiB; not a font this tool will load",
            MAX_FONT_BYTES >> 20
        ),
    )
}

/// Books made so far, by the keys of their faces in id order.
static BOOKS: Mutex<Vec<(Vec<u32>, &'static FontBook)>> = Mutex::new(Vec::new());

/// The book of the embedded faces with `found` put in or added; the same faces give the
/// same book.
fn book_of(found: &[&'static FontFile]) -> &'static FontBook {
    let embedded = FontBook::embedded();
    let mut slots = embedded.files.clone();
    let mut replaced = [false; EMBEDDED.len()];
    let mut names: BTreeSet<&str> = BTreeSet::new();
    let mut added = Vec::new();
    for &file in found {
        let name = file.info().postscript_name.as_str();
        let same_name = |i: &usize| embedded.files[*i].info().postscript_name == name;
        match (0..EMBEDDED.len()).find(same_name) {
            Some(i) if !replaced[i] => {
                slots[i] = file;
                replaced[i] = true;
            }
            Some(_) => {}
            None if name.is_empty() || names.insert(name) => added.push(file),
            None => {}
        }
    }
    slots.extend(&added);
    let keys: Vec<u32> = slots.iter().map(|file| file.key).collect();
    if keys.iter().enumerate().all(|(i, &key)| key == i as u32) && added.is_empty() {
        return embedded;
    }
    let mut books = BOOKS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, book)) = books.iter().find(|(k, _)| *k == keys) {
        return book;
    }
    let fallbacks = fallbacks(embedded, &added);
    let book: &'static FontBook = Box::leak(Box::new(FontBook {
        files: slots,
        fallbacks,
    }));
    books.push((keys, book));
    book
}

/// The embedded fallbacks, then the added faces (ids from `EMBEDDED.len()` on): upright
/// before italic; for regular text those nearest a regular weight first, for bold text
/// those nearest bold; then faces of a family named after an embedded one ("Noto Sans
/// Hebrew" after "Noto Sans") before others ("Noto Rashi Hebrew", a scribal hand); normal
/// width before narrow or wide; otherwise in the order found.
fn fallbacks(embedded: &FontBook, added: &[&'static FontFile]) -> [Vec<FontId>; 2] {
    let families: Vec<&str> = embedded
        .files
        .iter()
        .map(|f| f.info().family.as_str())
        .collect();
    let kin = |family: &str| {
        families.iter().any(|embedded| {
            family
                .strip_prefix(embedded)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    };
    let ranked = |weight: u16| {
        let mut ids: Vec<usize> = (0..added.len()).collect();
        ids.sort_by_key(|&i| {
            let info = added[i].info();
            let stranger = !kin(&info.family);
            (
                info.italic,
                info.weight.abs_diff(weight),
                stranger,
                info.width.abs_diff(5),
            )
        });
        ids.into_iter()
            .map(|i| FontId((EMBEDDED.len() + i) as u16))
            .collect::<Vec<_>>()
    };
    let [regular, bold] = &embedded.fallbacks;
    [
        [regular.clone(), ranked(400)].concat(),
        [bold.clone(), ranked(700)].concat(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::font_info::Coverage;

    fn face(key: u32, family: &str, weight: u16, italic: bool) -> &'static FontFile {
        let info = FaceInfo {
            postscript_name: format!("{family}-{weight}"),
            family: family.to_string(),
            weight,
            italic,
            width: 5,
            coverage: Coverage::default(),
        };
        Box::leak(Box::new(FontFile::in_dir(
            key,
            PathBuf::from("x.ttf"),
            info,
        )))
    }

    #[test]
    fn fallbacks_prefer_the_style_then_kin_of_the_embedded_families_then_the_order_found() {
        let added = [
            face(100, "Noto Rashi Hebrew", 400, false),
            face(101, "Noto Sans Hebrew", 700, false),
            face(102, "Noto Sans Hebrew", 400, false),
            face(103, "Noto Serif Hebrew", 400, true),
            face(104, "Noto Sansation", 400, false),
        ];
        let [regular, bold] = fallbacks(FontBook::embedded(), &added);
        let order = |ids: &[FontId]| -> Vec<u16> {
            ids[3..]
                .iter()
                .map(|id| id.0 - EMBEDDED.len() as u16)
                .collect()
        };
        assert_eq!(order(&regular), [2, 0, 4, 1, 3]);
        assert_eq!(order(&bold), [1, 2, 0, 4, 3]);
    }
}
