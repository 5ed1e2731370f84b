//! Experiments over many seeded runs: ensembles (one scenario, many seeds), sweeps (a grid or a
//! Latin hypercube of parameter values) and comparisons (variants paired by seed), on rayon.
//!
//! - `plan`: points, replicates, blocks, shards; `seeds`: the seed of every run.
//! - `engine`: runs blocks, saving each as it finishes; `work`: the work directory that makes
//!   results resumable and shardable, and the rename that makes finished results appear whole.
//! - `moments`, `distribution`, `sketch`: streaming statistics (Welford means; percentiles
//!   exact for few distinct values, else from a DDSketch).
//! - `dictionary`: what every column of the tables means.
//! - `sensitivity`: designs and estimators for global sensitivity analysis and calibration
//!   (scrambled Sobol sequence, Saltelli and Sobol indices, Morris, ABC-SMC), over any model.
//! - `record`: the record of what was observed (`assets/record.csv`), read and checked;
//!   `backtest`: runs scored against it; `facts`: the stylised facts as stated checks.
//! - `report`: the tables and summary of a finished experiment; `charts`: its fan charts,
//!   sweep lines, heatmaps and scatters, and differences, drawn with `statecraft-plot`.
//!
//! **Invariants.** A run's seed depends on (master seed, scenario digest, point, replicate)
//! only. Floating-point statistics are folded in one order — replicates within a block, blocks
//! in block order — whatever the number of threads or shards, so results are byte-identical;
//! distributions merge by adding counts, which is exact in any order. Memory is bounded by the
//! number of metrics and months and by the threads' blocks in flight, not by the number of
//! runs or of points: a block is written to disk when it finishes, and the results are folded
//! from disk one point at a time.

pub mod backtest;
pub mod charts;
pub mod dictionary;
pub mod distribution;
pub mod engine;
pub mod facts;
pub mod moments;
pub mod plan;
pub mod record;
pub mod report;
pub mod seeds;
pub mod sensitivity;
pub mod sketch;
pub mod work;

pub use plan::{Kind, Plan, Point, Shard};
pub use report::Summary;
pub use work::{Work, WorkError};
