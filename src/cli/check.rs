//! `briefing check`: validate sources and print their diagnostics.
//!
//! Exit codes: 0 all valid, 1 some source has an error, 2 a file could not be read.

use std::path::PathBuf;
use std::process::ExitCode;

use briefing::Error;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Briefing sources to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// How a failure is printed; a `--message-format json` flag would add a variant here.
#[derive(Debug, Clone, Copy)]
enum Report {
    Graphical { color: bool },
}

impl Report {
    fn for_stderr() -> Report {
        Report::Graphical {
            color: super::colour(),
        }
    }

    fn print(self, err: &Error) {
        match (self, err) {
            (Report::Graphical { color }, Error::Source(diagnostic)) => {
                eprint!("{}", diagnostic.render_graphical(color))
            }
            (Report::Graphical { .. }, other) => eprintln!("error: {other}"),
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let report = Report::for_stderr();
    let mut invalid = false;
    let mut unreadable = false;
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("error: {name}: {err}");
                unreadable = true;
                continue;
            }
        };
        if let Err(err) = briefing::source::load_bytes(&name, &bytes) {
            report.print(&err);
            invalid = true;
        }
    }
    if unreadable {
        ExitCode::from(2)
    } else if invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
