//! Statistical equivalence with the engine as it was before it was optimized.
//!
//! `golden_curves.rs` pins a few runs byte for byte, so any change to the random draws
//! (a new sampling order, a faster sampler, a sparser network walk) must re-bless it.
//! Such a change is allowed to move every single run, but not the model's behaviour.
//! This test checks the second half: it runs four scenarios on seeds 1..=8 (5,000
//! shoppers, 365 days) with the current engine and compares, per scenario and per
//! headline metric, the mean over the eight seeds with the same mean measured on the
//! reference engine, stored in `tests/golden/reference-v1.csv`.
//!
//! The seeds cannot be paired (the draws differ), so the two samples are compared as
//! independent: a metric passes when
//!
//! ```text
//! |mean_new - mean_ref| <= 4 * sqrt(sd_new^2 / 8 + sd_ref^2 / 8) + floor
//! ```
//!
//! where `sd` is the sample standard deviation over the seeds and `floor` is
//! `1e-9 * (1 + |mean_ref|)`, so that a metric without seed-to-seed variation must
//! match almost exactly. The test shows the whole table with `--nocapture` and in its
//! failure message. It detects shifts of roughly two single-run standard deviations
//! and more; smaller drifts go unnoticed.
//!
//! # The reference data
//!
//! `reference-v1.csv` was generated from the binary built at commit `ec53342` (the last
//! commit before the hot-loop optimization) with `cargo build --release`, one run per
//! case and seed `S` in 1..=8:
//!
//! ```text
//! balanced-network:    shopsim run balanced --shoppers 5000 --days 365 --seed S --summary \
//!                        --set simulation.random_breaches=false
//! breach-shock:        shopsim run breach-shock --shoppers 5000 --days 365 --seed S --summary \
//!                        --set simulation.random_breaches=false
//! balanced-no-network: shopsim run balanced --shoppers 5000 --days 365 --seed S --summary \
//!                        --set simulation.random_breaches=false \
//!                        --set population.social_network=false
//! creepy-overreach:    shopsim run creepy-overreach --shoppers 5000 --days 365 --seed S \
//!                        --summary --set simulation.random_breaches=false
//! ```
//!
//! Each CSV column is the summary's JSON field of the same name (`total_revenue` in
//! dollars), written at full precision; `fundamentalists_churn_rate` is
//! `segments.fundamentalists.churn_rate`.
//!
//! The reference must never be regenerated from a newer engine: it would then compare
//! the engine with itself and stop guarding anything. If the model is changed on
//! purpose, add a new `reference-v2.csv` from a named commit and say why.
//!
//! `reference-v2.csv` is that: issue 14 changed the model on purpose (third-party data
//! creepiness, opt-in control, purchase history at day 0, dissatisfaction churn, the
//! conversion and basket lifts; docs/MODEL.md section 9). It was written by
//! `print_reference_rows` below (`cargo test --release --test equivalence -- --ignored
//! --nocapture`, the same runs as above, in-process) on branch `facts` at the commit that
//! changed the model; v1 stays as the record of the engine before the optimization.
//!
//! `reference-v3.csv` is the next one: issue 14's second pass changed relevance and
//! creepiness (separable relevance, creepiness quadratic in intensity with a saturating
//! breadth, dashboard control 0.7; docs/MODEL.md E5, E6), the news shock (a cap per piece
//! of news, a larger scale; E15), what a breach exposes about a held shopper (E17), the
//! experience damage (E11) and the conversion penalty of creepiness, now convex, with the
//! relevance lift of conversion back at 0.2 (E8). Written the same way on main after merging those branches;
//! `REFERENCE` points to it and v2 stays as the record.

use rayon::prelude::*;
use shopsim::scenario::Scenario;
use shopsim::sim::metrics::Summary;
use shopsim::sim::Engine;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const REFERENCE: &str = include_str!("golden/reference-v3.csv");

const SEEDS: std::ops::RangeInclusive<u64> = 1..=8;

/// The metrics compared, in the order of the CSV columns after `case,seed`.
const METRICS: [&str; 9] = [
    "total_revenue",
    "churn_rate",
    "final_mean_trust",
    "final_mean_loyalty",
    "conversion_rate",
    "recommendation_click_through",
    "peak_stated_intent_to_leave",
    "final_opt_in_rate",
    "fundamentalists_churn_rate",
];

/// How many standard errors of the difference of the means are tolerated.
const Z_LIMIT: f64 = 4.0;

