//! The distribution of one cell (a metric in a month) over many runs, for its percentiles.
//!
//! While the cell takes at most [`EXACT_VALUES`] distinct values — a policy level, a count of
//! moves, a flag, a constant — every value is kept with its count, and percentiles are exact.
//! Beyond that the values go into a [`Sketch`], whose percentiles are within 1% of the value at
//! the exact rank and are clamped to the observed minimum and maximum (kept exactly).
//!
//! Merging is exact and independent of order (it adds counts, and a sketch made from values
//! merged in any order is the same sketch), so blocks of runs finished by any thread or shard,
//! in any order, give the same distribution.

use serde::{Deserialize, Serialize};

use crate::sketch::Sketch;

/// Up to this many distinct values per cell, percentiles are exact.
pub const EXACT_VALUES: usize = 32;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    count: u64,
    min: f64,
    max: f64,
    /// While exact: the distinct values in increasing order, each with its count.
    exact: Vec<(f64, u64)>,
    /// Once there are more: every value's bucket (and `exact` is empty).
    sketched: bool,
    sketch: Sketch,
}

impl Default for Distribution {
    fn default() -> Distribution {
        Distribution {
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            exact: Vec::new(),
            sketched: false,
            sketch: Sketch::default(),
        }
    }
}

impl Distribution {
    /// Empty again, keeping the memory (a thread reuses its last block's distributions).
    pub fn clear(&mut self) {
        (self.count, self.min, self.max, self.sketched) = (0, f64::INFINITY, f64::NEG_INFINITY, false);
        self.exact.clear();
        self.sketch.clear();
    }

    /// Add values, in any order: no NaN (a value a run did not have is left out), and no -0.0
    /// (it is 0.0).
    pub fn extend(&mut self, values: &[f64]) {
        if values.is_empty() {
            return;
        }
        self.count += values.len() as u64;
        if !self.sketched {
            if merge_exact(&mut self.exact, values) {
                self.min = self.min.min(self.exact[0].0);
                self.max = self.max.max(self.exact[self.exact.len() - 1].0);
                return;
            }
            self.start_sketching();
        }
        let (min, max) = self.sketch.extend(values.iter().map(|&x| (x, 1)));
        self.min = self.min.min(min);
        self.max = self.max.max(max);
    }

    /// From exact values to the sketch, which takes them in.
    fn start_sketching(&mut self) {
        self.sketch.extend(self.exact.iter().copied());
        self.exact.clear();
        self.sketched = true;
    }

    fn push_n(&mut self, x: f64, n: u64) {
        self.count += n;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        if !self.sketched && !merge_exact_n(&mut self.exact, x, n) {
            self.start_sketching();
        }
        if self.sketched {
            self.sketch.push_n(x, n);
        }
    }

    pub fn merge(&mut self, other: &Distribution) {
        if !other.sketched {
            for &(x, n) in &other.exact {
                self.push_n(x, n);
            }
            return;
        }
        self.count += other.count;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        if !self.sketched {
            self.start_sketching();
        }
        self.sketch.merge(&other.sketch);
    }

    /// Every distinct value with its count, while the distribution is exact.
    pub fn counts(&self) -> Option<&[(f64, u64)]> {
        (!self.sketched).then_some(&self.exact[..])
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether percentiles are exact (the cell took few distinct values, or none).
    pub fn is_exact(&self) -> bool {
        !self.sketched
    }

    /// The `q`-quantile (0 ≤ q ≤ 1) by the lower rank ⌊q·(n − 1)⌋, as for sorted values; NaN
    /// when there are none.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let rank = libm::floor(q.clamp(0.0, 1.0) * (self.count - 1) as f64) as u64;
        if self.sketched {
            return match rank {
                0 => self.min,
                r if r == self.count - 1 => self.max,
                _ => self.sketch.quantile(q).clamp(self.min, self.max),
            };
        }
        let mut seen = 0;
        for &(x, n) in &self.exact {
            seen += n;
            if seen > rank {
                return x;
            }
        }
        self.max
    }
}

/// Count `n` more of `x` among the exact values, if that leaves at most [`EXACT_VALUES`] of
/// them; whether it did.
fn merge_exact_n(exact: &mut Vec<(f64, u64)>, x: f64, n: u64) -> bool {
    match exact.binary_search_by(|(v, _)| v.total_cmp(&x)) {
        Ok(i) => exact[i].1 += n,
        Err(_) if exact.len() == EXACT_VALUES => return false,
        Err(i) => exact.insert(i, (x, n)),
    }
    true
}

