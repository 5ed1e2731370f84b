//! Running the units of a plan on a rayon pool, a batch at a time, saving each batch before the
//! next starts; and folding the saved blocks, in block order, into each point's statistics.

use rayon::prelude::*;
use statecraft_scenario::Month;
use statecraft_sim::{Options, RunId};

use crate::moments::Moments;
use crate::plan::{Plan, Shard, Unit};
use crate::sketch::Sketch;
use crate::work::{BlockResult, PointSketches, Work, WorkError};

/// Run one block: its replicates in order, each a full simulation.
pub fn run_block(plan: &Plan, unit: Unit) -> BlockResult {
    let scenario = &plan.points[unit.point].scenario;
    let mut block: Option<BlockResult> = None;
    for replicate in plan.replicates(unit) {
        let seed = plan.seed(unit.point, replicate);
        let metrics = statecraft_sim::run(scenario, RunId { seed, run: 0 }, Options::default()).metrics();
        let b = block.get_or_insert_with(|| {
            let cells = metrics.names.len() * metrics.dates.len();
            BlockResult {
                names: metrics.names.clone(),
                dates: metrics.dates.clone(),
                moments: vec![Moments::default(); cells],
                sketches: vec![Sketch::default(); cells],
                horizon: Vec::new(),
            }
        });
        for (cell, &value) in metrics.values.iter().flatten().enumerate() {
            b.moments[cell].push(value);
            b.sketches[cell].push(value);
        }
        b.horizon.push((replicate, seed, metrics.values.last().cloned().unwrap_or_default()));
    }
    block.expect("a block has at least one replicate")
}

/// Run the units of `shard` that are not done yet; `progress(done, total)` after each batch.
/// Returns how many units were run now.
pub fn execute(
    plan: &Plan,
    work: &Work,
    shard: Shard,
    pool: &rayon::ThreadPool,
    progress: &dyn Fn(u64, u64),
) -> Result<u64, WorkError> {
    let units = plan.shard_units(shard);
    let mut sketches: Vec<PointSketches> =
        (0..plan.points.len()).map(|p| work.sketches(p)).collect::<Result<_, _>>()?;
    let todo: Vec<Unit> =
        units.iter().copied().filter(|u| sketches[u.point].blocks.binary_search(&u.block).is_err()).collect();
    let runs = |us: &[Unit]| us.iter().map(|&u| plan.replicates(u).count() as u64).sum::<u64>();
    let total = runs(&units);
    let mut done = total - runs(&todo);
    progress(done, total);
    let batch = (pool.current_num_threads() * 2).max(1);
    for chunk in todo.chunks(batch) {
        let results: Vec<BlockResult> = pool.install(|| chunk.par_iter().map(|&u| run_block(plan, u)).collect());
        let mut touched = Vec::new();
        for (&unit, result) in chunk.iter().zip(&results) {
            work.save_block(unit, result)?;
            sketches[unit.point].add(unit.block, &result.sketches);
            touched.push(unit.point);
        }
        touched.dedup();
        for point in touched {
            work.save_sketches(point, &sketches[point])?;
        }
        done += runs(chunk);
        progress(done, total);
    }
    Ok(todo.len() as u64)
}

/// Whether every unit of the plan is in the work directory.
pub fn complete(plan: &Plan, work: &Work) -> Result<bool, WorkError> {
    for point in 0..plan.points.len() {
        if work.sketches(point)?.blocks.len() as u64 != plan.blocks() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One point's statistics per metric and month.
pub struct PointStats {
    pub names: Vec<String>,
    pub dates: Vec<Month>,
    pub moments: Vec<Moments>,
    pub sketches: Vec<Sketch>,
}

/// Fold a point's blocks, in block order, into its statistics.
pub fn summarize(plan: &Plan, work: &Work, point: usize) -> Result<PointStats, WorkError> {
    let mut stats: Option<PointStats> = None;
    for block in 0..plan.blocks() {
        let b = work.block(Unit { point, block })?;
        let s = stats.get_or_insert_with(|| PointStats {
            names: b.names.clone(),
            dates: b.dates.clone(),
            moments: vec![Moments::default(); b.moments.len()],
            sketches: Vec::new(),
        });
        for (total, m) in s.moments.iter_mut().zip(&b.moments) {
            total.merge(m);
        }
    }
    let mut s = stats.expect("a plan has at least one block");
    s.sketches = work.sketches(point)?.cells;
    Ok(s)
}

/// Every run's outcomes at the horizon, in replicate order, a block at a time.
pub fn horizon_rows(
    plan: &Plan,
    work: &Work,
    point: usize,
    mut each: impl FnMut(u64, u64, &[f64]) -> Result<(), WorkError>,
) -> Result<(), WorkError> {
    for block in 0..plan.blocks() {
        for (replicate, seed, values) in work.block(Unit { point, block })?.horizon {
            each(replicate, seed, &values)?;
        }
    }
    Ok(())
}
