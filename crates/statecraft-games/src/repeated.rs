//! Repeated two-action games (C = cooperate = action 0, D = defect = action 1): the classic
//! strategies, each small and named as in the Axelrod library, and a match with noise.

use rand::rngs::ChaCha8Rng;

use crate::decision::unit;

/// The stage game: R (both C), S (C against D), T (D against C), P (both D) for the player
/// whose payoff it is. The prisoner's dilemma has T > R > P > S.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageGame {
    pub r: f64,
    pub s: f64,
    pub t: f64,
    pub p: f64,
}

impl StageGame {
    /// Axelrod's tournament payoffs.
    pub const PRISONERS_DILEMMA: StageGame = StageGame { r: 3.0, s: 0.0, t: 5.0, p: 1.0 };

    /// The payoff of playing `own` against `other` (true = cooperate).
    pub fn payoff(&self, own: bool, other: bool) -> f64 {
        match (own, other) {
            (true, true) => self.r,
            (true, false) => self.s,
            (false, true) => self.t,
            (false, false) => self.p,
        }
    }
}

/// A strategy of the repeated game.
#[derive(Clone, Debug, PartialEq)]
pub enum Strategy {
    Cooperator,
    Defector,
    TitForTat,
    Grudger,
    Alternator,
    TitForTwoTats,
    WinStayLoseShift,
    SuspiciousTitForTat,
    GenerousTitForTat,
    Random,
    /// Cooperation probabilities after (own, other's) last moves CC, CD, DC, DD; starts with C.
    MemoryOne([f64; 4]),
}

/// Every strategy name the command line accepts (memory-one takes its vector: `memory-one:1:0:1:0`).
pub const NAMES: [&str; 11] = [
    "cooperator",
    "defector",
    "tit-for-tat",
    "grudger",
    "alternator",
    "tit-for-two-tats",
    "win-stay-lose-shift",
    "suspicious-tit-for-tat",
    "generous-tit-for-tat",
    "random",
    "memory-one:PCC:PCD:PDC:PDD",
];

impl Strategy {
    pub fn parse(name: &str) -> Option<Strategy> {
        Some(match name {
            "cooperator" => Strategy::Cooperator,
            "defector" => Strategy::Defector,
            "tit-for-tat" => Strategy::TitForTat,
            "grudger" => Strategy::Grudger,
            "alternator" => Strategy::Alternator,
            "tit-for-two-tats" => Strategy::TitForTwoTats,
            "win-stay-lose-shift" => Strategy::WinStayLoseShift,
            "suspicious-tit-for-tat" => Strategy::SuspiciousTitForTat,
            "generous-tit-for-tat" => Strategy::GenerousTitForTat,
            "random" => Strategy::Random,
            other => {
                let probabilities: Vec<f64> =
                    other.strip_prefix("memory-one:")?.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
                let v: [f64; 4] = probabilities.try_into().ok()?;
                if v.iter().any(|p| !(0.0..=1.0).contains(p)) {
                    return None;
                }
                Strategy::MemoryOne(v)
            }
        })
    }

    /// Whether the strategy ever draws randomness (Axelrod's "stochastic" classifier).
    pub fn is_stochastic(&self) -> bool {
        match self {
            Strategy::Random | Strategy::GenerousTitForTat => true,
            Strategy::MemoryOne(v) => v.iter().any(|p| *p > 0.0 && *p < 1.0),
            _ => false,
        }
    }

