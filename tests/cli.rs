//! The `shopsim` binary end to end: small runs through `std::process::Command`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SMALL: [&str; 4] = ["--shoppers", "500", "--days", "30"];

/// The contract columns, in order, at the start of the CSV header. Restated here rather than
/// imported from the library, so that a change to the library's table breaks this test.
const CONTRACT_COLUMNS: [&str; 15] = [
    "day",
    "active_shoppers",
    "churned_total",
    "mean_trust",
    "mean_loyalty",
    "visits",
    "orders",
    "conversion_rate",
    "revenue",
    "cumulative_revenue",
    "opt_in_rate",
    "stated_intent_to_leave",
    "negative_sentiment",
    "records_held",
    "breach_cost",
];

fn shopsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the shopsim binary runs")
}

fn run_small(extra: &[&str]) -> Output {
    let mut args = vec!["run"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&SMALL);
    shopsim(&args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "status {:?}, stderr: {}",
        output.status,
        stderr(output)
    );
}

/// An input error: exit code 2, a one-line `error:` message (plus hint), no panic.
fn assert_input_error(output: &Output) -> String {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(text.starts_with("error: "), "{text}");
    text
}

/// A fresh directory under the system's temporary directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shopsim-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn csv_has_the_contract_header_and_one_row_per_day() {
    let output = run_small(&[]);
    assert_success(&output);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(&header[..CONTRACT_COLUMNS.len()], &CONTRACT_COLUMNS[..]);
    for extra in [
        "churned_today",
        "fines",
        "recommendation_clicks",
        "attributed_recommendation_revenue",
        "fundamentalists_mean_trust",
        "pragmatists_churned_total",
        "unconcerned_stated_intent_to_leave",
        "trust_change_word_of_mouth",
        "trust_change_departures",
        "churn_natural",
        "churn_distrust",
    ] {
        assert!(header.contains(&extra), "missing column {extra}");
    }
    assert_eq!(lines.len(), 1 + 30);
    for (i, line) in lines[1..].iter().enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), header.len(), "row {i}");
        assert_eq!(fields[0], (i + 1).to_string());
        let revenue = fields[8];
        let decimals = revenue.split_once('.').map(|(_, d)| d.len());
        assert_eq!(decimals, Some(2), "revenue {revenue:?} has two decimals");
    }
}

#[test]
fn same_seed_gives_identical_bytes_and_other_seeds_differ() {
    let first = run_small(&["--seed", "11"]);
    let second = run_small(&["--seed", "11"]);
    let other = run_small(&["--seed", "12"]);
    assert_success(&first);
    assert_success(&other);
    assert_eq!(first.stdout, second.stdout);
    assert_ne!(first.stdout, other.stdout);
}

#[test]
fn thread_count_does_not_change_results() {
    let one = run_small(&["--threads", "1", "--format", "json"]);
    let two = run_small(&["--threads", "2", "--format", "json"]);
    assert_success(&one);
    assert_success(&two);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn every_listed_preset_runs() {
    let listing = shopsim(&["scenarios"]);
    assert_success(&listing);
    let text = stdout(&listing);
    let names: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with(' '))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(names.len(), 8, "{text}");
    assert_eq!(names[0], "balanced");
    for name in names {
        let output = shopsim(&["run", name, "--shoppers", "300", "--days", "10"]);
        assert_success(&output);
        assert_eq!(stdout(&output).lines().count(), 11, "{name}");
    }
}

#[test]
fn summary_is_one_json_object_with_every_contract_key() {
    let output = run_small(&["breach-shock", "--summary"]);
    assert_success(&output);
    let value = json(&output);
    for key in [
        "total_revenue",
        "total_orders",
        "final_active_shoppers",
        "churn_rate",
        "final_mean_trust",
        "conversion_rate",
        "recommendation_click_through",
        "attributed_recommendation_revenue",
        "peak_stated_intent_to_leave",
        "breach_cost",
        "fines",
        "scenario",
        "seed",
    ] {
        assert!(value.get(key).is_some(), "missing key {key}");
    }
    for segment in ["fundamentalists", "pragmatists", "unconcerned"] {
        let entry = &value["segments"][segment];
        assert!(entry["churn_rate"].is_number(), "{segment}");
        assert!(entry["final_mean_trust"].is_number(), "{segment}");
    }
    assert_eq!(value["seed"], 42);
}

