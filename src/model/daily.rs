//! The steps every shopper takes every day: word of mouth (E16), the chance of a visit
//! (E4), trust recovery (E12), loyalty and the churn hazard (E13), and the survey (E14).
//!
//! The engine works these out for every shopper every day, most of them in its vector
//! pass (`src/sim/kernel/quiet_pass.rs`), so they are written for it: in `f32`, the
//! precision the shoppers' state is stored in, with the parameters of [`DailyParams`];
//! without branches (a compare and a select instead of `if`); and `#[inline(always)]`,
//! because a call that is not inlined stops the compiler from putting the pass on
//! vector registers (`scripts/check-vectorized.sh` notices). Both passes of the engine
//! call these functions, so a shopper's day does not depend on which pass worked it out.
//!
//! Notation as in `docs/MODEL.md`: `c` concern, `T` trust, `T*` set-point, `S`
//! sentiment, `E` what the neighbours said, `mu` natural dropout, `L` loyalty.

use crate::model::math::{exp, positive};
use crate::model::params::{BehaviourParams, DailyParams};

/// A shopper's state after hearing word of mouth (E16).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Heard {
    /// Trust after the loss, never below 0.
    pub trust: f32,
    /// Sentiment carried into the rest of the day (and told tomorrow unless it rises).
    pub sentiment: f32,
    /// The trust change applied (zero or negative), for the trust decomposition.
    pub trust_change: f32,
}

/// Word of mouth (E16): a shopper who heard the mean neighbour sentiment `heard` loses
/// `wom_trust E (concern_floor + c)` of trust; their own sentiment decays and takes up
/// part of what was heard, `S = max(decay S, relay E)`, and is flushed to 0 below the
/// floor (so quiet shoppers stay exactly quiet). Hearing nothing loses nothing.
/// 93 % of retail privacy talk on social media is negative (Capgemini 2017).
#[inline(always)]
pub fn word_of_mouth(p: &DailyParams, trust: f32, sentiment: f32, heard: f32, c: f32) -> Heard {
    let loss = p.wom_trust * heard * (p.news_concern_floor + c);
    let after = positive(trust - loss);
    let decayed = p.sentiment_decay * sentiment;
    let relayed = p.wom_relay * heard;
    let next = if relayed > decayed { relayed } else { decayed };
    let next = if next < p.sentiment_floor { 0.0 } else { next };
    Heard {
        trust: after,
        sentiment: next,
        trust_change: after - trust,
    }
}

/// Chance of visiting today (E4), `v (floor + (1 - floor) T) / norm`: the propensity
/// `v` scaled by trust, normed so the mean visit rate stays near `v`. Not clamped: a
/// uniform in `[0, 1)` is compared with it, so a value above 1 is a sure visit.
#[inline(always)]
pub fn visit_threshold(p: &DailyParams, v: f32, trust: f32) -> f32 {
    v * (p.visit_trust_floor + p.visit_trust_slope * trust) * p.per_visit_norm
}

/// Trust regained today (E12), `rate (T* - T)+`: slow, so trust is lost quickly and
/// rebuilt slowly (Slovic 1993), and never past the set-point.
#[inline(always)]
pub fn trust_recovery(p: &DailyParams, trust: f32, set_point: f32) -> f32 {
    p.trust_recovery_rate * positive(set_point - trust)
}

/// Daily churn hazard (E13), `mu + (h ((th - T)+ / th) + h_d (T* - T)+)(1 - protection L)`,
/// at most 1: natural dropout plus deep distrust below a threshold plus dissatisfaction
/// (trust lost below the shopper's own set-point), damped by loyalty (Janakiraman,
/// Lim & Rishika 2018: loyal customers forgive more).
#[inline(always)]
pub fn churn_hazard(
    p: &DailyParams,
    trust: f32,
    set_point: f32,
    dropout: f32,
    loyalty: f32,
) -> f32 {
    let distrust = positive(p.churn_trust_threshold - trust) / p.churn_trust_threshold;
    let dissatisfaction = positive(set_point - trust);
    let hazard = dropout
        + (p.distrust_churn_hazard * distrust + p.dissatisfaction_churn_hazard * dissatisfaction)
            * (1.0 - p.loyalty_protection * loyalty);
    if hazard < 1.0 {
        hazard
    } else {
        1.0
    }
}

