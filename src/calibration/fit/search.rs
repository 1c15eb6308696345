//! The search of the fit: where it starts, the coordinates it moves in and the
//! Nelder-Mead descents it runs (see the parent module's documentation).

use super::{FitSettings, FITTED_KEYS};
use crate::calibration::nelder_mead;
use crate::model::params::ModelParams;
use crate::model::spec::{Table, Value};

/// Positions in [`FITTED_KEYS`] that the search and its starts refer to by name.
const VISIT_MEAN: usize = 1;
const CONVERSION: usize = 2;
const DROPOUT_MEAN: usize = 4;
const BURST: usize = 5;
const NEVER_LAPSE: usize = 7;
const LINK: usize = 8;

/// Whether the search moves key `index` of [`FITTED_KEYS`] on a logarithmic scale (so
/// its values must be above 0): all but the dropout-visit link, for which 0 means "no
/// link".
pub fn log_scaled(index: usize) -> bool {
    index != LINK
}

/// Where the searches start (natural units, in the order of [`FITTED_KEYS`]): a very
/// uneven base buying about once in five months (a quarter visit a day at the model's
/// default conversion), with a two-to-three-month mean lifetime, as order histories of
/// first-time buyers usually are; a burst that doubles a new customer's visits and fades
/// over two weeks; a fifth who never lapse; a lapse hazard independent of visits.
/// [`start_design`] varies it.
const START: [f64; 9] = [0.5, 0.25, 0.026, 0.6, 0.006, 1.0, 14.0, 0.2, 0.0];

/// The starting points: [`START`] with conversion {0.026, 0.1, 0.3} (the visits scaled so
/// the purchase rate stays), each with one of three structures: a fifth who never lapse
/// and a mean lapse hazard of 0.006 a day for the others; two fifths and 0.02; or next to
/// no burst and no one who never lapses (the buy-till-you-die shape); each with a
/// dropout-visit link of 0, 0.5 or 1. Histories with
/// heavy buyers need a high conversion (a shopper visits at most once a day), and the
/// structures can fit a calibration window about equally well while forecasting
/// differently: the search screens them all rather than trusting one descent to cross
/// between them.
pub fn start_design() -> Vec<[f64; 9]> {
    let mut starts = Vec::new();
    for conversion in [0.026, 0.1, 0.3] {
        for (burst, lapse, never_lapse) in
            [(1.0, 0.006, 0.2), (1.0, 0.02, 0.4), (0.01, 0.006, 0.01)]
        {
            for link in [0.0, 0.5, 1.0] {
                let mut start = START;
                start[VISIT_MEAN] = START[VISIT_MEAN] * START[CONVERSION] / conversion;
                start[CONVERSION] = conversion;
                start[DROPOUT_MEAN] = lapse;
                start[BURST] = burst;
                start[NEVER_LAPSE] = never_lapse;
                start[LINK] = link;
                starts.push(start);
            }
        }
    }
    starts
}

/// How many of the screened starts a descent runs from.
const DESCENTS: usize = 3;

/// The search's coordinates: the logarithms of the free keys' values (keys not fixed by
/// [`FitSettings::fixed`]), in the order of [`FITTED_KEYS`], except that when visits and
/// conversion are both free, the visits' coordinate is the logarithm of the purchase rate
/// `visit_mean x base_conversion` (what order counts show directly), so that trading
/// visits for conversion at a given rate is one axis of the search rather than a narrow
/// diagonal valley.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Coordinates {
    fixed: [Option<f64>; FITTED_KEYS.len()],
}

impl Coordinates {
    pub(super) fn new(fixed: &[(usize, f64)]) -> Coordinates {
        let mut all = [None; FITTED_KEYS.len()];
        for &(i, x) in fixed {
            if let Some(slot) = all.get_mut(i) {
                *slot = Some(x);
            }
        }
        Coordinates { fixed: all }
    }

