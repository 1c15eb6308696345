//! The experiment file: which scenario keys to vary, how, and what to measure.
//!
//! ```toml
//! name = "Personalization x transparency"
//! description = "Optional; shown in reports."
//! base = "balanced"          # preset name or scenario file path (the CLI resolves a path
//!                            # relative to the experiment file); default "balanced"
//! set = ["simulation.shoppers=2000", "simulation.days=180"]  # fixed --set overrides of the base
//! seed = 2026                # root seed of the plan (>= 0); default 1
//! replicates = 5             # runs per point, 1..=10000; default 1
//! design = "grid"            # "grid" | "lhs" | "sobol"; default "grid"
//! samples = 64               # lhs: number of points; sobol: N base samples (N x (k+2) points)
//! common_random_numbers = false  # true: replicate r of every point shares one seed
//! bootstrap = 200            # resamples for the Sobol indices' confidence intervals
//! metrics = ["total_revenue", "final_mean_trust", "churn_rate"]
//!                            # numeric Summary fields, nested with dots:
//!                            # "segments.fundamentalists.churn_rate"
//! [pareto]                   # objectives of the Pareto front (these are the defaults)
//! maximize = ["total_revenue", "final_mean_trust"]
//! minimize = ["final_records_held"]
//!
//! [[parameters]]
//! key = "strategy.personalization"       # any scenario key accepted by --set
//! values = [0.0, 0.25, 0.5, 0.75, 1.0]   # explicit levels (numbers, true/false or strings)
//! [[parameters]]
//! key = "strategy.transparency"
//! range = [0.0, 1.0]                     # lhs/sobol: uniform on the interval;
//! steps = 5                              # grid: `steps` evenly spaced levels, ends included
//! [[parameters]]
//! key = "strategy.consent"
//! choices = ["opt-in", "opt-out"]        # categorical levels
//! ```
//!
//! Each parameter has exactly one of `values`, `range` or `choices`. In a grid the points
//! are the cartesian product of the levels (the first parameter varies slowest). In lhs and
//! sobol designs each parameter gets a uniform number `u` in [0, 1): a range maps it to
//! `low + u (high - low)` (to a whole number when both bounds are written as integers, each
//! integer equally likely), and a list of values or choices to its `floor(u len)`-th entry.
//! `samples` is only for lhs and sobol; `steps` only for grids.
//!
//! Unknown keys are errors, as in scenario files. Every parameter level (for a range, both
//! bounds) is tried on the base scenario through [`Scenario::with_override`] when the plan is
//! made ([`Experiment::resolve_base`]), so a misspelt key or an out-of-range level is
//! reported at its place in the experiment file. The metrics `total_revenue`,
//! `final_mean_trust` and `final_records_held` (or those named in `[pareto]`) are always
//! recorded: the report's Pareto front needs them.
//!
//! Errors are [`ScenarioError`]s: `origin:line:column: message`, with a hint where useful.

mod levels;
mod validate;

pub use levels::{Domain, Level, Parameter, ParetoObjectives};
pub use validate::text_is_csv_safe;

use crate::scenario::{ErrorKind, Location, Scenario, ScenarioError};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The keys an experiment file allows at the top level.
pub const EXPERIMENT_KEYS: &[&str] = &[
    "name",
    "description",
    "base",
    "set",
    "seed",
    "replicates",
    "design",
    "samples",
    "common_random_numbers",
    "bootstrap",
    "metrics",
    "pareto",
    "parameters",
];
/// The keys of one `[[parameters]]` entry.
pub const PARAMETER_KEYS: &[&str] = &["key", "values", "range", "steps", "choices"];
/// The keys of the `[pareto]` table.
pub const PARETO_KEYS: &[&str] = &["maximize", "minimize"];

/// Metrics recorded when an experiment names none.
pub const DEFAULT_METRICS: &[&str] = &[
    "total_revenue",
    "final_mean_trust",
    "churn_rate",
    "final_records_held",
];
/// Largest number of runs (points x replicates) a plan may have.
pub const MAX_RUNS: u64 = 10_000_000;
/// Allowed `replicates` (runs per point).
pub const REPLICATES: RangeInclusive<i64> = 1..=10_000;
/// Allowed `bootstrap` resamples.
pub const BOOTSTRAP: RangeInclusive<i64> = 0..=100_000;
/// Allowed `samples` (lhs points, sobol base samples).
pub const SAMPLES: RangeInclusive<i64> = 1..=1_000_000;
/// Allowed `steps` of a range in a grid.
pub const STEPS: RangeInclusive<i64> = 1..=100_000;

