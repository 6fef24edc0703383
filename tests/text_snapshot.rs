//! The set lines of seed paragraphs, pinned: a change in shaping, hyphenation or breaking
//! shows up here for review.

use briefing::text::StyledRun as Run;
use briefing::text::{set_paragraph, Family, FontBook, ParagraphStyle, SetParagraph, TextStyle};

const ECONOMY: &str = "Economy and Trade: Bilateral trade has seen substantial growth, reaching \
    a record high of USD 68.7 billion in FY 2024-25. The target is to increase this to USD 100 \
    billion by 2030. This surge has been largely driven by India's increased imports of Russian \
    crude oil, often at discounted prices. Both countries are exploring ways to enhance market \
    access for their goods and are working towards a Programme of Economic Cooperation 2030.";

fn set(justify: bool, measure: f32) -> SetParagraph {
    let style = ParagraphStyle {
        text: TextStyle {
            family: Family::Serif,
            size: 10.5,
            bold: false,
            italic: false,
        },
        justify,
        hyphenate: true,
        hyphenate_capitalized: false,
        language: "en".into(),
    };
    let runs = [Run {
        text: ECONOMY,
        ..Run::default()
    }];
    set_paragraph(FontBook::embedded(), &runs, &style, measure)
}

/// One row per line: width, natural width, adjustment ratio, spaces as set / natural, letter
/// spacing, glyph scale (font expansion) in percent, text.
fn describe(set: &SetParagraph) -> String {
    let mut out = String::new();
    for line in &set.lines {
        let spaces = line.spacing.set / line.spacing.natural.max(f32::EPSILON);
        let scale = line.runs.first().map_or(1.0, |run| run.scale);
        out.push_str(&format!(
            "{:7.2} {:7.2} {:+.2} {:.2} {:.2} {:6.2} {}{}\n",
            line.width,
            line.natural_width,
            line.ratio,
            spaces,
            line.tracking,
            scale * 100.0,
            if line.hyphenated { "[h] " } else { "" },
            line.text()
        ));
    }
    for warning in &set.warnings {
        out.push_str(&format!("warning: {}\n", warning.message));
    }
    out
}

#[test]
fn economy_paragraph_justified_on_a4() {
    insta::assert_snapshot!(describe(&set(true, 481.0)));
}

#[test]
fn economy_paragraph_justified_narrow() {
    insta::assert_snapshot!(describe(&set(true, 240.0)));
}

#[test]
fn economy_paragraph_ragged() {
    insta::assert_snapshot!(describe(&set(false, 240.0)));
}
