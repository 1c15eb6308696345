//! Counterfactuals: a run and a variant of it on identical random numbers.
//!
//! Every random draw of the engine is a pure function of (seed, stream, day, shopper),
//! so two runs of scenarios that share a seed see the same numbers shopper by shopper
//! and day by day ("common random numbers"). The difference between their results is
//! then the effect of what differs between them, not sampling noise. This module runs
//! such pairs and reports both sides and their difference.

use crate::model::events::{EventKind, ScheduledEvent};
use crate::model::params::ModelParams;
use crate::model::strategy::Strategy;
use crate::scenario::Scenario;
use crate::sim::engine::{Engine, EngineError, EventOrigin, EventRecord};
use crate::sim::metrics::{serialize_dollars, DayMetrics, Summary};
use crate::units::{Cents, UnitInterval};
use rayon::prelude::*;
use serde::Serialize;

/// Everything a finished run reports.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub summary: Summary,
    pub history: Vec<DayMetrics>,
    pub events: Vec<EventRecord>,
}

impl RunOutcome {
    /// Runs `engine` to the end of its scenario and collects the outcome.
    pub fn of(mut engine: Engine) -> RunOutcome {
        engine.run_to_end();
        RunOutcome {
            summary: engine.summary(),
            history: engine.history().to_vec(),
            events: engine.events().to_vec(),
        }
    }
}

/// Variant minus base for the headline figures of a run. Money serializes in dollars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SummaryDifference {
    #[serde(serialize_with = "serialize_dollars")]
    pub revenue: Cents,
    pub orders: i64,
    pub visits: i64,
    /// Difference of the share of shoppers who churned over the run.
    pub churn_rate: f64,
    pub final_mean_trust: f64,
    pub conversion_rate: f64,
    pub peak_stated_intent_to_leave: f64,
    #[serde(serialize_with = "serialize_dollars")]
    pub breach_cost: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub fines: Cents,
    /// Difference of profit (gross margin minus lever costs, breach costs and fines).
    #[serde(serialize_with = "serialize_dollars")]
    pub profit: Cents,
}

impl SummaryDifference {
    pub fn between(base: &Summary, variant: &Summary) -> SummaryDifference {
        SummaryDifference {
            revenue: variant.total_revenue - base.total_revenue,
            orders: variant.total_orders as i64 - base.total_orders as i64,
            visits: variant.total_visits as i64 - base.total_visits as i64,
            churn_rate: variant.churn_rate - base.churn_rate,
            final_mean_trust: variant.final_mean_trust - base.final_mean_trust,
            conversion_rate: variant.conversion_rate - base.conversion_rate,
            peak_stated_intent_to_leave: variant.peak_stated_intent_to_leave
                - base.peak_stated_intent_to_leave,
            breach_cost: variant.breach_cost - base.breach_cost,
            fines: variant.fines - base.fines,
            profit: variant.profit - base.profit,
        }
    }
}

/// A base run and a variant on the same random numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub base: RunOutcome,
    pub variant: RunOutcome,
    /// `variant - base`.
    pub difference: SummaryDifference,
}

impl Comparison {
    /// Compares two finished (or not yet run) engines; both are run to their end.
    pub fn of_engines(base: Engine, variant: Engine) -> Comparison {
        let base = RunOutcome::of(base);
        let variant = RunOutcome::of(variant);
        let difference = SummaryDifference::between(&base.summary, &variant.summary);
        Comparison {
            base,
            variant,
            difference,
        }
    }

    /// First day on which the two runs' daily metrics differ, if any.
    pub fn first_divergent_day(&self) -> Option<u32> {
        first_divergent_day(&self.base.history, &self.variant.history)
    }

    /// Per day, `variant - base` of a daily figure (e.g. `|d| d.mean_trust`).
    pub fn daily_difference(&self, figure: impl Fn(&DayMetrics) -> f64) -> Vec<f64> {
        self.base
            .history
            .iter()
            .zip(&self.variant.history)
            .map(|(b, v)| figure(v) - figure(b))
            .collect()
    }
}

/// Runs `base` and `variant` with the default model parameters. The variant should
/// share the base's seed, or the comparison is not on common random numbers.
pub fn run_pair(base: &Scenario, variant: &Scenario) -> Comparison {
    Comparison::of_engines(Engine::new(base), Engine::new(variant))
}

/// Like [`run_pair`] with explicit model parameters for both runs.
pub fn run_pair_with_params(
    base: &Scenario,
    variant: &Scenario,
    params: &ModelParams,
) -> Result<Comparison, EngineError> {
    Ok(Comparison::of_engines(
        Engine::with_params(base, params.clone())?,
        Engine::with_params(variant, params.clone())?,
    ))
}

