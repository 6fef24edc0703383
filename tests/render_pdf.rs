//! The render stage, checked with the tools readers use: qpdf, pdftotext, pdffonts.

use std::path::{Path, PathBuf};
use std::process::Command;

use briefing::layout::{Area, Color, Item, Meta, OutlineEntry, Page, Pages, TextItem};
use briefing::text::StyledRun as Run;
use briefing::text::{shape_line, shape_runs, Family, FontBook, FontId, Glyph, TextStyle};
use chrono::NaiveDate;

/// The embedded fonts set every sample here.
fn render(pages: &Pages) -> Result<Vec<u8>, briefing::render::RenderError> {
    briefing::render::render(pages)
}

const A4: (f32, f32) = (595.28, 841.89);
const AREA: Area = Area {
    x: 56.69,
    y: 56.69,
    w: 481.89,
    h: 728.5,
};

fn serif(size: f32) -> TextStyle {
    TextStyle {
        family: Family::Serif,
        size,
        bold: false,
        italic: false,
    }
}

/// The items of one shaped line, its baseline at `y`.
fn line_items(line: briefing::text::Line, x: f32, y: f32) -> Vec<Item> {
    line.runs
        .into_iter()
        .map(|run| {
            Item::Text(TextItem {
                x: x + run.x,
                y,
                font: run.font,
                size: run.size,
                color: Color(0.0, 0.0, 0.0),
                glyphs: run.glyphs.into(),
                width: run.width,
                scale: run.scale,
                rtl: run.rtl,
                node: None,
            })
        })
        .collect()
}

/// Shapes `text` with one face directly (the text stage's stub has no script fallback yet).
fn shape_with_face(text: &str, font: FontId, size: f32, x: f32, y: f32) -> Item {
    let face = FontBook::embedded().face(font);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    let scale = size / face.units_per_em;
    let infos = shaped.glyph_infos();
    let mut pen = 0.0;
    let mut glyphs = Vec::new();
    for (i, (info, pos)) in infos.iter().zip(shaped.glyph_positions()).enumerate() {
        let start = info.cluster as usize;
        let first = i == 0 || infos[i - 1].cluster != info.cluster;
        let end = infos[i..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        glyphs.push(Glyph {
            id: info.glyph_id as u16,
            x: pen + pos.x_offset as f32 * scale,
            y: pos.y_offset as f32 * scale,
            text: if first {
                text[start..end].to_string()
            } else {
                String::new()
            },
        });
        pen += pos.x_advance as f32 * scale;
    }
    Item::Text(TextItem {
        x,
        y,
        font,
        size,
        color: Color(0.0, 0.0, 0.0),
        glyphs: glyphs.into(),
        width: pen,
        scale: 1.0,
        rtl: false,
        node: None,
    })
}

const LATIN: &str =
    "India and Russia share a “Special and Privileged” partnership – it’s an office affair — 2025.";
const CYRILLIC: &str = "Россия и Индия";
const DEVANAGARI: &str = "भारत";

fn meta() -> Meta {
    Meta {
        title: "India-Russia bilateral relationship".into(),
        subject: Some("The 23rd Annual Summit".into()),
        authors: vec!["Editorial desk".into()],
        keywords: vec!["India".into(), "Russia".into()],
        language: "en".into(),
        date: NaiveDate::from_ymd_opt(2025, 12, 5).expect("a valid date"),
        standards: Default::default(),
    }
}

/// Two pages: text in three scripts and two weights, a rule, a filled box, a link, and an
/// outline three levels deep.
/// The sample document with one page of `items` and no outline.
fn one_page(items: Vec<Item>) -> Pages {
    Pages {
        pages: vec![Page {
            items,
            furniture: Vec::new(),
            figures: Vec::new(),
        }],
        outline: Vec::new(),
        ..sample()
    }
}

fn sample() -> Pages {
    let mut first = Vec::new();
    first.extend(line_items(
        shape_runs(
            FontBook::embedded(),
            &[Run {
                text: "About",
                bold: true,
                ..Run::default()
            }],
            &serif(16.0),
        ),
        56.0,
        80.0,
    ));
    first.extend(line_items(
        shape_line(FontBook::embedded(), LATIN, &serif(10.0)),
        56.0,
        110.0,
    ));
    first.extend(line_items(
        shape_line(FontBook::embedded(), CYRILLIC, &serif(10.0)),
        56.0,
        126.0,
    ));
    first.push(shape_with_face(DEVANAGARI, FontId(6), 10.0, 56.0, 142.0));
    first.push(Item::Rule {
        from: (56.0, 150.0),
        to: (539.0, 150.0),
        width: 0.5,
        color: Color(0.4, 0.4, 0.4),
    });
    first.push(Item::Rect {
        x: 56.0,
        y: 160.0,
        w: 483.0,
        h: 40.0,
        fill: Some(Color(0.95, 0.95, 0.9)),
        stroke: Some((Color(0.5, 0.5, 0.5), 0.5)),
    });
    let link = shape_line(
        FontBook::embedded(),
        "Ministry of External Affairs",
        &serif(10.0),
    );
    let link_width = link.width;
    first.extend(line_items(link, 60.0, 184.0));
    first.push(Item::Link {
        x: 60.0,
        y: 174.0,
        w: link_width,
        h: 13.0,
        url: "https://www.mea.gov.in/".into(),
        node: None,
    });
    let second = line_items(
        shape_line(FontBook::embedded(), "Trade in goods", &serif(10.0)),
        56.0,
        80.0,
    );
    let outline = [
        ("About", 1, 0, 70.0),
        ("Key Areas of Cooperation", 2, 0, 100.0),
        ("Defence", 3, 0, 120.0),
        ("Trade", 1, 1, 70.0),
    ]
    .into_iter()
    .map(|(title, level, page, y)| OutlineEntry {
        title: title.into(),
        level,
        page,
        y,
    })
    .collect();
    Pages {
        size: A4,
        text_area: AREA,
        pages: vec![
            Page {
                items: first,
                furniture: Vec::new(),
                figures: Vec::new(),
            },
            Page {
                items: second,
                furniture: Vec::new(),
                figures: Vec::new(),
            },
        ],
        outline,
        meta: meta(),
        structure: Default::default(),
        fonts: Default::default(),
    }
}

fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the temp dir is writable");
    path
}

