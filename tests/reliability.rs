//! Issue 16, each bullet driven through the binary: no data loss, bounded resources, and
//! every failure said out loud. Special files are made with mknod when the tests run as
//! root and skipped with a message otherwise; the TUI's signal test needs tmux.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_shopsim");

/// A small, fast scenario.
const SCENARIO: &str = "name = \"Tiny\"\n[simulation]\ndays = 5\nshoppers = 200\nseed = 3\n";

const EXPERIMENT: &str = r#"name = "tiny"
set = ["simulation.shoppers=150", "simulation.days=8"]
seed = 5
replicates = 2
[[parameters]]
key = "strategy.personalization"
values = [0.0, 1.0]
"#;

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("shopsim-reliability-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
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
    command.stdin(Stdio::null());
    command
}

/// Runs shopsim, failing the test if it takes more than 60 s (a blocked read).
fn shopsim(args: &[&str]) -> Output {
    let mut child = command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("shopsim {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn status(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn expect(output: &Output, code: i32, stderr_has: &str) {
    assert_eq!(
        status(output),
        code,
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(
        text(&output.stderr).contains(stderr_has),
        "stderr lacks {stderr_has:?}: {}",
        text(&output.stderr)
    );
}

/// A tiny run of the default scenario written to `out`.
fn run_to(out: &Path) -> Output {
    shopsim(&[
        "run",
        "--days",
        "3",
        "--shoppers",
        "100",
        "--out",
        path(out),
    ])
}

/// A sweep of `experiment` into `out` on one thread, with `extra` flags.
fn sweep_to(experiment: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["sweep", path(experiment), "--out", path(out), "--jobs", "1"];
    args.extend_from_slice(extra);
    shopsim(&args)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| text(&o.stdout).trim() == "0")
}

/// Makes a device node (major, minor) at `at`, or says why the test is skipped.
fn mknod(at: &Path, major: u32, minor: u32) -> bool {
    if !is_root() {
        eprintln!("skipped: making a device node with mknod needs root");
        return false;
    }
    let made = Command::new("mknod")
        .args([path(at), "c", &major.to_string(), &minor.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mknod failed here");
    }
    made
}

fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

fn write_experiment(dir: &Path, text: &str) -> PathBuf {
    let experiment = dir.join("exp.toml");
    std::fs::write(&experiment, text).unwrap();
    experiment
}

// ---------------------------------------------------------------- data loss

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = scratch("out-is-input");
    let scenario = dir.join("s.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();
    let output = shopsim(&["run", path(&scenario), "--out", path(&scenario)]);
    expect(&output, 2, "it is an input of this command");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), SCENARIO);
    // Through a symbolic link too.
    let link = dir.join("link.toml");
    std::os::unix::fs::symlink(&scenario, &link).unwrap();
    let output = shopsim(&["run", path(&scenario), "--out", path(&link)]);
    expect(&output, 2, "it is an input of this command");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), SCENARIO);
}

#[test]
fn a_character_device_is_written_in_place_and_a_full_one_fails() {
    let dir = scratch("devices");
    let null = dir.join("null");
    if !mknod(&null, 1, 3) {
        return;
    }
    let output = run_to(&null);
    expect(&output, 0, "");
    assert!(is_char_device(&null), "the device stays a device");

    let full = dir.join("full");
    assert!(mknod(&full, 1, 7));
    let output = run_to(&full);
    expect(&output, 1, "cannot write");
    assert!(is_char_device(&full));
}

#[test]
fn a_fifo_socket_or_directory_output_is_refused() {
    let dir = scratch("fifo-out");
    let fifo = dir.join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let output = run_to(&fifo);
    expect(&output, 2, "named pipe");
    let output = run_to(&dir);
    expect(&output, 2, "it is a directory");
}

