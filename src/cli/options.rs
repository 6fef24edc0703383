//! The options every command that builds shares: font directories and limits.

use std::path::PathBuf;

use briefing::source::Limits as SourceLimits;
use briefing::text::FontBook;
use briefing::{Limits, Options, PdfStandards};

#[derive(Debug, Clone, clap::Args)]
pub struct BuildOptions {
    /// Also use the .ttf and .otf fonts in DIR (repeatable): a face with the PostScript name
    /// of an embedded one replaces it, any other covers what the embedded faces lack.
    #[arg(long = "font-dir", value_name = "DIR")]
    pub font_dirs: Vec<PathBuf>,
    /// Refuse a source larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = SourceLimits::default().source_bytes)]
    max_source_bytes: usize,
    /// Refuse YAML nested deeper than this (at most 128).
    #[arg(
        long,
        value_name = "LEVELS",
        default_value_t = SourceLimits::default().depth as u64,
        value_parser = clap::value_parser!(u64).range(1..=SourceLimits::MAX_DEPTH as u64)
    )]
    max_depth: u64,
    /// Refuse a table with more cells (rows × columns) than this.
    #[arg(long, value_name = "CELLS", default_value_t = SourceLimits::default().table_cells)]
    max_table_cells: usize,
    /// Refuse a briefing that runs to more pages than this (at least 1).
    #[arg(
        long,
        value_name = "PAGES",
        default_value_t = Limits::default().pages as u64,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    max_pages: u64,
    /// Write the PDF to these standards too, comma-separated: ua-1 (PDF/UA-1), a-2b and
    /// a-2a (PDF/A-2). Adds to the source's `pdf_standard`.
    #[arg(long = "pdf-standard", value_name = "STANDARDS", value_parser = PdfStandards::parse)]
    pdf_standard: Option<PdfStandards>,
}

impl BuildOptions {
    pub fn limits(&self) -> Limits {
        Limits {
            source: SourceLimits {
                source_bytes: self.max_source_bytes,
                depth: self.max_depth as usize,
                table_cells: self.max_table_cells,
            },
            pages: usize::try_from(self.max_pages).unwrap_or(usize::MAX),
        }
    }

    /// The library's options: the limits, and the fonts of the font directories (read now,
    /// so call again to see a font file's changes). The error names the file at fault.
    pub fn options(&self) -> Result<Options, String> {
        let fonts = FontBook::with_dirs(&self.font_dirs).map_err(|err| err.to_string())?;
        Ok(Options {
            fonts,
            limits: self.limits(),
            standards: self.pdf_standard.unwrap_or_default(),
        })
    }
}