fn run(program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn rendered() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let pdf = render(&sample()).expect("the sample renders");
    let path = write_pdf(dir.path(), "sample.pdf", &pdf);
    (dir, path)
}

#[test]
fn qpdf_finds_no_errors() {
    let (_dir, path) = rendered();
    let (ok, report) = run("qpdf", &["--check", path.to_str().expect("utf-8 path")]);
    assert!(ok, "qpdf --check failed:\n{report}");
    assert!(
        report.contains("No syntax or stream encoding errors"),
        "{report}"
    );
    assert!(!report.contains("WARNING"), "{report}");
}

#[test]
fn pdftotext_gives_back_the_exact_text() {
    let (_dir, path) = rendered();
    let (ok, text) = run("pdftotext", &[path.to_str().expect("utf-8 path"), "-"]);
    assert!(ok, "{text}");
    for expected in [
        "About",
        LATIN,
        CYRILLIC,
        DEVANAGARI,
        "Ministry of External Affairs",
        "Trade in goods",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The ffi of "office" is one ligature glyph; it must still read as three letters.
    assert!(text.contains("office"), "{text}");
}

#[test]
fn every_font_is_embedded_and_subset() {
    let (_dir, path) = rendered();
    let (ok, report) = run("pdffonts", &[path.to_str().expect("utf-8 path")]);
    assert!(ok, "{report}");
    let fonts: Vec<&str> = report.lines().skip(2).collect();
    let names: Vec<&str> = fonts
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // Regular and bold serif and Devanagari regular: only the faces the pages use.
    assert_eq!(fonts.len(), 3, "{report}");
    for suffix in [
        "+NotoSerif-Regular",
        "+NotoSerif-Bold",
        "+NotoSansDevanagari-Regular",
    ] {
        assert!(names.iter().any(|n| n.ends_with(suffix)), "{report}");
    }
    for line in fonts {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let name = columns[0];
        let tag = &name[..name.find('+').expect("a subset tag")];
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{line}"
        );
        // name, type (two words), encoding, emb, sub, uni, object, id
        let n = columns.len();
        assert_eq!(&columns[n - 5..n - 2], ["yes", "yes", "yes"], "{line}");
    }
}

