//! Shopper-days per second at several population sizes and thread counts.
//!
//! `cargo bench --bench throughput` prints a table; `cargo bench --bench throughput --
//! 1000000` limits it to one size. Each configuration runs in its own rayon pool, warms
//! up 30 days (sentiment and churn reach their steady state), then times single days.
//! It reports the median day and the best day: on a shared machine the best day is the
//! closest to what the code can do, the median what a run actually got. Set
//! `SHOPSIM_BENCH_NO_NETWORK=1` to time the model without the social network.
//!
//! The "floor" rows time the cheapest conceivable shopper-day (one counter-based draw
//! and three f32 updates, the same kernel as `benches/engine.rs`).

use rayon::prelude::*;
use shopsim::rng::{CounterRng, Stream};
use shopsim::scenario::Scenario;
use shopsim::sim::Engine;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn scenario(shoppers: u32) -> Scenario {
    let mut s = Scenario::default();
    s.simulation.shoppers = shoppers;
    s.simulation.days = 100_000;
    s.simulation.random_breaches = false;
    if std::env::var_os("SHOPSIM_BENCH_NO_NETWORK").is_some() {
        s.population.social_network = false;
    }
    s
}

/// Median and best of the timed days, in shopper-days per second.
fn rates(shoppers: u64, mut days: Vec<Duration>) -> (f64, f64) {
    days.sort();
    let rate = |d: Duration| shoppers as f64 / d.as_secs_f64();
    (rate(days[days.len() / 2]), rate(days[0]))
}

fn engine_rates(shoppers: u32, timed_days: usize) -> (f64, f64) {
    let mut engine = Engine::new(&scenario(shoppers));
    for _ in 0..30 {
        engine.step();
    }
    let days = (0..timed_days)
        .map(|_| {
            let start = Instant::now();
            black_box(engine.step().revenue);
            start.elapsed()
        })
        .collect();
    rates(shoppers as u64, days)
}

fn floor_rates(shoppers: usize, timed_days: usize) -> (f64, f64) {
    let rng = CounterRng::new(1);
    let mut trust = vec![0.5f32; shoppers];
    let mut sentiment = vec![0.1f32; shoppers];
    let mut loyalty = vec![0.2f32; shoppers];
    let days = (1..=timed_days as u32)
        .map(|day| {
            let start = Instant::now();
            trust
                .par_chunks_mut(4096)
                .zip(sentiment.par_chunks_mut(4096))
                .zip(loyalty.par_chunks_mut(4096))
                .enumerate()
                .for_each(|(chunk, ((trust, sentiment), loyalty))| {
                    for i in 0..trust.len() {
                        let id = (chunk * 4096 + i) as u64;
                        let u = rng.uniform_f32(Stream::Visit, day, id);
                        trust[i] = trust[i] * 0.99 + 0.01 * u;
                        sentiment[i] *= 0.6;
                        loyalty[i] += 0.001 * u;
                    }
                });
            black_box(trust[shoppers / 2]);
            start.elapsed()
        })
        .collect();
    rates(shoppers as u64, days)
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(f),
        Err(e) => panic!("thread pool: {e}"),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any number argument picks sizes.
    let sizes: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000, 1_000_000, 10_000_000]
    } else {
        sizes
    };
    println!(
        "{:>12} {:>8} {:>8} {:>14} {:>14}",
        "shoppers", "threads", "what", "median M/s", "best M/s"
    );
    for &shoppers in &sizes {
        // About 20 M shopper-days timed per configuration, 5 to 60 days (a small
        // population must not churn out: churned shoppers cost almost nothing).
        let timed_days = (20_000_000 / shoppers as usize).clamp(5, 60);
        for threads in [1, 2] {
            let (median, best) = in_pool(threads, || engine_rates(shoppers, timed_days));
            println!(
                "{shoppers:>12} {threads:>8} {:>8} {:>14.1} {:>14.1}",
                "model",
                median / 1e6,
                best / 1e6
            );
        }
    }
    let floor_size = 1_000_000;
    for threads in [1, 2] {
        let (median, best) = in_pool(threads, || floor_rates(floor_size, 50));
        println!(
            "{floor_size:>12} {threads:>8} {:>8} {:>14.1} {:>14.1}",
            "floor",
            median / 1e6,
            best / 1e6
        );
    }
}
