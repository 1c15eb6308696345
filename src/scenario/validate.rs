//! TOML text ──parse──▶ [`RawScenario`] ──validate──▶ [`Scenario`].
//!
//! Only the first error is reported: serde stops at the first syntax, type or unknown-key
//! error, and validation then checks the values in file order (`name`, `description`,
//! `[simulation]`, `[strategy]`, `[population]`, `[economics]`, `[[events]]`,
//! `[[changes]]`) and stops at the first problem. One error at a time keeps every message precise and located.

use super::changes;
use super::error::{ErrorKind, ScenarioError, Source};
use super::locate::key_path_at;
use super::raw::{
    expected_value, RawEvent, RawPopulation, RawScenario, EVENT_KEYS, POPULATION_KEYS,
    TOP_LEVEL_KEYS,
};
use super::table::{self, spec_table_named};
use super::{PopulationSettings, Scenario, SimulationSettings};
use crate::model::events::{EventKind, ScheduledEvent};
use crate::model::segment::SegmentMix;
use crate::model::strategy::Strategy;
use crate::units::UnitInterval;
use std::ops::RangeInclusive;
use toml::Spanned;

/// Most scheduled events a scenario may have: each one costs work for every shopper on
/// its day (and one more run with `--counterfactual`); 1,000 is far beyond any study.
pub const MAX_EVENTS: usize = 1_000;

/// Parses and validates a scenario text; see [`Scenario::from_toml_str`].
pub(super) fn parse(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let source = Source { text, origin };
    let raw: RawScenario = toml::from_str(text).map_err(|error| toml_error(&source, &error))?;
    validate(&source, raw)
}

/// Turns a syntax, type or unknown-key error from the `toml` crate into a located
/// [`ScenarioError`], rephrasing serde's messages in the format's own words.
fn toml_error(source: &Source, error: &toml::de::Error) -> ScenarioError {
    toml_error_in(source, error, allowed_keys, expected_value)
}

/// [`toml_error`] for any format read the same way (scenarios, lessons): `allowed_keys`
/// names the table a dotted key belongs to and the keys it accepts, `expected_value`
/// describes what a key's value must look like.
pub(crate) fn toml_error_in<Place, Keys, Expected>(
    source: &Source,
    error: &toml::de::Error,
    allowed_keys: impl Fn(&str) -> (Place, Keys),
    expected_value: impl Fn(&str) -> Option<Expected>,
) -> ScenarioError
where
    Place: std::fmt::Display,
    Keys: AsRef<[&'static str]>,
    Expected: AsRef<str>,
{
    let span = error.span();
    let key = span
        .as_ref()
        .and_then(|span| key_path_at(source.text, span))
        .unwrap_or_default();
    let raw_message = error.message().trim();

    if let Some(rest) = raw_message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        let (table, allowed) = allowed_keys(&key);
        let allowed = allowed.as_ref();
        let mut scenario_error = source.error(
            ErrorKind::UnknownKey,
            key.clone(),
            span,
            format!(
                "unknown key `{unknown}` {table}; allowed keys are: {}",
                allowed.join(", ")
            ),
        );
        if let Some(suggestion) = closest(unknown, allowed) {
            scenario_error = scenario_error.with_hint(format!("did you mean `{suggestion}`?"));
        }
        return scenario_error;
    }
    if let Some(rest) = raw_message.strip_prefix("invalid type: ") {
        let found = rest.split(", expected").next().unwrap_or(rest);
        let expected = expected_value(&key);
        let expected = expected.as_ref().map(AsRef::as_ref);
        let message = match expected {
            Some(expected) => format!("{key} must be {expected}, found {found}"),
            None if key.is_empty() => format!("wrong type: {rest}"),
            None => format!("{key} has the wrong type: {rest}"),
        };
        let expected = expected.unwrap_or_default();
        let hint = if expected.contains("whole") && found.starts_with("floating point") {
            Some("write a whole number without a decimal point, e.g. 365")
        } else if expected.contains("string") {
            Some("put the value in double quotes, e.g. consent = \"opt-in\"")
        } else if expected.contains("table") {
            Some("write the table as a [name] header (or [[events]]) with its keys below it")
        } else if found.starts_with("string") {
            Some("numbers and true/false are written without quotes")
        } else {
            None
        };
        let error = source.error(ErrorKind::WrongType, key, span, message);
        return match hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        };
    }
    if let Some(rest) = raw_message.strip_prefix("missing field `") {
        let missing = rest.split('`').next().unwrap_or_default();
        return source.error(
            ErrorKind::MissingKey,
            key,
            span,
            format!("missing key `{missing}`"),
        );
    }
    let one_line = raw_message.lines().map(str::trim).collect::<Vec<_>>();
    source
        .error(
            ErrorKind::Syntax,
            key,
            span,
            format!("invalid TOML: {}", one_line.join("; ")),
        )
        .with_hint("check quotes around strings, `=` between keys and values, and [table] headers")
}

