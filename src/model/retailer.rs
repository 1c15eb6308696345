//! The retailer's exposure: records held (E17), random breaches (E18), the compliance
//! gap (E19), breach cost (E20) and fines (E21, E22).

use crate::model::params::{ModelParams, RetailerParams, DAYS_PER_YEAR};
use crate::model::strategy::{ConsentModel, Strategy};
use crate::units::Cents;

/// Whether the retailer still holds the record of a shopper last seen on `last_visit`
/// on `day` (E17): while `day - last_visit <= retention_days`. (The engine counts the
/// records held from the counts of last visits, `crate::sim::records`, with the same rule.)
#[inline]
pub fn record_held(day: i64, last_visit: i64, retention_days: u32) -> bool {
    day - last_visit <= retention_days as i64
}

/// Share of everything about a held shopper that an event exposes (E17),
/// `breadth / (1 + 0.4) x (identity + (1 - identity) min(retention / history, 1))`, in
/// `[0, 1]`. `breadth / (1 + 0.4)` is the part of all there is to hold about a shopper
/// (everything collected first-hand plus third-party data) that the retailer holds. A record
/// is identity and contact data plus the history of what the shopper did; keeping data no
/// longer than the retention period (GDPR Art. 5(1)(e), storage limitation) means only the
/// last `retention_days` of a history of `history_days` are still there to be exposed.
pub fn data_exposed_per_record(
    params: &ModelParams,
    breadth: f64,
    retention_days: u32,
    history_days: f64,
) -> f64 {
    let full_breadth = 1.0 + params.behaviour.third_party_breadth;
    let held = (breadth / full_breadth).clamp(0.0, 1.0);
    let kept = if history_days > 0.0 {
        (retention_days as f64 / history_days).min(1.0)
    } else {
        1.0
    };
    let identity = params.retailer.record_identity_share;
    held * (identity + (1.0 - identity) * kept)
}

/// Daily probability of a random breach (E18): `h (1 - security)(0.5 + dc + 0.3 TP) / 365`.
pub fn breach_hazard_per_day(params: &RetailerParams, strategy: &Strategy) -> f64 {
    let third_party = if strategy.third_party_data { 1.0 } else { 0.0 };
    params.breach_hazard_per_year
        * (1.0 - strategy.security.get())
        * (params.breach_hazard_base
            + strategy.data_collection.get()
            + params.breach_hazard_third_party * third_party)
        / DAYS_PER_YEAR
}

/// Severity of a random breach from a uniform `u` (E18): uniform in 0.2..0.8.
pub fn random_breach_severity(params: &RetailerParams, u: f64) -> f64 {
    let (lowest, range) = params.random_breach_severity;
    lowest + range * u
}

/// Compliance gap in `[0, 1]` (E19): how far the practice is from what a regulator
/// expects. Consent model, covertness, third-party data and retention beyond a year.
pub fn compliance_gap(params: &RetailerParams, strategy: &Strategy) -> f64 {
    let consent = match strategy.consent {
        ConsentModel::OptIn => params.gap_consent[0],
        ConsentModel::OptOut => params.gap_consent[1],
        ConsentModel::Dashboard => params.gap_consent[2],
    };
    let third_party = if strategy.third_party_data { 1.0 } else { 0.0 };
    let long_retention = if strategy.retention_days > params.gap_retention_days {
        1.0
    } else {
        0.0
    };
    (consent
        + params.gap_covertness * (1.0 - strategy.transparency.get())
        + params.gap_third_party * third_party
        + params.gap_long_retention * long_retention)
        .min(1.0)
}

/// Direct cost of a breach exposing `records_exposed` records (E20), after Jacobs 2014's
/// fixed-plus-per-record form.
pub fn breach_cost(params: &RetailerParams, records_exposed: f64) -> Cents {
    Cents::from_dollars(
        params.breach_fixed_cost_dollars
            + params.breach_cost_per_record_dollars * records_exposed.max(0.0),
    )
}

/// Fine proposed for a breach (E21): a share of annual revenue scaled by severity,
/// lack of security and the compliance gap. The cap is applied by [`cap_fine`].
pub fn breach_fine(
    params: &RetailerParams,
    strategy: &Strategy,
    annual_revenue: Cents,
    severity: f64,
) -> Cents {
    let gap = compliance_gap(params, strategy);
    Cents::from_dollars(
        params.fine_cap_share
            * annual_revenue.dollars().max(0.0)
            * severity
            * (1.0 - strategy.security.get())
            * (params.breach_fine_floor + (1.0 - params.breach_fine_floor) * gap),
    )
}

