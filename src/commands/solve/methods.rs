//! The solvers `solve` runs, by `--method`.

use serde_json::json;
use statecraft_games::dominance::iterated_elimination;
use statecraft_games::{Bimatrix, NormalForm, Rational, all_equilibria, degeneracy, lemke_howson, qre, zero_sum};

use super::print::{Found, Profile, Value, print_equilibria, print_profile, strategy_names};
use super::{Args, Format, Method, input};
use crate::commands::game_file::strategy_columns;
use crate::commands::game_json;
use crate::failure::Failure;

pub fn two_players(game: &NormalForm<Rational>, method: &str) -> Result<Bimatrix<Rational>, Failure> {
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

pub fn equilibria(game: &NormalForm<Rational>, args: &Args) -> Result<Found, Failure> {
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

fn qre_path(game: &NormalForm<Rational>, args: &Args) -> Result<(), Failure> {
    check_lambda(args.lambda)?;
    let points = qre::branch(&game.to_f64(), args.lambda).map_err(|e| Failure::Runtime(format!("error: {e}")))?;
    match args.format {
        Format::Json => {
            let branch: Vec<serde_json::Value> = points
                .iter()
                .map(|p| {
                    let plain = json!({"lambda": p.lambda, "residual": p.residual});
                    game_json::object(plain, vec![("strategies", json!(p.strategies))])
                })
                .collect();
            game_json::print(&json!({
                "players": game.player_count(),
                "exact": false,
                "branch": branch,
                "names": strategy_names(game),
            }));
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
            game_json::print(&out);
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
    let solution = zero_sum::solve(m, n, b.row_payoffs().to_vec()).map_err(|e| input(format!("error: {e}")))?;
    match format {
        Format::Json => {
            let text = |v: &[Rational]| v.iter().map(game_json::exact).collect::<Vec<_>>();
            let plain = json!({"players": 2, "exact": true, "names": strategy_names(game)});
            game_json::print(&game_json::object(
                plain,
                vec![
                    ("value", game_json::exact(&solution.value)),
                    ("strategies", json!([text(&solution.row), text(&solution.col)])),
                ],
            ));
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
pub fn solve(game: &NormalForm<Rational>, args: &Args) -> Result<(), Failure> {
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
