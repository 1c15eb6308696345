//! `RawScenario`: the TOML file exactly as written, every value with its byte span.
//!
//! Every key is optional here (defaults are applied in [`super::validate`]) and every
//! value is kept as found — integers as `i64`, choices as strings — so that range and
//! choice errors can be reported by validation with the value's location.
//! Unknown keys are rejected by serde (`deny_unknown_fields`). The tables described by
//! specs (`[simulation]`, `[strategy]`, `[economics]`) are read by [`RawTable`].

use super::changes::{self, RawChange};
use super::cohort::RawCohort;
use super::table::{spec_table_named, RawTable};
use super::SimulationSettings;
use crate::model::economics::Economics;
use crate::model::params::ModelParams;
use crate::model::strategy::Strategy;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub simulation: Option<RawTable<SimulationSettings>>,
    pub strategy: Option<RawTable<Strategy>>,
    pub population: Option<RawPopulation>,
    pub economics: Option<RawTable<Economics>>,
    pub model: Option<RawTable<ModelParams>>,
    pub cohort: Option<Spanned<RawCohort>>,
    #[serde(default)]
    pub events: Vec<Spanned<RawEvent>>,
    #[serde(default)]
    pub changes: Vec<Spanned<RawChange>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPopulation {
    pub fundamentalists: Option<Spanned<f64>>,
    pub pragmatists: Option<Spanned<f64>>,
    pub unconcerned: Option<Spanned<f64>>,
    pub social_network: Option<Spanned<bool>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvent {
    pub day: Option<Spanned<i64>>,
    pub kind: Option<Spanned<String>>,
    pub severity: Option<Spanned<f64>>,
}

/// The keys each hand-written table accepts, in file order: for messages that list the
/// allowed keys (the spec tables list theirs with `Table::keys`).
pub(super) const TOP_LEVEL_KEYS: &[&str] = &[
    "name",
    "description",
    "simulation",
    "strategy",
    "population",
    "economics",
    "model",
    "cohort",
    "events",
    "changes",
];
pub(super) const POPULATION_KEYS: &[&str] = &[
    "fundamentalists",
    "pragmatists",
    "unconcerned",
    "social_network",
];
pub(super) const EVENT_KEYS: &[&str] = &["day", "kind", "severity"];

/// What a key's value must look like, for wrong-type messages; `None` for unknown keys.
pub(super) fn expected_value(key_path: &str) -> Option<String> {
    let strip_index = |segment: &str| segment.split('[').next().unwrap_or(segment).to_string();
    let mut segments = key_path.split('.');
    let top = strip_index(segments.next().unwrap_or_default());
    let leaf = segments.next().map(strip_index);
    if let Some(table) = spec_table_named(&top) {
        return match leaf {
            Some(leaf) => (table.expected_value)(&leaf),
            None => Some("a table".to_string()),
        };
    }
    if top == "changes" {
        return match leaf {
            Some(leaf) => changes::expected_value(&leaf),
            None if key_path.contains('[') => {
                Some("a table with day and [strategy] keys".to_string())
            }
            None => Some("an array of tables, each written [[changes]]".to_string()),
        };
    }
    let expected = match (top.as_str(), leaf.as_deref()) {
        ("name" | "description", None) => "a string",
        ("population" | "cohort", None) => "a table",
        ("cohort", Some("entries_per_day")) => "an array of whole numbers >= 0",
        ("events", None) if key_path.contains('[') => "a table with day, kind and severity",
        ("events", None) => "an array of tables, each written [[events]]",
        ("events", Some("day")) => "a whole day number >= 1",
        ("population", Some("social_network")) => "true or false",
        ("events", Some("kind")) => {
            "one of the strings \"breach\", \"regulatory-inquiry\", \"policy-change\""
        }
        ("population", Some(_)) | ("events", Some("severity")) => "a number within 0..1",
        _ => return None,
    };
    Some(expected.to_string())
}
