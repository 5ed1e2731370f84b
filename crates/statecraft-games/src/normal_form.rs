//! Normal-form games with any number of players: payoffs per action profile, pure equilibria,
//! expected payoffs of mixed profiles, and regrets (how far a profile is from equilibrium).

use serde::{Deserialize, Serialize};

use crate::bimatrix::Bimatrix;
use crate::error::GameError;
use crate::number::Number;

/// The most strategy profiles a game may have: payoffs are stored for every profile.
pub const MAX_PROFILES: usize = 1_000_000;

/// The most players a game may have. Mixed-strategy computations cost players² × profiles, and
/// a player with one strategy adds no profile, so players are bounded on their own.
pub const MAX_PLAYERS: usize = 100;

/// The longest name (of a game's player or strategy) in characters: names label tables.
pub const MAX_NAME_CHARS: usize = 256;

/// The largest payoff magnitude a game may have, 10¹⁰⁰. The solvers in doubles (logit QRE,
/// learning, replicator dynamics, tournaments) multiply, square and sum payoffs over up to
/// [`MAX_PROFILES`] profiles, which stays far inside the range of a double (1.8 × 10³⁰⁸) only
/// below this. Larger payoffs are refused rather than rescaled: dividing all of one player's
/// payoffs by a positive constant leaves the Nash equilibria unchanged, and the logit QRE of
/// payoffs u at λ is the one of u / c at λ·c, so the user can rescale knowing what it means.
pub const MAX_PAYOFF: f64 = 1e100;

/// A game in normal form. `payoffs[k][p]` is player p's payoff at profile k, with profiles
/// ordered as Gambit orders them: the first player's action varies fastest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NormalForm<T> {
    pub title: String,
    pub players: Vec<String>,
    pub strategies: Vec<Vec<String>>,
    pub payoffs: Vec<Vec<T>>,
}

impl<T: Number> NormalForm<T> {
    pub fn new(
        title: String,
        players: Vec<String>,
        strategies: Vec<Vec<String>>,
        payoffs: Vec<Vec<T>>,
    ) -> Result<Self, GameError> {
        if players.is_empty() {
            return Err(GameError::NoPlayers);
        }
        if players.len() > MAX_PLAYERS {
            return Err(GameError::TooManyPlayers { players: players.len(), limit: MAX_PLAYERS });
        }
        if let Some(name) =
            players.iter().chain(strategies.iter().flatten()).find(|n| n.chars().count() > MAX_NAME_CHARS)
        {
            return Err(GameError::NameTooLong { chars: name.chars().count(), limit: MAX_NAME_CHARS });
        }
        if strategies.len() != players.len() || strategies.iter().any(Vec::is_empty) {
            return Err(GameError::NoActions);
        }
        match strategies.iter().try_fold(1usize, |product, s| product.checked_mul(s.len())) {
            Some(profiles) if profiles <= MAX_PROFILES => {}
            profiles => return Err(GameError::TooLarge { profiles, limit: MAX_PROFILES }),
        }
        let game = NormalForm { title, players, strategies, payoffs };
        let expected = game.profile_count();
        if game.payoffs.len() != expected {
            return Err(GameError::WrongPayoffCount { what: "profiles".into(), expected, found: game.payoffs.len() });
        }
        if let Some(row) = game.payoffs.iter().find(|r| r.len() != game.players.len()) {
            return Err(GameError::WrongPayoffCount {
                what: "a profile".into(),
                expected: game.players.len(),
                found: row.len(),
            });
        }
        for (k, row) in game.payoffs.iter().enumerate() {
            let what = || format!("profile {}", k + 1);
            if let Some(index) = row.iter().position(|v| !v.is_finite()) {
                return Err(GameError::NotFinite { what: what(), index });
            }
            if let Some(index) = row.iter().position(|v| v.to_f64().abs() > MAX_PAYOFF) {
                return Err(GameError::PayoffTooLarge { what: what(), index });
            }
        }
        Ok(game)
    }

    pub fn player_count(&self) -> usize {
        self.players.len()
    }

    pub fn actions(&self) -> Vec<usize> {
        self.strategies.iter().map(Vec::len).collect()
    }

    pub fn profile_count(&self) -> usize {
        self.strategies.iter().map(Vec::len).product()
    }

    /// The index of a pure profile (first player fastest).
    pub fn index(&self, profile: &[usize]) -> usize {
        let mut index = 0;
        let mut stride = 1;
        for (p, &a) in profile.iter().enumerate() {
            index += a * stride;
            stride *= self.strategies[p].len();
        }
        index
    }

    /// The pure profile at an index.
    pub fn profile(&self, mut index: usize) -> Vec<usize> {
        self.strategies
            .iter()
            .map(|s| {
                let a = index % s.len();
                index /= s.len();
                a
            })
            .collect()
    }

    pub fn payoff(&self, profile: &[usize], player: usize) -> &T {
        &self.payoffs[self.index(profile)][player]
    }

    /// Every pure profile from which no player gains by a unilateral deviation (weakly best
    /// replies count, as [`Number::is_best_reply`] judges them), in profile order.
    pub fn pure_equilibria(&self) -> Vec<Vec<usize>> {
        (0..self.profile_count())
            .map(|k| self.profile(k))
            .filter(|profile| {
                (0..self.player_count()).all(|p| {
                    let own = self.payoff(profile, p);
                    let mut deviation = profile.clone();
                    (0..self.strategies[p].len()).all(|a| {
                        deviation[p] = a;
                        own.is_best_reply(self.payoff(&deviation, p))
                    })
                })
            })
            .collect()
    }

