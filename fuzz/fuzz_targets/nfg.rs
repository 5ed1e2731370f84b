//! Gambit `.nfg` text: read it, and if it is a game, write it and read it back (the same game),
//! and find its pure equilibria. Any panic is a bug: bad input must be a located error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use statecraft_games::nfg;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(game) = nfg::parse(text) {
        assert_eq!(nfg::parse(&nfg::write(&game)).as_ref(), Ok(&game), "a written game reads back the same");
        // Bounded: every game read has at most MAX_PROFILES profiles.
        let _ = game.pure_equilibria();
        let _ = game.to_f64().to_bimatrix();
    }
});
