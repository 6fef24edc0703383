//! What the tests that drive the real binary share.

use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// Waits for `child`, killing it and failing the test past `deadline`, so a hung binary
/// cannot hang the suite.
pub fn wait_bounded(child: &mut Child, deadline: Duration, what: &str) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited on") {
            return status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} ran longer than {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
