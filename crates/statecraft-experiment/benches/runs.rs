//! Where the time of a flagship run goes, and flagship runs per second on 1 and 2 threads:
//! `cargo bench -p statecraft-experiment`.

use std::path::Path;

use divan::Bencher;
use statecraft_experiment::engine::run_block;
use statecraft_experiment::plan::{Kind, Plan, Point, Unit};
use statecraft_scenario::{Disk, Scenario, load};
use statecraft_sim::{Options, RunId, Simulation};

fn main() {
    divan::main();
}

fn flagship() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/h200-commission.ron");
    load(&path, &Disk, &[], &statecraft_sim::check).expect("the flagship loads").scenario
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

/// A block of 64 flagship runs with their statistics, on a pool of 1 or 2 threads (the block
/// itself is sequential; two blocks run side by side on two threads).
#[divan::bench(args = [1, 2], sample_count = 5)]
fn block_of_64_runs(bencher: Bencher, threads: usize) {
    let plan = Plan {
        kind: Kind::Ensemble,
        points: vec![Point { label: "flagship".into(), values: Vec::new(), scenario: flagship() }],
        runs: 64 * threads as u64,
        master_seed: 1,
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
    bencher.counter(divan::counter::ItemsCount::new(64 * threads)).bench(|| {
        pool.install(|| {
            rayon::join(
                || run_block(&plan, Unit { point: 0, block: 0 }),
                || if threads > 1 { Some(run_block(&plan, Unit { point: 0, block: 1 })) } else { None },
            )
        })
    });
}
