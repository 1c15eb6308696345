//! Rendering snapshots on ratatui's `TestBackend`: a fixed seed, 500 shoppers and a
//! fixed number of steps, and no wall-clock value in the render (the measured speed
//! stays unset), so every snapshot is deterministic. Review changes with
//! `cargo insta review` or by reading the `.snap` files in `snapshots/`.

use super::app::{App, Mode};
use super::keymap::Scope;
use super::lesson::tests::{lesson_app, press, run_until_waiting};
use super::ui;
use super::update::{update, Action};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use shopsim::model::events::EventKind;
use shopsim::scenario::{presets, Scenario};

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
    let status = screen.lines().next().unwrap_or_default();
    assert!(
        status.contains("revenue $") && status.contains("profit "),
        "{status}"
    );
    assert!(
        status.contains("seed 42"),
        "120 columns hold the whole line: {status}"
    );
    assert!(screen.contains("Profit so far"));
    assert!(
        screen.contains("lever costs $"),
        "the panel totals the lever costs"
    );
    insta::assert_snapshot!("main_screen", screen);
}

#[test]
fn main_screen_at_the_minimum_size() {
    let mut app = app_at_day_40();
    update(&mut app, Action::ToggleSegmentTrust);
    let screen = text(&render(&app, 80, 24));
    assert!(!screen.contains("enlarge"));
    assert!(screen.contains(" trust .5"), "trust chart names its lines");
    // The status line fits with every figure (labels shortened, the seed and the name
    // given up for them).
    let status = screen.lines().next().unwrap_or_default();
    for figure in ["day 40/90", "rev $", "profit -$", "churn ", "% trust ."] {
        assert!(status.contains(figure), "{figure} lacks: {status}");
    }
    assert!(!status.contains("seed"), "{status}");
    // The key bar keeps its essentials.
    let footer = screen.lines().last().unwrap_or_default();
    for key in [
        " q quit",
        " space pause",
        " n step",
        " → change",
        " f fork",
        " w save",
    ] {
        assert!(footer.contains(key), "{key} lacks: {footer}");
    }
    // The segment lines carry their letters at their ends, and the log spells them out.
    assert!(
        screen.contains("F fundamentalists, P pragmatists, U unconcerned"),
        "{screen}"
    );
    // Every lever with a cost shows it on its line, inside the panel.
    for label in [
        "personalization",
        "security",
        "privacy tech",
        "retention days",
    ] {
        let row = screen
            .lines()
            .find(|line| line.contains(label))
            .unwrap_or_else(|| panic!("no {label} row"));
        let panel: String = row.chars().take(40).collect();
        assert!(panel.contains('$'), "{label} row lacks its cost: {panel}");
    }
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

/// `app_at_day_40`, forked, transparency up on B only, 20 more days.
fn forked_app() -> App {
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
    app
}

#[test]
fn fork_compare_view() {
    let app = forked_app();
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("editing B"));
    assert!(screen.contains("B − A, forked day 40"));
    assert!(screen.contains("profit A -$"), "the box compares profit");
    assert!(screen.contains("opt-in   "), "the box compares opt-in");
    assert!(screen.contains(" pts · records "), "and records held");
    insta::assert_snapshot!("fork_compare", screen);
}

#[test]
fn fork_compare_view_at_the_minimum_size_keeps_profit_opt_in_and_records() {
    let app = forked_app();
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("B − A, forked day 40"), "{screen}");
    for figure in [
        "profit   ",
        "revenue  ",
        "opt-in   ",
        "records",
        "trust    ",
    ] {
        assert!(screen.contains(figure), "{figure} missing:\n{screen}");
    }
    let status = screen.lines().next().unwrap_or_default();
    assert!(
        status.contains("A|B") && status.contains("trust ."),
        "{status}"
    );
    assert!(
        screen.contains("better") || screen.contains("worse"),
        "{screen}"
    );
    insta::assert_snapshot!("fork_compare_80x24", screen);
}

#[test]
fn explain_overlay_explains_either_branch() {
    let mut app = forked_app();
    update(&mut app, Action::OpenExplainB);
    let b = text(&render(&app, 120, 40));
    assert!(b.contains("Why did it move? Day 60, branch B"), "{b}");
    update(&mut app, Action::Close);
    update(&mut app, Action::OpenExplain);
    let a = text(&render(&app, 120, 40));
    assert!(a.contains("Why did it move? Day 60, branch A"), "{a}");
    assert_ne!(a, b, "the branches differ after the fork");
}

