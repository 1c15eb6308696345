//! `shopsim sweep EXPERIMENT --out DIR`: run an experiment's plan, or a shard of it.
//!
//! Results stream to `DIR/runs-all.csv` (or `DIR/runs-K-of-N.csv` for shard K of N) as
//! runs finish: each line is written with one `write_all` of the complete line, so an
//! interrupted sweep leaves at worst a partial last line, which `--resume` drops before
//! running the missing runs. The shard comes from `--shard K/N`, else from Slurm
//! (`SLURM_ARRAY_TASK_ID` - `SLURM_ARRAY_TASK_MIN` of `SLURM_ARRAY_TASK_COUNT`), else from a
//! Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` of `SHOPSIM_SHARD_COUNT`), else the
//! whole plan runs.

use super::common::with_threads;
use super::error::CliError;
use super::load::{is_path, read_file};
use super::report::{load_plan, plan_path, write_report};
use super::{CurvesFormat, Emit, SweepArgs};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use shopsim::scenario::Scenario;
use shopsim::sweep::results::header;
use shopsim::sweep::{execute, merge_runs, parse_runs, Experiment, Plan, PlannedRun};
use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const EXAMPLES: &str = "\
Examples:
  shopsim sweep scenarios/sweeps/personalization-transparency.toml --out out/pt
  shopsim sweep exp.toml --out out/exp --jobs 2 --resume
  shopsim sweep exp.toml --out out/exp --curves=daily     (daily CSV per run, in dollars)
  shopsim sweep exp.toml --out out/exp --shard 0/3        (then 1/3, 2/3; then merge)
  shopsim sweep exp.toml --out /shared/exp --emit slurm --shards 16 > sweep.sbatch
  shopsim sweep exp.toml --out /results/exp --emit k8s --shards 8 > sweep-job.yaml

EXPERIMENT is an experiment TOML file (format: README.md, section \"Sweeps\"; commented
examples in scenarios/sweeps/ and docs/example-sweep.toml), or a plan.json written by an
earlier sweep. Without --shard the shard is taken from
SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (minus SLURM_ARRAY_TASK_MIN), or from
JOB_COMPLETION_INDEX with SHOPSIM_SHARD_COUNT; otherwise every run is done and the report
is written at the end.";

/// Shard `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// The results file of this shard.
    pub fn file_name(self) -> String {
        if self.count == 1 {
            "runs-all.csv".to_string()
        } else {
            format!("runs-{}-of-{}.csv", self.index, self.count)
        }
    }
}

/// Parses `K/N` with `K < N`.
pub fn parse_shard(text: &str) -> Result<Shard, String> {
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| format!("expected K/N (e.g. 0/4), got {text:?}"))?;
    let index: usize = k
        .trim()
        .parse()
        .map_err(|_| format!("shard index {k:?} is not a whole number"))?;
    let count: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("shard count {n:?} is not a whole number"))?;
    if count == 0 || index >= count {
        return Err(format!("shard K/N needs 0 <= K < N, got {index}/{count}"));
    }
    Ok(Shard { index, count })
}

/// The shard given by the environment of a cluster scheduler, if any.
pub fn shard_from_env(get: impl Fn(&str) -> Option<String>) -> Result<Option<Shard>, String> {
    let number = |name: &str| -> Result<Option<usize>, String> {
        get(name)
            .map(|value| {
                value
                    .trim()
                    .parse()
                    .map_err(|_| format!("{name}={value:?} is not a whole number"))
            })
            .transpose()
    };
    if let (Some(id), Some(count)) = (
        number("SLURM_ARRAY_TASK_ID")?,
        number("SLURM_ARRAY_TASK_COUNT")?,
    ) {
        let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let index = id
            .checked_sub(min)
            .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?;
        return parse_shard(&format!("{index}/{count}"))
            .map(Some)
            .map_err(|e| format!("from Slurm: {e}"));
    }
    if let (Some(index), Some(count)) = (
        number("JOB_COMPLETION_INDEX")?,
        number("SHOPSIM_SHARD_COUNT")?,
    ) {
        return parse_shard(&format!("{index}/{count}"))
            .map(Some)
            .map_err(|e| format!("from JOB_COMPLETION_INDEX/SHOPSIM_SHARD_COUNT: {e}"));
    }
    Ok(None)
}

