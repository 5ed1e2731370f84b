//! All Nash equilibria of a bimatrix game, exactly, by vertex enumeration of the best-response
//! polytopes.
//!
//! With payoffs shifted to be positive, the row player's best-response polytope is
//! `P = {x ∈ ℝᵐ : x ≥ 0, Bᵀx ≤ 1}` and the column player's is `Q = {y ∈ ℝⁿ : y ≥ 0, Ay ≤ 1}`.
//! A point is *labelled* by the pure strategies it does not use (`x_i = 0`) and the opponent's
//! pure strategies that are best replies to it (`(Bᵀx)_j = 1`). A pair `(x, y) ≠ (0, 0)` with
//! every label present on one side is, after normalising, a Nash equilibrium (Nash 1951 in the
//! labelling form of Shapley 1974), and the equilibria that are extreme points of the set of
//! equilibria are exactly the completely labelled pairs of *vertices* (Mangasarian 1964; Avis,
//! Rosenberg, Savani & von Stengel 2010, "Enumeration of Nash equilibria for two-player games",
//! Economic Theory 42). So: enumerate the vertices of `P` and `Q`, then match labels.
//!
//! Vertices are found by a search over feasible bases with exact integer pivoting (see
//! [`crate::tableau`]): from each basis every entering variable is tried, and in a degenerate
//! polytope every tied leaving row too, so that all feasible bases (and therefore all vertices)
//! are visited. The search remembers visited bases, so it always terminates; in a nondegenerate
//! game each vertex has exactly one basis. The two polytopes are searched in parallel
//! (`rayon::join`), which changes nothing in the answer.
//!
//! The game is *degenerate* (von Stengel 2002, Def. 3.2 and Thm. 3.4) when some vertex of `P`
//! has more than `m` labels or some vertex of `Q` more than `n`; only then can equilibria form
//! continua, and the profiles returned are their extreme points.

use std::collections::{BTreeMap, BTreeSet};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

use crate::bimatrix::Bimatrix;
use crate::equilibrium::{Equilibria, Equilibrium};
use crate::number::Number;
use crate::rational::Rational;
use crate::tableau::{Coordinates, Entry, Overflow, Tableau, positive_integers};

/// Every Nash equilibrium of a two-player game, exactly.
///
/// Payoffs are converted to exact fractions first (an `f64` game is solved as the exact game
/// its doubles denote), so the answer never depends on rounding; profiles come back in `T`.
/// Profiles are sorted by the row player's strategy, then the column player's.
///
/// For degenerate games the profiles are the extreme points of the equilibrium components and
/// `degenerate` is `true` (see [`Equilibria`]). The running time grows with the number of
/// vertices of the best-response polytopes (exponential in the worst case, as for every
/// complete method; see `BENCHMARKS.md` for measured times).
///
/// ```
/// use statecraft_games::{all_equilibria, Bimatrix, Rational};
/// // Battle of the sexes: two pure equilibria and a mixed one.
/// let r = Rational::integer;
/// let game = Bimatrix::new(2, 2, vec![r(3), r(0), r(0), r(2)], vec![r(2), r(0), r(0), r(3)]);
/// let found = all_equilibria(&game);
/// assert!(!found.degenerate);
/// assert_eq!(found.profiles.len(), 3);
/// let mixed = &found.profiles[1];
/// assert_eq!(mixed.row(), &[Rational::new(3, 5), Rational::new(2, 5)]);
/// assert_eq!(mixed.payoffs, vec![Rational::new(6, 5), Rational::new(6, 5)]);
/// ```
pub fn all_equilibria<T: Number>(game: &Bimatrix<T>) -> Equilibria<T> {
    let exact = game.to_exact();
    let found = extreme_equilibria(&exact);
    Equilibria {
        degenerate: found.degenerate,
        profiles: found
            .profiles
            .into_iter()
            .map(|p| Equilibrium {
                strategies: p.strategies.iter().map(|s| s.iter().map(T::from_rational).collect()).collect(),
                payoffs: p.payoffs.iter().map(T::from_rational).collect(),
            })
            .collect(),
    }
}

/// Games up to this many cells are checked for degeneracy by enumeration (milliseconds).
pub const DEGENERACY_CHECK_CELLS: usize = 144;

