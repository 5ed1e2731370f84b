//! One Nash equilibrium of a bimatrix game by the Lemke–Howson algorithm (Lemke & Howson 1964).
//!
//! Complementary pivoting on the two best-response polytopes `P = {x ≥ 0 : Bᵀx ≤ 1}` and
//! `Q = {y ≥ 0 : Ay ≤ 1}` (payoffs shifted positive), starting at the artificial equilibrium
//! `(0, 0)`: drop the starting label `k` (row `k` if `k < m`, else column `k − m`) in one
//! polytope; each pivot picks up a label, which is then dropped in the other polytope; the path
//! ends when the label picked up is `k` itself. The exposition follows von Stengel (2002),
//! "Computing equilibria for two-person games", §3.
//!
//! Degenerate games are handled by the lexicographic minimum-ratio rule, which makes every
//! pivot unique and the path finite (von Stengel 2002, §3.7).
//!
//! The path is followed in doubles, on payoffs rescaled to `[1, 2]`: that is what makes large
//! games fast. Its end is then made exact: the final bases say which strategies are played and
//! which best replies are tight, and that square linear system is solved in rationals
//! ([`crate::tableau::solve_ones`]), so the answer is a vertex pair of the exact polytopes. It is
//! accepted only if it is exactly completely labelled, which proves it is an equilibrium.
//! Should rounding ever mislead the double path (a wrong basis, or a basis visited twice, which
//! the lexicographic rule rules out in exact arithmetic), the path is recomputed with exact
//! integer pivoting (see [`crate::tableau`]), which is slow on large games but always right.

use std::collections::BTreeSet;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use crate::bimatrix::Bimatrix;
use crate::equilibrium::Equilibrium;
use crate::error::SolveError;
use crate::number::Number;
use crate::rational::Rational;
use crate::tableau::{Entry, Overflow, Tableau, positive_integers, solve_ones};

/// One Nash equilibrium, reached by the Lemke–Howson path that drops `label`.
///
/// Labels `0..rows` are the row player's actions, `rows..rows + cols` the column player's.
/// Different labels may lead to different equilibria; every one is an extreme equilibrium, so
/// it is in [`all_equilibria`](crate::all_equilibria)'s answer.
///
/// With `T = Rational` the answer is exact; with `T = f64` it is the double path's end point
/// if that is an equilibrium within [`Number::tolerance`], else the exact one in doubles.
/// Either way the pivoting is in doubles unless rounding goes wrong: a random 200×200 game
/// takes about 0.1 s (see `BENCHMARKS.md`).
///
/// ```
/// use statecraft_games::{lemke_howson, Bimatrix};
/// let game = Bimatrix::new(2, 2, vec![3.0, 0.0, 0.0, 2.0], vec![2.0, 0.0, 0.0, 3.0]);
/// let eq = lemke_howson(&game, 0).unwrap();
/// assert_eq!(eq.row(), &[1.0, 0.0]);
/// assert!(game.is_equilibrium(eq.row(), eq.col()));
/// ```
pub fn lemke_howson<T: Number>(game: &Bimatrix<T>, label: usize) -> Result<Equilibrium<T>, SolveError> {
    let (m, n) = (game.rows(), game.cols());
    if label >= m + n {
        return Err(SolveError::LabelOutOfRange { label, labels: m + n });
    }
    let doubles = game.to_f64();
    let float = follow_path::<f64>(m, n, unit_scaled(doubles.row_payoffs()), unit_scaled(doubles.col_payoffs()), label);
    if let (Ok(end), false) = (&float, T::EXACT) {
        let to_t = |v: Vec<f64>| {
            v.into_iter().map(|p| T::from_rational(&Rational::from_f64(p).unwrap_or_default())).collect::<Vec<T>>()
        };
        let (x, y) = (to_t(normalise_f64(&end.x)), to_t(normalise_f64(&end.y)));
        if game.is_equilibrium(&x, &y) {
            return Ok(game.profile(x, y));
        }
    }
    let exact = game.to_exact();
    let a = positive_integers(exact.row_payoffs());
    let b = positive_integers(exact.col_payoffs());
    let recovered = float.ok().and_then(|end| exact_end(m, n, &a, &b, &end));
    let (x, y) = match recovered {
        Some(found) => found,
        None => exact_path::<i64>(m, n, &a, &b, label)
            .or_else(|Overflow| exact_path::<BigInt>(m, n, &a, &b, label))
            .expect("big integers do not overflow"),
    };
    Ok(sparse_profile(game, &normalise(&x), &normalise(&y)))
}

/// Where a path ended: the (unnormalised) points of `P` and `Q` and the bases that hold them.
struct End {
    x: Vec<Rational>,
    y: Vec<Rational>,
    p_basis: Vec<usize>,
    q_basis: Vec<usize>,
}