/// How an active shopper's day closes: trust after recovery (E12), the recovery, and
/// the churn hazard (E13) at the recovered trust.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closed {
    pub trust: f32,
    pub recovery: f32,
    pub hazard: f32,
}

/// Recovery (E12), then the churn hazard (E13): the end of an active shopper's day.
#[inline(always)]
pub fn close_day(
    p: &DailyParams,
    trust: f32,
    set_point: f32,
    dropout: f32,
    loyalty: f32,
) -> Closed {
    let recovery = trust_recovery(p, trust, set_point);
    let trust = trust + recovery;
    Closed {
        trust,
        recovery,
        hazard: churn_hazard(p, trust, set_point, dropout, loyalty),
    }
}

/// The expected share of a departure due to natural dropout rather than distrust
/// (E13), `mu / hazard`; `hazard` is positive for a shopper who left (their uniform
/// fell below it).
#[inline(always)]
pub fn natural_share(dropout: f32, hazard: f32) -> f32 {
    (if dropout < hazard { dropout } else { hazard }) / hazard
}

/// Loyalty earned by `orders` orders (E13), `L = 1 - exp(-orders / k)`; the orders
/// include those before day 0 (the purchase history of E1).
#[inline]
pub fn loyalty(params: &BehaviourParams, orders: u32) -> f64 {
    1.0 - exp(-(orders as f64) / params.loyalty_orders)
}

/// Loyalty after one more order, `1 - (1 - L) exp(-1 / k)`: the same `L` as
/// [`loyalty`] of one order more, without storing the orders before day 0. Worked out
/// in `f64` when an order is placed and stored, so the daily steps read it.
#[inline]
pub fn loyalty_after_order(params: &BehaviourParams, loyalty: f64) -> f64 {
    1.0 - (1.0 - loyalty) * exp(-1.0 / params.loyalty_orders)
}

