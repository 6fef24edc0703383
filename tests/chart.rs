//! Charts drawn from their table's data: what the display list holds, what a reader finds in
//! the PDF, and that editing the table redraws the chart.

mod common;

use std::process::Command;

use briefing::layout::{typeset, Item, Pages};

fn lay_out(name: &str, yaml: &str) -> Pages {
    let briefing = briefing::source::load(name, yaml).unwrap_or_else(|e| panic!("{e}"));
    let options = briefing::Options::default();
    let laid = typeset(&briefing, options.fonts, options.limits.pages).expect("within the limits");
    assert!(laid.warnings.is_empty(), "{:?}", laid.warnings);
    laid.pages
}

fn seed() -> String {
    std::fs::read_to_string("source/india-russia.yaml").unwrap()
}

/// The items of the first figure, with its alt.
fn figure(pages: &Pages) -> (Vec<Item>, String) {
    pages
        .pages
        .iter()
        .find_map(|page| {
            let figure = page.figures.first()?;
            Some((
                page.items[figure.items.clone()].to_vec(),
                figure.alt.clone(),
            ))
        })
        .expect("a figure")
}

/// The bars' heights, in drawing order (category by category, series by series).
fn bar_heights(items: &[Item]) -> Vec<f32> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Rect { h, .. } => Some(*h),
            _ => None,
        })
        .collect()
}

fn texts(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Text(t) => Some(t.text().to_string()),
            _ => None,
        })
        .collect()
}

fn pdf_text(yaml: &str) -> String {
    common::pdf_text(&briefing::build(yaml).unwrap())
}

#[test]
// 3.14 is India's exports in 2022-23, not an approximation of pi.
#[allow(clippy::approx_constant)]
fn the_seed_chart_draws_each_figure_of_the_table() {
    let (items, alt) = figure(&lay_out("seed.yaml", &seed()));
    assert!(alt.starts_with("Grouped bar chart"), "{alt}");
    // Two series over five years; the legend adds a swatch per series.
    let heights = bar_heights(&items);
    assert_eq!(heights.len(), 2 + 10, "{heights:?}");
    let bars = &heights[2..];
    let values = [
        2.66, 5.48, 3.25, 9.87, 3.14, 46.21, 4.26, 61.44, 4.88, 63.84,
    ];
    let scale = bars[9] / 63.84;
    for (bar, value) in bars.iter().zip(values) {
        assert!((bar - value * scale).abs() < 0.01, "{bar} for {value}");
    }
    let labels = texts(&items);
    for label in [
        "India's exports",
        "India's imports",
        "USD billion",
        "2020-21",
        "2024-25",
    ] {
        assert!(
            labels.iter().any(|l| l == label),
            "{label} not in {labels:?}"
        );
    }
    assert!(labels.iter().any(|l| l == "0.00") && labels.iter().any(|l| l == "70.00"));
}

#[test]
fn editing_a_figure_in_the_table_changes_the_table_and_the_chart() {
    let edited = seed().replace(
        "[2024-25, 4.88, 63.84, 68.72, -58.96]",
        "[2024-25, 4.88, 30.50, 35.38, -25.62]",
    );
    assert_ne!(edited, seed());
    let before = lay_out("seed.yaml", &seed());
    let after = lay_out("seed.yaml", &edited);
    let all_texts = |pages: &Pages| -> Vec<String> {
        pages.pages.iter().flat_map(|p| texts(&p.items)).collect()
    };
    assert!(all_texts(&before).contains(&"63.84".to_string()));
    assert!(all_texts(&after).contains(&"30.50".to_string()));
    assert!(!all_texts(&after).contains(&"63.84".to_string()));
    let (old_bars, new_bars) = (
        bar_heights(&figure(&before).0),
        bar_heights(&figure(&after).0),
    );
    // The last import bar is now about half the one before it (61.44), on the same scale.
    assert!((old_bars[11] / old_bars[9] - 63.84 / 61.44).abs() < 0.001);
    assert!((new_bars[11] / new_bars[9] - 30.50 / 61.44).abs() < 0.001);
    assert_eq!(old_bars[..11], new_bars[..11]);
}

#[test]
fn pdftotext_finds_the_ticks_legend_and_caption_of_the_seed_chart() {
    let text = pdf_text(&seed());
    for label in [
        "Figure 1.",
        "India's exports",
        "India's imports",
        "USD billion",
        "0.00",
        "10.00",
        "70.00",
        "2022-23",
    ] {
        assert!(text.contains(label), "{label:?} not in the PDF text");
    }
}

#[test]
fn negative_values_get_a_true_minus_and_hang_under_zero() {
    let yaml = std::fs::read_to_string("tests/fixtures/layout/chart-negative.yaml").unwrap();
    let (items, _) = figure(&lay_out("negative.yaml", &yaml));
    // The minus may come from another face than the figures: it is its own glyph run.
    let labels = texts(&items).join(" ").replace("\u{2212} ", "\u{2212}");
    assert!(labels.contains("\u{2212}60.00 "), "{labels}");
    assert!(!labels.contains(" -"), "{labels}");
    let zero_line = items
        .iter()
        .filter_map(|item| match item {
            Item::Rule { from, width, .. } if *width > 0.7 => Some(from.1),
            _ => None,
        })
        .next()
        .expect("a zero line");
    let balance_bars: Vec<(f32, f32)> = items
        .iter()
        .filter_map(|item| match item {
            Item::Rect { y, h, fill, .. } if *h > 0.0 && fill.is_some() => Some((*y, *h)),
            _ => None,
        })
        .skip(2)
        .skip(1)
        .step_by(2)
        .collect();
    assert_eq!(balance_bars.len(), 5);
    for (y, _) in balance_bars {
        assert!((y - zero_line).abs() < 0.01, "a balance bar starts at {y}");
    }
}

