//! Tests across the sweep modules: experiment errors, result lines, merging, running.

use super::*;
use crate::scenario::{ErrorKind, Location, Scenario, ScenarioError};

const TINY: &str = r#"name = "tiny"
set = ["simulation.shoppers=300", "simulation.days=30"]
seed = 5
replicates = 2
[[parameters]]
key = "strategy.personalization"
values = [0.0, 1.0]
[[parameters]]
key = "strategy.consent"
choices = ["opt-in", "opt-out"]
"#;

fn plan_of(text: &str) -> Result<Plan, ScenarioError> {
    let experiment = Experiment::from_toml_str(text, "exp.toml")?;
    Plan::new(&experiment, &Scenario::default())
}

fn error_of(text: &str) -> ScenarioError {
    plan_of(text).expect_err("the experiment is invalid")
}

fn at(line: u32, column: u32) -> Option<Location> {
    Some(Location { line, column })
}

#[test]
fn unknown_keys_are_located_with_a_suggestion() {
    let error = error_of("seed = 1\nreplicate = 3\n");
    assert_eq!(error.kind, ErrorKind::UnknownKey);
    assert_eq!(error.location, at(2, 1));
    assert_eq!(error.hint.as_deref(), Some("did you mean `replicates`?"));
    assert!(error
        .to_string()
        .starts_with("exp.toml:2:1: unknown key `replicate`"));

    let error = error_of("[[parameters]]\nkey = \"strategy.security\"\nvalue = [1]\n");
    assert_eq!(error.kind, ErrorKind::UnknownKey);
    assert_eq!(error.location, at(3, 1));
    assert!(error.message.contains("in [[parameters]]"), "{error}");
}

#[test]
fn wrong_types_and_bad_choices_are_located() {
    let error = error_of("replicates = \"five\"\n");
    assert_eq!(
        (error.kind, error.location),
        (ErrorKind::WrongType, at(1, 14))
    );
    let error = error_of(
        "design = \"random\"\n[[parameters]]\nkey = \"strategy.security\"\nvalues = [1]\n",
    );
    assert_eq!(
        (error.kind, error.location),
        (ErrorKind::InvalidChoice, at(1, 10))
    );
    let error = error_of("replicates = 0\n");
    assert_eq!(
        (error.kind, error.location),
        (ErrorKind::OutOfRange, at(1, 14))
    );
}

#[test]
fn unknown_metrics_are_located_with_a_suggestion() {
    let text = TINY.replace(
        "seed = 5",
        "seed = 5\nmetrics = [\"total_revenue\", \"final_mean_trsut\"]",
    );
    let error = error_of(&text);
    assert_eq!(error.kind, ErrorKind::InvalidChoice);
    assert_eq!(error.key, "metrics[1]");
    assert_eq!(error.location, at(4, 29));
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean \"final_mean_trust\"?")
    );
}

#[test]
fn parameter_keys_and_levels_are_checked_on_the_base_at_their_place() {
    // A misspelt scenario key: blamed on the key, with the scenario's own hint.
    let error = error_of("[[parameters]]\nkey = \"strategy.personalisation\"\nvalues = [0.5]\n");
    assert_eq!(error.kind, ErrorKind::UnknownKey);
    assert_eq!(error.origin, "exp.toml");
    assert_eq!(error.location, at(2, 7));
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean `personalization`?")
    );
    // A level out of range: blamed on that level.
    let error = error_of("[[parameters]]\nkey = \"strategy.security\"\nvalues = [0.5, 1.5]\n");
    assert_eq!(error.kind, ErrorKind::OutOfRange);
    assert_eq!(error.location, at(3, 16));
    assert!(error.message.contains("strategy.security=1.5"), "{error}");
    // A bad choice.
    let error =
        error_of("[[parameters]]\nkey = \"strategy.consent\"\nchoices = [\"opt-in\", \"maybe\"]\n");
    assert_eq!(
        (error.kind, error.location),
        (ErrorKind::InvalidChoice, at(3, 22))
    );
    // A range bound.
    let error = error_of(
        "[[parameters]]\nkey = \"strategy.retention_days\"\nrange = [0, 99999]\nsteps = 3\n",
    );
    assert_eq!(
        (error.kind, error.location),
        (ErrorKind::OutOfRange, at(3, 13))
    );
    // A fixed override.
    let error = error_of(&TINY.replace("simulation.days=30", "simulation.dayz=30"));
    assert_eq!(
        (error.kind, error.key.as_str()),
        (ErrorKind::UnknownKey, "set[1]")
    );
    assert_eq!(error.location, at(2, 35));
}

