//! `shopsim plot`: chart daily metrics of one scenario or several compared (on the same
//! random numbers), or a sweep, as an SVG or PNG file (the format follows the file name).

use super::error::CliError;
use super::load;
use super::{report, PlotArgs};
use crate::output;
use shopsim::plot::sweep::{only_levels, ScatterChart, SobolChart, SweepChart};
use shopsim::plot::{Chart, PlotError, Run, PNG_SIZE};
use shopsim::sim::Engine;
use shopsim::sweep::Report;
use std::path::Path;

pub const EXAMPLES: &str = "\
Examples:
  shopsim plot breach-shock --metric mean_trust --metric stated_intent_to_leave --out breach.svg
  shopsim plot creepy-overreach --compare apple-like --metric revenue --out revenue.svg
  shopsim plot balanced --compare balanced --compare balanced --set-b strategy.consent=opt-in \\
      --set-c strategy.consent=dashboard --metric opt_in_rate --out consent.svg
  shopsim plot my-shop.toml --metric active_shoppers --shoppers 2000 --days 180 --out shop.png
  shopsim plot --sweep out/pt --metric final_mean_trust --out trust.svg
  shopsim plot --sweep out/pt --metric total_revenue --x strategy.transparency --out revenue.png
  shopsim plot --sweep out/profit --metric profit --where strategy.consent=dashboard \\
      --where strategy.third_party_data=false --out profit.svg
  shopsim plot --sweep out/pt --scatter total_revenue,final_mean_trust --out tradeoff.svg
  shopsim plot --sweep out/levers --sobol --metric total_revenue --out levers.svg

Metrics are the daily CSV column names of `shopsim run` (see README.md). Up to six
scenarios (--compare is repeatable) run on the first one's seed, so their differences are
effects, not noise. The overrides --set, --days, --shoppers and --seed apply to every
scenario; --set-a to the first only, --set-b to the first --compare, and so on. With --sweep DIR (a directory
written by `shopsim sweep`), the chart shows one metric of the experiment (default: its
first) against one numeric parameter (--x, default: the first that varies), mean and 95 %
confidence band per point, one line per level of the other parameters, Pareto-front points
circled; more than 8 lines are refused: --where KEY=LEVEL keeps only the points with that
level (repeatable). --scatter X_METRIC,Y_METRIC draws two metrics against each other instead,
one dot per point (numbered as in report/points.csv up to 40 points) with 95 % interval
whiskers on both axes, for any design. --sobol draws a Sobol design's indices of --metric:
per parameter a first-order and a total bar with 95 % bootstrap whiskers, and a dashed line
at the seed-noise floor (a total index below it may be noise alone). SVG is 1024x576; PNG is
1600x900.";

/// The file formats `--out` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
}

pub fn plot(args: &PlotArgs) -> Result<(), CliError> {
    let format = format_of(&args.out)?;
    if let Some(dir) = &args.sweep {
        return plot_sweep(args, dir, format);
    }
    let mut arguments = vec![args.scenario.scenario.as_str()];
    arguments.extend(args.compare.iter().map(String::as_str));
    args.sides.check(arguments.len(), "plot")?;
    let mut engines = Vec::with_capacity(arguments.len());
    let mut seed = None;
    for (index, argument) in arguments.iter().enumerate() {
        let assignments = args.sides.assignments(&args.scenario.set, index);
        let mut loaded = load::load(Some(argument), &args.size.overrides(&assignments))?;
        for note in &loaded.notes {
            output::print_error(&format!("note: {note}"));
        }
        // Every scenario on the first one's seed: common random numbers, as in `compare`.
        let first_seed = *seed.get_or_insert(loaded.scenario.simulation.seed);
        if loaded.scenario.simulation.seed != first_seed {
            output::print_error(&format!(
                "note: {} has seed {}; it runs on the first scenario's seed {first_seed}",
                loaded.source, loaded.scenario.simulation.seed
            ));
            loaded.scenario.simulation.seed = first_seed;
        }
        let mut engine = Engine::new(&loaded.scenario);
        engine.run_to_end();
        engines.push(engine);
    }
    let labels: Vec<String> = engines
        .iter()
        .enumerate()
        .map(|(index, engine)| args.sides.label(&engine.scenario().name, index))
        .collect();
    let runs: Vec<Run<'_>> = engines
        .iter()
        .zip(&labels)
        .map(|(engine, label)| Run {
            label,
            history: engine.history(),
            events: engine.events(),
        })
        .collect();
    let metrics: Vec<&str> = args.metric.iter().map(String::as_str).collect();
    let title = match &args.title {
        Some(title) => title.clone(),
        None => {
            let names: Vec<&str> = runs.iter().map(|run| run.label).collect();
            default_title(&names, &args.scenario.set, &metrics)
        }
    };
    let chart = Chart::from_runs(&runs, &metrics, &title).map_err(|error| {
        CliError::input(error.to_string())
            .with_hint("pick metrics from the header of `shopsim run --days 1`")
    })?;
    let bytes = match format {
        Format::Svg => chart.to_svg().map(String::into_bytes),
        Format::Png => chart.to_png(PNG_SIZE.0, PNG_SIZE.1),
    };
    write(&args.out, bytes)
}

