//! The Sobol low-discrepancy sequence (I. M. Sobol', 1967) in up to [`Sobol::MAX_DIMS`]
//! dimensions, with Joe and Kuo's direction numbers (2008, `new-joe-kuo-6.21201`), optionally
//! scrambled, and indexable: [`Sobol::point`] computes point `i` directly, so any shard of a
//! design computes its own points without the others.
//!
//! Point `i` is the XOR of the direction numbers selected by the bits of `i`'s Gray code
//! (Antonov and Saleev, 1979), the same order as SciPy's `scipy.stats.qmc.Sobol`, whose
//! unscrambled points the tests compare with (`fixtures/sobol_unscrambled.txt`). Coordinates
//! are kept as 64-bit binary fractions.
//!
//! **Scrambling**: a random linear matrix scramble with a random digital shift (Matoušek, 1998;
//! Owen, 2003, "Variance with alternative scramblings of digital nets"), as SciPy's
//! `scramble=True` does. Each dimension's generator matrix `C` becomes `L·C` for a random
//! lower-triangular binary matrix `L` with a unit diagonal, and every point is XORed with a
//! random shift. Why the (t, s)-net property survives: whether the points fill every elementary
//! interval of sides 2^-d₁ × … × 2^-d_s equally depends only on the rank of the first d_j rows
//! of each `C_j` taken together; the first d_j rows of `L·C_j` are an invertible (unit
//! lower-triangular) combination of the first d_j rows of `C_j`, so the rank is unchanged; and
//! XOR with a constant maps each elementary interval onto another of the same shape. Scrambled
//! points are unbiased (each is uniform on the cube), so replicate designs with different seeds
//! give independent error estimates. Scrambled coordinates are the centres of their 2^-53
//! cells, so they never reach 0 or 1, where an unbounded distribution's quantile is infinite.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};

use super::DesignError;
use super::joe_kuo::JOE_KUO;

const BITS: usize = 64;

/// A Sobol sequence of a fixed number of dimensions.
#[derive(Clone, Debug, PartialEq)]
pub struct Sobol {
    /// Per dimension, the direction number used by bit `k` of the Gray code, as a binary
    /// fraction in the high bits.
    directions: Vec<[u64; BITS]>,
    /// Per dimension, the digital shift (zero when unscrambled).
    shift: Vec<u64>,
    scrambled: bool,
}

impl Sobol {
    /// The most dimensions the embedded direction numbers provide.
    pub const MAX_DIMS: usize = JOE_KUO.len() + 1;

    /// The plain sequence, as published.
    pub fn new(dims: usize) -> Result<Sobol, DesignError> {
        if dims == 0 || dims > Sobol::MAX_DIMS {
            return Err(DesignError(format!("a Sobol sequence has 1 to {} dimensions, not {dims}", Sobol::MAX_DIMS)));
        }
        let directions = (0..dims).map(directions).collect();
        Ok(Sobol { directions, shift: vec![0; dims], scrambled: false })
    }

    /// The sequence scrambled (linear matrix scramble and digital shift) from `seed`.
    pub fn scrambled(dims: usize, seed: u64) -> Result<Sobol, DesignError> {
        let mut sobol = Sobol::new(dims)?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for (v, shift) in sobol.directions.iter_mut().zip(&mut sobol.shift) {
            // Row r of L (r = 0 for the most significant digit): random digits left of the
            // diagonal, a one on it.
            let rows: [u64; BITS] =
                std::array::from_fn(|r| (rng.next_u64() & !(u64::MAX >> r)) | (1 << (BITS - 1 - r)));
            for direction in v.iter_mut() {
                *direction = rows
                    .iter()
                    .enumerate()
                    .fold(0, |out, (r, row)| out | (u64::from((row & *direction).count_ones() & 1) << (BITS - 1 - r)));
            }
            *shift = rng.next_u64();
        }
        sobol.scrambled = true;
        Ok(sobol)
    }

    pub fn dims(&self) -> usize {
        self.directions.len()
    }

    /// Point `index`, written into `out` (one coordinate per dimension, in [0, 1)).
    pub fn point(&self, index: u64, out: &mut [f64]) {
        assert_eq!(out.len(), self.dims(), "a point has one coordinate per dimension");
        let gray = index ^ (index >> 1);
        for ((x, v), shift) in out.iter_mut().zip(&self.directions).zip(&self.shift) {
            let mut bits = *shift;
            let mut g = gray;
            while g != 0 {
                bits ^= v[g.trailing_zeros() as usize];
                g &= g - 1;
            }
            let cell = (bits >> 11) as f64;
            *x = if self.scrambled { (cell + 0.5) * UNIT } else { cell * UNIT };
        }
    }
}

