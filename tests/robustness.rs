//! Malformed and extreme scenario input never panics the library: property tests
//! with 10,500 generated cases in all (parsing only, a second or two in release).
//!
//! The contract checked for every input:
//! * `Scenario::from_toml_str` returns either a scenario that satisfies every
//!   documented bound (and survives a round trip through `to_toml_string`), or an
//!   error whose origin is the given name and whose line and column lie in the text;
//! * `Scenario::with_overrides` returns either such a scenario or an error whose
//!   origin names the `--set` assignment(s).
//!
//! The unit property tests in `src/scenario/tests.rs` cover arbitrary strings and
//! single-slice edits of presets; these add extreme values for every key, token soup
//! and several overrides at once. Extreme but valid scenarios run through the engine
//! are in `tests/engine_api.rs`.

use proptest::prelude::*;
use shopsim::model::segment::{Segment, SegmentMix};
use shopsim::model::spec::{Table, Value};
use shopsim::model::strategy::Strategy as RetailerStrategy;
use shopsim::scenario::presets::presets;
use shopsim::scenario::{
    Scenario, ScenarioError, SimulationSettings, DAYS, RETENTION_DAYS, SHOPPERS,
};

const ORIGIN: &str = "fuzz.toml";

/// Every bound a validated scenario promises.
fn check_valid(scenario: &Scenario) -> Result<(), TestCaseError> {
    let sim = &scenario.simulation;
    prop_assert!(DAYS.contains(&i64::from(sim.days)), "days {}", sim.days);
    prop_assert!(SHOPPERS.contains(&i64::from(sim.shoppers)));
    prop_assert!(sim.seed <= i64::MAX as u64, "seed {}", sim.seed);
    let s = &scenario.strategy;
    for lever in [
        s.personalization,
        s.data_collection,
        s.transparency,
        s.security,
    ] {
        let value = lever.get();
        prop_assert!((0.0..=1.0).contains(&value), "lever {value}");
    }
    prop_assert!(RETENTION_DAYS.contains(&i64::from(s.retention_days)));
    // Every key of the spec tables, including ones added after this test was written.
    check_table(&scenario.strategy)?;
    check_table(&scenario.simulation)?;
    let mix: f64 = Segment::ALL
        .iter()
        .map(|&seg| scenario.population.mix.share(seg))
        .sum();
    prop_assert!(
        (mix - 1.0).abs() <= SegmentMix::SUM_TOLERANCE,
        "mix sums to {mix}"
    );
    let mut previous = 0;
    for event in &scenario.events {
        prop_assert!(
            event.day >= 1 && event.day <= sim.days,
            "event day {}",
            event.day
        );
        prop_assert!(event.day >= previous, "events sorted");
        prop_assert!((0.0..=1.0).contains(&event.severity.get()));
        previous = event.day;
    }
    let again = Scenario::from_toml_str(&scenario.to_toml_string(), "round trip");
    prop_assert_eq!(again.as_ref(), Ok(scenario), "round trip");
    Ok(())
}

/// Every value of `table` is one its spec allows (setting it back is accepted). An unset
/// key (`simulation.customers` left out) has no value of its own to check.
fn check_table<T: Table + Clone>(table: &T) -> Result<(), TestCaseError> {
    for spec in T::SPECS.iter().filter(|spec| !table.is_unset(spec.key)) {
        let value = spec.get(table);
        if let Value::Fraction(x) = value {
            prop_assert!((0.0..=1.0).contains(&x.get()), "{} = {x}", spec.key);
        }
        let mut copy = table.clone();
        prop_assert!(
            spec.set(&mut copy, value),
            "{}.{} = {value:?}",
            T::NAME,
            spec.key
        );
    }
    Ok(())
}

/// A file error names its origin and a line and column inside the text.
fn check_located(text: &str, error: &ScenarioError) -> Result<(), TestCaseError> {
    prop_assert_eq!(&error.origin, ORIGIN);
    prop_assert!(!error.message.is_empty());
    let location = error
        .location
        .ok_or_else(|| TestCaseError::fail(format!("no location: {error}")))?;
    let lines: Vec<&str> = text.split('\n').collect();
    let (line, column) = (location.line as usize, location.column as usize);
    prop_assert!(line >= 1 && line <= lines.len(), "{error}");
    prop_assert!(
        column >= 1 && column <= lines[line - 1].chars().count() + 1,
        "{error}"
    );
    let shown = error.to_string();
    prop_assert!(
        shown.starts_with(&format!("{ORIGIN}:{line}:{column}: ")),
        "{shown}"
    );
    Ok(())
}

fn check_file(text: &str) -> Result<(), TestCaseError> {
    match Scenario::from_toml_str(text, ORIGIN) {
        Ok(scenario) => check_valid(&scenario),
        Err(error) => check_located(text, &error),
    }
}

