//! Running a cohort scenario and reading it the way [`Panel`](super::super::panel::Panel)
//! reads an order history: per customer the repeat purchases in calibration, the week of
//! the last one and the repeat purchases in the holdout; week by week the cohort's
//! repeat purchases. Also the order history itself, for tests that fit histories made
//! from known parameters.

use crate::calibration::orders::{CivilDay, Transaction};
use crate::calibration::panel::RepeatDays;
use crate::scenario::Scenario;
use crate::sim::Engine;
use crate::units::Cents;

/// One simulated customer, summarised like a panel's customer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SimulatedCustomer {
    pub calibration_repeats: u32,
    pub holdout_repeats: u32,
}

/// A cohort run, summarised.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortOutcome {
    pub customers: Vec<SimulatedCustomer>,
    /// Repeat purchases of the cohort per week, weeks 1 ..= the run's weeks.
    pub weekly_repeats: Vec<u64>,
    /// Each customer's repeat purchases in calibration, in panel days (simulated day
    /// `d` is the panel's day `d - 1`), as
    /// [`Panel::calibration_repeat_days`](super::super::panel::Panel).
    pub calibration_repeat_days: RepeatDays,
    /// Orders and revenue in calibration (for the mean order value).
    pub calibration_orders: u64,
    pub calibration_revenue: Cents,
}

/// Steps `scenario` to its end, calling `repeat(customer, day)` for every repeat purchase
/// of a cohort customer (several on one day cannot happen: one visit a day at most).
fn each_repeat(scenario: &Scenario, mut repeat: impl FnMut(usize, u32)) -> Engine {
    let customers = scenario.cohort.as_ref().map_or(0, |c| c.customers()) as usize;
    let mut engine = Engine::new(scenario);
    let mut orders = vec![0u16; customers];
    while !engine.is_finished() {
        engine.step();
        let day = engine.day();
        let mut id = 0usize;
        for block in engine.shopper_blocks() {
            for &now in &block.orders {
                if id >= customers {
                    break;
                }
                // The first order is the entry (the history's first purchase).
                if now > orders[id] {
                    if orders[id] > 0 || now > 1 {
                        repeat(id, day);
                    }
                    orders[id] = now;
                }
                id += 1;
            }
        }
    }
    engine
}

/// Runs a cohort scenario and summarises it; `calibration_end` is the number of days in
/// calibration (days after it are the holdout).
pub fn simulate_cohort(scenario: &Scenario, calibration_end: u32) -> CohortOutcome {
    let customers = scenario.cohort.as_ref().map_or(0, |c| c.customers()) as usize;
    let weeks = scenario.simulation.days.div_ceil(7) as usize;
    let mut summary = vec![SimulatedCustomer::default(); customers];
    let mut weekly_repeats = vec![0u64; weeks];
    let mut calibration_days = Vec::new();
    let engine = each_repeat(scenario, |id, day| {
        let week = (day - 1) / 7;
        if let Some(count) = weekly_repeats.get_mut(week as usize) {
            *count += 1;
        }
        let customer = &mut summary[id];
        if day <= calibration_end {
            calibration_days.push((id as u32, day - 1));
            customer.calibration_repeats += 1;
        } else {
            customer.holdout_repeats += 1;
        }
    });
    let calibration = &engine.history()[..(calibration_end as usize).min(engine.history().len())];
    CohortOutcome {
        customers: summary,
        weekly_repeats,
        calibration_repeat_days: RepeatDays::from_pairs(customers, &calibration_days),
        calibration_orders: calibration.iter().map(|d| d.orders).sum(),
        calibration_revenue: calibration
            .iter()
            .fold(Cents::ZERO, |total, d| total + d.revenue),
    }
}

/// The order history a cohort scenario makes: each customer's first purchase on their
/// entry day, then every simulated repeat purchase, with the customer's mean basket as
/// amount; day 1 of the run is `start`. Customers are numbered in id order.
pub fn simulated_transactions(scenario: &Scenario, start: CivilDay) -> Vec<Transaction> {
    let Some(cohort) = &scenario.cohort else {
        return Vec::new();
    };
    let mut transactions: Vec<Transaction> = cohort
        .first_purchase_days()
        .enumerate()
        .map(|(id, day)| Transaction {
            customer: id as u32,
            day: CivilDay(start.0 + day as i32 - 1),
            amount_cents: 0,
        })
        .collect();
    let engine = each_repeat(scenario, |id, day| {
        transactions.push(Transaction {
            customer: id as u32,
            day: CivilDay(start.0 + day as i32 - 1),
            amount_cents: 0,
        })
    });
    let baskets: Vec<f32> = engine
        .shopper_blocks()
        .iter()
        .flat_map(|b| b.basket_mean_dollars.iter().copied())
        .collect();
    for t in &mut transactions {
        let dollars = baskets.get(t.customer as usize).copied().unwrap_or(0.0);
        t.amount_cents = Cents::from_dollars(f64::from(dollars)).0;
    }
    transactions.sort_by_key(|t| (t.customer, t.day));
    transactions
}
