use statecraft_experiment::engine::BlockBuilder;
use statecraft_sim::{Options, RunId};
fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/h200-commission.ron");
    let scenario =
        statecraft_scenario::load(&path, &statecraft_scenario::Disk, &[], &statecraft_sim::check).unwrap().scenario;
    let runs: Vec<_> = (0..64)
        .map(|seed| statecraft_sim::run(&scenario, RunId { seed, run: 0 }, Options::default()).metrics())
        .collect();
    let t = std::time::Instant::now();
    let n: usize = std::env::args().nth(1).map_or(300, |a| a.parse().unwrap());
    for _ in 0..n {
        let mut b = BlockBuilder::default();
        for (r, m) in runs.iter().enumerate() {
            b.push(r as u64, r as u64, m);
        }
        std::hint::black_box(b.finish());
    }
    let per = t.elapsed().as_secs_f64() / (n * 64) as f64;
    println!("{:.1} µs per run", per * 1e6);
}
