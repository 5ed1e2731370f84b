//! Evolutionary dynamics: the replicator dynamics (Taylor & Jonker 1978) of one population
//! playing a symmetric game or two populations playing a bimatrix game, in continuous time
//! (fourth-order Runge–Kutta: [`replicator`], [`replicator_two`]) and in discrete generations
//! ([`replicator_step`], [`replicator_two_step`]); and the fixation probability of a mutant in
//! a Moran process (Nowak, Sasaki, Taylor & Fudenberg 2004).

use crate::bimatrix::Bimatrix;

fn mat_vec(a: &[f64], n: usize, x: &[f64]) -> Vec<f64> {
    (0..a.len() / n).map(|i| (0..n).map(|j| a[i * n + j] * x[j]).sum()).collect()
}

/// One population: dx_i/dt = x_i ((Ax)_i − xᵀAx), with A the n × n payoff matrix (row-major).
pub fn replicator_rate(a: &[f64], x: &[f64]) -> Vec<f64> {
    let fitness = mat_vec(a, x.len(), x);
    let mean: f64 = fitness.iter().zip(x).map(|(f, xi)| f * xi).sum();
    x.iter().zip(&fitness).map(|(xi, f)| xi * (f - mean)).collect()
}

fn rk4(x: &[f64], dt: f64, rate: &dyn Fn(&[f64]) -> Vec<f64>) -> Vec<f64> {
    let add = |x: &[f64], k: &[f64], h: f64| x.iter().zip(k).map(|(a, b)| a + h * b).collect::<Vec<f64>>();
    let k1 = rate(x);
    let k2 = rate(&add(x, &k1, dt / 2.0));
    let k3 = rate(&add(x, &k2, dt / 2.0));
    let k4 = rate(&add(x, &k3, dt));
    (0..x.len()).map(|i| x[i] + dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])).collect()
}

/// Integrate the one-population replicator dynamics for `time`, in steps of `dt`.
pub fn replicator(a: &[f64], start: &[f64], time: f64, dt: f64) -> Vec<f64> {
    let mut x = start.to_vec();
    let steps = (time / dt).ceil() as usize;
    for _ in 0..steps {
        x = rk4(&x, dt, &|x| replicator_rate(a, x));
    }
    x
}

/// One generation of the discrete replicator: x_i ← x_i (Ax)_i / xᵀAx (payoffs must be positive).
pub fn replicator_step(a: &[f64], x: &[f64]) -> Vec<f64> {
    let fitness = mat_vec(a, x.len(), x);
    let mean: f64 = fitness.iter().zip(x).map(|(f, xi)| f * xi).sum();
    x.iter().zip(&fitness).map(|(xi, f)| xi * f / mean).collect()
}

/// Two populations (rows and columns of a bimatrix game), continuous time.
pub fn replicator_two(game: &Bimatrix<f64>, start: (&[f64], &[f64]), time: f64, dt: f64) -> (Vec<f64>, Vec<f64>) {
    let m = game.rows();
    let rate = |z: &[f64]| {
        let (x, y) = z.split_at(m);
        let (u, v) = (game.row_values(y), game.col_values(x));
        let (mu, mv): (f64, f64) =
            (u.iter().zip(x).map(|(a, b)| a * b).sum(), v.iter().zip(y).map(|(a, b)| a * b).sum());
        x.iter()
            .zip(&u)
            .map(|(xi, ui)| xi * (ui - mu))
            .chain(y.iter().zip(&v).map(|(yi, vi)| yi * (vi - mv)))
            .collect::<Vec<f64>>()
    };
    let mut z: Vec<f64> = start.0.iter().chain(start.1).copied().collect();
    for _ in 0..(time / dt).ceil() as usize {
        z = rk4(&z, dt, &rate);
    }
    let (x, y) = z.split_at(m);
    (x.to_vec(), y.to_vec())
}

/// One generation of the discrete replicator for two populations (rows and columns of a
/// bimatrix game, both updated from the same generation): x_i ← x_i (Ay)_i / xᵀAy and
/// y_j ← y_j (xᵀB)_j / xᵀBy. Payoffs must be positive.
pub fn replicator_two_step(game: &Bimatrix<f64>, x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (u, v) = (game.row_values(y), game.col_values(x));
    let mean = |values: &[f64], mix: &[f64]| values.iter().zip(mix).map(|(a, b)| a * b).sum::<f64>();
    let (mu, mv) = (mean(&u, x), mean(&v, y));
    (x.iter().zip(&u).map(|(xi, ui)| xi * ui / mu).collect(), y.iter().zip(&v).map(|(yi, vi)| yi * vi / mv).collect())
}

