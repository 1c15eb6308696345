//! Tests of the scenario format through its public API: presets, located errors,
//! overrides, and property tests of the parser and the writer.

use super::presets::{preset, presets, DEFAULT_PRESET};
use super::*;
use crate::model::economics::Economics;
use crate::model::events::EventKind;
use crate::model::params::ModelParams;
use crate::model::spec::{Kind, Table, Value};
use crate::model::strategy::{ConsentModel, PrivacyTech, Strategy as RetailerStrategy};
use crate::units::UnitInterval;
use proptest::prelude::*;
use proptest::strategy::Strategy;

fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    Scenario::from_toml_str(text, "x.toml")
}

fn parse_error(text: &str) -> ScenarioError {
    match parse(text) {
        Ok(scenario) => panic!("expected an error for:\n{text}\ngot {scenario:?}"),
        Err(error) => error,
    }
}

/// Asserts an error's kind, key and 1-based line:column.
fn assert_error(text: &str, kind: ErrorKind, key: &str, line: u32, column: u32) -> ScenarioError {
    let error = parse_error(text);
    assert_eq!(error.kind, kind, "{error}");
    assert_eq!(error.key, key, "{error}");
    assert_eq!(error.location, Some(Location { line, column }), "{error}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("x.toml:{line}:{column}: ")),
        "{error}"
    );
    error
}

// ---- presets ----

#[test]
fn every_preset_parses_and_round_trips() {
    assert_eq!(presets().len(), 8);
    for preset in presets() {
        let scenario = Scenario::preset(preset.name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(scenario.simulation.days, 365, "{}", preset.name);
        assert_eq!(scenario.simulation.shoppers, 10_000);
        assert_eq!(scenario.simulation.seed, 42);
        assert_eq!(scenario.population, Scenario::default().population);
        assert!(!scenario.description.is_empty());
        assert!(
            preset.toml.starts_with("# "),
            "{} needs a comment header",
            preset.name
        );
        let text = scenario.to_toml_string();
        assert_eq!(parse(&text), Ok(scenario), "{}", preset.name);
    }
}

#[test]
fn presets_have_their_archetype_levers() {
    let balanced = Scenario::preset(DEFAULT_PRESET).unwrap_or_default();
    assert_eq!(balanced.strategy, RetailerStrategy::default());
    let apple = Scenario::preset("apple-like").unwrap_or_default();
    assert_eq!(apple.strategy.consent, ConsentModel::Dashboard);
    assert_eq!(
        apple.strategy.privacy_tech,
        PrivacyTech::DifferentialPrivacy
    );
    assert_eq!(apple.strategy.retention_days, 180);
    let creepy = Scenario::preset("creepy-overreach").unwrap_or_default();
    assert!(creepy.strategy.third_party_data);
    assert_eq!(creepy.strategy.personalization, UnitInterval::ONE);
    let shock = Scenario::preset("breach-shock").unwrap_or_default();
    assert!(!shock.simulation.random_breaches);
    assert_eq!(shock.strategy, RetailerStrategy::default());
    assert_eq!(shock.events.len(), 1);
    assert_eq!(
        (shock.events[0].day, shock.events[0].kind),
        (180, EventKind::Breach)
    );
    let opt_in = Scenario::preset("opt-in-regime").unwrap_or_default();
    assert_eq!(opt_in.strategy.consent, ConsentModel::OptIn);
}

#[test]
fn unknown_preset_lists_the_known_ones() {
    assert!(preset("nope").is_none());
    let error = Scenario::preset("nope")
        .err()
        .unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(error.kind, ErrorKind::UnknownPreset);
    assert_eq!(error.location, None);
    for known in presets() {
        assert!(error.message.contains(known.name), "{error}");
    }
}

// ---- defaults and accepted forms ----

#[test]
fn empty_text_is_the_default_scenario() {
    assert_eq!(parse(""), Ok(Scenario::default()));
}

#[test]
fn integers_are_accepted_for_levers_and_events_are_sorted() {
    let text = "[strategy]\nsecurity = 1\npersonalization = 0\n\
                [[events]]\nday = 200\nkind = \"policy-change\"\nseverity = 1\n\
                [[events]]\nday = 10\nkind = \"regulatory-inquiry\"\nseverity = 0.25\n";
    let scenario = parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scenario.strategy.security, UnitInterval::ONE);
    assert_eq!(scenario.strategy.personalization, UnitInterval::ZERO);
    assert_eq!(
        scenario.strategy.transparency,
        RetailerStrategy::default().transparency
    );
    let days: Vec<u32> = scenario.events.iter().map(|event| event.day).collect();
    assert_eq!(days, [10, 200]);
}

