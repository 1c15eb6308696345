//! The fit (issue 15): parameter recovery on histories made from known parameters, and
//! `shopsim calibrate` end to end on a small file.

use shopsim::calibration::fit::{self, simulated_transactions, FitReport, FitSettings};
use shopsim::calibration::orders::CivilDay;
use shopsim::calibration::panel::Panel;
use shopsim::model::params::ModelParams;
use shopsim::scenario::{Cohort, Scenario};
use std::path::PathBuf;
use std::process::Command;

/// A cohort of `customers` acquired evenly over four weeks, 26 weeks long, with known
/// parameters.
fn known_history(customers: u32, seed: u64) -> (Scenario, ModelParams) {
    let mut truth = ModelParams::default();
    truth.population.visit_shape = 0.8;
    truth.population.visit_mean = 0.3;
    truth.population.dropout_shape = 1.0;
    truth.population.dropout_mean = 0.01;
    let mut scenario = Scenario::default();
    scenario.simulation.days = 26 * 7;
    scenario.simulation.shoppers = customers;
    scenario.simulation.seed = seed;
    scenario.simulation.random_breaches = false;
    scenario.model = truth.clone();
    let per_day = customers / 28;
    let mut entries = vec![per_day; 28];
    entries[0] += customers - per_day * 28;
    scenario.cohort = Some(Cohort {
        entries_per_day: entries,
    });
    (scenario, truth)
}

fn start() -> CivilDay {
    CivilDay::from_ymd(2024, 1, 1).expect("a date")
}

#[test]
fn the_fit_recovers_known_parameters() {
    let (scenario, truth) = known_history(6000, 7);
    let transactions = simulated_transactions(&scenario, start());
    let panel = Panel::new(&transactions, start(), 13 * 7, 26 * 7);
    assert_eq!(panel.customers.len(), 6000);
    // Fitted on other random numbers than the history was made with.
    let settings = FitSettings {
        seed: 1234,
        ..FitSettings::default()
    };
    let fitted = fit::fit(&panel, &transactions, &settings, "recovery", |_| {}).expect("a fit");
    let got = &fitted.scenario.model;
    let rate = |m: &ModelParams| m.population.visit_mean * m.behaviour.base_conversion;
    let ratio = |a: f64, b: f64| a / b;
    // Stated tolerances: the purchase rate per day (visits x conversion, what orders
    // reveal) within 25 %, the mean dropout hazard within a factor 1.6 and the visit
    // heterogeneity within a factor 2 (six thousand customers over 13 weeks pin the
    // rate far better than the shapes).
    let rate_ratio = ratio(rate(got), rate(&truth));
    assert!(
        (0.75..=1.25).contains(&rate_ratio),
        "rate ratio {rate_ratio}: {got:?}"
    );
    let dropout = ratio(got.population.dropout_mean, truth.population.dropout_mean);
    assert!(
        (1.0 / 1.6..=1.6).contains(&dropout),
        "dropout ratio {dropout}"
    );
    let shape = ratio(got.population.visit_shape, truth.population.visit_shape);
    assert!((0.5..=2.0).contains(&shape), "visit shape ratio {shape}");
    // And it predicts the holdout it never saw within 10 %.
    let outcome = fit::simulate_cohort(&fitted.scenario, panel.calibration_end);
    let report = FitReport::new(&panel, &outcome);
    assert!(
        report.errors.holdout_error_percent.abs() <= 10.0,
        "{:?}",
        report.errors
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shopsim-calibrate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn the_command_fits_a_csv_and_writes_the_five_files() {
    let (scenario, _) = known_history(1500, 3);
    let mut csv = String::from("Email,Created at,Total\n");
    for t in simulated_transactions(&scenario, start()) {
        csv.push_str(&format!(
            "c{}@example.com,{} 10:00:00 -0500,{}.{:02}\n",
            t.customer,
            t.day,
            t.amount_cents / 100,
            t.amount_cents % 100
        ));
    }
    let dir = scratch("csv");
    let orders = dir.join("orders.csv");
    std::fs::write(&orders, csv).expect("write the orders");
    let out = dir.join("fit");
    let shopsim = env!("CARGO_BIN_EXE_shopsim");
    let result = Command::new(shopsim)
        .arg("calibrate")
        .arg(&orders)
        .args(["--out"])
        .arg(&out)
        .args(["--customer-column", "Email", "--date-column", "Created at"])
        .args(["--amount-column", "Total", "--max-evaluations", "12"])
        .args([
            "--calibration-end",
            "2024-03-31",
            "--holdout-end",
            "2024-06-29",
        ])
        .output()
        .expect("run shopsim");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).expect(name);
    let tracking = read("tracking.csv");
    let mut lines = tracking.lines();
    assert_eq!(
        lines.next(),
        Some("week,actual_cumulative_repeat,simulated_cumulative_repeat,actual_weekly_repeat,simulated_weekly_repeat")
    );
    assert_eq!(lines.count(), 26, "every week of calibration and holdout");
    let conditional = read("conditional.csv");
    let rows: Vec<&str> = conditional.lines().collect();
    assert_eq!(
        rows[0],
        "calibration_repeats,customers,actual_mean_holdout_repeat,simulated_mean_holdout_repeat"
    );
    assert_eq!(rows.len(), 9);
    assert!(rows[8].starts_with("7+,"));
    let customers: u64 = rows[1..]
        .iter()
        .map(|row| {
            row.split(',')
                .nth(1)
                .and_then(|n| n.parse::<u64>().ok())
                .expect("a count")
        })
        .sum();
    assert_eq!(customers, 1500);
    let json: serde_json::Value = serde_json::from_str(&read("fit.json")).expect("JSON");
    assert_eq!(json["customers"], 1500);
    assert!(json["parameters"]["visit_shape"].is_number(), "{json}");
    assert!(json["errors"]["holdout_error_percent"].is_number());
    assert!(read("tracking.svg").starts_with("<svg"));
    let fitted = read("fitted.toml");
    assert!(
        fitted.contains("[model]") && fitted.contains("[cohort]"),
        "{fitted}"
    );
    assert!(fitted.contains("customers = 1500"), "{fitted}");
    // The fitted scenario runs as is.
    let run = Command::new(shopsim)
        .arg("run")
        .arg(out.join("fitted.toml"))
        .arg("--summary")
        .output()
        .expect("run shopsim");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_row_is_a_located_input_error() {
    let dir = scratch("bad");
    let orders = dir.join("orders.csv");
    std::fs::write(
        &orders,
        "customer_id,date,amount\na,2024-01-02,5\nb,2024-13-01,5\n",
    )
    .expect("write");
    let result = Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .arg("calibrate")
        .arg(&orders)
        .arg("--out")
        .arg(dir.join("fit"))
        .output()
        .expect("run shopsim");
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("orders.csv:3:3: `2024-13-01` is not a date"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