/// Count values among the exact ones, if that leaves at most [`EXACT_VALUES`] of them;
/// whether it did (else `exact` is as it was). A cell that does not vary costs one pass.
fn merge_exact(exact: &mut Vec<(f64, u64)>, values: &[f64]) -> bool {
    if values.iter().all(|v| v.to_bits() == values[0].to_bits()) {
        return merge_exact_n(exact, values[0], values.len() as u64);
    }
    // The distinct values by their bits, in a small open-addressing table. (No value is NaN,
    // so the NaN pattern `EMPTY` marks a free slot.)
    const SLOTS: usize = 128;
    const EMPTY: u64 = u64::MAX;
    let mut table = [(EMPTY, 0u64); SLOTS];
    let mut distinct = 0;
    let mut count = |x: f64, n: u64| {
        let bits = x.to_bits();
        let mut slot = (bits.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57) as usize;
        while table[slot].0 != bits {
            if table[slot].0 == EMPTY {
                if distinct == EXACT_VALUES {
                    return false;
                }
                distinct += 1;
                table[slot].0 = bits;
                break;
            }
            slot = (slot + 1) % SLOTS;
        }
        table[slot].1 += n;
        true
    };
    for &(x, n) in exact.iter() {
        count(x, n);
    }
    if !values.iter().all(|&x| count(x, 1)) {
        return false;
    }
    exact.clear();
    exact.extend(table.iter().filter(|(bits, _)| *bits != EMPTY).map(|&(bits, n)| (f64::from_bits(bits), n)));
    exact.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: &[f64]) -> Distribution {
        let mut d = Distribution::default();
        for chunk in values.chunks(64) {
            let chunk: Vec<f64> = chunk.iter().filter(|x| !x.is_nan()).map(|x| x + 0.0).collect();
            d.extend(&chunk);
        }
        d
    }

    #[test]
    fn few_distinct_values_give_exact_percentiles() {
        for constant in [1.0, 2.0, 0.25, 120_308_648.894_832_07, -3.5] {
            let d = of(&[constant; 100]);
            assert!(d.is_exact());
            for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
                assert_eq!(d.quantile(q), constant);
            }
        }
        let levels: Vec<f64> = (0..1000).map(|i| (i % 4) as f64 * 0.25).collect();
        let d = of(&levels);
        assert!(d.is_exact());
        assert_eq!([d.quantile(0.05), d.quantile(0.5), d.quantile(0.95)], [0.0, 0.25, 0.75]);
    }

    #[test]
    fn many_distinct_values_are_sketched_within_the_observed_range() {
        let values: Vec<f64> = (0..1000).map(|i| 0.3 + i as f64 * 1e-5).collect();
        let d = of(&values);
        assert!(!d.is_exact());
        assert_eq!((d.quantile(0.0), d.quantile(1.0)), (0.3, values[999]));
        for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let (got, want) = (d.quantile(q), values[(q * 999.0) as usize]);
            assert!((values[0]..=values[999]).contains(&got), "q={q}: {got}");
            assert!((got - want).abs() <= 0.01 * want, "q={q}: {got} vs {want}");
        }
    }

    #[test]
    fn merging_in_any_order_gives_the_same_distribution() {
        let parts: Vec<Distribution> =
            (0..5).map(|p| of(&(0..12).map(|i| ((p * 7 + i) % 40) as f64 * 1.5).collect::<Vec<_>>())).collect();
        let fold = |order: &[usize]| {
            let mut d = Distribution::default();
            order.iter().for_each(|&i| d.merge(&parts[i]));
            d
        };
        let whole = of(&(0..5).flat_map(|p| (0..12).map(move |i| ((p * 7 + i) % 40) as f64 * 1.5)).collect::<Vec<_>>());
        assert!(!whole.is_exact(), "40 distinct values are more than the exact limit");
        assert_eq!(fold(&[0, 1, 2, 3, 4]), whole);
        assert_eq!(fold(&[4, 2, 0, 3, 1]), whole);
    }

    #[test]
    fn missing_values_and_signed_zeros() {
        let d = of(&[f64::NAN, -0.0, 0.0, f64::NAN]);
        assert_eq!(d.count(), 2);
        assert!(d.is_exact());
        assert_eq!(d.quantile(0.5).to_bits(), 0.0f64.to_bits());
        assert!(of(&[f64::NAN]).quantile(0.5).is_nan());
    }
}
