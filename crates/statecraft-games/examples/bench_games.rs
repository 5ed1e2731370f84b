//! Writes the benchmark games (`benches/games.rs`) as `.nfg` files into a directory, for
//! `benches/reference_timing.py`: `cargo run --release -p statecraft-games --example
//! bench_games DIR`.

#[path = "../benches/games.rs"]
mod games;

use games::{ENUMERATION_SIZES, LEMKE_HOWSON_SIZES, normal_form, random_game};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "bench-games".into()));
    std::fs::create_dir_all(&dir)?;
    for n in ENUMERATION_SIZES.into_iter().chain(LEMKE_HOWSON_SIZES) {
        let path = dir.join(format!("random-{n}x{n}.nfg"));
        std::fs::write(&path, statecraft_games::nfg::write(&normal_form(&random_game(n))))?;
        println!("{}", path.display());
    }
    Ok(())
}
