//! Experiments over many seeded runs: ensembles (one scenario, many seeds), sweeps (a grid or a
//! Latin hypercube of parameter values) and comparisons (variants paired by seed), on rayon.
//!
//! - `plan`: points, replicates, blocks, shards; `seeds`: the seed of every run.
//! - `engine`: runs blocks a batch at a time; `work`: the work directory that makes results
//!   resumable and shardable.
//! - `moments`, `sketch`: streaming statistics (Welford means; DDSketch quantiles).
//! - `report`: the tables and summary of a finished experiment; `charts`: its fan charts,
//!   sweep lines and heatmaps, and differences, drawn with `statecraft-plot`.
//!
//! **Invariants.** A run's seed depends on (master seed, scenario digest, point, replicate)
//! only. Floating-point statistics are folded in one order — replicates within a block, blocks
//! in block order — whatever the number of threads or shards, so results are byte-identical;
//! sketches merge by adding counts, which is exact in any order. Memory is bounded by the
//! number of metrics and months, not runs.

pub mod charts;
pub mod engine;
pub mod moments;
pub mod plan;
pub mod report;
pub mod seeds;
pub mod sketch;
pub mod work;

pub use plan::{Kind, Plan, Point, Shard};
pub use report::Summary;
pub use work::{Work, WorkError};