fn exact_path<E: Entry>(
    m: usize,
    n: usize,
    a: &[BigInt],
    b: &[BigInt],
    label: usize,
) -> Result<(Vec<Rational>, Vec<Rational>), Overflow> {
    let convert = |v: &[BigInt]| v.iter().map(E::from_integer).collect::<Result<Vec<E>, Overflow>>();
    match follow_path::<E>(m, n, convert(a)?, convert(b)?, label) {
        Ok(end) => Ok((end.x, end.y)),
        Err(PathError::Overflow) => Err(Overflow),
        Err(PathError::Revisited) => unreachable!("exact lexicographic pivoting never revisits a basis"),
    }
}

enum PathError {
    Overflow,
    /// The path came back to a pair of bases it had left: only rounding can do that.
    Revisited,
}

impl From<Overflow> for PathError {
    fn from(_: Overflow) -> Self {
        PathError::Overflow
    }
}

/// Follows the path from the artificial equilibrium. `a` and `b` are positive, `m × n`,
/// row-major.
fn follow_path<E: Entry>(m: usize, n: usize, a: Vec<E>, b: Vec<E>, label: usize) -> Result<End, PathError> {
    // P: constraints Bᵀx ≤ 1 (n rows), coordinates x (m); variable v has label v.
    let p_matrix = (0..n).flat_map(|j| (0..m).map(move |i| (i, j))).map(|(i, j)| b[i * n + j].clone()).collect();
    // Q: constraints Ay ≤ 1 (m rows), coordinates y (n); y_j has label m + j, slack i label i.
    let mut sides = [
        Side { tableau: Tableau::new(n, m, p_matrix), first_label: 0, dimension: m },
        Side { tableau: Tableau::new(m, n, a), first_label: m, dimension: n },
    ];
    let total = m + n;
    // The variable of a label: in P it is the label itself; in Q, labels m.. are y, 0..m slacks.
    let mut side = usize::from(label >= m);
    let mut entering = sides[side].variable_of(label, total);
    let mut key = (0..2).fold(0, |k, s| sides[s].tableau.basis().iter().fold(k, |k, &v| k ^ zobrist(s, v)));
    let mut visited = BTreeSet::new();
    loop {
        let here = &mut sides[side];
        let candidates = here.tableau.min_ratio_rows(entering)?;
        // The polytopes are bounded, so some row always blocks.
        let slacks = here.dimension..here.tableau.variables();
        let row = here.tableau.lexicographic_row(&candidates, entering, slacks)?;
        let leaving = here.tableau.basis()[row];
        here.tableau.pivot(row, entering)?;
        let picked_up = here.label_of(leaving, total);
        if picked_up == label {
            let [p, q] = &sides;
            return Ok(End {
                x: p.tableau.values()[..m].to_vec(),
                y: q.tableau.values()[..n].to_vec(),
                p_basis: p.tableau.basis().to_vec(),
                q_basis: q.tableau.basis().to_vec(),
            });
        }
        key ^= zobrist(side, leaving) ^ zobrist(side, entering);
        if !visited.insert(key) {
            return Err(PathError::Revisited);
        }
        side = 1 - side;
        entering = sides[side].variable_of(picked_up, total);
    }
}