/// Whether a two-player game is degenerate (some mixed strategy with `k` pure strategies in its
/// support has more than `k` pure best replies; von Stengel 2002, Def. 3.2), as far as can be
/// told quickly: `Some(true)` if some pure strategy already has two pure best replies;
/// otherwise the exact answer of [`all_equilibria`] for games of at most
/// [`DEGENERACY_CHECK_CELLS`] cells; `None` (not determined) for larger games.
pub fn degeneracy<T: Number>(game: &Bimatrix<T>) -> Option<bool> {
    let (m, n) = (game.rows(), game.cols());
    let ties = |count: usize, value: &dyn Fn(usize) -> T| {
        let best = (1..count).fold(value(0), |b, k| if value(k) > b { value(k) } else { b });
        (0..count).filter(|&k| value(k) == best).count() > 1
    };
    let tied = (0..m).any(|i| ties(n, &|j| game.b(i, j).clone())) || (0..n).any(|j| ties(m, &|i| game.a(i, j).clone()));
    if tied {
        Some(true)
    } else if m * n <= DEGENERACY_CHECK_CELLS {
        Some(all_equilibria(game).degenerate)
    } else {
        None
    }
}

fn extreme_equilibria(game: &Bimatrix<Rational>) -> Equilibria<Rational> {
    let (m, n) = (game.rows(), game.cols());
    let a = positive_integers(game.row_payoffs());
    let b = positive_integers(game.col_payoffs());
    // P: constraints Bᵀx ≤ 1 (one per column j), coordinates x_i. Variable v has label v.
    let p_matrix: Vec<BigInt> =
        (0..n).flat_map(|j| (0..m).map(move |i| (i, j))).map(|(i, j)| b[i * n + j].clone()).collect();
    let p_polytope = Polytope { constraints: n, dimension: m, matrix: p_matrix, labels: (0..m + n).collect() };
    // Q: constraints Ay ≤ 1 (one per row i), coordinates y_j with label m + j; slack i has label i.
    let q_polytope = Polytope { constraints: m, dimension: n, matrix: a, labels: (m..m + n).chain(0..m).collect() };
    let (p_vertices, q_vertices) = rayon::join(|| p_polytope.vertices(), || q_polytope.vertices());

    let degenerate = p_vertices.iter().any(|v| v.label_count() > m) || q_vertices.iter().any(|v| v.label_count() > n);
    let pairs = complementary_pairs(&p_vertices, &q_vertices, m, n);
    let mut profiles: Vec<Equilibrium<Rational>> =
        pairs.into_iter().map(|(x, y)| game.profile(x.normalised(), y.normalised())).collect();
    profiles.sort_by(|p, q| p.strategies.cmp(&q.strategies));
    Equilibria { degenerate, profiles }
}

/// Every pair of nonzero vertices of `P` (dimension `m`) and `Q` (dimension `n`) whose labels
/// together cover all `m + n`.
///
/// A simple vertex (exactly as many labels as the dimension) of `P` can only pair with the
/// vertex of `Q` holding exactly the other `n` labels, or with a degenerate vertex of `Q` (more
/// labels) holding them among others; so simple vertices are matched through a map, and only
/// pairs involving a degenerate vertex are tested one by one.
fn complementary_pairs<'v>(p: &'v [Vertex], q: &'v [Vertex], m: usize, n: usize) -> Vec<(&'v Vertex, &'v Vertex)> {
    let universe = m + n;
    let p: Vec<&Vertex> = p.iter().filter(|v| !v.is_origin()).collect();
    let q: Vec<&Vertex> = q.iter().filter(|v| !v.is_origin()).collect();
    let simple_q: BTreeMap<&LabelSet, &Vertex> =
        q.iter().filter(|v| v.label_count() == n).map(|v| (&v.labels, *v)).collect();
    let degenerate_q: Vec<&Vertex> = q.iter().copied().filter(|v| v.label_count() > n).collect();
    let mut pairs = Vec::new();
    for x in p {
        if x.label_count() == m {
            if let Some(y) = simple_q.get(&x.labels.complement(universe)) {
                pairs.push((x, *y));
            }
            pairs.extend(degenerate_q.iter().filter(|y| x.labels.covers_with(&y.labels, universe)).map(|y| (x, *y)));
        } else {
            pairs.extend(q.iter().filter(|y| x.labels.covers_with(&y.labels, universe)).map(|y| (x, *y)));
        }
    }
    pairs
}

/// `{z ≥ 0 : M z ≤ 1}` with a label for each variable (coordinates, then slacks).
pub(crate) struct Polytope {
    pub constraints: usize,
    pub dimension: usize,
    /// `M`, `constraints × dimension`, row-major, positive.
    pub matrix: Vec<BigInt>,
    /// The label of each variable.
    pub labels: Vec<usize>,
}

