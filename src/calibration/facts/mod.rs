//! The stylized facts of the calibration brief, measured on the engine.
//!
//! Each of the 13 facts of `CALIBRATION.md`, and facts 14-16 on profit (issue 13), is one
//! pure function that runs the engine headless over several seeds and checks the direction and rough size of the effect.
//! [`check_fact`] runs one, [`all_facts`] all of them. The integration tests call
//! them at small sizes; a front end can call them at full size.
//!
//! Comparisons run on common random numbers (same seed, see [`crate::sim::counterfactual`]),
//! so a difference between two runs of one seed is the effect, not noise. Results are
//! averaged over seeds; some facts also require a majority of single seeds to agree.
//! Random breaches are off unless a fact is about them (they would add unrelated
//! shocks to comparisons of strategies); fact 13 turns them on.

use crate::model::events::{EventKind, ScheduledEvent};
use crate::model::params::ModelParams;
use crate::model::population::CHURNED;
use crate::model::segment::{Segment, SegmentMix};
use crate::model::strategy::{ConsentModel, Strategy};
use crate::scenario::Scenario;
use crate::sim::counterfactual::{run_pair, with_personalization, without_events, Comparison};
use crate::sim::engine::Engine;
use crate::sim::metrics::DayMetrics;
use crate::units::UnitInterval;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Borrow;

mod breach;
mod buying;
mod common;
mod contexts;
mod paradox;
mod profit;

use breach::*;
use buying::*;
use common::*;
pub use contexts::{
    applies, latin_hypercube, survey, where_it_applies, Context, ContextOutcome, FactSurvey,
    Region, REGION, REQUIRED_SHARE,
};
use paradox::*;
use profit::*;
pub use profit::{max_everything, MID_SIZE_CUSTOMERS};

/// Number of stylized facts.
pub const FACT_COUNT: u8 = 16;

/// How big the runs behind each fact are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactSizes {
    pub shoppers: u32,
    pub days: u32,
    /// Seeds `first_seed .. first_seed + seeds` are run for every fact.
    pub seeds: u32,
    pub first_seed: u64,
}

impl FactSizes {
    /// Test size: 5,000 shoppers x 365 days x 5 seeds.
    pub const TEST: FactSizes = FactSizes {
        shoppers: 5_000,
        days: 365,
        seeds: 5,
        first_seed: 1,
    };
    /// Full size: 20,000 shoppers x 365 days x 5 seeds.
    pub const FULL: FactSizes = FactSizes {
        shoppers: 20_000,
        days: 365,
        seeds: 5,
        first_seed: 1,
    };

    fn seed_list(&self) -> Vec<u64> {
        (0..self.seeds.max(1) as u64)
            .map(|k| self.first_seed + k)
            .collect()
    }
}

impl Default for FactSizes {
    fn default() -> Self {
        FactSizes::FULL
    }
}

/// The outcome of checking one fact.
#[derive(Debug, Clone, PartialEq)]
pub struct FactResult {
    /// 1-based number of the fact in `CALIBRATION.md`.
    pub number: u8,
    pub title: &'static str,
    /// The headline measurement (its meaning is given by `measured`).
    pub value: f64,
    /// What was measured, in words and numbers.
    pub measured: String,
    /// What the calibration brief asks for, with the threshold used.
    pub expected: &'static str,
    pub pass: bool,
}

/// Checks fact `number` (1..=16) in the standard context (the default scenario). An
/// unknown number gives a failing result that says so.
pub fn check_fact(number: u8, sizes: FactSizes) -> FactResult {
    check_fact_in(number, sizes, &Context::standard())
}

/// Checks fact `number` (1..=16) in `context` (see [`survey`] for many contexts).
pub fn check_fact_in(number: u8, sizes: FactSizes, context: &Context) -> FactResult {
    match number {
        1 => inverted_u(sizes, context),
        2 => no_paradox_without_concern(sizes, context),
        3 => transparency_and_control_move_the_peak(sizes, context),
        4 => overt_beats_covert_and_control_lifts_clicks(sizes, context),
        5 => trust_moderates(sizes, context),
        6 => segments_defect_differently(sizes, context),
        7 => breach_talk_exceeds_action(sizes, context),
        8 => asymmetric_recovery(sizes, context),
        9 => contagion(sizes, context),
        10 => exposure_grows_with_records(sizes, context),
        11 => attribution_overstates_impact(sizes, context),
        12 => opt_in_shrinks_the_targetable_base(sizes, context),
        13 => believable_baseline(sizes, context),
        14 => max_everything_is_not_the_profit_optimum(sizes, context),
        15 => security_has_an_interior_optimum(sizes, context),
        16 => one_breach_costs_a_share_of_a_years_profit(sizes, context),
        _ => FactResult {
            number,
            title: "unknown fact",
            value: f64::NAN,
            measured: format!("there is no fact {number}; facts are numbered 1 to {FACT_COUNT}"),
            expected: "a fact number from 1 to 16",
            pass: false,
        },
    }
}

/// Checks all facts in order.
pub fn all_facts(sizes: FactSizes) -> Vec<FactResult> {
    (1..=FACT_COUNT).map(|n| check_fact(n, sizes)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fact_fails_with_a_message() {
        let r = check_fact(FACT_COUNT + 1, FactSizes::TEST);
        assert!(!r.pass);
        assert!(r.measured.contains("no fact 17"));
    }

    #[test]
    fn helpers_find_the_peak_and_average_curves() {
        assert_eq!(argmax(&[1.0, 3.0, 2.0]), 1);
        assert_eq!(
            mean_curve(&[vec![1.0, 2.0], vec![3.0, 4.0]]),
            vec![2.0, 3.0]
        );
        assert_eq!(most(5), 4);
        assert_eq!(most(1), 1);
        assert_eq!(grid(5).len(), 6);
    }
}
