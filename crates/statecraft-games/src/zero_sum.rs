//! Zero-sum games: the value and the optimal (maximin) strategies, exactly. In a zero-sum game
//! the Nash equilibria are exactly the pairs of optimal strategies (von Neumann 1928), so the
//! exact equilibrium enumeration solves it.

use crate::bimatrix::Bimatrix;
use crate::enumeration::all_equilibria;
use crate::error::GameError;
use crate::rational::Rational;

/// The row player's guaranteed payoff and an optimal strategy for each player.
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    pub value: Rational,
    pub row: Vec<Rational>,
    pub col: Vec<Rational>,
}

/// Solve the zero-sum game with row payoffs `a` (`rows` × `cols`, row-major).
pub fn solve(rows: usize, cols: usize, a: Vec<Rational>) -> Result<Solution, GameError> {
    let game = Bimatrix::zero_sum(rows, cols, a)?;
    let found = all_equilibria(&game);
    // Every finite game has an equilibrium (Nash 1951), and the enumeration returns at least
    // the extreme points of each component: the list is never empty.
    let first = found.profiles.into_iter().next().expect("every finite game has an equilibrium");
    Ok(Solution { value: first.payoffs[0].clone(), row: first.strategies[0].clone(), col: first.strategies[1].clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: &[i64]) -> Vec<Rational> {
        v.iter().map(|&x| Rational::integer(x)).collect()
    }

    #[test]
    fn matching_pennies_is_worth_nothing() {
        let s = solve(2, 2, r(&[1, -1, -1, 1])).unwrap();
        assert_eq!(s.value, Rational::integer(0));
        assert_eq!(s.row, vec![Rational::new(1, 2), Rational::new(1, 2)]);
    }

    #[test]
    fn a_textbook_game_with_a_fractional_value() {
        // Rows (3, -1) and (-2, 4): the row player mixes 3/5, 2/5 (von Stengel's notes).
        let s = solve(2, 2, r(&[3, -1, -2, 4])).unwrap();
        assert_eq!(s.value, Rational::new(1, 1));
        assert_eq!(s.row, vec![Rational::new(3, 5), Rational::new(2, 5)]);
        assert_eq!(s.col, vec![Rational::new(1, 2), Rational::new(1, 2)]);
    }

    #[test]
    fn a_saddle_point_is_pure() {
        let s = solve(2, 3, r(&[4, 2, 5, 1, 0, 3])).unwrap();
        assert_eq!(s.value, Rational::integer(2));
        assert_eq!(s.row, r(&[1, 0]));
        assert_eq!(s.col, r(&[0, 1, 0]));
    }
}
