//! `briefing check`: validate sources.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let mut failed = false;
    for path in &args.files {
        let result = super::read_source(path).and_then(|text| {
            briefing::source::load(&path.display().to_string(), &text).map_err(|e| e.to_string())
        });
        if let Err(err) = result {
            eprintln!("{err}");
            failed = true;
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
