//! `briefing schema`: the JSON Schema derived from the serde model. It is snapshotted (a
//! change to it is a change to the format's public interface) and must accept the seed.

use briefing::source;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&source::schema_json()).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn errors(yaml: &str) -> Vec<String> {
    let instance = source::yaml_as_json(yaml).expect("valid YAML");
    let validator = validator();
    validator
        .iter_errors(&instance)
        .map(|err| format!("{}: {err}", err.instance_path()))
        .collect()
}

#[test]
fn schema_is_stable() {
    insta::assert_snapshot!("schema", source::schema_json());
}

#[test]
fn schema_accepts_the_seed() {
    let seed = include_str!("../source/india-russia.yaml");
    assert_eq!(errors(seed), Vec::<String>::new());
}

#[test]
fn schema_accepts_every_kind_of_block() {
    let yaml = r#"
title: T
date: 2025-12-05
page: {size: Letter, margins: {top: 1in, right: 2cm, bottom: 20mm, left: 36pt}}
sections:
  - heading: A
    blocks:
      - A paragraph.
      - heading: Nested
        blocks: [Text.]
      - bullets: [one, {text: two, bullets: [a, b]}]
      - numbered: [first, second]
      - note: An aside.
      - table: {id: t, columns: [Year, {title: V, align: right, decimals: 1}], rows: [[2020, null]]}
      - chart: {kind: line, table: t, x: Year, series: [V], alt: V by year., y_title: Units, height: 2in}
"#;
    assert_eq!(errors(yaml), Vec::<String>::new());
    assert!(source::load("all.yaml", yaml).is_ok());
}

#[test]
fn schema_rejects_what_load_rejects() {
    let misspelt = "titel: T\ndate: 2025-12-05\nsections: [{heading: A}]\n";
    assert!(!errors(misspelt).is_empty());
    let bad_align = "title: T\ndate: 2025-12-05\nsections:\n  - heading: A\n    blocks:\n      - table: {columns: [{title: V, align: rigth}], rows: []}\n";
    assert!(!errors(bad_align).is_empty());
    let bad_block =
        "title: T\ndate: 2025-12-05\nsections: [{heading: A, blocks: [{buletts: [x]}]}]\n";
    assert!(!errors(bad_block).is_empty());
    let extra_key =
        "title: T\ndate: 2025-12-05\nsections: [{heading: A, blocks: [{note: x, bulets: [y]}]}]\n";
    assert!(!errors(extra_key).is_empty());
    let decimals = "title: T\ndate: 2025-12-05\nsections: [{heading: A, blocks: [{table: {columns: [{title: V, decimals: 7}], rows: []}}]}]\n";
    assert!(!errors(decimals).is_empty());
}

#[test]
fn schema_is_as_strict_as_the_validator_where_json_schema_can_say_it() {
    let valid = "title: T\ndate: 2025-12-05\nsections: [{heading: A}]\n";
    assert_eq!(errors(valid), Vec::<String>::new());
    for (what, yaml) in [
        ("empty title", "title: ''\ndate: 2025-12-05\nsections: [{heading: A}]\n"),
        ("no sections", "title: T\ndate: 2025-12-05\nsections: []\n"),
        ("no unit", "title: T\ndate: 2025-12-05\npage: {margins: 20}\nsections: [{heading: A}]\n"),
        ("unknown unit", "title: T\ndate: 2025-12-05\npage: {margins: 2ft}\nsections: [{heading: A}]\n"),
        ("negative", "title: T\ndate: 2025-12-05\npage: {margins: {top: -1mm, right: 1mm, bottom: 1mm, left: 1mm}}\nsections: [{heading: A}]\n"),
    ] {
        assert!(!errors(yaml).is_empty(), "the schema accepts {what}");
        assert!(source::load("x.yaml", yaml).is_err(), "load accepts {what}");
    }
    for length in ["20mm", " 2.5 cm", "1in", ".5in", "36pt", "0pt"] {
        let yaml = format!("title: T\ndate: 2025-12-05\npage: {{margins: '{length}'}}\nsections: [{{heading: A}}]\n");
        assert_eq!(errors(&yaml), Vec::<String>::new(), "{length}");
        assert!(source::load("x.yaml", &yaml).is_ok(), "{length}");
    }
}
