//! Quantiles in bounded memory: a DDSketch (Masson, Rim & Lee, VLDB 2019) with 1% relative
//! accuracy. Values fall in logarithmic buckets; a quantile is read off the bucket counts, and
//! is within 1% of the value of the exact rank. Merging adds counts, which is exact and
//! independent of order, so sketches from any threads or shards combine to the same bytes.
//!
//! Each sign keeps at most [`BUCKETS`] buckets, 16 powers of two below its largest magnitude:
//! smaller magnitudes (rounding noise such as 1e-17 beside values near 1) share the lowest
//! bucket, as in DDSketch's collapsing store. Which bucket a value lands in then depends only
//! on the largest magnitude of all the values, so merging stays independent of order.
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
/// Buckets per sign: 16 powers of two.
pub const BUCKETS: i32 = 16 << MANTISSA_BITS;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    positive: Store,
    negative: Store,
    zero: u64,
    count: u64,
}

/// Counts of consecutive bucket indices starting at `offset`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Store {
    offset: i32,
    /// At most `BUCKETS`. (A point has at most `u32::MAX` runs.)
    counts: Vec<u32>,
}

/// A store is written as its non-empty buckets only, each as (position − previous position,
/// count) in LEB128 varints, in one byte string: several times smaller than the dense counts of
/// a few hundred runs, and quick to write.
impl Serialize for Store {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        thread_local! {
            static BYTES: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let mut bytes = BYTES.take();
        bytes.clear();
        let mut last = 0;
        for at in self.occupied() {
            varint(&mut bytes, (at - last) as u32);
            varint(&mut bytes, self.counts[at]);
            last = at;
        }
        let written = (self.offset, serde_bytes(&bytes)).serialize(serializer);
        BYTES.set(bytes);
        written
    }
}

/// Bytes written as a byte string, not as a sequence of numbers.
fn serde_bytes(bytes: &[u8]) -> impl Serialize + '_ {
    struct Bytes<'a>(&'a [u8]);
    impl Serialize for Bytes<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }
    Bytes(bytes)
}

fn varint(out: &mut Vec<u8>, mut x: u32) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

impl<'de> Deserialize<'de> for Store {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Store, D::Error> {
        let (offset, bytes): (i32, Vec<u8>) = Deserialize::deserialize(deserializer)?;
        let mut numbers = bytes
            .split_inclusive(|b| b & 0x80 == 0)
            .map(|digits| digits.iter().rev().fold(0u32, |x, d| x.wrapping_shl(7) | u32::from(d & 0x7f)));
        // Every bucket a finite magnitude falls in is within 0..=index(f64::MAX); one outside
        // is a damaged file (and would make `cover` allocate for billions of buckets).
        let out_of_range = || serde::de::Error::custom("a sketch bucket out of range: the file is damaged");
        let top = i64::from(index(f64::MAX));
        if !(0..=top).contains(&i64::from(offset)) {
            return Err(out_of_range());
        }
        let mut store = Store::default();
        let (mut at, mut total) = (i64::from(offset), 0u32);
        while let (Some(gap), Some(count)) = (numbers.next(), numbers.next()) {
            // A point has at most u32::MAX runs: more is a damaged file, not a count to add.
            total = total.checked_add(count).ok_or_else(|| {
                serde::de::Error::custom("a sketch counts more than 2^32 - 1 runs: the file is damaged")
            })?;
            at += i64::from(gap);
            if at > top {
                return Err(out_of_range());
            }
            store.add(at as i32, count);
        }
        Ok(store)
    }
}

