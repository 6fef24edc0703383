//! Line breaking and justification of whole paragraphs, measured on the seed article's text.

use briefing::text::StyledRun as Run;
use briefing::text::{
    set_paragraph, Family, FontBook, Line, ParagraphStyle, SetParagraph, TextStyle,
};

/// Paragraphs of the seed briefing (`/work/shared/seed/india-russia-briefing.txt`).
const SEED: [&str; 4] = [
    "In December 2025, Russian President Vladimir Putin is visiting India for the 23rd \
     India-Russia Annual Summit, his first visit since the Ukraine conflict began, underscoring \
     the importance of the bilateral relationship despite geopolitical pressures and Western \
     sanctions.",
    "Bilateral trade has seen substantial growth, reaching a record high of USD 68.7 billion in \
     FY 2024-25. The target is to increase this to USD 100 billion by 2030. This surge has been \
     largely driven by India's increased imports of Russian crude oil, often at discounted \
     prices. Both countries are exploring ways to enhance market access for their goods and are \
     working towards a Programme of Economic Cooperation 2030.",
    "Russia has historically been India's largest defense supplier, with Russian-made equipment \
     comprising a significant portion of India's military hardware. Joint programs include the \
     BrahMos cruise missile and the development of fighter jets. However, India has been \
     diversifying its defense imports in recent years due to geopolitical shifts and a focus on \
     domestic production.",
    "The ongoing conflict has presented challenges to India-Russia ties, impacting political and \
     diplomatic relations and intensifying economic cooperation difficulties. India has \
     maintained a nuanced approach, balancing relations with both Moscow and the West.",
];

fn style(justify: bool) -> ParagraphStyle {
    ParagraphStyle {
        text: TextStyle {
            family: Family::Serif,
            size: 10.0,
            bold: false,
            italic: false,
        },
        justify,
        hyphenate: true,
        hyphenate_capitalized: false,
        language: "en".into(),
    }
}

fn plain(text: &str) -> Vec<Run<'_>> {
    vec![Run {
        text,
        ..Run::default()
    }]
}

fn long_paragraph() -> String {
    SEED.join(" ")
}

/// Checks that the lines hold the source text exactly once and in order: only the spaces at
/// breaks are missing and only the hyphens of hyphenated lines are added (as soft hyphens).
fn assert_text_preserved(source: &str, set: &SetParagraph) {
    let mut rest = source.trim_start();
    for line in &set.lines {
        let text = line.text();
        let text = if line.hyphenated {
            text.strip_suffix('\u{AD}')
                .expect("a hyphenated line ends with a soft hyphen")
        } else {
            text.as_str()
        };
        assert!(!text.starts_with(' ') && !text.ends_with(' '), "{text:?}");
        assert!(
            rest.starts_with(text),
            "line {text:?} is not next in {rest:?}"
        );
        rest = rest[text.len()..].trim_start();
    }
    assert_eq!(rest, "");
}

fn non_final(set: &SetParagraph) -> impl Iterator<Item = &Line> {
    set.lines[..set.lines.len().saturating_sub(1)].iter()
}

#[test]
fn justified_lines_end_at_the_measure() {
    let text = long_paragraph();
    for measure in [180.0, 240.0, 320.0, 455.0] {
        let set = set_paragraph(FontBook::embedded(), &plain(&text), &style(true), measure);
        assert!(set.lines.len() > 5, "{measure}: {} lines", set.lines.len());
        assert!(set.warnings.is_empty(), "{:?}", set.warnings);
        for line in non_final(&set) {
            // A closing mark hangs past the measure by its protrusion. Only a line whose
            // spaces are at their widest (twice natural) is left short, rather than gape.
            let at_widest = line.spacing.count > 0 && space_ratio(line) >= 2.0 - 1e-3;
            let end = line.width - line.hang_right;
            assert!(
                (end - measure).abs() <= 0.01 || at_widest && end < measure,
                "{measure}: line {:?} is {} wide",
                line.text(),
                line.width
            );
            assert!(!line.last);
        }
        let last = set.lines.last().expect("lines");
        assert!(last.last && last.width <= measure + 0.01);
        // Ragged: never stretched (its spaces may shrink, as TeX's do, to take a last word).
        assert!(
            (-1.0..=0.0).contains(&last.ratio),
            "the last line is set ragged"
        );
        assert_text_preserved(&text, &set);
    }
}

