//! The lever value as the strategy panel and the event log show it. Numbers and money
//! are formatted by the library (`shopsim::report::format`), shared with the CLI.

use crate::tui::levers::LeverValue;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lever_values_read_as_on_screen() {
        assert_eq!(lever_value(LeverValue::Slider(0.5)), "0.50");
        assert_eq!(lever_value(LeverValue::Toggle(true)), "on");
        assert_eq!(lever_value(LeverValue::Toggle(false)), "off");
        assert_eq!(lever_value(LeverValue::Number(30)), "30");
    }
}
