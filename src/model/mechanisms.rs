//! The rules of a shopper's visit and consent, one function per mechanism: what the
//! strategy implies (E2, E5, E6), consent (E3), content, purchase, clicks and the
//! experience of a visit (E5-E11).
//!
//! Each function is pure and documents its equation number in `docs/MODEL.md`; its
//! numbers are in [`BehaviourParams`]. The steps every shopper takes every day are in
//! [`crate::model::daily`], news of events in [`crate::model::news`], the retailer's
//! exposure in [`crate::model::retailer`]. Notation: `p` personalization, `dc` data
//! collection, `tau` transparency, `c` privacy concern, `T` trust, `S` negative
//! sentiment, `d` usable data, `R` relevance, `F` felt creepiness.

use crate::model::math::exp;
use crate::model::params::{BehaviourParams, PrivacyTechFactors};
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
    /// Intensity factor of creepiness, `p^2` (E6): the more intense the personalization,
    /// the more targeted *and* the more obtrusive what is shown (Goldfarb & Tucker 2011:
    /// each helps, together they hurt).
    pub intensity_creep: f64,
    /// `(1 - 0.6 tau)(1 - 0.7 K) tech_creep` (E6).
    pub creepiness_multiplier: f64,
    /// Breadth rate `k` of felt breadth and its normalizer `1 / (1 - exp(-k))` (E6).
    pub creep_breadth_rate: f64,
    pub creep_breadth_norm: f64,
    /// Extra creepiness weight of third-party data, `0.4 TP x 0.8 (1 - tau)` (E6): buying
    /// data about shoppers behind their back is what violates expectations, so the extra
    /// weight falls as the use is disclosed.
    pub third_party_creep: f64,
}

/// How a privacy technology changes (relevance, creepiness, exposure) of the data it
/// touches (E5).
pub fn privacy_tech_factors(params: &BehaviourParams, tech: PrivacyTech) -> PrivacyTechFactors {
    match tech {
        PrivacyTech::None => params.tech_none,
        PrivacyTech::Anonymization => params.tech_anonymization,
        PrivacyTech::DifferentialPrivacy => params.tech_differential_privacy,
        PrivacyTech::Federated => params.tech_federated,
    }
}

/// Perceived control by consent model (E2).
pub fn perceived_control(params: &BehaviourParams, consent: ConsentModel) -> f64 {
    match consent {
        ConsentModel::OptOut => params.control_opt_out,
        ConsentModel::OptIn => params.control_opt_in,
        ConsentModel::Dashboard => params.control_dashboard,
    }
}

impl StrategyEffects {
    pub fn new(strategy: &Strategy, params: &BehaviourParams) -> StrategyEffects {
        let tau = strategy.transparency.get();
        let dc = strategy.data_collection.get();
        let third_party = if strategy.third_party_data { 1.0 } else { 0.0 };
        let tech = privacy_tech_factors(params, strategy.privacy_tech);
        let control = perceived_control(params, strategy.consent);
        StrategyEffects {
            personalization: strategy.personalization.get(),
            consent: strategy.consent,
            awareness: params.awareness_base + params.awareness_transparency * tau,
            control,
            first_party_usable: dc * tech.relevance,
            third_party_usable: params.third_party_breadth * third_party,
            breadth_held: dc * tech.exposure + params.third_party_breadth * third_party,
            intensity_creep: strategy.personalization.get() * strategy.personalization.get(),
            creep_breadth_rate: params.creep_breadth_rate,
            creep_breadth_norm: 1.0 / (1.0 - exp(-params.creep_breadth_rate)),
            creepiness_multiplier: (1.0 - params.creep_covertness * tau)
                * (1.0 - params.creep_control * control)
                * tech.creepiness,
            third_party_creep: params.third_party_breadth
                * third_party
                * params.creep_third_party
                * (1.0 - tau),
        }
    }
}

/// A dashboard share as it is applied (E3): shares below the dashboard floor count as no
/// consent. Every change of a dashboard share (E3, E11, E15) goes through this rule.
#[inline]
pub fn dashboard_share(params: &BehaviourParams, share: f64) -> f64 {
    let share = share.clamp(0.0, 1.0);
    if share < params.dashboard_floor {
        0.0
    } else {
        share
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
            let opts_in = params.opt_in_base * (1.0 - c) * t / params.opt_in_trust_norm;
            if u < opts_in {
                1.0
            } else {
                0.0
            }
        }
        ConsentModel::Dashboard => dashboard_share(
            params,
            1.0 - params.dashboard_concern_weight * c + params.dashboard_noise * z,
        ),
    }
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

