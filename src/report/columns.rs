//! The daily columns: one table that the CSV header, the CSV rows and the JSON day
//! objects are all generated from.

use crate::model::segment::{PerSegment, Segment};
use crate::sim::metrics::DayMetrics;
use crate::units::Cents;

/// One value of a daily row, tagged with how it is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A whole number (days, shoppers, visits, orders, clicks).
    Count(u64),
    /// Money, written in dollars with two decimals.
    Money(Cents),
    /// A share, mean or expected count, written with six significant digits in CSV.
    Fraction(f64),
    /// A mean over nobody (a segment without active shoppers): an empty CSV field and
    /// `null` in JSON, never a made-up 0.
    Missing,
}

/// A segment's mean, or [`Value::Missing`] when it has no active shoppers to average.
fn segment_mean(active_shoppers: u64, mean: f64) -> Value {
    if active_shoppers == 0 {
        Value::Missing
    } else {
        Value::Fraction(mean)
    }
}

/// A daily column: its header name and how to read it from a day's metrics.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub value: fn(&DayMetrics) -> Value,
}

/// The columns that scripts rely on, in this order, at the start of every row (a test
/// holds the table to them).
#[cfg(test)]
pub const CONTRACT_COLUMNS: [&str; 15] = [
    "day",
    "active_shoppers",
    "churned_total",
    "mean_trust",
    "mean_loyalty",
    "visits",
    "orders",
    "conversion_rate",
    "revenue",
    "cumulative_revenue",
    "opt_in_rate",
    "stated_intent_to_leave",
    "negative_sentiment",
    "records_held",
    "breach_cost",
];

macro_rules! column {
    ($name:expr, |$d:ident| $value:expr) => {
        Column {
            name: $name,
            value: |$d: &DayMetrics| $value,
        }
    };
}

/// The five per-segment columns of one segment.
macro_rules! segment_columns {
    ($plural:literal, $segment:ident) => {
        [
            column!(concat!($plural, "_active_shoppers"), |d| Value::Count(
                d.segment(Segment::$segment).active_shoppers
            )),
            column!(concat!($plural, "_churned_total"), |d| Value::Count(
                d.segment(Segment::$segment).churned_total
            )),
            column!(concat!($plural, "_mean_trust"), |d| {
                let s = d.segment(Segment::$segment);
                segment_mean(s.active_shoppers, s.mean_trust)
            }),
            column!(concat!($plural, "_stated_intent_to_leave"), |d| {
                let s = d.segment(Segment::$segment);
                segment_mean(s.active_shoppers, s.stated_intent_to_leave)
            }),
            column!(concat!($plural, "_opt_in_rate"), |d| {
                let s = d.segment(Segment::$segment);
                segment_mean(s.active_shoppers, s.opt_in_rate)
            }),
        ]
    };
}

/// `SEGMENT_intent_action_gap`: the segment's stated intent to leave minus its share lost
/// to distrust (abnormal churn; natural dropout is not acting on concern).
macro_rules! segment_gap_column {
    ($plural:literal, $segment:ident) => {
        column!(concat!($plural, "_intent_action_gap"), |d| {
            let s = &d.segment(Segment::$segment);
            segment_mean(
                s.active_shoppers,
                s.stated_intent_to_leave
                    - distrust_churn_share(
                        s.distrust_churned_total,
                        s.churned_total,
                        s.active_shoppers,
                    ),
            )
        })
    };
}

const SEGMENT_COLUMNS: PerSegment<[Column; 5]> = PerSegment::new(
    segment_columns!("fundamentalists", Fundamentalist),
    segment_columns!("pragmatists", Pragmatist),
    segment_columns!("unconcerned", Unconcerned),
);

