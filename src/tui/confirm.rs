//! Restarts that would throw work away ask first. `r`, `s`, `S` and choosing a preset
//! start over from day 0: harmless on a run nobody touched (it replays the same days),
//! but they drop branch B, every lever change and every injected event. When there is
//! something of that kind to lose, [`asks_first`] holds the restart in
//! [`App::confirming`] and opens [`Mode::Confirm`]; otherwise the restart happens at once.

use super::app::{App, Mode};
use super::update::Action;
use shopsim::sim::engine::EventOrigin;

/// Whether `action` starts the run over.
fn restarts(action: Action) -> bool {
    matches!(
        action,
        Action::Restart | Action::RandomSeed | Action::NextSeed | Action::PickerChoose
    )
}

/// What a restart would throw away, one phrase each (`branch B (forked on day 40)`,
/// `3 lever changes`, `1 injected event`); empty when nothing was edited.
pub fn losses(app: &App) -> Vec<String> {
    let mut lost = Vec::new();
    let mut lever_changes = app.a.strategy_changes().len().saturating_sub(1);
    if let Some(comparison) = &app.comparison {
        lost.push(format!("branch B (forked on day {})", comparison.fork_day));
        lever_changes += comparison
            .b
            .strategy_changes()
            .iter()
            .filter(|change| change.day > comparison.fork_day)
            .count();
    }
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    if lever_changes > 0 {
        lost.push(plural(lever_changes, "lever change"));
    }
    // Injected with a key, fired or still to come; a lesson's run is not edited here.
    let injected = app.injected_events.max(
        app.a
            .events()
            .iter()
            .filter(|event| event.origin == EventOrigin::Injected)
            .count(),
    );
    if injected > 0 {
        lost.push(plural(injected, "injected event"));
    }
    lost
}

/// The question the overlay asks about `action`.
pub fn question(app: &App, action: Action) -> String {
    let seed = app.scenario.simulation.seed;
    match action {
        Action::Restart => format!("Restart from day 0 with the same seed ({seed})?"),
        Action::RandomSeed => "Restart from day 0 with a random seed?".to_string(),
        Action::NextSeed => format!("Restart from day 0 with seed {}?", seed.wrapping_add(1)),
        Action::PickerChoose => {
            let name = app
                .presets
                .get(app.picker_selected)
                .map_or("the preset", |preset| preset.name);
            format!("Open {name} and start from day 0?")
        }
        _ => "Start over?".to_string(),
    }
}

/// For a restart with something to lose: holds it and opens the question; returns
/// whether it did (the caller then does nothing more).
pub fn asks_first(app: &mut App, action: Action) -> bool {
    if !restarts(action) || losses(app).is_empty() {
        return false;
    }
    app.confirming = Some(action);
    app.mode = Mode::Confirm;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::update;
    use shopsim::model::events::EventKind;
    use shopsim::scenario::Scenario;

    fn app() -> App {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 300;
        scenario.simulation.days = 60;
        App::new(scenario, 3)
    }

    fn stepped(app: &mut App, days: u32) {
        for _ in 0..days {
            app.step_day();
        }
    }

    #[test]
    fn an_untouched_run_restarts_at_once() {
        let mut app = app();
        stepped(&mut app, 5);
        for action in [Action::Restart, Action::NextSeed, Action::RandomSeed] {
            update(&mut app, action);
            assert_eq!(app.mode, Mode::Main, "{action:?} asked nothing");
            assert_eq!(app.a.day(), 0, "{action:?} restarted");
            stepped(&mut app, 2);
        }
    }

    #[test]
    fn a_restart_that_loses_edits_waits_for_yes() {
        let mut app = app();
        stepped(&mut app, 5);
        update(&mut app, Action::IncreaseLever);
        update(&mut app, Action::Inject(EventKind::Breach));
        assert_eq!(
            losses(&app),
            vec!["1 lever change".to_string(), "1 injected event".to_string()]
        );
        update(&mut app, Action::NextSeed);
        assert_eq!(app.mode, Mode::Confirm);
        assert_eq!(app.a.day(), 5, "nothing restarted yet");
        assert_eq!(
            question(&app, Action::NextSeed),
            "Restart from day 0 with seed 43?"
        );
        // No keeps everything; the run goes on.
        update(&mut app, Action::Close);
        assert_eq!(app.mode, Mode::Main);
        assert_eq!(app.confirming, None);
        stepped(&mut app, 1);
        assert_eq!(app.a.day(), 6);
        assert_eq!(app.a.events().len(), 1, "the injected breach fired");
        // Yes restarts with the seed asked about.
        update(&mut app, Action::NextSeed);
        update(&mut app, Action::Confirm);
        assert_eq!(app.mode, Mode::Main);
        assert_eq!((app.a.day(), app.scenario.simulation.seed), (0, 43));
        assert!(losses(&app).is_empty(), "a fresh start has nothing to lose");
    }

    #[test]
    fn a_fork_counts_as_something_to_lose_and_so_does_a_preset() {
        let mut app = app();
        stepped(&mut app, 3);
        update(&mut app, Action::Fork);
        update(&mut app, Action::IncreaseLever);
        assert_eq!(
            losses(&app),
            vec![
                "branch B (forked on day 3)".to_string(),
                "1 lever change".to_string()
            ]
        );
        update(&mut app, Action::OpenPresets);
        update(&mut app, Action::PickerChoose);
        assert_eq!(app.mode, Mode::Confirm);
        assert!(app.comparison.is_some());
        update(&mut app, Action::Confirm);
        assert!(app.comparison.is_none(), "the preset opened");
        assert_eq!(app.a.day(), 0);
    }
}
