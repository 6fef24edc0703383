//! `briefing schema`: the JSON Schema of the source format, for editors' YAML completion
//! (`# yaml-language-server: $schema=briefing.schema.json`).

use std::process::ExitCode;

pub fn run() -> Result<ExitCode, String> {
    let schema = briefing::source::schema_json() + "\n";
    super::streams::to_stdout(schema.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
