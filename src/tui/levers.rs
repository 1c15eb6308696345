//! The strategy levers as the strategy panel shows them: one entry per spec of
//! [`LEVERS`], each knowing how to show and nudge its value. The list, labels,
//! descriptions and ranges all come from the spec table; this file only decides how a
//! kind of value is drawn and stepped.

use shopsim::model::economics::{self, CostBase, LeverCostsDollars};
use shopsim::model::spec::{Kind, Value};
use shopsim::model::strategy::{Strategy, LEVERS};
use shopsim::scenario::Scenario;
use shopsim::sim::DayMetrics;
use shopsim::units::UnitInterval;

/// How far one left/right press moves a 0..1 slider.
pub const SLIDER_STEP: f64 = 0.05;

/// One lever of the strategy panel: a spec of [`LEVERS`].
#[derive(Clone, Copy)]
pub struct Lever(&'static shopsim::model::strategy::Lever);

impl std::fmt::Debug for Lever {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lever({})", self.key())
    }
}

impl PartialEq for Lever {
    fn eq(&self, other: &Lever) -> bool {
        self.key() == other.key()
    }
}

/// What kind of control a lever is drawn as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LeverValue {
    Slider(f64),
    Toggle(bool),
    Choice(&'static str),
    Number(i64),
    Amount(f64),
}

impl Lever {
    /// Every lever, in display order.
    pub fn all() -> impl ExactSizeIterator<Item = Lever> {
        LEVERS.iter().map(Lever)
    }

    /// The number of levers.
    pub fn count() -> usize {
        LEVERS.len()
    }

    /// The lever at `index` in display order (the last one past the end).
    pub fn at(index: usize) -> Lever {
        let index = index.min(LEVERS.len().saturating_sub(1));
        Lever(&LEVERS[index])
    }

    /// The lever's key in scenario files, e.g. `privacy_tech`.
    pub fn key(self) -> &'static str {
        self.0.key
    }

    pub fn label(self) -> &'static str {
        self.0.label
    }

    /// One line on what the lever means, shown under the panel for the selected lever.
    pub fn description(self) -> &'static str {
        self.0.description
    }

    pub fn value(self, strategy: &Strategy) -> LeverValue {
        match self.0.get(strategy) {
            Value::Fraction(x) => LeverValue::Slider(x.get()),
            Value::Switch(on) => LeverValue::Toggle(on),
            Value::Choice(name) => LeverValue::Choice(short_name(name)),
            Value::Whole(n) => LeverValue::Number(n),
            Value::Number(x) => LeverValue::Amount(x),
        }
    }

    /// This lever's share of `costs`: data storage belongs to retention (records kept
    /// longer cost more); data collection has no cost of its own beyond that.
    pub fn yearly_cost(self, costs: &LeverCostsDollars) -> Option<f64> {
        match self.key() {
            "personalization" => Some(costs.personalization),
            "third_party_data" => Some(costs.third_party_data),
            "transparency" => Some(costs.transparency),
            "consent" => Some(costs.consent_dashboard),
            "security" => Some(costs.security),
            "retention_days" => Some(costs.data_storage),
            "privacy_tech" => Some(costs.privacy_tech),
            _ => None,
        }
    }

    /// The strategy with this lever moved one step up (`up`) or down.
    pub fn nudged(self, strategy: &Strategy, up: bool) -> Strategy {
        let sign = if up { 1.0 } else { -1.0 };
        let next = match (&self.0.kind, self.0.get(strategy)) {
            (Kind::Fraction { .. }, Value::Fraction(x)) => {
                // Round to the step grid so repeated presses land on 0.05, 0.10, ...
                let moved = ((x.get() + sign * SLIDER_STEP) / SLIDER_STEP).round() * SLIDER_STEP;
                Value::Fraction(UnitInterval::clamped(moved))
            }
            (Kind::Switch { .. }, Value::Switch(on)) => Value::Switch(!on),
            (Kind::Choice { names, .. }, Value::Choice(name)) => {
                Value::Choice(cycle(&names(), name, up))
            }
            (Kind::Whole { range, stops, .. }, Value::Whole(n)) => {
                let moved = if stops.is_empty() {
                    n.saturating_add(if up { 1 } else { -1 })
                } else {
                    next_stop(stops, n, up)
                };
                Value::Whole(moved.clamp(*range.start(), *range.end()))
            }
            (Kind::Number { range, step, .. }, Value::Number(x)) => {
                Value::Number((x + sign * step).clamp(*range.start(), *range.end()))
            }
            (_, unchanged) => unchanged,
        };
        let mut moved = *strategy;
        // A value outside what the spec allows leaves the strategy as it was.
        if self.0.set(&mut moved, next) {
            moved
        } else {
            *strategy
        }
    }
}

/// The yearly cost of every lever of `strategy` at the size of the run on `day`, at the
/// scenario's real scale (the library's cost formulas, E24-E25).
pub fn yearly_costs(
    scenario: &Scenario,
    strategy: &Strategy,
    day: &DayMetrics,
) -> LeverCostsDollars {
    let base = CostBase::of_day(
        scenario.scale(),
        day.active_shoppers,
        day.opt_in_rate,
        day.records_held,
    );
    economics::yearly_lever_costs(&scenario.economics, strategy, &base)
}