/// Fine proposed after a regulatory inquiry (E21): a share of annual revenue scaled by
/// severity and the compliance gap.
pub fn inquiry_fine(
    params: &RetailerParams,
    strategy: &Strategy,
    annual_revenue: Cents,
    severity: f64,
) -> Cents {
    let gap = compliance_gap(params, strategy);
    Cents::from_dollars(params.fine_cap_share * annual_revenue.dollars().max(0.0) * severity * gap)
}

/// The revenue so far, annualized: the base of fines (E21). On `day` the revenue of
/// the days before it is known; on day 1 there is none yet.
pub fn annual_revenue(cumulative_revenue: Cents, day: u32) -> Cents {
    let days = day.saturating_sub(1).max(1) as f64;
    Cents::from_dollars(cumulative_revenue.dollars() * DAYS_PER_YEAR / days)
}

/// The GDPR Art. 83 cap on total fines (E22): 4 % of annual revenue or EUR 20M,
/// whichever is higher.
pub fn fine_cap(params: &RetailerParams, annual_revenue: Cents) -> Cents {
    Cents::from_dollars(
        (params.fine_cap_share * annual_revenue.dollars().max(0.0))
            .max(params.fine_cap_floor_euros * params.dollars_per_euro),
    )
}

/// Caps a proposed fine so that total fines never exceed [`fine_cap`] (E22). Returns the
/// part of `proposed` that may still be levied.
pub fn cap_fine(
    params: &RetailerParams,
    proposed: Cents,
    fines_so_far: Cents,
    annual_revenue: Cents,
) -> Cents {
    let cap = fine_cap(params, annual_revenue);
    let room = Cents((cap.0 - fines_so_far.0).max(0));
    Cents(proposed.0.clamp(0, room.0))
}

