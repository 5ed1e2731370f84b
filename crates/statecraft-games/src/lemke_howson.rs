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
//! pivot unique and the path finite (von Stengel 2002, §3.7). Exact games pivot on integers
//! (see [`crate::tableau`]); `f64` games pivot in doubles on payoffs rescaled to `[1, 2]` and
//! the answer is checked: if rounding spoilt it, the path is recomputed exactly.

use num_bigint::BigInt;

use crate::bimatrix::Bimatrix;
use crate::equilibrium::Equilibrium;
use crate::error::SolveError;
use crate::number::Number;
use crate::rational::Rational;
use crate::tableau::{Entry, Overflow, Tableau, positive_integers};

/// Pivots a double-precision path may take before it is declared lost to rounding.
const FLOAT_PIVOT_LIMIT: usize = 1_000_000;

/// One Nash equilibrium, reached by the Lemke–Howson path that drops `label`.
///
/// Labels `0..rows` are the row player's actions, `rows..rows + cols` the column player's.
/// Different labels may lead to different equilibria; every one is in
/// [`all_equilibria`](crate::all_equilibria)'s answer for a nondegenerate game.
///
/// With `T = f64` the pivoting is in doubles (fast: a 200×200 game takes milliseconds) and the
/// result is verified to be an equilibrium within [`Number::tolerance`]; with
/// `T = Rational` it is exact.
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
    if !T::EXACT {
        let doubles = game.to_f64();
        if let Ok((x, y)) = follow_path::<f64>(
            m,
            n,
            unit_scaled(doubles.row_payoffs()),
            unit_scaled(doubles.col_payoffs()),
            label,
            FLOAT_PIVOT_LIMIT,
        ) {
            let to_t = |v: Vec<f64>| {
                v.into_iter().map(|p| T::from_rational(&Rational::from_f64(p).unwrap_or_default())).collect::<Vec<T>>()
            };
            let (x, y) = (to_t(normalise_f64(&x)), to_t(normalise_f64(&y)));
            if game.is_equilibrium(&x, &y) {
                return Ok(game.profile(x, y));
            }
        }
        eprintln!("FALLBACK");
        // Rounding spoilt the path (or the answer): recompute exactly.
    }
    let exact = game.to_exact();
    let a = positive_integers(exact.row_payoffs());
    let b = positive_integers(exact.col_payoffs());
    let (x, y) = exact_path::<i64>(m, n, &a, &b, label)
        .or_else(|Overflow| exact_path::<BigInt>(m, n, &a, &b, label))
        .expect("big integers do not overflow");
    let to_t = |v: &[Rational]| normalise(v).iter().map(T::from_rational).collect::<Vec<T>>();
    Ok(game.profile(to_t(&x), to_t(&y)))
}

fn exact_path<E: Entry>(
    m: usize,
    n: usize,
    a: &[BigInt],
    b: &[BigInt],
    label: usize,
) -> Result<(Vec<Rational>, Vec<Rational>), Overflow> {
    let convert = |v: &[BigInt]| v.iter().map(E::from_integer).collect::<Result<Vec<E>, Overflow>>();
    match follow_path::<E>(m, n, convert(a)?, convert(b)?, label, usize::MAX) {
        Ok((x, y)) => Ok((x, y)),
        Err(PathError::Overflow) => Err(Overflow),
        Err(PathError::PivotLimit) => unreachable!("exact paths have no pivot limit"),
    }
}

pub static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
enum PathError {
    Overflow,
    PivotLimit,
}

impl From<Overflow> for PathError {
    fn from(_: Overflow) -> Self {
        PathError::Overflow
    }
}

/// Follows the path; returns the unnormalised end points `x ∈ P`, `y ∈ Q` as fractions.
/// `a` and `b` are positive, `m × n`, row-major.
fn follow_path<E: Entry>(
    m: usize,
    n: usize,
    a: Vec<E>,
    b: Vec<E>,
    label: usize,
    pivot_limit: usize,
) -> Result<(Vec<Rational>, Vec<Rational>), PathError> {
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
    for _ in 0..pivot_limit {
        let here = &mut sides[side];
        let candidates = here.tableau.min_ratio_rows(entering)?;
        // The polytopes are bounded, so some row always blocks.
        let slacks = here.dimension..here.tableau.variables();
        let row = here.tableau.lexicographic_row(&candidates, entering, slacks)?;
        let leaving = here.tableau.basis()[row];
        here.tableau.pivot(row, entering)?;
        let picked_up = here.label_of(leaving, total);
        COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if picked_up == label {
            let x = sides[0].tableau.values()[..m].to_vec();
            let y = sides[1].tableau.values()[..n].to_vec();
            return Ok((x, y));
        }
        side = 1 - side;
        entering = sides[side].variable_of(picked_up, total);
    }
    Err(PathError::PivotLimit)
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
