//! Number formats shared by the screen regions.

use crate::tui::levers::LeverValue;
use shopsim::units::Cents;

/// A lever's value as the panel and the log show it.
pub fn lever_value(value: LeverValue) -> String {
    match value {
        LeverValue::Slider(x) => format!("{x:.2}"),
        LeverValue::Toggle(on) => if on { "on" } else { "off" }.to_string(),
        LeverValue::Choice(name) => name.to_string(),
        LeverValue::Number(n) => n.to_string(),
        LeverValue::Amount(x) => format!("{x}"),
    }
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

/// A difference with an explicit sign: `+$12k`, `-$3.4k`, `+$0`.
pub fn signed_money(amount: Cents) -> String {
    if amount.0 < 0 {
        compact_money(amount)
    } else {
        format!("+{}", compact_money(amount))
    }
}

/// A count difference with an explicit sign.
pub fn signed_count(x: f64) -> String {
    if x < 0.0 {
        compact_count(x)
    } else {
        format!("+{}", compact_count(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_forms() {
        assert_eq!(compact_count(380.0), "380");
        assert_eq!(compact_count(1_234.0), "1.2k");
        assert_eq!(compact_count(41_230.0), "41k");
        assert_eq!(compact_count(1_250_000.0), "1.2M");
        assert_eq!(compact_money(Cents(-123_456_789)), "-$1.2M");
        assert_eq!(signed_money(Cents(1_200_000)), "+$12k");
        assert_eq!(signed_count(-5.0), "-5");
    }
}