#[test]
fn partial_shares_count_missing_ones_as_zero() {
    let scenario = parse("[population]\npragmatists = 0.5\nunconcerned = 0.5\n");
    let mix = scenario
        .map(|s| s.population.mix)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mix.fundamentalists, UnitInterval::ZERO);
    assert_eq!(mix.pragmatists.get(), 0.5);
    let social = parse("[population]\nsocial_network = false\n").unwrap_or_default();
    assert_eq!(social.population.mix, SegmentMix::default());
    assert!(!social.population.social_network);
}

// ---- located errors, one per class ----

#[test]
fn unknown_key_at_top_level() {
    let error = assert_error(
        "name = \"x\"\ncolour = 3\n",
        ErrorKind::UnknownKey,
        "colour",
        2,
        1,
    );
    assert!(
        error
            .message
            .contains("allowed keys are: name, description"),
        "{error}"
    );
}

#[test]
fn unknown_key_in_strategy_suggests_the_closest() {
    let text = "[strategy]\npersonalization = 0.5\npersonalisation = 0.7\n";
    let error = assert_error(
        text,
        ErrorKind::UnknownKey,
        "strategy.personalisation",
        3,
        1,
    );
    assert!(error.message.contains("in [strategy]"), "{error}");
    assert!(error.message.contains("retention_days"), "{error}");
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean `personalization`?")
    );
}

#[test]
fn unknown_key_in_events() {
    let text = "[[events]]\nday = 3\nkind = \"breach\"\nseverity = 0.5\n\
                [[events]]\nday = 4\nseverity = 0.5\nkindd = \"breach\"\n";
    let error = assert_error(text, ErrorKind::UnknownKey, "events[1].kindd", 8, 1);
    assert!(error.message.contains("day, kind, severity"), "{error}");
}

#[test]
fn wrong_type() {
    let text = "[strategy]\npersonalization = \"high\"\n";
    let error = assert_error(
        text,
        ErrorKind::WrongType,
        "strategy.personalization",
        2,
        19,
    );
    assert!(
        error.message.contains("must be a number within 0..1"),
        "{error}"
    );
    assert!(error.message.contains("found string \"high\""), "{error}");
    let error = assert_error(
        "[simulation]\ndays = 36.5\n",
        ErrorKind::WrongType,
        "simulation.days",
        2,
        8,
    );
    assert!(error.message.contains("whole number"), "{error}");
}

#[test]
fn out_of_range_values() {
    let text = "name = \"n\"\n\n\n\n\n[strategy]\npersonalization = 1.4\n";
    let error = assert_error(
        text,
        ErrorKind::OutOfRange,
        "strategy.personalization",
        7,
        19,
    );
    assert_eq!(
        error.to_string().lines().next(),
        Some("x.toml:7:19: strategy.personalization must be within 0..1, got 1.4")
    );
    assert!(error.to_string().contains("\n  hint: "));
    assert_error(
        "[simulation]\ndays = 0\n",
        ErrorKind::OutOfRange,
        "simulation.days",
        2,
        8,
    );
    assert_error(
        "[simulation]\nseed = -1\n",
        ErrorKind::OutOfRange,
        "simulation.seed",
        2,
        8,
    );
    assert_error(
        "[simulation]\nshoppers = 50000001\n",
        ErrorKind::OutOfRange,
        "simulation.shoppers",
        2,
        12,
    );
    assert_error(
        "[strategy]\nretention_days = 36501\n",
        ErrorKind::OutOfRange,
        "strategy.retention_days",
        2,
        18,
    );
    assert_error(
        "[[events]]\nday = 1\nkind = \"breach\"\nseverity = nan\n",
        ErrorKind::OutOfRange,
        "events[0].severity",
        4,
        12,
    );
}

#[test]
fn shares_not_summing_to_one() {
    let text = "[population]\nfundamentalists = 0.3\npragmatists = 0.64\nunconcerned = 0.1\n";
    let error = assert_error(text, ErrorKind::SharesDoNotSumToOne, "population", 2, 19);
    assert!(error.message.contains("must sum to 1"), "{error}");
    assert!(error.hint.is_some());
}

#[test]
fn event_outside_the_run() {
    let text =
        "[simulation]\ndays = 100\n[[events]]\nday = 101\nkind = \"breach\"\nseverity = 0.5\n";
    let error = assert_error(text, ErrorKind::EventOutsideRun, "events[0].day", 4, 7);
    assert!(error.message.contains("within 1..=100"), "{error}");
    let text = "[[events]]\nday = 0\nkind = \"breach\"\nseverity = 0.5\n";
    assert_error(text, ErrorKind::EventOutsideRun, "events[0].day", 2, 7);
    let text = "[[events]]\nkind = \"breach\"\nseverity = 0.5\n";
    assert_eq!(parse_error(text).kind, ErrorKind::MissingKey);
}

// ---- strategy changes ----

