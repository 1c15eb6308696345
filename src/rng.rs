//! Counter-based random numbers: every draw is a pure function of
//! `(seed, stream, day, shopper)`.
//!
//! This is what gives shopsim its determinism guarantees:
//! * the same scenario and seed give the same run at any thread count or chunking,
//!   because no generator state is shared or advanced in a scheduling-dependent order;
//! * a run and its counterfactual (another strategy, or the same run without an event)
//!   see the *same* random numbers shopper by shopper, day by day ("common random
//!   numbers"), so their difference is the effect, not noise;
//! * skipping a shopper (churned, idle) never shifts anyone else's numbers.
//!
//! The mixer is the SplitMix64 / MurmurHash3 64-bit finalizer applied to a combination
//! of the four coordinates, each pre-multiplied by a distinct odd constant; two rounds
//! give good avalanche for the statistical needs of this model.

/// Independent random streams, one per mechanism. Adding a stream never changes
/// the numbers of the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    Population = 1,
    Network = 2,
    Consent = 3,
    Visit = 4,
    Order = 5,
    Basket = 6,
    /// Retired: clicks now share the [`Stream::Order`] draw.
    Click = 7,
    /// Today's churn draw (a [`Draw32`] stream, like [`Stream::Visit`]).
    Churn = 8,
    Experience = 9,
    NewsReach = 10,
    NewsDelay = 11,
    NewsConsent = 12,
    RandomBreach = 13,
    ConsentChange = 14,
}

const K_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;
const K_DAY: u64 = 0xC2B2_AE3D_27D4_EB4F;
const K_ID: u64 = 0x1656_67B1_9E37_79F9;

/// Added to a SplitMix64 generator's state at each step (2^64 / golden ratio, odd).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 / MurmurHash3 64-bit finalizer: a bijection on `u64` with full
/// avalanche.
#[inline(always)]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One SplitMix64 step (Steele, Lea & Flood 2014) keyed by `z`: the output for state
/// `z` of a generator whose state advances by the golden gamma. Used to derive seeds
/// (sweep runs, the TUI's "new random seed"); the engine's draws use [`CounterRng`].
pub fn splitmix64(z: u64) -> u64 {
    mix64(z.wrapping_add(GOLDEN_GAMMA))
}

/// A sequential SplitMix64 generator: each call to [`SplitMix64::next`] advances the
/// state by the golden gamma and returns the mixed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next number; the sequence is a pure function of the seed.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        let out = splitmix64(self.state);
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        out
    }
}

/// SplitMix-style 32-bit finalizer (MurmurHash3's `fmix32`): a bijection on `u32`
/// with full avalanche.
#[inline(always)]
fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85EB_CA6B);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE35);
    h ^ (h >> 16)
}

/// One stream's draws for one day in 32-bit arithmetic, for the vectorised daily
/// pass (32-bit multiplies fill vector lanes where 64-bit ones do not exist).
///
/// The key is a 64-bit draw of `(seed, stream, day)`; a shopper's number is two
/// rounds of `fmix32` over the key mixed with the id times an odd constant. Both
/// steps are bijections, so on a given day no two shoppers share a number; and the
/// numbers are still a pure function of `(seed, stream, day, shopper)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw32 {
    key: u32,
}

impl Draw32 {
    /// A uniform number in `[0, 1)` with 24 bits of precision (exact in `f32`).
    #[inline(always)]
    pub fn uniform(self, id: u32) -> f32 {
        let h = fmix32(fmix32(id.wrapping_mul(0x9E37_79B1) ^ self.key));
        // `h >> 8` is below 2^24, so the signed conversion is exact.
        ((h >> 8) as i32) as f32 * (1.0 / 16_777_216.0)
    }
}

/// The root of all random numbers of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterRng {
    key: u64,
}

impl CounterRng {
    pub fn new(seed: u64) -> CounterRng {
        CounterRng {
            key: mix64(seed ^ 0x5EED_5EED_5EED_5EED),
        }
    }

    /// 64 random bits for `(stream, day, id)`.
    #[inline(always)]
    pub fn bits(&self, stream: Stream, day: u32, id: u64) -> u64 {
        let x = self.key
            ^ (stream as u64).wrapping_mul(K_STREAM)
            ^ (day as u64).wrapping_mul(K_DAY)
            ^ id.wrapping_mul(K_ID);
        mix64(mix64(x))
    }

    /// The 32-bit draws of `stream` on `day`.
    pub fn draw32(&self, stream: Stream, day: u32) -> Draw32 {
        // Shopper ids are u32, so this id is never a shopper's.
        Draw32 {
            key: (self.bits(stream, day, u64::MAX) >> 32) as u32,
        }
    }

