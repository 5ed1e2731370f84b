//! A simplex tableau for the best-response polytopes `{z ≥ 0 : M z ≤ 1}` of a bimatrix game,
//! pivoted either exactly (integer pivoting) or in doubles.
//!
//! Exact pivoting follows the integer (fraction-free, Bareiss) scheme that von Stengel (2002,
//! "Computing equilibria for two-person games", Handbook of Game Theory vol. 3, §2.6) describes
//! for Lemke–Howson and that lrs uses (Avis 2000): every entry is an integer, all rows share one
//! denominator (the previous pivot element), and each update divides exactly. Entries are
//! subdeterminants of the input, so they stay as small as the data allow; they are first held in
//! `i64` with `i128` intermediates and the caller restarts in [`BigInt`] if that overflows.
//!
//! Variables are numbered `0..d` for the polytope's coordinates and `d..d+k` for the slacks of
//! the `k` constraints. The tableau is kept in condensed (dictionary) form: only the columns of
//! the `d` nonbasic variables are stored, and the right-hand side; the column of a basic
//! variable is a unit vector (times the denominator) and is never written down. That halves the
//! work of a pivot on a square game.

use std::cmp::Ordering;
use std::fmt::Debug;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::rational::Rational;

/// Integer arithmetic did not fit in machine words; retry with big integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Overflow;

/// The entries a tableau can hold.
pub(crate) trait Entry: Clone + Debug + Send + Sync {
    fn from_integer(value: &BigInt) -> Result<Self, Overflow>;
    fn zero() -> Self;
    fn one() -> Self;
    /// Sign of the entry: -1, 0 or 1 (doubles within a tolerance count as zero).
    fn signum(&self) -> i8;
    /// Compares `a · b` with `c · d`.
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Ordering, Overflow>;
    /// Pivots the condensed cells on row `r`, stored column `c`: the column's variable enters,
    /// the row's leaves and takes over the column.
    fn pivot(tableau: &mut Tableau<Self>, r: usize, c: usize) -> Result<(), Overflow>;
    /// `numerator / denominator` exactly (doubles convert exactly too).
    fn ratio(numerator: &Self, denominator: &Self) -> Rational;
    /// The entry as an integer (exact for integer entries; doubles are not used for vertices).
    fn to_bigint(&self) -> BigInt;
}

/// A point of the polytope as integer numerators over a common (positive) denominator, which
/// is left out: callers only normalise.
#[derive(Clone, Debug)]
pub(crate) struct Coordinates {
    pub numerators: Vec<BigInt>,
}

/// Where a variable is: basic in a row, or nonbasic in a stored column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Row(usize),
    Column(usize),
}

/// A condensed tableau: `rows` constraint rows, each holding the nonbasic columns and then the
/// right-hand side.
#[derive(Clone, Debug)]
pub(crate) struct Tableau<E> {
    rows: usize,
    width: usize,
    cells: Vec<E>,
    /// The variable that is basic in each row.
    basis: Vec<usize>,
    /// The variable held in each stored column.
    nonbasic: Vec<usize>,
    place: Vec<Place>,
    /// Common denominator of all rows (integer pivoting); one for doubles.
    denominator: E,
}

impl<E: Entry> Tableau<E> {
    /// The tableau of `{z ≥ 0 : M z + s = 1}` at the origin (all slacks basic), where `matrix`
    /// is `M`, `rows × dimension`, row-major.
    pub fn new(rows: usize, dimension: usize, matrix: Vec<E>) -> Self {
        debug_assert_eq!(matrix.len(), rows * dimension);
        let width = dimension + 1;
        let mut cells = Vec::with_capacity(rows * width);
        for i in 0..rows {
            cells.extend_from_slice(&matrix[i * dimension..(i + 1) * dimension]);
            cells.push(E::one());
        }
        let place = (0..dimension).map(Place::Column).chain((0..rows).map(Place::Row)).collect();
        Tableau {
            rows,
            width,
            cells,
            basis: (dimension..dimension + rows).collect(),
            nonbasic: (0..dimension).collect(),
            place,
            denominator: E::one(),
        }
    }

    /// Number of variables (coordinates plus slacks).
    pub fn variables(&self) -> usize {
        self.place.len()
    }

    pub fn basis(&self) -> &[usize] {
        &self.basis
    }

