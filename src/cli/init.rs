//! `briefing init NAME`: a new source from a commented template that builds as it is.

use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new briefing's name: writes source/NAME.yaml.
    name: String,
}

const TEMPLATE: &str = include_str!("template.yaml");

pub fn run(args: Args) -> ExitCode {
    let valid = !args.name.is_empty()
        && args
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        eprintln!(
            "error: `{}` is not a usable name: use letters, digits, `-` and `_`",
            args.name
        );
        return ExitCode::from(2);
    }
    let path = Path::new("source").join(format!("{}.yaml", args.name));
    if path.exists() {
        eprintln!(
            "error: {} already exists; not overwriting it",
            path.display()
        );
        return ExitCode::from(2);
    }
    let written = std::fs::create_dir_all("source").and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, TEMPLATE.as_bytes()))
    });
    match written {
        Ok(()) => {
            eprintln!(
                "wrote {}; build it with `briefing build {}`",
                path.display(),
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}: {err}", path.display());
            ExitCode::from(2)
        }
    }
}
