//! `statecraft solve` and `statecraft tournament` end to end.

mod common;

use common::{Scratch, statecraft, stderr, stdout};

const BATTLE: &str = "NFG 1 R \"Battle of the sexes\" { \"Her\" \"Him\" } { 2 2 }\n2 1 0 0 0 0 1 2\n";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn solve_finds_every_equilibrium_exactly() {
    let dir = Scratch::new("solve");
    let game = dir.write("battle.nfg", BATTLE);
    let o = statecraft(&["solve", game.to_str().unwrap(), "--format", "json"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&stdout(&o));
    assert_eq!(v["players"], 2);
    assert_eq!(v["degenerate"], false);
    let eqs = v["equilibria"].as_array().unwrap();
    assert_eq!(eqs.len(), 3);
    let mixed = eqs.iter().find(|e| e["strategies"][0][0] == "2/3").expect("the mixed equilibrium");
    assert_eq!(mixed["strategies"][1], serde_json::json!(["1/3", "2/3"]));
    assert_eq!(mixed["payoffs"], serde_json::json!(["2/3", "2/3"]));
    // Lemke–Howson from the first label, and the pure ones.
    let o = statecraft(&["solve", game.to_str().unwrap(), "--method", "lemke-howson", "--format", "json"], dir.path());
    assert_eq!(json(&stdout(&o))["equilibria"].as_array().unwrap().len(), 1);
    let o = statecraft(&["solve", game.to_str().unwrap(), "--method", "pure", "--format", "json"], dir.path());
    assert_eq!(json(&stdout(&o))["equilibria"].as_array().unwrap().len(), 2);
    // The logit QRE: numbers, summing to one.
    let o = statecraft(
        &["solve", game.to_str().unwrap(), "--method", "qre", "--lambda", "3", "--format", "json"],
        dir.path(),
    );
    let v = json(&stdout(&o));
    let p: f64 = v["equilibria"][0]["strategies"][0].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).sum();
    assert!((p - 1.0).abs() < 1e-9);
}

#[test]
fn solve_reads_ron_outcome_nfg_and_three_players() {
    let dir = Scratch::new("solve-formats");
    let ron = dir.write(
        "pd.ron",
        "Game(title: \"PD\", players: [\"Row\", \"Col\"], strategies: [[\"C\", \"D\"], [\"C\", \"D\"]], payoffs: [[3, 3], [5, 0], [0, 5], [1, 1]])\n",
    );
    let o = statecraft(&["solve", ron.to_str().unwrap(), "--format", "json"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&stdout(&o))["equilibria"][0]["strategies"], serde_json::json!([["0", "1"], ["0", "1"]]));
    let outcome = dir.write(
        "mp.nfg",
        "NFG 1 R \"Matching pennies\" { \"1\" \"2\" }\n{ { \"H\" \"T\" } { \"H\" \"T\" } }\n\"\"\n{ { \"\" 1, -1 } { \"\" -1, 1 } }\n1 2 2 1\n",
    );
    let o = statecraft(&["solve", outcome.to_str().unwrap(), "--format", "json"], dir.path());
    let v = json(&stdout(&o));
    assert_eq!(v["equilibria"][0]["strategies"], serde_json::json!([["1/2", "1/2"], ["1/2", "1/2"]]));
    // Three players: everyone matching pays 1.
    let three = dir.write(
        "three.nfg",
        "NFG 1 R \"coordination\" { \"a\" \"b\" \"c\" } { 2 2 2 }\n1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 1\n",
    );
    let o = statecraft(&["solve", three.to_str().unwrap(), "--method", "pure", "--format", "json"], dir.path());
    let v = json(&stdout(&o));
    assert_eq!(v["players"], 3);
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 2);
    let o = statecraft(&["solve", three.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2), "all equilibria are for two players");
}

#[test]
fn bad_game_files_say_where() {
    let dir = Scratch::new("solve-bad");
    let short = dir.write("short.nfg", "NFG 1 R \"g\" { \"a\" \"b\" } { 2 2 }\n1 2 3\n");
    let o = statecraft(&["solve", short.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("short.nfg:2:") && stderr(&o).contains("expected 8 payoffs"), "{}", stderr(&o));
    let word = dir.write("word.nfg", "NFG 1 R \"g\" { \"a\" \"b\" } { 2 2 }\n1 2 three 4 5 6 7 8\n");
    let o = statecraft(&["solve", word.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("word.nfg:2:5") && stderr(&o).contains("not a number"), "{}", stderr(&o));
    let ron = dir.write("bad.ron", "Game(players: [\"a\"], strategies: [[\"x\"]], payofs: [[1]])\n");
    let o = statecraft(&["solve", ron.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.ron:1:"), "{}", stderr(&o));
}

#[test]
fn solve_prints_the_stage_game_of_a_month_of_a_run() {
    let dir = Scratch::new("solve-from");
    let run = dir.path().join("run");
    let o = statecraft(&["run", "--months", "6", "--out", run.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = statecraft(&["solve", "--from", run.to_str().unwrap(), "--month", "2026-04"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("stage game of 2026-04") && text.contains("us_admin") && text.contains("equilibri"),
        "{text}"
    );
    let o = statecraft(&["solve", "--from", run.to_str().unwrap(), "--month", "2031-01"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn tournaments_score_like_axelrod_and_ignore_threads() {
    let dir = Scratch::new("tournament");
    let o = statecraft(
        &["tournament", "--strategies", "tit-for-tat,defector", "--repetitions", "1", "--format", "json"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&stdout(&o));
    assert_eq!(v["players"][0]["name"], "defector");
    assert_eq!(v["players"][0]["total"], 204.0);
    assert_eq!(v["players"][1]["total"], 199.0);
    let args = |t: &'static str| {
        vec![
            "tournament",
            "--strategies",
            "random,generous-tit-for-tat,grudger,win-stay-lose-shift",
            "--noise",
            "0.1",
            "--seed",
            "3",
            "--threads",
            t,
            "--format",
            "json",
        ]
    };
    let one = stdout(&statecraft(&args("1"), dir.path()));
    assert_eq!(one, stdout(&statecraft(&args("2"), dir.path())));
    assert_eq!(one, stdout(&statecraft(&args("4"), dir.path())));
    let o = statecraft(&["tournament", "--strategies", "tit-for-tat,nice-guy"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown strategy `nice-guy`"));
}