/// The table a key belongs to (for messages) and the keys that table allows.
fn allowed_keys(key_path: &str) -> (String, Vec<&'static str>) {
    let parent = key_path.rsplit_once('.').map(|(parent, _)| parent);
    let parent = parent.map(|p| p.split('[').next().unwrap_or(p));
    if let Some(table) = parent.and_then(spec_table_named) {
        return (format!("in [{}]", table.name), (table.keys)());
    }
    if parent == Some("changes") {
        return ("in [[changes]]".to_string(), super::changes::keys());
    }
    let (place, keys) = match parent {
        Some("population") => ("in [population]", POPULATION_KEYS),
        Some("events") => ("in [[events]]", EVENT_KEYS),
        Some("cohort") => ("in [cohort]", super::cohort::COHORT_KEYS),
        _ => ("at the top level", TOP_LEVEL_KEYS),
    };
    (place.to_string(), keys.to_vec())
}

/// The allowed key closest to a misspelt one, if it is a plausible typo.
pub(crate) fn closest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn validate(source: &Source, raw: RawScenario) -> Result<Scenario, ScenarioError> {
    let defaults = Scenario::default();
    let simulation: SimulationSettings =
        table::validate(source, raw.simulation.unwrap_or_default())?;
    let strategy: Strategy = table::validate(source, raw.strategy.unwrap_or_default())?;
    let population = population(source, raw.population.unwrap_or_default())?;
    if let Some(extra) = raw.events.get(MAX_EVENTS) {
        return Err(source
            .error(
                ErrorKind::OutOfRange,
                format!("events[{MAX_EVENTS}]"),
                Some(extra.span()),
                format!(
                    "the scenario has {} events, more than the {MAX_EVENTS} allowed",
                    raw.events.len()
                ),
            )
            .with_hint(
                "each event costs work for every shopper; merge events into fewer, stronger ones",
            ));
    }
    let economics = table::validate(source, raw.economics.unwrap_or_default())?;
    let model = table::validate(source, raw.model.unwrap_or_default())?;
    let cohort = raw
        .cohort
        .as_ref()
        .map(|cohort| super::cohort::validate(source, cohort, simulation.shoppers))
        .transpose()?;
    let mut events = raw
        .events
        .iter()
        .enumerate()
        .map(|(index, event)| scheduled_event(source, index, event, simulation.days))
        .collect::<Result<Vec<_>, _>>()?;
    events.sort_by_key(|event| event.day);
    let changes = changes::validate(source, raw.changes, simulation.days)?;
    Ok(Scenario {
        name: raw.name.map_or(defaults.name, Spanned::into_inner),
        description: raw
            .description
            .map_or(defaults.description, Spanned::into_inner),
        simulation,
        strategy,
        population,
        economics,
        model,
        cohort,
        events,
        changes,
    })
}

/// The `[population]` table. When no share is given the default mix applies; when only
/// some are given, the missing ones count as 0 and the given ones must still sum to 1.
fn population(source: &Source, raw: RawPopulation) -> Result<PopulationSettings, ScenarioError> {
    let shares = [
        ("population.fundamentalists", &raw.fundamentalists),
        ("population.pragmatists", &raw.pragmatists),
        ("population.unconcerned", &raw.unconcerned),
    ];
    let social_network = raw.social_network.map_or(true, Spanned::into_inner);
    let Some(first_given) = shares.iter().find_map(|(_, share)| share.as_ref()) else {
        return Ok(PopulationSettings {
            mix: SegmentMix::default(),
            social_network,
        });
    };
    let mut values = [UnitInterval::ZERO; 3];
    for (value, (key, share)) in values.iter_mut().zip(shares) {
        if let Some(share) = share {
            *value = unit(source, key, share)?;
        }
    }
    let [fundamentalists, pragmatists, unconcerned] = values;
    let Some(mix) = SegmentMix::new(fundamentalists, pragmatists, unconcerned) else {
        let sum: f64 = values.iter().map(|share| share.get()).sum();
        return Err(source
            .error(
                ErrorKind::SharesDoNotSumToOne,
                "population",
                Some(first_given.span()),
                format!(
                    "population shares must sum to 1, got {fundamentalists} + {pragmatists} + \
                     {unconcerned} = {sum}"
                ),
            )
            .with_hint(
                "fundamentalists, pragmatists and unconcerned are shares of the population; \
                 a share left out counts as 0",
            ));
    };
    Ok(PopulationSettings {
        mix,
        social_network,
    })
}

