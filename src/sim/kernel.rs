//! One day for one block of shoppers: the hot path of the engine.
//!
//! A day is worked out in passes over the block:
//!
//! 1. **The quiet pass** covers every shopper in one loop without branches, in
//!    `f32`, so the compiler runs it on vector registers: word of mouth heard, the
//!    visit and churn draws, trust recovery, the churn hazard and the survey, and the
//!    day's sums. A shopper who visits today (or whose tie count does not fit the
//!    pass, or everyone on a day with news of an event) is left untouched and marked.
//! 2. **The lane pass** works out the day of each marked shopper one at a time:
//!    the same steps through the same functions, plus news, the visit (content,
//!    purchase, clicks, experience) and consent changes.
//! 3. **Telling:** every shopper with something to say tells their neighbours.
//!
//! Both passes call the same per-shopper functions ([`hear`], [`visit_threshold`],
//! [`close_day`], [`fixed`]), so a shopper's day does not depend on which pass
//! worked it out. The day's sums are fixed-point integers, so they do not depend on
//! the order in which shoppers are added either, nor on how the compiler splits the
//! quiet pass over vector lanes: results are the same bits on any machine and at any
//! thread count.
//!
//! Keep the quiet pass's loop vectorisable: no stores of bytes inside it (flags and
//! marks are written by a second loop from an outcome word), no float-to-integer
//! casts (see [`fixed`]), no `&&`/`||` that could become branches, and its slices
//! passed as plain function arguments (inside a struct the compiler cannot tell that
//! they do not overlap the ones written). `scripts/check-vectorized.sh`, run by CI,
//! fails when the loop is no longer vectorised.

use crate::model::events::EventKind;
use crate::model::mechanisms::{self as m, StrategyEffects};
use crate::model::network::{HearsayBlock, SocialNetwork};
use crate::model::params::{BehaviourParams, ModelParams};
use crate::model::population::{ShopperBlock, CHURNED, STATES_INTENT};
use crate::model::strategy::ConsentModel;
use crate::rng::{CounterRng, Draw32, Stream};
use crate::sim::metrics::{DayTally, TrustCause};
use crate::units::Cents;

/// News of one event travelling through the population.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NewsWave {
    /// Key of the wave's random numbers: depends only on the event's day, kind and
    /// its rank among same-day events of that kind, so removing one event does not
    /// change the numbers of another.
    pub key: u64,
    pub day: u32,
    pub kind: EventKind,
    pub severity: f64,
    pub shock_scale: f64,
    pub retention_days: u32,
    pub breadth_held: f64,
}

/// Everything the engine does not recompute per shopper: settings for the day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayContext<'a> {
    pub day: u32,
    pub params: &'a ModelParams,
    pub effects: StrategyEffects,
    pub rng: CounterRng,
    pub network: Option<&'a SocialNetwork>,
    pub news: &'a [NewsWave],
    /// The behaviour parameters of the daily steps, in `f32`.
    daily: DailyParams,
    /// Today's visit and churn draws.
    draws: Draws,
}

impl<'a> DayContext<'a> {
    pub fn new(
        day: u32,
        params: &'a ModelParams,
        effects: StrategyEffects,
        rng: CounterRng,
        network: Option<&'a SocialNetwork>,
        news: &'a [NewsWave],
    ) -> DayContext<'a> {
        DayContext {
            day,
            params,
            effects,
            rng,
            network,
            news,
            daily: DailyParams::of(&params.behaviour),
            draws: Draws {
                visit: rng.draw32(Stream::Visit, day),
                churn: rng.draw32(Stream::Churn, day),
            },
        }
    }
}

/// The behaviour parameters of the daily steps every shopper takes, in `f32`.
#[derive(Debug, Clone, Copy)]
struct DailyParams {
    wom_trust: f32,
    news_concern_floor: f32,
    sentiment_decay: f32,
    wom_relay: f32,
    sentiment_floor: f32,
    visit_trust_floor: f32,
    visit_trust_slope: f32,
    per_visit_norm: f32,
    trust_recovery_rate: f32,
    churn_trust_threshold: f32,
    distrust_churn_hazard: f32,
    loyalty_protection: f32,
    intent_trust_threshold: f32,
    intent_sentiment_threshold: f32,
}

