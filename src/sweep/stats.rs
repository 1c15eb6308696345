//! Statistics of a sweep: confidence intervals per point, Sobol indices, Pareto fronts.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean, standard deviation and 95 % confidence interval of the mean of some replicates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (n - 1 denominator); NaN for fewer than two values.
    pub sd: f64,
    /// `mean -/+ t(0.975, n-1) sd / sqrt(n)`; NaN bounds for fewer than two values.
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The [`Estimate`] of `values`, with a Student t interval (NaN values are skipped).
pub fn estimate(values: &[f64]) -> Estimate {
    let values: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    let n = values.len();
    let mean = if n == 0 {
        f64::NAN
    } else {
        values.iter().sum::<f64>() / n as f64
    };
    if n < 2 {
        return Estimate {
            n,
            mean,
            sd: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
        };
    }
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let sd = variance.sqrt();
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or(f64::NAN);
    let half_width = t * sd / (n as f64).sqrt();
    Estimate {
        n,
        mean,
        sd,
        ci_low: mean - half_width,
        ci_high: mean + half_width,
    }
}

/// How much of a metric's spread across points is seed noise, measured from the spread
/// of the replicates at each point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Noise {
    /// Points with at least two replicates (those that measure the noise).
    pub points: usize,
    /// Mean number of replicates per point.
    pub replicates: f64,
    /// Seed noise of one run: the within-point variance, pooled over points.
    pub run_variance: f64,
    /// Variance of the point means across points (what a sensitivity analysis splits).
    pub mean_variance: f64,
    /// Share of `mean_variance` that noise alone would give: `run_variance / replicates /
    /// mean_variance`, at most 1. Near 1, differences between points are mostly noise.
    pub share: f64,
}

/// The [`Noise`] of a metric from its values per point (one vector per point, its
/// replicates); `None` when no point has two replicates (the noise cannot be measured) or
/// fewer than two points have values. The pooled variance is the one-way ANOVA's
/// within-group mean square; the share compares its expected contribution to the
/// variance of the means, `sigma^2 / n`, with that variance.
pub fn noise(values_per_point: &[Vec<f64>]) -> Option<Noise> {
    let groups: Vec<Vec<f64>> = values_per_point
        .iter()
        .map(|values| values.iter().copied().filter(|v| v.is_finite()).collect())
        .filter(|values: &Vec<f64>| !values.is_empty())
        .collect();
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len() as f64;
    let (mut squares, mut degrees, mut points) = (0.0, 0usize, 0usize);
    for values in groups.iter().filter(|values| values.len() >= 2) {
        let m = mean(values);
        squares += values.iter().map(|v| (v - m).powi(2)).sum::<f64>();
        degrees += values.len() - 1;
        points += 1;
    }
    if points == 0 || groups.len() < 2 {
        return None;
    }
    let run_variance = squares / degrees as f64;
    let means: Vec<f64> = groups.iter().map(|values| mean(values)).collect();
    let grand = mean(&means);
    let mean_variance =
        means.iter().map(|m| (m - grand).powi(2)).sum::<f64>() / (means.len() - 1) as f64;
    let replicates = groups.iter().map(Vec::len).sum::<usize>() as f64 / groups.len() as f64;
    let share = if mean_variance > 0.0 {
        (run_variance / replicates / mean_variance).min(1.0)
    } else if run_variance > 0.0 {
        1.0
    } else {
        0.0
    };
    Some(Noise {
        points,
        replicates,
        run_variance,
        mean_variance,
        share,
    })
}

/// Whether two 95 % intervals overlap (false when either is unknown).
pub fn intervals_overlap(a: &Estimate, b: &Estimate) -> bool {
    let known = |e: &Estimate| e.ci_low.is_finite() && e.ci_high.is_finite();
    known(a) && known(b) && a.ci_low <= b.ci_high && b.ci_low <= a.ci_high
}

/// First-order and total Sobol indices of one parameter, with bootstrap 95 % intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SobolIndex {
    pub first: f64,
    pub first_low: f64,
    pub first_high: f64,
    pub total: f64,
    pub total_low: f64,
    pub total_high: f64,
}

