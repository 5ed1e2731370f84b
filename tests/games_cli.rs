//! `statecraft solve`, `tournament`, `learn`, `evolve` and `moran` end to end.

mod common;

use common::{Scratch, statecraft, stderr, stdout};
use statecraft_games::{Bimatrix, Rational};

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
    assert_eq!(json(&stdout(&o))["degenerate"], false, "a 2x2 game is checked by enumeration");
    let o = statecraft(&["solve", game.to_str().unwrap(), "--method", "pure", "--format", "json"], dir.path());
    assert_eq!(json(&stdout(&o))["equilibria"].as_array().unwrap().len(), 2);
    // The logit QRE: numbers, summing to one.
    let o = statecraft(
        &["solve", game.to_str().unwrap(), "--method", "qre", "--lambda", "3", "--format", "json"],
        dir.path(),
    );
    let v = json(&stdout(&o));
    let p: f64 =
        v["equilibria"][0]["strategies_float"][0].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).sum();
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
    assert!(text.contains("Played in 2026-04: us_admin ") && text.contains("beijing's moves: b1 hold"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 120), "{text}");
    // JSON: the matrix and the names, what was played and whether it was an equilibrium, the
    // same verdict as the run's own record.
    let o =
        statecraft(&["solve", "--from", run.to_str().unwrap(), "--month", "2026-04", "--format", "json"], dir.path());
    let v = json(&stdout(&o));
    let (rows, cols) =
        (v["names"]["strategies"][0].as_array().unwrap().len(), v["names"]["strategies"][1].as_array().unwrap().len());
    assert_eq!((v["payoffs"].as_array().unwrap().len(), v["payoffs"][0].as_array().unwrap().len()), (rows, cols));
    let timeseries = std::fs::read_to_string(run.join("timeseries.csv")).unwrap();
    let header: Vec<&str> = timeseries.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "stage_equilibrium").unwrap();
    let april = timeseries.lines().find(|l| l.starts_with("2026-04")).unwrap().split(',').nth(column).unwrap();
    assert_eq!(v["played"]["equilibrium"], april == "1", "{}", v["played"]);
    let o = statecraft(&["solve", "--from", run.to_str().unwrap(), "--month", "2031-01"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    // The month's stage game as a .nfg file: read back, it has the same equilibria (exactly:
    // the doubles' fractions are written in full).
    let written = dir.path().join("april.nfg");
    let args = ["solve", "--from", run.to_str().unwrap(), "--month", "2026-04", "--format", "json"];
    let o = statecraft(&[&args[..], &["--write", written.to_str().unwrap()]].concat(), dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let back = statecraft(&["solve", written.to_str().unwrap(), "--format", "json"], dir.path());
    assert!(back.status.success(), "{}", stderr(&back));
    let back = json(&stdout(&back));
    assert_eq!(back["names"]["strategies"], v["names"]["strategies"]);
    assert_eq!(back["equilibria"].as_array().unwrap().len(), v["equilibria"].as_array().unwrap().len());
    assert_eq!(back["equilibria"][0]["strategies_float"], v["equilibria"][0]["strategies_float"]);
    // A run made with overrides (`--months` is one) is not its scenario: the game's title says
    // so, as the run's report does.
    assert!(
        std::fs::read_to_string(&written)
            .unwrap()
            .contains("(H200 for a 25% commission with overrides: --months 6, seed 2025)")
    );
    let changed = dir.path().join("changed");
    let o = statecraft(
        &["run", "--months", "6", "--set", "us_admin.share=0.5", "--out", changed.to_str().unwrap()],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = statecraft(&["solve", "--from", changed.to_str().unwrap(), "--month", "2026-04"], dir.path());
    assert!(stdout(&o).contains("with overrides: --set us_admin.share=0.5 --months 6, seed 2025)"), "{}", stdout(&o));
}

/// Solve an example game of `examples/games` as JSON.
fn example(name: &str, method: &str) -> serde_json::Value {
    let path = common::root().join("examples/games").join(name);
    let dir = Scratch::new("examples");
    let o = statecraft(&["solve", path.to_str().unwrap(), "--method", method, "--format", "json"], dir.path());
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    json(&stdout(&o))
}

#[test]
fn the_example_games_have_their_textbook_equilibria() {
    let strategies = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["equilibria"].as_array().unwrap().iter().map(|e| e["strategies"].clone()).collect()
    };
    use serde_json::json as j;
    assert_eq!(strategies(&example("prisoners-dilemma.nfg", "all")), vec![j!([["0", "1"], ["0", "1"]])]);
    assert_eq!(strategies(&example("matching-pennies.nfg", "all")), vec![j!([["1/2", "1/2"], ["1/2", "1/2"]])]);
    let battle = strategies(&example("battle-of-the-sexes.nfg", "all"));
    assert_eq!(battle.len(), 3);
    assert!(battle.contains(&j!([["2/3", "1/3"], ["1/3", "2/3"]])), "{battle:?}");
    let third = ["1/3", "1/3", "1/3"];
    assert_eq!(strategies(&example("shapley.nfg", "all")), vec![j!([third, third])]);
    let value = example("matching-pennies.nfg", "zero-sum");
    assert_eq!((&value["value"], &value["value_float"]), (&j!("0"), &j!(0.0)));
    // Three players: exactly one volunteers, in each pure equilibrium.
    let pure = strategies(&example("volunteers-dilemma.nfg", "pure"));
    assert_eq!(pure.len(), 3);
    for e in &pure {
        assert_eq!(e.as_array().unwrap().iter().filter(|s| s[0] == "1").count(), 1, "{e}");
    }
    // The logit branch heads for the symmetric mixed one: ignore with probability 1/sqrt(2).
    let qre = &example("volunteers-dilemma.nfg", "qre")["equilibria"][0]["strategies_float"];
    assert!((qre[0][1].as_f64().unwrap() - 0.5f64.sqrt()).abs() < 0.05, "{qre}");
}

#[test]
fn a_game_written_as_nfg_reads_back_the_same() {
    let dir = Scratch::new("write-nfg");
    for name in ["battle-of-the-sexes.nfg", "volunteers-dilemma.nfg"] {
        let path = common::root().join("examples/games").join(name);
        let out = dir.path().join(format!("copy-{name}"));
        let o = statecraft(
            &[
                "solve",
                path.to_str().unwrap(),
                "--method",
                "pure",
                "--format",
                "json",
                "--write",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let read = |p: &std::path::Path| statecraft_games::nfg::parse(&std::fs::read_to_string(p).unwrap()).unwrap();
        assert_eq!(read(&out), read(&path), "{name}");
        let again = statecraft(&["solve", out.to_str().unwrap(), "--method", "pure", "--format", "json"], dir.path());
        assert_eq!(stdout(&again), stdout(&o));
    }
    let o = statecraft(&["solve", "/nonexistent-dir/x.nfg"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let game = common::root().join("examples/games/prisoners-dilemma.nfg");
    let o = statecraft(&["solve", game.to_str().unwrap(), "--write", "/nonexistent-dir/x.nfg"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

/// Run a game command that must be refused (exit 2) with a message containing `expected`.
fn refused(args: &[&str], expected: &str) {
    let dir = Scratch::new("refused");
    let o = statecraft(args, dir.path());
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn every_size_parameter_has_a_ceiling_checked_first() {
    let pd = common::root().join("examples/games/prisoners-dilemma.nfg");
    let pd = pd.to_str().unwrap();
    refused(&["learn", pd, "--rule", "fictitious-play", "--rounds", "100000001"], "between 1 and 100000000");
    refused(&["evolve", pd, "--steps", "100000001"], "between 1 and 100000000");
    refused(&["moran", "--population", "1000000001", "--fitness", "2"], "between 2 and 1000000000");
    let two = ["tournament", "--strategies", "tit-for-tat,defector"];
    refused(&[&two[..], &["--repetitions", "1000000000"]].concat(), "between 1 and 100000");
    refused(&[&two[..], &["--turns", "1000000000"]].concat(), "between 1 and 1000000");
    refused(&[&two[..], &["--threads", "18446744073709551615"]].concat(), "at most 1024");
    let many = vec!["defector"; 1001].join(",");
    refused(&["tournament", "--strategies", &many], "more than the 1000");
    let some = vec!["defector"; 1000].join(",");
    refused(&["tournament", "--strategies", &some, "--repetitions", "100"], "more than the 10000000 statecraft plays");
    refused(&[&two[..], &["--turns", "1000000", "--repetitions", "100000"]].concat(), "turns in all");
    // A game file is read up to 16 MiB, never whole.
    if std::path::Path::new("/dev/zero").exists() {
        refused(&["solve", "/dev/zero"], "larger than 16 MiB");
    }
    let dir = Scratch::new("big-game");
    let big = dir.write("big.nfg", &format!("NFG 1 R \"t\" {{ \"a\" }} {{ 1 }}\n{}", "0 ".repeat(9 << 20)));
    refused(&["solve", big.to_str().unwrap()], "larger than 16 MiB");
}

#[test]
fn hostile_games_get_located_errors_never_panics() {
    let dir = Scratch::new("hostile");
    let long = "x".repeat(70_000);
    let cases = [
        ("long.nfg", format!("NFG 1 R \"t\" {{ \"{long}\" \"b\" }} {{ 2 2 }}\n1 1 0 0 0 0 1 1\n"), "long.nfg:1:15"),
        ("inf.nfg", "NFG 1 R \"t\" { \"a\" \"b\" } { 2 2 }\n1e400 1 0 0 0 0 1 1\n".to_string(), "inf.nfg:2:1"),
        ("huge.nfg", "NFG 1 R \"t\" { \"a\" \"b\" } { 2 2 }\n1 1 0 1e200 0 0 1 1\n".to_string(), "huge.nfg:2:7"),
        ("tree.efg", "EFG 2 R \"a tree\" { \"1\" \"2\" }\n".to_string(), "extensive-form game (.efg)"),
        (
            "long.ron",
            format!("Game(players: [\"a\", \"b\"], strategies: [[\"{long}\"], [\"y\"]], payoffs: [[1, 2]])"),
            "long.ron:1:",
        ),
        ("huge.ron", "Game(players: [\"a\"], strategies: [[\"x\"]], payoffs: [[1e400]])".to_string(), "huge.ron:1:"),
    ];
    for (name, text, expected) in &cases {
        let path = dir.write(name, text);
        for command in [&["solve"][..], &["solve", "--method", "qre"], &["solve", "--method", "qre-path"]] {
            refused(&[command, &[path.to_str().unwrap()]].concat(), expected);
        }
        for command in [&["learn", "--rule", "regret-matching"][..], &["evolve"]] {
            refused(&[command, &[path.to_str().unwrap()]].concat(), expected);
        }
    }
    // A byte-order mark is skipped; bytes that are not UTF-8 are located.
    let bom = dir.write("bom.nfg", "\u{feff}NFG 1 R \"t\" { \"a\" \"b\" } { 1 1 }\n1 2\n");
    let o = statecraft(&["solve", bom.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let latin = dir.path().join("latin1.nfg");
    std::fs::write(&latin, b"NFG 1 R \"caf\xe9\" { \"a\" } { 1 }\n0\n").unwrap();
    refused(&["solve", latin.to_str().unwrap()], "latin1.nfg:1:13: error: the file is not UTF-8");
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
    assert_eq!(
        (&v["players"][0]["total"], &v["players"][0]["total_float"]),
        (&serde_json::json!("204"), &serde_json::json!(204.0))
    );
    assert_eq!(v["players"][1]["total_float"], 199.0);
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
    // Ties keep the order given, as Axelrod's ranking (a stable sort by median score) does.
    let o = statecraft(
        &["tournament", "--strategies", "cooperator,tit-for-tat,grudger", "--repetitions", "3", "--format", "json"],
        dir.path(),
    );
    let names: Vec<String> = json(&stdout(&o))["players"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["cooperator", "tit-for-tat", "grudger"]);
    let help = stdout(&statecraft(&["tournament", "--help"], dir.path()));
    assert!(help.contains("win-stay-lose-shift") && help.contains("memory-one:") && help.contains("median"), "{help}");
}

/// A random game written as a payoff-version .nfg file, and the same game in exact numbers.
fn random_nfg(m: usize, n: usize, seed: u64) -> (String, Bimatrix<Rational>) {
    // A small linear congruential generator: the test needs no rand.
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut draw = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        i64::try_from((state >> 33) % 100).unwrap()
    };
    let cells: Vec<(i64, i64)> = (0..m * n).map(|_| (draw(), draw())).collect();
    let mut text = format!("NFG 1 R \"random\" {{ \"row\" \"col\" }} {{ {m} {n} }}\n");
    // Profiles run with the row player's strategy fastest.
    for j in 0..n {
        for i in 0..m {
            let (a, b) = cells[i * n + j];
            text.push_str(&format!("{a} {b} "));
        }
    }
    let r = |v: Vec<i64>| v.into_iter().map(Rational::integer).collect();
    let game = Bimatrix::new(m, n, r(cells.iter().map(|c| c.0).collect()), r(cells.iter().map(|c| c.1).collect()));
    (text, game)
}

fn fractions(v: &serde_json::Value) -> Vec<Rational> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().parse().unwrap()).collect()
}

#[test]
fn lemke_howson_solves_a_large_game_exactly_and_quickly() {
    let dir = Scratch::new("solve-lh");
    let (text, game) = random_nfg(120, 120, 3);
    let file = dir.write("big.nfg", &text);
    let started = std::time::Instant::now();
    let o = statecraft(
        &["solve", file.to_str().unwrap(), "--method", "lemke-howson", "--label", "7", "--format", "json"],
        dir.path(),
    );
    let took = started.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&stdout(&o));
    let e = &v["equilibria"][0];
    let (x, y) = (fractions(&e["strategies"][0]), fractions(&e["strategies"][1]));
    assert!(game.is_equilibrium(&x, &y), "not an exact equilibrium");
    assert_eq!(fractions(&e["payoffs"]), {
        let (u, w) = game.payoffs(&x, &y);
        vec![u, w]
    });
    // Integer payoffs 0..99 tie somewhere in a column: degenerate, seen without enumerating.
    assert_eq!(v["degenerate"], true);
    // A generous bound for a debug build on a busy machine; the release build takes milliseconds.
    assert!(took.as_secs() < 20, "{took:?}");
}

#[test]
fn degeneracy_is_reported_or_null_when_not_determined() {
    let dir = Scratch::new("solve-degenerate");
    let zeros = dir.write("zeros.nfg", "NFG 1 R \"zeros\" { \"a\" \"b\" } { 2 2 }\n0 0 0 0 0 0 0 0\n");
    for method in ["all", "lemke-howson", "pure", "qre"] {
        let o = statecraft(&["solve", zeros.to_str().unwrap(), "--method", method, "--format", "json"], dir.path());
        assert_eq!(json(&stdout(&o))["degenerate"], true, "{method}");
    }
    // Distinct payoffs, more than 144 cells: not determined.
    let mut text = String::from("NFG 1 R \"distinct\" { \"a\" \"b\" } { 13 12 }\n");
    for k in 0..156 {
        text.push_str(&format!("{} {} ", k, (k * 7) % 157));
    }
    let distinct = dir.write("distinct.nfg", &text);
    let o =
        statecraft(&["solve", distinct.to_str().unwrap(), "--method", "lemke-howson", "--format", "json"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(json(&stdout(&o))["degenerate"].is_null());
    let three = dir.write("three.nfg", "NFG 1 R \"3\" { \"a\" \"b\" \"c\" } { 2 2 2 }\n1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24\n");
    let o = statecraft(&["solve", three.to_str().unwrap(), "--method", "pure", "--format", "json"], dir.path());
    assert!(json(&stdout(&o))["degenerate"].is_null());
}

#[test]
fn the_qre_branch_folds_back_and_huge_lambda_is_quick() {
    let dir = Scratch::new("solve-qre");
    // Gambit's principal branch of this 3x3 game folds back from lambda 2.07 to 1.61.
    let fold = dir.write("fold.nfg", "NFG 1 R \"fold\" { \"1\" \"2\" } { 3 3 }\n1 1 9 6 7 5 1 8 1 6 1 7 2 5 9 3 1 8\n");
    let o = statecraft(
        &["solve", fold.to_str().unwrap(), "--method", "qre-path", "--lambda", "5", "--format", "json"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lambdas: Vec<f64> =
        json(&stdout(&o))["branch"].as_array().unwrap().iter().map(|p| p["lambda"].as_f64().unwrap()).collect();
    assert!(lambdas.windows(2).any(|w| w[1] < w[0]), "no fold in {lambdas:?}");
    assert_eq!(*lambdas.last().unwrap(), 5.0);
    // pygambit's logit_solve_lambda at 5: (0.3325, 0.3353, 0.3322) and (0, 0.9998, 0.0002).
    let o = statecraft(
        &["solve", fold.to_str().unwrap(), "--method", "qre", "--lambda", "5", "--format", "json"],
        dir.path(),
    );
    let strategies = json(&stdout(&o))["equilibria"][0]["strategies_float"].clone();
    let gambit = [[0.3325, 0.3353, 0.3322], [0.0, 0.9998, 0.0002]];
    for (p, expected) in gambit.iter().enumerate() {
        for (a, x) in expected.iter().enumerate() {
            assert!((strategies[p][a].as_f64().unwrap() - x).abs() < 1e-4, "{strategies}");
        }
    }
    let started = std::time::Instant::now();
    let o = statecraft(
        &["solve", &dir.write("bos.nfg", BATTLE).to_string_lossy(), "--method", "qre", "--lambda", "1e6"],
        dir.path(),
    );
    assert!(o.status.success() && started.elapsed().as_secs() < 10, "{}", stderr(&o));
    // As pygambit's logit_solve_lambda(1e6): both on their first strategy.
    assert!(
        stdout(&o).contains("Her  plays s1; payoff 2") && stdout(&o).contains("Him  plays s1; payoff 1"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn dominance_and_zero_sum() {
    let dir = Scratch::new("solve-dominance");
    // The row player's third strategy is beaten only by mixing the other two.
    let mix = dir.write(
        "mix.ron",
        "Game(players: [\"Row\", \"Col\"], strategies: [[\"top\", \"middle\", \"bottom\"], [\"left\", \"right\"]],\n\
         payoffs: [[3, 0], [0, 0], [1, 0], [0, 0], [3, 0], [1, 0]])\n",
    );
    let o = statecraft(&["solve", mix.to_str().unwrap(), "--method", "dominance", "--format", "json"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&stdout(&o));
    assert_eq!(v["surviving"][0], serde_json::json!(["top", "middle"]));
    assert_eq!(v["removed"], serde_json::json!([{"player": "Row", "strategy": "bottom"}]));
    // A textbook zero-sum game: rows (3, -1) and (-2, 4), value 1, row mixes 3/5, 2/5.
    let zs = dir.write("zs.nfg", "NFG 1 R \"zs\" { \"Row\" \"Col\" } { 2 2 }\n3 -3 -2 2 -1 1 4 -4\n");
    let o = statecraft(&["solve", zs.to_str().unwrap(), "--method", "zero-sum", "--format", "json"], dir.path());
    let v = json(&stdout(&o));
    assert_eq!(v["value"], "1");
    assert_eq!(v["strategies"], serde_json::json!([["3/5", "2/5"], ["1/2", "1/2"]]));
    let o = statecraft(&["solve", &dir.write("bos.nfg", BATTLE).to_string_lossy(), "--method", "zero-sum"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not zero-sum"), "{}", stderr(&o));
}

const RPS: &str =
    "NFG 1 R \"Rock, paper, scissors\" { \"1\" \"2\" } { 3 3 }\n0 0 1 -1 -1 1 -1 1 0 0 1 -1 1 -1 -1 1 0 0\n";

#[test]
fn learning_converges_in_rock_paper_scissors() {
    let dir = Scratch::new("learn");
    let rps = dir.write("rps.nfg", RPS);
    for rule in ["fictitious-play", "regret-matching"] {
        let o = statecraft(
            &["learn", rps.to_str().unwrap(), "--rule", rule, "--rounds", "20000", "--format", "json"],
            dir.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let v = json(&stdout(&o));
        for p in v["strategies_float"].as_array().unwrap().iter().flat_map(|s| s.as_array().unwrap()) {
            assert!((p.as_f64().unwrap() - 1.0 / 3.0).abs() < 0.02, "{rule}: {}", v["strategies"]);
        }
        let rounds: Vec<u64> =
            v["trajectory"].as_array().unwrap().iter().map(|t| t["round"].as_u64().unwrap()).collect();
        assert_eq!(rounds, [1, 10, 100, 1000, 10000, 20000]);
    }
    let text = stdout(&statecraft(&["learn", rps.to_str().unwrap(), "--rule", "fictitious-play"], dir.path()));
    assert!(text.contains("regret") && text.contains("10000"), "{text}");
    let three = dir.write("three.nfg", "NFG 1 R \"3\" { \"a\" \"b\" \"c\" } { 1 1 1 }\n1 2 3\n");
    assert_eq!(
        statecraft(&["learn", three.to_str().unwrap(), "--rule", "fictitious-play"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn replicator_dynamics_reach_known_rest_points() {
    let dir = Scratch::new("evolve");
    // Hawk–dove with V = 2, C = 4: hawks settle at V/C = 1/2 in one population.
    let hd = dir.write("hd.nfg", "NFG 1 R \"Hawk-dove\" { \"1\" \"2\" } { 2 2 }\n-1 -1 0 2 2 0 1 1\n");
    let o = statecraft(
        &["evolve", hd.to_str().unwrap(), "--steps", "5000", "--start", "0.1,0.9", "--format", "json"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&stdout(&o));
    assert_eq!(v["populations"], 1);
    assert!((v["shares_float"][0][0].as_f64().unwrap() - 0.5).abs() < 1e-4, "{}", v["shares"]);
    // Two populations of the battle of the sexes (payoffs made positive), discrete: from near
    // the top-left corner both go there.
    let bos = dir.write("bos.nfg", "NFG 1 R \"BoS\" { \"1\" \"2\" } { 2 2 }\n4 3 1 1 1 1 3 4\n");
    let o = statecraft(
        &[
            "evolve",
            bos.to_str().unwrap(),
            "--dynamics",
            "replicator-discrete",
            "--populations",
            "2",
            "--steps",
            "300",
            "--start",
            "0.7,0.3",
            "--start",
            "0.6,0.4",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&stdout(&o));
    assert!(
        v["shares_float"][0][0].as_f64().unwrap() > 0.999 && v["shares_float"][1][0].as_f64().unwrap() > 0.999,
        "{}",
        v["shares"]
    );
    // Payoffs that are not all positive cannot drive the discrete dynamics; an asymmetric
    // game has no single population.
    let o = statecraft(&["evolve", hd.to_str().unwrap(), "--dynamics", "replicator-discrete"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("positive payoffs"), "{}", stderr(&o));
    let o = statecraft(&["evolve", &dir.write("b.nfg", BATTLE).to_string_lossy(), "--populations", "1"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let o = statecraft(&["evolve", hd.to_str().unwrap(), "--start", "0.5,0.6"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn moran_fixation_probabilities() {
    let dir = Scratch::new("moran");
    let o = statecraft(&["moran", "--fitness", "2", "--population", "10", "--format", "json"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let p = json(&stdout(&o))["fixation"][0]["probability_float"].as_f64().unwrap();
    assert!((p - (1.0 - 0.5) / (1.0 - 1.0 / 1024.0)).abs() < 1e-12, "{p}");
    // With no selection, any game is neutral drift: 1/N both ways.
    let pd = dir.write("pd.nfg", "NFG 1 R \"PD\" { \"1\" \"2\" } { 2 2 }\n3 3 5 0 0 5 1 1\n");
    let o = statecraft(
        &["moran", "--game", pd.to_str().unwrap(), "--population", "20", "--intensity", "0", "--format", "json"],
        dir.path(),
    );
    for case in json(&stdout(&o))["fixation"].as_array().unwrap() {
        assert!((case["probability_float"].as_f64().unwrap() - 0.05).abs() < 1e-12);
    }
    // Under selection a defector takes over cooperators more often than drift would have it.
    let args = ["moran", "--game", pd.to_str().unwrap(), "--population", "20", "--intensity", "0.5"];
    let text = stdout(&statecraft(&args, dir.path()));
    assert!(text.contains("one s2 among s1") && text.contains("favoured by selection"), "{text}");
    // At full intensity a cooperator among defectors would have fitness 0 (its payoff).
    let o = statecraft(&args[..5], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("lower --intensity"), "{}", stderr(&o));
    assert_eq!(statecraft(&["moran", "--fitness", "2", "--population", "1"], dir.path()).status.code(), Some(2));
    assert_eq!(statecraft(&["moran", "--population", "5"], dir.path()).status.code(), Some(2));
}

#[test]
fn malformed_games_are_refused_with_where_and_why() {
    let dir = Scratch::new("solve-malformed");
    let run = |name: &str, text: &str| {
        let o = statecraft(&["solve", dir.write(name, text).to_str().unwrap()], dir.path());
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        stderr(&o)
    };
    let huge = run("huge.nfg", "NFG 1 R \"t\" { \"a\" \"b\" } { 100000 100000 }");
    assert!(huge.contains("huge.nfg:1:27") && huge.contains("10000000000 strategy profiles"), "{huge}");
    let counts = run("counts.nfg", "NFG 1 R \"g\" { \"a\" \"b\" }\n{ 2 2 3 }\n1 2 3 4\n");
    assert!(counts.contains("counts.nfg:2:7") && counts.contains("3 numbers of strategies for 2 players"), "{counts}");
    let empty = run("empty.nfg", "NFG 1 R \"g\" { \"a\" \"b\" }\n{ { } { \"x\" } }\n");
    assert!(empty.contains("empty.nfg:2:3") && empty.contains("player 1 (`a`) has no strategies"), "{empty}");
    let head = "Game(\n  players: [\"a\", \"b\"],\n  strategies: [[\"x\", \"y\"], [\"x\", \"y\"]],\n";
    let short = run("short.ron", &format!("{head}  payoffs: [[1, 2], [3, 4], [5, 6]],\n)\n"));
    assert!(short.contains("short.ron:4:12") && short.contains("expected 4 profiles (2 x 2), found 3"), "{short}");
    let word = run("word.ron", &format!("{head}  payoffs: [[1, 2], [3, \"four\"], [5, 6], [7, 8]],\n)\n"));
    assert!(word.contains("word.ron:4:25") && word.contains("the string \"four\""), "{word}");
    let boolean = run("bool.ron", &format!("{head}  payoffs: [[1, 2], [3, 4], [5, 6], [7, true]],\n)\n"));
    assert!(
        boolean.contains("bool.ron:4:41") && boolean.contains("the boolean `true`") && boolean.contains("help"),
        "{boolean}"
    );
    let typo = run("typo.ron", &format!("{head}  payofs: [[1, 2], [3, 4], [5, 6], [7, 8]],\n)\n"));
    assert!(typo.contains("typo.ron:4:3") && typo.contains("did you mean `payoffs`"), "{typo}");
}

#[test]
fn help_shows_the_ron_format_and_the_limits() {
    let dir = Scratch::new("solve-help");
    let help = stdout(&statecraft(&["solve", "--help"], dir.path()));
    assert!(help.contains("Game(") && help.contains("payoffs: [[3, 3]"), "{help}");
    assert!(help.contains("three or more players") && help.contains("1,000,000"), "{help}");
    // Payoff-version strategies have names that do not read as numbers.
    let o = statecraft(&["solve", &dir.write("b.nfg", BATTLE).to_string_lossy(), "--method", "pure"], dir.path());
    assert!(stdout(&o).contains("Her  plays s1; payoff 2"), "{}", stdout(&o));
}

/// The equilibria of a `solve --format json`, as exact fractions in strings, sorted.
fn solved(file: &std::path::Path, method: &str, dir: &std::path::Path) -> Vec<Vec<Vec<String>>> {
    let o = statecraft(&["solve", file.to_str().unwrap(), "--method", method, "--format", "json"], dir);
    assert!(o.status.success(), "{}: {}", file.display(), stderr(&o));
    let v = json(&stdout(&o));
    assert_eq!(v["exact"], true, "{}", file.display());
    let mut found: Vec<Vec<Vec<String>>> =
        serde_json::from_value(v["equilibria"].as_array().unwrap().iter().map(|e| e["strategies"].clone()).collect())
            .unwrap();
    found.sort();
    found
}

#[derive(serde::Deserialize)]
struct GambitFile {
    players: usize,
    strategies: Vec<usize>,
    enumpure: Vec<Vec<Vec<String>>>,
    enummixed: Option<Vec<Vec<Vec<String>>>>,
    lcp: Option<Vec<Vec<Vec<String>>>>,
    pygambit_reads_statecraft_write: bool,
}

#[derive(serde::Deserialize)]
struct GambitFixtures {
    pygambit: String,
    files: std::collections::BTreeMap<String, GambitFile>,
    efg: Vec<String>,
}

/// Every `.nfg` file in `tests/fixtures/gambit` (made by pygambit, or by hand and read back by
/// pygambit: `make.py`), in each form Gambit reads, including pygambit's `to_nfg()` of
/// Gambit's extensive-form examples: statecraft reads each, finds exactly Gambit's pure
/// equilibria and, for two players, exactly its extreme equilibria (and Lemke-Howson's among
/// them), and writes it back as the same game.
#[test]
fn gambit_files_read_with_gambits_equilibria_and_write_back() {
    let here = common::root().join("tests/fixtures/gambit");
    let fixtures: GambitFixtures =
        serde_json::from_str(&std::fs::read_to_string(here.join("equilibria.json")).unwrap()).unwrap();
    assert!(fixtures.pygambit.starts_with("16."), "{}", fixtures.pygambit);
    let on_disk = |ext: &str| {
        let mut names: Vec<String> = std::fs::read_dir(&here)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext))
            .collect();
        names.sort();
        names
    };
    assert_eq!(on_disk(".nfg"), fixtures.files.keys().cloned().collect::<Vec<_>>());
    assert_eq!(on_disk(".efg"), fixtures.efg);
    let converted = fixtures.files.keys().filter(|f| f.starts_with("efg-")).count();
    assert!(converted >= 20, "only {converted} converted extensive-form games");
    assert!(fixtures.files.values().any(|f| f.players > 2));
    let dir = Scratch::new("gambit-files");
    let read = |p: &std::path::Path| {
        let text = std::fs::read_to_string(p).unwrap();
        statecraft_games::nfg::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    for (name, expected) in &fixtures.files {
        let file = here.join(name);
        let game = read(&file);
        assert_eq!(game.players.len(), expected.players, "{name}");
        assert_eq!(game.strategies.iter().map(Vec::len).collect::<Vec<_>>(), expected.strategies, "{name}");
        assert_eq!(solved(&file, "pure", dir.path()), expected.enumpure, "{name}: pure equilibria");
        if let Some(extreme) = &expected.enummixed {
            let all = solved(&file, "all", dir.path());
            assert_eq!(&all, extreme, "{name}: extreme equilibria");
            for e in expected.lcp.as_ref().unwrap() {
                assert!(all.contains(e), "{name}: Lemke-Howson's {e:?} is not among {all:?}");
            }
        }
        assert!(expected.pygambit_reads_statecraft_write, "{name}");
        let out = dir.path().join("written.nfg");
        let o = statecraft(
            &["solve", file.to_str().unwrap(), "--method", "pure", "--write", out.to_str().unwrap()],
            dir.path(),
        );
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(read(&out), game, "{name}: written and read back");
    }
    for name in &fixtures.efg {
        let o = statecraft(&["solve", here.join(name).to_str().unwrap()], dir.path());
        assert_eq!(o.status.code(), Some(2), "{name}");
        let message = stderr(&o);
        assert!(message.contains(&format!("{name}:1:1:")) && message.contains("(.efg)"), "{message}");
        assert!(message.contains("to_nfg"), "{message}");
    }
}

/// The tour in the README uses every example game, so none ships unexplained.
#[test]
fn the_readme_tour_uses_every_example_game() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let games = std::fs::read_dir(common::root().join("examples/games")).unwrap();
    let mut names: Vec<String> = games.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    for name in names {
        assert!(readme.contains(&format!("statecraft solve examples/games/{name}")), "the README never solves {name}");
    }
}
