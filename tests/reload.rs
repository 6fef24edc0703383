//! The load of a rebuild (`source::Reloader`, what a `briefing::Session` loads with) equals
//! the load of the whole text after any edit: random edits (a character or a word inserted
//! or deleted anywhere: in text, keys, indentation, quotes, `- ` markers, between sections,
//! in the head) to a few sources, made one after another and undone, each version loaded
//! both ways and compared: the same `Briefing`, or the same errors.

mod common;

use briefing::source::{self, Limits, PdfStandards, Reloader};
use common::repeated_seed;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// `default` cases, or as many as `PROPTEST_CASES` asks for.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The seed's sections written flush with `sections:` (`- heading:` at the first column).
fn compact(seed: &str) -> String {
    let split = seed.find("\nsections:\n").expect("the seed has sections") + "\nsections:\n".len();
    let (head, sections) = seed.split_at(split);
    let lines: Vec<&str> = sections
        .lines()
        .map(|line| line.strip_prefix("  ").unwrap_or(line))
        .collect();
    format!("{head}{}\n", lines.join("\n"))
}

/// The sources edited: the seed, a ×3 of it, the seed with head keys after its sections,
/// with CRLF line ends, flush with `sections:`, with its paragraphs' folded scalars kept
/// literal with their trailing lines (`|+`), and fixtures with charts, nested lists,
/// tables, notes and errors.
fn sources() -> Vec<String> {
    let seed = include_str!("../source/india-russia.yaml").to_string();
    let head_after = seed.replacen("language: en\n", "", 1) + "language: en\n";
    let crlf = seed.replace('\n', "\r\n");
    let kept_lines = seed.replace(">-", "|+");
    let fixture = |name: &str| {
        std::fs::read_to_string(format!("tests/fixtures/{name}")).expect("the fixture exists")
    };
    vec![
        compact(&repeated_seed(2)),
        seed,
        repeated_seed(3),
        head_after,
        crlf,
        kept_lines,
        fixture("layout/nested-lists.yaml"),
        fixture("layout/chart-line.yaml"),
        fixture("layout/note-box.yaml"),
        fixture("layout/programme-table.yaml"),
        fixture("layout/scripts.yaml"),
        fixture("source/several-errors.yaml"),
        fixture("source/chart-table.yaml"),
    ]
}

/// One edit: where (a character index, or the start of a line and a few characters into
/// it) and what.
#[derive(Debug, Clone)]
enum Edit {
    Insert { at: Place, text: String },
    Delete { at: Place, chars: usize },
}

#[derive(Debug, Clone, Copy)]
enum Place {
    /// This share (of `u32::MAX`) of the way through the text.
    Anywhere(u32),
    /// The line at this share of the way through, and this many characters into it.
    InLine(u32, usize),
}

/// Characters and words that change YAML's structure as well as its text.
const INSERTS: &[&str] = &[
    " ",
    "\n",
    "-",
    "- ",
    ":",
    ": ",
    "#",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "*",
    "**",
    "&a ",
    "*a",
    "!",
    "|",
    ">",
    "\t",
    "é",
    "x",
    "9",
    "null",
    "heading",
    "heading: x",
    "blocks:",
    "bullets:",
    "table:",
    "note: a",
    "  ",
    "\n\n",
    "\n  - heading: Added\n",
    "\n      - An added paragraph.\n",
    "\n  - x\n",
    "trade-1",
    "id: trade-0",
    "---\n",
    "...\n",
    "\r",
    "\u{feff}",
    "word ",
    "...",
    "---",
    "|+",
    ">+",
    "|-",
    "\n...\n",
    "\n\n\n",
];

fn edit() -> impl Strategy<Value = Edit> {
    let place = prop_oneof![
        any::<u32>().prop_map(Place::Anywhere),
        (any::<u32>(), 0usize..10).prop_map(|(line, chars)| Place::InLine(line, chars)),
    ];
    prop_oneof![
        (place.clone(), proptest::sample::select(INSERTS)).prop_map(|(at, text)| Edit::Insert {
            at,
            text: text.to_string()
        }),
        (place.clone(), "[a-z]{1,8}").prop_map(|(at, text)| Edit::Insert { at, text }),
        (place, 1usize..12).prop_map(|(at, chars)| Edit::Delete { at, chars }),
    ]
}