#[test]
fn the_outline_nests_the_headings() {
    let (_dir, path) = rendered();
    let (ok, json) = run(
        "qpdf",
        &[
            "--json",
            "--json-key=outlines",
            path.to_str().expect("utf-8 path"),
        ],
    );
    assert!(ok, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("qpdf writes JSON");
    let outlines = json["outlines"].as_array().expect("an outline");
    let titles = |items: &serde_json::Value| -> Vec<String> {
        items
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| i["title"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(titles(&json["outlines"]), ["About", "Trade"]);
    assert_eq!(titles(&outlines[0]["kids"]), ["Key Areas of Cooperation"]);
    assert_eq!(titles(&outlines[0]["kids"][0]["kids"]), ["Defence"]);
    assert_eq!(outlines[0]["destpageposfrom1"], 1);
    assert_eq!(outlines[1]["destpageposfrom1"], 2);
}

#[test]
fn links_and_metadata_are_written() {
    let pdf = render(&sample()).expect("the sample renders");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it back");
    let first_page = doc.get_pages()[&1];
    let annots = doc
        .get_dictionary(first_page)
        .and_then(|page| page.get(b"Annots"))
        .and_then(|annots| annots.as_array())
        .expect("the first page has annotations");
    assert_eq!(annots.len(), 1);
    let link = match &annots[0] {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).expect("a link annotation"),
        other => other.as_dict().expect("a link annotation"),
    };
    assert_eq!(
        link.get(b"Subtype").and_then(|s| s.as_name()).ok(),
        Some(&b"Link"[..])
    );
    let action = link
        .get(b"A")
        .and_then(|a| a.as_dict())
        .expect("a link action");
    assert_eq!(
        action.get(b"URI").and_then(|u| u.as_str()).ok(),
        Some(&b"https://www.mea.gov.in/"[..])
    );
    // The second page has no links.
    let second_page = doc.get_pages()[&2];
    let none = doc
        .get_dictionary(second_page)
        .and_then(|page| page.get(b"Annots"))
        .and_then(|annots| annots.as_array())
        .map_or(0, Vec::len);
    assert_eq!(none, 0);

    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|r| r.as_reference())
        .and_then(|r| doc.get_dictionary(r))
        .expect("an info dictionary");
    let field = |key: &[u8]| {
        info.get(key)
            .and_then(|v| v.as_str())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default()
    };
    assert_eq!(field(b"Title"), "India-Russia bilateral relationship");
    assert_eq!(field(b"Subject"), "The 23rd Annual Summit");
    assert_eq!(field(b"Author"), "Editorial desk");
    assert_eq!(field(b"Keywords"), "India, Russia");
    assert_eq!(field(b"CreationDate"), "D:20251205000000Z");
    assert_eq!(field(b"ModDate"), "D:20251205000000Z");

    let catalog = doc.catalog().expect("a catalog");
    assert_eq!(
        catalog.get(b"Lang").and_then(|l| l.as_str()).ok(),
        Some(&b"en"[..])
    );
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("<xmp:CreateDate>2025-12-05T00:00:00Z</xmp:CreateDate>"));
    assert!(
        !text.contains("briefing-id"),
        "a placeholder was left in the PDF"
    );
}

#[test]
fn the_same_pages_give_the_same_bytes() {
    let first = render(&sample()).expect("renders");
    // Another document in between must not change anything: printpdf's counters advance.
    let mut other = sample();
    other.meta.title = "Something else".into();
    other.pages.truncate(1);
    let between = render(&other).expect("renders");
    let second = render(&sample()).expect("renders");
    assert_ne!(first, between);
    assert!(first == second, "two renders of the same pages differ");
}

