//! Text for numbers, money and paragraphs, shared by every front end (CLI, TUI, reports):
//! the same value gives the same bytes on every machine.
//!
//! Money has one home here: [`dollars`] for files, `Cents`' `Display` (`$1,234.56`),
//! [`whole_dollars`] for tables and [`compact_money`] for tight screen space. Digits are
//! grouped by [`group`] only, and paragraphs wrapped by [`wrap`] only.

use crate::units::Cents;
use std::fmt;

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

/// A count with thousands separators, e.g. `12,345`.
pub fn group(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Cents {
    /// `$1,234.56`, with a leading minus for negative amounts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}${}.{:02}", group(abs / 100), abs % 100)
    }
}

/// Dollars rounded to whole dollars with thousands separators, e.g. `$1,234,567` or
/// `-$12`.
pub fn whole_dollars(amount: f64) -> String {
    let rounded = amount.round();
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!("{sign}${}", group(rounded.abs() as u64))
}

/// A count in at most four significant characters: `380`, `41k`, `1.2M`.
pub fn compact_count(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    let body = if a >= 9.95e8 {
        format!("{:.1}B", a / 1e9)
    } else if a >= 9.95e5 {
        format!("{:.1}M", a / 1e6)
    } else if a >= 9.95e3 {
        format!("{:.0}k", a / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", a / 1e3)
    } else {
        format!("{a:.0}")
    };
    format!("{sign}{body}")
}

/// Money in compact form: `$512`, `$41k`, `-$1.2M`.
pub fn compact_money(amount: Cents) -> String {
    let dollars = amount.dollars();
    let text = compact_count(dollars.abs());
    if dollars < 0.0 {
        format!("-${text}")
    } else {
        format!("${text}")
    }
}

/// A difference of money with an explicit sign: `+$12k`, `-$3.4k`, `+$0`.
pub fn signed_money(amount: Cents) -> String {
    if amount.0 < 0 {
        compact_money(amount)
    } else {
        format!("+{}", compact_money(amount))
    }
}

/// A count difference with an explicit sign: `+12`, `-5`.
pub fn signed_count(x: f64) -> String {
    if x < 0.0 {
        compact_count(x)
    } else {
        format!("+{}", compact_count(x))
    }
}

/// Greedy word wrap into lines of at most `width` characters; a word longer than
/// `width` gets a line of its own. Runs of white space become one space.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_hanging(text, width, width)
}

/// [`wrap`] with a first line of `first_width` characters and the others of
/// `rest_width` (room for a bullet or a hanging indent).
pub fn wrap_hanging(text: &str, first_width: usize, rest_width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_chars = 0;
    for word in text.split_whitespace() {
        let width = if lines.is_empty() {
            first_width
        } else {
            rest_width
        };
        let word_chars = word.chars().count();
        if line_chars > 0 && line_chars + 1 + word_chars > width {
            lines.push(std::mem::take(&mut line));
            line_chars = 0;
        }
        if line_chars > 0 {
            line.push(' ');
            line_chars += 1;
        }
        line.push_str(word);
        line_chars += word_chars;
    }
    if line_chars > 0 {
        lines.push(line);
    }
    lines
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
    fn group_separates_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_240), "1,240");
        assert_eq!(group(12_345_678), "12,345,678");
        assert_eq!(group(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn cents_display_groups_thousands() {
        assert_eq!(Cents(123_456_789).to_string(), "$1,234,567.89");
        assert_eq!(Cents(-5).to_string(), "-$0.05");
        assert_eq!(Cents(100).to_string(), "$1.00");
        assert_eq!(Cents(i64::MIN).to_string(), "-$92,233,720,368,547,758.08");
    }

    #[test]
    fn whole_dollars_are_grouped_and_signed() {
        assert_eq!(whole_dollars(1_234_567.4), "$1,234,567");
        assert_eq!(whole_dollars(-12.0), "-$12");
        assert_eq!(whole_dollars(0.2), "$0");
        assert_eq!(whole_dollars(-0.2), "$0");
    }

    #[test]
    fn compact_forms_keep_four_characters() {
        assert_eq!(compact_count(380.0), "380");
        assert_eq!(compact_count(1_234.0), "1.2k");
        assert_eq!(compact_count(41_230.0), "41k");
        assert_eq!(compact_count(1_250_000.0), "1.2M");
        assert_eq!(compact_count(2_500_000_000.0), "2.5B");
        assert_eq!(compact_money(Cents(-123_456_789)), "-$1.2M");
        assert_eq!(compact_money(Cents(51_200)), "$512");
        assert_eq!(signed_money(Cents(1_200_000)), "+$12k");
        assert_eq!(signed_money(Cents(-340_000)), "-$3.4k");
        assert_eq!(signed_money(Cents(0)), "+$0");
        assert_eq!(signed_count(-5.0), "-5");
        assert_eq!(signed_count(12.0), "+12");
    }

    #[test]
    fn wrap_breaks_between_words_within_the_width() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("  spaced \n  out ", 20), ["spaced out"]);
        assert_eq!(wrap("", 10), Vec::<String>::new());
        assert_eq!(wrap("unbreakable-word x", 5), ["unbreakable-word", "x"]);
        // Width counts characters, not bytes.
        assert_eq!(wrap("été été été", 7), ["été été", "été"]);
    }

    #[test]
    fn wrap_hanging_gives_the_first_line_its_own_width() {
        assert_eq!(
            wrap_hanging("aa bb cc dd ee", 2, 5),
            ["aa", "bb cc", "dd ee"]
        );
        for line in wrap("word ".repeat(50).as_str(), 12) {
            assert!(line.chars().count() <= 12, "{line:?}");
        }
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
