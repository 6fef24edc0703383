//! Tagged PDF: for the seed and every layout fixture, the structure tree poppler reads back
//! (`pdfinfo -struct-text`) holds every character of the page bodies, in reading order, and
//! none of the running header or footer; its elements are the ones the layout made.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use briefing::layout::{typeset, Item, Pages};

/// Every layout fixture and the seed.
fn sources() -> Vec<PathBuf> {
    common::layout_sources()
}

/// The display list of `path` and its PDF, written to `dir`.
fn build(path: &Path, dir: &Path) -> (Pages, PathBuf) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.to_str().unwrap();
    let briefing = briefing::source::load(name, &text).unwrap_or_else(|e| panic!("{e}"));
    let options = briefing::Options::default();
    let laid = typeset(&briefing, options.fonts, options.limits.pages).expect("within the limits");
    let pdf = briefing::render::render(&laid.pages).expect("renders");
    let out = dir.join(format!(
        "{}.pdf",
        path.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::write(&out, pdf).unwrap();
    (laid.pages, out)
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (poppler-utils, installed by .ci/run): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text without any whitespace, to compare what a reader gets with what was set.
///
/// Devanagari is left out too: poppler 22's `-struct-text` misreads some clusters that carry
/// `/ActualText` (a syllable whose glyphs are reordered), although its `pdftotext` reads
/// them right (`a_cluster_read_through_actual_text_reads_back_whole` below).
/// Whether `read` is `body` with, at most, hyphens added.
fn same_but_added_hyphens(read: &str, body: &str) -> bool {
    let mut body = body.chars().peekable();
    for c in read.chars() {
        match body.peek() {
            Some(&b) if b == c => {
                body.next();
            }
            _ if c == '-' => {}
            _ => return false,
        }
    }
    body.next().is_none()
}

fn squeezed(text: &str) -> String {
    let devanagari = |c: &char| ('\u{0900}'..='\u{097F}').contains(c);
    text.chars()
        .filter(|c| !c.is_whitespace() && !devanagari(c))
        .collect()
}

#[test]
fn a_cluster_read_through_actual_text_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = build(Path::new("tests/fixtures/layout/scripts.yaml"), dir.path());
    let text = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(
        text.contains("विशेष और विशेषाधिकार प्राप्त रणनीतिक साझेदारी"),
        "{text}"
    );
}

#[test]
fn the_structure_tree_holds_every_body_character_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    for path in sources() {
        let (pages, pdf) = build(&path, dir.path());
        let tree = run("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
        let name = path.display();
        assert!(tree.starts_with("Document"), "{name}: {tree}");
        let mut body = String::new();
        let mut furniture = Vec::new();
        for page in &pages.pages {
            for (i, item) in page.items.iter().enumerate() {
                // A chart's labels are its `Figure`'s content.
                let in_figure = page.figures.iter().any(|f| f.items.contains(&i));
                if let Item::Text(text) = item {
                    if text.node.is_some() || in_figure {
                        body.push_str(text.text());
                    }
                }
            }
            for item in &page.furniture {
                if let Item::Text(text) = item {
                    furniture.push(text.text().to_string());
                }
            }
        }
        // pdfinfo quotes each element's text on its own line.
        let read: String = tree
            .lines()
            .filter_map(|line| {
                let line = line.trim_start();
                line.strip_prefix('"').and_then(|l| l.strip_suffix('"'))
            })
            .collect();
        // poppler prints the soft hyphen a line break added as a hyphen in a paragraph, and
        // leaves it out in a table cell: the read text may hold hyphens the body does not.
        let body = body.replace('\u{AD}', "");
        // A row split across pages is drawn a line at a time, each line across all its
        // cells, while its structure reads cell by cell: there the same characters suffice.
        let sorted = |text: &str| {
            let mut chars: Vec<char> = squeezed(text).chars().filter(|&c| c != '-').collect();
            chars.sort_unstable();
            chars
        };
        let split_row = name.to_string().contains("split-row");
        assert!(
            same_but_added_hyphens(&squeezed(&read), &squeezed(&body))
                || split_row && sorted(&read) == sorted(&body),
            "{name}: {tree}\nread: {}\nbody: {}",
            squeezed(&read),
            squeezed(&body)
        );
        // The body's characters are all there is (above); the footer's are not among them.
        for text in furniture.iter().filter(|text| text.starts_with("Page ")) {
            assert!(!tree.contains(text.as_str()), "{name}: {text:?} is tagged");
        }
        assert_eq!(
            squeezed(&element_types(&tree)),
            squeezed(&pages.structure.to_text()),
            "{name}"
        );
    }
}

/// The element types of `pdfinfo -struct-text`, one a line, indented as there.
fn element_types(tree: &str) -> String {
    // Text lines are quoted; attribute lines ("/Scope /Column") start with a slash.
    tree.lines()
        .filter(|line| !line.trim_start().starts_with(['"', '/']))
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let name = line.split_whitespace().next().unwrap_or("");
            format!("{}{}\n", " ".repeat(indent), name.trim_end_matches(':'))
        })
        .collect()
}

