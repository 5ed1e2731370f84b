//! Sobol sensitivity indices by Saltelli's design: how much of an output's variance each
//! parameter explains alone (first order, S_i) and with all its interactions (total, ST_i).
//!
//! **Design** (Saltelli, 2002; Saltelli et al., 2010, "Variance based sensitivity analysis of
//! model output", Comput. Phys. Commun. 181): N base rows of a scrambled Sobol sequence in 2d
//! dimensions give two matrices, A (the first d coordinates) and B (the last d), and for each
//! parameter i the matrix A_B^(i), which is A with column i taken from B: N(d + 2) points. The
//! points of one row are consecutive (A, B, A_B^(1), …, A_B^(d)), so a block of consecutive
//! points holds whole rows, and point p is computed from p alone. Take N a power of two: the
//! first 2^k points of a Sobol sequence are the ones that fill the cube evenly.
//!
//! **Estimators**, with f the output and V its variance over the points of A and B:
//! - first order, Saltelli et al. (2010): V_i = mean_j f(B)_j (f(A_B^(i))_j − f(A)_j);
//! - total, Jansen (1999): VT_i = mean_j (f(A)_j − f(A_B^(i))_j)² / 2;
//!
//! and S_i = V_i / V, ST_i = VT_i / V. Outputs are centred on their mean first, which leaves
//! the estimators' expectations unchanged and lowers their variance.
//!
//! **Replicates.** A stochastic model runs r times at each point (with different seeds); the
//! estimators use the replicate means, and the replicates' sample variance s² at each point
//! measures the noise. By the law of total variance, a run's variance is Var(E[Y|X]) (the
//! parameters' effect) + E[Var(Y|X)] (noise); the mean of r runs carries noise E[Var(Y|X)]/r.
//! Noise is independent between points with mean zero, so it leaves V_i unbiased but adds
//! (s²(A_j) + s²(A_B^(i)_j)) / 2r to VT_i and the mean s²/r to V; both are subtracted, so the
//! indices are those of the mean response E[Y|X], and [`Indices::noise_share`] =
//! E[Var(Y|X)] / (Var(E[Y|X]) + E[Var(Y|X)]) says how much of one run's variance is noise.
//! With one replicate the noise cannot be told apart, and it inflates V (all indices shrink)
//! and every VT_i.
//!
//! **Intervals**: the bootstrap (Efron, 1979; Archer, Saltelli and Sobol, 1997) resamples the N
//! rows with replacement, from a seeded stream, and takes percentile intervals.
//!
//! Known answers (tested): the Ishigami function with a = 7, b = 0.1 (Ishigami and Homma, 1990)
//! has S = (0.3139, 0.4424, 0) and ST = (0.5576, 0.4424, 0.2437); the Sobol G-function
//! (Saltelli and Sobol, 1995) has V_i = 1 / (3(1 + a_i)²), S_i = V_i / V and
//! ST_i = V_i Π_{j≠i}(1 + V_j) / V, with V = Π(1 + V_j) − 1.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::DesignError;
use super::sobol_sequence::Sobol;

/// Saltelli's design over the unit cube of `dims` parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Saltelli {
    dims: usize,
    base: usize,
    sobol: Sobol,
}

/// Which matrix a point of the design belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    A,
    B,
    /// A with this parameter's column from B.
    Mixed(usize),
}

/// How to compute confidence intervals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bootstrap {
    pub resamples: usize,
    /// The interval's coverage, e.g. 0.95.
    pub confidence: f64,
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Bootstrap {
        Bootstrap { resamples: 1000, confidence: 0.95, seed: 0 }
    }
}

/// An estimate with its bootstrap percentile interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub estimate: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }
}

/// The Sobol indices of one output.
#[derive(Clone, Debug, PartialEq)]
pub struct Indices {
    /// S_i, one per parameter.
    pub first: Vec<Interval>,
    /// ST_i, one per parameter.
    pub total: Vec<Interval>,
    /// The variance of the mean response over the parameters, Var(E[Y|X]).
    pub variance: f64,
    /// The share of one run's variance that is replicate noise, E[Var(Y|X)] / Var(Y); `None`
    /// with one replicate per point.
    pub noise_share: Option<f64>,
}