#[test]
fn the_id_follows_the_content() {
    let id = |pages: &Pages| {
        let pdf = render(pages).expect("renders");
        let doc = lopdf::Document::load_mem(&pdf).expect("reads back");
        format!("{:?}", doc.trailer.get(b"ID").expect("an /ID"))
    };
    let mut changed = sample();
    changed.meta.keywords.push("trade".into());
    assert_ne!(id(&sample()), id(&changed));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let mut bad_size = sample();
    bad_size.size = (f32::NAN, 100.0);
    assert!(render(&bad_size).is_err());

    let mut bad_font = sample();
    if let Some(Item::Text(text)) = bad_font.pages[0].items.first_mut() {
        text.font = FontId(200);
    }
    assert!(render(&bad_font).is_err());

    let mut bad_x = sample();
    bad_x.pages[1].items.push(Item::Rule {
        from: (f32::INFINITY, 0.0),
        to: (0.0, 0.0),
        width: 1.0,
        color: Color(0.0, 0.0, 0.0),
    });
    assert!(render(&bad_x).is_err());

    // Outline entries pointing past the last page, and a glyph id the face lacks, are
    // dropped rather than written broken.
    let mut stray = sample();
    stray.outline.push(OutlineEntry {
        title: "Nowhere".into(),
        level: 1,
        page: 99,
        y: 0.0,
    });
    if let Some(Item::Text(text)) = stray.pages[1].items.first_mut() {
        text.glyphs.set_id(0, u16::MAX);
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = write_pdf(dir.path(), "stray.pdf", &render(&stray).expect("renders"));
    let (ok, report) = run("qpdf", &["--check", path.to_str().expect("utf-8 path")]);
    assert!(ok, "{report}");

    let empty = Pages {
        pages: Vec::new(),
        outline: Vec::new(),
        ..sample()
    };
    let path = write_pdf(dir.path(), "empty.pdf", &render(&empty).expect("renders"));
    let (ok, report) = run("qpdf", &["--check", path.to_str().expect("utf-8 path")]);
    assert!(ok, "{report}");
}

#[test]
fn glyphs_sit_exactly_where_the_display_list_puts_them() {
    // A justified line: every word after a space moved 3.7 pt further right.
    let mut line = shape_line(FontBook::embedded(), LATIN, &serif(10.0));
    let mut shift = 0.0;
    for glyph in &mut line.runs[0].glyphs {
        glyph.x += shift;
        if glyph.text == " " {
            shift += 3.7;
        }
    }
    let expected: Vec<(String, f32)> = {
        let glyphs = &line.runs[0].glyphs;
        let mut words = Vec::new();
        for (i, glyph) in glyphs.iter().enumerate() {
            let starts_word = glyph.text != " " && (i == 0 || glyphs[i - 1].text == " ");
            if starts_word {
                words.push(56.0 + glyph.x);
            }
        }
        LATIN.split(' ').map(str::to_string).zip(words).collect()
    };
    let pages = one_page(line_items(line, 56.0, 100.0));
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = write_pdf(
        dir.path(),
        "justified.pdf",
        &render(&pages).expect("renders"),
    );
    let (ok, html) = run(
        "pdftotext",
        &["-bbox", path.to_str().expect("utf-8 path"), "-"],
    );
    assert!(ok, "{html}");
    let found: Vec<(String, f32)> = html
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word xMin=\"")?;
            let x: f32 = rest[..rest.find('"')?].parse().ok()?;
            let word = &l[l.find('>')? + 1..l.rfind("</word>")?];
            Some((word.replace("&amp;", "&"), x))
        })
        .collect();
    assert_eq!(found.len(), expected.len(), "{html}");
    for ((word, x), (want_word, want_x)) in found.iter().zip(&expected) {
        assert_eq!(word, want_word);
        assert!(
            (x - want_x).abs() < 0.02,
            "{word} at {x}, expected {want_x}"
        );
    }
}