#[test]
fn changes_set_only_the_levers_they_name_on_their_days() {
    let text = "[strategy]\npersonalization = 0.7\n\
                [[changes]]\nday = 180\nconsent = \"opt-in\"\n\
                [[changes]]\nday = 200\nsecurity = 1\nretention_days = 30\n";
    let scenario = parse(text).expect("valid");
    let days: Vec<u32> = scenario.changes.iter().map(|c| c.day).collect();
    assert_eq!(days, [180, 200]);
    let after_first = scenario.changes[0].applied_to(&scenario.strategy);
    assert_eq!(
        after_first,
        RetailerStrategy {
            consent: ConsentModel::OptIn,
            ..scenario.strategy
        },
        "personalization 0.7 is kept"
    );
    let after_second = scenario.changes[1].applied_to(&after_first);
    assert_eq!(after_second.security, UnitInterval::ONE);
    assert_eq!(after_second.retention_days, 30);
    assert_eq!(after_second.consent, ConsentModel::OptIn);
    let keys: Vec<&str> = scenario.changes[1]
        .settings()
        .map(|(lever, _)| lever.key)
        .collect();
    assert_eq!(keys, ["security", "retention_days"]);
    assert_eq!(parse(&scenario.to_toml_string()), Ok(scenario.clone()));
    // `--set` moves the initial strategy; a lever no change names keeps the new value.
    let set = scenario
        .with_override("strategy.personalization=0.2")
        .expect("valid override");
    assert_eq!(set.changes, scenario.changes);
    let later = set.changes[0].applied_to(&set.strategy);
    assert_eq!(later.personalization, UnitInterval::clamped(0.2));
}

#[test]
fn changes_between_strategies_name_the_levers_that_differ() {
    let before = RetailerStrategy::default();
    assert_eq!(ScheduledChange::between(3, &before, &before), None);
    let after = RetailerStrategy {
        third_party_data: true,
        privacy_tech: PrivacyTech::Federated,
        ..before
    };
    let change = ScheduledChange::between(3, &before, &after).expect("they differ");
    let keys: Vec<&str> = change.settings().map(|(lever, _)| lever.key).collect();
    assert_eq!(keys, ["third_party_data", "privacy_tech"]);
    assert_eq!(change.applied_to(&before), after);
}

#[test]
fn change_errors_are_located_and_say_how_to_fix() {
    let header = "[simulation]\ndays = 100\n";
    let error = assert_error(
        &format!("{header}[[changes]]\nday = 101\nconsent = \"opt-in\"\n"),
        ErrorKind::EventOutsideRun,
        "changes[0].day",
        4,
        7,
    );
    assert!(error.message.contains("within 1..=100"), "{error}");
    assert_error(
        "[[changes]]\nday = 0\nsecurity = 1\n",
        ErrorKind::EventOutsideRun,
        "changes[0].day",
        2,
        7,
    );
    let error = assert_error(
        "[[changes]]\nday = 9\nsecurity = 1\n[[changes]]\nday = 9\nsecurity = 0\n",
        ErrorKind::ChangesOutOfOrder,
        "changes[1].day",
        5,
        7,
    );
    assert!(error.message.contains("previous change's day 9"), "{error}");
    assert!(error.hint.is_some_and(|h| h.contains("day order")));
    assert_error(
        "[[changes]]\nday = 9\nsecurity = 1\n[[changes]]\nday = 3\nsecurity = 0\n",
        ErrorKind::ChangesOutOfOrder,
        "changes[1].day",
        5,
        7,
    );
    let error = parse_error("[[changes]]\nsecurity = 1\n");
    assert_eq!(
        (error.kind, error.key.as_str()),
        (ErrorKind::MissingKey, "changes[0].day")
    );
    let error = parse_error("[[changes]]\nday = 5\n");
    assert_eq!(
        (error.kind, error.key.as_str()),
        (ErrorKind::MissingKey, "changes[0]")
    );
    assert!(error.hint.is_some_and(|h| h.contains("personalization")));
    let error = assert_error(
        "[[changes]]\nday = 5\npersonalisation = 0.2\n",
        ErrorKind::UnknownKey,
        "changes[0].personalisation",
        3,
        1,
    );
    assert!(error.message.contains("in [[changes]]"), "{error}");
    assert!(error.message.contains("day, personalization"), "{error}");
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean `personalization`?")
    );
    let error = assert_error(
        "[[changes]]\nday = 5\npersonalization = \"high\"\n",
        ErrorKind::WrongType,
        "changes[0].personalization",
        3,
        19,
    );
    assert!(
        error.message.contains("must be a number within 0..1"),
        "{error}"
    );
    let error = assert_error(
        "[[changes]]\nday = 5.5\nsecurity = 1\n",
        ErrorKind::WrongType,
        "changes[0].day",
        2,
        7,
    );
    assert!(error.message.contains("whole day number"), "{error}");
    assert_error(
        "[[changes]]\nday = 5\nsecurity = 1.5\n",
        ErrorKind::OutOfRange,
        "changes[0].security",
        3,
        12,
    );
    let error = assert_error(
        "[[changes]]\nday = 5\nconsent = \"opt_in\"\n",
        ErrorKind::InvalidChoice,
        "changes[0].consent",
        3,
        11,
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean \"opt-in\"?"));
    let error = parse_error("changes = 3\n");
    assert_eq!(error.kind, ErrorKind::WrongType, "{error}");
    assert!(error.message.contains("[[changes]]"), "{error}");
}

