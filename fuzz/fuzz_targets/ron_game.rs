//! A game file as `statecraft solve` reads it (RON, or `.nfg` by its first word), through the
//! command's own reader: every input is a game or a located error, never a panic.
#![no_main]

// The reader is the binary's module, compiled here as it is there.
/// The one thing `failure.rs` asks of the binary's colour choice (`src/color.rs` needs clap):
/// messages here are rendered without colour.
mod color {
    pub fn stderr() -> bool {
        false
    }
}
#[allow(dead_code)]
#[path = "../../src/failure.rs"]
mod failure;
#[allow(dead_code)]
#[path = "../../src/commands/game_file.rs"]
mod game_file;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(game) = game_file::parse_game("game.ron", text) {
        let _ = game.pure_equilibria();
        let _ = game_file::strategy_columns(&game);
    }
});
