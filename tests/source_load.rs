//! The seed briefing loads into the expected model, with every sentence of the article
//! (`fixtures/source/article.txt` is a copy of the published article).

use briefing::source::{self, Block, Briefing, Cell, Column, Inline, ListItem, Section};

const SEED: &str = include_str!("../source/india-russia.yaml");
const ARTICLE: &str = include_str!("fixtures/source/article.txt");

fn seed() -> Briefing {
    match source::load("source/india-russia.yaml", SEED) {
        Ok(briefing) => briefing,
        Err(err) => panic!("the seed does not load: {err}"),
    }
}

fn bullets(blocks: &[Block]) -> &[ListItem] {
    blocks
        .iter()
        .find_map(|block| match block {
            Block::Bullets { bullets } => Some(bullets.as_slice()),
            _ => None,
        })
        .expect("a bullet list")
}

fn nested(blocks: &[Block]) -> &Section {
    blocks
        .iter()
        .find_map(|block| match block {
            Block::Section(section) => Some(section),
            _ => None,
        })
        .expect("a nested section")
}

/// Every string of the model, in order.
fn all_text(briefing: &Briefing) -> String {
    fn walk(out: &mut Vec<String>, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(text) | Block::Note { note: text } => out.push(text.plain()),
                Block::Section(section) => {
                    out.push(section.heading.plain());
                    walk(out, &section.blocks);
                }
                Block::Bullets { bullets: items } | Block::Numbered { numbered: items } => {
                    out.extend(items.iter().map(|item| item.text().plain()))
                }
                Block::Table { .. } | Block::Chart { .. } => {}
            }
        }
    }
    let mut out = vec![briefing.title.plain()];
    out.extend(briefing.lede.as_ref().map(Inline::plain));
    for section in &briefing.sections {
        out.push(section.heading.plain());
        walk(&mut out, &section.blocks);
    }
    out.join("\n")
}

/// Undoes smart punctuation, to compare with the article as published.
fn straighten(text: &str) -> String {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
}

#[test]
fn seed_has_the_articles_structure() {
    let briefing = seed();
    assert_eq!(
        briefing.title.plain(),
        "India-Russia bilateral relationship"
    );
    assert_eq!(briefing.date.to_string(), "2025-12-05");
    assert_eq!(briefing.language, "en");
    assert_eq!(briefing.sections.len(), 2);

    let about = &briefing.sections[0];
    assert_eq!(about.heading.plain(), "About");
    assert_eq!(about.blocks.len(), 2);
    let key_areas = nested(&about.blocks);
    assert_eq!(key_areas.heading.plain(), "Key Areas of Cooperation");
    assert_eq!(bullets(&key_areas.blocks).len(), 6);

    let recent = &briefing.sections[1];
    assert_eq!(recent.heading.plain(), "Recent Developments and Challenges");
    assert_eq!(bullets(&recent.blocks).len(), 5);
    assert!(
        matches!(recent.blocks.last(), Some(Block::Paragraph(p)) if p.plain().starts_with("Despite")),
        "the closing paragraph follows the bullets"
    );
}

#[test]
fn bullets_open_with_a_bold_lead_in() {
    let briefing = seed();
    let key_areas = nested(&briefing.sections[0].blocks);
    let items = bullets(&key_areas.blocks)
        .iter()
        .chain(bullets(&briefing.sections[1].blocks));
    let mut count = 0;
    for item in items {
        let runs = &item.text().runs;
        assert!(
            runs[0].bold,
            "{:?} does not open in bold",
            item.text().source
        );
        assert!(runs[0].text.ends_with(':'), "{:?}", runs[0].text);
        assert!(!runs[1].bold);
        count += 1;
    }
    assert_eq!(count, 11);
    let first = bullets(&key_areas.blocks)[0].text();
    assert_eq!(first.runs[0].text, "Politics and Diplomacy:");
}

#[test]
fn quotes_come_out_typographic() {
    let briefing = seed();
    let Block::Paragraph(about) = &briefing.sections[0].blocks[0] else {
        panic!("About opens with a paragraph");
    };
    let text = about.plain();
    assert!(text.contains("\u{201c}Special and Privileged Strategic Partnership\u{201d}"));
    assert!(text.contains("India\u{2019}s foreign policy"));
    assert!(!text.contains('"') && !text.contains('\''));
}

#[test]
fn every_sentence_of_the_article_is_in_the_briefing() {
    let text = straighten(&all_text(&seed()));
    let mut checked = 0;
    for line in ARTICLE.lines().map(str::trim) {
        if line.is_empty() || line == "Download Pdf" {
            continue;
        }
        let line = line.strip_prefix("- ").unwrap_or(line);
        for sentence in line.trim_end_matches(':').split(". ") {
            assert!(
                text.contains(sentence),
                "missing from the seed: {sentence:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} sentences checked");
    assert!(!text.contains("Download Pdf"));
}

#[test]
fn trade_table_adds_up() {
    let briefing = seed();
    let key_areas = nested(&briefing.sections[0].blocks);
    let table = key_areas
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Table { table } => Some(table),
            _ => None,
        })
        .expect("the trade table");
    assert_eq!(table.id.as_deref(), Some("trade"));
    let titles: Vec<&str> = table.columns.iter().map(Column::title).collect();
    assert_eq!(
        titles,
        [
            "Financial year",
            "India's exports",
            "India's imports",
            "Total trade",
            "Balance"
        ]
    );
    assert!(table.columns[1..]
        .iter()
        .all(|c| c.decimals() == Some(2) && c.align() == source::Align::Right));
    assert_eq!(table.rows.len(), 5);
    for row in &table.rows {
        let [Cell::Text(_), Cell::Number(exports), Cell::Number(imports), Cell::Number(total), Cell::Number(balance)] =
            row.as_slice()
        else {
            panic!("unexpected row {row:?}");
        };
        assert!((exports + imports - total).abs() < 0.005, "{row:?}");
        assert!((exports - imports - balance).abs() < 0.005, "{row:?}");
    }
    assert!(table
        .caption
        .as_ref()
        .is_some_and(|c| !c.plain().is_empty()));
    assert!(table
        .source
        .as_ref()
        .is_some_and(|s| s.plain().starts_with("Department of Commerce")));
}