    /// The two-player game as a bimatrix (row player first); `None` for another number of
    /// players, or (for a game not built by [`NormalForm::new`]) payoffs a bimatrix refuses.
    pub fn to_bimatrix(&self) -> Option<Bimatrix<T>> {
        if self.player_count() != 2 {
            return None;
        }
        let (m, n) = (self.strategies[0].len(), self.strategies[1].len());
        let cell = |p: usize| {
            (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).map(|(i, j)| self.payoff(&[i, j], p).clone()).collect()
        };
        Bimatrix::try_new(m, n, cell(0), cell(1)).ok()
    }

    pub fn to_f64(&self) -> NormalForm<f64> {
        NormalForm {
            title: self.title.clone(),
            players: self.players.clone(),
            strategies: self.strategies.clone(),
            payoffs: self.payoffs.iter().map(|r| r.iter().map(Number::to_f64).collect()).collect(),
        }
    }
}

impl NormalForm<f64> {
    /// Player p's expected payoff from each of its actions against the others' mixed strategies.
    pub fn action_values(&self, mixed: &[Vec<f64>], player: usize) -> Vec<f64> {
        let mut values = vec![0.0; self.strategies[player].len()];
        for k in 0..self.profile_count() {
            let profile = self.profile(k);
            let weight: f64 =
                profile.iter().enumerate().filter(|(q, _)| *q != player).map(|(q, &a)| mixed[q][a]).product();
            if weight != 0.0 {
                values[profile[player]] += weight * self.payoffs[k][player];
            }
        }
        values
    }

    /// Every player's expected payoff under a mixed profile.
    pub fn expected_payoffs(&self, mixed: &[Vec<f64>]) -> Vec<f64> {
        (0..self.player_count())
            .map(|p| self.action_values(mixed, p).iter().zip(&mixed[p]).map(|(v, x)| v * x).sum())
            .collect()
    }

    /// The largest gain any player could make by deviating: 0 at an equilibrium.
    pub fn regret(&self, mixed: &[Vec<f64>]) -> f64 {
        let payoffs = self.expected_payoffs(mixed);
        (0..self.player_count())
            .map(|p| self.action_values(mixed, p).into_iter().fold(f64::NEG_INFINITY, f64::max) - payoffs[p])
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize, prefix: &str) -> Vec<String> {
        (1..=n).map(|i| format!("{prefix}{i}")).collect()
    }

    /// A three-player coordination game: everyone gets 1 if all choose the same action.
    fn coordination() -> NormalForm<f64> {
        let strategies = vec![names(2, "a"), names(2, "b"), names(2, "c")];
        let mut game = NormalForm { title: String::new(), players: names(3, "P"), strategies, payoffs: Vec::new() };
        game.payoffs = (0..8)
            .map(|k| {
                let p = game.profile(k);
                let same = p.iter().all(|&a| a == p[0]);
                vec![if same { 1.0 } else { 0.0 }; 3]
            })
            .collect();
        game
    }

    #[test]
    fn profiles_are_indexed_first_player_fastest() {
        let game = coordination();
        assert_eq!(game.profile(1), vec![1, 0, 0]);
        assert_eq!(game.index(&[0, 1, 1]), 6);
        for k in 0..8 {
            assert_eq!(game.index(&game.profile(k)), k);
        }
    }

    #[test]
    fn pure_equilibria_of_a_three_player_coordination_game() {
        let game = coordination();
        assert_eq!(game.pure_equilibria(), vec![vec![0, 0, 0], vec![1, 1, 1]]);
        let uniform = vec![vec![0.5, 0.5]; 3];
        assert_eq!(game.expected_payoffs(&uniform), vec![0.25; 3]);
        assert!(game.regret(&uniform).abs() < 1e-12, "the uniform profile is also an equilibrium");
        assert!(game.regret(&[vec![0.9, 0.1], vec![0.5, 0.5], vec![0.5, 0.5]]) > 0.0);
    }

    #[test]
    fn malformed_games_are_refused() {
        let err = NormalForm::<f64>::new(
            String::new(),
            names(2, "P"),
            vec![names(2, "a"), names(2, "b")],
            vec![vec![0.0, 0.0]; 3],
        );
        assert!(matches!(err, Err(GameError::WrongPayoffCount { expected: 4, found: 3, .. })));
        let two = || vec![names(2, "a"), names(2, "b")];
        let game = |payoffs: Vec<Vec<f64>>| NormalForm::new(String::new(), names(2, "P"), two(), payoffs);
        assert!(matches!(game(vec![vec![0.0, f64::INFINITY]; 4]), Err(GameError::NotFinite { index: 1, .. })));
        assert!(matches!(game(vec![vec![-2e100, 0.0]; 4]), Err(GameError::PayoffTooLarge { index: 0, .. })));
        assert!(game(vec![vec![1e100, 0.0]; 4]).is_ok(), "the limit itself is allowed");
        let long = vec!["x".repeat(MAX_NAME_CHARS + 1), "y".into()];
        let named = NormalForm::new(String::new(), names(2, "P"), vec![long, names(2, "b")], vec![vec![0.0; 2]; 4]);
        assert!(matches!(named, Err(GameError::NameTooLong { chars: 257, limit: 256 })));
        let crowd = NormalForm::new(String::new(), names(101, "P"), vec![names(1, "a"); 101], vec![vec![0.0; 101]]);
        assert!(matches!(crowd, Err(GameError::TooManyPlayers { players: 101, limit: 100 })));
    }
}