/// The scenario as given (base) against the same run without its scheduled event
/// number `index` (variant), built with [`Engine::retain_events`]. An index past the
/// end removes nothing.
pub fn without_event(scenario: &Scenario, index: usize) -> Comparison {
    let base = Engine::new(scenario);
    let mut variant = Engine::new(scenario);
    let target = scenario.events.get(index).copied();
    let mut seen_target = false;
    variant.retain_events(|e| {
        if !seen_target && Some(*e) == target {
            seen_target = true;
            false
        } else {
            true
        }
    });
    Comparison::of_engines(base, variant)
}

/// The scenario as given (base) against the same run without any scheduled event
/// (variant).
pub fn without_events(scenario: &Scenario) -> Comparison {
    let base = Engine::new(scenario);
    let mut variant = Engine::new(scenario);
    variant.retain_events(|_| false);
    Comparison::of_engines(base, variant)
}

/// The scenario with personalization held at `personalization` for the whole run: in its
/// strategy and in every scheduled change (a change that only moved personalization goes).
pub fn with_personalization(scenario: &Scenario, personalization: f64) -> Scenario {
    let mut s = scenario.clone();
    s.strategy = Strategy {
        personalization: UnitInterval::clamped(personalization),
        ..scenario.strategy
    };
    s.changes = scenario
        .changes
        .iter()
        .filter_map(|change| change.without("personalization"))
        .collect();
    s
}

/// The scenario without personalization (base) against the scenario as given
/// (variant): `difference.revenue` is the incremental revenue of personalization.
pub fn personalization_increment(scenario: &Scenario) -> Comparison {
    run_pair(&with_personalization(scenario, 0.0), scenario)
}

/// What personalization adds to a run: its revenue against the same run (same seed)
/// at personalization 0, next to the revenue attributed to recommendation clicks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PersonalizationIncrement {
    #[serde(serialize_with = "serialize_dollars")]
    pub revenue: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub revenue_without_personalization: Cents,
    /// `revenue - revenue_without_personalization`: the causal value of personalization.
    #[serde(serialize_with = "serialize_dollars")]
    pub incremental_revenue: Cents,
    /// Revenue of orders that followed a recommendation click (what attribution reports).
    #[serde(serialize_with = "serialize_dollars")]
    pub attributed_recommendation_revenue: Cents,
    /// Profit with personalization minus profit at personalization 0: its value after
    /// its infrastructure cost (and any change of the other lever costs).
    #[serde(serialize_with = "serialize_dollars")]
    pub incremental_profit: Cents,
    /// `attributed / incremental`; `None` when the increment is not positive (then no
    /// ratio is meaningful: attribution claims revenue that personalization did not add).
    pub attribution_ratio: Option<f64>,
}

impl PersonalizationIncrement {
    /// Compares a run with its run at personalization 0.
    pub fn between(without: &Summary, with: &Summary) -> PersonalizationIncrement {
        let incremental = with.total_revenue - without.total_revenue;
        let attributed = with.attributed_recommendation_revenue;
        PersonalizationIncrement {
            revenue: with.total_revenue,
            revenue_without_personalization: without.total_revenue,
            incremental_revenue: incremental,
            attributed_recommendation_revenue: attributed,
            incremental_profit: with.profit - without.profit,
            attribution_ratio: (incremental > Cents::ZERO)
                .then(|| attributed.dollars() / incremental.dollars()),
        }
    }
}

/// What one event did: the run with it against the same run (same seed) without it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EventEffect {
    pub day: u32,
    pub kind: EventKind,
    pub severity: f64,
    pub origin: EventOrigin,
    /// Churn rate with the event minus without: the share of all shoppers it drove away.
    pub abnormal_churn: f64,
    /// Shoppers lost with the event minus without.
    pub shoppers_lost: i64,
    /// Largest daily gap of mean trust, without minus with (positive: trust lost).
    pub peak_trust_loss: f64,
    /// Gap of mean trust on the last day, without minus with.
    pub final_trust_loss: f64,
    /// Revenue without the event minus with it.
    #[serde(serialize_with = "serialize_dollars")]
    pub revenue_lost: Cents,
    /// Profit without the event minus with it: lost margin, breach cost and fines.
    #[serde(serialize_with = "serialize_dollars")]
    pub profit_lost: Cents,
}

