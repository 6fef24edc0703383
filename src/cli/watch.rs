//! `briefing watch`: rebuild on every save, keeping the last good PDF when a save has errors.
//!
//! Sources are watched through their directories, so editors that save by writing a new file
//! and renaming it over the old one are seen too. A change to a `--font-dir` font reloads the
//! fonts (an unchanged file is not parsed again) and rebuilds every source.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use briefing::text::is_font_file;
use briefing::Options;
use notify_debouncer_full::notify::{Event, EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use super::build::{build_one, default_output, Shown};
use super::options::BuildOptions;

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

/// A watched source: where it is read from, and the canonical directory and name its
/// events arrive with.
struct Watched {
    path: PathBuf,
    dir: PathBuf,
    name: std::ffi::OsString,
}

impl Watched {
    fn new(path: PathBuf) -> Result<Watched, String> {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let dir = canonical(parent)?;
        let name = path
            .file_name()
            .ok_or_else(|| format!("{}: not a file", path.display()))?
            .to_owned();
        Ok(Watched { path, dir, name })
    }

    /// Whether an event path names this source.
    fn is(&self, event_path: &Path) -> bool {
        event_path.file_name() == Some(self.name.as_os_str())
            && event_path.parent() == Some(self.dir.as_path())
    }
}

fn canonical(dir: &Path) -> Result<PathBuf, String> {
    dir.canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// Runs until interrupted; returns only when the watcher itself fails.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let watched: Vec<Watched> = super::sources(args.files)?
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
    rebuild_all(&watched, &options);
    let (events, incoming) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(args.debounce), None, events)
        .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut dirs: Vec<&PathBuf> = watched.iter().map(|w| &w.dir).chain(&font_dirs).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        debouncer
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
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
    for result in incoming {
        let batch = match result {
            Ok(batch) => batch,
            Err(errors) => {
                errors
                    .iter()
                    .for_each(|error| eprintln!("watch error: {error}"));
                continue;
            }
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
            rebuild_all(&watched, &options);
            continue;
        }
        for source in &watched {
            if changed.iter().flat_map(|e| &e.paths).any(|p| source.is(p)) {
                rebuild(source, &options);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn rebuild_all(watched: &[Watched], options: &Result<Options, String>) {
    for source in watched {
        rebuild(source, options);
    }
}

/// Builds one source; a failure (or fonts that did not load) is printed and the previous
/// PDF stays.
fn rebuild(source: &Watched, options: &Result<Options, String>) {
    if !source.path.exists() {
        // Between an editor's delete and its write; the write brings another event.
        return;
    }
    let output = default_output(&source.path);
    let failed = match options {
        Ok(options) => build_one(&source.path, &output, options, Shown::default())
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
