//! Running the units of a plan on a rayon pool, each block saved the moment it finishes; and
//! folding the saved blocks of a point, in block order, into its statistics.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use statecraft_scenario::{Horizon, Month, Scenario};
use statecraft_sim::output::Metrics;
use statecraft_sim::{Options, RunId, Runner};

use crate::distribution::{Distribution, EXACT_VALUES};
use crate::moments::Moments;
use crate::plan::{Plan, Shard, Unit};
use crate::work::{PointCells, Work, WorkError};

/// What one block of runs produced but its distributions, which go to the point's (they are
/// large, and merge in any order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub names: Vec<String>,
    /// Per metric: the names its codes stand for, or `None` for a numeric metric.
    pub categories: Vec<Option<Vec<String>>>,
    pub dates: Vec<Month>,
    /// Per month and metric (`month * names.len() + metric`), in replicate order.
    pub moments: Vec<Moments>,
    /// Per replicate: (replicate, seed, the metrics in the last month).
    pub horizon: Vec<(u64, u64, Vec<f64>)>,
}

/// Runs are folded into a block's distributions this many at a time, cell by cell: each cell's
/// distribution is touched once per chunk rather than once per run, which keeps it in cache.
const CHUNK: usize = 64;
/// Cells gathered together out of the chunk: one cache line of each run's values.
const LANES: usize = 8;

/// A block being filled, run by run in replicate order.
pub struct BlockBuilder {
    block: Block,
    /// Same layout as the moments.
    cells: Vec<Distribution>,
    /// Up to `CHUNK` runs' values, run after run, not yet in the distributions.
    pending: Vec<f64>,
    /// Cells' values out of the chunk.
    columns: [Vec<f64>; LANES],
}

thread_local! {
    /// The chunk buffer and the distributions of the thread's last block, for its next: fresh
    /// ones per block would cost page faults, and thousands of allocations that leave the
    /// simulator's allocations slower.
    static PENDING: Cell<Vec<f64>> = const { Cell::new(Vec::new()) };
    static CELLS: Cell<Vec<Distribution>> = const { Cell::new(Vec::new()) };
}

/// Give a block's distributions back, once saved, for the thread's next block.
pub fn recycle(cells: Vec<Distribution>) {
    CELLS.set(cells);
}

impl Default for BlockBuilder {
    fn default() -> BlockBuilder {
        BlockBuilder {
            block: Block::default(),
            cells: CELLS.take(),
            pending: PENDING.take(),
            columns: Default::default(),
        }
    }
}

