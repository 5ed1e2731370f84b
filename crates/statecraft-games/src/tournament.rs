//! Round-robin tournaments of repeated-game strategies, scored and ranked as in the Axelrod
//! library: each pair plays `repetitions` matches (no self-play); a player's total sums its
//! scores over all its matches; players are ranked by the median over repetitions of their
//! normalised score (per turn, per opponent), ties kept in the order the players were given
//! (Axelrod's `ResultSet.ranking`). Every match draws from its own ChaCha8 stream, seeded by
//! (seed, pair, repetition), and scores are summed in match order, so results are the same on
//! any number of threads.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::repeated::{StageGame, Strategy, play_match};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standing {
    pub name: String,
    pub total: f64,
    /// Total per turn per opponent per repetition: comparable across tournament sizes.
    pub normalised: f64,
    /// The median over repetitions of the score per turn per opponent: what ranks players.
    pub median: f64,
    /// Matches in which it scored more than its opponent.
    pub wins: u32,
    pub rank: usize,
}

#[derive(Clone, Debug)]
pub struct Tournament {
    pub players: Vec<(String, Strategy)>,
    pub game: StageGame,
    pub turns: usize,
    pub repetitions: usize,
    pub noise: f64,
    pub seed: u64,
}

impl Tournament {
    /// Play every match on `pool` and rank the players by median normalised score (ties in
    /// the order given).
    pub fn play(&self, pool: &rayon::ThreadPool) -> Vec<Standing> {
        let n = self.players.len();
        let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect();
        let matches: Vec<(usize, usize, usize)> =
            pairs.iter().flat_map(|&(i, j)| (0..self.repetitions).map(move |r| (i, j, r))).collect();
        let scores: Vec<(f64, f64)> = pool.install(|| {
            matches
                .par_iter()
                .enumerate()
                .map(|(m, &(i, j, _))| {
                    let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
                    rng.set_stream(m as u64);
                    play_match(&self.players[i].1, &self.players[j].1, &self.game, self.turns, self.noise, &mut rng)
                })
                .collect()
        });
        let mut totals = vec![0.0; n];
        let mut per_repetition = vec![vec![0.0; self.repetitions]; n];
        let mut wins = vec![0u32; n];
        for (&(i, j, r), &(a, b)) in matches.iter().zip(&scores) {
            totals[i] += a;
            totals[j] += b;
            per_repetition[i][r] += a;
            per_repetition[j][r] += b;
            if a > b {
                wins[i] += 1;
            } else if b > a {
                wins[j] += 1;
            }
        }
        let per_match = (self.turns * n.saturating_sub(1)).max(1) as f64;
        let per = per_match * self.repetitions.max(1) as f64;
        let mut standings: Vec<Standing> = self
            .players
            .iter()
            .enumerate()
            .map(|(p, (name, _))| Standing {
                name: name.clone(),
                total: totals[p],
                normalised: totals[p] / per,
                median: median(per_repetition[p].iter().map(|s| s / per_match).collect()),
                wins: wins[p],
                rank: 0,
            })
            .collect();
        // A stable sort: ties stay in the order the players were given.
        standings.sort_by(|a, b| b.median.total_cmp(&a.median));
        for (k, s) in standings.iter_mut().enumerate() {
            s.rank = k + 1;
        }
        standings
    }
}

/// The median, the mean of the two middle values for an even count (as numpy's).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let k = values.len();
    match k {
        0 => 0.0,
        _ if k % 2 == 1 => values[k / 2],
        _ => (values[k / 2 - 1] + values[k / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tournament(names: &[&str], noise: f64) -> Tournament {
        Tournament {
            players: names.iter().map(|n| (n.to_string(), Strategy::parse(n).unwrap())).collect(),
            game: StageGame::PRISONERS_DILEMMA,
            turns: 200,
            repetitions: 5,
            noise,
            seed: 7,
        }
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
    }

    #[test]
    fn scores_sum_over_matches_without_self_play() {
        let t = tournament(&["tit-for-tat", "defector", "cooperator"], 0.0);
        let s = t.play(&pool(1));
        let get = |n: &str| s.iter().find(|x| x.name == n).unwrap().clone();
        // Per repetition: TFT 199 (vs D) + 600 (vs C); D 204 + 1000; C 0 + 600.
        assert_eq!(get("tit-for-tat").total, 5.0 * 799.0);
        assert_eq!(get("defector").total, 5.0 * 1204.0);
        assert_eq!(get("cooperator").total, 5.0 * 600.0);
        assert_eq!(get("defector").rank, 1);
        assert_eq!(get("defector").wins, 10);
        assert!((get("tit-for-tat").normalised - 799.0 / 400.0).abs() < 1e-12);
    }

    #[test]
    fn ranks_by_median_with_ties_in_the_order_given() {
        // Two cooperators and tit-for-tat all score 3 a turn against one another: a three-way
        // tie, kept in the order given (Axelrod sorts stably by median normalised score).
        let t = tournament(&["tit-for-tat", "cooperator", "memory-one:1:1:1:1"], 0.0);
        let names: Vec<String> = t.play(&pool(1)).into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["tit-for-tat", "cooperator", "memory-one:1:1:1:1"]);
        let t = tournament(&["cooperator", "memory-one:1:1:1:1", "tit-for-tat"], 0.0);
        let names: Vec<String> = t.play(&pool(1)).into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["cooperator", "memory-one:1:1:1:1", "tit-for-tat"]);
        assert_eq!(median(vec![3.0, 1.0, 2.0, 10.0]), 2.5);
    }

    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let t = tournament(&["random", "generous-tit-for-tat", "win-stay-lose-shift", "grudger", "tit-for-tat"], 0.05);
        let one = t.play(&pool(1));
        assert_eq!(one, t.play(&pool(2)));
        assert_eq!(one, t.play(&pool(4)));
        let other_seed = Tournament { seed: 8, ..t.clone() }.play(&pool(2));
        assert_ne!(one, other_seed, "noise and random players depend on the seed");
    }
}
