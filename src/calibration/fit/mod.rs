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

mod moments;
mod report;
mod simulate;

pub use moments::{ObjectiveTerms, MIN_VARIANCE};
pub use report::{ConditionalRow, FitErrors, FitReport, TrackingRow};
pub use simulate::{simulate_cohort, simulated_transactions, CohortOutcome, SimulatedCustomer};

use super::nelder_mead;
use super::orders::Transaction;
use super::panel::Panel;
use crate::model::params::ModelParams;
use crate::model::spec::{Table, Value};
use crate::scenario::{Cohort, Scenario};
use moments::Target;

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

/// Positions in [`FITTED_KEYS`] that the search and its starts refer to by name.
const VISIT_MEAN: usize = 1;
const CONVERSION: usize = 2;
const DROPOUT_MEAN: usize = 4;
const BURST: usize = 5;
const NEVER_LAPSE: usize = 7;

/// Where the searches start (natural units, in the order of [`FITTED_KEYS`]): a very
/// uneven base buying about once in five months (a quarter visit a day at the model's
/// default conversion), with a two-to-three-month mean lifetime, as order histories of
/// first-time buyers usually are; a burst that doubles a new customer's visits and fades
/// over two weeks; a fifth who never lapse. [`START_DESIGN`] varies it.
const START: [f64; 8] = [0.5, 0.25, 0.026, 0.6, 0.006, 1.0, 14.0, 0.2];

/// The starting points: [`START`] with conversion {0.026, 0.1, 0.3} (the visits scaled so
/// the purchase rate stays), each with one of three structures: a fifth who never lapse
/// and a mean lapse hazard of 0.006 a day for the others; two fifths and 0.02; or next to
/// no burst and no one who never lapses (the buy-till-you-die shape). Histories with
/// heavy buyers need a high conversion (a shopper visits at most once a day), and the
/// structures can fit a calibration window about equally well while forecasting
/// differently: the search screens them all rather than trusting one descent to cross
/// between them.
pub fn start_design() -> Vec<[f64; 8]> {
    let mut starts = Vec::new();
    for conversion in [0.026, 0.1, 0.3] {
        for (burst, lapse, never_lapse) in
            [(1.0, 0.006, 0.2), (1.0, 0.02, 0.4), (0.01, 0.006, 0.01)]
        {
            let mut start = START;
            start[VISIT_MEAN] = START[VISIT_MEAN] * START[CONVERSION] / conversion;
            start[CONVERSION] = conversion;
            start[DROPOUT_MEAN] = lapse;
            start[BURST] = burst;
            start[NEVER_LAPSE] = never_lapse;
            starts.push(start);
        }
    }
    starts
}

/// How many of the screened starts a descent runs from.
const DESCENTS: usize = 3;

/// How a fit runs.
#[derive(Debug, Clone, PartialEq)]
pub struct FitSettings {
    /// Seed of every run (the common random numbers).
    pub seed: u64,
    /// Most objective evaluations (engine runs over the calibration window), all
    /// searches together.
    pub max_evaluations: usize,
    /// A search stops when its simplex's objective values differ by less than this.
    pub tolerance: f64,
    /// Where the searches may start: values of [`FITTED_KEYS`], in their order. Each is
    /// evaluated; a short search runs from the best three (together half of
    /// `max_evaluations`) and the best result is then refined with the rest.
    pub starts: Vec<[f64; FITTED_KEYS.len()]>,
    /// Keys held at a value rather than fitted: index into [`FITTED_KEYS`] and value
    /// (e.g. a conversion rate known from the shop's web analytics, which an order
    /// history cannot tell apart from visits).
    pub fixed: Vec<(usize, f64)>,
}