/// Every daily column, in output order: the contract columns first
/// ([`CONTRACT_COLUMNS`]), then the extra ones.
pub const COLUMNS: [Column; 53] = [
    column!("day", |d| Value::Count(u64::from(d.day))),
    column!("active_shoppers", |d| Value::Count(d.active_shoppers)),
    column!("churned_total", |d| Value::Count(d.churned_total)),
    column!("mean_trust", |d| Value::Fraction(d.mean_trust)),
    column!("mean_loyalty", |d| Value::Fraction(d.mean_loyalty)),
    column!("visits", |d| Value::Count(d.visits)),
    column!("orders", |d| Value::Count(d.orders)),
    column!("conversion_rate", |d| Value::Fraction(d.conversion_rate)),
    column!("revenue", |d| Value::Money(d.revenue)),
    column!("cumulative_revenue", |d| Value::Money(d.cumulative_revenue)),
    column!("opt_in_rate", |d| Value::Fraction(d.opt_in_rate)),
    column!("stated_intent_to_leave", |d| Value::Fraction(
        d.stated_intent_to_leave
    )),
    column!("negative_sentiment", |d| Value::Fraction(
        d.negative_sentiment
    )),
    column!("records_held", |d| Value::Fraction(d.records_held)),
    column!("breach_cost", |d| Value::Money(d.breach_cost)),
    // Extra columns.
    column!("churned_today", |d| Value::Count(d.churned_today)),
    column!("fines", |d| Value::Money(d.fines)),
    column!("recommendation_clicks", |d| Value::Count(
        d.recommendation_clicks
    )),
    column!("attributed_recommendation_revenue", |d| Value::Money(
        d.attributed_recommendation_revenue
    )),
    SEGMENT_COLUMNS.fundamentalists[0],
    SEGMENT_COLUMNS.fundamentalists[1],
    SEGMENT_COLUMNS.fundamentalists[2],
    SEGMENT_COLUMNS.fundamentalists[3],
    SEGMENT_COLUMNS.fundamentalists[4],
    SEGMENT_COLUMNS.pragmatists[0],
    SEGMENT_COLUMNS.pragmatists[1],
    SEGMENT_COLUMNS.pragmatists[2],
    SEGMENT_COLUMNS.pragmatists[3],
    SEGMENT_COLUMNS.pragmatists[4],
    SEGMENT_COLUMNS.unconcerned[0],
    SEGMENT_COLUMNS.unconcerned[1],
    SEGMENT_COLUMNS.unconcerned[2],
    SEGMENT_COLUMNS.unconcerned[3],
    SEGMENT_COLUMNS.unconcerned[4],
    // Why mean trust moved today; the seven terms add up to the day's change.
    column!("trust_change_word_of_mouth", |d| Value::Fraction(
        d.trust_change.word_of_mouth
    )),
    column!("trust_change_breach", |d| Value::Fraction(
        d.trust_change.breach
    )),
    column!("trust_change_regulatory_inquiry", |d| Value::Fraction(
        d.trust_change.regulatory_inquiry
    )),
    column!("trust_change_policy_change", |d| Value::Fraction(
        d.trust_change.policy_change
    )),
    column!("trust_change_creepiness", |d| Value::Fraction(
        d.trust_change.creepiness
    )),
    column!("trust_change_recovery", |d| Value::Fraction(
        d.trust_change.recovery
    )),
    column!("trust_change_departures", |d| Value::Fraction(
        d.trust_change.departures
    )),
    // Expected shoppers lost today, split by cause.
    column!("churn_natural", |d| Value::Fraction(d.churn_natural)),
    column!("churn_distrust", |d| Value::Fraction(d.churn_distrust)),
    // Mean trust change of the day, the sum of the seven terms above.
    column!("trust_change_total", |d| Value::Fraction(
        d.trust_change.total()
    )),
    // The privacy paradox day by day: stated intent to leave against actual churn.
    column!("churn_share", |d| Value::Fraction(churn_share(
        d.churned_total,
        d.active_shoppers
    ))),
    column!("intent_action_gap", |d| Value::Fraction(
        d.stated_intent_to_leave
            - distrust_churn_share(d.distrust_churned_total, d.churned_total, d.active_shoppers)
    )),
    segment_gap_column!("fundamentalists", Fundamentalist),
    segment_gap_column!("pragmatists", Pragmatist),
    segment_gap_column!("unconcerned", Unconcerned),
    // Profit and loss at real scale (appended, E23-E25).
    column!("gross_profit", |d| Value::Money(d.gross_profit)),
    column!("lever_costs", |d| Value::Money(d.lever_costs)),
    column!("profit", |d| Value::Money(d.profit)),
    column!("cumulative_profit", |d| Value::Money(d.cumulative_profit)),
];

