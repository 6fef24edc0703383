//! Where a project's files are. The project root is `--root DIR`, or else the nearest
//! directory from the working directory upwards that holds `source/`, as cargo finds
//! `Cargo.toml` and mdBook `book.toml`; with none, the working directory. The default
//! sources are `<root>/source/*.yaml` and `*.yml`, and every PDF goes to
//! `<root>/output/<stem>.pdf`, so `briefing build x.yaml` inside `source/` writes where
//! `briefing build source/x.yaml` at the root does.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The directory of sources, under the root.
const SOURCE: &str = "source";
/// The directory of PDFs, under the root.
const OUTPUT: &str = "output";

/// A project root, as a path relative to the working directory where it was found (empty
/// for the working directory itself, `..` for its parent), so messages show short paths.
#[derive(Debug, Clone)]
pub struct Project {
    root: PathBuf,
}

impl Project {
    /// The root given with `--root`, or the nearest one found.
    pub fn find(explicit: Option<PathBuf>) -> Result<Project, String> {
        if let Some(root) = explicit {
            if !root.is_dir() {
                return Err(format!("--root {}: not a directory", root.display()));
            }
            return Ok(Project { root });
        }
        Ok(Project {
            root: nearest_root().unwrap_or_default(),
        })
    }

    /// `<root>/source`.
    pub fn source_dir(&self) -> PathBuf {
        self.root.join(SOURCE)
    }

    /// `<root>/output/<stem>.pdf`, where a source's PDF goes by default.
    pub fn output_for(&self, source: &Path) -> PathBuf {
        let stem = source.file_stem().unwrap_or_default();
        self.root.join(OUTPUT).join(stem).with_extension("pdf")
    }

    /// The sources named, or every `<root>/source/*.yaml` and `*.yml` when none is, in name
    /// order.
    pub fn sources(&self, files: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
        if !files.is_empty() {
            return Ok(files);
        }
        let dir = self.source_dir();
        let shown = dir.display();
        let found = sources_in(&dir).map_err(|e| {
            format!("{shown}/: {e} (name the files to build, or give the project's --root)")
        })?;
        if found.is_empty() {
            return Err(format!(
                "{shown}/ holds no .yaml or .yml files (name the files to build)"
            ));
        }
        Ok(found)
    }
}

/// The `.yaml` and `.yml` entries of `dir` that are not directories, named through `dir`, in
/// name order.
pub fn sources_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| is_source(path) && !path.is_dir())
        .collect();
    found.sort();
    Ok(found)
}

/// Whether a path names a source by its extension.
pub fn is_source(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// The nearest directory, from the working directory up, that holds `source/`, relative to
/// the working directory.
fn nearest_root() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    let mut relative = PathBuf::new();
    for dir in here.ancestors() {
        if dir.join(SOURCE).is_dir() {
            return Some(relative);
        }
        relative.push("..");
    }
    None
}

/// The project of this run, found once (as the working directory is one per process).
static PROJECT: OnceLock<Project> = OnceLock::new();

/// Sets the project of this run; the first call wins.
pub fn set(project: Project) {
    let _ = PROJECT.set(project);
}

/// The project of this run: as [`set`], or found from the working directory.
pub fn current() -> &'static Project {
    PROJECT.get_or_init(|| Project {
        root: nearest_root().unwrap_or_default(),
    })
}
