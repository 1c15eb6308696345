//! Small value types that say what a number means: money in integer cents and
//! shares or probabilities confined to `[0, 1]`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// An amount of money in integer US cents.
///
/// Its text forms (`Display` as `$1,234.56`, file and compact forms) live with the
/// other number formats in `report::format`.
///
/// Integer cents make revenue sums exact and independent of summation order,
/// which is what keeps results byte-identical at any thread count.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Rounds a dollar amount to the nearest cent; non-finite input becomes zero
    /// and huge values saturate, so money is always finite.
    pub fn from_dollars(dollars: f64) -> Cents {
        if !dollars.is_finite() {
            return Cents::ZERO;
        }
        let cents = (dollars * 100.0).round();
        Cents(cents.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
    }

    pub fn dollars(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, |a, b| a + b)
    }
}

/// A number in `[0, 1]`: a lever setting, a share of a population or a probability.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitInterval(f64);

impl UnitInterval {
    pub const ZERO: UnitInterval = UnitInterval(0.0);
    pub const ONE: UnitInterval = UnitInterval(1.0);

    /// `Some` when `value` is finite and within `[0, 1]`.
    pub fn new(value: f64) -> Option<UnitInterval> {
        (value.is_finite() && (0.0..=1.0).contains(&value)).then_some(UnitInterval(value))
    }

    /// Clamps into `[0, 1]`; NaN becomes 0.
    pub fn clamped(value: f64) -> UnitInterval {
        if value.is_nan() {
            UnitInterval(0.0)
        } else {
            UnitInterval(value.clamp(0.0, 1.0))
        }
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl fmt::Display for UnitInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_from_dollars_rounds_and_stays_finite() {
        assert_eq!(Cents::from_dollars(1.005), Cents(100));
        assert_eq!(Cents::from_dollars(2.5), Cents(250));
        assert_eq!(Cents::from_dollars(f64::NAN), Cents::ZERO);
        assert_eq!(Cents::from_dollars(f64::INFINITY), Cents::ZERO);
        assert_eq!(Cents::from_dollars(1e300), Cents(i64::MAX));
    }

    #[test]
    fn unit_interval_rejects_out_of_range() {
        assert!(UnitInterval::new(1.4).is_none());
        assert!(UnitInterval::new(-0.1).is_none());
        assert!(UnitInterval::new(f64::NAN).is_none());
        assert_eq!(UnitInterval::new(0.5).map(UnitInterval::get), Some(0.5));
        assert_eq!(UnitInterval::clamped(7.0).get(), 1.0);
        assert_eq!(UnitInterval::clamped(f64::NAN).get(), 0.0);
    }
}
