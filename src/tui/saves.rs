//! What the save and CSV export keys write: the scenario as it stands (TOML that
//! `shopsim run` reads back) and each branch's daily CSV, under one file name stem.
//! The chart export is `chart_export.rs`.

use super::app::App;
use shopsim::model::events::ScheduledEvent;
use shopsim::report::csv::write_daily_csv;
use shopsim::scenario::{Scenario, ScheduledChange};
use shopsim::sim::engine::EventOrigin;
use shopsim::sim::DayMetrics;
use shopsim::units::UnitInterval;

impl App {
    /// The scenario to save: the timeline of the edited branch, so that `shopsim run`
    /// of it gives the screen's figures to the cent. Its initial strategy, every lever
    /// move (and scheduled change) so far as a `[[changes]]` entry on its day, the
    /// scheduled changes still to come, and the scheduled and injected events, fired or
    /// pending (random breaches are left out: the same seed draws them again).
    pub fn scenario_to_save(&self) -> Scenario {
        let (engine, branch) = self.saved_run();
        let mut scenario = engine.scenario().clone();
        let day = engine.day();
        // Stepping on past the last day extends the run that was shown.
        scenario.simulation.days = scenario.simulation.days.max(day);
        let days = scenario.simulation.days;
        let mut before = scenario.strategy;
        let mut changes: Vec<ScheduledChange> = Vec::new();
        for applied in engine.strategy_changes() {
            changes.extend(ScheduledChange::between(
                applied.day,
                &before,
                &applied.strategy,
            ));
            before = applied.strategy;
        }
        // Every change up to the next day has been applied, and is listed above.
        let to_come = engine.scenario().changes.iter();
        changes.extend(to_come.filter(|change| change.day > day + 1).cloned());
        changes.retain(|change| change.day <= days);
        scenario.changes = changes;
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
        events.extend(engine.pending_events().copied());
        events.retain(|e| e.day <= days);
        scenario.events = events;
        let note = format!(
            "{SAVE_NOTE_START} {day}{branch} (seed {}): the strategy, every lever move as a \
             change on its day, and the events; {SAVE_NOTE_END}",
            scenario.simulation.seed
        );
        // A file saved before and opened again carries the earlier save's note: the new
        // one replaces it, since the saved timeline now says what both described.
        let description = without_save_notes(&scenario.description);
        scenario.description = if description.is_empty() {
            note
        } else {
            format!("{description} {note}")
        };
        scenario
    }

    /// The run the save key writes and how the note names it: the lesson's run in a
    /// lesson (the one its charts and figures follow), branch B while comparing (the one
    /// the levers edit), else branch A.
    pub fn saved_run(&self) -> (&shopsim::sim::Engine, &'static str) {
        match (&self.lesson, &self.comparison) {
            (Some(lesson), _) => (lesson.player.engine(), " (the lesson's run)"),
            (None, Some(c)) => (&c.b, " (branch B)"),
            (None, None) => (&self.a, ""),
        }
    }

