//! Every number of the shopper model in one place, with its default and source.
//!
//! `docs/MODEL.md` (section "Details") lists the same table; equation numbers in the
//! doc comments (E1, E2, ...) refer to that document. Defaults marked *assumption*
//! were chosen so that the model reproduces the stylized facts of the calibration
//! brief; the others carry their published source.

use serde::{Deserialize, Serialize};

/// The `[model]` scenario table: which of these parameters a scenario may override.
mod table;

/// Parameters of the population at day 0, per segment
/// (order: fundamentalists, pragmatists, unconcerned).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationParams {
    /// Beta(a, b) of privacy concern per segment: means .85 / .50 / .05
    /// (Westin segment definitions; assumption on the spread).
    pub concern_beta: [(f64, f64); 3],
    /// Mean of the trust set-point per segment (assumption, ordered as the segments'
    /// attitude; Pew 2019: 81 % see risks outweighing benefits).
    pub trust_mean: [f64; 3],
    /// Standard deviation of the trust set-point (assumption).
    pub trust_sd: f64,
    /// Bounds of the trust set-point.
    pub trust_bounds: (f64, f64),
    /// Gamma shape of the daily visit propensity (NBD heterogeneity, Fader, Hardie & Lee 2005
    /// fit r = 0.243 on CDNOW; 1.5 is an assumption for a store with a regular base).
    pub visit_shape: f64,
    /// Mean daily visit propensity (assumption giving ~25 visits a year).
    pub visit_mean: f64,
    /// Cap on the daily visit propensity.
    pub visit_cap: f64,
    /// Gamma shape of the natural dropout hazard (Pareto/NBD-style heterogeneity).
    pub dropout_shape: f64,
    /// Mean natural dropout hazard per day: 0.00035, about 12 % a year (assumption).
    pub dropout_mean: f64,
    /// Share of shoppers with no natural dropout (`mu = 0`, E1, E13): customers who never
    /// lapse on their own, a point mass beside the gamma of the others (the gamma alone
    /// cannot make a cohort's buying level off as order histories do). Default 0 (the
    /// model before issue 15's fit); `shopsim calibrate` fits it.
    pub dropout_free_share: f64,
    /// Elasticity of a lapsing shopper's dropout hazard with respect to their visit
    /// propensity: the hazard drawn from the gamma is multiplied by `(v / visit_mean)^link`
    /// (E1). At 1 a shopper's chance of lapsing per visit does not depend on how often
    /// they visit, as in the BG/NBD model, where a customer can drop out only right after
    /// a purchase (Fader, Hardie & Lee 2005): rare buyers then lapse slowly in calendar
    /// time. Default 0 (hazard independent of visits, Pareto/NBD-style, the model before
    /// issue 15); `shopsim calibrate` fits it.
    pub dropout_visit_link: f64,
    /// Cohort mode only: a new customer's visit propensity is `v (1 + boost e^(-(a - 1) /
    /// days))` on their `a`-th day as a shopper (at most 1), the burst of repeat buying
    /// right after a first purchase that order histories show (Fader & Hardie 2001 model
    /// CDNOW's with a time-varying component). Default 0: no burst (the model before
    /// issue 15's fit); `shopsim calibrate` fits both.
    pub newcomer_visit_boost: f64,
    /// E-folding time of the newcomer burst, in days (default 14, unused at boost 0).
    pub newcomer_boost_days: f64,
    /// Mean basket value in dollars (industry average order value, assumption).
    pub basket_mean_dollars: f64,
    /// Log-normal sigma of a shopper's mean basket value (assumption).
    pub basket_sigma: f64,
    /// Last visit before day 0 is uniform over this many days (assumption).
    pub prior_activity_days: u32,
    /// Days of purchase history a shopper brings to day 0 (assumption: a year). Orders
    /// before day 0 are Poisson with mean `v x days x base_conversion x (offset + T)` (the
    /// E4/E8 rates without personalization) and count toward loyalty (E13), so loyal
    /// customers exist from the start instead of everyone climbing from 0.
    pub prior_purchase_days: f64,
    /// Records of past customers who lapsed before day 0, per simulated shopper; their
    /// last visit is uniform over `legacy_record_span_days` before day 0 (assumption: a
    /// retailer's store holds about as many lapsed customers as active ones).
    pub legacy_records_per_shopper: f64,
    pub legacy_record_span_days: u32,
    /// Neighbours per shopper in the Watts-Strogatz ring (k, even) and rewiring probability.
    pub network_degree: u32,
    pub network_rewiring: f64,
}

