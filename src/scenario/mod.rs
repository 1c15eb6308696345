//! Scenario files: the TOML format, its validation, presets and `--set` overrides.
//!
//! Data flows one way: TOML text ──parse──▶ `RawScenario` (serde, spans) ──validate──▶
//! [`Scenario`] (typed, checked). Only a [`Scenario`] reaches the engine.
//!
//! # The format
//!
//! ```toml
//! name = "Balanced"
//! description = "One or two sentences shown in listings."
//! [simulation]
//! days = 365                    # 1..=36500
//! shoppers = 10000              # 0..=50000000
//! customers = 2000000           # real customers the shoppers stand for (default: shoppers)
//! seed = 42                     # >= 0
//! random_breaches = true        # breaches may also occur at random (hazard from strategy)
//! [strategy]
//! personalization = 0.5         # 0..1 intensity
//! data_collection = 0.5         # 0..1 breadth of data collected
//! third_party_data = false
//! transparency = 0.6            # 0 covert .. 1 fully explained
//! consent = "opt-out"           # "opt-in" | "opt-out" | "dashboard"
//! security = 0.6                # 0..1 investment, lowers breach hazard
//! retention_days = 365          # 0..=36500
//! privacy_tech = "none"         # "none" | "anonymization" | "differential-privacy" | "federated"
//! [population]                  # shares, must sum to 1
//! fundamentalists = 0.26
//! pragmatists = 0.64
//! unconcerned = 0.10
//! social_network = true
//! [economics]                   # US dollars at the scale of `customers`, >= 0 unless noted
//! gross_margin = 0.40           # 0..1 share of revenue left after the cost of goods
//! personalization_dollars_per_customer_year = 1.0    # at intensity 1, x intensity²
//! personalization_fixed_dollars_per_year = 0.0       # the platform, whenever intensity > 0
//! storage_dollars_per_record_year = 0.1
//! third_party_dollars_per_customer_year = 0.5        # per targetable customer, when on
//! transparency_fixed_dollars_per_year = 250000.0     # both at transparency 1, x transparency
//! transparency_dollars_per_customer_year = 0.05
//! dashboard_build_dollars = 600000.0
//! dashboard_amortization_years = 3.0                 # > 0
//! dashboard_dollars_per_customer_year = 0.1
//! security_dollars_per_customer_year_at_half = 0.15  # rises steeply toward security 1
//! security_residual_hazard = 0.05                    # 0..1, above 0
//! anonymization_fixed_dollars_per_year = 150000.0
//! anonymization_dollars_per_record_year = 0.02
//! differential_privacy_fixed_dollars_per_year = 600000.0
//! differential_privacy_dollars_per_record_year = 0.05
//! federated_fixed_dollars_per_year = 1200000.0
//! federated_dollars_per_record_year = 0.1
//! [model]                       # overrides of the model's parameters; any subset
//! visit_shape = 1.5             # 0.01..=100 gamma shape of the daily visit propensity
//! visit_mean = 0.07             # mean visits per day before the cap
//! visit_cap = 0.9               # 0..=1
//! dropout_shape = 2.0           # 0.01..=100 gamma shape of the natural dropout hazard
//! dropout_mean = 0.00035        # per day
//! dropout_free_share = 0.0      # 0..=1 share with no natural dropout
//! dropout_visit_link = 0.0      # 0..=3 elasticity of the dropout hazard to visits
//! newcomer_visit_boost = 0.0    # cohort mode: extra visits right after a first purchase
//! newcomer_boost_days = 14.0     # days for that burst to fall by a factor e
//! base_conversion = 0.026       # 0..=1 chance a visit ends in an order, before trust
//! basket_mean_dollars = 80.0
//! basket_sigma = 0.35           # log-normal spread of the mean basket between shoppers
//! basket_noise_sigma = 0.25     # ... and of one order around the shopper's mean
//! prior_activity_days = 60
//! trust_recovery_rate = 0.015
//! distrust_churn_hazard = 0.014
//! loyalty_orders = 2.0
//! [cohort]                      # cohort mode: customers enter after their first purchase
//! entries_per_day = [120, 95, 0, 40]  # first purchases on day 1, 2, ...; sum <= shoppers
//! [[events]]                    # any number, in any order; day, kind and severity required
//! day = 180                     # 1..=simulation.days
//! kind = "breach"               # "breach" | "regulatory-inquiry" | "policy-change"
//! severity = 0.5                # 0..1
//! [[changes]]                   # any number, in day order, at most one per day
//! day = 180                     # 1..=simulation.days: the first day with the new values
//! consent = "opt-in"            # any [strategy] keys; the others keep their values
//! ```
//!
//! Missing tables and keys take the defaults of [`Scenario::default`]. In `[population]`,
//! if no share is given the default mix applies; if only some are given, the missing ones
//! count as 0 and the shares must still sum to 1 (within [`SegmentMix::SUM_TOLERANCE`]).
//! Levers accept integers (`security = 1`); whole-number keys reject floats (`days = 1.5`).
//! Unknown keys are errors everywhere. Only the first error is reported.
//! A `[[changes]]` entry applies on its day on top of the strategy then in effect
//! (`[strategy]` and the earlier changes), so `--set strategy.KEY=...` still moves every
//! lever that no change names (see `changes.rs`). `[model]` is
//! written back with only the keys that differ from the model's defaults, and left out
//! when none do. With `[cohort]`, shopper `k` (in id order) is a customer-to-be until the
//! day after the first purchase the table gives it; shoppers beyond the entries are there
//! from day 0.
//!
//! `[simulation]`, `[strategy]` and `[economics]` are spec tables: each key is described
//! once, by [`SimulationSettings`]'s [`Table`] impl, by [`crate::model::strategy::LEVERS`]
//! and by [`crate::model::economics::Economics`]'s [`Table`] impl, and
//! reading, validation, messages, the writer and `--set` are generated from those specs
//! (`table.rs`). A new flat table of numbers, switches or choices is one more spec table
//! listed in `table::SPEC_TABLES`, plus its field in `RawScenario` and [`Scenario`].

