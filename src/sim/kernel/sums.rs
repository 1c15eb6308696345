//! The day's sums over a block, as fixed-point integers.
//!
//! Mean trust, loyalty, sentiment, the trust decomposition and the natural share of
//! churn are sums over shoppers. Added as `f32` or `f64` they would depend on the order
//! of the additions, hence on the block layout and on how the compiler splits the quiet
//! pass over vector lanes. Each term is instead rounded to an integer number of units
//! of 2^-21 ([`fixed`]) and the integers are added, which gives the same bits in any
//! order (`docs/MODEL.md`, section 3, "Arithmetic of the daily steps").

use crate::model::events::EventKind;
use crate::sim::metrics::{DayTally, TrustCause};

/// Fixed-point units per unit of a summed quantity.
pub(super) const FIXED_ONE: f32 = 2_097_152.0; // 2^21

/// `x` (in `[-1, 1]`) in fixed-point units of 2^-21, rounded to nearest (ties to
/// even). Adding 1.5 * 2^23 puts the rounded integer in the low bits of the
/// mantissa (exact for |x * 2^21| < 2^22): plain float and integer arithmetic, which
/// vectorises, where a float-to-integer conversion would not.
#[inline(always)]
pub(super) fn fixed(x: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 * 2^23
    ((x * FIXED_ONE + MAGIC).to_bits() as i32).wrapping_sub(MAGIC.to_bits() as i32)
}

/// Shoppers per run of the quiet pass whose sums are gathered in 32-bit lanes:
/// 256 terms of at most 2^21 units stay below 2^31.
pub(super) const RUN: usize = 256;

/// Bits per segment of a packed count of a run (room for [`RUN`]).
pub(super) const COUNT_BITS: u32 = 10;
pub(super) const COUNT_MASK: u32 = (1 << COUNT_BITS) - 1;
const _: () = assert!(RUN < (1 << COUNT_BITS) && 3 * COUNT_BITS <= 32);
const _: () = assert!(RUN * (1 << 21) <= i32::MAX as usize + 1 - (1 << 21));

/// The day's sums over a block, in fixed-point units (see [`fixed`]) and counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct BlockSums {
    pub(super) loyalty: i64,
    pub(super) sentiment: i64,
    pub(super) survivors_start_trust: i64,
    pub(super) recovery: i64,
    pub(super) word_of_mouth: i64,
    pub(super) creepiness: i64,
    pub(super) news: [i64; 3],
    /// Natural-dropout share of today's departures, per segment.
    pub(super) segment_churn_natural: [i64; 3],
    pub(super) segment_trust: [i64; 3],
    pub(super) segment_active: [u64; 3],
    pub(super) segment_targetable: [u64; 3],
    pub(super) segment_stating_intent: [u64; 3],
    pub(super) segment_churned: [u64; 3],
}

impl BlockSums {
    /// Adds one shopper's closed day: a survivor's figures, or a departure.
    #[inline(always)]
    pub(super) fn add_lane(&mut self, seg: usize, day: &ClosedDay) {
        let seg = seg.min(2);
        if day.leaves {
            self.segment_churned[seg] += 1;
            self.segment_churn_natural[seg] += i64::from(fixed(day.natural_share));
            return;
        }
        self.loyalty += i64::from(fixed(day.loyalty));
        self.sentiment += i64::from(fixed(day.sentiment));
        self.survivors_start_trust += i64::from(fixed(day.start_trust));
        self.recovery += i64::from(fixed(day.recovery));
        self.word_of_mouth += i64::from(fixed(day.word_of_mouth));
        self.segment_trust[seg] += i64::from(fixed(day.trust));
        self.segment_active[seg] += 1;
        self.segment_targetable[seg] += u64::from(day.targetable);
        self.segment_stating_intent[seg] += u64::from(day.intent);
    }

    /// Writes the sums into `t` (as floating point).
    pub(super) fn into_tally(self, t: &mut DayTally) {
        let real = |units: i64| units as f64 / FIXED_ONE as f64;
        t.segment_active = self.segment_active;
        t.segment_targetable = self.segment_targetable;
        t.segment_stating_intent = self.segment_stating_intent;
        t.segment_churned_today = self.segment_churned;
        t.segment_trust_sum = self.segment_trust.map(real);
        t.active = t.segment_active.iter().sum();
        t.targetable = t.segment_targetable.iter().sum();
        t.stating_intent = t.segment_stating_intent.iter().sum();
        t.churned_today = t.segment_churned_today.iter().sum();
        t.trust_sum = real(self.segment_trust.iter().sum());
        t.loyalty_sum = real(self.loyalty);
        t.sentiment_sum = real(self.sentiment);
        t.survivors_start_trust_sum = real(self.survivors_start_trust);
        t.churn_natural = real(self.segment_churn_natural.iter().sum());
        t.churn_distrust = t.churned_today as f64 - t.churn_natural;
        for s in 0..3 {
            t.segment_churn_distrust[s] =
                self.segment_churned[s] as f64 - real(self.segment_churn_natural[s]);
        }
        t.trust_change[TrustCause::Recovery as usize] = real(self.recovery);
        t.trust_change[TrustCause::WordOfMouth as usize] = real(self.word_of_mouth);
        t.trust_change[TrustCause::Creepiness as usize] = real(self.creepiness);
        for (kind, units) in EventKind::ALL.into_iter().zip(self.news) {
            t.trust_change[TrustCause::of_event(kind) as usize] = real(units);
        }
    }
}

/// How an active shopper's day closed (for the sums).
#[derive(Debug, Clone, Copy)]
pub(super) struct ClosedDay {
    pub(super) leaves: bool,
    pub(super) natural_share: f32,
    pub(super) loyalty: f32,
    pub(super) sentiment: f32,
    pub(super) start_trust: f32,
    pub(super) recovery: f32,
    pub(super) word_of_mouth: f32,
    pub(super) trust: f32,
    pub(super) targetable: bool,
    pub(super) intent: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_rounds_to_nearest_over_the_whole_range() {
        let mut x = -1.0f32;
        while x <= 1.0 {
            let exact = (x as f64 * FIXED_ONE as f64).round_ties_even() as i32;
            assert_eq!(fixed(x), exact, "x {x}");
            x += 0.000_37;
        }
        for x in [-1.0, -0.5, 0.0, -0.0, 1e-9, 2.4e-7, 0.25, 1.0] {
            let exact = (x as f64 * FIXED_ONE as f64).round_ties_even() as i32;
            assert_eq!(fixed(x), exact, "x {x}");
        }
    }
}
