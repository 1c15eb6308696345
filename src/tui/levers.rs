//! The strategy levers as the strategy panel shows them: one entry per field of
//! [`Strategy`], each knowing how to show and nudge its value.

use shopsim::model::strategy::{ConsentModel, PrivacyTech, Strategy};
use shopsim::units::UnitInterval;

/// How far one left/right press moves a 0..1 slider.
pub const SLIDER_STEP: f64 = 0.05;

/// Stops of the retention-days lever; a press moves to the next stop in its direction.
pub const RETENTION_STOPS: [u32; 10] = [0, 30, 90, 180, 365, 730, 1095, 1825, 3650, 7300];

/// One lever of the strategy panel, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lever {
    Personalization,
    DataCollection,
    ThirdPartyData,
    Transparency,
    Consent,
    Security,
    RetentionDays,
    PrivacyTech,
}

/// What kind of control a lever is drawn as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LeverValue {
    Slider(f64),
    Toggle(bool),
    Choice(&'static str),
    Number(u32),
}

impl Lever {
    pub const ALL: [Lever; 8] = [
        Lever::Personalization,
        Lever::DataCollection,
        Lever::ThirdPartyData,
        Lever::Transparency,
        Lever::Consent,
        Lever::Security,
        Lever::RetentionDays,
        Lever::PrivacyTech,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Lever::Personalization => "personalization",
            Lever::DataCollection => "data collection",
            Lever::ThirdPartyData => "third-party data",
            Lever::Transparency => "transparency",
            Lever::Consent => "consent",
            Lever::Security => "security",
            Lever::RetentionDays => "retention days",
            Lever::PrivacyTech => "privacy tech",
        }
    }

    /// One line on what the lever means, shown under the panel for the selected lever.
    pub fn description(self) -> &'static str {
        match self {
            Lever::Personalization => "How strongly offers are tailored: 0 generic, 1 maximal.",
            Lever::DataCollection => "Breadth of first-party data collected: 0 minimal, 1 all.",
            Lever::ThirdPartyData => "Buy data from brokers and cross-site tracking.",
            Lever::Transparency => "How openly data use is explained: 0 covert, 1 fully.",
            Lever::Consent => "How consent is asked: opt-in, opt-out or a dashboard.",
            Lever::Security => "Security investment: lowers breach hazard and fines.",
            Lever::RetentionDays => "Days a record is kept after the shopper's last visit.",
            Lever::PrivacyTech => "Privacy technology applied to the data held.",
        }
    }

    pub fn value(self, strategy: &Strategy) -> LeverValue {
        match self {
            Lever::Personalization => LeverValue::Slider(strategy.personalization.get()),
            Lever::DataCollection => LeverValue::Slider(strategy.data_collection.get()),
            Lever::ThirdPartyData => LeverValue::Toggle(strategy.third_party_data),
            Lever::Transparency => LeverValue::Slider(strategy.transparency.get()),
            Lever::Consent => LeverValue::Choice(strategy.consent.name()),
            Lever::Security => LeverValue::Slider(strategy.security.get()),
            Lever::RetentionDays => LeverValue::Number(strategy.retention_days),
            Lever::PrivacyTech => LeverValue::Choice(short_privacy_tech(strategy.privacy_tech)),
        }
    }

    /// The strategy with this lever moved one step up (`up`) or down.
    pub fn nudged(self, strategy: &Strategy, up: bool) -> Strategy {
        let mut next = *strategy;
        let slide = |value: UnitInterval| {
            let sign = if up { 1.0 } else { -1.0 };
            // Round to the step grid so repeated presses land on 0.05, 0.10, ...
            let moved = ((value.get() + sign * SLIDER_STEP) / SLIDER_STEP).round() * SLIDER_STEP;
            UnitInterval::clamped(moved)
        };
        match self {
            Lever::Personalization => next.personalization = slide(strategy.personalization),
            Lever::DataCollection => next.data_collection = slide(strategy.data_collection),
            Lever::ThirdPartyData => next.third_party_data = !strategy.third_party_data,
            Lever::Transparency => next.transparency = slide(strategy.transparency),
            Lever::Consent => next.consent = cycle(&ConsentModel::ALL, strategy.consent, up),
            Lever::Security => next.security = slide(strategy.security),
            Lever::RetentionDays => next.retention_days = next_stop(strategy.retention_days, up),
            Lever::PrivacyTech => {
                next.privacy_tech = cycle(&PrivacyTech::ALL, strategy.privacy_tech, up)
            }
        }
        next
    }
}

/// A name that fits the panel ("differential-privacy" does not).
fn short_privacy_tech(tech: PrivacyTech) -> &'static str {
    match tech {
        PrivacyTech::DifferentialPrivacy => "diff. privacy",
        other => other.name(),
    }
}

/// The next (or previous) entry of `all`, staying at the ends.
fn cycle<T: Copy + PartialEq>(all: &[T], current: T, up: bool) -> T {
    let index = all.iter().position(|&x| x == current).unwrap_or(0);
    let next = if up {
        (index + 1).min(all.len() - 1)
    } else {
        index.saturating_sub(1)
    };
    all[next]
}

/// The next retention stop above (or below) `days`; values between stops snap to one.
fn next_stop(days: u32, up: bool) -> u32 {
    if up {
        RETENTION_STOPS
            .iter()
            .copied()
            .find(|&stop| stop > days)
            .unwrap_or(days)
    } else {
        RETENTION_STOPS
            .iter()
            .rev()
            .copied()
            .find(|&stop| stop < days)
            .unwrap_or(days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliders_move_by_one_step_and_stay_in_range() {
        let strategy = Strategy::default();
        let up = Lever::Personalization.nudged(&strategy, true);
        assert!((up.personalization.get() - 0.55).abs() < 1e-12);
        let mut s = strategy;
        for _ in 0..40 {
            s = Lever::Security.nudged(&s, true);
        }
        assert_eq!(s.security.get(), 1.0);
        for _ in 0..40 {
            s = Lever::Security.nudged(&s, false);
        }
        assert_eq!(s.security.get(), 0.0);
    }

    #[test]
    fn choices_and_toggles_and_numbers_change() {
        let strategy = Strategy::default();
        assert_eq!(
            Lever::Consent.nudged(&strategy, false).consent,
            ConsentModel::OptIn
        );
        assert!(
            Lever::ThirdPartyData
                .nudged(&strategy, true)
                .third_party_data
        );
        assert_eq!(
            Lever::RetentionDays.nudged(&strategy, true).retention_days,
            730
        );
        let odd = Strategy {
            retention_days: 100,
            ..strategy
        };
        assert_eq!(Lever::RetentionDays.nudged(&odd, false).retention_days, 90);
        assert_eq!(
            Lever::PrivacyTech.nudged(&strategy, true).privacy_tech,
            PrivacyTech::Anonymization
        );
    }
}
