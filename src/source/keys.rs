//! Unknown keys, found in the span tree before serde reads anything: serde stops at the
//! first, the tree shows them all. The keys each place accepts are read from the model's own
//! derived `Deserialize` (see [`fields_of`]), so they cannot drift from what serde accepts.

use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::deserialize::{ColumnSpec, NestedItem, BLOCK_KEYS};
use super::diagnostic::{ErrorKind, Problem};
use super::locate::Node;
use super::model::{Briefing, Chart, MarginSides, PageSides, PageSpec, Section, Table};
use super::suggest::UnknownName;

/// A key no mapping of its kind has.
pub struct UnknownKey {
    pub problem: Problem,
    /// The path of the mapping that holds it, as serde_yaml writes paths
    /// (`sections[0].blocks[2].table`; empty for the top level).
    pub path: String,
    pub key: String,
    /// The valid key it is nearest to, if any is close.
    pub nearest: Option<String>,
}

/// Every unknown key of the briefing, in document order.
pub fn unknown(root: &Node) -> Vec<UnknownKey> {
    let mut walk = Walk { found: Vec::new() };
    walk.briefing(root);
    walk.found
}

/// Every unknown key of one item of `sections` (read alone, so the paths name it as the
/// first).
pub fn unknown_in_section(item: &Node) -> Vec<UnknownKey> {
    let mut walk = Walk { found: Vec::new() };
    walk.section(item, "sections[0]");
    walk.found
}

struct Walk {
    found: Vec<UnknownKey>,
}

impl Walk {
    /// Reports each key of `node` (if a mapping) that is not one of `known`.
    fn keys(&mut self, node: &Node, known: &[&str], path: &str) {
        for entry in node.entries() {
            if known.contains(&entry.key.as_str()) {
                continue;
            }
            let name = UnknownName {
                is_key: true,
                name: entry.key.clone(),
                expected: known.iter().map(|k| k.to_string()).collect(),
            };
            let candidates: Vec<&str> = known.to_vec();
            let problem = Problem::new(ErrorKind::UnknownKey, entry.key_start, name.message())
                .with_help(name.help())
                .with_len(entry.key.len())
                .with_label(if path.is_empty() {
                    "here".to_string()
                } else {
                    format!("in {path}")
                });
            self.found.push(UnknownKey {
                problem,
                path: path.to_string(),
                key: entry.key.clone(),
                nearest: super::suggest::nearest(&entry.key, &candidates).map(str::to_string),
            });
        }
    }

    fn briefing(&mut self, root: &Node) {
        self.keys(root, fields_of::<Briefing>(), "");
        if let Some(page) = root.get("page") {
            self.keys(page, fields_of::<PageSpec>(), "page");
            if let Some(size) = page.get("size") {
                self.keys(size, fields_of::<PageSides>(), "page.size");
            }
            if let Some(margins) = page.get("margins") {
                self.keys(margins, fields_of::<MarginSides>(), "page.margins");
            }
        }
        if let Some(sections) = root.get("sections") {
            for (index, section) in sections.items().iter().enumerate() {
                self.section(section, &format!("sections[{index}]"));
            }
        }
    }

    fn section(&mut self, node: &Node, path: &str) {
        self.keys(node, fields_of::<Section>(), path);
        if let Some(blocks) = node.get("blocks") {
            self.blocks(blocks, &format!("{path}.blocks"));
        }
    }

    fn blocks(&mut self, node: &Node, path: &str) {
        for (index, block) in node.items().iter().enumerate() {
            let path = format!("{path}[{index}]");
            self.keys(block, BLOCK_KEYS, &path);
            if let Some(blocks) = block.get("blocks") {
                self.blocks(blocks, &format!("{path}.blocks"));
            }
            for list in ["bullets", "numbered"] {
                if let Some(items) = block.get(list) {
                    self.items(items, &format!("{path}.{list}"));
                }
            }
            if let Some(table) = block.get("table") {
                self.table(table, &format!("{path}.table"));
            }
            if let Some(chart) = block.get("chart") {
                self.keys(chart, fields_of::<Chart>(), &format!("{path}.chart"));
            }
        }
    }

    fn items(&mut self, node: &Node, path: &str) {
        for (index, item) in node.items().iter().enumerate() {
            let path = format!("{path}[{index}]");
            self.keys(item, fields_of::<NestedItem>(), &path);
            for list in ["bullets", "numbered"] {
                if let Some(items) = item.get(list) {
                    self.items(items, &format!("{path}.{list}"));
                }
            }
        }
    }

    fn table(&mut self, node: &Node, path: &str) {
        self.keys(node, fields_of::<Table>(), path);
        if let Some(columns) = node.get("columns") {
            for (index, column) in columns.items().iter().enumerate() {
                let path = format!("{path}.columns[{index}]");
                self.keys(column, fields_of::<ColumnSpec>(), &path);
            }
        }
    }
}

/// The keys a derived, `deny_unknown_fields` struct accepts: serde hands them to the
/// deserializer with `deserialize_struct`, where this probe reads them and stops.
pub fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The probe always fails once it has the names; the error carries nothing.
    let _ = T::deserialize(FieldProbe(&mut fields));
    fields
}

struct FieldProbe<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldProbe<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("read the field names"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_model() {
        let top = fields_of::<Briefing>();
        assert!(
            top.contains(&"title") && top.contains(&"sections"),
            "{top:?}"
        );
        assert!(
            !top.contains(&"file"),
            "skipped fields are not keys: {top:?}"
        );
        assert_eq!(fields_of::<PageSides>(), ["width", "height"]);
        assert!(fields_of::<ColumnSpec>().contains(&"decimals"));
    }

    #[test]
    fn every_unknown_key_is_found_with_its_place() {
        let text = "titel: A\ndate: 2025-12-05\nsections:\n  - heading: H\n    blocks:\n      \
                    - buletts: [a]\n      - table: {colums: [x], rows: []}\n";
        let root = crate::source::locate::index(text, 64, usize::MAX).unwrap();
        let found = unknown(&root);
        let keys: Vec<(&str, &str)> = found
            .iter()
            .map(|k| (k.key.as_str(), k.path.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("titel", ""),
                ("buletts", "sections[0].blocks[0]"),
                ("colums", "sections[0].blocks[1].table"),
            ]
        );
        assert_eq!(found[0].nearest.as_deref(), Some("title"));
        assert_eq!(found[1].problem.offset, text.find("buletts").unwrap());
    }
}