    /// The next move (true = cooperate) given both histories.
    pub fn play(&self, own: &[bool], other: &[bool], game: &StageGame, rng: &mut ChaCha8Rng) -> bool {
        let last = other.last().copied();
        match self {
            Strategy::Cooperator => true,
            Strategy::Defector => false,
            Strategy::TitForTat => last.unwrap_or(true),
            Strategy::SuspiciousTitForTat => last.unwrap_or(false),
            Strategy::Grudger => other.iter().all(|&c| c),
            Strategy::Alternator => own.len().is_multiple_of(2),
            Strategy::TitForTwoTats => !(other.len() >= 2 && !other[other.len() - 1] && !other[other.len() - 2]),
            Strategy::WinStayLoseShift => Strategy::MemoryOne([1.0, 0.0, 0.0, 1.0]).play(own, other, game, rng),
            Strategy::GenerousTitForTat => {
                // Forgive with the largest probability that still keeps defection unprofitable
                // (Nowak & Sigmund 1992): 1/3 in the standard prisoner's dilemma.
                let forgive = (1.0 - (game.t - game.r) / (game.r - game.s)).min((game.r - game.p) / (game.t - game.p));
                match last {
                    None | Some(true) => true,
                    Some(false) => unit(rng) < forgive,
                }
            }
            Strategy::Random => unit(rng) < 0.5,
            Strategy::MemoryOne(p) => match (own.last(), last) {
                (Some(&mine), Some(theirs)) => {
                    let q = p[match (mine, theirs) {
                        (true, true) => 0,
                        (true, false) => 1,
                        (false, true) => 2,
                        (false, false) => 3,
                    }];
                    q >= 1.0 || (q > 0.0 && unit(rng) < q)
                }
                _ => true,
            },
        }
    }
}

/// The scores of a match of `turns` rounds; each move is flipped with probability `noise`.
pub fn play_match(
    a: &Strategy,
    b: &Strategy,
    game: &StageGame,
    turns: usize,
    noise: f64,
    rng: &mut ChaCha8Rng,
) -> (f64, f64) {
    let (mut ha, mut hb) = (Vec::with_capacity(turns), Vec::with_capacity(turns));
    let (mut sa, mut sb) = (0.0, 0.0);
    for _ in 0..turns {
        let (mut x, mut y) = (a.play(&ha, &hb, game, rng), b.play(&hb, &ha, game, rng));
        if noise > 0.0 {
            if unit(rng) < noise {
                x = !x;
            }
            if unit(rng) < noise {
                y = !y;
            }
        }
        sa += game.payoff(x, y);
        sb += game.payoff(y, x);
        ha.push(x);
        hb.push(y);
    }
    (sa, sb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn score(a: &str, b: &str, turns: usize) -> (f64, f64) {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        play_match(
            &Strategy::parse(a).unwrap(),
            &Strategy::parse(b).unwrap(),
            &StageGame::PRISONERS_DILEMMA,
            turns,
            0.0,
            &mut rng,
        )
    }

    #[test]
    fn known_match_outcomes() {
        // The Axelrod library's documented results over 200 turns.
        assert_eq!(score("tit-for-tat", "defector", 200), (199.0, 204.0));
        assert_eq!(score("cooperator", "defector", 200), (0.0, 1000.0));
        assert_eq!(score("tit-for-tat", "cooperator", 200), (600.0, 600.0));
        // Grudger C C D D against alternator C D C D.
        assert_eq!(score("grudger", "alternator", 4), (9.0, 9.0));
        // Suspicious TFT against TFT: they alternate out of phase forever.
        assert_eq!(score("suspicious-tit-for-tat", "tit-for-tat", 4), (5.0 + 0.0 + 5.0 + 0.0, 0.0 + 5.0 + 0.0 + 5.0));
        // Win-stay-lose-shift recovers mutual cooperation against itself, and TF2T forgives one
        // defection.
        assert_eq!(score("win-stay-lose-shift", "win-stay-lose-shift", 10), (30.0, 30.0));
        assert_eq!(score("tit-for-two-tats", "alternator", 6), (9.0, 24.0));
    }

    #[test]
    fn memory_one_reproduces_tit_for_tat() {
        assert_eq!(score("memory-one:1:0:1:0", "defector", 200), score("tit-for-tat", "defector", 200));
        assert!(Strategy::parse("memory-one:1:0:1").is_none());
        assert!(Strategy::parse("memory-one:2:0:1:0").is_none());
        assert!(Strategy::parse("nice-guy").is_none());
    }

    #[test]
    fn classification() {
        assert!(Strategy::Random.is_stochastic() && Strategy::GenerousTitForTat.is_stochastic());
        assert!(
            !Strategy::TitForTat.is_stochastic() && !Strategy::parse("memory-one:1:0:0:1").unwrap().is_stochastic()
        );
    }
}
