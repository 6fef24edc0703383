//! `briefing watch`: rebuild on every save, keeping the last good PDF when a save has errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use super::build::{build_one, default_output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to watch (default: every source/*.yaml).
    files: Vec<PathBuf>,
    /// How long a burst of file events must settle before a rebuild, in milliseconds.
    #[arg(long, default_value_t = 50)]
    debounce: u64,
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
        let dir = parent
            .canonicalize()
            .map_err(|e| format!("{}: {e}", parent.display()))?;
        let name = path
            .file_name()
            .ok_or_else(|| format!("{}: not a file", path.display()))?
            .to_owned();
        Ok(Watched { path, dir, name })
    }

    /// Whether an event path names this source; editors that save by writing a new file and
    /// renaming it over the old one produce events on the name, not on the old file.
    fn is(&self, event_path: &Path) -> bool {
        event_path.file_name() == Some(self.name.as_os_str())
            && event_path.parent() == Some(self.dir.as_path())
    }
}

pub fn run(args: Args) -> ExitCode {
    match watch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn watch(args: Args) -> Result<(), String> {
    let watched: Vec<Watched> = super::sources(args.files)?
        .into_iter()
        .map(Watched::new)
        .collect::<Result<_, _>>()?;
    for source in &watched {
        rebuild(source);
    }
    let (events, incoming) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(args.debounce), None, events)
        .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut dirs: Vec<&PathBuf> = watched.iter().map(|w| &w.dir).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        debouncer
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    eprintln!("watching {} source(s); press Ctrl-C to stop", watched.len());
    for result in incoming {
        match result {
            Ok(batch) => {
                for source in &watched {
                    let touched = batch.iter().any(|event| {
                        !matches!(event.kind, EventKind::Access(_))
                            && event.paths.iter().any(|p| source.is(p))
                    });
                    if touched {
                        rebuild(source);
                    }
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("watch error: {error}");
                }
            }
        }
    }
    Ok(())
}

/// Builds one source; a failure is printed and the previous PDF stays.
fn rebuild(source: &Watched) {
    if !source.path.exists() {
        // Between an editor's delete and its write; the write brings another event.
        return;
    }
    if let Err(failure) = build_one(&source.path, &default_output(&source.path), false, false) {
        failure.print();
        eprintln!(
            "kept the last good {}",
            default_output(&source.path).display()
        );
    }
}