/// `plot --sweep DIR`: the response curve of a sweep directory's results.
fn plot_sweep(args: &PlotArgs, dir: &Path, format: Format) -> Result<(), CliError> {
    if args.metric.len() > 1 {
        return Err(CliError::input(format!(
            "--sweep plots one metric, got {}: {}",
            args.metric.len(),
            args.metric.join(", ")
        ))
        .with_hint("plot each metric to its own file"));
    }
    let plan = report::load_plan(dir)?;
    let merged = report::read_runs(dir, &plan)?;
    if merged.records.is_empty() {
        return Err(
            CliError::input(format!("{}: no results yet", dir.display())).with_hint(format!(
                "run the sweep first: shopsim sweep EXPERIMENT --out {}",
                dir.display()
            )),
        );
    }
    if !merged.missing.is_empty() {
        output::print_error(&format!(
            "note: {} of {} runs are missing; plotting the rest",
            merged.missing.len(),
            plan.run_count()
        ));
    }
    let mut filters = Vec::with_capacity(args.only.len());
    for assignment in &args.only {
        let Some((key, level)) = assignment.split_once('=') else {
            return Err(
                CliError::input(format!("--where {assignment}: expected KEY=LEVEL"))
                    .with_hint("e.g. --where strategy.consent=dashboard"),
            );
        };
        filters.push((key.trim().to_string(), level.trim().to_string()));
    }
    let report = only_levels(&Report::build(&plan, &merged.records), &filters)
        .map_err(|error| CliError::input(format!("{}: {error}", dir.display())))?;
    let metrics_hint = "metrics and parameters are those of the experiment (see DIR/plan.json or `shopsim report DIR`)";
    if let Some(pair) = &args.scatter {
        let (x, y) = scatter_metrics(pair)?;
        let chart =
            ScatterChart::from_report(&report, x, y, args.title.as_deref()).map_err(|error| {
                CliError::input(format!("{}: {error}", dir.display())).with_hint(metrics_hint)
            })?;
        return write(&args.out, render(&chart, format));
    }
    if args.sobol {
        let chart = SobolChart::from_report(
            &report,
            args.metric.first().map(String::as_str),
            args.title.as_deref(),
        )
        .map_err(|error| {
            let hint = match error {
                PlotError::NotSobol { .. } => {
                    "Sobol indices come from an experiment with design = \"sobol\" (e.g. \
                     scenarios/sweeps/strategy-levers-sobol.toml); for this sweep, draw \
                     --scatter or a response curve"
                }
                _ => metrics_hint,
            };
            CliError::input(format!("{}: {error}", dir.display())).with_hint(hint)
        })?;
        return write(&args.out, render(&chart, format));
    }
    let chart = SweepChart::from_report(
        &report,
        args.metric.first().map(String::as_str),
        args.x.as_deref(),
        args.title.as_deref(),
    )
    .map_err(|error| {
        let hint = match error {
            PlotError::TooManyLines { .. } => {
                "fix the levels of some parameters with --where KEY=LEVEL (repeatable), one \
                 chart per level, e.g. --where strategy.consent=dashboard"
            }
            _ => metrics_hint,
        };
        CliError::input(format!("{}: {error}", dir.display())).with_hint(hint)
    })?;
    let bytes = match format {
        Format::Svg => chart.to_svg().map(String::into_bytes),
        Format::Png => chart.to_png(PNG_SIZE.0, PNG_SIZE.1),
    };
    write(&args.out, bytes)
}

