//! The A/B comparison box: how branch B differs from branch A so far, in revenue and
//! profit (at real scale), trust and shoppers churned. Better and worse are said by a
//! word (`better`, `worse`) as well as by colour.

use super::theme;
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
            let profit = b.cumulative_profit - a.cumulative_profit;
            let trust = b.mean_trust - a.mean_trust;
            let churn = b.churned_total as f64 - a.churned_total as f64;
            vec![
                figure(
                    "revenue",
                    format!(
                        "{}{}",
                        signed_money(revenue),
                        percent(revenue, a.cumulative_revenue)
                    ),
                    revenue > Cents::ZERO,
                    revenue < Cents::ZERO,
                ),
                figure(
                    "profit",
                    format!(
                        "{}{}",
                        signed_money(profit),
                        percent(profit, a.cumulative_profit)
                    ),
                    profit > Cents::ZERO,
                    profit < Cents::ZERO,
                ),
                // Better or worse only when the figure shown (3 decimals) is not zero.
                figure(
                    "trust",
                    format!("{trust:+.3}"),
                    trust >= 5e-4,
                    trust <= -5e-4,
                ),
                figure("churned", signed_count(churn), churn < 0.0, churn > 0.0),
                Line::from(format!(
                    "profit A {} · B {}",
                    compact_money(a.cumulative_profit),
                    compact_money(b.cumulative_profit)
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
                .border_style(ratatui::style::Style::new().fg(theme::B)),
        ),
        area,
    );
}

/// ` (+3.1%)`: `change` as a share of A's figure, when A's is positive (a share of a
/// loss or of nothing would read backwards).
fn percent(change: Cents, a: Cents) -> String {
    if a > Cents::ZERO {
        format!(" ({:+.1}%)", 100.0 * change.0 as f64 / a.0 as f64)
    } else {
        String::new()
    }
}

/// One figure, followed by `better` in blue when B is better than A, by `worse` in
/// vermillion when worse.
fn figure(name: &str, value: String, better: bool, worse: bool) -> Line<'static> {
    let value = if better {
        Span::from(format!("{value} better")).fg(theme::BETTER)
    } else if worse {
        Span::from(format!("{value} worse")).fg(theme::WORSE)
    } else {
        Span::from(value)
    };
    Line::from(vec![Span::from(format!("{name:<9}")), value])
}