#[test]
fn glyph_positions_include_the_stretched_spaces() {
    let set = set_paragraph(
        FontBook::embedded(),
        &plain(&long_paragraph()),
        &style(true),
        240.0,
    );
    for line in non_final(&set) {
        let run = line.runs.last().expect("runs");
        let end = run.x + run.width;
        assert!((end - line.width).abs() < 0.01);
        for run in &line.runs {
            for pair in run.glyphs.windows(2) {
                assert!(pair[1].x >= pair[0].x - 2.0, "glyphs go left to right");
            }
        }
    }
}

/// The ratio of set to natural width of a line's spaces.
fn space_ratio(line: &Line) -> f32 {
    line.spacing.set / line.spacing.natural
}

#[test]
fn spaces_stay_within_bounds_of_the_natural_space() {
    // Around the measure of the page (A4 with 20 mm margins is 481 pt; the seed's 10.5 pt body
    // is like 458 pt at 10 pt), issue 16's bounds: spaces shrink to 0.85 of natural at most
    // (letter spacing takes the rest), nineteen lines in twenty stay within 0.85..1.35, and
    // none is looser than 1.6.
    let text = long_paragraph();
    let (mut lines, mut beyond) = (0, 0);
    for measure in (430..=481).step_by(3) {
        let set = set_paragraph(
            FontBook::embedded(),
            &plain(&text),
            &style(true),
            measure as f32,
        );
        for line in non_final(&set) {
            assert!(line.spacing.count > 0);
            let ratio = space_ratio(line);
            assert!(
                ratio >= 0.85 - 1e-3,
                "{measure}: {:?} at {ratio}",
                line.text()
            );
            assert!(ratio <= 1.6, "{measure}: {:?} at {ratio}", line.text());
            lines += 1;
            beyond += usize::from(ratio > 1.35 + 1e-3);
        }
    }
    assert!(
        beyond * 20 <= lines,
        "{beyond} of {lines} lines beyond 1.35"
    );
}

#[test]
fn never_two_hyphenated_lines_in_a_row() {
    let text = long_paragraph();
    let mut hyphenated = 0;
    for measure in (120..=400).step_by(7) {
        let set = set_paragraph(
            FontBook::embedded(),
            &plain(&text),
            &style(true),
            measure as f32,
        );
        let mut run = 0;
        for line in &set.lines {
            let ends_with_hyphen = line.text().ends_with(['-', '\u{AD}']);
            run = if ends_with_hyphen { run + 1 } else { 0 };
            assert!(run <= 1, "{measure}: two hyphens in a row");
            hyphenated += line.hyphenated as usize;
        }
        assert_text_preserved(&text, &set);
    }
    assert!(hyphenated > 0, "narrow measures need some hyphenation");
}

#[test]
fn no_line_is_wider_than_the_measure() {
    let text = long_paragraph();
    for measure in (60..=480).step_by(13) {
        let measure = measure as f32;
        for justify in [true, false] {
            let set = set_paragraph(
                FontBook::embedded(),
                &plain(&text),
                &style(justify),
                measure,
            );
            for line in &set.lines {
                assert!(
                    line.width - line.hang_right <= measure + 0.01,
                    "{measure}: {:?}",
                    line.text()
                );
            }
            assert_text_preserved(&text, &set);
        }
    }
}

#[test]
fn a_number_stays_with_its_currency() {
    let text = SEED[1];
    for measure in (80..=400).step_by(3) {
        let set = set_paragraph(
            FontBook::embedded(),
            &plain(text),
            &style(true),
            measure as f32,
        );
        for line in &set.lines {
            let text = line.text();
            assert!(!text.ends_with("USD"), "{measure}: {text:?}");
            assert!(!text.ends_with("FY"), "{measure}: {text:?}");
        }
    }
}

