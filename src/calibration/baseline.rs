//! The believable baseline (calibration fact 13): purchase behaviour of a run next to
//! the published e-commerce figures.
//!
//! [`BaselineFigures::of_engine`] reads orders per shopper from the engine's state
//! (read-only) and the visit and order counts from its history. [`CDNOW_BG_NBD`] holds
//! the BG/NBD fit to the CDNOW panel (Fader, Hardie & Lee 2005) for reference.

use crate::sim::engine::Engine;
use serde::Serialize;

/// Orders-per-shopper histogram classes: 0, 1, 2, 3, 4 and "5 or more".
pub const ORDER_CLASSES: usize = 6;

/// Purchase figures of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineFigures {
    pub days: u32,
    pub shoppers: u64,
    /// Orders / visits over the run.
    pub conversion_rate: f64,
    pub mean_orders_per_shopper: f64,
    /// Variance / mean of orders per shopper: 1 for Poisson, above 1 for an NBD-like
    /// mixture of heterogeneous buyers.
    pub orders_variance_to_mean: f64,
    /// Share of shoppers without any order, and what a Poisson with the same mean gives.
    pub zero_order_share: f64,
    pub poisson_zero_order_share: f64,
    /// Share of buyers (at least one order) who ordered again (two or more).
    pub repeat_purchase_share: f64,
    /// Mean days between orders of repeat buyers (two or more orders), estimated as
    /// the days they were observed (the run, or up to their last visit if they left)
    /// over their orders: the inverse of their purchase rate.
    pub mean_days_between_orders: f64,
    /// Shares of shoppers with 0, 1, 2, 3, 4 and 5+ orders.
    pub orders_histogram: [f64; ORDER_CLASSES],
}

impl BaselineFigures {
    /// Figures of an engine's run so far (usually run to its end).
    pub fn of_engine(engine: &Engine) -> BaselineFigures {
        let summary = engine.summary();
        let days = engine.day();
        let mut counts: Vec<f64> = Vec::with_capacity(engine.shoppers() as usize);
        let (mut repeat_days, mut repeat_gaps) = (0.0f64, 0.0f64);
        for block in engine.shopper_blocks() {
            for k in 0..block.len() {
                let orders = f64::from(block.orders[k]);
                counts.push(orders);
                if block.orders[k] >= 2 {
                    let churned = block.flags[k] & crate::model::population::CHURNED != 0;
                    let observed = if churned {
                        block.last_visit_day[k].clamp(1, days as i32) as f64
                    } else {
                        f64::from(days)
                    };
                    repeat_days += observed;
                    repeat_gaps += orders;
                }
            }
        }
        BaselineFigures::from_counts(
            days,
            &counts,
            summary.conversion_rate,
            if repeat_gaps > 0.0 {
                repeat_days / repeat_gaps
            } else {
                0.0
            },
        )
    }

    /// Figures from orders per shopper (pure; used by [`Self::of_engine`]).
    pub fn from_counts(
        days: u32,
        counts: &[f64],
        conversion_rate: f64,
        mean_days_between_orders: f64,
    ) -> BaselineFigures {
        let n = counts.len() as f64;
        let share = |k: usize| {
            if n > 0.0 {
                k as f64 / n
            } else {
                0.0
            }
        };
        let mean = if n > 0.0 {
            counts.iter().sum::<f64>() / n
        } else {
            0.0
        };
        let variance = if n > 0.0 {
            counts.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n
        } else {
            0.0
        };
        let mut histogram = [0.0; ORDER_CLASSES];
        for &x in counts {
            let class = (x.max(0.0) as usize).min(ORDER_CLASSES - 1);
            histogram[class] += 1.0;
        }
        for h in &mut histogram {
            *h = if n > 0.0 { *h / n } else { 0.0 };
        }
        let buyers = counts.iter().filter(|&&x| x >= 1.0).count();
        let repeaters = counts.iter().filter(|&&x| x >= 2.0).count();
        BaselineFigures {
            days,
            shoppers: counts.len() as u64,
            conversion_rate,
            mean_orders_per_shopper: mean,
            orders_variance_to_mean: if mean > 0.0 { variance / mean } else { 0.0 },
            zero_order_share: share(counts.iter().filter(|&&x| x == 0.0).count()),
            poisson_zero_order_share: (-mean).exp(),
            repeat_purchase_share: if buyers > 0 {
                repeaters as f64 / buyers as f64
            } else {
                0.0
            },
            mean_days_between_orders,
            orders_histogram: histogram,
        }
    }
}

/// A published range a figure is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Benchmark {
    pub name: &'static str,
    /// Typical published value(s), in words.
    pub typical: &'static str,
    /// The accepted range (inclusive), as in the calibration brief.
    pub accept_low: f64,
    pub accept_high: f64,
    pub source: &'static str,
}

/// Visit-to-order conversion: ~2-3 % typical, 1-5 % accepted (CALIBRATION.md fact 13).
pub const CONVERSION_BENCHMARK: Benchmark = Benchmark {
    name: "visit-to-order conversion",
    typical: "2-3 %",
    accept_low: 0.01,
    accept_high: 0.05,
    source: "e-commerce conversion benchmarks (CALIBRATION.md, fact 13)",
};

/// Share of buyers who buy again: ~25-30 % typical; 10-60 % accepted by fact 13's test.
pub const REPEAT_BENCHMARK: Benchmark = Benchmark {
    name: "repeat-purchase share of buyers",
    typical: "25-30 %",
    accept_low: 0.10,
    accept_high: 0.60,
    source: "retail repeat-customer benchmarks (CALIBRATION.md, fact 13)",
};