/// How the points of a plan are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DesignKind {
    /// Cartesian product of every parameter's levels.
    Grid,
    /// Latin hypercube of `samples` points.
    Lhs,
    /// Saltelli's A, B and AB_i matrices of `samples` base samples, for Sobol indices.
    Sobol,
}

impl DesignKind {
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::Lhs => "lhs",
            DesignKind::Sobol => "sobol",
        }
    }
}

/// A validated experiment file. Turn it into runs with [`super::plan::Plan::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    pub name: String,
    pub description: String,
    /// The base scenario as written: a preset name or a path.
    pub base: String,
    /// Fixed `KEY=VALUE` overrides applied to the base before the parameters.
    pub set: Vec<String>,
    pub seed: u64,
    pub replicates: u32,
    pub design: DesignKind,
    /// Points (lhs) or base samples (sobol); unused by grids.
    pub samples: u32,
    pub common_random_numbers: bool,
    pub bootstrap: u32,
    /// Every recorded metric: those asked for, then the Pareto objectives not among them.
    pub metrics: Vec<String>,
    pub pareto: ParetoObjectives,
    pub parameters: Vec<Parameter>,
    /// The name of the text the experiment came from, for errors found later.
    pub origin: String,
    pub(super) set_locations: Vec<Option<Location>>,
}

impl Experiment {
    /// Parses and validates an experiment file's text; `origin` names it in errors.
    /// Parameter keys and levels are checked against the base later, by
    /// [`Experiment::resolve_base`], because the base may be a file the caller must read.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Experiment, ScenarioError> {
        validate::parse(text, origin)
    }

    /// The base scenario with the fixed `set` overrides applied, after checking that every
    /// parameter level can be applied to it. Errors point into the experiment file.
    pub fn resolve_base(&self, base: &Scenario) -> Result<Scenario, ScenarioError> {
        let base = if self.set.is_empty() {
            base.clone()
        } else {
            base.with_overrides(&self.set).map_err(|error| {
                let index = self
                    .set
                    .iter()
                    .rposition(|assignment| error.origin == format!("--set {assignment}"));
                let location = index.and_then(|i| self.set_locations[i]);
                let key = index.map_or_else(|| "set".to_string(), |i| format!("set[{i}]"));
                self.relocate(error, key, location, "")
            })?
        };
        for (index, parameter) in self.parameters.iter().enumerate() {
            if parameter.key == "simulation.seed" {
                return Err(self.located(
                    ErrorKind::MalformedOverride,
                    format!("parameters[{index}].key"),
                    parameter.key_location,
                    "simulation.seed cannot be a parameter: the plan derives every run's seed from `seed`",
                    Some("vary `replicates` instead, or change the experiment's `seed`"),
                ));
            }
            for (level_index, level) in parameter.domain.probe_levels().iter().enumerate() {
                let assignment = format!("{}={level}", parameter.key);
                if let Err(error) = base.with_override(&assignment) {
                    let location = match error.kind {
                        ErrorKind::UnknownKey | ErrorKind::MalformedOverride => {
                            parameter.key_location
                        }
                        _ => parameter
                            .level_locations
                            .get(level_index)
                            .copied()
                            .flatten()
                            .or(parameter.key_location),
                    };
                    let prefix = format!("parameters[{index}] ({}={level}): ", parameter.key);
                    return Err(self.relocate(
                        error,
                        format!("parameters[{index}]"),
                        location,
                        &prefix,
                    ));
                }
            }
        }
        Ok(base)
    }

    /// An error about the scenario re-homed to a place in the experiment file.
    fn relocate(
        &self,
        error: ScenarioError,
        key: String,
        location: Option<Location>,
        prefix: &str,
    ) -> ScenarioError {
        ScenarioError {
            origin: self.origin.clone(),
            location,
            key,
            kind: error.kind,
            message: format!("{prefix}{}", error.message),
            hint: error.hint,
        }
    }

    fn located(
        &self,
        kind: ErrorKind,
        key: String,
        location: Option<Location>,
        message: &str,
        hint: Option<&str>,
    ) -> ScenarioError {
        ScenarioError {
            origin: self.origin.clone(),
            location,
            key,
            kind,
            message: message.to_string(),
            hint: hint.map(str::to_string),
        }
    }

    /// Number of points the design will have.
    pub fn point_count(&self) -> u64 {
        match self.design {
            DesignKind::Grid => self
                .parameters
                .iter()
                .map(|p| p.domain.grid_levels().len() as u64)
                .fold(1u64, u64::saturating_mul),
            DesignKind::Lhs => u64::from(self.samples),
            DesignKind::Sobol => {
                u64::from(self.samples).saturating_mul(self.parameters.len() as u64 + 2)
            }
        }
    }
}
