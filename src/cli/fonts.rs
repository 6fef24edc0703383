//! `briefing fonts`: the faces a build would use, in the form of `typst fonts --variants`:
//! by family (in the order the book holds them, the embedded ones first), each face with its
//! PostScript name, where it comes from, its style and the scripts it covers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use briefing::text::{FaceInfo, FontBook, FontId, FontSource};
use unicode_script::{Script, UnicodeScript};

use super::options::FontDirs;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    fonts: FontDirs,
}

/// A script is named for a face once it covers this many of its characters (fewer are the
/// odd letter borrowed for a symbol).
const SCRIPT_MINIMUM: usize = 10;

pub fn run(args: Args) -> Result<ExitCode, String> {
    let book = args.fonts.book()?;
    super::streams::to_stdout(listing(book).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Families in the order the book first names them, each face under its family.
fn listing(book: &FontBook) -> String {
    let mut families: Vec<(&str, Vec<FontId>)> = Vec::new();
    for id in book.ids() {
        let family = book.info(id).family.as_str();
        match families.iter_mut().find(|(name, _)| *name == family) {
            Some((_, faces)) => faces.push(id),
            None => families.push((family, vec![id])),
        }
    }
    let mut out = String::new();
    for (i, (family, faces)) in families.iter().enumerate() {
        let blank = if i == 0 { "" } else { "\n" };
        let family = if family.is_empty() {
            "(no family name)"
        } else {
            family
        };
        let _ = writeln!(out, "{blank}{family}");
        for (n, &id) in faces.iter().enumerate() {
            let (branch, stem) = match n + 1 == faces.len() {
                true => ("└", " "),
                false => ("├", "│"),
            };
            let info = book.info(id);
            let from = match book.source(id) {
                FontSource::Embedded => "embedded".to_string(),
                FontSource::File(path) => path.display().to_string(),
            };
            let _ = writeln!(out, "  {branch} {} ({from})", info.postscript_name);
            let _ = writeln!(out, "  {stem}   {}", style(info));
            let _ = writeln!(out, "  {stem}   {}", coverage(info));
        }
    }
    out
}

/// "Style: Italic, Weight: 700, Stretch: 100%", as Typst says it (the width class as the
/// percentage of normal width OpenType gives it).
fn style(info: &FaceInfo) -> String {
    let stretch = match info.width {
        1 => "50%",
        2 => "62.5%",
        3 => "75%",
        4 => "87.5%",
        6 => "112.5%",
        7 => "125%",
        8 => "150%",
        9 => "200%",
        _ => "100%",
    };
    format!(
        "Style: {}, Weight: {}, Stretch: {stretch}",
        if info.italic { "Italic" } else { "Normal" },
        info.weight,
    )
}

/// "Scripts: Latin, Greek, Cyrillic; 2871 characters": scripts by how many characters the
/// face covers of each.
fn coverage(info: &FaceInfo) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in info.coverage.chars() {
        let script = c.script();
        if !matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            *counts.entry(script.full_name()).or_default() += 1;
        }
    }
    let mut scripts: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|&(_, count)| count >= SCRIPT_MINIMUM)
        .collect();
    scripts.sort_by_key(|&(script, count)| (std::cmp::Reverse(count), script));
    let names: Vec<&str> = scripts.iter().map(|&(script, _)| script).collect();
    let characters = info.coverage.len();
    match names.is_empty() {
        true => format!("Scripts: none (symbols); {characters} characters"),
        false => format!("Scripts: {}; {characters} characters", names.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_faces_are_listed_by_family_with_their_scripts() {
        let listing = listing(FontBook::embedded());
        assert!(
            listing.starts_with(
                "Noto Serif\n  ├ NotoSerif-Regular (embedded)\n  │   Style: Normal, Weight: 400, \
                 Stretch: 100%\n  │   Scripts: Latin, Cyrillic, Greek; "
            ),
            "{listing}"
        );
        assert!(listing.contains("characters\n\nNoto Sans\n"), "{listing}");
        assert!(
            listing.contains(
                "  └ NotoSansDevanagari-Bold (embedded)\n      Style: Normal, Weight: 700, \
                 Stretch: 100%\n      Scripts: Devanagari"
            ),
            "{listing}"
        );
        let faces = listing
            .lines()
            .filter(|l| l.starts_with("  ├") || l.starts_with("  └"));
        assert_eq!(faces.count(), 8);
    }
}