/// Values at and beyond every bound, of every TOML type.
fn extreme_value() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "0",
        "-0",
        "-0.0",
        "1",
        "-1",
        "1.0000000000000002",
        "0.9999999999999999",
        "5e-324",
        "1e308",
        "-1e308",
        "1e999",
        "nan",
        "+inf",
        "-inf",
        "36500",
        "36501",
        "50000000",
        "50000001",
        "4294967296",
        "9223372036854775807",
        "-9223372036854775808",
        "99999999999999999999",
        "0x7fffffff",
        "0o777",
        "0b1",
        "1_000",
        "true",
        "false",
        "\"\"",
        "\"opt-in\"",
        "\"OPT-OUT\"",
        "\"dashboard\"",
        "\"federated\"",
        "\"breach\"",
        "\"\\u0000\"",
        "'literal'",
        "[]",
        "[1, 2]",
        "{}",
        "{ a = 1 }",
        "1979-05-27",
        "07:32:00",
        "1979-05-27T07:32:00Z",
        "\"\"\"multi\nline\"\"\"",
        "",
        "=",
        "[",
    ]);
    prop_oneof![
        fixed.prop_map(String::from),
        any::<f64>().prop_map(|x| format!("{x:?}").replace("NaN", "nan")),
        any::<i64>().prop_map(|x| x.to_string()),
        any::<u32>().prop_map(|x| x.to_string()),
        "\"[ -~]{0,12}\"",
    ]
}

/// A preset with the value of one `key = value` line replaced by an extreme value,
/// and sometimes an extra line (a duplicate or unknown key, a stray table).
fn preset_with_extreme_value() -> impl Strategy<Value = String> {
    let extra = prop::sample::select(vec![
        "",
        "days = 10\n",
        "shoppers = 1\n",
        "personalization = 2\n",
        "unknown_key = 1\n",
        "[strategy]\n",
        "[[events]]\nday = 1\nkind = \"breach\"\nseverity = 1.0\n",
        "[[events]]\nday = 0\n",
        "[[events]]\n",
        "[population]\nfundamentalists = 1.0\npragmatists = 0\nunconcerned = 0\n",
    ]);
    (
        prop::sample::select(presets().to_vec()),
        any::<prop::sample::Index>(),
        extreme_value(),
        any::<prop::sample::Index>(),
        extra,
    )
        .prop_map(|(preset, which, value, at, extra)| {
            let mut lines: Vec<String> = preset.toml.lines().map(String::from).collect();
            let assignments: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].contains(" = ") && !lines[i].starts_with('#'))
                .collect();
            if !assignments.is_empty() {
                let i = assignments[which.index(assignments.len())];
                let key = lines[i].split(" = ").next().unwrap_or_default().to_string();
                lines[i] = format!("{key} = {value}");
            }
            let position = at.index(lines.len() + 1);
            lines.insert(position, extra.trim_end().to_string());
            lines.join("\n")
        })
}

/// Text made of TOML's own tokens in random order.
fn token_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "[simulation]",
        "[strategy]",
        "[population]",
        "[[events]]",
        "[[strategy]]",
        "days",
        "shoppers",
        "seed",
        "personalization",
        "consent",
        "events",
        "name",
        "=",
        "==",
        ".",
        ",",
        "\"",
        "'",
        "\"\"\"",
        "[",
        "]",
        "{",
        "}",
        "#",
        "\n",
        "\r\n",
        "\t",
        " ",
        "1",
        "-1",
        "0.5",
        "1e400",
        "nan",
        "inf",
        "true",
        "1979-05-27",
        "\u{e9}",
        "\u{1f600}",
        "\u{0}",
        "\\",
    ]);
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

/// Dotted keys a user might type, valid and not.
fn override_key() -> impl Strategy<Value = String> {
    let known = prop::sample::select(vec![
        "name",
        "description",
        "simulation.days",
        "simulation.shoppers",
        "simulation.seed",
        "simulation.random_breaches",
        "strategy.personalization",
        "strategy.data_collection",
        "strategy.third_party_data",
        "strategy.transparency",
        "strategy.consent",
        "strategy.security",
        "strategy.retention_days",
        "strategy.privacy_tech",
        "population.fundamentalists",
        "population.pragmatists",
        "population.unconcerned",
        "population.social_network",
        "events",
        "events.0.day",
        "strategy",
        "simulation.days.x",
        "",
        ".",
        "strategy.",
        "Strategy.Personalization",
    ]);
    // The keys of the spec tables, so that keys added to them are fuzzed too.
    let mut spec_keys: Vec<String> = Vec::new();
    for (table, keys) in [
        (SimulationSettings::NAME, SimulationSettings::keys()),
        (RetailerStrategy::NAME, RetailerStrategy::keys()),
    ] {
        spec_keys.extend(keys.iter().map(|key| format!("{table}.{key}")));
    }
    prop_oneof![
        4 => known.prop_map(String::from),
        2 => prop::sample::select(spec_keys),
        1 => "[a-z_.]{0,24}",
    ]
}

fn assignment() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (override_key(), extreme_value()).prop_map(|(key, value)| format!("{key}={value}")),
        1 => "[ -~]{0,24}",
        1 => Just("strategy.personalization".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn extreme_values_in_files_give_a_valid_scenario_or_a_located_error(
        text in preset_with_extreme_value()
    ) {
        check_file(&text)?;
    }

    #[test]
    fn extreme_overrides_give_a_valid_scenario_or_an_error_naming_them(
        assignments in prop::collection::vec(assignment(), 1..4)
    ) {
        match Scenario::default().with_overrides(&assignments) {
            Ok(scenario) => check_valid(&scenario)?,
            Err(error) => {
                prop_assert!(error.origin.starts_with("--set "), "{error}");
                prop_assert!(
                    assignments.iter().any(|a| error.origin.contains(a.as_str())),
                    "origin {:?} names none of {:?}", error.origin, assignments
                );
                prop_assert!(!error.message.is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_500))]

    #[test]
    fn token_soup_gives_a_valid_scenario_or_a_located_error(text in token_soup()) {
        check_file(&text)?;
    }
}