    fn cell(&self, row: usize, column: usize) -> &E {
        &self.cells[row * self.width + column]
    }

    pub fn rhs(&self, row: usize) -> &E {
        self.cell(row, self.width - 1)
    }

    /// The entry of `variable`'s column in `row`, whether stored or a unit column.
    fn entry(&self, row: usize, variable: usize) -> E {
        match self.place[variable] {
            Place::Column(c) => self.cell(row, c).clone(),
            Place::Row(r) if r == row => self.denominator.clone(),
            Place::Row(_) => E::zero(),
        }
    }

    pub(crate) fn parts_mut(&mut self) -> (usize, usize, &mut Vec<E>, &mut E) {
        (self.rows, self.width, &mut self.cells, &mut self.denominator)
    }

    /// The row where `variable` is basic, if it is.
    pub fn row_of(&self, variable: usize) -> Option<usize> {
        match self.place[variable] {
            Place::Row(r) => Some(r),
            Place::Column(_) => None,
        }
    }

    /// Rows that may leave when nonbasic `variable` enters: those with a positive entry in its
    /// column whose ratio `rhs / entry` is smallest. Empty if the column is unbounded.
    pub fn min_ratio_rows(&self, variable: usize) -> Result<Vec<usize>, Overflow> {
        let Place::Column(column) = self.place[variable] else { return Ok(Vec::new()) };
        let mut best: Vec<usize> = Vec::new();
        for i in 0..self.rows {
            if self.cell(i, column).signum() <= 0 {
                continue;
            }
            match best.first() {
                None => best.push(i),
                Some(&b) => {
                    // rhs_i / t_ic  vs  rhs_b / t_bc  ⇔  rhs_i · t_bc  vs  rhs_b · t_ic
                    match E::cmp_products(self.rhs(i), self.cell(b, column), self.rhs(b), self.cell(i, column))? {
                        Ordering::Less => {
                            best.clear();
                            best.push(i);
                        }
                        Ordering::Equal => best.push(i),
                        Ordering::Greater => {}
                    }
                }
            }
        }
        Ok(best)
    }

    /// Among tied rows, the one that is lexicographically smallest in `(rhs, slack columns)`
    /// divided by the entering column: the lexicographic rule, which never cycles (the rows
    /// of the basis inverse, held in the slack columns, are linearly independent).
    pub fn lexicographic_row(
        &self,
        candidates: &[usize],
        variable: usize,
        slacks: std::ops::Range<usize>,
    ) -> Result<usize, Overflow> {
        let mut rows = candidates.to_vec();
        for key in slacks {
            if rows.len() <= 1 {
                break;
            }
            let mut kept = vec![rows[0]];
            for &i in &rows[1..] {
                let b = kept[0];
                let (ik, bc, bk, ic) =
                    (self.entry(i, key), self.entry(b, variable), self.entry(b, key), self.entry(i, variable));
                match E::cmp_products(&ik, &bc, &bk, &ic)? {
                    Ordering::Less => kept = vec![i],
                    Ordering::Equal => kept.push(i),
                    Ordering::Greater => {}
                }
            }
            rows = kept;
        }
        Ok(rows[0])
    }

    /// Makes nonbasic `variable` basic in `row`.
    pub fn pivot(&mut self, row: usize, variable: usize) -> Result<(), Overflow> {
        let Place::Column(column) = self.place[variable] else { panic!("pivot on basic variable {variable}") };
        E::pivot(self, row, column)?;
        let leaving = self.basis[row];
        self.basis[row] = variable;
        self.nonbasic[column] = leaving;
        self.place[variable] = Place::Row(row);
        self.place[leaving] = Place::Column(column);
        Ok(())
    }

    /// The value of every variable at the current basic solution, as exact fractions.
    pub fn values(&self) -> Vec<Rational> {
        let mut values = vec![Rational::integer(0); self.variables()];
        for (row, &variable) in self.basis.iter().enumerate() {
            values[variable] = E::ratio(self.rhs(row), &self.denominator);
        }
        values
    }

    /// The first `dimension` variables (the polytope's coordinates) over the common
    /// denominator: cheap to record for every vertex, turned into fractions only when needed.
    pub fn coordinates(&self, dimension: usize) -> Coordinates {
        let mut numerators = vec![BigInt::from(0); dimension];
        for (row, &variable) in self.basis.iter().enumerate() {
            if variable < dimension {
                numerators[variable] = self.rhs(row).to_bigint();
            }
        }
        Coordinates { numerators }
    }

