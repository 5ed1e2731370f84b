//! The JSON of the game commands (`solve`, `learn`, `evolve`, `moran`, `tournament`), one type
//! per field across them.
//!
//! Every quantity in the game's units — probabilities, shares, payoffs, values, regrets,
//! fixation probabilities, scores — is written twice: as strings under its name, each an exact
//! number (`"2/3"`, `"0.25"`), and as JSON numbers under its name with `_float` appended:
//!
//! ```json
//! {"exact": true, "strategies": [["1/2", "1/2"]], "strategies_float": [[0.5, 0.5]]}
//! ```
//!
//! `"exact": true` says the strings are the exact answer (from the exact solvers); with
//! `false` they are the shortest decimals that read back as the doubles computed, so the two
//! fields agree. Parameters and diagnostics of a method (`lambda`, `residual`, `time`,
//! `last_step_moved`, `noise`) are JSON numbers only; counts and indices are integers; names are
//! strings under `names`.

use serde_json::{Map, Value as Json};
use statecraft_games::Rational;

/// An exact number as its string.
pub fn exact(r: &Rational) -> Json {
    Json::String(r.to_string())
}

/// A double as the shortest decimal that reads back as it (`null` if it is not finite).
pub fn decimal(x: f64) -> Json {
    if x.is_finite() { Json::String(if x == 0.0 { "0".into() } else { x.to_string() }) } else { Json::Null }
}

/// A tree of numbers (in strings or JSON numbers) with every leaf made a string.
fn strings(tree: &Json) -> Json {
    match tree {
        Json::Array(items) => Json::Array(items.iter().map(strings).collect()),
        Json::Number(n) => n.as_f64().map_or(Json::Null, decimal),
        other => other.clone(),
    }
}

/// A tree of numbers (strings holding fractions or decimals, or JSON numbers) with every leaf
/// made a JSON number.
fn floats(tree: &Json) -> Json {
    match tree {
        Json::Array(items) => Json::Array(items.iter().map(floats).collect()),
        Json::String(s) => s.parse::<Rational>().map_or(Json::Null, |r| serde_json::json!(r.to_f64())),
        // An integer is a float too: every `_float` leaf has one JSON type.
        Json::Number(n) => n.as_f64().map_or(Json::Null, |f| serde_json::json!(f)),
        other => other.clone(),
    }
}

/// Add a field of game quantities under `name` (strings) and `name_float` (numbers), from a
/// tree whose leaves are either (see the module's documentation).
pub fn insert(out: &mut Map<String, Json>, name: &str, tree: Json) {
    out.insert(format!("{name}_float"), floats(&tree));
    out.insert(name.to_string(), strings(&tree));
}

/// An object of plain fields, then game quantities written both ways.
pub fn object(plain: Json, quantities: Vec<(&str, Json)>) -> Json {
    let mut out = match plain {
        Json::Object(map) => map,
        _ => Map::new(),
    };
    for (name, tree) in quantities {
        insert(&mut out, name, tree);
    }
    Json::Object(out)
}

/// Print a JSON document, pretty.
pub fn print(value: &Json) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quantities_are_strings_with_floats_beside_them() {
        let out =
            object(json!({"exact": true}), vec![("strategies", json!([["2/3", "1/3"]])), ("regret", json!([0.1, 0]))]);
        assert_eq!(out["strategies"], json!([["2/3", "1/3"]]));
        assert_eq!(out["strategies_float"], json!([[2.0 / 3.0, 1.0 / 3.0]]));
        assert_eq!(out["regret"], json!(["0.1", "0"]));
        assert_eq!(out["regret_float"], json!([0.1, 0.0]));
        assert_eq!(decimal(f64::NAN), Json::Null);
        assert_eq!(decimal(-0.0), json!("0"));
    }
}