#[test]
fn json_document_has_days_summary_and_events() {
    let output = shopsim(&[
        "run",
        "breach-shock",
        "--format",
        "json",
        "--shoppers",
        "500",
        "--days",
        "200",
        "--seed",
        "5",
    ]);
    assert_success(&output);
    let value = json(&output);
    assert_eq!(value["scenario"], "Breach shock");
    assert_eq!(value["seed"], 5);
    let days = value["days"].as_array().expect("days array");
    assert_eq!(days.len(), 200);
    let keys: Vec<&String> = days[0].as_object().expect("day object").keys().collect();
    // Without serde_json's preserve_order the keys come back sorted, so compare as sets.
    for column in CONTRACT_COLUMNS {
        assert!(keys.iter().any(|k| *k == column), "missing {column}");
    }
    assert_eq!(days[199]["day"], 200);
    assert!(value["summary"]["total_revenue"].is_number());
    let events = value["events"].as_array().expect("events array");
    let breach = events
        .iter()
        .find(|e| e["kind"] == "breach" && e["day"] == 180)
        .expect("the scheduled breach on day 180 is reported");
    assert!(breach["cost"].is_number());
}

#[test]
fn set_overrides_change_the_run_and_bad_keys_are_named() {
    let base = run_small(&["--summary"]);
    let changed = run_small(&["--summary", "--set", "strategy.personalization=0.0"]);
    assert_success(&changed);
    assert_ne!(base.stdout, changed.stdout);

    let output = run_small(&["--set", "strategy.personalisation=0.8"]);
    let text = assert_input_error(&output);
    assert!(text.contains("personalisation"), "{text}");

    let output = run_small(&["--set", "strategy.personalization=1.4"]);
    let text = assert_input_error(&output);
    assert!(text.contains("strategy.personalization"), "{text}");

    let output = run_small(&["--set", "no-equals-sign"]);
    assert_input_error(&output);
}

#[test]
fn unknown_preset_lists_the_known_ones() {
    let output = run_small(&["amazonlike"]);
    let text = assert_input_error(&output);
    for name in ["balanced", "amazon-like", "opt-in-regime"] {
        assert!(text.contains(name), "{text}");
    }
    assert!(text.contains("hint:"), "{text}");
}

