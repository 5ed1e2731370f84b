//! Every run's seed derives from (master seed, scenario hash, parameter point, replicate), never
//! from the thread or the shard that runs it: that is what makes results identical on any
//! number of threads and machines.

/// SplitMix64's finaliser: a bijection with good avalanche, so nearby inputs give unrelated seeds.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Seeds are below 2^63, so that every tool reads them as a signed 64-bit integer (R, Excel
/// and JavaScript lose the last digits of larger ones): the mix's top bit is dropped.
pub const MAX_SEED: u64 = i64::MAX as u64;

/// The seed of one run.
pub fn run_seed(master: u64, scenario: u64, point: u64, replicate: u64) -> u64 {
    mix(mix(mix(mix(master) ^ scenario) ^ point) ^ replicate) & MAX_SEED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_differ_in_every_input_and_repeat() {
        let base = run_seed(1, 2, 3, 4);
        assert_eq!(base, run_seed(1, 2, 3, 4));
        for other in [run_seed(0, 2, 3, 4), run_seed(1, 0, 3, 4), run_seed(1, 2, 0, 4), run_seed(1, 2, 3, 0)] {
            assert_ne!(base, other);
        }
        let mut seeds: Vec<u64> = (0..10_000).map(|r| run_seed(7, 7, 0, r)).collect();
        assert!(seeds.iter().all(|&s| s <= MAX_SEED));
        assert!(seeds.iter().any(|&s| s > MAX_SEED / 2), "the 63 bits are all used");
        seeds.sort_unstable();
        seeds.dedup();
        assert_eq!(seeds.len(), 10_000);
    }
}
