//! One `--set PATH=VALUE` over the flagship, as `statecraft run --set ...` applies it.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use statecraft_scenario::{Override, load};

#[path = "shipped.rs"]
mod shipped;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = shipped::Memory { input: shipped::SHIPPED[0].1.as_bytes() };
    match load(Path::new("input.ron"), &files, &[Override::set(text)], &statecraft_sim::check) {
        Ok(loaded) => {
            let _ = loaded.notes();
        }
        Err(d) => {
            let _ = d.render(false);
        }
    }
});
