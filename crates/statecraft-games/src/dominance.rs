//! Iterated elimination of strictly dominated strategies, by pure and by mixed strategies, for
//! any number of players. Action a of player p is strictly dominated by a mix of p's other
//! actions exactly when, in the zero-sum game where p mixes over those actions against every
//! profile of the others with payoff u(b, s) − u(a, s), the value is positive.

use crate::normal_form::NormalForm;
use crate::rational::Rational;
use crate::zero_sum;

/// The actions that survive, per player (indices into the original game), and the order in
/// which actions were removed: (player, action).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Surviving {
    pub actions: Vec<Vec<usize>>,
    pub removed: Vec<(usize, usize)>,
}

fn dominated(game: &NormalForm<Rational>, alive: &[Vec<usize>], player: usize, action: usize) -> bool {
    let others: Vec<usize> = alive[player].iter().copied().filter(|&b| b != action).collect();
    if others.is_empty() {
        return false;
    }
    // The others' surviving profiles, as columns.
    let mut columns: Vec<Vec<usize>> = vec![vec![0; game.player_count()]];
    for (q, actions) in alive.iter().enumerate() {
        if q == player {
            continue;
        }
        columns = columns
            .into_iter()
            .flat_map(|c| {
                actions.iter().map(move |&a| {
                    let mut c = c.clone();
                    c[q] = a;
                    c
                })
            })
            .collect();
    }
    let payoff = |b: usize, column: &[usize]| {
        let mut profile = column.to_vec();
        profile[player] = b;
        game.payoff(&profile, player).clone()
    };
    let a: Vec<Rational> = others
        .iter()
        .flat_map(|&b| columns.iter().map(move |c| (b, c)))
        .map(|(b, c)| payoff(b, c) - payoff(action, c))
        .collect();
    // Differences of payoffs within `MAX_PAYOFF` are finite doubles: the game is well formed.
    zero_sum::solve(others.len(), columns.len(), a).is_ok_and(|s| s.value.is_positive())
}

/// Remove strictly dominated actions until none is left (the result does not depend on the
/// order of removal for strict dominance).
pub fn iterated_elimination(game: &NormalForm<Rational>) -> Surviving {
    let mut alive: Vec<Vec<usize>> = game.actions().into_iter().map(|n| (0..n).collect()).collect();
    let mut removed = Vec::new();
    loop {
        let mut changed = false;
        for player in 0..game.player_count() {
            let candidates = alive[player].clone();
            for action in candidates {
                if alive[player].len() > 1 && dominated(game, &alive, player, action) {
                    alive[player].retain(|&a| a != action);
                    removed.push((player, action));
                    changed = true;
                }
            }
        }
        if !changed {
            return Surviving { actions: alive, removed };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(counts: &[usize], payoffs: &[&[i64]]) -> NormalForm<Rational> {
        NormalForm::new(
            String::new(),
            (0..counts.len()).map(|p| format!("P{p}")).collect(),
            counts.iter().map(|&n| (0..n).map(|a| a.to_string()).collect()).collect(),
            payoffs.iter().map(|r| r.iter().map(|&x| Rational::integer(x)).collect()).collect(),
        )
        .unwrap()
    }

    #[test]
    fn the_prisoners_dilemma_reduces_to_defection() {
        // Profiles first player fastest: (C,C), (D,C), (C,D), (D,D).
        let pd = game(&[2, 2], &[&[3, 3], &[5, 0], &[0, 5], &[1, 1]]);
        assert_eq!(iterated_elimination(&pd).actions, vec![vec![1], vec![1]]);
    }

    #[test]
    fn a_strategy_dominated_only_by_a_mix_is_removed() {
        // Row's third action (1, 1) is beaten by mixing (3, 0) and (0, 3) half and half, and
        // by neither alone.
        let g = game(&[3, 2], &[&[3, 0], &[0, 0], &[1, 0], &[0, 0], &[3, 0], &[1, 0]]);
        let s = iterated_elimination(&g);
        assert_eq!(s.actions[0], vec![0, 1]);
        assert_eq!(s.removed, vec![(0, 2)]);
    }

    #[test]
    fn nothing_is_removed_from_matching_pennies() {
        let mp = game(&[2, 2], &[&[1, -1], &[-1, 1], &[-1, 1], &[1, -1]]);
        assert_eq!(iterated_elimination(&mp).actions, vec![vec![0, 1], vec![0, 1]]);
    }
}