/// A name that fits the panel ("differential-privacy" does not).
fn short_name(name: &'static str) -> &'static str {
    match name {
        "differential-privacy" => "diff. privacy",
        other => other,
    }
}

/// The next (or previous) entry of `all`, staying at the ends.
fn cycle(all: &[&'static str], current: &'static str, up: bool) -> &'static str {
    let index = all.iter().position(|&x| x == current).unwrap_or(0);
    let next = if up {
        (index + 1).min(all.len().saturating_sub(1))
    } else {
        index.saturating_sub(1)
    };
    all.get(next).copied().unwrap_or(current)
}

/// The next stop above (or below) `value`; values between stops snap to one.
fn next_stop(stops: &[i64], value: i64, up: bool) -> i64 {
    if up {
        stops
            .iter()
            .copied()
            .find(|&stop| stop > value)
            .unwrap_or(value)
    } else {
        stops
            .iter()
            .rev()
            .copied()
            .find(|&stop| stop < value)
            .unwrap_or(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopsim::model::strategy::{ConsentModel, PrivacyTech};

    fn lever(key: &str) -> Lever {
        Lever::all()
            .find(|lever| lever.key() == key)
            .unwrap_or_else(|| panic!("no lever {key}"))
    }

    #[test]
    fn sliders_move_by_one_step_and_stay_in_range() {
        let strategy = Strategy::default();
        let up = lever("personalization").nudged(&strategy, true);
        assert!((up.personalization.get() - 0.55).abs() < 1e-12);
        let mut s = strategy;
        for _ in 0..40 {
            s = lever("security").nudged(&s, true);
        }
        assert_eq!(s.security.get(), 1.0);
        for _ in 0..40 {
            s = lever("security").nudged(&s, false);
        }
        assert_eq!(s.security.get(), 0.0);
    }

    #[test]
    fn choices_and_toggles_and_numbers_change() {
        let strategy = Strategy::default();
        assert_eq!(
            lever("consent").nudged(&strategy, false).consent,
            ConsentModel::OptIn
        );
        assert!(
            lever("third_party_data")
                .nudged(&strategy, true)
                .third_party_data
        );
        assert_eq!(
            lever("retention_days")
                .nudged(&strategy, true)
                .retention_days,
            730
        );
        let odd = Strategy {
            retention_days: 100,
            ..strategy
        };
        assert_eq!(
            lever("retention_days").nudged(&odd, false).retention_days,
            90
        );
        assert_eq!(
            lever("privacy_tech").nudged(&strategy, true).privacy_tech,
            PrivacyTech::Anonymization
        );
    }

    #[test]
    fn yearly_costs_are_a_year_of_the_engines_daily_costs_and_each_counted_once() {
        use shopsim::scenario::presets;
        use shopsim::sim::Engine;
        let mut scenario = Scenario::preset(presets::DEFAULT_PRESET).expect("preset parses");
        scenario.simulation.shoppers = 300;
        scenario.simulation.days = 5;
        scenario.strategy.third_party_data = true;
        scenario.strategy.consent = ConsentModel::Dashboard;
        scenario.strategy.privacy_tech = PrivacyTech::Anonymization;
        let mut engine = Engine::new(&scenario);
        engine.run_to_end();
        let day = engine.history().last().expect("a day ran");
        let costs = yearly_costs(&scenario, engine.strategy(), day);
        let engine_yearly = 365.0 * day.lever_costs.dollars();
        // The engine rounds each lever's day to the cent.
        assert!(
            (costs.total() - engine_yearly).abs() < 365.0 * 0.01 * 7.0,
            "{} vs {engine_yearly}",
            costs.total()
        );
        let shown: f64 = Lever::all().filter_map(|l| l.yearly_cost(&costs)).sum();
        assert!((shown - costs.total()).abs() < 1e-6);
        assert!(costs.third_party_data > 0.0 && costs.consent_dashboard > 0.0);
        // A lever moved before the next day is priced at once.
        let more = lever("security").nudged(engine.strategy(), true);
        assert!(
            yearly_costs(&scenario, &more, day).security > costs.security,
            "security costs more when raised"
        );
    }

    #[test]
    fn every_lever_moves_and_comes_back() {
        let strategy = Strategy::default();
        for lever in Lever::all() {
            let up = lever.nudged(&strategy, true);
            let down = lever.nudged(&strategy, false);
            assert!(
                up != strategy || down != strategy,
                "{lever:?} does not move"
            );
            assert!(
                lever.value(&up) != lever.value(&strategy)
                    || lever.value(&down) != lever.value(&strategy),
                "{lever:?} shows no change"
            );
        }
        assert_eq!(Lever::count(), Lever::all().len());
        assert_eq!(Lever::at(usize::MAX), Lever::all().last().unwrap());
    }
}