/// Relevance of the content shown, `R = (1 - exp(-a p)) (1 - exp(-b d))` (E5):
/// diminishing returns in intensity and, separately, in breadth, so that the first
/// intensity and the first data buy the most whatever the other is.
#[inline]
pub fn relevance(params: &BehaviourParams, p: f64, d: f64) -> f64 {
    (1.0 - exp(-params.relevance_rate * p)) * (1.0 - exp(-params.relevance_breadth_rate * d))
}

/// Objective creepiness `C = p^2 (felt breadth + third-party weight) * multiplier` (E6):
/// intensity twice (targeting and obtrusiveness: Goldfarb & Tucker 2011) x breadth felt
/// with diminishing returns, `(1 - exp(-k d)) / (1 - exp(-k))` (covert third-party data
/// weighing extra) x covertness x lack of control (Gartner 2019-21; Aguirre et al. 2015).
/// Nothing is creepy without usable data.
#[inline]
pub fn creepiness(effects: &StrategyEffects, d: f64) -> f64 {
    if d > 0.0 {
        let felt_breadth =
            (1.0 - exp(-effects.creep_breadth_rate * d)) * effects.creep_breadth_norm;
        effects.intensity_creep
            * (felt_breadth + effects.third_party_creep)
            * effects.creepiness_multiplier
    } else {
        0.0
    }
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
        * exp(-params.creepiness_conversion_penalty * f * f))
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

/// Sentiment bred by a creepy visit, `S = max(S, sentiment F^2)` (E11).
#[inline]
pub fn experience_sentiment(params: &BehaviourParams, sentiment: f64, f: f64) -> f64 {
    sentiment.max(params.experience_sentiment * f * f)
}

/// Consent after a visit with felt creepiness `f` (E11), given a uniform `u`:
/// under a dashboard a targetable visitor lowers their share with probability
/// `lower_probability F` (to 0 below the dashboard floor); under opt-in a
/// non-targetable visitor opts in with probability `drift (1 - c) T / trust_norm`;
/// otherwise a targetable visitor opts out with probability `creepy_opt_out F aw`.
#[inline]
pub fn consent_after_visit(
    effects: &StrategyEffects,
    params: &BehaviourParams,
    consent: f64,
    c: f64,
    t: f64,
    f: f64,
    u: f64,
) -> f64 {
    match effects.consent {
        ConsentModel::Dashboard if consent > 0.0 => {
            if u < params.dashboard_lower_probability * f {
                dashboard_share(params, consent - params.dashboard_lower_step)
            } else {
                consent
            }
        }
        ConsentModel::OptIn if consent == 0.0 => {
            if u < params.opt_in_drift * (1.0 - c) * t / params.opt_in_trust_norm {
                1.0
            } else {
                0.0
            }
        }
        _ if consent > 0.0 && u < params.creepy_opt_out * f * effects.awareness => 0.0,
        _ => consent,
    }
}

