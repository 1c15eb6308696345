//! `shopsim report DIR`: per-point estimates, Sobol indices and the Pareto front of a
//! sweep directory, written as CSV and JSON under `DIR/report/` and shown as a table.
//!
//! Also the sweep directory's file layout, shared by `sweep` and `merge`:
//! `DIR/plan.json`, `DIR/runs-all.csv` (unsharded or merged), `DIR/runs-K-of-N.csv`
//! (shard K of N), `DIR/curves/<run id>.csv` (with `--curves`), `DIR/report/`.

use super::error::CliError;
use super::ReportArgs;
use anyhow::Context;
use shopsim::sweep::analysis::Report;
use shopsim::sweep::{merge_runs, parse_runs, Merged, Plan};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "\
Examples:
  shopsim report out/personalization
  shopsim report merged/

Reads DIR/plan.json and every DIR/runs-*.csv (shards may share a directory), then writes
DIR/report/points.csv (mean, sd, 95 % CI per point and metric), DIR/report/pareto.csv,
DIR/report/sobol.csv (sobol designs) and DIR/report/report.json.";

/// The plan file of a sweep directory.
pub fn plan_path(dir: &Path) -> PathBuf {
    dir.join("plan.json")
}

/// Reads and checks `DIR/plan.json`.
pub fn load_plan(dir: &Path) -> Result<Plan, CliError> {
    let path = plan_path(dir);
    let text = crate::output::read_input(
        &path,
        crate::output::PLAN_FILE_LIMIT,
        "give a directory written by `shopsim sweep --out DIR`",
    )?;
    Plan::from_json(&text).map_err(|error| CliError::input(format!("{}: {error}", path.display())))
}

/// The results files of a sweep directory (`runs-*.csv`), sorted by name.
pub fn runs_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))
        .map_err(CliError::Failure)?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("runs-") && name.ends_with(".csv"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Every run record in a directory's results files, merged; a partial last line (a
/// writer was killed) is ignored with a note on stderr.
pub fn read_runs(dir: &Path, plan: &Plan) -> Result<Merged, CliError> {
    let mut sets = Vec::new();
    for file in runs_files(dir)? {
        let text = crate::output::read_data(&file, "results files are written by `shopsim sweep`")?;
        let parsed = parse_runs(plan, &text)
            .map_err(|error| CliError::input(format!("{}: {error}", file.display())))?;
        if parsed.partial_tail {
            crate::output::print_error(&format!(
                "note: {}: ignoring an incomplete last line (an interrupted run)",
                file.display()
            ));
        }
        sets.push(parsed.records);
    }
    merge_runs(plan, &sets).map_err(|error| CliError::input(format!("{}: {error}", dir.display())))
}

pub fn report(args: &ReportArgs) -> Result<(), CliError> {
    let plan = load_plan(&args.dir)?;
    let merged = read_runs(&args.dir, &plan)?;
    write_report(&args.dir, &plan, &merged, args.allow_partial)
}

/// Builds the report of `merged`, writes `DIR/report/` and prints the table on stdout.
///
/// With runs missing the report is still written, its incomplete points marked, but the
/// command fails (exit status 1) unless `allow_partial`: a partial sweep must not pass
/// for a finished one in a script.
pub fn write_report(
    dir: &Path,
    plan: &Plan,
    merged: &Merged,
    allow_partial: bool,
) -> Result<(), CliError> {
    let report = Report::build(plan, &merged.records);
    let out = dir.join("report");
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create {}", out.display()))
        .map_err(CliError::Failure)?;
    crate::output::write_text(&out.join("points.csv"), &report.points_csv())?;
    crate::output::write_text(&out.join("pareto.csv"), &report.pareto_csv())?;
    if !report.sobol.is_empty() {
        crate::output::write_text(&out.join("sobol.csv"), &report.sobol_csv())?;
    }
    crate::output::write_text(&out.join("report.json"), &report.to_json())?;
    let mut text = render(&report, merged);
    let _ = writeln!(text, "Files: {}", out.display());
    crate::output::print(&text)?;
    if merged.missing.is_empty() || allow_partial {
        return Ok(());
    }
    Err(CliError::Failure(anyhow::anyhow!(
        "{} of {} runs are missing: the report covers a partial sweep (incomplete points \
         are marked ~ above and complete=false in the files); finish the runs (sweep \
         --resume), or pass --allow-partial to accept a partial report",
        merged.missing.len(),
        report.runs_planned
    )))
}

/// A number in a short readable form: 4 significant digits, no exponent for money.
fn short(value: f64) -> String {
    if value.is_nan() {
        return "-".into();
    }
    let magnitude = value.abs();
    if magnitude >= 1000.0 {
        format!("{value:.0}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.4}")
    }
}

/// Above this sum of total Sobol indices, interactions alone are an unlikely explanation
/// and seed noise a likely one (each run's noise adds to every total index).
const TOTAL_INDICES_SUSPECT: f64 = 1.5;

/// How much of each metric's spread is seed noise, and warnings where it dominates.
fn noise_text(report: &Report) -> String {
    let mut text = String::new();
    let measured: Vec<String> = report
        .noise
        .iter()
        .filter_map(|m| {
            m.noise
                .map(|n| format!("{} {:.0} %", m.metric, 100.0 * n.share))
        })
        .collect();
    if measured.is_empty() {
        let _ = writeln!(
            text,
            "\nSeed noise: not measured (one replicate per point); with replicates = 2 or \
             more the report says how much of each metric's spread is noise"
        );
    } else {
        let _ = writeln!(
            text,
            "\nSeed noise (replicates' spread, as a share of the variance of point means): {}",
            measured.join(", ")
        );
    }
    for (metric, noise) in report.noisy_metrics() {
        let _ = writeln!(
            text,
            "warning: seed noise is {:.0} % of the variance of {metric} across points: its \
             differences between points{} mostly measure noise; raise replicates (noise \
             falls as 1/replicates) or simulation.shoppers",
            100.0 * noise.share,
            if report.sobol.is_empty() {
                ""
            } else {
                " and its Sobol indices"
            }
        );
    }
    for sobol in &report.sobol {
        let sum: f64 = sobol.indices.iter().map(|i| i.total).sum();
        let measured = report
            .noise
            .iter()
            .any(|m| m.metric == sobol.metric && m.noise.is_some());
        if sum > TOTAL_INDICES_SUSPECT && !measured {
            let _ = writeln!(
                text,
                "warning: the total Sobol indices of {} sum to {sum:.1}: interactions rarely \
                 explain that much, seed noise does (it adds to every total index); with one \
                 replicate the two cannot be told apart: set replicates = 2 or more",
                sobol.metric
            );
        }
    }
    text
}

/// Rows of text as left-aligned columns.
fn columns(rows: &[Vec<String>]) -> String {
    let width = |c: usize| {
        rows.iter()
            .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count).map(width).collect();
    let mut text = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| format!("{cell:<w$}", w = widths[c]))
            .collect();
        let _ = writeln!(text, "  {}", cells.join("  ").trim_end());
    }
    text
}