#[test]
fn ragged_lines_keep_natural_spaces_and_look_balanced() {
    let set = set_paragraph(
        FontBook::embedded(),
        &plain(&long_paragraph()),
        &style(false),
        240.0,
    );
    for line in &set.lines {
        assert_eq!(line.ratio, 0.0);
        assert!((line.spacing.set - line.spacing.natural).abs() < 1e-4);
        assert!(line.width <= 240.0);
    }
    // No line but the last falls short of the measure by more than the ragged allowance.
    for line in non_final(&set) {
        assert!(
            line.width > 240.0 - 40.0,
            "{:?} is {}",
            line.text(),
            line.width
        );
    }
    let widths: Vec<f32> = set.lines.iter().map(|l| l.width).collect();
    assert!(
        widths.windows(2).any(|w| (w[0] - w[1]).abs() > 1.0),
        "ragged"
    );
}

#[test]
fn a_word_wider_than_the_measure_breaks_inside_with_a_warning() {
    let word = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let text = format!("The code {word} was read aloud by the clerk.");
    let set = set_paragraph(FontBook::embedded(), &plain(&text), &style(true), 120.0);
    for line in &set.lines {
        assert!(line.width <= 120.01, "{:?} is {}", line.text(), line.width);
    }
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    assert!(set.warnings[0].message.contains("ABCDEFGHIJ"));
    assert!(set.warnings[0].message.contains("wider than the measure"));
    assert_text_preserved(&text, &set);
}

#[test]
fn links_and_urls_are_never_hyphenated() {
    let runs = vec![
        Run {
            text: "Read the announcement at ",
            ..Run::default()
        },
        Run {
            text: "extraordinarily comprehensive documentation",
            link: Some("https://example.org"),
            ..Run::default()
        },
        Run {
            text: " or https://example.org/internationalisation/documentation today.",
            ..Run::default()
        },
    ];
    for measure in (70..=200).step_by(5) {
        let set = set_paragraph(FontBook::embedded(), &runs, &style(true), measure as f32);
        for line in &set.lines {
            if line.hyphenated {
                let last = line.runs.last().expect("runs");
                assert!(last.link.is_none(), "{measure}: {:?}", line.text());
                assert!(
                    !line.text().contains("https"),
                    "{measure}: {:?}",
                    line.text()
                );
            }
        }
        let text: String = runs.iter().map(|r| r.text).collect();
        assert_text_preserved(&text, &set);
    }
}

#[test]
fn runs_keep_their_style_and_link() {
    let runs = vec![
        Run {
            text: "Defence:",
            bold: true,
            ..Run::default()
        },
        Run {
            text: " Russia has historically been India's largest ",
            ..Run::default()
        },
        Run {
            text: "supplier",
            link: Some("https://example.org"),
            ..Run::default()
        },
        Run {
            text: ".",
            ..Run::default()
        },
    ];
    let set = set_paragraph(FontBook::embedded(), &runs, &style(false), 1000.0);
    assert_eq!(set.lines.len(), 1);
    let line = &set.lines[0];
    assert!(line.runs[0].bold);
    assert_ne!(
        line.runs[0].font, line.runs[1].font,
        "bold has its own face"
    );
    let linked: String = line
        .runs
        .iter()
        .filter(|r| r.link.is_some())
        .flat_map(|r| &r.glyphs)
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(linked, "supplier");
    for pair in line.runs.windows(2) {
        assert!(
            (pair[0].x + pair[0].width - pair[1].x).abs() < 1e-3,
            "runs abut"
        );
    }
}

#[test]
fn a_newline_ends_a_line() {
    let set = set_paragraph(
        FontBook::embedded(),
        &plain("First line\nsecond line"),
        &style(true),
        400.0,
    );
    let texts: Vec<String> = set.lines.iter().map(Line::text).collect();
    assert_eq!(texts, vec!["First line", "second line"]);
    assert!(set.lines[0].last, "set ragged like a last line");
}

