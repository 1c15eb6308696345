//! The shoppers' state, stored as struct-of-arrays in fixed-size blocks.
//!
//! Blocks are the unit of parallel work: their size never depends on the thread
//! count, and their per-day tallies are combined in block order, so results are the
//! same at any thread count.

use crate::model::mechanisms::{initial_consent, StrategyEffects};
use crate::model::params::{BehaviourParams, PopulationParams};
use crate::model::segment::{Segment, SegmentMix};
use crate::rng::{CounterRng, Stream};
use rand::SeedableRng;
use rand_distr::{Beta, Distribution, Gamma, LogNormal, Normal, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Shoppers per block.
pub const BLOCK_SIZE: usize = 4096;

/// Flag bit: the shopper has left for good.
pub const CHURNED: u8 = 1;
/// Flag bit: a survey today would hear an intention to leave.
pub const STATES_INTENT: u8 = 2;
/// Flag bit, with [`CHURNED`]: a customer-to-be of cohort mode who has not made their
/// first purchase yet (outside the store like a former shopper until then).
pub const AWAITING_ENTRY: u8 = 4;
/// `last_visit_day` of a shopper who has never visited (a customer-to-be): no record.
pub const NEVER_VISITED: i32 = i32::MIN;

/// State of up to [`BLOCK_SIZE`] consecutive shoppers, one vector per field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopperBlock {
    /// Id of the first shopper of the block; shopper `k` of the block has id `first_id + k`.
    pub first_id: u32,
    /// [`Segment::index`] of each shopper.
    pub segment: Vec<u8>,
    /// Privacy concern `c` in `[0, 1]`.
    pub concern: Vec<f32>,
    /// Trust in the retailer `T` in `[0, 1]`.
    pub trust: Vec<f32>,
    /// The level trust recovers to, `T*` (initial trust).
    pub trust_set_point: Vec<f32>,
    /// Daily visit propensity `v`.
    pub visit_propensity: Vec<f32>,
    /// Natural daily dropout hazard `mu`.
    pub dropout_hazard: Vec<f32>,
    /// Mean basket value in dollars.
    pub basket_mean_dollars: Vec<f32>,
    /// Share of the shopper's data the retailer may use; 0 = not targetable.
    pub consent: Vec<f32>,
    /// Negative sentiment `S` in `[0, 1]`, what the shopper tells others.
    pub sentiment: Vec<f32>,
    /// Orders placed so far (saturating).
    pub orders: Vec<u16>,
    /// Loyalty `L` earned by those orders (E13), kept beside them so that the daily
    /// pass needs no table lookup.
    pub loyalty: Vec<f32>,
    /// Day of the last visit (negative: before day 0).
    pub last_visit_day: Vec<i32>,
    /// [`CHURNED`] and [`STATES_INTENT`] bits.
    pub flags: Vec<u8>,
}

impl ShopperBlock {
    pub fn len(&self) -> usize {
        self.segment.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segment.is_empty()
    }

    fn with_capacity(first_id: u32, n: usize) -> ShopperBlock {
        ShopperBlock {
            first_id,
            segment: Vec::with_capacity(n),
            concern: Vec::with_capacity(n),
            trust: Vec::with_capacity(n),
            trust_set_point: Vec::with_capacity(n),
            visit_propensity: Vec::with_capacity(n),
            dropout_hazard: Vec::with_capacity(n),
            basket_mean_dollars: Vec::with_capacity(n),
            consent: Vec::with_capacity(n),
            sentiment: Vec::with_capacity(n),
            orders: Vec::with_capacity(n),
            loyalty: Vec::with_capacity(n),
            last_visit_day: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
        }
    }

    /// Bytes of shopper state per shopper (excluding the network).
    pub const BYTES_PER_SHOPPER: usize = 1 + 9 * 4 + 2 + 4 + 1;
}

/// Draws for one shopper's fixed traits, from distributions built once.
struct TraitDistributions {
    concern: [Beta<f64>; 3],
    trust: [Normal<f64>; 3],
    visit: Gamma<f64>,
    dropout: Gamma<f64>,
    basket: LogNormal<f64>,
}