impl Default for PopulationParams {
    fn default() -> Self {
        PopulationParams {
            concern_beta: [(17.0, 3.0), (5.0, 5.0), (1.0, 19.0)],
            trust_mean: [0.55, 0.70, 0.80],
            trust_sd: 0.08,
            trust_bounds: (0.05, 0.95),
            visit_shape: 1.5,
            visit_mean: 0.07,
            visit_cap: 0.9,
            dropout_shape: 2.0,
            dropout_mean: 0.00035,
            dropout_free_share: 0.0,
            dropout_visit_link: 0.0,
            newcomer_visit_boost: 0.0,
            newcomer_boost_days: 14.0,
            basket_mean_dollars: 80.0,
            basket_sigma: 0.35,
            prior_activity_days: 60,
            prior_purchase_days: 365.0,
            legacy_records_per_shopper: 1.0,
            legacy_record_span_days: 1095,
            network_degree: 6,
            network_rewiring: 0.1,
        }
    }
}

/// How a privacy technology scales the data it touches (E5, E6, E17): relevance of
/// what is shown, creepiness felt, and breadth exposed in a breach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PrivacyTechFactors {
    pub relevance: f64,
    pub creepiness: f64,
    pub exposure: f64,
}

/// Parameters of the daily mechanisms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BehaviourParams {
    // --- awareness and control (E2) ---
    /// Awareness of collection `awareness_base + awareness_transparency * tau` (assumption:
    /// some shoppers know even when nothing is disclosed).
    pub awareness_base: f64,
    pub awareness_transparency: f64,
    /// Perceived control K per consent model: opt-out 0, opt-in 0.15, dashboard 1 (Tucker
    /// 2014: giving users granular control roughly doubled click-through; the levels are an
    /// assumption). Opt-in was 0.5: a single yes/no is consent, not the granular control the
    /// evidence is about, so it buys little of a dashboard's calm.
    pub control_opt_out: f64,
    pub control_opt_in: f64,
    pub control_dashboard: f64,

    // --- privacy technology (E5, E6, E17) ---
    /// Factors per technology (assumption, ordered by how far the data stays from the
    /// retailer; seed article 003: federated learning, differential privacy, clean rooms).
    pub tech_none: PrivacyTechFactors,
    pub tech_anonymization: PrivacyTechFactors,
    pub tech_differential_privacy: PrivacyTechFactors,
    pub tech_federated: PrivacyTechFactors,

    // --- consent (E3) ---
    /// Opt-out: probability of objecting is `opt_out_objection * c^2 * awareness`.
    pub opt_out_objection: f64,
    /// Opt-in: probability of opting in is `opt_in_base * (1 - c) * T / opt_in_trust_norm`
    /// (~22 %, in the 4-46 % range of app-tracking opt-in reports 2021-22).
    pub opt_in_base: f64,
    /// Trust that makes opting in as likely as `opt_in_base (1 - c)`: 0.7, about the
    /// population's mean trust (assumption). Also divides the daily opt-in drift (E11).
    pub opt_in_trust_norm: f64,
    /// Dashboard: shared data share `1 - dashboard_concern_weight * c + dashboard_noise * z`.
    pub dashboard_concern_weight: f64,
    pub dashboard_noise: f64,
    /// Dashboard shares below this are treated as no consent.
    pub dashboard_floor: f64,
    /// Chance on a visit that a non-targetable opt-in visitor opts in,
    /// `x (1 - c) T / opt_in_trust_norm` (E11, assumption).
    pub opt_in_drift: f64,

    // --- visit (E4) ---
    /// Visit probability `v (visit_trust_floor + (1 - floor) T) / visit_norm`.
    pub visit_trust_floor: f64,
    pub visit_norm: f64,

    // --- content (E5, E6, E7) ---
    /// Relevance `(1 - exp(-relevance_rate * p)) (1 - exp(-relevance_breadth_rate * d))`
    /// (E5): diminishing returns in intensity and, separately, in breadth. Intensity rate
    /// 2.5 (assumption; was 4.0 on the product `p d`): half intensity buys ~75 % of the
    /// relevance of full intensity whatever the data, so the benefit saturates before
    /// creepiness does (fact 1) and still grows a little up to p = 1 for shoppers who feel
    /// no creepiness (fact 2).
    pub relevance_rate: f64,
    /// Breadth rate of relevance, 3.0 (assumption, new in issue 14): extra data dimensions
    /// add less and less relevance (full first-party collection d = 1 buys 95 %, half of
    /// it 78 %). With the product `p d` of before, third-party data (d up to 1.4)
    /// saturated relevance by p = 0.2 and put the revenue peak at p = 0.1-0.2.
    pub relevance_breadth_rate: f64,
    /// Usable data from third-party sources when targetable.
    pub third_party_breadth: f64,
    /// Breadth rate of creepiness (E6): data breadth is felt as
    /// `(1 - exp(-k d)) / (1 - exp(-k))`, rising with every data dimension used (Gartner
    /// 2019-21) but less and less, and equal to `d` at full first-party collection
    /// (d = 1). Default 1.0 (assumption, new in issue 14): third-party data on top of
    /// broad collection (d up to 1.4) no longer makes personalization lose money for the
    /// unconcerned (fact 2) or at moderate intensity (facts 11, 12).
    pub creep_breadth_rate: f64,
    /// Creepiness: extra weight of third-party data per unit of its breadth, scaled by
    /// covertness `(1 - tau)` (E6). Default 0.8 (assumption; 0.5 before the felt breadth
    /// was normalized to full collection in issue 14, which raised first-party creepiness
    /// by about the same factor 1.6; first a x1.8 multiplier on all data whatever the
    /// transparency): covert third-party use is what violates expectations (seed article
    /// 002; Aguirre et al. 2015), so disclosed third-party data is only as creepy as its
    /// breadth. Then covertness and lack of control: control 0.7 (was 0.5; assumption,
    /// Tucker 2014: granular control roughly doubled click-through on personalized ads,
    /// and with 0.5 a dashboard raised click-through only 1.3-1.4x where data is lean or
    /// disclosed, fact 4).
    pub creep_third_party: f64,
    pub creep_covertness: f64,
    pub creep_control: f64,
    /// Distrust amplifier of felt creepiness: `max(0, 1 + amp (pivot - T))`. Default 2.0
    /// (assumption, was 2.5: a weaker trust-creepiness spiral keeps fundamentalist churn
    /// under aggressive personalization below ~50 %/year; Bleier & Eisenbeiss 2015 give
    /// the direction). Pivot 0.7.
    pub distrust_amplifier: f64,
    pub distrust_pivot: f64,

    // --- purchase (E8, E9) ---
    /// Base order probability per visit: 2.6 % (industry visit-to-order 2-3 %).
    pub base_conversion: f64,
    /// Trust offset in `(offset + T)`.
    pub conversion_trust_offset: f64,
    /// Relevance lift of conversion, multiplied by trust (Bleier & Eisenbeiss 2015).
    /// Default 0.2 (first 0.25, then 0.2, 0.3 while the creepiness penalty was linear):
    /// with the convex penalty personalization converts better at its revenue-maximizing
    /// intensity at 0.2 already (+6 % at the standard settings; McKinsey 2021; Bleier &
    /// Eisenbeiss 2015), and 0.3 made it pay so much that attribution no longer overstated
    /// it 2x (fact 11) in half the contexts; the revenue value at the peak is +12 %, within
    /// McKinsey's +5-15 %.
    pub relevance_conversion_lift: f64,
    /// Conversion penalty `exp(-penalty * F^2)`. Default 1.25 (was 0.4): at full felt
    /// creepiness a visit converts at ~29 % of the rate, i.e. creeped-out shoppers are
    /// more than 3x likelier to abandon (Gartner 2019-21). Hurts revenue at high intensity
    /// without driving churn (fact 1 vs fact 6). Convex in `F` like the trust damage of E11
    /// (mild intrusions are shrugged off): linear, it cost the unconcerned ~7 % of their
    /// orders at full intensity with covert third-party data (fact 2 failed in 6 of 40
    /// contexts).
    pub creepiness_conversion_penalty: f64,
    /// Basket lift from relevance. Default 0.12 (was 0.2, first 0.25): AOV +8-12 % at the
    /// relevance of moderate-to-full personalization, the low end of +10-30 % (seed article
    /// 002; McKinsey 2021), so that conversion carries part of the gain.
    pub relevance_basket_lift: f64,
    /// Log-normal sigma of the basket noise (mean 1).
    pub basket_noise_sigma: f64,

    // --- recommendation clicks (E10) ---
    pub click_base: f64,
    pub click_relevance_offset: f64,
    /// Reactance of clicks to felt creepiness, `exp(-x F)`. Default 15 (assumption, was
    /// 10): with the dashboard's lower creepiness this makes click-through under a
    /// control dashboard ~1.8x that under opt-out (Tucker 2014: roughly doubled).
    pub click_creepiness_reactance: f64,
    /// Buyers click recommendations this many times more (selection, not causation:
    /// Sharma, Hofman & Watts 2015).
    pub click_buyer_multiplier: f64,

    // --- experience (E11) ---
    /// Trust damage per visit `experience_damage * F^2` (convex, assumption). Default 0.15
    /// (the sketch's figure; 0.12 for a while to soften the harshest corner, back to 0.15 once
    /// the saturating breadth of E6 had lowered creepiness there by ~13 %, see MODEL.md E11).
    pub experience_damage: f64,
    /// Sentiment from a creepy visit `experience_sentiment * F^2`.
    pub experience_sentiment: f64,
    /// Opt-out after a creepy visit, `x F awareness`; dashboard: lower share.
    pub creepy_opt_out: f64,
    pub dashboard_lower_probability: f64,
    pub dashboard_lower_step: f64,

    // --- trust recovery (E12) ---
    /// Daily recovery toward the set-point, 1.5 %/day: half-life ~46 days (Slovic 1993).
    pub trust_recovery_rate: f64,

    // --- churn (E13) ---
    /// Extra churn hazard at zero trust, scaled by `(threshold - T)+ / threshold`.
    /// Default 0.0055/day (assumption, was 0.014, first 0.020): with the dissatisfaction
    /// term below carrying part of the response, abnormal churn after a major breach stays
    /// within Ponemon's 1.5-4 % across contexts instead of reaching 7 % where much data is
    /// held (the deep-distrust term is convex in the shock). Threshold 0.30.
    pub distrust_churn_hazard: f64,
    pub churn_trust_threshold: f64,
    /// Extra churn hazard per unit of trust lost below the shopper's own set-point,
    /// `x (T* - T)+` (E13): dissatisfaction drives defection at any trust level, not only
    /// in deep distrust (assumption on the size: 0.0014/day, so a shopper 0.2 below their
    /// set-point for a year leaves with ~10 % extra probability; Gartner 2019-21:
    /// over-personalized shoppers are >3x likelier to abandon).
    pub dissatisfaction_churn_hazard: f64,
    /// Loyalty `1 - exp(-orders / loyalty_orders)`; protection `1 - x L`
    /// (Janakiraman, Lim & Rishika 2018: loyal customers forgive more).
    pub loyalty_orders: f64,
    pub loyalty_protection: f64,

    // --- survey (E14) ---
    /// A shopper *says* they will leave when trust is below this ...
    pub intent_trust_threshold: f64,
    /// ... or their negative sentiment above this.
    pub intent_sentiment_threshold: f64,

    // --- news and word of mouth (E15, E16) ---
    /// News shock `min(news_shock * scale * s * (concern_floor + c) * (held_floor +
    /// (1-held_floor) dh), news_shock_cap)` (assumption). `news_shock` 0.75 (was 0.55) with
    /// the cap and with `dh` now the share of the shopper's data exposed (E17), which is
    /// smaller than the breadth it replaced: the same typical shock at the standard settings.
    pub news_shock: f64,
    /// Most trust one piece of news can take, 0.30 (new, assumption): news is one blow, and
    /// a concerned shopper about whom everything is held does not lose without bound. Without
    /// it, abnormal churn after a major breach ranged 0.9-5 % across the plausible contexts
    /// (4x the fundamentalists' share times full exposure times word of mouth); with it
    /// 1.2-3.9 %, inside Ponemon's 1-4 % (retail ~1.5 %, all industries ~3.9 %).
    pub news_shock_cap: f64,
    pub news_concern_floor: f64,
    pub news_held_floor: f64,
    /// Sentiment on hearing news, `S = max(S, min(news_sentiment * shock, 1))`: news is
    /// talked about more than it hurts (assumption; Capgemini 2017: 93 % of retail privacy
    /// talk on social media is negative).
    pub news_sentiment: f64,
    /// Under a dashboard, news that withdraws consent lowers the share by this much
    /// instead of to 0 (assumption).
    pub news_dashboard_lower_step: f64,
    /// Word of mouth: `T -= wom_trust * E * (concern_floor + c)`; `S = max(decay S, relay E)`.
    pub wom_trust: f64,
    pub sentiment_decay: f64,
    pub wom_relay: f64,
    /// Sentiment below this is flushed to zero (lets the loop skip quiet shoppers).
    pub sentiment_floor: f64,
}

