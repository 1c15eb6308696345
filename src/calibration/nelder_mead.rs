//! A small Nelder-Mead simplex minimiser (Nelder & Mead 1965, with the standard
//! coefficients of Lagarias et al. 1998: reflection 1, expansion 2, contraction 1/2,
//! shrink 1/2). Derivative-free, so it suits an objective that is itself a simulation:
//! with common random numbers the objective is a fixed function of the parameters,
//! piecewise constant at the finest scale, which a simplex steps over where a gradient
//! method would stall.

/// Where the minimiser stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The best point found.
    pub point: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Objective evaluations used.
    pub evaluations: usize,
}

/// Minimises `objective` from `start`, with a first simplex of `start` and `start` moved
/// by `steps[i]` along each axis `i`. Stops after `max_evaluations` or when the simplex's
/// values differ by less than `tolerance` (absolute). A non-finite value counts as worse
/// than any finite one.
pub fn minimise(
    mut objective: impl FnMut(&[f64]) -> f64,
    start: &[f64],
    steps: &[f64],
    tolerance: f64,
    max_evaluations: usize,
) -> Minimum {
    let n = start.len();
    if n == 0 {
        let value = objective(start);
        return Minimum {
            point: Vec::new(),
            value,
            evaluations: 1,
        };
    }
    let evaluations = std::cell::Cell::new(0usize);
    let mut evaluate = |x: &[f64]| {
        evaluations.set(evaluations.get() + 1);
        let value = objective(x);
        if value.is_finite() {
            value
        } else {
            f64::INFINITY
        }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    simplex.push((start.to_vec(), evaluate(start)));
    for i in 0..n {
        let mut x = start.to_vec();
        x[i] += steps.get(i).copied().unwrap_or(0.1);
        let value = evaluate(&x);
        simplex.push((x, value));
    }
    let along = |from: &[f64], to: &[f64], t: f64| -> Vec<f64> {
        from.iter().zip(to).map(|(a, b)| a + t * (b - a)).collect()
    };
    loop {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        if evaluations.get() >= max_evaluations || (worst - best).abs() <= tolerance {
            break;
        }
        // Centroid of all but the worst point.
        let mut centroid = vec![0.0; n];
        for (x, _) in &simplex[..n] {
            for (c, xi) in centroid.iter_mut().zip(x) {
                *c += xi / n as f64;
            }
        }
        let worst_point = simplex[n].0.clone();
        let second_worst = simplex[n - 1].1;
        let reflected = along(&centroid, &worst_point, -1.0);
        let reflected_value = evaluate(&reflected);
        if reflected_value < best {
            let expanded = along(&centroid, &worst_point, -2.0);
            let expanded_value = evaluate(&expanded);
            simplex[n] = if expanded_value < reflected_value {
                (expanded, expanded_value)
            } else {
                (reflected, reflected_value)
            };
            continue;
        }
        if reflected_value < second_worst {
            simplex[n] = (reflected, reflected_value);
            continue;
        }
        // Contract: outside when the reflection beat the worst point, inside otherwise.
        let (contracted, bar) = if reflected_value < worst {
            (along(&centroid, &worst_point, -0.5), reflected_value)
        } else {
            (along(&centroid, &worst_point, 0.5), worst)
        };
        let contracted_value = evaluate(&contracted);
        if contracted_value < bar {
            simplex[n] = (contracted, contracted_value);
            continue;
        }
        // Shrink toward the best point.
        let best_point = simplex[0].0.clone();
        for vertex in simplex.iter_mut().skip(1) {
            let x = along(&best_point, &vertex.0, 0.5);
            let value = evaluate(&x);
            *vertex = (x, value);
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (point, value) = simplex.swap_remove(0);
    Minimum {
        point,
        value,
        evaluations: evaluations.get(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_a_shifted_bowl() {
        let bowl = |x: &[f64]| (x[0] - 3.0).powi(2) + 10.0 * (x[1] + 1.0).powi(2) + 2.0;
        let found = minimise(bowl, &[0.0, 0.0], &[1.0, 1.0], 1e-12, 500);
        assert!((found.point[0] - 3.0).abs() < 1e-4, "{found:?}");
        assert!((found.point[1] + 1.0).abs() < 1e-4, "{found:?}");
        assert!((found.value - 2.0).abs() < 1e-8);
        assert!(found.evaluations <= 500);
    }

    #[test]
    fn follows_the_rosenbrock_valley() {
        let rosenbrock = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let found = minimise(rosenbrock, &[-1.2, 1.0], &[0.5, 0.5], 1e-14, 2000);
        assert!((found.point[0] - 1.0).abs() < 1e-3, "{found:?}");
        assert!((found.point[1] - 1.0).abs() < 2e-3, "{found:?}");
    }

    #[test]
    fn stops_at_the_evaluation_budget_and_avoids_non_finite_values() {
        let mut calls = 0;
        let found = minimise(
            |x: &[f64]| {
                calls += 1;
                if x[0] < 0.0 {
                    f64::NAN
                } else {
                    (x[0] - 1.0).powi(2)
                }
            },
            &[0.5],
            &[-1.0],
            0.0,
            25,
        );
        assert!(found.evaluations <= 27, "{}", found.evaluations);
        assert_eq!(calls, found.evaluations);
        assert!(found.point[0] >= 0.0 && found.value < 0.25, "{found:?}");
    }
}
