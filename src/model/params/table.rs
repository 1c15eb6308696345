//! The `[model]` table: the documented model parameters a scenario may override, as a spec
//! table (see `crate::model::spec`). Fitted parameters (`shopsim calibrate`) and
//! researchers' sensitivity studies go through this one door; the defaults stay those of
//! [`ModelParams::default`], with their sources in `docs/MODEL.md`.
//!
//! The ranges keep every distribution of the day-0 population valid (a gamma needs a
//! positive shape and a scale whose reciprocal is finite), so a scenario that validates
//! always builds an engine.

use super::ModelParams;
use crate::model::spec::{Kind, Spec, Table};

impl Table for ModelParams {
    const NAME: &'static str = "model";
    const SPECS: &'static [Spec<Self>] = &[
        Spec {
            key: "visit_shape",
            label: "visit heterogeneity",
            description: "Gamma shape of the shoppers' daily visit propensity (E1): small values \
                          make a few shoppers visit far more than the rest.",
            kind: Kind::Number {
                range: 0.01..=100.0,
                min_exclusive: false,
                unit: "",
                step: 0.05,
                get: |m| m.population.visit_shape,
                set: |m, x| m.population.visit_shape = x,
            },
        },
        Spec {
            key: "visit_mean",
            label: "visit propensity",
            description: "Mean daily visit propensity before the cap (E1, E4).",
            kind: Kind::Number {
                range: 0.000001..=1.0,
                min_exclusive: false,
                unit: "visits per day",
                step: 0.005,
                get: |m| m.population.visit_mean,
                set: |m, x| m.population.visit_mean = x,
            },
        },
        Spec {
            key: "visit_cap",
            label: "visit cap",
            description: "Highest daily visit propensity a shopper can draw (E1).",
            kind: Kind::Number {
                range: 0.0..=1.0,
                min_exclusive: false,
                unit: "visits per day",
                step: 0.05,
                get: |m| m.population.visit_cap,
                set: |m, x| m.population.visit_cap = x,
            },
        },
        Spec {
            key: "dropout_shape",
            label: "dropout heterogeneity",
            description: "Gamma shape of the shoppers' natural dropout hazard (E1, E13).",
            kind: Kind::Number {
                range: 0.01..=100.0,
                min_exclusive: false,
                unit: "",
                step: 0.05,
                get: |m| m.population.dropout_shape,
                set: |m, x| m.population.dropout_shape = x,
            },
        },
        Spec {
            key: "dropout_mean",
            label: "dropout hazard",
            description: "Mean natural dropout hazard per day (E1, E13).",
            kind: Kind::Number {
                range: 0.0000001..=1.0,
                min_exclusive: false,
                unit: "per day",
                step: 0.0001,
                get: |m| m.population.dropout_mean,
                set: |m, x| m.population.dropout_mean = x,
            },
        },
        Spec {
            key: "dropout_free_share",
            label: "never lapsing",
            description: "Share of shoppers with no natural dropout hazard; the others draw \
                          theirs from the gamma of dropout_shape and dropout_mean (E1, E13).",
            kind: Kind::Number {
                range: 0.0..=1.0,
                min_exclusive: false,
                unit: "",
                step: 0.05,
                get: |m| m.population.dropout_free_share,
                set: |m, x| m.population.dropout_free_share = x,
            },
        },
        Spec {
            key: "dropout_visit_link",
            label: "dropout-visit link",
            description: "Elasticity of a lapsing shopper's dropout hazard with respect to \
                          their visit propensity: the drawn hazard times (v / visit_mean)^link \
                          (E1, E13). 0: independent; 1: the same chance to lapse per visit, \
                          so rare buyers lapse slowly (BG/NBD-style).",
            kind: Kind::Number {
                range: 0.0..=3.0,
                min_exclusive: false,
                unit: "",
                step: 0.1,
                get: |m| m.population.dropout_visit_link,
                set: |m, x| m.population.dropout_visit_link = x,
            },
        },
        Spec {
            key: "newcomer_visit_boost",
            label: "newcomer burst",
            description: "Cohort mode: extra visit propensity of a new customer on their first \
                          day as a shopper, as a multiple of their own, fading with \
                          `newcomer_boost_days` (E1, E4). 0: no burst.",
            kind: Kind::Number {
                range: 0.0..=100.0,
                min_exclusive: false,
                unit: "",
                step: 0.1,
                get: |m| m.population.newcomer_visit_boost,
                set: |m, x| m.population.newcomer_visit_boost = x,
            },
        },
        Spec {
            key: "newcomer_boost_days",
            label: "newcomer burst length",
            description: "Cohort mode: days over which the newcomer burst falls by a factor e \
                          (E1, E4).",
            kind: Kind::Number {
                range: 0.1..=365.0,
                min_exclusive: false,
                unit: "days",
                step: 1.0,
                get: |m| m.population.newcomer_boost_days,
                set: |m, x| m.population.newcomer_boost_days = x,
            },
        },
        Spec {
            key: "base_conversion",
            label: "conversion",
            description: "Base chance that a visit ends in an order (E8), before trust, \
                          relevance and creepiness.",
            kind: Kind::Number {
                range: 0.0..=1.0,
                min_exclusive: false,
                unit: "",
                step: 0.002,
                get: |m| m.behaviour.base_conversion,
                set: |m, x| m.behaviour.base_conversion = x,
            },
        },
        Spec {
            key: "basket_mean_dollars",
            label: "basket",
            description: "Mean of the shoppers' mean basket value, before the relevance lift \
                          (E1, E9).",
            kind: Kind::Number {
                range: 0.01..=1_000_000.0,
                min_exclusive: false,
                unit: "dollars",
                step: 1.0,
                get: |m| m.population.basket_mean_dollars,
                set: |m, x| m.population.basket_mean_dollars = x,
            },
        },
        Spec {
            key: "basket_sigma",
            label: "basket spread between shoppers",
            description: "Log-normal sigma of a shopper's mean basket value (E1).",
            kind: Kind::Number {
                range: 0.0..=5.0,
                min_exclusive: false,
                unit: "",
                step: 0.05,
                get: |m| m.population.basket_sigma,
                set: |m, x| m.population.basket_sigma = x,
            },
        },
        Spec {
            key: "basket_noise_sigma",
            label: "basket spread between orders",
            description: "Log-normal sigma of one order's basket around the shopper's mean (E9).",
            kind: Kind::Number {
                range: 0.0..=5.0,
                min_exclusive: false,
                unit: "",
                step: 0.05,
                get: |m| m.behaviour.basket_noise_sigma,
                set: |m, x| m.behaviour.basket_noise_sigma = x,
            },
        },
        Spec {
            key: "prior_activity_days",
            label: "prior activity",
            description: "Shoppers there at day 0 last visited uniformly within this many days \
                          before it (E1).",
            kind: Kind::Whole {
                range: 0..=36_500,
                unit: "days",
                stops: &[],
                get: |m| i64::from(m.population.prior_activity_days),
                set: |m, days| {
                    m.population.prior_activity_days = u32::try_from(days).unwrap_or(u32::MAX)
                },
            },
        },
        Spec {
            key: "trust_recovery_rate",
            label: "trust recovery",
            description: "Share of the gap to the trust set-point regained per day (E12).",
            kind: Kind::Number {
                range: 0.0..=1.0,
                min_exclusive: false,
                unit: "per day",
                step: 0.005,
                get: |m| m.behaviour.trust_recovery_rate,
                set: |m, x| m.behaviour.trust_recovery_rate = x,
            },
        },
        Spec {
            key: "distrust_churn_hazard",
            label: "distrust churn",
            description: "Extra daily churn hazard at zero trust, below the churn threshold \
                          (E13).",
            kind: Kind::Number {
                range: 0.0..=1.0,
                min_exclusive: false,
                unit: "per day",
                step: 0.001,
                get: |m| m.behaviour.distrust_churn_hazard,
                set: |m, x| m.behaviour.distrust_churn_hazard = x,
            },
        },
        Spec {
            key: "loyalty_orders",
            label: "loyalty",
            description: "Orders that build about 63 % of full loyalty, L = 1 - exp(-orders / \
                          this) (E13).",
            kind: Kind::Number {
                range: 0.01..=10_000.0,
                min_exclusive: false,
                unit: "orders",
                step: 0.5,
                get: |m| m.behaviour.loyalty_orders,
                set: |m, x| m.behaviour.loyalty_orders = x,
            },
        },
    ];

    /// Keys at their default are left out when a scenario is written, so a scenario
    /// without a `[model]` table is written without one (and keeps following the model's
    /// defaults); reading the text back gives the same parameters.
    fn is_unset(&self, key: &str) -> bool {
        let Some(spec) = Self::spec(key) else {
            return true;
        };
        spec.get(self) == spec.default_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spec::Value;

    #[test]
    fn every_key_reads_and_writes_its_own_field() {
        for spec in ModelParams::SPECS {
            let mut params = ModelParams::default();
            let changed = match spec.get(&params) {
                Value::Number(x) => Value::Number(if x < 0.5 { x + 0.25 } else { x / 2.0 }),
                Value::Whole(n) => Value::Whole(n + 1),
                other => panic!("{}: unexpected kind {other:?}", spec.key),
            };
            assert!(spec.set(&mut params, changed), "{}", spec.key);
            assert_eq!(spec.get(&params), changed, "{}", spec.key);
            assert_ne!(
                params,
                ModelParams::default(),
                "{} changed nothing",
                spec.key
            );
            // No other key moved.
            for other in ModelParams::SPECS.iter().filter(|o| o.key != spec.key) {
                assert_eq!(other.get(&params), other.default_value(), "{}", other.key);
            }
            assert!(!params.is_unset(spec.key));
            assert!(ModelParams::default().is_unset(spec.key));
        }
    }

    #[test]
    fn every_allowed_extreme_builds_a_population() {
        use crate::model::mechanisms::StrategyEffects;
        use crate::model::population::initial_population;
        use crate::model::segment::SegmentMix;
        use crate::model::strategy::Strategy;
        use crate::rng::CounterRng;
        for spec in ModelParams::SPECS {
            let ends = match &spec.kind {
                Kind::Number { range, .. } => {
                    [Value::Number(*range.start()), Value::Number(*range.end())]
                }
                Kind::Whole { range, .. } => {
                    [Value::Whole(*range.start()), Value::Whole(*range.end())]
                }
                _ => panic!("{}: numbers only", spec.key),
            };
            for end in ends {
                let mut params = ModelParams::default();
                assert!(spec.set(&mut params, end), "{}", spec.key);
                let effects = StrategyEffects::new(&Strategy::default(), &params.behaviour);
                let blocks = initial_population(
                    50,
                    &SegmentMix::default(),
                    &params.population,
                    &params.behaviour,
                    &effects,
                    &CounterRng::new(3),
                );
                assert!(blocks.is_some(), "{} = {end:?}", spec.key);
            }
        }
    }
}