#[test]
fn a_symlink_is_followed_and_the_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("symlink-mode");
    let target = dir.join("real.csv");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = run_to(&link);
    expect(&output, 0, "");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("day,"), "{written}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // A link to nothing is refused.
    let dangling = dir.join("dangling.csv");
    std::os::unix::fs::symlink(dir.join("missing/x.csv"), &dangling).unwrap();
    let output = run_to(&dangling);
    expect(&output, 2, "symbolic link to a file that does not exist");
}

#[test]
fn a_second_writer_of_a_sweep_results_file_is_refused() {
    let dir = scratch("lock");
    let experiment = write_experiment(&dir, EXPERIMENT);
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // Another sweep holds the lock of runs-all.csv.
    let lock = std::fs::File::create(out.join(".runs-all.csv.lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    let output = shopsim(&["sweep", path(&experiment), "--out", path(&out), "--resume"]);
    expect(&output, 2, "is being written by another shopsim process");
    // Unlock explicitly: a child that another test forks at this moment shares the lock's
    // open file until it execs, so closing our descriptor alone may leave it locked.
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::Unlock).unwrap();
    drop(lock);
    let output = shopsim(&[
        "sweep",
        path(&experiment),
        "--out",
        path(&out),
        "--jobs",
        "1",
    ]);
    expect(&output, 0, "");
}

#[test]
fn merge_refuses_an_out_directory_holding_another_plan() {
    let dir = scratch("merge-other");
    let a = write_experiment(&dir, EXPERIMENT);
    let b = dir.join("b.toml");
    std::fs::write(&b, EXPERIMENT.replace("seed = 5", "seed = 6")).unwrap();
    let (out_a, out_b) = (dir.join("a"), dir.join("b"));
    expect(
        &shopsim(&["sweep", path(&a), "--out", path(&out_a), "--jobs", "1"]),
        0,
        "",
    );
    expect(
        &shopsim(&["sweep", path(&b), "--out", path(&out_b), "--jobs", "1"]),
        0,
        "",
    );
    let before = std::fs::read(out_b.join("runs-all.csv")).unwrap();
    let output = shopsim(&["merge", path(&out_a), "--out", path(&out_b)]);
    expect(&output, 2, "holds another plan");
    assert_eq!(std::fs::read(out_b.join("runs-all.csv")).unwrap(), before);
}

#[test]
fn kubernetes_jobs_write_to_the_results_volume() {
    let dir = scratch("k8s");
    let experiment = write_experiment(&dir, EXPERIMENT);
    let output = shopsim(&[
        "sweep",
        path(&experiment),
        "--emit",
        "k8s",
        "--out",
        "out/exp",
    ]);
    expect(&output, 2, "results volume");
    let output = shopsim(&[
        "sweep",
        path(&experiment),
        "--emit",
        "k8s",
        "--out",
        "/tmp/exp",
    ]);
    expect(&output, 2, "results volume");
    let output = shopsim(&["sweep", path(&experiment), "--emit", "k8s"]);
    expect(&output, 0, "");
    let manifest = text(&output.stdout);
    assert!(
        manifest.contains("\"--out\", \"/results/shopsim-sweep-"),
        "{manifest}"
    );
    assert!(manifest.contains("workingDir: /results"), "{manifest}");
    let recipe = Path::new(env!("CARGO_MANIFEST_DIR")).join("Containerfile");
    let recipe = std::fs::read_to_string(recipe).expect("a Containerfile ships");
    assert!(recipe.contains("shopsim"));
}

#[test]
fn levels_a_results_file_cannot_hold_are_refused_up_front() {
    let dir = scratch("csv-levels");
    for bad in ["\"opt,in\"", "\"opt\\nin\"", "\"say \\\"x\\\"\""] {
        let experiment = write_experiment(
            &dir,
            &format!(
                "set = [\"simulation.shoppers=100\", \"simulation.days=5\"]\n[[parameters]]\nkey = \"strategy.consent\"\nchoices = [\"opt-in\", {bad}]\n"
            ),
        );
        let output = shopsim(&["sweep", path(&experiment), "--out", path(&dir.join("out"))]);
        expect(&output, 2, "the results file cannot hold");
        assert!(!dir.join("out").exists(), "nothing ran for {bad}");
    }
}

// ---------------------------------------------------------------- resources

#[test]
fn inputs_must_be_small_regular_files() {
    let dir = scratch("inputs");
    // /dev/zero would grow without bound; a FIFO would block forever.
    let output = shopsim(&["run", "/dev/zero"]);
    expect(&output, 2, "not a regular file");
    let fifo = dir.join("s.toml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let output = shopsim(&["validate", path(&fifo)]);
    expect(&output, 2, "named pipe");
    let big = dir.join("big.toml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(2 << 20))).unwrap();
    let output = shopsim(&["run", path(&big)]);
    expect(&output, 2, "larger than");
    let experiment = dir.join("exp.json");
    assert!(Command::new("mkfifo")
        .arg(&experiment)
        .status()
        .unwrap()
        .success());
    let output = shopsim(&["sweep", path(&experiment), "--out", path(&dir.join("o"))]);
    expect(&output, 2, "named pipe");
}

/// A plan.json from a tiny sweep, edited with `edit` and re-hashed as an attacker would.
fn edited_plan(dir: &Path, edit: impl Fn(&mut shopsim::sweep::Plan)) -> PathBuf {
    let experiment = write_experiment(dir, EXPERIMENT);
    let out = dir.join("first");
    if !out.join("plan.json").exists() {
        let args = [
            "sweep",
            path(&experiment),
            "--out",
            path(&out),
            "--jobs",
            "1",
        ];
        expect(&shopsim(&args), 0, "");
    }
    let text = std::fs::read_to_string(out.join("plan.json")).unwrap();
    let mut plan: shopsim::sweep::Plan = serde_json::from_str(&text).unwrap();
    edit(&mut plan);
    plan.hash = plan.compute_hash();
    let edited = dir.join("plan.json");
    std::fs::write(&edited, plan.to_json()).unwrap();
    edited
}

#[test]
fn a_plan_json_is_checked_like_an_experiment() {
    let dir = scratch("plan-check");
    let huge = edited_plan(&dir, |plan| plan.replicates = 4_000_000_000);
    let output = shopsim(&["sweep", path(&huge), "--out", path(&dir.join("a"))]);
    expect(&output, 2, "replicates must be within 1..=10000");
    let unknown = edited_plan(&dir, |plan| plan.metrics.push("no_such_metric".into()));
    let output = shopsim(&["sweep", path(&unknown), "--out", path(&dir.join("b"))]);
    expect(&output, 2, "unknown metric \"no_such_metric\"");
    let level = edited_plan(&dir, |plan| {
        plan.points[0].levels[0] = shopsim::sweep::Level::Number(7.0);
    });
    let output = shopsim(&["sweep", path(&level), "--out", path(&dir.join("c"))]);
    expect(&output, 2, "strategy.personalization");
    // An edit without a new hash is refused without printing the hash that would pass.
    let json = std::fs::read_to_string(dir.join("first/plan.json")).unwrap();
    let plan: shopsim::sweep::Plan = serde_json::from_str(&json).unwrap();
    let mut edited = plan.clone();
    edited.seed += 1;
    let right = edited.compute_hash();
    let tampered = dir.join("tampered.json");
    std::fs::write(&tampered, edited.to_json()).unwrap();
    let output = shopsim(&["sweep", path(&tampered), "--out", path(&dir.join("d"))]);
    expect(&output, 2, "the plan was edited");
    assert!(!text(&output.stderr).contains(&right));
}

#[test]
fn events_are_capped_and_counterfactual_runs_are_counted() {
    let dir = scratch("events");
    let event = "[[events]]\nday = 2\nkind = \"breach\"\nseverity = 0.1\n";
    let many = dir.join("many.toml");
    std::fs::write(&many, format!("{SCENARIO}{}", event.repeat(1001))).unwrap();
    let output = shopsim(&["validate", path(&many)]);
    expect(&output, 2, "more than the 1000 allowed");
    let twelve = dir.join("twelve.toml");
    std::fs::write(&twelve, format!("{SCENARIO}{}", event.repeat(12))).unwrap();
    let output = shopsim(&["run", path(&twelve), "--counterfactual", "--summary"]);
    expect(&output, 0, "runs the scenario 14 times");
}

#[test]
fn thread_counts_are_capped_to_the_cores() {
    let output = shopsim(&[
        "run",
        "--days",
        "2",
        "--shoppers",
        "100",
        "--threads",
        "65535",
        "--summary",
    ]);
    expect(&output, 0, "65535 threads asked for");
    let dir = scratch("jobs");
    let experiment = write_experiment(&dir, EXPERIMENT);
    let output = shopsim(&[
        "sweep",
        path(&experiment),
        "--out",
        path(&dir.join("o")),
        "--jobs",
        "65535",
    ]);
    expect(&output, 0, "65535 threads asked for");
}

// ---------------------------------------------------------------- said out loud

#[test]
fn a_resubmitted_slurm_task_runs_only_its_shard() {
    let dir = scratch("slurm");
    let experiment = write_experiment(&dir, EXPERIMENT);
    let out = dir.join("out");
    let output = shopsim(&[
        "sweep",
        path(&experiment),
        "--out",
        path(&out),
        "--emit",
        "slurm",
        "--shards",
        "4",
    ]);
    expect(&output, 0, "");
    let script = dir.join("exp.sbatch");
    std::fs::write(&script, &output.stdout).unwrap();
    // `sbatch --array=3 exp.sbatch`: Slurm says task 3 of an array of 1.
    let status = Command::new("bash")
        .arg(&script)
        .env("SHOPSIM", BIN)
        .env("SLURM_ARRAY_TASK_ID", "3")
        .env("SLURM_ARRAY_TASK_COUNT", "1")
        .env("SLURM_ARRAY_TASK_MIN", "3")
        .env("SLURM_CPUS_PER_TASK", "1")
        .output()
        .unwrap();
    expect(&status, 0, "shard 3/4 done");
    assert!(out.join("runs-3-of-4.csv").is_file());
    assert!(
        !out.join("runs-all.csv").exists(),
        "the whole plan did not run"
    );
}

#[test]
fn partial_results_fail_unless_allowed_and_mark_their_points() {
    let dir = scratch("partial");
    let experiment = write_experiment(&dir, EXPERIMENT);
    let out = dir.join("out");
    expect(&sweep_to(&experiment, &out, &["--shard", "0/3"]), 0, "");
    let merged = dir.join("merged");
    let output = shopsim(&["merge", path(&out), "--out", path(&merged)]);
    expect(&output, 1, "--allow-partial");
    let points = std::fs::read_to_string(merged.join("report/points.csv")).unwrap();
    assert!(points.lines().next().unwrap().ends_with(",complete"));
    assert!(points.contains(",false\n"), "{points}");
    expect(&shopsim(&["report", path(&merged)]), 1, "runs are missing");
    expect(
        &shopsim(&["report", path(&merged), "--allow-partial"]),
        0,
        "",
    );
    // Once every shard is in, the report is complete and the status 0.
    for shard in ["1/3", "2/3"] {
        expect(&sweep_to(&experiment, &out, &["--shard", shard]), 0, "");
    }
    let output = shopsim(&["merge", path(&out), "--out", path(&merged)]);
    expect(&output, 0, "");
    let points = std::fs::read_to_string(merged.join("report/points.csv")).unwrap();
    assert!(!points.contains(",false\n"), "{points}");
}

#[test]
fn compare_refuses_different_horizons_or_sizes() {
    let dir = scratch("compare");
    let a = dir.join("a.toml");
    let b = dir.join("b.toml");
    std::fs::write(&a, SCENARIO).unwrap();
    std::fs::write(&b, SCENARIO.replace("days = 5", "days = 7")).unwrap();
    let output = shopsim(&["compare", path(&a), path(&b)]);
    expect(&output, 2, "runs 7 days");
    let output = shopsim(&["compare", path(&a), path(&b), "--days", "4"]);
    expect(&output, 0, "");
}

#[test]
fn resuming_with_curves_fills_in_the_missing_curves() {
    let dir = scratch("curves");
    let experiment = write_experiment(&dir, EXPERIMENT);
    let out = dir.join("out");
    expect(&sweep_to(&experiment, &out, &[]), 0, "");
    let before = std::fs::read(out.join("runs-all.csv")).unwrap();
    let output = sweep_to(&experiment, &out, &["--resume", "--curves"]);
    expect(&output, 0, "running them again for their curves");
    let curves = std::fs::read_dir(out.join("curves")).unwrap().count();
    assert_eq!(curves, 4, "one curve per run");
    assert_eq!(std::fs::read(out.join("runs-all.csv")).unwrap(), before);
}

#[test]
fn empty_segments_and_empty_runs_say_null_not_zero() {
    let dir = scratch("empty-segment");
    let scenario = dir.join("s.toml");
    std::fs::write(
        &scenario,
        format!(
            "{SCENARIO}[population]\nfundamentalists = 0.0\npragmatists = 0.5\nunconcerned = 0.5\n"
        ),
    )
    .unwrap();
    let output = shopsim(&["run", path(&scenario), "--summary"]);
    expect(&output, 0, "");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let empty = &summary["segments"]["fundamentalists"];
    assert_eq!(empty["shoppers"], 0);
    assert!(empty["final_mean_trust"].is_null(), "{empty}");
    let gap = &summary["paradox_gap"]["fundamentalists"];
    assert!(gap["intent_action_gap"].is_null(), "{gap}");
    assert!(summary["segments"]["pragmatists"]["final_mean_trust"].is_number());
    let output = shopsim(&["lesson", "talk-vs-action", "--headless", "--shoppers", "0"]);
    expect(&output, 2, "a lesson needs shoppers");
}

#[test]
fn stale_temporary_files_are_removed_on_the_next_write() {
    let dir = scratch("stale");
    let stale = dir.join(".out.csv.Ab12Cd.partial");
    std::fs::write(&stale, "half a file").unwrap();
    // Left by a crash two minutes ago: leftovers younger than a minute may be another
    // writer's that is not locked yet, and are left alone.
    let two_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(two_minutes_ago)
        .unwrap();
    let output = shopsim(&[
        "run",
        "--days",
        "2",
        "--shoppers",
        "100",
        "--out",
        path(&dir.join("out.csv")),
    ]);
    expect(&output, 0, "");
    assert!(!stale.exists());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("out.csv")]);
}

#[test]
fn non_utf8_paths_are_read_and_refused_in_job_scripts() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("non-utf8");
    let name = std::ffi::OsStr::from_bytes(b"shop\xff.toml");
    let scenario = dir.join(name);
    std::fs::write(&scenario, SCENARIO).unwrap();
    let output = command(&["validate"]).arg(&scenario).output().unwrap();
    expect(&output, 0, "");
    assert!(text(&output.stdout).contains(": ok"));
    let experiment = write_experiment(&dir, EXPERIMENT);
    let out = dir.join(std::ffi::OsStr::from_bytes(b"out\xff"));
    let output = command(&["sweep", path(&experiment), "--emit", "slurm", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    expect(&output, 2, "not valid UTF-8");
    assert!(output.stdout.is_empty());
}

#[test]
fn the_tui_needs_a_terminal_and_names_are_printed_safely() {
    let dir = scratch("cosmetic");
    let into_file = std::fs::File::create(dir.join("screen")).unwrap();
    let output = command(&["tui"])
        .stdout(into_file)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_ne!(status(&output), 0);
    assert!(
        text(&output.stderr).contains("needs a terminal"),
        "{}",
        text(&output.stderr)
    );
    assert!(!text(&output.stderr).contains("os error"));
    assert_eq!(std::fs::metadata(dir.join("screen")).unwrap().len(), 0);

    let scenario = dir.join("esc.toml");
    std::fs::write(&scenario, SCENARIO.replace("Tiny", "Tiny\\u001b[2J")).unwrap();
    let output = shopsim(&["explain", path(&scenario), "--day", "2"]);
    expect(&output, 0, "");
    assert!(!output.stdout.contains(&0x1b), "{}", text(&output.stdout));
    assert!(text(&output.stdout).contains("\\u{1b}[2J"));
}

/// Every ending signal a handler may catch restores the terminal: run in tmux, the
/// shell's terminal is back in cooked mode (icanon, echo) after each.
#[test]
fn external_signals_restore_the_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = scratch("signals");
    let log = dir.join("log");
    let script = dir.join("play.sh");
    std::fs::write(
        &script,
        format!(
            "for s in INT QUIT USR1 USR2 ALRM; do\n\
             ( sh -c \"sleep 1; kill -$s \\$PPID\" & exec '{BIN}' tui --set simulation.shoppers=500 )\n\
             echo \"$s $? $(stty -a | tr '\\n' ' ')\" >> '{log}'\n\
             done\n\
             echo done >> '{log}'\n",
            log = path(&log)
        ),
    )
    .unwrap();
    let session = format!("shopsim-signals-{}", std::process::id());
    let started = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &session,
            "-x",
            "120",
            "-y",
            "40",
            "sh",
            path(&script),
        ])
        .status()
        .unwrap();
    assert!(started.success());
    let start = Instant::now();
    while !std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("done")
    {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = Command::new("tmux")
                .args(["kill-session", "-t", &session])
                .status();
            panic!(
                "the TUI did not end on a signal: {:?}",
                std::fs::read_to_string(&log)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = Command::new("tmux")
        .args(["kill-session", "-t", &session])
        .status();
    let log = std::fs::read_to_string(&log).unwrap();
    let expected = [
        ("INT", 130),
        ("QUIT", 131),
        ("USR1", 138),
        ("USR2", 140),
        ("ALRM", 142),
    ];
    for (line, (signal, code)) in log.lines().zip(expected) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], signal);
        assert_eq!(
            words[1],
            code.to_string(),
            "exit status after SIG{signal}: {line}"
        );
        assert!(
            words.contains(&"icanon") && words.contains(&"echo"),
            "raw after SIG{signal}: {line}"
        );
    }
}

/// A sweep killed by SIGTERM still dies of it (the clean-up handler passes the signal
/// on), leaves no temporary files, and resumes to the full result.
#[test]
fn a_terminated_sweep_dies_of_the_signal_without_leftovers() {
    use std::os::unix::process::ExitStatusExt;
    let dir = scratch("sigterm");
    let experiment = write_experiment(
        &dir,
        &EXPERIMENT
            .replace("simulation.days=8", "simulation.days=120")
            .replace("replicates = 2", "replicates = 30"),
    );
    let out = dir.join("out");
    let mut child = command(&[
        "sweep",
        path(&experiment),
        "--out",
        path(&out),
        "--curves",
        "--jobs",
        "1",
    ])
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // Wait until some runs are in, then terminate.
    let start = Instant::now();
    while std::fs::read_to_string(out.join("runs-all.csv")).map_or(0, |t| t.lines().count()) < 3 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no runs finished"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(15), "{status:?}");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .chain(std::fs::read_dir(out.join("curves")).unwrap())
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let output = sweep_to(&experiment, &out, &["--resume", "--curves"]);
    expect(&output, 0, "resuming");
    assert_eq!(std::fs::read_dir(out.join("curves")).unwrap().count(), 60);
}