impl Default for BehaviourParams {
    fn default() -> Self {
        BehaviourParams {
            awareness_base: 0.3,
            awareness_transparency: 0.7,
            control_opt_out: 0.0,
            control_opt_in: 0.15,
            control_dashboard: 1.0,
            tech_none: PrivacyTechFactors {
                relevance: 1.0,
                creepiness: 1.0,
                exposure: 1.0,
            },
            tech_anonymization: PrivacyTechFactors {
                relevance: 0.95,
                creepiness: 0.9,
                exposure: 0.5,
            },
            tech_differential_privacy: PrivacyTechFactors {
                relevance: 0.9,
                creepiness: 0.8,
                exposure: 0.3,
            },
            tech_federated: PrivacyTechFactors {
                relevance: 0.93,
                creepiness: 0.7,
                exposure: 0.2,
            },
            opt_out_objection: 0.30,
            opt_in_base: 0.50,
            opt_in_trust_norm: 0.7,
            dashboard_concern_weight: 0.7,
            dashboard_noise: 0.15,
            dashboard_floor: 0.05,
            opt_in_drift: 0.002,
            visit_trust_floor: 0.4,
            visit_norm: 0.82,
            relevance_rate: 2.5,
            relevance_breadth_rate: 3.0,
            creep_breadth_rate: 1.0,
            third_party_breadth: 0.4,
            creep_third_party: 0.8,
            creep_covertness: 0.6,
            creep_control: 0.7,
            distrust_amplifier: 2.0,
            distrust_pivot: 0.7,
            base_conversion: 0.026,
            conversion_trust_offset: 0.3,
            relevance_conversion_lift: 0.2,
            creepiness_conversion_penalty: 1.25,
            relevance_basket_lift: 0.12,
            basket_noise_sigma: 0.25,
            click_base: 0.035,
            click_relevance_offset: 0.3,
            click_creepiness_reactance: 15.0,
            click_buyer_multiplier: 20.0,
            experience_damage: 0.15,
            experience_sentiment: 0.15,
            creepy_opt_out: 0.05,
            dashboard_lower_probability: 0.2,
            dashboard_lower_step: 0.25,
            trust_recovery_rate: 0.015,
            distrust_churn_hazard: 0.0055,
            churn_trust_threshold: 0.30,
            dissatisfaction_churn_hazard: 0.0014,
            loyalty_orders: 2.0,
            loyalty_protection: 0.5,
            intent_trust_threshold: 0.45,
            intent_sentiment_threshold: 0.35,
            news_shock: 0.75,
            news_shock_cap: 0.30,
            news_concern_floor: 0.2,
            news_held_floor: 0.4,
            news_sentiment: 2.0,
            news_dashboard_lower_step: 0.5,
            wom_trust: 0.10,
            sentiment_decay: 0.6,
            wom_relay: 0.5,
            sentiment_floor: 1e-3,
        }
    }
}

