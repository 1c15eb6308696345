//! The TUI's one state transition: [`update`] applies an [`Action`] (what a key asks
//! for, from the key table in `keymap.rs`) to the [`App`] and returns the [`Effect`]s
//! (file writes) the run loop in `tui/mod.rs` carries out. Pure: no terminal, clock or
//! file system.

use super::app::{App, Mode, SPEEDS};
use super::chart_export;
use super::confirm;
use super::levers::Lever;
use super::saves;
use shopsim::model::events::EventKind;
use shopsim::scenario::Scenario;

/// Everything a key can ask for. The key table in `keymap.rs` maps keys to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    TogglePause,
    Step,
    Faster,
    Slower,
    Restart,
    RandomSeed,
    NextSeed,
    PreviousLever,
    NextLever,
    DecreaseLever,
    IncreaseLever,
    ToggleSegmentTrust,
    /// The active shoppers chart from zero, or fitted to its values.
    ToggleZeroAxis,
    /// 7-day averages of the daily series, or the days as they are.
    ToggleSmoothing,
    Inject(EventKind),
    Fork,
    EndComparison,
    /// Ends the comparison keeping branch B (it becomes the only run).
    KeepB,
    SaveScenario,
    ExportCsv,
    OpenPresets,
    ToggleHelp,
    /// Help or explanation: scroll up / down a line (when it does not fit the terminal).
    ScrollUp,
    ScrollDown,
    /// Opens the "why did it move?" overlay on branch A.
    OpenExplain,
    /// Opens it on branch B (on A when not comparing).
    OpenExplainB,
    /// Closes an overlay (help, preset list or explanation).
    Close,
    PickerUp,
    PickerDown,
    PickerChoose,
    /// Writes the main charts' metrics as SVG files.
    SaveCharts,
    /// Lesson: answer the prediction, finish the run, or go on.
    LessonContinue,
    /// Lesson: previous choice, or scroll up.
    LessonUp,
    /// Lesson: next choice, or scroll down.
    LessonDown,
    /// Lesson: highlight this choice (0-based) of the prediction.
    Choose(usize),
    /// Yes to the question of [`Mode::Confirm`]: carry out the waiting restart.
    Confirm,
}

/// Work `update` leaves to the run loop because it needs the outside world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write `contents` to `path` (relative to the current directory), then report it.
    WriteFile { path: String, contents: String },
}

/// File writes for `(path, contents)` pairs.
fn writes(files: Vec<(String, String)>) -> Vec<Effect> {
    files
        .into_iter()
        .map(|(path, contents)| Effect::WriteFile { path, contents })
        .collect()
}

/// Whether `action` changes the run, which a lesson alone does while it plays.
fn edits_the_run(action: Action) -> bool {
    matches!(
        action,
        Action::Step
            | Action::Restart
            | Action::RandomSeed
            | Action::NextSeed
            | Action::DecreaseLever
            | Action::IncreaseLever
            | Action::Inject(_)
            | Action::Fork
            | Action::KeepB
            | Action::OpenPresets
            | Action::PickerChoose
    )
}

