//! A run's tables as `statecraft plot RUN_DIR` reads and draws them: `timeseries.csv`, a NUL
//! byte, then `actions.csv`. Bad tables must be errors, never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;
use statecraft_plot::{Meta, render};

fuzz_target!(|data: &[u8]| {
    let (timeseries, actions) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &[][..]),
    };
    // As `plot` reads them: lossy UTF-8.
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let meta = Meta { ceilings: vec!["closed".into(), "H20-class".into(), "H200-class".into()], ..Meta::default() };
    let _ = render(&text(timeseries), &text(actions), &meta);
});
