//! Builds that remember what the last one made, so that `briefing watch` rebuilds an edit
//! of a long briefing in a fraction of a cold build (docs/performance.md, "Incremental
//! rebuilds and parallel setting").

use crate::layout::SetCache;
use crate::render::PageCache;
use crate::{layout, render, source, Built, Error, Options};

/// What the last build of one source made: its set paragraphs and its pages' content
/// streams, each found again by what it was made from. A session's build gives the same
/// bytes as [`crate::build_with`]; it holds one build's worth of each, never more (and the
/// list markers, "•" to the longest list's last number, once each).
#[derive(Default)]
pub struct Session {
    /// The last text loaded and its briefing, so that an edit is read again in part.
    source: source::Reloader,
    paragraphs: SetCache,
    pages: PageCache,
}

/// How much of the last build a rebuild could reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reused {
    /// Paragraphs set anew, and those held for the next build.
    pub paragraphs_set: usize,
    pub paragraphs_held: usize,
    /// Pages whose content stream was written anew.
    pub pages_written: usize,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Builds the source as [`crate::build_with`] does, reusing what the last build of this
    /// session made where its input is unchanged.
    pub fn build(&mut self, name: &str, yaml: &[u8], options: &Options) -> Result<Built, Error> {
        let briefing = self
            .source
            .load(name, yaml, &options.limits.source, options.standards)?;
        let laid = layout::typeset_reusing(
            briefing,
            options.fonts,
            options.limits.pages,
            &mut self.paragraphs,
        )?;
        let pages = laid.pages.pages.len();
        let pdf = render::render_reusing(laid.pages, &mut self.pages)?;
        Ok(Built {
            pdf,
            pages,
            warnings: laid.warnings,
            report: laid.report,
        })
    }

    /// What the last build reused.
    pub fn reused(&self) -> Reused {
        Reused {
            paragraphs_set: self.paragraphs.misses(),
            paragraphs_held: self.paragraphs.len(),
            pages_written: self.pages.written(),
        }
    }
}