#[test]
fn domain_rules_are_enforced() {
    let error = error_of("[[parameters]]\nkey = \"strategy.security\"\nrange = [0.0, 1.0]\n");
    assert_eq!(
        (error.kind, error.key.as_str()),
        (ErrorKind::MissingKey, "parameters[0].steps")
    );
    assert_eq!(error.location, at(3, 9));
    let error =
        error_of("samples = 8\n[[parameters]]\nkey = \"strategy.security\"\nvalues = [1]\n");
    assert_eq!(error.location, at(1, 11));
    let error =
        error_of("[[parameters]]\nkey = \"strategy.security\"\nvalues = [1]\nchoices = [\"a\"]\n");
    assert_eq!(error.location, at(2, 7));
    let error = error_of("[[parameters]]\nkey = \"simulation.seed\"\nvalues = [1]\n");
    assert_eq!(error.location, at(2, 7));
    let error = error_of("seed = 1\n");
    assert_eq!(error.kind, ErrorKind::MissingKey);
    let twice = "[[parameters]]\nkey = \"strategy.security\"\nvalues = [1]\n";
    let error = error_of(&format!("{twice}{twice}"));
    assert_eq!(error.location, at(5, 7));
}

#[test]
fn lhs_and_sobol_levels_stay_in_their_domains() {
    let text = "design = \"lhs\"\nsamples = 20\n\
        [[parameters]]\nkey = \"strategy.retention_days\"\nrange = [30, 60]\n\
        [[parameters]]\nkey = \"strategy.privacy_tech\"\nchoices = [\"none\", \"federated\"]\n";
    let plan = plan_of(text).unwrap();
    assert_eq!(plan.points.len(), 20);
    for point in &plan.points {
        assert!(matches!(point.levels[0], Level::Integer(d) if (30..=60).contains(&d)));
        assert!(matches!(&point.levels[1], Level::Text(t) if t == "none" || t == "federated"));
    }
    let sobol = plan_of(&text.replace("\"lhs\"", "\"sobol\"")).unwrap();
    assert_eq!(sobol.points.len(), 20 * 4);
    assert!(sobol.points.iter().all(|p| p.role.is_some()));
    // Sampled floats read back bit for bit, so the hash of a reloaded plan still matches.
    assert_eq!(Plan::from_json(&sobol.to_json()), Ok(sobol));
    assert_eq!(Plan::from_json(&plan.to_json()), Ok(plan));
}

#[test]
fn result_lines_round_trip_bit_for_bit() {
    let plan = plan_of(TINY).unwrap();
    let run = plan.run(3).unwrap();
    let record = RunRecord::new(&plan, &run, vec![0.1 + 0.2, 1e-300, 12345.678, f64::NAN]);
    let line = record.to_csv_line();
    assert!(line.ends_with('\n') && line.starts_with(&run.id));
    let text = format!("{}{line}", results::header(&plan));
    let parsed = parse_runs(&plan, &text).unwrap();
    assert!(!parsed.partial_tail);
    assert_eq!(parsed.records.len(), 1);
    assert_eq!(parsed.records[0].to_csv_line(), line);
    assert_eq!(
        parsed.records[0].metrics[0].to_bits(),
        (0.1f64 + 0.2).to_bits()
    );
}

#[test]
fn a_partial_last_line_is_reported_and_ignored() {
    let plan = plan_of(TINY).unwrap();
    let lines: Vec<String> = plan
        .runs()
        .map(|run| RunRecord::new(&plan, &run, vec![1.0; plan.metrics.len()]).to_csv_line())
        .collect();
    let full = format!("{}{}{}", results::header(&plan), lines[0], lines[1]);
    for cut in 1..lines[1].len() {
        let text = &full[..full.len() - cut];
        let parsed = parse_runs(&plan, text).unwrap();
        assert!(parsed.partial_tail);
        assert_eq!(parsed.records.len(), 1, "cut {cut}");
        assert_eq!(parsed.complete_len, full.len() - lines[1].len());
    }
    // An edited seed does not belong to the plan.
    let edited = full.replacen(&plan.run(0).unwrap().seed.to_string(), "1", 1);
    assert!(parse_runs(&plan, &edited)
        .unwrap_err()
        .contains("does not match the plan"));
    assert!(parse_runs(&plan, "run_id\n")
        .unwrap_err()
        .contains("header"));
    assert_eq!(parse_runs(&plan, "").unwrap().records.len(), 0);
}

#[test]
fn merging_reports_missing_duplicates_and_conflicts() {
    let plan = plan_of(TINY).unwrap();
    let records: Vec<RunRecord> = plan
        .runs()
        .map(|run| RunRecord::new(&plan, &run, vec![run.index as f64; plan.metrics.len()]))
        .collect();
    let first = records[..5].to_vec();
    let second = records[4..7].to_vec();
    let merged = merge_runs(&plan, &[second, first]).unwrap();
    assert_eq!(merged.records, records[..7].to_vec());
    assert_eq!(merged.duplicates, vec![records[4].run_id.clone()]);
    let missing: Vec<String> = records[7..].iter().map(|r| r.run_id.clone()).collect();
    assert_eq!(merged.missing, missing);
    let mut conflicting = records[0].clone();
    conflicting.metrics[0] += 1.0;
    assert!(merge_runs(&plan, &[vec![records[0].clone()], vec![conflicting]]).is_err());
}

