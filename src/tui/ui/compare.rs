//! The A/B comparison box: how branch B differs from branch A so far.

use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use shopsim::report::format::{compact_money, signed_count, signed_money};
use shopsim::units::Cents;

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let Some(comparison) = &app.comparison else {
        return;
    };
    let title = format!(" B − A, forked day {} ", comparison.fork_day);
    let lines = match (app.a.history().last(), comparison.b.history().last()) {
        (Some(a), Some(b)) if b.day > comparison.fork_day => {
            let revenue = b.cumulative_revenue - a.cumulative_revenue;
            let percent = if a.cumulative_revenue.0 != 0 {
                format!(
                    " ({:+.1}%)",
                    100.0 * revenue.0 as f64 / a.cumulative_revenue.0 as f64
                )
            } else {
                String::new()
            };
            let trust = b.mean_trust - a.mean_trust;
            let churn = b.churned_total as f64 - a.churned_total as f64;
            vec![
                figure(
                    "revenue",
                    format!("{}{percent}", signed_money(revenue)),
                    revenue > Cents::ZERO,
                    revenue < Cents::ZERO,
                ),
                figure("trust", format!("{trust:+.3}"), trust > 0.0, trust < 0.0),
                figure("churned", signed_count(churn), churn < 0.0, churn > 0.0),
                Line::from(format!(
                    "A {} · B {}",
                    compact_money(a.cumulative_revenue),
                    compact_money(b.cumulative_revenue)
                ))
                .dim(),
            ]
        }
        _ => vec![Line::from("no day since the fork yet").dim()],
    };
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(title)
                .border_style(ratatui::style::Style::new().magenta()),
        ),
        area,
    );
}

/// One figure, green when B is better than A, red when worse.
fn figure(name: &str, value: String, better: bool, worse: bool) -> Line<'static> {
    let value = Span::from(value);
    let value = if better {
        value.green()
    } else if worse {
        value.red()
    } else {
        value
    };
    Line::from(vec![Span::from(format!("{name:<9}")), value])
}