#[test]
fn bad_enum_lists_the_allowed_choices() {
    let text = "[strategy]\nconsent = \"opt_in\"\n";
    let error = assert_error(text, ErrorKind::InvalidChoice, "strategy.consent", 2, 11);
    assert!(
        error
            .message
            .contains("\"opt-in\", \"opt-out\", \"dashboard\""),
        "{error}"
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean \"opt-in\"?"));
    let text = "[[events]]\nday = 1\nkind = \"hack\"\nseverity = 0.5\n";
    let error = assert_error(text, ErrorKind::InvalidChoice, "events[0].kind", 3, 8);
    assert!(error.message.contains("\"regulatory-inquiry\""), "{error}");
    let text = "[strategy]\nprivacy_tech = \"magic\"\n";
    assert_error(
        text,
        ErrorKind::InvalidChoice,
        "strategy.privacy_tech",
        2,
        16,
    );
}

#[test]
fn toml_syntax_error() {
    let error = assert_error("name = \"x\"\n[strategy\n", ErrorKind::Syntax, "", 2, 10);
    assert!(!error.message.contains('\n'), "{error}");
    assert_eq!(parse_error("a = = 1").kind, ErrorKind::Syntax);
}

// ---- overrides ----

#[test]
fn overrides_set_values_of_every_type() {
    let base = Scenario::default();
    let set = |assignment: &str| {
        base.with_override(assignment)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(
        set("strategy.personalization=0.8")
            .strategy
            .personalization
            .get(),
        0.8
    );
    assert_eq!(
        set("strategy.security=1").strategy.security,
        UnitInterval::ONE
    );
    assert_eq!(set("simulation.days=100").simulation.days, 100);
    assert_eq!(
        set("strategy.consent=opt-in").strategy.consent,
        ConsentModel::OptIn
    );
    assert_eq!(
        set("strategy.consent=\"dashboard\"").strategy.consent,
        ConsentModel::Dashboard
    );
    assert_eq!(set("name=My test").name, "My test");
    assert_eq!(set("name=2024").name, "2024");
    assert!(
        !set("population.social_network=false")
            .population
            .social_network
    );
    assert!(
        !set(" simulation.random_breaches = false ")
            .simulation
            .random_breaches
    );
    let shock = Scenario::preset("breach-shock").unwrap_or_default();
    let shorter = shock.with_override("simulation.days=200");
    assert_eq!(shorter.map(|s| s.events), Ok(shock.events.clone()));
}

#[test]
fn override_out_of_range_names_the_origin_and_key() {
    let error = Scenario::default()
        .with_override("strategy.personalization=1.4")
        .err()
        .unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(error.kind, ErrorKind::OutOfRange);
    assert_eq!(error.key, "strategy.personalization");
    assert_eq!(error.location, None);
    assert_eq!(
        error.to_string().lines().next(),
        Some("--set strategy.personalization=1.4: strategy.personalization must be within 0..1, got 1.4")
    );
    let error = Scenario::default()
        .with_override("simulation.days=1.5")
        .err();
    assert_eq!(
        error.map(|e| (e.kind, e.key)),
        Some((ErrorKind::WrongType, "simulation.days".into()))
    );
    let error = Scenario::preset("breach-shock")
        .unwrap_or_default()
        .with_override("simulation.days=100")
        .err();
    assert_eq!(error.map(|e| e.kind), Some(ErrorKind::EventOutsideRun));
}

#[test]
fn override_unknown_key_lists_the_allowed_ones() {
    let error = Scenario::default()
        .with_override("strategy.personalisation=0.8")
        .err();
    let error = error.unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(error.kind, ErrorKind::UnknownKey);
    assert_eq!(error.key, "strategy.personalisation");
    assert!(
        error.message.contains("personalization, data_collection"),
        "{error}"
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean `personalization`?")
    );
    let error = Scenario::default().with_override("colour=red").err();
    assert!(error.is_some_and(|e| e.message.contains("name, description, simulation")));
    let error = Scenario::default().with_override("strategy=1").err();
    assert_eq!(error.map(|e| e.kind), Some(ErrorKind::MalformedOverride));
}

#[test]
fn several_overrides_are_validated_together() {
    let base = Scenario::default();
    let shares = [
        "population.fundamentalists=0.5",
        "population.pragmatists=0.4",
    ];
    assert!(base.with_override(shares[0]).is_err());
    let mix = base.with_overrides(shares).map(|s| s.population.mix);
    assert_eq!(mix.map(|m| m.fundamentalists.get()), Ok(0.5));
    let error = base
        .with_overrides(["simulation.days=10", "population.unconcerned=0.2"])
        .err()
        .unwrap_or_else(|| panic!("expected an error"));
    assert_eq!(error.kind, ErrorKind::SharesDoNotSumToOne);
    assert_eq!(error.origin, "--set population.unconcerned=0.2");
    assert_eq!(base.with_overrides(Vec::<String>::new()), Ok(base.clone()));
}

#[test]
fn tiny_and_extreme_floats_round_trip() {
    let mut scenario = Scenario::default();
    for value in [5e-324, 1e-300, 1e-7, 0.1 + 0.2, 1.0 - f64::EPSILON, -0.0] {
        scenario.strategy.transparency = UnitInterval::new(value).unwrap_or_default();
        let back = parse(&scenario.to_toml_string()).map(|s| s.strategy.transparency.get());
        assert_eq!(back.map(f64::to_bits), Ok(value.to_bits()), "{value:e}");
    }
}

#[test]
fn override_bad_syntax() {
    for bad in [
        "strategy.personalization",
        "=3",
        "strategy..x=1",
        "events.day=3",
        "name.x=1",
    ] {
        let error = Scenario::default().with_override(bad).err();
        let error = error.unwrap_or_else(|| panic!("expected an error for {bad}"));
        assert_eq!(error.kind, ErrorKind::MalformedOverride, "{error}");
        assert_eq!(error.origin, format!("--set {bad}"));
    }
}

// ---- property tests ----

// ---- model ----

#[test]
fn model_overrides_read_write_back_and_reach_the_engine() {
    let text = "[model]\nvisit_shape = 0.4\ndropout_mean = 0.002\nprior_activity_days = 30\n";
    let scenario = parse(text).expect("valid");
    assert_eq!(scenario.model.population.visit_shape, 0.4);
    assert_eq!(scenario.model.population.dropout_mean, 0.002);
    assert_eq!(scenario.model.population.prior_activity_days, 30);
    let mut expected = ModelParams::default();
    expected.population.visit_shape = 0.4;
    expected.population.dropout_mean = 0.002;
    expected.population.prior_activity_days = 30;
    assert_eq!(
        scenario.model, expected,
        "keys left out keep their defaults"
    );
    let written = scenario.to_toml_string();
    assert!(
        written.contains("[model]\nvisit_shape = 0.4\n"),
        "{written}"
    );
    assert!(
        !written.contains("visit_mean"),
        "defaults are not written: {written}"
    );
    assert_eq!(parse(&written), Ok(scenario.clone()));
    assert!(
        !Scenario::default().to_toml_string().contains("[model]"),
        "no table when nothing is overridden"
    );
    let engine = crate::sim::Engine::new(&scenario);
    assert_eq!(engine.params(), &expected);
}

#[test]
fn model_keys_are_set_and_checked_like_any_other() {
    let set = Scenario::default()
        .with_overrides(["model.base_conversion=0.05", "model.visit_cap=1"])
        .expect("valid overrides");
    assert_eq!(set.model.behaviour.base_conversion, 0.05);
    assert_eq!(set.model.population.visit_cap, 1.0);
    let error = Scenario::default()
        .with_override("model.visit_shape=0")
        .expect_err("out of range");
    assert_eq!(error.kind, ErrorKind::OutOfRange);
    assert_eq!(error.key, "model.visit_shape");
    let error = Scenario::default()
        .with_override("model.visit_shap=1")
        .expect_err("unknown key");
    assert_eq!(error.kind, ErrorKind::UnknownKey);
    assert_eq!(error.hint.as_deref(), Some("did you mean `visit_shape`?"));
    let error = assert_error(
        "name = \"x\"\n[model]\nvisit_mean = 2\n",
        ErrorKind::OutOfRange,
        "model.visit_mean",
        3,
        14,
    );
    assert!(error.message.contains("within"), "{error}");
    assert_error(
        "[model]\nconcern = 0.5\n",
        ErrorKind::UnknownKey,
        "model.concern",
        2,
        1,
    );
}

// ---- cohort ----

#[test]
fn a_cohort_reads_writes_back_and_is_checked_against_the_shoppers() {
    let text = "[simulation]\nshoppers = 10\n[cohort]\nentries_per_day = [3, 0, 4]\n";
    let scenario = parse(text).expect("valid");
    let cohort = scenario.cohort.clone().expect("a cohort");
    assert_eq!(cohort.entries_per_day, [3, 0, 4]);
    assert_eq!(cohort.customers(), 7);
    assert_eq!(parse(&scenario.to_toml_string()), Ok(scenario.clone()));
    assert_eq!(parse("").expect("valid").cohort, None);

    let error = assert_error(
        "name = \"x\"\n[simulation]\nshoppers = 5\n[cohort]\nentries_per_day = [3, 3]\n",
        ErrorKind::OutOfRange,
        "cohort.entries_per_day",
        5,
        19,
    );
    assert!(error.message.contains("adds up to 6"), "{error}");
    assert!(error
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("at least 6")));
    assert_error(
        "name = \"x\"\n[cohort]\nentries_per_day = [1, -2]\n",
        ErrorKind::OutOfRange,
        "cohort.entries_per_day",
        3,
        23,
    );
    assert_error(
        "name = \"x\"\n[cohort]\nentries = [1]\n",
        ErrorKind::UnknownKey,
        "cohort.entries",
        3,
        1,
    );
    let set = Scenario::default()
        .with_override("cohort.entries_per_day=[5, 6]")
        .expect("valid");
    assert_eq!(set.cohort.map(|c| c.entries_per_day), Some(vec![5, 6]));
}