/// The PDF at `path` with its streams uncompressed (qpdf's QDF form).
fn qpdf_content(path: &Path) -> Vec<u8> {
    let out = path.with_extension("qdf.pdf");
    let (ok, report) = run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            path.to_str().expect("utf-8 path"),
            out.to_str().expect("utf-8 path"),
        ],
    );
    assert!(ok, "{report}");
    std::fs::read(out).expect("qpdf wrote it")
}

/// The words of `pdftotext -bbox` output with their left and right edges.
fn word_boxes(html: &str) -> Vec<(String, f32, f32)> {
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word xMin=\"")?;
            let x_min: f32 = rest[..rest.find('"')?].parse().ok()?;
            let rest = &rest[rest.find("xMax=\"")? + 6..];
            let x_max: f32 = rest[..rest.find('"')?].parse().ok()?;
            let word = &l[l.find('>')? + 1..l.rfind("</word>")?];
            Some((word.replace("&amp;", "&"), x_min, x_max))
        })
        .collect()
}

#[test]
fn expanded_glyphs_are_drawn_as_wide_as_the_display_list_says() {
    // A line set with 2.5 % font expansion: each glyph's position and the item's width
    // scaled. The PDF draws it with `Tz`: every word starts where the display list puts it
    // and the last ends at the item's width, so the layout's margin check sees what a reader
    // sees; the text layer is unchanged.
    let scale = 1.025;
    let mut line = shape_line(
        FontBook::embedded(),
        "India and Russia share a partnership",
        &serif(10.0),
    );
    let set = &mut line.runs[0];
    for glyph in &mut set.glyphs {
        glyph.x *= scale;
    }
    set.width *= scale;
    set.scale = scale;
    let starts: Vec<f32> = {
        let glyphs = &set.glyphs;
        (0..glyphs.len())
            .filter(|&i| glyphs[i].text != " " && (i == 0 || glyphs[i - 1].text == " "))
            .map(|i| 56.0 + glyphs[i].x)
            .collect()
    };
    let end = 56.0 + set.width;
    let pages = one_page(line_items(line, 56.0, 100.0));
    let pdf = render(&pages).expect("renders");
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = write_pdf(dir.path(), "expanded.pdf", &pdf);
    let (ok, html) = run(
        "pdftotext",
        &["-bbox", path.to_str().expect("utf-8 path"), "-"],
    );
    assert!(ok, "{html}");
    let words = word_boxes(&html);
    let texts: Vec<&str> = words.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(
        texts,
        ["India", "and", "Russia", "share", "a", "partnership"]
    );
    for ((word, x_min, _), want) in words.iter().zip(&starts) {
        assert!(
            (x_min - want).abs() < 0.02,
            "{word} at {x_min}, expected {want}"
        );
    }
    let (_, _, x_max) = words.last().expect("a word");
    assert!(
        (x_max - end).abs() < 0.02,
        "the line ends at {x_max}, expected {end}"
    );
    let content = String::from_utf8_lossy(&qpdf_content(&path)).into_owned();
    assert!(content.contains("102.5 Tz"), "{content}");
}

