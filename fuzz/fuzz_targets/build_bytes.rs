//! The whole library path: any bytes as a source file must end in a PDF or an error.
//! A panic, a timeout (`-timeout`) or memory past `-rss_limit_mb` is a finding, and so is a
//! source error whose report (snippet included) is not a few KB.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match briefing::build_bytes("fuzz.yaml", data) {
        Ok(built) => assert!(built.pdf.starts_with(b"%PDF-")),
        // Each source error must name the file, as `fuzz.yaml:line:col: message`, in the
        // order they stand in the file, at most 20 of them. Each one's report, as the
        // command prints it, stays a few KB whatever the line lengths.
        Err(briefing::Error::Source(err)) => {
            let errors: Vec<_> = err.all().collect();
            assert!(errors.len() <= 20, "{} errors", errors.len());
            for error in &errors {
                let message = error.to_string();
                assert!(message.starts_with("fuzz.yaml:"), "{message}");
            }
            assert!(errors.windows(2).all(|w| w[0].span.0 <= w[1].span.0));
            let report = err.render_graphical(false);
            let bound = errors.len() * 16 * 1024;
            assert!(report.len() < bound, "{} bytes", report.len());
        }
        // Past the page limit, or a block that cannot be set on the page: an error naming
        // the file (and the block's line), not a finding.
        Err(err @ briefing::Error::Layout(_)) => {
            let message = err.to_string();
            assert!(message.starts_with("fuzz.yaml:"), "{message}");
        }
        // A source the loader accepted must render: this error can point at no line.
        Err(err) => panic!("a valid source failed to build: {err}"),
    }
});
