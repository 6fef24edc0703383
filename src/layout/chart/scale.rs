//! The value axis: tick values at steps of 1, 2 or 5 × 10ⁿ that cover the data.

/// A value range cut at round steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The first tick is `first * step`, the last `last * step`: whole multiples, so that
    /// ticks are exact however many there are.
    first: i64,
    last: i64,
    pub step: f64,
    /// Digits after the decimal point the step needs (0 for 1, 10, 20; 1 for 0.5).
    pub digits: u8,
}

impl Scale {
    /// Ticks covering `min..=max` in about `target` steps; `include_zero` stretches the range
    /// to zero (bars grow from it).
    pub fn nice(min: f64, max: f64, include_zero: bool, target: usize) -> Scale {
        let (mut min, mut max) = (min.min(max), min.max(max));
        if include_zero {
            (min, max) = (min.min(0.0), max.max(0.0));
        }
        if min == max && min == 0.0 {
            max = 1.0;
        } else if min == max {
            // One value and no zero to reach: centre it in a range of its own size.
            let half = min.abs() / 2.0;
            (min, max) = (min - half, max + half);
        }
        let target = target.max(1) as f64;
        let raw = (max - min) / target;
        let exponent = raw.log10().floor() as i32;
        // Steps of 1, 2 and 5 × 10ⁿ around the raw step; the one whose tick count comes
        // closest to the target wins, the finer one on a tie (it hugs the data closer).
        let candidates = (exponent - 1..=exponent + 1)
            .flat_map(|e| [1.0, 2.0, 5.0].map(|m| (m, e)))
            .map(|(mantissa, e)| {
                let step = mantissa * 10f64.powi(e);
                // A hair of tolerance so that 60.000000001 does not add a step.
                let first = (min / step + 1e-9).floor() as i64;
                let last = ((max / step - 1e-9).ceil() as i64).max(first + 1);
                (step, e, first, last)
            });
        let (step, exponent, first, last) = candidates
            .min_by(|a, b| {
                let miss = |c: &(f64, i32, i64, i64)| ((c.3 - c.2) as f64 - target).abs();
                miss(a).total_cmp(&miss(b)).then(a.0.total_cmp(&b.0))
            })
            .unwrap_or((1.0, 0, 0, 1));
        Scale {
            first,
            last,
            step,
            digits: u8::try_from(-exponent.min(0)).unwrap_or(u8::MAX),
        }
    }

    pub fn low(&self) -> f64 {
        self.first as f64 * self.step
    }

    pub fn high(&self) -> f64 {
        self.last as f64 * self.step
    }

    /// Every tick value, low to high.
    pub fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (self.first..=self.last).map(|i| i as f64 * self.step)
    }

    /// Where `value` falls between the lowest tick (0) and the highest (1).
    pub fn fraction(&self, value: f64) -> f32 {
        ((value - self.low()) / (self.high() - self.low())) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks(scale: &Scale) -> Vec<f64> {
        scale.ticks().collect()
    }

    #[test]
    fn the_seed_imports_get_steps_of_ten_from_zero() {
        let scale = Scale::nice(2.66, 63.84, true, 6);
        assert_eq!(
            ticks(&scale),
            vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
        );
        assert_eq!(scale.digits, 0);
    }

    #[test]
    fn negative_values_reach_below_zero() {
        let scale = Scale::nice(-58.96, 4.88, true, 5);
        assert_eq!(scale.step, 20.0);
        assert_eq!((scale.low(), scale.high()), (-60.0, 20.0));
    }

    #[test]
    fn lines_need_not_start_at_zero() {
        let scale = Scale::nice(98.2, 101.7, false, 4);
        assert_eq!(scale.step, 1.0);
        assert_eq!((scale.low(), scale.high()), (98.0, 102.0));
    }

    #[test]
    fn small_steps_ask_for_digits() {
        let scale = Scale::nice(0.0, 0.9, true, 5);
        assert_eq!(scale.step, 0.2);
        assert_eq!(scale.digits, 1);
        assert_eq!(scale.high(), 1.0);
    }

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        for (max, target) in [(7.0, 5), (13.0, 4), (999.0, 8), (0.03, 3), (1e15, 6)] {
            let step = Scale::nice(0.0, max, true, target).step;
            let mantissa = step / 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-9),
                "{max}: step {step}"
            );
        }
    }

    #[test]
    fn equal_values_and_all_zero_still_make_a_range() {
        let zero = Scale::nice(0.0, 0.0, true, 5);
        assert!(zero.high() > zero.low());
        let flat = Scale::nice(5.0, 5.0, false, 5);
        assert!(flat.low() <= 5.0 && flat.high() >= 5.0 && flat.high() > flat.low());
        let negative = Scale::nice(-3.0, -3.0, true, 5);
        assert_eq!(negative.high(), 0.0);
        assert!(negative.low() <= -3.0);
    }
}
