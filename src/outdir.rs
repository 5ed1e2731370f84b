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

/// Files that mark a directory as a statecraft run, safe to replace.
const MARKERS: &[&str] = &["summary.ron", "timeseries.csv"];

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, Failure> {
        if target.exists() && !replaceable(target) {
            return Err(Failure::Input(format!(
                "error: refusing to replace `{}`: it exists and is not a statecraft run directory\nhelp: choose another `--out` directory, or remove it yourself",
                target.display()
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

fn replaceable(dir: &Path) -> bool {
    dir.is_dir()
        && (MARKERS.iter().any(|m| dir.join(m).exists()) || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none()))
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