/// Reads EXPERIMENT (an experiment file or a plan.json) into a plan. A plan.json is
/// checked like an experiment (see [`Plan::from_json`]).
pub fn load_plan_argument(path: &Path) -> Result<Plan, CliError> {
    let shown = path.display().to_string();
    let hint = "give an experiment .toml file (see scenarios/sweeps/) or a plan.json";
    if path.extension().is_some_and(|ext| ext == "json") {
        let text = crate::output::read_input(path, crate::output::PLAN_FILE_LIMIT, hint)?;
        return Plan::from_json(&text)
            .map_err(|error| CliError::input(format!("{shown}: {error}")));
    }
    let text = crate::output::read_input(path, crate::output::TEXT_FILE_LIMIT, hint)?;
    let experiment = Experiment::from_toml_str(&text, &shown)?;
    let base = if is_path(&experiment.base) {
        let relative = path
            .parent()
            .unwrap_or(Path::new(""))
            .join(&experiment.base);
        read_file(&relative)?
    } else {
        Scenario::preset(&experiment.base).map_err(|error| {
            CliError::input(format!("{shown}: base: {}", error.message))
                .with_hint("base is a preset name (see `shopsim scenarios`) or a scenario file path relative to the experiment")
        })?
    };
    Ok(Plan::new(&experiment, &base)?)
}

pub fn sweep(args: &SweepArgs) -> Result<(), CliError> {
    let plan = load_plan_argument(&args.experiment)?;
    if let Some(emit) = args.emit {
        let text = match emit {
            Emit::Slurm => {
                let out = args
                    .out
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("sweep-out"));
                slurm_script(&plan, &args.experiment, &out, args.shards, args.jobs)?
            }
            Emit::K8s => {
                let out = kubernetes_out(args.out.as_deref(), &plan)?;
                kubernetes_manifest(&plan, &out, args.shards, args.jobs)
            }
        };
        return Ok(crate::output::print(&text)?);
    }
    let Some(out) = &args.out else {
        return Err(CliError::input("--out DIR is required to run a sweep"));
    };
    let shard = match args.shard {
        Some(shard) => shard,
        None => shard_from_env(|name| std::env::var(name).ok())
            .map_err(CliError::input)?
            .unwrap_or(Shard::ALL),
    };
    prepare_directory(out, &plan)?;
    let results = out.join(shard.file_name());
    // Held until the sweep ends: a second sweep on this results file is refused.
    let _lock = crate::output::lock_for_writing(&results)?;
    let finished = resume_state(&results, &plan, args.resume)?;
    let mine = plan.shard(shard.index, shard.count);
    let curve_path = |run: &PlannedRun| {
        let format = args.curves.unwrap_or(CurvesFormat::Raw);
        out.join("curves").join(format.file_name(&run.id))
    };
    // Runs finished without a curve (an earlier sweep without --curves) are run again for
    // their curves only: the same seed gives the same record, which is not appended twice.
    let curves_only: Vec<PlannedRun> = if args.curves.is_some() {
        mine.iter()
            .filter(|run| finished.contains(&run.id) && !curve_path(run).is_file())
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    if !curves_only.is_empty() {
        crate::output::print_error(&format!(
            "note: {} finished runs have no curves (they ran without --curves): running them again for their curves",
            curves_only.len()
        ));
    }
    let todo: Vec<PlannedRun> = mine
        .into_iter()
        .filter(|run| !finished.contains(&run.id))
        .collect();
    let shard_total = todo.len() + finished.len();
    if args.curves.is_some() {
        std::fs::create_dir_all(out.join("curves"))
            .context("cannot create the curves directory")?;
    }
    let file = OpenOptions::new()
        .append(true)
        .open(&results)
        .with_context(|| format!("cannot open {}", results.display()))?;
    let file = Mutex::new(file);
    let progress = Progress::new(todo.len() as u64, finished.len());
    let base = plan.base_scenario()?;

    let write_curve = |run: &PlannedRun, history: &[shopsim::sim::metrics::DayMetrics]| {
        let format = args.curves.unwrap_or(CurvesFormat::Raw);
        crate::output::write_text(&curve_path(run), &format.text(history))
    };
    let curve_one = |run: &PlannedRun| -> Result<(), CliError> {
        if let Some(history) = &execute(&plan, &base, run, true)?.history {
            write_curve(run, history)?;
        }
        Ok(())
    };
    let run_one = |run: &PlannedRun| -> Result<(), CliError> {
        let output = execute(&plan, &base, run, args.curves.is_some())?;
        if let Some(history) = &output.history {
            write_curve(run, history)?;
        }
        let line = output.record.to_csv_line();
        {
            let mut file = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // One write of the whole line: an interruption leaves no partial record that parses.
            file.write_all(line.as_bytes())
                .and_then(|()| file.flush())
                .with_context(|| format!("cannot write {}", results.display()))?;
        }
        progress.advance();
        Ok(())
    };
    with_threads(args.jobs, || -> Result<(), CliError> {
        curves_only.par_iter().try_for_each(curve_one)?;
        todo.par_iter().try_for_each(run_one)
    })??;
    progress.finish(shard_total);

    if shard.count == 1 {
        let text = crate::output::read_data(&results, "the results file of this sweep")?;
        let parsed = parse_runs(&plan, &text).map_err(CliError::input)?;
        let merged = merge_runs(&plan, &[parsed.records]).map_err(CliError::input)?;
        write_report(out, &plan, &merged, false)
    } else {
        crate::output::print_error(&format!(
            "shard {}/{} done: {}. When every shard is done: shopsim report {} (or shopsim merge DIR... --out DIR)",
            shard.index,
            shard.count,
            results.display(),
            out.display()
        ));
        Ok(())
    }
}

