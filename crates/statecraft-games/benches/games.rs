//! The games the benchmarks solve, shared by `benches/equilibria.rs` and
//! `examples/bench_games.rs` (which writes them as `.nfg` files for
//! `benches/reference_timing.py`, so that Gambit and Nashpy time exactly the same games).

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use statecraft_games::{Bimatrix, NormalForm, Rational};

/// The sizes of the full-enumeration benchmark (n × n) and of the Lemke–Howson one.
pub const ENUMERATION_SIZES: [usize; 9] = [4, 5, 6, 7, 8, 9, 10, 11, 12];
pub const LEMKE_HOWSON_SIZES: [usize; 2] = [100, 200];

/// A random n × n game with integer payoffs drawn uniformly from 0..=99 by a ChaCha8 stream
/// seeded with n: the row player's payoffs row by row, then the column player's.
pub fn random_game(n: usize) -> Bimatrix<Rational> {
    let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
    let mut draw = |_| Rational::integer(i64::from(rng.random_range(0..100u32)));
    let a = (0..n * n).map(&mut draw).collect();
    let b = (0..n * n).map(&mut draw).collect();
    Bimatrix::new(n, n, a, b)
}

/// The same game in normal form, for writing as `.nfg`.
#[allow(dead_code)]
pub fn normal_form(game: &Bimatrix<Rational>) -> NormalForm<Rational> {
    let (m, n) = (game.rows(), game.cols());
    let names = |k: usize| (1..=k).map(|i| format!("s{i}")).collect();
    let payoffs = (0..m * n).map(|k| vec![game.a(k % m, k / m).clone(), game.b(k % m, k / m).clone()]).collect();
    NormalForm::new(format!("random {m}x{n}"), vec!["row".into(), "col".into()], vec![names(m), names(n)], payoffs)
        .expect("a well-formed game")
}
