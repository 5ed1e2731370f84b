//! Where an experiment's work lives. `.work/` holds the plan's identity, every point's resolved
//! scenario, one file per finished block (`pP-bB.block`: its moments and rows at the horizon)
//! and the distributions of every point's finished blocks: in the point's file (`pP.cells`,
//! which lists the blocks it holds), or, until that is next rewritten, in the block's own
//! (`pP-bB.cells`, written before the block's file). Each file appears by rename, whole or not
//! at all, so an interrupted experiment leaves only complete blocks, and the next run of the
//! same command skips them.
//!
//! An unfinished experiment for `OUT` lives in the hidden `.OUT.partial/` beside it; `OUT`
//! itself appears, by one rename, only once its results (or, for a shard, its blocks) are
//! complete. So a directory named by `--out` is always finished work.

use std::collections::BTreeSet;
use std::fs;
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::distribution::Distribution;
use crate::engine::Block;
use crate::plan::{FORMAT, Identity, Unit};

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error("cannot {what} `{path}`: {error}")]
    Io { what: &'static str, path: PathBuf, error: std::io::Error },
    #[error("`{path}` is damaged: {error}")]
    Damaged { path: PathBuf, error: String },
    #[error("`{0}` holds the results of a different experiment (another scenario, parameters, seed or number of runs)")]
    OtherPlan(PathBuf),
    #[error("`{0}` was written by another version of statecraft")]
    OtherVersion(PathBuf),
}

pub struct Work {
    dir: PathBuf,
}

/// A point's distributions over the blocks it lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PointCells {
    pub blocks: BTreeSet<u64>,
    /// Per month and metric, as in a block.
    pub cells: Vec<Distribution>,
}

impl PointCells {
    /// Take in a block's distributions, unless they are in already; whether they were.
    pub fn add(&mut self, block: u64, cells: &[Distribution]) -> bool {
        if !self.blocks.insert(block) {
            return false;
        }
        if self.cells.is_empty() {
            self.cells = vec![Distribution::default(); cells.len()];
        }
        for (total, d) in self.cells.iter_mut().zip(cells) {
            total.merge(d);
        }
        true
    }

    /// Take in another's blocks (which must be others than these).
    pub fn merge(&mut self, other: &PointCells) {
        if self.cells.is_empty() {
            self.cells = vec![Distribution::default(); other.cells.len()];
        }
        for (total, d) in self.cells.iter_mut().zip(&other.cells) {
            total.merge(d);
        }
        self.blocks.extend(&other.blocks);
    }
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> WorkError + 'a {
    move |error| WorkError::Io { what, path: path.to_path_buf(), error }
}

/// The largest file a work directory may hold, far above a real one (a block of 64 runs over
/// the longest horizon, 1,200 months, or a point's distributions take a few MB). A larger file
/// (or a link to a device) is damaged, and is not read past the limit.
pub const WORK_FILE_LIMIT: u64 = 256 << 20;

/// The bytes of a work file, at most [`WORK_FILE_LIMIT`] of them.
fn read_work(path: &Path) -> Result<Vec<u8>, WorkError> {
    use statecraft_scenario::ReadError;
    statecraft_scenario::input::read_bytes(path, WORK_FILE_LIMIT).map_err(|e| match e {
        ReadError::Io(error) => WorkError::Io { what: "read", path: path.to_path_buf(), error },
        other => WorkError::Damaged { path: path.to_path_buf(), error: other.to_string() },
    })
}

/// A work file's text, at most [`WORK_FILE_LIMIT`] bytes of UTF-8.
fn read_work_text(path: &Path) -> Result<String, WorkError> {
    String::from_utf8(read_work(path)?)
        .map_err(|_| WorkError::Damaged { path: path.to_path_buf(), error: "it is not UTF-8 text".into() })
}

/// A name no other process uses, for temporary files: the process id alone is not enough
/// where containers share a volume (each may be process 1).
fn unique() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| format!("{}-{:016x}", std::process::id(), RandomState::new().hash_one(std::process::id())))
}

