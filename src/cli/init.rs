//! `briefing init NAME`: a new source from a commented template that builds as it is.

use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new briefing's name: writes source/NAME.yaml.
    name: String,
}

const TEMPLATE: &str = include_str!("template.yaml");

pub fn run(args: Args) -> Result<ExitCode, String> {
    let valid = !args.name.is_empty()
        && args
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(format!(
            "`{}` is not a usable name: use letters, digits, `-` and `_`",
            args.name
        ));
    }
    let path = Path::new("source").join(format!("{}.yaml", args.name));
    if path.exists() {
        return Err(format!(
            "{} already exists; not overwriting it",
            path.display()
        ));
    }
    let written = std::fs::create_dir_all("source").and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, TEMPLATE.as_bytes()))
    });
    written.map_err(|err| format!("{}: {err}", path.display()))?;
    eprintln!(
        "wrote {}; build it with `briefing build {}`",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
