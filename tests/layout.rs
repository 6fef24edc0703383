//! Layout: snapshots of the display list for the seed and focused fixtures, and the
//! measurable rules of good setting checked on every one of them.

mod common;

use briefing::layout::{check, typeset, Item, Laid, Pages};

fn lay_out(path: &str) -> Laid {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let briefing = briefing::source::load(path, &text).unwrap_or_else(|e| panic!("{e}"));
    let options = briefing::Options::default();
    typeset(&briefing, options.fonts, options.limits.pages).expect("within the limits")
}

fn fixture(name: &str) -> Laid {
    lay_out(&format!("tests/fixtures/layout/{name}.yaml"))
}

/// Every fixture and the seed, with its name.
fn all() -> Vec<(String, Laid)> {
    common::layout_sources()
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, lay_out(p.to_str().unwrap()))
        })
        .collect()
}

/// The texts of a page's items, in order.
fn texts(pages: &Pages, page: usize) -> Vec<String> {
    text_of(&pages.pages[page].items)
}

/// The texts of a page's running header and footer, in order.
fn furniture_texts(pages: &Pages, page: usize) -> Vec<String> {
    text_of(&pages.pages[page].furniture)
}

fn text_of(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Text(t) => Some(t.text().to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn display_lists_match_snapshots() {
    for (name, laid) in all() {
        insta::assert_snapshot!(name, laid.pages.to_text());
    }
}

#[test]
fn nothing_outside_the_text_area_and_nothing_overlaps() {
    for (name, laid) in all() {
        let problems = check::problems(&laid.pages);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}

#[test]
fn the_seed_sets_without_warnings() {
    let laid = lay_out("source/india-russia.yaml");
    let messages: Vec<_> = laid.warnings.iter().map(|w| &w.message).collect();
    assert!(messages.is_empty(), "{messages:?}");
    assert!(
        laid.pages.pages.len() <= 2,
        "the seed takes {} pages",
        laid.pages.pages.len()
    );
}

#[test]
fn a_split_table_repeats_its_header_on_every_page() {
    let laid = fixture("long-table");
    let pages = &laid.pages;
    assert!(pages.pages.len() >= 2, "the table should cross a page");
    for page in 0..pages.pages.len() {
        let on_page = texts(pages, page);
        assert!(
            on_page.iter().any(|t| t.contains("Financial")),
            "page {} lacks the header row",
            page + 1
        );
    }
}

#[test]
fn headings_keep_two_lines_of_what_follows() {
    for (name, laid) in all() {
        let pages = &laid.pages;
        for entry in &pages.outline {
            let below: std::collections::BTreeSet<i64> = pages.pages[entry.page]
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(t) if t.y > entry.y + 25.0 => Some((t.y * 100.0) as i64),
                    _ => None,
                })
                .collect();
            assert!(
                below.len() >= 2,
                "{name}: heading {:?} is not followed by two lines on page {}",
                entry.title,
                entry.page + 1
            );
        }
    }
}

#[test]
fn footers_count_pages_and_headers_start_on_page_two() {
    let laid = fixture("paragraph-across-pages");
    let pages = &laid.pages;
    let count = pages.pages.len();
    assert!(count >= 2);
    for i in 0..count {
        let furniture = furniture_texts(pages, i);
        assert!(
            furniture.contains(&format!("Page {} of {count}", i + 1)),
            "{furniture:?}"
        );
        assert_eq!(furniture.iter().any(|t| t == "5 December 2025"), i > 0);
    }
}

#[test]
fn table_numbers_use_a_true_minus_and_fixed_decimals() {
    let laid = fixture("long-table");
    let all: Vec<String> = (0..laid.pages.pages.len())
        .flat_map(|p| texts(&laid.pages, p))
        .collect();
    assert!(
        all.concat().contains("\u{2212}1.70"), // the minus may come from a fallback face
        "no −1.70 in {all:?}"
    );
    assert!(all.iter().any(|t| t == "1.50"), "decimals not fixed at 2");
    assert!(!all.iter().any(|t| t.starts_with('-')));
}

#[test]
fn typography_meets_the_bar_on_every_fixture() {
    for (name, laid) in all() {
        let r = &laid.report;
        let summary = format!("{name}:\n{r}");
        assert_eq!(r.overfull_lines, 0, "{summary}");
        assert_eq!(r.widows, 0, "{summary}");
        assert_eq!(r.orphans, 0, "{summary}");
        assert_eq!(r.stranded_headings, 0, "{summary}");
        assert_eq!(r.split_rows, 0, "{summary}");
        assert!(r.lines > 0, "{summary}");
        // Issue 16's targets, on every fixture: at most 10 % of justified lines hyphenated,
        // never two lines in a row ending in a hyphen, no capitalized word cut; word spaces
        // within 0.85..1.35 of natural for 95 % of justified lines, none looser than 1.6; and
        // no justified line left short of the margin.
        assert_eq!(r.ragged_justified_lines, 0, "{summary}");
        assert!(r.hyphenated_share() <= 0.10, "{summary}");
        assert!(r.max_consecutive_hyphens <= 1, "{summary}");
        assert_eq!(r.capitalized_cuts, 0, "{summary}");
        let [p5, p50, p95] = r.space_ratio_percentiles;
        assert!(p5 >= 0.85 && p5 <= p50 && p50 <= p95, "{summary}");
        assert!(p95 <= 1.35, "{summary}");
        assert!(r.space_ratio_max <= 1.6, "{summary}");
        // Spaces never shrink past 0.85: letter spacing takes the rest.
        assert!(r.space_ratio_min >= 0.849, "{summary}");
        // Rivers: at most one chain of aligned spaces per five justified lines (the A5
        // fixture, one sentence repeated, has 6 in 64 lines; the seed none in 29).
        assert!(r.rivers * 5 <= r.justified_lines.max(5), "{summary}");
    }
}

#[test]
fn the_seed_keeps_names_whole_and_hyphenates_a_tenth_of_its_lines_at_most() {
    let laid = lay_out("source/india-russia.yaml");
    let r = &laid.report;
    // Before issue 16: 15 hyphenated lines of 45, three pairs in a row, "In-dia" and "Rus-sia"
    // cut; with tuned costs 6 of 29; with letter spacing none of 30; with font expansion
    // none of 29.
    assert!(r.hyphenated_share() <= 0.10, "{r}");
    assert_eq!(r.capitalized_cuts, 0, "{r}");
    assert!(r.max_consecutive_hyphens <= 1, "{r}");
    let text: Vec<String> = (0..laid.pages.pages.len())
        .flat_map(|p| texts(&laid.pages, p))
        .collect();
    for cut in ["In\u{AD}", "Rus\u{AD}", "Indi\u{AD}", "Rus\u{AD}sia"] {
        assert!(
            !text.iter().any(|t| t.ends_with(cut)),
            "{cut:?} in {text:?}"
        );
    }
}

#[test]
fn marks_hang_into_the_margins_by_their_protrusion_only() {
    // The check allows exactly the protrusion: moving a hung line 0.05 pt further out is
    // caught.
    let laid = lay_out("source/india-russia.yaml");
    let area = laid.pages.text_area;
    let mut hung = 0;
    for page in &laid.pages.pages {
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            if t.x + t.width > area.x + area.w + 0.01 {
                hung += 1;
                let mut pages = laid.pages.clone();
                let moved =
                    pages
                        .pages
                        .iter_mut()
                        .flat_map(|p| &mut p.items)
                        .find_map(|i| match i {
                            Item::Text(m) if m == t => Some(m),
                            _ => None,
                        });
                moved.expect("the item").x += 0.05;
                assert!(
                    !check::problems(&pages).is_empty(),
                    "{:?} moved past its protrusion passes the check",
                    t.text()
                );
            }
        }
    }
    assert!(
        hung > 3,
        "the seed has lines ending in a period, comma or hyphen"
    );
}