    /// What the screen should say about a save besides the file's name: in a lesson,
    /// which of the charted runs the file holds when there are others.
    pub fn save_caveat(&self) -> Option<String> {
        let lesson = self.lesson.as_ref()?;
        let player = &lesson.player;
        let sweep = !player.sweep_runs().is_empty() || player.sweep_under_way().is_some();
        (sweep || player.counterfactual().is_some()).then(|| {
            format!(
                "the file holds the lesson's own run (day {}); the {} drawn beside it \
                 {} not saved",
                player.engine().day(),
                if sweep {
                    "sweep's runs"
                } else {
                    "run without the event"
                },
                if sweep { "are" } else { "is" }
            )
        })
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

/// The first and last words of the note a save adds to the description.
const SAVE_NOTE_START: &str = "Saved from the TUI at day";
const SAVE_NOTE_END: &str = "shopsim run gives the screen's figures.";

/// `description` without the notes of earlier saves, trimmed.
fn without_save_notes(description: &str) -> String {
    let mut text = description.to_string();
    while let Some(start) = text.find(SAVE_NOTE_START) {
        let end = text[start..]
            .find(SAVE_NOTE_END)
            .map_or(text.len(), |at| start + at + SAVE_NOTE_END.len());
        text.replace_range(start..end, "");
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    use crate::tui::levers::Lever;
    use crate::tui::update::{update, Action, Effect};
    use shopsim::model::events::EventKind;
    use shopsim::sim::Engine;

    /// Selects the lever called `key` and presses up or down `presses` times.
    fn move_lever(app: &mut App, key: &str, up: bool, presses: usize) {
        let Some(index) = Lever::all().position(|lever| lever.key() == key) else {
            panic!("no lever {key}");
        };
        while app.selected_lever > index {
            update(app, Action::PreviousLever);
        }
        while app.selected_lever < index {
            update(app, Action::NextLever);
        }
        let action = if up {
            Action::IncreaseLever
        } else {
            Action::DecreaseLever
        };
        for _ in 0..presses {
            update(app, action);
        }
    }

    fn step(app: &mut App, days: u32) {
        for _ in 0..days {
            update(app, Action::Step);
        }
    }

    /// What the save key writes, read back as `shopsim run` reads it, run to its end.
    fn saved_and_run(app: &mut App) -> (Scenario, Engine) {
        let effects = update(app, Action::SaveScenario);
        let [Effect::WriteFile { path, contents }] = effects.as_slice() else {
            panic!("one file write expected, got {effects:?}");
        };
        let scenario = Scenario::from_toml_str(contents, path).unwrap_or_else(|e| panic!("{e}"));
        let mut engine = Engine::new(&scenario);
        engine.run_to_end();
        (scenario, engine)
    }

    /// A balanced run with random breaches, a timeline of lever moves (several on one
    /// day, a consent switch there and back, a move before day 1) and an injected event.
    fn app_with_a_timeline() -> App {
        let mut scenario = Scenario::preset("balanced").expect("preset");
        scenario.simulation.shoppers = 1_500;
        scenario.simulation.days = 90;
        scenario.simulation.seed = 11;
        let mut app = App::new(scenario, 5);
        move_lever(&mut app, "security", false, 2); // before day 1
        step(&mut app, 12);
        move_lever(&mut app, "personalization", true, 3);
        move_lever(&mut app, "consent", true, 1);
        step(&mut app, 8);
        move_lever(&mut app, "consent", true, 1);
        move_lever(&mut app, "consent", false, 1); // there and back on one day
        move_lever(&mut app, "transparency", true, 2);
        update(&mut app, Action::Inject(EventKind::Breach));
        step(&mut app, 15);
        app
    }

    #[test]
    fn a_saved_timeline_runs_headless_to_the_screens_figures() {
        let mut app = app_with_a_timeline();
        move_lever(&mut app, "retention_days", false, 2);
        step(&mut app, 55);
        assert!(app.a.is_finished());
        let (saved, headless) = saved_and_run(&mut app);
        let days: Vec<u32> = saved.changes.iter().map(|c| c.day).collect();
        assert_eq!(
            days,
            [1, 13, 21, 36],
            "one change on each day a lever moved"
        );
        assert_eq!(
            saved.changes[0].applied_to(&saved.strategy).security.get(),
            0.5
        );
        assert_eq!(
            headless.summary(),
            app.a.summary(),
            "the same figures, to the cent"
        );
        assert_eq!(headless.history(), app.a.history());
        // The injected breach is a scheduled one in the file, with the same consequences.
        let without_origin = |engine: &Engine| {
            let events = engine.events().iter();
            events
                .map(|e| (e.day, e.kind, e.cost, e.fine))
                .collect::<Vec<_>>()
        };
        assert_eq!(without_origin(&headless), without_origin(&app.a));
        assert_eq!(headless.events().len(), 1);
    }

    #[test]
    fn a_saved_fork_runs_headless_to_branch_bs_figures_and_a_to_as() {
        let mut app = app_with_a_timeline();
        update(&mut app, Action::Fork);
        step(&mut app, 5);
        move_lever(&mut app, "third_party_data", true, 1);
        move_lever(&mut app, "data_collection", true, 4);
        step(&mut app, 10);
        update(&mut app, Action::Inject(EventKind::RegulatoryInquiry));
        move_lever(&mut app, "privacy_tech", true, 2);
        step(&mut app, 40);
        let b = app.comparison.as_ref().expect("forked").b.clone();
        assert!(b.is_finished());
        assert_ne!(b.summary(), app.a.summary(), "the branches differ");
        let (saved, headless) = saved_and_run(&mut app);
        assert!(
            saved.description.contains("(branch B)"),
            "{}",
            saved.description
        );
        assert_eq!(headless.summary(), b.summary());
        assert_eq!(headless.history(), b.history());
        // Keeping A and saving again gives A's figures.
        update(&mut app, Action::EndComparison);
        let (_, headless) = saved_and_run(&mut app);
        assert_eq!(headless.summary(), app.a.summary());
        assert_eq!(headless.history(), app.a.history());
    }

    #[test]
    fn a_save_mid_run_keeps_pending_events_and_changes_still_to_come() {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 800;
        scenario.simulation.days = 60;
        let text = format!(
            "{}[[changes]]\nday = 40\nconsent = \"opt-in\"\n",
            scenario.to_toml_string()
        );
        let scenario = Scenario::from_toml_str(&text, "x.toml").expect("valid");
        let mut app = App::new(scenario, 1);
        step(&mut app, 20);
        move_lever(&mut app, "personalization", false, 4);
        update(&mut app, Action::Inject(EventKind::PolicyChange));
        let (saved, headless) = saved_and_run(&mut app);
        let days: Vec<u32> = saved.changes.iter().map(|c| c.day).collect();
        assert_eq!(days, [21, 40]);
        assert!(saved.events.iter().any(|e| e.day == 21));
        let mut screen = app.a.clone();
        screen.run_to_end();
        assert_eq!(headless.history(), screen.history());
    }

    #[test]
    fn a_saved_file_saved_again_has_one_note() {
        let mut app = app_with_a_timeline();
        let (first, _) = saved_and_run(&mut app);
        assert_eq!(first.description.matches(SAVE_NOTE_START).count(), 1);
        // Open the saved file again, play on and save: the earlier note is replaced.
        let mut reopened = App::new(first.clone(), 5);
        step(&mut reopened, 20);
        move_lever(&mut reopened, "transparency", true, 1);
        step(&mut reopened, 10);
        let (second, _) = saved_and_run(&mut reopened);
        assert_eq!(
            second.description.matches(SAVE_NOTE_START).count(),
            1,
            "{}",
            second.description
        );
        assert!(
            second.description.contains("at day 30"),
            "{}",
            second.description
        );
        let original = Scenario::preset("balanced").expect("preset").description;
        assert!(
            second.description.starts_with(&original),
            "{}",
            second.description
        );
        // Saving twice in one session writes the same description twice.
        let (again, _) = saved_and_run(&mut reopened);
        assert_eq!(again.description, second.description);
    }

    #[test]
    fn in_a_lesson_w_saves_the_lessons_run_and_says_what_else_is_drawn() {
        use crate::tui::lesson::tests::{lesson_app, press, run_until_waiting};
        use ratatui::crossterm::event::KeyCode;
        let mut app = lesson_app();
        press(&mut app, KeyCode::Enter); // to the first run
        run_until_waiting(&mut app);
        let effects = press(&mut app, KeyCode::Char('w'));
        let [Effect::WriteFile { path, contents }] = effects.as_slice() else {
            panic!("w writes one file in a lesson, got {effects:?}");
        };
        assert!(path.starts_with("shopsim-talk-vs-action-day120"), "{path}");
        let saved = Scenario::from_toml_str(contents, path).unwrap_or_else(|e| panic!("{e}"));
        assert!(saved.description.contains("(the lesson's run)"));
        let mut headless = Engine::new(&saved);
        headless.run_to_end();
        let lesson_run = app.lesson.as_ref().expect("lesson").player.engine();
        assert_eq!(lesson_run.day(), 120);
        assert_eq!(&headless.history()[..120], lesson_run.history());
        assert_eq!(app.save_caveat(), None, "only the lesson's run is drawn");
        // After the breach the lesson also draws the run without it: the screen says so.
        while app
            .lesson
            .as_ref()
            .expect("lesson")
            .player
            .counterfactual()
            .is_none()
        {
            press(&mut app, KeyCode::Enter);
            run_until_waiting(&mut app);
            assert!(app.day() < 400, "the lesson injects its breach");
        }
        press(&mut app, KeyCode::Char('w'));
        let caveat = app.save_caveat().expect("a caveat");
        assert!(caveat.contains("run without the event"), "{caveat}");
        assert!(
            app.notices
                .iter()
                .any(|n| n.text.contains("run without the event")),
            "{:?}",
            app.notices
        );
    }

    #[test]
    fn slug_keeps_letters_and_digits() {
        assert_eq!(slug("Amazon-like (v2)!"), "amazon-like-v2");
        assert_eq!(slug("   "), "scenario");
    }
}
