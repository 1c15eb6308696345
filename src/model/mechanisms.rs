//! The rules of the model, one function per mechanism.
//!
//! Each function is pure and documents its equation number in `docs/MODEL.md`.
//! Notation: `p` personalization, `dc` data collection, `tau` transparency, `c`
//! privacy concern, `T` trust, `T*` trust set-point, `S` negative sentiment,
//! `d` usable data, `R` relevance, `F` felt creepiness.

use crate::model::math::exp;
use crate::model::params::BehaviourParams;
use crate::model::strategy::{ConsentModel, PrivacyTech, Strategy};

/// What the strategy implies for every shopper on a given day, computed once a day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrategyEffects {
    pub personalization: f64,
    pub consent: ConsentModel,
    /// Awareness of collection, `0.3 + 0.7 tau` (E2).
    pub awareness: f64,
    /// Perceived control K: opt-out 0, opt-in 0.5, dashboard 1 (E2; Tucker 2014).
    pub control: f64,
    /// First-party breadth usable for relevance, `dc * tech_relevance`.
    pub first_party_usable: f64,
    /// Third-party breadth added when the shopper is targetable.
    pub third_party_usable: f64,
    /// Breadth of what is held per retained shopper: `dc * tech_exposure + 0.4 TP` (E17).
    pub breadth_held: f64,
    /// `(1 + 0.8 TP)(1 - 0.6 tau)(1 - 0.5 K) tech_creep` (E6).
    pub creepiness_multiplier: f64,
}

/// How a privacy technology changes (relevance, creepiness, exposure) of the data it
/// touches (E5). Assumption: ordered by how far data stays from the retailer
/// (seed article 003: federated learning, differential privacy, clean rooms).
pub fn privacy_tech_factors(tech: PrivacyTech) -> (f64, f64, f64) {
    match tech {
        PrivacyTech::None => (1.0, 1.0, 1.0),
        PrivacyTech::Anonymization => (0.95, 0.9, 0.5),
        PrivacyTech::DifferentialPrivacy => (0.9, 0.8, 0.3),
        PrivacyTech::Federated => (0.93, 0.7, 0.2),
    }
}

/// Perceived control by consent model (E2).
pub fn perceived_control(consent: ConsentModel) -> f64 {
    match consent {
        ConsentModel::OptOut => 0.0,
        ConsentModel::OptIn => 0.5,
        ConsentModel::Dashboard => 1.0,
    }
}

impl StrategyEffects {
    pub fn new(strategy: &Strategy, params: &BehaviourParams) -> StrategyEffects {
        let tau = strategy.transparency.get();
        let dc = strategy.data_collection.get();
        let third_party = if strategy.third_party_data { 1.0 } else { 0.0 };
        let (tech_relevance, tech_creep, tech_exposure) =
            privacy_tech_factors(strategy.privacy_tech);
        let control = perceived_control(strategy.consent);
        StrategyEffects {
            personalization: strategy.personalization.get(),
            consent: strategy.consent,
            awareness: 0.3 + 0.7 * tau,
            control,
            first_party_usable: dc * tech_relevance,
            third_party_usable: params.third_party_breadth * third_party,
            breadth_held: dc * tech_exposure + params.third_party_breadth * third_party,
            creepiness_multiplier: (1.0 + params.creep_third_party * third_party)
                * (1.0 - params.creep_covertness * tau)
                * (1.0 - params.creep_control * control)
                * tech_creep,
        }
    }
}

/// Initial consent share (E3), given the shopper's concern `c`, trust `t`, a uniform
/// `u` and a standard normal `z`. Returns the share of the shopper's data the
/// retailer may use, in `[0, 1]`; 0 means not targetable.
pub fn initial_consent(
    effects: &StrategyEffects,
    params: &BehaviourParams,
    c: f64,
    t: f64,
    u: f64,
    z: f64,
) -> f64 {
    match effects.consent {
        ConsentModel::OptOut => {
            let objects = params.opt_out_objection * c * c * effects.awareness;
            if u < objects {
                0.0
            } else {
                1.0
            }
        }
        ConsentModel::OptIn => {
            let opts_in = params.opt_in_base * (1.0 - c) * t / 0.7;
            if u < opts_in {
                1.0
            } else {
                0.0
            }
        }
        ConsentModel::Dashboard => {
            let share = (1.0 - params.dashboard_concern_weight * c + params.dashboard_noise * z)
                .clamp(0.0, 1.0);
            if share < params.dashboard_floor {
                0.0
            } else {
                share
            }
        }
    }
}

