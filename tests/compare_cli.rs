//! `compare` end to end through the binary: two sides and their difference on one seed,
//! per-side overrides and 3- to 6-way comparisons on common random numbers.

mod support;

use serde_json::Value;
use support::*;

#[test]
fn compare_json_reports_both_sides_and_their_difference_on_one_seed() {
    let document = json(&with_small(&[
        "compare",
        "balanced",
        "creepy-overreach",
        "--format",
        "json",
    ]));
    let (a, b) = (&document["a"]["summary"], &document["b"]["summary"]);
    assert_eq!(document["a"]["source"], "balanced");
    assert_eq!(document["b"]["source"], "creepy-overreach");
    let d = &document["difference"];
    for (key, diff) in [
        ("total_revenue", "revenue"),
        ("churn_rate", "churn_rate"),
        ("final_mean_trust", "final_mean_trust"),
    ] {
        let expected = number(&b[key]) - number(&a[key]);
        assert!(
            (number(&d[diff]) - expected).abs() < 0.01,
            "{diff}: {} vs {expected}",
            d[diff]
        );
    }
    assert_eq!(
        number(&d["orders"]),
        number(&b["total_orders"]) - number(&a["total_orders"])
    );
}

#[test]
fn compare_of_a_scenario_with_itself_shows_no_difference() {
    let text = success(&with_small(&["compare", "balanced", "balanced"]));
    assert!(text.contains("The runs are identical."), "{text}");
    let revenue = text
        .lines()
        .find(|l| l.starts_with("revenue"))
        .expect("a revenue row");
    assert!(revenue.trim_end().ends_with("$0"), "{revenue}");
    for label in [
        "churn rate",
        "final mean trust",
        "intent-action gap",
        "fines",
    ] {
        assert!(text.contains(label), "missing {label}: {text}");
    }
}

#[test]
fn compare_runs_b_on_a_seed_with_a_note() {
    // balanced.toml with another seed: B must run on A's seed, and then it equals A.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/balanced.toml"),
    )
    .expect("the preset file");
    assert!(text.contains("seed = 42"));
    let dir = std::env::temp_dir().join(format!("shopsim-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let other = dir.join("other-seed.toml");
    std::fs::write(&other, text.replace("seed = 42", "seed = 7")).expect("written");
    let other = other.to_str().expect("UTF-8 path");
    let output = shopsim(&with_small(&["compare", "balanced", other]));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("B runs on A's seed 42"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("The runs are identical."));
}

/// The summary of `run SCENARIO --summary` with `extra` arguments, without the run's
/// labels (scenario, source, seed), as compare's sides report it.
fn run_summary(scenario: &str, extra: &[&str]) -> Value {
    let mut args = vec!["run", scenario, "--summary"];
    args.extend_from_slice(extra);
    let mut document = json(&with_small(&args));
    let object = document.as_object_mut().expect("an object");
    for label in ["scenario", "source", "seed"] {
        object.remove(label);
    }
    document
}

#[test]
fn compare_set_b_changes_only_b_and_set_changes_both() {
    let opt_in = "strategy.consent=opt-in";
    let document = json(&with_small(&[
        "compare", "balanced", "balanced", "--set-b", opt_in, "--format", "json",
    ]));
    // A is the preset as shipped, B the preset with the override: each equals its own run.
    assert_eq!(document["a"]["summary"], run_summary("balanced", &[]));
    assert_eq!(
        document["b"]["summary"],
        run_summary("balanced", &["--set", opt_in])
    );
    assert_eq!(document["b"]["overrides"][0], opt_in);
    assert_ne!(document["a"]["summary"], document["b"]["summary"]);
    assert!(document["differences"][0]["first_divergent_day"].is_number());
    // --set applies to both: no difference at all (the README's old mistake).
    let both = json(&with_small(&[
        "compare", "balanced", "balanced", "--set", opt_in, "--format", "json",
    ]));
    assert_eq!(both["a"]["summary"], both["b"]["summary"]);
    assert_eq!(both["a"]["summary"], document["b"]["summary"]);
    assert!(both["differences"][0]["first_divergent_day"].is_null());
    // A side's own value wins over --set.
    let own = json(&with_small(&[
        "compare",
        "balanced",
        "balanced",
        "--set",
        opt_in,
        "--set-a",
        "strategy.consent=opt-out",
        "--format",
        "json",
    ]));
    assert_eq!(
        own["a"]["summary"],
        run_summary("balanced", &["--set", "strategy.consent=opt-out"])
    );
    assert_eq!(own["b"]["summary"], document["b"]["summary"]);
}

#[test]
fn a_three_way_compare_equals_its_two_way_compares_on_one_seed() {
    let security = "strategy.security=0.9";
    let three = json(&with_small(&[
        "compare",
        "balanced",
        "creepy-overreach",
        "balanced",
        "--set-c",
        security,
        "--format",
        "json",
    ]));
    let sides = three["sides"].as_array().expect("sides");
    assert_eq!(sides.len(), 3);
    let letters: Vec<&str> = sides
        .iter()
        .map(|s| s["side"].as_str().expect("text"))
        .collect();
    assert_eq!(letters, ["A", "B", "C"]);
    let ab = json(&with_small(&[
        "compare",
        "balanced",
        "creepy-overreach",
        "--format",
        "json",
    ]));
    let ac = json(&with_small(&[
        "compare", "balanced", "balanced", "--set-b", security, "--format", "json",
    ]));
    assert_eq!(sides[0]["summary"], ab["a"]["summary"]);
    assert_eq!(sides[1]["summary"], ab["b"]["summary"]);
    assert_eq!(sides[2]["summary"], ac["b"]["summary"]);
    assert_eq!(three["differences"][0]["difference"], ab["difference"]);
    assert_eq!(three["differences"][1]["difference"], ac["difference"]);
    assert_eq!(three["differences"][1]["side"], "C");
    // The two-side fields stay: a, b and their difference.
    assert_eq!(three["difference"], ab["difference"]);

    // A side equal to A is identical to it, whatever stands between them.
    let text = success(&with_small(&[
        "compare",
        "balanced",
        "apple-like",
        "balanced",
    ]));
    assert!(text.contains("C is identical to A."), "{text}");
    assert!(text.contains("B first differs from A on day"), "{text}");
    assert!(text.contains("C - A"), "{text}");
}

#[test]
fn compare_refuses_a_side_override_without_its_side_and_more_than_six_sides() {
    let output = shopsim(&with_small(&[
        "compare",
        "balanced",
        "balanced",
        "--set-c",
        "strategy.security=0.9",
    ]));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no scenario C"),
        "{}",
        stderr(&output)
    );
    let seven = ["balanced"; 7];
    let mut args = vec!["compare"];
    args.extend_from_slice(&seven);
    let output = shopsim(&with_small(&args));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("at most 6 scenarios"),
        "{}",
        stderr(&output)
    );
}
