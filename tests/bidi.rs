//! Right-to-left text (UAX #9): Arabic through `--font-dir` is shaped right to left, the runs
//! of each line are ordered visually, and the PDF's text layer gives back the logical order.

mod common;

use std::path::{Path, PathBuf};

use briefing::text::{shape_line, Family, FontBook, Line, TextStyle};

/// "Hello world" in Arabic, as the reporter typed it.
const ARABIC: &str = "مرحبا بالعالم";

fn rtl_fonts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts-rtl")
}

fn serif() -> TextStyle {
    TextStyle {
        family: Family::Serif,
        size: 10.0,
        bold: false,
        italic: false,
    }
}

/// The x of the first glyph whose cluster text is `text`.
fn x_of(line: &Line, text: &str) -> f32 {
    line.runs
        .iter()
        .flat_map(|run| run.glyphs.iter().map(move |g| (run.x + g.x, g)))
        .find(|(_, g)| g.text == text)
        .map(|(x, _)| x)
        .unwrap_or_else(|| panic!("no glyph for {text:?}"))
}

#[test]
fn arabic_is_set_right_to_left() {
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    let line = shape_line(fonts, ARABIC, &serif());
    // The first word (مرحبا, with ح) stands right of the second (بالعالم, with ل), and
    // inside a word the first letter stands right of the later ones.
    assert!(x_of(&line, "ح") > x_of(&line, "ل"), "words in visual order");
    assert!(
        x_of(&line, "ر") > x_of(&line, "ح"),
        "letters in visual order"
    );
    assert!(line
        .runs
        .iter()
        .all(|run| run.glyphs.iter().all(|g| g.id != 0)));
    // Joining forms: ح after ر (which does not join forward) takes its initial form, another
    // glyph than the isolated one.
    let isolated = shape_line(fonts, "ح", &serif()).runs[0].glyphs[0].id;
    let initial = line
        .runs
        .iter()
        .flat_map(|run| &run.glyphs)
        .find(|g| g.text == "ح")
        .map(|g| g.id);
    assert_ne!(initial, Some(isolated), "ح joins the letter after it");
}

#[test]
fn numbers_and_latin_inside_arabic_keep_their_own_order() {
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    let line = shape_line(fonts, "India الهند 2025 Russia", &serif());
    let order: String = line
        .runs
        .iter()
        .flat_map(|run| &run.glyphs)
        .map(|g| g.text.as_str())
        .collect();
    // Latin, then the Arabic word reversed for display, digits left to right.
    assert!(order.starts_with("India "), "{order}");
    assert!(order.contains("2025"), "{order}");
    assert!(order.ends_with(" Russia"), "{order}");
    assert!(x_of(&line, "ا") > x_of(&line, "د"), "{order}");
}

#[test]
fn english_text_is_untouched() {
    let line = shape_line(FontBook::embedded(), "India and Russia", &serif());
    assert_eq!(line.text(), "India and Russia");
}

#[test]
fn the_pdf_text_layer_gives_back_the_logical_order() {
    let source = format!(
        "title: Bidi\ndate: 2025-12-05\nsections:\n  - heading: Arabic\n    blocks:\n      - \"{ARABIC}\"\n      - \"India and Russia (الهند وروسيا) since 1947.\"\n"
    );
    let dir = common::scratch(&[("bidi", &source)]);
    let fonts = rtl_fonts();
    let run = common::briefing(
        dir.path(),
        &[
            "build",
            "source/bidi.yaml",
            "--font-dir",
            fonts.to_str().unwrap(),
        ],
    );
    assert!(run.success(), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let pdf = dir.path().join("output/bidi.pdf");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(ARABIC), "{text}");
    assert!(text.contains("الهند وروسيا"), "{text}");
}

/// Arabic prose: "India and Russia enjoy a special and privileged strategic partnership …",
/// long enough for several lines.
const ARABIC_PROSE: &str = "تتمتع الهند وروسيا بشراكة استراتيجية خاصة ومميزة منذ عقود طويلة، وتشمل التعاون في مجالات الدفاع والطاقة والتجارة والعلوم والتكنولوجيا والثقافة، ويلتقي قادة البلدين كل عام في قمة سنوية لمراجعة ما تحقق ووضع أهداف جديدة للتعاون بين الشعبين.";

/// The seed's shape in Arabic: a heading, a justified paragraph and a bullet list.
fn arabic_briefing() -> String {
    format!(
        "title: Bidi\ndate: 2025-12-05\nlanguage: ar\nsections:\n  - heading: الهند وروسيا\n    blocks:\n      - \"{ARABIC_PROSE}\"\n      - bullets:\n          - \"{ARABIC_PROSE}\"\n"
    )
}