/// Creates DIR and writes its plan.json, or checks that the one there is this plan.
pub fn prepare_directory(out: &Path, plan: &Plan) -> Result<(), CliError> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    if plan_path(out).exists() {
        let existing = load_plan(out)?;
        if existing.hash != plan.hash {
            return Err(CliError::input(format!(
                "{} holds another plan ({}; this one is {})",
                out.display(),
                existing.hash,
                plan.hash
            ))
            .with_hint("use a new --out directory, or undo the change to the experiment"));
        }
        return Ok(());
    }
    Ok(crate::output::write_text(&plan_path(out), &plan.to_json())?)
}

/// The ids already in the results file (with `--resume`), after cutting off a partial
/// last line; creates the file with its header when absent or empty.
fn resume_state(results: &Path, plan: &Plan, resume: bool) -> Result<HashSet<String>, CliError> {
    let text = if results.exists() {
        crate::output::read_data(results, "the results file of this sweep")?
    } else {
        String::new()
    };
    let parsed = parse_runs(plan, &text)
        .map_err(|error| CliError::input(format!("{}: {error}", results.display())))?;
    if !parsed.records.is_empty() && !resume {
        return Err(CliError::input(format!(
            "{} already holds {} runs",
            results.display(),
            parsed.records.len()
        ))
        .with_hint("add --resume to run only the missing runs, or choose another --out"));
    }
    if parsed.complete_len == 0 {
        crate::output::write_text(results, &header(plan))?;
    } else if parsed.partial_tail || !parsed.duplicates.is_empty() {
        if parsed.partial_tail {
            crate::output::print_error(&format!(
                "note: {}: dropping an incomplete last line",
                results.display()
            ));
        }
        // Rewrite the complete part (each run once) before appending.
        let text = shopsim::sweep::results::runs_csv(plan, &parsed.records);
        crate::output::write_text(results, &text)?;
    }
    Ok(parsed.records.into_iter().map(|r| r.run_id).collect())
}

/// Progress on stderr: a bar with rate and ETA on a terminal, a line every 10 s otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    total: u64,
    done: Mutex<(u64, Instant)>,
    start: Instant,
}

impl Progress {
    fn new(total: u64, already: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template(
                "{bar:40} {pos}/{len} runs  {per_sec}  elapsed {elapsed}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        if already > 0 {
            crate::output::print_error(&format!(
                "resuming: {already} runs already done, {total} to go"
            ));
        }
        Progress {
            bar,
            total,
            done: Mutex::new((0, Instant::now())),
            start: Instant::now(),
        }
    }

    fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            return;
        }
        let mut done = self.done.lock().unwrap_or_else(|p| p.into_inner());
        done.0 += 1;
        if done.1.elapsed() >= Duration::from_secs(10) && done.0 < self.total {
            done.1 = Instant::now();
            let elapsed = self.start.elapsed().as_secs_f64();
            let rate = done.0 as f64 / elapsed.max(1e-9);
            let eta = (self.total - done.0) as f64 / rate.max(1e-9);
            crate::output::print_error(&format!(
                "sweep: {}/{} runs, {:.0} s, {rate:.2} runs/s, ETA {eta:.0} s",
                done.0, self.total, elapsed
            ));
        }
    }

    fn finish(&self, shard_total: usize) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let elapsed = self.start.elapsed().as_secs_f64();
        crate::output::print_error(&format!(
            "sweep: {} runs in {elapsed:.1} s ({:.2} runs/s); {shard_total} runs in this shard",
            self.total,
            self.total as f64 / elapsed.max(1e-9)
        ));
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// A path as text for a job script; a name that is not UTF-8 would be mangled there.
fn script_path(what: &str, path: &Path) -> Result<String, CliError> {
    path.to_str().map(str::to_string).ok_or_else(|| {
        CliError::input(format!(
            "{what} {}: the path is not valid UTF-8 and cannot be written into a job script",
            path.display()
        ))
        .with_hint("rename it (or a directory above it) to a UTF-8 name")
    })
}

/// Where the results volume is mounted in the emitted Kubernetes Job.
pub const KUBERNETES_RESULTS: &str = "/results";

/// The `--out` of a Kubernetes Job: on the results volume, since a pod's own disk goes
/// away with it (the Job would succeed and its results vanish). Defaults to
/// `/results/shopsim-sweep-<hash>`.
pub fn kubernetes_out(out: Option<&Path>, plan: &Plan) -> Result<PathBuf, CliError> {
    let Some(out) = out else {
        return Ok(Path::new(KUBERNETES_RESULTS).join(format!(
            "shopsim-sweep-{}",
            &plan.hash[..8.min(plan.hash.len())]
        )));
    };
    let text = script_path("--out", out)?;
    if !out.starts_with(KUBERNETES_RESULTS) || !out.is_absolute() {
        return Err(CliError::input(format!(
            "--out {text}: with --emit k8s the output must be on the results volume, mounted at {KUBERNETES_RESULTS}; anything else is the pod's own disk, lost when the pod ends"
        ))
        .with_hint(format!("e.g. --out {KUBERNETES_RESULTS}/my-sweep, or leave --out out")));
    }
    Ok(out.to_path_buf())
}

/// A Slurm array job script: one array task per shard, each resumable. The shard count is
/// written into the script, so resubmitting any subset of array indices (`sbatch
/// --array=7`) runs exactly those shards.
pub fn slurm_script(
    plan: &Plan,
    experiment: &Path,
    out: &Path,
    shards: u32,
    jobs: Option<u16>,
) -> Result<String, CliError> {
    let shards = shards.max(1);
    let exe = match std::env::current_exe() {
        Ok(path) => script_path("the shopsim binary", &path)?,
        Err(_) => "shopsim".to_string(),
    };
    let experiment = script_path("EXPERIMENT", &absolute(experiment))?;
    let out = script_path("--out", &absolute(out))?;
    Ok(format!(
        "#!/bin/bash
# Slurm array job for the shopsim sweep {name:?} (plan {hash}, {runs} runs, {shards} shards).
# Submit from a directory on the shared file system:
#   jid=$(sbatch --parsable this-script.sbatch)
#   sbatch --dependency=afterok:$jid --wrap {report}
# Array task K runs shard K of {shards} (the count is fixed here, not taken from Slurm), so
# a failed task can be resubmitted alone, e.g. sbatch --array=7 this-script.sbatch:
# --resume skips its finished runs.
#SBATCH --job-name=shopsim-sweep
#SBATCH --array=0-{last}
#SBATCH --cpus-per-task={cpus}
#SBATCH --output=shopsim-sweep-%A_%a.log
set -euo pipefail
SHOPSIM=${{SHOPSIM:-{exe}}}
\"$SHOPSIM\" sweep {experiment} --out {out} --shard \"${{SLURM_ARRAY_TASK_ID}}/{shards}\" --jobs \"${{SLURM_CPUS_PER_TASK:-1}}\" --resume
",
        name = plan.name,
        hash = plan.hash,
        runs = plan.run_count(),
        report = shell_quote(&format!("{exe} report {out}")),
        last = shards - 1,
        cpus = jobs.unwrap_or(1),
        exe = shell_quote(&exe),
        experiment = shell_quote(&experiment),
        out = shell_quote(&out),
    ))
}

