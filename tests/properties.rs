//! Properties of the line breaker, the paginator and the whole layout, over random input.
//!
//! - line breaker (`text::set_paragraph`): every non-space character of the input comes out
//!   exactly once and in order (only a hyphen added at a break is new); no line is wider than
//!   the measure; a justified line other than the last fills the measure.
//! - paginator (`layout::distribute::paginate`): every piece is placed once, in order; nothing
//!   reaches below the page but a piece that cannot fit on any page; pages end only where a
//!   break is allowed or where an overflow is counted; appending pieces never loses a page.
//! - layout (`layout::typeset`): random small briefings have no display-list problem.

use briefing::layout::distribute::paginate;
use briefing::layout::flow::{Flow, Paginated, Piece, PlacedPiece};
use briefing::source::Run;
use briefing::text::{self, Family, FontBook, ParagraphStyle, SetParagraph, StyledRun, TextStyle};
use proptest::prelude::*;

/// Source runs as the text stage takes them.
fn styled(runs: &[Run]) -> Vec<StyledRun<'_>> {
    runs.iter()
        .map(|run| StyledRun {
            text: &run.text,
            bold: run.bold,
            italic: run.italic,
            link: run.link.as_deref(),
        })
        .collect()
}

/// Slack for rounding, in points: the same as the display-list checks.
const EPSILON: f32 = 0.01;

/// `default` cases, or as many as `PROPTEST_CASES` asks for (an explicit count in a test's
/// config would otherwise override it): `PROPTEST_CASES=2000 cargo test --test properties`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// Line breaker

/// Words a briefing is made of: short and long, with punctuation, ligatures, other scripts.
const VOCABULARY: &[&str] = &[
    "India",
    "and",
    "Russia",
    "share",
    "a",
    "long-standing",
    "partnership",
    "of",
    "the",
    "co-operation",
    "BrahMos",
    "(ICT)",
    "2024-25",
    "USD",
    "68.7",
    "billion,",
    "office",
    "effluent",
    "“Special",
    "Privileged”",
    "—",
    "I",
    "internationalisation",
    "भारत",
    "रूस",
    "द्विपक्षीय",
    "Россия",
    "сотрудничество",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(VOCABULARY).prop_map(str::to_string),
        1 => "[a-z]{1,14}",
    ]
}

/// Runs of random words, some bold or italic; spaces between words, some inside runs.
fn runs() -> impl Strategy<Value = Vec<Run>> {
    let run = (
        proptest::collection::vec(word(), 1..12),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(words, bold, italic)| Run {
            text: words.join(" "),
            bold,
            italic,
            link: None,
        });
    proptest::collection::vec(run, 1..6).prop_map(|mut runs| {
        // Runs meet at a space, as a word never continues across a style change here.
        for run in runs.iter_mut().skip(1) {
            run.text.insert(0, ' ');
        }
        runs
    })
}

fn paragraph_style(justify: bool, size: f32) -> ParagraphStyle {
    ParagraphStyle {
        text: TextStyle {
            family: Family::Serif,
            size,
            bold: false,
            italic: false,
        },
        justify,
        hyphenate: true,
        hyphenate_capitalized: false,
        language: "en".to_string(),
    }
}

/// Whether a line hangs into the margins by exactly the protrusion of its first and last
/// glyph's characters, and nothing else does.
fn hangs_only(line: &text::Line) -> bool {
    let glyphs: Vec<(f32, &text::Glyph)> = line
        .runs
        .iter()
        .flat_map(|run| run.glyphs.iter().map(move |g| (run.x + g.x, g)))
        .collect();
    let (Some(&(first_x, first)), Some(&(last_x, last))) = (glyphs.first(), glyphs.last()) else {
        return line.hang_left == 0.0 && line.hang_right == 0.0;
    };
    let left_advance = glyphs.get(1).map_or(line.width, |&(x, _)| x) - first_x;
    let left = first
        .text
        .chars()
        .next()
        .map_or(0.0, |c| text::protrusion(c).0);
    let right = last
        .text
        .chars()
        .next_back()
        .map_or(0.0, |c| text::protrusion(c).1);
    let close = |a: f32, b: f32| (a - b).abs() <= 0.01;
    (line.hang_left == 0.0
        || close(line.hang_left, left * left_advance) && close(first_x, -line.hang_left))
        && (line.hang_right == 0.0 || close(line.hang_right, right * (line.width - last_x)))
}

