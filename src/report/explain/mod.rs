//! "Why did it move?": a readable breakdown of one day, or a window of days, of a run.
//!
//! Built only from the daily metrics and the event log, which already decompose the
//! change of mean trust by cause (the terms add up to the change) and split the day's
//! churn into natural dropout and distrust. [`explain`] gathers the figures into an
//! [`Explanation`]; [`render_text`] writes it for people (the CLI's `explain`), and
//! [`render_rows`] at any width (the TUI's overlay). The window's profit and loss at real scale ([`WindowMoney`]) comes with it.

use crate::model::economics::LeverCosts;
use crate::model::events::EventKind;
use crate::model::segment::Segment;
use crate::report::format::{self, group};
use crate::sim::engine::{EventOrigin, EventRecord};
use crate::sim::metrics::{serialize_dollars, DayMetrics, TrustCause};
use crate::units::Cents;
use serde::Serialize;
use std::fmt::Write as _;

mod text;

use text::*;
pub use text::{render_rows, render_text, text_blocks, TextBlock, LINE_WIDTH};

/// One cause's part in the change of mean trust over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    pub cause: TrustCause,
    /// Change of mean trust (points of the 0..1 scale) due to this cause.
    pub change: f64,
    /// Share of the total movement, |change| / sum of |changes| (0..1).
    pub share_of_movement: f64,
    /// One sentence in plain language.
    pub sentence: String,
}

/// How one segment's mean trust moved over the window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SegmentMove {
    pub segment: Segment,
    pub trust_from: f64,
    pub trust_to: f64,
    pub churned: u64,
}

/// An event that fired in the window, and the trust change its kind of news caused in
/// the window (all events of one kind share that figure).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowEvent {
    pub day: u32,
    pub kind: EventKind,
    pub severity: f64,
    pub origin: EventOrigin,
    pub records_exposed: f64,
    #[serde(serialize_with = "serialize_dollars")]
    pub cost: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub fine: Cents,
    /// Trust change under this event's cause over the window.
    pub trust_change_of_its_kind: f64,
}

/// Why the run moved over days `first_day..=last_day`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub first_day: u32,
    pub last_day: u32,
    /// Mean trust of active shoppers at the start of `first_day` and the end of `last_day`.
    pub trust_from: f64,
    pub trust_to: f64,
    /// Contributions by cause, largest movement first; they add up to `trust_to - trust_from`.
    pub contributions: Vec<Contribution>,
    pub shoppers_lost: u64,
    /// Expected split of `shoppers_lost` by cause (they add up to it up to sampling).
    pub lost_to_natural_dropout: f64,
    pub lost_to_distrust: f64,
    pub visits: u64,
    pub orders: u64,
    /// Mean negative sentiment of active shoppers on the last day.
    pub negative_sentiment: f64,
    pub stated_intent_to_leave: f64,
    pub segments: Vec<SegmentMove>,
    pub events: Vec<WindowEvent>,
    /// The window's profit and loss at real scale (E23).
    pub money: WindowMoney,
}

/// The window's profit and loss at real scale: `profit = gross_profit - lever_costs -
/// breach_costs - fines` (E23), with the lever costs lever by lever.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WindowMoney {
    #[serde(serialize_with = "serialize_dollars")]
    pub revenue: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub gross_profit: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub lever_costs: Cents,
    pub costs: LeverCosts,
    /// Breach costs and fines booked in the window.
    #[serde(serialize_with = "serialize_dollars")]
    pub breach_costs: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub fines: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub profit: Cents,
    /// Profit since day 1, at the end of the window.
    #[serde(serialize_with = "serialize_dollars")]
    pub cumulative_profit: Cents,
}

impl WindowMoney {
    /// The money of the days in `span`; `before` is the day before it, if any (breach
    /// costs and fines are cumulative in the daily metrics).
    fn of(span: &[DayMetrics], before: Option<&DayMetrics>) -> WindowMoney {
        let mut costs = LeverCosts::default();
        for d in span {
            costs.add(&d.costs);
        }
        let (start_breach, start_fines) =
            before.map_or((Cents::ZERO, Cents::ZERO), |d| (d.breach_cost, d.fines));
        let (end_breach, end_fines, cumulative_profit) = span
            .last()
            .map_or((start_breach, start_fines, Cents::ZERO), |d| {
                (d.breach_cost, d.fines, d.cumulative_profit)
            });
        WindowMoney {
            revenue: span.iter().map(|d| d.revenue).sum(),
            gross_profit: span.iter().map(|d| d.gross_profit).sum(),
            lever_costs: span.iter().map(|d| d.lever_costs).sum(),
            costs,
            breach_costs: end_breach - start_breach,
            fines: end_fines - start_fines,
            profit: span.iter().map(|d| d.profit).sum(),
            cumulative_profit,
        }
    }
}

