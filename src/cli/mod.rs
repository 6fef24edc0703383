//! Command-line parsing and dispatch.

/// `eprintln!` that writes the line in one piece and never panics (see [`streams`]).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::streams::to_stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod build;
mod check;
mod diagnostic;
mod files;
mod fonts;
mod init;
mod manual;
mod options;
mod project;
mod schema;
mod streams;
mod watch;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{Parser, Subcommand};

/// Turns a briefing written in YAML into a typeset, paginated PDF.
#[derive(Debug, Parser)]
#[command(name = "briefing", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour reports: `auto` on a terminal unless NO_COLOR is set (CLICOLOR_FORCE
    /// forces it on).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// The project root: sources in DIR/source, PDFs to DIR/output (default: the nearest
    /// directory from here upwards that holds source/).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
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
    /// List the font faces a build would use, embedded and from font directories, with the
    /// scripts each covers.
    Fonts(fonts::Args),
    /// Print the JSON Schema of the source format.
    Schema,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(manual::CompletionArgs),
    /// Print the manual page (roff), e.g. `briefing man > briefing.1`.
    Man,
}

impl Cli {
    /// Runs the command. A command's `Err` is a usage or I/O error: printed here, exit 2.
    pub fn run(self) -> ExitCode {
        // Set once, before anything is printed; a second call cannot happen.
        let _ = COLOUR.set(self.color);
        match project::Project::find(self.root) {
            Ok(found) => project::set(found),
            Err(message) => {
                say!("error: {message}");
                return ExitCode::from(2);
            }
        }
        let result = match self.command {
            Command::Build(args) => build::run(args),
            Command::Check(args) => check::run(args),
            Command::Watch(args) => watch::run(args),
            Command::Init(args) => init::run(args),
            Command::Fonts(args) => fonts::run(args),
            Command::Schema => schema::run(),
            Command::Completions(args) => manual::completions(args),
            Command::Man => manual::man(),
        };
        result.unwrap_or_else(|message| {
            say!("error: {message}");
            ExitCode::from(2)
        })
    }
}

/// The `--color` the command was given: a process-wide setting, like the terminal it asks
/// about.
static COLOUR: OnceLock<ColorChoice> = OnceLock::new();

/// Whether reports may use colour: as `--color` says; with `auto`, when `CLICOLOR_FORCE` is set
/// (and not 0), or on a terminal without `NO_COLOR`.
pub fn colour() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    match COLOUR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") => {
            std::env::var_os("CLICOLOR_FORCE").is_some_and(|value| value != "0")
        }
        ColorChoice::Auto => std::io::stderr().is_terminal() && !set("NO_COLOR"),
    }
}

/// The sources named, or every source in the project's `source/` when none is, in name
/// order.
pub fn sources(files: Vec<std::path::PathBuf>) -> Result<Vec<std::path::PathBuf>, String> {
    project::current().sources(files)
}
