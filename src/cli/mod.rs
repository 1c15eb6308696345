//! The command line: arguments (clap derive) and one small module per subcommand.
//!
//! Arguments are parsed once into [`Args`]; each subcommand turns its arguments into a
//! validated [`shopsim::scenario::Scenario`] (see [`load`]) before anything runs.

pub mod baseline;
pub mod calibrate;
pub mod common;
pub mod compare;
pub mod error;
pub mod explain;
pub mod facts;
pub mod lesson;
pub mod load;
pub mod merge;
pub mod plot;
pub mod report;
pub mod run;
pub mod scenarios;
pub mod sweep;
pub mod validate;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use error::CliError;
use std::path::PathBuf;

const MAIN_EXAMPLES: &str = "\
Examples:
  shopsim                                   open the terminal UI on the `balanced` scenario
  shopsim scenarios                         list the preset scenarios
  shopsim run apple-like --days 90 > apple.csv
  shopsim run scenarios/breach-shock.toml --summary
  shopsim validate my-shop.toml

Exit status: 0 on success, 2 on invalid input (arguments, scenario files, overrides),
1 when the work itself fails (e.g. the output cannot be written).";

/// Agent-based simulation of online shoppers caught in the personalization-privacy paradox.
///
/// Without a subcommand, opens the terminal UI on the default scenario (`balanced`).
#[derive(Debug, Parser)]
#[command(name = "shopsim", version, after_help = MAIN_EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario headless and write its daily metrics as CSV or JSON.
    #[command(after_help = run::EXAMPLES)]
    Run(RunArgs),
    /// Check scenario files and report the first error in each, with its line and column.
    #[command(after_help = validate::EXAMPLES)]
    Validate(ValidateArgs),
    /// List the preset scenarios with their descriptions.
    Scenarios,
    /// Open the interactive terminal UI on a scenario.
    #[command(
        after_help = "Examples:\n  shopsim tui\n  shopsim tui creepy-overreach\n  shopsim tui my-shop.toml --set strategy.security=0.9"
    )]
    Tui(TuiArgs),
    /// Check the 16 stylized facts (13 of the calibration brief, 3 on profit) and print each measurement.
    #[command(after_help = facts::EXAMPLES)]
    Facts(facts::FactsArgs),
    /// Run two to six scenarios on the same random numbers and print them and their differences.
    #[command(after_help = compare::EXAMPLES)]
    Compare(compare::CompareArgs),
    /// Explain why mean trust and churn moved on a day (or a window of days).
    #[command(after_help = explain::EXAMPLES)]
    Explain(explain::ExplainArgs),
    /// Fit the shopper baseline to an order history (CDNOW text or CSV) and check it on a holdout.
    #[command(after_help = calibrate::EXAMPLES)]
    Calibrate(calibrate::CalibrateArgs),
    /// Compare a run's purchase behaviour with published e-commerce figures.
    #[command(after_help = baseline::EXAMPLES)]
    Baseline(baseline::BaselineArgs),
    /// List the guided lessons for teaching the personalization-privacy paradox.
    Lessons,
    /// Play a guided lesson: predictions, runs and debriefs with the model's figures.
    #[command(after_help = lesson::EXAMPLES)]
    Lesson(LessonArgs),
    /// Chart daily metrics of a scenario (or up to six, compared) as an SVG or PNG file.
    #[command(after_help = plot::EXAMPLES)]
    Plot(PlotArgs),
    /// Run an experiment: many variants of a scenario, with replicates, locally or sharded.
    #[command(after_help = sweep::EXAMPLES)]
    Sweep(SweepArgs),
    /// Combine the outputs of a sweep's shards and write the aggregate and its report.
    #[command(after_help = merge::EXAMPLES)]
    Merge(MergeArgs),
    /// Summarize a sweep directory: estimates with 95 % CIs, Sobol indices, Pareto front.
    #[command(after_help = report::EXAMPLES)]
    Report(ReportArgs),
}

/// The columns of a sweep's daily curves (`sweep --curves`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CurvesFormat {
    /// The columns of `shopsim run`'s daily CSV: money in dollars, segments by name
    /// (`curves/<run id>.daily.csv`).
    Daily,
    /// The first format, kept for the scripts that read it: every numeric field of a
    /// day, money in cents, segments numbered 0, 1, 2 (`curves/<run id>.csv`).
    Raw,
}

