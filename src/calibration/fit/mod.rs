//! Fitting the shopper baseline to a retailer's order history (issue 15).
//!
//! The history's customers become a cohort scenario (`[cohort]`: each enters the day
//! after their first purchase), and the model parameters of [`FITTED_KEYS`] are chosen so
//! that the simulated cohort buys like the real one in the calibration window: simulated
//! method of moments, minimised by Nelder-Mead ([`super::nelder_mead`]) over the
//! logarithms of the parameters. Every evaluation runs the engine with the same seed
//! (common random numbers), so the objective is a fixed function of the parameters.
//!
//! The moments are the ones the buy-till-you-die models are fitted on (Fader, Hardie &
//! Lee 2005): how many repeat purchases each customer made in calibration (heterogeneity
//! in rate), when their last one was (recency: who is still alive, i.e. dropout), and
//! the cohort's repeat purchases week by week (acquisition and decay). Each is a count
//! compared as a Pearson chi-square term, `(simulated - actual)^2 / max(actual, 10)`.
//!
//! The basket parameters need no simulation: the spread of one order around a customer's
//! mean and of the means between customers are the within- and between-customer variances
//! of the log amounts; the mean basket is then scaled so the simulated mean order value
//! in calibration equals the history's (order counts do not depend on it, so one run
//! settles it).
//!
//! The holdout is never looked at by the fit: [`FitReport`] compares it afterwards.

mod report;
mod simulate;

pub use report::{ConditionalRow, FitErrors, FitReport, TrackingRow};
pub use simulate::{simulate_cohort, simulated_transactions, CohortOutcome, SimulatedCustomer};

use super::nelder_mead;
use super::orders::Transaction;
use super::panel::Panel;
use crate::model::params::ModelParams;
use crate::model::spec::{Table, Value};
use crate::scenario::{Cohort, Scenario};

/// The `[model]` keys the simulated method of moments fits, in the order of the
/// parameter vector. Visits and conversion are told apart only by the heaviest buyers
/// (a shopper visits at most once a day), so conversion is fitted too. The newcomer
/// burst and the share who never lapse let the cohort's buying fall fast after
/// acquisition and then level off, as order histories do (a gamma of dropout hazards
/// alone makes it keep falling: issue 15's diagnosis in `docs/MODEL.md`).
pub const FITTED_KEYS: [&str; 8] = [
    "visit_shape",
    "visit_mean",
    "base_conversion",
    "dropout_shape",
    "dropout_mean",
    "newcomer_visit_boost",
    "newcomer_boost_days",
    "dropout_free_share",
];

/// Where the search starts (natural units, in the order of [`FITTED_KEYS`]): a very
/// uneven base with a two-to-three-month mean lifetime, as order histories of first-time
/// buyers usually are; the model's default conversion; a burst that doubles a new
/// customer's visits and fades over two weeks; a fifth who never lapse.
const START: [f64; 8] = [0.5, 0.25, 0.026, 0.6, 0.006, 1.0, 14.0, 0.2];

/// How a fit runs.
#[derive(Debug, Clone, PartialEq)]
pub struct FitSettings {
    /// Seed of every run (the common random numbers).
    pub seed: u64,
    /// Most objective evaluations (engine runs over the calibration window).
    pub max_evaluations: usize,
    /// The search stops when the simplex's objective values differ by less than this.
    pub tolerance: f64,
    /// Where the search starts: values of [`FITTED_KEYS`], in their order.
    pub start: [f64; FITTED_KEYS.len()],
}

impl Default for FitSettings {
    fn default() -> Self {
        FitSettings {
            seed: 42,
            max_evaluations: 300,
            tolerance: 0.5,
            start: START,
        }
    }
}

/// Progress of a fit, reported after every evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitProgress {
    pub evaluation: usize,
    pub max_evaluations: usize,
    /// The lowest objective so far.
    pub best: f64,
}