#[test]
fn the_pdf_carries_the_alt_text_with_the_drawing() {
    let pdf = briefing::build(&seed()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (packed, plain) = (dir.path().join("seed.pdf"), dir.path().join("qdf.pdf"));
    std::fs::write(&packed, pdf).unwrap();
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&packed)
        .arg(&plain)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let bytes = std::fs::read(&plain).unwrap();
    // qpdf writes the content stream's hex strings in lower case.
    let text = String::from_utf8_lossy(&bytes).to_lowercase();
    let alt: String = "Grouped bar"
        .encode_utf16()
        .map(|unit| format!("{unit:04x}"))
        .collect();
    // The drawing is the marked content of a `Figure` element, which carries the alt text
    // (see docs/accessibility.md).
    assert!(
        text.contains("/figure <</mcid "),
        "no /Figure marked content"
    );
    assert!(
        text.contains("/alt (grouped bar") || text.contains(&format!("/alt <feff{alt}")),
        "no Figure element with the alt text"
    );
    assert_eq!(text.matches(" bdc").count(), text.matches("emc").count());
}

#[test]
fn sixty_months_label_every_nth_month_without_overlap() {
    let yaml = std::fs::read_to_string("tests/fixtures/layout/chart-sixty.yaml").unwrap();
    let pages = lay_out("sixty.yaml", &yaml);
    let (items, _) = figure(&pages);
    let months: Vec<String> = texts(&items)
        .into_iter()
        .filter(|t| t.len() == 3 && t.chars().all(char::is_alphabetic))
        .collect();
    assert!(
        (5..=30).contains(&months.len()),
        "{} month labels",
        months.len()
    );
    let problems = briefing::layout::check::problems(&pages);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A briefing with one table and a chart of it, on `page`.
fn odd_chart(page: &str, columns: &[&str], rows: &[String], chart: &str) -> String {
    let columns: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                format!("\"{c}\"")
            } else {
                format!("{{title: \"{c}\", align: right, decimals: 1}}")
            }
        })
        .collect();
    format!(
        "title: Odd charts\ndate: 2025-12-05\npage: {page}\nsections:\n  - heading: Data\n    \
         blocks:\n      - A paragraph before the chart.\n      - chart: {chart}\n      - table:\n          \
         id: t\n          columns: [{}]\n          rows:\n{}\n",
        columns.join(", "),
        rows.iter()
            .map(|r| format!("            - {r}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

#[test]
fn charts_of_odd_shapes_stay_on_the_text_area_without_overlaps() {
    // As many series as a table fits across a Letter page (the table must fit too).
    let many: Vec<&str> = vec![
        "Category",
        "A longer series title",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
    ];
    let many_rows: Vec<String> = (0..7)
        .map(|i| {
            let cells: Vec<String> = (1..many.len())
                .map(|k| format!("{}", (i * k) as f64 * 1.5 - 20.0))
                .collect();
            format!("[\"Group {i}\", {}]", cells.join(", "))
        })
        .collect();
    let series = many[1..]
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let cases = [
        odd_chart(
            "{size: Letter, margins: 10mm}",
            &many,
            &many_rows,
            &format!("{{kind: bar, table: t, x: Category, series: [{series}], alt: Many series.}}"),
        ),
        odd_chart(
            "{size: Letter, margins: 10mm}",
            &many,
            &many_rows,
            &format!("{{kind: line, table: t, x: Category, series: [{series}], alt: Many lines.}}"),
        ),
        odd_chart(
            "{size: Letter, margins: {top: 60mm, right: 10mm, bottom: 60mm, left: 40mm}}",
            &["Name", "Value"],
            &[
                "[Incomprehensibilities-of-a-very-long-hyphenated-category-name-indeed, 1e15]"
                    .into(),
                "[Short, -1e15]".into(),
                "[null, null]".into(),
            ],
            "{kind: bar, table: t, x: Name, series: [Value], alt: Extremes., height: 2in}",
        ),
        odd_chart(
            "{size: A4}",
            &["Name", "Value"],
            &["[Only, null]".into(), "[Nothing, null]".into()],
            "{kind: line, table: t, x: Name, series: [Value], alt: No figures at all.}",
        ),
        odd_chart(
            "{size: A4}",
            &["Name", "Value"],
            &["[One, -3.5]".into()],
            "{kind: line, table: t, x: Name, series: [Value], alt: One negative figure.}",
        ),
        odd_chart(
            "{size: A5, margins: 10mm}",
            &["Day", "Value"],
            &(0..400)
                .map(|i| format!("[\"Day {i}\", {}]", (i % 17) as f64 - 8.0))
                .collect::<Vec<_>>(),
            "{kind: bar, table: t, x: Day, series: [Value], alt: Four hundred days.}",
        ),
    ];
    for yaml in cases {
        let briefing =
            briefing::source::load("odd.yaml", &yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        let options = briefing::Options::default();
        let laid =
            typeset(&briefing, options.fonts, options.limits.pages).expect("within the limits");
        let problems = briefing::layout::check::problems(&laid.pages);
        assert!(problems.is_empty(), "{yaml}\n{problems:#?}");
        assert!(
            laid.pages.pages.iter().any(|p| !p.figures.is_empty()),
            "{yaml}"
        );
        briefing::build(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    }
}
