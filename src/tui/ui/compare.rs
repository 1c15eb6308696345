//! The A/B comparison box: how branch B differs from branch A so far, in profit and
//! revenue (at real scale), opt-in and records held today, trust and shoppers churned.
//! The most decisive figures come first, so the smallest screen (four rows) keeps them.
//! Better and worse are said by a word (`better`, `worse`) as well as by colour.

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
            let opt_in_points = 100.0 * (b.opt_in_rate - a.opt_in_rate);
            let records = b.records_held - a.records_held;
            vec![
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
                // More opt-in and more records are neither better nor worse in themselves
                // (more to personalize with, more to lose in a breach): left uncoloured.
                Line::from(format!(
                    "{:<9}{opt_in_points:+.1} pts · records {}",
                    "opt-in",
                    signed_count(records)
                )),
                {
                    // Better or worse only when the figure shown (3 decimals) is not zero.
                    let mut spans = figure(
                        "trust",
                        format!("{trust:+.3}"),
                        trust >= 5e-4,
                        trust <= -5e-4,
                    )
                    .spans;
                    spans.push(Span::from(" · churned "));
                    spans.push(colored(signed_count(churn), churn < 0.0, churn > 0.0));
                    Line::from(spans)
                },
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

/// One figure, then `better` or `worse` when B is better or worse than A.
fn figure(name: &str, value: String, better: bool, worse: bool) -> Line<'static> {
    Line::from(vec![
        Span::from(format!("{name:<9}")),
        colored(value, better, worse),
    ])
}

/// A value followed by `better` in blue when B is better than A, by `worse` in
/// vermillion when worse.
fn colored(value: String, better: bool, worse: bool) -> Span<'static> {
    if better {
        Span::from(format!("{value} better")).fg(theme::BETTER)
    } else if worse {
        Span::from(format!("{value} worse")).fg(theme::WORSE)
    } else {
        Span::from(value)
    }
}