/// The byte offset a place stands for in `text` (on a character boundary).
fn offset(text: &str, place: Place) -> usize {
    let share = |of: usize, by: u32| (of as u64 * u64::from(by) / u64::from(u32::MAX)) as usize;
    let at = match place {
        Place::Anywhere(by) => share(text.len(), by),
        Place::InLine(by, chars) => {
            let lines: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                .collect();
            let start = lines[share(lines.len().saturating_sub(1), by)];
            start
                + text[start..]
                    .chars()
                    .take(chars)
                    .map(char::len_utf8)
                    .sum::<usize>()
        }
    };
    (0..=at.min(text.len()))
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0)
}

fn apply(text: &str, edit: &Edit) -> String {
    match edit {
        Edit::Insert { at, text: inserted } => {
            let at = offset(text, *at);
            format!("{}{inserted}{}", &text[..at], &text[at..])
        }
        Edit::Delete { at, chars } => {
            let at = offset(text, *at);
            let end = at
                + text[at..]
                    .chars()
                    .take(*chars)
                    .map(char::len_utf8)
                    .sum::<usize>();
            format!("{}{}", &text[..at], &text[end..])
        }
    }
}

/// Loads `text` with the reloader and whole, and compares.
fn same_load(reloader: &mut Reloader, text: &str) -> Result<bool, TestCaseError> {
    let limits = Limits::default();
    let standards = PdfStandards::default();
    let whole = source::load_for("x.yaml", text.as_bytes(), &limits, standards);
    let again = reloader.load("x.yaml", text.as_bytes(), &limits, standards);
    match (&whole, &again) {
        (Ok(whole), Ok(again)) => prop_assert_eq!(whole, *again, "the briefing of {:?}", text),
        (Err(whole), Err(again)) => prop_assert_eq!(
            format!("{whole:?}"),
            format!("{again:?}"),
            "the errors of {:?}",
            text
        ),
        _ => prop_assert!(
            false,
            "one load failed, the other did not: {:?} / {:?} for {:?}",
            whole.as_ref().err(),
            again.as_ref().err(),
            text
        ),
    }
    Ok(reloader.spliced())
}

#[test]
fn a_reload_after_random_edits_equals_a_whole_load() {
    let sources = sources();
    let strategy = (0..sources.len(), proptest::collection::vec(edit(), 1..5));
    let mut runner = TestRunner::new(Config {
        cases: cases(256),
        failure_persistence: None,
        ..Config::default()
    });
    let spliced = std::cell::Cell::new(0usize);
    let loads = std::cell::Cell::new(0usize);
    runner
        .run(&strategy, |(source, edits)| {
            let mut reloader = Reloader::new();
            let mut versions = vec![sources[source].clone()];
            for edit in &edits {
                let next = apply(versions.last().expect("one version"), edit);
                versions.push(next);
            }
            // Each edit made, then each undone.
            let undone: Vec<String> = versions.iter().rev().skip(1).cloned().collect();
            for text in versions.iter().chain(&undone) {
                loads.set(loads.get() + 1);
                if same_load(&mut reloader, text)? {
                    spliced.set(spliced.get() + 1);
                }
            }
            Ok(())
        })
        .unwrap();
    // Not a vacuous test: a good share of the edits are read in part.
    eprintln!("{} of {} loads spliced", spliced.get(), loads.get());
    assert!(
        spliced.get() * 5 >= loads.get(),
        "{} of {} loads spliced",
        spliced.get(),
        loads.get()
    );
}

/// In every source that loads, a word changed in a section is read alone (so the random
/// edits above reach the splice on each of them).
#[test]
fn a_word_changed_in_each_source_is_read_alone() {
    let mut read_alone = 0;
    for text in sources() {
        let mut reloader = Reloader::new();
        let first = same_load(&mut reloader, &text);
        assert!(
            first.as_ref().is_ok_and(|spliced| !spliced),
            "{first:?}: {text}"
        );
        if source::load("x.yaml", &text).is_err() {
            continue;
        }
        let body = text.find("sections:").expect("sections");
        let words: Vec<usize> = text[body..]
            .match_indices(" the ")
            .map(|(at, _)| body + at)
            .collect();
        let Some(&at) = words.get(words.len() / 2) else {
            continue;
        };
        let edited = format!("{} a {}", &text[..at], &text[at + " the ".len()..]);
        let spliced = same_load(&mut reloader, &edited);
        assert!(
            spliced.as_ref().is_ok_and(|spliced| *spliced),
            "{spliced:?}: {edited}"
        );
        read_alone += 1;
    }
    eprintln!("{read_alone} sources");
    assert!(read_alone >= 8, "{read_alone} sources");
}
