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

use crate::scenario::{
    closest, toml_error_in, ErrorKind, Location, Scenario, ScenarioError, Source,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use toml::Spanned;

use super::metrics::known_metrics;

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

/// One level of a parameter: the value written into the scenario key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Level {
    Bool(bool),
    Integer(i64),
    Number(f64),
    Text(String),
}

impl fmt::Display for Level {
    /// The text used in `--set` assignments and result files; numbers in their shortest
    /// exact form, always with a decimal point so they stay floats.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Bool(value) => write!(f, "{value}"),
            Level::Integer(value) => write!(f, "{value}"),
            Level::Number(value) => write!(f, "{value:?}"),
            Level::Text(value) => f.write_str(value),
        }
    }
}

impl Level {
    /// The level as a number, for statistics and the Pareto front (`None` for text).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Level::Bool(value) => Some(f64::from(u8::from(*value))),
            Level::Integer(value) => Some(*value as f64),
            Level::Number(value) => Some(*value),
            Level::Text(_) => None,
        }
    }
}

/// The levels a parameter may take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// An explicit list (`values = [...]` or `choices = [...]`).
    List(Vec<Level>),
    /// An interval; `steps` levels in a grid, uniform in lhs and sobol designs.
    Range {
        low: f64,
        high: f64,
        /// Both bounds were written as integers: levels are whole numbers.
        integer: bool,
        steps: Option<u32>,
    },
}

impl Domain {
    /// The grid levels: the list, or `steps` evenly spaced values with both ends included
    /// (whole-number ranges are rounded and repeated levels dropped).
    pub fn grid_levels(&self) -> Vec<Level> {
        match self {
            Domain::List(levels) => levels.clone(),
            Domain::Range {
                low,
                high,
                integer,
                steps,
            } => {
                let steps = steps.unwrap_or(2).max(1);
                let mut levels: Vec<Level> = Vec::new();
                for i in 0..steps {
                    let value = if steps == 1 {
                        *low
                    } else {
                        let (i, last) = (f64::from(i), f64::from(steps - 1));
                        (low * (last - i) + high * i) / last
                    };
                    let level = if *integer {
                        Level::Integer(value.round() as i64)
                    } else {
                        Level::Number(value)
                    };
                    if levels.last() != Some(&level) {
                        levels.push(level);
                    }
                }
                levels
            }
        }
    }

    /// The level for a uniform number `u` in [0, 1) (lhs and sobol designs).
    pub fn level_at(&self, u: f64) -> Level {
        let u = u.clamp(0.0, 1.0);
        match self {
            Domain::List(levels) => {
                let index = ((u * levels.len() as f64) as usize).min(levels.len() - 1);
                levels[index].clone()
            }
            Domain::Range {
                low, high, integer, ..
            } => {
                if *integer {
                    let span = high - low + 1.0;
                    Level::Integer((low + (u * span).floor()).min(*high) as i64)
                } else {
                    Level::Number(low + u * (high - low))
                }
            }
        }
    }

    /// The levels worth trying on the base scenario: the list, or both bounds.
    fn probe_levels(&self) -> Vec<Level> {
        match self {
            Domain::List(levels) => levels.clone(),
            Domain::Range {
                low, high, integer, ..
            } => [*low, *high]
                .iter()
                .map(|&bound| {
                    if *integer {
                        Level::Integer(bound as i64)
                    } else {
                        Level::Number(bound)
                    }
                })
                .collect(),
        }
    }
}

/// One `[[parameters]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The scenario key, as accepted by `--set` (e.g. `strategy.personalization`).
    pub key: String,
    pub domain: Domain,
    /// Where the key and each probed level were written, for errors found later.
    key_location: Option<Location>,
    level_locations: Vec<Option<Location>>,
}

impl Parameter {
    /// A parameter built in code (no file locations).
    pub fn new(key: impl Into<String>, domain: Domain) -> Parameter {
        Parameter {
            key: key.into(),
            domain,
            key_location: None,
            level_locations: Vec::new(),
        }
    }
}

/// Objectives of the Pareto front: metric names to maximize and to minimize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParetoObjectives {
    pub maximize: Vec<String>,
    pub minimize: Vec<String>,
}