/// The parameters of the steps every shopper takes every day (E4, E12, E13, E14, E16,
/// in [`crate::model::daily`]), in `f32`, the precision the shoppers' state is stored
/// in. Made once a day from [`BehaviourParams`]; derived terms (the visit slope and the
/// reciprocal of the visit norm) are worked out in `f64` and rounded once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DailyParams {
    pub wom_trust: f32,
    pub news_concern_floor: f32,
    pub sentiment_decay: f32,
    pub wom_relay: f32,
    pub sentiment_floor: f32,
    pub visit_trust_floor: f32,
    /// `1 - visit_trust_floor`.
    pub visit_trust_slope: f32,
    /// `1 / visit_norm`.
    pub per_visit_norm: f32,
    pub trust_recovery_rate: f32,
    pub churn_trust_threshold: f32,
    pub distrust_churn_hazard: f32,
    pub dissatisfaction_churn_hazard: f32,
    pub loyalty_protection: f32,
    pub intent_trust_threshold: f32,
    pub intent_sentiment_threshold: f32,
}

impl DailyParams {
    pub fn of(b: &BehaviourParams) -> DailyParams {
        DailyParams {
            wom_trust: b.wom_trust as f32,
            news_concern_floor: b.news_concern_floor as f32,
            sentiment_decay: b.sentiment_decay as f32,
            wom_relay: b.wom_relay as f32,
            sentiment_floor: b.sentiment_floor as f32,
            visit_trust_floor: b.visit_trust_floor as f32,
            visit_trust_slope: (1.0 - b.visit_trust_floor) as f32,
            per_visit_norm: (1.0 / b.visit_norm) as f32,
            trust_recovery_rate: b.trust_recovery_rate as f32,
            churn_trust_threshold: b.churn_trust_threshold as f32,
            distrust_churn_hazard: b.distrust_churn_hazard as f32,
            dissatisfaction_churn_hazard: b.dissatisfaction_churn_hazard as f32,
            loyalty_protection: b.loyalty_protection as f32,
            intent_trust_threshold: b.intent_trust_threshold as f32,
            intent_sentiment_threshold: b.intent_sentiment_threshold as f32,
        }
    }
}

