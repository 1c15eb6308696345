//! The top line: day, run state and speed, scenario (or lesson and step), seed and
//! running totals.

use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use shopsim::report::format::compact_money;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    frame.render_widget(line(app), area);
}

/// The status line's text; the measured speed appears only once the run loop set it.
pub fn line(app: &App) -> Line<'static> {
    let days = app.scenario.simulation.days;
    let run = app.main_run();
    let lesson = app.lesson.as_ref();
    let finished = match lesson {
        Some(lesson) => lesson.player.is_finished(),
        None => run.is_finished(),
    };
    let state = if finished {
        Span::from("■ finished").red()
    } else if lesson.is_some_and(|l| !l.is_animating()) {
        Span::from("◆ your turn").cyan()
    } else if app.paused {
        Span::from("⏸ paused").yellow()
    } else {
        Span::from("▶ running").green()
    };
    let target = match app.target_speed() {
        Some(speed) => format!("{speed:.0} d/s"),
        None => "max d/s".to_string(),
    };
    let measured = match app.measured_days_per_second {
        Some(rate) if app.is_running() => format!(" ({rate:.0})"),
        _ => String::new(),
    };
    let mut spans = vec![
        Span::from(format!(" day {}/{days} ", app.day())).bold(),
        state,
        Span::from(format!(" {target}{measured}  ")),
    ];
    match lesson {
        Some(lesson) => {
            let (step, steps) = lesson.progress();
            spans.push(Span::from(format!("lesson {}", lesson.lesson().name)).cyan());
            spans.push(Span::from(format!("  step {step} of {steps}")));
        }
        None => spans.push(Span::from(app.scenario.name.clone()).cyan()),
    }
    spans.push(Span::from(format!(
        "  seed {}",
        app.scenario.simulation.seed
    )));
    if let Some(last) = run.history().last() {
        let shoppers = run.shoppers().max(1) as f64;
        spans.push(Span::from(format!(
            "  revenue {}  churn {:.1}%  trust {:.3}",
            compact_money(last.cumulative_revenue),
            100.0 * last.churned_total as f64 / shoppers,
            last.mean_trust
        )));
    }
    if app.comparison.is_some() {
        spans.push(Span::styled(
            "  A|B, editing B",
            Style::new().magenta().bold(),
        ));
    }
    Line::from(spans)
}
