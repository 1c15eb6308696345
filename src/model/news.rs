//! News of events (E15): who hears of an event, when, and what it does to them.
//!
//! Each event starts a news wave. A shopper's delay and whether the wave reaches them
//! are drawn from the wave's own random numbers (the engine keys them); on arrival the
//! shock lowers trust, raises sentiment and may withdraw consent. Trigger incidents
//! such as policy updates and regulatory inquiries raise consumer scepticism
//! (Capgemini 2017, "Privacy Please"). The numbers are in [`RetailerParams`] (reach,
//! delay, shock scales) and [`BehaviourParams`] (the shock itself).

use crate::model::events::EventKind;
use crate::model::params::{BehaviourParams, RetailerParams};
use crate::model::strategy::ConsentModel;

/// Probability that news of an event of `kind` and `severity` reaches a shopper whose
/// record the retailer holds (`retained`) or not: a breach reaches the people it
/// concerns more often than the rest, who learn of it from the media.
pub fn reach(params: &RetailerParams, kind: EventKind, severity: f64, retained: bool) -> f64 {
    let s = severity;
    match kind {
        EventKind::Breach => {
            if retained {
                params.breach_reach_retained.0 + params.breach_reach_retained.1 * s
            } else {
                params.breach_reach_media * s
            }
        }
        EventKind::RegulatoryInquiry => params.inquiry_reach * s,
        EventKind::PolicyChange => params.policy_reach.0 + params.policy_reach.1 * s,
    }
}

/// Days between an event and the news reaching a shopper, from a uniform `u`: the floor
/// of an exponential with the mean delay, at most `news_max_delay_days - 1` = 13 (the
/// engine forgets a wave `news_max_delay_days` = 14 days after it fired).
///
/// `floor(Exp(m)) >= k` exactly when `1 - u <= exp(-k / m)`, so the delay is counted with
/// the crate's own `exp` (`model::math`) rather than the platform's `ln`: a seed gives the
/// same delays on every platform.
pub fn delay_days(params: &RetailerParams, u: f64) -> u32 {
    let latest = params.news_max_delay_days.saturating_sub(1);
    let mean = params.news_mean_delay_days;
    if mean.is_nan() || mean <= 0.0 {
        return 0;
    }
    let survival = 1.0 - u;
    let mut delay = 0;
    while delay < latest && survival <= crate::model::math::exp(-f64::from(delay + 1) / mean) {
        delay += 1;
    }
    delay
}

/// Trust shock when news of an event reaches a shopper,
/// `min(shock scale s (concern_floor + c)(held_floor + (1 - held_floor) dh), cap)`: larger
/// for severe events, concerned shoppers and those the retailer holds much data on, and at
/// most `news_shock_cap` (one piece of news is one blow). `scale` is the event kind's shock
/// scale, `data_held` the share of everything about this shopper that the event exposes
/// (E17, [`crate::model::retailer::data_exposed_per_record`]; 0 if their record is not
/// held), at most 1.
#[inline]
pub fn shock(params: &BehaviourParams, scale: f64, severity: f64, c: f64, data_held: f64) -> f64 {
    let dh = data_held.clamp(0.0, 1.0);
    (params.news_shock
        * scale
        * severity
        * (params.news_concern_floor + c)
        * (params.news_held_floor + (1.0 - params.news_held_floor) * dh))
        .min(params.news_shock_cap)
}

/// Sentiment after hearing news with `shock`: `max(S, min(news_sentiment shock, 1))`.
/// Several waves on one day take the maximum, they do not add.
#[inline]
pub fn sentiment_after(params: &BehaviourParams, sentiment: f64, shock: f64) -> f64 {
    sentiment.max((params.news_sentiment * shock).min(1.0))
}

