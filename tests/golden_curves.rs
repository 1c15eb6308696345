//! Golden curves: the daily output of a few small scenarios, pinned byte for byte.
//!
//! Performance work on the engine must not change what it computes. Each case here
//! runs a small scenario and compares
//! * its daily CSV (what users see, 6 significant digits) with `tests/golden/<case>.csv`;
//! * a hash of every day's metrics and every event at full `f64` precision (JSON with
//!   shortest round-trip floats) with the line in `tests/golden/<case>.exact`, so that
//!   even a change in the last bit of a sum is caught.
//!
//! The golden files pin the engine bit for bit, so that a pure optimization can be
//! shown to change nothing. They were first generated from the engine before it was
//! optimized, and regenerated once on purpose when a faster scheme changed individual
//! draws (one hash for the visit and churn draws, word of mouth summed in fixed point,
//! a platform-independent `exp`); that the model's *behaviour* stayed the same is
//! checked statistically against the pre-optimization engine in `tests/equivalence.rs`.
//! They may only be regenerated on purpose, when the model's random draws or rules
//! change (say why in the commit), with:
//!
//! ```text
//! SHOPSIM_BLESS_GOLDEN=1 cargo test --release --test golden_curves
//! ```

use shopsim::model::events::{EventKind, ScheduledEvent};
use shopsim::model::strategy::ConsentModel;
use shopsim::report::csv::write_daily_csv;
use shopsim::scenario::Scenario;
use shopsim::sim::Engine;
use shopsim::units::UnitInterval;
use std::path::PathBuf;

/// One pinned run: a scenario and, optionally, a strategy switch on a given day.
struct Case {
    name: &'static str,
    scenario: Scenario,
    switch: Option<(u32, ConsentModel)>,
}

fn preset(name: &str, overrides: &[&str]) -> Scenario {
    Scenario::preset(name)
        .and_then(|s| s.with_overrides(overrides))
        .unwrap_or_else(|e| panic!("preset {name}: {e}"))
}

fn cases() -> Vec<Case> {
    let small = ["simulation.shoppers=2000", "simulation.days=120"];
    // The balanced preset draws random breaches; seed 42 has none in 120 days at the
    // default security, so a forced breach on day 50 exercises the news path too.
    let mut balanced = preset("balanced", &small);
    balanced.events.push(ScheduledEvent {
        day: 50,
        kind: EventKind::Breach,
        severity: UnitInterval::clamped(0.5),
    });
    let breach_shock = preset(
        "breach-shock",
        &["simulation.shoppers=2000", "simulation.days=200"],
    );
    // Network off, opt-in consent, every kind of event, two of them on one day.
    let mut opt_in = preset(
        "opt-in-regime",
        &[
            "simulation.shoppers=2000",
            "simulation.days=120",
            "population.social_network=false",
            "simulation.random_breaches=false",
        ],
    );
    for (day, kind, severity) in [
        (30, EventKind::PolicyChange, 0.7),
        (30, EventKind::RegulatoryInquiry, 0.4),
        (70, EventKind::Breach, 0.9),
    ] {
        opt_in.events.push(ScheduledEvent {
            day,
            kind,
            severity: UnitInterval::clamped(severity),
        });
    }
    // Dashboard consent with third-party data, network on, switching to opt-out midway
    // (re-draws consent), a regulatory inquiry and random breaches at low security.
    let mut dashboard = preset(
        "balanced",
        &[
            "simulation.shoppers=2000",
            "simulation.days=120",
            "simulation.seed=7",
            "strategy.consent=dashboard",
            "strategy.third_party_data=true",
            "strategy.personalization=0.9",
            "strategy.security=0.0",
        ],
    );
    dashboard.events.push(ScheduledEvent {
        day: 90,
        kind: EventKind::RegulatoryInquiry,
        severity: UnitInterval::clamped(0.8),
    });
    vec![
        Case {
            name: "balanced",
            scenario: balanced,
            switch: None,
        },
        Case {
            name: "breach-shock",
            scenario: breach_shock,
            switch: None,
        },
        Case {
            name: "opt-in-no-network",
            scenario: opt_in,
            switch: None,
        },
        Case {
            name: "dashboard-switch",
            scenario: dashboard,
            switch: Some((60, ConsentModel::OptOut)),
        },
    ]
}

/// FNV-1a, 64 bits: enough to notice any change, no dependency needed.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The run's CSV text and the hash of its full-precision history and events.
fn run(case: &Case) -> (String, String) {
    let mut engine = Engine::new(&case.scenario);
    while !engine.is_finished() {
        if let Some((day, consent)) = case.switch {
            if engine.day() + 1 == day {
                let mut strategy = *engine.strategy();
                strategy.consent = consent;
                engine.set_strategy(strategy);
            }
        }
        engine.step();
    }
    let mut csv = Vec::new();
    write_daily_csv(&mut csv, engine.history()).unwrap_or_else(|e| panic!("csv: {e}"));
    let csv = String::from_utf8(csv).unwrap_or_else(|e| panic!("csv is UTF-8: {e}"));
    let mut exact = String::new();
    for day in engine.history() {
        exact += &serde_json::to_string(day).unwrap_or_else(|e| panic!("json: {e}"));
        exact.push('\n');
    }
    for event in engine.events() {
        exact += &serde_json::to_string(event).unwrap_or_else(|e| panic!("json: {e}"));
        exact.push('\n');
    }
    let summary = format!(
        "days {} events {} fnv1a {:016x}\n",
        engine.history().len(),
        engine.events().len(),
        fnv1a(exact.as_bytes())
    );
    (csv, summary)
}

fn golden_path(name: &str, extension: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.{extension}"))
}

fn check(name: &str, extension: &str, actual: &str) {
    let path = golden_path(name, extension);
    if std::env::var_os("SHOPSIM_BLESS_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap_or(&path))
            .unwrap_or_else(|e| panic!("create golden dir: {e}"));
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("write {path:?}: {e}"));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{path:?}: {e} (generate with SHOPSIM_BLESS_GOLDEN=1, see this file's docs)")
    });
    if expected != actual {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (e, a))| e != a)
            .map(|(i, (e, a))| format!("line {}:\n expected {e}\n   actual {a}", i + 1))
            .unwrap_or_else(|| "one output is a prefix of the other".into());
        panic!("{name}.{extension} differs from the golden file; {first_difference}");
    }
}

#[test]
fn golden_curves_are_unchanged() {
    for case in cases() {
        let (csv, exact) = run(&case);
        check(case.name, "csv", &csv);
        check(case.name, "exact", &exact);
    }
}

#[test]
fn golden_cases_exercise_events_and_the_network() {
    // Guards the golden cases themselves: they must cover the paths they claim to.
    let cases = cases();
    let events: Vec<usize> = cases
        .iter()
        .map(|case| {
            let mut engine = Engine::new(&case.scenario);
            engine.run_to_end();
            engine.events().len()
        })
        .collect();
    assert!(events.iter().all(|&n| n >= 1), "events fired: {events:?}");
    assert!(cases.iter().any(|c| c.scenario.population.social_network));
    assert!(cases.iter().any(|c| !c.scenario.population.social_network));
}
