//! `solve --from RUN_DIR --month YYYY-MM`: the US–Beijing stage game of a month of a run,
//! posed again from the run's scenario, with the moves played (from `actions.csv`), each
//! side's best replies and the equilibria.

use std::path::Path;

use serde_json::json;
use statecraft_games::{NormalForm, Number, Rational};
use statecraft_scenario::{Month, Scenario, from_ron};
use statecraft_sim::RunId;

use super::methods::equilibria;
use super::print::{Profile, Value, print_profile};
use super::{Args, Format, Method, input, write_nfg};
use crate::commands::game_json;
use crate::failure::Failure;

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
pub fn main(dir: &Path, month: &str, args: &Args) -> Result<(), Failure> {
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
    let view = statecraft_sim::stage_game_at(&scenario, RunId { seed: scenario.seed, run: 0 }, month)
        .map_err(|e| {
            Failure::Runtime(format!(
                "error: the stage game of {month} cannot be posed: {e}\nhelp: the model computed a payoff that is not a number; please report it with the run directory"
            ))
        })?
        .ok_or_else(|| {
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
    // A run made with overrides is not the scenario its name describes: the title says so.
    let overrides = crate::commands::plot::recorded_overrides(dir)?;
    let changed =
        if overrides.is_empty() { String::new() } else { format!(" with overrides: {}", overrides.join(" ")) };
    let players = [view.row_player.clone(), view.col_player.clone()];
    let moves = [view.row_actions.clone(), view.col_actions.clone()];
    let missing = [unavailable(&players[0], &moves[0]), unavailable(&players[1], &moves[1])];
    let moved: Vec<Option<String>> = players.iter().map(|p| played(dir, month, p)).collect();
    let index = |p: usize| moved[p].as_ref().and_then(|m| moves[p].iter().position(|x| x == m));
    let g = &view.game;
    let (rows, cols) = (g.rows(), g.cols());
    // Best replies, as the record judges them (`Number::is_best_reply`).
    let best_row = |j: usize| (0..rows).map(|i| *g.a(i, j)).fold(f64::NEG_INFINITY, f64::max);
    let best_col = |i: usize| (0..cols).map(|j| *g.b(i, j)).fold(f64::NEG_INFINITY, f64::max);
    let row_best = |i: usize, j: usize| g.a(i, j).is_best_reply(&best_row(j));
    let col_best = |i: usize, j: usize| g.b(i, j).is_best_reply(&best_col(i));
    // Every payoff of a bimatrix is a finite double, so exactly a fraction.
    let exact = |x: f64| Rational::from_f64(x).unwrap_or_default();
    let game = NormalForm::new(
        format!("The US–Beijing stage game of {month} ({}{changed}, seed {})", scenario.name, scenario.seed),
        players.to_vec(),
        moves.to_vec(),
        (0..rows * cols)
            .map(|k| {
                let (i, j) = (k % rows, k / rows);
                vec![exact(*g.a(i, j)), exact(*g.b(i, j))]
            })
            .collect(),
    )
    .map_err(|e| Failure::Runtime(format!("error: {e}")))?;
    if let Some(out) = &args.write {
        write_nfg(&game, out)?;
    }
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
        (Some(i), Some(j)) => Some((i, j, row_best(i, j) && col_best(i, j))),
        _ => None,
    };

    if args.format == Format::Json {
        let matrix: Vec<Vec<[f64; 2]>> =
            (0..rows).map(|i| (0..cols).map(|j| [*g.a(i, j), *g.b(i, j)]).collect()).collect();
        let plain = json!({
            "month": month.to_string(),
            "players": 2,
            "exact": false,
            "names": {"players": players, "strategies": moves},
            "unavailable": missing,
            "played": {
                "moves": moved,
                "equilibrium": realised.map(|(_, _, e)| e),
            },
            "degenerate": found.degenerate,
            "equilibria": found.profiles.iter().map(Profile::json).collect::<Vec<_>>(),
        });
        game_json::print(&game_json::object(plain, vec![("payoffs", json!(matrix))]));
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
                let (value, best) = if p == 0 { (*g.a(i, j), row_best(i, j)) } else { (*g.b(i, j), col_best(i, j)) };
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
                let better_row = (0..rows).find(|&r| row_best(r, j)).unwrap_or(i);
                let better_col = (0..cols).find(|&c| col_best(i, c)).unwrap_or(j);
                // Per player: its best reply's value, what it got, and the move that gets it.
                let replies = [(best_row(j), *g.a(i, j), better_row), (best_col(i), *g.b(i, j), better_col)];
                for (p, (best, played, better)) in replies.into_iter().enumerate() {
                    if !played.is_best_reply(&best) {
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