/// A vertex: its labels and its coordinates.
pub(crate) struct Vertex {
    pub labels: LabelSet,
    pub coordinates: Coordinates,
}

impl Vertex {
    fn label_count(&self) -> usize {
        self.labels.count()
    }

    fn is_origin(&self) -> bool {
        self.coordinates.numerators.iter().all(Zero::is_zero)
    }

    /// The coordinates scaled to sum to one: a mixed strategy. (The common denominator
    /// cancels, so it is never needed.)
    fn normalised(&self) -> Vec<Rational> {
        let total: BigInt = self.coordinates.numerators.iter().sum();
        self.coordinates.numerators.iter().map(|c| Rational(BigRational::new(c.clone(), total.clone()))).collect()
    }
}

impl Polytope {
    /// All vertices, each once, in a deterministic order. Machine integers first; big ones if
    /// the subdeterminants outgrow them.
    pub fn vertices(&self) -> Vec<Vertex> {
        self.vertices_in::<i64>()
            .unwrap_or_else(|Overflow| self.vertices_in::<BigInt>().expect("big integers do not overflow"))
    }

    fn vertices_in<E: Entry>(&self) -> Result<Vec<Vertex>, Overflow> {
        let matrix = self.matrix.iter().map(E::from_integer).collect::<Result<Vec<E>, Overflow>>()?;
        let start = Tableau::new(self.constraints, self.dimension, matrix);
        let mut seen_bases: BTreeSet<LabelSet> = BTreeSet::new();
        seen_bases.insert(LabelSet::of(start.basis(), start.variables()));
        let mut vertices: BTreeMap<LabelSet, Coordinates> = BTreeMap::new();
        let mut stack = vec![start];
        while let Some(tableau) = stack.pop() {
            let zero = tableau.zero_variables();
            let labels = LabelSet::of(
                &(0..zero.len()).filter(|&v| zero[v]).map(|v| self.labels[v]).collect::<Vec<_>>(),
                self.labels.len(),
            );
            // A vertex is determined by its tight constraints, so its labels identify it.
            vertices.entry(labels).or_insert_with(|| tableau.coordinates(self.dimension));
            for column in 0..tableau.variables() {
                if tableau.row_of(column).is_some() {
                    continue;
                }
                for row in tableau.min_ratio_rows(column)? {
                    let mut basis = tableau.basis().to_vec();
                    basis[row] = column;
                    if seen_bases.insert(LabelSet::of(&basis, tableau.variables())) {
                        let mut next = tableau.clone();
                        next.pivot(row, column)?;
                        stack.push(next);
                    }
                }
            }
        }
        Ok(vertices.into_iter().map(|(labels, coordinates)| Vertex { labels, coordinates }).collect())
    }
}

/// A set of small integers (labels or variables) as a bit set; ordered, so usable as a key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LabelSet(Vec<u64>);

impl LabelSet {
    fn of(members: &[usize], universe: usize) -> Self {
        let mut words = vec![0u64; universe.div_ceil(64)];
        for &m in members {
            words[m / 64] |= 1 << (m % 64);
        }
        LabelSet(words)
    }

    fn full(universe: usize) -> Self {
        Self::of(&(0..universe).collect::<Vec<_>>(), universe)
    }

    fn complement(&self, universe: usize) -> Self {
        let full = Self::full(universe);
        LabelSet(self.0.iter().zip(&full.0).map(|(w, f)| !w & f).collect())
    }

