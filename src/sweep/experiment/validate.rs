//! Reading an experiment file: the raw TOML shape and its validation into an
//! [`Experiment`], with errors located in the file.

use super::{
    DesignKind, Domain, Experiment, Level, Parameter, ParetoObjectives, BOOTSTRAP, DEFAULT_METRICS,
    EXPERIMENT_KEYS, MAX_RUNS, PARAMETER_KEYS, PARETO_KEYS, REPLICATES, SAMPLES, STEPS,
};
use crate::scenario::{closest, toml_error_in, ErrorKind, ScenarioError, Source};
use crate::sweep::metrics::known_metrics;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// Parses and validates an experiment file's text; see [`Experiment::from_toml_str`].
pub(super) fn parse(text: &str, origin: &str) -> Result<Experiment, ScenarioError> {
    let source = Source { text, origin };
    let raw: RawExperiment = toml::from_str(text).map_err(|error| toml_error(&source, &error))?;
    validate(&source, raw)
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

/// The settings of an experiment apart from its metrics and parameters.
struct Settings {
    name: String,
    description: String,
    base: String,
    seed: u64,
    replicates: u32,
    bootstrap: u32,
    design: DesignKind,
    samples: u32,
    common_random_numbers: bool,
}

fn validate(source: &Source, mut raw: RawExperiment) -> Result<Experiment, ScenarioError> {
    let settings = settings(source, &mut raw)?;
    let (metrics, pareto) = metrics(source, raw.metrics, raw.pareto)?;
    let set_locations = raw
        .set
        .iter()
        .map(|assignment| Some(source.location(assignment.span())))
        .collect();
    let set = raw.set.into_iter().map(Spanned::into_inner).collect();
    let parameters = parameters(source, raw.parameters, settings.design)?;
    let experiment = Experiment {
        name: settings.name,
        description: settings.description,
        base: settings.base,
        set,
        seed: settings.seed,
        replicates: settings.replicates,
        design: settings.design,
        samples: settings.samples,
        common_random_numbers: settings.common_random_numbers,
        bootstrap: settings.bootstrap,
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

/// A whole number within `allowed`, or an error at its place in the file.
fn whole_within(
    source: &Source,
    key: &str,
    value: &Spanned<i64>,
    allowed: &std::ops::RangeInclusive<i64>,
) -> Result<i64, ScenarioError> {
    let number = *value.get_ref();
    if allowed.contains(&number) {
        return Ok(number);
    }
    Err(source.error(
        ErrorKind::OutOfRange,
        key,
        Some(value.span()),
        format!(
            "{key} must be within {}..={}, got {number}",
            allowed.start(),
            allowed.end()
        ),
    ))
}

fn settings(source: &Source, raw: &mut RawExperiment) -> Result<Settings, ScenarioError> {
    let text = |value: Option<Spanned<String>>, default: &str| {
        value.map_or_else(|| default.to_string(), Spanned::into_inner)
    };
    let name = text(raw.name.take(), "Sweep");
    let description = text(raw.description.take(), "");
    let base = match raw.base.take() {
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
    let seed = match &raw.seed {
        Some(seed) if *seed.get_ref() < 0 => {
            return Err(source.error(
                ErrorKind::OutOfRange,
                "seed",
                Some(seed.span()),
                format!("seed must be >= 0, got {}", seed.get_ref()),
            ))
        }
        Some(seed) => *seed.get_ref() as u64,
        None => 1,
    };
    let replicates = match &raw.replicates {
        Some(r) => whole_within(source, "replicates", r, &REPLICATES)? as u32,
        None => 1,
    };
    let bootstrap = match &raw.bootstrap {
        Some(b) => whole_within(source, "bootstrap", b, &BOOTSTRAP)? as u32,
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
    let samples = match (design, &raw.samples) {
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
        (_, Some(samples)) => whole_within(source, "samples", samples, &SAMPLES)? as u32,
        (_, None) => 64,
    };
    let common_random_numbers = raw
        .common_random_numbers
        .as_ref()
        .is_some_and(|value| *value.get_ref());
    Ok(Settings {
        name,
        description,
        base,
        seed,
        replicates,
        bootstrap,
        design,
        samples,
        common_random_numbers,
    })
}

/// The recorded metrics (those asked for, then the Pareto objectives not among them) and
/// the Pareto objectives.
fn metrics(
    source: &Source,
    asked: Option<Spanned<Vec<Spanned<String>>>>,
    pareto: Option<RawPareto>,
) -> Result<(Vec<String>, ParetoObjectives), ScenarioError> {
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
    match asked {
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
    let pareto = match pareto {
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
    Ok((metrics, pareto))
}

/// Every `[[parameters]]` entry, each key once.
fn parameters(
    source: &Source,
    raw: Vec<Spanned<RawParameter>>,
    design: DesignKind,
) -> Result<Vec<Parameter>, ScenarioError> {
    if raw.is_empty() {
        return Err(source.error(
                ErrorKind::MissingKey,
                "parameters",
                None,
                "the experiment has no [[parameters]]: there is nothing to vary",
            )
.with_hint("add e.g. [[parameters]] key = \"strategy.personalization\" values = [0.0, 0.5, 1.0]"));
    }
    let mut parameters: Vec<Parameter> = Vec::new();
    for (index, entry) in raw.into_iter().enumerate() {
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
    Ok(parameters)
}

/// Whether a text level can stand in a CSV cell of the results and reports unquoted: no
/// comma, quote or control character (a newline would split the record). Checked up
/// front, so a sweep never writes a results file it cannot read back.
pub fn text_is_csv_safe(text: &str) -> bool {
    !text.chars().any(|c| c == ',' || c == '"' || c.is_control())
}

/// An error for a text level that [`text_is_csv_safe`] refuses.
fn unsafe_text(source: &Source, key: String, value: &Spanned<String>) -> ScenarioError {
    source
        .error(
            ErrorKind::OutOfRange,
            key.clone(),
            Some(value.span()),
            format!(
                "{key} = {:?} contains a comma, a quote or a control character, which the results file cannot hold",
                value.get_ref()
            ),
        )
        .with_hint("scenario choices are plain words such as \"opt-in\"")
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
                    toml::Value::String(s) if !text_is_csv_safe(s) => {
                        let spanned = Spanned::new(value.span(), s.clone());
                        return Err(unsafe_text(source, here(&format!("values[{i}]")), &spanned));
                    }
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
            if let Some((i, choice)) = choices
                .get_ref()
                .iter()
                .enumerate()
                .find(|(_, choice)| !text_is_csv_safe(choice.get_ref()))
            {
                return Err(unsafe_text(source, here(&format!("choices[{i}]")), choice));
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
                (DesignKind::Grid, Some(steps)) => {
                    Some(whole_within(source, &here("steps"), &steps, &STEPS)? as u32)
                }
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
