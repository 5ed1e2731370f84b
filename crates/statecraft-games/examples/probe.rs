use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use statecraft_games::*;
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let hi: u32 = std::env::args().nth(2).unwrap().parse().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
    let mut draw = |_| if hi == 0 { rng.random::<f64>() } else { f64::from(rng.random_range(0..hi)) };
    let a = (0..n * n).map(&mut draw).collect();
    let b = (0..n * n).map(&mut draw).collect();
    let g = Bimatrix::new(n, n, a, b);
    let t = std::time::Instant::now();
    if n > 20 {
        let e = lemke_howson(&g, 0).unwrap();
        println!("pivots {}", statecraft_games::lemke_howson::COUNT.load(std::sync::atomic::Ordering::Relaxed));
        println!("{:?} {:?}", e.supports().iter().map(|s| s.len()).collect::<Vec<_>>(), t.elapsed());
    } else {
        let e = all_equilibria(&g.to_exact());
        println!("{} eq, {:?}", e.profiles.len(), t.elapsed());
    }
}