fn scheduled_event(
    source: &Source,
    index: usize,
    event: &Spanned<RawEvent>,
    days: u32,
) -> Result<ScheduledEvent, ScenarioError> {
    let prefix = format!("events[{index}]");
    let required = |key: &str| {
        source
            .error(
                ErrorKind::MissingKey,
                format!("{prefix}.{key}"),
                Some(event.span()),
                format!("{prefix} has no `{key}`; every event needs day, kind and severity"),
            )
            .with_hint("e.g. day = 180, kind = \"breach\", severity = 0.5")
    };
    let raw = event.get_ref();
    let day_value = raw.day.as_ref().ok_or_else(|| required("day"))?;
    let day = day_in_run(source, &prefix, day_value, days)?;
    let kind = raw.kind.as_ref().ok_or_else(|| required("kind"))?;
    let kind = choice(
        source,
        &format!("{prefix}.kind"),
        kind,
        &EventKind::ALL,
        EventKind::name,
    )?;
    let severity = raw.severity.as_ref().ok_or_else(|| required("severity"))?;
    Ok(ScheduledEvent {
        day,
        kind,
        severity: unit(source, &format!("{prefix}.severity"), severity)?,
    })
}

/// `{prefix}.day` of an event or a change: a day of the run, `1..=days`.
pub(super) fn day_in_run(
    source: &Source,
    prefix: &str,
    value: &Spanned<i64>,
    days: u32,
) -> Result<u32, ScenarioError> {
    let day = *value.get_ref();
    match u32::try_from(day) {
        Ok(day) if (1..=days).contains(&day) => Ok(day),
        _ => Err(source
            .error(
                ErrorKind::EventOutsideRun,
                format!("{prefix}.day"),
                Some(value.span()),
                format!("{prefix}.day must be within 1..={days} (the simulated days), got {day}"),
            )
            .with_hint("day 1 is the first simulated day; raise simulation.days to go further")),
    }
}

pub(crate) fn unit(
    source: &Source,
    key: &str,
    value: &Spanned<f64>,
) -> Result<UnitInterval, ScenarioError> {
    let number = *value.get_ref();
    UnitInterval::new(number).ok_or_else(|| {
        let hint = if number > 1.0 && number <= 100.0 && number.fract() == 0.0 {
            format!(
                "this is a fraction, not a percentage: write {} for {number} %",
                number / 100.0
            )
        } else {
            "use a number from 0 (none) to 1 (maximal)".to_string()
        };
        source
            .error(
                ErrorKind::OutOfRange,
                key,
                Some(value.span()),
                format!("{key} must be within 0..1, got {number}"),
            )
            .with_hint(hint)
    })
}

pub(crate) fn whole(
    source: &Source,
    key: &str,
    value: &Spanned<i64>,
    range: RangeInclusive<i64>,
) -> Result<i64, ScenarioError> {
    let number = *value.get_ref();
    if range.contains(&number) {
        return Ok(number);
    }
    let allowed = if *range.end() == i64::MAX {
        format!("be >= {}", range.start())
    } else {
        format!("be within {}..={}", range.start(), range.end())
    };
    Err(source.error(
        ErrorKind::OutOfRange,
        key,
        Some(value.span()),
        format!("{key} must {allowed}, got {number}"),
    ))
}

pub(crate) fn choice<T: Copy>(
    source: &Source,
    key: &str,
    value: &Spanned<String>,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, ScenarioError> {
    let names: Vec<&'static str> = all.iter().map(|choice| name(*choice)).collect();
    let found = choice_name(source, key, value, &names)?;
    all.iter()
        .copied()
        .find(|choice| name(*choice) == found)
        .ok_or_else(|| not_a_choice(source, key, value, &names))
}

/// The entry of `names` that `value` spells, or an error that lists them all.
pub(super) fn choice_name(
    source: &Source,
    key: &str,
    value: &Spanned<String>,
    names: &[&'static str],
) -> Result<&'static str, ScenarioError> {
    let found = value.get_ref();
    names
        .iter()
        .copied()
        .find(|name| name == found)
        .ok_or_else(|| not_a_choice(source, key, value, names))
}

fn not_a_choice(
    source: &Source,
    key: &str,
    value: &Spanned<String>,
    names: &[&'static str],
) -> ScenarioError {
    let found = value.get_ref();
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    let error = source.error(
        ErrorKind::InvalidChoice,
        key,
        Some(value.span()),
        format!(
            "{key} must be one of {}, got {:?}",
            quoted.join(", "),
            found
        ),
    );
    match closest(&found.to_lowercase().replace(['_', ' '], "-"), names) {
        Some(suggestion) => error.with_hint(format!("did you mean \"{suggestion}\"?")),
        None => error,
    }
}