/// Point estimates (first, total) for each parameter over the base samples `rows`.
fn sobol_point(a: &[f64], b: &[f64], ab: &[Vec<f64>], rows: &[usize]) -> Vec<(f64, f64)> {
    let n = rows.len() as f64;
    let mean = rows.iter().map(|&j| a[j] + b[j]).sum::<f64>() / (2.0 * n);
    let variance = rows
        .iter()
        .map(|&j| (a[j] - mean).powi(2) + (b[j] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * n - 1.0);
    ab.iter()
        .map(|ab_i| {
            // Saltelli et al. (2010) eq. (b) for S_i; Jansen (1999) for S_Ti. f(B) is
            // centred: same expectation (E f(AB_i) = E f(A)), far less variance when the
            // output's mean is large against its spread (revenue in dollars).
            let first = rows
                .iter()
                .map(|&j| (b[j] - mean) * (ab_i[j] - a[j]))
                .sum::<f64>()
                / n;
            let total = rows.iter().map(|&j| (a[j] - ab_i[j]).powi(2)).sum::<f64>() / (2.0 * n);
            (first / variance, total / variance)
        })
        .collect()
}

/// Sobol sensitivity indices from a Saltelli design: `a[j]` = f(A_j), `b[j]` = f(B_j),
/// `ab[i][j]` = f(AB_i,j). First order after Saltelli et al. (2010, table 2 (b)), total
/// after Jansen (1999), variance from A and B together. Intervals are percentile
/// intervals of `resamples` bootstrap resamples of the base samples, drawn from a
/// generator seeded with `seed` (so the report is reproducible); with no resamples the
/// bounds are NaN. With fewer than two base samples every value is NaN.
pub fn sobol_indices(
    a: &[f64],
    b: &[f64],
    ab: &[Vec<f64>],
    resamples: u32,
    seed: u64,
) -> Vec<SobolIndex> {
    let n = a.len().min(b.len());
    let nan = SobolIndex {
        first: f64::NAN,
        first_low: f64::NAN,
        first_high: f64::NAN,
        total: f64::NAN,
        total_low: f64::NAN,
        total_high: f64::NAN,
    };
    if n < 2 || ab.iter().any(|column| column.len() < n) {
        return vec![nan; ab.len()];
    }
    let all: Vec<usize> = (0..n).collect();
    let point = sobol_point(a, b, ab, &all);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut draws: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(resamples as usize); ab.len()];
    let mut rows = vec![0usize; n];
    for _ in 0..resamples {
        rows.iter_mut().for_each(|row| *row = rng.gen_range(0..n));
        for (i, value) in sobol_point(a, b, ab, &rows).into_iter().enumerate() {
            draws[i].push(value);
        }
    }
    point
        .into_iter()
        .zip(draws)
        .map(|((first, total), draws)| {
            let firsts: Vec<f64> = draws.iter().map(|d| d.0).collect();
            let totals: Vec<f64> = draws.iter().map(|d| d.1).collect();
            let (first_low, first_high) = percentile_interval(firsts);
            let (total_low, total_high) = percentile_interval(totals);
            SobolIndex {
                first,
                first_low,
                first_high,
                total,
                total_low,
                total_high,
            }
        })
        .collect()
}

/// The 2.5 % and 97.5 % quantiles (nearest rank) of finite draws; NaN when there are none.
fn percentile_interval(mut draws: Vec<f64>) -> (f64, f64) {
    draws.retain(|d| d.is_finite());
    if draws.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    draws.sort_by(f64::total_cmp);
    let at = |q: f64| draws[((q * draws.len() as f64).ceil() as usize).clamp(1, draws.len()) - 1];
    (at(0.025), at(0.975))
}

/// Whether an objective is to be maximized or minimized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Maximize,
    Minimize,
}