impl Store {
    /// Make room for the indices `low..=high`: at most one move of the counts, and a collapse
    /// of the lowest buckets if the range grows past `BUCKETS`.
    fn cover(&mut self, low: i32, high: i32) {
        let top = if self.counts.is_empty() { high } else { high.max(self.offset + self.counts.len() as i32 - 1) };
        let floor = top - BUCKETS + 1;
        let low = low.max(floor);
        if self.counts.is_empty() {
            self.offset = low;
        }
        if self.offset < floor {
            let drop = (floor - self.offset) as usize;
            let lumped = self.counts.drain(..drop.min(self.counts.len())).fold(0u32, u32::saturating_add);
            if self.counts.is_empty() {
                self.counts.push(0);
            }
            self.counts[0] = self.counts[0].saturating_add(lumped);
            self.offset = floor;
        }
        if low < self.offset {
            let grow = (self.offset - low) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = low;
        }
        let end = (top - self.offset) as usize + 1;
        if end > self.counts.len() {
            self.counts.resize(end, 0);
        }
    }

    /// Count more at an index already covered (or below it: the lowest bucket).
    fn bump(&mut self, index: i32, count: u32) {
        self.counts[(index.max(self.offset) - self.offset) as usize] += count;
    }

    fn add(&mut self, index: i32, count: u32) {
        self.cover(index, index);
        self.bump(index, count);
    }

    fn merge(&mut self, other: &Store) {
        let (Some((low, _)), Some((high, _))) = (other.buckets().next(), other.buckets().next_back()) else { return };
        self.cover(low, high);
        // What lies below this store's lowest bucket (collapsed away) goes into that bucket.
        let below = ((self.offset - other.offset).max(0) as usize).min(other.counts.len());
        // Counts of one point's runs add up to at most u32::MAX; damaged shards that claim more
        // saturate here rather than overflow (their cells' totals no longer match the plan).
        let lumped = other.counts[..below].iter().fold(0u32, |a, c| a.saturating_add(*c));
        self.counts[0] = self.counts[0].saturating_add(lumped);
        let at = (other.offset + below as i32 - self.offset).max(0) as usize;
        for (mine, theirs) in self.counts[at..].iter_mut().zip(&other.counts[below..]) {
            *mine = mine.saturating_add(*theirs);
        }
    }

