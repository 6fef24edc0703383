//! The seed as a reader gets it: every sentence of the article is in the PDF's text layer,
//! with the trade table's figures, both as poppler lays the page out and in the order the
//! content streams draw it (the order pdf.js and untagged screen reading follow).

mod common;

use std::process::Command;

/// The PDF's text as pdftotext gives it, with line-end hyphenation and whitespace folded
/// and curly quotes made straight, so it can be compared with the article as published. A
/// hyphen the breaker added is a soft hyphen in the text layer, so a line ending in one joins
/// the next without it; a line ending in a hyphen of the source joins it with the hyphen.
/// With `stream_order`, the text is taken in the order the content streams draw it
/// (`pdftotext -raw`).
fn seed_text(stream_order: bool) -> String {
    let text = pdftotext(stream_order);
    let mut joined = String::new();
    for line in text.lines() {
        let line = line.trim_end();
        if let Some(stem) = line.strip_suffix('\u{AD}') {
            joined.push_str(stem);
        } else if line.ends_with('-') {
            joined.push_str(line);
        } else {
            joined.push_str(line);
            joined.push(' ');
        }
    }
    let folded: Vec<&str> = joined.split_whitespace().collect();
    folded.join(" ").replace(['“', '”'], "\"").replace('’', "'")
}

/// The seed PDF's text layer as pdftotext prints it (`-raw`: in content-stream order).
fn pdftotext(stream_order: bool) -> String {
    pdftotext_of("source/india-russia.yaml", stream_order)
}

/// The text layer of the PDF built from the source at `path`.
fn pdftotext_of(path: &str, stream_order: bool) -> String {
    let yaml = std::fs::read_to_string(path).unwrap();
    let pdf = briefing::build(&yaml).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut pdftotext = Command::new("pdftotext");
    // `-layout` keeps a hyphen that ends a line; poppler's default mode drops it and joins
    // the words ("India-" over "Russia" reads "IndiaRussia"), a guess of its own that the
    // text layer does not ask for.
    pdftotext.arg(if stream_order { "-raw" } else { "-layout" });
    let out = pdftotext
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn added_hyphens_are_soft_hyphens_in_the_text_layer() {
    // The seed on A4 sets without a hyphen the breaker adds; on A5 it needs a few.
    let path = "tests/fixtures/layout/seed-a5.yaml";
    let text = pdftotext_of(path, false);
    let source = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut soft = 0;
    for pair in lines.windows(2) {
        let next = pair[1].split_whitespace().next().unwrap_or_default();
        let last = pair[0].split_whitespace().next_back().unwrap_or_default();
        if let Some(stem) = last.strip_suffix('\u{AD}') {
            // Copying gives the whole word: the soft hyphen is all that marks the break.
            soft += 1;
            assert!(!stem.ends_with('-'), "{last:?}");
        } else if last.ends_with('-') {
            // A visible hyphen at a line end is the source's own ("India-Russia").
            let word = format!("{last}{next}");
            let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            assert!(source.contains(word), "{word:?} is not in the source");
        }
    }
    assert!(soft > 0, "the seed on A5 has hyphenated lines");
}

#[test]
fn every_sentence_of_the_article_is_in_the_pdf() {
    assert_eq!(missing_sentences(&seed_text(false)), Vec::<String>::new());
}

/// Each list marker is drawn before its item and each caption before its table, so text
/// extracted in stream order reads as the article does.
#[test]
fn every_sentence_of_the_article_is_in_the_content_streams_in_reading_order() {
    assert_eq!(missing_sentences(&seed_text(true)), Vec::<String>::new());
}

/// The sentences of the article not in `text`.
fn missing_sentences(text: &str) -> Vec<String> {
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
    missing
}

#[test]
fn the_trade_table_figures_are_in_the_pdf() {
    let text = seed_text(false);
    for figure in ["2.66", "63.84", "68.72", "\u{2212}58.96", "2024-25"] {
        assert!(text.contains(figure), "{figure} missing");
    }
}

#[test]
fn a_hyphen_of_the_source_stays_a_hyphen_after_added_ones() {
    // The added hyphens come first in the document and share the hyphen glyph with the
    // source's "well-known": the glyph must still read as a hyphen there.
    let yaml = "title: Hyphens\ndate: 2025-12-05\npage: {size: A5, margins: 40mm}\n\
        sections:\n  - heading: H\n    blocks:\n      - >-\n        \
        characteristically internationalisation responsibilities notwithstanding \
        characteristically internationalisation responsibilities, and then a well-known \
        conclusion.\n";
    let text = common::pdf_text(&briefing::build(yaml).unwrap());
    let added = text.find('\u{AD}').expect("a hyphen added at a line end");
    let source = text
        .find("well-")
        .expect("the source's hyphen, as a hyphen");
    assert!(added < source, "{text}");
    assert!(!text[..added].contains('-'), "{text}");
}
