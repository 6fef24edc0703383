//! `briefing schema`: the JSON Schema of the source format.

use std::process::ExitCode;

pub fn run() -> ExitCode {
    let schema = schemars::schema_for!(briefing::source::Briefing);
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).expect("schema serialises")
    );
    ExitCode::SUCCESS
}