#[test]
fn empty_and_blank_paragraphs_have_no_lines() {
    for text in ["", "   ", "\n\n"] {
        let set = set_paragraph(FontBook::embedded(), &plain(text), &style(true), 200.0);
        assert!(set.lines.is_empty(), "{text:?}");
        assert!(set.warnings.is_empty());
    }
    assert!(
        set_paragraph(FontBook::embedded(), &[], &style(true), 200.0)
            .lines
            .is_empty()
    );
}

#[test]
fn nonsense_measures_do_not_panic() {
    let text = "A short paragraph of words.";
    for measure in [0.0, -5.0, f32::NAN, 1.0, f32::INFINITY] {
        let set = set_paragraph(FontBook::embedded(), &plain(text), &style(true), measure);
        assert!(!set.lines.is_empty(), "{measure}");
        assert_text_preserved(text, &set);
    }
}

#[test]
fn output_is_deterministic() {
    let text = long_paragraph();
    let first = set_paragraph(FontBook::embedded(), &plain(&text), &style(true), 240.0);
    let second = set_paragraph(FontBook::embedded(), &plain(&text), &style(true), 240.0);
    assert_eq!(first, second);
}

#[test]
fn huge_words_and_paragraphs_stay_proportional() {
    // Work grows with the text, not with its square: these finish quickly or not at all.
    let word = "x".repeat(20_000);
    let set = set_paragraph(FontBook::embedded(), &plain(&word), &style(true), 300.0);
    assert!(set.lines.len() > 100);
    assert!(set.lines.iter().all(|line| line.width <= 300.01));
    assert_eq!(set.warnings.len(), 1);

    let text = long_paragraph().repeat(40);
    let set = set_paragraph(FontBook::embedded(), &plain(&text), &style(true), 458.0);
    assert!(set.lines.len() > 400);
    assert_text_preserved(&text, &set);

    let set = set_paragraph(
        FontBook::embedded(),
        &plain(&SEED[0].repeat(20)),
        &style(true),
        0.0,
    );
    assert!(set
        .lines
        .iter()
        .all(|line| line.runs.iter().map(|r| r.glyphs.len()).sum::<usize>() <= 2));
}

#[test]
fn mixed_scripts_and_styles_keep_every_character() {
    let runs = vec![
        Run {
            text: "Summit:",
            bold: true,
            ..Run::default()
        },
        Run {
            text: " भारत और रूस (India and Russia), Россия и Индия, met in New Delhi; ",
            ..Run::default()
        },
        Run {
            text: "the office of the President",
            italic: true,
            ..Run::default()
        },
        Run {
            text: " issued a joint statement on co-operation.",
            ..Run::default()
        },
    ];
    let text: String = runs.iter().map(|r| r.text).collect();
    for measure in (50..=400).step_by(11) {
        let set = set_paragraph(FontBook::embedded(), &runs, &style(true), measure as f32);
        assert_text_preserved(&text, &set);
        assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    }
}

#[test]
fn letter_spacing_shares_the_adjustment_within_its_bounds() {
    // Spaces and letter spacing share a justified line's adjustment in proportion to their
    // give: letters open by at most 0.03 em and close by at most 0.015 em, in step with the
    // spaces, and only spaces go on stretching once letters are at their limit.
    let text = long_paragraph();
    let (mut opened, mut closed) = (0, 0);
    for measure in (240..=481).step_by(7) {
        let set = set_paragraph(
            FontBook::embedded(),
            &plain(&text),
            &style(true),
            measure as f32,
        );
        for line in non_final(&set) {
            // At 10 pt: 0.3 pt open, 0.15 pt closed at most.
            let expected = match line.ratio {
                r if r >= 1.0 - 1e-3 => 0.3,
                r if r > 0.0 => r * 0.3,
                r if r > -1.0 + 1e-3 => r * 0.15,
                // Closed to the limit; a gap the breaker counted but the line lacks (before
                // a word's second part) is taken up by letters, to twice their limit.
                _ => line.tracking.clamp(-0.3, -0.15),
            };
            assert!((line.tracking - expected).abs() < 1e-3, "{line:?}");
            opened += usize::from(line.tracking > 0.0);
            closed += usize::from(line.tracking < 0.0);
            assert!((line.width - line.hang_right - measure as f32).abs() <= 0.01);
        }
        let last = set.lines.last().expect("lines");
        assert!(
            last.tracking <= 0.0,
            "a last line is never letter-spaced open"
        );
    }
    assert!(opened > 0 && closed > 0, "{opened} opened, {closed} closed");
}

