//! What the sensitivity and calibration machinery costs per model evaluation, apart from the
//! model: `cargo bench -p statecraft-experiment --bench sensitivity`. The model here is a
//! cheap function (a sum of 20 sines, about as costly as one division of a flagship run's
//! cost by ten thousand), so the times are the designs' and estimators' own.
//!
//! - `saltelli_points`: computing every point of Saltelli's design for 20 parameters and 1,024
//!   base rows (22,528 points), the design of issue 14's flagship analysis.
//! - `saltelli_analysis`: the first-order and total indices of one output from those points at
//!   4 replicates each (90,112 runs), with 1,000 bootstrap resamples.
//! - `morris_points`: 100 trajectories over 20 parameters (2,100 points).
//! - `abc_smc`: 8 generations of 500 particles on a two-parameter model (weights included).
//!
//! Each counts items (points, or runs for the analysis and ABC-SMC), so divan reports the time
//! per point or per run, to set against a flagship run's ~1.7 ms.

use divan::Bencher;
use divan::counter::ItemsCount;
use statecraft_experiment::sensitivity::abc::{Settings, abc_smc};
use statecraft_experiment::sensitivity::morris::Morris;
use statecraft_experiment::sensitivity::saltelli::{Bootstrap, Saltelli};
use statecraft_scenario::distribution::Distribution;

fn main() {
    divan::main();
}

const DIMS: usize = 20;
const REPLICATES: usize = 4;

fn cheap(x: &[f64]) -> f64 {
    x.iter().enumerate().map(|(i, x)| libm::sin(x * (i + 1) as f64)).sum()
}

/// Times computing points `0..len` of a design, per point.
fn every_point(bencher: Bencher, len: usize, point: impl Fn(usize, &mut [f64])) {
    let mut x = vec![0.0; DIMS];
    bencher.counter(ItemsCount::new(len)).bench_local(|| {
        let mut sum = 0.0;
        for p in 0..len {
            point(p, &mut x);
            sum += x[0];
        }
        sum
    });
}

#[divan::bench]
fn saltelli_points(bencher: Bencher) {
    let design = Saltelli::new(DIMS, 1024, 1).unwrap();
    every_point(bencher, design.len(), |p, x| design.point(p, x));
}

#[divan::bench(sample_count = 10)]
fn saltelli_analysis(bencher: Bencher) {
    let design = Saltelli::new(DIMS, 1024, 1).unwrap();
    let mut x = vec![0.0; DIMS];
    let mut outputs = Vec::with_capacity(design.len() * REPLICATES);
    for p in 0..design.len() {
        design.point(p, &mut x);
        let y = cheap(&x);
        outputs.extend((0..REPLICATES).map(|r| y + 0.1 * r as f64));
    }
    bencher
        .counter(ItemsCount::new(outputs.len()))
        .bench_local(|| design.analyse(&outputs, REPLICATES, &Bootstrap::default()).unwrap());
}

#[divan::bench]
fn morris_points(bencher: Bencher) {
    let design = Morris::new(DIMS, 100, 4, 1).unwrap();
    every_point(bencher, design.len(), |p, x| design.point(p, x));
}

#[divan::bench(sample_count = 5)]
fn abc_smc_without_the_model(bencher: Bencher) {
    let priors =
        [Distribution::Uniform { lo: -5.0, hi: 5.0 }, Distribution::Normal { mean: 0.0, sd: 2.0, lo: None, hi: None }];
    let settings =
        Settings { particles: 500, generations: 8, quantile: 0.5, tolerance: 0.0, max_simulations: 1_000_000, seed: 1 };
    let model = |theta: &[f64], seed: u64| (theta[0] - 1.0).abs() + (theta[1] + 0.5).abs() + (seed >> 60) as f64 * 1e-3;
    let runs = abc_smc(&priors, model, &settings).unwrap().populations.iter().map(|p| p.simulations).sum::<usize>();
    bencher.counter(ItemsCount::new(runs)).bench_local(|| abc_smc(&priors, model, &settings).unwrap());
}
