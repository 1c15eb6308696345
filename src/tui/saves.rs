//! What the save and CSV export keys write: the scenario as it stands (TOML that
//! `shopsim run` reads back) and each branch's daily CSV, under one file name stem.
//! The chart export is `chart_export.rs`.

use super::app::App;
use shopsim::model::events::ScheduledEvent;
use shopsim::report::csv::write_daily_csv;
use shopsim::scenario::Scenario;
use shopsim::sim::engine::EventOrigin;
use shopsim::sim::DayMetrics;
use shopsim::units::UnitInterval;

impl App {
    /// The scenario to save: the edited branch's current strategy from day 1, with
    /// the scheduled and injected events so far and the scheduled ones still to come.
    pub fn scenario_to_save(&self) -> Scenario {
        let engine = self.edited();
        let mut scenario = self.scenario.clone();
        scenario.strategy = *engine.strategy();
        let day = engine.day();
        let mut events: Vec<ScheduledEvent> = engine
            .events()
            .iter()
            .filter(|e| e.origin != EventOrigin::Random)
            .map(|e| ScheduledEvent {
                day: e.day,
                kind: e.kind,
                severity: UnitInterval::clamped(e.severity),
            })
            .collect();
        events.extend(self.scenario.events.iter().filter(|e| e.day > day));
        events.retain(|e| e.day <= scenario.simulation.days);
        events.sort_by_key(|e| e.day);
        scenario.events = events;
        let branch = if self.comparison.is_some() {
            " (branch B)"
        } else {
            ""
        };
        let note = format!(
            "Saved from the TUI at day {day}{branch} (seed {}): the strategy then, applied \
             from day 1, and the events so far.",
            self.scenario.simulation.seed
        );
        scenario.description = if self.scenario.description.is_empty() {
            note
        } else {
            format!("{} {note}", self.scenario.description)
        };
        scenario
    }

    /// File name stem for saves and exports: `shopsim-<name>-day<N>`, where the name is
    /// the lesson's in a lesson, else the scenario's.
    pub fn file_stem(&self) -> String {
        let name = match &self.lesson {
            Some(lesson) => &lesson.lesson().name,
            None => &self.scenario.name,
        };
        format!("shopsim-{}-day{}", slug(name), self.day())
    }
}

/// The scenario file the save key writes: `(path, contents)`.
pub fn scenario_file(app: &App) -> (String, String) {
    let path = format!("{}.toml", app.file_stem());
    (path, app.scenario_to_save().to_toml_string())
}

/// The daily CSV files the export key writes, `(path, contents)`: branch A's, and
/// branch B's while comparing.
pub fn csv_files(app: &App) -> Vec<(String, String)> {
    let stem = app.file_stem();
    let mut files = vec![(format!("{stem}.csv"), daily_csv(app.a.history()))];
    if let Some(c) = &app.comparison {
        files.push((format!("{stem}-b.csv"), daily_csv(c.b.history())));
    }
    files
}

/// The daily CSV of a branch, in the same columns as `shopsim run --format csv`.
fn daily_csv(history: &[DayMetrics]) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail, and every field is ASCII.
    match write_daily_csv(&mut bytes, history) {
        Ok(()) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) => format!("error: {error}\n"),
    }
}

/// Lower-case letters and digits, other runs of characters turned into one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "scenario".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_letters_and_digits() {
        assert_eq!(slug("Amazon-like (v2)!"), "amazon-like-v2");
        assert_eq!(slug("   "), "scenario");
    }
}
