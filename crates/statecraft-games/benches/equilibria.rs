//! Benchmarks of the two-player solvers (issue 3, item 7); figures in `BENCHMARKS.md`.
//!
//! Run with `cargo bench -p statecraft-games --bench equilibria`. The games are those of
//! `benches/games.rs`; `cargo run --release -p statecraft-games --example bench_games DIR`
//! writes them as `.nfg` files, and `benches/reference_timing.py DIR` times Gambit and Nashpy
//! on the same files.

#[path = "games.rs"]
mod games;

use games::{ENUMERATION_SIZES, LEMKE_HOWSON_SIZES, random_game};
use statecraft_games::{all_equilibria, lemke_howson};

fn main() {
    divan::main();
}

/// Full enumeration, exact arithmetic, on random n×n games.
#[divan::bench(args = ENUMERATION_SIZES, sample_count = 10)]
fn enumerate_all(bencher: divan::Bencher, n: usize) {
    let game = random_game(n);
    bencher.bench(|| all_equilibria(divan::black_box(&game)));
}

/// Lemke–Howson from label 0, exact answer (what `statecraft solve --method lemke-howson`
/// computes: pivoting in doubles, the end point made exact).
#[divan::bench(args = LEMKE_HOWSON_SIZES, sample_count = 10)]
fn lemke_howson_exact(bencher: divan::Bencher, n: usize) {
    let game = random_game(n);
    bencher.bench(|| lemke_howson(divan::black_box(&game), 0).expect("lemke-howson finishes"));
}

/// Lemke–Howson from label 0 on the game in doubles, the answer in doubles.
#[divan::bench(args = LEMKE_HOWSON_SIZES, sample_count = 10)]
fn lemke_howson_f64(bencher: divan::Bencher, n: usize) {
    let game = random_game(n).to_f64();
    bencher.bench(|| lemke_howson(divan::black_box(&game), 0).expect("lemke-howson finishes"));
}
