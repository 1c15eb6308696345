//! `--set KEY=VALUE` overrides, applied to a scenario through the same validation as files.
//!
//! The scenario is written out as TOML, the dotted key is set in that document, and the
//! result is read back with [`Scenario::from_toml_str`]: one validation path, so an
//! override can never produce a scenario that a file could not. Several assignments are
//! applied together and validated once, so shares that must sum to 1 can be changed.

use super::cohort::COHORT_KEYS;
use super::error::{ErrorKind, ScenarioError};
use super::raw::{POPULATION_KEYS, TOP_LEVEL_KEYS};
use super::table::spec_table_named;
use super::validate::closest;
use super::Scenario;
use toml::{Table, Value};

const EXAMPLE: &str = "e.g. --set strategy.personalization=0.8 or --set simulation.days=100";

/// See [`Scenario::with_overrides`].
pub(super) fn with_overrides(
    scenario: &Scenario,
    assignments: &[&str],
) -> Result<Scenario, ScenarioError> {
    let all_origins = || {
        let each: Vec<String> = assignments.iter().map(|a| format!("--set {a}")).collect();
        each.join(" ")
    };
    let mut document: Table = toml::from_str(&scenario.to_toml_string()).map_err(|error| {
        ScenarioError::unlocated(
            all_origins(),
            ErrorKind::MalformedOverride,
            "",
            format!(
                "the scenario cannot be written as TOML: {}",
                error.message()
            ),
        )
    })?;
    let mut keys = Vec::with_capacity(assignments.len());
    for assignment in assignments {
        keys.push(assign(&mut document, assignment)?);
    }
    let text = toml::to_string(&document).map_err(|error| {
        ScenarioError::unlocated(
            all_origins(),
            ErrorKind::MalformedOverride,
            "",
            format!("the overridden scenario cannot be written as TOML: {error}"),
        )
    })?;
    Scenario::from_toml_str(&text, "").map_err(|error| {
        // Blame the last assignment to the offending key or its table, else all of them.
        let blamed = keys.iter().zip(assignments).rev().find(|(key, _)| {
            *key == &error.key
                || error.key.starts_with(&format!("{key}."))
                || key.starts_with(&format!("{}.", error.key))
        });
        ScenarioError {
            origin: blamed.map_or_else(all_origins, |(_, a)| format!("--set {a}")),
            location: None,
            ..error
        }
    })
}

/// Sets one `KEY=VALUE` in the scenario's TOML document; returns the key.
fn assign(document: &mut Table, assignment: &str) -> Result<String, ScenarioError> {
    let origin = format!("--set {assignment}");
    let malformed = |key: &str, message: String| {
        ScenarioError::unlocated(&origin, ErrorKind::MalformedOverride, key, message)
    };
    let Some((key, value)) = assignment.split_once('=') else {
        return Err(malformed(
            "",
            format!("expected KEY=VALUE, got {assignment:?} (no `=`)"),
        )
        .with_hint(EXAMPLE));
    };
    let key = key.trim();
    let value = value.trim();
    let path: Vec<&str> = key.split('.').map(str::trim).collect();
    if key.is_empty() || path.iter().any(|segment| segment.is_empty()) {
        return Err(malformed(
            key,
            format!("expected KEY=VALUE, got an empty key in {assignment:?}"),
        )
        .with_hint(EXAMPLE));
    }
    if path[0] == "events" {
        return Err(
            malformed(key, "events cannot be set with --set".to_string())
                .with_hint("add an [[events]] table to the scenario file instead"),
        );
    }

    let (leaf, parents) = path.split_last().unwrap_or((&"", &[]));
    let mut table = document;
    let mut table_path = String::new();
    for segment in parents {
        let allowed = allowed_keys(&table_path);
        // A spec table the writer leaves out while all its keys are at their defaults
        // (`[model]`) is still there to be set.
        if table_path.is_empty() && !table.contains_key(*segment) {
            if let Some(spec_table) = spec_table_named(segment) {
                table.insert(spec_table.name.to_string(), Value::Table(Table::new()));
            }
            if *segment == "cohort" {
                table.insert("cohort".to_string(), Value::Table(Table::new()));
            }
        }
        table = match table.get_mut(*segment) {
            Some(Value::Table(inner)) => inner,
            Some(_) => {
                return Err(malformed(
                    key,
                    format!("`{segment}` is a value, not a table, so it has no keys"),
                )
                .with_hint(format!("write --set {segment}=VALUE")));
            }
            None => return Err(unknown_key(&origin, key, segment, &table_path, &allowed)),
        };
        table_path = (*segment).to_string();
    }
    let allowed = allowed_keys(&table_path);
    let new_value = match table.get(*leaf) {
        // An allowed key the writer leaves out while it is unset (`simulation.customers`).
        None if allowed.contains(leaf) => parse_value(value, false),
        None => return Err(unknown_key(&origin, key, leaf, &table_path, &allowed)),
        Some(Value::Table(_)) => {
            let first = allowed_keys(leaf).first().copied().unwrap_or_default();
            return Err(
                malformed(key, format!("`{key}` is a table, not a value")).with_hint(format!(
                    "set one of its keys, e.g. --set {key}.{first}=VALUE"
                )),
            );
        }
        Some(existing) => parse_value(value, existing.is_str()),
    };
    table.insert((*leaf).to_string(), new_value);
    Ok(path.join("."))
}

/// The keys a table (named by its dotted path, "" for the top level) allows.
fn allowed_keys(table_path: &str) -> Vec<&'static str> {
    if let Some(table) = spec_table_named(table_path) {
        return (table.keys)();
    }
    match table_path {
        "" => TOP_LEVEL_KEYS.to_vec(),
        "population" => POPULATION_KEYS.to_vec(),
        "cohort" => COHORT_KEYS.to_vec(),
        _ => Vec::new(),
    }
}

fn unknown_key(
    origin: &str,
    key: &str,
    unknown: &str,
    table_path: &str,
    allowed: &[&str],
) -> ScenarioError {
    let table = if table_path.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in [{table_path}]")
    };
    let error = ScenarioError::unlocated(
        origin,
        ErrorKind::UnknownKey,
        key,
        format!(
            "unknown key `{unknown}` {table}; allowed keys are: {}",
            allowed.join(", ")
        ),
    );
    match closest(unknown, allowed) {
        Some(suggestion) => error.with_hint(format!("did you mean `{suggestion}`?")),
        None => error,
    }
}

/// VALUE as a TOML value (`0.8`, `100`, `false`, `"quoted"`), or else as a bare string
/// (`opt-in`, `My test`). Where the key holds a string, VALUE is always that string
/// (unquoted if it was quoted), so `name=2024` names the scenario "2024".
fn parse_value(value: &str, expect_string: bool) -> Value {
    let parsed = toml::from_str::<Table>(&format!("value = {value}"))
        .ok()
        .filter(|table| table.len() == 1)
        .and_then(|mut table| table.remove("value"));
    match parsed {
        Some(Value::String(text)) => Value::String(text),
        Some(parsed) if !expect_string => parsed,
        _ => Value::String(value.to_string()),
    }
}