/// Each line of a page (its text items on one baseline): its left and right edge.
fn line_edges(page: &briefing::layout::Page) -> Vec<(f32, f32, f32)> {
    let mut lines: Vec<(f32, f32, f32)> = Vec::new();
    for item in &page.items {
        let briefing::layout::Item::Text(t) = item else {
            continue;
        };
        match lines.iter_mut().find(|l| (l.0 - t.y).abs() < 0.01) {
            Some(line) => {
                line.1 = line.1.min(t.x);
                line.2 = line.2.max(t.x + t.width);
            }
            None => lines.push((t.y, t.x, t.x + t.width)),
        }
    }
    lines
}

#[test]
fn right_to_left_paragraphs_lists_and_headings_align_right() {
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    let text = arabic_briefing();
    let source = briefing::source::load("bidi.yaml", &text).expect("a valid source");
    let laid = briefing::layout::typeset(&source, fonts, 10).expect("it sets");
    // Arabic has no hyphenation patterns, which is the one warning.
    let warnings: Vec<_> = laid
        .warnings
        .iter()
        .filter(|w| !w.message.contains("hyphenation patterns"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let area = laid.pages.text_area;
    let (left, right) = (area.x, area.x + area.w);
    let page = &laid.pages.pages[0];
    let lines = line_edges(page);
    // Below the title block (left to right): the heading, then the paragraph's lines, then
    // the item's (the marker on the first).
    let bullet = page
        .items
        .iter()
        .find_map(|item| match item {
            briefing::layout::Item::Text(t) if t.text() == "•" => Some(t.clone()),
            _ => None,
        })
        .expect("a bullet");
    let heading_y = laid.pages.outline[0].y;
    let body: Vec<_> = lines
        .iter()
        .filter(|l| l.0 > heading_y && l.0 < bullet.y - 1.0)
        .collect();
    let item: Vec<_> = lines.iter().filter(|l| l.0 >= bullet.y - 0.01).collect();
    let (heading, paragraph) = body.split_first().expect("a heading");
    assert!(
        (heading.2 - right).abs() < 0.02,
        "heading ends at {heading:?}"
    );
    assert!(
        heading.1 > left + 50.0,
        "a short heading starts right of the margin"
    );
    assert!(paragraph.len() >= 3, "{paragraph:?}");
    // Every line of the paragraph ends at the right margin; all but the last fill the
    // measure (a mark may hang out on the left); the last, shorter, stands on the right.
    for line in paragraph.iter() {
        assert!(
            (line.2 - right).abs() < 0.02,
            "{line:?} does not end at {right}"
        );
    }
    let (last, full) = paragraph.split_last().expect("lines");
    for line in full {
        assert!(line.1 <= left + 0.01 && line.1 > left - 4.0, "{line:?}");
    }
    assert!(
        last.1 > left + 20.0,
        "the last line is aligned right: {last:?}"
    );
    // The list: the marker on the right of the item's text, which is indented from the
    // right and fills the measure from the left margin.
    let (first, rest) = item.split_first().expect("item lines");
    assert!(
        bullet.x > right - 20.0 && bullet.x + bullet.width <= right + 0.01,
        "{bullet:?}"
    );
    let text_right = rest.iter().map(|l| l.2).fold(f32::MIN, f32::max);
    assert!(
        text_right < bullet.x - 2.0,
        "text {text_right} reaches the marker {bullet:?}"
    );
    assert!(first.1 <= left + 0.01, "{first:?}");
    assert!(
        check_problems(&laid).is_empty(),
        "{:?}",
        check_problems(&laid)
    );
}

#[test]
fn right_to_left_text_sets_on_any_measure_within_the_safety_net() {
    // On some measures a line ends with a Latin full stop, whose run has no strong
    // direction of its own: it hangs on the left as the end of a right-to-left line, and
    // the check allows exactly that.
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    let text = format!(
        "title: الهند وروسيا\ndate: 2025-12-05\nlanguage: ar\nsections:\n  - heading: الهند وروسيا\n    blocks:\n      - \"{ARABIC_PROSE} {ARABIC_PROSE}\"\n      - bullets:\n          - text: \"{ARABIC_PROSE}\"\n            bullets: [\"{ARABIC_PROSE}\"]\n"
    );
    for width in (90..=240).step_by(3) {
        let sized = text.replace(
            "language: ar\n",
            &format!(
                "language: ar\npage: {{size: {{width: {width}mm, height: 297mm}}, margins: 8mm}}\n"
            ),
        );
        let source = briefing::source::load("bidi.yaml", &sized).expect("a valid source");
        let laid = briefing::layout::typeset(&source, fonts, 10)
            .unwrap_or_else(|e| panic!("{width} mm: {e:?}"));
        assert!(check_problems(&laid).is_empty(), "{width} mm");
    }
}

#[test]
fn mixed_devanagari_and_latin_sets_on_any_measure_within_the_safety_net() {
    // A Hindi sentence with English inside changes font at every script boundary; letter
    // spacing and expansion once closed the letters up across such a change, and the
    // safety net refused the block ("चीन" overlapping the ", " after it).
    let text = "title: D\ndate: 2025-12-05\nsections:\n  - heading: One\n    blocks:\n      - \"रूप से में बड़ा के से बड़ा देश such as the UN, G20, and SCO. भारत के पश्चिम चीन, नेपाल और भूटान और पूर्व में और म्यान्मार स्थित हैं।\"\n";
    // The default A4 page first: the measure the refusal was found on.
    let sized = (90..=300).step_by(2).map(|width| {
        text.replace(
            "sections:",
            &format!(
                "page: {{size: {{width: {width}mm, height: 297mm}}, margins: 15mm}}\nsections:"
            ),
        )
    });
    for (width, sized) in
        std::iter::once((210, text.to_string())).chain((90..=300).step_by(2).zip(sized))
    {
        let source = briefing::source::load("mixed.yaml", &sized).expect("a valid source");
        let laid = briefing::layout::typeset(&source, FontBook::embedded(), 10)
            .unwrap_or_else(|e| panic!("{width} mm: {e:?}"));
        assert!(check_problems(&laid).is_empty(), "{width} mm");
    }
}

fn check_problems(laid: &briefing::layout::Laid) -> Vec<String> {
    briefing::layout::check::problems(&laid.pages)
}

#[test]
fn right_to_left_lines_hang_their_closing_marks_into_the_left_margin() {
    use briefing::text::{set_paragraph, ParagraphStyle, StyledRun};
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    // Every word ends with an Arabic comma, so every line ends with one.
    let text = "مرحبا، ".repeat(40);
    let style = ParagraphStyle {
        text: serif(),
        justify: true,
        hyphenate: true,
        hyphenate_capitalized: false,
        language: "ar".into(),
    };
    let measure = 200.0;
    let set = set_paragraph(fonts, &[StyledRun::plain(text.trim())], &style, measure);
    assert!(set.lines.len() > 3);
    for line in &set.lines[..set.lines.len() - 1] {
        let glyphs: Vec<(f32, &str)> = line
            .runs
            .iter()
            .flat_map(|run| {
                run.glyphs
                    .iter()
                    .map(move |g| (run.x + g.x, g.text.as_str()))
            })
            .collect();
        let (x, text) = glyphs
            .iter()
            .copied()
            .fold((f32::MAX, ""), |a, b| if b.0 < a.0 { b } else { a });
        assert_eq!(text, "،", "the comma ends the line on its left");
        assert!(line.hang_left > 0.5, "{}", line.hang_left);
        assert!(
            (x + line.hang_left).abs() < 0.01,
            "it hangs by its protrusion: {x}"
        );
        assert!(
            (line.width - measure).abs() < 0.01,
            "the right edge is straight"
        );
        assert_eq!(line.hang_right, 0.0);
    }
    let last = set.lines.last().expect("a last line");
    assert!(last.offset > 0.0 && (last.width - measure).abs() < 0.01);
}

#[test]
fn joining_letters_are_not_letter_spaced() {
    use briefing::text::{set_paragraph, ParagraphStyle, StyledRun};
    let fonts = FontBook::with_dirs(&[rtl_fonts()]).expect("the fixture font loads");
    // Justified Arabic: the spaces and font expansion fill the lines, and a word's glyphs
    // stand as the shaper set them (scaled), so no gap breaks a join.
    let word = "بالعالم";
    let text = format!("{word} ").repeat(30);
    let style = ParagraphStyle {
        text: serif(),
        justify: true,
        hyphenate: false,
        hyphenate_capitalized: false,
        language: "ar".into(),
    };
    let set = set_paragraph(fonts, &[StyledRun::plain(text.trim())], &style, 150.0);
    let alone = shape_line(fonts, word, &serif());
    let xs = |glyphs: &[briefing::text::Glyph]| -> Vec<f32> {
        glyphs.iter().map(|g| g.x - glyphs[0].x).collect()
    };
    let natural = xs(&alone.runs[0].glyphs);
    let line = &set.lines[0];
    assert!(line.ratio > 0.1, "the line is stretched: {}", line.ratio);
    let run = line
        .runs
        .iter()
        .find(|run| run.glyphs.len() == natural.len())
        .expect("a word in a run of its own");
    for (set_x, natural_x) in xs(&run.glyphs).iter().zip(&natural) {
        assert!(
            (set_x - natural_x * run.scale).abs() < 0.01,
            "{set_x} vs {natural_x}"
        );
    }
}
