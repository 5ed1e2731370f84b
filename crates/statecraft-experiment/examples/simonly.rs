use statecraft_sim::{Options, RunId};
fn main() {
    let n: u64 = std::env::args().nth(1).unwrap().parse().unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/h200-commission.ron");
    let scenario =
        statecraft_scenario::load(&path, &statecraft_scenario::Disk, &[], &statecraft_sim::check).unwrap().scenario;
    for seed in 0..n {
        std::hint::black_box(statecraft_sim::run(&scenario, RunId { seed, run: 0 }, Options::default()).metrics());
    }
}
