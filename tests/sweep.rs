//! `shopsim sweep`, `merge` and `report` end to end, on a tiny experiment.

use std::path::Path;
use std::process::{Command, Output};

const EXPERIMENT: &str = r#"name = "tiny grid"
set = ["simulation.shoppers=300", "simulation.days=30"]
seed = 11
replicates = 2
[[parameters]]
key = "strategy.personalization"
values = [0.0, 0.5, 1.0]
[[parameters]]
key = "strategy.consent"
choices = ["opt-in", "opt-out"]
"#;
const RUNS: usize = 3 * 2 * 2;

fn shopsim(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shopsim"));
    command.args(args);
    for name in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
        "JOB_COMPLETION_INDEX",
        "SHOPSIM_SHARD_COUNT",
    ] {
        command.env_remove(name);
    }
    command.envs(envs.iter().copied());
    command.output().expect("the shopsim binary runs")
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn sweep(experiment: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "sweep",
        experiment.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    shopsim(&args, &[])
}

/// The data lines of a results file, sorted (completion order varies with threads).
fn sorted_rows(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().skip(1).map(str::to_string).collect();
    lines.sort();
    lines
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let experiment = dir.path().join("tiny.toml");
    std::fs::write(&experiment, EXPERIMENT).unwrap();
    (dir, experiment)
}