mod changes;
mod cohort;
mod error;
mod locate;
mod overrides;
pub mod presets;
mod raw;
mod table;
mod validate;
mod write;

#[cfg(test)]
mod tests;

pub use crate::model::strategy::RETENTION_DAYS;
pub use changes::ScheduledChange;
pub use cohort::Cohort;
pub use error::{ErrorKind, Location, ScenarioError};
pub use validate::MAX_EVENTS;

// Shared with the other TOML formats of the crate (lessons), so that their errors read alike.
pub(crate) use error::Source;
pub(crate) use validate::{choice, closest, toml_error_in, unit, whole};

use crate::model::economics::{Economics, Scale};
use crate::model::events::ScheduledEvent;
use crate::model::params::ModelParams;
use crate::model::segment::SegmentMix;
use crate::model::spec::{Kind, Spec, Table};
use crate::model::strategy::Strategy;
use std::ops::RangeInclusive;

/// Allowed number of simulated days.
pub const DAYS: RangeInclusive<i64> = 1..=36_500;
/// Allowed number of shoppers.
pub const SHOPPERS: RangeInclusive<i64> = 0..=50_000_000;
/// Allowed number of real customers the shoppers stand for.
pub const CUSTOMERS: RangeInclusive<i64> = 1..=10_000_000_000;

/// The `[simulation]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulationSettings {
    /// Number of simulated days (one step = one day).
    pub days: u32,
    /// Number of shoppers in the population.
    pub shoppers: u32,
    /// How many real customers the shoppers stand for; `None` (the default) means as
    /// many as there are shoppers. Money, records and fines are reported at this scale.
    pub customers: Option<u64>,
    /// Root seed of every random number of the run.
    pub seed: u64,
    /// Whether breaches may also happen at random, with a hazard set by the strategy.
    pub random_breaches: bool,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        SimulationSettings {
            days: 365,
            shoppers: 10_000,
            customers: None,
            seed: 42,
            random_breaches: true,
        }
    }
}

impl Table for SimulationSettings {
    const NAME: &'static str = "simulation";
    // Whole-number setters are called only within their ranges, which fit the fields.
    const SPECS: &'static [Spec<Self>] = &[
        Spec {
            key: "days",
            label: "days",
            description: "Number of simulated days.",
            kind: Kind::Whole {
                range: DAYS,
                unit: "days",
                stops: &[],
                get: |s| i64::from(s.days),
                set: |s, days| s.days = u32::try_from(days).unwrap_or(u32::MAX),
            },
        },
        Spec {
            key: "shoppers",
            label: "shoppers",
            description: "Number of shoppers in the population.",
            kind: Kind::Whole {
                range: SHOPPERS,
                unit: "",
                stops: &[],
                get: |s| i64::from(s.shoppers),
                set: |s, shoppers| s.shoppers = u32::try_from(shoppers).unwrap_or(u32::MAX),
            },
        },
        Spec {
            key: "customers",
            label: "customers",
            description: "How many real customers the shoppers stand for (left out: as many as \
                          the shoppers); money, records and fines are reported at this scale.",
            kind: Kind::Whole {
                range: CUSTOMERS,
                unit: "",
                stops: &[],
                get: |s| {
                    let customers = s.customers.unwrap_or(u64::from(s.shoppers));
                    i64::try_from(customers).unwrap_or(i64::MAX)
                },
                set: |s, customers| s.customers = u64::try_from(customers).ok(),
            },
        },
        Spec {
            key: "seed",
            label: "seed",
            description: "Root seed of every random number of the run.",
            kind: Kind::Whole {
                range: 0..=i64::MAX,
                unit: "",
                stops: &[],
                // A seed above i64::MAX (possible in code, not from a file) is written
                // negative, which reading back reports as out of range.
                get: |s| s.seed as i64,
                set: |s, seed| s.seed = seed.unsigned_abs(),
            },
        },
        Spec {
            key: "random_breaches",
            label: "random breaches",
            description:
                "Whether breaches may also happen at random, with a hazard set by the strategy.",
            kind: Kind::Switch {
                get: |s| s.random_breaches,
                set: |s, on| s.random_breaches = on,
            },
        },
    ];

    fn is_unset(&self, key: &str) -> bool {
        key == "customers" && self.customers.is_none()
    }
}

