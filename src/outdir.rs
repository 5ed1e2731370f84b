//! Output directories appear whole or not at all: files are written into a staging directory
//! beside the target, which replaces the target by renames only once everything is written.

use std::fs;
use std::path::{Path, PathBuf};

use crate::failure::Failure;

/// A directory being written.
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

/// What a run directory holds: a directory with anything else in it is not ours to replace.
const RUN_FILES: &[&str] =
    &["report.html", "timeseries.csv", "actions.csv", "summary.ron", "summary.json", "scenario.ron", "replay.ron"];
const CHARTS: &str = "charts";
const CHART_KINDS: &[&str] = &["png", "svg"];

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Failure> {
        if target.file_name().is_none() {
            return Err(Failure::Input(format!(
                "error: `{}` cannot be an output directory: it must name a directory to create or replace\n  = help: write a name, e.g. `--out runs/mine`",
                target.display()
            )));
        }
        if target.exists()
            && let Some(stranger) = not_ours(target)
        {
            return Err(Failure::Input(format!(
                "error: refusing to replace `{}`: `{}` in it was not written by a statecraft run\n  = help: choose another `--out` directory, or move that file away",
                target.display(),
                stranger.display()
            )));
        }
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("run");
        let staging = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(|e| Failure::io(&format!("cannot create `{}`", staging.display()), e))?;
        Ok(Staging { target: target.to_path_buf(), staging, committed: false })
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = self.staging.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Failure::io(&format!("cannot create `{}`", parent.display()), e))?;
        }
        fs::write(&path, bytes).map_err(|e| Failure::io(&format!("cannot write `{}`", path.display()), e))
    }

    /// Put the finished directory in place of the target.
    pub fn commit(mut self) -> Result<PathBuf, Failure> {
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target.file_name().and_then(|n| n.to_str()).unwrap_or("run"),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)
                .map_err(|e| Failure::io(&format!("cannot move aside `{}`", self.target.display()), e))?;
        }
        fs::rename(&self.staging, &self.target)
            .map_err(|e| Failure::io(&format!("cannot create `{}`", self.target.display()), e))?;
        self.committed = true;
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// The first entry of `dir` that a run would not have written (or `dir` itself, if it is not
/// a directory); `None` if replacing `dir` loses nothing but an earlier run.
fn not_ours(dir: &Path) -> Option<PathBuf> {
    let entries = |dir: &Path| -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
        paths.sort();
        paths
    };
    if !dir.is_dir() {
        return Some(dir.to_path_buf());
    }
    let name = |p: &Path| p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    for entry in entries(dir) {
        let ours = if name(&entry) == CHARTS && entry.is_dir() {
            match entries(&entry).into_iter().find(|chart| {
                !chart.is_file()
                    || !chart.extension().and_then(|e| e.to_str()).is_some_and(|e| CHART_KINDS.contains(&e))
            }) {
                Some(stranger) => return Some(stranger),
                None => true,
            }
        } else {
            entry.is_file() && RUN_FILES.contains(&name(&entry).as_str())
        };
        if !ours {
            return Some(entry);
        }
    }
    None
}

/// The parent directory must exist for the staging directory to sit beside the target.
pub fn ensure_parent(target: &Path) -> Result<(), Failure> {
    match target.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => {
            fs::create_dir_all(parent).map_err(|e| Failure::io(&format!("cannot create `{}`", parent.display()), e))
        }
        None => Ok(()),
    }
}
