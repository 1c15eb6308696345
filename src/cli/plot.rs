//! `shopsim plot`: chart daily metrics of one or two scenarios as an SVG file.

use super::error::CliError;
use super::load::{self, Overrides};
use super::output::{self, Destination};
use super::PlotArgs;
use shopsim::plot::{Chart, Run};
use shopsim::sim::Engine;
use std::path::Path;

pub const EXAMPLES: &str = "\
Examples:
  shopsim plot breach-shock --metric mean_trust --metric stated_intent_to_leave --out breach.svg
  shopsim plot creepy-overreach --compare apple-like --metric revenue --out revenue.svg
  shopsim plot my-shop.toml --metric active_shoppers --shoppers 2000 --days 180 --out shop.svg

Metrics are the daily CSV column names of `shopsim run` (see README.md). The overrides
(--set, --days, --shoppers, --seed) apply to both scenarios. Output is SVG only.";

pub fn plot(args: &PlotArgs) -> Result<(), CliError> {
    if args.sweep.is_some() {
        return Err(
            CliError::input("plotting sweep results is not available yet").with_hint(
                "plot scenarios: shopsim plot SCENARIO --metric revenue --out chart.svg",
            ),
        );
    }
    check_extension(&args.out)?;
    let overrides = Overrides {
        assignments: &args.scenario.set,
        days: args.days,
        shoppers: args.shoppers,
        seed: args.seed,
    };
    let mut arguments = vec![args.scenario.scenario.as_str()];
    arguments.extend(args.compare.as_deref());
    let mut engines = Vec::with_capacity(arguments.len());
    for argument in arguments {
        let loaded = load::load(Some(argument), &overrides)?;
        for note in &loaded.notes {
            output::print_error(&format!("note: {note}"));
        }
        let mut engine = Engine::new(&loaded.scenario);
        engine.run_to_end();
        engines.push(engine);
    }
    let runs: Vec<Run<'_>> = engines
        .iter()
        .map(|engine| Run {
            label: &engine.scenario().name,
            history: engine.history(),
            events: engine.events(),
        })
        .collect();
    let metrics: Vec<&str> = args.metric.iter().map(String::as_str).collect();
    let title = match &args.title {
        Some(title) => title.clone(),
        None => {
            let names: Vec<&str> = runs.iter().map(|run| run.label).collect();
            format!("{}: {}", names.join(" vs "), metrics.join(", "))
        }
    };
    let chart = Chart::from_runs(&runs, &metrics, &title).map_err(|error| {
        CliError::input(error.to_string())
            .with_hint("pick metrics from the header of `shopsim run --days 1`")
    })?;
    let svg = chart
        .to_svg()
        .map_err(|error| CliError::Failure(anyhow::Error::new(error)))?;
    Destination::File(args.out.clone()).write(|out| out.write_all(svg.as_bytes()))
}

fn check_extension(out: &Path) -> Result<(), CliError> {
    match out.extension().and_then(|e| e.to_str()) {
        Some(extension) if extension.eq_ignore_ascii_case("svg") => Ok(()),
        Some(extension) if extension.eq_ignore_ascii_case("png") => Err(CliError::input(
            "PNG output is not supported: shopsim writes SVG only",
        )
        .with_hint("write --out chart.svg and convert it with any SVG tool if you need a PNG")),
        _ => Err(CliError::input(format!(
            "--out {}: the file name must end in .svg",
            out.display()
        ))),
    }
}
