//! Designs: where in parameter space the points of a plan lie.
//!
//! Grids enumerate levels. Latin hypercubes and Saltelli's Sobol design produce points in
//! the unit hypercube, which [`super::experiment::Domain::level_at`] maps to levels.
//!
//! * **Latin hypercube** (McKay, Beckman & Conover 1979): each dimension is cut into `n`
//!   equal strata and every stratum holds exactly one point, placed uniformly inside it;
//!   the strata are paired across dimensions by independent random permutations drawn from
//!   a xoshiro256++ generator seeded with the plan's design seed.
//! * **Saltelli design** (Saltelli 2002; Saltelli et al. 2010): two `n x k` matrices A and
//!   B, and for each parameter `i` the matrix AB_i, which is A with column `i` taken from B.
//!   A and B are the two halves of a `2k`-dimensional Sobol sequence (Joe & Kuo 2008
//!   direction numbers, `new-joe-kuo-6.21201`, first 32 dimensions, so up to 16
//!   parameters), randomized by a digital shift (an XOR of each coordinate with a random
//!   32-bit word per dimension, drawn from the design seed). The shift keeps the
//!   sequence's stratification, avoids the all-zero first point, and makes independent
//!   seeds give independent replications of the design. With more than 16 parameters the
//!   design falls back to pseudo-random A and B (plain Monte Carlo, slower convergence).
//!   Use a power of two for `n` to get the full balance of the Sobol sequence.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// The role of a point in a Saltelli design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "matrix")]
pub enum SobolRole {
    /// Row `sample` of A.
    A { sample: u32 },
    /// Row `sample` of B.
    B { sample: u32 },
    /// Row `sample` of AB_`parameter` (A with column `parameter` from B).
    Ab { sample: u32, parameter: u32 },
}

/// The cartesian product of each dimension's levels, the first dimension varying slowest.
pub fn grid<T: Clone>(levels: &[Vec<T>]) -> Vec<Vec<T>> {
    let mut points: Vec<Vec<T>> = vec![Vec::new()];
    for dimension in levels {
        points = points
            .iter()
            .flat_map(|prefix| {
                dimension.iter().map(move |level| {
                    let mut point = prefix.clone();
                    point.push(level.clone());
                    point
                })
            })
            .collect();
    }
    points
}

/// `n` points of a Latin hypercube in `[0, 1)^dims`, a pure function of `seed`.
pub fn latin_hypercube(n: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut points = vec![vec![0.0; dims]; n];
    for dim in 0..dims {
        let mut strata: Vec<usize> = (0..n).collect();
        strata.shuffle(&mut rng);
        for (point, stratum) in points.iter_mut().zip(strata) {
            point[dim] = (stratum as f64 + rng.gen::<f64>()) / n as f64;
        }
    }
    points
}

/// Joe-Kuo direction-number seeds for dimensions 2..=32: degree `s`, coefficients `a`
/// and the initial odd numbers `m_1..m_s` (Joe & Kuo 2008, `new-joe-kuo-6.21201`).
const JOE_KUO: &[(u32, u32, &[u32])] = &[
    (1, 0, &[1]),
    (2, 1, &[1, 3]),
    (3, 1, &[1, 3, 1]),
    (3, 2, &[1, 1, 1]),
    (4, 1, &[1, 1, 3, 3]),
    (4, 4, &[1, 3, 5, 13]),
    (5, 2, &[1, 1, 5, 5, 17]),
    (5, 4, &[1, 1, 5, 5, 5]),
    (5, 7, &[1, 1, 7, 11, 19]),
    (5, 11, &[1, 1, 5, 1, 1]),
    (5, 13, &[1, 1, 1, 3, 11]),
    (5, 14, &[1, 3, 5, 5, 31]),
    (6, 1, &[1, 3, 3, 9, 7, 49]),
    (6, 13, &[1, 1, 1, 15, 21, 21]),
    (6, 16, &[1, 3, 1, 13, 27, 49]),
    (6, 19, &[1, 1, 1, 15, 7, 5]),
    (6, 22, &[1, 3, 1, 15, 13, 25]),
    (6, 25, &[1, 1, 5, 5, 19, 61]),
    (7, 1, &[1, 3, 7, 11, 23, 15, 103]),
    (7, 4, &[1, 3, 7, 13, 13, 15, 69]),
    (7, 7, &[1, 1, 3, 13, 7, 35, 63]),
    (7, 8, &[1, 3, 5, 9, 1, 25, 53]),
    (7, 14, &[1, 3, 1, 13, 9, 35, 107]),
    (7, 19, &[1, 3, 1, 5, 27, 61, 31]),
    (7, 21, &[1, 1, 5, 11, 19, 41, 61]),
    (7, 28, &[1, 3, 5, 3, 3, 13, 69]),
    (7, 31, &[1, 1, 7, 13, 1, 19, 1]),
    (7, 32, &[1, 3, 7, 5, 13, 19, 59]),
    (7, 37, &[1, 1, 3, 9, 25, 29, 41]),
    (7, 41, &[1, 3, 5, 13, 23, 1, 55]),
    (7, 42, &[1, 3, 7, 3, 13, 59, 17]),
];

