//! Hand-written `Deserialize` for the model's enums. Derived untagged enums answer every
//! mistake with "data did not match any variant"; these dispatch on the value's shape or key
//! and let the inner types report the precise problem at its own line.

use std::fmt;

use serde::de::{self, value::MapAccessDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::inline::Inline;
use super::model::{Align, Block, Cell, Chart, Column, ListItem, Section, Table, TrackSize};

/// The keys that can open a block, plus `blocks` (only beside `heading`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKey {
    Heading,
    Blocks,
    Bullets,
    Numbered,
    Table,
    Note,
    Chart,
}

pub(super) const BLOCK_KEYS: &[&str] = &[
    "heading", "blocks", "bullets", "numbered", "table", "note", "chart",
];

impl BlockKey {
    fn name(self) -> &'static str {
        match self {
            BlockKey::Heading => "heading",
            BlockKey::Blocks => "blocks",
            BlockKey::Bullets => "bullets",
            BlockKey::Numbered => "numbered",
            BlockKey::Table => "table",
            BlockKey::Note => "note",
            BlockKey::Chart => "chart",
        }
    }
}

impl<'de> Deserialize<'de> for BlockKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        Ok(match key.as_str() {
            "heading" => BlockKey::Heading,
            "blocks" => BlockKey::Blocks,
            "bullets" => BlockKey::Bullets,
            "numbered" => BlockKey::Numbered,
            "table" => BlockKey::Table,
            "note" => BlockKey::Note,
            "chart" => BlockKey::Chart,
            // serde's own wording, so the key gets the same "did you mean" as struct keys.
            other => return Err(de::Error::unknown_field(other, BLOCK_KEYS)),
        })
    }
}

/// The values met in one block mapping, before deciding which block it is.
#[derive(Default)]
struct BlockParts {
    heading: Option<Inline>,
    blocks: Option<Vec<Block>>,
    bullets: Option<Vec<ListItem>>,
    numbered: Option<Vec<ListItem>>,
    table: Option<Table>,
    note: Option<Inline>,
    chart: Option<Chart>,
}

impl BlockParts {
    fn read<'de, A: MapAccess<'de>>(&mut self, key: BlockKey, map: &mut A) -> Result<(), A::Error> {
        match key {
            BlockKey::Heading => self.heading = Some(map.next_value()?),
            BlockKey::Blocks => self.blocks = Some(map.next_value()?),
            BlockKey::Bullets => self.bullets = Some(map.next_value()?),
            BlockKey::Numbered => self.numbered = Some(map.next_value()?),
            BlockKey::Table => self.table = Some(map.next_value()?),
            BlockKey::Note => self.note = Some(map.next_value()?),
            BlockKey::Chart => self.chart = Some(map.next_value()?),
        }
        Ok(())
    }

    fn into_block<E: de::Error>(self) -> Result<Block, E> {
        if let Some(heading) = self.heading {
            let blocks = self.blocks.unwrap_or_default();
            return Ok(Block::Section(Section { heading, blocks }));
        }
        if self.blocks.is_some() {
            return Err(E::custom(
                "`blocks` needs a `heading`: a nested section is `heading:` with `blocks:`",
            ));
        }
        if let Some(bullets) = self.bullets {
            return Ok(Block::Bullets { bullets });
        }
        if let Some(numbered) = self.numbered {
            return Ok(Block::Numbered { numbered });
        }
        if let Some(table) = self.table {
            return Ok(Block::Table { table });
        }
        if let Some(note) = self.note {
            return Ok(Block::Note { note });
        }
        match self.chart {
            Some(chart) => Ok(Block::Chart { chart }),
            None => Err(E::custom(
                "an empty block: expected a paragraph or one of `heading`, `bullets`, \
                 `numbered`, `table`, `note`, `chart`",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlockVisitor;
        impl<'de> Visitor<'de> for BlockVisitor {
            type Value = Block;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a block: a paragraph (a string) or a mapping with one of `heading`, \
                     `bullets`, `numbered`, `table`, `note`, `chart`",
                )
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Block, E> {
                Ok(Block::Paragraph(inline(text)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
                let mut parts = BlockParts::default();
                let mut kind: Option<BlockKey> = None;
                while let Some(key) = map.next_key::<BlockKey>()? {
                    if key != BlockKey::Blocks {
                        if kind == Some(key) {
                            return Err(de::Error::custom(format!(
                                "the key `{}` is written twice in this block",
                                key.name()
                            )));
                        }
                        if let Some(first) = kind {
                            return Err(de::Error::custom(format!(
                                "one block cannot be both `{}` and `{}`: start the second \
                                 with its own `- `",
                                first.name(),
                                key.name()
                            )));
                        }
                        kind = Some(key);
                    }
                    parts.read(key, &mut map)?;
                }
                parts.into_block()
            }
        }
        deserializer.deserialize_any(BlockVisitor)
    }
}

/// A list item written as a mapping.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NestedItem {
    text: Inline,
    #[serde(default)]
    bullets: Vec<ListItem>,
    #[serde(default)]
    numbered: Vec<ListItem>,
}

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ListItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list item: a string, or `text:` with `bullets:` or `numbered:`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<ListItem, E> {
                Ok(ListItem::Plain(inline(text)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ListItem, A::Error> {
                let item = NestedItem::deserialize(MapAccessDeserializer::new(map))?;
                Ok(ListItem::Nested {
                    text: item.text,
                    bullets: item.bullets,
                    numbered: item.numbered,
                })
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// A column written as a mapping.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ColumnSpec {
    title: String,
    #[serde(default)]
    align: Align,
    #[serde(default)]
    decimals: Option<u8>,
    #[serde(default)]
    grouping: bool,
    #[serde(default)]
    width: TrackSize,
}

impl<'de> Deserialize<'de> for Column {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ColumnVisitor;
        impl<'de> Visitor<'de> for ColumnVisitor {
            type Value = Column;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a column: a title, or `{title, align, decimals, grouping, width}`")
            }
            fn visit_str<E: de::Error>(self, title: &str) -> Result<Column, E> {
                Ok(Column::Title(title.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Column, A::Error> {
                let spec = ColumnSpec::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Column::Spec {
                    title: spec.title,
                    align: spec.align,
                    decimals: spec.decimals,
                    grouping: spec.grouping,
                    width: spec.width,
                })
            }
        }
        deserializer.deserialize_any(ColumnVisitor)
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table cell: text, a number, or null for an empty cell")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Cell, E> {
                Ok(Cell::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<Cell, E> {
                Ok(Cell::Empty)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Cell, E> {
                Ok(Cell::Number(value as f64))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Cell, E> {
                Ok(Cell::Number(value as f64))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Cell, E> {
                if value.is_finite() {
                    Ok(Cell::Number(value))
                } else {
                    Err(E::custom("a table cell number must be finite"))
                }
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Cell, E> {
                Ok(Cell::Text(text.to_string()))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

/// A string whose markup `load` parses later, once it knows where the string stands.
fn inline(source: &str) -> Inline {
    Inline {
        runs: Vec::new(),
        source: source.to_string(),
        at: None,
    }
}