    /// (index, count) from the lowest index up.
    fn buckets(&self) -> impl DoubleEndedIterator<Item = (i32, u32)> + '_ {
        self.counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (self.offset + i as i32, *c))
    }

    /// The positions of the non-empty buckets, found a search at a time (most are empty).
    fn occupied(&self) -> impl Iterator<Item = usize> + '_ {
        let mut from = 0;
        std::iter::from_fn(move || {
            let at = from + self.counts.get(from..)?.iter().position(|&c| c > 0)?;
            from = at + 1;
            Some(at)
        })
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
        self.push_n(x, 1);
    }

    /// Add `count` copies of a value.
    pub fn push_n(&mut self, x: f64, count: u64) {
        if !x.is_nan() {
            self.extend([(x, count)]);
        }
    }

    /// Add values, each with its count (no NaN); returns their minimum and maximum. The values
    /// are read twice: first for the range of buckets to make room for, at once.
    pub fn extend<I>(&mut self, values: I) -> (f64, f64)
    where
        I: IntoIterator<Item = (f64, u64)>,
        I::IntoIter: Clone,
    {
        let values = values.into_iter();
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        // Per side (positive, negative): the lowest and highest bucket.
        let (mut low, mut high) = ([i32::MAX; 2], [i32::MIN; 2]);
        for (x, _) in values.clone() {
            min = min.min(x);
            max = max.max(x);
            if x.abs() > TINY {
                let (side, i) = (usize::from(x < 0.0), index(x.abs()));
                low[side] = low[side].min(i);
                high[side] = high[side].max(i);
            }
        }
        for (store, side) in [(&mut self.positive, 0), (&mut self.negative, 1)] {
            if low[side] <= high[side] {
                store.cover(low[side], high[side]);
            }
        }
        for (x, n) in values {
            if x > TINY {
                self.positive.bump(index(x), n as u32);
            } else if x < -TINY {
                self.negative.bump(index(-x), n as u32);
            } else {
                self.zero += n;
            }
            self.count += n;
        }
        (min, max)
    }

    /// Empty again, keeping the memory.
    pub fn clear(&mut self) {
        for store in [&mut self.positive, &mut self.negative] {
            store.counts.clear();
            store.offset = 0;
        }
        (self.zero, self.count) = (0, 0);
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
            seen += u64::from(c);
            if seen > rank {
                return -value(i);
            }
        }
        seen += self.zero;
        if seen > rank {
            return 0.0;
        }
        for (i, c) in self.positive.buckets() {
            seen += u64::from(c);
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

    /// Found by tests/hostile/hostile.py: a damaged `.cells` file whose bucket counts add up to
    /// more than a u32 overflowed (a panic in a debug build) as `merge` read it.
    #[test]
    fn a_store_counting_more_than_a_u32_is_refused_not_overflowed() {
        let max = u32::MAX.to_le_bytes().map(|b| b | 0x80);
        // LEB128 of u32::MAX, then of 1: (gap 0, count u32::MAX), (gap 1, count 1).
        let mut bytes = vec![0u8];
        bytes.extend_from_slice(&max[..4]);
        bytes.push(0x0f);
        bytes.extend_from_slice(&[1, 1]);
        let written = postcard::to_allocvec(&(0i32, serde_bytes(&bytes))).unwrap();
        let read: Result<Store, _> = postcard::from_bytes(&written);
        assert!(read.is_err(), "{read:?}");
        // A bucket beyond the largest finite magnitude's, by offset or by gap: refused, where
        // it made `merge` allocate some 20 GB for the buckets in between.
        for (offset, gaps) in
            [(-5i32, vec![0u8, 1]), (i32::MAX, vec![0, 1]), (0, vec![0xff, 0xff, 0xff, 0xff, 0x0f, 1])]
        {
            let written = postcard::to_allocvec(&(offset, serde_bytes(&gaps))).unwrap();
            assert!(postcard::from_bytes::<Store>(&written).is_err(), "offset {offset}, gaps {gaps:?}");
        }
        let last = postcard::to_allocvec(&(index(f64::MAX), serde_bytes(&[0, 1]))).unwrap();
        assert_eq!(postcard::from_bytes::<Store>(&last).unwrap().buckets().next(), Some((index(f64::MAX), 1)));
        // One below the limit reads.
        let fine = postcard::to_allocvec(&(0i32, serde_bytes(&[0, 0xff, 0xff, 0x03, 1, 1]))).unwrap();
        assert_eq!(postcard::from_bytes::<Store>(&fine).unwrap().buckets().map(|(_, c)| c).sum::<u32>(), 65536);
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
        let bytes = postcard::to_allocvec(&whole).unwrap();
        assert_eq!(postcard::from_bytes::<Sketch>(&bytes).unwrap(), whole);
    }

    #[test]
    fn the_lowest_buckets_collapse_the_same_way_in_any_order() {
        let values: Vec<f64> =
            (0..400).map(|i| if i % 3 == 0 { 1e-17 * (1.0 + i as f64) } else { 0.5 + i as f64 }).collect();
        let mut forward = Sketch::default();
        values.iter().for_each(|&x| forward.push(x));
        let mut backward = Sketch::default();
        values.iter().rev().for_each(|&x| backward.push(x));
        let mut chunked = Sketch::default();
        for chunk in values.chunks(7) {
            let mut part = Sketch::default();
            part.extend(chunk.iter().map(|&x| (x, 1)));
            chunked.merge(&part);
        }
        assert_eq!(forward, backward);
        assert_eq!(forward, chunked);
        assert!(forward.positive.counts.len() as i32 <= BUCKETS);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let (got, want) = (forward.quantile(0.5), sorted[199]);
        assert!((got - want).abs() <= RELATIVE_ACCURACY * want, "above the collapsed buckets: {got} vs {want}");
        assert!((forward.quantile(1.0) - 399.5).abs() < 4.0);
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
