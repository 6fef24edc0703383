//! Figures rounded as a reader of a table expects: the decimal number as written in the
//! source, rounded half away from zero ("2.25" to one decimal is "2.3", "1.005" to two is
//! "1.01"), never the binary double's nearest neighbour (which would give "2.2" and "1.00").
//!
//! A YAML number reaches us as an `f64`; its shortest round-trip decimal form (Rust's `{}`)
//! is the number as the editor wrote it, for any figure of up to 15 significant digits.
//!
//! Digit grouping (a column's `grouping: true`) follows the briefing's `language` through
//! ICU4X's CLDR data ([`Grouping`]), with the digits kept as written (0–9).

use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::{DecimalFormatter, DecimalFormatterPreferences};
use icu_locale_core::Locale;

/// A language's way of writing a number's digits in groups, and its decimal mark:
/// `12,345,678.9` in English, `12 345 678,9` in French (a narrow no-break space),
/// `12.345.678,9` in German, `1,23,45,678.9` in Indian English (`en-IN`).
pub struct Grouping {
    formatter: Option<DecimalFormatter>,
    /// The decimal mark, as [`Grouping::apply`] writes it.
    pub mark: char,
}

impl Grouping {
    /// The grouping of a BCP 47 `language`; a language CLDR does not know gets the root
    /// locale's (`12,345.6`).
    pub fn for_language(language: &str) -> Grouping {
        // Digits stay 0–9 whatever the language's own numbering system (`-u-nu-latn`).
        let locale = format!("{language}-u-nu-latn")
            .parse::<Locale>()
            .or_else(|_| "und-u-nu-latn".parse::<Locale>());
        let mut options = DecimalFormatterOptions::default();
        options.grouping_strategy = Some(GroupingStrategy::Auto);
        let formatter = locale.ok().and_then(|locale| {
            DecimalFormatter::try_new(DecimalFormatterPreferences::from(&locale), options).ok()
        });
        let mut grouping = Grouping {
            formatter,
            mark: '.',
        };
        let half = grouping.apply("0.5");
        grouping.mark = half.chars().find(|c| !c.is_ascii_digit()).unwrap_or('.');
        grouping
    }

    /// No grouping: digits as they are, a decimal point.
    pub fn none() -> Grouping {
        Grouping {
            formatter: None,
            mark: '.',
        }
    }

    /// `digits` (a non-negative decimal such as `12345678.90`) grouped, with the language's
    /// decimal mark; as it is if the formatter could not be made.
    pub fn apply(&self, digits: &str) -> String {
        let decimal = digits.parse::<Decimal>();
        match (&self.formatter, decimal) {
            (Some(formatter), Ok(decimal)) => formatter.format_to_string(&decimal),
            _ => digits.to_string(),
        }
    }
}

/// `magnitude` (not negative, finite) with exactly `decimals` digits after the point.
pub fn rounded(magnitude: f64, decimals: usize) -> String {
    let written = format!("{magnitude}");
    let (whole, fraction) = written.split_once('.').unwrap_or((&written, ""));
    if fraction.len() <= decimals {
        let padding = "0".repeat(decimals - fraction.len());
        return match decimals {
            0 => whole.to_string(),
            _ => format!("{whole}.{fraction}{padding}"),
        };
    }
    let round_up = fraction.as_bytes()[decimals] >= b'5';
    let mut digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes().take(decimals))
        .collect();
    if round_up {
        carry_one(&mut digits);
    }
    let point = digits.len() - decimals;
    let (whole, fraction) = digits.split_at(point);
    let whole = String::from_utf8_lossy(whole);
    match decimals {
        0 => whole.into_owned(),
        _ => format!("{whole}.{}", String::from_utf8_lossy(fraction)),
    }
}

/// Adds one to the last of the ASCII `digits`, carrying leftwards ("999" becomes "1000").
fn carry_one(digits: &mut Vec<u8>) {
    for digit in digits.iter_mut().rev() {
        if *digit == b'9' {
            *digit = b'0';
        } else {
            *digit += 1;
            return;
        }
    }
    digits.insert(0, b'1');
}

#[cfg(test)]
mod tests {
    use super::{rounded, Grouping};

    #[test]
    fn digits_are_grouped_as_the_language_writes_them() {
        let cases = [
            ("en", "12,345,678.9"),
            ("en-GB", "12,345,678.9"),
            ("fr", "12\u{202f}345\u{202f}678,9"),
            ("de", "12.345.678,9"),
            ("en-IN", "1,23,45,678.9"),
            ("hi", "1,23,45,678.9"),
        ];
        for (language, grouped) in cases {
            let grouping = Grouping::for_language(language);
            assert_eq!(grouping.apply("12345678.9"), grouped, "{language}");
        }
        assert_eq!(Grouping::for_language("de").mark, ',');
        assert_eq!(Grouping::for_language("en").apply("999"), "999");
        assert_eq!(Grouping::for_language("en").apply("1000.00"), "1,000.00");
    }

    #[test]
    fn an_unknown_language_groups_as_the_root_locale() {
        let grouping = Grouping::for_language("xx");
        assert_eq!(grouping.apply("12345.5"), "12,345.5");
        assert_eq!(grouping.mark, '.');
    }

    #[test]
    fn halves_round_away_from_zero_as_written() {
        assert_eq!(rounded(2.25, 1), "2.3");
        assert_eq!(rounded(0.125, 2), "0.13");
        assert_eq!(rounded(1.005, 2), "1.01");
        assert_eq!(rounded(2.675, 2), "2.68");
        assert_eq!(rounded(0.5, 0), "1");
        assert_eq!(rounded(2.5, 0), "3");
    }

    #[test]
    fn carries_pad_and_keep_what_fits() {
        assert_eq!(rounded(9.995, 2), "10.00");
        assert_eq!(rounded(99.96, 1), "100.0");
        assert_eq!(rounded(2.66, 2), "2.66");
        assert_eq!(rounded(3.0, 2), "3.00");
        assert_eq!(rounded(12.0, 0), "12");
        assert_eq!(rounded(0.04, 1), "0.0");
        assert_eq!(rounded(1e21, 1), "1000000000000000000000.0");
        assert_eq!(rounded(1.234e-7, 6), "0.000000");
    }
}
