//! "Did you mean ...?": the nearest valid name for a misspelt key or value.

/// The candidate closest to `word`, if any is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|&candidate| {
            let score = strsim::normalized_damerau_levenshtein(&word, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|&(score, _)| score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A name serde refused, taken apart from serde's own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// True for a key (`unknown field`), false for a value (`unknown variant`).
    pub is_key: bool,
    pub name: String,
    pub expected: Vec<String>,
}

/// Reads serde's `unknown field `x`, expected one of `a`, `b`` (and the `unknown variant`
/// twin). serde writes these texts itself (`de::Error::unknown_field`), so their shape is the
/// same whatever the format crate.
pub fn parse_unknown(message: &str) -> Option<UnknownName> {
    let (is_key, rest) = if let Some(rest) = message.strip_prefix("unknown field `") {
        (true, rest)
    } else {
        (false, message.strip_prefix("unknown variant `")?)
    };
    let (name, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some(UnknownName {
        is_key,
        name: name.to_string(),
        expected,
    })
}

impl UnknownName {
    /// "unknown key `titel`, did you mean `title`?"
    pub fn message(&self) -> String {
        let what = if self.is_key { "key" } else { "value" };
        let candidates: Vec<&str> = self.expected.iter().map(String::as_str).collect();
        match nearest(&self.name, &candidates) {
            Some(best) => format!("unknown {what} `{}`, did you mean `{best}`?", self.name),
            None => format!("unknown {what} `{}`", self.name),
        }
    }

    /// The valid names, for the help line.
    pub fn help(&self) -> String {
        if self.expected.is_empty() {
            return "no keys are allowed here".to_string();
        }
        let names: Vec<String> = self.expected.iter().map(|n| format!("`{n}`")).collect();
        let what = if self.is_key { "keys" } else { "values" };
        format!("valid {what} here: {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_keys_find_their_neighbour() {
        assert_eq!(
            nearest("titel", &["title", "subtitle", "date"]),
            Some("title")
        );
        assert_eq!(
            nearest("buletts", &["bullets", "numbered"]),
            Some("bullets")
        );
        assert_eq!(nearest("zzzz", &["title", "date"]), None);
    }

    #[test]
    fn serde_messages_are_taken_apart() {
        let parsed =
            parse_unknown("unknown field `titel`, expected one of `title`, `subtitle`").unwrap();
        assert_eq!(parsed.name, "titel");
        assert_eq!(parsed.expected, ["title", "subtitle"]);
        assert_eq!(
            parsed.message(),
            "unknown key `titel`, did you mean `title`?"
        );
        let variant = parse_unknown("unknown variant `rigth`, expected `left` or `right`").unwrap();
        assert!(!variant.is_key);
        assert_eq!(
            variant.message(),
            "unknown value `rigth`, did you mean `right`?"
        );
        assert_eq!(parse_unknown("invalid type: string"), None);
    }
}