#[test]
fn every_string_knows_its_line_and_column() {
    let briefing = seed();
    let lines: Vec<&str> = SEED.lines().collect();
    let line_of = |inline: &Inline| lines[inline.at.expect("a position").line as usize - 1];
    // The text from the string's column on.
    let from_column = |inline: &Inline| -> String {
        let at = inline.at.expect("a position");
        line_of(inline)
            .chars()
            .skip(at.column as usize - 1)
            .collect()
    };
    assert!(line_of(&briefing.title).starts_with("title: India-Russia"));
    assert!(from_column(&briefing.title).starts_with("India-Russia"));
    let lede = briefing.lede.as_ref().expect("a lede");
    assert!(line_of(lede).trim().starts_with("In December 2025"));
    let key_areas = nested(&briefing.sections[0].blocks);
    for item in bullets(&key_areas.blocks) {
        let first_line = item
            .text()
            .source
            .split(' ')
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(line_of(item.text()).contains(&first_line), "{first_line}");
        assert!(
            from_column(item.text()).contains(&first_line),
            "{first_line}"
        );
    }
}

#[test]
fn every_table_cell_and_column_knows_its_place() {
    let yaml = "title: T\ndate: 2025-01-01\nsections:\n  - heading: H\n    blocks:\n      - table:\n          columns: [Year, {title: Value, decimals: 1}]\n          rows:\n            - [2020, 1.5]\n            - [\"2021\",   2.25]\n";
    let briefing = briefing::source::load("t.yaml", yaml).expect("loads");
    let Block::Table { table } = &briefing.sections[0].blocks[0] else {
        panic!("a table");
    };
    let at = |line, column| briefing::source::Position { line, column };
    assert_eq!(table.columns_at, vec![at(7, 21), at(7, 27)]);
    assert_eq!(
        table.cells_at,
        vec![vec![at(9, 16), at(9, 22)], vec![at(10, 16), at(10, 26)]]
    );
}

/// `en_dash_ranges` is the source stage's rule, applied where it runs for text: table cells
/// come out of `load` with their number ranges already en-dashed (the layout and the charts
/// read them as they are), column titles and cells elsewhere untouched.
#[test]
fn en_dash_ranges_reach_table_cells_in_the_source_stage() {
    let yaml = "title: T\ndate: 2025-12-05\nen_dash_ranges: true\nsections:\n  - heading: H\n    \
                blocks:\n      - FY 2024-25 grew.\n      - table:\n          columns: [Year 2024-25, \
                {title: Value, align: right}]\n          rows:\n            - [2023-24, 1.5]\n            \
                - [India-Russia, 2]\n";
    let briefing = briefing::source::load("dash.yaml", yaml).unwrap_or_else(|e| panic!("{e}"));
    let Block::Table { table } = &briefing.sections[0].blocks[1] else {
        panic!("the second block is the table");
    };
    assert_eq!(table.rows[0][0], Cell::Text("2023\u{2013}24".into()));
    assert_eq!(table.rows[1][0], Cell::Text("India-Russia".into()));
    assert_eq!(
        table.columns[0].title(),
        "Year 2024-25",
        "titles name columns for charts"
    );
    let Block::Paragraph(text) = &briefing.sections[0].blocks[0] else {
        panic!("the first block is the paragraph");
    };
    assert_eq!(text.plain(), "FY 2024\u{2013}25 grew.");
}

/// A chart's `height` is bounded by the text area the layout will have, which keeps room for
/// the running header and footer even where the margins are 0.
#[test]
fn a_chart_height_is_bounded_by_the_text_area_the_layout_keeps() {
    let yaml = |height: u32| {
        format!(
            "title: T\ndate: 2025-12-05\npage: {{size: A5, margins: {{top: 0mm, right: 15mm, \
             bottom: 0mm, left: 15mm}}}}\nsections:\n  - heading: H\n    blocks:\n      - table:\n          \
             id: t\n          columns: [Year, {{title: Value, align: right}}]\n          rows:\n            \
             - [2024, 1.5]\n      - chart: {{kind: bar, table: t, x: Year, series: [Value], \
             alt: One bar., height: {height}pt}}\n"
        )
    };
    // A5 is 595 pt tall; the header and footer keep 14 mm (39.7 pt) each.
    let err = source::load("h.yaml", &yaml(540)).expect_err("taller than the text area");
    assert!(err.to_string().contains("text area's 516pt"), "{err}");
    assert!(source::load("h.yaml", &yaml(500)).is_ok());
}