/// Days in a year, to turn yearly figures into daily ones and back (the calendar, not
/// a parameter).
pub const DAYS_PER_YEAR: f64 = 365.0;

/// Parameters of the retailer's exposure: breaches, costs and fines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetailerParams {
    /// Yearly breach hazard at zero security: `x (1 - security)(base + dc + third_party TP)`
    /// (assumption; IBM/Ponemon: ~30 % re-breached within 24 months).
    pub breach_hazard_per_year: f64,
    /// Exposure of a retailer that collects nothing (0.5) and the extra of third-party
    /// data (0.3) in the breach hazard (assumption).
    pub breach_hazard_base: f64,
    pub breach_hazard_third_party: f64,
    /// Severity of a random breach, (lowest, range): uniform from 0.2 to 0.2 + 0.6
    /// (assumption).
    pub random_breach_severity: (f64, f64),
    /// Fixed cost of a breach in dollars, at real scale (E20; Jacobs 2014's form, set with
    /// the per-record cost so that a typical breach of a mid-size retailer costs about
    /// IBM/Ponemon's 2024 average of $4.88M).
    pub breach_fixed_cost_dollars: f64,
    /// Cost per exposed record in dollars, at real scale (E20; the slope of large breaches,
    /// well below IBM's average per-record cost of small ones).
    pub breach_cost_per_record_dollars: f64,
    /// Fines as a share of annual revenue: GDPR Art. 83 cap of 4 %.
    pub fine_cap_share: f64,
    /// A breach fine is `floor + (1 - floor) gap` of the full rate: even a compliant
    /// retailer is fined for a breach, half as much (assumption).
    pub breach_fine_floor: f64,
    /// GDPR Art. 83 floor of the cap, EUR 20M, and the dollars per euro it is converted at.
    pub fine_cap_floor_euros: f64,
    pub dollars_per_euro: f64,
    /// Reach of a breach: retained shoppers learn with `0.3 + 0.6 s`, others with `0.4 s`.
    pub breach_reach_retained: (f64, f64),
    pub breach_reach_media: f64,
    /// Share of a held shopper's record that is identity and contact data, exposed whatever
    /// the retention; the rest is their history, of which only the last `retention_days` are
    /// kept (E17; assumption: half).
    pub record_identity_share: f64,
    /// Mean news delay in days: the delay is the floor of an exponential, at most
    /// `news_max_delay_days - 1`; a wave is forgotten `news_max_delay_days` days after
    /// its event (assumption: most news lands within a day or two).
    pub news_mean_delay_days: f64,
    pub news_max_delay_days: u32,
    /// Shock scales per event kind (breach, inquiry, policy change).
    pub shock_scale: [f64; 3],
    /// Reach of inquiries (`x s`) and policy changes (`a + b s`).
    pub inquiry_reach: f64,
    pub policy_reach: (f64, f64),
    /// Compliance gap per consent model (opt-in, opt-out, dashboard), plus terms for
    /// covertness, third-party data and retention beyond `gap_retention_days`
    /// (assumption).
    pub gap_consent: [f64; 3],
    pub gap_covertness: f64,
    pub gap_third_party: f64,
    pub gap_long_retention: f64,
    pub gap_retention_days: u32,
}

impl Default for RetailerParams {
    fn default() -> Self {
        RetailerParams {
            breach_hazard_per_year: 0.10,
            breach_hazard_base: 0.5,
            breach_hazard_third_party: 0.3,
            random_breach_severity: (0.2, 0.6),
            breach_fixed_cost_dollars: 1_000_000.0,
            breach_cost_per_record_dollars: 8.0,
            fine_cap_share: 0.04,
            breach_fine_floor: 0.5,
            fine_cap_floor_euros: 20_000_000.0,
            dollars_per_euro: 1.08,
            breach_reach_retained: (0.3, 0.6),
            breach_reach_media: 0.4,
            record_identity_share: 0.5,
            news_mean_delay_days: 0.8,
            news_max_delay_days: 14,
            shock_scale: [1.0, 0.15, 0.35],
            inquiry_reach: 0.4,
            policy_reach: (0.3, 0.5),
            gap_consent: [0.0, 0.4, 0.1],
            gap_covertness: 0.3,
            gap_third_party: 0.2,
            gap_long_retention: 0.1,
            gap_retention_days: 365,
        }
    }
}

/// All model parameters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ModelParams {
    pub population: PopulationParams,
    pub behaviour: BehaviourParams,
    pub retailer: RetailerParams,
}
