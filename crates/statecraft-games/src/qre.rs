//! Logit quantal response equilibrium (McKelvey & Palfrey 1995): every player plays each action
//! with probability proportional to exp(λ · its expected payoff). At λ = 0 play is uniform; as
//! λ grows the equilibria approach Nash equilibria, and following the branch that starts at the
//! uniform profile (the principal branch) selects one (as Gambit's `gambit-logit` does).
//!
//! Computed in floating point by continuation in λ: each point solves the logit conditions in
//! log-odds by Newton's method, started from the previous point. The answer is approximate:
//! `residual` says how far from a fixed point it is. The Jacobian is dense, so this suits games
//! with up to a few hundred actions in all.

use crate::error::SolveError;
use crate::normal_form::NormalForm;

/// One point of the logit equilibrium path.
#[derive(Clone, Debug, PartialEq)]
pub struct QrePoint {
    pub lambda: f64,
    pub strategies: Vec<Vec<f64>>,
    /// The largest change one logit response would still make: ~0 at a fixed point.
    pub residual: f64,
}

fn response(game: &NormalForm<f64>, sigma: &[Vec<f64>], lambda: f64) -> Vec<Vec<f64>> {
    (0..game.player_count())
        .map(|p| {
            let values = game.action_values(sigma, p);
            let top = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = values.iter().map(|v| libm::exp(lambda * (v - top))).collect();
            let total: f64 = weights.iter().sum();
            weights.iter().map(|w| w / total).collect()
        })
        .collect()
}

fn distance(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter().flatten().zip(b.iter().flatten()).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
}

/// Strategies from log-odds against each player's first action.
fn strategies(game: &NormalForm<f64>, z: &[f64]) -> Vec<Vec<f64>> {
    let mut at = 0;
    game.actions()
        .iter()
        .map(|&n| {
            let logits: Vec<f64> = std::iter::once(0.0).chain(z[at..at + n - 1].iter().copied()).collect();
            at += n - 1;
            let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let w: Vec<f64> = logits.iter().map(|l| libm::exp(l - top)).collect();
            let total: f64 = w.iter().sum();
            w.iter().map(|x| x / total).collect()
        })
        .collect()
}

/// The QRE conditions in log-odds: z_pa − λ (v_pa − v_p0) = 0 for every player p and action a ≥ 1.
fn conditions(game: &NormalForm<f64>, z: &[f64], lambda: f64) -> Vec<f64> {
    let sigma = strategies(game, z);
    let mut out = Vec::with_capacity(z.len());
    for p in 0..game.player_count() {
        let v = game.action_values(&sigma, p);
        for a in 1..v.len() {
            out.push(z[out.len()] - lambda * (v[a] - v[0]));
        }
    }
    out
}

/// Solve `j · x = b` by Gaussian elimination with partial pivoting.
fn linear_solve(mut j: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let pivot = (c..n).max_by(|&x, &y| j[x][c].abs().total_cmp(&j[y][c].abs()))?;
        if j[pivot][c].abs() < 1e-300 {
            return None;
        }
        j.swap(c, pivot);
        b.swap(c, pivot);
        let (top, rest) = j.split_at_mut(c + 1);
        let pivot_row = &top[c];
        for (r, row) in rest.iter_mut().enumerate() {
            let f = row[c] / pivot_row[c];
            for (x, p) in row[c..].iter_mut().zip(&pivot_row[c..]) {
                *x -= f * p;
            }
            b[c + 1 + r] -= f * b[c];
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        x[r] = (b[r] - (r + 1..n).map(|k| j[r][k] * x[k]).sum::<f64>()) / j[r][r];
    }
    Some(x)
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x.abs()).fold(0.0, f64::max)
}

/// Newton's method on the log-odds conditions, from `z`.
fn newton(game: &NormalForm<f64>, z: &[f64], lambda: f64) -> Option<Vec<f64>> {
    let mut z = z.to_vec();
    for _ in 0..60 {
        let f = conditions(game, &z, lambda);
        if norm(&f) < 1e-11 {
            return Some(z);
        }
        let h = 1e-7;
        let mut columns = Vec::with_capacity(z.len());
        for k in 0..z.len() {
            let mut moved = z.clone();
            moved[k] += h;
            let g = conditions(game, &moved, lambda);
            columns.push(g.iter().zip(&f).map(|(a, b)| (a - b) / h).collect::<Vec<f64>>());
        }
        let jacobian: Vec<Vec<f64>> = (0..z.len()).map(|r| columns.iter().map(|c| c[r]).collect()).collect();
        let step = linear_solve(jacobian, f.iter().map(|x| -x).collect())?;
        let mut t = 1.0;
        loop {
            let trial: Vec<f64> = z.iter().zip(&step).map(|(a, b)| a + t * b).collect();
            if norm(&conditions(game, &trial, lambda)) < norm(&f) || t < 1e-4 {
                z = trial;
                break;
            }
            t /= 2.0;
        }
    }
    (norm(&conditions(game, &z, lambda)) < 1e-9).then_some(z)
}