impl EventEffect {
    fn between(record: &EventRecord, with: &RunOutcome, without: &RunOutcome) -> EventEffect {
        let churned = |o: &RunOutcome| o.history.last().map_or(0, |d| d.churned_total) as i64;
        let trust_gap: Vec<f64> = with
            .history
            .iter()
            .zip(&without.history)
            .map(|(w, wo)| wo.mean_trust - w.mean_trust)
            .collect();
        EventEffect {
            day: record.day,
            kind: record.kind,
            severity: record.severity,
            origin: record.origin,
            abnormal_churn: with.summary.churn_rate - without.summary.churn_rate,
            shoppers_lost: churned(with) - churned(without),
            peak_trust_loss: trust_gap.iter().copied().fold(0.0, f64::max),
            final_trust_loss: trust_gap.last().copied().unwrap_or(0.0),
            revenue_lost: without.summary.total_revenue - with.summary.total_revenue,
            profit_lost: without.summary.profit - with.summary.profit,
        }
    }
}

/// The incremental figures of a run (`shopsim run --counterfactual`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncrementalFigures {
    pub personalization: PersonalizationIncrement,
    /// One entry per scheduled or injected event that fired, in firing order. Random
    /// breaches are drawn again in every counterfactual run, so they are not listed.
    pub events: Vec<EventEffect>,
}

/// The events of a run that can be replayed: scheduled and injected ones, as scheduled
/// events on the day they fired.
fn replayable_events(run: &RunOutcome) -> Vec<(usize, ScheduledEvent)> {
    run.events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.origin != EventOrigin::Random)
        .map(|(i, e)| {
            (
                i,
                ScheduledEvent {
                    day: e.day,
                    kind: e.kind,
                    severity: UnitInterval::clamped(e.severity),
                },
            )
        })
        .collect()
}

/// Incremental figures of `run`, the outcome of running `scenario` to its end (with
/// any injected events it lists, replayed as scheduled on the day they fired; the
/// scenario's `[[changes]]` apply in every run, changes made by hand are not replayed). Runs one counterfactual at
/// personalization 0 (none if the personalization already is 0) and one without each
/// scheduled or injected event, all on the run's seed.
pub fn incremental_figures(scenario: &Scenario, run: &RunOutcome) -> IncrementalFigures {
    let replayed = replayable_events(run);
    let mut replay = scenario.clone();
    replay.events = replayed.iter().map(|(_, e)| *e).collect();
    let without_personalization = if scenario.strategy.personalization.get() == 0.0 {
        run.summary.clone()
    } else {
        RunOutcome::of(Engine::new(&with_personalization(&replay, 0.0))).summary
    };
    let events = replayed
        .par_iter()
        .enumerate()
        .map(|(k, (index, _))| {
            let mut variant = replay.clone();
            variant.events.remove(k);
            let without = RunOutcome::of(Engine::new(&variant));
            EventEffect::between(&run.events[*index], run, &without)
        })
        .collect();
    IncrementalFigures {
        personalization: PersonalizationIncrement::between(&without_personalization, &run.summary),
        events,
    }
}

