//! Two-player normal-form games of any size: a payoff matrix for each player.

use serde::{Deserialize, Serialize};

use crate::equilibrium::Equilibrium;
use crate::error::GameError;
use crate::number::Number;
use crate::rational::Rational;

/// A two-player game in strategic form. The row player picks a row `i`, the column player a
/// column `j`; the row player gets `A[i][j]`, the column player `B[i][j]`.
///
/// Payoffs are stored row-major (`a[i * cols + j]`). `T` is `f64` (the default) or
/// [`Rational`] for exact answers.
///
/// ```
/// use statecraft_games::Bimatrix;
/// // Prisoner's dilemma: cooperate = 0, defect = 1.
/// let game = Bimatrix::new(2, 2, vec![3.0, 0.0, 5.0, 1.0], vec![3.0, 5.0, 0.0, 1.0]);
/// assert_eq!(game.pure_equilibria(), vec![(1, 1)]);
/// assert!(game.is_pure_equilibrium(1, 1));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BimatrixFields<T>", bound(deserialize = "T: Number + Deserialize<'de>"))]
pub struct Bimatrix<T = f64> {
    rows: usize,
    cols: usize,
    /// The row player's payoffs, row-major.
    a: Vec<T>,
    /// The column player's payoffs, row-major.
    b: Vec<T>,
}

/// What serde reads before [`Bimatrix::try_new`] checks it.
#[derive(Deserialize)]
struct BimatrixFields<T> {
    rows: usize,
    cols: usize,
    a: Vec<T>,
    b: Vec<T>,
}

impl<T: Number> TryFrom<BimatrixFields<T>> for Bimatrix<T> {
    type Error = GameError;
    fn try_from(f: BimatrixFields<T>) -> Result<Self, GameError> {
        Bimatrix::try_new(f.rows, f.cols, f.a, f.b)
    }
}

impl<T: Number> Bimatrix<T> {
    /// A game from row-major payoff vectors (`a` for the row player, `b` for the column player).
    ///
    /// # Panics
    /// If a vector does not hold `rows * cols` payoffs, a dimension is zero, or a payoff is not
    /// finite (as a double): for games written in code. Use [`Bimatrix::try_new`]
    /// for anything computed or read.
    pub fn new(rows: usize, cols: usize, a: Vec<T>, b: Vec<T>) -> Self {
        match Self::try_new(rows, cols, a, b) {
            Ok(game) => game,
            Err(error) => panic!("Bimatrix::new: {error}"),
        }
    }

    /// Like [`Bimatrix::new`], but reports a malformed game instead of panicking. Every game
    /// has payoffs that are finite as doubles, so its conversions to doubles and to fractions
    /// ([`Bimatrix::to_f64`], [`Bimatrix::to_exact`]) cannot fail.
    pub fn try_new(rows: usize, cols: usize, a: Vec<T>, b: Vec<T>) -> Result<Self, GameError> {
        if rows == 0 || cols == 0 {
            return Err(GameError::NoActions);
        }
        for (what, payoffs) in [("the row player", &a), ("the column player", &b)] {
            if payoffs.len() != rows * cols {
                return Err(GameError::WrongPayoffCount {
                    what: what.to_string(),
                    expected: rows * cols,
                    found: payoffs.len(),
                });
            }
            // A fraction beyond the range of doubles would turn infinite in `to_f64`.
            if let Some(index) = payoffs.iter().position(|v| !v.is_finite() || !v.to_f64().is_finite()) {
                return Err(GameError::NotFinite { what: what.to_string(), index });
            }
        }
        Ok(Bimatrix { rows, cols, a, b })
    }

    /// A game from one `Vec` per row for each player.
    pub fn from_rows(a: Vec<Vec<T>>, b: Vec<Vec<T>>) -> Result<Self, GameError> {
        let rows = a.len();
        let cols = a.first().map_or(0, Vec::len);
        if let Some(bad) = a.iter().chain(&b).find(|row| row.len() != cols) {
            return Err(GameError::WrongPayoffCount { what: "a row".into(), expected: cols, found: bad.len() });
        }
        Self::try_new(rows, cols, a.into_iter().flatten().collect(), b.into_iter().flatten().collect())
    }

