//! `briefing init NAME`: a new source from a commented template that builds as it is.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new briefing's name: writes source/NAME.yaml in the project root (`NAME.yaml`
    /// works too).
    name: String,
    /// Overwrite source/NAME.yaml if it exists.
    #[arg(long)]
    force: bool,
}

const TEMPLATE: &str = include_str!("template.yaml");

pub fn run(args: Args) -> Result<ExitCode, String> {
    let name = args
        .name
        .strip_suffix(".yaml")
        .or_else(|| args.name.strip_suffix(".yml"))
        .unwrap_or(&args.name);
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(format!(
            "`{}` is not a usable name: use letters, digits, `-` and `_`",
            args.name
        ));
    }
    let dir = super::project::current().source_dir();
    let path = dir.join(format!("{name}.yaml"));
    if path.exists() && !args.force {
        return Err(format!(
            "{} already exists; not overwriting it (--force does)",
            path.display()
        ));
    }
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .create_new(!args.force)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, TEMPLATE.as_bytes()))
    });
    written.map_err(|err| format!("{}: {err}", path.display()))?;
    say!(
        "wrote {}; build it with `briefing build {}`",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
