//! Properties of the solvers on random games: every profile returned is an equilibrium (exactly:
//! no player gains by deviating, in rational arithmetic); a nondegenerate game has an odd number
//! of equilibria; Lemke–Howson's answer, from any label, is one of them (degenerate games too).

use proptest::prelude::*;
use statecraft_games::{Bimatrix, Rational, all_equilibria, lemke_howson};

fn game(m: usize, n: usize, a: Vec<i64>, b: Vec<i64>) -> Bimatrix<Rational> {
    Bimatrix::new(m, n, a.into_iter().map(Rational::integer).collect(), b.into_iter().map(Rational::integer).collect())
}

fn sizes() -> impl Strategy<Value = (usize, usize, Vec<i64>, Vec<i64>)> {
    (1usize..=4, 1usize..=4).prop_flat_map(|(m, n)| {
        (Just(m), Just(n), prop::collection::vec(-9i64..=9, m * n), prop::collection::vec(-9i64..=9, m * n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_profile_returned_is_an_equilibrium((m, n, a, b) in sizes()) {
        let g = game(m, n, a, b);
        let found = all_equilibria(&g);
        prop_assert!(!found.profiles.is_empty(), "every finite game has an equilibrium");
        for e in &found.profiles {
            prop_assert!(g.is_equilibrium(e.row(), e.col()), "{e:?}");
            let (u, v) = g.payoffs(e.row(), e.col());
            prop_assert_eq!(&e.payoffs, &vec![u, v]);
        }
        if !found.degenerate {
            prop_assert_eq!(found.profiles.len() % 2, 1, "a nondegenerate game has an odd number of equilibria");
        }
    }

    #[test]
    fn lemke_howson_finds_one_of_them((m, n, a, b) in sizes(), label in 0usize..8) {
        let g = game(m, n, a, b);
        let found = all_equilibria(&g);
        let e = lemke_howson(&g, label % (m + n)).unwrap();
        prop_assert!(g.is_equilibrium(e.row(), e.col()));
        // The path ends at a completely labelled vertex pair: an extreme equilibrium, so one of
        // the profiles enumerated, degenerate game or not.
        prop_assert!(found.profiles.iter().any(|f| f.same_point(&e)), "{e:?} not in {:?}", found.profiles);
    }
}
