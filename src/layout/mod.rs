//! Stage 3: layout. Blocks of a briefing placed onto pages.

pub mod pages;

pub use pages::*;

use crate::source::Briefing;
use crate::text::Warning;

/// Pages and what the editor should hear about them.
#[derive(Debug, Clone)]
pub struct Laid {
    pub pages: Pages,
    pub warnings: Vec<Warning>,
}

/// Lays out a briefing.
pub fn typeset(briefing: &Briefing) -> Laid {
    Laid {
        pages: Pages {
            size: briefing.page.size.points(),
            pages: vec![Page::default()],
            outline: Vec::new(),
            meta: Meta {
                title: briefing.title.plain(),
                subject: briefing.subtitle.as_ref().map(|s| s.plain()),
                authors: briefing.authors.clone(),
                keywords: briefing.keywords.clone(),
                language: briefing.language.clone(),
                date: briefing.date,
            },
        },
        warnings: Vec::new(),
    }
}