impl BlockBuilder {
    pub fn push(&mut self, replicate: u64, seed: u64, metrics: &Metrics) {
        let b = &mut self.block;
        if b.names.is_empty() {
            b.names.clone_from(&metrics.names);
            b.categories.clone_from(&metrics.categories);
            b.dates.clone_from(&metrics.dates);
            let cells = b.names.len() * b.dates.len();
            b.moments = vec![Moments::default(); cells];
            self.cells.truncate(cells);
            self.cells.iter_mut().for_each(Distribution::clear);
            self.cells.resize(cells, Distribution::default());
            self.pending.clear();
            self.pending.reserve_exact(CHUNK * cells);
        }
        let (cells, width) = (b.moments.len(), b.names.len());
        let start = self.pending.len();
        for row in metrics.values.iter().take(b.dates.len()) {
            self.pending.extend_from_slice(&row[..row.len().min(width)]);
            self.pending.resize(self.pending.len().next_multiple_of(width.max(1)), f64::NAN);
        }
        self.pending.resize(start + cells, f64::NAN);
        for (m, &x) in b.moments.iter_mut().zip(&self.pending[start..]) {
            m.push(x);
        }
        b.horizon.push((replicate, seed, metrics.values.last().cloned().unwrap_or_default()));
        if self.pending.len() == CHUNK * cells {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let cells = self.cells.len();
        for (group, distributions) in self.cells.chunks_mut(LANES).enumerate() {
            let first = group * LANES;
            for column in &mut self.columns {
                column.clear();
            }
            for run in self.pending.chunks_exact(cells) {
                for (column, &x) in self.columns.iter_mut().zip(&run[first..(first + LANES).min(cells)]) {
                    if !x.is_nan() {
                        column.push(x + 0.0); // -0.0 is 0.0
                    }
                }
            }
            for (distribution, column) in distributions.iter_mut().zip(&self.columns) {
                distribution.extend(column);
            }
        }
        self.pending.clear();
    }

    pub fn finish(mut self) -> (Block, Vec<Distribution>) {
        self.flush();
        PENDING.set(std::mem::take(&mut self.pending));
        (self.block, self.cells)
    }
}

thread_local! {
    /// The thread's simulator: one world and schedule for all its runs, since building the
    /// schedule costs about a tenth of a flagship run.
    static RUNNER: std::cell::RefCell<Option<Runner>> = const { std::cell::RefCell::new(None) };
}

/// Run one block: its replicates in order, each a full simulation.
pub fn run_block(plan: &Plan, unit: Unit) -> (Block, Vec<Distribution>) {
    let scenario = &plan.points[unit.point].scenario;
    let mut block = BlockBuilder::default();
    RUNNER.with_borrow_mut(|runner| {
        let runner = runner.get_or_insert_with(|| Runner::new(Options::default()));
        for (replicate, seed, draw) in plan.seeds_and_draws(unit) {
            block.push(replicate, seed, &runner.run_drawn(scenario, RunId { seed, run: 0 }, draw).metrics());
        }
    });
    block.finish()
}

/// The metrics a scenario's runs record, with their categories, from a run of one month.
pub fn metric_schema(scenario: &Scenario) -> Metrics {
    let one_month = Scenario { months: Horizon(1), ..scenario.clone() };
    statecraft_sim::run(&one_month, RunId { seed: scenario.seed, run: 0 }, Options::default()).metrics()
}

/// The metrics a scenario's runs record.
pub fn metric_names(scenario: &Scenario) -> Vec<String> {
    metric_schema(scenario).names
}

/// Every point's category metrics must have few enough categories for their shares to be
/// counted exactly (a cell's distribution keeps exact counts of up to [`EXACT_VALUES`] values).
pub fn check_categories(plan: &Plan) -> Result<(), String> {
    for point in &plan.points {
        let schema = metric_schema(&point.scenario);
        for (name, categories) in schema.names.iter().zip(&schema.categories) {
            if let Some(categories) = categories.as_ref().filter(|c| c.len() > EXACT_VALUES) {
                return Err(format!(
                    "`{name}` of `{}` has {} categories; experiments count the shares of at most {EXACT_VALUES}",
                    point.label,
                    categories.len()
                ));
            }
        }
    }
    Ok(())
}

/// A shard's work: its units, and those of them not done yet.
pub struct Pending {
    pub units: Vec<Unit>,
    pub todo: Vec<Unit>,
}

impl Pending {
    pub fn of(plan: &Plan, work: &Work, shard: Shard) -> Result<Pending, WorkError> {
        let done = work.done()?;
        let units = plan.shard_units(shard);
        let todo = units.iter().copied().filter(|u| !done.contains(u)).collect();
        Ok(Pending { units, todo })
    }
}

/// A point's distributions are written into its own file after this many blocks (each block's
/// waits in a file of its own until then): often enough that few small files pile up, seldom
/// enough that rewriting the point's file costs little.
const COMPACT_EVERY: usize = 16;

/// Run `pending.todo` on `pool`, blocks started in order and each saved the moment it finishes;
/// `progress(runs done)` after each.
pub fn execute(
    plan: &Plan,
    work: &Work,
    pending: &Pending,
    pool: &rayon::ThreadPool,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(), WorkError> {
    let (next, runs) = (AtomicUsize::new(0), AtomicU64::new(0));
    let mut shard: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
    for unit in &pending.units {
        shard.entry(unit.point).or_default().push(unit.block);
    }
    let open = Mutex::new(OpenPoints { work, shard, points: BTreeMap::new() });
    let failure: Mutex<Option<WorkError>> = Mutex::new(None);
    let failed = || failure.lock().map_or(true, |f| f.is_some());
    pool.broadcast(|_| {
        while !failed() {
            let Some(&unit) = pending.todo.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
            let (block, cells) = run_block(plan, unit);
            let saved = work.save_block(unit, &block, &cells).and_then(|()| match open.lock() {
                Ok(mut open) => open.add(unit, &cells),
                Err(_) => Ok(()),
            });
            recycle(cells);
            match saved {
                Ok(()) => {
                    let n = plan.replicates(unit).count() as u64;
                    progress(runs.fetch_add(n, Ordering::Relaxed) + n);
                }
                Err(e) => {
                    if let Ok(mut f) = failure.lock() {
                        f.get_or_insert(e);
                    }
                }
            }
        }
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    open.into_inner().map_or(Ok(()), |mut open| open.close())
}

/// The points with blocks finished by this process but not yet in their point's file. Blocks
/// are started in order, so only the few points of the blocks in flight are open at once.
struct OpenPoints<'a> {
    work: &'a Work,
    /// Per point, its blocks in this shard.
    shard: BTreeMap<usize, Vec<u64>>,
    /// Per point: its distributions, and how many blocks were added since they were written.
    points: BTreeMap<usize, (PointCells, usize)>,
}

impl OpenPoints<'_> {
    /// Add a saved block's distributions to its point's (read from disk when the point is not
    /// open, which takes in the block already), and write the point's out when it is finished
    /// here or has taken in enough blocks.
    fn add(&mut self, unit: Unit, cells: &[Distribution]) -> Result<(), WorkError> {
        let (mut point, mut fresh) = match self.points.remove(&unit.point) {
            Some(open) => open,
            None => self.work.point_cells(unit.point)?,
        };
        if point.add(unit.block, cells) {
            fresh += 1;
        }
        let finished = self.shard.get(&unit.point).is_none_or(|blocks| blocks.iter().all(|b| point.blocks.contains(b)));
        if finished || fresh >= COMPACT_EVERY {
            self.work.save_point_cells(unit.point, &point)?;
            fresh = 0;
        }
        if !finished {
            self.points.insert(unit.point, (point, fresh));
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), WorkError> {
        for (p, (point, fresh)) in std::mem::take(&mut self.points) {
            if fresh > 0 {
                self.work.save_point_cells(p, &point)?;
            }
        }
        Ok(())
    }
}

/// Whether every unit of the plan is in the work directory.
pub fn complete(plan: &Plan, work: &Work) -> Result<bool, WorkError> {
    let done = work.done()?;
    Ok(plan.units().iter().all(|u| done.contains(u)))
}

/// One point's statistics per metric and month.
pub struct PointStats {
    pub names: Vec<String>,
    pub categories: Vec<Option<Vec<String>>>,
    pub dates: Vec<Month>,
    pub moments: Vec<Moments>,
    pub cells: Vec<Distribution>,
}

/// Fold a point's blocks, in block order, into its statistics; `each_run` sees every run's
/// outcomes at the horizon, in replicate order, on the way.
pub fn summarize(
    plan: &Plan,
    work: &Work,
    point: usize,
    mut each_run: impl FnMut(u64, u64, &[f64]) -> Result<(), WorkError>,
) -> Result<PointStats, WorkError> {
    let (cells, _) = work.point_cells(point)?;
    if cells.blocks.len() as u64 != plan.blocks() {
        return Err(work.damaged(Unit { point, block: 0 }, "the point's distributions miss some of its blocks"));
    }
    let mut stats: Option<PointStats> = None;
    for block in 0..plan.blocks() {
        let unit = Unit { point, block };
        let b = work.block(unit)?;
        let s = stats.get_or_insert_with(|| PointStats {
            names: b.names.clone(),
            categories: b.categories.clone(),
            dates: b.dates.clone(),
            moments: vec![Moments::default(); b.moments.len()],
            cells: Vec::new(),
        });
        if (&b.names, &b.categories, &b.dates, b.moments.len()) != (&s.names, &s.categories, &s.dates, s.moments.len())
        {
            return Err(work.damaged(unit, "its metrics differ from the point's other blocks"));
        }
        for (total, m) in s.moments.iter_mut().zip(&b.moments) {
            total.merge(m);
        }
        for (replicate, seed, values) in &b.horizon {
            each_run(*replicate, *seed, values)?;
        }
    }
    let mut s = stats.unwrap_or(PointStats {
        names: Vec::new(),
        categories: Vec::new(),
        dates: Vec::new(),
        moments: Vec::new(),
        cells: Vec::new(),
    });
    s.cells = cells.cells;
    s.cells.resize(s.moments.len(), Distribution::default());
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(values: Vec<Vec<f64>>) -> Metrics {
        let dates = (0..values.len()).map(|m| Month::new(2026, m as u32 + 1).unwrap()).collect();
        Metrics { names: vec!["a".into(), "b".into()], categories: vec![None, None], dates, values }
    }

    #[test]
    fn a_block_folds_every_run_whatever_the_chunks() {
        let mut builder = BlockBuilder::default();
        let runs = CHUNK * 2 + 5;
        for r in 0..runs {
            let x = r as f64;
            builder.push(r as u64, 100 + r as u64, &metrics(vec![vec![x, 1.0], vec![-x, f64::NAN]]));
        }
        let (block, cells) = builder.finish();
        assert_eq!(block.moments.len(), 4);
        assert_eq!(block.moments[0].n, runs as u64);
        assert_eq!(block.moments[3].n, 0);
        assert_eq!(cells[0].count(), runs as u64);
        assert_eq!(cells[0].quantile(1.0), (runs - 1) as f64);
        assert_eq!(cells[2].quantile(0.0), -((runs - 1) as f64));
        assert_eq!(cells[1].quantile(0.5), 1.0);
        let (replicate, seed, last) = &block.horizon[3];
        assert_eq!((*replicate, *seed, last[0]), (3, 103, -3.0));
        assert!(last[1].is_nan());
    }
}
