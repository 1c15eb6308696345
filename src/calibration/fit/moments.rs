//! The moments the fit matches, read the same way off an order history and off a
//! simulated cohort: each customer's first-purchase day and repeat-purchase days in the
//! calibration window go through one function, [`Layout::contribute`], and a moment is
//! the sum of the customers' contributions.
//!
//! The moments (Fader, Hardie & Lee 2005 fit the buy-till-you-die models on the first
//! two kinds; the others are this project's):
//! - **cells**: customers with no repeat, then per repeat count {1, 2, 3, 4, 5-6, 7-9,
//!   10+} by the third of the window their last repeat fell in (frequency and recency:
//!   heterogeneity in rate, and who is still alive);
//! - **calendar**: the cohort's repeat purchases per three weeks of the calendar
//!   (acquisition and decay);
//! - **tenure**: the same per three weeks since each customer's first purchase (how buying
//!   falls after acquisition, whatever the acquisition dates);
//! - **split**: the window's own forecast test. Of the customers who entered in its first
//!   half, by their repeats there (0..6, 7+), the repeats they made in the second half:
//!   what a fitted model is for, measured without looking at the holdout.
//!
//! Each moment is weighed by the inverse of its sampling variance, estimated from the
//! history by treating customers as independent draws: `sum_i c_i^2 - M^2 / n` for
//! contributions `c_i` summing to `M` over `n` customers (the variance of a sum under
//! resampling customers). A count of customers in a cell gets about its own size, as a
//! Pearson chi-square would; a sum carried by a few heavy buyers gets the larger variance
//! those few make it have, so it does not outweigh the rest. Variances below
//! [`MIN_VARIANCE`] are raised to it (a moment seen a handful of times says little).

use crate::calibration::panel::{repeat_bucket, Panel, RepeatDays, REPEAT_BUCKETS};
use serde::Serialize;

/// Repeat-count classes of the cells: 1, 2, 3, 4, 5-6, 7-9, 10+.
const REPEAT_CLASSES: [u32; 7] = [1, 2, 3, 4, 5, 7, 10];
/// Cells: no repeat, then each class by third of the window.
pub(super) const CELLS: usize = 1 + REPEAT_CLASSES.len() * 3;
/// The smallest variance a moment is weighed with.
pub const MIN_VARIANCE: f64 = 10.0;

/// Where each moment of a calibration window of `calibration_end` days sits in the
/// moment vector: cells, calendar bins, tenure bins, split buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Layout {
    calibration_end: u32,
}

impl Layout {
    pub fn new(calibration_end: u32) -> Layout {
        Layout {
            calibration_end: calibration_end.max(1),
        }
    }

    fn weeks(self) -> u32 {
        self.calibration_end.div_ceil(7)
    }

    /// Three-week bins of the calendar (and of tenure).
    fn bins(self) -> usize {
        self.weeks().div_ceil(3) as usize
    }

    /// The first day of the window's second half (whole weeks).
    fn midpoint(self) -> u32 {
        7 * (self.calibration_end / 14)
    }

    pub fn len(self) -> usize {
        CELLS + 2 * self.bins() + REPEAT_BUCKETS
    }

    /// The kind of moment `index` is: 0 cells, 1 calendar, 2 tenure, 3 split.
    fn kind(self, index: usize) -> usize {
        let bins = self.bins();
        match index {
            i if i < CELLS => 0,
            i if i < CELLS + bins => 1,
            i if i < CELLS + 2 * bins => 2,
            _ => 3,
        }
    }

    /// Calls `add(moment, amount)` for what a customer who first bought on `first_day`
    /// and bought again on `days` (in order, all in the window) adds to the moments.
    fn contribute(self, first_day: u32, days: &[u32], mut add: impl FnMut(usize, f64)) {
        let repeats = days.len() as u32;
        let last_week = days.last().map_or(0, |d| d / 7 + 1);
        add(cell(repeats, last_week, self.weeks()), 1.0);
        let bins = self.bins();
        for &day in days {
            add(CELLS + ((day / 7 / 3) as usize).min(bins - 1), 1.0);
            let tenure = day.saturating_sub(first_day) / 7 / 3;
            add(CELLS + bins + (tenure as usize).min(bins - 1), 1.0);
        }
        let midpoint = self.midpoint();
        if first_day < midpoint {
            let early = days.iter().take_while(|&&d| d < midpoint).count();
            add(
                CELLS + 2 * bins + repeat_bucket(early),
                (days.len() - early) as f64,
            );
        }
    }

    /// The moments of customers given by their first-purchase days and repeat days.
    pub fn moments(self, first_days: impl Iterator<Item = u32>, days: &RepeatDays) -> Vec<f64> {
        let mut out = vec![0.0; self.len()];
        for (customer, first_day) in first_days.enumerate() {
            self.contribute(first_day, days.of(customer), |k, x| out[k] += x);
        }
        out
    }
}

fn cell(repeats: u32, last_week: u32, calibration_weeks: u32) -> usize {
    if repeats == 0 {
        return 0;
    }
    let class = REPEAT_CLASSES
        .iter()
        .rposition(|&low| repeats >= low)
        .unwrap_or(0);
    let third = ((last_week.saturating_sub(1)) * 3 / calibration_weeks.max(1)).min(2) as usize;
    1 + class * 3 + third
}

/// The history's moments and the variances they are weighed with.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Target {
    pub layout: Layout,
    pub values: Vec<f64>,
    pub variances: Vec<f64>,
}

