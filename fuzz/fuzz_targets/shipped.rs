//! The shipped scenarios, in memory, as the parents a fuzzed scenario may `extends` by name
//! (as `statecraft` finds them built into the binary). Shared by the scenario targets.
//!
//! The list itself is the binary's own `src/shipped.rs`, compiled here as it is there, so the
//! fuzzed parents are always the ones `statecraft` ships.

use std::path::Path;

use statecraft_scenario::input::{bounded, utf8};
use statecraft_scenario::{Files, ReadError};

#[allow(dead_code)]
#[path = "../../src/shipped.rs"]
mod embedded;

pub use embedded::SCENARIOS as SHIPPED;

/// `input.ron` holds the fuzzed bytes; the shipped scenarios sit beside it.
pub struct Memory<'a> {
    pub input: &'a [u8],
}

impl Files for Memory<'_> {
    fn read(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let bytes = match SHIPPED.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => text.as_bytes(),
            None if name == "input.ron" => self.input,
            None => return Err(std::io::Error::from(std::io::ErrorKind::NotFound).into()),
        };
        // The same bounded read and UTF-8 check as the disk's.
        utf8(bounded(bytes, limit)?)
    }
}