/// Write `bytes` to `path` by rename from a temporary file beside it.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WorkError> {
    let name = path.file_name().map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!("{name}.tmp-{}", unique()));
    // A failed write (a full disk) leaves no half-written temporary file behind.
    let written = fs::write(&tmp, bytes)
        .map_err(io("write", &tmp))
        .and_then(|()| fs::rename(&tmp, path).map_err(io("write", path)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

fn read_identity(path: &Path) -> Result<Identity, WorkError> {
    let text = read_work_text(path)?;
    match statecraft_scenario::from_ron::<Identity>("plan.ron", &text) {
        Ok(identity) if identity.format == FORMAT => Ok(identity),
        Ok(_) => Err(WorkError::OtherVersion(path.to_path_buf())),
        Err(_) => Err(WorkError::Damaged {
            path: path.to_path_buf(),
            error: "unreadable plan (written by another version of statecraft?)".into(),
        }),
    }
}

impl Work {
    /// The work directory of `root`, made for `identity` or checked against it.
    pub fn open(root: &Path, identity: &Identity) -> Result<Work, WorkError> {
        let dir = root.join(".work");
        fs::create_dir_all(&dir).map_err(io("create", &dir))?;
        let work = Work { dir };
        work.remove_leftovers();
        let plan = work.dir.join("plan.ron");
        if plan.exists() {
            if read_identity(&plan)? != *identity {
                return Err(WorkError::OtherPlan(root.to_path_buf()));
            }
        } else {
            write_atomic(&plan, statecraft_scenario::to_ron(identity).as_bytes())?;
        }
        Ok(work)
    }

    /// An existing work directory, whatever its plan.
    pub fn existing(root: &Path) -> Result<(Work, Identity), WorkError> {
        let dir = root.join(".work");
        let identity = read_identity(&dir.join("plan.ron"))?;
        Ok((Work { dir }, identity))
    }

    /// Temporary files of an interrupted process: never read, removed on the next start.
    fn remove_leftovers(&self) {
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().contains(".tmp-") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Keep a point's resolved scenario beside its results, so that shards can be merged (and
    /// any point re-run) from the work directory alone.
    pub fn save_scenario(&self, point: usize, scenario: &statecraft_scenario::Scenario) -> Result<(), WorkError> {
        let path = self.dir.join(format!("p{point}.scenario.ron"));
        let text = statecraft_scenario::to_ron(scenario);
        if fs::read_to_string(&path).is_ok_and(|old| old == text) {
            return Ok(());
        }
        write_atomic(&path, text.as_bytes())
    }

    pub fn scenario(&self, point: usize) -> Result<statecraft_scenario::Scenario, WorkError> {
        let path = self.dir.join(format!("p{point}.scenario.ron"));
        let text = read_work_text(&path)?;
        statecraft_scenario::from_ron(&path.display().to_string(), &text)
            .map_err(|_| WorkError::Damaged { path: path.clone(), error: "unreadable scenario".into() })
    }

    fn put<T: Serialize>(path: &Path, value: &T) -> Result<(), WorkError> {
        let bytes = postcard::to_allocvec(value)
            .map_err(|e| WorkError::Damaged { path: path.to_path_buf(), error: e.to_string() })?;
        write_atomic(path, &bytes)
    }

    fn get<T: DeserializeOwned>(path: &Path) -> Result<T, WorkError> {
        let bytes = read_work(path)?;
        postcard::from_bytes(&bytes).map_err(|e| WorkError::Damaged { path: path.to_path_buf(), error: e.to_string() })
    }

    fn block_path(&self, unit: Unit) -> PathBuf {
        self.dir.join(format!("p{}-b{}.block", unit.point, unit.block))
    }

    fn block_cells_path(&self, unit: Unit) -> PathBuf {
        self.dir.join(format!("p{}-b{}.cells", unit.point, unit.block))
    }

    fn point_cells_path(&self, point: usize) -> PathBuf {
        self.dir.join(format!("p{point}.cells"))
    }

    pub fn damaged(&self, unit: Unit, why: &str) -> WorkError {
        WorkError::Damaged { path: self.block_path(unit), error: why.into() }
    }

    /// Save a finished block: its distributions first, so that a block whose file exists has
    /// them on disk too.
    pub fn save_block(&self, unit: Unit, block: &Block, cells: &[Distribution]) -> Result<(), WorkError> {
        Self::put(&self.block_cells_path(unit), &cells)?;
        Self::put(&self.block_path(unit), block)
    }

    /// A point's distributions over all its finished blocks, and how many of those were in
    /// blocks' own files rather than the point's.
    pub fn point_cells(&self, point: usize) -> Result<(PointCells, usize), WorkError> {
        let path = self.point_cells_path(point);
        let mut cells: PointCells = if path.exists() { Self::get(&path)? } else { PointCells::default() };
        let loose: Vec<Unit> =
            self.done()?.into_iter().filter(|u| u.point == point && !cells.blocks.contains(&u.block)).collect();
        for &unit in &loose {
            let block: Vec<Distribution> = Self::get(&self.block_cells_path(unit))?;
            cells.add(unit.block, &block);
        }
        Ok((cells, loose.len()))
    }

    /// Write a point's distributions into its file, then remove the blocks' files it makes
    /// redundant.
    pub fn save_point_cells(&self, point: usize, cells: &PointCells) -> Result<(), WorkError> {
        Self::put(&self.point_cells_path(point), cells)?;
        for &block in &cells.blocks {
            let _ = fs::remove_file(self.block_cells_path(Unit { point, block }));
        }
        Ok(())
    }

    /// A finished block, checked to be whole: a table per month and metric, a row per run.
    pub fn block(&self, unit: Unit) -> Result<Block, WorkError> {
        let path = self.block_path(unit);
        let block: Block = Self::get(&path)?;
        let width = block.names.len();
        let whole = block.categories.len() == width
            && Some(block.moments.len()) == width.checked_mul(block.dates.len())
            && block.horizon.iter().all(|(_, _, values)| values.len() == width);
        if !whole {
            return Err(WorkError::Damaged { path, error: "its metrics, months and rows do not match".into() });
        }
        Ok(block)
    }

    /// The finished blocks.
    pub fn done(&self) -> Result<BTreeSet<Unit>, WorkError> {
        let unit = |name: &str| {
            let (point, block) = name.strip_prefix('p')?.strip_suffix(".block")?.split_once("-b")?;
            Some(Unit { point: point.parse().ok()?, block: block.parse().ok()? })
        };
        let entries = fs::read_dir(&self.dir).map_err(io("read", &self.dir))?;
        Ok(entries.flatten().filter_map(|e| unit(&e.file_name().to_string_lossy())).collect())
    }

    /// Copy a finished block's file from another work directory (merging shards; the
    /// distributions go by `save_point_cells`).
    pub fn adopt_block(&self, from: &Work, unit: Unit) -> Result<(), WorkError> {
        let (src, dst) = (from.block_path(unit), self.block_path(unit));
        let bytes = read_work(&src)?;
        write_atomic(&dst, &bytes)
    }
}

/// Where the unfinished experiment for `out` lives.
pub fn partial(out: &Path) -> PathBuf {
    sibling(out, "partial")
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out.file_name().map_or_else(|| "experiment".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{what}"))
}

/// Remove everything in `dir` but its work directory: results half-written by an interrupted
/// process, before new ones are written.
pub fn clear_results(dir: &Path) -> Result<(), WorkError> {
    for entry in fs::read_dir(dir).map_err(io("read", dir))?.flatten() {
        if entry.file_name() != ".work" {
            let path = entry.path();
            let removed = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
            removed.map_err(io("remove", &path))?;
        }
    }
    Ok(())
}

/// Put the finished `partial` in place of `out`, replacing what was there: the new directory
/// appears by one rename. (What an interrupted replacement left aside is removed first.)
pub fn publish(partial: &Path, out: &Path) -> Result<(), WorkError> {
    let stale = sibling(out, "old-");
    let stale = stale.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    for entry in fs::read_dir(parent).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&stale) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    let old = sibling(out, &format!("old-{}", unique()));
    // An empty directory is simply removed; anything else is moved aside, then deleted.
    let moved_aside = out.exists() && fs::remove_dir(out).is_err();
    if moved_aside {
        fs::rename(out, &old).map_err(io("move aside", out))?;
    }
    fs::rename(partial, out).map_err(io("create", out))?;
    if moved_aside {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_directory_replaces_the_old_one_whole() {
        let root = std::env::temp_dir().join(format!("statecraft-publish-{}", unique()));
        let out = root.join("out");
        fs::create_dir_all(out.join("charts")).unwrap();
        fs::create_dir_all(root.join(".out.old-1-2")).unwrap();
        fs::write(out.join("stale.csv"), "old").unwrap();
        let partial = partial(&out);
        assert_eq!(partial, root.join(".out.partial"));
        fs::create_dir_all(partial.join(".work")).unwrap();
        fs::write(partial.join("stats.csv"), "new").unwrap();
        fs::write(partial.join("leftover.csv"), "half").unwrap();
        clear_results(&partial).unwrap();
        assert!(partial.join(".work").exists() && !partial.join("stats.csv").exists());
        fs::write(partial.join("stats.csv"), "new").unwrap();
        publish(&partial, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("stats.csv")).unwrap(), "new");
        assert!(!out.join("stale.csv").exists() && !partial.exists());
        let left: Vec<_> = fs::read_dir(&root).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("out")], "nothing else is left beside it");
        fs::remove_dir_all(&root).unwrap();
    }

    /// Found by tests/hostile/hostile.py: a work file linked to /dev/zero was read without
    /// bound (`merge` ran out of memory). Every work file is read up to WORK_FILE_LIMIT.
    #[cfg(unix)]
    #[test]
    fn an_endless_work_file_is_refused_at_the_limit() {
        let dir = std::env::temp_dir().join(format!("statecraft-endless-{}", unique()));
        fs::create_dir_all(dir.join(".work")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join(".work/plan.ron")).unwrap();
        let error = Work::existing(&dir).err().expect("an endless plan is refused");
        assert!(matches!(error, WorkError::Damaged { .. }), "{error}");
        assert!(error.to_string().contains("larger than 256 MiB"), "{error}");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A damaged block is an error, never a panic: whatever its bytes (every truncation and
    /// bit flip of a real one), and when it decodes but its tables do not fit together.
    #[test]
    fn a_damaged_block_is_an_error() {
        let dir = std::env::temp_dir().join(format!("statecraft-damaged-{}", unique()));
        fs::create_dir_all(dir.join(".work")).unwrap();
        let work = Work { dir: dir.join(".work") };
        let unit = Unit { point: 0, block: 0 };
        let month = statecraft_scenario::Month::new(2026, 1).unwrap();
        let whole = Block {
            names: vec!["a".into(), "b".into()],
            categories: vec![None, Some(vec!["x".into(), "y".into()])],
            dates: vec![month],
            moments: vec![crate::moments::Moments::default(); 2],
            horizon: vec![(0, 7, vec![1.0, 0.0]), (1, 8, vec![2.0, 1.0])],
        };
        work.save_block(unit, &whole, &[]).unwrap();
        assert_eq!(work.block(unit).unwrap(), whole);
        let bytes = fs::read(work.block_path(unit)).unwrap();
        for cut in 0..bytes.len() {
            fs::write(work.block_path(unit), &bytes[..cut]).unwrap();
            assert!(work.block(unit).is_err(), "cut at {cut}");
        }
        for i in 0..bytes.len() * 8 {
            let mut flipped = bytes.clone();
            flipped[i / 8] ^= 1 << (i % 8);
            fs::write(work.block_path(unit), &flipped).unwrap();
            let _ = work.block(unit);
        }
        let short_row = Block { horizon: vec![(0, 7, vec![1.0])], ..whole.clone() };
        let few_moments = Block { moments: Vec::new(), ..whole.clone() };
        let no_categories = Block { categories: Vec::new(), ..whole };
        for damaged in [short_row, few_moments, no_categories] {
            Work::put(&work.block_path(unit), &damaged).unwrap();
            assert!(matches!(work.block(unit), Err(WorkError::Damaged { .. })), "{damaged:?}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
