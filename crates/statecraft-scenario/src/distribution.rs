//! Distributions of uncertain parameters, each drawn by its inverse CDF from one uniform number.
//!
//! A draw is `quantile(u)` for one `u` in (0, 1): a seeded uniform ([`path_uniform`]) for a
//! Monte Carlo run, or one coordinate of a scrambled Sobol point for a sensitivity design, so
//! both designs map the unit cube to parameter values the same way.
//!
//! - `Uniform { lo, hi }`.
//! - `Normal { mean, sd, lo, hi }`, optionally truncated to `[lo, hi]`: the quantile inverts the
//!   normal CDF within the truncated mass, in the upper tail through the survival function so
//!   that a truncation far from the mean keeps its precision.
//! - `LogNormal { median, log_sd }`: `ln X ~ Normal(ln median, log_sd)`; the median is the
//!   parameter a source usually quotes as its central estimate, and `log_sd` its spread in
//!   log space (mean = median · exp(log_sd² / 2)).
//! - `Triangular { lo, mode, hi }`: the closed-form inverse.
//! - `Beta { alpha, beta, lo, hi }`, scaled from [0, 1] to `[lo, hi]` (by default [0, 1]): the
//!   quantile solves `I_x(α, β) = u` by Newton's method inside a bisection bracket, with the
//!   regularised incomplete beta function from its continued fraction (modified Lentz; Press
//!   et al., *Numerical Recipes*, 3rd ed., 2007, §6.4).
//! - `Choice { values }`: each value with equal probability.
//!
//! The inverse normal CDF is Acklam's rational approximation (2003; relative error 1.15e-9)
//! refined by one Halley step on `erfc`, which brings it to about machine precision.
//! Known answers: the tests compare quantiles with SciPy 1.17.1's (`norm`, `truncnorm`,
//! `lognorm`, `triang`, `beta`), committed in `distribution/scipy_quantiles.txt`.
//!
//! **Path-keyed draws.** [`path_seed`] derives a parameter's seed from the run's seed and the
//! parameter's path in the scenario (`actors[2].yield`) with FNV-1a, so each draw depends on
//! its own path only: adding or removing an uncertain parameter leaves every other draw as it
//! was.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

mod uncertain;
pub use uncertain::{Uncertain, check_list, check_support, distribution_of, draw, draws, extract, with_values};

use serde::{Deserialize, Serialize};

/// An uncertain parameter's distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Distribution {
    Uniform {
        lo: f64,
        hi: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lo: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hi: Option<f64>,
    },
    LogNormal {
        median: f64,
        log_sd: f64,
    },
    Triangular {
        lo: f64,
        mode: f64,
        hi: f64,
    },
    Beta {
        alpha: f64,
        beta: f64,
        #[serde(default = "zero")]
        lo: f64,
        #[serde(default = "one")]
        hi: f64,
    },
    Choice {
        values: Vec<f64>,
    },
}

fn zero() -> f64 {
    0.0
}

fn one() -> f64 {
    1.0
}

/// Parameters that do not make a distribution.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidDistribution(pub String);

fn invalid<T>(message: String) -> Result<T, InvalidDistribution> {
    Err(InvalidDistribution(message))
}

