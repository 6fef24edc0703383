//! Prints a source's display list, warnings, layout problems and measurements, with timings:
//! `cargo run --example dump FILE.yaml`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a YAML path");
    let text = std::fs::read_to_string(&path).expect("readable");
    let t = Instant::now();
    let briefing = briefing::source::load(&path, &text).expect("valid");
    let loaded = t.elapsed();
    let laid = briefing::layout::typeset(&briefing, briefing::text::FontBook::embedded(), 2_000)
        .expect("fits");
    let typeset = t.elapsed() - loaded;
    let problems = briefing::layout::check::problems(&laid.pages);
    let checked = t.elapsed() - typeset - loaded;
    print!("{}", laid.pages.to_text());
    for w in &laid.warnings {
        eprintln!("warning: {}", w.message);
    }
    for p in problems {
        eprintln!("problem: {p}");
    }
    eprintln!("{}", laid.report);
    eprintln!("load {loaded:?}, typeset {typeset:?}, check {checked:?}");
}