// ---- economics ----

#[test]
fn economics_round_trips_and_defaults_apply() {
    let text = "[economics]\ngross_margin = 0.35\nstorage_dollars_per_record_year = 2\n";
    let scenario = parse(text).expect("valid");
    assert_eq!(scenario.economics.gross_margin.get(), 0.35);
    assert_eq!(scenario.economics.storage_dollars_per_record_year, 2.0);
    let back = parse(&scenario.to_toml_string()).expect("valid");
    assert_eq!(back, scenario);
    let plain = parse("").expect("valid");
    assert_eq!(
        plain.economics,
        crate::model::economics::Economics::default()
    );
}

#[test]
fn bad_economics_values_are_located() {
    let text = "name = \"x\"\n[economics]\ndashboard_build_dollars = -5\n";
    let error = assert_error(
        text,
        ErrorKind::OutOfRange,
        "economics.dashboard_build_dollars",
        3,
        27,
    );
    assert_eq!(
        error.message,
        "economics.dashboard_build_dollars must be >= 0, got -5"
    );
    let error = assert_error(
        "[economics]\ngross_margn = 0.4\n",
        ErrorKind::UnknownKey,
        "economics.gross_margn",
        2,
        1,
    );
    assert!(
        error.to_string().contains("did you mean `gross_margin`"),
        "{error}"
    );
    let error = assert_error(
        "[economics]\nsecurity_residual_hazard = 0\n",
        ErrorKind::OutOfRange,
        "economics.security_residual_hazard",
        2,
        28,
    );
    assert_eq!(
        error.message,
        "economics.security_residual_hazard must be within 0..=1, above 0, got 0"
    );
    assert!(
        error
            .hint
            .as_deref()
            .is_some_and(|hint| hint.contains("no finite price")),
        "{error}"
    );
    let error = assert_error(
        "[economics]\ndashboard_amortization_years = 0.0\n",
        ErrorKind::OutOfRange,
        "economics.dashboard_amortization_years",
        2,
        32,
    );
    assert_eq!(
        error.message,
        "economics.dashboard_amortization_years must be > 0, got 0"
    );
    let error = assert_error(
        "[economics]\ndashboard_build_dollars = \"a lot\"\n",
        ErrorKind::WrongType,
        "economics.dashboard_build_dollars",
        2,
        27,
    );
    assert_eq!(
        error.message,
        "economics.dashboard_build_dollars must be a number of dollars >= 0, \
         found string \"a lot\""
    );
}

