//! The whole library path: any bytes as a source file must end in a PDF or an error.
//! A panic, a timeout (`-timeout`) or memory past `-rss_limit_mb` is a finding, and so is a
//! source error whose report (snippet included) is not a few KB.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match briefing::build_bytes("fuzz.yaml", data) {
        Ok(built) => assert!(built.pdf.starts_with(b"%PDF-")),
        // A source error must name the file, as `fuzz.yaml:line:col: message`.
        // Its report, as the command prints it, stays a few KB whatever the line lengths.
        Err(briefing::Error::Source(err)) => {
            let message = err.to_string();
            assert!(message.starts_with("fuzz.yaml:"), "{message}");
            let report = err.render_graphical(false);
            assert!(report.len() < 16 * 1024, "{} bytes", report.len());
        }
        // Past the page limit: an error naming the file, not a finding.
        Err(err @ briefing::Error::Layout(_)) => {
            let message = err.to_string();
            assert!(message.starts_with("fuzz.yaml: "), "{message}");
        }
        // A source the loader accepted must render: this error can point at no line.
        Err(err) => panic!("a valid source failed to build: {err}"),
    }
});
