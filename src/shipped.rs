//! The scenarios that ship with statecraft, built into the binary so that it runs from any
//! directory. A scenario on disk may `extends` a shipped one by its file name.

use std::path::{Path, PathBuf};

use statecraft_scenario::{Disk, Files};

pub const FLAGSHIP: &str = "h200-commission.ron";

/// (file name, text), the flagship first.
pub const SCENARIOS: &[(&str, &str)] = &[
    ("h200-commission.ron", include_str!("../scenarios/h200-commission.ron")),
    ("full-ban.ron", include_str!("../scenarios/full-ban.ron")),
    ("h20-only-15.ron", include_str!("../scenarios/h20-only-15.ron")),
    ("h200-no-share.ron", include_str!("../scenarios/h200-no-share.ron")),
    ("safe-chips-enacted.ron", include_str!("../scenarios/safe-chips-enacted.ron")),
];

fn shipped(name: &str) -> Option<&'static str> {
    SCENARIOS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// Disk first; a path that does not exist falls back to the shipped scenario of that file name.
pub struct WithShipped;

impl Files for WithShipped {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        match Disk.read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                path.file_name().and_then(|n| n.to_str()).and_then(shipped).map(str::to_string).ok_or(e)
            }
            other => other,
        }
    }
}

/// What `statecraft run NAME` means: a file if it exists, else a shipped scenario by name
/// (with or without `.ron`), else the path as given (which will fail to load, with a message).
pub fn resolve(name: &str) -> PathBuf {
    let path = PathBuf::from(name);
    if path.exists() {
        return path;
    }
    let file = if name.ends_with(".ron") { name.to_string() } else { format!("{name}.ron") };
    let bare = Path::new(&file).file_name().and_then(|n| n.to_str()).unwrap_or(&file).to_string();
    if shipped(&bare).is_some() { PathBuf::from(bare) } else { path }
}
