//! `briefing completions SHELL` and `briefing man`: the command line described for shells and
//! for `man`, generated from the same clap definition that parses it, so they never go stale.

use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to complete for.
    shell: clap_complete::Shell,
}

/// Prints a completion script: `briefing completions bash > /etc/bash_completion.d/briefing`.
pub fn completions(args: CompletionArgs) -> Result<ExitCode, String> {
    let mut command = Cli::command();
    // Generated whole first: clap_complete panics when its writer fails.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "briefing", &mut script);
    super::streams::to_stdout(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page in roff: `briefing man > briefing.1`.
pub fn man() -> Result<ExitCode, String> {
    let page = clap_mangen::Man::new(Cli::command());
    let mut out = Vec::new();
    page.render(&mut out)
        .map_err(|err| format!("cannot write the manual page: {err}"))?;
    super::streams::to_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