    /// Whether `self ∪ other` is all of `0..universe`.
    fn covers_with(&self, other: &Self, universe: usize) -> bool {
        self.0.iter().zip(&other.0).enumerate().all(|(k, (a, b))| {
            let bits = (universe - 64 * k).min(64);
            let full = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
            a | b == full
        })
    }

    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(rows: usize, cols: usize, a: &[i64], b: &[i64]) -> Bimatrix<Rational> {
        let r = |v: &[i64]| v.iter().map(|&x| Rational::integer(x)).collect();
        Bimatrix::new(rows, cols, r(a), r(b))
    }

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(n, d)
    }

    #[test]
    fn matching_pennies_has_one_mixed_equilibrium() {
        let game = exact(2, 2, &[1, -1, -1, 1], &[-1, 1, 1, -1]);
        let found = all_equilibria(&game);
        assert!(!found.degenerate);
        assert_eq!(found.profiles.len(), 1);
        assert_eq!(found.profiles[0].strategies, vec![vec![q(1, 2), q(1, 2)], vec![q(1, 2), q(1, 2)]]);
        assert_eq!(found.profiles[0].payoffs, vec![q(0, 1), q(0, 1)]);
    }

    #[test]
    fn rock_paper_scissors_is_uniform() {
        let game = Bimatrix::zero_sum(3, 3, [0, -1, 1, 1, 0, -1, -1, 1, 0].map(Rational::integer).to_vec()).unwrap();
        let found = all_equilibria(&game);
        assert_eq!(found.profiles.len(), 1);
        assert!(found.profiles[0].strategies.iter().flatten().all(|p| *p == q(1, 3)));
    }

    #[test]
    fn prisoners_dilemma_has_only_mutual_defection() {
        let found = all_equilibria(&exact(2, 2, &[3, 0, 5, 1], &[3, 5, 0, 1]));
        assert_eq!(found.profiles.len(), 1);
        assert_eq!(found.profiles[0].as_pure(), Some(vec![1, 1]));
    }

    #[test]
    fn degenerate_game_reports_the_ends_of_its_component() {
        // von Stengel (2002), Fig. 2.4-style degenerate game: the column player is indifferent
        // in the first row, so equilibria form a segment.
        let game = exact(2, 2, &[1, 1, 0, 2], &[1, 1, 0, 2]);
        let found = all_equilibria(&game);
        assert!(found.degenerate);
        for p in &found.profiles {
            assert!(game.is_equilibrium(p.row(), p.col()), "{p:?}");
        }
        // (top, left) and (top, 1/2 left) are the ends of the segment along the top row, and
        // (bottom, right) is strict.
        let pure: Vec<_> = found.profiles.iter().filter_map(Equilibrium::as_pure).collect();
        assert!(pure.contains(&vec![0, 0]) && pure.contains(&vec![1, 1]), "{pure:?}");
        assert!(found.profiles.iter().any(|p| p.row() == [q(1, 1), q(0, 1)] && p.col() == [q(1, 2), q(1, 2)]));
    }

    #[test]
    fn a_game_where_every_profile_is_an_equilibrium_returns_the_corners() {
        let game = exact(2, 2, &[0; 4], &[0; 4]);
        let found = all_equilibria(&game);
        assert!(found.degenerate);
        let mut pure: Vec<_> = found.profiles.iter().filter_map(Equilibrium::as_pure).collect();
        pure.sort();
        assert_eq!(pure, vec![vec![0, 0], vec![0, 1], vec![1, 0], vec![1, 1]]);
        assert_eq!(found.profiles.len(), 4);
    }

    #[test]
    fn f64_games_are_solved_exactly_and_returned_in_f64() {
        let game = Bimatrix::new(2, 2, vec![3.0, 0.0, 0.0, 2.0], vec![2.0, 0.0, 0.0, 3.0]);
        let found = all_equilibria(&game);
        assert_eq!(found.profiles.len(), 3);
        assert_eq!(found.profiles[1].row(), &[0.6, 0.4]);
    }

    #[test]
    fn degeneracy_is_told_by_ties_by_enumeration_or_not_at_all() {
        assert_eq!(degeneracy(&exact(2, 2, &[0; 4], &[0; 4])), Some(true));
        // Matching pennies has no ties and is nondegenerate.
        assert_eq!(degeneracy(&exact(2, 2, &[1, -1, -1, 1], &[-1, 1, 1, -1])), Some(false));
        // No pure ties, but the mix (1/2, 1/2) of the rows makes all three columns best
        // replies: degenerate, which only the enumeration sees.
        let g = exact(2, 3, &[3, 0, 2, 0, 3, 1], &[2, 0, 1, 0, 2, 1]);
        assert_eq!(degeneracy(&g), Some(true));
        let big = Bimatrix::new(
            13,
            12,
            (0..156).map(|k| k as f64).collect(),
            (0..156).map(|k| (k * 7 % 156) as f64).collect(),
        );
        assert_eq!(degeneracy(&big), None);
    }

    #[test]
    fn big_integers_take_over_when_machine_integers_overflow() {
        let big = 1i64 << 40;
        let game = exact(3, 3, &[big, 1, 7, 3, big - 5, 2, 9, 4, big + 3], &[2, big, 5, big - 1, 3, 8, 6, 1, big]);
        let found = all_equilibria(&game);
        assert!(!found.profiles.is_empty());
        for p in &found.profiles {
            assert!(game.is_equilibrium(p.row(), p.col()));
        }
    }
}
