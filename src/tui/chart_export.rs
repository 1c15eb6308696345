//! The charts-as-SVG key: the run shown (and branch B, or a lesson's run without its
//! event) drawn with [`shopsim::plot`], one file per group of metrics that share a unit,
//! with the events, the lever changes and the fork day marked.

use super::app::App;
use shopsim::plot::{Chart, Marker, Run};
use shopsim::sim::Engine;

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
                .and_then(|mut chart| {
                    chart.markers.extend(timeline_markers(app));
                    chart.to_svg()
                })
                .map_err(|error| error.to_string())?;
            Ok((format!("{stem}-{suffix}.svg"), svg))
        })
        .collect()
}

/// Vertical lines at the fork and at every lever change after day 1 of the runs drawn
/// (branch B's only after the fork, where it parts from A).
pub fn timeline_markers(app: &App) -> Vec<Marker> {
    if app.lesson.is_some() {
        return Vec::new();
    }
    let changes = |engine: &Engine, branch: &str, after: u32| {
        let applied = engine.strategy_changes().iter();
        applied
            .filter(move |change| change.day > 1 && change.day > after)
            .map(move |change| Marker {
                day: change.day,
                label: format!("{branch}lever change (day {})", change.day),
            })
            .collect::<Vec<_>>()
    };
    match &app.comparison {
        None => changes(&app.a, "", 0),
        Some(comparison) => {
            let fork = comparison.fork_day;
            let mut markers = changes(&app.a, "A: ", fork);
            markers.extend(
                changes(&app.a, "", 0)
                    .into_iter()
                    .filter(|marker| marker.day <= fork),
            );
            markers.push(Marker {
                day: fork,
                label: format!("fork (day {fork})"),
            });
            markers.extend(changes(&comparison.b, "B: ", fork));
            markers.sort_by_key(|marker| marker.day);
            markers
        }
    }
}

fn run<'a>(label: &'a str, engine: &'a shopsim::sim::Engine) -> Run<'a> {
    Run {
        label,
        history: engine.history(),
        events: engine.events(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::{update, Action};
    use shopsim::scenario::Scenario;

    #[test]
    fn svg_charts_mark_the_lever_changes_and_the_fork() {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 300;
        scenario.simulation.days = 40;
        let mut app = App::new(scenario, 1);
        for _ in 0..5 {
            app.step_day();
        }
        update(&mut app, Action::IncreaseLever); // from day 6, on A before the fork
        for _ in 0..5 {
            app.step_day();
        }
        update(&mut app, Action::Fork);
        for _ in 0..3 {
            app.step_day();
        }
        update(&mut app, Action::DecreaseLever); // from day 14, on B
        for _ in 0..3 {
            app.step_day();
        }
        let labels: Vec<String> = timeline_markers(&app)
            .into_iter()
            .map(|marker| marker.label)
            .collect();
        assert_eq!(
            labels,
            [
                "lever change (day 6)",
                "fork (day 10)",
                "B: lever change (day 14)"
            ]
        );
        let files = chart_files(&app).expect("charts");
        assert_eq!(files.len(), CHART_FILES.len());
        for (path, svg) in &files {
            for label in &labels {
                assert!(svg.contains(label.as_str()), "{path} lacks {label}");
            }
        }
    }
}