/// Probability of visiting today (E4): propensity `v` scaled by trust.
#[inline]
pub fn visit_probability(params: &BehaviourParams, v: f64, t: f64) -> f64 {
    (v * (params.visit_trust_floor + (1.0 - params.visit_trust_floor) * t) / params.visit_norm)
        .clamp(0.0, 1.0)
}

/// Usable data `d` for a shopper with consent share `consent` (E5).
#[inline]
pub fn usable_data(effects: &StrategyEffects, consent: f64) -> f64 {
    if consent > 0.0 {
        consent * effects.first_party_usable + effects.third_party_usable
    } else {
        0.0
    }
}

/// Relevance of the content shown, `R = 1 - exp(-rate p d)` (E5): concave, so the
/// first data and intensity buy the most.
#[inline]
pub fn relevance(params: &BehaviourParams, p: f64, d: f64) -> f64 {
    1.0 - exp(-params.relevance_rate * p * d)
}

/// Objective creepiness `C = p d * multiplier` (E6): intensity x breadth x
/// third-party x covertness x lack of control (Gartner 2019-21; Aguirre et al. 2015).
#[inline]
pub fn creepiness(effects: &StrategyEffects, d: f64) -> f64 {
    effects.personalization * d * effects.creepiness_multiplier
}

/// Felt creepiness `F = 1 - exp(-C c max(0, 1 + amp (pivot - T)))` (E7): felt in
/// proportion to concern and amplified by distrust (Bleier & Eisenbeiss 2015).
#[inline]
pub fn felt_creepiness(params: &BehaviourParams, creepiness: f64, c: f64, t: f64) -> f64 {
    let distrust = (1.0 + params.distrust_amplifier * (params.distrust_pivot - t)).max(0.0);
    1.0 - exp(-creepiness * c * distrust)
}

/// Probability that a visit ends in an order (E8).
#[inline]
pub fn order_probability(params: &BehaviourParams, t: f64, r: f64, f: f64) -> f64 {
    (params.base_conversion
        * (params.conversion_trust_offset + t)
        * (1.0 + params.relevance_conversion_lift * r * t)
        * exp(-params.creepiness_conversion_penalty * f))
    .clamp(0.0, 1.0)
}

/// Basket value in dollars (E9): the shopper's mean basket, lifted by relevance,
/// times a mean-one log-normal noise from the standard normal `z`.
#[inline]
pub fn basket_dollars(params: &BehaviourParams, mean_basket: f64, r: f64, z: f64) -> f64 {
    let sigma = params.basket_noise_sigma;
    let noise = exp(sigma * z - 0.5 * sigma * sigma);
    mean_basket * (1.0 + params.relevance_basket_lift * r) * noise
}

/// Probability of clicking a recommendation during a visit (E10).
#[inline]
pub fn click_probability(params: &BehaviourParams, r: f64, f: f64, ordered: bool) -> f64 {
    let base = params.click_base
        * (params.click_relevance_offset + r)
        * exp(-params.click_creepiness_reactance * f);
    let selection = if ordered {
        params.click_buyer_multiplier
    } else {
        1.0
    };
    (base * selection).clamp(0.0, 1.0)
}

/// Trust lost on a visit, `damage F^2` (E11): convex, so mild intrusions are shrugged
/// off and heavy ones hurt.
#[inline]
pub fn experience_trust_loss(params: &BehaviourParams, f: f64) -> f64 {
    params.experience_damage * f * f
}

