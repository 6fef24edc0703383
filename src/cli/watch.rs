//! `briefing watch`: rebuild on every save, keeping the last good PDF when a save has errors.
//!
//! Sources are watched through their directories, so editors that save by writing a new file
//! and renaming it over the old one are seen too; a source that is a symlink is watched
//! through the directory of its target as well. With no files named, the source directory
//! itself is the set: a source that appears there is built, one that goes is reported. A
//! change to a font directory's font reloads the fonts (an unchanged file is not read again)
//! and rebuilds every source. Every status line it prints starts with the time (a
//! diagnostic under it does not). Each source keeps
//! a [`briefing::Session`], so a rebuild sets only the paragraphs and writes only the pages
//! an edit changed (docs/performance.md).
//!
//! The watcher sleeps until the file system reports something: idle, it costs nothing.
//! Only while something is awaited (a directory that was removed, a missing source, a link
//! that may be moved) does it also look again twice a second.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use briefing::text::is_font_file;
use briefing::Options;
use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::build::{build_one, default_output, timestamp, Shown};
use super::files::Output;
use super::options::BuildOptions;

/// How often the watcher looks again while it awaits a directory, a file or a moved link.
const LOOK_AGAIN: Duration = Duration::from_millis(500);
/// A burst of events that never settles is still acted on after this long.
const LONGEST_BURST: Duration = Duration::from_secs(2);

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to watch (default: every source/*.yaml and source/*.yml, and any
    /// that appears there).
    files: Vec<PathBuf>,
    /// How long a burst of file events must settle before a rebuild, in milliseconds.
    #[arg(long, default_value_t = 50)]
    debounce: u64,
    #[command(flatten)]
    options: BuildOptions,
}

/// Prints a status line, stamped with the time.
macro_rules! stamped {
    ($($arg:tt)*) => { say!("[{}] {}", timestamp(), format_args!($($arg)*)) };
}

/// A watched source: where it is read from, the directory and name its events arrive with,
/// and, for a symlink, those of the file it leads to.
struct Watched {
    path: PathBuf,
    place: (PathBuf, OsString),
    target: Option<(PathBuf, OsString)>,
    /// Whether "waiting for" was said since the file was last seen.
    waiting: bool,
    /// What the last build made, for the next to reuse.
    session: briefing::Session,
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
            session: briefing::Session::new(),
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

    fn is_link(&self) -> bool {
        std::fs::symlink_metadata(&self.path).is_ok_and(|meta| meta.file_type().is_symlink())
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

/// The directories being watched, and whether each is (a removed one is not).
struct Dirs {
    watcher: notify::RecommendedWatcher,
    watching: BTreeMap<PathBuf, bool>,
}

impl Dirs {
    /// Watches every directory in `wanted` that exists and is not watched yet (font
    /// directories with their subdirectories); returns those that came (back). A directory
    /// that is gone is marked so.
    fn refresh(&mut self, wanted: &[(PathBuf, RecursiveMode)]) -> Vec<PathBuf> {
        let mut came = Vec::new();
        for (dir, mode) in wanted {
            let watched = self.watching.get(dir).copied().unwrap_or(false);
            let exists = dir.is_dir();
            if watched && !exists {
                let _ = self.watcher.unwatch(dir);
                self.watching.insert(dir.clone(), false);
                stamped!("{} was removed; waiting for it to return", dir.display());
            } else if !watched && exists {
                match self.watcher.watch(dir, *mode) {
                    Ok(()) => {
                        self.watching.insert(dir.clone(), true);
                        came.push(dir.clone());
                    }
                    Err(err) => stamped!("cannot watch {}: {err}", dir.display()),
                }
            } else {
                self.watching.entry(dir.clone()).or_insert(false);
            }
        }
        came
    }

    fn all_watched(&self) -> bool {
        self.watching.values().all(|&watched| watched)
    }
}

/// Everything `watch` watches and how it builds.
struct Watch {
    sources: Vec<Watched>,
    /// With no files named: the source directory, as named and as events name it.
    source_dir: Option<(PathBuf, PathBuf)>,
    font_dirs: Vec<PathBuf>,
    dirs: Dirs,
    options: Result<Options, String>,
}

/// Runs until interrupted; returns only when the watcher itself fails.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let named = !args.files.is_empty();
    // The project's source directory (docs: README, where files are).
    let dir = super::project::current().source_dir();
    // An empty source directory is fine here: sources that appear in it are built.
    let paths = super::sources(args.files).or_else(|err| match named || !dir.is_dir() {
        true => Err(err),
        false => Ok(Vec::new()),
    })?;
    let sources = paths
        .into_iter()
        .map(Watched::new)
        .collect::<Result<Vec<_>, _>>()?;
    let source_dir = match named {
        true => None,
        false => Some((dir.clone(), absolute(&dir)?)),
    };
    let font_dirs: Vec<PathBuf> = args
        .options
        .fonts
        .dirs()
        .iter()
        .map(|dir| {
            dir.canonicalize()
                .map_err(|e| format!("{}: {e}", dir.display()))
        })
        .collect::<Result<_, _>>()?;
    // A font directory that is wrong at the start is a usage error, as for `build`.
    let options = Ok(args.options.options()?);
    let (events, incoming) = mpsc::channel();
    let watcher =
        notify::recommended_watcher(events).map_err(|e| format!("cannot watch files: {e}"))?;
    let mut watch = Watch {
        sources,
        source_dir,
        font_dirs,
        dirs: Dirs {
            watcher,
            watching: BTreeMap::new(),
        },
        options,
    };
    watch.rebuild_all();
    watch.dirs.refresh(&watch.wanted());
    if let Some(dir) = watch
        .font_dirs
        .iter()
        .find(|dir| watch.dirs.watching.get(*dir) != Some(&true))
    {
        return Err(format!("cannot watch {}", dir.display()));
    }
    stamped!(
        "watching {} source(s){}; press Ctrl-C to stop",
        watch.sources.len(),
        match watch.font_dirs.len() {
            0 => String::new(),
            1 => " and 1 font directory".to_string(),
            n => format!(" and {n} font directories"),
        }
    );
    let settle = Duration::from_millis(args.debounce);
    loop {
        let wait = watch.awaits().then_some(LOOK_AGAIN);
        let built = match next_batch(&incoming, wait, settle) {
            Batch::Events(events) => watch.handle(&events, &args.options),
            Batch::Quiet => Vec::new(),
            Batch::Closed => break,
        };
        watch.look_again(&built);
    }
    Ok(ExitCode::SUCCESS)
}

enum Batch {
    Events(Vec<Event>),
    /// Nothing happened while waiting.
    Quiet,
    /// The watcher stopped.
    Closed,
}

/// Waits for an event (forever, or at most `wait`), then gathers those that follow until
/// none comes for `settle`.
fn next_batch(
    incoming: &Receiver<notify::Result<Event>>,
    wait: Option<Duration>,
    settle: Duration,
) -> Batch {
    let first = match wait {
        Some(wait) => incoming.recv_timeout(wait),
        None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
    };
    let mut batch = Vec::new();
    let mut next = first;
    let started = Instant::now();
    loop {
        match next {
            Ok(Ok(event)) if !matches!(event.kind, EventKind::Access(_)) => batch.push(event),
            Ok(Ok(_)) => {}
            Ok(Err(error)) => stamped!("watch error: {error}"),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) if batch.is_empty() => return Batch::Closed,
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if started.elapsed() > LONGEST_BURST {
            break;
        }
        next = incoming.recv_timeout(settle);
    }
    match batch.is_empty() {
        true => Batch::Quiet,
        false => Batch::Events(batch),
    }
}

impl Watch {
    /// The directories to watch: those of the sources, the source directory, the font
    /// directories with their subdirectories.
    fn wanted(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let flat = self
            .sources
            .iter()
            .flat_map(Watched::dirs)
            .chain(self.source_dir.as_ref().map(|(_, dir)| dir));
        let mut wanted: Vec<(PathBuf, RecursiveMode)> = flat
            .map(|dir| (dir.clone(), RecursiveMode::NonRecursive))
            .collect();
        wanted.extend(
            self.font_dirs
                .iter()
                .map(|d| (d.clone(), RecursiveMode::Recursive)),
        );
        wanted.sort_by(|a, b| a.0.cmp(&b.0));
        // A font directory that is also a source's directory is watched with its
        // subdirectories: the font directory's mode wins.
        wanted.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same && later.1 == RecursiveMode::Recursive {
                kept.1 = RecursiveMode::Recursive;
            }
            same
        });
        wanted
    }

    /// Whether something is awaited that no event announces: a directory to come back, a
    /// missing source, a link that may be moved.
    fn awaits(&self) -> bool {
        !self.dirs.all_watched()
            || self
                .sources
                .iter()
                .any(|source| source.waiting || source.is_link())
    }

    /// Rebuilds what the events concern; returns the paths of the sources it built.
    fn handle(&mut self, events: &[Event], options: &BuildOptions) -> Vec<PathBuf> {
        let paths: Vec<&PathBuf> = events.iter().flat_map(|e| &e.paths).collect();
        let fonts_changed = paths.iter().any(|path| {
            is_font_file(path) && self.font_dirs.iter().any(|dir| path.starts_with(dir))
        });
        if fonts_changed {
            stamped!("fonts changed: rebuilding every source");
            self.options = options.options();
            self.rebuild_all();
            return self.sources.iter().map(|s| s.path.clone()).collect();
        }
        let in_source_dir = self
            .source_dir
            .as_ref()
            .is_some_and(|(_, dir)| paths.iter().any(|path| path.parent() == Some(dir)));
        let new = match in_source_dir {
            true => self.rescan(),
            false => Vec::new(),
        };
        let touched: Vec<usize> = (0..self.sources.len())
            .filter(|&i| new.contains(&i) || paths.iter().any(|path| self.sources[i].is(path)))
            .collect();
        let mut built = Vec::new();
        for i in touched {
            // A link re-pointed is followed now, so that looking again does not build it twice.
            self.sources[i].follow_link();
            rebuild(&mut self.sources[i], &self.options);
            built.push(self.sources[i].path.clone());
        }
        built
    }

    /// With no files named: takes in the sources that appeared in the source directory and
    /// lets go of those that are gone; returns the new ones.
    fn rescan(&mut self) -> Vec<usize> {
        let Some((named, _)) = &self.source_dir else {
            return Vec::new();
        };
        // A link that leads nowhere is not a source until it does.
        let mut present = super::project::sources_in(named).unwrap_or_default();
        present.retain(|path| path.is_file());
        self.sources.retain(|source| {
            let kept = present.contains(&source.path);
            if !kept {
                stamped!("{} was removed", source.path.display());
            }
            kept
        });
        let mut new = Vec::new();
        for path in present {
            if self.sources.iter().all(|source| source.path != path) {
                if let Ok(source) = Watched::new(path) {
                    self.sources.push(source);
                    new.push(self.sources.len() - 1);
                }
            }
        }
        new
    }

    /// Follows links that moved and watches directories that came back, rebuilding the
    /// sources concerned but those just `built`.
    fn look_again(&mut self, built: &[PathBuf]) {
        let moved: Vec<PathBuf> = self
            .sources
            .iter_mut()
            .filter_map(|source| source.follow_link().then(|| source.path.clone()))
            .collect();
        let came = self.dirs.refresh(&self.wanted());
        let new = match self
            .source_dir
            .as_ref()
            .is_some_and(|(_, dir)| came.contains(dir))
        {
            true => self.rescan(),
            false => Vec::new(),
        };
        let touched: Vec<usize> = (0..self.sources.len())
            .filter(|&i| {
                let source = &self.sources[i];
                new.contains(&i)
                    || !built.contains(&source.path)
                        && (moved.contains(&source.path)
                            || source.dirs().any(|dir| came.contains(dir)))
            })
            .collect();
        for i in touched {
            rebuild(&mut self.sources[i], &self.options);
        }
    }

    fn rebuild_all(&mut self) {
        for source in &mut self.sources {
            rebuild(source, &self.options);
        }
    }
}

/// Builds one source; a failure (or fonts that did not load) is printed and the previous
/// PDF, if there is one, stays. A missing source is announced once, then awaited.
fn rebuild(source: &mut Watched, options: &Result<Options, String>) {
    if !source.path.exists() {
        // Also between an editor's delete and its write; the write brings another event.
        if !source.waiting {
            stamped!("waiting for {}", source.path.display());
            source.waiting = true;
        }
        return;
    }
    source.waiting = false;
    let output = default_output(&source.path);
    let shown = Shown {
        stamped: true,
        ..Shown::default()
    };
    let failed = match options {
        Ok(options) => build_one(
            &source.path,
            &Output::File(output.clone()),
            (options, Some(&mut source.session)),
            shown,
        )
        .map_err(|failure| super::streams::to_stderr(&failure.human(super::colour())))
        .is_err(),
        Err(font_error) => {
            stamped!("error: {font_error}");
            true
        }
    };
    match (failed, output.is_file()) {
        (false, _) => {}
        (true, true) => stamped!("kept the last good {}", output.display()),
        (true, false) => stamped!("{} not written", output.display()),
    }
}
