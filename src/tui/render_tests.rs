//! Rendering snapshots on ratatui's `TestBackend`: a fixed seed, 500 shoppers and a
//! fixed number of steps, and no wall-clock value in the render (the measured speed
//! stays unset), so every snapshot is deterministic. Review changes with
//! `cargo insta review` or by reading the `.snap` files in `snapshots/`.

use super::app::{update, Action, App, Mode};
use super::keymap::Scope;
use super::lesson::tests::{lesson_app, press, run_until_waiting};
use super::ui;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use shopsim::scenario::{presets, Scenario};
use shopsim::sim::events::EventKind;

fn scenario() -> Scenario {
    let mut scenario = Scenario::preset(presets::DEFAULT_PRESET).expect("default preset parses");
    scenario.simulation.shoppers = 500;
    scenario.simulation.days = 90;
    scenario
}

/// 20 days, a breach injected for day 21, a personalization change from day 31, 40 days in all.
fn app_at_day_40() -> App {
    let mut app = App::new(scenario(), 1);
    for _ in 0..20 {
        app.step_day();
    }
    update(&mut app, Action::Inject(EventKind::Breach));
    for _ in 0..10 {
        app.step_day();
    }
    update(&mut app, Action::IncreaseLever);
    update(&mut app, Action::IncreaseLever);
    for _ in 0..10 {
        app.step_day();
    }
    app
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| ui::draw(frame, app))
        .expect("drawing to a test backend succeeds");
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

#[test]
fn main_screen() {
    let app = app_at_day_40();
    let terminal = render(&app, 120, 40);
    let screen = text(&terminal);
    assert!(screen.contains("day 40/90"));
    assert!(screen.contains("breach (severity 0.50, injected)"));
    assert!(screen.contains("personalization 0.50 -> 0.60 from day 31"));
    insta::assert_snapshot!("main_screen", screen);
}

#[test]
fn main_screen_at_the_minimum_size() {
    let mut app = app_at_day_40();
    update(&mut app, Action::ToggleSegmentTrust);
    let screen = text(&render(&app, 80, 24));
    assert!(!screen.contains("enlarge"));
    assert!(screen.contains(" trust .5"), "trust chart names its lines");
    insta::assert_snapshot!("main_screen_80x24", screen);
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut app = app_at_day_40();
    update(&mut app, Action::ToggleHelp);
    assert_eq!(app.mode, Mode::Help);
    let screen = text(&render(&app, 120, 40));
    for binding in super::keymap::BINDINGS
        .iter()
        .filter(|b| !b.scopes.contains(&Scope::Lesson) || b.scopes.contains(&Scope::Main))
    {
        assert!(
            screen.contains(binding.description),
            "help lacks {:?}",
            binding.description
        );
    }
    assert!(
        !screen.contains("answer the prediction"),
        "lesson keys only in a lesson"
    );
    insta::assert_snapshot!("help_overlay", screen);
}

#[test]
fn help_overlay_in_a_lesson_lists_the_lesson_keys() {
    let mut app = lesson_app();
    update(&mut app, Action::ToggleHelp);
    let screen = text(&render(&app, 120, 40));
    for binding in super::keymap::BINDINGS.iter().filter(|b| {
        b.scopes
            .iter()
            .any(|s| [Scope::Lesson, Scope::Global].contains(s))
    }) {
        assert!(
            screen.contains(binding.description),
            "help lacks {:?}",
            binding.description
        );
    }
    assert!(screen.contains("1-9"));
    assert!(
        !screen.contains("inject a breach"),
        "no run edits in a lesson"
    );
}

#[test]
fn fork_compare_view() {
    let mut app = app_at_day_40();
    update(&mut app, Action::Fork);
    for _ in 0..3 {
        update(&mut app, Action::NextLever);
    }
    // Transparency up on branch B only.
    for _ in 0..6 {
        update(&mut app, Action::IncreaseLever);
    }
    for _ in 0..20 {
        app.step_day();
    }
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("editing B"));
    assert!(screen.contains("B − A, forked day 40"));
    insta::assert_snapshot!("fork_compare", screen);
}

#[test]
fn preset_picker() {
    let mut app = app_at_day_40();
    update(&mut app, Action::OpenPresets);
    let screen = text(&render(&app, 120, 40));
    for preset in presets::presets() {
        assert!(screen.contains(preset.name), "picker lacks {}", preset.name);
    }
    insta::assert_snapshot!("preset_picker", screen);
}

#[test]
fn too_small_terminal_asks_to_enlarge() {
    let app = app_at_day_40();
    let screen = text(&render(&app, 60, 20));
    assert!(screen.contains("enlarge to at least 80x24"));
    assert!(!screen.contains("Strategy"));
    insta::assert_snapshot!("too_small", screen);
}

#[test]
fn lesson_read_step() {
    let app = lesson_app();
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("Say you'll leave, then stay? · step 1 of 11"));
    assert!(screen.contains("privacy paradox"));
    assert!(screen.contains("Enter: continue"));
    assert!(screen.contains("set by the lesson"));
    assert!(screen.contains("lesson talk-vs-action"));
    assert!(screen.contains("continue"), "footer lists the lesson keys");
    insta::assert_snapshot!("lesson_read", screen);
}

#[test]
fn lesson_predict_step() {
    let mut app = lesson_app();
    press(&mut app, KeyCode::Enter);
    run_until_waiting(&mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('3'));
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("step 4 of 11"));
    assert!(screen.contains("Predict"));
    assert!(screen.contains("›3) about 30%"));
    assert!(screen.contains(" 1) about 2%"));
    assert!(screen.contains("day 120/365"));
    insta::assert_snapshot!("lesson_predict", screen);
}

#[test]
fn lesson_debrief() {
    let mut app = lesson_app();
    press(&mut app, KeyCode::Enter);
    run_until_waiting(&mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    run_until_waiting(&mut app);
    press(&mut app, KeyCode::Enter);
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("step 8 of 11"));
    assert!(screen.contains("Debrief"));
    assert!(screen.contains("you predicted  about 30%"));
    assert!(screen.contains("you predicted  about 3%"));
    assert!(screen.contains("the model"));
    assert!(screen.contains("research:"));
    assert!(
        screen.contains("↓ more"),
        "the debrief is longer than the panel"
    );
    insta::assert_snapshot!("lesson_debrief", screen);
    // Scrolling down reaches the debrief's own text.
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
    }
    let scrolled = text(&render(&app, 120, 40));
    assert!(scrolled.contains("Enter: continue"), "{scrolled}");
    assert!(scrolled.contains("↑ more"));
}
