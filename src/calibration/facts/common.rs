//! Shared set-up of the fact checks: the base scenario, runs over seeds, small
//! statistics, revenue curves and the breach pair of facts 7-10.

use super::*;

/// The default (`balanced`) scenario in `context` at the given size and seed, random
/// breaches off. In [`Context::standard`] it is the default scenario itself.
pub(super) fn base_scenario(sizes: FactSizes, context: &Context, seed: u64) -> Scenario {
    let mut s = Scenario::default();
    context.apply(&mut s);
    s.simulation.shoppers = sizes.shoppers;
    s.simulation.days = sizes.days;
    s.simulation.seed = seed;
    s.simulation.random_breaches = false;
    s
}

pub(super) fn with_strategy(scenario: &Scenario, strategy: Strategy) -> Scenario {
    let mut s = scenario.clone();
    s.strategy = strategy;
    s
}

pub(super) fn u(x: f64) -> UnitInterval {
    UnitInterval::clamped(x)
}

/// Runs `f` once per seed (in parallel) and returns the results in seed order.
pub(super) fn over_seeds<T: Send>(sizes: FactSizes, f: impl Fn(u64) -> T + Sync) -> Vec<T> {
    sizes.seed_list().into_par_iter().map(&f).collect()
}

pub(super) fn mean<I>(xs: I) -> f64
where
    I: IntoIterator,
    I::Item: Borrow<f64>,
{
    let (sum, n) = xs
        .into_iter()
        .fold((0.0, 0usize), |(sum, n), x| (sum + *x.borrow(), n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// `a / b`, or infinity when `b` is not positive (a ratio over nothing is unbounded).
pub(super) fn ratio_or_infinite(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::INFINITY
    }
}

/// Element-wise mean of equally long curves.
pub(super) fn mean_curve(curves: &[Vec<f64>]) -> Vec<f64> {
    let len = curves.first().map_or(0, Vec::len);
    (0..len)
        .map(|i| mean(curves.iter().map(|c| c[i])))
        .collect()
}

/// Number of seeds (out of all) for which `holds` is true.
pub(super) fn count_true<I>(xs: I) -> usize
where
    I: IntoIterator,
    I::Item: Borrow<bool>,
{
    xs.into_iter().filter(|x| *x.borrow()).count()
}

/// A majority that tolerates one dissenting seed: at least `n - 1` of `n` (and 1 of 1).
pub(super) fn most(n: usize) -> usize {
    n.saturating_sub(1).max(1)
}

pub(super) fn total_revenue_dollars(scenario: &Scenario) -> f64 {
    let mut engine = Engine::new(scenario);
    engine.run_to_end();
    engine.summary().total_revenue.dollars()
}

/// Personalization grid 0, 0.1, ..., 1.
pub(super) fn grid(steps: usize) -> Vec<f64> {
    (0..=steps).map(|k| k as f64 / steps as f64).collect()
}

/// Revenue, profit and visit-to-order conversion of one run (dollars, dollars, share).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RunOutcome {
    pub revenue: f64,
    pub profit: f64,
    pub conversion: f64,
}

/// [`RunOutcome`] at each personalization level.
pub(super) fn outcome_curve(scenario: &Scenario, levels: &[f64]) -> Vec<RunOutcome> {
    levels
        .iter()
        .map(|&p| {
            let mut engine = Engine::new(&with_personalization(scenario, p));
            engine.run_to_end();
            let summary = engine.summary();
            RunOutcome {
                revenue: summary.total_revenue.dollars(),
                profit: summary.profit.dollars(),
                conversion: summary.conversion_rate,
            }
        })
        .collect()
}

pub(super) fn revenue_curve(scenario: &Scenario, levels: &[f64]) -> Vec<f64> {
    levels
        .iter()
        .map(|&p| total_revenue_dollars(&with_personalization(scenario, p)))
        .collect()
}

pub(super) fn argmax(xs: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in xs.iter().enumerate() {
        if x > xs[best] {
            best = i;
        }
    }
    best
}

pub(super) fn fmt_curve(levels: &[f64], values: &[f64], scale: f64) -> String {
    levels
        .iter()
        .zip(values)
        .map(|(p, v)| format!("{p:.1}:{:.0}", v / scale))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A major breach on `day` with severity `severity`.
pub(super) fn breach(day: u32, severity: f64) -> ScheduledEvent {
    ScheduledEvent {
        day,
        kind: EventKind::Breach,
        severity: u(severity),
    }
}

/// Day of the breach in the breach facts: early enough to watch a long recovery.
pub(super) fn breach_day(sizes: FactSizes) -> u32 {
    (sizes.days / 4).max(1)
}

/// Severity of the breach in facts 7-9: a major breach (assumption of the tests).
pub(super) const MAJOR_BREACH: f64 = 0.7;

/// Breach run (base) against the same run without the breach (variant).
pub(super) fn breach_pair(scenario: &Scenario, day: u32, severity: f64) -> Comparison {
    let mut s = scenario.clone();
    s.events = vec![breach(day, severity)];
    without_events(&s)
}

/// Abnormal churn of a breach pair: share of shoppers lost with minus without the breach.
pub(super) fn abnormal_churn(pair: &Comparison) -> f64 {
    pair.base.summary.churn_rate - pair.variant.summary.churn_rate
}

/// Largest daily excess of the share stating an intention to leave, breach minus none.
pub(super) fn peak_excess_intent(pair: &Comparison) -> f64 {
    pair.daily_difference(|d| d.stated_intent_to_leave)
        .iter()
        .fold(0.0f64, |m, &x| m.max(-x))
}
