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

/// The bucket (0..6, 7+) of a customer with `repeats` repeat transactions.
pub fn repeat_bucket(repeats: usize) -> usize {
    repeats.min(REPEAT_BUCKETS - 1)
}

/// One customer's summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerSummary {
    /// Day of the first transaction (days from the panel's first day).
    pub first_day: u32,
    /// Repeat transactions before the end of calibration.
    pub calibration_repeats: u32,
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
    /// Each customer's repeat transactions in calibration, in the order of `customers`.
    pub calibration_repeat_days: RepeatDays,
}

/// The days of each customer's repeat transactions (days from the panel's first day, in
/// order), customer after customer in one array.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepeatDays {
    /// Where each customer's days start in `days`; one more entry than customers.
    starts: Vec<u32>,
    days: Vec<u32>,
}

impl RepeatDays {
    /// Collects `(customer, day)` pairs of `customers` customers, the pairs in order of
    /// day (a customer's days keep that order). Pairs of unknown customers are left out.
    pub fn from_pairs(customers: usize, pairs: &[(u32, u32)]) -> RepeatDays {
        let mut starts = vec![0u32; customers + 1];
        for &(customer, _) in pairs {
            if let Some(next) = starts.get_mut(customer as usize + 1) {
                *next += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        // Where each customer's next day goes.
        let mut next = starts[..customers].to_vec();
        let mut days = vec![0u32; starts[customers] as usize];
        for &(customer, day) in pairs {
            if let Some(at) = next.get_mut(customer as usize) {
                days[*at as usize] = day;
                *at += 1;
            }
        }
        RepeatDays { starts, days }
    }

    /// The customers.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The days of customer `customer` (empty for an unknown customer).
    pub fn of(&self, customer: usize) -> &[u32] {
        match (self.starts.get(customer), self.starts.get(customer + 1)) {
            (Some(&from), Some(&to)) => &self.days[from as usize..to as usize],
            _ => &[],
        }
    }
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
        let mut calibration_days = Vec::new();
        let mut starts = vec![0u32];
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
                holdout_repeats: 0,
            };
            for &day in &days[1..] {
                if day < calibration_end {
                    calibration_days.push(day);
                    summary.calibration_repeats += 1;
                } else if day < holdout_end {
                    summary.holdout_repeats += 1;
                }
                if let Some(week) = weekly_repeats.get_mut((day / 7) as usize) {
                    *week += 1;
                }
            }
            customers.push(summary);
            starts.push(calibration_days.len() as u32);
        }
        Panel {
            start,
            calibration_end,
            holdout_end,
            customers,
            weekly_repeats,
            late_customers,
            calibration_repeat_days: RepeatDays {
                starts,
                days: calibration_days,
            },
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
            let bucket = repeat_bucket(customer.calibration_repeats as usize);
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
                holdout_repeats: 1
            }
        );
        assert_eq!(panel.weekly_repeats, vec![1, 1]);
        assert_eq!(panel.calibration_repeat_days.of(0), &[3]);
        assert!(panel.calibration_repeat_days.of(1).is_empty());
        assert_eq!(panel.calibration_repeat_days.len(), 2);
        assert_eq!(panel.cumulative_repeats(), vec![1, 2]);
        let table = panel.conditional_expectations();
        assert_eq!(table[0], (1, 0.0));
        assert_eq!(table[1], (1, 1.0));
        assert!(table[2].1.is_nan());
    }

    #[test]
    fn repeat_days_group_pairs_by_customer_in_day_order() {
        let days = RepeatDays::from_pairs(3, &[(2, 1), (0, 4), (2, 5), (7, 6), (0, 9)]);
        assert_eq!(days.len(), 3);
        assert_eq!(days.of(0), &[4, 9]);
        assert!(days.of(1).is_empty());
        assert_eq!(days.of(2), &[1, 5]);
        assert!(days.of(3).is_empty(), "customer 7 is not one of the three");
    }
}
