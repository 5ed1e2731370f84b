//! `statecraft solve GAME`: the equilibria of a normal-form game (Gambit `.nfg` or RON), its
//! dominance reduction, its value if it is zero-sum, its logit QRE; or with
//! `--from RUN_DIR --month YYYY-MM` the US–Beijing stage game of a month of a run.

use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};
use statecraft_games::dominance::iterated_elimination;
use statecraft_games::{
    Bimatrix, Equilibrium, NormalForm, Number, Rational, all_equilibria, degeneracy, lemke_howson, qre, zero_sum,
};
use statecraft_scenario::{Month, Scenario, from_ron};
use statecraft_sim::RunId;

use super::game_file::{RON_FORMAT, read_game, strategy_columns};
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
equilibrium approximately; mixed equilibria of such games are not enumerated. Games may
have up to 1,000,000 strategy profiles.

JSON: {\"players\": N, \"degenerate\": true|false|null, \"equilibria\": [{\"strategies\":
[[p, ...], ...], \"payoffs\": [u, ...]}]}, each number a string holding an exact fraction
(\"3/4\") when exact, else a number, and `names` (players and strategies). `degenerate` is
null when it was not determined (more than two players, or a two-player game of more than 144
cells without tied best replies).";

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
}

fn input(message: String) -> Failure {
    Failure::Input(message)
}

/// A number as the command prints it: exact when it is.
#[derive(Clone, Debug)]
enum Value {
    Exact(Rational),
    Double(f64),
}

impl Value {
    fn of<T: Number>(x: &T) -> Value {
        if T::EXACT {
            x.to_rational().map_or(Value::Double(x.to_f64()), Value::Exact)
        } else {
            Value::Double(x.to_f64())
        }
    }

    fn json(&self) -> Json {
        match self {
            Value::Exact(r) => Json::String(r.to_string()),
            Value::Double(x) => json!(x),
        }
    }

    /// Fractions as they are; doubles to `digits` decimals, trailing zeros dropped.
    fn text(&self, digits: usize) -> String {
        match self {
            Value::Exact(r) => r.to_string(),
            Value::Double(x) => {
                let s = format!("{x:.digits$}");
                let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
                if s == "-0" { "0".into() } else { s }
            }
        }
    }
}

/// A profile as the command prints it.
struct Profile {
    strategies: Vec<Vec<Value>>,
    payoffs: Vec<Value>,
}

impl Profile {
    fn of<T: Number>(e: &Equilibrium<T>) -> Profile {
        Profile {
            strategies: e.strategies.iter().map(|s| s.iter().map(Value::of).collect()).collect(),
            payoffs: e.payoffs.iter().map(Value::of).collect(),
        }
    }

    fn json(&self) -> Json {
        json!({
            "strategies": self.strategies.iter().map(|s| s.iter().map(Value::json).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "payoffs": self.payoffs.iter().map(Value::json).collect::<Vec<_>>(),
        })
    }
}

/// Equilibria found by one method.
struct Found {
    degenerate: Option<bool>,
    exact: bool,
    profiles: Vec<Profile>,
    note: Option<String>,
}

fn two_players(game: &NormalForm<Rational>, method: &str) -> Result<Bimatrix<Rational>, Failure> {
    game.to_bimatrix().ok_or_else(|| {
        input(format!(
            "error: --method {method} solves two-player games; this one has {} player{}\nhelp: use --method pure or --method qre",
            game.player_count(),
            if game.player_count() == 1 { "" } else { "s" }
        ))
    })
}

fn check_lambda(lambda: f64) -> Result<(), Failure> {
    if lambda.is_finite() && lambda >= 0.0 {
        Ok(())
    } else {
        Err(input("error: --lambda must be a finite number >= 0".into()))
    }
}

fn degeneracy_of(game: &NormalForm<Rational>) -> Option<bool> {
    game.to_bimatrix().as_ref().and_then(degeneracy)
}

fn equilibria(game: &NormalForm<Rational>, args: &Args) -> Result<Found, Failure> {
    Ok(match args.method {
        Method::All => {
            let found = all_equilibria(&two_players(game, "all")?);
            Found {
                degenerate: Some(found.degenerate),
                exact: true,
                profiles: found.profiles.iter().map(Profile::of).collect(),
                note: found.degenerate.then(|| {
                    "the game is degenerate: equilibria may form continua; these are their extreme points".into()
                }),
            }
        }
        Method::LemkeHowson => {
            let bimatrix = two_players(game, "lemke-howson")?;
            let e = lemke_howson(&bimatrix, args.label).map_err(|e| {
                input(format!(
                    "error: {e}\nhelp: labels 0..{} are the row player's strategies, then the columns",
                    bimatrix.rows()
                ))
            })?;
            Found {
                degenerate: degeneracy(&bimatrix),
                exact: true,
                profiles: vec![Profile::of(&e)],
                note: Some(format!("the end of the Lemke–Howson path from label {}", args.label)),
            }
        }
        Method::Pure => {
            let profiles = game
                .pure_equilibria()
                .iter()
                .map(|profile| Profile {
                    strategies: profile
                        .iter()
                        .zip(game.actions())
                        .map(|(&a, n)| (0..n).map(|b| Value::Exact(Rational::integer(i64::from(a == b)))).collect())
                        .collect(),
                    payoffs: (0..game.player_count()).map(|p| Value::Exact(game.payoff(profile, p).clone())).collect(),
                })
                .collect();
            Found { degenerate: degeneracy_of(game), exact: true, profiles, note: None }
        }
        Method::Qre => {
            check_lambda(args.lambda)?;
            let g = game.to_f64();
            let point = qre::at(&g, args.lambda).map_err(|e| Failure::Runtime(format!("error: {e}")))?;
            let payoffs = g.expected_payoffs(&point.strategies);
            Found {
                degenerate: degeneracy_of(game),
                exact: false,
                profiles: vec![Profile {
                    strategies: point
                        .strategies
                        .iter()
                        .map(|s| s.iter().map(|&x| Value::Double(x)).collect())
                        .collect(),
                    payoffs: payoffs.iter().map(|&x| Value::Double(x)).collect(),
                }],
                note: Some(format!(
                    "the logit QRE at lambda = {} on the principal branch (residual {:.1e})",
                    args.lambda, point.residual
                )),
            }
        }
        Method::QrePath | Method::Dominance | Method::ZeroSum => unreachable!("printed by their own functions"),
    })
}

fn strategy_names(game: &NormalForm<Rational>) -> Json {
    json!({ "players": game.players, "strategies": game.strategies })
}

fn print_equilibria(game: &NormalForm<Rational>, found: &Found, format: Format) {
    match format {
        Format::Json => {
            let out = json!({
                "players": game.player_count(),
                "degenerate": found.degenerate,
                "equilibria": found.profiles.iter().map(Profile::json).collect::<Vec<_>>(),
                "names": strategy_names(game),
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            if !game.title.is_empty() {
                println!("{}", game.title);
            }
            let count = found.profiles.len();
            println!(
                "{count} equilibri{}{}",
                if count == 1 { "um" } else { "a" },
                if found.exact { " (exact)" } else { "" }
            );
            if let Some(note) = &found.note {
                println!("note: {note}");
            }
            for (k, profile) in found.profiles.iter().enumerate() {
                println!("\n  equilibrium {}", k + 1);
                print_profile(&game.players, &game.strategies, profile, 6);
            }
        }
    }
}

/// What each player plays (a pure strategy by name alone) and gets. Probabilities that print
/// as 0 are left out.
fn print_profile(players: &[String], strategies: &[Vec<String>], profile: &Profile, digits: usize) {
    let width = players.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    for (p, mix) in profile.strategies.iter().enumerate() {
        let played: Vec<(String, &String)> =
            mix.iter().map(|x| x.text(digits)).zip(&strategies[p]).filter(|(x, _)| x != "0").collect();
        let plays = match played.as_slice() {
            [(x, name)] if x == "1" => name.to_string(),
            _ => played.iter().map(|(x, name)| format!("{name} {x}")).collect::<Vec<_>>().join(", "),
        };
        println!("    {:<width$}  plays {plays}; payoff {}", players[p], profile.payoffs[p].text(digits));
    }
}

fn qre_path(game: &NormalForm<Rational>, args: &Args) -> Result<(), Failure> {
    check_lambda(args.lambda)?;
    let points = qre::branch(&game.to_f64(), args.lambda).map_err(|e| Failure::Runtime(format!("error: {e}")))?;
    match args.format {
        Format::Json => {
            let branch: Vec<Json> = points
                .iter()
                .map(|p| json!({"lambda": p.lambda, "strategies": p.strategies, "residual": p.residual}))
                .collect();
            let out = json!({"players": game.player_count(), "branch": branch, "names": strategy_names(game)});
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            if !game.title.is_empty() {
                println!("{}", game.title);
            }
            println!(
                "The principal branch of logit equilibria, from uniform play at lambda = 0 to lambda = {}\n\
                 ({} points, where the tracer stepped; lambda falls where the branch folds back):\n",
                args.lambda,
                points.len()
            );
            let columns = strategy_columns(game);
            let width = columns.iter().map(|c| c.chars().count()).max().unwrap_or(0).max(7);
            print!("  {:>10}", "lambda");
            for c in &columns {
                print!("  {c:>width$}");
            }
            println!();
            for p in &points {
                print!("  {:>10.4}", p.lambda);
                for x in p.strategies.iter().flatten() {
                    print!("  {x:>width$.5}");
                }
                println!();
            }
        }
    }
    Ok(())
}

fn dominance(game: &NormalForm<Rational>, format: Format) {
    let survivors = iterated_elimination(game);
    let name = |p: usize, a: usize| &game.strategies[p][a];
    match format {
        Format::Json => {
            let out = json!({
                "players": game.player_count(),
                "surviving": survivors.actions.iter().enumerate()
                    .map(|(p, s)| s.iter().map(|&a| name(p, a)).collect::<Vec<_>>()).collect::<Vec<_>>(),
                "removed": survivors.removed.iter()
                    .map(|&(p, a)| json!({"player": game.players[p], "strategy": name(p, a)})).collect::<Vec<_>>(),
                "names": strategy_names(game),
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            if !game.title.is_empty() {
                println!("{}", game.title);
            }
            println!("Iterated elimination of strictly dominated strategies (by pure or mixed strategies)\n");
            if survivors.removed.is_empty() {
                println!("  no strategy is strictly dominated");
            } else {
                println!("  removed, in order:");
                for (k, &(p, a)) in survivors.removed.iter().enumerate() {
                    println!("    {:>3}. {}'s {}", k + 1, game.players[p], name(p, a));
                }
            }
            println!("\n  what survives:");
            for (p, s) in survivors.actions.iter().enumerate() {
                let names: Vec<&str> = s.iter().map(|&a| name(p, a).as_str()).collect();
                println!("    {}: {}", game.players[p], names.join(", "));
            }
        }
    }
}

fn zero_sum_value(game: &NormalForm<Rational>, format: Format) -> Result<(), Failure> {
    let b = two_players(game, "zero-sum")?;
    let (m, n) = (b.rows(), b.cols());
    let sum = |i: usize, j: usize| b.a(i, j).clone() + b.b(i, j).clone();
    let constant = sum(0, 0);
    if let Some((i, j)) = (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).find(|&(i, j)| sum(i, j) != constant) {
        return Err(input(format!(
            "error: the game is not zero-sum: the payoffs add up to {constant} at ({}, {}) but to {} at ({}, {})\n\
             help: use --method all for general games",
            game.strategies[0][0],
            game.strategies[1][0],
            sum(i, j),
            game.strategies[0][i],
            game.strategies[1][j]
        )));
    }
    let solution = zero_sum::solve(m, n, b.row_payoffs().to_vec());
    match format {
        Format::Json => {
            let text = |v: &[Rational]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
            let out = json!({
                "players": 2,
                "value": solution.value.to_string(),
                "strategies": [text(&solution.row), text(&solution.col)],
                "names": strategy_names(game),
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            if !game.title.is_empty() {
                println!("{}", game.title);
            }
            let sum_note = if constant.is_zero() { String::new() } else { format!(" (payoffs add up to {constant})") };
            println!("A zero-sum game{sum_note}: its value and optimal (maximin) strategies, exactly\n");
            println!("  value to {}: {}", game.players[0], solution.value);
            let profile = Profile {
                strategies: vec![
                    solution.row.iter().cloned().map(Value::Exact).collect(),
                    solution.col.iter().cloned().map(Value::Exact).collect(),
                ],
                payoffs: vec![Value::Exact(solution.value.clone()), Value::Exact(constant - solution.value.clone())],
            };
            print_profile(&game.players, &game.strategies, &profile, 6);
        }
    }
    Ok(())
}

/// The game, with what the method asks.
fn solve(game: &NormalForm<Rational>, args: &Args) -> Result<(), Failure> {
    match args.method {
        Method::QrePath => qre_path(game, args),
        Method::Dominance => {
            dominance(game, args.format);
            Ok(())
        }
        Method::ZeroSum => zero_sum_value(game, args.format),
        _ => {
            let found = equilibria(game, args)?;
            print_equilibria(game, &found, args.format);
            Ok(())
        }
    }
}

pub fn main(args: Args) -> Result<(), Failure> {
    if let (Some(dir), Some(month)) = (&args.from, &args.month) {
        return from_run(dir, month, &args);
    }
    let path =
        args.game.clone().ok_or_else(|| input("error: give a game file, or --from RUN_DIR --month YYYY-MM".into()))?;
    solve(&read_game(&path)?, &args)
}

/// The moves one principal made in a month, from the run's `actions.csv`.
fn played(dir: &Path, month: Month, actor: &str) -> Option<String> {
    let mut reader = csv::Reader::from_path(dir.join("actions.csv")).ok()?;
    let month = month.to_string();
    reader
        .records()
        .flatten()
        .find(|r| r.get(0) == Some(month.as_str()) && r.get(1) == Some(actor))?
        .get(4)
        .map(String::from)
}

/// The stage game of a month of a run, with what was played and the equilibria.
fn from_run(dir: &Path, month: &str, args: &Args) -> Result<(), Failure> {
    if !matches!(args.method, Method::All | Method::Pure | Method::LemkeHowson | Method::Qre) {
        return Err(input("error: with --from, --method is all, pure, lemke-howson or qre".into()));
    }
    let month = Month::parse(month)
        .ok_or_else(|| input(format!("error: `{month}` is not a month\nhelp: write YYYY-MM, e.g. 2026-04")))?;
    let path = dir.join("scenario.ron");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        input(format!(
            "error: cannot read `{}`: {e}\nhelp: give a directory written by `statecraft run`",
            path.display()
        ))
    })?;
    let scenario: Scenario = from_ron(&path.display().to_string(), &text)?;
    let view =
        statecraft_sim::stage_game_at(&scenario, RunId { seed: scenario.seed, run: 0 }, month).ok_or_else(|| {
            input(format!(
                "error: {month} is not a month of this run ({} to {})",
                scenario.start,
                scenario.start.plus(scenario.months.0 as i32 - 1)
            ))
        })?;
    let menu = |id: &str| {
        scenario.actors.iter().find(|a| a.id() == id).map(|a| statecraft_sim::menu(a, &scenario)).unwrap_or_default()
    };
    let unavailable = |id: &str, available: &[String]| -> Vec<String> {
        menu(id).into_iter().map(|m| m.name).filter(|m| !available.contains(m)).collect()
    };
    let players = [view.row_player.clone(), view.col_player.clone()];
    let moves = [view.row_actions.clone(), view.col_actions.clone()];
    let missing = [unavailable(&players[0], &moves[0]), unavailable(&players[1], &moves[1])];
    let moved: Vec<Option<String>> = players.iter().map(|p| played(dir, month, p)).collect();
    let index = |p: usize| moved[p].as_ref().and_then(|m| moves[p].iter().position(|x| x == m));
    let g = &view.game;
    let (rows, cols) = (g.rows(), g.cols());
    // Best replies, as the record judges them (a payoff within 1e-12 of the best counts).
    let best_row = |j: usize| (0..rows).map(|i| *g.a(i, j)).fold(f64::NEG_INFINITY, f64::max);
    let best_col = |i: usize| (0..cols).map(|j| *g.b(i, j)).fold(f64::NEG_INFINITY, f64::max);
    let game = NormalForm::new(
        format!("The US–Beijing stage game of {month} ({}, seed {})", scenario.name, scenario.seed),
        players.to_vec(),
        moves.to_vec(),
        (0..rows * cols)
            .map(|k| {
                let (i, j) = (k % rows, k / rows);
                vec![
                    Rational::from_f64(*g.a(i, j)).unwrap_or_default(),
                    Rational::from_f64(*g.b(i, j)).unwrap_or_default(),
                ]
            })
            .collect(),
    )
    .map_err(|e| Failure::Runtime(format!("error: {e}")))?;
    let mut found = equilibria(&game, args)?;
    // The payoffs are doubles read exactly: their fractions would be unreadable.
    for profile in &mut found.profiles {
        for v in profile.strategies.iter_mut().flatten().chain(profile.payoffs.iter_mut()) {
            if let Value::Exact(r) = v {
                *v = Value::Double(r.to_f64());
            }
        }
    }
    found.exact = false;
    let realised = match (index(0), index(1)) {
        (Some(i), Some(j)) => Some((i, j, g.a(i, j) + 1e-12 >= best_row(j) && g.b(i, j) + 1e-12 >= best_col(i))),
        _ => None,
    };

    if args.format == Format::Json {
        let matrix: Vec<Vec<[f64; 2]>> =
            (0..rows).map(|i| (0..cols).map(|j| [*g.a(i, j), *g.b(i, j)]).collect()).collect();
        let out = json!({
            "month": month.to_string(),
            "players": 2,
            "names": {"players": players, "strategies": moves},
            "unavailable": missing,
            "payoffs": matrix,
            "played": {
                "moves": moved,
                "equilibrium": realised.map(|(_, _, e)| e),
            },
            "degenerate": found.degenerate,
            "equilibria": found.profiles.iter().map(Profile::json).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }

    println!("{}\n", game.title);
    for p in 0..2 {
        if !missing[p].is_empty() {
            println!("Not available to {} this month, so left out of the game: {}.", players[p], missing[p].join(", "));
        }
    }
    if missing.iter().any(|m| !m.is_empty()) {
        println!("(The model rules a move out when it cannot be made in the current state, such as easing what is");
        println!(
            "not in force; an actor chooses only among the moves it can make, so the others are not in the game.)\n"
        );
    }
    let codes = ["u", "b"];
    let row_width = moves[0].iter().map(|m| m.chars().count()).max().unwrap_or(0) + 5;
    for p in 0..2 {
        println!(
            "{}'s payoffs ($bn-equivalents a month, rounded); * marks its best reply to each move of {}:",
            players[p],
            players[1 - p]
        );
        print!("  {:row_width$}", "");
        for j in 0..cols {
            print!(" {:>7}", format!("{}{}", codes[1], j + 1));
        }
        println!();
        for (i, row_move) in moves[0].iter().enumerate().take(rows) {
            let mut line = format!("  {:row_width$}", format!("{}{} {row_move}", codes[0], i + 1));
            for j in 0..cols {
                let (value, best) = if p == 0 {
                    (*g.a(i, j), *g.a(i, j) + 1e-12 >= best_row(j))
                } else {
                    (*g.b(i, j), *g.b(i, j) + 1e-12 >= best_col(i))
                };
                line.push_str(&format!(" {:>6.2}{}", value, if best { "*" } else { " " }));
            }
            println!("{}", line.trim_end());
        }
        println!();
    }
    // The legend of the columns, wrapped.
    let mut line = format!("{}'s moves:", players[1]);
    for (j, m) in moves[1].iter().enumerate() {
        let comma = if j + 1 < moves[1].len() { "," } else { "" };
        let entry = format!(" {}{} {m}{comma}", codes[1], j + 1);
        if line.chars().count() + entry.chars().count() > 100 {
            println!("{line}");
            line = " ".repeat(players[1].chars().count() + 9);
        }
        line.push_str(&entry);
    }
    println!("{line}\n");
    match realised {
        Some((i, j, equilibrium)) => {
            print!(
                "Played in {month}: {} {} ({}{}), {} {} ({}{}): ",
                players[0],
                moves[0][i],
                codes[0],
                i + 1,
                players[1],
                moves[1][j],
                codes[1],
                j + 1
            );
            if equilibrium {
                println!("an equilibrium (each move a best reply to the other).");
            } else {
                println!("not an equilibrium.");
                let better_row = (0..rows).find(|&r| *g.a(r, j) + 1e-12 >= best_row(j)).unwrap_or(i);
                let better_col = (0..cols).find(|&c| *g.b(i, c) + 1e-12 >= best_col(i)).unwrap_or(j);
                // Per player: its best reply's value, what it got, and the move that gets it.
                let replies = [(best_row(j), *g.a(i, j), better_row), (best_col(i), *g.b(i, j), better_col)];
                for (p, (best, played, better)) in replies.into_iter().enumerate() {
                    if played + 1e-12 < best {
                        let (who, instead) = (&players[p], &moves[p][better]);
                        println!("  {who} would have done better with {instead} ({best:.2} against {played:.2}).");
                    }
                }
            }
        }
        None => println!("What was played in {month} is not in {}/actions.csv.", dir.display()),
    }
    let count = found.profiles.len();
    println!("\n{count} equilibri{} of the stage game:", if count == 1 { "um" } else { "a" });
    if let Some(note) = &found.note {
        println!("note: {note}");
    }
    for profile in &found.profiles {
        println!();
        print_profile(&game.players, &game.strategies, profile, 4);
    }
    Ok(())
}
