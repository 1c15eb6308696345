//! A fitted scenario against the history, calibration and holdout: the tracking of
//! repeat purchases week by week, the conditional expectations by calibration repeats,
//! and the errors the targets are stated in. Text only; the command line draws
//! the chart and writes the files.

use super::simulate::CohortOutcome;
use crate::calibration::panel::{repeat_bucket, Panel, REPEAT_BUCKETS};
use serde::Serialize;
use std::fmt::Write;

/// One week of `tracking.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrackingRow {
    pub week: u32,
    pub actual_cumulative_repeat: u64,
    pub simulated_cumulative_repeat: u64,
    pub actual_weekly_repeat: u64,
    pub simulated_weekly_repeat: u64,
}

/// One bucket of `conditional.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionalRow {
    /// "0" .. "6", "7+".
    pub calibration_repeats: String,
    /// Actual customers in the bucket.
    pub customers: u64,
    pub actual_mean_holdout_repeat: f64,
    /// Mean holdout repeats of the simulated customers with this many calibration repeats.
    pub simulated_mean_holdout_repeat: f64,
}

/// The errors of the targets, in percent (simulated against actual).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitErrors {
    pub holdout_actual_repeat: u64,
    pub holdout_simulated_repeat: u64,
    /// Target: within +-10 %.
    pub holdout_error_percent: f64,
    /// Mean absolute percentage error of the cumulative repeats over the holdout weeks.
    /// Target: at most 4 %.
    pub tracking_mape_holdout_percent: f64,
    /// Per bucket 0..6, 7+ (simulated mean against actual). Target: within +-20 % each.
    pub conditional_error_percent: Vec<f64>,
}

/// The fitted run read beside the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitReport {
    pub tracking: Vec<TrackingRow>,
    pub conditional: Vec<ConditionalRow>,
    pub errors: FitErrors,
    pub calibration_weeks: u32,
}

fn percent(simulated: f64, actual: f64) -> f64 {
    if actual == 0.0 {
        0.0
    } else {
        100.0 * (simulated - actual) / actual
    }
}

impl FitReport {
    /// Compares a run of the fitted scenario through the holdout with the panel.
    pub fn new(panel: &Panel, outcome: &CohortOutcome) -> FitReport {
        let weeks = panel.weekly_repeats.len();
        let calibration_weeks = panel.calibration_end.div_ceil(7);
        let (mut actual_total, mut simulated_total) = (0u64, 0u64);
        let tracking: Vec<TrackingRow> = (0..weeks)
            .map(|w| {
                let actual = panel.weekly_repeats[w];
                let simulated = outcome.weekly_repeats.get(w).copied().unwrap_or(0);
                actual_total += actual;
                simulated_total += simulated;
                TrackingRow {
                    week: w as u32 + 1,
                    actual_cumulative_repeat: actual_total,
                    simulated_cumulative_repeat: simulated_total,
                    actual_weekly_repeat: actual,
                    simulated_weekly_repeat: simulated,
                }
            })
            .collect();
        let holdout: Vec<&TrackingRow> = tracking
            .iter()
            .filter(|row| row.week > calibration_weeks)
            .collect();
        let mape = holdout
            .iter()
            .map(|row| {
                percent(
                    row.simulated_cumulative_repeat as f64,
                    row.actual_cumulative_repeat as f64,
                )
                .abs()
            })
            .sum::<f64>()
            / holdout.len().max(1) as f64;
        let mut simulated_buckets = [(0u64, 0u64); REPEAT_BUCKETS];
        for customer in &outcome.customers {
            let bucket = repeat_bucket(customer.calibration_repeats as usize);
            simulated_buckets[bucket].0 += 1;
            simulated_buckets[bucket].1 += u64::from(customer.holdout_repeats);
        }
        let conditional: Vec<ConditionalRow> = panel
            .conditional_expectations()
            .iter()
            .zip(simulated_buckets)
            .enumerate()
            .map(
                |(bucket, ((customers, actual), (n, repeats)))| ConditionalRow {
                    calibration_repeats: if bucket + 1 == REPEAT_BUCKETS {
                        format!("{bucket}+")
                    } else {
                        bucket.to_string()
                    },
                    customers: *customers,
                    actual_mean_holdout_repeat: if actual.is_nan() { 0.0 } else { *actual },
                    simulated_mean_holdout_repeat: if n > 0 {
                        repeats as f64 / n as f64
                    } else {
                        0.0
                    },
                },
            )
            .collect();
        let holdout_actual = panel.holdout_repeats();
        let holdout_simulated: u64 = outcome
            .customers
            .iter()
            .map(|c| u64::from(c.holdout_repeats))
            .sum();
        FitReport {
            errors: FitErrors {
                holdout_actual_repeat: holdout_actual,
                holdout_simulated_repeat: holdout_simulated,
                holdout_error_percent: percent(holdout_simulated as f64, holdout_actual as f64),
                tracking_mape_holdout_percent: mape,
                conditional_error_percent: conditional
                    .iter()
                    .map(|row| {
                        percent(
                            row.simulated_mean_holdout_repeat,
                            row.actual_mean_holdout_repeat,
                        )
                    })
                    .collect(),
            },
            tracking,
            conditional,
            calibration_weeks,
        }
    }

    /// `tracking.csv`: week, actual and simulated cumulative and weekly repeats.
    pub fn tracking_csv(&self) -> String {
        let mut text = String::from(
            "week,actual_cumulative_repeat,simulated_cumulative_repeat,actual_weekly_repeat,simulated_weekly_repeat\n",
        );
        for row in &self.tracking {
            let _ = writeln!(
                text,
                "{},{},{},{},{}",
                row.week,
                row.actual_cumulative_repeat,
                row.simulated_cumulative_repeat,
                row.actual_weekly_repeat,
                row.simulated_weekly_repeat
            );
        }
        text
    }

    /// `conditional.csv`: per calibration-repeat bucket, customers and mean holdout repeats.
    pub fn conditional_csv(&self) -> String {
        let mut text = String::from(
            "calibration_repeats,customers,actual_mean_holdout_repeat,simulated_mean_holdout_repeat\n",
        );
        for row in &self.conditional {
            let _ = writeln!(
                text,
                "{},{},{:.4},{:.4}",
                row.calibration_repeats,
                row.customers,
                row.actual_mean_holdout_repeat,
                row.simulated_mean_holdout_repeat
            );
        }
        text
    }
}