/// A history that cannot be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    #[error("no customer made a first purchase in the calibration window")]
    NoCustomers,
    #[error("{0} customers are more than a scenario can simulate (at most 50,000,000)")]
    TooManyCustomers(usize),
}

/// The basket parameters read off the amounts (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BasketMoments {
    /// Mean amount of a repeat transaction in calibration, dollars.
    pub mean_repeat_dollars: f64,
    /// Log-normal sigma of a customer's mean basket between customers.
    pub between_sigma: f64,
    /// Log-normal sigma of one transaction around the customer's mean.
    pub within_sigma: f64,
    /// Transactions with a zero amount, left out of the log moments.
    pub zero_amounts: u64,
}

impl BasketMoments {
    /// The moments of the calibration window's transactions (sorted by customer, then
    /// day, as the panel reads them); `start` is day 0 of the panel.
    pub fn of(transactions: &[Transaction], panel: &Panel) -> BasketMoments {
        let end = panel.start.0 + panel.calibration_end as i32;
        let (mut repeat_sum, mut repeat_count, mut zero_amounts) = (0.0, 0u64, 0u64);
        let (mut within_sum, mut within_df) = (0.0, 0u64);
        let mut means: Vec<(f64, usize)> = Vec::new();
        for own in transactions.chunk_by(|a, b| a.customer == b.customer) {
            let window: Vec<&Transaction> = own
                .iter()
                .filter(|t| t.day >= panel.start && t.day.0 < end)
                .collect();
            for t in window.iter().skip(1) {
                repeat_sum += t.amount_cents as f64 / 100.0;
                repeat_count += 1;
            }
            let logs: Vec<f64> = window
                .iter()
                .filter(|t| t.amount_cents > 0)
                .map(|t| (t.amount_cents as f64 / 100.0).ln())
                .collect();
            zero_amounts += (window.len() - logs.len()) as u64;
            if logs.is_empty() {
                continue;
            }
            let mean = logs.iter().sum::<f64>() / logs.len() as f64;
            within_sum += logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>();
            within_df += logs.len() as u64 - 1;
            means.push((mean, logs.len()));
        }
        let within_var = if within_df > 0 {
            within_sum / within_df as f64
        } else {
            0.0
        };
        let n = means.len().max(1) as f64;
        let grand = means.iter().map(|(m, _)| m).sum::<f64>() / n;
        let spread = means.iter().map(|(m, _)| (m - grand).powi(2)).sum::<f64>() / n;
        // A customer's mean of k logs carries within_var / k of noise.
        let noise = means
            .iter()
            .map(|(_, k)| within_var / *k as f64)
            .sum::<f64>()
            / n;
        BasketMoments {
            mean_repeat_dollars: if repeat_count > 0 {
                repeat_sum / repeat_count as f64
            } else {
                0.0
            },
            between_sigma: (spread - noise).max(0.0).sqrt(),
            within_sigma: within_var.sqrt(),
            zero_amounts,
        }
    }
}

/// The cohort of a panel: customers by the day of their first purchase (panel day 0 is
/// simulated day 1).
pub fn cohort_of(panel: &Panel) -> Cohort {
    let last = panel
        .customers
        .iter()
        .map(|c| c.first_day)
        .max()
        .unwrap_or(0);
    let mut entries_per_day = vec![0u32; last as usize + 1];
    for customer in &panel.customers {
        entries_per_day[customer.first_day as usize] += 1;
    }
    Cohort { entries_per_day }
}

/// The scenario a fit runs and writes: the panel's cohort at real scale (one shopper per
/// customer), through the end of the holdout, without random breaches (the history is
/// the baseline; events are what-ifs), with `model` as its `[model]` table.
pub fn fitted_scenario(panel: &Panel, model: ModelParams, seed: u64, name: &str) -> Scenario {
    let cohort = cohort_of(panel);
    let customers = cohort.customers();
    let description = format!(
        "{customers} customers acquired over {} days, fitted by `shopsim calibrate` on {} \
         calibration days; the last {} days are the holdout.",
        cohort.entries_per_day.len(),
        panel.calibration_end,
        panel.holdout_end.saturating_sub(panel.calibration_end)
    );
    let defaults = Scenario::default();
    Scenario {
        name: name.to_string(),
        description,
        simulation: crate::scenario::SimulationSettings {
            days: panel.holdout_end.max(1),
            shoppers: u32::try_from(customers).unwrap_or(u32::MAX),
            customers: Some(customers),
            seed,
            random_breaches: false,
        },
        model,
        cohort: Some(cohort),
        ..defaults
    }
}