    /// Which variables are zero at the current basic solution.
    pub fn zero_variables(&self) -> Vec<bool> {
        let mut zero = vec![true; self.variables()];
        for (row, &variable) in self.basis.iter().enumerate() {
            zero[variable] = self.rhs(row).signum() == 0;
        }
        zero
    }
}

impl Entry for i64 {
    fn from_integer(value: &BigInt) -> Result<Self, Overflow> {
        value.to_i64().ok_or(Overflow)
    }
    fn zero() -> Self {
        0
    }
    fn one() -> Self {
        1
    }
    fn signum(&self) -> i8 {
        i64::signum(*self) as i8
    }
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Ordering, Overflow> {
        // Two i64 products always fit in i128.
        Ok((i128::from(*a) * i128::from(*b)).cmp(&(i128::from(*c) * i128::from(*d))))
    }
    fn pivot(tableau: &mut Tableau<Self>, r: usize, c: usize) -> Result<(), Overflow> {
        let (rows, width, cells, denominator) = tableau.parts_mut();
        let p = i128::from(cells[r * width + c]);
        let det = i128::from(*denominator);
        // The leaving variable's column was `det · e_r`; written into the pivot row now, the
        // general update below turns it into its new column.
        cells[r * width + c] = *denominator;
        let pivot_row: Vec<i128> = cells[r * width..(r + 1) * width].iter().map(|&v| i128::from(v)).collect();
        for i in (0..rows).filter(|&i| i != r) {
            let row = &mut cells[i * width..(i + 1) * width];
            let factor = i128::from(row[c]);
            row[c] = 0;
            for (entry, &pivot_entry) in row.iter_mut().zip(&pivot_row) {
                let scaled = i128::from(*entry).checked_mul(p).ok_or(Overflow)?;
                let removed = factor.checked_mul(pivot_entry).ok_or(Overflow)?;
                let updated = scaled.checked_sub(removed).ok_or(Overflow)? / det;
                *entry = i64::try_from(updated).map_err(|_| Overflow)?;
            }
        }
        *denominator = i64::try_from(p).map_err(|_| Overflow)?;
        Ok(())
    }
    fn ratio(numerator: &Self, denominator: &Self) -> Rational {
        Rational::new(*numerator, *denominator)
    }
    fn to_bigint(&self) -> BigInt {
        BigInt::from(*self)
    }
}

impl Entry for BigInt {
    fn from_integer(value: &BigInt) -> Result<Self, Overflow> {
        Ok(value.clone())
    }
    fn zero() -> Self {
        BigInt::from(0)
    }
    fn one() -> Self {
        BigInt::from(1)
    }
    fn signum(&self) -> i8 {
        if self.is_positive() {
            1
        } else if self.is_negative() {
            -1
        } else {
            0
        }
    }
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Ordering, Overflow> {
        Ok((a * b).cmp(&(c * d)))
    }
    fn pivot(tableau: &mut Tableau<Self>, r: usize, c: usize) -> Result<(), Overflow> {
        let (rows, width, cells, denominator) = tableau.parts_mut();
        let p = std::mem::replace(&mut cells[r * width + c], denominator.clone());
        let pivot_row: Vec<BigInt> = cells[r * width..(r + 1) * width].to_vec();
        for i in (0..rows).filter(|&i| i != r) {
            let row = &mut cells[i * width..(i + 1) * width];
            let factor = std::mem::take(&mut row[c]);
            for (entry, pivot_entry) in row.iter_mut().zip(&pivot_row) {
                // Zero entries of the pivot row need no product.
                let mut updated = &*entry * &p;
                if !pivot_entry.is_zero() && !factor.is_zero() {
                    updated -= &factor * pivot_entry;
                }
                *entry = updated / &*denominator;
            }
        }
        *denominator = p;
        Ok(())
    }
    fn ratio(numerator: &Self, denominator: &Self) -> Rational {
        Rational(BigRational::new(numerator.clone(), denominator.clone()))
    }
    fn to_bigint(&self) -> BigInt {
        self.clone()
    }
}

