//! Standard output and standard error. Rust's print macros panic when a stream is full or
//! its reader has gone (`briefing fonts > /dev/full`, `briefing schema | head`), which would
//! abort the process; every print of the command line goes through here instead, and each
//! message is written in one piece, as standard error is unbuffered.

use std::io::Write;

/// Writes `text` to standard error. A message that cannot be shown has nowhere else to go:
/// the failure is dropped, and the exit code still says how the command went.
pub fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `bytes` to standard output; the error names the stream, for the command's exit
/// code 2.
pub fn to_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|err| format!("standard output: cannot write: {err}"))
}