/// Most dimensions [`sobol_sequence`] can produce.
pub const MAX_SOBOL_DIMS: usize = JOE_KUO.len() + 1;

const BITS: usize = 32;

/// The 32 direction numbers of one dimension (0-based), scaled to 32-bit words.
fn direction_numbers(dim: usize) -> [u32; BITS] {
    let mut v = [0u32; BITS];
    if dim == 0 {
        for (k, word) in v.iter_mut().enumerate() {
            *word = 1 << (BITS - 1 - k);
        }
        return v;
    }
    let (s, a, m) = JOE_KUO[dim - 1];
    let s = s as usize;
    for k in 0..s.min(BITS) {
        v[k] = m[k] << (BITS - 1 - k);
    }
    for k in s..BITS {
        let mut word = v[k - s] ^ (v[k - s] >> s);
        for j in 1..s {
            if (a >> (s - 1 - j)) & 1 == 1 {
                word ^= v[k - j];
            }
        }
        v[k] = word;
    }
    v
}

/// The first `n` points of the `dims`-dimensional Sobol sequence (Gray-code order, the
/// first point is the origin), as 32-bit words per coordinate; `None` when `dims` exceeds
/// [`MAX_SOBOL_DIMS`] or `n` exceeds 2^32.
pub fn sobol_words(n: usize, dims: usize) -> Option<Vec<Vec<u32>>> {
    if dims > MAX_SOBOL_DIMS || n as u64 > 1 << 32 {
        return None;
    }
    let directions: Vec<[u32; BITS]> = (0..dims).map(direction_numbers).collect();
    let mut points = Vec::with_capacity(n);
    let mut current = vec![0u32; dims];
    for i in 0..n {
        points.push(current.clone());
        // Gray code: the next point flips the direction number of i's lowest zero bit.
        let bit = (!(i as u64)).trailing_zeros() as usize;
        if bit < BITS {
            for (word, direction) in current.iter_mut().zip(&directions) {
                *word ^= direction[bit];
            }
        }
    }
    Some(points)
}

/// The first `n` points of the Sobol sequence in `[0, 1)^dims`; see [`sobol_words`]
/// (the plan uses the words; the tests check the points).
#[cfg(test)]
pub fn sobol_sequence(n: usize, dims: usize) -> Option<Vec<Vec<f64>>> {
    let scale = 1.0 / (1u64 << BITS) as f64;
    sobol_words(n, dims).map(|points| {
        points
            .into_iter()
            .map(|point| point.into_iter().map(|w| f64::from(w) * scale).collect())
            .collect()
    })
}