/// Whether a survey today would hear an intention to leave (E14): trust below one
/// threshold or sentiment above another. Saying is cheap: the trust threshold lies
/// well above the level at which the churn hazard starts to rise (Ponemon 2008/2019).
#[inline(always)]
pub fn states_intent(p: &DailyParams, trust: f32, sentiment: f32) -> bool {
    trust < p.intent_trust_threshold || sentiment > p.intent_sentiment_threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> DailyParams {
        DailyParams::of(&BehaviourParams::default())
    }

    /// The test oracle: the equations as `docs/MODEL.md` writes them, in `f64` with the
    /// `f64` parameters. The rules above precompute terms (the reciprocal of the visit
    /// norm, `1 - floor`) and round everything to `f32`; this checks that they still
    /// compute the documented equations, to within `f32` rounding.
    mod documented {
        use crate::model::params::BehaviourParams;

        pub fn visit(b: &BehaviourParams, v: f64, t: f64) -> f64 {
            v * (b.visit_trust_floor + (1.0 - b.visit_trust_floor) * t) / b.visit_norm
        }

        pub fn recovery(b: &BehaviourParams, t: f64, set_point: f64) -> f64 {
            b.trust_recovery_rate * (set_point - t).max(0.0)
        }

        pub fn hazard(
            b: &BehaviourParams,
            t: f64,
            set_point: f64,
            dropout: f64,
            loyalty: f64,
        ) -> f64 {
            let th = b.churn_trust_threshold;
            (dropout
                + (b.distrust_churn_hazard * ((th - t).max(0.0) / th)
                    + b.dissatisfaction_churn_hazard * (set_point - t).max(0.0))
                    * (1.0 - b.loyalty_protection * loyalty))
                .min(1.0)
        }

        /// (trust, sentiment) after word of mouth.
        pub fn word_of_mouth(b: &BehaviourParams, t: f64, s: f64, e: f64, c: f64) -> (f64, f64) {
            let trust = (t - b.wom_trust * e * (b.news_concern_floor + c)).max(0.0);
            let next = (b.sentiment_decay * s).max(b.wom_relay * e);
            (trust, if next < b.sentiment_floor { 0.0 } else { next })
        }
    }

    /// A grid over `[0, 1]`, ends included.
    fn grid(steps: u32) -> impl Iterator<Item = f32> + Clone {
        (0..=steps).map(move |i| i as f32 / steps as f32)
    }

    /// `a` is `b` to within `f32` rounding of terms of size up to `scale`.
    fn close(a: f32, b: f64, scale: f64, what: &str) {
        let tolerance = 8.0 * f32::EPSILON as f64 * scale;
        assert!(
            (a as f64 - b).abs() <= tolerance,
            "{what}: rule {a} vs documented {b}"
        );
    }

    #[test]
    fn the_f32_rules_compute_the_documented_equations() {
        let b = BehaviourParams::default();
        let p = params();
        for t in grid(40) {
            for v in [0.0f32, 0.01, 0.07, 0.3, 0.9] {
                close(
                    visit_threshold(&p, v, t),
                    documented::visit(&b, v as f64, t as f64),
                    v as f64,
                    "visit",
                );
            }
            for set_point in grid(8) {
                close(
                    trust_recovery(&p, t, set_point),
                    documented::recovery(&b, t as f64, set_point as f64),
                    b.trust_recovery_rate,
                    "recovery",
                );
            }
            for (dropout, loyalty) in [(0.0f32, 0.0f32), (3e-4, 0.5), (0.002, 0.99)] {
                for set_point in [0.0f32, 0.5, 0.9] {
                    close(
                        churn_hazard(&p, t, set_point, dropout, loyalty),
                        documented::hazard(
                            &b,
                            t as f64,
                            set_point as f64,
                            dropout as f64,
                            loyalty as f64,
                        ),
                        b.distrust_churn_hazard + b.dissatisfaction_churn_hazard + dropout as f64,
                        "hazard",
                    );
                }
            }
            for (s, e, c) in [(0.0f32, 0.0f32, 0.5f32), (0.3, 0.1, 0.9), (0.01, 0.4, 0.1)] {
                let heard = word_of_mouth(&p, t, s, e, c);
                let (trust, sentiment) =
                    documented::word_of_mouth(&b, t as f64, s as f64, e as f64, c as f64);
                close(heard.trust, trust, 1.0, "word of mouth, trust");
                close(heard.sentiment, sentiment, 1.0, "word of mouth, sentiment");
            }
        }
    }

    #[test]
    fn the_mean_visit_rate_stays_near_the_propensity() {
        // The norm is the population's mean of `floor + (1 - floor) T`: at T = 0.7 a
        // shopper visits at about their propensity.
        let p = params();
        let ratio = visit_threshold(&p, 0.1, 0.7) / 0.1;
        assert!((ratio - 1.0).abs() < 0.03, "ratio {ratio}");
        assert!(visit_threshold(&p, 0.1, 0.2) < visit_threshold(&p, 0.1, 0.9));
    }

    #[test]
    fn trust_falls_faster_than_it_rises() {
        let b = BehaviourParams::default();
        let p = params();
        // A heavy creepy visit costs more than two weeks of recovery regain.
        let loss = crate::model::mechanisms::experience_trust_loss(&b, 0.8) as f32;
        let mut t = 0.5f32;
        for _ in 0..14 {
            t += trust_recovery(&p, t, 0.5 + loss);
        }
        let gained = t - 0.5;
        assert!(
            loss > 2.0 * gained,
            "loss {loss} vs two weeks' gain {gained}"
        );
        assert_eq!(
            trust_recovery(&p, 0.8, 0.6),
            0.0,
            "never past the set-point"
        );
    }

    #[test]
    fn churn_hazard_rises_below_threshold_and_loyalty_protects() {
        let p = params();
        // At their set-point (no dissatisfaction).
        let trusting = churn_hazard(&p, 0.6, 0.6, 0.0003, 0.0);
        let distrusting = churn_hazard(&p, 0.1, 0.1, 0.0003, 0.0);
        let loyal = churn_hazard(&p, 0.1, 0.1, 0.0003, 1.0);
        assert_eq!(trusting, 0.0003);
        assert!(distrusting > 10.0 * trusting);
        assert!(loyal < distrusting);
        assert_eq!(churn_hazard(&p, 0.0, 0.0, 1.0, 0.0), 1.0, "at most 1");
    }

    #[test]
    fn dissatisfaction_raises_churn_at_any_trust_level() {
        let p = params();
        // A shopper well above the deep-distrust threshold who lost trust below their
        // set-point leaves more often than one at their set-point.
        let content = churn_hazard(&p, 0.5, 0.5, 0.0003, 0.0);
        let dissatisfied = churn_hazard(&p, 0.5, 0.7, 0.0003, 0.0);
        assert!(dissatisfied > content, "{dissatisfied} vs {content}");
        let loyal = churn_hazard(&p, 0.5, 0.7, 0.0003, 1.0);
        assert!(loyal < dissatisfied && loyal > content);
        assert_eq!(
            churn_hazard(&p, 0.8, 0.7, 0.0003, 0.0),
            0.0003,
            "trust above the set-point is no dissatisfaction"
        );
    }

    #[test]
    fn distrust_churn_is_slow_even_at_zero_trust() {
        // Acting is rare: even a shopper with no trust and no loyalty leaves at about
        // 0.55 % a day, so a breach moves churn by a few percent, not tens.
        let h = churn_hazard(&params(), 0.0, 0.0, 0.0, 0.0);
        assert!(h > 0.005 && h < 0.02, "hazard {h}");
    }

    #[test]
    fn close_day_recovers_before_the_hazard() {
        let p = params();
        // Just below the churn threshold, a day of recovery lifts trust over it: only
        // the dissatisfaction term is left.
        let closed = close_day(&p, 0.299, 0.9, 0.0, 0.0);
        assert!(closed.recovery > 0.0);
        assert_eq!(closed.trust, 0.299 + closed.recovery);
        assert_eq!(closed.hazard, churn_hazard(&p, closed.trust, 0.9, 0.0, 0.0));
        let dissatisfaction = p.dissatisfaction_churn_hazard * (0.9 - closed.trust);
        assert!((closed.hazard - dissatisfaction).abs() < 1e-6);
    }

    #[test]
    fn natural_share_splits_a_departure() {
        assert_eq!(natural_share(0.001, 0.004), 0.25);
        assert_eq!(natural_share(0.004, 0.004), 1.0);
        assert_eq!(natural_share(1.0, 0.5), 1.0, "never above 1");
    }

    #[test]
    fn loyalty_grows_with_orders_and_saturates() {
        let b = BehaviourParams::default();
        assert_eq!(loyalty(&b, 0), 0.0);
        assert!(loyalty(&b, 1) < loyalty(&b, 2));
        assert!(loyalty(&b, 20) > 0.99 && loyalty(&b, 20) < 1.0);
        // One more order from the loyalty alone gives the same as counting orders.
        for n in [0u32, 1, 3, 10] {
            let next = loyalty_after_order(&b, loyalty(&b, n));
            assert!((next - loyalty(&b, n + 1)).abs() < 1e-12, "{n}");
        }
    }

    #[test]
    fn intent_is_stated_well_before_acting() {
        let p = params();
        // At T = 0.4 a shopper says they will leave but has no distrust churn hazard.
        assert!(states_intent(&p, 0.4, 0.0));
        assert_eq!(churn_hazard(&p, 0.4, 0.4, 0.0, 0.0), 0.0);
        assert!(!states_intent(&p, 0.6, 0.1));
        assert!(states_intent(&p, 0.6, 0.5), "talk alone is enough");
    }

    #[test]
    fn sentiment_decays_to_exact_zero_and_hearing_nothing_costs_nothing() {
        let p = params();
        let mut s = 0.5;
        for _ in 0..30 {
            let heard = word_of_mouth(&p, 0.7, s, 0.0, 0.5);
            assert_eq!(heard.trust, 0.7);
            assert_eq!(heard.trust_change, 0.0);
            s = heard.sentiment;
        }
        assert_eq!(s, 0.0);
        let relayed = word_of_mouth(&p, 0.7, 0.0, 0.4, 0.5);
        assert_eq!(
            relayed.sentiment, 0.2,
            "second-hand talk halves at each hop"
        );
        assert!(relayed.trust < 0.7);
        assert_eq!(relayed.trust_change, relayed.trust - 0.7);
    }

    #[test]
    fn concerned_shoppers_lose_more_to_word_of_mouth_and_trust_stays_non_negative() {
        let p = params();
        let calm = word_of_mouth(&p, 0.5, 0.0, 0.5, 0.1);
        let worried = word_of_mouth(&p, 0.5, 0.0, 0.5, 0.9);
        assert!(worried.trust < calm.trust);
        assert_eq!(word_of_mouth(&p, 0.001, 0.0, 1.0, 1.0).trust, 0.0);
    }
}