/// A Kubernetes Indexed Job (one completion index per shard) and a ConfigMap holding the
/// resolved plan, so the pods need only the shopsim image and a shared volume.
pub fn kubernetes_manifest(plan: &Plan, out: &Path, shards: u32, jobs: Option<u16>) -> String {
    let shards = shards.max(1);
    let name = format!("shopsim-sweep-{}", &plan.hash[..8.min(plan.hash.len())]);
    let plan_json: String = plan
        .to_json()
        .lines()
        .map(|line| format!("    {line}\n"))
        .collect();
    let out = out.display().to_string();
    let cpus = jobs.unwrap_or(1);
    format!(
        "# Kubernetes Indexed Job for the shopsim sweep {title:?} (plan {hash}, {runs} runs, {shards} shards).
# Needs: an image with the shopsim binary (build it from the Containerfile, see README, and
# set `image`), and a ReadWriteMany volume claim `shopsim-results` mounted at /results. Apply: kubectl apply -f this.yaml
# Each pod runs shard $JOB_COMPLETION_INDEX of SHOPSIM_SHARD_COUNT; retries resume.
# When the job completes: shopsim report {out} (e.g. in a pod mounting the same volume).
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-plan
data:
  plan.json: |
{plan_json}---
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
  completionMode: Indexed
  completions: {shards}
  parallelism: {shards}
  backoffLimit: {backoff}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: shopsim
          image: shopsim:latest
          workingDir: /results
          command: [\"shopsim\", \"sweep\", \"/plan/plan.json\", \"--out\", {out_json}, \"--jobs\", \"{cpus}\", \"--resume\"]
          env:
            - name: SHOPSIM_SHARD_COUNT
              value: \"{shards}\"
          resources:
            requests:
              cpu: \"{cpus}\"
          volumeMounts:
            - name: plan
              mountPath: /plan
            - name: results
              mountPath: /results
      volumes:
        - name: plan
          configMap:
            name: {name}-plan
        - name: results
          persistentVolumeClaim:
            claimName: shopsim-results
",
        title = plan.name,
        hash = plan.hash,
        runs = plan.run_count(),
        backoff = shards * 2,
        out_json = serde_json::to_string(&out).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_the_help_cites_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let cited: Vec<&str> = super::EXAMPLES
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
            .filter(|word| word.starts_with("docs/") || word.starts_with("scenarios/"))
            .map(|word| word.trim_end_matches(['.', ';']))
            .collect();
        assert!(cited.len() >= 3, "{cited:?}");
        for path in cited {
            assert!(
                root.join(path).exists(),
                "sweep --help cites {path}, which does not exist"
            );
        }
    }

    use super::*;

    #[test]
    fn shards_parse_and_reject_nonsense() {
        assert_eq!(parse_shard("1/3"), Ok(Shard { index: 1, count: 3 }));
        assert!(parse_shard("3/3").is_err());
        assert!(parse_shard("0/0").is_err());
        assert!(parse_shard("a/3").is_err());
        assert!(parse_shard("2").is_err());
    }

    #[test]
    fn shard_comes_from_slurm_then_kubernetes() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(shard_from_env(env(&[])), Ok(None));
        assert_eq!(
            shard_from_env(env(&[
                ("SLURM_ARRAY_TASK_ID", "5"),
                ("SLURM_ARRAY_TASK_COUNT", "4"),
                ("SLURM_ARRAY_TASK_MIN", "3")
            ])),
            Ok(Some(Shard { index: 2, count: 4 }))
        );
        assert_eq!(
            shard_from_env(env(&[
                ("JOB_COMPLETION_INDEX", "0"),
                ("SHOPSIM_SHARD_COUNT", "2")
            ])),
            Ok(Some(Shard { index: 0, count: 2 }))
        );
        assert!(shard_from_env(env(&[
            ("JOB_COMPLETION_INDEX", "2"),
            ("SHOPSIM_SHARD_COUNT", "2")
        ]))
        .is_err());
        assert!(shard_from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "x"),
            ("SLURM_ARRAY_TASK_COUNT", "2")
        ]))
        .is_err());
    }
}