impl Explanation {
    /// `trust_to - trust_from`, equal to the sum of the contributions.
    pub fn trust_change(&self) -> f64 {
        self.trust_to - self.trust_from
    }
}

/// Why a window cannot be explained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    #[error("day {day} is outside the run, which has days 1 to {days}")]
    DayOutsideRun { day: u32, days: u32 },
    #[error("the window must span at least one day")]
    EmptyWindow,
}

/// Explains the `window` days ending on `day` (1-based; the window is cut at day 1).
pub fn explain(
    history: &[DayMetrics],
    events: &[EventRecord],
    day: u32,
    window: u32,
) -> Result<Explanation, ExplainError> {
    let days = history.len() as u32;
    if day == 0 || day > days {
        return Err(ExplainError::DayOutsideRun { day, days });
    }
    if window == 0 {
        return Err(ExplainError::EmptyWindow);
    }
    let first_day = day.saturating_sub(window - 1).max(1);
    let span = &history[(first_day - 1) as usize..day as usize];
    let (first, last) = match (span.first(), span.last()) {
        (Some(first), Some(last)) => (first, last),
        _ => return Err(ExplainError::EmptyWindow),
    };
    // Mean trust before the first day: that day's end minus its change.
    let trust_from = first.mean_trust - first.trust_change.total();
    let before = |segment: Segment| {
        if first_day >= 2 {
            history[(first_day - 2) as usize].segment(segment)
        } else {
            // Before day 1 nobody has churned; the day-1 segment trust is the best estimate.
            first.segment(segment)
        }
    };

    let visits: u64 = span.iter().map(|d| d.visits).sum();
    let orders: u64 = span.iter().map(|d| d.orders).sum();
    let shoppers_lost: u64 = span.iter().map(|d| d.churned_today).sum();
    let natural: f64 = span.iter().map(|d| d.churn_natural).sum();
    let distrust: f64 = span.iter().map(|d| d.churn_distrust).sum();
    let in_window: Vec<&EventRecord> = events
        .iter()
        .filter(|e| (first_day..=day).contains(&e.day))
        .collect();

    let totals: Vec<(TrustCause, f64)> = TrustCause::ALL
        .iter()
        .map(|&cause| (cause, span.iter().map(|d| d.trust_change.get(cause)).sum()))
        .collect();
    let movement: f64 = totals.iter().map(|(_, x)| x.abs()).sum();
    let facts = WindowFacts {
        days: span.len() as u32,
        visits,
        negative_sentiment: last.negative_sentiment,
        events: &in_window,
    };
    let mut contributions: Vec<Contribution> = totals
        .iter()
        .map(|&(cause, change)| Contribution {
            cause,
            change,
            share_of_movement: if movement > 0.0 {
                change.abs() / movement
            } else {
                0.0
            },
            sentence: sentence(cause, change, &facts),
        })
        .collect();
    contributions.sort_by(|a, b| b.change.abs().total_cmp(&a.change.abs()));

    let segments = Segment::ALL
        .iter()
        .map(|&segment| SegmentMove {
            segment,
            trust_from: before(segment).mean_trust,
            trust_to: last.segment(segment).mean_trust,
            churned: last
                .segment(segment)
                .churned_total
                .saturating_sub(if first_day >= 2 {
                    before(segment).churned_total
                } else {
                    0
                }),
        })
        .collect();
    let events = in_window
        .iter()
        .map(|e| WindowEvent {
            day: e.day,
            kind: e.kind,
            severity: e.severity,
            origin: e.origin,
            records_exposed: e.records_exposed,
            cost: e.cost,
            fine: e.fine,
            trust_change_of_its_kind: totals
                .iter()
                .find(|(cause, _)| *cause == TrustCause::of_event(e.kind))
                .map_or(0.0, |(_, x)| *x),
        })
        .collect();

    Ok(Explanation {
        first_day,
        last_day: day,
        trust_from,
        trust_to: last.mean_trust,
        contributions,
        shoppers_lost,
        lost_to_natural_dropout: natural,
        lost_to_distrust: distrust,
        visits,
        orders,
        negative_sentiment: last.negative_sentiment,
        stated_intent_to_leave: last.stated_intent_to_leave,
        segments,
        events,
        money: WindowMoney::of(
            span,
            first_day
                .checked_sub(2)
                .and_then(|i| history.get(i as usize)),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_day;
    use crate::sim::metrics::TrustChange;

    fn day_with(day: u32, trust_before: f64, change: TrustChange) -> DayMetrics {
        let mut d = sample_day(day);
        d.trust_change = change;
        d.mean_trust = trust_before + change.total();
        d
    }

    fn history() -> Vec<DayMetrics> {
        let mut days = Vec::new();
        let mut trust = 0.6;
        for day in 1..=5 {
            let change = TrustChange {
                creepiness: -0.001 * f64::from(day),
                recovery: 0.0005,
                breach: if day == 4 { -0.02 } else { 0.0 },
                departures: 0.0001,
                ..TrustChange::default()
            };
            let d = day_with(day, trust, change);
            trust = d.mean_trust;
            days.push(d);
        }
        days
    }

    fn breach_on(day: u32) -> EventRecord {
        EventRecord {
            day,
            kind: EventKind::Breach,
            severity: 0.7,
            origin: EventOrigin::Scheduled,
            records_exposed: 1234.0,
            cost: Cents(500_000),
            fine: Cents::ZERO,
        }
    }

    #[test]
    fn contributions_add_up_to_the_change_and_come_largest_first() {
        let h = history();
        let e = explain(&h, &[breach_on(4)], 5, 3).expect("inside the run");
        assert_eq!((e.first_day, e.last_day), (3, 5));
        let sum: f64 = e.contributions.iter().map(|c| c.change).sum();
        assert!((sum - e.trust_change()).abs() < 1e-12);
        assert_eq!(e.contributions[0].cause, TrustCause::Breach);
        assert!((e.contributions[0].change + 0.02).abs() < 1e-12);
        for pair in e.contributions.windows(2) {
            assert!(pair[0].change.abs() >= pair[1].change.abs());
        }
        let shares: f64 = e.contributions.iter().map(|c| c.share_of_movement).sum();
        assert!((shares - 1.0).abs() < 1e-9);
        assert_eq!(e.events.len(), 1);
        assert!((e.events[0].trust_change_of_its_kind + 0.02).abs() < 1e-12);
        assert_eq!(e.shoppers_lost, 3);
        assert_eq!(e.visits, 360);
    }

    #[test]
    fn the_window_is_cut_at_day_one_and_bad_days_are_errors() {
        let h = history();
        let e = explain(&h, &[], 2, 30).expect("cut at day 1");
        assert_eq!(e.first_day, 1);
        assert!((e.trust_from - 0.6).abs() < 1e-12);
        assert_eq!(
            explain(&h, &[], 6, 1),
            Err(ExplainError::DayOutsideRun { day: 6, days: 5 })
        );
        assert_eq!(
            explain(&h, &[], 0, 1),
            Err(ExplainError::DayOutsideRun { day: 0, days: 5 })
        );
        assert_eq!(explain(&h, &[], 3, 0), Err(ExplainError::EmptyWindow));
    }

    #[test]
    fn events_outside_the_window_are_left_out() {
        let h = history();
        let e = explain(&h, &[breach_on(4)], 3, 2).expect("inside");
        assert!(e.events.is_empty());
        let text = render_text(&e);
        assert!(text.contains("Events in the window: none."), "{text}");
    }

    #[test]
    fn text_names_the_change_every_cause_and_the_event() {
        let h = history();
        let e = explain(&h, &[breach_on(4)], 4, 1).expect("inside");
        let text = render_text(&e);
        assert!(text.starts_with("Day 4: mean trust moved from"), "{text}");
        for cause in TrustCause::ALL {
            assert!(text.contains(cause.label()), "missing {cause:?}: {text}");
        }
        assert!(
            text.contains("day 4: breach (severity 0.70, scheduled)"),
            "{text}"
        );
        assert!(
            text.contains("breach: news of the breach on day 4"),
            "{text}"
        );
        assert!(text.lines().all(|l| l.len() <= LINE_WIDTH), "{text}");
    }

    #[test]
    fn money_of_the_window_counts_only_its_days() {
        let mut h = history();
        for d in h.iter_mut() {
            d.costs.security = Cents(1_000);
            d.costs.personalization = Cents(1_500);
            if d.day >= 4 {
                // Cumulative in the daily metrics: the breach was booked on day 4.
                d.breach_cost = Cents(500_000);
                d.fines = Cents(70_000);
            }
        }
        h[3].profit = Cents(15_500 - 570_000);
        let e = explain(&h, &[breach_on(4)], 5, 2).expect("inside");
        let m = e.money;
        assert_eq!(m.revenue, Cents(90_000));
        assert_eq!(m.gross_profit, Cents(36_000));
        assert_eq!(m.lever_costs, Cents(5_000));
        assert_eq!(m.costs.security, Cents(2_000));
        assert_eq!(m.costs.total(), Cents(5_000));
        assert_eq!((m.breach_costs, m.fines), (Cents(500_000), Cents(70_000)));
        assert_eq!(m.profit, Cents(31_000 - 570_000));
        assert_eq!(m.cumulative_profit, h[4].cumulative_profit);
        // The day after the breach books none of it.
        let after = explain(&h, &[], 5, 1).expect("inside").money;
        assert_eq!(
            (after.breach_costs, after.fines),
            (Cents::ZERO, Cents::ZERO)
        );
        let text = render_text(&e);
        assert!(text.lines().all(|l| l.len() <= LINE_WIDTH), "{text}");
        let text = text.replace("\n", " ");
        assert!(text.contains("breach costs $5,000, fines $700"), "{text}");
        assert!(
            text.contains("; profit -$5,390 (profit since day 1: $775)"),
            "{text}"
        );
        assert!(
            text.contains("Lever costs: personalization $30, security $20."),
            "{text}"
        );
    }

    #[test]
    fn long_text_wraps_at_spaces() {
        let bullet = TextBlock::Paragraph {
            first: "  - ",
            rest: "    ",
            text: "word ".repeat(40),
        };
        let rows = bullet.rows(LINE_WIDTH);
        assert!(rows.len() > 1);
        assert!(rows.iter().all(|l| l.len() <= LINE_WIDTH));
        assert!(rows[0].starts_with("  - word"));
        assert!(rows[1..].iter().all(|l| l.starts_with("    word")));
        assert_eq!(
            rows.concat()
                .split_whitespace()
                .filter(|w| *w == "word")
                .count(),
            40
        );
    }

    #[test]
    fn a_table_row_is_kept_as_it_is_unless_it_is_too_wide() {
        let row = TextBlock::Line("  breach    -0.1229   72.1 %  ----".to_string());
        assert_eq!(row.rows(40), ["  breach    -0.1229   72.1 %  ----"]);
        assert_eq!(
            row.rows(20),
            ["  breach -0.1229", "  72.1 % ----"],
            "too wide, it is broken at spaces and keeps its indentation"
        );
        assert_eq!(TextBlock::Line(String::new()).rows(10), [""]);
        assert_eq!(TextBlock::paragraph("").rows(10), [""]);
    }

    #[test]
    fn the_text_at_any_width_has_the_same_words_in_rows_that_fit() {
        let h = history();
        let e = explain(&h, &[breach_on(4)], 5, 3).expect("inside");
        let words = |rows: &[String]| -> Vec<String> {
            rows.iter()
                .flat_map(|row| row.split_whitespace().map(str::to_string))
                .collect()
        };
        let one_line_each = render_rows(&e, usize::MAX);
        assert_eq!(one_line_each.len(), text_blocks(&e).len());
        for width in [40, 60, 74, LINE_WIDTH, 98] {
            let rows = render_rows(&e, width);
            assert!(rows.len() >= one_line_each.len());
            assert!(
                rows.iter().all(|row| row.chars().count() <= width),
                "{width}: {rows:#?}"
            );
            assert_eq!(words(&rows), words(&one_line_each), "{width}");
        }
        assert_eq!(
            render_text(&e),
            render_rows(&e, LINE_WIDTH).join("\n") + "\n"
        );
    }
}
