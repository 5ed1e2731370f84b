//! How `solve` shows its answers: exact numbers as fractions, doubles rounded, and JSON as
//! `game_json` writes it.

use serde_json::{Value as Json, json};
use statecraft_games::{Equilibrium, NormalForm, Number, Rational};

use super::Format;
use crate::commands::game_json;

/// A number as the command prints it: exact when it is.
#[derive(Clone, Debug)]
pub enum Value {
    Exact(Rational),
    Double(f64),
}

impl Value {
    pub fn of<T: Number>(x: &T) -> Value {
        if T::EXACT {
            x.to_rational().map_or(Value::Double(x.to_f64()), Value::Exact)
        } else {
            Value::Double(x.to_f64())
        }
    }

    /// A leaf for `game_json`: an exact number's string, or a double.
    fn json(&self) -> Json {
        match self {
            Value::Exact(r) => game_json::exact(r),
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
pub struct Profile {
    pub strategies: Vec<Vec<Value>>,
    pub payoffs: Vec<Value>,
}

impl Profile {
    pub fn of<T: Number>(e: &Equilibrium<T>) -> Profile {
        Profile {
            strategies: e.strategies.iter().map(|s| s.iter().map(Value::of).collect()).collect(),
            payoffs: e.payoffs.iter().map(Value::of).collect(),
        }
    }

    pub fn json(&self) -> Json {
        let strategies: Vec<Vec<Json>> = self.strategies.iter().map(|s| s.iter().map(Value::json).collect()).collect();
        let payoffs: Vec<Json> = self.payoffs.iter().map(Value::json).collect();
        game_json::object(json!({}), vec![("strategies", json!(strategies)), ("payoffs", json!(payoffs))])
    }
}

/// Equilibria found by one method.
pub struct Found {
    pub degenerate: Option<bool>,
    pub exact: bool,
    pub profiles: Vec<Profile>,
    pub note: Option<String>,
}

pub fn strategy_names(game: &NormalForm<Rational>) -> Json {
    json!({ "players": game.players, "strategies": game.strategies })
}

pub fn print_equilibria(game: &NormalForm<Rational>, found: &Found, format: Format) {
    match format {
        Format::Json => {
            game_json::print(&json!({
                "players": game.player_count(),
                "exact": found.exact,
                "degenerate": found.degenerate,
                "equilibria": found.profiles.iter().map(Profile::json).collect::<Vec<_>>(),
                "names": strategy_names(game),
            }));
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
pub fn print_profile(players: &[String], strategies: &[Vec<String>], profile: &Profile, digits: usize) {
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