/// Consent after news with `shock`, given a uniform `u`: withdrawn with probability
/// `shock`; under a dashboard the share is lowered by a step instead, and a share left
/// below the dashboard floor counts as none (the rule of E3 and E11).
#[inline]
pub fn consent_after(
    params: &BehaviourParams,
    model: ConsentModel,
    consent: f64,
    shock: f64,
    u: f64,
) -> f64 {
    if u >= shock {
        return consent;
    }
    match model {
        ConsentModel::Dashboard => crate::model::mechanisms::dashboard_share(
            params,
            consent - params.news_dashboard_lower_step,
        ),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shock_grows_with_data_held_and_concern() {
        let p = BehaviourParams::default();
        assert!(shock(&p, 1.0, 0.5, 0.5, 1.0) > shock(&p, 1.0, 0.5, 0.5, 0.0));
        assert!(shock(&p, 1.0, 0.5, 0.9, 0.5) > shock(&p, 1.0, 0.5, 0.1, 0.5));
        assert!(shock(&p, 1.0, 0.5, 0.5, 0.5) > shock(&p, 0.15, 0.5, 0.5, 0.5));
        assert_eq!(shock(&p, 1.0, 0.0, 0.5, 0.5), 0.0);
    }

    #[test]
    fn one_piece_of_news_takes_at_most_the_cap() {
        let p = BehaviourParams::default();
        // The harshest case: a major breach, a fundamentalist, everything exposed.
        assert_eq!(shock(&p, 1.0, 1.0, 1.0, 1.0), p.news_shock_cap);
        // A typical pragmatist's shock stays below the cap and keeps growing with exposure.
        let (lean, full) = (shock(&p, 1.0, 0.7, 0.5, 0.3), shock(&p, 1.0, 0.7, 0.5, 0.6));
        assert!(lean < full && full < p.news_shock_cap, "{lean} {full}");
    }

    #[test]
    fn a_breach_reaches_those_it_concerns_more_often() {
        let r = RetailerParams::default();
        for s in [0.1, 0.5, 1.0] {
            let held = reach(&r, EventKind::Breach, s, true);
            let media = reach(&r, EventKind::Breach, s, false);
            assert!(held > media, "severity {s}: {held} vs {media}");
            assert!((0.0..=1.0).contains(&held) && (0.0..=1.0).contains(&media));
        }
        // Inquiries and policy changes do not depend on the record.
        for kind in [EventKind::RegulatoryInquiry, EventKind::PolicyChange] {
            assert_eq!(reach(&r, kind, 0.5, true), reach(&r, kind, 0.5, false));
        }
        assert!(
            reach(&r, EventKind::Breach, 0.5, false) > reach(&r, EventKind::Breach, 0.2, false)
        );
    }

    #[test]
    fn news_lands_within_days_and_never_after_the_wave_is_forgotten() {
        let r = RetailerParams::default();
        let delays: Vec<u32> = (0..10_000)
            .map(|i| delay_days(&r, i as f64 / 10_000.0))
            .collect();
        let mean = delays.iter().sum::<u32>() as f64 / delays.len() as f64;
        // floor(Exp(0.8)) has mean 1 / (e^(1/0.8) - 1) = 0.40.
        assert!((mean - 0.40).abs() < 0.02, "mean delay {mean}");
        assert_eq!(delay_days(&r, 0.0), 0);
        assert_eq!(delay_days(&r, 1.0 - 1e-16), r.news_max_delay_days - 1);
        assert!(delays.iter().all(|&d| d < r.news_max_delay_days));
    }

    #[test]
    fn news_breeds_talk_up_to_the_cap() {
        let p = BehaviourParams::default();
        assert_eq!(sentiment_after(&p, 0.0, 0.1), 0.2);
        assert_eq!(sentiment_after(&p, 0.5, 0.1), 0.5, "the maximum, not a sum");
        assert_eq!(sentiment_after(&p, 0.0, 0.9), 1.0);
    }

    #[test]
    fn news_withdraws_consent_with_probability_shock() {
        let p = BehaviourParams::default();
        let after = |model, u| consent_after(&p, model, 0.8, 0.3, u);
        assert_eq!(after(ConsentModel::OptOut, 0.29), 0.0);
        assert_eq!(after(ConsentModel::OptOut, 0.31), 0.8);
        assert_eq!(after(ConsentModel::OptIn, 0.1), 0.0);
        assert!((after(ConsentModel::Dashboard, 0.1) - 0.3).abs() < 1e-12);
        assert_eq!(
            consent_after(&p, ConsentModel::Dashboard, 0.2, 0.3, 0.1),
            0.0
        );
        // A share left just under the dashboard floor counts as none, as after a visit.
        let just_under = p.news_dashboard_lower_step + 0.5 * p.dashboard_floor;
        assert_eq!(
            consent_after(&p, ConsentModel::Dashboard, just_under, 0.3, 0.1),
            0.0
        );
    }
}