/// Orders per shopper over-dispersed like an NBD: variance/mean at least 1.2 (fact 13).
pub const DISPERSION_BENCHMARK: Benchmark = Benchmark {
    name: "orders per shopper, variance/mean",
    typical: "> 1 (NBD)",
    accept_low: 1.2,
    accept_high: f64::INFINITY,
    source: "NBD/BG-NBD purchase models (CALIBRATION.md, fact 13)",
};

/// Parameters of a BG/NBD model (Fader, Hardie & Lee 2005), time in weeks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbd {
    /// Gamma shape and scale of the purchase rate while alive.
    pub r: f64,
    pub alpha: f64,
    /// Beta parameters of the dropout probability after each purchase.
    pub a: f64,
    pub b: f64,
}

/// The fit to the CDNOW panel reported by Fader, Hardie & Lee (2005).
pub const CDNOW_BG_NBD: BgNbd = BgNbd {
    r: 0.243,
    alpha: 4.414,
    a: 0.793,
    b: 2.426,
};

impl BgNbd {
    /// Mean purchase rate while alive, per week: r / alpha.
    pub fn mean_weekly_rate(&self) -> f64 {
        self.r / self.alpha
    }

    /// Expected repeat purchases of a new customer in `weeks` (Fader, Hardie & Lee
    /// 2005, eq. 9): (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))].
    pub fn expected_purchases(&self, weeks: f64) -> f64 {
        if weeks <= 0.0 {
            return 0.0;
        }
        let z = weeks / (self.alpha + weeks);
        let c = self.a + self.b - 1.0;
        let hyper = hypergeometric_2f1(self.r, self.b, c, z);
        c / (self.a - 1.0) * (1.0 - (self.alpha / (self.alpha + weeks)).powf(self.r) * hyper)
    }
}

/// Gauss's hypergeometric series 2F1(a, b; c; z) for 0 <= z < 1, summed until the
/// terms no longer matter (at most 100,000 terms).
fn hypergeometric_2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let (mut sum, mut term) = (0.0f64, 1.0f64);
    for k in 0..100_000 {
        sum += term;
        let k = k as f64;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        if term.abs() < 1e-15 * sum.abs() {
            break;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn figures_from_counts() {
        let counts = [0.0, 0.0, 1.0, 1.0, 2.0, 6.0];
        let f = BaselineFigures::from_counts(365, &counts, 0.02, 30.0);
        assert_eq!(f.shoppers, 6);
        assert!((f.mean_orders_per_shopper - 10.0 / 6.0).abs() < 1e-12);
        // Variance: sum of squares 42 / 6 - mean^2.
        let variance = 42.0 / 6.0 - (10.0f64 / 6.0).powi(2);
        assert!((f.orders_variance_to_mean - variance / (10.0 / 6.0)).abs() < 1e-12);
        assert!((f.zero_order_share - 2.0 / 6.0).abs() < 1e-12);
        assert!((f.repeat_purchase_share - 0.5).abs() < 1e-12);
        assert_eq!(f.orders_histogram[5], 1.0 / 6.0);
        assert!((f.orders_histogram.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let empty = BaselineFigures::from_counts(1, &[], 0.0, 0.0);
        assert_eq!(empty.repeat_purchase_share, 0.0);
        assert_eq!(empty.orders_variance_to_mean, 0.0);
    }

    #[test]
    fn hypergeometric_series_matches_closed_forms() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z.
        let z: f64 = 0.9;
        assert!((hypergeometric_2f1(1.0, 1.0, 2.0, z) - (-(1.0 - z).ln() / z)).abs() < 1e-9);
        // 2F1(a, b; b; z) = (1 - z)^-a.
        assert!((hypergeometric_2f1(0.5, 2.0, 2.0, 0.5) - 0.5f64.powf(-0.5)).abs() < 1e-12);
    }

    #[test]
    fn cdnow_expectations_grow_with_time_and_stay_small() {
        let m = CDNOW_BG_NBD;
        let (e39, e52, e78) = (
            m.expected_purchases(39.0),
            m.expected_purchases(52.0),
            m.expected_purchases(78.0),
        );
        assert!(0.0 < e39 && e39 < e52 && e52 < e78, "{e39} {e52} {e78}");
        // Dropout keeps the count well below rate x time (0.055 x 52 = 2.9).
        assert!(e52 < m.mean_weekly_rate() * 52.0, "{e52}");
        assert_eq!(m.expected_purchases(0.0), 0.0);
    }

    #[test]
    fn a_small_run_has_buyers_and_repeaters() {
        let mut s = Scenario::default();
        s.simulation.shoppers = 2_000;
        s.simulation.days = 120;
        let mut engine = Engine::new(&s);
        engine.run_to_end();
        let f = BaselineFigures::of_engine(&engine);
        assert_eq!(f.shoppers, 2_000);
        assert!(f.conversion_rate > 0.0 && f.conversion_rate < 1.0);
        assert!(f.repeat_purchase_share > 0.0 && f.repeat_purchase_share < 1.0);
        assert!(f.mean_days_between_orders > 0.0 && f.mean_days_between_orders <= 120.0);
        let total_orders: u64 = engine.history().iter().map(|d| d.orders).sum();
        assert!((f.mean_orders_per_shopper * 2_000.0 - total_orders as f64).abs() < 1e-6);
    }
}
