//! A cohort's repeat buying, summarised the way the buy-till-you-die literature reads an
//! order history (Fader, Hardie & Lee 2005): per customer the repeat transactions in a
//! calibration window (`x`), the time of the last one (`t_x`) and the time observed (`T`),
//! the repeat transactions in a holdout window, and week by week the repeat
//! transactions of the whole cohort.
//!
//! Time is counted in days from the panel's first day; week `w` (1-based) covers days
//! `7 (w - 1) .. 7 w`. A repeat transaction is any transaction after a customer's first.

use super::orders::{CivilDay, Transaction};

/// Calibration-repeat buckets of the conditional-expectation table: 0, 1, ..., 6, "7+".
pub const REPEAT_BUCKETS: usize = 8;

/// One customer's summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerSummary {
    /// Day of the first transaction (days from the panel's first day).
    pub first_day: u32,
    /// Repeat transactions before the end of calibration.
    pub calibration_repeats: u32,
    /// Days from the first transaction to the last one in calibration.
    pub last_repeat_day_offset: u32,
    /// Repeat transactions in the holdout window.
    pub holdout_repeats: u32,
}

/// A panel: customers who made a first purchase before the end of calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub start: CivilDay,
    /// First day after calibration (days from `start`).
    pub calibration_end: u32,
    /// First day after the holdout (days from `start`).
    pub holdout_end: u32,
    pub customers: Vec<CustomerSummary>,
    /// Repeat transactions of the cohort in each week, weeks 1 ..= holdout weeks.
    pub weekly_repeats: Vec<u64>,
    /// Customers whose first transaction falls after calibration: not in the cohort.
    pub late_customers: u64,
    /// Repeat transactions in calibration by the customer's week of tenure: index `a`
    /// counts those `7 a .. 7 (a + 1)` days after the customer's first transaction.
    pub calibration_repeats_by_tenure_week: Vec<u64>,
}

impl Panel {
    /// Summarises transactions sorted by customer then day (as
    /// [`super::orders::OrderHistory::transactions`] gives them). `start` is day 0;
    /// transactions before it are ignored. `holdout_end` is rounded up to whole weeks.
    pub fn new(
        transactions: &[Transaction],
        start: CivilDay,
        calibration_end: u32,
        holdout_end: u32,
    ) -> Panel {
        let weeks = holdout_end.div_ceil(7) as usize;
        let mut weekly_repeats = vec![0u64; weeks];
        let mut customers = Vec::new();
        let mut late_customers = 0;
        let mut by_tenure = vec![0u64; calibration_end.div_ceil(7) as usize];
        for own in transactions.chunk_by(|a, b| a.customer == b.customer) {
            let days: Vec<u32> = own
                .iter()
                .filter(|t| t.day >= start)
                .map(|t| (t.day.0 - start.0) as u32)
                .collect();
            let Some(&first_day) = days.first() else {
                continue;
            };
            if first_day >= calibration_end {
                late_customers += 1;
                continue;
            }
            let mut summary = CustomerSummary {
                first_day,
                calibration_repeats: 0,
                last_repeat_day_offset: 0,
                holdout_repeats: 0,
            };
            for &day in &days[1..] {
                if day < calibration_end {
                    if let Some(week) = by_tenure.get_mut(((day - first_day) / 7) as usize) {
                        *week += 1;
                    }
                    summary.calibration_repeats += 1;
                    summary.last_repeat_day_offset = day - first_day;
                } else if day < holdout_end {
                    summary.holdout_repeats += 1;
                }
                if let Some(week) = weekly_repeats.get_mut((day / 7) as usize) {
                    *week += 1;
                }
            }
            customers.push(summary);
        }
        Panel {
            start,
            calibration_end,
            holdout_end,
            customers,
            weekly_repeats,
            late_customers,
            calibration_repeats_by_tenure_week: by_tenure,
        }
    }

    /// Cumulative repeat transactions at the end of each week.
    pub fn cumulative_repeats(&self) -> Vec<u64> {
        self.weekly_repeats
            .iter()
            .scan(0u64, |total, week| {
                *total += week;
                Some(*total)
            })
            .collect()
    }

    pub fn calibration_repeats(&self) -> u64 {
        self.customers
            .iter()
            .map(|c| u64::from(c.calibration_repeats))
            .sum()
    }

    pub fn holdout_repeats(&self) -> u64 {
        self.customers
            .iter()
            .map(|c| u64::from(c.holdout_repeats))
            .sum()
    }

    /// Per calibration-repeat bucket (0..6, 7+): customers and their mean holdout repeats.
    pub fn conditional_expectations(&self) -> [(u64, f64); REPEAT_BUCKETS] {
        let mut sums = [(0u64, 0u64); REPEAT_BUCKETS];
        for customer in &self.customers {
            let bucket = (customer.calibration_repeats as usize).min(REPEAT_BUCKETS - 1);
            sums[bucket].0 += 1;
            sums[bucket].1 += u64::from(customer.holdout_repeats);
        }
        sums.map(|(customers, repeats)| {
            let mean = if customers == 0 {
                f64::NAN
            } else {
                repeats as f64 / customers as f64
            };
            (customers, mean)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(customer: u32, day: i32) -> Transaction {
        Transaction {
            customer,
            day: CivilDay(day),
            amount_cents: 100,
        }
    }

    #[test]
    fn summaries_split_calibration_and_holdout() {
        // Customer 0: first day 0, repeats on days 3 and 10 (calibration ends at 7 -> one
        // calibration repeat, one holdout repeat). Customer 1: first day 2, no repeat.
        // Customer 2 starts after calibration: not in the cohort.
        let transactions = [t(0, 0), t(0, 3), t(0, 10), t(1, 2), t(2, 8), t(2, 9)];
        let panel = Panel::new(&transactions, CivilDay(0), 7, 14);
        assert_eq!(panel.customers.len(), 2);
        assert_eq!(panel.late_customers, 1);
        assert_eq!(
            panel.customers[0],
            CustomerSummary {
                first_day: 0,
                calibration_repeats: 1,
                last_repeat_day_offset: 3,
                holdout_repeats: 1
            }
        );
        assert_eq!(panel.weekly_repeats, vec![1, 1]);
        // Customer 0's calibration repeat came 3 days after the first purchase.
        assert_eq!(panel.calibration_repeats_by_tenure_week, vec![1]);
        assert_eq!(panel.cumulative_repeats(), vec![1, 2]);
        let table = panel.conditional_expectations();
        assert_eq!(table[0], (1, 0.0));
        assert_eq!(table[1], (1, 1.0));
        assert!(table[2].1.is_nan());
    }
}
