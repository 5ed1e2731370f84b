//! What an experiment runs: parameter points (each a fully resolved scenario), replicates per
//! point, and the master seed; and how that work is cut into blocks, the unit of parallelism,
//! sharding and resuming.

use serde::{Deserialize, Serialize};
use statecraft_scenario::Scenario;

use crate::seeds::run_seed;

/// At most this many runs per point: a block holds a 256th of them, with every run's outcomes at
/// the horizon, so this bounds a block's memory (about 4 MB at the flagship's hundred metrics).
pub const MAX_RUNS: u64 = 1_000_000;
/// At most this many parameter points (grid points, Latin hypercube samples, variants): each
/// holds its resolved scenario in memory.
pub const MAX_POINTS: usize = 10_000;
/// At most this many worker threads: each holds a block's distributions in flight.
pub const MAX_THREADS: usize = 256;

/// One parameter point: the scenario with the point's overrides applied.
#[derive(Clone, Debug)]
pub struct Point {
    /// What the point is, for tables: `baseline`, `us_admin.share=0.4`, a file name.
    pub label: String,
    /// The varied parameters and their values at this point (empty for an ensemble).
    pub values: Vec<(String, f64)>,
    pub scenario: Scenario,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Ensemble,
    Sweep,
    Compare,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub kind: Kind,
    pub points: Vec<Point>,
    /// Replicates per point.
    pub runs: u64,
    pub master_seed: u64,
    /// A comparison: the metric that ranks the variants.
    pub rank_by: Option<String>,
}

/// One block of replicates of one point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unit {
    pub point: usize,
    pub block: u64,
}

/// Which part of the work a process does: shard `index` (1-based) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Option<Shard> {
        let (k, n) = text.split_once('/')?;
        let (index, count) = (k.trim().parse().ok()?, n.trim().parse().ok()?);
        (1..=count).contains(&index).then_some(Shard { index, count })
    }
}

/// What identifies a plan's results: everything that affects them, so that a work directory
/// made for one plan is never mixed with another's, and shards merge to the same bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// The layout of the work directory; another version's is not read.
    pub format: u32,
    pub kind: Kind,
    pub runs: u64,
    pub master_seed: u64,
    pub block_size: u64,
    pub rank_by: Option<String>,
    pub points: Vec<PointIdentity>,
}

/// The layout of the work directory written by this version.
pub const FORMAT: u32 = 3;

/// A point's label, its parameter values and the digest of its scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointIdentity {
    pub label: String,
    pub values: Vec<(String, f64)>,
    pub scenario: String,
}

impl Plan {
    /// Replicates per block: about a 64th of the runs, but from 64 (so that small experiments
    /// still keep many threads busy) to 256 (a block's files cost the same whatever its size),
    /// and more beyond 65,536 runs, so that there are at most 256 blocks per point. Depends
    /// only on the number of runs, never on threads or shards.
    pub fn block_size(&self) -> u64 {
        (self.runs / 64).clamp(64, 256).max(self.runs.div_ceil(256))
    }

    pub fn blocks(&self) -> u64 {
        self.runs.div_ceil(self.block_size())
    }

    /// Every unit of work, point by point, block by block.
    pub fn units(&self) -> Vec<Unit> {
        (0..self.points.len()).flat_map(|point| (0..self.blocks()).map(move |block| Unit { point, block })).collect()
    }

    /// The units of one shard: a contiguous run of `units()`, empty when there are more shards
    /// than units.
    pub fn shard_units(&self, shard: Shard) -> Vec<Unit> {
        let all = self.units();
        let cut = |k: u64| (u128::from(k) * all.len() as u128 / u128::from(shard.count)) as usize;
        all[cut(shard.index - 1)..cut(shard.index)].to_vec()
    }

    /// The replicates of a unit.
    pub fn replicates(&self, unit: Unit) -> std::ops::Range<u64> {
        let size = self.block_size();
        unit.block * size..((unit.block + 1) * size).min(self.runs)
    }

