//! The seed as a reader gets it: every sentence of the article is in the PDF's text layer,
//! with the trade table's figures.

use std::process::Command;

/// The PDF's text as pdftotext gives it, with line-end hyphenation and whitespace folded
/// and curly quotes made straight, so it can be compared with the article as published.
fn seed_text() -> String {
    let yaml = std::fs::read_to_string("source/india-russia.yaml").unwrap();
    let pdf = briefing::build(&yaml).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut joined = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let next_starts_lower = lines
            .peek()
            .and_then(|l| l.chars().next())
            .is_some_and(char::is_lowercase);
        match line.strip_suffix('-') {
            Some(stem) if next_starts_lower => joined.push_str(stem),
            _ => {
                joined.push_str(line);
                joined.push(' ');
            }
        }
    }
    let folded: Vec<&str> = joined.split_whitespace().collect();
    folded.join(" ").replace(['“', '”'], "\"").replace('’', "'")
}

#[test]
fn every_sentence_of_the_article_is_in_the_pdf() {
    let text = seed_text();
    let article = std::fs::read_to_string("tests/fixtures/source/article.txt").unwrap();
    let mut missing = Vec::new();
    for line in article
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "Download Pdf")
    {
        let line = line.trim().trim_start_matches("- ").trim_end_matches(':');
        for sentence in line.split_inclusive(". ") {
            let words: Vec<&str> = sentence.split_whitespace().collect();
            let sentence = words.join(" ");
            if !sentence.is_empty() && !text.contains(sentence.trim_end_matches(':')) {
                missing.push(sentence);
            }
        }
    }
    assert!(missing.is_empty(), "missing from the PDF: {missing:#?}");
}

#[test]
fn the_trade_table_figures_are_in_the_pdf() {
    let text = seed_text();
    for figure in ["2.66", "63.84", "68.72", "\u{2212}58.96", "2024-25"] {
        assert!(text.contains(figure), "{figure} missing");
    }
}