impl DailyParams {
    fn of(b: &BehaviourParams) -> DailyParams {
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
            loyalty_protection: b.loyalty_protection as f32,
            intent_trust_threshold: b.intent_trust_threshold as f32,
            intent_sentiment_threshold: b.intent_sentiment_threshold as f32,
        }
    }
}

/// `x` if positive, else 0 (written as a compare and select, which vectorises).
#[inline(always)]
fn positive(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Word of mouth (E16): trust after hearing mean neighbour sentiment `heard`,
/// tomorrow's sentiment, and the trust change. Hearing nothing loses nothing.
#[inline(always)]
fn hear(p: &DailyParams, trust: f32, sentiment: f32, heard: f32, c: f32) -> (f32, f32, f32) {
    let loss = p.wom_trust * heard * (p.news_concern_floor + c);
    let after = positive(trust - loss);
    let decayed = p.sentiment_decay * sentiment;
    let relayed = p.wom_relay * heard;
    let next = if relayed > decayed { relayed } else { decayed };
    let next = if next < p.sentiment_floor { 0.0 } else { next };
    (after, next, after - trust)
}

/// Visit probability (E4), not clamped: a uniform in `[0, 1)` is compared with it.
#[inline(always)]
fn visit_threshold(p: &DailyParams, v: f32, trust: f32) -> f32 {
    v * (p.visit_trust_floor + p.visit_trust_slope * trust) * p.per_visit_norm
}

/// Trust recovery (E12) and the churn hazard (E13): trust after recovery, the
/// recovery, and the hazard.
#[inline(always)]
fn close_day(
    p: &DailyParams,
    trust: f32,
    set_point: f32,
    dropout: f32,
    loyalty: f32,
) -> (f32, f32, f32) {
    let gain = p.trust_recovery_rate * positive(set_point - trust);
    let trust = trust + gain;
    let distrust = positive(p.churn_trust_threshold - trust) / p.churn_trust_threshold;
    let hazard =
        dropout + p.distrust_churn_hazard * distrust * (1.0 - p.loyalty_protection * loyalty);
    (trust, gain, if hazard < 1.0 { hazard } else { 1.0 })
}

/// The expected share of a departure due to natural dropout rather than distrust
/// (`hazard` is positive for a shopper who left: their uniform fell below it).
#[inline(always)]
fn natural_share(dropout: f32, hazard: f32) -> f32 {
    (if dropout < hazard { dropout } else { hazard }) / hazard
}

/// Flags of a shopper who stays, after today's survey (E14).
#[inline(always)]
fn surveyed(flags: u8, intent: bool) -> u8 {
    (flags & !STATES_INTENT) | if intent { STATES_INTENT } else { 0 }
}

/// Whether a survey would hear an intention to leave (E14).
#[inline(always)]
fn states_intent(p: &DailyParams, trust: f32, sentiment: f32) -> bool {
    trust < p.intent_trust_threshold || sentiment > p.intent_sentiment_threshold
}

/// Fixed-point units per unit of a summed quantity.
const FIXED_ONE: f32 = 2_097_152.0; // 2^21

/// `x` (in `[-1, 1]`) in fixed-point units of 2^-21, rounded to nearest (ties to
/// even). Adding 1.5 * 2^23 puts the rounded integer in the low bits of the
/// mantissa (exact for |x * 2^21| < 2^22): plain float and integer arithmetic, which
/// vectorises, where a float-to-integer conversion would not.
#[inline(always)]
fn fixed(x: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 * 2^23
    ((x * FIXED_ONE + MAGIC).to_bits() as i32).wrapping_sub(MAGIC.to_bits() as i32)
}

/// Shoppers per run of the quiet pass whose sums are gathered in 32-bit lanes:
/// 256 terms of at most 2^21 units stay below 2^31.
const RUN: usize = 256;

/// Bits per segment of a packed count of a run (room for [`RUN`]).
const COUNT_BITS: u32 = 10;
const COUNT_MASK: u32 = (1 << COUNT_BITS) - 1;
const _: () = assert!(RUN < (1 << COUNT_BITS) && 3 * COUNT_BITS <= 32);
const _: () = assert!(RUN * (1 << 21) <= i32::MAX as usize + 1 - (1 << 21));

/// The day's sums over a block, in fixed-point units (see [`fixed`]) and counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct BlockSums {
    loyalty: i64,
    sentiment: i64,
    survivors_start_trust: i64,
    recovery: i64,
    word_of_mouth: i64,
    creepiness: i64,
    news: [i64; 3],
    churn_natural: i64,
    segment_trust: [i64; 3],
    segment_active: [u64; 3],
    segment_targetable: [u64; 3],
    segment_stating_intent: [u64; 3],
    segment_churned: [u64; 3],
}

