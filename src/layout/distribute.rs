//! Phase 3 of the layout: distribute. The flow is cut into pages ([`paginate`]), each page's
//! pieces are placed on it with the running header and footer, and the safety net checks
//! every page before it is kept (docs/architecture.md, "Layout: collect, compose,
//! distribute").
//!
//! The keep rules were written into the pieces by the composer, as `breakable_before`;
//! `paginate` only honours them. That keeps typographic policy out of the page-cutting
//! mechanism.

use super::check::{self, tolerance::ROUNDING};
use super::flow::{Flow, Paginated, PlacedPiece, Placement};
use super::furniture::{furniture, Running};
use super::pages::{Area, Figure, Item, OutlineEntry, Page};
use super::set_cache::SetCache;
use super::warning::LayoutError;
use crate::source::Position;

/// Cuts the flow into pages of `height` points.
///
/// A page ends at the last allowed break before the piece that does not fit; when no break
/// is allowed on the page at all (a keep group taller than a page), it ends where it must.
pub fn paginate(flow: &Flow, height: f32) -> Paginated {
    let mut out = Paginated {
        placements: vec![Placement { page: 0, y: 0.0 }; flow.pieces.len()],
        ..Paginated::default()
    };
    let mut start = 0;
    while start < flow.pieces.len() {
        let end = page_end(flow, start, height, &mut out.overflows);
        let page = out.pages.len();
        let mut y = 0.0;
        let mut placed = Vec::new();
        if let Some(h) = flow.pieces[start].header.filter(|_| start > 0) {
            placed.push((PlacedPiece::Header(h), 0.0));
            y += flow.headers[h].height;
        }
        for (i, piece) in flow.pieces.iter().enumerate().take(end).skip(start) {
            if i > start {
                y += piece.space_before;
            }
            out.placements[i] = Placement { page, y };
            placed.push((PlacedPiece::Flow(i), y));
            y += piece.height;
        }
        out.pages.push(placed);
        start = end;
    }
    out
}

/// The index of the first piece that does not go on the page starting at `start`.
fn page_end(flow: &Flow, start: usize, height: f32, overflows: &mut usize) -> usize {
    let pieces = &flow.pieces;
    let mut y = match pieces[start].header.filter(|_| start > 0) {
        Some(h) => flow.headers[h].height,
        None => 0.0,
    };
    for (i, piece) in pieces.iter().enumerate().skip(start) {
        let space = if i > start { piece.space_before } else { 0.0 };
        if i > start && y + space + piece.height > height + ROUNDING {
            let fallback = (start + 1..=i).rev().find(|&j| pieces[j].breakable_before);
            return fallback.unwrap_or_else(|| {
                *overflows += 1;
                i
            });
        }
        y += space + piece.height;
    }
    pieces.len()
}

/// The paper and the text area every page shares.
pub struct Sheet<'a> {
    pub paper: Area,
    pub area: Area,
    pub running: Running<'a>,
}

/// The paginated flow as pages, each with its header and footer, each checked by the safety
/// net: the first problem is an error at the block that owns the item.
pub fn pages(
    (flow, cache): (&mut Flow, &mut SetCache),
    paginated: &Paginated,
    sheet: &Sheet,
    file: &str,
) -> Result<Vec<Page>, LayoutError> {
    let count = paginated.pages.len();
    let mut pages = Vec::with_capacity(count);
    for (i, placed) in paginated.pages.iter().enumerate() {
        let placed = place(flow, placed, &sheet.area);
        let footer = sheet.running.footer(cache, i + 1, count);
        let page = Page {
            items: placed.items,
            furniture: furniture(&sheet.running, &sheet.area, i + 1, &footer),
            figures: placed.figures,
        };
        let mut found = Vec::new();
        check::check_page(i, &page, &sheet.paper, &sheet.area, &mut found);
        if let Some(problem) = found.first() {
            return Err(unplaceable(file, problem, &placed.owners));
        }
        pages.push(page);
    }
    Ok(pages)
}

/// The outline: every heading's title and level, and where its first line went.
pub fn outline(flow: &Flow, paginated: &Paginated, area: &Area) -> Vec<OutlineEntry> {
    flow.pieces
        .iter()
        .zip(&paginated.placements)
        .filter_map(|(piece, at)| {
            let (title, level) = piece.heading.as_deref().cloned()?;
            Some(OutlineEntry {
                title,
                level,
                page: at.page,
                y: area.y + at.y,
            })
        })
        .collect()
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
    // The display list is held whole until the PDF is written: each page's items are
    // allocated at their exact number.
    let count = placed
        .iter()
        .map(|&(which, _)| match which {
            PlacedPiece::Flow(i) => flow.pieces[i].items.len(),
            PlacedPiece::Header(h) => flow.headers[h].items.len(),
        })
        .sum();
    let mut items = Vec::with_capacity(count);
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
        if let Some((alt, node)) = figure.map(|figure| *figure) {
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