#[test]
fn set_reaches_economics_and_customers() {
    let base = Scenario::default();
    let changed = base
        .with_overrides([
            "economics.gross_margin=0.3",
            "economics.federated_dollars_per_record_year=0.5",
            "simulation.customers=2000000",
        ])
        .expect("valid");
    assert_eq!(changed.economics.gross_margin.get(), 0.3);
    assert_eq!(
        changed.economics.privacy_tech[2].dollars_per_record_year,
        0.5
    );
    assert_eq!(changed.simulation.customers, Some(2_000_000));
    assert_eq!(changed.customers(), 2_000_000);
    let error = base
        .with_override("economics.gross_margin=1.5")
        .expect_err("out of range");
    assert_eq!(error.origin, "--set economics.gross_margin=1.5");
    let error = base
        .with_override("economics.gross_margim=0.3")
        .expect_err("unknown");
    assert_eq!(error.kind, ErrorKind::UnknownKey);
    assert_eq!(error.hint.as_deref(), Some("did you mean `gross_margin`?"));
    // Without customers, the customers follow the shoppers (old files keep their meaning).
    let resized = base
        .with_override("simulation.shoppers=500")
        .expect("valid");
    assert_eq!(resized.customers(), 500);
}

/// Checks the parser's contract on any text: no panic, and any location lies in the text.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    if let Err(error) = parse(text) {
        let location = error
            .location
            .ok_or_else(|| TestCaseError::fail("no location"))?;
        let lines: Vec<&str> = text.split('\n').collect();
        let (line, column) = (location.line as usize, location.column as usize);
        prop_assert!(line >= 1 && line <= lines.len(), "{error}");
        let length = lines[line - 1].chars().count();
        prop_assert!(column >= 1 && column <= length + 1, "{error}");
    }
    Ok(())
}