#[test]
fn the_report_counts_what_it_claims() {
    let laid = fixture("seed-a5");
    let r = &laid.report;
    assert!(r.pages >= 2);
    assert!(r.justified_lines > 20, "{r}");
    assert!(
        r.hyphenated_lines > 0,
        "the seed's bullets on an A5 measure need a few hyphens: {r}"
    );
    assert!(r.space_ratio_min >= 0.66 && r.space_ratio_max > 1.0, "{r}");
    let [p5, p50, p95] = r.space_ratio_percentiles;
    assert!(p5 < p50 && p50 < p95, "{r}");
    assert!(r.rivers > 0, "a narrow measure has some: {r}");
}

#[test]
fn number_ranges_take_an_en_dash_where_the_source_opts_in() {
    let laid = fixture("long-table");
    let all: Vec<String> = (0..laid.pages.pages.len())
        .flat_map(|p| texts(&laid.pages, p))
        .collect();
    assert!(
        all.iter().any(|t| t == "2000\u{2013}01"),
        "{:?}",
        &all[..12]
    );
    let seed = lay_out("source/india-russia.yaml");
    let seed_texts: Vec<String> = (0..seed.pages.pages.len())
        .flat_map(|p| texts(&seed.pages, p))
        .collect();
    assert!(
        seed_texts.iter().any(|t| t == "2020-21"),
        "the seed does not opt in"
    );
}

