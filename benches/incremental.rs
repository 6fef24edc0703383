//! `cargo bench --bench incremental`: a one-word edit of the ×500 briefing rebuilt by a
//! `briefing::Session` (what `briefing watch` does), against a cold build of the same source,
//! with the rebuild's time per stage (docs/performance.md, "Incremental rebuilds and
//! parallel setting").

use std::time::{Duration, Instant};

use briefing::layout::{self, SetCache};
use briefing::render::{self, PageCache};
use briefing::{source, Options, Session};

/// The seed with its sections repeated `times` times (as `benches/repeat-yaml.awk` makes it);
/// `distinct`: each copy's "Russia" numbered by its copy, so no two copies share a paragraph
/// and no set paragraph is found again within one build.
fn synthetic(seed: &str, times: usize, distinct: bool) -> String {
    let split = seed.find("\nsections:\n").expect("the seed has sections") + "\nsections:\n".len();
    let (head, sections) = seed.split_at(split);
    let mut out = head.to_string();
    for copy in 0..times {
        let copy_text = match distinct {
            true => sections.replace("Russia", &format!("Russia{copy}")),
            false => sections.to_string(),
        };
        out.push_str(
            &copy_text
                .replace("id: trade\n", &format!("id: trade-{copy}\n"))
                .replace("table: trade\n", &format!("table: trade-{copy}\n")),
        );
    }
    out
}

/// `text` with the `nth` occurrence of `from` replaced by `to`.
fn replace_nth(text: &str, from: &str, to: &str, nth: usize) -> String {
    let (at, _) = text.match_indices(from).nth(nth).expect("the word occurs");
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn best(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| f()).min().unwrap_or_default()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let seed =
        std::fs::read_to_string("source/india-russia.yaml").expect("run from the crate root");
    let times = if quick { 5 } else { 500 };
    let runs = if quick { 1 } else { 3 };
    edit(
        &synthetic(&seed, times, false),
        &format!("seed x{times}"),
        runs,
    );
    edit(
        &synthetic(&seed, times, true),
        &format!("seed x{times}, distinct copies"),
        runs,
    );
}

/// Times a cold build and a session's rebuild of a one-word edit of `before`.
fn edit(before: &str, name: &str, runs: usize) {
    let times = before.matches("cornerstone").count();
    // One word in the middle of the document; the edits alternate, so each rebuild has one.
    let after = replace_nth(before, "cornerstone", "keystone", times / 2);
    let sources = [before.as_bytes(), after.as_bytes()];
    let options = Options::default();

    let cold = best(runs, || {
        let start = Instant::now();
        drop(briefing::build_with("x.yaml", sources[1], &options));
        start.elapsed()
    });
    let mut session = Session::new();
    session
        .build("x.yaml", sources[0], &options)
        .expect("the benchmark source builds");
    let mut turn = 0;
    let incremental = best(runs, || {
        turn += 1;
        let start = Instant::now();
        drop(session.build("x.yaml", sources[turn % 2], &options));
        start.elapsed()
    });
    let reused = session.reused();

    // The same rebuild, stage by stage.
    let (mut paragraphs, mut pages) = (SetCache::default(), PageCache::default());
    let mut reloader = source::Reloader::new();
    let mut stages = [Duration::MAX; 3];
    for turn in 0..=runs {
        // An edit per turn, as in the session above; the first turn builds the caches.
        let yaml = sources[turn % 2];
        let start = Instant::now();
        let briefing = reloader
            .load("x.yaml", yaml, &Default::default(), Default::default())
            .expect("loads");
        let loaded = Instant::now();
        let laid = layout::typeset_reusing(briefing, options.fonts, 2000, &mut paragraphs)
            .expect("lays out");
        let typeset = Instant::now();
        drop(render::render_reusing(laid.pages, &mut pages));
        let rendered = Instant::now();
        if turn > 0 {
            let took = [loaded - start, typeset - loaded, rendered - typeset];
            for (stage, took) in stages.iter_mut().zip(took) {
                *stage = (*stage).min(took);
            }
        }
    }
    println!(
        "one-word edit of {name}: cold {:.1} ms, incremental {:.1} ms (best of {runs}; \
         {} paragraph(s) set, {} page(s) written) | incremental load {:.1} ms, layout {:.1} ms, \
         render {:.1} ms",
        ms(cold),
        ms(incremental),
        reused.paragraphs_set,
        reused.pages_written,
        ms(stages[0]),
        ms(stages[1]),
        ms(stages[2]),
    );
}
