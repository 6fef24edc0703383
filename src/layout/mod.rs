//! Stage 3: layout, in three phases (docs/architecture.md, "Layout: collect, compose,
//! distribute"): [`collect`] walks the briefing's blocks and sets their text into lines (by
//! the text stage), [`compose`] turns lines and drawings into a flow of unbreakable pieces
//! with keep rules, and [`distribute`] cuts the flow into pages with header and footer.

mod block_cache;
mod chart;
pub mod check;
mod collect;
mod compose;
pub mod distribute;
pub mod flow;
mod furniture;
mod kept;
pub mod measure;
mod note;
mod number;
pub mod pages;
mod plan;
pub mod set_cache;
mod shorten;
pub mod structure;
mod style;
mod table;
mod text_form;
mod warning;

pub use pages::*;
pub use set_cache::SetCache;
pub use structure::{Kind, NodeId, Structure};
pub use warning::{LayoutError, Warning, WarningKind};

use chart::TableIndex;
use collect::Collector;
use distribute::{paginate, Sheet};
use furniture::Running;
use measure::Report;

use crate::source::Briefing;
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
    typeset_reusing(briefing, fonts, max_pages, &mut SetCache::one_build())
}

/// [`typeset`], taking the paragraphs an earlier build set from `cache` and leaving this
/// build's there (and only those) for the next. The pages are the same as `typeset`'s.
pub fn typeset_reusing(
    briefing: &Briefing,
    fonts: &'static FontBook,
    max_pages: usize,
    cache: &mut SetCache,
) -> Result<Laid, LayoutError> {
    cache.begin(fonts);
    let laid = lay_out(briefing, fonts, max_pages, cache);
    cache.sweep();
    laid
}

fn lay_out(
    briefing: &Briefing,
    fonts: &'static FontBook,
    max_pages: usize,
    cache: &mut SetCache,
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
    // Every paragraph whose measure is known before composing is set ahead of the
    // collector, on two threads.
    let tables = TableIndex::new(&briefing.sections);
    let planned = plan::paragraphs((briefing, &tables), (fonts, &mut *cache), area.w);
    cache.plan(planned.paragraphs, (&planned.tables, &planned.charts));
    let mut collector = Collector::new(
        (briefing, fonts, &tables),
        area.w,
        (area.h, max_height),
        cache,
    );
    collector.title_block();
    for section in &briefing.sections {
        collector.section(section, 1);
    }
    if collector.compose.is_full() {
        return Err(too_many());
    }
    if let Some(problem) = collector.problem.take() {
        return Err(problem);
    }
    let Collector {
        compose: mut composed,
        mut warnings,
        mut structure,
        ..
    } = collector;
    let paginated = paginate(&composed.flow, area.h);
    if paginated.pages.len() > limit {
        return Err(too_many());
    }
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
        &composed.paragraphs,
        &composed.headings,
        &paginated.placements,
        count,
        paginated.overflows,
    );
    let date = briefing.date.format("%-d %B %Y").to_string();
    let title = briefing.title.plain();
    let sheet = Sheet {
        paper: Area {
            x: 0.0,
            y: 0.0,
            w: size.0,
            h: size.1,
        },
        area,
        running: Running::new(fonts, &title, &date, area.w),
    };
    let flow = (&mut composed.flow, &mut *cache);
    let pages = distribute::pages(flow, &paginated, &sheet, &briefing.file)?;
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
    let outline = distribute::outline(&composed.flow, &paginated, &area);
    structure.shrink_to_fit();
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
            structure,
            fonts: Fonts(fonts),
        },
        warnings,
        report,
    })
}

/// Where body text goes on a page of the briefing: inside the margins, and never less than
/// half an inch either way, so that absurd margins still leave a column to set.
pub fn text_area(briefing: &Briefing) -> Area {
    let [x, y, w, h] = briefing.page.text_area();
    Area { x, y, w, h }
}
