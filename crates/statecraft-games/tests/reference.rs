//! A cross-check against a reference implementation: 300 random games solved by nashpy's
//! vertex enumeration (`tests/fixtures/make_fixtures.py` made the file); statecraft must find
//! the same equilibria, no more and no fewer.

use serde::Deserialize;
use statecraft_games::{Bimatrix, Rational, all_equilibria};

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
