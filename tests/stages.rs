//! The pipeline reads one way: source → text → layout → render, with the library's root
//! (`lib.rs`, `error.rs`, `options.rs`) and the command line above them. A stage may use the
//! stages before it that it builds on, never one after it, nor the root or the command line.
//! This reads every path in `src/` that leaves a module (`crate::…`, `super::…` past the
//! stage's own folder) and fails on a back-arrow.

use std::path::{Path, PathBuf};

/// Each stage and the modules it may reach.
const ALLOWED: &[(&str, &[&str])] = &[
    ("source", &["source"]),
    ("text", &["text"]),
    ("layout", &["layout", "source", "text"]),
    ("render", &["render", "layout", "text"]),
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The module path of a file: `src/text/paragraph/setting.rs` is `text::paragraph::setting`,
/// `src/text/mod.rs` is `text`.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix("src").expect("under src/");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

/// The first module below the crate root that each path in `code` names.
fn reached(code: &str, module: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|word| word.contains("::"))
        .collect();
    for word in words {
        let segments: Vec<&str> = word.split("::").filter(|s| !s.is_empty()).collect();
        let Some(&first) = segments.first() else {
            continue;
        };
        let rest = match first {
            "crate" => &segments[1..],
            "super" => {
                let ups = segments.iter().take_while(|s| **s == "super").count();
                // A `mod.rs` or a file's own `super` is its parent module.
                if ups < module.len() {
                    continue;
                }
                &segments[ups..]
            }
            _ => continue,
        };
        if let Some(name) = rest.first() {
            names.push(name.to_string());
        }
    }
    names
}

/// The code of a file without its comments (a comment may name any module).
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_stage_reaches_a_later_stage_or_the_root() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let mut back_arrows = Vec::new();
    let mut checked = 0;
    for file in &files {
        let module = module_path(file);
        let Some(stage) = module.first() else {
            continue;
        };
        let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| name == stage) else {
            continue;
        };
        checked += 1;
        let code = without_comments(&std::fs::read_to_string(file).expect("readable"));
        for name in reached(&code, &module) {
            if !allowed.contains(&name.as_str()) {
                back_arrows.push(format!("{}: `{stage}` reaches `{name}`", file.display()));
            }
        }
    }
    assert!(checked > 30, "only {checked} stage files found");
    assert!(back_arrows.is_empty(), "{}", back_arrows.join("\n"));
}

#[test]
fn the_check_sees_a_back_arrow() {
    let text = module_path(Path::new("src/text/paragraph/setting.rs"));
    assert_eq!(text, ["text", "paragraph", "setting"]);
    assert_eq!(reached("use crate::source::Run;", &text), ["source"]);
    assert_eq!(
        reached("let x = crate::Options::default();", &text),
        ["Options"]
    );
    assert_eq!(
        reached("use super::super::shape;", &text),
        Vec::<String>::new()
    );
    assert_eq!(
        reached("use super::super::super::layout::Item;", &text),
        ["layout"]
    );
    let layout = module_path(Path::new("src/layout/mod.rs"));
    assert_eq!(reached("use super::render::Foo;", &layout), ["render"]);
    assert_eq!(
        without_comments("use crate::text; // not crate::render"),
        "use crate::text; "
    );
}