impl TraitDistributions {
    fn new(p: &PopulationParams) -> Option<TraitDistributions> {
        let beta = |(a, b): (f64, f64)| Beta::new(a, b).ok();
        let normal = |m: f64| Normal::new(m, p.trust_sd).ok();
        // Log-normal with the given arithmetic mean: mu = ln(mean) - sigma^2 / 2.
        let mu = p.basket_mean_dollars.max(1e-9).ln() - 0.5 * p.basket_sigma * p.basket_sigma;
        Some(TraitDistributions {
            concern: [
                beta(p.concern_beta[0])?,
                beta(p.concern_beta[1])?,
                beta(p.concern_beta[2])?,
            ],
            trust: [
                normal(p.trust_mean[0])?,
                normal(p.trust_mean[1])?,
                normal(p.trust_mean[2])?,
            ],
            visit: Gamma::new(p.visit_shape, p.visit_mean / p.visit_shape).ok()?,
            dropout: Gamma::new(p.dropout_shape, p.dropout_mean / p.dropout_shape).ok()?,
            basket: LogNormal::new(mu, p.basket_sigma).ok()?,
        })
    }
}

/// Builds the day-0 population (E1, E3): segment, traits, initial trust and consent.
///
/// Each shopper's traits come from a Xoshiro256++ generator seeded from the run seed
/// and the shopper id, so the population is the same whatever the block layout.
/// Returns `None` only if the parameters make a distribution invalid.
pub fn initial_population(
    shoppers: u32,
    mix: &SegmentMix,
    params: &PopulationParams,
    behaviour: &BehaviourParams,
    effects: &StrategyEffects,
    rng: &CounterRng,
) -> Option<Vec<ShopperBlock>> {
    use rayon::prelude::*;
    let traits = TraitDistributions::new(params)?;
    let n = shoppers as usize;
    let block_count = n.div_ceil(BLOCK_SIZE);
    let blocks = (0..block_count)
        .into_par_iter()
        .map(|b| {
            let first = b * BLOCK_SIZE;
            let len = BLOCK_SIZE.min(n - first);
            let mut block = ShopperBlock::with_capacity(first as u32, len);
            for id in first as u64..(first + len) as u64 {
                let mut g = Xoshiro256PlusPlus::seed_from_u64(rng.sub_seed(Stream::Population, id));
                let segment = mix.pick(rng.uniform(Stream::Population, 0, id));
                let s = segment.index();
                let concern = traits.concern[s].sample(&mut g).clamp(0.0, 1.0);
                let (lo, hi) = params.trust_bounds;
                let trust = traits.trust[s].sample(&mut g).clamp(lo, hi);
                let visit = traits.visit.sample(&mut g).min(params.visit_cap);
                let mut dropout = traits.dropout.sample(&mut g);
                if params.dropout_visit_link != 0.0 {
                    dropout *= (visit / params.visit_mean).powf(params.dropout_visit_link);
                }
                let dropout = dropout.clamp(0.0, 1.0);
                // Its own counter-based draw, so a share of 0 changes nothing else.
                let lapses = params.dropout_free_share <= 0.0
                    || rng.uniform(Stream::Population, 2, id) >= params.dropout_free_share;
                let dropout = if lapses { dropout } else { 0.0 };
                let basket = traits.basket.sample(&mut g);
                let u = rng.uniform(Stream::Consent, 0, id);
                let z = rng.standard_normal(Stream::Consent, 1, id);
                let consent = initial_consent(effects, behaviour, concern, trust, u, z);
                let prior = params.prior_activity_days.max(1) as f64;
                let last_visit =
                    -1 - (rng.uniform(Stream::Population, 1, id) * prior).floor() as i32;
                block.segment.push(s as u8);
                block.concern.push(concern as f32);
                block.trust.push(trust as f32);
                block.trust_set_point.push(trust as f32);
                block.visit_propensity.push(visit as f32);
                block.dropout_hazard.push(dropout as f32);
                block.basket_mean_dollars.push(basket as f32);
                block.consent.push(consent as f32);
                block.sentiment.push(0.0);
                // Purchase history before day 0 (E1): it counts toward loyalty only.
                let prior_mean = visit
                    * params.prior_purchase_days
                    * behaviour.base_conversion
                    * (behaviour.conversion_trust_offset + trust);
                let prior_orders = Poisson::new(prior_mean)
                    .map_or(0.0, |poisson| poisson.sample(&mut g))
                    .min(f64::from(u16::MAX));
                block.orders.push(0);
                block
                    .loyalty
                    .push(crate::model::daily::loyalty(behaviour, prior_orders as u32) as f32);
                block.last_visit_day.push(last_visit);
                block.flags.push(0);
            }
            block
        })
        .collect();
    Some(blocks)
}