impl Distribution {
    /// Checks the parameters: finite numbers, positive spreads, ordered bounds.
    pub fn validate(&self) -> Result<(), InvalidDistribution> {
        let finite = |name: &str, x: f64| {
            if x.is_finite() { Ok(()) } else { invalid(format!("{name} must be a finite number, not {x}")) }
        };
        let positive = |name: &str, x: f64| {
            finite(name, x)?;
            if x > 0.0 { Ok(()) } else { invalid(format!("{name} must be positive, not {x}")) }
        };
        let ordered = |lo: f64, hi: f64| {
            if lo < hi { Ok(()) } else { invalid(format!("hi ({hi}) must be greater than lo ({lo})")) }
        };
        match *self {
            Distribution::Uniform { lo, hi } => {
                finite("lo", lo)?;
                finite("hi", hi)?;
                ordered(lo, hi)
            }
            Distribution::Normal { mean, sd, lo, hi } => {
                finite("mean", mean)?;
                positive("sd", sd)?;
                let (lo, hi) = (lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY));
                if lo.is_nan() || hi.is_nan() {
                    return invalid("the truncation bounds must be numbers".into());
                }
                ordered(lo, hi)?;
                let (a, b) = ((lo - mean) / sd, (hi - mean) / sd);
                if a > 37.0 || b < -37.0 {
                    return invalid(format!(
                        "the truncation [{lo}, {hi}] lies more than 37 standard deviations from the mean {mean}, where the normal has no mass in double precision"
                    ));
                }
                Ok(())
            }
            Distribution::LogNormal { median, log_sd } => {
                positive("median", median)?;
                positive("log_sd", log_sd)
            }
            Distribution::Triangular { lo, mode, hi } => {
                finite("lo", lo)?;
                finite("mode", mode)?;
                finite("hi", hi)?;
                ordered(lo, hi)?;
                if lo <= mode && mode <= hi {
                    Ok(())
                } else {
                    invalid(format!("mode ({mode}) must lie in [lo, hi] = [{lo}, {hi}]"))
                }
            }
            Distribution::Beta { alpha, beta, lo, hi } => {
                positive("alpha", alpha)?;
                positive("beta", beta)?;
                finite("lo", lo)?;
                finite("hi", hi)?;
                ordered(lo, hi)
            }
            Distribution::Choice { ref values } => {
                if values.is_empty() {
                    return invalid("a choice needs at least one value".into());
                }
                values.iter().try_for_each(|&v| finite("every value", v))
            }
        }
    }

    /// The inverse CDF at `u` in [0, 1]: the smallest value whose CDF is at least `u`.
    /// `quantile(0)` and `quantile(1)` are the ends of the support (infinite for an untruncated
    /// normal). The parameters must be valid ([`Distribution::validate`]).
    pub fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match *self {
            Distribution::Uniform { lo, hi } => lo + u * (hi - lo),
            Distribution::Normal { mean, sd, lo, hi } => {
                let a = lo.map_or(f64::NEG_INFINITY, |lo| (lo - mean) / sd);
                let b = hi.map_or(f64::INFINITY, |hi| (hi - mean) / sd);
                let z = if a >= 0.0 {
                    // In the upper tail, the survival function keeps the precision the CDF loses.
                    let (qa, qb) = (normal_sf(a), normal_sf(b));
                    -normal_quantile(qa - u * (qa - qb))
                } else {
                    let (pa, pb) = (normal_cdf(a), normal_cdf(b));
                    normal_quantile(pa + u * (pb - pa))
                };
                (mean + sd * z.clamp(a, b)).clamp(lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY))
            }
            Distribution::LogNormal { median, log_sd } => median * libm::exp(log_sd * normal_quantile(u)),
            Distribution::Triangular { lo, mode, hi } => {
                let at_mode = (mode - lo) / (hi - lo);
                if u <= at_mode {
                    lo + (u * (hi - lo) * (mode - lo)).sqrt()
                } else {
                    hi - ((1.0 - u) * (hi - lo) * (hi - mode)).sqrt()
                }
            }
            Distribution::Beta { alpha, beta, lo, hi } => lo + (hi - lo) * beta_quantile(alpha, beta, u),
            Distribution::Choice { ref values } => {
                let last = values.len() - 1;
                values[((u * values.len() as f64) as usize).min(last)]
            }
        }
    }

    /// The mean.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Uniform { lo, hi } => 0.5 * (lo + hi),
            Distribution::Normal { mean, sd, lo, hi } => {
                let a = lo.map_or(f64::NEG_INFINITY, |lo| (lo - mean) / sd);
                let b = hi.map_or(f64::INFINITY, |hi| (hi - mean) / sd);
                let mass = if a >= 0.0 { normal_sf(a) - normal_sf(b) } else { normal_cdf(b) - normal_cdf(a) };
                mean + sd * (normal_pdf(a) - normal_pdf(b)) / mass
            }
            Distribution::LogNormal { median, log_sd } => median * libm::exp(0.5 * log_sd * log_sd),
            Distribution::Triangular { lo, mode, hi } => (lo + mode + hi) / 3.0,
            Distribution::Beta { alpha, beta, lo, hi } => lo + (hi - lo) * alpha / (alpha + beta),
            Distribution::Choice { ref values } => values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// The median, `quantile(0.5)`: the central value a `--point` run uses. A uniform's is
    /// computed as `(lo + hi) / 2`, which rounds to the midpoint that `lo + (hi − lo) / 2` can
    /// miss by an ulp (0.04 and 0.12 give 0.08, not 0.07999999999999999).
    pub fn median(&self) -> f64 {
        match *self {
            Distribution::Uniform { lo, hi } => 0.5 * (lo + hi),
            _ => self.quantile(0.5),
        }
    }

    /// The smallest and largest values (infinite for unbounded tails).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Uniform { lo, hi }
            | Distribution::Triangular { lo, hi, .. }
            | Distribution::Beta { lo, hi, .. } => (lo, hi),
            Distribution::Normal { lo, hi, .. } => (lo.unwrap_or(f64::NEG_INFINITY), hi.unwrap_or(f64::INFINITY)),
            Distribution::LogNormal { .. } => (0.0, f64::INFINITY),
            Distribution::Choice { ref values } => {
                values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)))
            }
        }
    }

    /// The probability density at `x`, or `None` for a `Choice`, which has none.
    pub fn density(&self, x: f64) -> Option<f64> {
        let (lo, hi) = self.support();
        if !(lo..=hi).contains(&x) {
            return Some(0.0);
        }
        Some(match *self {
            Distribution::Uniform { lo, hi } => 1.0 / (hi - lo),
            Distribution::Normal { mean, sd, lo, hi } => {
                let a = lo.map_or(f64::NEG_INFINITY, |lo| (lo - mean) / sd);
                let b = hi.map_or(f64::INFINITY, |hi| (hi - mean) / sd);
                let mass = if a >= 0.0 { normal_sf(a) - normal_sf(b) } else { normal_cdf(b) - normal_cdf(a) };
                normal_pdf((x - mean) / sd) / (sd * mass)
            }
            Distribution::LogNormal { median, log_sd } => {
                if x <= 0.0 {
                    return Some(0.0);
                }
                normal_pdf(libm::log(x / median) / log_sd) / (x * log_sd)
            }
            Distribution::Triangular { lo, mode, hi } => {
                if x < mode {
                    2.0 * (x - lo) / ((hi - lo) * (mode - lo))
                } else if x > mode {
                    2.0 * (hi - x) / ((hi - lo) * (hi - mode))
                } else {
                    2.0 / (hi - lo)
                }
            }
            Distribution::Beta { alpha, beta, lo, hi } => beta_density(alpha, beta, (x - lo) / (hi - lo)) / (hi - lo),
            Distribution::Choice { .. } => return None,
        })
    }
}