#[test]
fn the_seed_is_tagged_as_typst_tags_it() {
    let dir = tempfile::tempdir().unwrap();
    let (pages, _) = build(Path::new("source/india-russia.yaml"), dir.path());
    let tree = pages.structure.to_text();
    for expected in [
        "Document\n  H1\n  P\n  P\n  P\n  H2\n  P\n",
        "  L\n    LI\n      Lbl\n      LBody\n",
        "  Table\n    Caption\n    THead\n      TR\n        TH\n",
        "    TBody\n      TR\n        TD\n",
    ] {
        assert!(tree.contains(expected), "{expected} not in\n{tree}");
    }
}

#[test]
fn a_paragraph_across_pages_is_one_element_with_content_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new("tests/fixtures/layout/paragraph-across-pages.yaml");
    let (pages, pdf) = build(fixture, dir.path());
    // A paragraph element with text on two pages.
    let split = pages.structure.elements.iter().enumerate().any(|(i, _)| {
        let on: std::collections::BTreeSet<usize> = pages
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| {
                page.items.iter().any(
                    |item| matches!(item, Item::Text(t) if t.node.map(|n| n.0 as usize) == Some(i)),
                )
            })
            .map(|(p, _)| p)
            .collect();
        on.len() > 1
    });
    assert!(split, "the fixture splits a paragraph");
    // Each page's marked content is in the parent tree: qpdf finds nothing wrong.
    let out = Command::new("qpdf")
        .args(["--check", pdf.to_str().unwrap()])
        .output()
        .expect("qpdf runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn catalog_declares_a_tagged_titled_document_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = build(Path::new("source/india-russia.yaml"), dir.path());
    let doc = lopdf::Document::load(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(lopdf::Object::as_dict)
        .and_then(|d| d.get(b"Marked"))
        .and_then(lopdf::Object::as_bool);
    assert_eq!(marked.ok(), Some(true));
    let display = catalog
        .get(b"ViewerPreferences")
        .and_then(lopdf::Object::as_dict)
        .and_then(|d| d.get(b"DisplayDocTitle"))
        .and_then(lopdf::Object::as_bool);
    assert_eq!(display.ok(), Some(true));
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    assert_eq!(
        catalog.get(b"Lang").and_then(lopdf::Object::as_str).ok(),
        Some(&b"en"[..])
    );
}

#[test]
fn a_link_is_a_link_element_holding_its_text_and_annotation() {
    let source =
        "title: Links\ndate: 2025-12-05\nlanguage: en\nsections:\n  - heading: About\n    \
                  blocks:\n      - See [the Ministry of External Affairs](https://www.mea.gov.in/) \
                  for more.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.yaml");
    std::fs::write(&path, source).unwrap();
    let (_, pdf) = build(&path, dir.path());
    let tree = run("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    let link = tree.find("Link").expect("a Link element");
    let after = &tree[link..];
    assert!(
        after.contains("\"the Ministry of External Affairs\"") && after.contains("Object "),
        "{tree}"
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let page = doc.get_dictionary(page).unwrap();
    assert_eq!(
        page.get(b"Tabs").and_then(lopdf::Object::as_name).ok(),
        Some(&b"S"[..])
    );
}
