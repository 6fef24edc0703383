#![forbid(unsafe_code)]
//! `briefing` turns a briefing written in YAML into a typeset, paginated PDF.
//!
//! The pipeline has four stages, each a module with one type in and one out:
//!
//! ```text
//! YAML --source::load--> Briefing --layout::typeset--> Pages --render::render--> PDF bytes
//!                                      (uses text: fonts, shaping, line breaking)
//! ```
//!
//! ```no_run
//! let yaml = std::fs::read_to_string("source/india-russia.yaml").unwrap();
//! let pdf: Vec<u8> = briefing::build(&yaml).unwrap();
//! std::fs::write("output/india-russia.pdf", pdf).unwrap();
//! ```

pub mod error;
pub mod layout;
mod options;
pub mod render;
mod session;
pub mod source;
pub mod text;

pub use error::Error;
pub use layout::Warning;
pub use options::{Limits, Options};
pub use session::{Reused, Session};
pub use source::PdfStandards;

/// A finished build: the PDF and what the editor should hear about it.
#[derive(Debug, Clone)]
pub struct Built {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<layout::Warning>,
    /// Measurements of the setting (`briefing build --report`).
    pub report: layout::measure::Report,
}

/// Builds the PDF for a briefing's YAML source.
pub fn build(yaml: &str) -> Result<Vec<u8>, Error> {
    build_named("<input>", yaml).map(|built| built.pdf)
}

/// Builds the PDF for a briefing's YAML source; `name` is the file name diagnostics show.
pub fn build_named(name: &str, yaml: &str) -> Result<Built, Error> {
    build_bytes(name, yaml.as_bytes())
}

/// Builds the PDF for a briefing's source as read from a file: bytes that are not UTF-8 get
/// a diagnostic like any other source error.
pub fn build_bytes(name: &str, yaml: &[u8]) -> Result<Built, Error> {
    build_with(name, yaml, &Options::default())
}

/// Builds the PDF for a briefing's source with other fonts or limits than the defaults.
///
/// ```no_run
/// use briefing::{text::FontBook, Limits, Options};
/// let fonts = FontBook::with_dirs(&["fonts".into()]).unwrap();
/// let limits = Limits { pages: 50, ..Limits::default() };
/// let source = std::fs::read("source/india-russia.yaml").unwrap();
/// let options = Options { fonts, limits, ..Options::default() };
/// let built = briefing::build_with("india-russia.yaml", &source, &options);
/// ```
pub fn build_with(name: &str, yaml: &[u8], options: &Options) -> Result<Built, Error> {
    let briefing = source::load_for(name, yaml, &options.limits.source, options.standards)?;
    let laid = layout::typeset(&briefing, options.fonts, options.limits.pages)?;
    let page_count = laid.pages.pages.len();
    if page_count < FREE_ASIDE_PAGES {
        // The render stage needs only the pages: the source model's memory goes to it.
        drop(briefing);
        let pdf = render::render(&laid.pages)?;
        return Ok(Built {
            pdf,
            pages: page_count,
            warnings: laid.warnings,
            report: laid.report,
        });
    }
    // A long briefing's source model and display list are a great many small allocations:
    // freeing them is not the caller's to wait for (docs/performance.md, "Freeing aside").
    let pdf = std::thread::scope(|scope| {
        // A thread that cannot start drops its closure, and the model, here.
        let _ = std::thread::Builder::new()
            .name("briefing-free".into())
            .spawn_scoped(scope, move || drop(briefing));
        render::render(&laid.pages)
    });
    let layout::Laid {
        pages,
        warnings,
        report,
    } = laid;
    match options.exits_soon {
        true => free_aside(pages),
        false => drop(pages),
    }
    Ok(Built {
        pdf: pdf?,
        pages: page_count,
        warnings,
        report,
    })
}

/// From this many pages on, [`build_with`] frees the source model while it renders and,
/// when the process [exits soon](Options::exits_soon), the display list after, on other
/// threads; below it, a thread costs more than the freeing.
const FREE_ASIDE_PAGES: usize = 64;

/// Drops `value` on a thread of its own, which the caller does not wait for (a process
/// that exits meanwhile need not free it at all).
fn free_aside<T: Send + 'static>(value: T) {
    // A thread that cannot start drops its closure, and `value` with it, here: freed all
    // the same.
    let _ = std::thread::Builder::new()
        .name("briefing-free".into())
        .spawn(move || drop(value));
}
