//! One day for one block of shoppers: the hot path of the engine.
//!
//! A day is worked out in passes over the block:
//!
//! 1. **The quiet pass** ([`quiet_pass`](mod@quiet_pass)) covers every shopper in one loop without
//!    branches, in `f32`, so the compiler runs it on vector registers: word of mouth
//!    heard, the visit and churn draws, trust recovery, the churn hazard and the
//!    survey, and the day's sums. A shopper who visits today (or whose tie count does
//!    not fit the pass, or everyone on a day with news of an event) is left untouched
//!    and marked.
//! 2. **The lane pass** ([`lane_pass`]) works out the day of each marked shopper one
//!    at a time: the same steps through the same functions, plus news, the visit
//!    (content, purchase, clicks, experience) and consent changes.
//! 3. **Telling:** every shopper with something to say tells their neighbours.
//!
//! The kernel holds no rule of the model: both passes call the model's functions
//! (the daily steps of [`crate::model::daily`], the visit of
//! [`crate::model::mechanisms`], news of [`crate::model::news`]), so a shopper's day
//! does not depend on which pass worked it out. The day's sums ([`sums`]) are
//! fixed-point integers, so they do not depend on the order in which shoppers are
//! added either, nor on how the compiler splits the quiet pass over vector lanes:
//! results are the same bits on any machine and at any thread count.
//!
//! This file holds what both passes share: the day's settings ([`DayContext`]), the
//! block's fields, and [`simulate_block`], which runs the passes.

mod lane_pass;
mod quiet_pass;
mod sums;

use crate::model::events::EventKind;
use crate::model::mechanisms::StrategyEffects;
use crate::model::network::{HearsayBlock, SocialNetwork};
use crate::model::params::{DailyParams, ModelParams};
use crate::model::population::{ShopperBlock, STATES_INTENT};
use crate::rng::{CounterRng, Draw32, Stream};
use crate::sim::metrics::DayTally;
use lane_pass::lane_day;
use quiet_pass::quiet_pass;
use sums::BlockSums;

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
    /// Share of everything about a held shopper the event exposes (E17).
    pub data_exposed: f64,
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

/// Flags of a shopper who stays, after today's survey (E14).
#[inline(always)]
fn surveyed(flags: u8, intent: bool) -> u8 {
    (flags & !STATES_INTENT) | if intent { STATES_INTENT } else { 0 }
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
