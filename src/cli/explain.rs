//! `shopsim explain SCENARIO --day D`: why the run moved on a day, or a window of days.

use super::common::{with_threads, SizeArgs};
use super::error::CliError;
use crate::output;
use clap::ValueEnum;
use shopsim::report::explain::{explain as explain_window, render_text};
use shopsim::sim::Engine;

pub const EXAMPLES: &str = "\
Examples:
  shopsim explain breach-shock --day 185                 the fifth day after the breach
  shopsim explain breach-shock --day 200 --window 20     days 181-200 together
  shopsim explain creepy-overreach --day 90 --window 90 --format json

The contributions by cause add up to the change of mean trust over the window; they are
the CSV's trust_change_* columns summed over its days.";

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Readable text.
    Text,
    /// The breakdown as one JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A preset name (see `shopsim scenarios`) or the path of a scenario TOML file.
    #[arg(value_name = "SCENARIO", default_value = shopsim::scenario::presets::DEFAULT_PRESET)]
    pub scenario: String,

    /// The day to explain (1-based); with --window, the last day of the window.
    #[arg(long, value_name = "D", value_parser = clap::value_parser!(u32).range(1..))]
    pub day: u32,

    /// Number of days ending on --day to explain together.
    #[arg(long, value_name = "W", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub window: u32,

    #[command(flatten)]
    pub size: SizeArgs,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

pub fn explain(args: &ExplainArgs) -> Result<(), CliError> {
    let loaded = args.size.load(&args.scenario)?;
    let days = loaded.scenario.simulation.days;
    if args.day > days {
        return Err(
            CliError::input(format!("--day {}: the run has only {days} days", args.day)).with_hint(
                format!("give a day from 1 to {days}, or a longer run with --days"),
            ),
        );
    }
    // Only the days up to the one explained are simulated.
    let engine = with_threads(args.size.threads, || {
        let mut engine = Engine::new(&loaded.scenario);
        while engine.day() < args.day {
            engine.step();
        }
        engine
    })?;
    let explanation = explain_window(engine.history(), engine.events(), args.day, args.window)
        .map_err(|error| CliError::input(error.to_string()))?;
    match args.format {
        ExplainFormat::Text => Ok(output::print(&format!(
            "{} ({}), seed {}\n{}",
            output::printable(&loaded.scenario.name),
            output::printable(&loaded.source),
            loaded.scenario.simulation.seed,
            render_text(&explanation)
        ))?),
        ExplainFormat::Json => Ok(output::write_stdout(|out| {
            shopsim::report::write_json(out, &explanation)
        })?),
    }
}