/// Saltelli's design for `k` parameters and `n` base samples: for each sample `j`, the
/// rows A_j, B_j, AB_j^1 .. AB_j^k, in that order (`n (k + 2)` points in `[0, 1)^k`).
pub fn saltelli(n: usize, k: usize, seed: u64) -> Vec<(SobolRole, Vec<f64>)> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let scale = 1.0 / (1u64 << BITS) as f64;
    let base: Vec<Vec<f64>> = match sobol_words(n, 2 * k) {
        Some(words) => {
            let shift: Vec<u32> = (0..2 * k).map(|_| rng.gen::<u32>()).collect();
            words
                .into_iter()
                .map(|point| {
                    point
                        .iter()
                        .zip(&shift)
                        .map(|(w, s)| f64::from(w ^ s) * scale)
                        .collect()
                })
                .collect()
        }
        None => (0..n)
            .map(|_| (0..2 * k).map(|_| rng.gen::<f64>()).collect())
            .collect(),
    };
    let mut points = Vec::with_capacity(n * (k + 2));
    for (j, row) in base.iter().enumerate() {
        let sample = j as u32;
        let (a, b) = row.split_at(k);
        points.push((SobolRole::A { sample }, a.to_vec()));
        points.push((SobolRole::B { sample }, b.to_vec()));
        for i in 0..k {
            let mut ab = a.to_vec();
            ab[i] = b[i];
            points.push((
                SobolRole::Ab {
                    sample,
                    parameter: i as u32,
                },
                ab,
            ));
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_the_cartesian_product_first_dimension_slowest() {
        let points = grid(&[vec![1, 2], vec![10, 20, 30]]);
        assert_eq!(
            points,
            vec![
                vec![1, 10],
                vec![1, 20],
                vec![1, 30],
                vec![2, 10],
                vec![2, 20],
                vec![2, 30]
            ]
        );
    }

    #[test]
    fn latin_hypercube_puts_one_point_in_every_stratum_of_every_dimension() {
        let n = 37;
        let points = latin_hypercube(n, 4, 9);
        for dim in 0..4 {
            let mut strata: Vec<usize> = points
                .iter()
                .map(|p| (p[dim] * n as f64).floor() as usize)
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>(), "dimension {dim}");
        }
        assert_eq!(points, latin_hypercube(n, 4, 9));
        assert_ne!(points, latin_hypercube(n, 4, 10));
    }

    #[test]
    fn sobol_sequence_starts_with_the_known_points() {
        // The first 8 points of the unscrambled 3-D Sobol sequence with Joe-Kuo direction
        // numbers in Gray-code order (as SciPy's qmc.Sobol(d=3, scramble=False) gives them).
        let points = sobol_sequence(8, 3).unwrap();
        let expected = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25],
            [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125],
            [0.625, 0.125, 0.875],
            [0.125, 0.625, 0.375],
        ];
        for (point, want) in points.iter().zip(expected) {
            assert_eq!(point.as_slice(), want.as_slice());
        }
    }

    #[test]
    fn every_sobol_dimension_is_stratified_and_the_first_pair_is_a_net() {
        // The first 2^m points put exactly one point in each interval of width 2^-m in
        // every dimension (each dimension is a (0, m, 1)-net in base 2).
        let m = 8;
        let n = 1 << m;
        let points = sobol_sequence(n, MAX_SOBOL_DIMS).unwrap();
        for dim in 0..MAX_SOBOL_DIMS {
            let mut cells: Vec<usize> = points
                .iter()
                .map(|p| (p[dim] * n as f64) as usize)
                .collect();
            cells.sort_unstable();
            assert_eq!(cells, (0..n).collect::<Vec<_>>(), "dimension {dim}");
        }
        // The first two dimensions form a (0, m, 2)-net: every elementary box of area
        // 2^-m holds one point, e.g. the 16 x 16 square boxes.
        let mut boxes = [0usize; 256];
        for p in &points {
            boxes[(p[0] * 16.0) as usize * 16 + (p[1] * 16.0) as usize] += 1;
        }
        assert!(boxes.iter().all(|&c| c == 1));
        assert_eq!(sobol_words(4, MAX_SOBOL_DIMS + 1), None);
    }

    #[test]
    fn saltelli_rows_share_columns_as_the_estimators_assume() {
        let k = 3;
        let points = saltelli(8, k, 5);
        assert_eq!(points.len(), 8 * (k + 2));
        for block in points.chunks(k + 2) {
            let a = &block[0].1;
            let b = &block[1].1;
            for (i, (role, ab)) in block[2..].iter().enumerate() {
                assert!(
                    matches!(role, SobolRole::Ab { parameter, .. } if *parameter as usize == i)
                );
                for c in 0..k {
                    assert_eq!(ab[c], if c == i { b[c] } else { a[c] });
                }
            }
        }
        assert_eq!(points, saltelli(8, k, 5));
        // More parameters than the Sobol table covers: a random design of the same shape.
        assert_eq!(saltelli(4, 20, 5).len(), 4 * 22);
    }
}
