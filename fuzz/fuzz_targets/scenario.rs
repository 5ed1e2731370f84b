//! The scenario loader as `statecraft validate FILE --set ...` drives it: the input up to its
//! first NUL byte is the file `input.ron` (which may `extends` a shipped scenario), and each
//! line after it a `--set` override (at most 8). Errors must render; nothing may panic,
//! overflow or hang.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use statecraft_scenario::{Override, load};

#[path = "shipped.rs"]
mod shipped;

fuzz_target!(|data: &[u8]| {
    let (file, sets) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    let overrides: Vec<Override> =
        String::from_utf8_lossy(sets).lines().filter(|l| !l.is_empty()).take(8).map(Override::set).collect();
    let files = shipped::Memory { input: file };
    match load(Path::new("input.ron"), &files, &overrides, &statecraft_sim::check) {
        Ok(loaded) => {
            let _ = loaded.notes();
            let _ = statecraft_scenario::to_ron(&loaded.scenario);
        }
        Err(d) => {
            let _ = d.render(false);
        }
    }
});
