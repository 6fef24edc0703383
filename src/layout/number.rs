//! Figures rounded as a reader of a table expects: the decimal number as written in the
//! source, rounded half away from zero ("2.25" to one decimal is "2.3", "1.005" to two is
//! "1.01"), never the binary double's nearest neighbour (which would give "2.2" and "1.00").
//!
//! A YAML number reaches us as an `f64`; its shortest round-trip decimal form (Rust's `{}`)
//! is the number as the editor wrote it, for any figure of up to 15 significant digits.

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
    use super::rounded;

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