const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// Dimension `dim`'s (0-based) direction numbers by Joe and Kuo's recurrence.
fn directions(dim: usize) -> [u64; BITS] {
    let mut v = [0u64; BITS];
    if dim == 0 {
        for (k, v) in v.iter_mut().enumerate() {
            *v = 1 << (BITS - 1 - k);
        }
        return v;
    }
    let (s, a, m) = JOE_KUO[dim - 1];
    let s = s as usize;
    for k in 0..BITS {
        v[k] = if k < s {
            u64::from(m[k]) << (BITS - 1 - k)
        } else {
            let mut next = v[k - s] ^ (v[k - s] >> s);
            for j in 1..s {
                if (a >> (s - 1 - j)) & 1 == 1 {
                    next ^= v[k - j];
                }
            }
            next
        };
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(sobol: &Sobol, n: u64) -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| {
                let mut x = vec![0.0; sobol.dims()];
                sobol.point(i, &mut x);
                x
            })
            .collect()
    }

    #[test]
    fn unscrambled_points_equal_scipys() {
        let sobol = Sobol::new(Sobol::MAX_DIMS).unwrap();
        let mut x = vec![0.0; Sobol::MAX_DIMS];
        let mut checked = 0;
        for line in include_str!("fixtures/sobol_unscrambled.txt").lines().filter(|l| !l.starts_with('#')) {
            let mut words = line.split(' ');
            let index: u64 = words.next().unwrap().parse().unwrap();
            sobol.point(index, &mut x);
            for (dim, (word, got)) in words.zip(&x).enumerate() {
                let want = u64::from_str_radix(word, 16).unwrap() as f64 / (1u64 << 30) as f64;
                assert_eq!(*got, want, "point {index}, dimension {}", dim + 1);
                checked += 1;
            }
        }
        assert_eq!(checked, 70 * 128);
    }

    /// Whether every box of sides 2^-a × 2^-b in dimensions (i, j) holds the same number of the
    /// first 2^k points (an elementary interval of a (t, 2)-net when a + b ≤ k − t).
    fn balanced(points: &[Vec<f64>], (i, a): (usize, u32), (j, b): (usize, u32)) -> bool {
        let mut counts = vec![0usize; 1 << (a + b)];
        for p in points {
            let cell = ((p[i] * f64::from(1u32 << a)) as usize) << b | (p[j] * f64::from(1u32 << b)) as usize;
            counts[cell] += 1;
        }
        counts.iter().all(|&c| c == counts[0])
    }

    #[test]
    fn every_coordinate_is_stratified_scrambled_or_not() {
        for sobol in [Sobol::new(Sobol::MAX_DIMS).unwrap(), Sobol::scrambled(Sobol::MAX_DIMS, 7).unwrap()] {
            let all = points(&sobol, 1 << 10);
            for k in 0..=10u32 {
                let first = &all[..1 << k];
                for dim in 0..sobol.dims() {
                    // Exactly one of the first 2^k points in each interval of width 2^-k.
                    let mut seen = vec![false; 1 << k];
                    for p in first {
                        assert!((0.0..1.0).contains(&p[dim]));
                        let cell = (p[dim] * f64::from(1u32 << k)) as usize;
                        assert!(!seen[cell], "dimension {dim}, 2^{k} points: two in one interval");
                        seen[cell] = true;
                    }
                }
            }
        }
    }

    #[test]
    fn scrambling_keeps_the_two_dimensional_net_structure() {
        let plain = points(&Sobol::new(16).unwrap(), 1 << 8);
        let scrambled = points(&Sobol::scrambled(16, 99).unwrap(), 1 << 8);
        // Dimensions 1 and 2 form a (0, 2)-sequence: every elementary interval is balanced.
        for a in 0..=8 {
            assert!(balanced(&plain, (0, a), (1, 8 - a)));
            assert!(balanced(&scrambled, (0, a), (1, 8 - a)));
        }
        // For every pair of dimensions and every shape, the scrambled points are balanced
        // exactly where the published ones are.
        let mut unbalanced = 0;
        for i in 0..16 {
            for j in i + 1..16 {
                for a in 1..8 {
                    for b in 1..=8 - a {
                        let want = balanced(&plain, (i, a), (j, b));
                        assert_eq!(
                            balanced(&scrambled, (i, a), (j, b)),
                            want,
                            "dimensions {i}, {j}, shape 2^-{a} x 2^-{b}"
                        );
                        unbalanced += usize::from(!want);
                    }
                }
            }
        }
        assert!(unbalanced > 0, "the test must also see some unbalanced shapes");
    }

    #[test]
    fn scrambling_is_seeded_and_moves_the_points() {
        let (a, b, c) =
            (Sobol::scrambled(5, 1).unwrap(), Sobol::scrambled(5, 1).unwrap(), Sobol::scrambled(5, 2).unwrap());
        assert_eq!(points(&a, 64), points(&b, 64));
        assert_ne!(points(&a, 64), points(&c, 64));
        assert_ne!(points(&a, 64), points(&Sobol::new(5).unwrap(), 64));
        // Each scrambled point is uniform on the cube: the mean over seeds of point 0 is ½.
        let mean = (0..2000).map(|seed| points(&Sobol::scrambled(1, seed).unwrap(), 1)[0][0]).sum::<f64>() / 2000.0;
        assert!((mean - 0.5).abs() < 0.02, "{mean}");
    }

    #[test]
    fn dimensions_are_bounded() {
        assert!(Sobol::new(0).is_err());
        assert!(Sobol::new(Sobol::MAX_DIMS + 1).unwrap_err().to_string().contains("1 to 128 dimensions"));
    }
}