/// Entries of a double tableau smaller than this (after the game is scaled to payoffs in
/// `[1, 2]`) count as zero.
pub(crate) const FLOAT_PIVOT_TOLERANCE: f64 = 1e-12;

impl Entry for f64 {
    fn from_integer(value: &BigInt) -> Result<Self, Overflow> {
        Ok(ToPrimitive::to_f64(value).unwrap_or(f64::NAN))
    }
    fn zero() -> Self {
        0.0
    }
    fn one() -> Self {
        1.0
    }
    fn signum(&self) -> i8 {
        if *self > FLOAT_PIVOT_TOLERANCE {
            1
        } else if *self < -FLOAT_PIVOT_TOLERANCE {
            -1
        } else {
            0
        }
    }
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Result<Ordering, Overflow> {
        let (left, right) = (a * b, c * d);
        let scale = left.abs().max(right.abs()).max(1.0);
        Ok(if (left - right).abs() <= FLOAT_PIVOT_TOLERANCE * scale {
            Ordering::Equal
        } else if left < right {
            Ordering::Less
        } else {
            Ordering::Greater
        })
    }
    fn pivot(tableau: &mut Tableau<Self>, r: usize, c: usize) -> Result<(), Overflow> {
        // Gauss–Jordan: scale the pivot row to a unit entry, eliminate the column elsewhere.
        // The leaving variable's unit column goes through the same arithmetic in column `c`.
        let (rows, width, cells, _) = tableau.parts_mut();
        let p = std::mem::replace(&mut cells[r * width + c], 1.0);
        for v in &mut cells[r * width..(r + 1) * width] {
            *v /= p;
        }
        let pivot_row: Vec<f64> = cells[r * width..(r + 1) * width].to_vec();
        for i in (0..rows).filter(|&i| i != r) {
            let row = &mut cells[i * width..(i + 1) * width];
            let factor = std::mem::replace(&mut row[c], 0.0);
            if factor != 0.0 {
                for (entry, pivot_entry) in row.iter_mut().zip(&pivot_row) {
                    *entry -= factor * pivot_entry;
                }
            }
        }
        Ok(())
    }
    fn ratio(numerator: &Self, denominator: &Self) -> Rational {
        Rational::from_f64(numerator / denominator).unwrap_or_default()
    }
    fn to_bigint(&self) -> BigInt {
        BigInt::from(*self as i64)
    }
}

/// The solution of the square system `M z = 1` (`M` is `k × k`, row-major), exactly: numerators
/// over one common positive denominator, or `None` if `M` is singular. Fraction-free
/// Gauss–Jordan elimination (Bareiss 1968): every division is exact, and entries never outgrow
/// the subdeterminants of `M`.
pub(crate) fn solve_ones(k: usize, matrix: &[BigInt]) -> Option<(Vec<BigInt>, BigInt)> {
    debug_assert_eq!(matrix.len(), k * k);
    let width = k + 1;
    let mut cells: Vec<BigInt> = Vec::with_capacity(k * width);
    for row in matrix.chunks(k.max(1)).take(k) {
        cells.extend_from_slice(row);
        cells.push(BigInt::from(1));
    }
    let mut order: Vec<usize> = (0..k).collect(); // order[c]: the row pivoted on for column c
    let mut previous = BigInt::from(1);
    for c in 0..k {
        let r = (c..k).find(|&r| !cells[order[r] * width + c].is_zero())?;
        order.swap(c, r);
        let r = order[c];
        let p = cells[r * width + c].clone();
        let pivot_row: Vec<BigInt> = cells[r * width..(r + 1) * width].to_vec();
        for i in (0..k).filter(|&i| i != r) {
            let row = &mut cells[i * width..(i + 1) * width];
            let factor = row[c].clone();
            for (entry, pivot_entry) in row.iter_mut().zip(&pivot_row) {
                let mut updated = &*entry * &p;
                if !factor.is_zero() && !pivot_entry.is_zero() {
                    updated -= &factor * pivot_entry;
                }
                *entry = updated / &previous;
            }
        }
        previous = p;
    }
    // Every pivot row now reads `det · e_c | det · z_c`.
    let sign = if previous.is_negative() { BigInt::from(-1) } else { BigInt::from(1) };
    let numerators = (0..k).map(|c| &cells[order[c] * width + k] * &sign).collect();
    Some((numerators, previous * sign))
}

