//! The scenarios that ship with statecraft, built into the binary so that it runs from any
//! directory. A scenario on disk may `extends` a shipped one by its bare file name.

use std::path::{Path, PathBuf};

use statecraft_scenario::{Disk, Files, MAX_SUGGESTIBLE, ReadError, edit_distance};

pub const FLAGSHIP: &str = "h200-commission.ron";

/// (file name, text), the flagship first.
pub const SCENARIOS: &[(&str, &str)] = &[
    ("h200-commission.ron", include_str!("../scenarios/h200-commission.ron")),
    ("full-ban.ron", include_str!("../scenarios/full-ban.ron")),
    ("h20-only-15.ron", include_str!("../scenarios/h20-only-15.ron")),
    ("h200-no-share.ron", include_str!("../scenarios/h200-no-share.ron")),
    ("safe-chips-enacted.ron", include_str!("../scenarios/safe-chips-enacted.ron")),
    ("h200-held.ron", include_str!("../scenarios/h200-held.ron")),
];

/// Where shipped scenarios live, as far as paths go: a directory no disk has.
pub const SHIPPED_DIR: &str = "<shipped>";

/// The text of a shipped scenario, by file name with or without `.ron`.
fn shipped(name: &str) -> Option<&'static str> {
    let file = if name.ends_with(".ron") { name.to_string() } else { format!("{name}.ron") };
    SCENARIOS.iter().find(|(n, _)| *n == file).map(|(_, text)| *text)
}

/// The path of a shipped scenario, if `name` is one.
pub fn shipped_path(name: &str) -> Option<PathBuf> {
    shipped(name)?;
    let file = if name.ends_with(".ron") { name.to_string() } else { format!("{name}.ron") };
    Some(Path::new(SHIPPED_DIR).join(file))
}

/// A name with no directory in it: the only kind that may mean a shipped scenario.
fn is_bare(name: &str) -> bool {
    Path::new(name).components().count() == 1 && !name.contains(['/', '\\'])
}

/// The disk, plus the shipped scenarios under [`SHIPPED_DIR`]. A bare name that names no file
/// beside the writer (or names the writer itself) is the shipped scenario of that name; a path
/// with a directory is only ever that path.
pub struct WithShipped;

impl WithShipped {
    /// The shipped scenario at `path` under [`SHIPPED_DIR`], or `None` for a path on disk.
    fn bundled(path: &Path) -> Option<Result<String, ReadError>> {
        let name = path.strip_prefix(SHIPPED_DIR).ok()?;
        Some(name.to_str().and_then(shipped).map(str::to_string).ok_or_else(|| {
            ReadError::Io(std::io::Error::new(std::io::ErrorKind::NotFound, "no shipped scenario has that name"))
        }))
    }
}

impl Files for WithShipped {
    fn read(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        Self::bundled(path).unwrap_or_else(|| Disk.read(path, limit))
    }

    fn read_parent(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        Self::bundled(path).unwrap_or_else(|| Disk.read_parent(path, limit))
    }

    fn locate(&self, from: &Path, written: &str) -> PathBuf {
        let beside = from.parent().unwrap_or(Path::new("")).join(written);
        let local = beside.is_file() && !same_file(&beside, from);
        match shipped_path(written) {
            Some(shipped) if is_bare(written) && !local => shipped,
            _ => beside,
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// What `statecraft run NAME` means: a file if it exists, else a shipped scenario by name
/// (with or without `.ron`), else the path as given (which will fail to load, with a message).
pub fn resolve(name: &str) -> PathBuf {
    let path = PathBuf::from(name);
    if path.exists() || !is_bare(name) {
        return path;
    }
    shipped_path(name).unwrap_or(path)
}

/// Shipped scenario names close to `name` (for "did you mean").
pub fn similar(name: &str) -> Vec<&'static str> {
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    if stem.chars().count() > MAX_SUGGESTIBLE {
        return Vec::new();
    }
    SCENARIOS
        .iter()
        .map(|(file, _)| file.trim_end_matches(".ron"))
        .filter(|shipped| edit_distance(stem, shipped) <= 3 || shipped.contains(stem) && stem.len() >= 3)
        .collect()
}
