//! A large source is read on two threads (its span tree and serde's first read at once, see
//! docs/performance.md): it must load to the same model, and report the same problems at
//! the same lines and columns in the same order, as a small one read one pass at a time.

use briefing::source;

const SEED: &str = include_str!("../source/india-russia.yaml");

/// `text` with comment lines after its end, to well past the size from which the passes
/// run on two threads: no line or column before the end moves.
fn padded(text: &str) -> String {
    let mut out = text.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    while out.len() < 256 * 1024 {
        out.push_str("# padding, to make the source large enough to be read on two threads\n");
    }
    out
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/source/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

#[test]
fn a_large_source_loads_to_the_same_model() {
    let small = source::load("seed.yaml", SEED).expect("the seed loads");
    let large = source::load("seed.yaml", &padded(SEED)).expect("the padded seed loads");
    assert_eq!(small, large);
}

#[test]
fn a_large_source_reports_the_same_problems_in_the_same_order() {
    let fixtures = [
        "several-errors",
        "two-kinds",
        "unknown-key",
        "unknown-block-key",
        "type",
        "missing-key",
        "duplicate-key",
        "syntax",
        "deep-nesting",
        "alias-bomb",
        "root-not-mapping",
        "row-length",
        "bad-date",
        "chart-table",
    ];
    for name in fixtures {
        let text = fixture(name);
        let small = source::load("f.yaml", &text).expect_err(name);
        let large = source::load("f.yaml", &padded(&text)).expect_err(name);
        let all = |err: &source::SourceError| {
            std::iter::once(err)
                .chain(&err.more)
                .map(|e| {
                    (
                        e.kind,
                        e.line,
                        e.column,
                        e.message.clone(),
                        e.help.clone(),
                        e.span,
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(all(&small), all(&large), "{name}");
        assert!(!all(&small).is_empty(), "{name}");
    }
}

#[test]
fn an_unknown_key_before_a_type_error_in_a_large_source() {
    // The unknown key is blanked before serde's first round, so the read made ahead on the
    // other thread is not the one the rounds use.
    let text =
        SEED.replacen("title:", "titel: x\ntitle:", 1)
            .replacen("date:", "date: [1]\nx_date:", 1);
    let small = source::load("f.yaml", &text).expect_err("two errors");
    let large = source::load("f.yaml", &padded(&text)).expect_err("two errors");
    assert_eq!(small.to_string(), large.to_string());
    assert_eq!(small.more.len(), large.more.len());
}

#[test]
fn an_alias_bomb_in_a_large_source_is_refused_before_serde_expands_it() {
    // Every key known, so serde would expand all 20 000 aliases of 100 KB (2 GB) if it read
    // the file beside the tree: an anchor makes the load wait for the tree, which refuses it.
    let mut source = format!(
        "title: &big \"{}\"\ndate: 2025-12-05\nsections:\n  - heading: H\n    blocks:\n",
        "a".repeat(100_000)
    );
    for _ in 0..20_000 {
        source.push_str("      - *big\n");
    }
    let err = source::load("bomb.yaml", &source).expect_err("an alias bomb");
    assert!(
        err.message.contains("aliases expand the document past"),
        "{err}"
    );
    assert!(err.line > 5, "at line {}", err.line);
}
