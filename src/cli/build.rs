//! `briefing build`: sources to PDFs, written atomically.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to build.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where to write the PDF (only with a single source).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("briefing build: rendering is not there yet");
    ExitCode::from(2)
}