#[test]
fn runs_are_reproducible_and_independent_of_order() {
    let plan = plan_of(TINY).unwrap();
    let base = plan.base_scenario().unwrap();
    let runs: Vec<PlannedRun> = plan.runs().collect();
    let forward: Vec<RunRecord> = runs
        .iter()
        .map(|r| execute(&plan, &base, r, false).unwrap().record)
        .collect();
    let backward: Vec<RunRecord> = runs
        .iter()
        .rev()
        .map(|r| execute(&plan, &base, r, false).unwrap().record)
        .collect();
    let backward: Vec<RunRecord> = backward.into_iter().rev().collect();
    assert_eq!(forward, backward);
    // The metrics respond to the levels: personalization 1 vs 0 changes revenue.
    assert_ne!(forward[0].metrics[0], forward[4].metrics[0]);
    let with_history = execute(&plan, &base, &runs[0], true).unwrap();
    assert_eq!(with_history.history.map(|h| h.len()), Some(30));
    assert_eq!(with_history.record, forward[0]);
}

#[test]
fn the_report_of_a_grid_has_every_point_and_a_front() {
    let plan = plan_of(TINY).unwrap();
    let base = plan.base_scenario().unwrap();
    let records: Vec<RunRecord> = plan
        .runs()
        .map(|r| execute(&plan, &base, &r, false).unwrap().record)
        .collect();
    let report = Report::build(&plan, &records);
    assert_eq!(report.points.len(), 4);
    assert_eq!(report.runs_found, 8);
    for point in &report.points {
        for estimate in &point.estimates {
            assert_eq!(estimate.n, 2);
            assert!(estimate.ci_low <= estimate.mean && estimate.mean <= estimate.ci_high);
        }
    }
    assert!(!report.pareto_front.is_empty());
    assert!(report.sobol.is_empty());
    assert_eq!(
        report.points_csv().lines().count(),
        1 + 4 * plan.metrics.len()
    );
}

#[test]
fn the_report_measures_seed_noise_and_marks_front_points_it_cannot_resolve() {
    let text = TINY.replace(
        "seed = 5",
        "seed = 5\nmetrics = [\"total_revenue\", \"final_mean_trust\", \"churn_rate\"]",
    ) + "[pareto]\nmaximize = [\"total_revenue\", \"final_mean_trust\"]\n";
    let plan = plan_of(&text).unwrap();
    // Revenue and trust per point, each replicate -/+ a spread; churn is pure noise
    // (its replicates differ, its point means do not).
    let centres = [(100.0, 0.9), (100.5, 0.89), (200.0, 0.1), (50.0, 0.2)];
    let records: Vec<RunRecord> = plan
        .runs()
        .map(|run| {
            let (revenue, trust) = centres[run.point];
            let sign = if run.replicate == 0 { -1.0 } else { 1.0 };
            let metrics = vec![revenue + sign, trust + 0.01 * sign, 0.1 + 0.05 * sign];
            RunRecord::new(&plan, &run, metrics)
        })
        .collect();
    let report = Report::build(&plan, &records);
    let revenue = report.noise[0]
        .noise
        .expect("two replicates measure the noise");
    assert_eq!((revenue.points, revenue.replicates), (4, 2.0));
    assert!((revenue.run_variance - 2.0).abs() < 1e-9, "{revenue:?}");
    assert!(revenue.share < 0.01, "{revenue:?}");
    let noisy: Vec<&str> = report.noisy_metrics().map(|(metric, _)| metric).collect();
    assert_eq!(noisy, ["churn_rate"]);
    // Points 0 and 1 are on the front and within each other's intervals in both
    // objectives; point 2 is on it clearly; point 3 is dominated.
    assert_eq!(report.pareto_front, [0, 1, 2]);
    assert_eq!(report.overlapping(0), [1]);
    assert_eq!(report.overlapping(1), [0]);
    assert!(report.overlapping(2).is_empty());
    let csv = report.pareto_csv();
    assert!(
        csv.lines().next().unwrap().ends_with(",complete,overlaps"),
        "{csv}"
    );
    assert!(csv.lines().nth(1).unwrap().ends_with(",true,1"), "{csv}");
    assert!(csv.lines().nth(3).unwrap().ends_with(",true,"), "{csv}");

    // One replicate: no noise figure, no overlap claimed.
    let single = plan_of(&text.replace("replicates = 2", "replicates = 1")).unwrap();
    let records: Vec<RunRecord> = single
        .runs()
        .map(|run| {
            let (revenue, trust) = centres[run.point];
            RunRecord::new(&single, &run, vec![revenue, trust, 0.1])
        })
        .collect();
    let report = Report::build(&single, &records);
    assert!(report.noise.iter().all(|m| m.noise.is_none()));
    assert!(report.pareto_overlaps.is_empty());
}
