//! Scenario files: the TOML format, its validation, presets and `--set` overrides.
//!
//! Data flows one way: TOML text ──parse──▶ `RawScenario` (serde, spans) ──validate──▶
//! [`Scenario`] (typed, checked). Only a [`Scenario`] reaches the engine.

use crate::model::segment::SegmentMix;
use crate::model::strategy::Strategy;
use crate::sim::events::ScheduledEvent;

/// The `[simulation]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulationSettings {
    /// Number of simulated days (one step = one day).
    pub days: u32,
    /// Number of shoppers in the population.
    pub shoppers: u32,
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
            seed: 42,
            random_breaches: true,
        }
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
    /// Scheduled events, sorted by day (stable for equal days).
    pub events: Vec<ScheduledEvent>,
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
            events: Vec::new(),
        }
    }
}
