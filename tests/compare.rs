//! `compare` with per-side overrides (`--set-a` .. `--set-f`) and three to six sides, end to
//! end through the binary: every side on A's seed (common random numbers).

use serde_json::Value;
use std::process::{Command, Output};

fn shopsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the shopsim binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn success(args: &[&str]) -> String {
    let output = shopsim(args);
    assert!(
        output.status.success(),
        "{args:?}: status {:?}, stderr: {}",
        output.status,
        stderr(&output)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&success(args)).expect("valid JSON")
}

const SMALL: [&str; 4] = ["--shoppers", "1500", "--days", "60"];

fn with_small<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend_from_slice(&SMALL);
    all
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