impl Target {
    pub fn of(panel: &Panel) -> Target {
        let layout = Layout::new(panel.calibration_end);
        let (mut values, mut squares) = (vec![0.0; layout.len()], vec![0.0; layout.len()]);
        let mut own: Vec<(usize, f64)> = Vec::new();
        for (i, customer) in panel.customers.iter().enumerate() {
            own.clear();
            layout.contribute(
                customer.first_day,
                panel.calibration_repeat_days.of(i),
                |k, x| own.push((k, x)),
            );
            own.sort_by_key(|&(k, _)| k);
            for run in own.chunk_by(|a, b| a.0 == b.0) {
                let total: f64 = run.iter().map(|&(_, x)| x).sum();
                values[run[0].0] += total;
                squares[run[0].0] += total * total;
            }
        }
        let n = panel.customers.len().max(1) as f64;
        let variances = values
            .iter()
            .zip(&squares)
            .map(|(m, q)| (q - m * m / n).max(MIN_VARIANCE))
            .collect();
        Target {
            layout,
            values,
            variances,
        }
    }

    /// The weighted squared distance of `simulated` moments from the history's.
    pub fn distance(&self, simulated: &[f64]) -> f64 {
        self.each_term(simulated).map(|(_, term)| term).sum()
    }

    /// The distance split by kind of moment.
    pub fn terms(&self, simulated: &[f64]) -> ObjectiveTerms {
        let mut by_kind = [0.0; 4];
        for (k, term) in self.each_term(simulated) {
            by_kind[self.layout.kind(k)] += term;
        }
        let [cells, calendar, tenure, split] = by_kind;
        ObjectiveTerms {
            cells,
            calendar,
            tenure,
            split,
        }
    }

    fn each_term<'a>(&'a self, simulated: &'a [f64]) -> impl Iterator<Item = (usize, f64)> + 'a {
        simulated
            .iter()
            .zip(&self.values)
            .zip(&self.variances)
            .map(|((s, a), v)| (s - a).powi(2) / v)
            .enumerate()
    }
}

/// The objective split by kind of moment (they add up to it): which moments a fit
/// could not match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ObjectiveTerms {
    pub cells: f64,
    pub calendar: f64,
    pub tenure: f64,
    pub split: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibration::orders::{CivilDay, Transaction};

    #[test]
    fn cells_split_by_repeats_and_recency() {
        assert_eq!(cell(0, 0, 39), 0);
        assert_eq!(cell(1, 1, 39), 1);
        assert_eq!(cell(1, 39, 39), 3);
        assert_eq!(cell(2, 20, 39), 5);
        assert_eq!(cell(6, 30, 39), 1 + 4 * 3 + 2);
        assert_eq!(cell(50, 39, 39), CELLS - 1);
    }

    #[test]
    fn a_customer_adds_to_a_cell_bins_and_the_split() {
        // 28-day window: 4 weeks, 2 bins of three weeks, midpoint day 14.
        let layout = Layout::new(28);
        let mut added = Vec::new();
        // First bought on day 2; repeats on days 5 (tenure week 0), 20 and 27 (tenure
        // weeks 2 and 3: bins 0 and 1; calendar weeks 2 and 3: bins 0 and 1).
        layout.contribute(2, &[5, 20, 27], |k, x| added.push((k, x)));
        let bins = 2;
        assert_eq!(added[0], (cell(3, 4, 4), 1.0));
        let calendar: Vec<usize> = added
            .iter()
            .filter(|a| (CELLS..CELLS + bins).contains(&a.0))
            .map(|a| a.0 - CELLS)
            .collect();
        assert_eq!(calendar, vec![0, 0, 1]);
        let tenure: Vec<usize> = added
            .iter()
            .filter(|a| (CELLS + bins..CELLS + 2 * bins).contains(&a.0))
            .map(|a| a.0 - CELLS - bins)
            .collect();
        assert_eq!(tenure, vec![0, 0, 1]);
        // One repeat before day 14, two after: bucket 1 gets 2.
        assert_eq!(added.last(), Some(&(CELLS + 2 * bins + 1, 2.0)));
        // A customer who entered in the second half is not in the split.
        let mut late = Vec::new();
        layout.contribute(15, &[20], |k, x| late.push((k, x)));
        assert!(late.iter().all(|&(k, _)| k < CELLS + 2 * bins));
    }

    #[test]
    fn variances_grow_with_what_few_customers_carry() {
        // Ten customers entering on day 0 of a 28-day window; one buys again ten times in
        // the second half, the others never: the split's bucket 0 sums 10, carried by one.
        let mut transactions = Vec::new();
        for customer in 0..10u32 {
            transactions.push(Transaction {
                customer,
                day: CivilDay(0),
                amount_cents: 100,
            });
        }
        for day in 14..24 {
            transactions.push(Transaction {
                customer: 0,
                day: CivilDay(day),
                amount_cents: 100,
            });
        }
        transactions.sort_by_key(|t| (t.customer, t.day));
        let panel = Panel::new(&transactions, CivilDay(0), 28, 56);
        let target = Target::of(&panel);
        let split0 = target.layout.len() - REPEAT_BUCKETS;
        assert_eq!(target.values[split0], 10.0);
        // 100 - 10^2 / 10 = 90, far above the count of 10 a Poisson weight would assume.
        assert!((target.variances[split0] - 90.0).abs() < 1e-9);
        assert_eq!(
            target.variances[0], MIN_VARIANCE,
            "nine alike in cell 0: 9 - 8.1"
        );
        assert_eq!(target.distance(&target.values), 0.0);
        // One customer more in cell 0 costs 1 / 10 there and nowhere else.
        let mut off = target.values.clone();
        off[0] += 1.0;
        let terms = target.terms(&off);
        assert_eq!(terms.cells, 0.1);
        assert_eq!(terms.calendar + terms.tenure + terms.split, 0.0);
        assert_eq!(target.distance(&off), 0.1);
    }
}