impl CurvesFormat {
    /// The file name of a run's curve in this format.
    pub fn file_name(self, run_id: &str) -> String {
        match self {
            CurvesFormat::Daily => format!("{run_id}.daily.csv"),
            CurvesFormat::Raw => format!("{run_id}.csv"),
        }
    }

    /// A run's daily metrics as CSV text in this format.
    pub fn text(self, history: &[shopsim::sim::metrics::DayMetrics]) -> String {
        match self {
            CurvesFormat::Raw => shopsim::sweep::metrics::curves_csv(history),
            CurvesFormat::Daily => {
                let mut bytes = Vec::new();
                // Writing to memory cannot fail.
                let _ = shopsim::report::write_daily_csv(&mut bytes, history);
                String::from_utf8_lossy(&bytes).into_owned()
            }
        }
    }
}

/// Job scripts that `sweep --emit` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// A Slurm array job script (one array task per shard).
    Slurm,
    /// A Kubernetes Indexed Job manifest with the plan in a ConfigMap.
    K8s,
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The experiment TOML file (or a plan.json written by an earlier sweep).
    #[arg(value_name = "EXPERIMENT")]
    pub experiment: PathBuf,

    /// Output directory: plan.json, runs-*.csv, curves/ and report/.
    #[arg(long, value_name = "DIR", required_unless_present = "emit")]
    pub out: Option<PathBuf>,

    /// Runs simulated at once (default: one per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Run only shard K of N (runs whose index % N == K), e.g. `--shard 0/4`.
    #[arg(long, value_name = "K/N", value_parser = sweep::parse_shard)]
    pub shard: Option<sweep::Shard>,

    /// Keep the runs already in the results file and run only the missing ones.
    #[arg(long)]
    pub resume: bool,

    /// Also write each run's daily metrics: `--curves=daily` to DIR/curves/<run id>.daily.csv
    /// in the columns of `shopsim run` (dollars, segment names; recommended); bare
    /// `--curves` (or `=raw`) to DIR/curves/<run id>.csv as before (money in cents,
    /// segments numbered 0 fundamentalists, 1 pragmatists, 2 unconcerned).
    #[arg(long, value_enum, value_name = "FORMAT", num_args = 0..=1,
          require_equals = true, default_missing_value = "raw")]
    pub curves: Option<CurvesFormat>,

    /// Print a cluster job (Slurm array script or Kubernetes Indexed Job) instead of running.
    #[arg(long, value_enum, value_name = "KIND")]
    pub emit: Option<Emit>,

    /// Number of shards (array tasks, job completions) for --emit.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "emit",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub shards: u32,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Sweep directories holding shard outputs of one plan.
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,

    /// Directory for the merged plan, runs and report (empty, new, or holding this plan).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Exit with status 0 even if runs are missing (the report marks incomplete points).
    #[arg(long)]
    pub allow_partial: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A sweep directory (plan.json and runs-*.csv).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Exit with status 0 even if runs are missing (the report marks incomplete points).
    #[arg(long)]
    pub allow_partial: bool,
}

/// The largest seed: scenario files are TOML, whose integers are signed 64-bit.
pub(crate) const SEED_MAX: u64 = i64::MAX as u64;

/// Output formats of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One row per day, header first; money in dollars, shares to 6 significant digits.
    Csv,
    /// One document: scenario, seed, days, summary, events and strategy changes.
    Json,
}

/// The scenario and its overrides, shared by `run` and `tui`.
#[derive(Debug, clap::Args)]
pub struct ScenarioArgs {
    /// A preset name (see `shopsim scenarios`) or the path of a scenario TOML file.
    ///
    /// The argument is a path if it contains `/`, ends in `.toml`, or names an existing
    /// file; otherwise it is a preset name.
    #[arg(value_name = "SCENARIO", default_value = shopsim::scenario::presets::DEFAULT_PRESET)]
    pub scenario: String,

    /// Override one scenario key, e.g. `--set strategy.personalization=0.8` or
    /// `--set strategy.consent=opt-in`. Repeatable; later ones win. Validated like the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// The size and seed shorthands shared by every command that simulates a scenario.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SizeFlags {
    /// Number of days to simulate (shorthand for `--set simulation.days=N`).
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,

    /// Number of shoppers (shorthand for `--set simulation.shoppers=N`).
    #[arg(long, value_name = "N")]
    pub shoppers: Option<u32>,