/// The model parameters at `point` (logarithms of [`FITTED_KEYS`]' values), or `None`
/// when a value is outside its key's range.
fn params_at(base: &ModelParams, point: &[f64]) -> Option<ModelParams> {
    let mut params = base.clone();
    for (key, x) in FITTED_KEYS.iter().zip(point) {
        let spec = ModelParams::spec(key)?;
        if !spec.set(&mut params, Value::Number(x.exp())) {
            return None;
        }
    }
    Some(params)
}

/// Moment cells: customers with no repeat, then per repeat count {1, 2, 3, 4, 5-6, 7-9,
/// 10+} by the third of the calibration window their last repeat fell in.
const REPEAT_CLASSES: [u32; 7] = [1, 2, 3, 4, 5, 7, 10];
const CELLS: usize = 1 + REPEAT_CLASSES.len() * 3;

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

/// The calibration window's moments: cell counts, repeat purchases per three weeks of
/// the calendar, then per three weeks of tenure (weeks since each customer's first
/// purchase: how buying falls after acquisition, whatever the acquisition dates).
fn moments(
    customers: impl Iterator<Item = (u32, u32)>,
    weekly_repeats: &[u64],
    by_tenure_week: &[u64],
    calibration_weeks: u32,
) -> Vec<f64> {
    let mut out = vec![0.0; CELLS];
    for (repeats, last_week) in customers {
        out[cell(repeats, last_week, calibration_weeks)] += 1.0;
    }
    let weeks = calibration_weeks as usize;
    for series in [weekly_repeats, by_tenure_week] {
        for bin in series[..weeks.min(series.len())].chunks(3) {
            out.push(bin.iter().sum::<u64>() as f64);
        }
    }
    out
}

fn panel_moments(panel: &Panel) -> Vec<f64> {
    let weeks = panel.calibration_end.div_ceil(7);
    let customers = panel.customers.iter().map(|c| {
        let last_day = c.first_day + c.last_repeat_day_offset;
        (c.calibration_repeats, last_day / 7 + 1)
    });
    moments(
        customers,
        &panel.weekly_repeats,
        &panel.calibration_repeats_by_tenure_week,
        weeks,
    )
}

fn outcome_moments(outcome: &CohortOutcome, calibration_end: u32) -> Vec<f64> {
    let customers = outcome
        .customers
        .iter()
        .map(|c| (c.calibration_repeats, c.last_repeat_week));
    moments(
        customers,
        &outcome.weekly_repeats,
        &outcome.calibration_repeats_by_tenure_week,
        calibration_end.div_ceil(7),
    )
}

fn chi_square(simulated: &[f64], actual: &[f64]) -> f64 {
    simulated
        .iter()
        .zip(actual)
        .map(|(s, a)| (s - a).powi(2) / a.max(10.0))
        .sum()
}

/// The result of a fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The fitted scenario: runs the cohort through the holdout with the fitted `[model]`.
    pub scenario: Scenario,
    /// The objective at the fitted parameters and the evaluations used.
    pub objective: f64,
    pub evaluations: usize,
    pub baskets: BasketMoments,
}

