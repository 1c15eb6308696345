//! The charts-as-SVG key: the run shown (and branch B, or a lesson's run without its
//! event) drawn with [`shopsim::plot`], one file per group of metrics that share a unit.

use super::app::App;
use shopsim::plot::{Chart, Run};

/// The files written: a name suffix, a title and the daily columns drawn on one chart.
/// Columns on one chart share a unit, so the y axis reads true.
pub const CHART_FILES: [(&str, &str, &[&str]); 3] = [
    ("revenue", "revenue per day", &["revenue"]),
    (
        "trust",
        "trust, loyalty and stated intent to leave",
        &["mean_trust", "mean_loyalty", "stated_intent_to_leave"],
    ),
    ("shoppers", "active shoppers", &["active_shoppers"]),
];

/// The SVG files for the charts as they stand: `(path, contents)` with paths
/// `<stem>-revenue.svg`, `<stem>-trust.svg` and `<stem>-shoppers.svg`. An error says why
/// there is nothing to draw.
pub fn chart_files(app: &App) -> Result<Vec<(String, String)>, String> {
    let main = app.main_run();
    if main.history().is_empty() {
        return Err("no day simulated yet".to_string());
    }
    let mut runs = Vec::new();
    let name = match &app.lesson {
        Some(lesson) => lesson.lesson().title.clone(),
        None => app.scenario.name.clone(),
    };
    match (&app.lesson, &app.comparison) {
        (Some(lesson), _) => {
            runs.push(run("this run", main));
            if let Some(counterfactual) = lesson.player.counterfactual() {
                runs.push(run("without the event", counterfactual));
            }
        }
        (None, Some(comparison)) => {
            runs.push(run("A", main));
            runs.push(run("B", &comparison.b));
        }
        (None, None) => runs.push(run(&app.scenario.name, main)),
    }
    let stem = app.file_stem();
    let day = app.day();
    CHART_FILES
        .iter()
        .map(|(suffix, what, metrics)| {
            let title = format!("{name}, day {day}: {what}");
            let svg = Chart::from_runs(&runs, metrics, &title)
                .and_then(|chart| chart.to_svg())
                .map_err(|error| error.to_string())?;
            Ok((format!("{stem}-{suffix}.svg"), svg))
        })
        .collect()
}

fn run<'a>(label: &'a str, engine: &'a shopsim::sim::Engine) -> Run<'a> {
    Run {
        label,
        history: engine.history(),
        events: engine.events(),
    }
}
