//! `briefing watch`: rebuild on every save, keeping the last good PDF when a save has errors.
//!
//! Sources are watched through their directories, so editors that save by writing a new file
//! and renaming it over the old one are seen too; a source that is a symlink is watched
//! through the directory of its target as well. A change to a `--font-dir` font reloads the
//! fonts (an unchanged file is not parsed again) and rebuilds every source.
//!
//! Twice a second the watcher also looks again: a directory that was removed is watched
//! again when it returns (its sources rebuilt), a link that now leads elsewhere is followed,
//! and a source that is missing is announced once ("waiting for FILE") until it appears.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use briefing::text::is_font_file;
use briefing::Options;
use notify_debouncer_full::notify::{Event, EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use super::build::{build_one, default_output, Shown};
use super::files::Output;
use super::options::BuildOptions;

/// How often the watcher looks for directories that came back and links that moved.
const LOOK_AGAIN: Duration = Duration::from_millis(500);

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to watch (default: every source/*.yaml).
    files: Vec<PathBuf>,
    /// How long a burst of file events must settle before a rebuild, in milliseconds.
    #[arg(long, default_value_t = 50)]
    debounce: u64,
    #[command(flatten)]
    options: BuildOptions,
}

/// A watched source: where it is read from, the directory and name its events arrive with,
/// and, for a symlink, those of the file it leads to.
struct Watched {
    path: PathBuf,
    place: (PathBuf, OsString),
    target: Option<(PathBuf, OsString)>,
    /// Whether "waiting for" was said since the file was last seen.
    waiting: bool,
}

impl Watched {
    fn new(path: PathBuf) -> Result<Watched, String> {
        let name = path
            .file_name()
            .ok_or_else(|| format!("{}: not a file", path.display()))?
            .to_owned();
        let mut watched = Watched {
            place: (absolute(parent(&path))?, name),
            path,
            target: None,
            waiting: false,
        };
        watched.follow_link();
        Ok(watched)
    }

    /// Looks where the source's link leads now; true if that changed.
    fn follow_link(&mut self) -> bool {
        let target = std::fs::symlink_metadata(&self.path)
            .is_ok_and(|meta| meta.file_type().is_symlink())
            .then(|| self.path.canonicalize().ok())
            .flatten()
            .and_then(|file| Some((file.parent()?.to_path_buf(), file.file_name()?.to_owned())));
        let changed = target != self.target;
        self.target = target;
        changed
    }

    /// Whether an event path names this source or the file its link leads to.
    fn is(&self, event_path: &Path) -> bool {
        let matches = |(dir, name): &(PathBuf, OsString)| {
            event_path.file_name() == Some(name.as_os_str())
                && event_path.parent() == Some(dir.as_path())
        };
        matches(&self.place) || self.target.as_ref().is_some_and(matches)
    }

    /// The directories whose events concern this source.
    fn dirs(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.place.0).chain(self.target.as_ref().map(|(dir, _)| dir))
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The directory as events name it: canonical when it exists, else made absolute (it is
/// watched once it appears).
fn absolute(dir: &Path) -> Result<PathBuf, String> {
    dir.canonicalize()
        .or_else(|_| std::path::absolute(dir))
        .map_err(|e| format!("{}: {e}", dir.display()))
}

fn canonical(dir: &Path) -> Result<PathBuf, String> {
    dir.canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// The directories being watched, and whether each is (a removed one is not).
struct Dirs {
    debouncer: Debouncer,
    watching: BTreeMap<PathBuf, bool>,
}

impl Dirs {
    /// Watches every directory in `wanted` that exists and is not watched yet; returns those
    /// that came (back). A directory that is gone is marked so.
    fn refresh<'p>(&mut self, wanted: impl Iterator<Item = &'p PathBuf>) -> Vec<PathBuf> {
        let mut came = Vec::new();
        for dir in wanted {
            let watched = self.watching.get(dir).copied().unwrap_or(false);
            let exists = dir.is_dir();
            if watched && !exists {
                let _ = self.debouncer.unwatch(dir);
                self.watching.insert(dir.clone(), false);
                eprintln!("{} was removed; waiting for it to return", dir.display());
            } else if !watched && exists {
                match self.debouncer.watch(dir, RecursiveMode::NonRecursive) {
                    Ok(()) => {
                        self.watching.insert(dir.clone(), true);
                        came.push(dir.clone());
                    }
                    Err(err) => eprintln!("cannot watch {}: {err}", dir.display()),
                }
            } else {
                self.watching.entry(dir.clone()).or_insert(false);
            }
        }
        came
    }
}

/// Runs until interrupted; returns only when the watcher itself fails.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let mut watched: Vec<Watched> = super::sources(args.files)?
        .into_iter()
        .map(Watched::new)
        .collect::<Result<_, _>>()?;
    let font_dirs: Vec<PathBuf> = args
        .options
        .font_dirs
        .iter()
        .map(|dir| canonical(dir))
        .collect::<Result<_, _>>()?;
    // A font directory that is wrong at the start is a usage error, as for `build`.
    let mut options = Ok(args.options.options()?);
    rebuild_all(&mut watched, &options);
    let (events, incoming) = mpsc::channel::<DebounceEventResult>();
    let debouncer = new_debouncer(Duration::from_millis(args.debounce), None, events)
        .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut dirs = Dirs {
        debouncer,
        watching: BTreeMap::new(),
    };
    dirs.refresh(watched.iter().flat_map(Watched::dirs).chain(&font_dirs));
    if let Some(dir) = font_dirs
        .iter()
        .find(|dir| dirs.watching.get(*dir) != Some(&true))
    {
        return Err(format!("cannot watch {}", dir.display()));
    }
    eprintln!(
        "watching {} source(s){}; press Ctrl-C to stop",
        watched.len(),
        match font_dirs.len() {
            0 => String::new(),
            1 => " and 1 font directory".to_string(),
            n => format!(" and {n} font directories"),
        }
    );
    loop {
        let batch = match incoming.recv_timeout(LOOK_AGAIN) {
            Ok(Ok(batch)) => batch,
            Ok(Err(errors)) => {
                errors
                    .iter()
                    .for_each(|error| eprintln!("watch error: {error}"));
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {
                look_again(&mut watched, &mut dirs, &font_dirs, &options);
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let changed: Vec<&Event> = batch
            .iter()
            .map(|event| &event.event)
            .filter(|event| !matches!(event.kind, EventKind::Access(_)))
            .collect();
        let fonts_changed = changed.iter().flat_map(|e| &e.paths).any(|path| {
            is_font_file(path)
                && path
                    .parent()
                    .is_some_and(|dir| font_dirs.contains(&dir.into()))
        });
        if fonts_changed {
            eprintln!("fonts changed: rebuilding every source");
            options = args.options.options();
            rebuild_all(&mut watched, &options);
            continue;
        }
        for source in &mut watched {
            if changed.iter().flat_map(|e| &e.paths).any(|p| source.is(p)) {
                rebuild(source, &options);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Follows links that moved and watches directories that came back, rebuilding the
/// sources concerned.
fn look_again(
    watched: &mut [Watched],
    dirs: &mut Dirs,
    font_dirs: &[PathBuf],
    options: &Result<Options, String>,
) {
    let moved: Vec<bool> = watched.iter_mut().map(Watched::follow_link).collect();
    let came = dirs.refresh(watched.iter().flat_map(Watched::dirs).chain(font_dirs));
    for (source, moved) in watched.iter_mut().zip(moved) {
        if moved || source.dirs().any(|dir| came.contains(dir)) {
            rebuild(source, options);
        }
    }
}

fn rebuild_all(watched: &mut [Watched], options: &Result<Options, String>) {
    for source in watched {
        rebuild(source, options);
    }
}

/// Builds one source; a failure (or fonts that did not load) is printed and the previous
/// PDF stays. A missing source is announced once, then awaited.
fn rebuild(source: &mut Watched, options: &Result<Options, String>) {
    if !source.path.exists() {
        // Also between an editor's delete and its write; the write brings another event.
        if !source.waiting {
            eprintln!("waiting for {}", source.path.display());
            source.waiting = true;
        }
        return;
    }
    source.waiting = false;
    let output = default_output(&source.path);
    let failed = match options {
        Ok(options) => build_one(
            &source.path,
            &Output::File(output.clone()),
            options,
            Shown::default(),
        )
        .map_err(|failure| eprint!("{}", failure.human(super::colour())))
        .is_err(),
        Err(font_error) => {
            eprintln!("error: {font_error}");
            true
        }
    };
    if failed {
        eprintln!("kept the last good {}", output.display());
    }
}