/// Re-draws every shopper's consent when the retailer switches consent model on `day`
/// (E3 with the new model; the draws use their own stream so a switch is a clean
/// counterfactual).
pub fn redraw_consent(
    blocks: &mut [ShopperBlock],
    behaviour: &BehaviourParams,
    effects: &StrategyEffects,
    rng: &CounterRng,
    day: u32,
) {
    use rayon::prelude::*;
    blocks.par_iter_mut().for_each(|block| {
        for k in 0..block.len() {
            let id = block.first_id as u64 + k as u64;
            let u = rng.uniform(Stream::ConsentChange, 2 * day, id);
            let z = rng.standard_normal(Stream::ConsentChange, 2 * day + 1, id);
            block.consent[k] = initial_consent(
                effects,
                behaviour,
                block.concern[k] as f64,
                block.trust[k] as f64,
                u,
                z,
            ) as f32;
        }
    });
}

/// Number of shoppers of each segment.
pub fn segment_counts(blocks: &[ShopperBlock]) -> [u64; 3] {
    let mut counts = [0u64; 3];
    for block in blocks {
        for &s in &block.segment {
            counts[Segment::from_index(s).index()] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::strategy::Strategy;

    fn build(n: u32, seed: u64) -> Vec<ShopperBlock> {
        build_with(n, seed, &PopulationParams::default())
    }

    fn build_with(n: u32, seed: u64, params: &PopulationParams) -> Vec<ShopperBlock> {
        let behaviour = BehaviourParams::default();
        let effects = StrategyEffects::new(&Strategy::default(), &behaviour);
        initial_population(
            n,
            &SegmentMix::default(),
            params,
            &behaviour,
            &effects,
            &CounterRng::new(seed),
        )
        .unwrap_or_default()
    }

    #[test]
    fn population_matches_the_mix_and_trait_means() {
        let blocks = build(40_000, 1);
        let counts = segment_counts(&blocks);
        let n = 40_000.0;
        assert!((counts[0] as f64 / n - 0.26).abs() < 0.01);
        assert!((counts[1] as f64 / n - 0.64).abs() < 0.01);
        let mut concern = [0.0f64; 3];
        let mut visit = 0.0f64;
        for b in &blocks {
            for k in 0..b.len() {
                concern[b.segment[k] as usize] += b.concern[k] as f64;
                visit += b.visit_propensity[k] as f64;
                assert!((0.0..=1.0).contains(&b.trust[k]));
                assert!(b.last_visit_day[k] < 0 && b.last_visit_day[k] >= -60);
            }
        }
        assert!((concern[0] / counts[0] as f64 - 0.85).abs() < 0.02);
        assert!((concern[2] / counts[2] as f64 - 0.05).abs() < 0.02);
        assert!((visit / n - 0.07).abs() < 0.003);
    }

    #[test]
    fn same_seed_same_population_and_blocks_are_full() {
        let a = build(10_000, 5);
        assert_eq!(a, build(10_000, 5));
        assert_ne!(a, build(10_000, 6));
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].len(), BLOCK_SIZE);
        assert_eq!(a[2].len(), 10_000 - 2 * BLOCK_SIZE);
        assert_eq!(a[2].first_id as usize, 2 * BLOCK_SIZE);
    }

    #[test]
    fn the_dropout_visit_link_scales_each_hazard_by_relative_visits() {
        let with_link = |link: f64| {
            let params = PopulationParams {
                dropout_visit_link: link,
                ..PopulationParams::default()
            };
            build_with(5_000, 3, &params)
        };
        let (plain, linked) = (with_link(0.0), with_link(1.0));
        let mean = PopulationParams::default().visit_mean;
        let mut checked = 0;
        for (a, b) in plain.iter().zip(&linked) {
            // The link changes the hazards and nothing else.
            assert_eq!(a.visit_propensity, b.visit_propensity);
            assert_eq!(a.trust, b.trust);
            for k in 0..a.len() {
                let want = (a.dropout_hazard[k] as f64 * a.visit_propensity[k] as f64 / mean)
                    .clamp(0.0, 1.0);
                let got = b.dropout_hazard[k] as f64;
                assert!(
                    (got - want).abs() <= 1e-6 * want.max(1e-9),
                    "{got} vs {want}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 5_000);
    }

    #[test]
    fn zero_shoppers_is_an_empty_population() {
        assert!(build(0, 1).is_empty());
    }
}