#[test]
fn results_do_not_depend_on_jobs_and_the_report_is_written() {
    let (dir, experiment) = setup();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    let output = ok(sweep(&experiment, &one, &["--jobs", "1"]));
    ok(sweep(&experiment, &two, &["--jobs", "2"]));
    let rows = sorted_rows(&one.join("runs-all.csv"));
    assert_eq!(rows.len(), RUNS);
    assert_eq!(rows, sorted_rows(&two.join("runs-all.csv")));
    assert_eq!(
        std::fs::read_to_string(one.join("plan.json")).unwrap(),
        std::fs::read_to_string(two.join("plan.json")).unwrap()
    );
    for file in ["points.csv", "pareto.csv", "report.json"] {
        assert!(one.join("report").join(file).is_file(), "{file}");
    }
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(
        table.contains("12 of 12 runs") && table.contains("Pareto front"),
        "{table}"
    );
    // Running again into the same directory without --resume would duplicate: refused.
    let again = sweep(&experiment, &one, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--resume"));
}

#[test]
fn shards_merged_equal_the_unsharded_run() {
    let (dir, experiment) = setup();
    let whole = dir.path().join("whole");
    ok(sweep(&experiment, &whole, &["--jobs", "2"]));
    let mut shard_dirs = Vec::new();
    for k in 0..3 {
        let out = dir.path().join(format!("shard{k}"));
        ok(sweep(
            &experiment,
            &out,
            &["--shard", &format!("{k}/3"), "--jobs", "1"],
        ));
        assert!(out.join(format!("runs-{k}-of-3.csv")).is_file());
        shard_dirs.push(out);
    }
    // Shard 2 of 3 through the Kubernetes variables, into a shared directory.
    let shared = dir.path().join("shared");
    ok(shopsim(
        &[
            "sweep",
            experiment.to_str().unwrap(),
            "--out",
            shared.to_str().unwrap(),
        ],
        &[("JOB_COMPLETION_INDEX", "2"), ("SHOPSIM_SHARD_COUNT", "3")],
    ));
    assert_eq!(
        sorted_rows(&shared.join("runs-2-of-3.csv")),
        sorted_rows(&shard_dirs[2].join("runs-2-of-3.csv"))
    );
    let merged = dir.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shard_dirs.iter().map(|d| d.to_str().unwrap()));
    args.extend(["--out", merged.to_str().unwrap()]);
    let output = ok(shopsim(&args, &[]));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("missing"));
    let merged_text = std::fs::read_to_string(merged.join("runs-all.csv")).unwrap();
    let whole_text = std::fs::read_to_string(whole.join("runs-all.csv")).unwrap();
    let sorted = |text: &str| {
        let mut lines: Vec<&str> = text.lines().collect();
        lines.sort();
        lines.join("\n")
    };
    assert_eq!(sorted(&merged_text), sorted(&whole_text));
    assert_eq!(
        std::fs::read(merged.join("report").join("points.csv")).unwrap(),
        std::fs::read(whole.join("report").join("points.csv")).unwrap()
    );

    // Two shards only: the third shard's runs are reported missing (accepted here with
    // --allow-partial; tests/reliability.rs checks the failure without it).
    let partial = dir.path().join("partial");
    let output = ok(shopsim(
        &[
            "merge",
            shard_dirs[0].to_str().unwrap(),
            shard_dirs[1].to_str().unwrap(),
            "--out",
            partial.to_str().unwrap(),
            "--allow-partial",
        ],
        &[],
    ));
    assert!(String::from_utf8_lossy(&output.stderr).contains("4 runs are missing"));

    // A directory of another plan is refused.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, EXPERIMENT.replace("seed = 11", "seed = 12")).unwrap();
    let other_out = dir.path().join("other");
    ok(sweep(&other, &other_out, &["--shard", "0/3"]));
    let refused = shopsim(
        &[
            "merge",
            shard_dirs[0].to_str().unwrap(),
            other_out.to_str().unwrap(),
            "--out",
            partial.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not shards of one sweep"));
}

#[test]
fn an_interrupted_sweep_resumes_with_every_run_exactly_once() {
    let (dir, experiment) = setup();
    let full = dir.path().join("full");
    ok(sweep(&experiment, &full, &["--jobs", "2"]));
    let expected = sorted_rows(&full.join("runs-all.csv"));

    // Simulate a kill: keep the header and 5 rows, then half of the sixth line.
    let killed = dir.path().join("killed");
    std::fs::create_dir_all(&killed).unwrap();
    std::fs::copy(full.join("plan.json"), killed.join("plan.json")).unwrap();
    let text = std::fs::read_to_string(full.join("runs-all.csv")).unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut cut: String = lines[..6].concat();
    cut.push_str(&lines[6][..lines[6].len() / 2]);
    std::fs::write(killed.join("runs-all.csv"), &cut).unwrap();

    let output = ok(sweep(&experiment, &killed, &["--resume", "--jobs", "2"]));
    assert!(String::from_utf8_lossy(&output.stderr).contains("incomplete last line"));
    let resumed = sorted_rows(&killed.join("runs-all.csv"));
    assert_eq!(resumed, expected);
    // Resuming a finished sweep runs nothing and changes nothing.
    ok(sweep(&experiment, &killed, &["--resume"]));
    assert_eq!(sorted_rows(&killed.join("runs-all.csv")), expected);
}

#[test]
fn curves_and_emitted_jobs() {
    let (dir, experiment) = setup();
    let out = dir.path().join("curves");
    ok(sweep(&experiment, &out, &["--curves", "--shard", "0/6"]));
    let curve = std::fs::read_to_string(out.join("curves").join("p0000-r00.csv")).unwrap();
    assert_eq!(curve.lines().count(), 1 + 30);
    assert!(curve.starts_with("day,"));
    // --curves=daily: the columns of `shopsim run` (dollars, segment names), beside the
    // first format (cents, segments 0..2), which keeps its file name and meaning.
    ok(sweep(
        &experiment,
        &out,
        &["--resume", "--curves=daily", "--shard", "0/6"],
    ));
    let daily = std::fs::read_to_string(out.join("curves").join("p0000-r00.daily.csv")).unwrap();
    let run_header = ok(shopsim(&["run", "--days", "1", "--shoppers", "10"], &[]));
    let run_header = String::from_utf8_lossy(&run_header.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(daily.lines().next(), Some(run_header.as_str()));
    assert_eq!(daily.lines().count(), 1 + 30);
    let column = |text: &str, name: &str| -> f64 {
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let at = header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{name}"));
        text.lines()
            .last()
            .unwrap()
            .split(',')
            .nth(at)
            .unwrap()
            .parse()
            .unwrap()
    };
    let dollars = column(&daily, "cumulative_revenue");
    let cents = column(&curve, "cumulative_revenue");
    assert!(
        cents > 0.0 && (dollars * 100.0 - cents).abs() < 1.0,
        "{dollars} vs {cents}"
    );
    // Shares are written to 6 significant digits in the daily format.
    let (named, numbered) = (
        column(&daily, "fundamentalists_mean_trust"),
        column(&curve, "segments.0.mean_trust"),
    );
    assert!(
        named > 0.0 && (named - numbered).abs() < 1e-5,
        "{named} vs {numbered}"
    );

    let slurm = ok(shopsim(
        &[
            "sweep",
            experiment.to_str().unwrap(),
            "--out",
            "/shared/x",
            "--emit",
            "slurm",
            "--shards",
            "3",
        ],
        &[],
    ));
    let script = String::from_utf8_lossy(&slurm.stdout);
    assert!(script.starts_with("#!/bin/bash"));
    assert!(script.contains("#SBATCH --array=0-2"));
    assert!(script.contains("--out '/shared/x'") && script.contains("--resume"));
    let k8s = ok(shopsim(
        &[
            "sweep",
            experiment.to_str().unwrap(),
            "--out",
            "/results/x",
            "--emit",
            "k8s",
            "--shards",
            "3",
        ],
        &[],
    ));
    let manifest = String::from_utf8_lossy(&k8s.stdout);
    assert!(manifest.contains("completionMode: Indexed") && manifest.contains("completions: 3"));
    assert!(manifest.contains("SHOPSIM_SHARD_COUNT") && manifest.contains("\"hash\""));
    // The plan embedded in the manifest runs as is.
    let plan_json: String = manifest
        .lines()
        .skip_while(|line| !line.starts_with("  plan.json: |"))
        .skip(1)
        .take_while(|line| line.starts_with("    "))
        .map(|line| format!("{}\n", &line[4..]))
        .collect();
    let plan_file = dir.path().join("plan.json");
    std::fs::write(&plan_file, plan_json).unwrap();
    let from_plan = dir.path().join("from-plan");
    ok(sweep(&plan_file, &from_plan, &["--shard", "0/6"]));
    assert_eq!(
        sorted_rows(&from_plan.join("runs-0-of-6.csv")),
        sorted_rows(&out.join("runs-0-of-6.csv"))
    );
}

#[test]
fn experiment_errors_are_located_and_exit_2() {
    let (dir, _) = setup();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        EXPERIMENT.replace("strategy.consent", "strategy.consnet"),
    )
    .unwrap();
    let output = sweep(&bad, &dir.path().join("out"), &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.toml:9:7:"), "{stderr}");
    assert!(stderr.contains("did you mean `consent`?"), "{stderr}");
    // A base scenario path is read relative to the experiment file.
    std::fs::write(
        dir.path().join("base.toml"),
        "[simulation]\ndays = 20\nshoppers = 200\n",
    )
    .unwrap();
    let relative = dir.path().join("relative.toml");
    std::fs::write(
        &relative,
        EXPERIMENT
            .replace("name = \"tiny grid\"", "base = \"base.toml\"")
            .replace(
                "set = [\"simulation.shoppers=300\", \"simulation.days=30\"]\n",
                "",
            ),
    )
    .unwrap();
    let out = dir.path().join("relative-out");
    ok(sweep(&relative, &out, &["--shard", "0/12", "--curves"]));
    let curve = std::fs::read_to_string(out.join("curves").join("p0000-r00.csv")).unwrap();
    assert_eq!(curve.lines().count(), 1 + 20);
}