/// Lowers trust by `loss`, never below 0, and returns the change applied (what the
/// trust decomposition records; `docs/MODEL.md`, section 3, "Clipping").
#[inline]
pub fn lower_trust(trust: &mut f64, loss: f64) -> f64 {
    let before = *trust;
    *trust = (before - loss).max(0.0);
    *trust - before
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
    fn relevance_saturates_before_full_intensity() {
        // Calibration (fact 1): at the opt-out breadth, half intensity buys most of the
        // relevance that full intensity does, so the last steps add little benefit.
        let p = params();
        let half = relevance(&p, 0.5, 0.5);
        let full = relevance(&p, 1.0, 0.5);
        assert!(half > 0.7 * full, "half {half} vs full {full}");
    }

    #[test]
    fn relevance_saturates_in_breadth_and_its_intensity_shape_does_not_depend_on_it() {
        // Issue 14: with `1 - exp(-a p d)` third-party data (d up to 1.4) saturated
        // relevance by p = 0.2. Extra data now adds less and less, and the share of full
        // relevance that half intensity buys is the same for lean and broad data.
        let p = params();
        let gain = |d0: f64, d1: f64| relevance(&p, 1.0, d1) - relevance(&p, 1.0, d0);
        assert!(gain(0.2, 0.6) > gain(0.6, 1.0) && gain(0.6, 1.0) > gain(1.0, 1.4));
        let half_share = |d: f64| relevance(&p, 0.5, d) / relevance(&p, 1.0, d);
        assert!((half_share(0.2) - half_share(1.4)).abs() < 1e-12);
    }

    #[test]
    fn creepiness_is_convex_in_intensity_and_saturates_in_breadth() {
        // Goldfarb & Tucker 2011: targeting and obtrusiveness each help, together hurt;
        // both grow with intensity, so creepiness grows with its square.
        let c = |p: f64, dc: f64, tp: bool| {
            let e = effects(p, dc, 0.5, tp, ConsentModel::OptOut);
            creepiness(&e, usable_data(&e, 1.0))
        };
        assert!(c(1.0, 0.5, false) - c(0.5, 0.5, false) > c(0.5, 0.5, false) - c(0.0, 0.5, false));
        assert!((c(1.0, 0.5, false) - 4.0 * c(0.5, 0.5, false)).abs() < 1e-12);
        assert!(c(1.0, 0.6, false) - c(1.0, 0.3, false) > c(1.0, 0.9, false) - c(1.0, 0.6, false));
        // Felt breadth equals the breadth at full first-party collection.
        let full = effects(1.0, 1.0, 0.0, false, ConsentModel::OptOut);
        let felt = creepiness(&full, usable_data(&full, 1.0)) / full.creepiness_multiplier;
        assert!((felt - 1.0).abs() < 1e-12, "felt breadth {felt}");
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
    fn creepy_visits_cost_consent_under_each_regime() {
        let p = params();
        let opt_out = effects(0.5, 0.5, 0.5, false, ConsentModel::OptOut);
        let opt_in = effects(0.5, 0.5, 0.5, false, ConsentModel::OptIn);
        let dashboard = effects(0.5, 0.5, 0.5, false, ConsentModel::Dashboard);
        let after = |e: &StrategyEffects, consent: f64, f: f64, u: f64| {
            consent_after_visit(e, &p, consent, 0.5, 0.7, f, u)
        };
        // Opt-out: a targetable visitor opts out with probability 0.05 F aw.
        let opts_out = p.creepy_opt_out * 0.8 * opt_out.awareness;
        assert_eq!(after(&opt_out, 1.0, 0.8, 0.99 * opts_out), 0.0);
        assert_eq!(after(&opt_out, 1.0, 0.8, 1.01 * opts_out), 1.0);
        assert_eq!(
            after(&opt_out, 1.0, 0.0, 0.0001),
            1.0,
            "no creepiness, no opt-out"
        );
        // Dashboard: the share is lowered by a step, to 0 below the floor.
        assert!((after(&dashboard, 0.6, 1.0, 0.0) - 0.35).abs() < 1e-12);
        assert_eq!(after(&dashboard, 0.25, 1.0, 0.0), 0.0);
        assert_eq!(after(&dashboard, 0.6, 1.0, 0.5), 0.6);
        // Opt-in: a non-targetable visitor may drift in, trusting ones more often.
        let drift = p.opt_in_drift * 0.5 * 0.7 / p.opt_in_trust_norm;
        assert_eq!(after(&opt_in, 0.0, 0.0, 0.99 * drift), 1.0);
        assert_eq!(after(&opt_in, 0.0, 0.0, 1.01 * drift), 0.0);
        assert_eq!(
            after(&opt_out, 0.0, 1.0, 0.0),
            0.0,
            "opt-out never opts back in"
        );
    }

    #[test]
    fn creepy_visits_breed_sentiment_convexly() {
        let p = params();
        assert_eq!(experience_sentiment(&p, 0.1, 0.0), 0.1);
        let mild = experience_sentiment(&p, 0.0, 0.3);
        let heavy = experience_sentiment(&p, 0.0, 0.6);
        assert!(heavy > 3.0 * mild && mild > 0.0);
        assert_eq!(
            experience_sentiment(&p, 0.5, 0.3),
            0.5,
            "the maximum, not a sum"
        );
    }

    #[test]
    fn lowering_trust_stops_at_zero_and_reports_what_was_applied() {
        let mut t: f64 = 0.3;
        let applied = lower_trust(&mut t, 0.1);
        assert_eq!(t, 0.3 - 0.1);
        assert_eq!(applied, t - 0.3);
        let before = t;
        assert_eq!(
            lower_trust(&mut t, 0.5),
            -before,
            "only what was there is lost"
        );
        assert_eq!(t, 0.0);
    }
}
