//! `statecraft evolve GAME --dynamics replicator|replicator-discrete`: the replicator dynamics
//! of one population (a symmetric game) or two (any two-player game), from a given start.

use std::path::PathBuf;

use serde_json::json;
use statecraft_games::evolution::{replicator, replicator_rate, replicator_step, replicator_two, replicator_two_step};
use statecraft_games::{Bimatrix, is_distribution};

use super::game_file::{read_game, strategy_columns};
use super::game_json;
use super::solve::Format;
use crate::failure::Failure;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dynamics {
    /// dx_i/dt = x_i (f_i − mean fitness), integrated by fourth-order Runge–Kutta in steps of
    /// `--dt`.
    Replicator,
    /// One generation per step: x_i ← x_i f_i / mean fitness (payoffs must be positive).
    ReplicatorDiscrete,
}

/// The most steps (or generations).
pub const MAX_STEPS: usize = 100_000_000;
/// The most steps times cells of the game: a step costs a few passes over the payoffs.
pub const MAX_WORK: usize = 10_000_000_000;

#[derive(clap::Args, Debug)]
#[command(after_help = "One population plays a symmetric game against itself (its fitness is the row \
    player's payoff); two populations, rows against columns, play any two-player game. The \
    default is one population for symmetric games, two otherwise.\n\nLimits: --steps at most \
    100,000,000, and steps times the game's cells at most 10^10. If the shares stop being \
    numbers (too large a --dt for the payoffs), the command stops with an error. JSON: shares \
    as strings with `_float` numbers beside them, as `statecraft solve --help` describes.")]