/// Most points listed in the terminal table; the CSV files have all of them.
const TABLE_POINTS: usize = 30;

/// The terminal view of a report.
pub fn render(report: &Report, merged: &Merged) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} (plan {}, {} design): {} of {} runs",
        crate::output::printable(&report.name),
        report.plan_hash,
        report.design.name(),
        report.runs_found,
        report.runs_planned
    );
    if !merged.missing.is_empty() {
        let _ = writeln!(
            text,
            "  missing {} runs, e.g. {}",
            merged.missing.len(),
            merged
                .missing
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        text,
        "\nMean ± half-width of the 95 % confidence interval, per point:"
    );
    let mut order: Vec<usize> = (0..report.points.len()).collect();
    let mut header = vec!["point".to_string()];
    header.extend(report.parameters.iter().cloned());
    header.extend(report.metrics.iter().cloned());
    if report.points.len() > TABLE_POINTS {
        // Show the best points by the first metric.
        order.sort_by(|&a, &b| {
            report.points[b].estimates[0]
                .mean
                .total_cmp(&report.points[a].estimates[0].mean)
        });
        order.truncate(TABLE_POINTS);
        let _ = writeln!(
            text,
            "  (top {TABLE_POINTS} of {} points by {}; all in points.csv)",
            report.points.len(),
            report.metrics[0]
        );
    }
    let mut rows = vec![header];
    for &i in &order {
        let point = &report.points[i];
        let mut row = vec![format!(
            "p{}{}{}",
            point.point,
            if !report.overlapping(point.point).is_empty() {
                "*?"
            } else if report.pareto_front.contains(&point.point) {
                "*"
            } else {
                ""
            },
            if point.complete { "" } else { "~" }
        )];
        row.extend(point.levels.iter().map(ToString::to_string));
        row.extend(point.estimates.iter().map(|e| {
            if e.ci_high.is_nan() {
                short(e.mean)
            } else {
                format!(
                    "{} ± {}",
                    short(e.mean),
                    short((e.ci_high - e.ci_low) / 2.0)
                )
            }
        }));
        rows.push(row);
    }
    text.push_str(&columns(&rows));
    let objectives: Vec<String> = report
        .pareto_objectives
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                match o.direction {
                    shopsim::sweep::stats::Direction::Maximize => "max",
                    shopsim::sweep::stats::Direction::Minimize => "min",
                },
                o.metric
            )
        })
        .collect();
    let _ = writeln!(
        text,
        "\nPareto front ({}): {} of {} points, marked *",
        objectives.join(", "),
        report.pareto_front.len(),
        report.points.len()
    );
    if !report.pareto_overlaps.is_empty() {
        let _ = writeln!(
            text,
            "  {} of them (marked *?) lie within another point's 95 % intervals in every \
             objective: the replicates do not tell them apart (pareto.csv, column overlaps)",
            report.pareto_overlaps.len()
        );
    }
    text.push_str(&noise_text(report));
    let incomplete = report.points.iter().filter(|p| !p.complete).count();
    if incomplete > 0 {
        let _ = writeln!(
            text,
            "Incomplete: {incomplete} points (marked ~) have fewer runs than planned"
        );
    }
    for sobol in &report.sobol {
        let _ = writeln!(
            text,
            "\nSobol indices of {} ({} base samples; 95 % bootstrap CI):",
            sobol.metric, sobol.samples
        );
        let mut rows = vec![vec![
            "parameter".to_string(),
            "first order".to_string(),
            "total".to_string(),
        ]];
        for (parameter, index) in report.parameters.iter().zip(&sobol.indices) {
            rows.push(vec![
                parameter.clone(),
                format!(
                    "{:.3} [{:.3}, {:.3}]",
                    index.first, index.first_low, index.first_high
                ),
                format!(
                    "{:.3} [{:.3}, {:.3}]",
                    index.total, index.total_low, index.total_high
                ),
            ]);
        }
        text.push_str(&columns(&rows));
    }
    text
}
