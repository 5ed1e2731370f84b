//! `statecraft moran --population N --fitness r` (or `--game GAME`): the probability that one
//! mutant takes over a population in a Moran process.

use std::path::PathBuf;

use serde_json::json;
use statecraft_games::evolution::moran_fixation;

use super::game_file::read_game;
use super::game_json;
use super::solve::Format;
use crate::failure::Failure;

/// The largest population: the answer sums a term per population size, in doubles.
pub const MAX_POPULATION: usize = 1_000_000_000;

#[derive(clap::Args, Debug)]
#[command(after_help = "With --fitness r the mutant's fitness is r and the residents' 1: the answer is \
    (1 - 1/r) / (1 - 1/r^N). With --game (a symmetric 2x2 game) fitness is 1 - w + w x (average \
    payoff against the others), w the intensity of selection (Nowak et al. 2004): the answers \
    are for one player of the first strategy among the second, and the other way round.\n\n\
    Limits: --population at most 1,000,000,000. JSON: probabilities as strings with `_float` \
    numbers beside them, as `statecraft solve --help` describes.")]
pub struct Args {
    /// Population size N (at least 2).
    #[arg(long)]
    pub population: usize,
    /// The mutant's constant fitness, relative to the residents' 1.
    #[arg(long, conflicts_with = "game", required_unless_present = "game")]
    pub fitness: Option<f64>,
    /// A symmetric 2×2 game (`.nfg` or RON): fitness from playing it against the others.
    #[arg(long)]
    pub game: Option<PathBuf>,
    /// Intensity of selection w, between 0 (neutral drift) and 1.
    #[arg(long, default_value_t = 1.0, requires = "game")]
    pub intensity: f64,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

fn fail(message: &str) -> Failure {
    Failure::Input(format!("error: {message}"))
}

pub fn main(args: Args) -> Result<(), Failure> {
    let n = args.population;
    if !(2..=MAX_POPULATION).contains(&n) {
        return Err(fail(&format!("--population must be between 2 and {MAX_POPULATION}")));
    }
    let neutral = 1.0 / n as f64;
    // Each case: who invades, and the payoffs of mutant against mutant, mutant against
    // resident, resident against mutant, resident against resident.
    let (cases, w): (Vec<(String, [f64; 4])>, f64) = match (&args.game, args.fitness) {
        (None, Some(r)) => {
            if !(r > 0.0 && r.is_finite()) {
                return Err(fail("--fitness must be a positive number"));
            }
            (vec![(format!("a mutant of fitness {r}"), [r, r, 1.0, 1.0])], 1.0)
        }
        (Some(path), _) => {
            let game = read_game(path)?.to_f64();
            let u = |i: usize, j: usize, p: usize| game.payoff(&[i, j], p).to_owned();
            let symmetric = game.actions() == [2, 2] && (0..2).all(|i| (0..2).all(|j| u(i, j, 0) == u(j, i, 1)));
            if !symmetric {
                return Err(Failure::Input(format!(
                    "{}: error: not a symmetric 2x2 game\nhelp: the column player's payoffs must mirror the row player's",
                    path.display()
                )));
            }
            if !(0.0..=1.0).contains(&args.intensity) {
                return Err(fail("--intensity is between 0 and 1"));
            }
            let names = &game.strategies[0];
            let (a, b, c, d) = (u(0, 0, 0), u(0, 1, 0), u(1, 0, 0), u(1, 1, 0));
            (
                vec![
                    (format!("one {} among {}", names[0], names[1]), [a, b, c, d]),
                    (format!("one {} among {}", names[1], names[0]), [d, c, b, a]),
                ],
                args.intensity,
            )
        }
        (None, None) => return Err(fail("give --fitness or --game")),
    };
    let mut results = Vec::new();
    for (label, [a, b, c, d]) in &cases {
        // Fitness must stay positive for the process to be defined.
        let nf = n as f64;
        let positive = (1..n).all(|k| {
            let i = k as f64;
            1.0 - w + w * (a * (i - 1.0) + b * (nf - i)) / (nf - 1.0) > 0.0
                && 1.0 - w + w * (c * i + d * (nf - i - 1.0)) / (nf - 1.0) > 0.0
        });
        if !positive {
            return Err(fail(
                "some fitness is not positive\nhelp: lower --intensity, or add a constant to the payoffs",
            ));
        }
        results.push((label.clone(), moran_fixation(*a, *b, *c, *d, n, w)));
    }
    match args.format {
        Format::Json => {
            let fixation: Vec<_> = results
                .iter()
                .map(|(label, p)| game_json::object(json!({"mutant": label}), vec![("probability", json!(p))]))
                .collect();
            let plain = json!({"population": n, "exact": false, "fixation": fixation});
            game_json::print(&game_json::object(plain, vec![("neutral", json!(neutral))]));
        }
        Format::Text => {
            println!("Moran process, population {n}: the probability that one mutant takes over\n");
            for (label, p) in &results {
                let verdict = if (p - neutral).abs() <= 1e-12 {
                    "as under neutral drift"
                } else if *p > neutral {
                    "favoured by selection"
                } else {
                    "opposed by selection"
                };
                println!("  {label:<40} {p:.6}  ({verdict})");
            }
            println!("\n  neutral drift: 1/N = {neutral:.6}");
        }
    }
    Ok(())
}
