//! The principal logit branch against Gambit's: pygambit's `logit_solve_lambda` at several λ
//! and the end of `logit_solve_branch` (where the profile is within 10⁻⁸ of Nash, λ up to
//! 6·10⁶), on games whose branch folds back, 80 random 4×4 and 6×6 games, the battle of the
//! sexes (whose branch bifurcates), matching pennies and a three-player game
//! (`tests/fixtures/gambit_qre.json`, made by `tests/fixtures/make_gambit_fixtures.py`).

use serde::Deserialize;
use statecraft_games::NormalForm;
use statecraft_games::qre;

#[derive(Deserialize)]
struct Fixtures {
    lambdas: Vec<f64>,
    games: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    actions: Vec<usize>,
    payoffs: Vec<Vec<f64>>,
    points: Vec<Point>,
    limit: Point,
}

#[derive(Deserialize)]
struct Point {
    lambda: f64,
    strategies: Vec<Vec<f64>>,
}

fn game(case: &Case) -> NormalForm<f64> {
    let players = (1..=case.actions.len()).map(|p| p.to_string()).collect();
    let strategies = case.actions.iter().map(|&n| (1..=n).map(|a| format!("s{a}")).collect()).collect();
    NormalForm::new(case.name.clone(), players, strategies, case.payoffs.clone()).unwrap()
}

/// The largest difference between two mixed profiles of the same shape.
fn gap(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    let shape = |p: &[Vec<f64>]| p.iter().map(Vec::len).collect::<Vec<_>>();
    assert_eq!(shape(a), shape(b), "profiles of different shapes");
    a.iter().flatten().zip(b.iter().flatten()).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
}

#[test]
fn the_same_branch_as_gambit() {
    let fixtures: Fixtures = serde_json::from_str(include_str!("fixtures/gambit_qre.json")).unwrap();
    assert_eq!(fixtures.games.len(), 88);
    let (mut worst, mut worst_limit) = (0.0f64, 0.0f64);
    for case in &fixtures.games {
        let g = game(case);
        // Gambit stops within about 1e-9 of each λ; ask for exactly its λ.
        let lambdas: Vec<f64> = case.points.iter().map(|p| p.lambda).collect();
        assert_eq!(lambdas.len(), fixtures.lambdas.len(), "{}: a point per lambda", case.name);
        for (l, asked) in lambdas.iter().zip(&fixtures.lambdas) {
            assert!((l - asked).abs() < 1e-6, "{}: Gambit stopped at {l}", case.name);
        }
        let ours = qre::path(&g, &lambdas).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(ours.len(), case.points.len(), "{}: a point per lambda asked", case.name);
        for (mine, theirs) in ours.iter().zip(&case.points) {
            let d = gap(&mine.strategies, &theirs.strategies);
            worst = worst.max(d);
            assert!(
                d < 1e-5,
                "{} at lambda {}: {:?} vs Gambit's {:?}",
                case.name,
                theirs.lambda,
                mine.strategies,
                theirs.strategies
            );
            assert!(mine.residual < 1e-9, "{}: residual {}", case.name, mine.residual);
        }
        let end = qre::at(&g, case.limit.lambda).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let d = gap(&end.strategies, &case.limit.strategies);
        worst_limit = worst_limit.max(d);
        assert!(
            d < 1e-5,
            "{} at Gambit's last lambda {}: {:?} vs {:?}",
            case.name,
            case.limit.lambda,
            end.strategies,
            case.limit.strategies
        );
    }
    eprintln!(
        "largest difference from Gambit: {worst:.1e} at the given lambdas, {worst_limit:.1e} where its branch ends"
    );
}
