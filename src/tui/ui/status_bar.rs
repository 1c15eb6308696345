//! The top line: day, run state and speed, scenario (or lesson and step), seed and
//! running totals at real scale: revenue and profit so far, churn and trust.
//!
//! When the line is wider than the terminal, the least needed parts go first: the seed,
//! the state's word, then the labels shorten and the scenario's name goes, so that at
//! 80 columns every figure (revenue, profit, churn, trust) still shows. Only narrower
//! than that do trust and churn go.

use super::theme;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use shopsim::report::format::compact_money;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    frame.render_widget(line(app, area.width), area);
}

/// What a shortened line leaves out or shortens, from the full line to the shortest.
#[derive(Debug, Clone, Copy)]
struct Detail {
    seed: bool,
    state_word: bool,
    /// `revenue $7.7M  ...  trust 0.570`, two spaces apart; else `rev $7.7M ... trust .57`.
    long_labels: bool,
    /// The scenario's (or lesson's) name.
    name: bool,
    trust: bool,
    churn: bool,
}

const FULL: Detail = Detail {
    seed: true,
    state_word: true,
    long_labels: true,
    name: true,
    trust: true,
    churn: true,
};

/// Every figure stays until the labels are short and the name is gone; only then trust
/// and churn go (revenue and profit always show).
const DETAILS: [Detail; 7] = [
    FULL,
    Detail {
        seed: false,
        ..FULL
    },
    Detail {
        seed: false,
        state_word: false,
        ..FULL
    },
    Detail {
        seed: false,
        state_word: false,
        long_labels: false,
        ..FULL
    },
    Detail {
        seed: false,
        state_word: false,
        long_labels: false,
        name: false,
        ..FULL
    },
    Detail {
        seed: false,
        state_word: false,
        long_labels: false,
        name: false,
        trust: false,
        churn: true,
    },
    Detail {
        seed: false,
        state_word: false,
        long_labels: false,
        name: false,
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
    let gap = if detail.long_labels { "  " } else { " " };
    let days = app.scenario.simulation.days;
    let run = app.main_run();
    let lesson = app.lesson.as_ref();
    let finished = match lesson {
        Some(lesson) => lesson.player.is_finished(),
        None => run.is_finished(),
    };
    let (symbol, word, style) = if finished {
        ("■", "finished", Style::new().fg(theme::VERMILLION))
    } else if lesson.is_some_and(|l| !l.is_animating()) {
        ("◆", "your turn", Style::new().fg(theme::SKY_BLUE))
    } else if app.paused {
        ("⏸", "paused", Style::new().fg(theme::YELLOW))
    } else {
        ("▶", "running", Style::new().fg(theme::BLUISH_GREEN))
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
        Span::from(format!(" {target}{measured}")),
    ];
    match lesson {
        Some(lesson) => {
            let (step, steps) = lesson.progress();
            if detail.name {
                spans.push(Span::from(format!("{gap}lesson {}", lesson.lesson().name)).cyan());
            }
            spans.push(Span::from(format!("{gap}step {step} of {steps}")));
        }
        None if detail.name => {
            spans.push(Span::from(format!("{gap}{}", app.scenario.name)).fg(theme::SKY_BLUE))
        }
        None => {}
    }
    if detail.seed {
        spans.push(Span::from(format!(
            "{gap}seed {}",
            app.scenario.simulation.seed
        )));
    }
    if let Some(last) = run.history().last() {
        let revenue = if detail.long_labels { "revenue" } else { "rev" };
        spans.push(Span::from(format!(
            "{gap}{revenue} {}{gap}",
            compact_money(last.cumulative_revenue)
        )));
        let profit = Span::from(format!("profit {}", compact_money(last.cumulative_profit)));
        spans.push(if last.cumulative_profit.0 < 0 {
            profit.fg(theme::VERMILLION)
        } else {
            profit
        });
        if detail.churn {
            let shoppers = run.shoppers().max(1) as f64;
            spans.push(Span::from(format!(
                "{gap}churn {:.1}%",
                100.0 * last.churned_total as f64 / shoppers
            )));
        }
        if detail.trust {
            let trust = if detail.long_labels {
                format!("{gap}trust {:.3}", last.mean_trust)
            } else {
                let digits = format!("{:.2}", last.mean_trust);
                format!("{gap}trust {}", digits.strip_prefix('0').unwrap_or(&digits))
            };
            spans.push(Span::from(trust));
        }
    }
    if app.comparison.is_some() {
        let tag = if detail.long_labels {
            "  A|B, editing B"
        } else {
            " A|B"
        };
        spans.push(Span::styled(tag, Style::new().fg(theme::B).bold()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::{update, Action};
    use shopsim::scenario::Scenario;

    /// The longest status line a preset run makes: day 365/365, a long name, a fork.
    #[test]
    fn at_80_columns_every_figure_stays() {
        let mut scenario = Scenario::preset("creepy-overreach").expect("preset parses");
        scenario.simulation.shoppers = 300;
        scenario.simulation.days = 365;
        let mut app = App::new(scenario, 1);
        for _ in 0..364 {
            app.step_day();
        }
        update(&mut app, Action::Fork);
        app.step_day();
        app.measured_days_per_second = Some(512.0);
        let text: String = line(&app, 80).to_string();
        assert!(text.chars().count() <= 80, "{text}");
        for figure in [
            "day 365/365",
            "rev $",
            "profit ",
            "churn ",
            "trust .",
            "A|B",
        ] {
            assert!(text.contains(figure), "{figure} lacks from {text}");
        }
    }
}