    /// Root seed of the run's random numbers (shorthand for `--set simulation.seed=N`).
    /// The same scenario and seed always give the same output, byte for byte.
    /// From 0 to 2^63-1 (a TOML integer).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(..=SEED_MAX))]
    pub seed: Option<u64>,
}

impl SizeFlags {
    /// These shorthands with the `--set` assignments, as the scenario loader takes them.
    pub fn overrides<'a>(&self, assignments: &'a [String]) -> load::Overrides<'a> {
        load::Overrides {
            assignments,
            days: self.days,
            shoppers: self.shoppers,
            seed: self.seed,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,

    #[command(flatten)]
    pub size: SizeFlags,

    /// Output format of the daily metrics.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Csv)]
    pub format: Format,

    /// Write to FILE instead of standard output (`-` is standard output). The file is
    /// written to a temporary name first and renamed when complete, keeping its mode; a
    /// symlink is followed, a device such as /dev/null written in place, and an input
    /// of this command refused.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Print only the run's summary, as one JSON object (instead of the daily table).
    #[arg(long, conflicts_with = "format")]
    pub summary: bool,

    /// Worker threads for the simulation (default: one per core). Results do not depend
    /// on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Also run counterfactuals on the same seed (one at personalization 0, one without
    /// each scheduled event) and add the incremental figures: under `counterfactual` in
    /// JSON and --summary, as text on standard error with CSV.
    #[arg(long)]
    pub counterfactual: bool,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Scenario files to check; every file is checked and reported.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TuiArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
}

#[derive(Debug, clap::Args)]
pub struct LessonArgs {
    /// The lesson's name (see `shopsim lessons`).
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Play as plain text instead of in the terminal UI.
    #[arg(long)]
    pub headless: bool,

    /// Answers to the predictions, in order, as the choice numbers the lesson prints
    /// (numbered from 1), e.g. `3,2,1`. Missing answers are read from standard input, a
    /// prompt or piped lines (or take the first choice when it has none left).
    #[arg(long, value_name = "N,N,...", value_delimiter = ',')]
    pub answers: Option<Vec<usize>>,

    /// Override one key of the lesson's scenario, e.g. `--set simulation.shoppers=2000`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Number of shoppers (shorthand for `--set simulation.shoppers=N`).
    #[arg(long, value_name = "N")]
    pub shoppers: Option<u32>,

    /// Root seed (shorthand for `--set simulation.seed=N`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(..=SEED_MAX))]
    pub seed: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,

    /// Another scenario (preset or file) drawn on the same chart, on the same random
    /// numbers. Repeatable, up to five (sides B to F; the first scenario is A).
    #[arg(long, value_name = "SCENARIO")]
    pub compare: Vec<String>,

    #[command(flatten)]
    pub sides: common::SideOverrides,

    /// Daily CSV column to draw, e.g. `revenue`, `mean_trust`; repeatable, or comma-separated.
    /// With --sweep: one metric of the experiment (default: its first).
    #[arg(
        long,
        value_name = "COLUMN",
        required_unless_present = "sweep",
        value_delimiter = ','
    )]
    pub metric: Vec<String>,

    /// The file to write, FILE.svg or FILE.png (written to a temporary name, then renamed).
    #[arg(long, short, value_name = "FILE.svg|FILE.png")]
    pub out: PathBuf,

    /// The chart's title (default: the scenarios' names and the metrics).
    #[arg(long)]
    pub title: Option<String>,

    #[command(flatten)]
    pub size: SizeFlags,

    /// Plot a sweep directory (written by `shopsim sweep`) instead of running scenarios:
    /// a metric's mean and 95 % confidence band per point against one parameter.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with_all = ["scenario", "compare", "days", "shoppers", "seed", "set",
            "set_a", "set_b", "set_c", "set_d", "set_e", "set_f"]
    )]
    pub sweep: Option<PathBuf>,

    /// With --sweep: the parameter on the x axis (default: the first numeric one that varies).
    #[arg(long = "x", value_name = "KEY", requires = "sweep")]
    pub x: Option<String>,

    /// With --sweep: keep only the points where parameter KEY is at LEVEL, e.g.
    /// `--where strategy.consent=dashboard`. Repeatable; fixing parameters leaves fewer lines
    /// (or dots, with --scatter).
    #[arg(long = "where", value_name = "KEY=LEVEL", requires = "sweep")]
    pub only: Vec<String>,

    /// With --sweep: a scatter of two of the experiment's metrics instead of a response
    /// curve, X_METRIC on the x axis and Y_METRIC on the y axis, one dot per point (its
    /// means) with 95 % interval whiskers on both axes, e.g.
    /// `--scatter total_revenue,final_mean_trust`.
    #[arg(
        long,
        value_name = "X_METRIC,Y_METRIC",
        requires = "sweep",
        conflicts_with_all = ["metric", "x", "sobol"]
    )]
    pub scatter: Option<String>,

    /// With --sweep of a Sobol design: bars of the first-order and total Sobol indices of
    /// --metric (default: the experiment's first) per parameter, with their 95 % bootstrap
    /// intervals and the seed-noise floor.
    #[arg(long, requires = "sweep", conflicts_with_all = ["x", "only"])]
    pub sobol: bool,
}

