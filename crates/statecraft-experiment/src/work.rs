//! The work directory (`OUT/.work`): the plan's identity, one file per finished block (its
//! moments and its rows at the horizon), and per point the sketches of every finished block.
//! Files appear by rename, whole or not at all, so an interrupted experiment leaves only
//! complete results, and the next run of the same command skips what is done.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use statecraft_scenario::Month;

use crate::moments::Moments;
use crate::plan::{Identity, Unit};
use crate::sketch::Sketch;

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error("cannot {what} `{path}`: {error}")]
    Io { what: &'static str, path: PathBuf, error: std::io::Error },
    #[error("`{path}` is damaged: {error}")]
    Damaged { path: PathBuf, error: String },
    #[error("`{0}` holds the results of a different experiment (another scenario, parameters, seed or number of runs)")]
    OtherPlan(PathBuf),
}

/// What one block of runs produced.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BlockResult {
    pub names: Vec<String>,
    pub dates: Vec<Month>,
    /// Per month and metric (`month * names.len() + metric`).
    pub moments: Vec<Moments>,
    /// Same layout as `moments`; merged into the point's sketches, not kept in the block file.
    #[serde(skip)]
    pub sketches: Vec<Sketch>,
    /// Per replicate: (replicate, seed, the metrics in the last month).
    pub horizon: Vec<(u64, u64, Vec<f64>)>,
}

/// A point's sketches, and the blocks they include.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PointSketches {
    pub blocks: Vec<u64>,
    pub cells: Vec<Sketch>,
}

impl PointSketches {
    pub fn add(&mut self, block: u64, sketches: &[Sketch]) {
        if self.cells.is_empty() {
            self.cells = vec![Sketch::default(); sketches.len()];
        }
        for (cell, s) in self.cells.iter_mut().zip(sketches) {
            cell.merge(s);
        }
        self.blocks.push(block);
        self.blocks.sort_unstable();
    }

    pub fn merge(&mut self, other: &PointSketches) {
        if self.cells.is_empty() {
            self.cells = vec![Sketch::default(); other.cells.len()];
        }
        for (cell, s) in self.cells.iter_mut().zip(&other.cells) {
            cell.merge(s);
        }
        self.blocks.extend(&other.blocks);
        self.blocks.sort_unstable();
    }
}

pub struct Work {
    dir: PathBuf,
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> WorkError + 'a {
    move |error| WorkError::Io { what, path: path.to_path_buf(), error }
}

impl Work {
    /// The work directory of `out`, made for `identity` or checked against it.
    pub fn open(out: &Path, identity: &Identity) -> Result<Work, WorkError> {
        let dir = out.join(".work");
        fs::create_dir_all(&dir).map_err(io("create", &dir))?;
        let work = Work { dir };
        work.remove_leftovers();
        let plan = work.dir.join("plan.ron");
        match fs::read_to_string(&plan) {
            Ok(text) => {
                let found: Identity = statecraft_scenario::from_ron("plan.ron", &text)
                    .map_err(|_| WorkError::Damaged { path: plan.clone(), error: "unreadable plan".into() })?;
                if found != *identity {
                    return Err(WorkError::OtherPlan(out.to_path_buf()));
                }
            }
            Err(_) => work.write_atomic(&plan, statecraft_scenario::to_ron(identity).as_bytes())?,
        }
        Ok(work)
    }

    /// Keep a point's resolved scenario beside its results, so that shards can be merged (and
    /// any point re-run) from the work directory alone.
    pub fn save_scenario(&self, point: usize, scenario: &statecraft_scenario::Scenario) -> Result<(), WorkError> {
        self.write_atomic(
            &self.dir.join(format!("p{point}.scenario.ron")),
            statecraft_scenario::to_ron(scenario).as_bytes(),
        )
    }

    pub fn scenario(&self, point: usize) -> Result<statecraft_scenario::Scenario, WorkError> {
        let path = self.dir.join(format!("p{point}.scenario.ron"));
        let text = fs::read_to_string(&path).map_err(io("read", &path))?;
        statecraft_scenario::from_ron(&path.display().to_string(), &text)
            .map_err(|_| WorkError::Damaged { path: path.clone(), error: "unreadable scenario".into() })
    }

    /// An existing work directory, whatever its plan (for merging shards).
    pub fn existing(out: &Path) -> Result<(Work, Identity), WorkError> {
        let dir = out.join(".work");
        let plan = dir.join("plan.ron");
        let text = fs::read_to_string(&plan).map_err(io("read", &plan))?;
        let identity = statecraft_scenario::from_ron("plan.ron", &text)
            .map_err(|_| WorkError::Damaged { path: plan.clone(), error: "unreadable plan".into() })?;
        Ok((Work { dir }, identity))
    }

    /// Half-written files of an interrupted process: never read, removed on the next start.
    fn remove_leftovers(&self) {
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().contains(".tmp-") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> Result<(), WorkError> {
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        fs::write(&tmp, bytes).map_err(io("write", &tmp))?;
        fs::rename(&tmp, path).map_err(io("write", path))
    }

    fn put<T: Serialize>(&self, path: &Path, value: &T) -> Result<(), WorkError> {
        let bytes = postcard::to_allocvec(value)
            .map_err(|e| WorkError::Damaged { path: path.to_path_buf(), error: e.to_string() })?;
        self.write_atomic(path, &bytes)
    }

    fn get<T: DeserializeOwned>(&self, path: &Path) -> Result<T, WorkError> {
        let bytes = fs::read(path).map_err(io("read", path))?;
        postcard::from_bytes(&bytes).map_err(|e| WorkError::Damaged { path: path.to_path_buf(), error: e.to_string() })
    }

    fn block_path(&self, unit: Unit) -> PathBuf {
        self.dir.join(format!("p{}-b{}.block", unit.point, unit.block))
    }

    fn sketch_path(&self, point: usize) -> PathBuf {
        self.dir.join(format!("p{point}.sketch"))
    }

    pub fn save_block(&self, unit: Unit, result: &BlockResult) -> Result<(), WorkError> {
        self.put(&self.block_path(unit), result)
    }

    pub fn block(&self, unit: Unit) -> Result<BlockResult, WorkError> {
        self.get(&self.block_path(unit))
    }

    pub fn save_sketches(&self, point: usize, sketches: &PointSketches) -> Result<(), WorkError> {
        self.put(&self.sketch_path(point), sketches)
    }

    /// The point's sketches so far (none yet: empty).
    pub fn sketches(&self, point: usize) -> Result<PointSketches, WorkError> {
        let path = self.sketch_path(point);
        if path.exists() { self.get(&path) } else { Ok(PointSketches::default()) }
    }

    /// Copy a finished block from another work directory (merging shards).
    pub fn adopt_block(&self, from: &Work, unit: Unit) -> Result<(), WorkError> {
        let (src, dst) = (from.block_path(unit), self.block_path(unit));
        let bytes = fs::read(&src).map_err(io("read", &src))?;
        self.write_atomic(&dst, &bytes)
    }
}