/// Fits the baseline to `panel` (see the module documentation). `transactions` are the
/// history's (for the basket moments); `progress` is called after every evaluation.
pub fn fit(
    panel: &Panel,
    transactions: &[Transaction],
    settings: &FitSettings,
    name: &str,
    mut progress: impl FnMut(FitProgress),
) -> Result<Fit, FitError> {
    if panel.customers.is_empty() {
        return Err(FitError::NoCustomers);
    }
    if panel.customers.len() > 50_000_000 {
        return Err(FitError::TooManyCustomers(panel.customers.len()));
    }
    let baskets = BasketMoments::of(transactions, panel);
    let mut base = ModelParams::default();
    base.population.basket_sigma = baskets.between_sigma.min(5.0);
    base.behaviour.basket_noise_sigma = baskets.within_sigma.min(5.0);
    let target = panel_moments(panel);
    let mut calibration = fitted_scenario(panel, base.clone(), settings.seed, name);
    calibration.simulation.days = panel.calibration_end.max(1);
    let (mut evaluation, mut best) = (0usize, f64::INFINITY);
    let objective = |point: &[f64]| -> f64 {
        evaluation += 1;
        let value = match params_at(&base, point) {
            Some(params) => {
                let mut scenario = calibration.clone();
                scenario.model = params;
                let outcome = simulate_cohort(&scenario, panel.calibration_end);
                chi_square(&outcome_moments(&outcome, panel.calibration_end), &target)
            }
            None => f64::INFINITY,
        };
        best = best.min(value);
        progress(FitProgress {
            evaluation,
            max_evaluations: settings.max_evaluations,
            best,
        });
        value
    };
    let start: Vec<f64> = settings.start.iter().map(|x| x.ln()).collect();
    let mut objective = objective;
    let first = nelder_mead::minimise(
        &mut objective,
        &start,
        &[0.6; FITTED_KEYS.len()],
        settings.tolerance,
        settings.max_evaluations,
    );
    // A simplex can collapse before the minimum; one restart from the best point with
    // a fresh, smaller simplex uses what is left of the budget.
    let left = settings.max_evaluations.saturating_sub(first.evaluations);
    let minimum = if left > 2 * START.len() {
        let again = nelder_mead::minimise(
            &mut objective,
            &first.point,
            &[0.25; FITTED_KEYS.len()],
            settings.tolerance,
            left,
        );
        let evaluations = first.evaluations + again.evaluations;
        let best = if again.value < first.value {
            again
        } else {
            first
        };
        nelder_mead::Minimum {
            evaluations,
            ..best
        }
    } else {
        first
    };
    let mut params = params_at(&base, &minimum.point).unwrap_or(base);
    // The mean basket: one run, scaled to the history's mean repeat order value.
    let mut scenario = fitted_scenario(panel, params.clone(), settings.seed, name);
    scenario.simulation.days = panel.calibration_end.max(1);
    let outcome = simulate_cohort(&scenario, panel.calibration_end);
    if outcome.calibration_orders > 0 && baskets.mean_repeat_dollars > 0.0 {
        let simulated = outcome.calibration_revenue.dollars() / outcome.calibration_orders as f64;
        if simulated > 0.0 {
            let scaled =
                params.population.basket_mean_dollars * baskets.mean_repeat_dollars / simulated;
            params.population.basket_mean_dollars = scaled.clamp(0.01, 1_000_000.0);
        }
    }
    Ok(Fit {
        scenario: fitted_scenario(panel, params, settings.seed, name),
        objective: minimum.value,
        evaluations: minimum.evaluations,
        baskets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn parameters_outside_their_ranges_are_refused() {
        let base = ModelParams::default();
        let inside = params_at(
            &base,
            &[
                0.0,
                (0.1f64).ln(),
                (0.03f64).ln(),
                0.0,
                (0.01f64).ln(),
                0.0,
                (7.0f64).ln(),
                (0.5f64).ln(),
            ],
        );
        let inside = inside.expect("within the ranges");
        assert_eq!(inside.population.visit_shape, 1.0);
        assert!((inside.behaviour.base_conversion - 0.03).abs() < 1e-12);
        assert!(
            params_at(&base, &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).is_none(),
            "visit_mean e > 1"
        );
    }
}
