//! `RawScenario`: the TOML file exactly as written, every value with its byte span.
//!
//! Every key is optional here (defaults are applied in [`super::validate`]) and every
//! value is kept as found — integers as `i64`, choices as strings — so that range and
//! choice errors can be reported by validation with the value's location.
//! Unknown keys are rejected by serde (`deny_unknown_fields`).

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub name: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub simulation: Option<RawSimulation>,
    pub strategy: Option<RawStrategy>,
    pub population: Option<RawPopulation>,
    pub economics: Option<super::economics::RawEconomics>,
    #[serde(default)]
    pub events: Vec<Spanned<RawEvent>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSimulation {
    pub days: Option<Spanned<i64>>,
    pub shoppers: Option<Spanned<i64>>,
    pub customers: Option<Spanned<i64>>,
    pub seed: Option<Spanned<i64>>,
    pub random_breaches: Option<Spanned<bool>>,
}

/// Levers are read as `f64`, which also accepts integers (`security = 1`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStrategy {
    pub personalization: Option<Spanned<f64>>,
    pub data_collection: Option<Spanned<f64>>,
    pub third_party_data: Option<Spanned<bool>>,
    pub transparency: Option<Spanned<f64>>,
    pub consent: Option<Spanned<String>>,
    pub security: Option<Spanned<f64>>,
    pub retention_days: Option<Spanned<i64>>,
    pub privacy_tech: Option<Spanned<String>>,
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

/// The keys each table accepts, in file order: for messages that list the allowed keys.
pub(super) const TOP_LEVEL_KEYS: &[&str] = &[
    "name",
    "description",
    "simulation",
    "strategy",
    "population",
    "economics",
    "events",
];
pub(super) const SIMULATION_KEYS: &[&str] =
    &["days", "shoppers", "customers", "seed", "random_breaches"];
pub(super) const STRATEGY_KEYS: &[&str] = &[
    "personalization",
    "data_collection",
    "third_party_data",
    "transparency",
    "consent",
    "security",
    "retention_days",
    "privacy_tech",
];
pub(super) const POPULATION_KEYS: &[&str] = &[
    "fundamentalists",
    "pragmatists",
    "unconcerned",
    "social_network",
];
pub(super) const EVENT_KEYS: &[&str] = &["day", "kind", "severity"];

/// What a key's value must look like, for wrong-type messages; `None` for unknown keys.
pub(super) fn expected_value(key_path: &str) -> Option<&'static str> {
    let strip_index = |segment: &str| segment.split('[').next().unwrap_or(segment).to_string();
    let mut segments = key_path.split('.');
    let table = strip_index(segments.next().unwrap_or_default());
    let leaf = segments.next().map(strip_index);
    Some(match (table.as_str(), leaf.as_deref()) {
        ("name" | "description", None) => "a string",
        ("simulation" | "strategy" | "population" | "economics", None) => "a table",
        ("economics", Some(leaf)) => return super::economics::expected_value(leaf),
        ("simulation", Some("customers")) => "a whole number within 1..=10000000000",
        ("events", None) if key_path.contains('[') => "a table with day, kind and severity",
        ("events", None) => "an array of tables, each written [[events]]",
        ("simulation", Some("days")) => "a whole number of days within 1..=36500",
        ("simulation", Some("shoppers")) => "a whole number within 0..=50000000",
        ("simulation", Some("seed")) => "a whole number >= 0",
        ("strategy", Some("retention_days")) => "a whole number of days within 0..=36500",
        ("events", Some("day")) => "a whole day number >= 1",
        ("simulation", Some("random_breaches"))
        | ("strategy", Some("third_party_data"))
        | ("population", Some("social_network")) => "true or false",
        ("strategy", Some("consent")) => "one of the strings \"opt-in\", \"opt-out\", \"dashboard\"",
        ("strategy", Some("privacy_tech")) => {
            "one of the strings \"none\", \"anonymization\", \"differential-privacy\", \"federated\""
        }
        ("events", Some("kind")) => {
            "one of the strings \"breach\", \"regulatory-inquiry\", \"policy-change\""
        }
        ("strategy", Some(_)) | ("population", Some(_)) | ("events", Some("severity")) => {
            "a number within 0..1"
        }
        _ => return None,
    })
}
