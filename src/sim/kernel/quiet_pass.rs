//! The quiet pass: every shopper of a block in one loop without branches, in `f32`,
//! on vector registers (see the kernel's module documentation).
//!
//! Keep its loop vectorisable: no stores of bytes inside it (flags and marks are
//! written by a second loop from an outcome word), no float-to-integer casts (see
//! [`fixed`]), no `&&`/`||` that could become branches, no call that is not inlined
//! (the model's daily steps are `#[inline(always)]`), and its slices passed as plain
//! function arguments (inside a struct the compiler cannot tell that they do not
//! overlap the ones written). `scripts/check-vectorized.sh`, run by CI, fails when the
//! loop is no longer vectorised.

use super::sums::{fixed, BlockSums, COUNT_BITS, COUNT_MASK, RUN};
use super::{surveyed, Draws, Fields};
use crate::model::daily;
use crate::model::math::positive;
use crate::model::network::HearsayBlock;
use crate::model::params::DailyParams;
use crate::model::population::CHURNED;

/// The quiet pass (see the module documentation). Marks (`marks[k] = 1`) the
/// shoppers it leaves to the lane pass and clears the marks of the others.
///
/// On x86-64 processors with AVX2 (checked once, at run time) the same code is
/// compiled for 8-wide vectors instead of the baseline's 4. The results are the
/// same bits either way: every operation is lane by lane, in `f32` (no fused
/// multiply-adds), and the sums are integers.
#[allow(clippy::too_many_arguments)]
pub(super) fn quiet_pass<const NETWORK: bool>(
    p: &DailyParams,
    draws: &Draws,
    f: &mut Fields,
    heard_units: &[u32],
    degrees: &[u8],
    unit: f32,
    marks: &mut [u8],
    sums: &mut BlockSums,
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `quiet_pass_avx2` only needs AVX2, which the processor has.
        unsafe { quiet_pass_avx2::<NETWORK>(p, draws, f, heard_units, degrees, unit, marks, sums) };
        return;
    }
    quiet_pass_baseline::<NETWORK>(p, draws, f, heard_units, degrees, unit, marks, sums);
}

/// Defines an out-of-line entry to [`quiet_pass_any`] with the given attributes (one
/// per instruction set). Out of line on purpose: inlined into its caller, the loop
/// was not vectorised.
macro_rules! quiet_pass_entry {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[allow(clippy::too_many_arguments)]
        fn $name<const NETWORK: bool>(
            p: &DailyParams,
            draws: &Draws,
            f: &mut Fields,
            heard_units: &[u32],
            degrees: &[u8],
            unit: f32,
            marks: &mut [u8],
            sums: &mut BlockSums,
        ) {
            quiet_pass_any::<NETWORK>(p, draws, f, heard_units, degrees, unit, marks, sums);
        }
    };
}

quiet_pass_entry!(
    /// [`quiet_pass_any`] compiled for the baseline instruction set.
    #[inline(never)]
    quiet_pass_baseline
);

quiet_pass_entry!(
    /// [`quiet_pass_any`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    quiet_pass_avx2
);

/// The quiet pass for any processor.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn quiet_pass_any<const NETWORK: bool>(
    p: &DailyParams,
    draws: &Draws,
    f: &mut Fields,
    heard_units: &[u32],
    degrees: &[u8],
    unit: f32,
    marks: &mut [u8],
    sums: &mut BlockSums,
) {
    let n = f.segment.len();
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        quiet_run::<NETWORK>(
            p,
            draws,
            f,
            heard_units,
            degrees,
            unit,
            marks,
            start..end,
            sums,
        );
        start = end;
    }
}

