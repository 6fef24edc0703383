//! Command-line parsing and dispatch.

mod build;
mod check;
mod schema;

use std::path::PathBuf;
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
    /// Print the JSON Schema of the source format.
    Schema,
}

impl Cli {
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Build(args) => build::run(args),
            Command::Check(args) => check::run(args),
            Command::Schema => schema::run(),
        }
    }
}

/// Reads a source file, naming the path in the error.
// `check` reads bytes itself (invalid UTF-8 is a diagnostic there); `build` will use this.
#[allow(dead_code)]
pub fn read_source(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))
}