/// A random edit of a preset: delete, insert or replace a slice at a character boundary.
fn mutated_preset() -> impl Strategy<Value = String> {
    let snippets = prop::sample::select(vec![
        "=",
        "\"",
        "[",
        "]",
        "[[events]]\n",
        "\n",
        " ",
        "1.5",
        "-3",
        "true",
        "x = 1\n",
        "#",
        "'",
        "{",
        "0",
        "99999999999999999999",
        "nan",
        "\u{e9}",
    ]);
    (
        prop::sample::select(presets().to_vec()),
        any::<prop::sample::Index>(),
        0usize..12,
        prop_oneof![
            Just(String::new()),
            snippets.prop_map(String::from),
            "[ -~]{0,8}"
        ],
    )
        .prop_map(|(preset, at, removed, inserted)| {
            let boundaries: Vec<usize> = preset
                .toml
                .char_indices()
                .map(|(index, _)| index)
                .chain([preset.toml.len()])
                .collect();
            let start = at.index(boundaries.len());
            let end = boundaries[(start + removed).min(boundaries.len() - 1)];
            let start = boundaries[start];
            format!(
                "{}{}{}",
                &preset.toml[..start],
                inserted,
                &preset.toml[end..]
            )
        })
}

fn unit() -> impl Strategy<Value = UnitInterval> {
    prop_oneof![
        Just(UnitInterval::ZERO),
        Just(UnitInterval::ONE),
        (0.0f64..=1.0).prop_map(UnitInterval::clamped),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let simulation = (
        1u32..=36_500,
        0u32..=50_000_000,
        0u64..=i64::MAX as u64,
        any::<bool>(),
        proptest::option::of(1u64..=10_000_000_000),
    )
        .prop_map(
            |(days, shoppers, seed, random_breaches, customers)| SimulationSettings {
                days,
                shoppers,
                customers,
                seed,
                random_breaches,
            },
        );
    let strategy = (
        (unit(), unit(), any::<bool>(), unit()),
        (
            prop::sample::select(ConsentModel::ALL.to_vec()),
            unit(),
            0u32..=36_500,
        ),
        prop::sample::select(PrivacyTech::ALL.to_vec()),
    )
        .prop_map(
            |((p, dc, third, t), (consent, security, retention_days), tech)| RetailerStrategy {
                personalization: p,
                data_collection: dc,
                third_party_data: third,
                transparency: t,
                consent,
                security,
                retention_days,
                privacy_tech: tech,
            },
        );
    let population = ((0.0f64..=1.0), (0.0f64..=1.0), any::<bool>()).prop_map(|(a, b, social)| {
        // Shares that sum to 1 exactly in floating point: the last is what the others leave.
        let f = a;
        let p = (1.0 - f) * b;
        let u = 1.0 - f - p;
        PopulationSettings {
            mix: SegmentMix::new(
                UnitInterval::clamped(f),
                UnitInterval::clamped(p),
                UnitInterval::clamped(u),
            )
            .unwrap_or_default(),
            social_network: social,
        }
    });
    let events = prop::collection::vec(
        (
            0.0f64..1.0,
            prop::sample::select(EventKind::ALL.to_vec()),
            unit(),
        ),
        0..5,
    );
    (
        any::<String>(),
        any::<String>(),
        simulation,
        strategy,
        population,
        (
            table_from_specs::<Economics>(),
            table_from_specs::<ModelParams>(),
        ),
        events,
        prop::collection::vec((0.0f64..1.0, table_from_specs::<RetailerStrategy>()), 0..4),
    )
        .prop_map(
            |(
                name,
                description,
                simulation,
                strategy,
                population,
                (economics, model),
                events,
                changes,
            )| {
                let mut events: Vec<ScheduledEvent> = events
                    .into_iter()
                    .map(|(at, kind, severity)| ScheduledEvent {
                        day: 1 + (at * f64::from(simulation.days)) as u32 % simulation.days,
                        kind,
                        severity,
                    })
                    .collect();
                events.sort_by_key(|event| event.day);
                let days = simulation.days;
                let mut timeline: Vec<(u32, RetailerStrategy)> = changes
                    .into_iter()
                    .map(|(at, strategy)| (1 + (at * f64::from(days)) as u32 % days, strategy))
                    .collect();
                timeline.sort_by_key(|(day, _)| *day);
                timeline.dedup_by_key(|(day, _)| *day);
                let mut before = strategy;
                let changes = timeline
                    .into_iter()
                    .filter_map(|(day, after)| {
                        let change = ScheduledChange::between(day, &before, &after);
                        before = after;
                        change
                    })
                    .collect();
                Scenario {
                    name,
                    description,
                    simulation,
                    strategy,
                    population,
                    economics,
                    model,
                    cohort: None,
                    events,
                    changes,
                }
            },
        )
}

/// Any value `spec` allows, extremes included.
fn spec_value<T: Table>(spec: &'static crate::model::spec::Spec<T>) -> BoxedStrategy<Value> {
    match &spec.kind {
        Kind::Fraction { .. } => unit().prop_map(Value::Fraction).boxed(),
        Kind::Switch { .. } => any::<bool>().prop_map(Value::Switch).boxed(),
        Kind::Choice { names, .. } => prop::sample::select(names())
            .prop_map(Value::Choice)
            .boxed(),
        Kind::Whole { range, .. } => {
            prop_oneof![Just(*range.start()), Just(*range.end()), range.clone(),]
                .prop_map(Value::Whole)
                .boxed()
        }
        Kind::Number {
            range,
            min_exclusive,
            ..
        } => {
            let (start, high) = (*range.start(), range.end().min(f64::MAX));
            // The smallest allowed value above an exclusive start.
            let low = if *min_exclusive {
                start + f64::MIN_POSITIVE.max(start.abs() * f64::EPSILON)
            } else {
                start
            };
            prop_oneof![Just(low), Just(high), low..=high]
                .prop_filter("allowed", move |x| !(*x == start && low != start))
                .prop_map(Value::Number)
                .boxed()
        }
    }
}

/// A table with every key set through its spec to a random allowed value: built from the
/// specs alone, so it covers a field only if the field has a spec.
fn table_from_specs<T: Table + Clone + std::fmt::Debug>() -> impl Strategy<Value = T> {
    let values: Vec<BoxedStrategy<Value>> = T::SPECS.iter().map(spec_value).collect();
    values.prop_map(|values| {
        let mut table = T::default();
        for (spec, value) in T::SPECS.iter().zip(values) {
            assert!(
                spec.set(&mut table, value),
                "{} refused {value:?}",
                spec.key
            );
        }
        table
    })
}

proptest! {
    /// Write -> parse over strategies and simulation settings drawn from their specs; with
    /// the field check in `model::strategy`, a field missing from the table fails a test.
    #[test]
    fn spec_tables_round_trip(
        strategy in table_from_specs::<RetailerStrategy>(),
        simulation in table_from_specs::<SimulationSettings>(),
        economics in table_from_specs::<Economics>(),
        model in table_from_specs::<ModelParams>(),
    ) {
        let scenario = Scenario { strategy, simulation, economics, model, ..Scenario::default() };
        let text = scenario.to_toml_string();
        prop_assert_eq!(parse(&text), Ok(scenario), "{}", text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_text(&text)?;
    }

    #[test]
    fn mutated_presets_never_panic(text in mutated_preset()) {
        check_text(&text)?;
    }

    #[test]
    fn random_scenarios_round_trip(scenario in scenario()) {
        let text = scenario.to_toml_string();
        prop_assert_eq!(parse(&text), Ok(scenario), "{}", text);
    }

    #[test]
    fn arbitrary_overrides_never_panic(assignment in "[a-z_.]{0,20}=?[ -~]{0,12}") {
        let _ = Scenario::default().with_override(&assignment);
    }
}

/// The format is documented by hand in two places (this module's doc comment and the
/// README's key table); a key added to a spec table must appear in both.
#[test]
fn every_spec_key_is_documented() {
    let readme = include_str!("../../README.md");
    let format = include_str!("mod.rs");
    let mut checked = 0;
    for table in super::table::SPEC_TABLES {
        assert!(format.contains(&format!("//! [{}]", table.name)));
        for key in (table.keys)() {
            let row = format!("| `{}.{key}` |", table.name);
            assert!(readme.contains(&row), "README.md has no row {row}");
            let line = format!("//! {key} = ");
            assert!(format.contains(&line), "scenario/mod.rs has no line {line}");
            checked += 1;
        }
    }
    assert!(checked > 0, "no spec table was checked");
}