/// A Zobrist key for variable `v` of side `side`: the pair of bases is identified by the XOR
/// of its variables' keys, updated in O(1) per pivot (distinct pairs collide with probability
/// about 2⁻⁶⁴; a collision would only send the game to the exact path).
fn zobrist(side: usize, v: usize) -> u64 {
    // SplitMix64 (Steele, Lea & Flood 2014) of the variable's index.
    let mut z = ((v as u64) << 1 | side as u64).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One polytope on the path. Its coordinates carry labels `first_label..first_label+dimension`
/// (mod `m + n`), its slacks the following ones.
struct Side<E> {
    tableau: Tableau<E>,
    first_label: usize,
    dimension: usize,
}

impl<E: Entry> Side<E> {
    fn label_of(&self, variable: usize, total: usize) -> usize {
        (variable + self.first_label) % total
    }

    fn variable_of(&self, label: usize, total: usize) -> usize {
        (label + total - self.first_label) % total
    }
}

/// A vertex of `{z ≥ 0 : M z ≤ 1}` (`M` positive, `rows × dimension`) from a basis, exactly:
/// the basic coordinates solve the tight rows (those whose slack is not basic) with equality.
/// Returns the coordinates' numerators over a common positive denominator, and which rows are
/// tight; `None` if the basis is singular or its point infeasible.
fn exact_vertex(
    rows: usize,
    dimension: usize,
    matrix: impl Fn(usize, usize) -> BigInt,
    basis: &[usize],
) -> Option<(Vec<BigInt>, Vec<bool>)> {
    let columns: Vec<usize> = basis.iter().copied().filter(|&v| v < dimension).collect();
    let tight: Vec<usize> = (0..rows).filter(|&r| !basis.contains(&(dimension + r))).collect();
    if columns.len() != tight.len() {
        return None;
    }
    let k = columns.len();
    let system: Vec<BigInt> =
        tight.iter().flat_map(|&r| columns.iter().map(|&c| matrix(r, c)).collect::<Vec<_>>()).collect();
    let (solution, denominator) = solve_ones(k, &system)?;
    if solution.iter().any(Signed::is_negative) {
        return None;
    }
    let mut z = vec![BigInt::from(0); dimension];
    for (&c, v) in columns.iter().zip(solution) {
        z[c] = v;
    }
    let support: Vec<usize> = (0..dimension).filter(|&c| !z[c].is_zero()).collect();
    let mut is_tight = vec![false; rows];
    for (r, t) in is_tight.iter_mut().enumerate() {
        let load: BigInt = support.iter().map(|&c| matrix(r, c) * &z[c]).sum();
        if load > denominator {
            return None;
        }
        *t = load == denominator;
    }
    Some((z, is_tight))
}

/// The exact equilibrium at the bases where the double path ended, if those bases really are
/// a completely labelled pair of vertices of the exact polytopes.
fn exact_end(m: usize, n: usize, a: &[BigInt], b: &[BigInt], end: &End) -> Option<(Vec<Rational>, Vec<Rational>)> {
    let (x, best_columns) = exact_vertex(n, m, |j, i| b[i * n + j].clone(), &end.p_basis)?;
    let (y, best_rows) = exact_vertex(m, n, |i, j| a[i * n + j].clone(), &end.q_basis)?;
    let labelled = (0..m).all(|i| x[i].is_zero() || best_rows[i]) && (0..n).all(|j| y[j].is_zero() || best_columns[j]);
    let nonzero = |z: &[BigInt]| z.iter().any(|v| !v.is_zero());
    let fraction = |z: Vec<BigInt>| z.into_iter().map(|v| Rational(BigRational::from_integer(v))).collect();
    (labelled && nonzero(&x) && nonzero(&y)).then(|| (fraction(x), fraction(y)))
}

/// The profile with its payoffs, summing over the supports only (exact payoffs of large games
/// are long fractions; most of the products would be by zero).
fn sparse_profile<T: Number>(game: &Bimatrix<T>, x: &[Rational], y: &[Rational]) -> Equilibrium<T> {
    let support = |z: &[Rational]| (0..z.len()).filter(|&k| !z[k].is_zero()).collect::<Vec<_>>();
    let (sx, sy) = (support(x), support(y));
    let (xt, yt): (Vec<T>, Vec<T>) =
        (x.iter().map(T::from_rational).collect(), y.iter().map(T::from_rational).collect());
    let row_payoff = sx.iter().fold(T::zero(), |u, &i| {
        u + xt[i].clone() * sy.iter().fold(T::zero(), |s, &j| s + game.a(i, j).clone() * yt[j].clone())
    });
    let col_payoff = sy.iter().fold(T::zero(), |v, &j| {
        v + yt[j].clone() * sx.iter().fold(T::zero(), |s, &i| s + game.b(i, j).clone() * xt[i].clone())
    });
    Equilibrium { strategies: vec![xt, yt], payoffs: vec![row_payoff, col_payoff] }
}

/// Payoffs mapped affinely onto `[1, 2]`: positive, as the polytopes need, and well scaled for
/// doubles. A constant matrix becomes all ones.
fn unit_scaled(payoffs: &[f64]) -> Vec<f64> {
    let low = payoffs.iter().copied().fold(f64::INFINITY, f64::min);
    let high = payoffs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if high > low { high - low } else { 1.0 };
    payoffs.iter().map(|v| 1.0 + (v - low) / span).collect()
}

fn normalise(values: &[Rational]) -> Vec<Rational> {
    let total: Rational = values.iter().cloned().sum();
    values.iter().map(|v| v.clone() / total.clone()).collect()
}

/// Doubles to a probability vector: rounding noise below zero is clipped, then rescaled.
fn normalise_f64(values: &[Rational]) -> Vec<f64> {
    let clipped: Vec<f64> = values.iter().map(|v| v.to_f64().max(0.0)).collect();
    let total: f64 = clipped.iter().sum();
    clipped.iter().map(|v| v / total).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enumeration::all_equilibria;

    fn bos() -> Bimatrix<f64> {
        Bimatrix::new(2, 2, vec![3.0, 0.0, 0.0, 2.0], vec![2.0, 0.0, 0.0, 3.0])
    }

    #[test]
    fn every_label_reaches_an_equilibrium_of_the_battle_of_the_sexes() {
        let game = bos();
        for label in 0..4 {
            let eq = lemke_howson(&game, label).unwrap();
            assert!(game.is_equilibrium(eq.row(), eq.col()), "label {label}: {eq:?}");
            assert!(eq.as_pure().is_some(), "from the artificial equilibrium LH reaches a pure one here");
        }
    }

    #[test]
    fn rejects_labels_out_of_range() {
        assert_eq!(lemke_howson(&bos(), 4).unwrap_err(), SolveError::LabelOutOfRange { label: 4, labels: 4 });
    }

    #[test]
    fn exact_and_double_paths_agree() {
        let game = Bimatrix::new(
            3,
            3,
            vec![3.0, 3.0, 0.0, 4.0, 0.0, 1.0, 0.0, 4.0, 5.0],
            vec![3.0, 4.0, 0.0, 3.0, 0.0, 4.0, 0.0, 1.0, 5.0],
        );
        let exact = game.to_exact();
        let all = all_equilibria(&exact);
        for label in 0..6 {
            let float = lemke_howson(&game, label).unwrap();
            let rational = lemke_howson(&exact, label).unwrap();
            assert!(float.distance(&rational.to_f64()) < 1e-12, "label {label}");
            assert!(all.profiles.iter().any(|p| p.same_point(&rational)), "label {label}: {rational:?} not in {all:?}");
        }
    }

    fn random_game(m: usize, n: usize, values: u32, seed: u64) -> Bimatrix<Rational> {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
        let mut draw = |_| Rational::integer(i64::from(rng.random_range(0..values)));
        let a = (0..m * n).map(&mut draw).collect();
        let b = (0..m * n).map(&mut draw).collect();
        Bimatrix::new(m, n, a, b)
    }

    #[test]
    fn the_double_path_ends_where_the_exact_path_does() {
        // Payoffs from a million values: nondegenerate, so every label's path is unique.
        for seed in 0..6 {
            let game = random_game(12, 9, 1_000_000, seed);
            let a = positive_integers(game.row_payoffs());
            let b = positive_integers(game.col_payoffs());
            for label in 0..21 {
                let fast = lemke_howson(&game, label).unwrap();
                let (x, y) = exact_path::<BigInt>(12, 9, &a, &b, label).unwrap();
                assert_eq!(fast.strategies, vec![normalise(&x), normalise(&y)], "seed {seed} label {label}");
                assert_eq!(fast, game.profile(normalise(&x), normalise(&y)));
            }
        }
    }

    #[test]
    fn large_degenerate_games_end_at_exact_equilibria() {
        // Payoffs 0 or 1: ties everywhere.
        for seed in 0..3 {
            let game = random_game(25, 30, 2, seed);
            for label in [0, 7, 24, 25, 54] {
                let exact = lemke_howson(&game, label).unwrap();
                assert!(game.is_equilibrium(exact.row(), exact.col()), "seed {seed} label {label}");
                let doubles = lemke_howson(&game.to_f64(), label).unwrap();
                assert!(game.to_f64().is_equilibrium(doubles.row(), doubles.col()));
            }
        }
        let zeros = Bimatrix::new(40, 40, vec![Rational::integer(0); 1600], vec![Rational::integer(0); 1600]);
        let e = lemke_howson(&zeros, 3).unwrap();
        assert!(zeros.is_equilibrium(e.row(), e.col()));
    }

    #[test]
    fn zobrist_keys_differ() {
        let keys: BTreeSet<u64> = (0..2).flat_map(|s| (0..1000).map(move |v| zobrist(s, v))).collect();
        assert_eq!(keys.len(), 2000);
    }

    #[test]
    fn degenerate_games_do_not_cycle() {
        // Every payoff ties: maximally degenerate.
        let game = Bimatrix::new(3, 3, vec![1.0; 9], vec![1.0; 9]);
        for label in 0..6 {
            let eq = lemke_howson(&game, label).unwrap();
            assert!(game.is_equilibrium(eq.row(), eq.col()));
        }
        let exact = Bimatrix::new(
            2,
            3,
            [1, 1, 0, 0, 2, 2].map(Rational::integer).to_vec(),
            [1, 1, 1, 0, 2, 2].map(Rational::integer).to_vec(),
        );
        for label in 0..5 {
            let eq = lemke_howson(&exact, label).unwrap();
            assert!(exact.is_equilibrium(eq.row(), eq.col()));
        }
    }
}
