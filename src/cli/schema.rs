//! `briefing schema`: the JSON Schema of the source format, for editors' YAML completion
//! (`# yaml-language-server: $schema=briefing.schema.json`).

use std::process::ExitCode;

pub fn run() -> ExitCode {
    println!("{}", briefing::source::schema_json());
    ExitCode::SUCCESS
}