/// First day (1-based, as in [`DayMetrics::day`]) on which two histories differ.
/// Histories of different lengths differ on the first day only one of them has.
pub fn first_divergent_day(a: &[DayMetrics], b: &[DayMetrics]) -> Option<u32> {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return Some(x.day);
        }
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Less => Some(b[a.len()].day),
        std::cmp::Ordering::Greater => Some(a[b.len()].day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::events::{EventKind, ScheduledEvent};

    #[test]
    fn personalization_is_held_through_scheduled_changes() {
        use crate::scenario::ScheduledChange;
        let mut s = small(3);
        let before = s.strategy;
        let raised = Strategy {
            personalization: UnitInterval::clamped(1.0),
            ..before
        };
        let both = Strategy {
            transparency: UnitInterval::clamped(0.9),
            ..raised
        };
        s.changes = [
            ScheduledChange::between(30, &before, &raised),
            ScheduledChange::between(60, &raised, &both),
        ]
        .into_iter()
        .flatten()
        .collect();
        let held = with_personalization(&s, 0.0);
        assert_eq!(
            held.changes.len(),
            1,
            "the personalization-only change goes"
        );
        assert_eq!(held.changes[0].day, 60);
        let keys: Vec<&str> = held.changes[0].settings().map(|(l, _)| l.key).collect();
        assert_eq!(keys, ["transparency"]);
        let summary = |s: &Scenario| RunOutcome::of(Engine::new(s)).summary;
        let mut plain = small(3);
        plain.strategy.personalization = UnitInterval::clamped(0.0);
        plain.changes = held.changes.clone();
        assert_eq!(summary(&held), summary(&plain));
        assert_ne!(summary(&held), summary(&s), "the counterfactual differs");
    }

    fn small(seed: u64) -> Scenario {
        let mut s = Scenario::default();
        s.simulation.shoppers = 2_000;
        s.simulation.days = 120;
        s.simulation.seed = seed;
        s.simulation.random_breaches = false;
        s
    }

    #[test]
    fn runs_differing_by_an_event_match_until_it_fires() {
        let mut s = small(3);
        s.events = vec![
            ScheduledEvent {
                day: 30,
                kind: EventKind::PolicyChange,
                severity: UnitInterval::clamped(0.3),
            },
            ScheduledEvent {
                day: 60,
                kind: EventKind::Breach,
                severity: UnitInterval::clamped(0.7),
            },
        ];
        let pair = without_event(&s, 1);
        assert_eq!(pair.first_divergent_day(), Some(60));
        assert_eq!(pair.base.events.len(), 2);
        assert_eq!(pair.variant.events.len(), 1);
        // The breach costs the retailer trust after it lands.
        let trust = pair.daily_difference(|d| d.mean_trust);
        assert!(trust[65] > 0.0, "no-breach run trusts more: {}", trust[65]);
    }

    #[test]
    fn identical_scenarios_never_diverge() {
        let s = small(4);
        let pair = run_pair(&s, &s);
        assert_eq!(pair.first_divergent_day(), None);
        assert_eq!(pair.difference, SummaryDifference::default());
    }

    #[test]
    fn without_personalization_differs_from_the_first_day() {
        let pair = personalization_increment(&small(5));
        assert_eq!(
            pair.base.summary.days, pair.variant.summary.days,
            "same length"
        );
        assert!(pair.first_divergent_day().is_some());
        assert_ne!(pair.difference.revenue, Cents::ZERO);
    }

    #[test]
    fn incremental_figures_blame_churn_and_trust_on_the_breach() {
        let mut s = small(8);
        s.events = vec![
            ScheduledEvent {
                day: 20,
                kind: EventKind::Breach,
                severity: UnitInterval::clamped(0.8),
            },
            ScheduledEvent {
                day: 40,
                kind: EventKind::PolicyChange,
                severity: UnitInterval::clamped(0.1),
            },
        ];
        let run = RunOutcome::of(Engine::new(&s));
        let figures = incremental_figures(&s, &run);
        assert_eq!(figures.events.len(), 2);
        let breach = figures.events[0];
        assert_eq!((breach.day, breach.kind), (20, EventKind::Breach));
        assert!(breach.abnormal_churn > 0.0, "{breach:?}");
        assert!(breach.shoppers_lost > 0, "{breach:?}");
        assert!(breach.peak_trust_loss > 0.0, "{breach:?}");
        assert!(breach.peak_trust_loss >= breach.final_trust_loss);
        // The bigger shock does more harm than the mild policy change.
        assert!(breach.peak_trust_loss > figures.events[1].peak_trust_loss);
        // Consistent with the pair built from the scenario's own events.
        let pair = without_event(&s, 0);
        assert_eq!(
            breach.abnormal_churn,
            pair.base.summary.churn_rate - pair.variant.summary.churn_rate
        );
        let p = figures.personalization;
        assert_eq!(
            p.incremental_revenue,
            p.revenue - p.revenue_without_personalization
        );
        assert_eq!(p.revenue, run.summary.total_revenue);
    }

    #[test]
    fn attribution_ratio_needs_a_positive_increment() {
        let s = small(9);
        let run = RunOutcome::of(Engine::new(&s));
        let none = RunOutcome::of(Engine::new(&with_personalization(&s, 0.0)));
        let p = PersonalizationIncrement::between(&none.summary, &run.summary);
        match p.attribution_ratio {
            Some(ratio) => {
                assert!(p.incremental_revenue > Cents::ZERO);
                let expected =
                    p.attributed_recommendation_revenue.dollars() / p.incremental_revenue.dollars();
                assert!((ratio - expected).abs() < 1e-9);
            }
            None => assert!(p.incremental_revenue <= Cents::ZERO),
        }
        let same = PersonalizationIncrement::between(&run.summary, &run.summary);
        assert_eq!(same.incremental_revenue, Cents::ZERO);
        assert_eq!(same.attribution_ratio, None);
    }

    #[test]
    fn histories_of_different_length_diverge_where_one_ends() {
        let mut a = Engine::new(&small(6));
        let mut b = a.fork();
        a.step();
        b.step();
        b.step();
        assert_eq!(first_divergent_day(a.history(), b.history()), Some(2));
    }
}