/// Builds a fixture of `tests/fixtures/layout-errors/` and returns the layout error.
fn layout_error(name: &str) -> briefing::layout::LayoutError {
    let path = format!("tests/fixtures/layout-errors/{name}.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let briefing = briefing::source::load(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let fonts = briefing::text::FontBook::embedded();
    match typeset(&briefing, fonts, 2000) {
        Ok(_) => panic!("{path} laid out without an error"),
        Err(err) => err,
    }
}

#[test]
fn a_table_too_wide_for_the_page_is_an_error_at_its_line() {
    let err = layout_error("table-too-wide");
    let at = err.at().expect("a place");
    assert_eq!((at.line, at.column), (9, 11), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("this table is 183 mm too wide"),
        "{message}"
    );
    assert!(
        err.help().is_some_and(|h| h.contains("wider page")),
        "{err:?}"
    );
    let err = layout_error("column-too-narrow");
    assert!(
        err.to_string().contains("column `Value` is 5 mm wide"),
        "{err}"
    );
}

#[test]
fn words_are_cut_only_with_a_hyphen_and_a_warning_at_their_cell() {
    let laid = fixture("narrow-columns");
    let cut: Vec<_> = laid
        .warnings
        .iter()
        .filter(|w| w.kind == briefing::layout::WarningKind::WordHyphenated)
        .collect();
    assert!(!cut.is_empty());
    // `international` is the first cell of the second row: line 13, column 16.
    assert!(
        cut.iter()
            .any(|w| w.at.is_some_and(|at| (at.line, at.column) == (13, 16))
                && w.message.contains("international")),
        "{cut:#?}"
    );
    let words: Vec<String> = texts(&laid.pages, 0);
    assert!(words.iter().any(|t| t == "inter\u{ad}"), "{words:?}");
    assert!(words.iter().any(|t| t == "Col\u{ad}"), "{words:?}");
}

#[test]
fn columns_keep_their_widest_word_when_it_fits() {
    for name in [
        "month-remarks-table",
        "programme-table",
        "min-content-table",
        "seed-a5",
    ] {
        let laid = fixture(name);
        let all: Vec<String> = (0..laid.pages.pages.len())
            .flat_map(|p| texts(&laid.pages, p))
            .collect();
        for word in ["2016-01", "Programme", "BrahMos", "Agreement", "Financial"] {
            assert!(
                !all.iter()
                    .any(|t| word.starts_with(t.as_str()) && t.len() < word.len() && t.len() > 1),
                "{name}: {word} is cut: {all:?}"
            );
        }
        assert!(laid.warnings.is_empty(), "{name}: {:?}", laid.warnings);
    }
}

#[test]
fn a_row_taller_than_a_page_splits_under_the_repeated_header() {
    let laid = fixture("split-row");
    let pages = &laid.pages;
    assert!(pages.pages.len() >= 3, "{} pages", pages.pages.len());
    for page in 1..pages.pages.len() {
        let on_page = texts(pages, page);
        assert!(
            on_page.iter().any(|t| t == "Note"),
            "page {} lacks the header",
            page + 1
        );
    }
    let last = texts(pages, pages.pages.len() - 1);
    assert!(
        last.iter().any(|t| t.contains("Another short row")),
        "{last:?}"
    );
    assert_eq!(laid.report.split_rows, 0);
}

#[test]
fn numbered_list_markers_hang_inside_the_text_area() {
    let laid = fixture("long-numbered-list");
    let area = laid.pages.text_area;
    for page in &laid.pages.pages {
        for item in &page.items {
            if let Item::Text(t) = item {
                assert!(t.x >= area.x - 0.01, "{:?} at {}", t.text(), t.x);
            }
        }
    }
    let all: Vec<String> = (0..laid.pages.pages.len())
        .flat_map(|p| texts(&laid.pages, p))
        .collect();
    assert!(all.iter().any(|t| t == "105."), "{all:?}");
}

#[test]
fn a_long_title_is_shortened_in_the_running_header() {
    let laid = fixture("long-title");
    let header = furniture_texts(&laid.pages, 1);
    assert!(
        header
            .iter()
            .any(|t| t.starts_with("India–Russia bilateral") && t.ends_with('…')),
        "{header:?}"
    );
}

#[test]
fn custom_page_sizes_are_accepted_and_narrow_margins_keep_the_furniture_on_the_paper() {
    let yaml = "title: Custom\ndate: 2025-12-05\npage: {size: {width: 170mm, height: 240mm}, margins: 5mm}\nsections:\n  - heading: Body\n    blocks:\n      - A paragraph.\n";
    let briefing = briefing::source::load("custom.yaml", yaml).expect("valid");
    let laid = typeset(&briefing, briefing::text::FontBook::embedded(), 10).expect("laid out");
    let (w, h) = laid.pages.size;
    assert!(
        (w - 481.89).abs() < 0.01 && (h - 680.31).abs() < 0.01,
        "{w}x{h}"
    );
    let area = laid.pages.text_area;
    assert!((area.x - 14.17).abs() < 0.01, "{area:?}");
    assert!((area.y - 39.69).abs() < 0.01, "{area:?}");
    assert!(check::problems(&laid.pages).is_empty());
}

/// With no side margins, a justified line's closing comma or hyphen once hung up to 2 pt
/// past the paper's edge (hanging punctuation), and the safety net, which allowed the
/// protrusion past the text area, let it through: a side margin is now at least 2 mm, and
/// the net checks every item against the paper too.
#[test]
fn punctuation_hangs_onto_the_paper_when_the_side_margins_are_zero() {
    let sentence = "cooperation, procurement, interoperability; agreement-based delegations, ";
    let yaml = format!(
        "title: Edge\ndate: 2025-12-05\npage: {{size: Letter, margins: 0mm}}\nsections:\n  - heading: Body\n    blocks:\n      - \"{}\"\n",
        sentence.repeat(60)
    );
    let briefing = briefing::source::load("edge.yaml", &yaml).expect("valid");
    let laid = typeset(&briefing, briefing::text::FontBook::embedded(), 10).expect("laid out");
    let area = laid.pages.text_area;
    assert!((area.x - 5.67).abs() < 0.01, "{area:?}");
    let (width, _) = laid.pages.size;
    let mut hung = 0;
    for page in &laid.pages.pages {
        for item in &page.items {
            let Item::Text(text) = item else { continue };
            assert!(text.x >= 0.0 && text.x + text.width <= width, "{text:?}");
            hung += usize::from(text.x + text.width > area.x + area.w + 0.5);
        }
    }
    assert!(hung > 0, "no mark hung: the case tests nothing");
    let mut moved = laid.clone();
    moved.pages.pages[0].items.iter_mut().for_each(|item| {
        if let Item::Text(text) = item {
            text.x += area.x + 1.0;
        }
    });
    let problems = check::problems(&moved.pages);
    assert!(
        problems.iter().any(|p| p.contains("outside")),
        "{problems:?}"
    );
}

#[test]
fn the_safety_net_finds_what_is_off_the_page_or_overlapping() {
    let mut laid = fixture("note-box");
    assert!(check::problems(&laid.pages).is_empty());
    let page = &mut laid.pages.pages[0];
    let moved = page
        .items
        .iter()
        .position(|item| matches!(item, Item::Text(_)))
        .unwrap();
    let copy = page.items[moved].clone();
    page.items.push(copy.clone());
    page.items.push(copy.translated(2000.0, 0.0));
    let problems = check::problems(&laid.pages);
    assert!(
        problems.iter().any(|p| p.contains("outside the text area")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("overlaps")),
        "{problems:?}"
    );
}

/// A table row taller than a page, split across pages, then a chart of that table: its
/// category label (the row's whole text) once made the drawing taller than the A5 page left
/// it (top and bottom margins 0), and the safety net refused the build. The label is now
/// shortened to one line with an ellipsis, with a warning at the chart.
#[test]
fn a_chart_label_too_long_for_the_chart_is_shortened_not_set_off_the_page() {
    let laid = fixture("chart-long-label");
    assert!(check::problems(&laid.pages).is_empty());
    let shortened: Vec<_> = laid
        .warnings
        .iter()
        .filter(|w| w.kind == briefing::layout::WarningKind::LabelShortened)
        .collect();
    assert_eq!(shortened.len(), 1, "{:?}", laid.warnings);
    assert_eq!(
        shortened[0].at.map(|at| at.line),
        Some(17),
        "the warning names the chart's line"
    );
    let last = laid.pages.pages.len() - 1;
    let labels: Vec<String> = texts(&laid.pages, last)
        .into_iter()
        .filter(|t| t.starts_with("tall row text") && t.ends_with('…'))
        .collect();
    assert_eq!(labels.len(), 1, "{:?}", texts(&laid.pages, last));
    // The row itself is set whole, split between its lines, over several pages.
    let words: usize = (0..laid.pages.pages.len())
        .flat_map(|p| texts(&laid.pages, p))
        .filter(|t| !t.ends_with('…'))
        .map(|t| t.matches("row").count())
        .sum();
    assert_eq!(words, 400);
}