/// Trust regained today, `rate (T* - T)+` (E12): slow, so trust is lost quickly and
/// rebuilt slowly (Slovic 1993).
#[inline]
pub fn trust_recovery(params: &BehaviourParams, t: f64, set_point: f64) -> f64 {
    params.trust_recovery_rate * (set_point - t).max(0.0)
}

/// Loyalty `L = 1 - exp(-orders / k)` (E13).
#[inline]
pub fn loyalty(params: &BehaviourParams, orders: u32) -> f64 {
    1.0 - exp(-(orders as f64) / params.loyalty_orders)
}

/// Daily churn hazard (E13): natural dropout plus distrust below a threshold,
/// damped by loyalty.
#[inline]
pub fn churn_hazard(params: &BehaviourParams, dropout: f64, t: f64, loyalty: f64) -> f64 {
    let threshold = params.churn_trust_threshold;
    if t >= threshold {
        // No distrust: the general formula adds exactly zero (spares a division on
        // the common path; the result is bit-identical).
        return dropout.clamp(0.0, 1.0);
    }
    let distrust = (threshold - t).max(0.0) / threshold;
    (dropout
        + params.distrust_churn_hazard * distrust * (1.0 - params.loyalty_protection * loyalty))
        .clamp(0.0, 1.0)
}

/// Whether a survey would hear an intention to leave (E14). Saying is cheap:
/// the thresholds sit well above the trust level at which shoppers act.
#[inline]
pub fn states_intent_to_leave(params: &BehaviourParams, t: f64, s: f64) -> bool {
    t < params.intent_trust_threshold || s > params.intent_sentiment_threshold
}

/// Trust shock when news of an event reaches a shopper (E15).
/// `data_held` is the breadth of data the retailer holds on this shopper.
#[inline]
pub fn news_shock(
    params: &BehaviourParams,
    scale: f64,
    severity: f64,
    c: f64,
    data_held: f64,
) -> f64 {
    params.news_shock
        * scale
        * severity
        * (params.news_concern_floor + c)
        * (params.news_held_floor + (1.0 - params.news_held_floor) * data_held)
}

/// Trust lost to word of mouth given the mean sentiment `e` of neighbours (E16).
#[inline]
pub fn word_of_mouth_trust_loss(params: &BehaviourParams, e: f64, c: f64) -> f64 {
    params.wom_trust * e * (params.news_concern_floor + c)
}

