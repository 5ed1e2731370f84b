//! `statecraft tournament --strategies NAME,NAME,...`: a round robin of repeated-game strategies,
//! scored as in the Axelrod library.

use std::path::PathBuf;

use statecraft_games::Rational;
use statecraft_games::repeated::{NAMES, StageGame, Strategy};
use statecraft_games::tournament::Tournament;

use super::game_file::read_game;
use super::game_json;
use super::solve::Format;
use crate::failure::Failure;

/// The most strategies in one tournament.
pub const MAX_STRATEGIES: usize = 1_000;
/// The most turns of a match.
pub const MAX_TURNS: usize = 1_000_000;
/// The most repetitions of each match.
pub const MAX_REPETITIONS: usize = 100_000;
/// The most matches (pairs times repetitions): each keeps its scores in memory.
pub const MAX_MATCHES: usize = 10_000_000;
/// The most turns played in all (matches times turns).
pub const MAX_TURNS_IN_ALL: usize = 10_000_000_000;
/// The most worker threads.
pub const MAX_THREADS: usize = 1_024;

#[derive(clap::Args, Debug)]
#[command(after_help = format!(
    "Strategies: {}.\n\nScoring and ranking as in the Axelrod library: a player's total sums its scores \
     over all its matches (no self-play); `normalised` is per turn and opponent; players are ranked \
     by the median over repetitions of the normalised score, ties in the order given.\n\n\
     Limits: at most {MAX_STRATEGIES} strategies, {MAX_TURNS} turns, {MAX_REPETITIONS} repetitions, \
     {MAX_MATCHES} matches (pairs times repetitions), 10^10 turns in all, {MAX_THREADS} threads.\n\n\
     JSON: `total`, `normalised` and `median` as strings with `_float` numbers beside them, as \
     `statecraft solve --help` describes.",
    NAMES.join(", ")
))]
pub struct Args {
    /// A symmetric 2×2 game (action 1 = cooperate, 2 = defect), .nfg or RON. Default: the
    /// prisoner's dilemma with Axelrod's payoffs (R 3, S 0, T 5, P 1).
    #[arg(long)]
    pub game: Option<PathBuf>,
    /// Comma-separated strategy names, e.g. tit-for-tat,defector,grudger (all are listed below).
    #[arg(long, value_delimiter = ',', required = true)]
    pub strategies: Vec<String>,
    #[arg(long, default_value_t = 200)]
    pub turns: usize,
    #[arg(long, default_value_t = 10)]
    pub repetitions: usize,
    /// Probability that each move is flipped.
    #[arg(long, default_value_t = 0.0)]
    pub noise: f64,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

fn stage_game(args: &Args) -> Result<StageGame, Failure> {
    let Some(path) = &args.game else { return Ok(StageGame::PRISONERS_DILEMMA) };
    let game = read_game(path)?;
    let fail = |why: &str| {
        Failure::Input(format!("{}: error: {why}\nhelp: a tournament needs a symmetric 2x2 game", path.display()))
    };
    if game.actions() != [2, 2] {
        return Err(fail("not a two-player game with two actions each"));
    }
    let u = |i: usize, j: usize, p: usize| game.payoff(&[i, j], p).clone();
    let symmetric = (0..2).all(|i| (0..2).all(|j| u(i, j, 0) == u(j, i, 1)));
    if !symmetric {
        return Err(fail("not symmetric: the column player's payoffs must mirror the row player's"));
    }
    let f = |r: Rational| r.to_f64();
    Ok(StageGame { r: f(u(0, 0, 0)), s: f(u(0, 1, 0)), t: f(u(1, 0, 0)), p: f(u(1, 1, 0)) })
}

pub fn main(args: Args) -> Result<(), Failure> {
    let mut players = Vec::new();
    for name in &args.strategies {
        let name = name.trim();
        let strategy = Strategy::parse(name).ok_or_else(|| {
            Failure::Input(format!("error: unknown strategy `{name}`\nhelp: the strategies are {}", NAMES.join(", ")))
        })?;
        players.push((name.to_string(), strategy));
    }
    if players.len() < 2 {
        return Err(Failure::Input("error: a tournament needs at least two strategies".into()));
    }
    if !(0.0..=1.0).contains(&args.noise) {
        return Err(Failure::Input("error: --noise is a probability, between 0 and 1".into()));
    }
    let input = |m: String| Failure::Input(format!("error: {m}"));
    if players.len() > MAX_STRATEGIES {
        return Err(input(format!("{} strategies, more than the {MAX_STRATEGIES} a tournament takes", players.len())));
    }
    if !(1..=MAX_TURNS).contains(&args.turns) {
        return Err(input(format!("--turns must be between 1 and {MAX_TURNS}")));
    }
    if !(1..=MAX_REPETITIONS).contains(&args.repetitions) {
        return Err(input(format!("--repetitions must be between 1 and {MAX_REPETITIONS}")));
    }
    let matches = players.len() * (players.len() - 1) / 2 * args.repetitions;
    if matches > MAX_MATCHES {
        return Err(input(format!(
            "{matches} matches ({} strategies, {} repetitions), more than the {MAX_MATCHES} statecraft plays\nhelp: fewer strategies or repetitions",
            players.len(),
            args.repetitions
        )));
    }
    if matches * args.turns > MAX_TURNS_IN_ALL {
        return Err(input(format!(
            "{matches} matches of {} turns, more than the {MAX_TURNS_IN_ALL} turns in all statecraft plays\nhelp: fewer turns, strategies or repetitions",
            args.turns
        )));
    }
    if args.threads.is_some_and(|t| t > MAX_THREADS) {
        return Err(input(format!("--threads must be at most {MAX_THREADS}")));
    }
    let tournament = Tournament {
        players,
        game: stage_game(&args)?,
        turns: args.turns,
        repetitions: args.repetitions,
        noise: args.noise,
        seed: args.seed,
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = args.threads.filter(|&t| t > 0) {
        pool = pool.num_threads(t);
    }
    let pool = pool.build().map_err(|e| Failure::Runtime(format!("error: cannot start threads: {e}")))?;
    let standings = tournament.play(&pool);
    match args.format {
        Format::Json => {
            let players: Vec<_> = standings
                .iter()
                .map(|s| {
                    let plain = serde_json::json!({"name": s.name, "wins": s.wins, "rank": s.rank});
                    let score = |x: f64| serde_json::json!(x);
                    game_json::object(
                        plain,
                        vec![
                            ("total", score(s.total)),
                            ("normalised", score(s.normalised)),
                            ("median", score(s.median)),
                        ],
                    )
                })
                .collect();
            game_json::print(&serde_json::json!({ "exact": false, "players": players }));
        }
        Format::Text => {
            println!(
                "{} strategies, {} turns, {} repetitions, noise {}, seed {}\n",
                standings.len(),
                args.turns,
                args.repetitions,
                args.noise,
                args.seed
            );
            println!(
                "  {:>4}  {:<28} {:>12} {:>11} {:>8} {:>6}",
                "rank", "strategy", "total", "normalised", "median", "wins"
            );
            for s in &standings {
                println!(
                    "  {:>4}  {:<28} {:>12} {:>11.4} {:>8.4} {:>6}",
                    s.rank, s.name, s.total, s.normalised, s.median, s.wins
                );
            }
            println!("\nranked by the median over repetitions of the score per turn and opponent, as Axelrod ranks");
        }
    }
    Ok(())
}