/// The cases: name, preset and overrides (besides shoppers, days and seed).
const CASES: [(&str, &str, &[&str]); 4] = [
    (
        "balanced-network",
        "balanced",
        &["simulation.random_breaches=false"],
    ),
    (
        "breach-shock",
        "breach-shock",
        &["simulation.random_breaches=false"],
    ),
    (
        "balanced-no-network",
        "balanced",
        &[
            "simulation.random_breaches=false",
            "population.social_network=false",
        ],
    ),
    (
        "creepy-overreach",
        "creepy-overreach",
        &["simulation.random_breaches=false"],
    ),
];

/// One run's metrics, in the order of `METRICS`.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    case: String,
    seed: u64,
    values: [f64; METRICS.len()],
}

/// One metric of one case, compared.
#[derive(Debug, Clone)]
struct Comparison {
    case: String,
    metric: &'static str,
    ref_mean: f64,
    new_mean: f64,
    allowed: f64,
    z: f64,
    pass: bool,
}

fn reference_rows() -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(REFERENCE.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap_or_else(|e| panic!("reference header: {e}"))
        .iter()
        .map(str::to_owned)
        .collect();
    let expected: Vec<&str> = ["case", "seed"].into_iter().chain(METRICS).collect();
    assert_eq!(header, expected, "reference columns");
    reader
        .records()
        .map(|record| {
            let record = record.unwrap_or_else(|e| panic!("reference record: {e}"));
            let field = |i: usize| record.get(i).unwrap_or_else(|| panic!("short record"));
            let mut values = [0.0; METRICS.len()];
            for (i, value) in values.iter_mut().enumerate() {
                *value = field(i + 2)
                    .parse()
                    .unwrap_or_else(|e| panic!("{}: {e}", METRICS[i]));
            }
            Row {
                case: field(0).to_owned(),
                seed: field(1).parse().unwrap_or_else(|e| panic!("seed: {e}")),
                values,
            }
        })
        .collect()
}

fn metrics_of(summary: &Summary) -> [f64; METRICS.len()] {
    [
        summary.total_revenue.dollars(),
        summary.churn_rate,
        summary.final_mean_trust,
        summary.final_mean_loyalty,
        summary.conversion_rate,
        summary.recommendation_click_through,
        summary.peak_stated_intent_to_leave,
        summary.final_opt_in_rate,
        summary.segments.fundamentalists.churn_rate,
    ]
}

/// Runs every case and seed on the current engine, in parallel.
fn current_rows() -> Vec<Row> {
    let runs: Vec<(&str, &str, &[&str], u64)> = CASES
        .iter()
        .flat_map(|&(case, preset, overrides)| {
            SEEDS.map(move |seed| (case, preset, overrides, seed))
        })
        .collect();
    runs.into_par_iter()
        .map(|(case, preset, overrides, seed)| {
            let size = [
                "simulation.shoppers=5000".to_owned(),
                "simulation.days=365".to_owned(),
                format!("simulation.seed={seed}"),
            ];
            let mut scenario = Scenario::preset(preset)
                .and_then(|s| s.with_overrides(overrides.iter().copied()))
                .and_then(|s| s.with_overrides(&size))
                .unwrap_or_else(|e| panic!("{case}: {e}"));
            // The reference predates `simulation.customers` (issue 13): compare money at
            // the shoppers' own scale, as it was then.
            scenario.simulation.customers = None;
            let mut engine = Engine::new(&scenario);
            engine.run_to_end();
            Row {
                case: case.to_owned(),
                seed,
                values: metrics_of(&engine.summary()),
            }
        })
        .collect()
}

/// Sample mean and sample standard deviation.
fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// Each case's values of each metric, by case name.
fn by_case(rows: &[Row]) -> BTreeMap<&str, Vec<&Row>> {
    let mut cases: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in rows {
        cases.entry(row.case.as_str()).or_default().push(row);
    }
    cases
}

