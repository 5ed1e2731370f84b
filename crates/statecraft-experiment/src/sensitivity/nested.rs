//! How much of an outcome's variance comes from the uncertain parameters and how much from the
//! seeds, in a nested design: K parameter draws, each run R times with different seeds.
//!
//! By the law of total variance, Var(Y) = Var(E[Y|θ]) + E[Var(Y|θ)]: the first term is the
//! parameters' share, the second the seeds' (decisions, shocks). The estimators are those of
//! the one-way random-effects analysis of variance (e.g. Searle, Casella and McCulloch,
//! *Variance Components*, 1992, §3): with s²_k the sample variance of draw k's R runs and
//! ȳ_k their mean,
//!
//! - E[Var(Y|θ)] ≈ W = mean_k s²_k (unbiased);
//! - Var(E[Y|θ]) ≈ B = var_k(ȳ_k) − W / R (unbiased: a group mean carries W/R of seed noise).
//!
//! B can come out below zero by chance when the parameters matter little; the share
//! max(B, 0) / (max(B, 0) + W) is then 0, the usual truncation of this estimator. Only draws
//! with all R runs (and a value in each) count.

use serde::Serialize;

use crate::moments::Moments;

/// Accumulates one outcome's values, replicate by replicate in order.
#[derive(Clone, Debug)]
pub struct Nested {
    per_draw: u64,
    /// The draw being filled and its runs' values so far.
    current: Option<(u64, Vec<f64>)>,
    means: Moments,
    within: f64,
    draws: u64,
}

/// The split of an outcome's variance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VarianceSplit {
    /// Parameter draws with all their replicates (K), and replicates per draw (R).
    pub draws: u64,
    pub replicates_per_draw: u64,
    /// Var(E[Y|θ]), the variance the parameters cause (estimate B, may be negative).
    pub parameters: f64,
    /// E[Var(Y|θ)], the variance the seeds cause (estimate W).
    pub seeds: f64,
    /// max(B, 0) / (max(B, 0) + W); NaN when both are 0.
    pub parameter_share: f64,
}

impl Nested {
    /// For `per_draw` replicates per parameter draw (at least 2, else nothing can be split).
    pub fn new(per_draw: u64) -> Nested {
        Nested { per_draw, current: None, means: Moments::default(), within: 0.0, draws: 0 }
    }

    /// Replicate `replicate`'s value; replicates come in increasing order. NaN (no value)
    /// leaves its draw incomplete.
    pub fn push(&mut self, replicate: u64, y: f64) {
        let draw = replicate / self.per_draw;
        if self.current.as_ref().is_some_and(|(d, _)| *d != draw) {
            self.close();
        }
        let (_, values) = self.current.get_or_insert_with(|| (draw, Vec::with_capacity(self.per_draw as usize)));
        if !y.is_nan() {
            values.push(y);
        }
    }

    fn close(&mut self) {
        let Some((_, values)) = self.current.take() else { return };
        if values.len() as u64 != self.per_draw || self.per_draw < 2 {
            return;
        }
        let r = values.len() as f64;
        let mean = values.iter().sum::<f64>() / r;
        let s2 = values.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / (r - 1.0);
        self.means.push(mean);
        self.within += s2;
        self.draws += 1;
    }

    /// The split, or `None` with fewer than two complete draws or one replicate per draw.
    pub fn finish(mut self) -> Option<VarianceSplit> {
        self.close();
        if self.draws < 2 || self.per_draw < 2 {
            return None;
        }
        let seeds = self.within / self.draws as f64;
        let parameters = self.means.variance() - seeds / self.per_draw as f64;
        let b = parameters.max(0.0);
        Some(VarianceSplit {
            draws: self.draws,
            replicates_per_draw: self.per_draw,
            parameters,
            seeds,
            parameter_share: b / (b + seeds),
        })
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};
    use statecraft_scenario::distribution::normal_quantile;

    use super::*;

    fn normal(rng: &mut ChaCha8Rng) -> f64 {
        normal_quantile((rng.random_range(0..1u64 << 53) as f64 + 0.5) / (1u64 << 53) as f64)
    }

    /// Y = θ + ε with θ ~ N(0, sd_theta²), ε ~ N(0, 1): the parameters' share is
    /// sd_theta² / (sd_theta² + 1).
    fn split(sd_theta: f64, draws: u64, per_draw: u64, seed: u64) -> VarianceSplit {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut nested = Nested::new(per_draw);
        let mut theta = 0.0;
        for replicate in 0..draws * per_draw {
            if replicate % per_draw == 0 {
                theta = sd_theta * normal(&mut rng);
            }
            nested.push(replicate, theta + normal(&mut rng));
        }
        nested.finish().unwrap()
    }

    #[test]
    fn the_split_recovers_known_variance_components() {
        let s = split(2.0, 4000, 4, 1);
        assert_eq!((s.draws, s.replicates_per_draw), (4000, 4));
        assert!((s.seeds - 1.0).abs() < 0.05, "{s:?}");
        assert!((s.parameters - 4.0).abs() < 0.3, "{s:?}");
        assert!((s.parameter_share - 0.8).abs() < 0.02, "{s:?}");
        // Without parameter effects the share is about 0, the seeds' variance still 1.
        let none = split(0.0, 4000, 4, 2);
        assert!(none.parameter_share < 0.03 && (none.seeds - 1.0).abs() < 0.05, "{none:?}");
        // The naive variance of group means would count the seeds' W/R as parameters: 0.25.
        assert!(none.parameters.abs() < 0.03, "{none:?}");
    }

    #[test]
    fn incomplete_draws_and_single_replicates_are_left_out() {
        let mut nested = Nested::new(3);
        for (r, y) in [(0, 1.0), (1, 2.0), (2, 3.0), (3, 10.0), (4, f64::NAN), (5, 12.0), (6, 5.0), (7, 6.0), (8, 7.0)]
        {
            nested.push(r, y);
        }
        let s = nested.finish().unwrap();
        assert_eq!(s.draws, 2, "the draw with a missing value is left out");
        assert_eq!(s.seeds, 1.0);
        // Means 2 and 6: variance 8, less 1/3.
        assert!((s.parameters - (8.0 - 1.0 / 3.0)).abs() < 1e-12);
        let mut one = Nested::new(1);
        (0..10).for_each(|r| one.push(r, r as f64));
        assert_eq!(one.finish(), None);
    }
}
