//! Stage 3: layout. A briefing's blocks set into lines (by the text stage), gathered into a
//! flow of unbreakable pieces, cut into pages, and decorated with header and footer.

mod blocks;
mod chart;
pub mod check;
pub mod flow;
mod furniture;
pub mod measure;
mod note;
mod number;
pub mod pages;
mod shorten;
pub mod structure;
mod style;
mod table;
mod text_form;
mod warning;

pub use pages::*;
pub use structure::{Kind, NodeId, Structure};
pub use warning::{LayoutError, Warning, WarningKind};

use blocks::FlowBuilder;
use flow::{paginate, Flow, PlacedPiece};
use furniture::{furniture, Running};
use measure::Report;

use crate::source::{Briefing, Position};
use crate::text::FontBook;

/// Pages and what the editor should hear about them.
#[derive(Debug, Clone)]
pub struct Laid {
    pub pages: Pages,
    pub warnings: Vec<Warning>,
    /// How well it is set: overfull lines, widows, orphans, spacing.
    pub report: Report,
}

/// Lays out a briefing with `fonts`, in at most `max_pages` pages. Every build runs the
/// safety net ([`check`]): a block that would be lost, clipped or set over another is an
/// error naming its place in the source, never a PDF.
pub fn typeset(
    briefing: &Briefing,
    fonts: &'static FontBook,
    max_pages: usize,
) -> Result<Laid, LayoutError> {
    let limit = max_pages;
    let too_many = || LayoutError::TooManyPages {
        file: briefing.file.clone(),
        limit,
    };
    let size = briefing.page.size.points();
    if let Some((_, message)) = briefing.page.problem() {
        return Err(LayoutError::Unplaceable {
            file: briefing.file.clone(),
            at: None,
            message,
            help: None,
        });
    }
    let area = text_area(briefing);
    let max_height = area.h * limit as f32;
    let mut builder = FlowBuilder::new(briefing, fonts, area.w, area.h, max_height);
    builder.title_block();
    for section in &briefing.sections {
        builder.section(section, 1);
    }
    if builder.is_full() {
        return Err(too_many());
    }
    if let Some(problem) = builder.problem.take() {
        return Err(problem);
    }
    let paginated = paginate(&builder.flow, area.h);
    if paginated.pages.len() > limit {
        return Err(too_many());
    }
    let mut warnings = builder.warnings;
    if paginated.overflows > 0 {
        warnings.push(Warning {
            kind: WarningKind::BlockCut,
            file: briefing.file.clone(),
            at: None,
            message: format!(
                "{} block(s) taller than a page were cut where they had to be",
                paginated.overflows
            ),
        });
    }
    let count = paginated.pages.len();
    let report = measure::measure(
        &builder.paragraphs,
        &builder.headings,
        &paginated.placements,
        count,
        paginated.overflows,
    );
    let date = briefing.date.format("%-d %B %Y").to_string();
    let title = briefing.title.plain();
    let running = Running::new(fonts, &title, &date, area.w);
    let paper = Area {
        x: 0.0,
        y: 0.0,
        w: size.0,
        h: size.1,
    };
    let mut pages = Vec::with_capacity(count);
    for (i, placed) in paginated.pages.iter().enumerate() {
        let placed = place(&mut builder.flow, placed, &area);
        let page = Page {
            items: placed.items,
            furniture: furniture(&running, &area, i + 1, count),
            figures: placed.figures,
        };
        let mut found = Vec::new();
        check::check_page(i, &page, &paper, &area, &mut found);
        if let Some(problem) = found.first() {
            return Err(unplaceable(&briefing.file, problem, &placed.owners));
        }
        pages.push(page);
    }
    let used = pages
        .iter()
        .flat_map(Page::all_items)
        .filter_map(|item| match item {
            Item::Text(text) => Some(text.font),
            _ => None,
        });
    if let Some(err) = fonts.first_unloadable(used) {
        return Err(LayoutError::Font(err.clone()));
    }
    let outline = builder
        .flow
        .pieces
        .iter()
        .zip(&paginated.placements)
        .filter_map(|(piece, at)| {
            let (title, level) = piece.heading.clone()?;
            Some(OutlineEntry {
                title,
                level,
                page: at.page,
                y: area.y + at.y,
            })
        })
        .collect();
    Ok(Laid {
        pages: Pages {
            size,
            pages,
            text_area: area,
            outline,
            meta: Meta {
                title,
                subject: briefing.subtitle.as_ref().map(|s| s.plain()),
                authors: briefing.authors.clone(),
                keywords: briefing.keywords.clone(),
                language: briefing.language.clone(),
                date: briefing.date,
                standards: briefing.pdf_standard.unwrap_or_default(),
            },
            structure: builder.structure,
            fonts: Fonts(fonts),
        },
        warnings,
        report,
    })
}

/// The problem the safety net found, as an error at the block that owns the item.
fn unplaceable(
    file: &str,
    problem: &check::Problem,
    owners: &[(usize, Option<Position>)],
) -> LayoutError {
    let at = problem
        .item
        .and_then(|item| owners[owners.partition_point(|&(start, _)| start <= item) - 1].1);
    LayoutError::Unplaceable {
        file: file.to_string(),
        at,
        message: format!(
            "this block cannot be set on page {} without losing text: {}",
            problem.page + 1,
            problem.message
        ),
        help: Some(
            "widen the text area (smaller margins or a larger page), or shorten the block".into(),
        ),
    }
}

/// One page's items in place, its figures, and where each piece's items start with the source
/// place of its block.
struct Placed {
    items: Vec<Item>,
    figures: Vec<Figure>,
    owners: Vec<(usize, Option<Position>)>,
}

/// The items of one page's pieces, moved to their place on the page. A piece of the flow is
/// placed once, so its items are taken, not copied (a long document would otherwise hold its
/// display list twice); a repeated header row is copied.
fn place(flow: &mut Flow, placed: &[(PlacedPiece, f32)], area: &Area) -> Placed {
    let mut items = Vec::new();
    let mut figures = Vec::new();
    let mut owners = vec![(0, None)];
    for &(which, y) in placed {
        let (piece_items, figure, line) = match which {
            PlacedPiece::Flow(i) => {
                let piece = &mut flow.pieces[i];
                (
                    std::mem::take(&mut piece.items),
                    piece.figure.take(),
                    piece.at,
                )
            }
            // A repeated header row is drawn again, not read again.
            PlacedPiece::Header(h) => (
                flow.headers[h]
                    .items
                    .iter()
                    .cloned()
                    .map(Item::untagged)
                    .collect(),
                None,
                flow.headers[h].at,
            ),
        };
        owners.push((items.len(), line));
        let start = items.len();
        items.extend(
            piece_items
                .into_iter()
                .map(|item| item.translated(area.x, area.y + y)),
        );
        if let Some((alt, node)) = figure {
            figures.push(Figure {
                items: start..items.len(),
                alt,
                node,
            });
        }
    }
    Placed {
        items,
        figures,
        owners,
    }
}

/// Where body text goes on a page of the briefing: inside the margins, and never less than
/// half an inch either way, so that absurd margins still leave a column to set.
pub fn text_area(briefing: &Briefing) -> Area {
    let [x, y, w, h] = briefing.page.text_area();
    Area { x, y, w, h }
}
