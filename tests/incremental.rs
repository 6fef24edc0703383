//! Incremental rebuilds (`briefing::Session`, what `briefing watch` builds with): after any
//! edit, the rebuilt PDF is byte for byte the cold build of the edited source, and an edit of
//! one word sets one paragraph and writes the pages it is on.

mod common;

use briefing::{Options, Session};
use common::repeated_seed;

fn cold(yaml: &str) -> Vec<u8> {
    briefing::build_with("x.yaml", yaml.as_bytes(), &Options::default())
        .expect("the edited source builds")
        .pdf
}

fn rebuilt(session: &mut Session, yaml: &str) -> Vec<u8> {
    session
        .build("x.yaml", yaml.as_bytes(), &Options::default())
        .expect("the edited source builds")
        .pdf
}

/// `text` with the `nth` (0-based) occurrence of `from` replaced by `to`.
fn replace_nth(text: &str, from: &str, to: &str, nth: usize) -> String {
    let (at, _) = text
        .match_indices(from)
        .nth(nth)
        .unwrap_or_else(|| panic!("{from:?} occurs {} times", nth + 1));
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

const CHINA_ITEM: &str = "          - >-
            **Russia-China Proximity:** Russia's increasing ties with China, especially amidst
            Western sanctions, raise concerns for India due to its own strategic rivalry with
            China.
";

/// `text` without its `nth` (0-based) "About" section, over a page long.
fn deleted_section(text: &str, nth: usize) -> String {
    let (start, _) = text.match_indices("  - heading: About").nth(nth).unwrap();
    let end = text[start..]
        .find("  - heading: Recent")
        .map_or(text.len(), |end| start + end);
    format!("{}{}", &text[..start], &text[end..])
}

/// Each edit, applied to what the session last built, rebuilds to the cold build's bytes.
#[test]
fn every_kind_of_edit_rebuilds_to_the_cold_bytes() {
    let base = repeated_seed(6);
    let long_paragraph = format!(
        "      - >-\n        {}\n\n",
        "An added paragraph that runs on for many lines and moves every page after it. ".repeat(40)
    );
    let edits: Vec<(&str, String)> = vec![
        ("one word", replace_nth(&base, "cornerstone", "keystone", 3)),
        (
            "a paragraph's line count",
            replace_nth(
                &base,
                "sectors.\n",
                "sectors, from trade and energy to defence, space and culture, over seven \
                 decades.\n",
                2,
            ),
        ),
        (
            "the page count",
            replace_nth(
                &base,
                "  - heading: Recent",
                &format!("{long_paragraph}  - heading: Recent"),
                1,
            ),
        ),
        (
            "a heading (the outline)",
            replace_nth(&base, "heading: About", "heading: Background", 4),
        ),
        (
            "a table cell",
            replace_nth(&base, "46.21, 49.35", "46.25, 49.39", 2),
        ),
        (
            "a column's title",
            replace_nth(&base, "Total trade", "Trade in all", 1),
        ),
        (
            "a table moved by an edit above it",
            replace_nth(
                &base,
                "          - table:\n",
                &format!(
                    "          - {}\n          - table:\n",
                    "Words above. ".repeat(60)
                ),
                2,
            ),
        ),
        (
            "a chart's caption",
            replace_nth(
                &base,
                "caption: India's exports to and imports from Russia by financial year",
                &format!(
                    "caption: {}",
                    "A much longer caption for the chart. ".repeat(8)
                ),
                3,
            ),
        ),
        (
            "the title",
            base.replace("title: India-Russia bilateral", "title: India and Russia"),
        ),
        (
            "the date",
            base.replace("date: 2025-12-05", "date: 2025-12-06"),
        ),
        ("a deleted list item", replace_nth(&base, CHINA_ITEM, "", 2)),
        ("a deleted section", deleted_section(&base, 3)),
        (
            "a new glyph",
            replace_nth(&base, "cornerstone", "cornerstoneß", 0),
        ),
        // What a load that reads one section again must splice right: lines moved below
        // the edit, a chart's references, a table's shape, the last section.
        (
            "blank lines in a section",
            replace_nth(&base, "sectors.\n", "sectors.\n\n\n", 1),
        ),
        (
            "a chart's series",
            replace_nth(
                &base,
                "series: [India's exports, India's imports]",
                "series: [India's imports, Total trade]",
                2,
            ),
        ),
        (
            "a table's row",
            replace_nth(
                &base,
                "- [2024-25, 4.88, 63.84, 68.72, -58.96]\n",
                "- [2024-25, 4.88, 63.84, 68.72, -58.96]\n                - [2025-26, 5.1, 70, \
                 75.1, -64.9]\n",
                3,
            ),
        ),
        (
            "the last section",
            replace_nth(&base, "dialogue mechanisms", "dialogue", 5),
        ),
        // What the render keeps as bytes must be written again: the structure tree and
        // the object streams after an added element and annotation, the tree alone.
        (
            "a link added (an element and an annotation)",
            replace_nth(
                &base,
                "cornerstone",
                "[cornerstone](https://example.com/cornerstone)",
                2,
            ),
        ),
        (
            "a chart's description (the structure tree alone)",
            replace_nth(&base, "Grouped bar chart", "A grouped bar chart", 3),
        ),
    ];
    let mut session = Session::new();
    assert_eq!(rebuilt(&mut session, &base), cold(&base), "the first build");
    let pages = |yaml: &str| briefing::build_named("x.yaml", yaml).map(|built| built.pages);
    let base_pages = pages(&base).expect("builds");
    // The edits do change the page count, both ways.
    assert!(edits
        .iter()
        .any(|(_, edited)| pages(edited).unwrap() > base_pages));
    assert!(edits
        .iter()
        .any(|(_, edited)| pages(edited).unwrap() < base_pages));
    for (what, edited) in &edits {
        assert_ne!(*edited, base, "{what}: the edit applies");
        let incremental = rebuilt(&mut session, edited);
        assert!(
            incremental == cold(edited),
            "{what}: the rebuilt PDF differs from a cold build"
        );
        // And back, as an editor's undo.
        assert!(
            rebuilt(&mut session, &base) == cold(&base),
            "{what}, undone: the rebuilt PDF differs from a cold build"
        );
    }
}

/// A one-word edit sets one paragraph again and writes only the pages that changed; the
/// rest comes from the last build.
#[test]
fn a_one_word_edit_costs_one_paragraph_and_its_page() {
    let base = repeated_seed(6);
    let mut session = Session::new();
    rebuilt(&mut session, &base);
    let all = session.reused();
    // The copies are alike: each distinct text is set once.
    assert!(all.paragraphs_set > 20, "{all:?}");
    let edited = replace_nth(&base, "cornerstone", "keystone", 3);
    rebuilt(&mut session, &edited);
    let reused = session.reused();
    assert_eq!(reused.paragraphs_set, 1, "{reused:?}");
    assert!(reused.pages_written <= 2, "{reused:?}");
    // Unchanged, nothing is set or written.
    rebuilt(&mut session, &edited);
    let again = session.reused();
    assert_eq!(
        (again.paragraphs_set, again.pages_written),
        (0, 0),
        "{again:?}"
    );
    // The cache holds this build's paragraphs, not both builds'.
    assert_eq!(again.paragraphs_held, reused.paragraphs_held);
}

/// A build that fails keeps the session usable: the next good source rebuilds to the cold
/// bytes.
#[test]
fn a_failed_build_in_between_changes_nothing() {
    let base = repeated_seed(2);
    let mut session = Session::new();
    rebuilt(&mut session, &base);
    let broken = base.replace("date: 2025-12-05", "date: someday");
    assert!(session
        .build("x.yaml", broken.as_bytes(), &Options::default())
        .is_err());
    let edited = replace_nth(&base, "cornerstone", "keystone", 1);
    assert!(rebuilt(&mut session, &edited) == cold(&edited));
    // A chart whose table is gone fails; mended, the section is read again.
    let no_table = replace_nth(&edited, "table: trade-1\n", "table: trade-9\n", 0);
    assert!(session
        .build("x.yaml", no_table.as_bytes(), &Options::default())
        .is_err());
    assert!(rebuilt(&mut session, &base) == cold(&base));
}

/// Another font book (a font directory changed) sets everything again, with its fonts.
#[test]
fn other_fonts_are_not_mixed_with_the_last_builds() {
    let base = repeated_seed(1);
    let mut session = Session::new();
    rebuilt(&mut session, &base);
    let fonts = briefing::text::FontBook::with_dirs(&["fonts".into()]).expect("the fonts load");
    let options = Options {
        fonts,
        ..Options::default()
    };
    let with_dir = session
        .build("x.yaml", base.as_bytes(), &options)
        .expect("builds")
        .pdf;
    let cold_with_dir = briefing::build_with("x.yaml", base.as_bytes(), &options)
        .expect("builds")
        .pdf;
    assert!(with_dir == cold_with_dir);
}

/// A cold build's cache lets go of each paragraph after its last planned use, so it ends
/// empty; a session's keeps what the build used, and a second build sets nothing.
#[test]
fn a_cold_builds_cache_ends_empty_and_a_sessions_keeps_one_build() {
    use briefing::layout::{typeset_reusing, SetCache};
    let base = repeated_seed(3);
    let briefing = briefing::source::load("x.yaml", &base).expect("loads");
    let fonts = briefing::text::FontBook::embedded();
    let mut cold = SetCache::one_build();
    typeset_reusing(&briefing, fonts, 2000, &mut cold).expect("lays out");
    assert!(cold.misses() > 20);
    assert_eq!(cold.len(), 0);
    let mut kept = SetCache::default();
    typeset_reusing(&briefing, fonts, 2000, &mut kept).expect("lays out");
    // A cold build sets an unplanned text (a table's source line) each time it comes.
    assert!(kept.misses() <= cold.misses());
    let held = kept.len();
    typeset_reusing(&briefing, fonts, 2000, &mut kept).expect("lays out");
    assert_eq!((kept.misses(), kept.len()), (0, held));
}

/// Six columns too narrow for their words on A5: words are cut, each with a warning at its
/// cell. `copies` sections each hold the same table, after `lines` paragraphs.
fn narrow_tables(copies: usize, lines: &[usize]) -> String {
    let mut yaml =
        "title: Narrow columns\ndate: 2025-12-05\npage: {size: A5}\nsections:\n".to_string();
    for copy in 0..copies {
        yaml.push_str(&format!("  - heading: Copy {copy}\n    blocks:\n"));
        for line in 0..lines.get(copy).copied().unwrap_or(0) {
            yaml.push_str(&format!(
                "      - A paragraph above the table, number {line}.\n"
            ));
        }
        yaml.push_str(
            "      - table:
          caption: Six columns on A5
          columns: [Column 1, Column 2, Administration, Responsibilities, Characteristics, Infrastructure]
          rows:
            - [a, b, c, d, e, f]
            - [international, relationships, understanding, partnership, establishment, modernisation]
",
        );
    }
    yaml
}

fn built(session: &mut Session, yaml: &str) -> briefing::Built {
    session
        .build("x.yaml", yaml.as_bytes(), &Options::default())
        .expect("builds")
}

/// A table repeated, or kept from the last build, gives its warnings at its cells' lines in
/// the source being built, as a cold build does: here after edits above it move it down
/// and up, and one copy's cell changes.
#[test]
fn a_kept_tables_warnings_name_its_cells_where_they_are_now() {
    let base = narrow_tables(2, &[1, 1]);
    let edits = [
        narrow_tables(2, &[4, 1]),
        narrow_tables(2, &[1, 3]),
        narrow_tables(2, &[0, 0]),
        narrow_tables(3, &[2, 0, 5]),
        narrow_tables(2, &[1, 1]).replacen("international", "intercontinental", 1),
    ];
    let mut session = Session::new();
    for yaml in edits.iter().flat_map(|edit| [edit, &base]) {
        let cold =
            briefing::build_with("x.yaml", yaml.as_bytes(), &Options::default()).expect("builds");
        let rebuilt = built(&mut session, yaml);
        let cut = |b: &briefing::Built| {
            (b.warnings.iter())
                .filter(|w| w.kind == briefing::layout::WarningKind::WordHyphenated)
                .count()
        };
        assert!(
            cut(&cold) >= 2 * yaml.matches("- table:").count(),
            "{:?}",
            cold.warnings
        );
        assert_eq!(rebuilt.warnings, cold.warnings);
        assert!(
            rebuilt.pdf == cold.pdf,
            "the rebuilt PDF differs from a cold build"
        );
    }
}

/// A table and its chart are set and drawn once for what they are made of: a cold build
/// makes a repeated one once and keeps it no longer than its last use; a session makes
/// again only the one edited.
#[test]
fn tables_and_charts_are_made_once_for_what_they_are_made_of() {
    use briefing::layout::{typeset_reusing, SetCache};
    let fonts = briefing::text::FontBook::embedded();
    let lay_out = |yaml: &str, cache: &mut SetCache| {
        let briefing = briefing::source::load("x.yaml", yaml).expect("loads");
        typeset_reusing(&briefing, fonts, 2000, cache).expect("lays out");
        (cache.tables(), cache.charts())
    };
    let base = repeated_seed(4);
    let mut cold = SetCache::one_build();
    assert_eq!(
        lay_out(&base, &mut cold),
        ((1, 0), (1, 0)),
        "made once, none held"
    );
    let mut kept = SetCache::default();
    assert_eq!(lay_out(&base, &mut kept), ((1, 1), (1, 1)));
    assert_eq!(lay_out(&base, &mut kept), ((0, 1), (0, 1)));
    // An import figure: in the table and in its chart's series.
    let edited = replace_nth(&base, "46.21, 49.35", "46.25, 49.39", 2);
    assert_eq!(
        lay_out(&edited, &mut kept),
        ((1, 2), (1, 2)),
        "the edited copy"
    );
    assert_eq!(
        lay_out(&base, &mut kept),
        ((0, 1), (0, 1)),
        "undone: the edit let go"
    );
    // A total: in the table only.
    let edited = replace_nth(&base, "46.21, 49.35", "46.21, 49.36", 1);
    assert_eq!(lay_out(&edited, &mut kept), ((1, 2), (0, 1)));
}

/// What a rebuild wrote anew, stage by stage as `briefing watch` runs them, after `yaml`.
fn render_written(
    caches: &mut (briefing::layout::SetCache, briefing::render::PageCache),
    yaml: &str,
) -> (Vec<u8>, briefing::render::WrittenAnew) {
    let briefing = briefing::source::load("x.yaml", yaml).expect("loads");
    let fonts = briefing::text::FontBook::embedded();
    let laid =
        briefing::layout::typeset_reusing(&briefing, fonts, 2000, &mut caches.0).expect("lays out");
    let pdf = briefing::render::render_reusing(laid.pages, &mut caches.1).expect("renders");
    (pdf, caches.1.written_anew())
}

/// A one-word edit writes its page and nothing else of the document anew: no font, no
/// object stream, no structure tree; an edit that changes those writes them again.
#[test]
fn a_one_word_edit_writes_one_page_and_keeps_the_rest_as_bytes() {
    let base = repeated_seed(6);
    let mut caches = Default::default();
    let (_, first) = render_written(&mut caches, &base);
    assert!(
        first.pages > 6 && first.fonts > 0 && first.object_streams > 0,
        "{first:?}"
    );
    assert!(first.structure_tree);

    let edited = replace_nth(&base, "cornerstone", "keystone", 3);
    let (pdf, written) = render_written(&mut caches, &edited);
    assert!(pdf == cold(&edited));
    let expected = briefing::render::WrittenAnew {
        pages: 1,
        fonts: 0,
        object_streams: 0,
        structure_tree: false,
    };
    assert_eq!(written, expected);

    // A glyph no page used before: every face's codes may move, so the faces and pages
    // that use it are written again, and nothing is taken that would differ.
    let new_glyph = replace_nth(&base, "cornerstone", "cornerstoneß", 3);
    let (pdf, written) = render_written(&mut caches, &new_glyph);
    assert!(pdf == cold(&new_glyph));
    assert!(written.fonts >= 1 && written.pages > 1, "{written:?}");

    // A link: a structure element and an annotation more, the tree is written again.
    let link = replace_nth(
        &base,
        "cornerstone",
        "[cornerstone](https://example.com)",
        3,
    );
    let (pdf, written) = render_written(&mut caches, &link);
    assert!(pdf == cold(&link));
    assert!(
        written.structure_tree && written.object_streams > 0,
        "{written:?}"
    );

    // Back to the first source: all of it as the build before last wrote it.
    let (pdf, _) = render_written(&mut caches, &base);
    assert!(pdf == cold(&base));
}