impl Saltelli {
    /// The design for `dims` parameters and `base` rows (N), scrambled from `seed`.
    pub fn new(dims: usize, base: usize, seed: u64) -> Result<Saltelli, DesignError> {
        if dims == 0 || 2 * dims > Sobol::MAX_DIMS {
            return Err(DesignError(format!(
                "Saltelli's design takes 1 to {} parameters (its Sobol sequence has twice as many dimensions), not {dims}",
                Sobol::MAX_DIMS / 2
            )));
        }
        if base < 2 {
            return Err(DesignError(format!("Saltelli's design needs at least 2 base samples, not {base}")));
        }
        Ok(Saltelli { dims, base, sobol: Sobol::scrambled(2 * dims, seed)? })
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    /// N, the number of base rows.
    pub fn base(&self) -> usize {
        self.base
    }

    /// The number of points, N(d + 2).
    pub fn len(&self) -> usize {
        self.base * (self.dims + 2)
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The row and role of point `index`.
    pub fn role(&self, index: usize) -> (usize, Role) {
        let (row, k) = (index / (self.dims + 2), index % (self.dims + 2));
        (
            row,
            match k {
                0 => Role::A,
                1 => Role::B,
                k => Role::Mixed(k - 2),
            },
        )
    }

    /// Point `index` (in `0..len()`) into `out`, one coordinate in (0, 1) per parameter.
    pub fn point(&self, index: usize, out: &mut [f64]) {
        assert!(index < self.len(), "point {index} of a design of {}", self.len());
        assert_eq!(out.len(), self.dims, "a point has one coordinate per parameter");
        let (row, role) = self.role(index);
        let mut both = [0.0; Sobol::MAX_DIMS];
        let both = &mut both[..2 * self.dims];
        self.sobol.point(row as u64, both);
        let (a, b) = both.split_at(self.dims);
        match role {
            Role::A => out.copy_from_slice(a),
            Role::B => out.copy_from_slice(b),
            Role::Mixed(i) => {
                out.copy_from_slice(a);
                out[i] = b[i];
            }
        }
    }

    /// The indices of one output, from `outputs`: `replicates` values per point, point after
    /// point (point p's replicates at `p * replicates ..`).
    pub fn analyse(&self, outputs: &[f64], replicates: usize, bootstrap: &Bootstrap) -> Result<Indices, DesignError> {
        super::check_outputs(self.len(), outputs, replicates)?;
        if !(bootstrap.confidence > 0.0 && bootstrap.confidence < 1.0) || bootstrap.resamples < 10 {
            return Err(DesignError("a bootstrap needs a confidence in (0, 1) and at least 10 resamples".into()));
        }
        let points = Points::new(outputs, replicates);
        let mut sums = Sums::new(self.dims);
        let all = sums.estimate(&points, self.dims, 0..self.base).clone();
        let (first, total, variance) = (&all.first, &all.total, all.variance);
        if variance <= 0.0 {
            return Err(DesignError(format!(
                "the output's mean response does not vary over the design (variance {variance:e}): there is nothing to apportion"
            )));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(bootstrap.seed);
        let mut draws_first = vec![Vec::with_capacity(bootstrap.resamples); self.dims];
        let mut draws_total = vec![Vec::with_capacity(bootstrap.resamples); self.dims];
        let mut rows = vec![0; self.base];
        for _ in 0..bootstrap.resamples {
            for row in rows.iter_mut() {
                *row = rng.random_range(0..self.base as u64) as usize;
            }
            let one = sums.estimate(&points, self.dims, rows.iter().copied());
            for i in 0..self.dims {
                draws_first[i].push(one.first[i]);
                draws_total[i].push(one.total[i]);
            }
        }
        let interval = |estimate: f64, draws: &mut Vec<f64>| {
            draws.sort_by(f64::total_cmp);
            let tail = 0.5 * (1.0 - bootstrap.confidence);
            Interval { estimate, lo: percentile(draws, tail), hi: percentile(draws, 1.0 - tail) }
        };
        Ok(Indices {
            first: first.iter().zip(&mut draws_first).map(|(&e, d)| interval(e, d)).collect(),
            total: total.iter().zip(&mut draws_total).map(|(&e, d)| interval(e, d)).collect(),
            variance,
            noise_share: (replicates > 1).then_some(all.noise / (variance + all.noise)),
        })
    }
}

/// The percentile at `q` of sorted values, interpolating linearly between ranks.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let rank = q * (sorted.len() - 1) as f64;
    let (below, frac) = (rank.floor() as usize, rank - rank.floor());
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + frac * (sorted[above] - sorted[below])
}

/// Each point's replicate mean, centred on the mean of all points, and its replicates'
/// sample variance divided by r (the noise variance of the mean).
struct Points {
    mean: Vec<f64>,
    noise_of_mean: Vec<f64>,
    replicates: f64,
}

impl Points {
    fn new(outputs: &[f64], replicates: usize) -> Points {
        let r = replicates as f64;
        let mut mean: Vec<f64> = outputs.chunks(replicates).map(|runs| runs.iter().sum::<f64>() / r).collect();
        let noise_of_mean =
            outputs
                .chunks(replicates)
                .zip(&mean)
                .map(|(runs, m)| {
                    if replicates > 1 {
                        runs.iter().map(|y| (y - m) * (y - m)).sum::<f64>() / (r - 1.0) / r
                    } else {
                        0.0
                    }
                })
                .collect();
        let centre = mean.iter().sum::<f64>() / mean.len() as f64;
        mean.iter_mut().for_each(|m| *m -= centre);
        Points { mean, noise_of_mean, replicates: r }
    }
}

/// Estimates from one set of rows.
#[derive(Clone, Debug)]
struct Estimate {
    first: Vec<f64>,
    total: Vec<f64>,
    variance: f64,
    /// The mean within-point variance of one run, E[Var(Y|X)].
    noise: f64,
}

/// Sums over rows, kept to reuse their memory across bootstrap resamples.
struct Sums {
    first: Vec<f64>,
    total: Vec<f64>,
    out: Estimate,
}

impl Sums {
    fn new(dims: usize) -> Sums {
        Sums {
            first: vec![0.0; dims],
            total: vec![0.0; dims],
            out: Estimate { first: vec![0.0; dims], total: vec![0.0; dims], variance: 0.0, noise: 0.0 },
        }
    }

    fn estimate(&mut self, points: &Points, dims: usize, rows: impl Iterator<Item = usize>) -> &Estimate {
        self.first.iter_mut().chain(&mut self.total).for_each(|s| *s = 0.0);
        let (mut n, mut sum, mut squares, mut noise) = (0usize, 0.0, 0.0, 0.0);
        let stride = dims + 2;
        for row in rows {
            let at = row * stride;
            let (a, b) = (points.mean[at], points.mean[at + 1]);
            let (noise_a, noise_b) = (points.noise_of_mean[at], points.noise_of_mean[at + 1]);
            n += 1;
            sum += a + b;
            squares += a * a + b * b;
            noise += noise_a + noise_b;
            for i in 0..dims {
                let mixed = points.mean[at + 2 + i];
                self.first[i] += b * (mixed - a);
                self.total[i] += 0.5 * (a - mixed) * (a - mixed) - 0.5 * (noise_a + points.noise_of_mean[at + 2 + i]);
            }
        }
        let n = n as f64;
        let noise_of_mean = noise / (2.0 * n);
        // The unbiased variance of the 2N means, less the noise each mean carries.
        let variance = (squares - sum * sum / (2.0 * n)) / (2.0 * n - 1.0) - noise_of_mean;
        let out = &mut self.out;
        for i in 0..dims {
            out.first[i] = self.first[i] / n / variance;
            out.total[i] = self.total[i] / n / variance;
        }
        out.variance = variance;
        out.noise = noise_of_mean * points.replicates;
        &self.out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::f64::consts::PI;

    use statecraft_scenario::distribution::normal_quantile;

    use super::*;
    use crate::seeds::run_seed;

    pub(crate) fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        let x: Vec<f64> = x.iter().map(|u| -PI + 2.0 * PI * u).collect();
        libm::sin(x[0]) + a * libm::pow(libm::sin(x[1]), 2.0) + b * libm::pow(x[2], 4.0) * libm::sin(x[0])
    }

    const G_A: [f64; 6] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];

    fn g_function(x: &[f64]) -> f64 {
        x.iter().zip(G_A).map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a)).product()
    }

    fn g_function_indices() -> (Vec<f64>, Vec<f64>) {
        let partial: Vec<f64> = G_A.iter().map(|a| 1.0 / (3.0 * (1.0 + a) * (1.0 + a))).collect();
        let v = partial.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
        let first = partial.iter().map(|vi| vi / v).collect();
        let total = partial
            .iter()
            .enumerate()
            .map(|(i, vi)| {
                vi * partial.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, vj)| 1.0 + vj).product::<f64>() / v
            })
            .collect();
        (first, total)
    }

    fn analyse(design: &Saltelli, replicates: usize, model: impl Fn(&[f64], usize, usize) -> f64) -> Indices {
        let mut x = vec![0.0; design.dims()];
        let mut outputs = Vec::with_capacity(design.len() * replicates);
        for p in 0..design.len() {
            design.point(p, &mut x);
            outputs.extend((0..replicates).map(|r| model(&x, p, r)));
        }
        design.analyse(&outputs, replicates, &Bootstrap::default()).unwrap()
    }

    fn assert_within(indices: &[Interval], known: &[f64], what: &str) {
        for (i, (interval, &known)) in indices.iter().zip(known).enumerate() {
            assert!(interval.contains(known), "{what}[{i}] = {known} outside its interval {interval:?}");
        }
    }

    #[test]
    fn ishigami_indices_lie_in_their_intervals_and_the_intervals_shrink() {
        let (first, total) = ([0.3139, 0.4424, 0.0], [0.5576, 0.4424, 0.2437]);
        let large = analyse(&Saltelli::new(3, 4096, 1).unwrap(), 1, |x, _, _| ishigami(x));
        assert_within(&large.first, &first, "S");
        assert_within(&large.total, &total, "ST");
        assert!((large.variance - 13.8446).abs() < 0.3, "{}", large.variance);
        assert_eq!(large.noise_share, None);
        let small = analyse(&Saltelli::new(3, 512, 1).unwrap(), 1, |x, _, _| ishigami(x));
        for (s, l) in small.first.iter().chain(&small.total).zip(large.first.iter().chain(&large.total)) {
            assert!(l.width() < 0.6 * s.width(), "{l:?} is not much narrower than {s:?}");
        }
    }

    #[test]
    fn g_function_indices_lie_in_their_intervals() {
        let (first, total) = g_function_indices();
        assert!((first[0] - 0.7165).abs() < 1e-3, "the first factor dominates: {first:?}");
        let indices = analyse(&Saltelli::new(G_A.len(), 4096, 2).unwrap(), 1, |x, _, _| g_function(x));
        assert_within(&indices.first, &first, "S");
        assert_within(&indices.total, &total, "ST");
    }

    /// A uniform in (0, 1) from a run seed. Run seeds have 63 bits (`MAX_SEED`), so the top 53
    /// of them are taken by shifting 10, not 11: shifting 11 gave u in (0, ½), the noise below
    /// was half-normal, of variance 4(1 − 2/π) = 1.45 rather than 4, and the noise share came
    /// out 1.45 / (13.84 + 1.45) = 0.095 instead of 0.224; the estimator was right.
    fn uniform_of(seed: u64) -> f64 {
        ((seed >> 10) as f64 + 0.5) / (1u64 << 53) as f64
    }

    #[test]
    fn uniforms_from_run_seeds_fill_the_unit_interval() {
        let u: Vec<f64> = (0..4000).map(|r| uniform_of(run_seed(9, 0, 1, r))).collect();
        let above = u.iter().filter(|&&u| u > 0.5).count();
        assert!((1800..2200).contains(&above), "{above} of 4000 above one half");
        assert!(u.iter().all(|&u| u > 0.0 && u < 1.0));
    }

    #[test]
    fn replicates_separate_noise_from_parameter_effects() {
        // Ishigami plus Gaussian noise of sd 2: a run's variance is 13.84 + 4, of which 22.4%
        // is noise; the indices of the mean response are Ishigami's.
        let noise_sd = 2.0;
        let noisy = |x: &[f64], p: usize, r: usize| {
            let u = uniform_of(run_seed(9, 0, p as u64, r as u64));
            ishigami(x) + noise_sd * normal_quantile(u)
        };
        let indices = analyse(&Saltelli::new(3, 2048, 3).unwrap(), 4, noisy);
        assert_within(&indices.first, &[0.3139, 0.4424, 0.0], "S");
        assert_within(&indices.total, &[0.5576, 0.4424, 0.2437], "ST");
        let share = indices.noise_share.unwrap();
        assert!((share - 4.0 / (13.8446 + 4.0)).abs() < 0.02, "noise share {share}");
    }

    #[test]
    fn points_follow_the_design_and_bad_outputs_are_refused() {
        let design = Saltelli::new(3, 8, 5).unwrap();
        assert_eq!(design.len(), 40);
        let point = |p| {
            let mut x = [0.0; 3];
            design.point(p, &mut x);
            x
        };
        for row in 0..8 {
            let (a, b) = (point(row * 5), point(row * 5 + 1));
            for i in 0..3 {
                let mixed = point(row * 5 + 2 + i);
                assert_eq!(design.role(row * 5 + 2 + i), (row, Role::Mixed(i)));
                for j in 0..3 {
                    assert_eq!(mixed[j], if j == i { b[j] } else { a[j] });
                }
            }
        }
        assert!(
            design
                .analyse(&[1.0; 39], 1, &Bootstrap::default())
                .unwrap_err()
                .to_string()
                .contains("needs 40 outputs, not 39")
        );
        assert!(
            design.analyse(&[1.0; 40], 1, &Bootstrap::default()).unwrap_err().to_string().contains("does not vary")
        );
        let mut nan = vec![1.0; 40];
        nan[7] = f64::NAN;
        assert!(design.analyse(&nan, 1, &Bootstrap::default()).unwrap_err().to_string().contains("output 7 is NaN"));
        assert!(Saltelli::new(65, 8, 0).is_err());
        assert!(Saltelli::new(2, 1, 0).is_err());
    }
}
