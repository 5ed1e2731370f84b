//! Where the time of a flagship ensemble goes: `cargo bench -p statecraft-experiment`.
//!
//! - `world_construction`, `ticks`, `recording`: one run of the simulator, part by part, in a
//!   fresh world; `run_in_a_reused_world`: a whole run as the experiment engine makes it, in the
//!   thread's `Runner` (the schedule built once, the world refilled).
//! - `statistics`: folding one run's metrics into its block's statistics.
//! - `overhead_of_10000_runs`: everything the experiment layer does for 10,000 runs except
//!   simulating them — statistics, saving 65 blocks, folding them and writing every table and
//!   chart — fed with 256 recorded flagship runs over and over.
//! - `ensemble`: what `statecraft ensemble` does, end to end, for 512 runs per thread on 1 and
//!   2 threads: runs, statistics, the work directory, the tables and the charts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use statecraft_experiment::engine::{BlockBuilder, Pending, execute, recycle};
use statecraft_experiment::plan::{Kind, Plan, Point};
use statecraft_experiment::work::PointCells;
use statecraft_experiment::{Shard, Work, report};
use statecraft_scenario::{Disk, Scenario, load};
use statecraft_sim::output::Metrics;
use statecraft_sim::{Options, RunId, Runner, Simulation};

fn main() {
    divan::main();
}

fn flagship() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/h200-commission.ron");
    load(&path, &Disk, &[], &statecraft_sim::check).expect("the flagship loads").scenario
}

fn plan(runs: u64) -> Plan {
    Plan {
        kind: Kind::Ensemble,
        points: vec![Point { label: "flagship".into(), values: Vec::new(), scenario: flagship() }],
        runs,
        master_seed: 1,
        rank_by: None,
    }
}

/// Recorded flagship runs, to measure the experiment layer without the simulator.
fn recorded() -> &'static [Metrics] {
    static RUNS: OnceLock<Vec<Metrics>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let scenario = flagship();
        (0..256)
            .map(|seed| statecraft_sim::run(&scenario, RunId { seed, run: 0 }, Options::default()).metrics())
            .collect()
    })
}

/// A fresh scratch directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("statecraft-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Building the world and the schedule.
#[divan::bench]
fn world_construction(bencher: Bencher) {
    let scenario = flagship();
    bencher.bench(|| Simulation::new(&scenario, RunId { seed: 1, run: 0 }, Options::default()));
}

/// The 60 monthly ticks.
#[divan::bench]
fn ticks(bencher: Bencher) {
    let scenario = flagship();
    bencher
        .with_inputs(|| Simulation::new(&scenario, RunId { seed: 1, run: 0 }, Options::default()))
        .bench_local_values(|mut simulation| {
            for _ in 0..scenario.months.0 {
                simulation.step();
            }
            simulation
        });
}

/// Handing over the records and turning them into numbers.
#[divan::bench]
fn recording(bencher: Bencher) {
    let scenario = flagship();
    bencher
        .with_inputs(|| {
            let mut simulation = Simulation::new(&scenario, RunId { seed: 1, run: 0 }, Options::default());
            for _ in 0..scenario.months.0 {
                simulation.step();
            }
            simulation
        })
        .bench_local_values(|simulation| simulation.finish().metrics());
}

/// A whole run, world refill and recording included, in a world and schedule that earlier runs
/// used: what each of an experiment's runs costs.
#[divan::bench]
fn run_in_a_reused_world(bencher: Bencher) {
    let scenario = flagship();
    let mut runner = Runner::new(Options::default());
    let mut seed = 0;
    bencher.bench_local(|| {
        seed += 1;
        runner.run(&scenario, RunId { seed, run: 0 }).metrics()
    });
}

/// Folding runs into a block's moments, distributions and rows at the horizon (per run).
#[divan::bench]
fn statistics(bencher: Bencher) {
    let runs = &recorded()[..64];
    bencher.counter(divan::counter::ItemsCount::new(runs.len())).bench(|| {
        let mut block = BlockBuilder::default();
        for (r, metrics) in runs.iter().enumerate() {
            block.push(r as u64, r as u64, metrics);
        }
        let (block, cells) = block.finish();
        recycle(cells);
        block
    });
}

/// Everything but the simulator for 10,000 runs: statistics, 65 blocks' files, folding them,
/// and every table and chart.
#[divan::bench(sample_count = 3)]
fn overhead_of_10000_runs(bencher: Bencher) {
    let plan = plan(10_000);
    let runs = recorded();
    bencher.counter(divan::counter::ItemsCount::new(plan.runs)).bench(|| {
        let dir = scratch("overhead");
        let work = Work::open(&dir, &plan.identity()).expect("work directory");
        let mut point = PointCells::default();
        for unit in plan.units() {
            let mut block = BlockBuilder::default();
            for r in plan.replicates(unit) {
                block.push(r, r, &runs[r as usize % runs.len()]);
            }
            let (block, cells) = block.finish();
            work.save_block(unit, &block, &cells).expect("saved");
            point.add(unit.block, &cells);
            recycle(cells);
            if unit.block % 16 == 15 {
                work.save_point_cells(0, &point).expect("saved");
            }
        }
        work.save_point_cells(0, &point).expect("saved");
        report::write(&plan, &work, &dir).expect("written");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// `statecraft ensemble --runs 512×T --threads T`, end to end but for the terminal.
#[divan::bench(args = [1, 2], sample_count = 3)]
fn ensemble(bencher: Bencher, threads: usize) {
    let plan = plan(512 * threads as u64);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
    bencher.counter(divan::counter::ItemsCount::new(plan.runs)).bench(|| {
        let dir = scratch("ensemble");
        let work = Work::open(&dir, &plan.identity()).expect("work directory");
        let pending = Pending::of(&plan, &work, Shard::WHOLE).expect("pending");
        execute(&plan, &work, &pending, &pool, &|_| {}).expect("ran");
        report::write(&plan, &work, &dir).expect("written");
        let _ = std::fs::remove_dir_all(&dir);
    });
}
