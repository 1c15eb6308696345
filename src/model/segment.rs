//! Westin's privacy segments and the population mix.

use crate::units::UnitInterval;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A shopper's privacy segment (Westin surveys, Kumaraguru & Cranor 2005).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    /// Highly concerned; distrusts data collection by default.
    Fundamentalist,
    /// Weighs benefits against risks case by case.
    Pragmatist,
    /// Rarely thinks about privacy.
    Unconcerned,
}

impl Segment {
    pub const ALL: [Segment; 3] = [
        Segment::Fundamentalist,
        Segment::Pragmatist,
        Segment::Unconcerned,
    ];

    /// Position in [`Segment::ALL`], used to index per-segment arrays.
    pub fn index(self) -> usize {
        match self {
            Segment::Fundamentalist => 0,
            Segment::Pragmatist => 1,
            Segment::Unconcerned => 2,
        }
    }

    pub fn from_index(index: u8) -> Segment {
        match index {
            0 => Segment::Fundamentalist,
            1 => Segment::Pragmatist,
            _ => Segment::Unconcerned,
        }
    }

    /// The plural name used in scenario files and summaries.
    pub fn plural(self) -> &'static str {
        match self {
            Segment::Fundamentalist => "fundamentalists",
            Segment::Pragmatist => "pragmatists",
            Segment::Unconcerned => "unconcerned",
        }
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.plural())
    }
}

/// Shares of the three segments in the population; they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentMix {
    pub fundamentalists: UnitInterval,
    pub pragmatists: UnitInterval,
    pub unconcerned: UnitInterval,
}

impl SegmentMix {
    /// Tolerance on the sum of the shares.
    pub const SUM_TOLERANCE: f64 = 1e-6;

    /// `Some` when the three shares sum to 1 within [`Self::SUM_TOLERANCE`].
    pub fn new(
        fundamentalists: UnitInterval,
        pragmatists: UnitInterval,
        unconcerned: UnitInterval,
    ) -> Option<SegmentMix> {
        let sum = fundamentalists.get() + pragmatists.get() + unconcerned.get();
        ((sum - 1.0).abs() <= Self::SUM_TOLERANCE).then_some(SegmentMix {
            fundamentalists,
            pragmatists,
            unconcerned,
        })
    }

    /// A population made of one segment only.
    pub fn only(segment: Segment) -> SegmentMix {
        let mut shares = [UnitInterval::ZERO; 3];
        shares[segment.index()] = UnitInterval::ONE;
        SegmentMix {
            fundamentalists: shares[0],
            pragmatists: shares[1],
            unconcerned: shares[2],
        }
    }

    pub fn share(&self, segment: Segment) -> f64 {
        match segment {
            Segment::Fundamentalist => self.fundamentalists.get(),
            Segment::Pragmatist => self.pragmatists.get(),
            Segment::Unconcerned => self.unconcerned.get(),
        }
    }

    /// The segment at cumulative position `u` in `[0, 1)`.
    pub fn pick(&self, u: f64) -> Segment {
        let f = self.fundamentalists.get();
        let p = self.pragmatists.get();
        if u < f {
            Segment::Fundamentalist
        } else if u < f + p {
            Segment::Pragmatist
        } else {
            Segment::Unconcerned
        }
    }
}

impl Default for SegmentMix {
    /// Westin's split: 26 % fundamentalists, 64 % pragmatists, 10 % unconcerned.
    fn default() -> Self {
        SegmentMix {
            fundamentalists: UnitInterval::clamped(0.26),
            pragmatists: UnitInterval::clamped(0.64),
            unconcerned: UnitInterval::clamped(0.10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_must_sum_to_one() {
        let h = UnitInterval::clamped(0.5);
        assert!(SegmentMix::new(h, h, UnitInterval::ZERO).is_some());
        assert!(SegmentMix::new(h, h, h).is_none());
    }

    #[test]
    fn pick_follows_cumulative_shares() {
        let mix = SegmentMix::default();
        assert_eq!(mix.pick(0.0), Segment::Fundamentalist);
        assert_eq!(mix.pick(0.3), Segment::Pragmatist);
        assert_eq!(mix.pick(0.95), Segment::Unconcerned);
        let only = SegmentMix::only(Segment::Unconcerned);
        assert_eq!(only.pick(0.0), Segment::Unconcerned);
    }

    #[test]
    fn index_round_trips() {
        for s in Segment::ALL {
            assert_eq!(Segment::from_index(s.index() as u8), s);
        }
    }
}