/// A sweep chart other than the response curve, rendered in `format`.
fn render(chart: &impl SweepFigure, format: Format) -> Result<Vec<u8>, PlotError> {
    match format {
        Format::Svg => chart.svg().map(String::into_bytes),
        Format::Png => chart.png(PNG_SIZE.0, PNG_SIZE.1),
    }
}

/// The two renderings every sweep chart has.
trait SweepFigure {
    fn svg(&self) -> Result<String, PlotError>;
    fn png(&self, width: u32, height: u32) -> Result<Vec<u8>, PlotError>;
}

impl SweepFigure for ScatterChart {
    fn svg(&self) -> Result<String, PlotError> {
        self.to_svg()
    }
    fn png(&self, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
        self.to_png(width, height)
    }
}

impl SweepFigure for SobolChart {
    fn svg(&self) -> Result<String, PlotError> {
        self.to_svg()
    }
    fn png(&self, width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
        self.to_png(width, height)
    }
}

/// `--scatter X_METRIC,Y_METRIC` split in two.
fn scatter_metrics(pair: &str) -> Result<(&str, &str), CliError> {
    match pair.split(',').map(str::trim).collect::<Vec<_>>()[..] {
        [x, y] if !x.is_empty() && !y.is_empty() => Ok((x, y)),
        _ => Err(CliError::input(format!(
            "--scatter {pair}: expected two metrics, X_METRIC,Y_METRIC"
        ))
        .with_hint("e.g. --scatter total_revenue,final_mean_trust")),
    }
}

/// Writes the rendered chart atomically.
fn write(out: &Path, bytes: Result<Vec<u8>, PlotError>) -> Result<(), CliError> {
    let bytes = bytes.map_err(|error| CliError::Failure(anyhow::Error::new(error)))?;
    Ok(output::write_file(out, |file| file.write_all(&bytes))?)
}

fn format_of(out: &Path) -> Result<Format, CliError> {
    match out.extension().and_then(|e| e.to_str()) {
        Some(extension) if extension.eq_ignore_ascii_case("svg") => Ok(Format::Svg),
        Some(extension) if extension.eq_ignore_ascii_case("png") => Ok(Format::Png),
        _ => Err(CliError::input(format!(
            "--out {}: the file name must end in .svg or .png",
            out.display()
        ))
        .with_hint("e.g. --out chart.svg (scales on slides) or --out chart.png (1600x900)")),
    }
}

/// The title of a run chart without `--title`: the scenarios' names, the `--set` overrides
/// that changed them (a preset's name alone would claim the preset as shipped), and the
/// metrics.
fn default_title(names: &[&str], set: &[String], metrics: &[&str]) -> String {
    let overrides = if set.is_empty() {
        String::new()
    } else {
        format!(" with {}", set.join(", "))
    };
    format!("{}{overrides}: {}", names.join(" vs "), metrics.join(", "))
}

#[cfg(test)]
mod title_tests {
    use super::default_title;

    #[test]
    fn the_default_title_names_the_overrides() {
        assert_eq!(
            default_title(&["balanced"], &[], &["mean_trust"]),
            "balanced: mean_trust"
        );
        assert_eq!(
            default_title(
                &["balanced", "aggressive"],
                &["strategy.consent=opt-in".to_string()],
                &["mean_trust", "active_shoppers"]
            ),
            "balanced vs aggressive with strategy.consent=opt-in: mean_trust, active_shoppers"
        );
    }
}
