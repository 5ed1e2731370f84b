//! `statecraft tournament --strategies NAME,NAME,...`: a round robin of repeated-game strategies,
//! scored as in the Axelrod library.

use std::path::PathBuf;

use statecraft_games::Rational;
use statecraft_games::repeated::{NAMES, StageGame, Strategy};
use statecraft_games::tournament::Tournament;

use super::game_file::read_game;
use super::solve::Format;
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
#[command(after_help = format!(
    "Strategies: {}.\n\nScoring and ranking as in the Axelrod library: a player's total sums its scores \
     over all its matches (no self-play); `normalised` is per turn and opponent; players are ranked \
     by the median over repetitions of the normalised score, ties in the order given.",
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
    if args.turns == 0 || args.repetitions == 0 {
        return Err(Failure::Input("error: --turns and --repetitions must be at least 1".into()));
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
            let out = serde_json::json!({ "players": standings });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
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
