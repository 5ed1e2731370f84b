//! `statecraft solve GAME`: the equilibria of a normal-form game (Gambit `.nfg` or RON), its
//! dominance reduction, its value if it is zero-sum, its logit QRE; or with
//! `--from RUN_DIR --month YYYY-MM` the US–Beijing stage game of a month of a run. With
//! `--write FILE.nfg` the game is also written as Gambit reads it.
//!
//! `methods` runs the solvers, `print` shows their answers (text or JSON), `from_run` poses a
//! run's stage game.

mod from_run;
mod methods;
mod print;

use std::path::{Path, PathBuf};

use statecraft_games::{NormalForm, Rational, nfg};

use super::game_file::RON_FORMAT;
use crate::failure::Failure;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every equilibrium, exactly (two players; extreme points when the game is degenerate).
    All,
    /// One equilibrium by Lemke–Howson from `--label` (two players; exact; fast on large games).
    LemkeHowson,
    /// Every pure-strategy equilibrium (any number of players).
    Pure,
    /// The logit quantal response equilibrium at `--lambda` (any number of players).
    Qre,
    /// The principal branch of logit equilibria from λ = 0 up to `--lambda`.
    QrePath,
    /// Iterated elimination of strictly dominated strategies, by pure or mixed strategies.
    Dominance,
    /// The value and optimal strategies of a two-player zero-sum (or constant-sum) game.
    ZeroSum,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

const AFTER_HELP: &str = "\
Limits: `all` and `lemke-howson` solve two-player games. For three or more players `pure`
finds every pure equilibrium, and `qre` (or `qre-path`) follows the logit branch to one
equilibrium approximately; mixed equilibria of such games are not enumerated. 

JSON: {\"players\": N, \"exact\": true|false, \"degenerate\": true|false|null,
\"equilibria\": [{\"strategies\": [[\"1/2\", \"1/2\"], ...], \"strategies_float\": [[0.5, 0.5], ...],
\"payoffs\": [\"3/2\", ...], \"payoffs_float\": [1.5, ...]}], \"names\": {\"players\": [...],
\"strategies\": [[...], ...]}}. Every probability and payoff is a string holding an exact number
(the exact answer when `exact` is true, else the shortest decimal of the double computed), with
the same as JSON numbers beside it under `_float`; `learn`, `evolve`, `moran` and `tournament`
write their quantities the same way. `degenerate` is null when it was not determined (more
than two players, or a two-player game of more than 144 cells without tied best replies).

Limits: games of at most 1,000,000 profiles, 100 players, names of 256 characters, payoffs of
magnitude 1e100 (divide a player's payoffs by a constant c to rescale: the equilibria stay the
same, and the logit QRE at lambda becomes the one at lambda * c), files of 16 MiB.";

#[derive(clap::Args, Debug)]
#[command(after_long_help = format!("{RON_FORMAT}\n\n{AFTER_HELP}"))]
pub struct Args {
    /// A game: Gambit `.nfg` (payoff or outcome version), or RON (its format is at the end of
    /// `--help`).
    #[arg(required_unless_present = "from")]
    pub game: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "all")]
    pub method: Method,
    /// Precision of the logit QRE (0: uniform play; large: close to Nash); for `qre-path`,
    /// where the branch ends.
    #[arg(long, default_value_t = 10.0)]
    pub lambda: f64,
    /// Lemke–Howson's starting label: 0..rows are the row player's strategies, then the
    /// column player's.
    #[arg(long, default_value_t = 0)]
    pub label: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Solve the US–Beijing stage game of a run directory instead (with --month).
    #[arg(long, value_name = "RUN_DIR", requires = "month")]
    pub from: Option<PathBuf>,
    /// The month of the run, YYYY-MM.
    #[arg(long)]
    pub month: Option<String>,
    /// Also write the game as a Gambit `.nfg` file (the outcome version, names kept; exact).
    #[arg(long, value_name = "FILE.nfg")]
    pub write: Option<PathBuf>,
}

fn input(message: String) -> Failure {
    Failure::Input(message)
}

/// Write `game` as `.nfg` to `path`, whole or not at all: into a file beside it, then renamed
/// over it (so a link at `path` is replaced, never written through).
fn write_nfg(game: &NormalForm<Rational>, path: &Path) -> Result<(), Failure> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name.is_empty() {
        return Err(input(format!("error: `{}` is not a file name\nhelp: e.g. --write game.nfg", path.display())));
    }
    let partial = path.with_file_name(format!(".{name}.partial"));
    let fail = |e: std::io::Error| Failure::io(&format!("cannot write `{}`", path.display()), e);
    std::fs::write(&partial, nfg::write(game)).map_err(fail)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        fail(e)
    })
}

pub fn main(args: Args) -> Result<(), Failure> {
    if let (Some(dir), Some(month)) = (&args.from, &args.month) {
        return from_run::main(dir, month, &args);
    }
    let path =
        args.game.clone().ok_or_else(|| input("error: give a game file, or --from RUN_DIR --month YYYY-MM".into()))?;
    let game = super::game_file::read_game(&path)?;
    if let Some(out) = &args.write {
        write_nfg(&game, out)?;
    }
    methods::solve(&game, &args)
}
