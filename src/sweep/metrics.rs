//! Metric names: the numeric fields of a run's [`Summary`] (and of a day's [`DayMetrics`]),
//! flattened to dotted paths such as `segments.fundamentalists.churn_rate`.
//!
//! The names come from the serialized form, so money is in dollars and a field added to
//! `Summary` becomes a metric without touching this module.

use crate::sim::metrics::{DayMetrics, Summary};
use serde::Serialize;
use serde_json::Value;

/// Every numeric leaf of a serialized value, as `(dotted path, value)`, sorted by path
/// (serde_json's maps are ordered by key).
/// Arrays are indexed by position (`segments.0.mean_trust`); `null` (a non-finite float)
/// reads as NaN; booleans and strings are skipped.
pub fn numeric_fields(value: &impl Serialize) -> Vec<(String, f64)> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let mut fields = Vec::new();
    flatten("", &value, &mut fields);
    fields
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, f64)>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match value {
        Value::Number(number) => {
            out.push((prefix.to_string(), number.as_f64().unwrap_or(f64::NAN)))
        }
        Value::Null if !prefix.is_empty() => out.push((prefix.to_string(), f64::NAN)),
        Value::Object(map) => map
            .iter()
            .for_each(|(name, inner)| flatten(&join(name), inner, out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(index, inner)| flatten(&join(&index.to_string()), inner, out)),
        _ => {}
    }
}

/// The names of every metric an experiment may ask for, sorted.
pub fn known_metrics() -> Vec<String> {
    let empty = Summary::from_history(&[], 0, [0; 3], 0);
    numeric_fields(&empty)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// The values of the named metrics in a summary (NaN for a name it lacks).
pub fn summary_metrics(summary: &Summary, names: &[String]) -> Vec<f64> {
    let fields = numeric_fields(summary);
    names
        .iter()
        .map(|name| {
            fields
                .iter()
                .find(|(field, _)| field == name)
                .map_or(f64::NAN, |(_, value)| *value)
        })
        .collect()
}

/// A daily history as CSV text: a header of metric names (`day` first, then sorted), one
/// row per day. Money is in cents here, as in [`DayMetrics`].
pub fn curves_csv(history: &[DayMetrics]) -> String {
    let mut text = String::new();
    for (index, day) in history.iter().enumerate() {
        let mut fields = numeric_fields(day);
        // Stable sort on "is not day": `day` first, the rest keep their order.
        fields.sort_by_key(|(name, _)| name != "day");
        if index == 0 {
            let names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
            text.push_str(&names.join(","));
            text.push('\n');
        }
        let values: Vec<String> = fields.iter().map(|(_, value)| value.to_string()).collect();
        text.push_str(&values.join(","));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_metrics_include_nested_segment_fields_and_skip_nothing_numeric() {
        let known = known_metrics();
        for name in [
            "total_revenue",
            "final_mean_trust",
            "churn_rate",
            "final_records_held",
            "breach_cost",
            "segments.fundamentalists.churn_rate",
            "segments.unconcerned.final_opt_in_rate",
        ] {
            assert!(
                known.iter().any(|k| k == name),
                "{name} missing from {known:?}"
            );
        }
        assert!(!known.iter().any(|k| k == "segments"));
    }

    #[test]
    fn summary_metrics_reads_dollars_and_nested_fields() {
        let mut summary = Summary::from_history(&[], 10, [3, 5, 2], 0);
        summary.total_revenue = crate::units::Cents(12_345);
        summary.segments.pragmatists.churn_rate = 0.25;
        let values = summary_metrics(
            &summary,
            &[
                "total_revenue".to_string(),
                "segments.pragmatists.churn_rate".to_string(),
                "no_such".to_string(),
            ],
        );
        assert_eq!(values[0], 123.45);
        assert_eq!(values[1], 0.25);
        assert!(values[2].is_nan());
    }
}
