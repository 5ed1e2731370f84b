//! Output directories appear whole or not at all: files are written into a staging directory
//! beside the target, which replaces the target by renames only once everything is written.
//! One writer at a time: a writer holds a lock on `.NAME.lock` beside the target
//! ([`OutLock`]). Nothing is written through a symbolic link the command did not make.

use std::fs;
use std::path::{Path, PathBuf};

use crate::failure::Failure;

/// A directory being written.
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
    _lock: OutLock,
}

/// A writer's claim on an output directory: an advisory lock (`flock`) on `.NAME.lock` beside
/// it, held while the process writes. A second writer into the same directory is refused while
/// the first runs; the kernel releases the lock of a process that dies, so a killed writer
/// never blocks the next one (its lock file is simply taken over).
pub struct OutLock {
    path: PathBuf,
    _file: fs::File,
}

impl OutLock {
    pub fn acquire(target: &Path) -> Result<OutLock, Failure> {
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let path = target.with_file_name(format!(".{name}.lock"));
        let fail = |e| Failure::io(&format!("cannot lock `{}`", path.display()), e);
        loop {
            refuse_link(&path)?;
            let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(fail)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Failure::Runtime(format!(
                        "error: another statecraft process is writing `{}` (it holds `{}`)\n  = help: wait for it to finish, or choose another --out",
                        target.display(),
                        path.display()
                    )));
                }
                Err(fs::TryLockError::Error(e)) => return Err(fail(e)),
            }
            // The holder before us removes the file as it finishes: if it did so between our
            // open and our lock, we hold a lock on a file no one else will see; start again.
            if same_file(&file, &path) {
                return Ok(OutLock { path, _file: file });
            }
        }
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // Removed while still locked, so no one else can hold it in between.
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// Refuse to write through `path` if it is a symbolic link: the command did not make it, and
/// following it would write outside the directory the user named.
pub fn refuse_link(path: &Path) -> Result<(), Failure> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let to = fs::read_link(path).map(|t| format!(" (to `{}`)", t.display())).unwrap_or_default();
            let hint = if path.is_dir() {
                "name the real directory instead, or remove the link"
            } else {
                "remove the link: statecraft writes this file itself"
            };
            Err(Failure::Input(format!(
                "error: refusing to write through `{}`: it is a symbolic link{to}\n  = help: {hint}",
                path.display()
            )))
        }
        _ => Ok(()),
    }
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
        refuse_link(target)?;
        let lock = OutLock::acquire(target)?;
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("run");
        let staging = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging).map_err(|e| Failure::io(&format!("cannot create `{}`", staging.display()), e))?;
        Ok(Staging { target: target.to_path_buf(), staging, committed: false, _lock: lock })
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