/// The quiet pass over shoppers `range` (at most [`RUN`] of them), summing in 32-bit
/// lanes and adding the run's sums to `sums`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn quiet_run<const NETWORK: bool>(
    p: &DailyParams,
    draws: &Draws,
    f: &mut Fields,
    heard_units: &[u32],
    degrees: &[u8],
    unit: f32,
    marks: &mut [u8],
    range: std::ops::Range<usize>,
    sums: &mut BlockSums,
) {
    let (a, b) = (range.start, range.end);
    let len = b - a;
    let segment = &f.segment[a..b];
    let concern = &f.concern[a..b];
    let trust_of = &mut f.trust[a..b];
    let set_point = &f.trust_set_point[a..b];
    let visit_propensity = &f.visit_propensity[a..b];
    let dropout = &f.dropout_hazard[a..b];
    let consent = &f.consent[a..b];
    let sentiment_of = &mut f.sentiment[a..b];
    let loyalty = &f.loyalty[a..b];
    let flags_of = &mut f.flags[a..b];
    let marks = &mut marks[a..b];
    let (units, ties) = if NETWORK {
        (&heard_units[a..b], &degrees[a..b])
    } else {
        (&heard_units[..0], &degrees[..0])
    };
    let first_id = f.first_id.wrapping_add(a as u32);
    // Sums of this run, in 32-bit lanes. Counts by segment are packed in fields of
    // [`COUNT_BITS`] bits, one per segment.
    let (mut loyalty_sum, mut sentiment_sum, mut start_sum) = (0i32, 0i32, 0i32);
    let (mut recovery_sum, mut word_of_mouth_sum) = (0i32, 0i32);
    let mut trust_sum = [0i32; 3];
    let mut natural_sum = [0i32; 3];
    let (mut active, mut targetable, mut intent_count, mut churned) = (0u32, 0u32, 0u32, 0u32);
    // The draws first, in a loop of their own (integer only).
    let mut visit_u = [0.0f32; RUN];
    let mut churn_u = [0.0f32; RUN];
    for k in 0..len.min(RUN) {
        let id = first_id.wrapping_add(k as u32);
        visit_u[k] = draws.visit.uniform(id);
        churn_u[k] = draws.churn.uniform(id);
    }
    let visit_u = &visit_u[..len];
    let churn_u = &churn_u[..len];
    // How each shopper's day ended, as bits; turned into flags and marks after the
    // loop (byte stores inside it would keep the compiler from vectorising it).
    const STAYS: u32 = 1;
    const LEFT: u32 = 2;
    const LANE: u32 = 4;
    const INTENT: u32 = 8;
    let mut outcome = [0u32; RUN];
    let outcome = &mut outcome[..len];
    for k in 0..len {
        let flags = flags_of[k];
        let was_churned = flags & CHURNED != 0;
        let c = concern[k];
        let start_trust = trust_of[k];
        let start_sentiment = sentiment_of[k];
        let (heard, saturated) = if NETWORK {
            let d = ties[k];
            (HearsayBlock::mean(units[k], unit, d as f32), d == u8::MAX)
        } else {
            (0.0, false)
        };
        let wom = daily::word_of_mouth(p, start_trust, start_sentiment, heard, c);
        let (trust, sentiment) = (wom.trust, wom.sentiment);
        let visits =
            !was_churned & (visit_u[k] < daily::visit_threshold(p, visit_propensity[k], trust));
        let lane = visits | saturated;
        let ends = daily::close_day(p, trust, set_point[k], dropout[k], loyalty[k]);
        let (closed, hazard) = (ends.trust, ends.hazard);
        let leaves = churn_u[k] < hazard;
        let counts = !was_churned & !lane;
        let stays = counts & !leaves;
        let left = counts & leaves;
        let intent = daily::states_intent(p, closed, sentiment);
        // Who is left to the lane pass keeps the day's starting state; former
        // shoppers only listen and talk.
        let trust_out = if was_churned { trust } else { closed };
        trust_of[k] = if lane {
            start_trust
        } else if trust_out < 1.0 {
            positive(trust_out)
        } else {
            1.0
        };
        sentiment_of[k] = if lane {
            start_sentiment
        } else if sentiment < 1.0 {
            sentiment
        } else {
            1.0
        };
        outcome[k] = (u32::from(stays) * STAYS)
            | (u32::from(left) * LEFT)
            | (u32::from(lane) * LANE)
            | (u32::from(intent) * INTENT);
        // Sums: exact zeros for shoppers who do not count.
        let kept = |x: f32| if stays { fixed(x) } else { 0 };
        loyalty_sum += kept(loyalty[k]);
        sentiment_sum += kept(sentiment);
        start_sum += kept(start_trust);
        recovery_sum += kept(ends.recovery);
        word_of_mouth_sum += kept(wom.trust_change);
        let natural = if left {
            fixed(daily::natural_share(dropout[k], hazard))
        } else {
            0
        };
        let seg = segment[k];
        let in_segment = [seg == 0, seg == 1, seg == 2];
        for (sum, here) in trust_sum.iter_mut().zip(in_segment) {
            *sum += if stays & here { fixed(closed) } else { 0 };
        }
        for (sum, here) in natural_sum.iter_mut().zip(in_segment) {
            *sum += if here { natural } else { 0 };
        }
        let one = if seg == 0 {
            1
        } else if seg == 1 {
            1 << COUNT_BITS
        } else {
            1 << (2 * COUNT_BITS)
        };
        active += if stays { one } else { 0 };
        targetable += if stays & (consent[k] > 0.0) { one } else { 0 };
        intent_count += if stays & intent { one } else { 0 };
        churned += if left { one } else { 0 };
    }
    for ((flags, mark), &code) in flags_of
        .iter_mut()
        .zip(marks.iter_mut())
        .zip(outcome.iter())
    {
        *flags = if code & STAYS != 0 {
            surveyed(*flags, code & INTENT != 0)
        } else if code & LEFT != 0 {
            *flags | CHURNED
        } else {
            *flags
        };
        *mark = u8::from(code & LANE != 0);
    }
    sums.loyalty += i64::from(loyalty_sum);
    sums.sentiment += i64::from(sentiment_sum);
    sums.survivors_start_trust += i64::from(start_sum);
    sums.recovery += i64::from(recovery_sum);
    sums.word_of_mouth += i64::from(word_of_mouth_sum);
    for (s, run_trust) in trust_sum.into_iter().enumerate() {
        sums.segment_churn_natural[s] += i64::from(natural_sum[s]);
        let count = |packed: u32| u64::from((packed >> (COUNT_BITS * s as u32)) & COUNT_MASK);
        sums.segment_trust[s] += i64::from(run_trust);
        sums.segment_active[s] += count(active);
        sums.segment_targetable[s] += count(targetable);
        sums.segment_stating_intent[s] += count(intent_count);
        sums.segment_churned[s] += count(churned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mechanisms::StrategyEffects;
    use crate::model::params::ModelParams;
    use crate::model::population::initial_population;
    use crate::model::population::ShopperBlock;
    use crate::model::segment::SegmentMix;
    use crate::model::strategy::Strategy;
    use crate::rng::{CounterRng, Stream};

    /// A block of shoppers some days into a run: some trust lost, some sentiment,
    /// some churned, some with orders.
    fn worn_block(params: &ModelParams) -> ShopperBlock {
        let effects = StrategyEffects::new(&Strategy::default(), &params.behaviour);
        let rng = CounterRng::new(11);
        let blocks = initial_population(
            1000,
            &SegmentMix::default(),
            &params.population,
            &params.behaviour,
            &effects,
            &rng,
        );
        let mut block = blocks
            .and_then(|b| b.into_iter().next())
            .unwrap_or_default();
        for k in 0..block.len() {
            let u = rng.uniform(Stream::Population, 7, k as u64) as f32;
            block.trust[k] *= 0.5 + u;
            block.trust[k] = block.trust[k].min(1.0);
            block.sentiment[k] = if k % 9 == 0 { 0.3 * u } else { 0.0 };
            block.flags[k] = if k % 13 == 0 { CHURNED } else { 0 };
            block.orders[k] = (k % 5) as u16;
            block.loyalty[k] = daily::loyalty(&params.behaviour, u32::from(block.orders[k])) as f32;
        }
        block
    }

    #[test]
    fn the_quiet_pass_gives_the_same_bits_with_and_without_avx2() {
        let params = ModelParams::default();
        let p = DailyParams::of(&params.behaviour);
        let rng = CounterRng::new(5);
        let draws = Draws {
            visit: rng.draw32(Stream::Visit, 3),
            churn: rng.draw32(Stream::Churn, 3),
        };
        let original = worn_block(&params);
        let n = original.len();
        assert!(n > 900);
        // Some hear a lot, some nothing; a few hubs have saturated tie counts.
        let units: Vec<u32> = (0..n as u32).map(|k| (k * 7919) % 4 * 3_000_000).collect();
        let degrees: Vec<u8> = (0..n)
            .map(|k| if k % 97 == 0 { u8::MAX } else { 6 })
            .collect();
        let unit = 1.0 / 16_777_216.0;
        type Pass =
            fn(&DailyParams, &Draws, &mut Fields, &[u32], &[u8], f32, &mut [u8], &mut BlockSums);
        let run = |vectors: Pass| {
            let mut block = original.clone();
            let mut marks = vec![1u8; n];
            let mut sums = BlockSums::default();
            vectors(
                &p,
                &draws,
                &mut Fields::of(&mut block),
                &units,
                &degrees,
                unit,
                &mut marks,
                &mut sums,
            );
            (block, marks, sums)
        };
        let baseline = run(quiet_pass_any::<true>);
        let dispatched = run(quiet_pass::<true>);
        assert_eq!(baseline, dispatched);
        // The pass did something: trust moved, some shoppers were marked, sums add up.
        assert_ne!(baseline.0.trust, original.trust);
        assert!(baseline.1.contains(&1) && baseline.1.contains(&0));
        assert!(baseline.2.segment_active.iter().sum::<u64>() > 500);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 is present (checked on the line above).
            let avx2 = run(|p, d, f, u, g, unit, m, s| unsafe {
                quiet_pass_avx2::<true>(p, d, f, u, g, unit, m, s)
            });
            assert_eq!(baseline, avx2);
        }
    }
}