#[test]
fn a_line_that_cannot_fill_the_measure_is_left_short_not_gapped() {
    // "Internationalisation" fills most of a 110 pt line and cannot share it: the line is
    // letter-spaced at most 0.03 em and left short, never set with holes.
    let text = "Internationalisation Internationalisation Internationalisation";
    let set = set_paragraph(FontBook::embedded(), &plain(text), &style(true), 110.0);
    assert!(set.lines.len() >= 3, "{:?}", set.lines);
    for line in non_final(&set) {
        assert_eq!(line.spacing.count, 0, "{:?}", line.text());
        assert!(line.tracking <= 0.3 + 1e-4, "{line:?}");
        assert!(line.width <= 110.0 + 0.01);
    }
    // "Characteristically, a" cannot fill 150 pt ("Telecommunications", a name-like capital,
    // is not cut): its one space opens to twice its width and the line is left short, where
    // it would otherwise gape at thirty times.
    let text = "Characteristically, a Telecommunications Standardisation Memorandum.";
    let set = set_paragraph(FontBook::embedded(), &plain(text), &style(true), 150.0);
    let mut short = 0;
    for line in non_final(&set) {
        if line.spacing.count > 0 {
            assert!(space_ratio(line) <= 2.0 + 1e-3, "{line:?}");
        }
        assert!(line.tracking <= 0.3 + 1e-4, "{line:?}");
        short += usize::from(line.width < 140.0);
    }
    assert!(short > 0, "{:?}", set.lines);
}

#[test]
fn the_last_word_of_a_paragraph_is_never_hyphenated() {
    let text = long_paragraph();
    let last_word = text.split_whitespace().next_back().expect("words");
    let mut checked = 0;
    for measure in (60..=480).step_by(7) {
        let set = set_paragraph(
            FontBook::embedded(),
            &plain(&text),
            &style(true),
            measure as f32,
        );
        let [.., before, last] = set.lines.as_slice() else {
            continue;
        };
        checked += 1;
        // A hyphen before the last line may only cut a word that is not the last.
        assert!(
            !before.hyphenated || last.text().contains(' '),
            "{measure}: {:?} / {:?}",
            before.text(),
            last.text()
        );
        assert!(last.text().ends_with(last_word), "{:?}", last.text());
    }
    assert!(checked > 50);
}

/// A line that starts inside a word (here, after an emergency cut before a closing quote) has
/// no letter gap before its first glyph: the breaker must not count that gap's shrink, or the
/// line is chosen narrower than it can be set (it came out 0.026 pt over the measure).
#[test]
fn a_line_starting_inside_a_word_keeps_to_the_measure() {
    let text = "Privileged” a Privileged” द्विपक्षीय сотрудничество the";
    let runs = [Run {
        text,
        bold: true,
        italic: true,
        link: None,
    }];
    let mut style = style(true);
    style.text.size = 7.098739;
    let measure = 33.115383;
    let set = set_paragraph(FontBook::embedded(), &runs, &style, measure);
    for line in &set.lines {
        assert!(
            line.width - line.hang_right <= measure + 0.01,
            "{:?} is {} pt wide, the measure {measure}",
            line.text(),
            line.width
        );
    }
}
