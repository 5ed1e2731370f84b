//! Learning in repeated play of a bimatrix game: fictitious play (Brown 1951) and regret
//! matching (Hart & Mas-Colell 2000). Both are deterministic here: fictitious play breaks ties
//! to the lowest action; regret matching updates regrets with expected payoffs of its mixed
//! strategy rather than sampled ones.

use crate::bimatrix::Bimatrix;

fn best(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > values[best] {
            best = i;
        }
    }
    best
}

fn frequencies(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().sum();
    counts.iter().map(|c| c / total).collect()
}

/// Each round both players best-respond to the empirical mix of the other's past play. Returns
/// the empirical mixes after `rounds` rounds (in zero-sum games they converge to equilibrium,
/// Robinson 1951).
pub fn fictitious_play(game: &Bimatrix<f64>, rounds: usize) -> (Vec<f64>, Vec<f64>) {
    let (m, n) = (game.rows(), game.cols());
    let (mut row_counts, mut col_counts) = (vec![0.0; m], vec![0.0; n]);
    let (mut i, mut j) = (0, 0);
    for _ in 0..rounds.max(1) {
        row_counts[i] += 1.0;
        col_counts[j] += 1.0;
        let (x, y) = (frequencies(&row_counts), frequencies(&col_counts));
        i = best(&game.row_values(&y));
        j = best(&game.col_values(&x));
    }
    (frequencies(&row_counts), frequencies(&col_counts))
}

fn matching(regrets: &[f64]) -> Vec<f64> {
    let positive: f64 = regrets.iter().map(|r| r.max(0.0)).sum();
    if positive > 0.0 {
        regrets.iter().map(|r| r.max(0.0) / positive).collect()
    } else {
        vec![1.0 / regrets.len() as f64; regrets.len()]
    }
}

/// Both players play in proportion to their positive cumulative regrets. Returns the average
/// strategies over `rounds` rounds, which converge to the set of coarse correlated equilibria,
/// and in two-player zero-sum games to Nash equilibrium.
pub fn regret_matching(game: &Bimatrix<f64>, rounds: usize) -> (Vec<f64>, Vec<f64>) {
    let (m, n) = (game.rows(), game.cols());
    let (mut row_regret, mut col_regret) = (vec![0.0; m], vec![0.0; n]);
    let (mut row_sum, mut col_sum) = (vec![0.0; m], vec![0.0; n]);
    // Start from a pure profile so the dynamics are not stuck at a symmetric point.
    row_regret[0] = 1.0;
    for _ in 0..rounds.max(1) {
        let (x, y) = (matching(&row_regret), matching(&col_regret));
        let (row_values, col_values) = (game.row_values(&y), game.col_values(&x));
        let (u, v) = game.payoffs(&x, &y);
        for (r, value) in row_regret.iter_mut().zip(&row_values) {
            *r += value - u;
        }
        for (r, value) in col_regret.iter_mut().zip(&col_values) {
            *r += value - v;
        }
        row_sum.iter_mut().zip(&x).for_each(|(s, p)| *s += p);
        col_sum.iter_mut().zip(&y).for_each(|(s, p)| *s += p);
    }
    (frequencies(&row_sum), frequencies(&col_sum))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rps() -> Bimatrix<f64> {
        let a = vec![0.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.0];
        Bimatrix::zero_sum(3, 3, a).unwrap()
    }

    #[test]
    fn fictitious_play_finds_the_mix_of_zero_sum_games() {
        let (x, y) = fictitious_play(&rps(), 20_000);
        for p in x.iter().chain(&y) {
            assert!((p - 1.0 / 3.0).abs() < 0.02, "{x:?} {y:?}");
        }
        // In the prisoner's dilemma it settles on defection at once.
        let pd = Bimatrix::new(2, 2, vec![3.0, 0.0, 5.0, 1.0], vec![3.0, 5.0, 0.0, 1.0]);
        let (x, _) = fictitious_play(&pd, 100);
        assert!(x[1] > 0.98);
    }

    #[test]
    fn regret_matching_averages_to_the_equilibrium_of_zero_sum_games() {
        let (x, y) = regret_matching(&rps(), 20_000);
        for p in x.iter().chain(&y) {
            assert!((p - 1.0 / 3.0).abs() < 0.02, "{x:?} {y:?}");
        }
        let mp = Bimatrix::zero_sum(2, 2, vec![1.0, -1.0, -1.0, 1.0]).unwrap();
        let (x, _) = regret_matching(&mp, 20_000);
        assert!((x[0] - 0.5).abs() < 0.02, "{x:?}");
    }
}