    /// A uniform number in `[0, 1)` with 53 bits of precision.
    #[inline(always)]
    pub fn uniform(&self, stream: Stream, day: u32, id: u64) -> f64 {
        (self.bits(stream, day, id) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in `[0, 1)` with 24 bits of precision, for the hot loop.
    #[inline(always)]
    pub fn uniform_f32(&self, stream: Stream, day: u32, id: u64) -> f32 {
        (self.bits(stream, day, id) >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// Two independent uniform numbers in `[0, 1)` from one draw, 32 bits of
    /// precision each (steps of 2.3e-10, far finer than any probability they are
    /// compared with). For the hot loop, where two decisions share one draw.
    #[inline(always)]
    pub fn uniform_pair(&self, stream: Stream, day: u32, id: u64) -> (f64, f64) {
        let bits = self.bits(stream, day, id);
        const STEP: f64 = 1.0 / 4_294_967_296.0;
        (
            (bits >> 32) as f64 * STEP,
            (bits & 0xFFFF_FFFF) as f64 * STEP,
        )
    }

    /// A standard normal variate (Box-Muller on two sub-streams of one draw).
    #[inline]
    pub fn standard_normal(&self, stream: Stream, day: u32, id: u64) -> f64 {
        let bits = self.bits(stream, day, id);
        let u1 = ((bits >> 32) as f64 + 0.5) / 4_294_967_296.0;
        let u2 = ((bits & 0xFFFF_FFFF) as f64) / 4_294_967_296.0;
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A seed for a conventional sequential generator owned by one entity
    /// (e.g. one shopper's initial draws), derived from the same coordinates.
    pub fn sub_seed(&self, stream: Stream, id: u64) -> u64 {
        self.bits(stream, u32::MAX, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // Vigna's splitmix64.c seeded with 0.
        let mut g = SplitMix64::new(0);
        assert_eq!(g.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(g.next(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(g.next(), 0x06C4_5D18_8009_454F);
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn same_coordinates_same_number() {
        let a = CounterRng::new(7);
        let b = CounterRng::new(7);
        assert_eq!(a.bits(Stream::Visit, 3, 11), b.bits(Stream::Visit, 3, 11));
    }

    #[test]
    fn coordinates_and_seeds_decorrelate() {
        let r = CounterRng::new(7);
        let base = r.bits(Stream::Visit, 3, 11);
        assert_ne!(base, r.bits(Stream::Order, 3, 11));
        assert_ne!(base, r.bits(Stream::Visit, 4, 11));
        assert_ne!(base, r.bits(Stream::Visit, 3, 12));
        assert_ne!(base, CounterRng::new(8).bits(Stream::Visit, 3, 11));
    }

    #[test]
    fn uniforms_are_uniform() {
        let r = CounterRng::new(1);
        let n = 200_000u64;
        let mut sum = 0.0;
        let mut below_tenth = 0u64;
        for i in 0..n {
            let u = r.uniform(Stream::Visit, (i % 365) as u32, i);
            assert!((0.0..1.0).contains(&u));
            sum += u;
            if u < 0.1 {
                below_tenth += 1;
            }
        }
        let mean = sum / n as f64;
        assert!((mean - 0.5).abs() < 0.005, "mean {mean}");
        let share = below_tenth as f64 / n as f64;
        assert!((share - 0.1).abs() < 0.005, "share {share}");
    }

    #[test]
    fn pairs_are_uniform_and_uncorrelated() {
        let r = CounterRng::new(3);
        let n = 200_000u64;
        let (mut sa, mut sb, mut sab) = (0.0, 0.0, 0.0);
        for i in 0..n {
            let (a, b) = r.uniform_pair(Stream::Visit, (i % 365) as u32, i);
            assert!((0.0..1.0).contains(&a) && (0.0..1.0).contains(&b));
            sa += a;
            sb += b;
            sab += a * b;
        }
        let (ma, mb) = (sa / n as f64, sb / n as f64);
        assert!((ma - 0.5).abs() < 0.005 && (mb - 0.5).abs() < 0.005);
        // Covariance of independent uniforms is 0 (sd of the estimate ~ 2e-4).
        let cov = sab / n as f64 - ma * mb;
        assert!(cov.abs() < 1.5e-3, "cov {cov}");
    }

    #[test]
    fn draw32_uniforms_are_uniform_and_independent_across_streams_and_days() {
        let r = CounterRng::new(9);
        let n = 200_000u32;
        let visit = r.draw32(Stream::Visit, 5);
        let churn = r.draw32(Stream::Churn, 5);
        let next_day = r.draw32(Stream::Visit, 6);
        let (mut sa, mut sb, mut sc, mut sab, mut sac) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let mut deciles = [0u32; 10];
        for i in 0..n {
            let (a, b, c) = (
                visit.uniform(i) as f64,
                churn.uniform(i) as f64,
                next_day.uniform(i) as f64,
            );
            assert!((0.0..1.0).contains(&a) && (0.0..1.0).contains(&b));
            deciles[(a * 10.0) as usize] += 1;
            sa += a;
            sb += b;
            sc += c;
            sab += a * b;
            sac += a * c;
        }
        let nf = n as f64;
        let (ma, mb, mc) = (sa / nf, sb / nf, sc / nf);
        assert!((ma - 0.5).abs() < 0.005 && (mb - 0.5).abs() < 0.005 && (mc - 0.5).abs() < 0.005);
        // Covariances of independent uniforms are 0 (sd of the estimate ~ 2e-4).
        assert!((sab / nf - ma * mb).abs() < 1.5e-3, "visit vs churn");
        assert!((sac / nf - ma * mc).abs() < 1.5e-3, "day vs next day");
        // Chi-square over deciles, 9 degrees of freedom: 27.9 is the 0.999 quantile.
        let expected = nf / 10.0;
        let chi2: f64 = deciles
            .iter()
            .map(|&o| (o as f64 - expected).powi(2) / expected)
            .sum();
        assert!(chi2 < 27.9, "chi2 {chi2}");
        // Consecutive shoppers are not correlated either.
        let lag: f64 = (0..n - 1)
            .map(|i| (visit.uniform(i) as f64 - 0.5) * (visit.uniform(i + 1) as f64 - 0.5))
            .sum::<f64>()
            / nf;
        assert!(lag.abs() < 1.5e-3, "lag-1 covariance {lag}");
    }

    #[test]
    fn normals_have_unit_variance() {
        let r = CounterRng::new(2);
        let n = 100_000u64;
        let (mut s, mut s2) = (0.0, 0.0);
        for i in 0..n {
            let z = r.standard_normal(Stream::Basket, 1, i);
            assert!(z.is_finite());
            s += z;
            s2 += z * z;
        }
        let mean = s / n as f64;
        let var = s2 / n as f64 - mean * mean;
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.03, "var {var}");
    }
}