impl BlockSums {
    /// Adds one shopper's closed day: a survivor's figures, or a departure.
    #[inline(always)]
    fn add_lane(&mut self, seg: usize, day: &ClosedDay) {
        let seg = seg.min(2);
        if day.leaves {
            self.segment_churned[seg] += 1;
            self.churn_natural += i64::from(fixed(day.natural_share));
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
    fn into_tally(self, t: &mut DayTally) {
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
        t.churn_natural = real(self.churn_natural);
        t.churn_distrust = t.churned_today as f64 - t.churn_natural;
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
struct ClosedDay {
    leaves: bool,
    natural_share: f32,
    loyalty: f32,
    sentiment: f32,
    start_trust: f32,
    recovery: f32,
    word_of_mouth: f32,
    trust: f32,
    targetable: bool,
    intent: bool,
}

/// The block's fields, each re-sliced to the block's length.
struct Fields<'a> {
    first_id: u32,
    segment: &'a [u8],
    concern: &'a [f32],
    trust: &'a mut [f32],
    trust_set_point: &'a [f32],
    visit_propensity: &'a [f32],
    dropout_hazard: &'a [f32],
    basket_mean_dollars: &'a [f32],
    consent: &'a mut [f32],
    sentiment: &'a mut [f32],
    orders: &'a mut [u16],
    loyalty: &'a mut [f32],
    last_visit_day: &'a mut [i32],
    flags: &'a mut [u8],
}

impl<'a> Fields<'a> {
    fn of(block: &'a mut ShopperBlock) -> Fields<'a> {
        let n = block.len();
        Fields {
            first_id: block.first_id,
            segment: &block.segment[..n],
            concern: &block.concern[..n],
            trust: &mut block.trust[..n],
            trust_set_point: &block.trust_set_point[..n],
            visit_propensity: &block.visit_propensity[..n],
            dropout_hazard: &block.dropout_hazard[..n],
            basket_mean_dollars: &block.basket_mean_dollars[..n],
            consent: &mut block.consent[..n],
            sentiment: &mut block.sentiment[..n],
            orders: &mut block.orders[..n],
            loyalty: &mut block.loyalty[..n],
            last_visit_day: &mut block.last_visit_day[..n],
            flags: &mut block.flags[..n],
        }
    }
}

/// The day's draws for visits and churn.
#[derive(Debug, Clone, Copy)]
struct Draws {
    visit: Draw32,
    churn: Draw32,
}

/// One day for one block of shoppers. This is the hot path (kept out of line so that
/// profiles attribute its time by name).
///
/// With a network, `word_of_mouth` is the network and the block's share of the
/// word of mouth in flight. `previous_visits` receives, for each of today's
/// visitors, the day of their previous visit. `marks` is scratch for the block's
/// marked shoppers.
#[inline(never)]
pub(crate) fn simulate_block(
    ctx: &DayContext,
    block: &mut ShopperBlock,
    tally_out: &mut DayTally,
    previous_visits: &mut Vec<i32>,
    marks: &mut Vec<u8>,
    mut word_of_mouth: Option<(&SocialNetwork, HearsayBlock)>,
) {
    let (p, draws) = (ctx.daily, ctx.draws);
    let mut tally = DayTally::default();
    let mut sums = BlockSums::default();
    let mut f = Fields::of(block);
    let n = f.segment.len();
    marks.clear();
    marks.resize(n, 1);
    if ctx.news.is_empty() {
        match &word_of_mouth {
            Some((_, hearsay)) => quiet_pass::<true>(
                &p,
                &draws,
                &mut f,
                hearsay.sums(),
                hearsay.degrees(),
                hearsay.unit(),
                marks,
                &mut sums,
            ),
            None => quiet_pass::<false>(&p, &draws, &mut f, &[], &[], 0.0, marks, &mut sums),
        }
    }
    for (k, &mark) in marks.iter().enumerate() {
        if mark != 0 {
            let heard = match &word_of_mouth {
                Some((net, hearsay)) => hearsay.mean_of(net, f.first_id as usize + k),
                None => 0.0,
            };
            lane_day(
                ctx,
                &p,
                &draws,
                &mut f,
                k,
                heard,
                &mut sums,
                &mut tally,
                previous_visits,
            );
        }
    }
    // Shoppers with something to say tell their neighbours, for tomorrow.
    if let Some((net, hearsay)) = &mut word_of_mouth {
        hearsay.clear();
        for (k, &told) in f.sentiment.iter().enumerate() {
            if told != 0.0 {
                hearsay.tell_neighbours(net, f.first_id as usize + k, told);
            }
        }
    }
    sums.into_tally(&mut tally);
    *tally_out = tally;
}

/// The quiet pass (see the module documentation). Marks (`marks[k] = 1`) the
/// shoppers it leaves to the lane pass and clears the marks of the others.
///
/// On x86-64 processors with AVX2 (checked once, at run time) the same code is
/// compiled for 8-wide vectors instead of the baseline's 4. The results are the
/// same bits either way: every operation is lane by lane, in `f32` (no fused
/// multiply-adds), and the sums are integers.
#[allow(clippy::too_many_arguments)]
fn quiet_pass<const NETWORK: bool>(
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
    let (mut recovery_sum, mut word_of_mouth_sum, mut natural_sum) = (0i32, 0i32, 0i32);
    let mut trust_sum = [0i32; 3];
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
        let (trust, sentiment, word_of_mouth) = hear(p, start_trust, start_sentiment, heard, c);
        let visits = !was_churned & (visit_u[k] < visit_threshold(p, visit_propensity[k], trust));
        let lane = visits | saturated;
        let (closed, recovery, hazard) = close_day(p, trust, set_point[k], dropout[k], loyalty[k]);
        let leaves = churn_u[k] < hazard;
        let counts = !was_churned & !lane;
        let stays = counts & !leaves;
        let left = counts & leaves;
        let intent = states_intent(p, closed, sentiment);
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
        recovery_sum += kept(recovery);
        word_of_mouth_sum += kept(word_of_mouth);
        natural_sum += if left {
            fixed(natural_share(dropout[k], hazard))
        } else {
            0
        };
        let seg = segment[k];
        let in_segment = [seg == 0, seg == 1, seg == 2];
        for (sum, here) in trust_sum.iter_mut().zip(in_segment) {
            *sum += if stays & here { fixed(closed) } else { 0 };
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
    sums.churn_natural += i64::from(natural_sum);
    for (s, run_trust) in trust_sum.into_iter().enumerate() {
        let count = |packed: u32| u64::from((packed >> (COUNT_BITS * s as u32)) & COUNT_MASK);
        sums.segment_trust[s] += i64::from(run_trust);
        sums.segment_active[s] += count(active);
        sums.segment_targetable[s] += count(targetable);
        sums.segment_stating_intent[s] += count(intent_count);
        sums.segment_churned[s] += count(churned);
    }
}

/// What one shopper is feeling while the day is worked out in the lane pass.
#[derive(Debug, Clone, Copy)]
struct Mood {
    trust: f64,
    sentiment: f64,
    consent: f64,
}

/// The whole day of shopper `k` of the block, who heard `heard` (the lane pass).
#[allow(clippy::too_many_arguments)]
fn lane_day(
    ctx: &DayContext,
    p: &DailyParams,
    draws: &Draws,
    f: &mut Fields,
    k: usize,
    heard: f32,
    sums: &mut BlockSums,
    tally: &mut DayTally,
    previous_visits: &mut Vec<i32>,
) {
    let (Some(&flags), Some(&c), Some(&start_trust), Some(&start_sentiment), Some(&consent)) = (
        f.flags.get(k),
        f.concern.get(k),
        f.trust.get(k),
        f.sentiment.get(k),
        f.consent.get(k),
    ) else {
        return;
    };
    let id = f.first_id.wrapping_add(k as u32);
    let was_churned = flags & CHURNED != 0;
    let (trust, sentiment, word_of_mouth) = hear(p, start_trust, start_sentiment, heard, c);
    let mut mood = Mood {
        trust: trust as f64,
        sentiment: sentiment as f64,
        consent: consent as f64,
    };
    // News of recent events lands after a short delay, before the visit.
    let mut news = [0.0; 3];
    if !ctx.news.is_empty() {
        let last_visit = f.last_visit_day.get(k).copied().unwrap_or_default();
        news = hear_news(ctx, id as u64, last_visit, c as f64, &mut mood);
    }
    let mut flags_out = flags;
    if !was_churned {
        let v = f.visit_propensity.get(k).copied().unwrap_or_default();
        let mut creepiness = 0.0;
        if draws.visit.uniform(id) < visit_threshold(p, v, mood.trust as f32) {
            creepiness = visit(
                ctx,
                f,
                k,
                id as u64,
                c as f64,
                &mut mood,
                tally,
                previous_visits,
            );
        }
        let at = |field: &[f32]| field.get(k).copied().unwrap_or_default();
        let (loyalty, dropout) = (at(f.loyalty), at(f.dropout_hazard));
        let (trust, recovery, hazard) = close_day(
            p,
            mood.trust as f32,
            at(f.trust_set_point),
            dropout,
            loyalty,
        );
        let sentiment = mood.sentiment as f32;
        let leaves = draws.churn.uniform(id) < hazard;
        let intent = states_intent(p, trust, sentiment);
        let seg = f.segment.get(k).copied().unwrap_or_default() as usize;
        sums.add_lane(
            seg,
            &ClosedDay {
                leaves,
                natural_share: natural_share(dropout, hazard),
                loyalty,
                sentiment,
                start_trust,
                recovery,
                word_of_mouth,
                trust,
                targetable: mood.consent > 0.0,
                intent,
            },
        );
        if leaves {
            flags_out |= CHURNED;
        } else {
            sums.creepiness += i64::from(fixed(creepiness as f32));
            for (total, change) in sums.news.iter_mut().zip(news) {
                *total += i64::from(fixed(change as f32));
            }
            flags_out = surveyed(flags, intent);
        }
        mood.trust = trust as f64;
    }
    let store = |slot: Option<&mut f32>, value: f64| {
        if let Some(slot) = slot {
            *slot = value.clamp(0.0, 1.0) as f32;
        }
    };
    store(f.trust.get_mut(k), mood.trust);
    store(f.sentiment.get_mut(k), mood.sentiment);
    store(f.consent.get_mut(k), mood.consent);
    if let Some(slot) = f.flags.get_mut(k) {
        *slot = flags_out;
    }
}

/// Probability that news of `wave` reaches a shopper whose record is (or is not) retained.
fn news_reach(ctx: &DayContext, wave: &NewsWave, retained: bool) -> f64 {
    let r = &ctx.params.retailer;
    let s = wave.severity;
    match wave.kind {
        EventKind::Breach => {
            if retained {
                r.breach_reach_retained.0 + r.breach_reach_retained.1 * s
            } else {
                r.breach_reach_media * s
            }
        }
        EventKind::RegulatoryInquiry => r.inquiry_reach * s,
        EventKind::PolicyChange => r.policy_reach.0 + r.policy_reach.1 * s,
    }
}

/// Days between an event and the news reaching a shopper: floor of an exponential.
fn news_delay(ctx: &DayContext, u: f64) -> u32 {
    let r = &ctx.params.retailer;
    let delay = (-(1.0 - u).ln() * r.news_mean_delay_days).floor();
    (delay.max(0.0) as u32).min(r.news_max_delay_days.saturating_sub(1))
}

/// Subtracts `loss` from trust (never below 0) and returns the change applied.
fn lower_trust(trust: &mut f64, loss: f64) -> f64 {
    let before = *trust;
    *trust = (before - loss).max(0.0);
    *trust - before
}

/// News of today's waves reaching shopper `id`: lowers trust, raises sentiment and
/// may withdraw consent (E15). Returns the trust change by kind of event.
fn hear_news(ctx: &DayContext, id: u64, last_visit: i32, c: f64, mood: &mut Mood) -> [f64; 3] {
    let b = &ctx.params.behaviour;
    let rng = &ctx.rng;
    let mut change = [0.0; 3];
    let last_visit = last_visit as i64;
    for wave in ctx.news {
        let delay = news_delay(
            ctx,
            rng.uniform(Stream::NewsDelay, wave.day, wave.key ^ (id << 24)),
        );
        if wave.day + delay != ctx.day {
            continue;
        }
        let retained = wave.day as i64 - last_visit <= wave.retention_days as i64;
        let reach = news_reach(ctx, wave, retained);
        if rng.uniform(Stream::NewsReach, wave.day, wave.key ^ (id << 24)) >= reach {
            continue;
        }
        let held = if retained { wave.breadth_held } else { 0.0 };
        let shock = m::news_shock(b, wave.shock_scale, wave.severity, c, held);
        change[wave.kind.index()] += lower_trust(&mut mood.trust, shock);
        mood.sentiment = mood.sentiment.max((2.0 * shock).min(1.0));
        if mood.consent > 0.0
            && rng.uniform(Stream::NewsConsent, wave.day, wave.key ^ (id << 24)) < shock
        {
            mood.consent = match ctx.effects.consent {
                ConsentModel::Dashboard => (mood.consent - 0.5).max(0.0),
                _ => 0.0,
            };
        }
    }
    change
}

/// Shopper `id` (index `k` of the block) visits: content, purchase, clicks and the
/// experience (E5-E11). Returns the trust change due to creepiness.
#[allow(clippy::too_many_arguments)]
fn visit(
    ctx: &DayContext,
    f: &mut Fields,
    k: usize,
    id: u64,
    c: f64,
    mood: &mut Mood,
    tally: &mut DayTally,
    previous_visits: &mut Vec<i32>,
) -> f64 {
    let b = &ctx.params.behaviour;
    let effects = &ctx.effects;
    let (day, rng) = (ctx.day, &ctx.rng);
    let (Some(last_visit), Some(orders), Some(loyalty)) = (
        f.last_visit_day.get_mut(k),
        f.orders.get_mut(k),
        f.loyalty.get_mut(k),
    ) else {
        return 0.0;
    };
    previous_visits.push(*last_visit);
    *last_visit = day as i32;
    tally.visits += 1;
    // Content: relevance and creepiness of what is shown.
    let d = m::usable_data(effects, mood.consent);
    let r = m::relevance(b, effects.personalization, d);
    let felt = m::felt_creepiness(b, m::creepiness(effects, d), c, mood.trust);
    // Purchase.
    let (order_u, click_u) = rng.uniform_pair(Stream::Order, day, id);
    let ordered = order_u < m::order_probability(b, mood.trust, r, felt);
    let clicked = click_u < m::click_probability(b, r, felt, ordered);
    if clicked {
        tally.clicks += 1;
    }
    if ordered {
        let z = rng.standard_normal(Stream::Basket, day, id);
        let mean_basket = f.basket_mean_dollars.get(k).copied().unwrap_or_default();
        let basket = Cents::from_dollars(m::basket_dollars(b, mean_basket as f64, r, z));
        tally.orders += 1;
        tally.revenue += basket;
        if clicked {
            tally.attributed_revenue += basket;
        }
        *orders = orders.saturating_add(1);
        *loyalty = m::loyalty(b, u32::from(*orders)) as f32;
    }
    // Experience: creepy content costs trust and breeds talk.
    let mut creepiness_change = 0.0;
    if felt > 0.0 {
        let loss = m::experience_trust_loss(b, felt);
        creepiness_change = lower_trust(&mut mood.trust, loss);
        mood.sentiment = mood.sentiment.max(b.experience_sentiment * felt * felt);
    }
    let u = rng.uniform(Stream::Experience, day, id);
    let consent = mood.consent;
    mood.consent = match effects.consent {
        ConsentModel::Dashboard if consent > 0.0 => {
            if u < b.dashboard_lower_probability * felt {
                let lowered = consent - b.dashboard_lower_step;
                if lowered < b.dashboard_floor {
                    0.0
                } else {
                    lowered
                }
            } else {
                consent
            }
        }
        ConsentModel::OptIn if consent == 0.0 => {
            if u < b.opt_in_drift * (1.0 - c) * mood.trust / 0.7 {
                1.0
            } else {
                0.0
            }
        }
        _ if consent > 0.0 && u < b.creepy_opt_out * felt * effects.awareness => 0.0,
        _ => consent,
    };
    creepiness_change
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params::ModelParams;
    use crate::model::population::initial_population;
    use crate::model::segment::SegmentMix;
    use crate::model::strategy::Strategy;

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
            block.loyalty[k] = m::loyalty(&params.behaviour, u32::from(block.orders[k])) as f32;
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