    pub fn scenario_hash(&self, point: usize) -> u64 {
        statecraft_sim::digest::digest(&self.points[point].scenario)
    }

    /// The replicates of a unit with their seeds. A run's seed derives from the master seed,
    /// the scenario's digest, the point and the replicate. A comparison uses common random
    /// numbers: replicate r of every variant gets the same seed (that of the first variant), so
    /// differences are paired.
    pub fn seeds(&self, unit: Unit) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.seeds_and_draws(unit).map(|(replicate, seed, _)| (replicate, seed))
    }

    /// Per replicate of a unit: (replicate, seed, draw seed), the draw seed being the seed of
    /// the first replicate of its group of `replicates_per_draw` (the nested design: the
    /// replicates of a group share the uncertain parameters' draw and differ in their seeds).
    pub fn seeds_and_draws(&self, unit: Unit) -> impl Iterator<Item = (u64, u64, u64)> + '_ {
        let (point, index) = match self.kind {
            Kind::Compare => (0, 0),
            _ => (unit.point, unit.point as u64),
        };
        // Digesting a scenario costs more than a tenth of a run: once per block.
        let hash = self.scenario_hash(point);
        let per_draw = u64::from(self.points[unit.point].scenario.replicates_per_draw.max(1));
        self.replicates(unit).map(move |replicate| {
            let seed = |r| run_seed(self.master_seed, hash, index, r);
            (replicate, seed(replicate), seed(replicate - replicate % per_draw))
        })
    }

    pub fn identity(&self) -> Identity {
        Identity {
            format: FORMAT,
            kind: self.kind,
            runs: self.runs,
            master_seed: self.master_seed,
            block_size: self.block_size(),
            rank_by: self.rank_by.clone(),
            points: (0..self.points.len())
                .map(|p| {
                    let point = &self.points[p];
                    PointIdentity {
                        label: point.label.clone(),
                        values: point.values.clone(),
                        scenario: format!("{:016x}", self.scenario_hash(p)),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_depend_only_on_the_number_of_runs() {
        let plan = Plan { kind: Kind::Ensemble, points: Vec::new(), runs: 1000, master_seed: 1, rank_by: None };
        assert_eq!(plan.block_size(), 64);
        assert_eq!(plan.blocks(), 16);
        let ten = Plan { runs: 10_000, ..plan.clone() };
        assert_eq!((ten.block_size(), ten.blocks()), (156, 65));
        let big = Plan { runs: 100_000, ..plan.clone() };
        assert_eq!((big.block_size(), big.blocks()), (391, 256));
        assert_eq!(big.replicates(Unit { point: 0, block: 255 }), 99_705..100_000);
        assert_eq!(Shard::parse("2/3"), Some(Shard { index: 2, count: 3 }));
        assert_eq!(Shard::parse("0/3"), None);
        assert_eq!(Shard::parse("4/3"), None);
    }

    #[test]
    fn shards_cover_every_unit_once_even_when_there_are_more_shards_than_units() {
        let point = |label: &str| Point { label: label.into(), values: Vec::new(), scenario: Scenario::default() };
        let plan =
            Plan { kind: Kind::Sweep, points: vec![point("a"), point("b")], runs: 200, master_seed: 1, rank_by: None };
        assert_eq!(plan.units().len(), 8);
        for count in [1, 3, 8, 9, 20] {
            let covered: Vec<Unit> = (1..=count).flat_map(|index| plan.shard_units(Shard { index, count })).collect();
            assert_eq!(covered, plan.units(), "{count} shards");
        }
        let huge = u64::MAX;
        assert_eq!(plan.shard_units(Shard { index: huge, count: huge }), plan.units()[7..]);
        assert!(plan.shard_units(Shard { index: 2, count: u64::MAX }).is_empty());
    }
}
