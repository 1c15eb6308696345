//! Engine throughput in shopper-days per second.
//!
//! `cargo bench --bench engine` measures one simulated day of the default preset
//! (social network on, random breaches off) at several population sizes, at 1 and 2
//! worker threads, and without the network; beside it the cheapest conceivable
//! shopper-day (one counter-based draw and three f32 updates), as a floor to compare
//! the full model against. `benches/throughput.rs` prints the same figures as a table.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shopsim::rng::{CounterRng, Stream};
use shopsim::scenario::Scenario;
use shopsim::sim::Engine;
use std::hint::black_box;

fn scenario(shoppers: u32) -> Scenario {
    let mut s = Scenario::default();
    s.simulation.shoppers = shoppers;
    s.simulation.days = 100_000;
    s.simulation.random_breaches = false;
    s
}

/// An engine past its first 30 days, so sentiment and churn are in steady state.
fn warm_engine(scenario: &Scenario) -> Engine {
    let mut engine = Engine::new(scenario);
    for _ in 0..30 {
        engine.step();
    }
    engine
}

/// Days stepped before a timed engine is replaced by a fresh copy of the warm one.
/// Criterion runs many iterations; without this a small population would churn out
/// over thousands of days and churned shoppers cost almost nothing, flattering the
/// figures.
const DAYS_PER_COPY: u64 = 60;

/// Times `iters` single days, continuing from copies of `warm` (copying not timed).
fn time_days(warm: &Engine, iters: u64, step: impl Fn(&mut Engine)) -> std::time::Duration {
    let mut total = std::time::Duration::ZERO;
    let mut engine = warm.clone();
    for i in 0..iters {
        if i > 0 && i % DAYS_PER_COPY == 0 {
            engine = warm.clone();
        }
        let start = std::time::Instant::now();
        step(&mut engine);
        total += start.elapsed();
    }
    total
}

fn pool(threads: usize) -> rayon::ThreadPool {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool,
        Err(e) => panic!("thread pool: {e}"),
    }
}

fn engine_day(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_day");
    group.sample_size(20);
    for shoppers in [10_000u32, 100_000, 1_000_000] {
        let warm = warm_engine(&scenario(shoppers));
        group.throughput(Throughput::Elements(shoppers as u64));
        group.bench_with_input(BenchmarkId::from_parameter(shoppers), &shoppers, |b, _| {
            b.iter_custom(|iters| {
                time_days(&warm, iters, |engine| {
                    black_box(engine.step().revenue);
                })
            })
        });
    }
    group.finish();
}

/// One day of 1M shoppers at 1 and 2 worker threads, with and without the network.
fn engine_day_threads(c: &mut Criterion) {
    let shoppers = 1_000_000u32;
    let mut group = c.benchmark_group("engine_day_1M");
    group.sample_size(10);
    group.throughput(Throughput::Elements(shoppers as u64));
    for network in [true, false] {
        let mut s = scenario(shoppers);
        s.population.social_network = network;
        for threads in [1usize, 2] {
            let pool = pool(threads);
            let warm = pool.install(|| warm_engine(&s));
            let name = format!(
                "{}_threads_{threads}",
                if network { "network" } else { "no_network" }
            );
            group.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    time_days(&warm, iters, |engine| {
                        pool.install(|| black_box(engine.step().revenue));
                    })
                })
            });
        }
    }
    group.finish();
}

/// The floor: one random draw and three f32 updates per shopper-day, in a tight loop.
fn minimal_shopper_day(c: &mut Criterion) {
    let n = 1_000_000usize;
    let rng = CounterRng::new(1);
    let mut trust = vec![0.5f32; n];
    let mut sentiment = vec![0.1f32; n];
    let mut loyalty = vec![0.2f32; n];
    let mut day = 0u32;
    let mut group = c.benchmark_group("minimal_shopper_day");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("1M", |b| {
        b.iter(|| {
            day += 1;
            for i in 0..n {
                let u = rng.uniform_f32(Stream::Visit, day, i as u64);
                trust[i] = trust[i] * 0.99 + 0.01 * u;
                sentiment[i] *= 0.6;
                loyalty[i] += 0.001 * u;
            }
            black_box(trust[n / 2]);
        })
    });
    group.finish();
}

fn population_setup(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_new");
    group.sample_size(10);
    group.throughput(Throughput::Elements(100_000));
    group.bench_function("100k", |b| {
        b.iter(|| black_box(Engine::new(&scenario(100_000)).day()))
    });
    group.finish();
}

criterion_group!(
    benches,
    engine_day,
    engine_day_threads,
    minimal_shopper_day,
    population_setup
);
criterion_main!(benches);
