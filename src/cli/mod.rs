//! Command-line parsing and dispatch.

mod build;
mod check;
mod diagnostic;
mod init;
mod options;
mod schema;
mod watch;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turns a briefing written in YAML into a typeset, paginated PDF.
#[derive(Debug, Parser)]
#[command(name = "briefing", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build PDFs from briefing sources (default output: output/<stem>.pdf).
    Build(build::Args),
    /// Validate briefing sources and print diagnostics.
    Check(check::Args),
    /// Rebuild PDFs whenever their sources are saved.
    Watch(watch::Args),
    /// Write a new source from a template: source/NAME.yaml.
    Init(init::Args),
    /// Print the JSON Schema of the source format.
    Schema,
}

impl Cli {
    /// Runs the command. A command's `Err` is a usage or I/O error: printed here, exit 2.
    pub fn run(self) -> ExitCode {
        let result = match self.command {
            Command::Build(args) => build::run(args),
            Command::Check(args) => check::run(args),
            Command::Watch(args) => watch::run(args),
            Command::Init(args) => init::run(args),
            Command::Schema => Ok(schema::run()),
        };
        result.unwrap_or_else(|message| {
            eprintln!("error: {message}");
            ExitCode::from(2)
        })
    }
}

/// Whether reports may use colour: only on a terminal, never with `NO_COLOR`.
pub fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The sources named, or every `source/*.yaml` when none is, in name order.
pub fn sources(files: Vec<std::path::PathBuf>) -> Result<Vec<std::path::PathBuf>, String> {
    if !files.is_empty() {
        return Ok(files);
    }
    let entries = std::fs::read_dir("source")
        .map_err(|e| format!("source/: {e} (name the files to build)"))?;
    let mut found: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    found.sort();
    if found.is_empty() {
        return Err("source/ holds no .yaml files (name the files to build)".into());
    }
    Ok(found)
}

/// Reads a source file's bytes (the loader judges their encoding and size), naming the path
/// in the error. Reads one byte past the size limit at most, so `/dev/zero` cannot eat memory.
pub fn read_source(path: &Path, limits: &briefing::source::Limits) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = limits.source_bytes as u64 + 1;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit).read_to_end(&mut bytes))
        .map_err(|err| format!("{}: {err}", path.display()))?;
    Ok(bytes)
}
