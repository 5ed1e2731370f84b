//! `statecraft solve GAME`: the equilibria of a normal-form game (Gambit `.nfg` or RON), or
//! with `--from RUN_DIR --month YYYY-MM` the US–Beijing stage game of a month of a run.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use statecraft_games::{Bimatrix, NormalForm, Number, Rational, all_equilibria, lemke_howson, nfg, qre};
use statecraft_scenario::{Month, Scenario, from_ron};
use statecraft_sim::RunId;

use crate::failure::Failure;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every equilibrium (two players; exact; extreme points when the game is degenerate).
    All,
    /// One equilibrium by Lemke–Howson from `--label` (two players; exact).
    LemkeHowson,
    /// Every pure-strategy equilibrium (any number of players).
    Pure,
    /// The logit quantal response equilibrium at `--lambda` (any number of players).
    Qre,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A game: Gambit `.nfg` (payoff or outcome version), or RON (see `statecraft solve --help`).
    #[arg(required_unless_present = "from")]
    pub game: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "all")]
    pub method: Method,
    /// Precision of the logit QRE (0: uniform play; large: close to Nash).
    #[arg(long, default_value_t = 10.0)]
    pub lambda: f64,
    /// Lemke–Howson's starting label: 0..rows are the row player's actions, then the columns.
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

/// A game in RON: payoffs per profile, the first player's action varying fastest (as in .nfg).
/// Payoffs are numbers or strings holding fractions ("3/4").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GameFile {
    #[serde(default)]
    title: String,
    players: Vec<String>,
    strategies: Vec<Vec<String>>,
    payoffs: Vec<Vec<Payoff>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Payoff {
    Number(f64),
    Text(String),
}

impl Payoff {
    /// Exactly the number written: a decimal is read as the decimal, not as its binary double.
    fn exact(&self) -> Option<Rational> {
        match self {
            Payoff::Number(x) => format!("{x}").parse().ok(),
            Payoff::Text(t) => t.parse().ok(),
        }
    }
}

fn input(message: String) -> Failure {
    Failure::Input(message)
}

/// Read a game file: `.nfg` by its first word, RON otherwise.
pub fn read_game(path: &Path) -> Result<NormalForm<Rational>, Failure> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| input(format!("error: cannot read `{name}`: {e}")))?;
    if text.trim_start().starts_with("NFG") {
        return nfg::parse(&text)
            .map_err(|e| input(format!("{name}:{}:{}: error: {}\nhelp: {}", e.line, e.column, e.message, e.hint)));
    }
    let file: GameFile = from_ron(&name, &text)?;
    let mut payoffs = Vec::new();
    for (k, row) in file.payoffs.iter().enumerate() {
        let values: Option<Vec<Rational>> = row.iter().map(Payoff::exact).collect();
        payoffs.push(values.ok_or_else(|| {
            input(format!("{name}: error: payoffs[{k}] holds something that is not a number\nhelp: write numbers, or fractions as strings (\"3/4\")"))
        })?);
    }
    NormalForm::new(file.title, file.players, file.strategies, payoffs).map_err(|e| {
        input(format!("{name}: error: {e}\nhelp: one payoff per player for every profile, the first player's strategy varying fastest"))
    })
}

/// What the command prints.
struct Answer {
    players: Vec<String>,
    strategies: Vec<Vec<String>>,
    degenerate: bool,
    exact: bool,
    /// (strategies, payoffs) as exact numbers or as doubles.
    equilibria: Vec<(Vec<Vec<Value>>, Vec<Value>)>,
    note: Option<String>,
}

#[derive(Clone)]
enum Value {
    Exact(Rational),
    Double(f64),
}

impl Value {
    fn json(&self) -> serde_json::Value {
        match self {
            Value::Exact(r) => serde_json::Value::String(r.to_string()),
            Value::Double(x) => serde_json::json!(x),
        }
    }

    fn text(&self) -> String {
        match self {
            Value::Exact(r) => r.to_string(),
            Value::Double(x) => format!("{x:.6}"),
        }
    }

    fn is_zero(&self) -> bool {
        match self {
            Value::Exact(r) => r.is_zero(),
            Value::Double(x) => x.abs() < 1e-12,
        }
    }
}

fn exact<T: Number>(v: &[T]) -> Vec<Value> {
    v.iter().map(|x| x.to_rational().map_or(Value::Double(x.to_f64()), Value::Exact)).collect()
}

fn two_players(game: &NormalForm<Rational>, method: &str) -> Result<Bimatrix<Rational>, Failure> {
    game.to_bimatrix().ok_or_else(|| {
        input(format!(
            "error: --method {method} solves two-player games; this one has {} players\nhelp: use --method pure or --method qre",
            game.player_count()
        ))
    })
}