/// Applies one action. Returns the file writes the run loop must carry out. A restart
/// that would throw away a fork or edits asks first (see `confirm.rs`).
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if app.lesson.is_some() && edits_the_run(action) {
        app.notice("the lesson sets the strategy and events; the levers are read-only".into());
        return Vec::new();
    }
    if confirm::asks_first(app, action) {
        return Vec::new();
    }
    apply(app, action)
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => app.should_quit = true,
        Action::TogglePause => app.paused = !app.paused,
        Action::Step => {
            app.paused = true;
            app.step_day();
        }
        Action::Faster => app.speed = (app.speed + 1).min(SPEEDS.len() - 1),
        Action::Slower => app.speed = app.speed.saturating_sub(1),
        Action::Restart => {
            let seed = app.scenario.simulation.seed;
            app.restart_with_seed(seed);
        }
        Action::RandomSeed => {
            let seed = app.next_random_seed();
            app.restart_with_seed(seed);
        }
        Action::NextSeed => {
            let seed = app.scenario.simulation.seed.wrapping_add(1);
            app.restart_with_seed(seed);
        }
        Action::PreviousLever => app.selected_lever = app.selected_lever.saturating_sub(1),
        Action::NextLever => app.selected_lever = (app.selected_lever + 1).min(Lever::count() - 1),
        Action::DecreaseLever => app.nudge_lever(false),
        Action::IncreaseLever => app.nudge_lever(true),
        Action::ToggleSegmentTrust => {
            app.show_segment_trust = !app.show_segment_trust;
            if app.show_segment_trust {
                app.notice(
                    "trust by segment: F fundamentalists, P pragmatists, U unconcerned".into(),
                );
            }
        }
        Action::ToggleZeroAxis => app.zero_based_shoppers = !app.zero_based_shoppers,
        Action::ToggleSmoothing => app.smooth_daily = !app.smooth_daily,
        Action::Inject(kind) => app.inject(kind),
        Action::Fork => app.fork(),
        Action::EndComparison => app.end_comparison(),
        Action::KeepB => app.keep_b(),
        Action::SaveScenario => {
            let (path, contents) = saves::scenario_file(app);
            if let Some(caveat) = app.save_caveat() {
                app.notice(caveat);
            }
            return vec![Effect::WriteFile { path, contents }];
        }
        Action::ExportCsv => return writes(saves::csv_files(app)),
        Action::OpenPresets => {
            app.picker_selected = app
                .presets
                .iter()
                .position(|p| saves::slug(&app.scenario.name) == p.name)
                .unwrap_or(0);
            app.mode = Mode::PresetPicker;
        }
        Action::ToggleHelp => {
            app.overlay_scroll = 0;
            app.mode = if app.mode == Mode::Help {
                app.base_mode()
            } else {
                Mode::Help
            }
        }
        Action::ScrollUp => app.overlay_scroll = app.overlay_scroll.saturating_sub(1),
        Action::ScrollDown => {
            app.overlay_scroll = (app.overlay_scroll + 1).min(app.overlay_scroll_max.get());
        }
        Action::OpenExplain | Action::OpenExplainB => {
            app.explain_b = action == Action::OpenExplainB && app.comparison.is_some();
            app.overlay_scroll = 0;
            app.mode = Mode::Explain;
        }
        Action::Close => {
            app.confirming = None;
            app.mode = app.base_mode();
        }
        Action::Confirm => {
            app.mode = app.base_mode();
            if let Some(restart) = app.confirming.take() {
                return apply(app, restart);
            }
        }
        Action::PickerUp => app.picker_selected = app.picker_selected.saturating_sub(1),
        Action::PickerDown => {
            app.picker_selected = (app.picker_selected + 1).min(app.presets.len().saturating_sub(1))
        }
        Action::PickerChoose => {
            app.mode = Mode::Main;
            if let Some(preset) = app.presets.get(app.picker_selected) {
                let name = preset.name;
                match Scenario::preset(name) {
                    Ok(scenario) => {
                        app.restart_on(scenario);
                        app.notice(format!("opened preset {name}"));
                    }
                    Err(error) => app.notice(format!("cannot open preset: {error}")),
                }
            }
        }
        Action::SaveCharts => match chart_export::chart_files(app) {
            Ok(files) => return writes(files),
            Err(reason) => app.notice(format!("no charts saved: {reason}")),
        },
        Action::LessonContinue => {
            if let Some(lesson) = &mut app.lesson {
                let notices = lesson.proceed();
                for notice in notices {
                    app.notice(notice);
                }
            }
        }
        Action::LessonUp => {
            if let Some(lesson) = &mut app.lesson {
                lesson.up();
            }
        }
        Action::LessonDown => {
            if let Some(lesson) = &mut app.lesson {
                lesson.down();
            }
        }
        Action::Choose(choice) => {
            if let Some(lesson) = &mut app.lesson {
                lesson.choose(choice);
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopsim::model::strategy::Strategy;
    use shopsim::scenario::presets;
    use shopsim::sim::engine::EventOrigin;
    use shopsim::sim::Engine;

    fn small_scenario() -> Scenario {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 500;
        scenario.simulation.days = 60;
        scenario
    }

    fn app() -> App {
        App::new(small_scenario(), 7)
    }

    #[test]
    fn a_slider_change_takes_effect_on_the_next_day() {
        let mut app = app();
        for _ in 0..5 {
            app.step_day();
        }
        let before = *app.a.strategy();
        update(&mut app, Action::IncreaseLever); // personalization is selected first
        let after = *app.a.strategy();
        assert!((after.personalization.get() - before.personalization.get() - 0.05).abs() < 1e-9);
        let changes = app.a.strategy_changes();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].day, 6, "the change applies from the next day");
        assert_eq!(changes[1].strategy, after);
        // Two more presses on the same day merge into one change and one log line.
        update(&mut app, Action::IncreaseLever);
        update(&mut app, Action::IncreaseLever);
        assert_eq!(app.a.strategy_changes().len(), 2);
        let lines: Vec<_> = app
            .notices
            .iter()
            .filter(|n| n.text.starts_with("personalization"))
            .collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "personalization 0.50 -> 0.65 from day 6");
    }

    #[test]
    fn lever_selection_reaches_every_lever() {
        let mut app = app();
        for _ in 0..20 {
            update(&mut app, Action::NextLever);
        }
        assert_eq!(Lever::at(app.selected_lever).key(), "privacy_tech");
        update(&mut app, Action::IncreaseLever);
        assert_ne!(
            app.a.strategy().privacy_tech,
            Strategy::default().privacy_tech
        );
        for _ in 0..20 {
            update(&mut app, Action::PreviousLever);
        }
        assert_eq!(app.selected_lever, 0);
    }

    #[test]
    fn fork_branches_agree_until_the_edit_then_differ() {
        let mut app = app();
        for _ in 0..10 {
            app.step_day();
        }
        update(&mut app, Action::Fork);
        for _ in 0..5 {
            app.step_day();
        }
        let c = app.comparison.as_ref().expect("forked");
        assert_eq!(c.fork_day, 10);
        assert_eq!(
            app.a.history(),
            c.b.history(),
            "no edit: identical histories"
        );
        // Edits now go to B only.
        for _ in 0..6 {
            update(&mut app, Action::IncreaseLever);
        }
        assert_eq!(*app.a.strategy(), Strategy::default());
        let b_strategy = *app.comparison.as_ref().expect("forked").b.strategy();
        assert!(b_strategy.personalization.get() > 0.75);
        for _ in 0..10 {
            app.step_day();
        }
        let c = app.comparison.as_ref().expect("forked");
        assert_eq!(app.a.history()[..15], c.b.history()[..15]);
        assert_ne!(app.a.history()[15..], c.b.history()[15..]);
        assert_eq!(app.a.history().len(), c.b.history().len(), "lockstep");
        update(&mut app, Action::EndComparison);
        assert!(app.comparison.is_none());
        assert_eq!(app.a.day(), 25, "A is kept");
    }

    #[test]
    fn either_branch_can_be_kept() {
        let mut app = app();
        for _ in 0..5 {
            app.step_day();
        }
        update(&mut app, Action::Fork);
        update(&mut app, Action::IncreaseLever);
        for _ in 0..5 {
            app.step_day();
        }
        let b = app.comparison.as_ref().expect("forked").b.clone();
        assert_ne!(app.a.history(), b.history());
        update(&mut app, Action::KeepB);
        assert!(app.comparison.is_none());
        assert_eq!(app.a.history(), b.history(), "B is now the run");
        assert_eq!(app.a.strategy(), b.strategy());
        assert!(app.notices.iter().any(|n| n.text.contains("kept branch B")));
        app.step_day();
        assert_eq!(app.a.day(), 11, "and it goes on");
    }

    #[test]
    fn injected_events_fire_on_the_next_day_in_both_branches() {
        let mut app = app();
        app.step_day();
        update(&mut app, Action::Fork);
        update(&mut app, Action::Inject(EventKind::Breach));
        app.step_day();
        let fired = |engine: &Engine| {
            engine.events().iter().any(|e| {
                e.day == 2 && e.kind == EventKind::Breach && e.origin == EventOrigin::Injected
            })
        };
        assert!(fired(&app.a));
        assert!(fired(&app.comparison.as_ref().expect("forked").b));
    }

    #[test]
    fn restart_and_seeds() {
        let mut app = app();
        for _ in 0..3 {
            app.step_day();
        }
        update(&mut app, Action::Restart);
        assert_eq!(app.a.day(), 0);
        assert_eq!(app.scenario.simulation.seed, 42);
        update(&mut app, Action::NextSeed);
        assert_eq!(app.scenario.simulation.seed, 43);
        update(&mut app, Action::RandomSeed);
        let first = app.scenario.simulation.seed;
        update(&mut app, Action::RandomSeed);
        assert_ne!(app.scenario.simulation.seed, first);
    }

    #[test]
    fn save_writes_a_scenario_that_reads_back_with_the_lever_move_on_its_day() {
        let mut app = app();
        for _ in 0..4 {
            app.step_day();
        }
        update(&mut app, Action::Inject(EventKind::RegulatoryInquiry));
        app.step_day();
        update(&mut app, Action::IncreaseLever);
        let effects = update(&mut app, Action::SaveScenario);
        let [Effect::WriteFile { path, contents }] = effects.as_slice() else {
            panic!("one file write expected, got {effects:?}");
        };
        assert_eq!(path, "shopsim-default-day5.toml");
        let saved = Scenario::from_toml_str(contents, path).expect("saved file is valid");
        assert_eq!(saved.strategy, Strategy::default(), "the strategy of day 1");
        let changes: Vec<u32> = saved.changes.iter().map(|c| c.day).collect();
        assert_eq!(changes, [6], "the lever move, on the day it takes effect");
        assert_eq!(
            saved.changes[0].applied_to(&saved.strategy),
            *app.a.strategy()
        );
        assert!(saved
            .events
            .iter()
            .any(|e| e.day == 5 && e.kind == EventKind::RegulatoryInquiry));
    }

    #[test]
    fn csv_export_has_a_row_per_day_and_b_when_comparing() {
        let mut app = app();
        app.step_day();
        update(&mut app, Action::Fork);
        app.step_day();
        let effects = update(&mut app, Action::ExportCsv);
        assert_eq!(effects.len(), 2);
        let Effect::WriteFile { path, contents } = &effects[0];
        assert_eq!(path, "shopsim-default-day2.csv");
        assert_eq!(contents.lines().count(), 3, "header and two days");
    }

    #[test]
    fn preset_picker_restarts_on_the_chosen_preset() {
        let mut app = app();
        update(&mut app, Action::OpenPresets);
        assert_eq!(app.mode, Mode::PresetPicker);
        update(&mut app, Action::PickerDown);
        let chosen = presets::presets()[app.picker_selected].name;
        update(&mut app, Action::PickerChoose);
        assert_eq!(app.mode, Mode::Main);
        let expected = Scenario::preset(chosen).expect("preset parses");
        assert_eq!(app.scenario, expected);
        assert_eq!(app.a.day(), 0);
    }
}
