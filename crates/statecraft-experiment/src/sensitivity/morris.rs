//! Morris's elementary effects (M. D. Morris, "Factorial sampling plans for preliminary
//! computational experiments", Technometrics 33, 1991), with μ* (Campolongo, Cariboni and
//! Saltelli, 2007): a screening that ranks d parameters with r(d + 1) runs.
//!
//! **Design.** Each of r trajectories starts at a random point of a p-level grid on the unit
//! cube (levels 0, 1/(p − 1), …, 1, with p even) and moves one parameter at a time, in a random
//! order, by Δ = p / (2(p − 1)) up or down, so that every level is equally likely at every
//! point. A trajectory's randomness comes from its own seeded stream, so point k of trajectory
//! t is computed from (seed, t, k) alone. The levels include 0 and 1: map them through bounded
//! ranges, or through a distribution's quantiles away from infinite tails.
//!
//! **Measures.** The elementary effect of parameter i in a trajectory is
//! EE_i = (f(x + Δ·e_i) − f(x)) / Δ (with the sign of the step). Over the r trajectories:
//! μ = mean EE_i (the direction of the effect), μ* = mean |EE_i| (its size, which ranks the
//! parameters; it cannot cancel out as μ can), and σ = the sample standard deviation of EE_i
//! (nonlinearity or interactions: zero for a parameter that acts linearly and alone).
//!
//! Known answers (tested): on f = 10x₀ − 5x₁ + 4x₂x₃ + 0·x₄ + 3x₅², μ* is exactly 10 and 5 for
//! the linear terms with σ = 0, 0 for x₄ with σ = 0 exactly, 3 for x₅ (EE = 3(2x + Δ) averages
//! 3 over the levels), and about 2 (4 times the mean level) for x₂ and x₃, with σ > 0.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::DesignError;

/// r trajectories of Morris's design over `dims` parameters on a p-level grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Morris {
    dims: usize,
    trajectories: usize,
    levels: u32,
    seed: u64,
}

/// One parameter's elementary effects summarised.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Effects {
    pub mu: f64,
    pub mu_star: f64,
    pub sigma: f64,
}

/// A trajectory: the grid level each parameter starts at, the order they move in and the
/// direction of each one's step (+1 or −1).
struct Trajectory {
    start: Vec<u32>,
    order: Vec<usize>,
    up: Vec<bool>,
}