impl Default for ParetoObjectives {
    fn default() -> Self {
        ParetoObjectives {
            maximize: vec!["total_revenue".into(), "final_mean_trust".into()],
            minimize: vec!["final_records_held".into()],
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
    set_locations: Vec<Option<Location>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExperiment {
    name: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    base: Option<Spanned<String>>,
    #[serde(default)]
    set: Vec<Spanned<String>>,
    seed: Option<Spanned<i64>>,
    replicates: Option<Spanned<i64>>,
    design: Option<Spanned<String>>,
    samples: Option<Spanned<i64>>,
    common_random_numbers: Option<Spanned<bool>>,
    bootstrap: Option<Spanned<i64>>,
    metrics: Option<Spanned<Vec<Spanned<String>>>>,
    pareto: Option<RawPareto>,
    #[serde(default)]
    parameters: Vec<Spanned<RawParameter>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPareto {
    #[serde(default)]
    maximize: Vec<Spanned<String>>,
    #[serde(default)]
    minimize: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    key: Option<Spanned<String>>,
    values: Option<Spanned<Vec<Spanned<toml::Value>>>>,
    range: Option<Spanned<Vec<Spanned<toml::Value>>>>,
    steps: Option<Spanned<i64>>,
    choices: Option<Spanned<Vec<Spanned<String>>>>,
}

impl Experiment {
    /// Parses and validates an experiment file's text; `origin` names it in errors.
    /// Parameter keys and levels are checked against the base later, by
    /// [`Experiment::resolve_base`], because the base may be a file the caller must read.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Experiment, ScenarioError> {
        let source = Source { text, origin };
        let raw: RawExperiment =
            toml::from_str(text).map_err(|error| toml_error(&source, &error))?;
        validate(&source, raw)
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

/// What a key's value must look like, for wrong-type messages.
fn expected_value(key: &str) -> &'static str {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let leaf = leaf.split('[').next().unwrap_or(leaf);
    match leaf {
        "name" | "description" | "base" | "design" | "key" => "a string",
        "seed" => "a whole number >= 0",
        "replicates" | "samples" | "bootstrap" | "steps" => "a whole number",
        "common_random_numbers" => "true or false",
        "set" => "an array of \"KEY=VALUE\" strings",
        "metrics" | "maximize" | "minimize" => "an array of metric names (strings)",
        "choices" => "an array of strings",
        "values" => "an array of numbers, true/false or strings",
        "range" => "an array of two numbers [low, high]",
        "pareto" => "a table with maximize and minimize",
        "parameters" => "an array of tables, each written [[parameters]]",
        _ => "another type",
    }
}

fn toml_error(source: &Source, error: &toml::de::Error) -> ScenarioError {
    toml_error_in(source, error, allowed_keys, |key| Some(expected_value(key)))
}

/// The keys allowed where `key` stands, and how to name that table in a message.
fn allowed_keys(key: &str) -> (&'static str, &'static [&'static str]) {
    if key.starts_with("parameters") {
        ("in [[parameters]]", PARAMETER_KEYS)
    } else if key.starts_with("pareto") {
        ("in [pareto]", PARETO_KEYS)
    } else {
        ("at the top level", EXPERIMENT_KEYS)
    }
}

fn validate(source: &Source, raw: RawExperiment) -> Result<Experiment, ScenarioError> {
    let out_of_range = |key: &str, value: &Spanned<i64>, allowed: &str| {
        source.error(
            ErrorKind::OutOfRange,
            key,
            Some(value.span()),
            format!("{key} must be {allowed}, got {}", value.get_ref()),
        )
    };
    let text = |value: Option<Spanned<String>>, default: &str| {
        value.map_or_else(|| default.to_string(), Spanned::into_inner)
    };
    let name = text(raw.name, "Sweep");
    let description = text(raw.description, "");
    let base = match raw.base {
        Some(base) if base.get_ref().trim().is_empty() => {
            return Err(source.error(
                ErrorKind::OutOfRange,
                "base",
                Some(base.span()),
                "base must name a preset or a scenario file, got an empty string",
            ))
        }
        Some(base) => base.into_inner(),
        None => crate::scenario::presets::DEFAULT_PRESET.to_string(),
    };
    let seed = match raw.seed {
        Some(seed) if *seed.get_ref() < 0 => return Err(out_of_range("seed", &seed, ">= 0")),
        Some(seed) => *seed.get_ref() as u64,
        None => 1,
    };
    let replicates = match raw.replicates {
        Some(r) if !(1..=10_000).contains(r.get_ref()) => {
            return Err(out_of_range("replicates", &r, "within 1..=10000"))
        }
        Some(r) => *r.get_ref() as u32,
        None => 1,
    };
    let bootstrap = match raw.bootstrap {
        Some(b) if !(0..=100_000).contains(b.get_ref()) => {
            return Err(out_of_range("bootstrap", &b, "within 0..=100000"))
        }
        Some(b) => *b.get_ref() as u32,
        None => 200,
    };
    let design = match &raw.design {
        None => DesignKind::Grid,
        Some(design) => match design.get_ref().as_str() {
            "grid" => DesignKind::Grid,
            "lhs" => DesignKind::Lhs,
            "sobol" => DesignKind::Sobol,
            other => {
                return Err(source.error(
                        ErrorKind::InvalidChoice,
                        "design",
                        Some(design.span()),
                        format!("design must be one of \"grid\", \"lhs\", \"sobol\", got {other:?}"),
                    )
.with_hint("grid: every combination of levels; lhs: Latin hypercube sample; sobol: sensitivity indices"))
            }
        },
    };
    let samples = match (design, raw.samples) {
        (DesignKind::Grid, Some(samples)) => {
            return Err(source
                .error(
                    ErrorKind::UnknownKey,
                    "samples",
                    Some(samples.span()),
                    "samples is only used by the lhs and sobol designs, not by a grid",
                )
                .with_hint("remove it, or set design = \"lhs\" or \"sobol\""))
        }
        (_, Some(samples)) if !(1..=1_000_000).contains(samples.get_ref()) => {
            return Err(out_of_range("samples", &samples, "within 1..=1000000"))
        }
        (_, Some(samples)) => *samples.get_ref() as u32,
        (_, None) => 64,
    };
    let common_random_numbers = raw
        .common_random_numbers
        .is_some_and(|value| *value.get_ref());

    let known = known_metrics();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let check_metric = |key: String, metric: &Spanned<String>| -> Result<String, ScenarioError> {
        let name = metric.get_ref();
        if known.contains(&name.as_str()) {
            return Ok(name.clone());
        }
        let error = source.error(
            ErrorKind::InvalidChoice,
            key,
            Some(metric.span()),
            format!("unknown metric {name:?}: metrics are the numeric fields of a run's summary"),
        );
        Err(match closest(name, &known) {
            Some(suggestion) => error.with_hint(format!("did you mean {suggestion:?}?")),
            None => error.with_hint(format!("known metrics: {}", known.join(", "))),
        })
    };
    let mut metrics = Vec::new();
    match raw.metrics {
        Some(list) if list.get_ref().is_empty() => {
            return Err(source.error(
                ErrorKind::OutOfRange,
                "metrics",
                Some(list.span()),
                "metrics must name at least one metric",
            ))
        }
        Some(list) => {
            for (i, metric) in list.get_ref().iter().enumerate() {
                let name = check_metric(format!("metrics[{i}]"), metric)?;
                if !metrics.contains(&name) {
                    metrics.push(name);
                }
            }
        }
        None => metrics.extend(DEFAULT_METRICS.iter().map(|m| m.to_string())),
    }
    let pareto = match raw.pareto {
        None => ParetoObjectives::default(),
        Some(pareto) => {
            let mut objectives = ParetoObjectives {
                maximize: Vec::new(),
                minimize: Vec::new(),
            };
            for (i, metric) in pareto.maximize.iter().enumerate() {
                objectives
                    .maximize
                    .push(check_metric(format!("pareto.maximize[{i}]"), metric)?);
            }
            for (i, metric) in pareto.minimize.iter().enumerate() {
                objectives
                    .minimize
                    .push(check_metric(format!("pareto.minimize[{i}]"), metric)?);
            }
            objectives
        }
    };
    for objective in pareto.maximize.iter().chain(&pareto.minimize) {
        if !metrics.contains(objective) {
            metrics.push(objective.clone());
        }
    }

    let set_locations = raw
        .set
        .iter()
        .map(|assignment| Some(source.location(assignment.span())))
        .collect();
    let set = raw.set.into_iter().map(Spanned::into_inner).collect();

    if raw.parameters.is_empty() {
        return Err(source.error(
                ErrorKind::MissingKey,
                "parameters",
                None,
                "the experiment has no [[parameters]]: there is nothing to vary",
            )
.with_hint("add e.g. [[parameters]] key = \"strategy.personalization\" values = [0.0, 0.5, 1.0]"));
    }
    let mut parameters: Vec<Parameter> = Vec::new();
    for (index, entry) in raw.parameters.into_iter().enumerate() {
        let span = entry.span();
        let parameter = validate_parameter(source, index, span, entry.into_inner(), design)?;
        if let Some(previous) = parameters.iter().position(|p| p.key == parameter.key) {
            let mut error = source.error(
                ErrorKind::OutOfRange,
                format!("parameters[{index}].key"),
                None,
                format!(
                    "parameter {:?} is listed twice (parameters[{previous}] and parameters[{index}])",
                    parameter.key
                ),
            );
            error.location = parameter.key_location;
            return Err(error);
        }
        parameters.push(parameter);
    }

    let experiment = Experiment {
        name,
        description,
        base,
        set,
        seed,
        replicates,
        design,
        samples,
        common_random_numbers,
        bootstrap,
        metrics,
        pareto,
        parameters,
        origin: source.origin.to_string(),
        set_locations,
    };
    let runs = experiment
        .point_count()
        .saturating_mul(u64::from(experiment.replicates));
    if runs > MAX_RUNS {
        return Err(source.error(
                ErrorKind::OutOfRange,
                "parameters",
                None,
                format!("the experiment has {runs} runs, more than the {MAX_RUNS} allowed"),
            )
.with_hint("use fewer levels, samples or replicates, or split the study into several experiments"));
    }
    Ok(experiment)
}

fn validate_parameter(
    source: &Source,
    index: usize,
    span: Range<usize>,
    raw: RawParameter,
    design: DesignKind,
) -> Result<Parameter, ScenarioError> {
    let here = |field: &str| format!("parameters[{index}].{field}");
    let Some(key) = raw.key else {
        return Err(source.error(
            ErrorKind::MissingKey,
            format!("parameters[{index}]"),
            Some(span),
            "missing key `key` in [[parameters]]: which scenario key does it vary?",
        ));
    };
    let key_location = Some(source.location(key.span()));
    let given = [
        raw.values.is_some(),
        raw.range.is_some(),
        raw.choices.is_some(),
    ]
    .iter()
    .filter(|given| **given)
    .count();
    if given != 1 {
        return Err(source.error(
                if given == 0 {
                    ErrorKind::MissingKey
                } else {
                    ErrorKind::OutOfRange
                },
                format!("parameters[{index}]"),
                Some(key.span()),
                format!(
                    "parameter {:?} needs exactly one of `values`, `range` or `choices`, found {given}",
                    key.get_ref()
                ),
            )
.with_hint("e.g. values = [0.0, 0.5, 1.0], or range = [0.0, 1.0] with steps = 5, or choices = [\"opt-in\", \"opt-out\"]"));
    }
    if let (Some(steps), true) = (&raw.steps, raw.range.is_none()) {
        return Err(source.error(
            ErrorKind::UnknownKey,
            here("steps"),
            Some(steps.span()),
            "steps only goes with range = [low, high]",
        ));
    }
    let mut level_locations = Vec::new();
    let domain =
        if let Some(values) = raw.values {
            let mut levels = Vec::new();
            for (i, value) in values.get_ref().iter().enumerate() {
                let level = match value.get_ref() {
                    toml::Value::Boolean(b) => Level::Bool(*b),
                    toml::Value::Integer(n) => Level::Integer(*n),
                    toml::Value::Float(x) if x.is_finite() => Level::Number(*x),
                    toml::Value::String(s) => Level::Text(s.clone()),
                    other => {
                        return Err(source.error(
                            ErrorKind::WrongType,
                            here(&format!("values[{i}]")),
                            Some(value.span()),
                            format!(
                                "{} must be a finite number, true/false or a string, found {}",
                                here(&format!("values[{i}]")),
                                other.type_str()
                            ),
                        ))
                    }
                };
                level_locations.push(Some(source.location(value.span())));
                levels.push(level);
            }
            if levels.is_empty() {
                return Err(source.error(
                    ErrorKind::OutOfRange,
                    here("values"),
                    Some(values.span()),
                    format!("{} must list at least one value", here("values")),
                ));
            }
            Domain::List(levels)
        } else if let Some(choices) = raw.choices {
            if choices.get_ref().is_empty() {
                return Err(source.error(
                    ErrorKind::OutOfRange,
                    here("choices"),
                    Some(choices.span()),
                    format!("{} must list at least one choice", here("choices")),
                ));
            }
            let levels = choices
                .get_ref()
                .iter()
                .map(|choice| {
                    level_locations.push(Some(source.location(choice.span())));
                    Level::Text(choice.get_ref().clone())
                })
                .collect();
            Domain::List(levels)
        } else {
            let Some(range) = raw.range else {
                return Err(source.error(
                    ErrorKind::MissingKey,
                    format!("parameters[{index}]"),
                    Some(key.span()),
                    "a parameter needs `values`, `range` or `choices`",
                ));
            };
            let bounds = range.get_ref();
            let wrong =
                || {
                    source.error(
                    ErrorKind::WrongType,
                    here("range"),
                    Some(range.span()),
                    format!("{} must be two numbers [low, high]", here("range")),
                )
.with_hint("e.g. range = [0.0, 1.0]; for whole numbers write integers, e.g. [30, 730]")
                };
            if bounds.len() != 2 {
                return Err(wrong());
            }
            let number = |value: &toml::Value| match value {
                toml::Value::Integer(n) => Some((*n as f64, true)),
                toml::Value::Float(x) if x.is_finite() => Some((*x, false)),
                _ => None,
            };
            let (Some((low, low_int)), Some((high, high_int))) =
                (number(bounds[0].get_ref()), number(bounds[1].get_ref()))
            else {
                return Err(wrong());
            };
            if low > high {
                return Err(source.error(
                    ErrorKind::OutOfRange,
                    here("range"),
                    Some(range.span()),
                    format!(
                        "{} must have low <= high, got [{low}, {high}]",
                        here("range")
                    ),
                ));
            }
            let steps = match (design, raw.steps) {
                (DesignKind::Grid, None) => {
                    return Err(source
                        .error(
                            ErrorKind::MissingKey,
                            here("steps"),
                            Some(range.span()),
                            format!(
                                "a range in a grid needs `steps`: how many levels of {:?} to run",
                                key.get_ref()
                            ),
                        )
                        .with_hint("e.g. steps = 5 gives low, three levels between, and high"))
                }
                (DesignKind::Grid, Some(steps)) if !(1..=100_000).contains(steps.get_ref()) => {
                    return Err(source.error(
                        ErrorKind::OutOfRange,
                        here("steps"),
                        Some(steps.span()),
                        format!(
                            "{} must be within 1..=100000, got {}",
                            here("steps"),
                            steps.get_ref()
                        ),
                    ))
                }
                (DesignKind::Grid, Some(steps)) => Some(*steps.get_ref() as u32),
                (_, Some(steps)) => return Err(source
                    .error(
                        ErrorKind::UnknownKey,
                        here("steps"),
                        Some(steps.span()),
                        "steps is only used by grids; lhs and sobol designs sample the whole range",
                    )
                    .with_hint(
                        "remove it, and set the number of points with the top-level `samples`",
                    )),
                (_, None) => None,
            };
            level_locations = bounds
                .iter()
                .map(|bound| Some(source.location(bound.span())))
                .collect();
            Domain::Range {
                low,
                high,
                integer: low_int && high_int,
                steps,
            }
        };
    Ok(Parameter {
        key: key.get_ref().trim().to_string(),
        domain,
        key_location,
        level_locations,
    })
}
