//! [`Scenario`] ──▶ TOML text: every key written out, in the order of the format's
//! documentation, so that reading the text back gives the same scenario.

use super::Scenario;
use crate::units::UnitInterval;
use std::fmt::Write;

/// A TOML string literal, quoted and escaped by the `toml` crate.
fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A float that reads back bit for bit: Rust's `Debug` is the shortest round-trip form and
/// always has a `.` or an exponent (`1.0`, `0.3`, `1e-7`), which TOML reads as a float.
fn float(value: UnitInterval) -> String {
    format!("{:?}", value.get())
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
        events,
    } = scenario;
    let mix = &population.mix;
    let mut text = String::new();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(text, "name = {}", string(name));
    let _ = writeln!(text, "description = {}", string(description));
    let _ = writeln!(text, "\n[simulation]");
    let _ = writeln!(text, "days = {}", simulation.days);
    let _ = writeln!(text, "shoppers = {}", simulation.shoppers);
    if let Some(customers) = simulation.customers {
        let _ = writeln!(text, "customers = {customers}");
    }
    let _ = writeln!(text, "seed = {}", simulation.seed);
    let _ = writeln!(text, "random_breaches = {}", simulation.random_breaches);
    let _ = writeln!(text, "\n[strategy]");
    let _ = writeln!(
        text,
        "personalization = {}",
        float(strategy.personalization)
    );
    let _ = writeln!(
        text,
        "data_collection = {}",
        float(strategy.data_collection)
    );
    let _ = writeln!(text, "third_party_data = {}", strategy.third_party_data);
    let _ = writeln!(text, "transparency = {}", float(strategy.transparency));
    let _ = writeln!(text, "consent = {}", string(strategy.consent.name()));
    let _ = writeln!(text, "security = {}", float(strategy.security));
    let _ = writeln!(text, "retention_days = {}", strategy.retention_days);
    let _ = writeln!(
        text,
        "privacy_tech = {}",
        string(strategy.privacy_tech.name())
    );
    let _ = writeln!(text, "\n[population]");
    let _ = writeln!(text, "fundamentalists = {}", float(mix.fundamentalists));
    let _ = writeln!(text, "pragmatists = {}", float(mix.pragmatists));
    let _ = writeln!(text, "unconcerned = {}", float(mix.unconcerned));
    let _ = writeln!(text, "social_network = {}", population.social_network);
    super::economics::write(&mut text, economics);
    for event in events {
        let _ = writeln!(text, "\n[[events]]");
        let _ = writeln!(text, "day = {}", event.day);
        let _ = writeln!(text, "kind = {}", string(event.kind.name()));
        let _ = writeln!(text, "severity = {}", float(event.severity));
    }
    text
}
