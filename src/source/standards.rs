//! The `pdf_standard` key and `--pdf-standard`: which standards a PDF is written to.

/// The standards a PDF is written to, besides being tagged (which every PDF is): from
/// `--pdf-standard` and the source's `pdf_standard`, comma-separated as in Typst's CLI.
/// See `docs/accessibility.md` for what each guarantees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(into = "String")]
pub struct PdfStandards {
    /// `ua-1`: PDF/UA-1, declared in the XMP; the source must state its language and give
    /// every chart an alternative text.
    pub ua1: bool,
    /// `a-2b`: PDF/A-2b, an sRGB output intent and the archival requirements.
    pub a2b: bool,
    /// `a-2a`: PDF/A-2a, PDF/A-2b and tagged.
    pub a2a: bool,
}

impl PdfStandards {
    /// The names, as written.
    pub const NAMES: [&'static str; 3] = ["ua-1", "a-2b", "a-2a"];

    /// Parses `ua-1`, `a-2b`, `a-2a`, comma-separated.
    pub fn parse(text: &str) -> Result<PdfStandards, String> {
        let mut standards = PdfStandards::default();
        for name in text.split(',').map(str::trim) {
            match name {
                "ua-1" => standards.ua1 = true,
                "a-2b" => standards.a2b = true,
                "a-2a" => standards.a2a = true,
                _ => {
                    return Err(format!(
                        "`{name}` is not a PDF standard this tool writes: write {}, \
                         comma-separated",
                        PdfStandards::NAMES.join(", ")
                    ))
                }
            }
        }
        Ok(standards)
    }

    /// Both sets of standards.
    pub fn union(self, other: PdfStandards) -> PdfStandards {
        PdfStandards {
            ua1: self.ua1 || other.ua1,
            a2b: self.a2b || other.a2b,
            a2a: self.a2a || other.a2a,
        }
    }

    /// The PDF/A-2 conformance level to declare (`A` includes `B`), if any.
    pub fn archival(self) -> Option<char> {
        match (self.a2a, self.a2b) {
            (true, _) => Some('A'),
            (false, true) => Some('B'),
            _ => None,
        }
    }

    pub fn names(self) -> Vec<&'static str> {
        let chosen = [self.ua1, self.a2b, self.a2a];
        PdfStandards::NAMES
            .into_iter()
            .zip(chosen)
            .filter_map(|(name, on)| on.then_some(name))
            .collect()
    }
}

/// Parsed inside the scalar's own deserialization, so that a bad name is reported at the
/// value's line rather than at the enclosing mapping.
impl<'de> serde::Deserialize<'de> for PdfStandards {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StandardsVisitor;
        impl serde::de::Visitor<'_> for StandardsVisitor {
            type Value = PdfStandards;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("PDF standards such as `ua-1` or `ua-1,a-2b`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PdfStandards, E> {
                PdfStandards::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(StandardsVisitor)
    }
}

impl From<PdfStandards> for String {
    fn from(standards: PdfStandards) -> String {
        standards.names().join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standards_parse_comma_separated() {
        let both = PdfStandards::parse("ua-1, a-2b").unwrap();
        assert!(both.ua1 && both.a2b && !both.a2a);
        assert_eq!(both.archival(), Some('B'));
        assert_eq!(String::from(both), "ua-1,a-2b");
        let a = PdfStandards::parse("a-2a").unwrap().union(both);
        assert_eq!(a.archival(), Some('A'));
        assert!(PdfStandards::parse("a-3b").unwrap_err().contains("a-3b"));
        assert!(PdfStandards::parse("").is_err());
    }
}