/// The `[population]` table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PopulationSettings {
    pub mix: SegmentMix,
    /// Whether shoppers are tied in a small-world network that carries word of mouth.
    pub social_network: bool,
}

/// A validated scenario: everything the engine needs, every value in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub simulation: SimulationSettings,
    pub strategy: Strategy,
    pub population: PopulationSettings,
    /// Gross margin and the cost of each lever (`[economics]`).
    pub economics: Economics,
    /// The model's parameters: [`ModelParams::default`] with the `[model]` table's
    /// overrides.
    pub model: ModelParams,
    /// Cohort mode (`[cohort]`): customers enter over time; `None`, everyone is there
    /// from day 0.
    pub cohort: Option<Cohort>,
    /// Scheduled events, sorted by day (stable for equal days).
    pub events: Vec<ScheduledEvent>,
    /// Scheduled strategy changes (`[[changes]]`), in strictly increasing day order.
    pub changes: Vec<ScheduledChange>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "Default".to_string(),
            description: String::new(),
            simulation: SimulationSettings::default(),
            strategy: Strategy::default(),
            population: PopulationSettings {
                mix: SegmentMix::default(),
                social_network: true,
            },
            economics: Economics::default(),
            model: ModelParams::default(),
            cohort: None,
            events: Vec::new(),
            changes: Vec::new(),
        }
    }
}

impl Scenario {
    /// The real customers the simulated shoppers stand for (`simulation.customers`, or
    /// the number of shoppers when it is not given).
    pub fn customers(&self) -> u64 {
        self.simulation
            .customers
            .unwrap_or(u64::from(self.simulation.shoppers))
    }

    /// How many customers one simulated shopper stands for.
    pub fn scale(&self) -> Scale {
        Scale::new(self.customers(), u64::from(self.simulation.shoppers))
    }

    /// Parses and validates a scenario file's text. `origin` names the text in errors
    /// (usually the path as the user gave it). Only the first error is reported.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        validate::parse(text, origin)
    }

    /// The full TOML text of this scenario, every key written, events as `[[events]]`,
    /// strategy changes as `[[changes]]`.
    ///
    /// For any scenario that [`Scenario::from_toml_str`] can produce, reading this text
    /// back gives an equal scenario (floats are written in their shortest exact form).
    pub fn to_toml_string(&self) -> String {
        write::to_toml_string(self)
    }

    /// This scenario with one `KEY=VALUE` assignment applied, e.g.
    /// `strategy.personalization=0.8`, `strategy.consent=opt-in` (bare words are strings)
    /// or `name=My test`. The result is validated like a file; errors name the origin
    /// `--set KEY=VALUE` and the key, without a line and column. Events cannot be set.
    pub fn with_override(&self, assignment: &str) -> Result<Scenario, ScenarioError> {
        overrides::with_overrides(self, &[assignment])
    }

    /// This scenario with several `KEY=VALUE` assignments applied in order (later ones win)
    /// and validated once at the end, so that values checked together can be changed
    /// together, e.g. `population.fundamentalists=0.5` with `population.pragmatists=0.4`.
    /// A validation error names the last assignment to the offending key (or its table).
    pub fn with_overrides<I, S>(&self, assignments: I) -> Result<Scenario, ScenarioError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let assignments: Vec<S> = assignments.into_iter().collect();
        let assignments: Vec<&str> = assignments.iter().map(AsRef::as_ref).collect();
        overrides::with_overrides(self, &assignments)
    }

    /// The embedded preset called `name` (see [`presets::presets`]); an unknown name is
    /// an error that lists the known ones.
    pub fn preset(name: &str) -> Result<Scenario, ScenarioError> {
        match presets::preset(name) {
            Some(preset) => {
                Scenario::from_toml_str(preset.toml, &format!("scenarios/{}.toml", preset.name))
            }
            None => {
                let known: Vec<&str> = presets::preset_names().collect();
                Err(ScenarioError::unlocated(
                    format!("preset {name:?}"),
                    ErrorKind::UnknownPreset,
                    "",
                    format!(
                        "unknown preset {name:?}; known presets are: {}",
                        known.join(", ")
                    ),
                ))
            }
        }
    }
}
