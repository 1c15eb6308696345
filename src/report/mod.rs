//! Reports of a run for other programs: the daily CSV table and the run's JSON document.
//!
//! Writers take any [`std::io::Write`] and never open files; the command line decides
//! where the bytes go. The daily columns are one table, [`columns::COLUMNS`], that both
//! the CSV header and its rows (and the JSON day objects) are generated from, so they
//! cannot drift apart.

pub(crate) mod columns;
pub mod csv;
pub mod explain;
pub mod format;
pub(crate) mod json;

pub use columns::{Column, Value, COLUMNS};
pub use csv::write_daily_csv;
pub use json::{
    write_json, write_run_json, write_summary_json, RunReport, SummaryDocument, WithCounterfactual,
};

#[cfg(test)]
pub(crate) mod tests {
    use crate::sim::metrics::{DayMetrics, SegmentDay, TrustChange};
    use crate::units::Cents;

    /// A day with distinct, recognizable values in every field.
    pub(crate) fn sample_day(day: u32) -> DayMetrics {
        let segment = SegmentDay {
            active_shoppers: 300,
            churned_total: 4,
            distrust_churned_total: 1.5,
            mean_trust: 0.5,
            stated_intent_to_leave: 0.25,
            opt_in_rate: 0.75,
        };
        DayMetrics {
            day,
            active_shoppers: 990,
            churned_today: 1,
            churned_total: 10,
            mean_trust: 0.6,
            mean_loyalty: 0.4,
            visits: 120,
            orders: 6,
            conversion_rate: 0.05,
            revenue: Cents(45_000),
            cumulative_revenue: Cents(45_000 * i64::from(day)),
            recommendation_clicks: 15,
            attributed_recommendation_revenue: Cents(9_000),
            opt_in_rate: 0.7,
            stated_intent_to_leave: 0.2,
            negative_sentiment: 0.1,
            records_held: 495.0,
            breach_cost: Cents(0),
            fines: Cents(0),
            segments: [segment; 3],
            trust_change: TrustChange::default(),
            churn_natural: 0.8,
            churn_distrust: 0.2,
            distrust_churned_total: 3.0,
            gross_profit: Cents(18_000),
            lever_costs: Cents(2_500),
            costs: Default::default(),
            profit: Cents(15_500),
            cumulative_profit: Cents(15_500 * i64::from(day)),
        }
    }
}
