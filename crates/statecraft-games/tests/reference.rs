//! Cross-checks against reference implementations, whose answers are committed as fixtures
//! (CI needs no Python): nashpy's vertex enumeration on 300 small games
//! (`tests/fixtures/make_fixtures.py`) and Gambit's exact enumeration on 338 games up to 8×8,
//! degenerate ones included (`tests/fixtures/make_gambit_fixtures.py`).

use serde::Deserialize;
use statecraft_games::{Bimatrix, NormalForm, Rational, SolveError, all_equilibria, lemke_howson};

#[derive(Deserialize)]
struct Fixtures {
    games: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    rows: usize,
    cols: usize,
    a: Vec<i64>,
    b: Vec<i64>,
    equilibria: Vec<(Vec<f64>, Vec<f64>)>,
}

fn close(x: &[f64], y: &[f64]) -> bool {
    x.len() == y.len() && x.iter().zip(y).all(|(a, b)| (a - b).abs() < 1e-7)
}

/// statecraft must find the same equilibria as nashpy, no more and no fewer (degenerate games
/// are skipped: nashpy's vertex enumeration assumes nondegeneracy).
#[test]
fn the_same_equilibria_as_nashpy() {
    let text = include_str!("fixtures/nashpy_games.json");
    let fixtures: Fixtures = serde_json::from_str(text).expect("the fixture file parses");
    assert_eq!(fixtures.games.len(), 300);
    let mut compared = 0;
    for (k, case) in fixtures.games.iter().enumerate() {
        let exact = |v: &[i64]| v.iter().map(|&x| Rational::integer(x)).collect();
        let game = Bimatrix::new(case.rows, case.cols, exact(&case.a), exact(&case.b));
        let found = all_equilibria(&game);
        if found.degenerate {
            // nashpy's vertex enumeration assumes nondegeneracy; such games are not comparable.
            continue;
        }
        compared += 1;
        let ours: Vec<(Vec<f64>, Vec<f64>)> = found
            .profiles
            .iter()
            .map(|e| (e.row().iter().map(Rational::to_f64).collect(), e.col().iter().map(Rational::to_f64).collect()))
            .collect();
        assert_eq!(ours.len(), case.equilibria.len(), "game {k}: {ours:?} vs {:?}", case.equilibria);
        for (x, y) in &case.equilibria {
            assert!(
                ours.iter().any(|(p, q)| close(p, x) && close(q, y)),
                "game {k}: nashpy's ({x:?}, {y:?}) not found in {ours:?}"
            );
        }
    }
    assert!(compared >= 250, "only {compared} nondegenerate games compared");
}

#[derive(Deserialize)]
struct GambitFixtures {
    games: Vec<GambitCase>,
}

#[derive(Deserialize)]
struct GambitCase {
    rows: usize,
    cols: usize,
    a: Vec<i64>,
    b: Vec<i64>,
    /// Every extreme equilibrium, as exact fractions.
    equilibria: Vec<Vec<Vec<Rational>>>,
}

/// 338 random games from 2×2 to 8×8, 191 of them degenerate, solved exactly by
/// Gambit's `enummixed_solve` (`tests/fixtures/make_gambit_fixtures.py`): statecraft must find
/// exactly the same set of extreme equilibria, fraction for fraction, and say which games are
/// degenerate; and Lemke–Howson, from every label, must end at one of them.
#[test]
fn the_same_extreme_equilibria_as_gambit() {
    let fixtures: GambitFixtures = serde_json::from_str(include_str!("fixtures/gambit_equilibria.json")).unwrap();
    assert_eq!(fixtures.games.len(), 338);
    let (mut degenerate, mut largest) = (0, 0);
    for (k, case) in fixtures.games.iter().enumerate() {
        let exact = |v: &[i64]| v.iter().map(|&x| Rational::integer(x)).collect();
        let game = Bimatrix::new(case.rows, case.cols, exact(&case.a), exact(&case.b));
        let found = all_equilibria(&game);
        degenerate += usize::from(found.degenerate);
        largest = largest.max(case.rows * case.cols);
        let mut ours: Vec<Vec<Vec<Rational>>> = found.profiles.into_iter().map(|e| e.strategies).collect();
        let mut theirs = case.equilibria.clone();
        ours.sort();
        // In degenerate games Gambit may list a vertex pair once per basis.
        theirs.sort();
        theirs.dedup();
        assert_eq!(ours, theirs, "game {k} ({}x{}, degenerate: {})", case.rows, case.cols, found.degenerate);
        if !found.degenerate {
            assert_eq!(ours.len() % 2, 1, "game {k}: a nondegenerate game has an odd number of equilibria");
        }
        for label in 0..case.rows + case.cols {
            let e = lemke_howson(&game, label).unwrap();
            assert!(
                theirs.contains(&e.strategies),
                "game {k}, label {label}: {:?} is not one of Gambit's",
                e.strategies
            );
        }
    }
    eprintln!("{degenerate} of {} games are degenerate", fixtures.games.len());
    assert_eq!(degenerate, 191);
    assert_eq!(largest, 64);
}