/// The probability that one mutant playing A takes over a population of `n` playing B, in a
/// Moran process with selection intensity `w` (0 neutral, 1 strong) and payoffs A vs A = a,
/// A vs B = b, B vs A = c, B vs B = d.
pub fn moran_fixation(a: f64, b: f64, c: f64, d: f64, n: usize, w: f64) -> f64 {
    let n_f = n as f64;
    let mut sum = 0.0;
    let mut product = 1.0;
    for k in 1..n {
        let i = k as f64;
        let f = 1.0 - w + w * (a * (i - 1.0) + b * (n_f - i)) / (n_f - 1.0);
        let g = 1.0 - w + w * (c * i + d * (n_f - i - 1.0)) / (n_f - 1.0);
        product *= g / f;
        sum += product;
    }
    1.0 / (1.0 + sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hawk_dove_settles_at_the_mixed_equilibrium() {
        // V = 2, C = 4: hawks are a V/C = 1/2 share at the stable rest point.
        let a = [(2.0 - 4.0) / 2.0, 2.0, 0.0, 1.0];
        let x = replicator(&a, &[0.1, 0.9], 50.0, 0.01);
        assert!((x[0] - 0.5).abs() < 1e-4, "{x:?}");
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_discrete_replicator_favours_the_fitter_strategy_and_keeps_the_simplex() {
        let a = [2.0, 2.0, 1.0, 1.0];
        let mut x = vec![0.5, 0.5];
        for _ in 0..50 {
            x = replicator_step(&a, &x);
        }
        assert!(x[0] > 0.99 && (x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn two_populations_of_the_prisoners_dilemma_defect() {
        let pd = Bimatrix::new(2, 2, vec![3.0, 0.0, 5.0, 1.0], vec![3.0, 5.0, 0.0, 1.0]);
        let (x, y) = replicator_two(&pd, (&[0.9, 0.1], &[0.9, 0.1]), 30.0, 0.01);
        assert!(x[1] > 0.99 && y[1] > 0.99);
    }

    #[test]
    fn the_discrete_two_population_replicator_rests_at_equilibria_and_keeps_the_simplices() {
        // Battle of the sexes, payoffs shifted positive: the mixed equilibrium (3/5, 2/5),
        // (2/5, 3/5) is a fixed point, and from near the top-left corner play goes there.
        let bos = Bimatrix::new(2, 2, vec![4.0, 1.0, 1.0, 3.0], vec![3.0, 1.0, 1.0, 4.0]);
        let (x, y) = replicator_two_step(&bos, &[0.6, 0.4], &[0.4, 0.6]);
        assert!((x[0] - 0.6).abs() < 1e-15 && (y[0] - 0.4).abs() < 1e-15, "{x:?} {y:?}");
        let (mut x, mut y) = (vec![0.7, 0.3], vec![0.6, 0.4]);
        for _ in 0..200 {
            (x, y) = replicator_two_step(&bos, &x, &y);
            assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12 && (y.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        assert!(x[0] > 0.999 && y[0] > 0.999, "{x:?} {y:?}");
        // The prisoner's dilemma (payoffs 1..4): defection takes over both populations.
        let pd = Bimatrix::new(2, 2, vec![3.0, 1.0, 4.0, 2.0], vec![3.0, 4.0, 1.0, 2.0]);
        let (mut x, mut y) = (vec![0.9, 0.1], vec![0.9, 0.1]);
        for _ in 0..300 {
            (x, y) = replicator_two_step(&pd, &x, &y);
        }
        assert!(x[1] > 0.999 && y[1] > 0.999, "{x:?} {y:?}");
    }

    #[test]
    fn moran_fixation_known_answers() {
        // Neutral drift: 1/N.
        assert!((moran_fixation(1.0, 1.0, 1.0, 1.0, 20, 0.0) - 0.05).abs() < 1e-12);
        // Constant fitness r = 2 for the mutant: (1 − 1/r)/(1 − 1/r^N).
        let expected = (1.0 - 0.5) / (1.0 - libm::pow(0.5, 10.0));
        assert!((moran_fixation(2.0, 2.0, 1.0, 1.0, 10, 1.0) - expected).abs() < 1e-12);
        // A disadvantaged mutant fixes less often than under drift.
        assert!(moran_fixation(1.0, 1.0, 2.0, 2.0, 10, 0.5) < 0.1);
    }
}
