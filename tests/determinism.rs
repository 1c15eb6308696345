//! The same scenario and seed give the same bytes at any worker thread count,
//! through the binary: `shopsim run --threads 1/2/8`.
//!
//! 10,000 shoppers make three blocks of parallel work (the last one partial), the
//! social network carries word of mouth across block boundaries, and a scheduled
//! breach plus random breaches at low security exercise the news path.

use std::path::PathBuf;
use std::process::Command;

const SCENARIO: &str = r#"
name = "Determinism check"

[simulation]
days = 40
shoppers = 10000
seed = 1234567
random_breaches = true

[strategy]
personalization = 0.8
data_collection = 0.7
third_party_data = true
security = 0.0
consent = "dashboard"

[population]
social_network = true

[[events]]
day = 12
kind = "breach"
severity = 0.7

[[events]]
day = 12
kind = "regulatory-inquiry"
severity = 0.5
"#;

fn scenario_file() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("scratch directory: {e}"));
    let path = dir.join("determinism.toml");
    std::fs::write(&path, SCENARIO).unwrap_or_else(|e| panic!("write scenario: {e}"));
    path
}

fn run(scenario: &PathBuf, threads: &str, format: &str) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_shopsim"))
        .arg("run")
        .arg(scenario)
        .args(["--threads", threads, "--format", format])
        .output()
        .unwrap_or_else(|e| panic!("the shopsim binary runs: {e}"));
    assert!(
        output.status.success(),
        "--threads {threads}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn csv_and_json_are_byte_identical_at_1_2_and_8_threads() {
    let scenario = scenario_file();
    for format in ["csv", "json"] {
        let one = run(&scenario, "1", format);
        assert!(one.len() > 1000, "{format} output is a real table");
        for threads in ["2", "8"] {
            let other = run(&scenario, threads, format);
            assert!(
                one == other,
                "{format} differs between --threads 1 and --threads {threads}"
            );
        }
    }
    // The run really did something the parallel split could get wrong.
    let csv = String::from_utf8(run(&scenario, "2", "csv"))
        .unwrap_or_else(|e| panic!("CSV is UTF-8: {e}"));
    assert_eq!(csv.lines().count(), 41, "header and 40 days");
    let day_13 = csv.lines().nth(13).unwrap_or_default();
    let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let breach_cost = column("breach_cost")
        .and_then(|i| day_13.split(',').nth(i))
        .and_then(|v| v.parse::<f64>().ok());
    assert!(
        breach_cost.is_some_and(|cost| cost > 0.0),
        "the day-12 breach costs money: {breach_cost:?}"
    );
    let word_of_mouth = column("trust_change_word_of_mouth")
        .and_then(|i| day_13.split(',').nth(i))
        .and_then(|v| v.parse::<f64>().ok());
    assert!(
        word_of_mouth.is_some_and(|change| change < 0.0),
        "word of mouth moves trust: {word_of_mouth:?}"
    );
}
