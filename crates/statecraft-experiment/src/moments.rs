//! Mean and variance, streamed (Welford) and merged (Chan et al.), with a 95% confidence
//! interval for the mean. Floating-point merges depend on order, so callers merge in a fixed
//! order (replicate order within a block, block order across blocks). Statistics that need
//! more observations than there are — a mean of none, a spread of one — are NaN.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    pub n: u64,
    mean: f64,
    m2: f64,
}

impl Moments {
    /// Add one observation; NaN (a value the run did not have) is skipped.
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    pub fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let delta = other.mean - self.mean;
        self.mean += delta * other.n as f64 / n as f64;
        self.m2 += other.m2 + delta * delta * (self.n as f64 * other.n as f64 / n as f64);
        self.n = n;
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }

    /// The sample variance (n − 1 in the denominator).
    pub fn variance(&self) -> f64 {
        if self.n < 2 { f64::NAN } else { self.m2 / (self.n - 1) as f64 }
    }

    pub fn sd(&self) -> f64 {
        libm::sqrt(self.variance())
    }

    /// The 95% confidence interval of the mean (Student's t).
    pub fn ci95(&self) -> (f64, f64) {
        let half = t975(self.n.saturating_sub(1)) * self.sd() / libm::sqrt(self.n as f64);
        (self.mean - half, self.mean + half)
    }
}

/// The 97.5th percentile of Student's t with `df` degrees of freedom: tabulated to 30, then
/// the Cornish–Fisher expansion around the normal value to second order (within 0.05%).
pub fn t975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            let (z, n) = (1.959_964, df as f64);
            let z3 = z * z * z;
            z + (z3 + z) / (4.0 * n) + (5.0 * z3 * z * z + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_and_merging_agree_with_the_textbook_formulas() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.push(x));
        assert_eq!(all.mean(), 5.0);
        assert!((all.variance() - 32.0 / 7.0).abs() < 1e-12);
        let (mut a, mut b) = (Moments::default(), Moments::default());
        xs[..3].iter().for_each(|&x| a.push(x));
        xs[3..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert!((a.mean() - 5.0).abs() < 1e-12 && (a.variance() - 32.0 / 7.0).abs() < 1e-12);
        let (lo, hi) = all.ci95();
        let half = 2.365 * (32.0f64 / 7.0).sqrt() / 8f64.sqrt();
        assert!((lo - (5.0 - half)).abs() < 1e-9 && (hi - (5.0 + half)).abs() < 1e-9);
    }

    #[test]
    fn missing_values_are_skipped_and_too_few_give_nan() {
        let mut m = Moments::default();
        assert!(m.mean().is_nan() && m.sd().is_nan() && m.ci95().0.is_nan());
        m.push(f64::NAN);
        m.push(1.0);
        assert_eq!((m.n, m.mean()), (1, 1.0));
        assert!(m.sd().is_nan() && m.ci95().1.is_nan());
    }

    #[test]
    fn t_quantiles_approach_the_normal() {
        assert!((t975(31) - 2.0395).abs() < 0.001);
        assert!((t975(120) - 1.980).abs() < 0.002);
        assert!((t975(100_000) - 1.960).abs() < 0.001);
    }
}