#[test]
fn a_glyph_standing_for_different_texts_reads_back_as_each() {
    // The same glyph drawn once for "a" and once for "α" (as a shaper may reuse a glyph):
    // one ToUnicode entry cannot say both, so the second is marked with its actual text.
    let line = shape_line(FontBook::embedded(), "alpha and beta", &serif(10.0));
    let mut reused = line.clone();
    reused.runs[0].glyphs[0].text = "α".into();
    let mut items = line_items(line, 56.0, 100.0);
    items.extend(line_items(reused, 56.0, 120.0));
    let pages = one_page(items);
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = write_pdf(dir.path(), "reused.pdf", &render(&pages).expect("renders"));
    let (ok, text) = run("pdftotext", &[path.to_str().expect("utf-8 path"), "-"]);
    assert!(ok, "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines, ["alpha and beta", "αlpha and beta"], "{text}");
}

/// The file is written object by object with nothing pruned afterwards: every object in it
/// is reached from the trailer (or is an object stream holding others), and nothing the
/// document refers to is missing.
#[test]
fn every_object_is_reached_and_none_is_missing() {
    let pdf = render(&sample()).expect("renders");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it back");
    let mut reached = std::collections::BTreeSet::new();
    let mut queue: Vec<lopdf::ObjectId> = Vec::new();
    fn refs(object: &lopdf::Object, out: &mut Vec<lopdf::ObjectId>) {
        match object {
            lopdf::Object::Reference(id) => out.push(*id),
            lopdf::Object::Array(items) => items.iter().for_each(|item| refs(item, out)),
            lopdf::Object::Dictionary(dict) => dict.iter().for_each(|(_, v)| refs(v, out)),
            lopdf::Object::Stream(stream) => stream.dict.iter().for_each(|(_, v)| refs(v, out)),
            _ => {}
        }
    }
    doc.trailer.iter().for_each(|(_, v)| refs(v, &mut queue));
    while let Some(id) = queue.pop() {
        if reached.insert(id) {
            let object = doc
                .get_object(id)
                .unwrap_or_else(|_| panic!("{id:?} is missing"));
            refs(object, &mut queue);
        }
    }
    let unreached: Vec<_> = doc
        .objects
        .iter()
        .filter(|(id, _)| !reached.contains(id))
        .filter(|(_, object)| {
            let kind = object
                .as_stream()
                .ok()
                .and_then(|s| s.dict.get(b"Type").ok());
            let kind = kind.and_then(|t| t.as_name().ok());
            !matches!(kind, Some(b"ObjStm") | Some(b"XRef"))
        })
        .map(|(id, _)| *id)
        .collect();
    assert!(
        unreached.is_empty(),
        "written but not reached: {unreached:?}"
    );
    assert!(reached.len() > 20, "only {} objects reached", reached.len());
}

/// A name tree's keys stand in lexical byte order (ISO 32000-1, 7.9.6), or a reader looking
/// a note up by its id may not find it: with twelve notes, "note-10" comes before "note-2".
#[test]
fn the_notes_id_tree_is_in_lexical_order() {
    let notes: String = (1..=12)
        .map(|n| format!("      - note: Aside {n}.\n"))
        .collect();
    let yaml = format!(
        "title: Notes\ndate: 2025-12-05\nsections:\n  - heading: Asides\n    blocks:\n{notes}"
    );
    let pdf = briefing::build(&yaml).expect("builds");
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("notes.pdf");
    std::fs::write(&path, pdf).expect("written");
    let plain = String::from_utf8_lossy(&qpdf_content(&path)).into_owned();
    let tree = &plain[plain.find("/IDTree").expect("an ID tree")..];
    let names =
        &tree[tree.find("/Names").expect("names")..tree.find(']').expect("the array's end")];
    let keys: Vec<&str> = names
        .split('(')
        .skip(1)
        .map(|key| &key[..key.find(')').expect("a closed string")])
        .collect();
    assert_eq!(keys.len(), 12, "{names}");
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
    assert_eq!(&keys[..3], ["note-1", "note-10", "note-11"]);
}

/// The XMP's id slots are patched with the document's hash after writing; a title that
/// spells the slots' placeholder keeps its text (it once was overwritten too, and the XMP
/// title then disagreed with the info dictionary's, which PDF/A forbids).
#[test]
fn a_title_spelling_the_id_placeholder_keeps_its_text() {
    let title = "00000000-0000-0000-0000-briefing-id0";
    let yaml = format!(
        "title: \"{title}\"\ndate: 2025-12-05\nsections:\n  - heading: H\n    blocks: [Text.]\n"
    );
    let pdf = briefing::build(&yaml).expect("builds");
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")),
        "the title is gone from the XMP"
    );
    assert!(
        !text.contains(&format!("uuid:{title}")),
        "an id slot was left unpatched"
    );
}