/// Tomorrow's sentiment given today's and what neighbours said (E16): own
/// sentiment decays, second-hand talk is relayed at a discount.
#[inline]
pub fn next_sentiment(params: &BehaviourParams, s: f64, e: f64) -> f64 {
    let next = (params.sentiment_decay * s).max(params.wom_relay * e);
    if next < params.sentiment_floor {
        0.0
    } else {
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::UnitInterval;

    fn params() -> BehaviourParams {
        BehaviourParams::default()
    }

    fn effects(
        p: f64,
        dc: f64,
        tau: f64,
        third_party: bool,
        consent: ConsentModel,
    ) -> StrategyEffects {
        let strategy = Strategy {
            personalization: UnitInterval::clamped(p),
            data_collection: UnitInterval::clamped(dc),
            transparency: UnitInterval::clamped(tau),
            third_party_data: third_party,
            consent,
            ..Strategy::default()
        };
        StrategyEffects::new(&strategy, &params())
    }

    #[test]
    fn creepiness_rises_with_breadth_third_party_and_covertness() {
        let base = effects(0.8, 0.3, 0.5, false, ConsentModel::OptOut);
        let broad = effects(0.8, 0.9, 0.5, false, ConsentModel::OptOut);
        let third = effects(0.8, 0.3, 0.5, true, ConsentModel::OptOut);
        let covert = effects(0.8, 0.3, 0.0, false, ConsentModel::OptOut);
        let c = |e: &StrategyEffects| creepiness(e, usable_data(e, 1.0));
        assert!(c(&broad) > c(&base));
        assert!(c(&third) > c(&base));
        assert!(c(&covert) > c(&base));
    }

    #[test]
    fn control_lowers_creepiness() {
        let opt_out = effects(0.8, 0.6, 0.5, false, ConsentModel::OptOut);
        let dashboard = effects(0.8, 0.6, 0.5, false, ConsentModel::Dashboard);
        assert!(dashboard.creepiness_multiplier < opt_out.creepiness_multiplier);
    }

    #[test]
    fn relevance_is_concave_and_bounded() {
        let p = params();
        let r1 = relevance(&p, 0.25, 1.0);
        let r2 = relevance(&p, 0.5, 1.0);
        let r3 = relevance(&p, 0.75, 1.0);
        assert!(r2 - r1 > r3 - r2, "diminishing returns");
        assert!(r3 > r2 && r2 > r1 && r3 < 1.0);
        assert_eq!(relevance(&p, 0.0, 1.0), 0.0);
    }

    #[test]
    fn felt_creepiness_scales_with_concern_and_distrust() {
        let p = params();
        assert!(felt_creepiness(&p, 0.5, 0.9, 0.7) > felt_creepiness(&p, 0.5, 0.1, 0.7));
        assert!(felt_creepiness(&p, 0.5, 0.5, 0.2) > felt_creepiness(&p, 0.5, 0.5, 0.8));
        assert_eq!(felt_creepiness(&p, 0.5, 0.0, 0.5), 0.0);
    }

    #[test]
    fn trust_falls_faster_than_it_rises() {
        let p = params();
        // A heavy creepy visit costs more than a week of recovery regains.
        let loss = experience_trust_loss(&p, 0.8);
        let week_gain: f64 = (0..7)
            .scan(0.5, |t, _| {
                let g = trust_recovery(&p, *t, 0.5 + loss);
                *t += g;
                Some(g)
            })
            .sum();
        assert!(
            loss > 2.0 * week_gain,
            "loss {loss} vs weekly gain {week_gain}"
        );
    }

    #[test]
    fn experience_damage_is_convex() {
        let p = params();
        let small = experience_trust_loss(&p, 0.2);
        let large = experience_trust_loss(&p, 0.4);
        assert!(large > 2.0 * small);
    }

    #[test]
    fn relevance_lifts_conversion_more_for_trusting_shoppers() {
        let p = params();
        let lift = |t: f64| order_probability(&p, t, 0.8, 0.0) / order_probability(&p, t, 0.0, 0.0);
        assert!(lift(0.9) > lift(0.2));
    }

    #[test]
    fn creepiness_lowers_conversion_and_clicks() {
        let p = params();
        assert!(order_probability(&p, 0.6, 0.5, 0.5) < order_probability(&p, 0.6, 0.5, 0.0));
        assert!(click_probability(&p, 0.5, 0.2, false) < click_probability(&p, 0.5, 0.0, false));
        assert!(click_probability(&p, 0.5, 0.0, true) > click_probability(&p, 0.5, 0.0, false));
    }

    #[test]
    fn churn_hazard_rises_below_threshold_and_loyalty_protects() {
        let p = params();
        let trusting = churn_hazard(&p, 0.0003, 0.6, 0.0);
        let distrusting = churn_hazard(&p, 0.0003, 0.1, 0.0);
        let loyal = churn_hazard(&p, 0.0003, 0.1, 1.0);
        assert_eq!(trusting, 0.0003);
        assert!(distrusting > 10.0 * trusting);
        assert!(loyal < distrusting);
    }

    #[test]
    fn intent_is_stated_well_before_acting() {
        let p = params();
        // At T = 0.4 a shopper says they will leave but has no distrust churn hazard.
        assert!(states_intent_to_leave(&p, 0.4, 0.0));
        assert_eq!(churn_hazard(&p, 0.0, 0.4, 0.0), 0.0);
        assert!(!states_intent_to_leave(&p, 0.6, 0.1));
    }

    #[test]
    fn consent_rules_match_their_regimes() {
        let p = params();
        let opt_in = effects(0.5, 0.5, 0.5, false, ConsentModel::OptIn);
        let opt_out = effects(0.5, 0.5, 0.5, false, ConsentModel::OptOut);
        let dashboard = effects(0.5, 0.5, 0.5, false, ConsentModel::Dashboard);
        // An unconcerned, trusting shopper stays in under opt-out whatever u is (below the objection rate).
        assert_eq!(initial_consent(&opt_out, &p, 0.05, 0.8, 0.01, 0.0), 1.0);
        assert_eq!(initial_consent(&opt_in, &p, 0.9, 0.5, 0.5, 0.0), 0.0);
        let share = initial_consent(&dashboard, &p, 0.5, 0.7, 0.5, 0.0);
        assert!((share - 0.65).abs() < 1e-12);
        assert_eq!(initial_consent(&dashboard, &p, 1.0, 0.7, 0.5, -3.0), 0.0);
    }

    #[test]
    fn news_shock_grows_with_data_held_and_concern() {
        let p = params();
        assert!(news_shock(&p, 1.0, 0.5, 0.5, 1.0) > news_shock(&p, 1.0, 0.5, 0.5, 0.0));
        assert!(news_shock(&p, 1.0, 0.5, 0.9, 0.5) > news_shock(&p, 1.0, 0.5, 0.1, 0.5));
    }

    #[test]
    fn sentiment_decays_to_exact_zero() {
        let p = params();
        let mut s = 0.5;
        for _ in 0..30 {
            s = next_sentiment(&p, s, 0.0);
        }
        assert_eq!(s, 0.0);
        assert_eq!(next_sentiment(&p, 0.0, 0.4), 0.2);
    }

    #[test]
    fn relevance_saturates_before_full_intensity() {
        // Calibration (fact 1): at the opt-out breadth, half intensity buys most of the
        // relevance that full intensity does, so the last steps add little benefit.
        let p = params();
        let half = relevance(&p, 0.5, 0.5);
        let full = relevance(&p, 1.0, 0.5);
        assert!(half > 0.7 * full, "half {half} vs full {full}");
    }

    #[test]
    fn creeped_out_shoppers_are_about_three_times_likelier_to_abandon() {
        // Gartner 2019-21: >3x likelier to abandon over-personalizing brands.
        let p = params();
        let calm = order_probability(&p, 0.7, 0.5, 0.0);
        let creeped = order_probability(&p, 0.7, 0.5, 1.0);
        assert!(creeped < 0.4 * calm && creeped > 0.25 * calm);
    }

    #[test]
    fn mild_creepiness_already_deters_clicks() {
        // Reactance (Tucker 2014): a little felt creepiness cuts clicks sharply.
        let p = params();
        let calm = click_probability(&p, 0.5, 0.0, false);
        let mild = click_probability(&p, 0.5, 0.1, false);
        assert!(mild < 0.3 * calm && mild > 0.1 * calm);
    }

    #[test]
    fn churn_hazard_shortcut_matches_the_general_formula_bit_for_bit() {
        let p = params();
        let general = |dropout: f64, t: f64, loyalty: f64| {
            let threshold = p.churn_trust_threshold;
            let distrust = (threshold - t).max(0.0) / threshold;
            (dropout + p.distrust_churn_hazard * distrust * (1.0 - p.loyalty_protection * loyalty))
                .clamp(0.0, 1.0)
        };
        for t in (0..=100).map(|i| i as f64 / 100.0) {
            for dropout in [0.0, 1e-4, 0.003, 0.5, 1.0] {
                for loyalty in [0.0, 0.4, 0.99] {
                    assert_eq!(
                        churn_hazard(&p, dropout, t, loyalty).to_bits(),
                        general(dropout, t, loyalty).to_bits(),
                        "t {t} dropout {dropout} loyalty {loyalty}"
                    );
                }
            }
        }
    }

    #[test]
    fn distrust_churn_is_slow_even_at_zero_trust() {
        // Acting is rare: even a shopper with no trust and no loyalty leaves at about
        // 1.4 % a day, so a breach moves churn by a few percent, not tens.
        let p = params();
        let h = churn_hazard(&p, 0.0, 0.0, 0.0);
        assert!(h > 0.005 && h < 0.02, "hazard {h}");
    }
}
