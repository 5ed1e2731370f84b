//! Quantiles in bounded memory: a DDSketch (Masson, Rim & Lee, VLDB 2019) with 1% relative
//! accuracy. Values fall in logarithmic buckets; a quantile is read off the bucket counts, and
//! is within 1% of the value of the exact rank. Merging adds counts, which is exact and
//! independent of order, so sketches from any threads or shards combine to the same bytes.
//!
//! The buckets are those of a log-linear mapping read straight from the bits of an `f64` (its
//! exponent and the top `MANTISSA_BITS` bits of its mantissa), as in HDR histograms: no
//! logarithm per value, and exactly the same bucket on every machine. A bucket spans at most
//! 2^-6 of its lower bound, so its midpoint is within 0.8% of every value in it.

use serde::{Deserialize, Serialize};

/// A quantile read from a sketch is within this fraction of the true value.
pub const RELATIVE_ACCURACY: f64 = 0.01;
/// Magnitudes below this count as zero.
const TINY: f64 = 1e-300;
/// Mantissa bits that choose the bucket within a power of two.
const MANTISSA_BITS: u32 = 6;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    positive: Store,
    negative: Store,
    zero: u64,
    count: u64,
}

/// Counts of consecutive bucket indices starting at `offset`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Store {
    offset: i32,
    counts: Vec<u64>,
}

impl Store {
    fn add(&mut self, index: i32, count: u64) {
        if self.counts.is_empty() {
            self.offset = index;
        }
        if index < self.offset {
            let grow = (self.offset - index) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = index;
        }
        let at = (index - self.offset) as usize;
        if at >= self.counts.len() {
            self.counts.resize(at + 1, 0);
        }
        self.counts[at] += count;
    }

    fn merge(&mut self, other: &Store) {
        for (i, &c) in other.counts.iter().enumerate() {
            if c > 0 {
                self.add(other.offset + i as i32, c);
            }
        }
    }

    /// (index, count) from the lowest index up.
    fn buckets(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        self.counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (self.offset + i as i32, *c))
    }
}

/// The bucket of a positive, normal magnitude: its bits above the dropped mantissa bits (the
/// bit pattern of a positive `f64` grows with its value).
fn index(magnitude: f64) -> i32 {
    (magnitude.to_bits() >> (52 - MANTISSA_BITS)) as i32
}

/// The value a bucket stands for: the midpoint of its range.
fn value(index: i32) -> f64 {
    let low = f64::from_bits((index as u64) << (52 - MANTISSA_BITS));
    let high = f64::from_bits(((index as u64) + 1) << (52 - MANTISSA_BITS));
    low + (high - low) / 2.0
}

impl Sketch {
    /// Add a value; NaN (a value the run did not have) is skipped.
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.count += 1;
        if x > TINY {
            self.positive.add(index(x), 1);
        } else if x < -TINY {
            self.negative.add(index(-x), 1);
        } else {
            self.zero += 1;
        }
    }

    pub fn merge(&mut self, other: &Sketch) {
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zero += other.zero;
        self.count += other.count;
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// The `q`-quantile (0 ≤ q ≤ 1) by the lower rank ⌊q·(n − 1)⌋; NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let rank = libm::floor(q.clamp(0.0, 1.0) * (self.count - 1) as f64) as u64;
        let mut seen = 0;
        for (i, c) in self.negative.buckets().rev() {
            seen += c;
            if seen > rank {
                return -value(i);
            }
        }
        seen += self.zero;
        if seen > rank {
            return 0.0;
        }
        for (i, c) in self.positive.buckets() {
            seen += c;
            if seen > rank {
                return value(i);
            }
        }
        self.positive.buckets().next_back().map_or(0.0, |(i, _)| value(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(sorted: &[f64], q: f64) -> f64 {
        sorted[(q * (sorted.len() - 1) as f64).floor() as usize]
    }

    #[test]
    fn quantiles_are_within_the_relative_accuracy() {
        let values: Vec<f64> = (0..5000).map(|i| libm::sin(i as f64 * 0.37) * 1000.0 + (i % 7) as f64 * 1e5).collect();
        let mut sketch = Sketch::default();
        values.iter().for_each(|&x| sketch.push(x));
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0] {
            let (got, want) = (sketch.quantile(q), exact(&sorted, q));
            assert!((got - want).abs() <= RELATIVE_ACCURACY * want.abs() + 1e-9, "q={q}: {got} vs {want}");
        }
    }

    #[test]
    fn merging_in_any_order_gives_the_same_sketch() {
        let parts: Vec<Sketch> = (0..4)
            .map(|p| {
                let mut s = Sketch::default();
                (0..100).for_each(|i| s.push(((p * 100 + i) as f64 - 150.0) * 3.3));
                s
            })
            .collect();
        let fold = |order: &[usize]| {
            let mut s = Sketch::default();
            order.iter().for_each(|&i| s.merge(&parts[i]));
            s
        };
        assert_eq!(fold(&[0, 1, 2, 3]), fold(&[3, 1, 0, 2]));
        let mut whole = Sketch::default();
        (0..400).for_each(|i| whole.push((i as f64 - 150.0) * 3.3));
        assert_eq!(fold(&[2, 0, 3, 1]), whole);
    }

    #[test]
    fn zeros_negatives_and_empties() {
        let mut s = Sketch::default();
        assert!(s.quantile(0.5).is_nan());
        [0.0, 0.0, -5.0, 3.0, f64::NAN].iter().for_each(|&x| s.push(x));
        assert_eq!(s.count(), 4);
        assert!((s.quantile(0.0) + 5.0).abs() < 0.05);
        assert_eq!(s.quantile(0.5), 0.0);
        assert!((s.quantile(1.0) - 3.0).abs() < 0.03);
    }
}