/// Compares every case and metric of `current` with `reference`. Both must hold the
/// same cases, each with at least two seeds.
fn compare(reference: &[Row], current: &[Row]) -> Vec<Comparison> {
    let reference = by_case(reference);
    let current = by_case(current);
    assert_eq!(
        reference.keys().collect::<Vec<_>>(),
        current.keys().collect::<Vec<_>>(),
        "the reference and the current runs cover different cases"
    );
    let mut out = Vec::new();
    for (case, ref_rows) in &reference {
        let new_rows = &current[case];
        assert!(
            ref_rows.len() >= 2 && new_rows.len() >= 2,
            "{case}: too few seeds"
        );
        for (m, &metric) in METRICS.iter().enumerate() {
            let column = |rows: &[&Row]| rows.iter().map(|r| r.values[m]).collect::<Vec<_>>();
            let (ref_mean, ref_sd) = mean_sd(&column(ref_rows));
            let (new_mean, new_sd) = mean_sd(&column(new_rows));
            let se = (new_sd.powi(2) / new_rows.len() as f64
                + ref_sd.powi(2) / ref_rows.len() as f64)
                .sqrt();
            let floor = 1e-9 * (1.0 + ref_mean.abs());
            let allowed = Z_LIMIT * se + floor;
            let diff = (new_mean - ref_mean).abs();
            let z = if se > 0.0 {
                (new_mean - ref_mean) / se
            } else if diff > floor {
                f64::INFINITY.copysign(new_mean - ref_mean)
            } else {
                0.0
            };
            out.push(Comparison {
                case: case.to_string(),
                metric,
                ref_mean,
                new_mean,
                allowed,
                z,
                // `!(diff > allowed)` would let NaN pass; this form rejects it.
                pass: diff <= allowed,
            });
        }
    }
    out
}

fn table(comparisons: &[Comparison]) -> String {
    let mut s = format!(
        "{:<20} {:<29} {:>14} {:>14} {:>12} {:>8}  {}\n",
        "case", "metric", "ref mean", "new mean", "allowed", "z", "ok"
    );
    for c in comparisons {
        let _ = writeln!(
            s,
            "{:<20} {:<29} {:>14.6} {:>14.6} {:>12.6} {:>8.2}  {}",
            c.case,
            c.metric,
            c.ref_mean,
            c.new_mean,
            c.allowed,
            c.z,
            if c.pass { "yes" } else { "NO" }
        );
    }
    s
}

/// Prints the current engine's rows in the reference's CSV format: how
/// `reference-v2.csv` and `reference-v3.csv` were written (see the module docs). Not a check.
#[test]
#[ignore = "writes a new reference; run by hand after an intended model change"]
fn print_reference_rows() {
    let mut out = String::from("case,seed");
    for metric in METRICS {
        out.push(',');
        out.push_str(metric);
    }
    out.push('\n');
    for row in current_rows() {
        let _ = write!(out, "{},{}", row.case, row.seed);
        for value in row.values {
            let _ = write!(out, ",{value}");
        }
        out.push('\n');
    }
    print!("{out}");
    assert!(out.lines().count() > 1);
}

#[test]
fn reference_covers_every_case_and_seed() {
    let rows = reference_rows();
    for (case, _, _) in CASES {
        let seeds: Vec<u64> = rows
            .iter()
            .filter(|r| r.case == case)
            .map(|r| r.seed)
            .collect();
        assert_eq!(seeds, SEEDS.collect::<Vec<_>>(), "{case}");
    }
    assert_eq!(rows.len(), CASES.len() * SEEDS.count());
}

#[test]
fn current_engine_matches_the_reference_statistically() {
    let reference = reference_rows();
    let current = current_rows();
    let comparisons = compare(&reference, &current);
    let table = table(&comparisons);
    let identical = current.iter().filter(|row| reference.contains(row)).count();
    println!(
        "{identical} of {} runs identical to the reference\n{table}",
        current.len()
    );
    let failed = comparisons.iter().filter(|c| !c.pass).count();
    assert!(
        failed == 0,
        "{failed} of {} metrics differ from the reference engine (reference-v3.csv, issue \
         14's second pass) by more than {Z_LIMIT} standard errors:\n{table}",
        comparisons.len()
    );
}

/// The comparison accepts the reference against itself and rejects clear shifts, so
/// a pass above means something.
#[test]
fn comparison_rejects_shifted_data() {
    let reference = reference_rows();
    assert!(compare(&reference, &reference).iter().all(|c| c.pass));

    let churn = 1;
    let mut shifted = reference.clone();
    for row in &mut shifted {
        row.values[churn] *= 1.2;
    }
    let comparisons = compare(&reference, &shifted);
    for c in &comparisons {
        assert_eq!(
            c.pass,
            c.metric != "churn_rate",
            "{} {}: churn +20 % must be rejected, nothing else\n{}",
            c.case,
            c.metric,
            table(&comparisons)
        );
    }

    // A metric without seed-to-seed spread must match exactly (up to the floor).
    let mut constant = reference.clone();
    for row in &mut constant {
        row.values[churn] = 0.25;
    }
    let mut nudged = constant.clone();
    for row in &mut nudged {
        row.values[churn] += 1e-6;
    }
    assert!(compare(&constant, &constant).iter().all(|c| c.pass));
    assert!(compare(&constant, &nudged)
        .iter()
        .filter(|c| c.metric == "churn_rate")
        .all(|c| !c.pass && c.z.is_infinite()));
}
