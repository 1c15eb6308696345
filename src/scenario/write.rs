//! [`Scenario`] ──▶ TOML text: every key written out, in the order of the format's
//! documentation, so that reading the text back gives the same scenario.

use super::changes;
use super::table::{self, toml_value};
use super::Scenario;
use crate::model::params::ModelParams;
use crate::model::spec::{Table, Value};
use crate::units::UnitInterval;
use std::fmt::Write;

/// A TOML string literal, quoted and escaped by the `toml` crate.
fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A fraction that reads back bit for bit (see [`toml_value`]).
fn float(value: UnitInterval) -> String {
    toml_value(Value::Fraction(value))
}

/// The full text of `scenario`; see [`Scenario::to_toml_string`].
pub(super) fn to_toml_string(scenario: &Scenario) -> String {
    let Scenario {
        name,
        description,
        simulation,
        strategy,
        population,
        economics,
        model,
        cohort,
        events,
        changes,
    } = scenario;
    let mix = &population.mix;
    let mut text = String::new();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(text, "name = {}", string(name));
    let _ = writeln!(text, "description = {}", string(description));
    table::write(&mut text, simulation);
    table::write(&mut text, strategy);
    let _ = writeln!(text, "\n[population]");
    let _ = writeln!(text, "fundamentalists = {}", float(mix.fundamentalists));
    let _ = writeln!(text, "pragmatists = {}", float(mix.pragmatists));
    let _ = writeln!(text, "unconcerned = {}", float(mix.unconcerned));
    let _ = writeln!(text, "social_network = {}", population.social_network);
    table::write(&mut text, economics);
    // Only the parameters that differ from the model's defaults; no table when none do.
    if ModelParams::SPECS
        .iter()
        .any(|spec| !model.is_unset(spec.key))
    {
        table::write(&mut text, model);
    }
    if let Some(cohort) = cohort {
        super::cohort::write(&mut text, cohort);
    }
    for event in events {
        let _ = writeln!(text, "\n[[events]]");
        let _ = writeln!(text, "day = {}", event.day);
        let _ = writeln!(text, "kind = {}", string(event.kind.name()));
        let _ = writeln!(text, "severity = {}", float(event.severity));
    }
    changes::write(&mut text, changes);
    text
}
