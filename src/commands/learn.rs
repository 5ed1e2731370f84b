//! `statecraft learn GAME --rule fictitious-play|regret-matching`: two players learning in
//! repeated play of a game, and how close their average play comes to an equilibrium.

use std::path::PathBuf;

use serde_json::json;
use statecraft_games::Bimatrix;
use statecraft_games::learning::{fictitious_play, regret_matching};
use statecraft_games::normal_form::MAX_PROFILES;

use super::game_file::{read_game, strategy_columns};
use super::game_json;
use super::solve::Format;
use crate::failure::Failure;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LearningRule {
    /// Each round both best-respond to the other's empirical mix so far (Brown 1951); the
    /// empirical mixes are reported.
    FictitiousPlay,
    /// Each plays in proportion to its positive cumulative regrets (Hart & Mas-Colell 2000);
    /// the average strategies are reported.
    RegretMatching,
}

/// The most rounds of learning.
pub const MAX_ROUNDS: usize = 100_000_000;
/// The most rounds times cells of the game: a round costs one pass over the payoffs.
pub const MAX_WORK: usize = 10_000_000_000;

#[derive(clap::Args, Debug)]
#[command(after_help = "Both rules are deterministic (ties go to the first strategy; regret matching \
    uses expected payoffs). In two-player zero-sum games both converge to equilibrium; in \
    others they may cycle. `regret` is how much each player could gain against the other's \
    mix: zero at a Nash equilibrium.\n\nLimits: --rounds at most 100,000,000, and rounds times \
    the game's cells at most 10^10. JSON: strategies and regrets as strings with `_float` \
    numbers beside them, as `statecraft solve --help` describes.")]
pub struct Args {
    /// A two-player game: Gambit `.nfg` or RON (see `statecraft solve --help`).
    pub game: PathBuf,
    #[arg(long, value_enum)]
    pub rule: LearningRule,
    #[arg(long, default_value_t = 10_000)]
    pub rounds: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// A round, both players' average strategies then, and their regrets.
type Checkpoint = (usize, (Vec<f64>, Vec<f64>), (f64, f64));

/// Rounds 1, 10, 100, ... up to `rounds`, and `rounds` itself.
fn checkpoints(rounds: usize) -> Vec<usize> {
    let mut at: Vec<usize> =
        std::iter::successors(Some(1usize), |k| k.checked_mul(10)).take_while(|&k| k < rounds).collect();
    at.push(rounds);
    at
}

pub fn main(args: Args) -> Result<(), Failure> {
    let game = read_game(&args.game)?;
    let bimatrix: Bimatrix<f64> = game.to_f64().to_bimatrix().ok_or_else(|| {
        Failure::Input(format!("error: learning is for two-player games; this one has {} players", game.player_count()))
    })?;
    if args.rounds == 0 || args.rounds > MAX_ROUNDS {
        return Err(Failure::Input(format!("error: --rounds must be between 1 and {MAX_ROUNDS}")));
    }
    let cells = bimatrix.rows() * bimatrix.cols();
    if args.rounds.saturating_mul(cells) > MAX_WORK {
        return Err(Failure::Input(format!(
            "error: {} rounds of a game of {cells} cells is more than the {MAX_WORK} round-cells statecraft plays\nhelp: fewer rounds (games have at most {MAX_PROFILES} cells)",
            args.rounds
        )));
    }
    let learn = |rounds| match args.rule {
        LearningRule::FictitiousPlay => fictitious_play(&bimatrix, rounds),
        LearningRule::RegretMatching => regret_matching(&bimatrix, rounds),
    };
    let trajectory: Vec<Checkpoint> = checkpoints(args.rounds)
        .into_iter()
        .map(|r| {
            let (x, y) = learn(r);
            let regrets = bimatrix.regrets(&x, &y);
            (r, (x, y), regrets)
        })
        .collect();
    let rule = match args.rule {
        LearningRule::FictitiousPlay => "fictitious-play",
        LearningRule::RegretMatching => "regret-matching",
    };
    match args.format {
        Format::Json => {
            let point = |(r, (x, y), (u, v)): &Checkpoint| {
                game_json::object(json!({"round": r}), vec![("strategies", json!([x, y])), ("regret", json!([u, v]))])
            };
            let points: Vec<_> = trajectory.iter().map(point).collect();
            // `checkpoints` always ends with `rounds` itself.
            let last = trajectory.last().map(point).unwrap_or_default();
            let plain = json!({
                "rule": rule,
                "rounds": args.rounds,
                "exact": false,
                "trajectory": points,
                "names": {"players": game.players, "strategies": game.strategies},
            });
            let quantities = ["strategies", "regret", "strategies_float", "regret_float"];
            let mut out = plain;
            for q in quantities {
                out[q] = last[q].clone();
            }
            game_json::print(&out);
        }
        Format::Text => {
            if !game.title.is_empty() {
                println!("{}", game.title);
            }
            let what = match args.rule {
                LearningRule::FictitiousPlay => "empirical mixes of play",
                LearningRule::RegretMatching => "average strategies",
            };
            println!("{rule}, {} rounds: the {what}, and what each player could still gain (regret)\n", args.rounds);
            let columns = strategy_columns(&game);
            let regrets: Vec<String> = game.players.iter().map(|p| format!("regret:{p}")).collect();
            let width = columns.iter().chain(&regrets).map(|c| c.chars().count()).max().unwrap_or(0).max(7);
            print!("  {:>9}", "round");
            for c in columns.iter().chain(&regrets) {
                print!("  {c:>width$}");
            }
            println!();
            for (r, (x, y), (u, v)) in &trajectory {
                print!("  {r:>9}");
                for p in x.iter().chain(y).chain([u, v]) {
                    print!("  {p:>width$.4}");
                }
                println!();
            }
        }
    }
    Ok(())
}
