//! `exp` computed the same way on every platform, and `positive` for the vector pass.
//!
//! The model's rules call `exp` on the hot path. The system `libm` is fast but its
//! last bit may differ between C libraries and versions, which would make a
//! scenario's output depend on the machine. This one is plain `f64` arithmetic
//! (no fused multiply-add, no tables from the system), so a seed gives the same
//! bits everywhere, and it inlines into the loop.
//!
//! Method (the classic table-driven reduction, as in Tang 1989):
//! `x = (64 m + j) ln2/64 + r` with `|r| <= ln2/128`; then
//! `exp(x) = 2^m * 2^(j/64) * exp(r)`, with `2^(j/64)` from a table of correctly
//! rounded constants and `exp(r) - 1` from its Taylor series to `r^5` (truncation
//! below 4e-17). Measured error: under 1 ulp against the system `exp` (see tests).

/// `2^(j/64)` for `j = 0..64`, correctly rounded.
const TWO_POW_J_64: [f64; 64] = [
    1.0,
    1.0108892860517005,
    1.0218971486541166,
    1.0330248790212284,
    1.0442737824274138,
    1.0556451783605572,
    1.0671404006768237,
    1.0787607977571199,
    1.0905077326652577,
    1.102382583307841,
    1.1143867425958924,
    1.1265216186082418,
    1.1387886347566916,
    1.1511892299529827,
    1.1637248587775775,
    1.1763969916502812,
    1.189207115002721,
    1.202156731452703,
    1.215247359980469,
    1.22848053610687,
    1.241857812073484,
    1.255380757024691,
    1.2690509571917332,
    1.2828700160787783,
    1.2968395546510096,
    1.3109612115247644,
    1.3252366431597413,
    1.339667524053303,
    1.3542555469368927,
    1.3690024229745905,
    1.383909881963832,
    1.3989796725383112,
    std::f64::consts::SQRT_2,
    1.42961333839197,
    1.4451808069770467,
    1.460917794180647,
    1.4768261459394993,
    1.4929077282912648,
    1.5091644275934228,
    1.5255981507445384,
    1.5422108254079407,
    1.559004400237837,
    1.5759808451078865,
    1.593142151342267,
    1.6104903319492543,
    1.6280274218573478,
    1.645755478153965,
    1.6636765803267364,
    1.681792830507429,
    1.7001063537185235,
    1.718619298122478,
    1.7373338352737062,
    1.7562521603732995,
    1.7753764925265212,
    1.7947090750031072,
    1.8142521755003989,
    1.8340080864093424,
    1.8539791250833855,
    1.8741676341103,
    1.8945759815869656,
    1.9152065613971474,
    1.9360617934922943,
    1.9571441241754002,
    1.978456026387951,
];

/// `64 / ln 2`.
const INV_LN2_64: f64 = 92.33248261689366;
/// `ln 2 / 64` split in a high part with trailing zero bits (so `k * HI` is exact for
/// every `k` in range) and the rest.
const LN2_64_HI: f64 = 0.01083042468962958;
const LN2_64_LO: f64 = 6.619564634077006e-12;
/// Adding and subtracting `1.5 * 2^52` rounds to the nearest integer.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// `e^x`, within 1 ulp, with the same result on every platform.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.7 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    let k = (x * INV_LN2_64 + ROUNDER) - ROUNDER;
    let r = (x - k * LN2_64_HI) - k * LN2_64_LO;
    let k = k as i64;
    let t = TWO_POW_J_64[(k & 63) as usize];
    let m = k >> 6;
    // exp(r) - 1 to the r^5 term.
    let p = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))));
    let y = t + t * p;
    if m >= -1020 {
        y * f64::from_bits(((m + 1023) as u64) << 52)
    } else {
        // Subnormal result: scale in two steps so neither factor underflows.
        y * f64::from_bits(((m + 1023 + 1000) as u64) << 52) * f64::from_bits(23u64 << 52)
    }
}

/// `x` if positive, else 0: `(x)+` of `docs/MODEL.md`, in `f32` for the daily steps.
/// Written as a compare and select, which vectorises (and gives 0, not -0, for -0).
#[inline(always)]
pub fn positive(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn within_one_ulp_of_the_system_exp() {
        let mut worst = 0;
        // The model's range (arguments from about -50 to 1) densely, then the edges.
        for i in 0..2_000_000 {
            let x = -50.0 + 51.0 * (i as f64 / 2_000_000.0);
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        for x in [-745.0, -740.0, -708.5, -700.0, -300.0, 300.0, 700.0, 709.5] {
            let d = ulps(exp(x), x.exp());
            assert!(d <= 1, "x = {x}: {} vs {}", exp(x), x.exp());
        }
        assert!(worst <= 1, "worst error {worst} ulp");
    }

    #[test]
    fn exact_and_special_values() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(-800.0), 0.0);
        assert!(exp(-744.0) > 0.0, "subnormal results survive");
    }
}
