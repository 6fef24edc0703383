//! Shaping: scripts, font fallback, ligatures, and the text each glyph carries.

use briefing::text::StyledRun as Run;
use briefing::text::{
    set_paragraph, shape_line, shape_runs, Family, FontBook, Line, ParagraphStyle, TextStyle,
};

fn serif(size: f32) -> TextStyle {
    TextStyle {
        family: Family::Serif,
        size,
        bold: false,
        italic: false,
    }
}

fn face_name(line: &Line, run: usize) -> &'static str {
    &FontBook::embedded().face(line.runs[run].font).name
}

/// Every glyph's text, in order, with the face that sets it.
fn glyph_texts(line: &Line) -> Vec<(&'static str, String)> {
    let book = FontBook::embedded();
    line.runs
        .iter()
        .flat_map(|run| {
            run.glyphs
                .iter()
                .map(move |g| (book.face(run.font).name.as_str(), g.text.clone()))
        })
        .collect()
}

#[test]
fn devanagari_shapes_as_clusters_in_the_devanagari_face() {
    let line = shape_line(FontBook::embedded(), "भारत और रूस", &serif(10.0));
    assert_eq!(line.text(), "भारत और रूस");
    for (face, text) in glyph_texts(&line) {
        if text == " " {
            continue;
        }
        assert_eq!(face, "NotoSansDevanagari-Regular", "{text:?}");
    }
    let texts: Vec<String> = glyph_texts(&line).into_iter().map(|(_, t)| t).collect();
    // र with the vowel sign ू is one cluster: one piece of text, never split.
    assert!(texts.contains(&"रू".to_string()), "{texts:?}");
    assert!(
        texts
            .iter()
            .all(|t| !t.starts_with('\u{942}') && !t.starts_with('\u{93E}')),
        "a vowel sign never starts a glyph's text: {texts:?}"
    );
    assert!(line.runs.iter().flat_map(|r| &r.glyphs).all(|g| g.id != 0));
    // The Devanagari face is taller than the Latin one: the line makes room for it.
    let latin = shape_line(FontBook::embedded(), "India", &serif(10.0));
    assert!(line.ascent >= latin.ascent);
}

#[test]
fn devanagari_fallback_is_bold_in_bold_text() {
    let runs = [Run {
        text: "भारत",
        bold: true,
        ..Run::default()
    }];
    let line = shape_runs(FontBook::embedded(), &runs, &serif(10.0));
    assert_eq!(face_name(&line, 0), "NotoSansDevanagari-Bold");
    assert!(line.runs[0].bold);
}

#[test]
fn cyrillic_is_set_in_noto_serif() {
    let line = shape_line(FontBook::embedded(), "Россия", &serif(10.0));
    assert_eq!(line.runs.len(), 1);
    assert_eq!(face_name(&line, 0), "NotoSerif-Regular");
    assert_eq!(line.text(), "Россия");
    assert!(line.runs[0].glyphs.iter().all(|g| g.id != 0));
}

#[test]
fn ligatures_carry_all_their_characters() {
    let line = shape_line(FontBook::embedded(), "office", &serif(10.0));
    let texts: Vec<String> = glyph_texts(&line).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, vec!["o", "ffi", "c", "e"]);
}

#[test]
fn mixed_scripts_fall_back_cluster_by_cluster() {
    let line = shape_line(
        FontBook::embedded(),
        "India (भारत) and Russia (Россия)",
        &serif(10.0),
    );
    assert_eq!(line.text(), "India (भारत) and Russia (Россия)");
    let faces: Vec<&str> = (0..line.runs.len()).map(|i| face_name(&line, i)).collect();
    assert_eq!(
        faces,
        vec![
            "NotoSerif-Regular",
            "NotoSansDevanagari-Regular",
            "NotoSerif-Regular"
        ]
    );
    for pair in line.runs.windows(2) {
        assert!(
            (pair[0].x + pair[0].width - pair[1].x).abs() < 1e-3,
            "runs abut"
        );
    }
}