/// Cells of the drawn screen whose colour is set (not the terminal's default).
fn coloured_cells(terminal: &Terminal<TestBackend>) -> usize {
    use ratatui::style::Color;
    terminal
        .backend()
        .buffer()
        .content
        .iter()
        .filter(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset)
        .count()
}

#[test]
fn no_color_draws_the_same_text_without_colour() {
    let mut app = app_at_day_40();
    update(&mut app, Action::Fork);
    update(&mut app, Action::IncreaseLever);
    for _ in 0..10 {
        app.step_day();
    }
    let coloured = render(&app, 120, 40);
    assert!(coloured_cells(&coloured) > 100);
    app.no_color = true;
    let plain = render(&app, 120, 40);
    assert_eq!(coloured_cells(&plain), 0);
    assert_eq!(text(&plain), text(&coloured), "only the colours go");
    // Without colour, B still reads apart from A: its line is dots.
    assert!(text(&plain).contains('•'));
}

#[test]
fn zero_axis_and_smoothing_say_so_in_their_titles() {
    let mut app = app_at_day_40();
    assert!(
        !app.zero_based_shoppers && !app.smooth_daily,
        "both off at first"
    );
    let fitted = text(&render(&app, 120, 40));
    assert!(!fitted.contains("from 0") && !fitted.contains("7-day avg"));
    press(&mut app, KeyCode::Char('z'));
    press(&mut app, KeyCode::Char('a'));
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("Active shoppers from 0"), "{screen}");
    assert_eq!(screen.matches("7-day avg").count(), 3, "{screen}");
    insta::assert_snapshot!("zero_axis_and_smoothing", screen);
}