/// Payoffs as positive integers: scaled by the common denominator and shifted so the smallest is
/// one. A positive affine change of a player's payoffs leaves the equilibria unchanged.
pub(crate) fn positive_integers(payoffs: &[Rational]) -> Vec<BigInt> {
    let common = payoffs.iter().fold(BigInt::from(1), |l, v| l.lcm(v.denominator()));
    let scaled: Vec<BigInt> = payoffs.iter().map(|v| v.numerator() * (&common / v.denominator())).collect();
    let low = scaled.iter().min().cloned().unwrap_or_default();
    scaled.into_iter().map(|v| v - &low + BigInt::from(1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{z ≥ 0 : z0 + 2 z1 ≤ 1, 3 z0 + z1 ≤ 1}` has vertices (0,0), (1/3,0), (0,1/2), (1/5,2/5).
    fn exact_and_float_agree<E: Entry>() {
        let matrix = [1, 2, 3, 1].iter().map(|&v| E::from_integer(&BigInt::from(v)).unwrap()).collect();
        let mut t = Tableau::<E>::new(2, 2, matrix);
        assert_eq!(t.min_ratio_rows(0).unwrap(), vec![1]); // z0 enters: 1/3 < 1/1
        t.pivot(1, 0).unwrap();
        assert_eq!(t.values()[0].to_f64(), 1.0 / 3.0);
        assert_eq!(t.row_of(0), Some(1));
        assert_eq!(t.min_ratio_rows(1).unwrap(), vec![0]);
        t.pivot(0, 1).unwrap();
        let values = t.values();
        assert!((values[0].to_f64() - 0.2).abs() < 1e-15 && (values[1].to_f64() - 0.4).abs() < 1e-15);
        assert_eq!(t.zero_variables(), vec![false, false, true, true]);
        // The slacks' columns hold the basis inverse: for M = [[1, 2], [3, 1]] it is
        // [[-1/5, 2/5], [3/5, -1/5]] (rows in basis order z1, z0).
        let inverse = |row: usize, slack: usize| E::ratio(&t.entry(row, slack), &t.entry(row, t.basis()[row]));
        assert_eq!(inverse(0, 2).to_f64(), 0.6);
        assert!((inverse(1, 3).to_f64() - 0.4).abs() < 1e-15);
        // Back to where z0 alone is basic: the unit column of a basic variable is implicit.
        t.pivot(0, 2).unwrap();
        assert!((t.values()[0].to_f64() - 1.0 / 3.0).abs() < 1e-15);
        assert!((t.values()[2].to_f64() - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(t.row_of(1), None);
    }

    #[test]
    fn pivots_to_the_right_vertices_in_every_arithmetic() {
        exact_and_float_agree::<i64>();
        exact_and_float_agree::<BigInt>();
        exact_and_float_agree::<f64>();
    }

    #[test]
    fn square_systems_are_solved_exactly() {
        let int = |v: &[i64]| v.iter().map(|&x| BigInt::from(x)).collect::<Vec<_>>();
        // z0 + 2 z1 = 1, 3 z0 + z1 = 1: z = (1/5, 2/5).
        let (z, d) = solve_ones(2, &int(&[1, 2, 3, 1])).unwrap();
        assert_eq!((z, d.clone()), (int(&[1, 2]), BigInt::from(5)));
        // A zero in the first pivot position needs a row swap; the denominator stays positive.
        let (z, d) = solve_ones(2, &int(&[0, 2, 4, 0])).unwrap();
        assert!(d.is_positive());
        assert_eq!(
            z.iter().map(|v| Rational(BigRational::new(v.clone(), d.clone()))).collect::<Vec<_>>(),
            vec![Rational::new(1, 4), Rational::new(1, 2)]
        );
        assert!(solve_ones(2, &int(&[1, 2, 2, 4])).is_none(), "singular");
        assert_eq!(solve_ones(0, &[]), Some((vec![], BigInt::from(1))));
    }

    #[test]
    fn machine_integers_report_overflow_instead_of_wrapping() {
        let huge = i64::MAX / 2;
        let mut t = Tableau::<i64>::new(2, 2, vec![huge, 3, 5, huge]);
        assert_eq!(t.pivot(0, 0), Err(Overflow));
    }
}