impl Morris {
    pub fn new(dims: usize, trajectories: usize, levels: u32, seed: u64) -> Result<Morris, DesignError> {
        if dims == 0 {
            return Err(DesignError("Morris's design needs at least one parameter".into()));
        }
        if trajectories < 2 {
            return Err(DesignError(format!(
                "Morris's design needs at least 2 trajectories (for σ), not {trajectories}"
            )));
        }
        if levels < 2 || !levels.is_multiple_of(2) || levels > 1 << 20 {
            return Err(DesignError(format!(
                "Morris's grid needs an even number of levels from 2 to 2^20, not {levels}"
            )));
        }
        Ok(Morris { dims, trajectories, levels, seed })
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The number of points, r(d + 1).
    pub fn len(&self) -> usize {
        self.trajectories * (self.dims + 1)
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The step, Δ = p / (2(p − 1)).
    pub fn delta(&self) -> f64 {
        f64::from(self.levels / 2) / f64::from(self.levels - 1)
    }

    fn trajectory(&self, t: usize) -> Trajectory {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(t as u64);
        let half = self.levels / 2;
        let mut start = Vec::with_capacity(self.dims);
        let mut up = Vec::with_capacity(self.dims);
        for _ in 0..self.dims {
            // A lower level and a direction: upward steps start there, downward ones Δ above.
            let low = rng.random_range(0..half);
            let rising = rng.random_bool(0.5);
            start.push(if rising { low } else { low + half });
            up.push(rising);
        }
        let mut order: Vec<usize> = (0..self.dims).collect();
        for i in (1..self.dims).rev() {
            order.swap(i, rng.random_range(0..=i as u64) as usize);
        }
        Trajectory { start, order, up }
    }

    /// Point `index` (in `0..len()`) into `out`: one grid level in [0, 1] per parameter.
    pub fn point(&self, index: usize, out: &mut [f64]) {
        assert!(index < self.len(), "point {index} of a design of {}", self.len());
        assert_eq!(out.len(), self.dims, "a point has one coordinate per parameter");
        let (t, step) = (index / (self.dims + 1), index % (self.dims + 1));
        let trajectory = self.trajectory(t);
        let mut level = trajectory.start;
        for &i in &trajectory.order[..step] {
            level[i] = if trajectory.up[i] { level[i] + self.levels / 2 } else { level[i] - self.levels / 2 };
        }
        let top = f64::from(self.levels - 1);
        for (x, level) in out.iter_mut().zip(level) {
            *x = f64::from(level) / top;
        }
    }

    /// μ, μ* and σ per parameter from `outputs`: `replicates` values per point, point after
    /// point; the effects use the replicate means.
    pub fn analyse(&self, outputs: &[f64], replicates: usize) -> Result<Vec<Effects>, DesignError> {
        super::check_outputs(self.len(), outputs, replicates)?;
        let means: Vec<f64> =
            outputs.chunks(replicates).map(|runs| runs.iter().sum::<f64>() / replicates as f64).collect();
        let mut effects = vec![Vec::with_capacity(self.trajectories); self.dims];
        for (t, y) in means.chunks(self.dims + 1).enumerate() {
            let trajectory = self.trajectory(t);
            for (k, &i) in trajectory.order.iter().enumerate() {
                let step = if trajectory.up[i] { self.delta() } else { -self.delta() };
                effects[i].push((y[k + 1] - y[k]) / step);
            }
        }
        let r = self.trajectories as f64;
        Ok(effects
            .iter()
            .map(|ee| {
                let mu = ee.iter().sum::<f64>() / r;
                let mu_star = ee.iter().map(|e| e.abs()).sum::<f64>() / r;
                let sigma = (ee.iter().map(|e| (e - mu) * (e - mu)).sum::<f64>() / (r - 1.0)).sqrt();
                Effects { mu, mu_star, sigma }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screened(x: &[f64]) -> f64 {
        10.0 * x[0] - 5.0 * x[1] + 4.0 * x[2] * x[3] + 0.0 * x[4] + 3.0 * x[5] * x[5]
    }

    fn run(design: &Morris, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        let mut x = vec![0.0; design.dims()];
        (0..design.len())
            .map(|p| {
                design.point(p, &mut x);
                f(&x)
            })
            .collect()
    }

    #[test]
    fn trajectories_move_one_parameter_at_a_time_by_delta_on_the_grid() {
        let design = Morris::new(5, 20, 6, 3).unwrap();
        let delta = design.delta();
        assert_eq!(delta, 0.6);
        let (mut x, mut next) = (vec![0.0; 5], vec![0.0; 5]);
        for t in 0..20 {
            let mut moved = [false; 5];
            for k in 0..5 {
                design.point(t * 6 + k, &mut x);
                design.point(t * 6 + k + 1, &mut next);
                let changed: Vec<usize> = (0..5).filter(|&i| x[i] != next[i]).collect();
                assert_eq!(changed.len(), 1);
                let i = changed[0];
                assert!(((next[i] - x[i]).abs() - delta).abs() < 1e-12);
                assert!(!moved[i], "a parameter moves once per trajectory");
                moved[i] = true;
                for v in next.iter() {
                    assert!(
                        (0.0..=1.0).contains(v) && ((v * 5.0).round() - v * 5.0).abs() < 1e-12,
                        "{v} is off the grid"
                    );
                }
            }
        }
    }

    #[test]
    fn screening_ranks_the_parameters_by_their_known_effects() {
        let design = Morris::new(6, 100, 4, 11).unwrap();
        let effects = design.analyse(&run(&design, screened), 1).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(effects[0].mu, 10.0) && close(effects[0].mu_star, 10.0) && effects[0].sigma < 1e-9);
        assert!(close(effects[1].mu, -5.0) && close(effects[1].mu_star, 5.0) && effects[1].sigma < 1e-9);
        // A parameter with no effect: exactly zero, not merely small.
        assert_eq!((effects[4].mu_star, effects[4].sigma), (0.0, 0.0));
        assert!((effects[5].mu_star - 3.0).abs() < 0.3, "{:?}", effects[5]);
        for i in [2, 3] {
            assert!((effects[i].mu_star - 2.0).abs() < 0.4 && effects[i].sigma > 0.5, "{:?}", effects[i]);
        }
        let mut ranking: Vec<usize> = (0..6).collect();
        ranking.sort_by(|&a, &b| effects[b].mu_star.total_cmp(&effects[a].mu_star));
        assert_eq!(ranking[..3], [0, 1, 5]);
        assert_eq!(ranking[5], 4);
    }

    #[test]
    fn replicates_are_averaged_and_bad_input_is_refused() {
        let design = Morris::new(6, 10, 4, 1).unwrap();
        let once = run(&design, screened);
        let twice: Vec<f64> = once.iter().flat_map(|&y| [y, y]).collect();
        assert_eq!(design.analyse(&twice, 2).unwrap(), design.analyse(&once, 1).unwrap());
        assert!(design.analyse(&once[1..], 1).unwrap_err().to_string().contains("needs 70 outputs"));
        assert!(Morris::new(3, 10, 5, 0).is_err());
        assert!(Morris::new(3, 1, 4, 0).is_err());
    }
}