/// Runs the parsed command.
pub fn dispatch(args: Args) -> Result<(), CliError> {
    let opens_terminal = match &args.command {
        None | Some(Command::Tui(_)) => true,
        Some(Command::Lesson(lesson_args)) => !lesson_args.headless,
        Some(_) => false,
    };
    if !opens_terminal {
        // The TUI catches termination signals itself, to restore the terminal.
        crate::output::remove_temporaries_on_signals()
            .context("cannot install the signal handlers")?;
    }
    match args.command {
        Some(Command::Run(run_args)) => run::run(&run_args),
        Some(Command::Validate(validate_args)) => validate::validate(&validate_args),
        Some(Command::Scenarios) => scenarios::list(),
        Some(Command::Tui(tui_args)) => open_tui(Some(&tui_args.scenario)),
        Some(Command::Facts(a)) => facts::facts(&a),
        Some(Command::Compare(a)) => compare::compare(&a),
        Some(Command::Explain(a)) => explain::explain(&a),
        Some(Command::Baseline(a)) => baseline::baseline(&a),
        Some(Command::Calibrate(a)) => calibrate::calibrate(&a),
        Some(Command::Lessons) => lesson::list(),
        Some(Command::Lesson(lesson_args)) => lesson::play(&lesson_args),
        Some(Command::Plot(plot_args)) => plot::plot(&plot_args),
        Some(Command::Sweep(sweep_args)) => sweep::sweep(&sweep_args),
        Some(Command::Merge(merge_args)) => merge::merge(&merge_args),
        Some(Command::Report(report_args)) => report::report(&report_args),
        None => open_tui(None),
    }
}

fn open_tui(scenario_args: Option<&ScenarioArgs>) -> Result<(), CliError> {
    let (argument, assignments) = match scenario_args {
        Some(args) => (Some(args.scenario.as_str()), args.set.as_slice()),
        None => (None, &[][..]),
    };
    let loaded = load::load(
        argument,
        &load::Overrides {
            assignments,
            ..load::Overrides::default()
        },
    )?;
    tui_ended(crate::tui::run(loaded.scenario))
}

/// The command's result once the TUI has closed: after a termination signal, an exit
/// with 128 + its number (143 for SIGTERM, 129 for SIGHUP) and nothing printed.
fn tui_ended(ending: anyhow::Result<crate::tui::Ending>) -> Result<(), CliError> {
    match ending.map_err(CliError::Failure)? {
        crate::tui::Ending::Quit => Ok(()),
        signal @ crate::tui::Ending::Signal(_) => Err(CliError::Reported(
            std::process::ExitCode::from(signal.status()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn run_defaults_to_balanced_csv_on_stdout() {
        let args = Args::try_parse_from(["shopsim", "run"]).expect("parses");
        let Some(Command::Run(run)) = args.command else {
            panic!("expected run");
        };
        assert_eq!(run.scenario.scenario, "balanced");
        assert_eq!(run.format, Format::Csv);
        assert!(run.out.is_none() && !run.summary && run.threads.is_none());
    }

    #[test]
    fn zero_threads_and_unknown_formats_are_rejected() {
        assert!(Args::try_parse_from(["shopsim", "run", "--threads", "0"]).is_err());
        let too_big = (SEED_MAX + 1).to_string();
        assert!(Args::try_parse_from(["shopsim", "run", "--seed", &too_big]).is_err());
        let largest = SEED_MAX.to_string();
        assert!(Args::try_parse_from(["shopsim", "run", "--seed", &largest]).is_ok());
        assert!(Args::try_parse_from(["shopsim", "run", "--format", "xml"]).is_err());
        assert!(Args::try_parse_from(["shopsim", "run", "--summary", "--format", "json"]).is_err());
    }
}