    fn rate_axis(&self) -> bool {
        self.fixed[VISIT_MEAN].is_none() && self.fixed[CONVERSION].is_none()
    }

    /// The point of `values` (values of [`FITTED_KEYS`]; fixed ones are ignored).
    fn point_of(&self, values: &[f64; FITTED_KEYS.len()]) -> Vec<f64> {
        (0..FITTED_KEYS.len())
            .filter(|&i| self.fixed[i].is_none())
            .map(|i| {
                if i == VISIT_MEAN && self.rate_axis() {
                    (values[i] * values[CONVERSION]).ln()
                } else if !log_scaled(i) {
                    values[i]
                } else {
                    values[i].ln()
                }
            })
            .collect()
    }

    /// The values of [`FITTED_KEYS`] at `point`.
    fn values_at(&self, point: &[f64]) -> [f64; FITTED_KEYS.len()] {
        let mut values = [0.0; FITTED_KEYS.len()];
        let mut free = point.iter();
        for (i, value) in values.iter_mut().enumerate() {
            *value = match self.fixed[i] {
                Some(x) => x,
                None if !log_scaled(i) => free.next().copied().unwrap_or(f64::NAN),
                None => free.next().map_or(f64::NAN, |x| x.exp()),
            };
        }
        if self.rate_axis() {
            values[VISIT_MEAN] /= values[CONVERSION];
        }
        values
    }

    /// The model parameters at `point`, or `None` when a value is outside its key's range.
    pub(super) fn params_at(&self, base: &ModelParams, point: &[f64]) -> Option<ModelParams> {
        let mut params = base.clone();
        for (key, value) in FITTED_KEYS.iter().zip(self.values_at(point)) {
            let spec = ModelParams::spec(key)?;
            if !spec.set(&mut params, Value::Number(value)) {
                return None;
            }
        }
        Some(params)
    }
}

