//! Benchmarks of the two-player solvers (issue 3, item 7); figures in `BENCHMARKS.md`.
//!
//! Run with `cargo bench -p statecraft-games`. Games are random with integer payoffs drawn
//! uniformly from 0..=99 by a seeded ChaCha8 stream, the same recipe as
//! `tests/fixtures/time_reference.py` uses for Gambit and Nashpy.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use statecraft_games::{Bimatrix, Rational, all_equilibria, lemke_howson};

fn main() {
    divan::main();
}

fn random_game(rows: usize, cols: usize, seed: u64) -> Bimatrix<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = |_| f64::from(rng.random_range(0..100u32));
    let a = (0..rows * cols).map(&mut draw).collect();
    let b = (0..rows * cols).map(&mut draw).collect();
    Bimatrix::new(rows, cols, a, b)
}

/// Full enumeration, exact arithmetic, on random n×n games.
#[divan::bench(args = [4, 5, 6, 7, 8, 9, 10, 11, 12], sample_count = 10)]
fn enumerate_all(bencher: divan::Bencher, n: usize) {
    let game: Bimatrix<Rational> = random_game(n, n, n as u64).to_exact();
    bencher.bench(|| all_equilibria(divan::black_box(&game)));
}

/// Lemke–Howson from label 0, in doubles.
#[divan::bench(args = [100, 200], sample_count = 10)]
fn lemke_howson_f64(bencher: divan::Bencher, n: usize) {
    let game = random_game(n, n, n as u64);
    bencher.bench(|| lemke_howson(divan::black_box(&game), 0).expect("lemke-howson finishes"));
}
