//! The daily CSV the export key writes.
//!
//! TODO(lead): a private stand-in for `shopsim::report::csv::write_daily_csv` from
//! branch `cli`; once that is on main, replace `daily_csv`'s body with a call to it and
//! delete this writer. Its first columns are the CLI's contract columns, in order.

use shopsim::sim::DayMetrics;
use std::fmt::Write;

const HEADER: &str = "day,active_shoppers,churned_total,mean_trust,mean_loyalty,visits,orders,\
conversion_rate,revenue,cumulative_revenue,opt_in_rate,stated_intent_to_leave,\
negative_sentiment,records_held,breach_cost,churned_today,fines";

/// The header and one row per day; money in dollars with cents.
pub fn daily_csv(days: &[DayMetrics]) -> String {
    let mut out = String::with_capacity(64 + days.len() * 160);
    out.push_str(HEADER);
    out.push('\n');
    for d in days {
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{:.2},{:.2},{},{},{},{},{:.2},{},{:.2}",
            d.day,
            d.active_shoppers,
            d.churned_total,
            d.mean_trust,
            d.mean_loyalty,
            d.visits,
            d.orders,
            d.conversion_rate,
            d.revenue.dollars(),
            d.cumulative_revenue.dollars(),
            d.opt_in_rate,
            d.stated_intent_to_leave,
            d.negative_sentiment,
            d.records_held,
            d.breach_cost.dollars(),
            d.churned_today,
            d.fines.dollars(),
        );
    }
    out
}