#[test]
fn a_restart_that_would_lose_a_fork_asks_first() {
    let mut app = app_at_day_40();
    update(&mut app, Action::Fork);
    app.step_day();
    for (width, height, name) in [(80, 24, "confirm_80x24"), (120, 40, "confirm_120x40")] {
        press(&mut app, KeyCode::Char('S'));
        assert_eq!(app.mode, Mode::Confirm);
        let screen = text(&render(&app, width, height));
        for expected in [
            "Restart from day 0 with seed 43?",
            "branch B (forked on day 40)",
            "1 lever change",
            "1 injected event",
            "y or Enter: yes, restart",
        ] {
            assert!(screen.contains(expected), "{expected}:\n{screen}");
        }
        insta::assert_snapshot!(name, screen);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Main);
        assert_eq!(app.day(), 41, "no restart");
    }
    press(&mut app, KeyCode::Char('S'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!((app.day(), app.scenario.simulation.seed), (0, 43));
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

/// The breach-shock preset (breach on day 180) run to day 183, so the last 7 days hold
/// the breach.
fn breach_shock_app_at_day_183() -> App {
    let mut scenario = Scenario::preset("breach-shock").expect("breach-shock preset parses");
    scenario.simulation.shoppers = 500;
    let mut app = App::new(scenario, 1);
    for _ in 0..183 {
        app.step_day();
    }
    app
}

#[test]
fn explain_overlay_opens_with_y_and_closes_with_esc_y_or_q() {
    let mut app = breach_shock_app_at_day_183();
    for close in [KeyCode::Esc, KeyCode::Char('y'), KeyCode::Char('q')] {
        press(&mut app, KeyCode::Char('y'));
        assert_eq!(app.mode, Mode::Explain);
        press(&mut app, close);
        assert_eq!(app.mode, Mode::Main, "{close:?} closes the overlay");
        assert!(!app.should_quit, "q closes the overlay, not the TUI");
    }
}

#[test]
fn explain_overlay_breaks_down_the_breach_week() {
    let mut app = breach_shock_app_at_day_183();
    press(&mut app, KeyCode::Char('y'));
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("Why did it move? Day 183"));
    assert!(
        !screen.contains("branch A"),
        "no branch named when not comparing"
    );
    assert!(screen.contains("Days 177-183 (7 days): mean trust moved from"));
    assert!(screen.contains("Contributions by cause"));
    assert!(
        screen.contains("day 180"),
        "the breach is listed among the events"
    );
    let breach_row = screen
        .lines()
        .find(|line| line.contains("  breach "))
        .expect("the breach has a contribution row");
    assert!(
        breach_row.contains("--"),
        "the breach lowered trust: {breach_row}"
    );
    insta::assert_snapshot!("explain_overlay", screen);
}

#[test]
fn explain_overlay_names_branch_a_when_comparing_and_wraps_to_its_width() {
    let mut app = breach_shock_app_at_day_183();
    update(&mut app, Action::Fork);
    app.step_day();
    press(&mut app, KeyCode::Char('y'));
    let screen = text(&render(&app, 80, 24));
    assert!(screen.contains("Day 184, branch A"), "{screen}");
    assert!(screen.contains("Days 178-184"), "{screen}");
    // The 84-character "Shoppers lost" sentence does not fit in the 74 columns inside
    // the overlay: its end is wrapped onto the next row rather than cut off.
    let lost = screen
        .lines()
        .position(|line| line.contains("Shoppers lost:"))
        .expect("the shoppers-lost sentence is shown");
    let next = screen.lines().nth(lost + 1).unwrap_or_default();
    assert!(next.contains("%)."), "{screen}");
}

#[test]
fn explain_overlay_before_the_first_day_says_so() {
    let mut app = App::new(scenario(), 1);
    press(&mut app, KeyCode::Char('y'));
    let screen = text(&render(&app, 120, 40));
    assert!(screen.contains("No day has been simulated yet"), "{screen}");
}

/// inverted-u, small (500 shoppers, 90 days): read, predict, predict, sweep, debrief.
fn inverted_u_app() -> App {
    let lesson = shopsim::lesson::Lesson::shipped(
        "inverted-u",
        &["simulation.shoppers=500", "simulation.days=90"],
    )
    .expect("shipped lesson is valid");
    App::new_lesson(lesson, 1)
}

fn braille_cells(screen: &str) -> usize {
    screen
        .chars()
        .filter(|c| ('\u{2801}'..='\u{28ff}').contains(c))
        .count()
}

#[test]
fn lesson_choices_stay_in_sight_at_both_sizes() {
    let mut app = inverted_u_app();
    press(&mut app, KeyCode::Enter);
    for (width, height, name) in [
        (80, 24, "lesson_choices_80x24"),
        (120, 40, "lesson_choices_120x40"),
    ] {
        let screen = text(&render(&app, width, height));
        assert!(screen.contains("Predict"), "{screen}");
        for choice in [
            "1) 0 (none)",
            "2) 0.25",
            "3) 0.5",
            "4) 0.75",
            "5) 1 (maximal)",
        ] {
            assert!(
                screen.contains(choice),
                "{width}x{height}: {choice} cut off:\n{screen}"
            );
        }
        assert!(screen.contains("Enter answers"), "{screen}");
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn lesson_sweep_table_fits_and_the_charts_show_its_runs() {
    let mut app = inverted_u_app();
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    let empty = text(&render(&app, 120, 40));
    // The runs are drawn as they grow, a day per tick, not after a blank wait.
    for _ in 0..30 {
        app.step_day();
    }
    let growing = text(&render(&app, 120, 40));
    assert!(growing.contains("day 30 of 90"), "{growing}");
    assert!(
        braille_cells(&growing) + growing.matches('•').count() > braille_cells(&empty) + 50,
        "the charts draw the runs under way:\n{growing}"
    );
    run_until_waiting(&mut app);
    for (width, height, name) in [
        (80, 24, "lesson_sweep_80x24"),
        (120, 40, "lesson_sweep_120x40"),
    ] {
        let screen = text(&render(&app, width, height));
        assert!(screen.contains("5 runs side by side"), "{screen}");
        let heading = if width >= 120 {
            "personalization  revenue"
        } else {
            "value  revenue"
        };
        assert!(screen.contains(heading), "{screen}");
        for value in ["0 ", "0.25 ", "0.5 ", "0.75 ", "1 "] {
            // The row's last column, click-through, is on screen.
            assert!(
                screen
                    .lines()
                    .any(|l| l.contains(&format!("│{value}")) && l.matches('%').count() >= 2),
                "row {value} cut off:\n{screen}"
            );
        }
        if width >= 120 {
            assert!(screen.contains(" ← most"), "{screen}");
        }
        assert!(
            braille_cells(&screen) > braille_cells(&empty) + 50,
            "the charts draw the sweep's runs:\n{screen}"
        );
        insta::assert_snapshot!(name, screen);
    }
}

mod explain;
mod help;
mod small;
