//! The replay reader, as `statecraft replay FILE` uses it before running anything: the
//! bounded UTF-8 read, the format and shape, the damage check, and the check of the scenario
//! inside. (Verification runs the model, and is left to the tests.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use statecraft_scenario::Sources;
use statecraft_scenario::input::{bounded, utf8};
use statecraft_sim::replay::{self, REPLAY_LIMIT, ReadError};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = bounded(data, REPLAY_LIMIT).and_then(utf8) else { return };
    match replay::parse("replay.ron", &text) {
        Ok(replay) => {
            let _ = replay.damage();
            let mut sources = Sources::default();
            let id = sources.add("replay.ron", text.as_str());
            if let Ok(tree) = statecraft_scenario::ron::parse(&text, id)
                && let Some(scenario) = tree.field("scenario")
                && let Err(d) = statecraft_scenario::read(scenario.clone(), sources, &statecraft_sim::check)
            {
                let _ = d.render(false);
            }
        }
        Err(ReadError::Invalid(d)) => {
            let _ = d.render(false);
        }
        Err(_) => {}
    }
});