/// Evaluates `objective` at each of the settings' starts, minimises it from the best
/// [`DESCENTS`] with a short Nelder-Mead each (half the budget in all), then refines the
/// best point with fresh, smaller simplexes (a simplex can collapse before the minimum)
/// while they improve and the budget lasts.
pub(super) fn search(
    objective: &mut impl FnMut(&[f64]) -> f64,
    coordinates: &Coordinates,
    settings: &FitSettings,
) -> nelder_mead::Minimum {
    let given = if settings.starts.is_empty() {
        std::slice::from_ref(&START)
    } else {
        &settings.starts[..]
    };
    // Starts that differ only in fixed keys are one start.
    let mut starts: Vec<Vec<f64>> = Vec::new();
    for start in given {
        let point = coordinates.point_of(start);
        if !starts.contains(&point) {
            starts.push(point);
        }
    }
    let dimensions = starts[0].len();
    // Screen: one evaluation each; descend from the best few.
    let mut screened: Vec<(f64, Vec<f64>)> = starts
        .into_iter()
        .map(|point| (objective(&point), point))
        .collect();
    let mut used = screened.len();
    screened.sort_by(|a, b| a.0.total_cmp(&b.0));
    screened.truncate(DESCENTS);
    let each = (settings.max_evaluations / 2 / screened.len()).max(2 * dimensions);
    // A descent from `start` with a first simplex of `step` along each axis.
    let mut descend = |start: &[f64], step: f64, budget: usize| {
        nelder_mead::minimise(
            &mut *objective,
            start,
            &vec![step; dimensions],
            settings.tolerance,
            budget.max(1),
        )
    };
    let mut first = descend(
        &screened[0].1,
        0.6,
        each.min(settings.max_evaluations.saturating_sub(used)),
    );
    used += first.evaluations;
    for (_, start) in &screened[1..] {
        let budget = each.min(settings.max_evaluations.saturating_sub(used));
        if budget == 0 {
            break;
        }
        let found = descend(start, 0.6, budget);
        used += found.evaluations;
        if found.value < first.value {
            first = found;
        }
    }
    // Refine the best: restart a fresh, smaller simplex from it while that still finds
    // something lower and the budget lasts.
    let mut best = first;
    loop {
        let left = settings.max_evaluations.saturating_sub(used);
        if left <= 2 * dimensions {
            break;
        }
        let again = descend(&best.point, 0.25, left);
        used += again.evaluations;
        let better = again.value < best.value - settings.tolerance;
        if again.value < best.value {
            best = again;
        }
        if !better {
            break;
        }
    }
    nelder_mead::Minimum {
        evaluations: used,
        ..best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_coordinates_hold_the_purchase_rate_apart() {
        let base = ModelParams::default();
        let values = [0.7, 0.05, 0.2, 1.5, 0.004, 0.5, 10.0, 0.3, 0.8];
        let coordinates = Coordinates::new(&[]);
        let point = coordinates.point_of(&values);
        assert!((point[1] - (0.05f64 * 0.2).ln()).abs() < 1e-12);
        assert_eq!(
            point[8], 0.8,
            "the link is its own coordinate (it may be 0)"
        );
        let params = coordinates
            .params_at(&base, &point)
            .expect("within the ranges");
        for (key, want) in FITTED_KEYS.iter().zip(values) {
            let Some(Value::Number(got)) = ModelParams::spec(key).map(|s| s.get(&params)) else {
                panic!("{key} is a number");
            };
            assert!((got - want).abs() < 1e-12 * want, "{key}: {got} vs {want}");
        }
        // A fixed key leaves the search and keeps its value; with conversion fixed the
        // visits are their own axis.
        let fixed = Coordinates::new(&[(2, 0.05), (7, 0.4)]);
        let point = fixed.point_of(&values);
        assert_eq!(point.len(), 7);
        assert!((point[1] - (0.05f64).ln()).abs() < 1e-12);
        let got = fixed.values_at(&point);
        for (got, want) in [(got[1], 0.05), (got[2], 0.05), (got[7], 0.4)] {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        // The positions named in the search are those keys.
        for (index, key) in [
            (VISIT_MEAN, "visit_mean"),
            (CONVERSION, "base_conversion"),
            (DROPOUT_MEAN, "dropout_mean"),
            (BURST, "newcomer_visit_boost"),
            (NEVER_LAPSE, "dropout_free_share"),
            (LINK, "dropout_visit_link"),
        ] {
            assert_eq!(FITTED_KEYS[index], key);
        }
        // Every start of the design buys at the same rate.
        let rates: Vec<f64> = start_design().iter().map(|s| s[1] * s[2]).collect();
        assert!(
            rates
                .iter()
                .all(|r| (r - rates[0]).abs() < 1e-12 * rates[0]),
            "{rates:?}"
        );
    }

    #[test]
    fn parameters_outside_their_ranges_are_refused() {
        let base = ModelParams::default();
        let coordinates = Coordinates::new(&[]);
        let inside = coordinates.params_at(
            &base,
            &[
                0.0,
                (0.1f64 * 0.03).ln(),
                (0.03f64).ln(),
                0.0,
                (0.01f64).ln(),
                0.0,
                (7.0f64).ln(),
                (0.5f64).ln(),
                0.0,
            ],
        );
        let inside = inside.expect("within the ranges");
        assert_eq!(inside.population.visit_shape, 1.0);
        assert!((inside.population.visit_mean - 0.1).abs() < 1e-12);
        assert!((inside.behaviour.base_conversion - 0.03).abs() < 1e-12);
        assert_eq!(inside.population.dropout_visit_link, 0.0);
        assert!(
            coordinates
                .params_at(&base, &[0.0, -8.0, -3.0, 0.0, -5.0, 0.0, 2.0, -1.0, -0.1])
                .is_none(),
            "a negative link"
        );
        assert!(
            coordinates
                .params_at(&base, &[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
                .is_none(),
            "visit_mean e > 1"
        );
    }
}
