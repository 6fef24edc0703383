//! The limits on one build: each ends in an error naming the file (and the place, where
//! there is one) instead of unbounded work, and each can be raised.

use briefing::layout::LayoutError;
use briefing::source::{self, ErrorKind, Limit, SourceError};
use briefing::{Error, Limits, Options};

const SEED: &str = include_str!("../source/india-russia.yaml");

fn within(limits: Limits) -> Options {
    Options {
        limits,
        ..Options::default()
    }
}

fn source_error(result: Result<briefing::Built, Error>) -> Box<SourceError> {
    match result {
        Err(Error::Source(err)) => err,
        Err(other) => panic!("expected a source error, got {other}"),
        Ok(built) => panic!("expected a source error, got {} pages", built.pages),
    }
}

/// A briefing with one table of `rows` rows of three columns, its `rows:` key on line 8.
fn table_source(rows: usize) -> String {
    let mut yaml = String::from(
        "title: Table\ndate: 2025-12-05\nsections:\n  - heading: Figures\n    blocks:\n      \
         - table:\n          columns: [Year, Exports, Imports]\n          rows:\n",
    );
    for row in 0..rows {
        yaml.push_str(&format!("            - [{}, {row}.5, 2.25]\n", 2000 + row));
    }
    yaml
}

#[test]
fn a_table_past_the_cell_limit_is_refused_where_its_rows_start() {
    let small = within(Limits {
        source: source::Limits {
            table_cells: 30,
            ..source::Limits::default()
        },
        ..Limits::default()
    });
    let ten = table_source(10);
    assert!(briefing::build_with("t.yaml", ten.as_bytes(), &small).is_ok());
    let eleven = table_source(11);
    let err = source_error(briefing::build_with("t.yaml", eleven.as_bytes(), &small));
    assert_eq!(err.kind, ErrorKind::Limit);
    assert_eq!((err.file.as_str(), err.line), ("t.yaml", 9), "{err}");
    assert!(
        err.message
            .contains("33 cells (11 rows of 3 columns); a table may have at most 30"),
        "{err}"
    );
    // The library names the limit; only the command line knows its flag.
    assert_eq!(err.limit, Some(Limit::TableCells));
    assert!(!err.help.as_deref().unwrap_or("").contains("--"), "{err:?}");
    // The default is generous.
    assert!(briefing::build_bytes("t.yaml", eleven.as_bytes()).is_ok());
}

#[test]
fn a_briefing_past_the_page_limit_names_the_file_and_the_limit() {
    let one_page = within(Limits {
        pages: 1,
        ..Limits::default()
    });
    match briefing::build_with("source/india-russia.yaml", SEED.as_bytes(), &one_page) {
        Err(Error::Layout(err)) => {
            assert_eq!(
                err,
                LayoutError::TooManyPages {
                    file: "source/india-russia.yaml".into(),
                    limit: 1
                }
            );
            assert_eq!(
                err.to_string(),
                "source/india-russia.yaml: the briefing runs to more than 1 page, the most a \
                 PDF may have"
            );
        }
        other => panic!("expected a page limit, got {:?}", other.map(|b| b.pages)),
    }
    let two_pages = within(Limits {
        pages: 2,
        ..Limits::default()
    });
    let built = briefing::build_with("seed.yaml", SEED.as_bytes(), &two_pages).expect("fits");
    assert_eq!(built.pages, 2);
}

#[test]
fn the_layout_refuses_a_briefing_far_past_the_page_limit() {
    // Some 150 pages of paragraphs against a limit of 3 (the layout stops setting blocks
    // once the column is taller than three pages).
    let paragraph = SEED
        .lines()
        .find(|line| line.trim_start().starts_with("- In December"))
        .map(|line| line.trim_start().trim_start_matches("- "))
        .unwrap_or("A paragraph of plain words that fills a few lines of the column.");
    let mut yaml =
        String::from("title: Long\ndate: 2025-12-05\nsections:\n  - heading: Body\n    blocks:\n");
    for _ in 0..1500 {
        yaml.push_str(&format!("      - {paragraph:?}\n"));
    }
    let briefing = source::load("long.yaml", &yaml).expect("valid");
    let err = briefing::layout::typeset(&briefing, briefing::text::FontBook::embedded(), 3)
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(err, LayoutError::TooManyPages { limit: 3, .. }));
}

#[test]
fn the_source_size_and_nesting_limits_can_be_lowered_and_raised() {
    let tight = Limits {
        source: source::Limits {
            source_bytes: 1024,
            ..source::Limits::default()
        },
        ..Limits::default()
    };
    let err = source_error(briefing::build_with(
        "seed.yaml",
        SEED.as_bytes(),
        &within(tight),
    ));
    assert_eq!((err.kind, err.line, err.column), (ErrorKind::Limit, 1, 1));
    assert!(
        err.message
            .contains("larger than 1024 bytes, the most a briefing may be"),
        "{err}"
    );

    let deep = format!("title: x\nkeywords: {}{}\n", "[".repeat(80), "]".repeat(80));
    let err = source_error(briefing::build_bytes("deep.yaml", deep.as_bytes()));
    assert_eq!(err.kind, ErrorKind::Limit);
    assert!(
        err.message.contains("nesting deeper than 64 levels"),
        "{err}"
    );
    let raised = within(Limits {
        source: source::Limits {
            depth: 100,
            ..source::Limits::default()
        },
        ..Limits::default()
    });
    let err = source_error(briefing::build_with("deep.yaml", deep.as_bytes(), &raised));
    assert_ne!(err.kind, ErrorKind::Limit, "past the depth limit: {err}");
    // Beyond the deserializer's own limit, the depth is capped rather than trusted.
    let absurd = within(Limits {
        source: source::Limits {
            depth: usize::MAX,
            ..source::Limits::default()
        },
        ..Limits::default()
    });
    let deeper = format!(
        "title: x\nkeywords: {}{}\n",
        "[".repeat(130),
        "]".repeat(130)
    );
    let err = source_error(briefing::build_with(
        "deeper.yaml",
        deeper.as_bytes(),
        &absurd,
    ));
    assert_eq!(err.kind, ErrorKind::Limit);
    assert!(err.message.contains("deeper than 128 levels"), "{err}");
}
