//! `--pdf-standard` / `pdf_standard`: what each standard declares and refuses, checked with
//! the PDF/UA checker (`pdfua`, PyPI), qpdf and by reading the PDF back.

use std::path::{Path, PathBuf};
use std::process::Command;

use briefing::{Options, PdfStandards};

const SEED: &str = include_str!("../source/india-russia.yaml");

fn build(source: &str, standards: &str) -> Result<Vec<u8>, briefing::Error> {
    let options = Options {
        standards: PdfStandards::parse(standards).unwrap(),
        ..Options::default()
    };
    briefing::build_with("seed.yaml", source.as_bytes(), &options).map(|built| built.pdf)
}

fn write(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// The `pdfua` checker: `$PDFUA`, else the virtual environment `.ci/run` makes, else the
/// one on the `PATH`. A missing checker fails the test: `.ci/run` installs it.
fn pdfua() -> String {
    if let Ok(path) = std::env::var("PDFUA") {
        return path;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdfua-venv/bin/pdfua");
    if venv.exists() {
        return venv.to_string_lossy().into_owned();
    }
    "pdfua".into()
}

#[test]
fn the_seed_as_pdf_ua_1_passes_the_checker() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(dir.path(), "ua.pdf", &build(SEED, "ua-1").unwrap());
    let checker = pdfua();
    let out = Command::new(&checker)
        .args(["check", pdf.to_str().unwrap()])
        .output()
        .unwrap_or_else(|e| {
            panic!("{checker} runs ({e}): .ci/run installs it with pip into target/pdfua-venv")
        });
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("errors=0 warnings=0"), "{report}");
    // Every rule it implements ran (it skips one that trips over what it reads).
    assert!(!report.contains("[skip"), "{report}");
}

fn xmp(pdf: &[u8]) -> String {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("<x:xmpmeta").expect("XMP");
    let end = text.find("</x:xmpmeta>").expect("XMP end");
    text[start..end].to_string()
}

#[test]
fn each_standard_is_declared_in_the_xmp() {
    let plain = build(SEED, "ua-1").unwrap();
    assert!(xmp(&plain).contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(!xmp(&plain).contains("pdfaid"));
    let b = build(SEED, "a-2b").unwrap();
    assert!(xmp(&b).contains("<pdfaid:part>2</pdfaid:part>"));
    assert!(xmp(&b).contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    let both = build(SEED, "a-2a,ua-1").unwrap();
    let both = xmp(&both);
    assert!(both.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(both.contains("<pdfuaid:part>1</pdfuaid:part>"));
    // PDF/A predefines no pdfuaid schema: the file describes it.
    assert!(both.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
    let none = briefing::build(SEED).unwrap();
    assert!(!xmp(&none).contains("pdfuaid") && !xmp(&none).contains("pdfaid"));
}

#[test]
fn pdf_a_has_an_srgb_output_intent_and_stays_valid() {
    let dir = tempfile::tempdir().unwrap();
    for standards in ["a-2b", "a-2a", "ua-1", "ua-1,a-2a"] {
        let pdf = build(SEED, standards).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let catalog = doc.catalog().unwrap();
        let intents = catalog.get(b"OutputIntents");
        assert_eq!(intents.is_ok(), standards.contains("a-2"), "{standards}");
        if let Ok(intents) = intents {
            let intent = intents.as_array().unwrap()[0].as_reference().unwrap();
            let intent = doc.get_dictionary(intent).unwrap();
            let profile = intent.get(b"DestOutputProfile").unwrap().as_reference();
            let profile = doc
                .get_object(profile.unwrap())
                .unwrap()
                .as_stream()
                .unwrap();
            let bytes = profile.decompressed_content().unwrap();
            assert_eq!(bytes, std::fs::read("src/render/icc/sRGB.icc").unwrap());
            assert_eq!(&bytes[36..40], b"acsp", "an ICC profile");
        }
        assert!(doc.trailer.get(b"ID").is_ok(), "a trailer /ID");
        assert!(doc.trailer.get(b"Encrypt").is_err(), "not encrypted");
        let path = write(dir.path(), "a.pdf", &pdf);
        let check = Command::new("qpdf")
            .args(["--check", path.to_str().unwrap()])
            .output()
            .expect("qpdf runs");
        assert!(
            check.status.success(),
            "{standards}: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        assert_eq!(
            build(SEED, standards).unwrap(),
            pdf,
            "{standards}: same bytes"
        );
    }
}

#[test]
fn pdf_ua_refuses_a_source_without_its_language_at_the_source() {
    let without: String = SEED
        .lines()
        .filter(|line| !line.starts_with("language:"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(build(&without, "a-2b").is_ok(), "only PDF/UA asks for it");
    let err = build(&without, "ua-1").unwrap_err().to_string();
    // At the top of the briefing's mapping: the first line that is not a comment.
    let top = without.lines().position(|l| !l.starts_with('#')).unwrap() + 1;
    assert!(err.contains(&format!("seed.yaml:{top}:1")), "{err}");
    assert!(err.contains("language"), "{err}");
    // The source can ask for it itself.
    let asked = format!("pdf_standard: ua-1\n{without}");
    let err = briefing::build(&asked).unwrap_err().to_string();
    assert!(err.contains("language"), "{err}");
}

#[test]
fn an_unknown_standard_is_a_source_error_at_its_line() {
    let source = SEED.replacen("\nsections:", "\npdf_standard: a-3b\nsections:", 1);
    let err = briefing::build_named("seed.yaml", &source)
        .unwrap_err()
        .to_string();
    assert!(err.contains("a-3b"), "{err}");
    let line = source
        .lines()
        .position(|l| l.starts_with("pdf_standard"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("seed.yaml:{line}:")), "{err}");
}

#[test]
fn pdf_a_refuses_to_draw_a_missing_glyph() {
    // No embedded face has Runic: the character is set as .notdef, with a warning.
    let source = SEED.replacen(
        "lede: >-\n",
        "lede: >-\n  The rune ᚠ has no glyph here.\n",
        1,
    );
    assert!(build(&source, "ua-1").is_ok(), "only PDF/A forbids it");
    let err = build(&source, "a-2b").unwrap_err().to_string();
    assert!(err.contains("PDF/A") && err.contains('ᚠ'), "{err}");
}