#[test]
fn bad_input_never_panics() {
    let dir = scratch_dir("bad-input");
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "name = \"unterminated\n").expect("write");
    let broken = broken.to_string_lossy().into_owned();
    let cases: Vec<Vec<&str>> = vec![
        vec!["run", "no-such-preset"],
        vec!["run", "missing/file.toml"],
        vec!["run", &broken],
        vec!["run", "--format", "xml"],
        vec!["run", "--days", "0"],
        vec!["run", "--days", "many"],
        vec!["run", "--threads", "0"],
        vec!["run", "--set", "=1"],
        vec!["run", "--set", "events.day=3"],
        vec!["run", "--summary", "--format", "csv"],
        vec!["run", "--out", "/"],
        vec!["validate"],
        vec!["no-such-command"],
        vec!["tui", "no-such-preset"],
    ];
    for args in cases {
        let output = shopsim(&args);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(!text.contains("panicked"), "{args:?}: {text}");
        assert!(text.contains("error"), "{args:?}: {text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn validate_accepts_the_preset_files() {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
            .expect("scenarios/ exists")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
    files.sort();
    assert_eq!(files.len(), 8);
    let mut args = vec!["validate".to_string()];
    args.extend(files.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = shopsim(&args);
    assert_success(&output);
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 8);
    assert!(text.lines().all(|line| line.ends_with(": ok")), "{text}");
}

#[test]
fn validate_reports_every_bad_file_with_its_location() {
    let dir = scratch_dir("validate");
    let out_of_range = dir.join("out-of-range.toml");
    std::fs::write(
        &out_of_range,
        "name = \"x\"\n[strategy]\npersonalization = 1.4\n",
    )
    .expect("write");
    let syntax = dir.join("syntax.toml");
    std::fs::write(&syntax, "name = \"x\"\n[strategy\n").expect("write");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/balanced.toml");
    let paths = [&out_of_range, &good, &syntax];
    let args: Vec<String> = std::iter::once("validate".to_string())
        .chain(paths.iter().map(|p| p.to_string_lossy().into_owned()))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = shopsim(&args);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(!errors.contains("panicked"), "{errors}");
    let located = format!("{}:3:19:", out_of_range.display());
    assert!(errors.contains(&located), "{errors}");
    assert!(
        errors.contains(&format!("{}:2:", syntax.display())),
        "{errors}"
    );
    assert!(errors.contains("hint:"), "{errors}");
    assert_eq!(stdout(&output), format!("{}: ok\n", good.display()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_writes_the_file_and_leaves_no_temporary_file() {
    let dir = scratch_dir("out");
    let target = dir.join("run.csv");
    let target_text = target.to_string_lossy().into_owned();
    let output = run_small(&["--out", &target_text]);
    assert_success(&output);
    assert!(output.stdout.is_empty());
    let written = std::fs::read(&target).expect("the file exists");
    let on_stdout = run_small(&["--out", "-"]);
    assert_eq!(written, on_stdout.stdout);
    let entries: Vec<String> = std::fs::read_dir(&dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries, vec!["run.csv".to_string()]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_closed_stdout_pipe_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .args([
            "run",
            "--shoppers",
            "500",
            "--days",
            "3000",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output arrives");
    drop(stdout);
    let output = child.wait_with_output().expect("finishes");
    let text = stderr(&output);
    assert!(!text.contains("panicked"), "{text}");
    assert!(text.is_empty(), "{text}");
    let code = output.status.code();
    assert!(
        code == Some(0) || code.is_none(),
        "status {:?}",
        output.status
    );
}

#[test]
fn help_explains_every_run_flag() {
    let output = shopsim(&["run", "--help"]);
    assert_success(&output);
    let text = stdout(&output);
    for flag in [
        "--days",
        "--shoppers",
        "--seed",
        "--set",
        "--format",
        "--out",
        "--summary",
        "--threads",
        "Examples:",
    ] {
        assert!(text.contains(flag), "missing {flag} in:\n{text}");
    }
}

#[test]
fn scheduled_changes_run_headless_take_set_and_report_errors_located() {
    let dir = scratch_dir("changes");
    let timeline = dir.join("timeline.toml");
    std::fs::write(
        &timeline,
        "name = \"Switch\"\n[[changes]]\nday = 15\nconsent = \"opt-in\"\n",
    )
    .expect("write");
    let path = timeline.to_string_lossy().into_owned();
    let summary = |extra: &[&str]| {
        let mut args = vec![path.as_str(), "--summary"];
        args.extend_from_slice(extra);
        let output = run_small(&args);
        assert_success(&output);
        json(&output)
    };
    let switched = summary(&[]);
    let plain = dir.join("plain.toml");
    std::fs::write(&plain, "name = \"Switch\"\n").expect("write");
    let plain = plain.to_string_lossy().into_owned();
    let unchanged = json(&run_small(&[&plain, "--summary"]));
    let opt_in = |summary: &serde_json::Value| summary["final_opt_in_rate"].as_f64();
    assert!(
        opt_in(&switched) < opt_in(&unchanged),
        "opt-in from day 15 lowers the opt-in rate: {switched} vs {unchanged}"
    );
    let set = summary(&["--set", "strategy.personalization=0.9"]);
    assert_ne!(set["total_revenue"], switched["total_revenue"]);
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[[changes]]\nday = 20\nsecurity = 1\n[[changes]]\nday = 10\nsecurity = 0\n",
    )
    .expect("write");
    let output = shopsim(&["validate", &bad.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains(&format!("{}:5:7: changes[1].day is 10", bad.display())),
        "{text}"
    );
    assert!(text.contains("hint:"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