/// Indices of the non-dominated points: no other point is at least as good in every
/// objective and strictly better in one. Points with a NaN objective are never on the front.
pub fn pareto_front(points: &[Vec<f64>], directions: &[Direction]) -> Vec<usize> {
    let oriented: Vec<Vec<f64>> = points
        .iter()
        .map(|p| {
            p.iter()
                .zip(directions)
                .map(|(v, d)| match d {
                    Direction::Maximize => *v,
                    Direction::Minimize => -*v,
                })
                .collect()
        })
        .collect();
    let dominates = |x: &[f64], y: &[f64]| {
        x.iter().zip(y).all(|(a, b)| a >= b) && x.iter().zip(y).any(|(a, b)| a > b)
    };
    (0..oriented.len())
        .filter(|&i| {
            oriented[i].iter().all(|v| !v.is_nan())
                && !oriented.iter().enumerate().any(|(j, other)| {
                    j != i && other.iter().all(|v| !v.is_nan()) && dominates(other, &oriented[i])
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::design::{saltelli, SobolRole};
    use std::f64::consts::PI;

    #[test]
    fn noise_is_the_pooled_replicate_spread_against_the_spread_of_means() {
        // Three points whose replicates spread by +-1 around means 0, 10 and 20.
        let spread = vec![vec![-1.0, 1.0], vec![9.0, 11.0], vec![19.0, 21.0]];
        let n = noise(&spread).expect("measurable");
        assert_eq!((n.points, n.replicates), (3, 2.0));
        assert!((n.run_variance - 2.0).abs() < 1e-12, "{n:?}");
        assert!((n.mean_variance - 100.0).abs() < 1e-12, "{n:?}");
        assert!((n.share - 0.01).abs() < 1e-12, "{n:?}");
        // Same means, replicates ten times as spread: noise 100 times the variance.
        let noisy = vec![vec![-10.0, 10.0], vec![0.0, 20.0], vec![10.0, 30.0]];
        assert!((noise(&noisy).unwrap().share - 1.0).abs() < 1e-12);
        // One replicate per point: the noise cannot be measured.
        assert!(noise(&[vec![1.0], vec![2.0]]).is_none());
        assert!(noise(&[vec![1.0, 2.0]]).is_none());
    }

    #[test]
    fn intervals_overlap_only_when_both_are_known() {
        let e = |low: f64, high: f64| Estimate {
            n: 3,
            mean: (low + high) / 2.0,
            sd: 1.0,
            ci_low: low,
            ci_high: high,
        };
        assert!(intervals_overlap(&e(0.0, 2.0), &e(1.0, 3.0)));
        assert!(!intervals_overlap(&e(0.0, 1.0), &e(2.0, 3.0)));
        assert!(!intervals_overlap(&e(0.0, 2.0), &e(f64::NAN, f64::NAN)));
    }

    #[test]
    fn ci_contains_the_mean_and_uses_student_t() {
        let e = estimate(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(e.mean, 2.5);
        assert!((e.sd - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
        // t(0.975, 3) = 3.182446 (standard tables).
        let half = 3.182446 * e.sd / 2.0;
        assert!((e.ci_high - e.mean - half).abs() < 1e-5);
        assert!(e.ci_low < e.mean && e.mean < e.ci_high);
        let one = estimate(&[5.0]);
        assert_eq!(one.mean, 5.0);
        assert!(one.ci_low.is_nan() && one.sd.is_nan());
        assert!(estimate(&[]).mean.is_nan());
    }

    #[test]
    fn ci_shrinks_with_more_replicates() {
        // The same spread of values, more of them: the interval narrows.
        let pattern = [1.0, 3.0, 2.0, 5.0, 4.0];
        let width = |copies: usize| {
            let values: Vec<f64> = pattern.iter().cycle().take(5 * copies).copied().collect();
            let e = estimate(&values);
            assert!(e.ci_low <= e.mean && e.mean <= e.ci_high);
            e.ci_high - e.ci_low
        };
        assert!(width(1) > width(2));
        assert!(width(2) > width(8));
    }

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
    }

    #[test]
    fn sobol_indices_of_the_ishigami_function() {
        // Known values (Ishigami & Homma 1990; Saltelli et al. 2008 ch. 4), a = 7, b = 0.1:
        // S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244.
        let n = 1 << 13;
        let k = 3;
        let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
        let mut ab = vec![vec![0.0; n]; k];
        for (role, unit) in saltelli(n, k, 11) {
            let x: Vec<f64> = unit.iter().map(|u| -PI + 2.0 * PI * u).collect();
            let y = ishigami(&x);
            match role {
                SobolRole::A { sample } => a[sample as usize] = y,
                SobolRole::B { sample } => b[sample as usize] = y,
                SobolRole::Ab { sample, parameter } => ab[parameter as usize][sample as usize] = y,
            }
        }
        let indices = sobol_indices(&a, &b, &ab, 100, 3);
        let first = [0.314, 0.442, 0.0];
        let total = [0.558, 0.442, 0.244];
        for i in 0..k {
            let index = indices[i];
            assert!(
                (index.first - first[i]).abs() < 0.03,
                "S1[{i}] = {}",
                index.first
            );
            assert!(
                (index.total - total[i]).abs() < 0.03,
                "ST[{i}] = {}",
                index.total
            );
            assert!(index.first_low <= index.first && index.first <= index.first_high);
            assert!(index.total_low <= index.total && index.total <= index.total_high);
            assert!(index.first_high - index.first_low < 0.2);
        }
        // Deterministic: same seed, same intervals.
        assert_eq!(indices, sobol_indices(&a, &b, &ab, 100, 3));
    }

    #[test]
    fn pareto_front_keeps_only_non_dominated_points() {
        use Direction::*;
        let points = vec![
            vec![10.0, 0.5, 3.0], // front
            vec![9.0, 0.4, 3.0],  // dominated by 0
            vec![8.0, 0.9, 5.0],  // front (best trust)
            vec![5.0, 0.2, 1.0],  // front (least exposure)
            vec![10.0, 0.5, 3.0], // equal to 0: neither dominates, both on the front
            vec![f64::NAN, 1.0, 0.0],
        ];
        assert_eq!(
            pareto_front(&points, &[Maximize, Maximize, Minimize]),
            vec![0, 2, 3, 4]
        );
        assert_eq!(
            pareto_front(&points[..4], &[Maximize, Maximize, Maximize]),
            vec![0, 2]
        );
    }
}