/// Every glyph's text, line by line.
fn line_texts(set: &SetParagraph) -> Vec<String> {
    set.lines.iter().map(text::Line::text).collect()
}

/// Checks that `set` holds the non-space characters of `input` exactly once and in order,
/// allowing one extra soft hyphen (the added hyphen's text) at the end of a hyphenated line.
fn same_characters(input: &str, set: &SetParagraph) -> Result<(), String> {
    let expected: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
    let mut next = 0;
    for (line, text) in set.lines.iter().zip(line_texts(set)) {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        for (i, &c) in chars.iter().enumerate() {
            if expected.get(next) == Some(&c) {
                next += 1;
            } else if !(line.hyphenated && c == text::SOFT_HYPHEN && i + 1 == chars.len()) {
                return Err(format!(
                    "found {c:?} where {:?} was due (character {next}) in line {text:?}",
                    expected.get(next)
                ));
            }
        }
    }
    if next != expected.len() {
        return Err(format!(
            "only {next} of {} characters came out",
            expected.len()
        ));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn every_character_comes_out_once_in_order(
        runs in runs(),
        measure in 30.0f32..500.0,
        justify in any::<bool>(),
        size in 6.0f32..18.0,
    ) {
        let style = paragraph_style(justify, size);
        let set = text::set_paragraph(FontBook::embedded(), &styled(&runs), &style, measure);
        let input: String = runs.iter().map(|run| run.text.as_str()).collect();
        if let Err(why) = same_characters(&input, &set) {
            prop_assert!(false, "{why}\nlines: {:?}", line_texts(&set));
        }
    }

    #[test]
    fn lines_keep_to_the_measure_and_justified_lines_fill_it(
        runs in runs(),
        // Narrower than some words: those must be cut, not overflow. No cluster of the
        // vocabulary at 18 pt is as wide as 30 pt.
        measure in 30.0f32..500.0,
        justify in any::<bool>(),
        size in 6.0f32..18.0,
    ) {
        let style = paragraph_style(justify, size);
        let set = text::set_paragraph(FontBook::embedded(), &styled(&runs), &style, measure);
        let texts = line_texts(&set);
        for (i, line) in set.lines.iter().enumerate() {
            // Only a mark at either end may hang out, by its protrusion (see `hangs_only`).
            prop_assert!(
                line.width - line.hang_right <= measure + EPSILON,
                "line {i} {:?} is {} pt wide, the measure {measure}", texts[i], line.width
            );
            for run in &line.runs {
                prop_assert!(run.x >= -line.hang_left - EPSILON
                    && run.x + run.width <= measure + line.hang_right + EPSILON,
                    "a run of line {i} {:?} lies at {}..{}, the measure {measure}",
                    texts[i], run.x, run.x + run.width);
            }
            prop_assert!(hangs_only(line), "line {i} {:?} hangs by {}, {}",
                texts[i], line.hang_left, line.hang_right);
            let has_space = texts[i].trim().contains(' ');
            // A line whose spaces would open past twice their width is left short instead.
            let at_widest = line.spacing.set >= 2.0 * line.spacing.natural - 1e-3;
            if justify && !line.last && has_space && !at_widest {
                prop_assert!(
                    (line.width - line.hang_right - measure).abs() <= 0.5,
                    "justified line {i} {:?} ends at {}, the measure {measure}",
                    texts[i], line.width
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Paginator

/// One piece as the generator sees it: (height, space before, breakable, header slot).
type PieceSpec = (f32, f32, bool, Option<u8>);

fn piece_spec() -> impl Strategy<Value = PieceSpec> {
    (
        prop_oneof![8 => 1.0f32..40.0, 1 => 40.0f32..900.0],
        prop_oneof![1 => Just(0.0f32), 1 => 0.0f32..30.0],
        prop_oneof![3 => Just(true), 1 => Just(false)],
        proptest::option::weighted(0.2, any::<u8>()),
    )
}

fn flow_of(specs: &[PieceSpec], header_heights: &[f32]) -> Flow {
    let header = |slot: Option<u8>| {
        slot.filter(|_| !header_heights.is_empty())
            .map(|s| s as usize % header_heights.len())
    };
    Flow {
        pieces: specs
            .iter()
            .map(|&(height, space, breakable, slot)| Piece {
                space_before: space,
                breakable_before: breakable,
                header: header(slot),
                ..Piece::new(Vec::new(), height)
            })
            .collect(),
        headers: header_heights
            .iter()
            .map(|&h| Piece::new(Vec::new(), h))
            .collect(),
    }
}

/// The flow pieces in the order the pages hold them.
fn placed_order(paginated: &Paginated) -> Vec<usize> {
    paginated
        .pages
        .iter()
        .flatten()
        .filter_map(|(piece, _)| match piece {
            PlacedPiece::Flow(i) => Some(*i),
            PlacedPiece::Header(_) => None,
        })
        .collect()
}

/// The height of `placed` on a page: its own, a flow piece's or a header's.
fn height_of(flow: &Flow, placed: PlacedPiece) -> f32 {
    match placed {
        PlacedPiece::Flow(i) => flow.pieces[i].height,
        PlacedPiece::Header(h) => flow.headers[h].height,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    #[test]
    fn pieces_are_placed_once_in_order_within_the_page(
        specs in proptest::collection::vec(piece_spec(), 0..80),
        headers in proptest::collection::vec(4.0f32..60.0, 0..3),
        page in 100.0f32..850.0,
    ) {
        let flow = flow_of(&specs, &headers);
        let paginated = paginate(&flow, page);
        prop_assert_eq!(placed_order(&paginated), (0..specs.len()).collect::<Vec<_>>());
        prop_assert_eq!(paginated.placements.len(), specs.len());
        for (number, placed) in paginated.pages.iter().enumerate() {
            prop_assert!(!placed.is_empty(), "page {} is empty", number);
            let mut bottom = 0.0f32;
            for (k, &(piece, y)) in placed.iter().enumerate() {
                prop_assert!(y >= bottom - EPSILON, "page {}: item {} overlaps the one before", number, k);
                bottom = y + height_of(&flow, piece);
                if let PlacedPiece::Flow(i) = piece {
                    prop_assert_eq!(paginated.placements[i].page, number);
                    prop_assert!((paginated.placements[i].y - y).abs() <= EPSILON);
                }
                if bottom > page + EPSILON {
                    // Only the first flow piece may reach below the page: above it there is
                    // at most the header it must repeat, so it could not have fit anywhere.
                    let first_flow = placed.iter().position(|(p, _)| matches!(p, PlacedPiece::Flow(_)));
                    prop_assert_eq!(first_flow, Some(k), "page {}: piece {} reaches {} of {}", number, k, bottom, page);
                }
            }
        }
    }

    #[test]
    fn pages_end_only_where_allowed_or_at_a_counted_overflow(
        specs in proptest::collection::vec(piece_spec(), 1..80),
        headers in proptest::collection::vec(4.0f32..60.0, 0..3),
        page in 100.0f32..850.0,
    ) {
        let flow = flow_of(&specs, &headers);
        let paginated = paginate(&flow, page);
        let forced = paginated
            .pages
            .iter()
            .skip(1)
            .filter_map(|placed| placed.iter().find_map(|(p, _)| match p {
                PlacedPiece::Flow(i) => Some(*i),
                PlacedPiece::Header(_) => None,
            }))
            .filter(|&first| !flow.pieces[first].breakable_before)
            .count();
        prop_assert!(
            forced <= paginated.overflows,
            "{} page(s) start at an unbreakable piece, {} overflow(s) counted",
            forced, paginated.overflows
        );
    }

    #[test]
    fn appending_pieces_never_loses_a_page(
        specs in proptest::collection::vec(piece_spec(), 0..60),
        more in proptest::collection::vec(piece_spec(), 1..20),
        headers in proptest::collection::vec(4.0f32..60.0, 0..3),
        page in 100.0f32..850.0,
    ) {
        let before = paginate(&flow_of(&specs, &headers), page).pages.len();
        let longer: Vec<PieceSpec> = specs.iter().chain(&more).copied().collect();
        let after = paginate(&flow_of(&longer, &headers), page).pages.len();
        prop_assert!(after >= before, "{} pieces: {} pages; {} pieces: {} pages",
            specs.len(), before, longer.len(), after);
    }
}

// ---------------------------------------------------------------------------------------------
// The whole layout

mod briefings {
    use briefing::source::{
        Align, Block, Briefing, Cell, Chart, ChartKind, Column, Inline, Length, ListItem, Margins,
        PageSize, PageSpec, Section, Table, TrackSize,
    };
    use proptest::prelude::*;

    fn inline(words: Vec<String>) -> Inline {
        let markup = words.join(" ");
        Inline::parse(&markup).unwrap_or_else(|err| panic!("{markup:?}: {err}"))
    }

    fn text(max_words: usize) -> impl Strategy<Value = Inline> {
        proptest::collection::vec(super::word(), 1..max_words).prop_map(inline)
    }

    fn list() -> impl Strategy<Value = Vec<ListItem>> {
        let item =
            (text(30), proptest::collection::vec(text(12), 0..3)).prop_map(|(text, nested)| {
                if nested.is_empty() {
                    ListItem::Plain(text)
                } else {
                    ListItem::Nested {
                        text,
                        bullets: nested.into_iter().map(ListItem::Plain).collect(),
                        numbered: Vec::new(),
                    }
                }
            });
        proptest::collection::vec(item, 1..6)
    }

    /// A cell: empty, a number of any size, a short word, an unbreakable long word, or a
    /// long text.
    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            1 => Just(Cell::Empty),
            2 => (-1e7f64..1e7).prop_map(Cell::Number),
            1 => (-1e15f64..1e15).prop_map(Cell::Number),
            1 => (-1.0f64..1.0).prop_map(Cell::Number),
            2 => super::word().prop_map(Cell::Text),
            1 => "[a-z]{15,40}".prop_map(Cell::Text),
            1 => proptest::collection::vec(super::word(), 5..60).prop_map(|w| Cell::Text(w.join(" "))),
        ]
    }

    fn track() -> impl Strategy<Value = TrackSize> {
        prop_oneof![
            6 => Just(TrackSize::Auto),
            1 => (5.0f32..120.0).prop_map(|points| TrackSize::Length(Length { points })),
            1 => (1.0f32..40.0).prop_map(TrackSize::Percent),
            1 => (0.5f32..4.0).prop_map(TrackSize::Fraction),
        ]
    }

    /// Tables of 1–12 columns; sometimes a row with a cell taller than a page.
    fn table() -> impl Strategy<Value = Table> {
        (1usize..13, proptest::option::of(text(12)), any::<bool>()).prop_flat_map(
            |(width, caption, tall)| {
                let row = proptest::collection::vec(cell(), width);
                let columns =
                    proptest::collection::vec((track(), 0u8..4, "[A-Z][a-z]{0,16}"), width);
                (proptest::collection::vec(row, 0..20), columns).prop_map(
                    move |(mut rows, columns)| {
                        if tall {
                            let mut row = vec![Cell::Empty; width];
                            row[0] = Cell::Text(vec!["tall row text"; 400].join(" "));
                            rows.insert(rows.len() / 2, row);
                        }
                        Table {
                            id: None,
                            caption: caption.clone(),
                            columns: columns
                                .into_iter()
                                .enumerate()
                                .map(|(i, (width, align, title))| Column::Spec {
                                    title: format!("{title} {i}"),
                                    align: [Align::Left, Align::Right, Align::Center, Align::Right]
                                        [align as usize],
                                    decimals: Some((i % 3) as u8),
                                    grouping: i % 2 == 1,
                                    width,
                                })
                                .collect(),
                            rows,
                            source: None,
                            columns_at: Vec::new(),
                            cells_at: Vec::new(),
                            at: None,
                        }
                    },
                )
            },
        )
    }

    /// Numbered lists of up to 120 items.
    fn long_list() -> impl Strategy<Value = Vec<ListItem>> {
        proptest::collection::vec(text(4).prop_map(ListItem::Plain), 1..120)
    }

    /// A subsection holding a table with a (likely unique) id and a chart of it: bars or
    /// lines, any number of rows (figures, gaps, text), with or without a height.
    fn charted_table() -> impl Strategy<Value = Block> {
        (
            table(),
            any::<u32>(),
            any::<bool>(),
            proptest::option::of(72.0f32..400.0),
            proptest::option::of(text(10)),
        )
            .prop_map(|(mut table, id, bars, height, caption)| {
                let id = format!("data-{id}");
                table.id = Some(id.clone());
                let titles: Vec<String> = table.columns.iter().map(|c| c.title().into()).collect();
                let series = if titles.len() > 1 {
                    titles[1..].to_vec()
                } else {
                    titles.clone()
                };
                let chart = Chart {
                    kind: if bars {
                        ChartKind::Bar
                    } else {
                        ChartKind::Line
                    },
                    table: id,
                    x: titles[0].clone(),
                    series,
                    caption,
                    at: None,
                    alt: "A chart of the table.".into(),
                    y_title: None,
                    height: height.map(|points| Length { points }),
                };
                Block::Section(Section {
                    heading: inline(vec!["Chart".into()]),
                    blocks: vec![Block::Table { table }, Block::Chart { chart }],
                })
            })
    }

    fn block() -> impl Strategy<Value = Block> {
        prop_oneof![
            1 => charted_table(),
            4 => text(80).prop_map(Block::Paragraph),
            1 => list().prop_map(|bullets| Block::Bullets { bullets }),
            1 => list().prop_map(|numbered| Block::Numbered { numbered }),
            1 => long_list().prop_map(|numbered| Block::Numbered { numbered }),
            1 => table().prop_map(|table| Block::Table { table }),
            1 => text(40).prop_map(|note| Block::Note { note }),
        ]
    }

    fn section() -> impl Strategy<Value = Section> {
        let nested = (text(6), proptest::collection::vec(block(), 0..4))
            .prop_map(|(heading, blocks)| Block::Section(Section { heading, blocks }));
        (
            text(8),
            proptest::collection::vec(block(), 0..6),
            proptest::option::of(nested),
        )
            .prop_map(|(heading, mut blocks, nested)| {
                blocks.extend(nested);
                Section { heading, blocks }
            })
    }

    fn page_size() -> impl Strategy<Value = PageSize> {
        let side = |from: f32, to: f32| (from..to).prop_map(|points| Length { points });
        prop_oneof![
            3 => proptest::sample::select(vec![PageSize::A4, PageSize::Letter, PageSize::A5]),
            1 => (side(200.0, 1200.0), side(250.0, 1200.0))
                .prop_map(|(width, height)| PageSize::Custom { width, height }),
        ]
    }

    pub fn briefing() -> impl Strategy<Value = Briefing> {
        (
            text(40),
            proptest::option::of(text(40)),
            page_size(),
            proptest::array::uniform4(0.0f32..120.0),
            proptest::collection::vec(section(), 1..4),
            any::<bool>(),
        )
            .prop_map(
                |(title, lede, size, [top, right, bottom, left], sections, justify)| Briefing {
                    file: "random.yaml".into(),
                    title,
                    subtitle: None,
                    date: chrono::NaiveDate::from_ymd_opt(2025, 12, 5).unwrap_or_default(),
                    authors: vec!["Editorial desk".into()],
                    keywords: Vec::new(),
                    language: "en".into(),
                    language_at: None,
                    en_dash_ranges: false,
                    hyphenate_capitalized: false,
                    justify,
                    page: PageSpec {
                        size,
                        margins: Margins::Sides {
                            top: Length { points: top },
                            right: Length { points: right },
                            bottom: Length { points: bottom },
                            left: Length { points: left },
                        },
                    },
                    pdf_standard: None,
                    lede,
                    sections,
                },
            )
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Any page, any table shape: the layout either sets everything cleanly or refuses with
    /// an error at a table's line because the table cannot fit; it never loses text.
    #[test]
    fn random_briefings_lay_out_cleanly_and_render(briefing in briefings::briefing()) {
        prop_assume!(briefing.page.problem().is_none());
        let options = briefing::Options::default();
        let laid = match briefing::layout::typeset(&briefing, options.fonts, options.limits.pages) {
            Ok(laid) => laid,
            Err(e @ briefing::layout::LayoutError::Unplaceable { .. }) => {
                let message = e.to_string();
                prop_assert!(
                    message.contains("table is") || message.contains("column `"),
                    "{}", message
                );
                return Ok(());
            }
            Err(other) => panic!("{other}"),
        };
        let problems = briefing::layout::check::problems(&laid.pages);
        prop_assert!(problems.is_empty(), "{:#?}", problems);
        prop_assert!(!laid.pages.pages.is_empty());
        let pdf = briefing::render::render(&laid.pages);
        prop_assert!(pdf.is_ok_and(|bytes| bytes.starts_with(b"%PDF-")));
    }
}