    /// A zero-sum game: the column player gets `-A`.
    pub fn zero_sum(rows: usize, cols: usize, a: Vec<T>) -> Result<Self, GameError> {
        let b = a.iter().map(|v| -v.clone()).collect();
        Self::try_new(rows, cols, a, b)
    }

    /// A symmetric game: both players have the same `n` actions and `B = Aᵀ`.
    pub fn symmetric(n: usize, a: Vec<T>) -> Result<Self, GameError> {
        if a.len() != n * n {
            return Err(GameError::WrongPayoffCount { what: "the row player".into(), expected: n * n, found: a.len() });
        }
        let b = (0..n * n).map(|k| a[(k % n) * n + k / n].clone()).collect();
        Self::try_new(n, n, a, b)
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The row player's payoff matrix, row-major.
    pub fn row_payoffs(&self) -> &[T] {
        &self.a
    }

    /// The column player's payoff matrix, row-major.
    pub fn col_payoffs(&self) -> &[T] {
        &self.b
    }

    /// `A[i][j]`.
    pub fn a(&self, i: usize, j: usize) -> &T {
        &self.a[i * self.cols + j]
    }

    /// `B[i][j]`.
    pub fn b(&self, i: usize, j: usize) -> &T {
        &self.b[i * self.cols + j]
    }

    /// Whether `A + B = 0` everywhere.
    pub fn is_zero_sum(&self) -> bool {
        self.a.iter().zip(&self.b).all(|(x, y)| (x.clone() + y.clone()).is_negligible())
    }

    /// All pure-strategy equilibria `(row, col)`, in row-major order: each player's payoff a
    /// best reply to the other's move, as [`Number::is_best_reply`] judges it (exactly for
    /// fractions, within [`crate::number::BEST_REPLY_TOLERANCE`] for doubles).
    pub fn pure_equilibria(&self) -> Vec<(usize, usize)> {
        fn best<'a, T: PartialOrd>(values: impl Iterator<Item = &'a T>) -> Option<&'a T> {
            values.fold(None, |m, v| match m {
                Some(m) if m >= v => Some(m),
                _ => Some(v),
            })
        }
        let best_in_col: Vec<Option<&T>> = (0..self.cols).map(|j| best((0..self.rows).map(|i| self.a(i, j)))).collect();
        let best_in_row: Vec<Option<&T>> = (0..self.rows).map(|i| best((0..self.cols).map(|j| self.b(i, j)))).collect();
        let is_best = |value: &T, best: Option<&T>| best.is_none_or(|b| value.is_best_reply(b));
        (0..self.rows)
            .flat_map(|i| (0..self.cols).map(move |j| (i, j)))
            .filter(|&(i, j)| is_best(self.a(i, j), best_in_col[j]) && is_best(self.b(i, j), best_in_row[i]))
            .collect()
    }

    /// Whether `(row, col)` is a pure-strategy equilibrium: neither player gains by deviating
    /// alone, judged as in [`Bimatrix::pure_equilibria`]. False when a move is out of range.
    pub fn is_pure_equilibrium(&self, row: usize, col: usize) -> bool {
        row < self.rows
            && col < self.cols
            && (0..self.rows).all(|k| self.a(row, col).is_best_reply(self.a(k, col)))
            && (0..self.cols).all(|l| self.b(row, col).is_best_reply(self.b(row, l)))
    }

    /// The row player's expected payoff of each row against the column mix `y`: `A y`.
    pub fn row_values(&self, y: &[T]) -> Vec<T> {
        (0..self.rows).map(|i| T::dot(&self.a[i * self.cols..(i + 1) * self.cols], y)).collect()
    }

    /// The column player's expected payoff of each column against the row mix `x`: `xᵀ B`.
    pub fn col_values(&self, x: &[T]) -> Vec<T> {
        (0..self.cols)
            .map(|j| (0..self.rows).fold(T::zero(), |acc, i| acc + x[i].clone() * self.b(i, j).clone()))
            .collect()
    }

    /// Expected payoffs `(xᵀ A y, xᵀ B y)` of a mixed profile.
    pub fn payoffs(&self, x: &[T], y: &[T]) -> (T, T) {
        (T::dot(x, &self.row_values(y)), T::dot(y, &self.col_values(x)))
    }

    /// How much each player could gain by deviating to a best reply: `(max_i (Ay)_i − xᵀAy, …)`.
    /// Both are zero (within tolerance) exactly at an equilibrium.
    pub fn regrets(&self, x: &[T], y: &[T]) -> (T, T) {
        let row_values = self.row_values(y);
        let col_values = self.col_values(x);
        let regret = |values: &[T], mix: &[T]| {
            let best = values.iter().skip(1).fold(values[0].clone(), |m, v| if *v > m { v.clone() } else { m });
            best - T::dot(mix, values)
        };
        (regret(&row_values, x), regret(&col_values, y))
    }

    /// Whether `(x, y)` is a Nash equilibrium: both are probability vectors and neither player
    /// can gain more than [`Number::tolerance`] by deviating (exactly zero for rationals).
    pub fn is_equilibrium(&self, x: &[T], y: &[T]) -> bool {
        if x.len() != self.rows || y.len() != self.cols || !is_distribution(x) || !is_distribution(y) {
            return false;
        }
        let (r, c) = self.regrets(x, y);
        r.is_negligible() && c.is_negligible()
    }

    /// A profile with its payoffs, as solvers return it.
    pub fn profile(&self, x: Vec<T>, y: Vec<T>) -> Equilibrium<T> {
        let (u, v) = self.payoffs(&x, &y);
        Equilibrium { strategies: vec![x, y], payoffs: vec![u, v] }
    }

    /// The same game with the players' roles swapped (the column player becomes the row player).
    pub fn transpose(&self) -> Self {
        let t = |m: &[T]| {
            (0..self.rows * self.cols).map(|k| m[(k % self.rows) * self.cols + k / self.rows].clone()).collect()
        };
        Bimatrix { rows: self.cols, cols: self.rows, a: t(&self.b), b: t(&self.a) }
    }

    /// The game with every payoff converted by `f`, which must keep payoffs finite (the
    /// conversions below do).
    fn map<U: Number>(&self, f: impl Fn(&T) -> U) -> Bimatrix<U> {
        Bimatrix {
            rows: self.rows,
            cols: self.cols,
            a: self.a.iter().map(&f).collect(),
            b: self.b.iter().map(&f).collect(),
        }
    }

    /// The exact game: every payoff as the fraction it is (every finite double is one; a
    /// payoff that were not finite would read as 0, but no game holds one).
    pub fn to_exact(&self) -> Bimatrix<Rational> {
        self.map(|v| v.to_rational().unwrap_or_default())
    }

    /// The game in doubles (the nearest double of each payoff, finite by construction).
    pub fn to_f64(&self) -> Bimatrix<f64> {
        self.map(Number::to_f64)
    }
}