/// Share of the legacy records (lapsed before day 0, last seen uniformly over `span`
/// days before day 0) still held on `day` with a retention of `retention_days` (E17).
pub fn legacy_share_retained(span_days: u32, retention_days: u32, day: u32) -> f64 {
    if span_days == 0 {
        return 0.0;
    }
    ((retention_days as f64 - day as f64) / span_days as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::UnitInterval;

    #[test]
    fn security_lowers_breach_hazard() {
        let p = RetailerParams::default();
        let lax = Strategy {
            security: UnitInterval::clamped(0.1),
            ..Strategy::default()
        };
        let tight = Strategy {
            security: UnitInterval::clamped(0.9),
            ..Strategy::default()
        };
        assert!(breach_hazard_per_day(&p, &lax) > 5.0 * breach_hazard_per_day(&p, &tight));
        let perfect = Strategy {
            security: UnitInterval::ONE,
            ..Strategy::default()
        };
        assert_eq!(breach_hazard_per_day(&p, &perfect), 0.0);
    }

    #[test]
    fn breach_cost_grows_with_records() {
        let p = RetailerParams::default();
        assert!(breach_cost(&p, 10_000.0) > breach_cost(&p, 1_000.0));
        assert_eq!(breach_cost(&p, 0.0), Cents::from_dollars(1_000_000.0));
        // A typical breach of a mid-size retailer (half of ~1M records held by 2M
        // customers) costs about IBM/Ponemon's 2024 average of $4.88M.
        let typical = breach_cost(&p, 0.5 * 977_000.0).dollars();
        assert!((typical - 4.88e6).abs() < 0.1e6, "{typical}");
    }

    #[test]
    fn small_retailers_fines_are_capped_at_the_euro_floor() {
        let p = RetailerParams::default();
        let revenue = Cents::from_dollars(100_000_000.0);
        let floor = Cents::from_dollars(20_000_000.0 * 1.08);
        assert_eq!(fine_cap(&p, revenue), floor);
        assert_eq!(
            cap_fine(&p, Cents::from_dollars(1e10), Cents::ZERO, revenue),
            floor
        );
        assert_eq!(
            cap_fine(&p, Cents::from_dollars(5e6), Cents::ZERO, revenue),
            Cents::from_dollars(5e6)
        );
    }

    #[test]
    fn fines_are_capped_at_four_percent_of_revenue() {
        let p = RetailerParams::default();
        let revenue = Cents::from_dollars(1_000_000_000.0);
        let cap = Cents::from_dollars(40_000_000.0);
        assert_eq!(
            cap_fine(&p, Cents::from_dollars(1e9), Cents::ZERO, revenue),
            cap
        );
        assert_eq!(
            cap_fine(
                &p,
                Cents::from_dollars(30_000_000.0),
                Cents::from_dollars(30_000_000.0),
                revenue
            ),
            Cents::from_dollars(10_000_000.0)
        );
        assert_eq!(cap_fine(&p, Cents(1), cap, revenue), Cents::ZERO);
    }

    #[test]
    fn opt_in_transparent_practice_has_the_smallest_gap() {
        let p = RetailerParams::default();
        let clean = Strategy {
            consent: ConsentModel::OptIn,
            transparency: UnitInterval::ONE,
            ..Strategy::default()
        };
        let dirty = Strategy {
            consent: ConsentModel::OptOut,
            transparency: UnitInterval::ZERO,
            third_party_data: true,
            retention_days: 1825,
            ..Strategy::default()
        };
        assert_eq!(compliance_gap(&p, &clean), 0.0);
        assert!((compliance_gap(&p, &dirty) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn random_breaches_are_moderate_to_severe() {
        let p = RetailerParams::default();
        assert!((random_breach_severity(&p, 0.0) - 0.2).abs() < 1e-12);
        assert!((random_breach_severity(&p, 1.0) - 0.8).abs() < 1e-12);
        let third_party = Strategy {
            third_party_data: true,
            ..Strategy::default()
        };
        assert!(
            breach_hazard_per_day(&p, &third_party)
                > breach_hazard_per_day(&p, &Strategy::default())
        );
    }

    #[test]
    fn a_breach_is_fined_even_without_a_compliance_gap() {
        let p = RetailerParams::default();
        let revenue = Cents::from_dollars(1_000_000.0);
        let clean = Strategy {
            consent: ConsentModel::OptIn,
            transparency: UnitInterval::ONE,
            security: UnitInterval::ZERO,
            ..Strategy::default()
        };
        assert_eq!(compliance_gap(&p, &clean), 0.0);
        // Half the full rate: 4 % x severity 0.5 x 0.5.
        assert_eq!(
            breach_fine(&p, &clean, revenue, 0.5),
            Cents::from_dollars(10_000.0)
        );
        assert_eq!(inquiry_fine(&p, &clean, revenue, 0.5), Cents::ZERO);
    }

    #[test]
    fn records_are_held_for_the_retention_period_and_revenue_is_annualized() {
        assert!(record_held(100, 10, 90));
        assert!(!record_held(100, 9, 90));
        assert!(record_held(5, -30, 365));
        assert_eq!(
            annual_revenue(Cents::from_dollars(1_000.0), 1),
            Cents::from_dollars(365_000.0)
        );
        assert_eq!(
            annual_revenue(Cents::from_dollars(1_000.0), 11),
            Cents::from_dollars(36_500.0)
        );
    }

    #[test]
    fn a_breach_exposes_more_of_a_shopper_the_more_is_kept() {
        let p = ModelParams::default();
        let exposed = |breadth, retention| data_exposed_per_record(&p, breadth, retention, 547.0);
        // Breadth: everything first-hand plus third-party data is everything.
        assert_eq!(exposed(1.4, 1095), 1.0);
        assert!(exposed(0.5, 365) < exposed(1.0, 365));
        // Retention: a quarter's history exposes less than a year's, which exposes less
        // than the whole history; identity data is exposed whatever the retention.
        assert!(exposed(0.5, 90) < exposed(0.5, 365) && exposed(0.5, 365) < exposed(0.5, 1095));
        assert!(exposed(0.5, 0) >= p.retailer.record_identity_share * 0.5 / 1.4 - 1e-12);
        assert_eq!(exposed(0.0, 365), 0.0);
    }

    #[test]
    fn legacy_records_expire_with_retention() {
        assert_eq!(legacy_share_retained(1095, 1095, 0), 1.0);
        assert!((legacy_share_retained(1095, 365, 0) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(legacy_share_retained(1095, 90, 100), 0.0);
    }
}