#[derive(Deserialize)]
struct Published {
    games: Vec<PublishedGame>,
}

#[derive(Deserialize)]
struct PublishedGame {
    name: String,
    actions: Vec<usize>,
    /// Per profile (first player fastest), one per player; decimals are read exactly.
    payoffs: Vec<Rational>,
    #[serde(default)]
    equilibria: Vec<Vec<Vec<Rational>>>,
    #[serde(default)]
    pure: Vec<Vec<usize>>,
    qre: Vec<QrePoint>,
    #[serde(default)]
    lemke_howson: Vec<Vec<Vec<Rational>>>,
}

#[derive(Deserialize)]
struct QrePoint {
    lambda: f64,
    strategies: Vec<Vec<f64>>,
}

/// Published test games, from Gambit's `contrib/games` (von Stengel's 6×6 game with 75
/// equilibria, O'Neill's game, Selten's, Yamamoto's, Wilson's and Todd's inaccessible
/// equilibria, degenerate games, a backward-bending logit branch, three-player games) and from
/// Nashpy's tests and documentation, with Gambit's answers.
#[test]
fn published_test_games() {
    let fixtures: Published = serde_json::from_str(include_str!("fixtures/gambit_published.json")).unwrap();
    assert_eq!(fixtures.games.len(), 16);
    let mut stalled = Vec::new();
    for case in &fixtures.games {
        let players = case.actions.len();
        let game = NormalForm::new(
            case.name.clone(),
            (1..=players).map(|p| p.to_string()).collect(),
            case.actions.iter().map(|&n| (1..=n).map(|a| format!("s{a}")).collect()).collect(),
            case.payoffs.chunks(players).map(<[Rational]>::to_vec).collect(),
        )
        .unwrap();
        if let Some(bimatrix) = game.to_bimatrix() {
            let mut ours: Vec<_> = all_equilibria(&bimatrix).profiles.into_iter().map(|e| e.strategies).collect();
            ours.sort();
            let mut theirs = case.equilibria.clone();
            theirs.sort();
            assert_eq!(ours, theirs, "{}", case.name);
            for (label, expected) in case.lemke_howson.iter().enumerate() {
                assert_eq!(
                    &lemke_howson(&bimatrix, label).unwrap().strategies,
                    expected,
                    "{} label {label}",
                    case.name
                );
            }
        } else {
            let mut pure = game.pure_equilibria();
            pure.sort();
            assert_eq!(pure, case.pure, "{}", case.name);
        }
        assert_eq!(case.qre.len(), 2, "{}: Gambit's QRE at lambda 1 and 5", case.name);
        for (asked, theirs) in [1.0, 5.0].into_iter().zip(&case.qre) {
            let ours = statecraft_games::qre::at(&game.to_f64(), asked);
            if (theirs.lambda - asked).abs() > 1e-6 {
                // Gambit's tracer stalled at a degenerate bifurcation and returned the point
                // where it stopped: nothing to compare. Ours either says it is stuck or gets
                // past and returns a fixed point.
                match &ours {
                    Err(SolveError::PathLost { lambda, .. }) => {
                        eprintln!("{} at {asked}: stuck at {lambda} (Gambit at {})", case.name, theirs.lambda);
                    }
                    Ok(point) => assert!(point.residual < 1e-9, "{}: {point:?}", case.name),
                    Err(e) => panic!("{}: {e}", case.name),
                }
                stalled.push(format!("{} at {asked}", case.name));
                continue;
            }
            let ours = ours.unwrap_or_else(|e| panic!("{}: {e}", case.name));
            assert_eq!(ours.strategies.len(), theirs.strategies.len(), "{}: a mix per player", case.name);
            for (mine, gambit) in ours.strategies.iter().zip(&theirs.strategies) {
                assert_eq!(mine.len(), gambit.len(), "{}: a probability per strategy", case.name);
            }
            let gap = ours
                .strategies
                .iter()
                .flatten()
                .zip(theirs.strategies.iter().flatten())
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(
                gap < 1e-7,
                "{} at lambda {}: {:?} vs {:?}",
                case.name,
                theirs.lambda,
                ours.strategies,
                theirs.strategies
            );
        }
    }
    assert_eq!(stalled, ["2x2x2 at 1", "2x2x2 at 5", "deg1 at 5"]);
    let stengel = fixtures.games.iter().find(|g| g.name == "stengel").unwrap();
    assert_eq!(stengel.equilibria.len(), 75);
}
