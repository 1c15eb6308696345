//! The daily CSV table: a header row, then one row per simulated day.

use super::columns::{Value, COLUMNS};
use super::format;
use crate::sim::metrics::DayMetrics;
use std::io::{self, Write};

/// The header row's fields, in column order.
pub fn header() -> impl Iterator<Item = &'static str> {
    COLUMNS.iter().map(|column| column.name)
}

/// The text of one value as written in the CSV.
pub fn format_value(value: Value) -> String {
    match value {
        Value::Count(count) => count.to_string(),
        Value::Money(amount) => format::dollars(amount),
        Value::Fraction(fraction) => format::significant(fraction),
        Value::Missing => String::new(),
    }
}

/// Writes the header and one row per day. Every field is a number or a plain
/// identifier, so no quoting is needed; lines end with `\n`.
///
/// Pass a buffered writer: this writes field by field.
pub fn write_daily_csv<W: Write + ?Sized>(w: &mut W, days: &[DayMetrics]) -> io::Result<()> {
    write_row(w, header().map(str::to_string))?;
    for day in days {
        write_row(
            w,
            COLUMNS
                .iter()
                .map(|column| format_value((column.value)(day))),
        )?;
    }
    w.flush()
}

fn write_row<W: Write + ?Sized>(w: &mut W, fields: impl Iterator<Item = String>) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        w.write_all(field.as_bytes())?;
    }
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::columns::CONTRACT_COLUMNS;
    use crate::report::tests::sample_day;
    use crate::units::Cents;

    fn csv_text(days: &[DayMetrics]) -> String {
        let mut out = Vec::new();
        write_daily_csv(&mut out, days).expect("writing to memory succeeds");
        String::from_utf8(out).expect("CSV is UTF-8")
    }

    fn field<'a>(header: &str, row: &'a str, name: &str) -> &'a str {
        let index = header
            .split(',')
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        row.trim_end()
            .split(',')
            .nth(index)
            .expect("row has every column")
    }

    #[test]
    fn header_starts_with_the_contract_columns_in_order() {
        let text = csv_text(&[]);
        let header: Vec<&str> = text.trim_end().split(',').collect();
        assert_eq!(&header[..CONTRACT_COLUMNS.len()], &CONTRACT_COLUMNS[..]);
        assert_eq!(text.lines().count(), 1, "no days, header only");
    }

    #[test]
    fn one_row_per_day_with_as_many_fields_as_the_header() {
        let days: Vec<DayMetrics> = (1..=7).map(sample_day).collect();
        let text = csv_text(&days);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + days.len());
        let width = lines[0].split(',').count();
        for (i, line) in lines[1..].iter().enumerate() {
            assert_eq!(line.split(',').count(), width, "row {i}");
            assert_eq!(field(lines[0], line, "day"), (i + 1).to_string());
        }
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn money_is_written_in_dollars_with_two_decimals() {
        let mut day = sample_day(3);
        day.revenue = Cents(1_234_507);
        day.cumulative_revenue = Cents(100);
        day.breach_cost = Cents(0);
        day.fines = Cents(-5);
        let text = csv_text(&[day]);
        let (header, row) = text.split_once('\n').expect("two lines");
        assert_eq!(field(header, row, "revenue"), "12345.07");
        assert_eq!(field(header, row, "cumulative_revenue"), "1.00");
        assert_eq!(field(header, row, "breach_cost"), "0.00");
        assert_eq!(field(header, row, "fines"), "-0.05");
    }

    #[test]
    fn fractions_have_six_significant_digits() {
        let mut day = sample_day(1);
        day.mean_trust = 0.612_345_678;
        day.trust_change.departures = -0.000_123_456_789;
        let text = csv_text(&[day]);
        let (header, row) = text.split_once('\n').expect("two lines");
        assert_eq!(field(header, row, "mean_trust"), "0.612346");
        assert_eq!(
            field(header, row, "trust_change_departures"),
            "-0.000123457"
        );
    }

    #[test]
    fn a_segment_without_shoppers_has_empty_means_and_its_counts() {
        let mut day = sample_day(1);
        let empty = &mut day.segments[0];
        empty.active_shoppers = 0;
        empty.churned_total = 7;
        // What the engine leaves in a mean over nobody: it must not reach the file.
        empty.mean_trust = 0.0;
        empty.opt_in_rate = 0.0;
        let text = csv_text(&[day]);
        let (header, row) = text.split_once('\n').expect("two lines");
        assert_eq!(row.trim_end().split(',').count(), header.split(',').count());
        for mean in [
            "mean_trust",
            "stated_intent_to_leave",
            "opt_in_rate",
            "intent_action_gap",
        ] {
            assert_eq!(field(header, row, &format!("fundamentalists_{mean}")), "");
            assert_ne!(field(header, row, &format!("pragmatists_{mean}")), "");
        }
        assert_eq!(field(header, row, "fundamentalists_active_shoppers"), "0");
        assert_eq!(field(header, row, "fundamentalists_churned_total"), "7");
        assert_eq!(field(header, row, "pragmatists_mean_trust"), "0.5");
    }

    #[test]
    fn segment_columns_read_their_own_segment() {
        let mut day = sample_day(1);
        for (i, segment) in day.segments.iter_mut().enumerate() {
            segment.mean_trust = 0.1 * (i + 1) as f64;
            segment.churned_total = 10 * (i as u64 + 1);
        }
        let text = csv_text(&[day]);
        let (header, row) = text.split_once('\n').expect("two lines");
        assert_eq!(field(header, row, "fundamentalists_mean_trust"), "0.1");
        assert_eq!(field(header, row, "pragmatists_mean_trust"), "0.2");
        assert_eq!(field(header, row, "unconcerned_mean_trust"), "0.3");
        assert_eq!(field(header, row, "fundamentalists_churned_total"), "10");
        assert_eq!(field(header, row, "unconcerned_churned_total"), "30");
    }

    #[test]
    fn trust_change_total_is_the_sum_of_its_terms() {
        let mut day = sample_day(1);
        day.trust_change.word_of_mouth = -0.01;
        day.trust_change.recovery = 0.004;
        let text = csv_text(&[day]);
        let (header, row) = text.split_once('\n').expect("two lines");
        assert_eq!(field(header, row, "trust_change_total"), "-0.006");
    }
}
