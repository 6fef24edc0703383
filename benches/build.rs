//! `cargo bench`: the whole pipeline on the seed and on a large synthetic briefing (the
//! seed's sections repeated), per stage, without a timing framework so it builds fast.
//!
//! Also writes the synthetic source to `target/synthetic-x500.yaml`, so peak memory can be
//! measured on the real binary: `/usr/bin/time -v target/release/briefing build FILE -o X`.

use std::time::{Duration, Instant};

use briefing::{layout, render, source};

/// The seed with its sections repeated `times` times.
fn synthetic(seed: &str, times: usize) -> String {
    let split = seed.find("\nsections:\n").expect("the seed has sections") + "\nsections:\n".len();
    let (head, sections) = seed.split_at(split);
    let mut out = String::with_capacity(head.len() + sections.len() * times);
    out.push_str(head);
    for copy in 0..times {
        // Table ids must stay unique; each copy's chart names its own copy's table (as
        // benches/repeat-yaml.awk does).
        out.push_str(
            &sections
                .replace("id: trade\n", &format!("id: trade-{copy}\n"))
                .replace("table: trade\n", &format!("table: trade-{copy}\n")),
        );
        if !sections.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn report(name: &str, yaml: &str, runs: usize) {
    let briefing = source::load(name, yaml).expect("the benchmark source is valid");
    let options = briefing::Options::default();
    let laid =
        layout::typeset(&briefing, options.fonts, options.limits.pages).expect("within the limits");
    let pdf = render::render(&laid.pages).expect("renders");
    let load = median(runs, || drop(source::load(name, yaml)));
    let typeset = median(runs, || {
        drop(layout::typeset(
            &briefing,
            options.fonts,
            options.limits.pages,
        ))
    });
    // The safety net runs inside `typeset`; timed again here on its own to show its share.
    let check = median(runs, || drop(layout::check::check(&laid.pages)));
    let draw = median(runs, || drop(render::render(&laid.pages)));
    let whole = median(runs, || drop(briefing::build(yaml)));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: {} pages, {:.1} KB PDF | load {:.2} ms, layout {:.2} ms (of which the check {:.2} ms), render {:.2} ms, build {:.2} ms (median of {runs})",
        laid.pages.pages.len(),
        pdf.len() as f64 / 1024.0,
        ms(load),
        ms(typeset),
        ms(check),
        ms(draw),
        ms(whole)
    );
}

fn main() {
    // `cargo test --benches` runs this too; keep that quick.
    let quick = std::env::args().any(|a| a == "--test");
    let seed =
        std::fs::read_to_string("source/india-russia.yaml").expect("run from the crate root");
    let big = synthetic(&seed, 500);
    let _ = std::fs::create_dir_all("target");
    let _ = std::fs::write("target/synthetic-x500.yaml", &big);
    report("seed", &seed, if quick { 1 } else { 50 });
    if !quick {
        // Tables of many rows, the one a narrow page sets at min-content widths: where the
        // cost of measuring and setting cells shows.
        for fixture in ["long-table", "month-remarks-table", "min-content-table"] {
            let path = format!("tests/fixtures/layout/{fixture}.yaml");
            let yaml = std::fs::read_to_string(&path).expect("run from the crate root");
            report(fixture, &yaml, 30);
        }
        report("seed x500", &big, 3);
    }
}
