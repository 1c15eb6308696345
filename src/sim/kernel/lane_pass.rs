//! The lane pass: the day of one marked shopper at a time (see the kernel's module
//! documentation): the daily steps the quiet pass takes, plus news of events (E15) and
//! the visit (E5-E11), in the order of `docs/MODEL.md`, section 3. The visit and news
//! are worked out in `f64`; what is stored is rounded to `f32` once, at the end.

use super::sums::{fixed, BlockSums, ClosedDay};
use super::{surveyed, DayContext, Draws, Fields};
use crate::model::daily;
use crate::model::mechanisms as m;
use crate::model::news;
use crate::model::params::DailyParams;
use crate::model::population::CHURNED;
use crate::model::retailer::record_held;
use crate::rng::Stream;
use crate::sim::metrics::DayTally;
use crate::units::Cents;

/// What one shopper is feeling while the day is worked out in the lane pass.
#[derive(Debug, Clone, Copy)]
struct Mood {
    trust: f64,
    sentiment: f64,
    consent: f64,
}

/// The whole day of shopper `k` of the block, who heard `heard` (the lane pass).
#[allow(clippy::too_many_arguments)]
pub(super) fn lane_day(
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
    let wom = daily::word_of_mouth(p, start_trust, start_sentiment, heard, c);
    let mut mood = Mood {
        trust: wom.trust as f64,
        sentiment: wom.sentiment as f64,
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
        if draws.visit.uniform(id) < daily::visit_threshold(p, v, mood.trust as f32) {
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
        let ends = daily::close_day(
            p,
            mood.trust as f32,
            at(f.trust_set_point),
            dropout,
            loyalty,
        );
        let sentiment = mood.sentiment as f32;
        let leaves = draws.churn.uniform(id) < ends.hazard;
        let intent = daily::states_intent(p, ends.trust, sentiment);
        let seg = f.segment.get(k).copied().unwrap_or_default() as usize;
        sums.add_lane(
            seg,
            &ClosedDay {
                leaves,
                natural_share: daily::natural_share(dropout, ends.hazard),
                loyalty,
                sentiment,
                start_trust,
                recovery: ends.recovery,
                word_of_mouth: wom.trust_change,
                trust: ends.trust,
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
        mood.trust = ends.trust as f64;
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

/// News of today's waves reaching shopper `id` (E15): each wave whose delay for this
/// shopper ends today and which reaches them lowers trust, raises sentiment and may
/// withdraw consent. Returns the trust change by kind of event.
fn hear_news(ctx: &DayContext, id: u64, last_visit: i32, c: f64, mood: &mut Mood) -> [f64; 3] {
    let (b, r) = (&ctx.params.behaviour, &ctx.params.retailer);
    let rng = &ctx.rng;
    let mut change = [0.0; 3];
    for wave in ctx.news {
        let key = wave.key ^ (id << 24);
        let delay = news::delay_days(r, rng.uniform(Stream::NewsDelay, wave.day, key));
        if wave.day + delay != ctx.day {
            continue;
        }
        let retained = record_held(wave.day as i64, last_visit as i64, wave.retention_days);
        let reach = news::reach(r, wave.kind, wave.severity, retained);
        if rng.uniform(Stream::NewsReach, wave.day, key) >= reach {
            continue;
        }
        let held = if retained { wave.data_exposed } else { 0.0 };
        let shock = news::shock(b, wave.shock_scale, wave.severity, c, held);
        change[wave.kind.index()] += m::lower_trust(&mut mood.trust, shock);
        mood.sentiment = news::sentiment_after(b, mood.sentiment, shock);
        if mood.consent > 0.0 {
            let u = rng.uniform(Stream::NewsConsent, wave.day, key);
            mood.consent = news::consent_after(b, ctx.effects.consent, mood.consent, shock, u);
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
        *loyalty = daily::loyalty_after_order(b, f64::from(*loyalty)) as f32;
    }
    // Experience: creepy content costs trust and breeds talk, and may cost consent.
    let mut creepiness_change = 0.0;
    if felt > 0.0 {
        let loss = m::experience_trust_loss(b, felt);
        creepiness_change = m::lower_trust(&mut mood.trust, loss);
        mood.sentiment = m::experience_sentiment(b, mood.sentiment, felt);
    }
    let u = rng.uniform(Stream::Experience, day, id);
    mood.consent = m::consent_after_visit(effects, b, mood.consent, c, mood.trust, felt, u);
    creepiness_change
}
