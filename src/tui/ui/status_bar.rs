//! The top line: day, run state and speed, scenario (or lesson and step), seed and
//! running totals at real scale: revenue and profit so far, churn and trust.
//!
//! When the line is wider than the terminal, the least needed parts go first (the
//! seed, then the state's word, trust and churn), so revenue and profit always show.

use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use shopsim::report::format::compact_money;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    frame.render_widget(line(app, area.width), area);
}

/// What a shortened line leaves out, from the full line to the shortest.
#[derive(Debug, Clone, Copy)]
struct Detail {
    seed: bool,
    state_word: bool,
    trust: bool,
    churn: bool,
}

const DETAILS: [Detail; 5] = [
    Detail {
        seed: true,
        state_word: true,
        trust: true,
        churn: true,
    },
    Detail {
        seed: false,
        state_word: true,
        trust: true,
        churn: true,
    },
    Detail {
        seed: false,
        state_word: false,
        trust: true,
        churn: true,
    },
    Detail {
        seed: false,
        state_word: false,
        trust: false,
        churn: true,
    },
    Detail {
        seed: false,
        state_word: false,
        trust: false,
        churn: false,
    },
];

/// The status line's text for a terminal `width` columns wide: the fullest that fits
/// (the shortest one otherwise). The measured speed appears only once the run loop set it.
pub fn line(app: &App, width: u16) -> Line<'static> {
    let mut shortest = Line::default();
    for detail in DETAILS {
        shortest = line_with(app, detail);
        if shortest.width() <= usize::from(width) {
            break;
        }
    }
    shortest
}

fn line_with(app: &App, detail: Detail) -> Line<'static> {
    let days = app.scenario.simulation.days;
    let run = app.main_run();
    let lesson = app.lesson.as_ref();
    let finished = match lesson {
        Some(lesson) => lesson.player.is_finished(),
        None => run.is_finished(),
    };
    let (symbol, word, style) = if finished {
        ("■", "finished", Style::new().red())
    } else if lesson.is_some_and(|l| !l.is_animating()) {
        ("◆", "your turn", Style::new().cyan())
    } else if app.paused {
        ("⏸", "paused", Style::new().yellow())
    } else {
        ("▶", "running", Style::new().green())
    };
    let state = if detail.state_word {
        Span::styled(format!("{symbol} {word}"), style)
    } else {
        Span::styled(symbol, style)
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
    if detail.seed {
        spans.push(Span::from(format!(
            "  seed {}",
            app.scenario.simulation.seed
        )));
    }
    if let Some(last) = run.history().last() {
        spans.push(Span::from(format!(
            "  revenue {}  ",
            compact_money(last.cumulative_revenue)
        )));
        let profit = Span::from(format!("profit {}", compact_money(last.cumulative_profit)));
        spans.push(if last.cumulative_profit.0 < 0 {
            profit.red()
        } else {
            profit
        });
        if detail.churn {
            let shoppers = run.shoppers().max(1) as f64;
            spans.push(Span::from(format!(
                "  churn {:.1}%",
                100.0 * last.churned_total as f64 / shoppers
            )));
        }
        if detail.trust {
            spans.push(Span::from(format!("  trust {:.3}", last.mean_trust)));
        }
    }
    if app.comparison.is_some() {
        spans.push(Span::styled(
            "  A|B, editing B",
            Style::new().magenta().bold(),
        ));
    }
    Line::from(spans)
}