pub struct Args {
    /// A two-player game: Gambit `.nfg` or RON (see `statecraft solve --help`).
    pub game: PathBuf,
    #[arg(long, value_enum, default_value = "replicator")]
    pub dynamics: Dynamics,
    /// 1 (a symmetric game) or 2.
    #[arg(long)]
    pub populations: Option<usize>,
    /// Steps (generations, for the discrete dynamics).
    #[arg(long, default_value_t = 1000)]
    pub steps: usize,
    /// Time per step of the continuous dynamics.
    #[arg(long, default_value_t = 0.01)]
    pub dt: f64,
    /// The starting shares of a population's strategies, e.g. 0.2,0.8 (given once per
    /// population, rows first). Default: equal shares.
    #[arg(long, value_delimiter = ',', num_args = 1.., action = clap::ArgAction::Append)]
    pub start: Vec<f64>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

fn fail(message: String) -> Failure {
    Failure::Input(message)
}

pub fn main(args: Args) -> Result<(), Failure> {
    let game = read_game(&args.game)?;
    let bimatrix: Bimatrix<f64> = game.to_f64().to_bimatrix().ok_or_else(|| {
        fail(format!("error: evolve plays two-player games; this one has {} players", game.player_count()))
    })?;
    let (m, n) = (bimatrix.rows(), bimatrix.cols());
    let symmetric = m == n && (0..m).all(|i| (0..n).all(|j| bimatrix.a(i, j) == bimatrix.b(j, i)));
    let populations = args.populations.unwrap_or(if symmetric { 1 } else { 2 });
    match populations {
        1 if !symmetric => {
            return Err(fail(
                "error: one population needs a symmetric game (the column player's payoffs mirroring the row player's)\nhelp: use --populations 2".into(),
            ));
        }
        1 | 2 => {}
        _ => return Err(fail("error: --populations is 1 or 2".into())),
    }
    if args.steps == 0 || args.steps > MAX_STEPS || !(args.dt > 0.0 && args.dt.is_finite()) {
        return Err(fail(format!("error: --steps must be between 1 and {MAX_STEPS} and --dt a positive number")));
    }
    if args.steps.saturating_mul(m * n) > MAX_WORK {
        return Err(fail(format!(
            "error: {} steps of a game of {} cells is more than the {MAX_WORK} step-cells statecraft plays\nhelp: fewer steps",
            args.steps,
            m * n
        )));
    }
    let sizes: &[usize] = if populations == 1 { &[m] } else { &[m, n] };
    let start: Vec<Vec<f64>> = if args.start.is_empty() {
        sizes.iter().map(|&k| vec![1.0 / k as f64; k]).collect()
    } else {
        let mut shares = args.start.as_slice();
        let mut out = Vec::new();
        for &k in sizes {
            if shares.len() < k {
                break;
            }
            out.push(shares[..k].to_vec());
            shares = &shares[k..];
        }
        if out.len() != sizes.len() || !shares.is_empty() || !out.iter().all(|s| is_distribution(s)) {
            let expected: Vec<String> = sizes.iter().map(|k| format!("{k} shares")).collect();
            return Err(fail(format!(
                "error: --start needs {} summing to 1 (one --start per population)\nhelp: e.g. --start {}",
                expected.join(" then "),
                sizes
                    .iter()
                    .map(|&k| vec![format!("{:.3}", 1.0 / k as f64); k].join(","))
                    .collect::<Vec<_>>()
                    .join(" --start ")
            )));
        }
        out
    };
    let positive = bimatrix.row_payoffs().iter().chain(bimatrix.col_payoffs()).all(|&u| u > 0.0);
    if args.dynamics == Dynamics::ReplicatorDiscrete && !positive {
        return Err(fail(
            "error: the discrete replicator needs positive payoffs (fitnesses)\nhelp: add a constant to every payoff: it changes the speed, not the rest points".into(),
        ));
    }
    let a = bimatrix.row_payoffs();
    let step = |state: &[Vec<f64>]| -> Vec<Vec<f64>> {
        match (args.dynamics, populations) {
            (Dynamics::Replicator, 1) => vec![replicator(a, &state[0], args.dt, args.dt)],
            (Dynamics::ReplicatorDiscrete, 1) => vec![replicator_step(a, &state[0])],
            (Dynamics::Replicator, _) => {
                let (x, y) = replicator_two(&bimatrix, (&state[0], &state[1]), args.dt, args.dt);
                vec![x, y]
            }
            (Dynamics::ReplicatorDiscrete, _) => {
                let (x, y) = replicator_two_step(&bimatrix, &state[0], &state[1]);
                vec![x, y]
            }
        }
    };
    // Eleven snapshots, evenly spaced.
    let every = args.steps.div_ceil(10);
    let mut state = start;
    let mut trajectory = vec![(0, state.clone())];
    for k in 1..=args.steps {
        state = step(&state);
        if !state.iter().flatten().all(|x| x.is_finite()) {
            return Err(Failure::Runtime(format!(
                "error: the shares stopped being numbers at step {k}: the dynamics diverged\nhelp: {}",
                if args.dynamics == Dynamics::Replicator {
                    "a smaller --dt (a step must be small against the payoffs' differences)"
                } else {
                    "rescale the payoffs (divide them by a constant)"
                }
            )));
        }
        if k % every == 0 || k == args.steps {
            trajectory.push((k, state.clone()));
        }
    }
    // How far the last step still moved play: ~0 at a rest point.
    let motion = {
        let next = step(&state);
        next.iter().flatten().zip(state.iter().flatten()).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max)
    };
    let continuous = args.dynamics == Dynamics::Replicator;
    let time = |k: usize| if continuous { k as f64 * args.dt } else { k as f64 };
    let names: Vec<&Vec<String>> = game.strategies.iter().take(populations).collect();
    match args.format {
        Format::Json => {
            let points: Vec<_> = trajectory
                .iter()
                .map(|(k, s)| game_json::object(json!({"step": k, "time": time(*k)}), vec![("shares", json!(s))]))
                .collect();
            let plain = json!({
                "dynamics": if continuous { "replicator" } else { "replicator-discrete" },
                "populations": populations,
                "steps": args.steps,
                "exact": false,
                "last_step_moved": motion,
                "trajectory": points,
                "names": names,
            });
            game_json::print(&game_json::object(plain, vec![("shares", json!(state))]));
        }
        Format::Text => {
            if !game.title.is_empty() {
                println!("{}", game.title);
            }
            let how = if continuous {
                format!(
                    "continuous replicator dynamics, {} steps of dt = {} (time {})",
                    args.steps,
                    args.dt,
                    time(args.steps)
                )
            } else {
                format!("discrete replicator dynamics, {} generations", args.steps)
            };
            println!(
                "{how}, {populations} population{}: shares of each strategy\n",
                if populations == 1 { "" } else { "s" }
            );
            let columns: Vec<String> =
                if populations == 1 { game.strategies[0].clone() } else { strategy_columns(&game) };
            let width = columns.iter().map(|c| c.chars().count()).max().unwrap_or(0).max(7);
            print!("  {:>10}", if continuous { "time" } else { "generation" });
            for c in &columns {
                print!("  {c:>width$}");
            }
            println!();
            for (k, s) in &trajectory {
                print!("  {:>10}", if continuous { format!("{:.2}", time(*k)) } else { k.to_string() });
                for x in s.iter().flatten() {
                    print!("  {x:>width$.4}");
                }
                println!();
            }
            let rest = if continuous {
                let rate: Vec<f64> =
                    if populations == 1 { replicator_rate(a, &state[0]) } else { vec![motion / args.dt] };
                rate.iter().map(|r| r.abs()).fold(0.0, f64::max)
            } else {
                motion
            };
            println!(
                "\n{} {rest:.1e}{}",
                if continuous {
                    "largest rate of change at the end:"
                } else {
                    "largest change in the last generation:"
                },
                if rest < 1e-6 { " (at rest)" } else { "" }
            );
        }
    }
    Ok(())
}