#[test]
fn characters_no_face_covers_are_named_once_each_in_one_warning() {
    let style = ParagraphStyle {
        text: serif(10.0),
        justify: true,
        hyphenate: true,
        hyphenate_capitalized: false,
        language: "en".into(),
    };
    let runs = [Run {
        text: "Smile 😀 twice 😀 and 中文",
        ..Run::default()
    }];
    let set = set_paragraph(FontBook::embedded(), &runs, &style, 400.0);
    let messages: Vec<&str> = set.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        ["no font has a glyph for '😀' (U+1F600), '中' (U+4E2D) or '文' (U+6587)"]
    );
    // The text is kept, on the glyph that stands for it.
    assert_eq!(set.lines[0].text(), "Smile 😀 twice 😀 and 中文");
    // A paragraph in a script no face has is one warning, not one per letter.
    let many = [Run {
        text: "一二三四五六七八九十",
        ..Run::default()
    }];
    let set = set_paragraph(FontBook::embedded(), &many, &style, 400.0);
    assert_eq!(set.warnings.len(), 1);
    assert!(
        set.warnings[0]
            .message
            .ends_with("'八' (U+516B) and 2 more characters"),
        "{}",
        set.warnings[0].message
    );
}

#[test]
fn kerning_narrows_pairs() {
    let style = serif(100.0);
    let pair = shape_line(FontBook::embedded(), "AV", &style).width;
    let apart = shape_line(FontBook::embedded(), "A", &style).width
        + shape_line(FontBook::embedded(), "V", &style).width;
    assert!(pair < apart - 1.0, "{pair} vs {apart}");
}

#[test]
fn sizes_scale_widths() {
    let small = shape_line(FontBook::embedded(), "Summit", &serif(10.0)).width;
    let large = shape_line(FontBook::embedded(), "Summit", &serif(20.0)).width;
    assert!((large - 2.0 * small).abs() < 1e-3);
}

#[test]
fn unbroken_lines_keep_every_space() {
    let line = shape_line(FontBook::embedded(), "  two  spaces ", &serif(10.0));
    assert_eq!(line.text(), "  two  spaces ");
    let space = shape_line(FontBook::embedded(), " ", &serif(10.0));
    assert_eq!(space.text(), " ");
    assert!(space.width > 2.0 && space.width < 4.0, "{}", space.width);
}

#[test]
fn sans_has_no_italic_and_falls_back_to_upright() {
    let style = TextStyle {
        family: Family::Sans,
        size: 12.0,
        bold: false,
        italic: true,
    };
    let line = shape_line(FontBook::embedded(), "Heading", &style);
    assert_eq!(face_name(&line, 0), "NotoSans-Regular");
}

#[test]
fn hyphenated_lines_end_with_a_hyphen_glyph() {
    let style = ParagraphStyle {
        text: serif(10.0),
        justify: true,
        hyphenate: true,
        hyphenate_capitalized: false,
        language: "en".into(),
    };
    let runs = [Run {
        text: "Internationalisation considerations notwithstanding, comprehensive \
               documentation accompanies extraordinarily sophisticated implementations.",
        ..Run::default()
    }];
    let set = set_paragraph(FontBook::embedded(), &runs, &style, 110.0);
    let hyphenated: Vec<&Line> = set.lines.iter().filter(|l| l.hyphenated).collect();
    assert!(!hyphenated.is_empty());
    for line in hyphenated {
        let last = line
            .runs
            .last()
            .and_then(|r| r.glyphs.last())
            .expect("glyphs");
        assert_eq!(
            last.text, "\u{AD}",
            "an added hyphen is a soft hyphen in the text"
        );
        assert_ne!(last.id, 0);
    }
}

/// A text shaped once measures and sets exactly as shaping it for each purpose did: its
/// widest word as each word set alone, its one line as `shape_line`, its lines as
/// `set_paragraph` (tables measure and set their cells from one shaping).
#[test]
fn shaped_once_measures_and_sets_as_shaping_each_time() {
    use briefing::text::{widest_word, ShapedText};
    let book = FontBook::embedded();
    let style = serif(9.5);
    for text in [
        "Mineral fuels and oils",
        "co-operation  (ICT) 2024\u{2013}25 “quoted” — office affluent",
        "internationalisation",
        "भारत और रूस का द्विपक्षीय व्यापार",
        "Россия и Индия: сотрудничество",
    ] {
        let shaped = ShapedText::new(book, &[Run::plain(text)], &style);
        assert_eq!(
            shaped.widest_word(),
            widest_word(book, text, &style),
            "{text}"
        );
        assert_eq!(shaped.unbroken(), shape_line(book, text, &style), "{text}");
        for measure in [30.0, 60.0, 120.0, 400.0] {
            let paragraph = ParagraphStyle {
                text: style,
                justify: false,
                hyphenate: true,
                hyphenate_capitalized: true,
                language: "en".into(),
            };
            assert_eq!(
                shaped.set(&paragraph, measure),
                set_paragraph(book, &[Run::plain(text)], &paragraph, measure),
                "{text} at {measure}"
            );
        }
    }
}