fn solve(game: &NormalForm<Rational>, args: &Args) -> Result<Answer, Failure> {
    let mut answer = Answer {
        players: game.players.clone(),
        strategies: game.strategies.clone(),
        degenerate: false,
        exact: true,
        equilibria: Vec::new(),
        note: None,
    };
    match args.method {
        Method::All => {
            let found = all_equilibria(&two_players(game, "all")?);
            answer.degenerate = found.degenerate;
            answer.equilibria = found
                .profiles
                .iter()
                .map(|e| (e.strategies.iter().map(|s| exact(s)).collect(), exact(&e.payoffs)))
                .collect();
            if found.degenerate {
                answer.note =
                    Some("the game is degenerate: equilibria may form continua; these are their extreme points".into());
            }
        }
        Method::LemkeHowson => {
            let e = lemke_howson(&two_players(game, "lemke-howson")?, args.label)
                .map_err(|e| input(format!("error: {e}")))?;
            answer.equilibria = vec![(e.strategies.iter().map(|s| exact(s)).collect(), exact(&e.payoffs))];
        }
        Method::Pure => {
            for profile in game.pure_equilibria() {
                let strategies = profile
                    .iter()
                    .zip(game.actions())
                    .map(|(&a, n)| (0..n).map(|b| Value::Exact(Rational::integer(i64::from(a == b)))).collect())
                    .collect();
                let payoffs =
                    (0..game.player_count()).map(|p| Value::Exact(game.payoff(&profile, p).clone())).collect();
                answer.equilibria.push((strategies, payoffs));
            }
        }
        Method::Qre => {
            if !(args.lambda >= 0.0 && args.lambda.is_finite()) {
                return Err(input("error: --lambda must be a finite number >= 0".into()));
            }
            let g = game.to_f64();
            let point = qre::at(&g, args.lambda).map_err(|e| Failure::Runtime(format!("error: {e}")))?;
            let payoffs = g.expected_payoffs(&point.strategies);
            answer.exact = false;
            answer.equilibria = vec![(
                point.strategies.iter().map(|s| s.iter().map(|&x| Value::Double(x)).collect()).collect(),
                payoffs.iter().map(|&x| Value::Double(x)).collect(),
            )];
            answer.note = Some(format!("logit QRE at lambda = {} (residual {:.1e})", args.lambda, point.residual));
        }
    }
    Ok(answer)
}

fn print(answer: &Answer, title: &str, format: Format) {
    match format {
        Format::Json => {
            let equilibria: Vec<serde_json::Value> = answer
                .equilibria
                .iter()
                .map(|(s, u)| {
                    serde_json::json!({
                        "strategies": s.iter().map(|p| p.iter().map(Value::json).collect::<Vec<_>>()).collect::<Vec<_>>(),
                        "payoffs": u.iter().map(Value::json).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let out = serde_json::json!({
                "players": answer.players.len(),
                "degenerate": answer.degenerate,
                "equilibria": equilibria,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            if !title.is_empty() {
                println!("{title}");
            }
            println!(
                "{} equilibri{}{}",
                answer.equilibria.len(),
                if answer.equilibria.len() == 1 { "um" } else { "a" },
                if answer.exact { " (exact)" } else { "" }
            );
            if let Some(note) = &answer.note {
                println!("note: {note}");
            }
            for (k, (strategies, payoffs)) in answer.equilibria.iter().enumerate() {
                println!("\n  equilibrium {}", k + 1);
                for (p, mix) in strategies.iter().enumerate() {
                    let support: Vec<String> = mix
                        .iter()
                        .zip(&answer.strategies[p])
                        .filter(|(x, _)| !x.is_zero())
                        .map(|(x, name)| format!("{name} {}", x.text()))
                        .collect();
                    println!(
                        "    {:<16} plays {:<48} payoff {}",
                        answer.players[p],
                        support.join(", "),
                        payoffs[p].text()
                    );
                }
            }
        }
    }
}

/// The stage game of a month of a run, with its equilibria.
fn from_run(dir: &Path, month: &str, args: &Args) -> Result<(), Failure> {
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
    let game = NormalForm::new(
        format!("The US–Beijing stage game of {month} ({}, seed {})", scenario.name, scenario.seed),
        vec![view.row_player.clone(), view.col_player.clone()],
        vec![view.row_actions.clone(), view.col_actions.clone()],
        (0..view.game.rows() * view.game.cols())
            .map(|k| {
                let (i, j) = (k % view.game.rows(), k / view.game.rows());
                vec![
                    Rational::from_f64(*view.game.a(i, j)).unwrap_or_default(),
                    Rational::from_f64(*view.game.b(i, j)).unwrap_or_default(),
                ]
            })
            .collect(),
    )
    .map_err(|e| Failure::Runtime(format!("error: {e}")))?;
    if args.format == Format::Text {
        println!("{}\n", game.title);
        println!(
            "payoffs ($bn-equivalents a month), {} (rows) against {} (columns):",
            view.row_player, view.col_player
        );
        print!("  {:<24}", "");
        for c in &view.col_actions {
            print!(" {:>22}", c);
        }
        println!();
        for (i, r) in view.row_actions.iter().enumerate() {
            print!("  {r:<24}");
            for j in 0..view.col_actions.len() {
                print!(" {:>10.4} / {:<9.4}", view.game.a(i, j), view.game.b(i, j));
            }
            println!();
        }
        println!();
    }
    // The payoffs are doubles, read exactly; print decimals.
    let mut answer = solve(&game, args)?;
    for (strategies, payoffs) in &mut answer.equilibria {
        for v in strategies.iter_mut().flatten().chain(payoffs.iter_mut()) {
            if let Value::Exact(r) = v {
                *v = Value::Double(r.to_f64());
            }
        }
    }
    answer.exact = false;
    print(&answer, "", args.format);
    Ok(())
}

pub fn main(args: Args) -> Result<(), Failure> {
    if let (Some(dir), Some(month)) = (&args.from, &args.month) {
        return from_run(dir, month, &args);
    }
    let path =
        args.game.clone().ok_or_else(|| input("error: give a game file, or --from RUN_DIR --month YYYY-MM".into()))?;
    let game = read_game(&path)?;
    let answer = solve(&game, &args)?;
    print(&answer, &game.title, args.format);
    Ok(())
}
