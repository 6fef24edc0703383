//! The options every command that builds shares: font directories and limits.

use std::path::PathBuf;

use briefing::source::Limits as SourceLimits;
use briefing::text::{FontBook, FontError};
use briefing::{Limits, Options, PdfStandards};

/// The environment variable that adds font directories, as `TYPST_FONT_PATHS` does for Typst.
pub const FONT_PATHS: &str = "BRIEFING_FONT_PATHS";

/// Where fonts besides the embedded ones come from.
#[derive(Debug, Clone, clap::Args)]
pub struct FontDirs {
    /// Also use the .ttf and .otf fonts in DIR and its subdirectories (repeatable): a face
    /// with the PostScript name of an embedded one replaces it, any other covers what the
    /// embedded faces lack. The directories in BRIEFING_FONT_PATHS (separated as in PATH)
    /// come after these; of two faces with one PostScript name the first found is used.
    #[arg(long = "font-dir", value_name = "DIR")]
    font_dirs: Vec<PathBuf>,
}

impl FontDirs {
    /// The directories named with `--font-dir`, then those in `BRIEFING_FONT_PATHS`.
    pub fn dirs(&self) -> Vec<PathBuf> {
        let mut dirs = self.font_dirs.clone();
        if let Some(paths) = std::env::var_os(FONT_PATHS) {
            dirs.extend(std::env::split_paths(&paths).filter(|dir| !dir.as_os_str().is_empty()));
        }
        dirs
    }

    /// The book of the embedded faces and those in the directories, read now (so call again
    /// to see a font file's changes); warnings about the directories are printed. The error
    /// names the directory or file at fault.
    pub fn book(&self) -> Result<&'static FontBook, String> {
        let (book, warnings) = self.book_and_warnings()?;
        for warning in &warnings {
            say!("warning: {warning}");
        }
        Ok(book)
    }

    /// As [`FontDirs::book`], with the warnings returned for the caller to report in its
    /// own format (`check --message-format json`).
    pub fn book_and_warnings(&self) -> Result<(&'static FontBook, Vec<FontError>), String> {
        let found = FontBook::from_dirs(&self.dirs()).map_err(|err| err.to_string())?;
        Ok((found.book, found.warnings))
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct BuildOptions {
    #[command(flatten)]
    pub fonts: FontDirs,
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
        let (options, warnings) = self.options_and_font_warnings()?;
        for warning in &warnings {
            say!("warning: {warning}");
        }
        Ok(options)
    }

    /// As [`BuildOptions::options`], with the font directories' warnings returned.
    pub fn options_and_font_warnings(&self) -> Result<(Options, Vec<FontError>), String> {
        let (fonts, warnings) = self.fonts.book_and_warnings()?;
        let options = Options {
            fonts,
            limits: self.limits(),
            standards: self.pdf_standard.unwrap_or_default(),
            // Each command line build ends with the process or is followed by the next;
            // `watch` builds through a `Session`, which keeps what it builds.
            exits_soon: true,
        };
        Ok((options, warnings))
    }
}