/// Whether `p` is a probability vector: non-negative entries summing to one (within tolerance).
pub fn is_distribution<T: Number>(p: &[T]) -> bool {
    !p.is_empty() && p.iter().all(|v| *v >= -T::tolerance()) && (T::sum_of(p) - T::one()).is_negligible()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn battle_of_the_sexes() -> Bimatrix {
        Bimatrix::new(2, 2, vec![3.0, 0.0, 0.0, 2.0], vec![2.0, 0.0, 0.0, 3.0])
    }

    #[test]
    fn finds_both_pure_equilibria_of_the_battle_of_the_sexes() {
        let game = battle_of_the_sexes();
        assert_eq!(game.pure_equilibria(), vec![(0, 0), (1, 1)]);
        assert!(!game.is_pure_equilibrium(0, 1));
        assert!(!game.is_pure_equilibrium(1, 0));
    }

    #[test]
    fn matching_pennies_has_no_pure_equilibrium() {
        let game = Bimatrix::zero_sum(2, 2, vec![1.0, -1.0, -1.0, 1.0]).unwrap();
        assert!(game.pure_equilibria().is_empty());
        assert!(game.is_zero_sum());
        assert!(game.is_equilibrium(&[0.5, 0.5], &[0.5, 0.5]));
        assert!(!game.is_equilibrium(&[0.6, 0.4], &[0.5, 0.5]));
    }

    #[test]
    fn weak_best_replies_count_as_equilibria() {
        // Every cell ties for both players.
        let game = Bimatrix::new(2, 3, vec![1.0; 6], vec![2.0; 6]);
        assert_eq!(game.pure_equilibria().len(), 6);
    }

    #[test]
    fn pure_equilibria_agree_with_the_pointwise_test_on_a_rectangular_game() {
        let a = vec![4.0, 1.0, 0.0, 2.0, 3.0, 5.0];
        let b = vec![1.0, 3.0, 2.0, 4.0, 0.0, 4.0];
        let game = Bimatrix::new(2, 3, a, b);
        let brute: Vec<(usize, usize)> =
            (0..2).flat_map(|i| (0..3).map(move |j| (i, j))).filter(|&(i, j)| game.is_pure_equilibrium(i, j)).collect();
        assert_eq!(game.pure_equilibria(), brute);
        assert_eq!(brute, vec![(1, 2)]);
    }

    #[test]
    fn rejects_malformed_games() {
        assert_eq!(
            Bimatrix::try_new(2, 2, vec![1.0; 3], vec![1.0; 4]).unwrap_err(),
            GameError::WrongPayoffCount { what: "the row player".into(), expected: 4, found: 3 }
        );
        assert!(matches!(Bimatrix::try_new(1, 1, vec![f64::NAN], vec![0.0]), Err(GameError::NotFinite { .. })));
        assert_eq!(Bimatrix::<f64>::try_new(0, 2, vec![], vec![]).unwrap_err(), GameError::NoActions);
        let beyond_doubles = "1e400".parse::<Rational>().unwrap();
        let refused = Bimatrix::try_new(1, 1, vec![Rational::integer(0)], vec![beyond_doubles]);
        assert!(matches!(refused, Err(GameError::NotFinite { index: 0, .. })));
        assert!(Bimatrix::symmetric(2, vec![1.0; 3]).is_err());
    }

    #[test]
    fn best_replies_allow_the_rounding_of_doubles_and_nothing_more() {
        // 0.1 + 0.2 is 0.30000000000000004: the row player's first move still counts as best.
        let game = Bimatrix::new(2, 1, vec![0.3, 0.1 + 0.2], vec![0.0, 0.0]);
        assert_eq!(game.pure_equilibria(), vec![(0, 0), (1, 0)]);
        assert!(game.is_pure_equilibrium(0, 0) && game.is_pure_equilibrium(1, 0));
        let apart = Bimatrix::new(2, 1, vec![0.3, 0.3 + 1e-9], vec![0.0, 0.0]);
        assert_eq!(apart.pure_equilibria(), vec![(1, 0)]);
        assert!(!apart.is_pure_equilibrium(0, 0));
        assert!(!apart.is_pure_equilibrium(2, 0), "out of range is not an equilibrium");
        let exact = apart.to_exact();
        assert_eq!(exact.pure_equilibria(), vec![(1, 0)]);
    }

    #[test]
    fn transpose_swaps_the_players() {
        let game = Bimatrix::new(2, 3, vec![1., 2., 3., 4., 5., 6.], vec![7., 8., 9., 10., 11., 12.]);
        let t = game.transpose();
        assert_eq!((t.rows(), t.cols()), (3, 2));
        for i in 0..2 {
            for j in 0..3 {
                assert_eq!(t.a(j, i), game.b(i, j));
                assert_eq!(t.b(j, i), game.a(i, j));
            }
        }
        assert_eq!(t.transpose(), game);
    }

    #[test]
    fn symmetric_games_mirror_the_matrix() {
        let game = Bimatrix::symmetric(2, vec![1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!(game.col_payoffs(), &[1.0, 3.0, 2.0, 4.0]);
    }

    #[test]
    fn round_trips_through_json_and_validates_on_the_way_in() {
        let game = battle_of_the_sexes().to_exact();
        let json = serde_json::to_string(&game).unwrap();
        assert!(json.contains("\"3\""), "{json}");
        let back: Bimatrix<Rational> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, game);
        let bad = r#"{"rows":2,"cols":2,"a":[1,2,3],"b":[1,2,3,4]}"#;
        let error = serde_json::from_str::<Bimatrix<f64>>(bad).unwrap_err().to_string();
        assert!(error.contains("expected 4 payoffs"), "{error}");
    }
}
