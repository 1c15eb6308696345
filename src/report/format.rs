//! Deterministic text for numbers: the same value gives the same bytes on every machine.

use crate::units::Cents;

/// Significant digits written for fractional values (shares, means, expected counts).
pub const SIGNIFICANT_DIGITS: usize = 6;

/// Dollars with exactly two decimals and no grouping, e.g. `-1234.05`.
///
/// Computed from integer cents, so no floating-point rounding is involved.
pub fn dollars(amount: Cents) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let abs = amount.0.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A fractional value rounded to [`SIGNIFICANT_DIGITS`] significant digits, written in
/// plain decimal notation with trailing zeros removed: `0.734512`, `-1.5e-5` becomes
/// `-0.000015`, `12`, `0`.
///
/// Rust's float formatting is exact decimal conversion with correct rounding, so the
/// output does not depend on the platform's math library. Non-finite values are written
/// as `NaN`, `inf` and `-inf`.
pub fn significant(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        // Also turns -0.0 into "0".
        return "0".to_string();
    }
    // The decimal exponent after rounding to the wanted digits, from the exact
    // scientific formatting rather than a platform-dependent log10.
    let scientific = format!("{:.*e}", SIGNIFICANT_DIGITS - 1, value);
    let exponent: i32 = scientific
        .rsplit('e')
        .next()
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let decimals = (SIGNIFICANT_DIGITS as i32 - 1 - exponent).max(0) as usize;
    let fixed = format!("{value:.decimals$}");
    let trimmed = if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.')
    } else {
        fixed.as_str()
    };
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_have_two_decimals_from_integer_cents() {
        assert_eq!(dollars(Cents(0)), "0.00");
        assert_eq!(dollars(Cents(5)), "0.05");
        assert_eq!(dollars(Cents(123_456)), "1234.56");
        assert_eq!(dollars(Cents(-105)), "-1.05");
        assert_eq!(dollars(Cents(i64::MIN)), "-92233720368547758.08");
    }

    #[test]
    fn significant_keeps_six_digits_in_plain_notation() {
        assert_eq!(significant(0.5), "0.5");
        assert_eq!(significant(0.123_456_789), "0.123457");
        assert_eq!(significant(-0.000_012_345_678), "-0.0000123457");
        assert_eq!(significant(1_234.567_89), "1234.57");
        assert_eq!(significant(9.999_999_7), "10");
        assert_eq!(significant(1_234_567.0), "1234567");
        assert_eq!(significant(3.0), "3");
    }

    #[test]
    fn significant_normalizes_zero_and_tiny_negatives() {
        assert_eq!(significant(0.0), "0");
        assert_eq!(significant(-0.0), "0");
        assert_eq!(significant(f64::NAN), "NaN");
    }

    #[test]
    fn significant_round_trips_within_its_precision() {
        for &value in &[0.734_512_3, 1e-9, -42.424_242, 0.999_999_4, 0.1 + 0.2] {
            let text = significant(value);
            let back: f64 = text.parse().expect("writes a parsable number");
            let tolerance = value.abs() * 5e-6;
            assert!(
                (back - value).abs() <= tolerance,
                "{value} -> {text} -> {back}"
            );
        }
    }
}