/// The logit QRE at each of `lambdas` (increasing), along the principal branch: Newton's method
/// on the log-odds conditions, continued in small steps of λ from the uniform profile at λ = 0.
pub fn path(game: &NormalForm<f64>, lambdas: &[f64]) -> Result<Vec<QrePoint>, SolveError> {
    let size: usize = game.actions().iter().map(|n| n - 1).sum();
    let mut z = vec![0.0; size];
    let mut at = 0.0;
    let mut out = Vec::new();
    for &target in lambdas {
        let mut step: f64 = 0.25;
        while at < target {
            let next = (at + step).min(target);
            match newton(game, &z, next) {
                Some(found) => {
                    z = found;
                    at = next;
                    step = (step * 1.5).min(5.0);
                }
                None if step > 1e-6 => step /= 4.0,
                None => {
                    return Err(SolveError::PathLost {
                        lambda: next,
                        reason: "Newton's method did not converge".into(),
                    });
                }
            }
        }
        let sigma = strategies(game, &z);
        let residual = distance(&response(game, &sigma, target), &sigma);
        out.push(QrePoint { lambda: target, strategies: sigma, residual });
    }
    Ok(out)
}

/// The logit QRE at one `lambda`.
pub fn at(game: &NormalForm<f64>, lambda: f64) -> Result<QrePoint, SolveError> {
    Ok(path(game, &[lambda])?.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bimatrix(a: [[f64; 2]; 2], b: [[f64; 2]; 2]) -> NormalForm<f64> {
        let payoffs = (0..4).map(|k| {
            let (i, j) = (k % 2, k / 2);
            vec![a[i][j], b[i][j]]
        });
        NormalForm::new(
            String::new(),
            vec!["row".into(), "col".into()],
            vec![vec!["1".into(), "2".into()]; 2],
            payoffs.collect(),
        )
        .unwrap()
    }

    #[test]
    fn probabilities_sum_to_one_and_lambda_zero_is_uniform() {
        let g = bimatrix([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]);
        let p = at(&g, 0.0).unwrap();
        assert_eq!(p.strategies, vec![vec![0.5, 0.5]; 2]);
        for point in path(&g, &[0.5, 1.0, 5.0, 20.0]).unwrap() {
            for s in &point.strategies {
                assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            }
            assert!(point.residual < 1e-9);
        }
    }

    #[test]
    fn a_fixed_point_of_the_logit_response() {
        let g = bimatrix([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]);
        let p = at(&g, 3.0).unwrap();
        let r = response(&g, &p.strategies, 3.0);
        assert!(distance(&r, &p.strategies) < 1e-9);
    }

    #[test]
    fn large_lambda_approaches_nash() {
        // The prisoner's dilemma: defection (action 2) as λ grows.
        let pd = bimatrix([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]);
        let p = at(&pd, 30.0).unwrap();
        assert!(p.strategies[0][1] > 0.999 && p.strategies[1][1] > 0.999);
        // Matching pennies stays at one half whatever λ.
        let mp = bimatrix([[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]);
        let p = at(&mp, 50.0).unwrap();
        assert!((p.strategies[0][0] - 0.5).abs() < 1e-6);
        // An asymmetric matching pennies (row wins 9 on (1,1)): the QRE approaches the Nash
        // mix, in which the column player plays its first action with probability 1/10 ... and
        // the row player mixes 1/2 by the column player's indifference.
        let amp = bimatrix([[9.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]);
        let p = at(&amp, 200.0).unwrap();
        assert!((p.strategies[1][0] - 0.1).abs() < 0.02, "{:?}", p.strategies);
        assert!((p.strategies[0][0] - 0.5).abs() < 0.02, "{:?}", p.strategies);
    }
}