/// The standard normal density.
pub fn normal_pdf(z: f64) -> f64 {
    if z.is_infinite() {
        return 0.0;
    }
    libm::exp(-0.5 * z * z) / (2.0 * PI).sqrt()
}

/// The standard normal CDF, Φ.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z * FRAC_1_SQRT_2)
}

/// The standard normal survival function, 1 − Φ, without the cancellation of `1 - Φ(z)`.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * libm::erfc(z * FRAC_1_SQRT_2)
}

/// The standard normal quantile, Φ⁻¹(p): Acklam's approximation and one Halley step.
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] =
        [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    let tail = |q: f64| {
        let t = (-2.0 * libm::log(q)).sqrt();
        (((((C[0] * t + C[1]) * t + C[2]) * t + C[3]) * t + C[4]) * t + C[5])
            / ((((D[0] * t + D[1]) * t + D[2]) * t + D[3]) * t + 1.0)
    };
    let x = if p < 0.02425 {
        tail(p)
    } else if p > 1.0 - 0.02425 {
        -tail(1.0 - p)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // Halley's step on Φ(x) − p; in the upper half on the survival function, whose
    // complement 1 − p is what carries the precision there.
    let e = if p > 0.5 { (1.0 - p) - normal_sf(x) } else { normal_cdf(x) - p };
    let u = e * (2.0 * PI).sqrt() * libm::exp(0.5 * x * x);
    x - u / (1.0 + 0.5 * x * u)
}

fn ln_beta(a: f64, b: f64) -> f64 {
    libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
}

fn beta_density(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 || x >= 1.0 {
        // The density's limit at an end: infinite below 1, zero above, finite at 1.
        let shape = if x <= 0.0 { a } else { b };
        return match shape.partial_cmp(&1.0) {
            Some(std::cmp::Ordering::Less) => f64::INFINITY,
            Some(std::cmp::Ordering::Equal) => libm::exp(-ln_beta(a, b)),
            _ => 0.0,
        };
    }
    libm::exp((a - 1.0) * libm::log(x) + (b - 1.0) * libm::log1p(-x) - ln_beta(a, b))
}

/// The regularised incomplete beta function I_x(a, b), by its continued fraction on the side
/// where it converges fast (x below the mean-like point (a + 1) / (a + b + 2)).
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = libm::exp(a * libm::log(x) + b * libm::log1p(-x) - ln_beta(a, b));
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

/// The continued fraction of I_x(a, b) by the modified Lentz method.
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    d = 1.0 / if d.abs() < TINY { TINY } else { d };
    let mut h = d;
    for m in 1..=1000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        for aa in [m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))] {
            d = 1.0 + aa * d;
            d = 1.0 / if d.abs() < TINY { TINY } else { d };
            c = 1.0 + aa / c;
            c = if c.abs() < TINY { TINY } else { c };
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// Solves I_x(a, b) = u: Newton's steps while they stay inside the bracket, else bisection.
fn beta_quantile(a: f64, b: f64, u: f64) -> f64 {
    if u <= 0.0 {
        return 0.0;
    }
    if u >= 1.0 {
        return 1.0;
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    let mut x = a / (a + b);
    for _ in 0..200 {
        let f = incomplete_beta(a, b, x) - u;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let newton = x - f / beta_density(a, b, x);
        let next = if newton > lo && newton < hi && newton.is_finite() { newton } else { 0.5 * (lo + hi) };
        if (next - x).abs() <= 1e-16 * x.max(1e-300) || hi - lo <= f64::EPSILON * hi {
            return next;
        }
        x = next;
    }
    x
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// SplitMix64's finaliser, so that nearby inputs give unrelated seeds.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The seed of one uncertain parameter in one run: the run's seed mixed with the FNV-1a hash of
/// the parameter's path, so it depends on that parameter alone. Seed a ChaCha8 stream with it
/// (`ChaCha8Rng::seed_from_u64`) when the parameter needs more than one number.
pub fn path_seed(run_seed: u64, path: &str) -> u64 {
    let hash = path.bytes().fold(FNV_OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME));
    mix(mix(run_seed) ^ hash)
}

/// A uniform number in the open interval (0, 1) for one parameter in one run: the centre of one
/// of 2⁵³ equal cells, chosen by [`path_seed`]; its quantile is the parameter's draw.
pub fn path_uniform(run_seed: u64, path: &str) -> f64 {
    ((path_seed(run_seed, path) >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_case(name: &str) -> Distribution {
        let words: Vec<&str> = name.split(' ').collect();
        let num = |i: usize| words[i].parse::<f64>().unwrap();
        match words[0] {
            "normal" => Distribution::Normal { mean: num(1), sd: num(2), lo: None, hi: None },
            "truncated_normal" => {
                let bound = |x: f64| x.is_finite().then_some(x);
                Distribution::Normal { mean: num(1), sd: num(2), lo: bound(num(3)), hi: bound(num(4)) }
            }
            "lognormal" => Distribution::LogNormal { median: num(1), log_sd: num(2) },
            "triangular" => Distribution::Triangular { lo: num(1), mode: num(2), hi: num(3) },
            "beta" => Distribution::Beta { alpha: num(1), beta: num(2), lo: num(3), hi: num(4) },
            other => panic!("unknown case {other}"),
        }
    }

    #[test]
    fn quantiles_and_means_match_scipy() {
        let fixture = include_str!("distribution/scipy_quantiles.txt");
        let mut checked = 0;
        for line in fixture.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split(" | ").collect();
            let d = parse_case(cols[0]);
            d.validate().unwrap();
            let (u, want, mean): (f64, f64, f64) =
                (cols[1].parse().unwrap(), cols[2].parse().unwrap(), cols[3].parse().unwrap());
            let got = d.quantile(u);
            let scale = want.abs().max(1.0);
            assert!((got - want).abs() <= 1e-9 * scale, "{}: quantile({u}) = {got}, SciPy says {want}", cols[0]);
            assert!((d.mean() - mean).abs() <= 1e-9 * mean.abs().max(1.0), "{}: mean {} vs {mean}", cols[0], d.mean());
            checked += 1;
        }
        assert_eq!(checked, 121);
    }

    fn all() -> Vec<Distribution> {
        vec![
            Distribution::Uniform { lo: -1.0, hi: 3.0 },
            Distribution::Normal { mean: 1.0, sd: 2.0, lo: None, hi: None },
            Distribution::Normal { mean: 1.0, sd: 2.0, lo: Some(0.0), hi: Some(8.0) },
            Distribution::LogNormal { median: 500_000.0, log_sd: 0.6 },
            Distribution::Triangular { lo: 0.1, mode: 0.3, hi: 0.9 },
            Distribution::Beta { alpha: 2.0, beta: 3.0, lo: 0.0, hi: 1.0 },
            Distribution::Beta { alpha: 0.4, beta: 0.7, lo: -2.0, hi: 2.0 },
        ]
    }

    #[test]
    fn quantiles_increase_and_stay_in_the_support() {
        for d in all() {
            let (lo, hi) = d.support();
            let mut last = f64::NEG_INFINITY;
            for k in 1..1000 {
                let x = d.quantile(f64::from(k) / 1000.0);
                assert!(x >= last, "{d:?} decreases at {k}");
                assert!(lo <= x && x <= hi, "{d:?}: {x} outside its support");
                last = x;
            }
        }
    }

    #[test]
    fn the_median_splits_the_density_in_half() {
        for d in all() {
            let (lo, hi) = d.support();
            let (lo, hi) = (lo.max(d.quantile(1e-12)), hi.min(d.quantile(1.0 - 1e-12)));
            let median = d.median();
            // The density's integral from the low end to the median, by the midpoint rule.
            let steps = 200_000;
            let width = (median - lo) / f64::from(steps);
            let below: f64 = (0..steps).map(|k| d.density(lo + (f64::from(k) + 0.5) * width).unwrap() * width).sum();
            let tolerance = if matches!(d, Distribution::Beta { alpha, .. } if alpha < 1.0) { 5e-3 } else { 1e-5 };
            assert!((below - 0.5).abs() < tolerance, "{d:?}: mass below the median {median} is {below}");
            assert!(median <= hi);
        }
    }

    #[test]
    fn quantile_inverts_the_cdf() {
        let beta = (2.5, 0.8);
        for k in 1..100 {
            let u = f64::from(k) / 100.0;
            let x = beta_quantile(beta.0, beta.1, u);
            assert!((incomplete_beta(beta.0, beta.1, x) - u).abs() < 1e-13);
            assert!((normal_cdf(normal_quantile(u)) - u).abs() < 1e-15);
        }
        // Far tails, where the CDF itself is tiny.
        for p in [1e-300, 1e-100, 1e-20] {
            assert!((normal_cdf(normal_quantile(p)) / p - 1.0).abs() < 1e-12);
        }
        for p in [1e-3, 1e-8, 1e-12] {
            let q = 1.0 - p;
            let complement = 1.0 - q; // exact
            assert!((normal_sf(normal_quantile(q)) / complement - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn choice_gives_each_value_an_equal_share() {
        let d = Distribution::Choice { values: vec![3.0, 1.0, 2.0] };
        d.validate().unwrap();
        let draws: Vec<f64> = (0..6).map(|k| d.quantile((f64::from(k) + 0.5) / 6.0)).collect();
        assert_eq!(draws, [3.0, 3.0, 1.0, 1.0, 2.0, 2.0]);
        assert_eq!(d.quantile(1.0), 2.0);
        assert_eq!(d.mean(), 2.0);
        assert_eq!(d.support(), (1.0, 3.0));
        assert_eq!(d.density(1.0), None);
    }

    #[test]
    fn invalid_parameters_are_refused_with_a_reason() {
        let cases = [
            (Distribution::Uniform { lo: 2.0, hi: 2.0 }, "hi (2) must be greater than lo (2)"),
            (Distribution::Normal { mean: 0.0, sd: -1.0, lo: None, hi: None }, "sd must be positive, not -1"),
            (Distribution::Normal { mean: 0.0, sd: 1.0, lo: Some(40.0), hi: None }, "more than 37 standard deviations"),
            (Distribution::LogNormal { median: 0.0, log_sd: 1.0 }, "median must be positive"),
            (Distribution::Triangular { lo: 0.0, mode: 2.0, hi: 1.0 }, "mode (2) must lie in [lo, hi] = [0, 1]"),
            (Distribution::Beta { alpha: 1.0, beta: 0.0, lo: 0.0, hi: 1.0 }, "beta must be positive"),
            (Distribution::Choice { values: vec![] }, "at least one value"),
            (Distribution::Uniform { lo: f64::NAN, hi: 1.0 }, "lo must be a finite number"),
        ];
        for (d, message) in cases {
            let error = d.validate().unwrap_err().to_string();
            assert!(error.contains(message), "{d:?}: {error}");
        }
    }

    #[test]
    fn reads_and_writes_ron() {
        let d: Distribution = crate::from_ron("d", "Normal(mean: 1.5, sd: 0.5, lo: 0.0)").unwrap();
        assert_eq!(d, Distribution::Normal { mean: 1.5, sd: 0.5, lo: Some(0.0), hi: None });
        let b: Distribution = crate::from_ron("b", "Beta(alpha: 2.0, beta: 3.0)").unwrap();
        assert_eq!(b, Distribution::Beta { alpha: 2.0, beta: 3.0, lo: 0.0, hi: 1.0 });
        for d in all() {
            let text = crate::to_ron(&d);
            assert_eq!(crate::from_ron::<Distribution>("d", &text).unwrap(), d, "{text}");
        }
        assert!(crate::from_ron::<Distribution>("d", "Uniform(lo: 0.0, hi: 1.0, mode: 0.5)").is_err());
    }

    #[test]
    fn adding_a_parameter_leaves_every_other_draw_unchanged() {
        let paths = ["actors[3].yield", "world.hbm_stock", "actors[0].volatility", "chips[2].price_elasticity"];
        let draw = |paths: &[&str], seed: u64| -> Vec<(String, f64)> {
            paths.iter().map(|p| (p.to_string(), path_uniform(seed, p))).collect()
        };
        for seed in [0, 1, 42, u64::MAX] {
            let before = draw(&paths, seed);
            let mut more = paths.to_vec();
            more.insert(1, "actors[1].smuggling_elasticity");
            let after = draw(&more, seed);
            let kept: Vec<(String, f64)> =
                after.into_iter().filter(|(p, _)| p != "actors[1].smuggling_elasticity").collect();
            assert_eq!(before, kept);
        }
        // Different paths and different seeds give different draws, and the draws look uniform.
        assert_ne!(path_uniform(1, "a.b"), path_uniform(1, "a.c"));
        assert_ne!(path_uniform(1, "a.b"), path_uniform(2, "a.b"));
        let n = 20_000;
        let mean = (0..n).map(|s| path_uniform(s, "world.hbm_stock")).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
        assert!((0..n).all(|s| {
            let u = path_uniform(s, "x");
            u > 0.0 && u < 1.0
        }));
    }
}
