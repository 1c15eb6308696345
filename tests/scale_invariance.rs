//! Scale invariance (issue 13): 10,000 and 50,000 simulated shoppers standing for the
//! same 2 million customers give the same per-customer revenue, profit and breach cost,
//! within sampling noise. Money is simulated per shopper and reported at real scale, so
//! only the noise of a smaller sample should differ.

use shopsim::model::events::{EventKind, ScheduledEvent};
use shopsim::scenario::Scenario;
use shopsim::sim::Engine;
use shopsim::units::UnitInterval;

const CUSTOMERS: u64 = 2_000_000;

/// (revenue, profit, breach cost) per customer, mean over two seeds.
fn per_customer(shoppers: u32) -> (f64, f64, f64) {
    let mut sums = (0.0, 0.0, 0.0);
    let seeds = [3u64, 4];
    for seed in seeds {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = shoppers;
        scenario.simulation.customers = Some(CUSTOMERS);
        scenario.simulation.days = 240;
        scenario.simulation.seed = seed;
        scenario.simulation.random_breaches = false;
        scenario.events = vec![ScheduledEvent {
            day: 120,
            kind: EventKind::Breach,
            severity: UnitInterval::clamped(0.5),
        }];
        let mut engine = Engine::new(&scenario);
        engine.run_to_end();
        let summary = engine.summary();
        assert_eq!(summary.customers, CUSTOMERS);
        let n = CUSTOMERS as f64;
        sums.0 += summary.total_revenue.dollars() / n;
        sums.1 += summary.profit.dollars() / n;
        sums.2 += summary.breach_cost.dollars() / n;
    }
    let k = seeds.len() as f64;
    (sums.0 / k, sums.1 / k, sums.2 / k)
}

#[test]
fn ten_and_fifty_thousand_shoppers_for_two_million_customers_agree() {
    let small = per_customer(10_000);
    let large = per_customer(50_000);
    let close = |a: f64, b: f64, what: &str| {
        let relative = (a - b).abs() / b.abs();
        assert!(
            relative < 0.03,
            "{what} per customer: {a:.4} at 10k vs {b:.4} at 50k shoppers ({:.2} % apart)",
            100.0 * relative
        );
    };
    close(small.0, large.0, "revenue");
    close(small.1, large.1, "profit");
    close(small.2, large.2, "breach cost");
    // The breach costs a real amount: the fixed part alone is $1M, i.e. $0.50 a customer.
    assert!(large.2 > 0.5, "breach cost per customer {:.3}", large.2);
}

#[test]
fn customers_default_to_the_shoppers() {
    let scenario = Scenario::default();
    assert_eq!(
        scenario.customers(),
        u64::from(scenario.simulation.shoppers)
    );
    assert_eq!(scenario.scale().factor(), 1.0);
}
