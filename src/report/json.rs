//! The run's JSON document and the summary object.
//!
//! Day objects carry the same keys as the CSV columns, in the same order; money is in
//! dollars. Fractions keep full precision (shortest text that reads back exactly).

use super::columns::{Value, COLUMNS};
use crate::model::events::EventKind;
use crate::sim::counterfactual::IncrementalFigures;
use crate::sim::engine::{EventOrigin, EventRecord, StrategyChange};
use crate::sim::metrics::{serialize_dollars, DayMetrics, Summary};
use crate::sim::Engine;
use crate::units::Cents;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::io::{self, Write};

/// Everything a run's JSON document holds.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport<'a> {
    /// The scenario's name (its `name` key).
    pub scenario: &'a str,
    /// Where the scenario came from: a preset name or a file path.
    pub source: &'a str,
    /// Root seed of the run.
    pub seed: u64,
    #[serde(serialize_with = "serialize_days")]
    pub days: &'a [DayMetrics],
    pub summary: Summary,
    #[serde(serialize_with = "serialize_events")]
    pub events: &'a [EventRecord],
    /// The strategy in force from each day on (day 1: the scenario's strategy).
    pub strategy_changes: &'a [StrategyChange],
}

impl<'a> RunReport<'a> {
    /// The report of an engine's run so far.
    pub fn from_engine(engine: &'a Engine, source: &'a str) -> RunReport<'a> {
        RunReport {
            scenario: &engine.scenario().name,
            source,
            seed: engine.scenario().simulation.seed,
            days: engine.history(),
            summary: engine.summary(),
            events: engine.events(),
            strategy_changes: engine.strategy_changes(),
        }
    }
}

/// The summary with the scenario's name and seed beside its keys, all at the top level.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryDocument<'a> {
    pub scenario: &'a str,
    pub source: &'a str,
    pub seed: u64,
    #[serde(flatten)]
    pub summary: &'a Summary,
}

/// Writes the run document as pretty-printed JSON followed by a newline.
pub fn write_run_json<W: Write + ?Sized>(w: &mut W, report: &RunReport<'_>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, report)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// Writes one JSON object: the summary's keys plus `scenario`, `source` and `seed`.
pub fn write_summary_json<W: Write + ?Sized>(
    w: &mut W,
    document: &SummaryDocument<'_>,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, document)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// A report (run document or summary object) with the run's incremental figures added
/// under the key `counterfactual`; the report's own keys stay where they are.
#[derive(Debug, Clone, Serialize)]
pub struct WithCounterfactual<'a, R: Serialize> {
    #[serde(flatten)]
    pub report: R,
    pub counterfactual: &'a IncrementalFigures,
}

/// Writes any report as pretty-printed JSON followed by a newline.
pub fn write_json<W: Write + ?Sized, R: Serialize>(w: &mut W, report: &R) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, report)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// One day as an object keyed by the column names, in column order.
struct DayRow<'a>(&'a DayMetrics);

impl Serialize for DayRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(COLUMNS.len()))?;
        for column in &COLUMNS {
            match (column.value)(self.0) {
                Value::Count(count) => map.serialize_entry(column.name, &count)?,
                Value::Money(amount) => map.serialize_entry(column.name, &amount.dollars())?,
                Value::Fraction(fraction) => map.serialize_entry(column.name, &fraction)?,
                Value::Missing => map.serialize_entry(column.name, &None::<f64>)?,
            }
        }
        map.end()
    }
}

fn serialize_days<S: Serializer>(days: &&[DayMetrics], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(days.len()))?;
    for day in days.iter() {
        seq.serialize_element(&DayRow(day))?;
    }
    seq.end()
}

/// An event record with its money in dollars.
#[derive(Serialize)]
struct EventRow {
    day: u32,
    kind: EventKind,
    severity: f64,
    origin: EventOrigin,
    records_exposed: f64,
    #[serde(serialize_with = "serialize_dollars")]
    cost: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    fine: Cents,
}

fn serialize_events<S: Serializer>(
    events: &&[EventRecord],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(events.len()))?;
    for event in events.iter() {
        seq.serialize_element(&EventRow {
            day: event.day,
            kind: event.kind,
            severity: event.severity,
            origin: event.origin,
            records_exposed: event.records_exposed,
            cost: event.cost,
            fine: event.fine,
        })?;
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_day;
    use crate::sim::metrics::Summary;

    fn summary(days: &[DayMetrics]) -> Summary {
        Summary::from_history(days, 1000, [260, 640, 100], 1)
    }

    #[test]
    fn run_document_has_days_keyed_like_the_csv() {
        let days: Vec<DayMetrics> = (1..=3).map(sample_day).collect();
        let events = [EventRecord {
            day: 2,
            kind: EventKind::Breach,
            severity: 0.5,
            origin: EventOrigin::Scheduled,
            records_exposed: 400.0,
            cost: Cents(123_456),
            fine: Cents(0),
        }];
        let report = RunReport {
            scenario: "Balanced",
            source: "balanced",
            seed: 7,
            days: &days,
            summary: summary(&days),
            events: &events,
            strategy_changes: &[],
        };
        let mut out = Vec::new();
        write_run_json(&mut out, &report).expect("writing to memory succeeds");
        let value: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(value["scenario"], "Balanced");
        assert_eq!(value["seed"], 7);
        let rows = value["days"].as_array().expect("days is an array");
        assert_eq!(rows.len(), 3);
        let keys: Vec<&String> = rows[0].as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), COLUMNS.len());
        assert_eq!(rows[2]["day"], 3);
        assert_eq!(rows[0]["revenue"], 450.0);
        assert_eq!(value["events"][0]["cost"], 1234.56);
        assert_eq!(value["events"][0]["kind"], "breach");
        assert_eq!(value["summary"]["total_orders"], 18);
    }

    #[test]
    fn a_segment_without_shoppers_has_null_means() {
        let mut day = sample_day(1);
        day.segments[2].active_shoppers = 0;
        let value = serde_json::to_value(DayRow(&day)).expect("serializes");
        assert!(value["unconcerned_mean_trust"].is_null(), "{value}");
        assert!(value["unconcerned_opt_in_rate"].is_null());
        assert_eq!(value["unconcerned_active_shoppers"], 0);
        assert_eq!(value["pragmatists_mean_trust"], 0.5);
    }

    #[test]
    fn day_object_keys_follow_column_order() {
        let day = sample_day(1);
        let text = serde_json::to_string(&DayRow(&day)).expect("serializes");
        let mut last = 0;
        for column in &COLUMNS {
            let at = text
                .find(&format!("\"{}\":", column.name))
                .unwrap_or_else(|| panic!("missing {}", column.name));
            assert!(at >= last, "{} out of order", column.name);
            last = at;
        }
    }

    #[test]
    fn summary_document_keeps_summary_keys_at_the_top_level() {
        let days: Vec<DayMetrics> = (1..=2).map(sample_day).collect();
        let summary = summary(&days);
        let mut out = Vec::new();
        let document = SummaryDocument {
            scenario: "Balanced",
            source: "balanced",
            seed: 42,
            summary: &summary,
        };
        write_summary_json(&mut out, &document).expect("writing to memory succeeds");
        let value: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(value["seed"], 42);
        assert_eq!(value["total_orders"], 12);
        assert_eq!(value["total_revenue"], 900.0);
        assert!(value["segments"]["pragmatists"]["churn_rate"].is_number());
    }
}