/// Share of the shoppers lost so far: churned / (active + churned). Every shopper is
/// either active or churned at the end of a day.
/// Share of the shoppers lost to distrust so far (expected count over everyone who
/// started: those still active plus those who left).
pub fn distrust_churn_share(distrust_total: f64, churned_total: u64, active_shoppers: u64) -> f64 {
    let shoppers = churned_total + active_shoppers;
    if shoppers == 0 {
        0.0
    } else {
        distrust_total / shoppers as f64
    }
}

pub fn churn_share(churned_total: u64, active_shoppers: u64) -> f64 {
    let shoppers = churned_total + active_shoppers;
    if shoppers == 0 {
        0.0
    } else {
        churned_total as f64 / shoppers as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::segment::Segment;
    use std::collections::HashSet;

    #[test]
    fn contract_columns_come_first_in_order() {
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(&names[..CONTRACT_COLUMNS.len()], &CONTRACT_COLUMNS[..]);
    }

    #[test]
    fn column_names_are_unique() {
        let mut seen = HashSet::new();
        for column in &COLUMNS {
            assert!(seen.insert(column.name), "duplicate column {}", column.name);
        }
    }

    #[test]
    fn each_trust_cause_has_its_column() {
        use crate::sim::metrics::{TrustCause, TrustChange};
        let mut day = crate::report::tests::sample_day(3);
        day.trust_change = TrustChange {
            word_of_mouth: 0.1,
            breach: 0.2,
            regulatory_inquiry: 0.3,
            policy_change: 0.4,
            creepiness: 0.5,
            recovery: 0.6,
            departures: 0.7,
        };
        for cause in TrustCause::ALL {
            let name = format!("trust_change_{}", cause.label().replace(' ', "_"));
            let column = COLUMNS.iter().find(|c| c.name == name);
            let Some(column) = column else {
                panic!("no column {name}");
            };
            assert!(
                matches!((column.value)(&day), Value::Fraction(x) if x == day.trust_change.get(cause)),
                "{name} does not read its cause"
            );
        }
        let sum: f64 = TrustCause::ALL
            .iter()
            .map(|&c| day.trust_change.get(c))
            .sum();
        assert!((day.trust_change.total() - sum).abs() < 1e-12);
    }

    #[test]
    fn intent_action_gap_is_stated_intent_minus_distrust_churn_share() {
        let day = crate::report::tests::sample_day(3);
        let value = |name: &str| match COLUMNS.iter().find(|c| c.name == name) {
            Some(column) => match (column.value)(&day) {
                Value::Fraction(x) => x,
                other => panic!("{name} is not a fraction: {other:?}"),
            },
            None => panic!("missing {name}"),
        };
        // 10 churned of 10 + 990 shoppers; 4 of 4 + 300 in each segment.
        assert!((value("churn_share") - 0.01).abs() < 1e-12);
        // 3 of the 10 left because of distrust; 1.5 of the segment's 4.
        assert!((value("intent_action_gap") - (0.2 - 0.003)).abs() < 1e-12);
        let segment_gap = 0.25 - 1.5 / 304.0;
        assert!((value("unconcerned_intent_action_gap") - segment_gap).abs() < 1e-12);
        assert_eq!(churn_share(0, 0), 0.0);
    }

    #[test]
    fn segment_columns_are_named_after_their_segment() {
        for segment in Segment::ALL {
            for (field, column) in SEGMENT_COLUMNS[segment].iter().enumerate() {
                assert!(
                    column.name.starts_with(segment.plural()),
                    "column {field} of {segment} is {}",
                    column.name
                );
            }
        }
        for name in [
            "fundamentalists_mean_trust",
            "pragmatists_churned_total",
            "unconcerned_stated_intent_to_leave",
            "trust_change_word_of_mouth",
            "trust_change_departures",
            "churn_natural",
            "churn_distrust",
            "churn_share",
            "intent_action_gap",
            "pragmatists_intent_action_gap",
        ] {
            assert!(COLUMNS.iter().any(|c| c.name == name), "missing {name}");
        }
    }
}