impl Default for FitSettings {
    fn default() -> Self {
        FitSettings {
            seed: 42,
            max_evaluations: 600,
            tolerance: 0.5,
            starts: start_design(),
            fixed: Vec::new(),
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

/// The search's coordinates: the logarithms of the free keys' values (keys not fixed by
/// [`FitSettings::fixed`]), in the order of [`FITTED_KEYS`], except that when visits and
/// conversion are both free, the visits' coordinate is the logarithm of the purchase rate
/// `visit_mean x base_conversion` (what order counts show directly), so that trading
/// visits for conversion at a given rate is one axis of the search rather than a narrow
/// diagonal valley.
#[derive(Debug, Clone, PartialEq)]
struct Coordinates {
    fixed: [Option<f64>; FITTED_KEYS.len()],
}

impl Coordinates {
    fn new(fixed: &[(usize, f64)]) -> Coordinates {
        let mut all = [None; FITTED_KEYS.len()];
        for &(i, x) in fixed {
            if let Some(slot) = all.get_mut(i) {
                *slot = Some(x);
            }
        }
        Coordinates { fixed: all }
    }

    fn rate_axis(&self) -> bool {
        self.fixed[VISIT_MEAN].is_none() && self.fixed[CONVERSION].is_none()
    }

    /// The point of `values` (values of [`FITTED_KEYS`]; fixed ones are ignored).
    fn point_of(&self, values: &[f64; FITTED_KEYS.len()]) -> Vec<f64> {
        (0..FITTED_KEYS.len())
            .filter(|&i| self.fixed[i].is_none())
            .map(|i| {
                if i == VISIT_MEAN && self.rate_axis() {
                    (values[i] * values[CONVERSION]).ln()
                } else {
                    values[i].ln()
                }
            })
            .collect()
    }

    /// The values of [`FITTED_KEYS`] at `point`.
    fn values_at(&self, point: &[f64]) -> [f64; FITTED_KEYS.len()] {
        let mut values = [0.0; FITTED_KEYS.len()];
        let mut free = point.iter();
        for (i, value) in values.iter_mut().enumerate() {
            *value = match self.fixed[i] {
                Some(x) => x,
                None => free.next().map_or(f64::NAN, |x| x.exp()),
            };
        }
        if self.rate_axis() {
            values[VISIT_MEAN] /= values[CONVERSION];
        }
        values
    }

    /// The model parameters at `point`, or `None` when a value is outside its key's range.
    fn params_at(&self, base: &ModelParams, point: &[f64]) -> Option<ModelParams> {
        let mut params = base.clone();
        for (key, value) in FITTED_KEYS.iter().zip(self.values_at(point)) {
            let spec = ModelParams::spec(key)?;
            if !spec.set(&mut params, Value::Number(value)) {
                return None;
            }
        }
        Some(params)
    }
}

/// The result of a fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The fitted scenario: runs the cohort through the holdout with the fitted `[model]`.
    pub scenario: Scenario,
    /// The objective at the fitted parameters and the evaluations used.
    pub objective: f64,
    /// The objective split by kind of moment.
    pub objective_terms: ObjectiveTerms,
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
    let target = Target::of(panel);
    let mut calibration = fitted_scenario(panel, base.clone(), settings.seed, name);
    calibration.simulation.days = panel.calibration_end.max(1);
    let first_days: Vec<u32> = calibration
        .cohort
        .as_ref()
        .map(|c| c.first_purchase_days().map(|d| d - 1).collect())
        .unwrap_or_default();
    let coordinates = Coordinates::new(&settings.fixed);
    let (mut evaluation, mut best) = (0usize, f64::INFINITY);
    let mut objective = |point: &[f64]| -> f64 {
        evaluation += 1;
        let value = match coordinates.params_at(&base, point) {
            Some(params) => {
                let mut scenario = calibration.clone();
                scenario.model = params;
                let outcome = simulate_cohort(&scenario, panel.calibration_end);
                let moments = target
                    .layout
                    .moments(first_days.iter().copied(), &outcome.calibration_repeat_days);
                target.distance(&moments)
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
    let minimum = search(&mut objective, &coordinates, settings);
    let mut params = coordinates.params_at(&base, &minimum.point).unwrap_or(base);
    // The mean basket: one run, scaled to the history's mean repeat order value.
    let mut scenario = fitted_scenario(panel, params.clone(), settings.seed, name);
    scenario.simulation.days = panel.calibration_end.max(1);
    let outcome = simulate_cohort(&scenario, panel.calibration_end);
    let objective_terms = target.terms(
        &target
            .layout
            .moments(first_days.iter().copied(), &outcome.calibration_repeat_days),
    );
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
        objective_terms,
        evaluations: minimum.evaluations,
        baskets,
    })
}

/// Evaluates `objective` at each of the settings' starts, minimises it from the best
/// [`DESCENTS`] with a short Nelder-Mead each (half the budget in all), then refines the best point with fresh, smaller simplexes
/// (a simplex can collapse before the minimum) while they improve and the budget lasts.
fn search(
    objective: &mut impl FnMut(&[f64]) -> f64,
    coordinates: &Coordinates,
    settings: &FitSettings,
) -> nelder_mead::Minimum {
    let given = if settings.starts.is_empty() {
        std::slice::from_ref(&START)
    } else {
        &settings.starts[..]
    };
    // Starts that differ only in fixed keys are one start.
    let mut starts: Vec<Vec<f64>> = Vec::new();
    for start in given {
        let point = coordinates.point_of(start);
        if !starts.contains(&point) {
            starts.push(point);
        }
    }
    let dimensions = starts[0].len();
    // Screen: one evaluation each; descend from the best few.
    let mut screened: Vec<(f64, Vec<f64>)> = starts
        .into_iter()
        .map(|point| (objective(&point), point))
        .collect();
    let mut used = screened.len();
    screened.sort_by(|a, b| a.0.total_cmp(&b.0));
    screened.truncate(DESCENTS);
    let each = (settings.max_evaluations / 2 / screened.len()).max(2 * dimensions);
    // A descent from `start` with a first simplex of `step` along each axis.
    let mut descend = |start: &[f64], step: f64, budget: usize| {
        nelder_mead::minimise(
            &mut *objective,
            start,
            &vec![step; dimensions],
            settings.tolerance,
            budget.max(1),
        )
    };
    let mut first = descend(
        &screened[0].1,
        0.6,
        each.min(settings.max_evaluations.saturating_sub(used)),
    );
    used += first.evaluations;
    for (_, start) in &screened[1..] {
        let budget = each.min(settings.max_evaluations.saturating_sub(used));
        if budget == 0 {
            break;
        }
        let found = descend(start, 0.6, budget);
        used += found.evaluations;
        if found.value < first.value {
            first = found;
        }
    }
    // Refine the best: restart a fresh, smaller simplex from it while that still finds
    // something lower and the budget lasts.
    let mut best = first;
    loop {
        let left = settings.max_evaluations.saturating_sub(used);
        if left <= 2 * dimensions {
            break;
        }
        let again = descend(&best.point, 0.25, left);
        used += again.evaluations;
        let better = again.value < best.value - settings.tolerance;
        if again.value < best.value {
            best = again;
        }
        if !better {
            break;
        }
    }
    nelder_mead::Minimum {
        evaluations: used,
        ..best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_coordinates_hold_the_purchase_rate_apart() {
        let base = ModelParams::default();
        let values = [0.7, 0.05, 0.2, 1.5, 0.004, 0.5, 10.0, 0.3];
        let coordinates = Coordinates::new(&[]);
        let point = coordinates.point_of(&values);
        assert!((point[1] - (0.05f64 * 0.2).ln()).abs() < 1e-12);
        let params = coordinates
            .params_at(&base, &point)
            .expect("within the ranges");
        for (key, want) in FITTED_KEYS.iter().zip(values) {
            let Some(Value::Number(got)) = ModelParams::spec(key).map(|s| s.get(&params)) else {
                panic!("{key} is a number");
            };
            assert!((got - want).abs() < 1e-12 * want, "{key}: {got} vs {want}");
        }
        // A fixed key leaves the search and keeps its value; with conversion fixed the
        // visits are their own axis.
        let fixed = Coordinates::new(&[(2, 0.05), (7, 0.4)]);
        let point = fixed.point_of(&values);
        assert_eq!(point.len(), 6);
        assert!((point[1] - (0.05f64).ln()).abs() < 1e-12);
        let got = fixed.values_at(&point);
        for (got, want) in [(got[1], 0.05), (got[2], 0.05), (got[7], 0.4)] {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        // The positions named in the search are those keys.
        for (index, key) in [
            (VISIT_MEAN, "visit_mean"),
            (CONVERSION, "base_conversion"),
            (DROPOUT_MEAN, "dropout_mean"),
            (BURST, "newcomer_visit_boost"),
            (NEVER_LAPSE, "dropout_free_share"),
        ] {
            assert_eq!(FITTED_KEYS[index], key);
        }
        // Every start of the design buys at the same rate.
        let rates: Vec<f64> = start_design().iter().map(|s| s[1] * s[2]).collect();
        assert!(
            rates
                .iter()
                .all(|r| (r - rates[0]).abs() < 1e-12 * rates[0]),
            "{rates:?}"
        );
    }

    #[test]
    fn parameters_outside_their_ranges_are_refused() {
        let base = ModelParams::default();
        let coordinates = Coordinates::new(&[]);
        let inside = coordinates.params_at(
            &base,
            &[
                0.0,
                (0.1f64 * 0.03).ln(),
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
        assert!((inside.population.visit_mean - 0.1).abs() < 1e-12);
        assert!((inside.behaviour.base_conversion - 0.03).abs() < 1e-12);
        assert!(
            coordinates
                .params_at(&base, &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
                .is_none(),
            "visit_mean e > 1"
        );
    }
}
