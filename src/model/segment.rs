//! Westin's privacy segments and the population mix.

use crate::units::UnitInterval;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Index, IndexMut};

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

/// One value per segment, named like the segments in scenario files and summaries.
///
/// Index it with a [`Segment`]; [`PerSegment::iter`] walks the segments in the order
/// of [`Segment::ALL`]. Serialized as an object keyed by the plural names
/// (`{"fundamentalists": .., "pragmatists": .., "unconcerned": ..}`), the shape of the
/// summary's `segments`; a field written as a 3-array in segment order uses
/// `#[serde(with = "crate::model::segment::as_array")]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PerSegment<T> {
    pub fundamentalists: T,
    pub pragmatists: T,
    pub unconcerned: T,
}

impl<T> PerSegment<T> {
    pub const fn new(fundamentalists: T, pragmatists: T, unconcerned: T) -> PerSegment<T> {
        PerSegment {
            fundamentalists,
            pragmatists,
            unconcerned,
        }
    }

    /// The value of each segment, computed in the order of [`Segment::ALL`].
    pub fn from_fn(mut value: impl FnMut(Segment) -> T) -> PerSegment<T> {
        let fundamentalists = value(Segment::Fundamentalist);
        let pragmatists = value(Segment::Pragmatist);
        let unconcerned = value(Segment::Unconcerned);
        PerSegment::new(fundamentalists, pragmatists, unconcerned)
    }

    /// The values in the order of [`Segment::ALL`] (indexed by [`Segment::index`]).
    pub fn into_array(self) -> [T; 3] {
        [self.fundamentalists, self.pragmatists, self.unconcerned]
    }

    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerSegment<U> {
        let [a, b, c] = self.into_array();
        let fundamentalists = f(a);
        let pragmatists = f(b);
        let unconcerned = f(c);
        PerSegment::new(fundamentalists, pragmatists, unconcerned)
    }

    pub fn as_ref(&self) -> PerSegment<&T> {
        PerSegment::new(&self.fundamentalists, &self.pragmatists, &self.unconcerned)
    }

    /// Each segment with its value, in the order of [`Segment::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (Segment, &T)> {
        Segment::ALL.into_iter().zip(self.as_ref().into_array())
    }
}

impl<T> From<[T; 3]> for PerSegment<T> {
    /// From values indexed by [`Segment::index`].
    fn from([fundamentalists, pragmatists, unconcerned]: [T; 3]) -> PerSegment<T> {
        PerSegment::new(fundamentalists, pragmatists, unconcerned)
    }
}

impl<T> Index<Segment> for PerSegment<T> {
    type Output = T;
    fn index(&self, segment: Segment) -> &T {
        match segment {
            Segment::Fundamentalist => &self.fundamentalists,
            Segment::Pragmatist => &self.pragmatists,
            Segment::Unconcerned => &self.unconcerned,
        }
    }
}

impl<T> IndexMut<Segment> for PerSegment<T> {
    fn index_mut(&mut self, segment: Segment) -> &mut T {
        match segment {
            Segment::Fundamentalist => &mut self.fundamentalists,
            Segment::Pragmatist => &mut self.pragmatists,
            Segment::Unconcerned => &mut self.unconcerned,
        }
    }
}

/// Serde helpers writing a [`PerSegment`] as a 3-array in the order of
/// [`Segment::ALL`], for outputs whose shape is an array.
pub mod as_array {
    use super::PerSegment;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &PerSegment<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_ref().into_array().serialize(serializer)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<PerSegment<T>, D::Error> {
        <[T; 3]>::deserialize(deserializer).map(PerSegment::from)
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
        let mut shares = PerSegment::<UnitInterval>::default();
        shares[segment] = UnitInterval::ONE;
        SegmentMix::from_shares(shares)
    }

    /// The shares as a [`PerSegment`].
    pub fn shares(&self) -> PerSegment<UnitInterval> {
        PerSegment::new(self.fundamentalists, self.pragmatists, self.unconcerned)
    }

    fn from_shares(shares: PerSegment<UnitInterval>) -> SegmentMix {
        SegmentMix {
            fundamentalists: shares.fundamentalists,
            pragmatists: shares.pragmatists,
            unconcerned: shares.unconcerned,
        }
    }

    pub fn share(&self, segment: Segment) -> f64 {
        self.shares()[segment].get()
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
    fn per_segment_indexes_iterates_and_maps_in_segment_order() {
        let mut counts = PerSegment::from_fn(|s| s.index() * 10);
        assert_eq!(counts[Segment::Pragmatist], 10);
        counts[Segment::Unconcerned] += 1;
        assert_eq!(counts.unconcerned, 21);
        let order: Vec<_> = counts.iter().map(|(s, &n)| (s, n)).collect();
        assert_eq!(
            order,
            [
                (Segment::Fundamentalist, 0),
                (Segment::Pragmatist, 10),
                (Segment::Unconcerned, 21)
            ]
        );
        assert_eq!(counts.map(|n| n + 1).into_array(), [1, 11, 22]);
        assert_eq!(PerSegment::from([4, 5, 6])[Segment::Fundamentalist], 4);
        for s in Segment::ALL {
            assert_eq!(
                PerSegment::from(Segment::ALL)[s],
                s,
                "From<[T; 3]> follows index()"
            );
        }
    }

    #[test]
    fn per_segment_serializes_as_named_object_or_as_array() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Both {
            named: PerSegment<u8>,
            #[serde(with = "as_array")]
            listed: PerSegment<u8>,
        }
        let both = Both {
            named: PerSegment::new(1, 2, 3),
            listed: PerSegment::new(4, 5, 6),
        };
        let json = serde_json::to_string(&both).expect("serializes");
        assert_eq!(
            json,
            r#"{"named":{"fundamentalists":1,"pragmatists":2,"unconcerned":3},"listed":[4,5,6]}"#
        );
        let back: Both = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, both);
    }

    #[test]
    fn mix_shares_round_trip() {
        let mix = SegmentMix::default();
        assert_eq!(SegmentMix::from_shares(mix.shares()), mix);
        assert_eq!(mix.share(Segment::Fundamentalist), 0.26);
        assert_eq!(mix.share(Segment::Pragmatist), 0.64);
        assert_eq!(mix.share(Segment::Unconcerned), 0.10);
        assert_eq!(
            SegmentMix::only(Segment::Pragmatist).pragmatists,
            UnitInterval::ONE
        );
    }

    #[test]
    fn index_round_trips() {
        for s in Segment::ALL {
            assert_eq!(Segment::from_index(s.index() as u8), s);
        }
    }
}
