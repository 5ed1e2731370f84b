//! Axes that fit their data: ticks on round steps, labelled only as precisely as the step (so
//! no two labels read the same); units chosen by magnitude; months labelled by the run's span.
//! Pure functions, so the promises are tested without drawing.

use crate::data::month_label;

/// At most this many labelled ticks on a y axis: a panel stays readable at any height.
pub const MAX_TICKS: usize = 8;

/// A y axis: the range it shows and its labelled ticks (position, label).
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
}

fn finite_bounds(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|v| v.is_finite()).fold(None, |b, v| match b {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// The smallest round step (1, 2 or 5 × 10^e) that puts at most `max` ticks on `lo..hi`, and `e`.
fn step(lo: f64, hi: f64, max: usize) -> (f64, i32) {
    let e = libm::floor(libm::log10((hi - lo) / max as f64)) as i32;
    let ticks = |step: f64| (libm::floor(hi / step) - libm::ceil(lo / step)) as usize + 1;
    for e in e..e + 3 {
        for m in [1.0, 2.0, 5.0] {
            let step = m * libm::pow(10.0, f64::from(e));
            if ticks(step) <= max {
                return (step, e);
            }
        }
    }
    (libm::pow(10.0, f64::from(e + 3)), e + 3)
}

impl Axis {
    /// A linear axis over `values` (NaN ignored) with `suffix` on every label ("%"). With
    /// `from_zero`, zero stays in view. There is a little room beyond the data on both sides,
    /// so a series lying on zero (or on its maximum) is drawn clear of the frame. A metric that
    /// is zero everywhere gets a single tick, at 0.
    pub fn linear(values: impl IntoIterator<Item = f64>, from_zero: bool, suffix: &str) -> Axis {
        let (mut lo, mut hi) = finite_bounds(values).unwrap_or((0.0, 0.0));
        if from_zero {
            (lo, hi) = (lo.min(0.0), hi.max(0.0));
        }
        if hi - lo <= 1e-12 * hi.abs().max(lo.abs()) {
            if hi.abs() < 1e-300 {
                return Axis { lo: -0.05, hi: 1.0, ticks: vec![(0.0, format_tick(0.0, 0, suffix))] };
            }
            let pad = hi.abs() * 0.1;
            (lo, hi) = (lo - pad, hi + pad);
        }
        let pad = (hi - lo) * 0.05;
        let (lo, hi) = (lo - pad, hi + pad);
        let (step, e) = step(lo, hi, MAX_TICKS);
        let decimals = (-e).max(0) as usize;
        let (first, last) = (libm::ceil(lo / step) as i64, libm::floor(hi / step) as i64);
        let ticks = (first..=last)
            .map(|k| {
                let v = k as f64 * step;
                (v, format_tick(v, decimals, suffix))
            })
            .collect();
        Axis { lo, hi, ticks }
    }

    /// A log axis (powers of ten) over the positive `values`: it draws log10 of the data, see
    /// [`log10`]. Narrow ranges also get ticks at 2× and 5×. Labels carry their own magnitude
    /// (`10k`, `1M`, `100B`): one unit cannot suit every decade of a wide axis.
    pub fn log(values: impl IntoIterator<Item = f64>) -> Axis {
        let Some((lo, hi)) = finite_bounds(values.into_iter().filter(|v| *v > 0.0).map(libm::log10)) else {
            return Axis::linear([], true, "");
        };
        let pad = ((hi - lo) * 0.05).max(0.05);
        let (lo, hi) = (lo - pad, hi + pad);
        let (first, last) = (libm::floor(lo) as i32, libm::floor(hi) as i32);
        let inside = (last - libm::ceil(lo) as i32 + 1).max(1) as usize;
        let stride = inside.div_ceil(MAX_TICKS) as i32;
        // Within a decade or two, 2× and 5× too, so that the axis has more than one label.
        let multiples: &[f64] = if hi - lo < 2.0 { &[1.0, 2.0, 5.0] } else { &[1.0] };
        let mut ticks = Vec::new();
        for e in (first..=last).filter(|e| e.rem_euclid(stride) == 0) {
            for &m in multiples {
                let v = m * libm::pow(10.0, f64::from(e));
                let at = libm::log10(v);
                if (lo..=hi).contains(&at) {
                    ticks.push((at, compact(v, e)));
                }
            }
        }
        Axis { lo, hi, ticks }
    }

    /// Named levels at 0, 1, 2 … (a ladder of chip classes, a bill's stages).
    pub fn levels(names: &[String]) -> Axis {
        let n = names.len().max(1) as f64;
        Axis { lo: -0.5, hi: n - 0.5, ticks: names.iter().enumerate().map(|(i, s)| (i as f64, s.clone())).collect() }
    }
}

/// What a log axis plots for a value: NaN where the log is undefined (a gap in the line).
pub fn log10(v: f64) -> f64 {
    if v > 0.0 { libm::log10(v) } else { f64::NAN }
}

/// A power-of-ten multiple `v` (≈ m × 10^e) with its magnitude in a suffix: `500`, `2k`,
/// `10M`, `1B`, `0.01`.
pub fn compact(v: f64, e: i32) -> String {
    const SUFFIXES: [(i32, &str); 4] = [(12, "T"), (9, "B"), (6, "M"), (3, "k")];
    match SUFFIXES.iter().find(|(power, _)| e >= *power) {
        Some((power, suffix)) => format!("{}{suffix}", format_tick(v / libm::pow(10.0, f64::from(*power)), 0, "")),
        None => format_tick(v, (-e).max(0) as usize, ""),
    }
}

/// `v` with `decimals` decimals, thousands separated, and no "-0".
pub fn format_tick(v: f64, decimals: usize, suffix: &str) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let zero = text.chars().all(|c| c == '0' || c == '.');
    let sign = if v < 0.0 && !zero { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}{suffix}"),
        None => format!("{sign}{grouped}{suffix}"),
    }
}

/// A unit of a ladder: how many of the data's own units it holds, and its name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    pub per: f64,
    pub name: &'static str,
}

/// Counts (chips, H100-equivalents).
pub const COUNTS: [Unit; 5] = [
    Unit { per: 1.0, name: "" },
    Unit { per: 1e3, name: "thousand" },
    Unit { per: 1e6, name: "million" },
    Unit { per: 1e9, name: "billion" },
    Unit { per: 1e12, name: "trillion" },
];

/// Money held in billions of dollars.
pub const DOLLARS_BN: [Unit; 3] =
    [Unit { per: 1e-3, name: "$m" }, Unit { per: 1.0, name: "$bn" }, Unit { per: 1e3, name: "$tn" }];

/// The largest unit of `ladder` that the biggest of `values` fills at least once.
pub fn unit(values: impl IntoIterator<Item = f64>, ladder: &[Unit]) -> Unit {
    let top = values.into_iter().filter(|v| v.is_finite()).fold(0.0, |m: f64, v| m.max(v.abs()));
    ladder.iter().rev().find(|u| top >= u.per).or(ladder.first()).copied().unwrap_or(Unit { per: 1.0, name: "" })
}

impl Unit {
    pub fn scale(&self, values: &[f64]) -> Vec<f64> {
        values.iter().map(|v| v / self.per).collect()
    }

    /// "million H100-equivalents", "chips per month" (no unit word below a thousand).
    pub fn title(&self, what: &str) -> String {
        if self.name.is_empty() { what.to_string() } else { format!("{} {what}", self.name) }
    }
}

/// The ticks of a month axis: labelled months and unlabelled minor ticks (months since year 0).
#[derive(Clone, Debug, PartialEq)]
pub struct MonthTicks {
    pub labelled: Vec<(i32, String)>,
    pub minor: Vec<i32>,
}

/// Ticks for the months `first..=last` on `width` pixels: labels on a step a reader counts in
/// (every 1, 2, 3 or 6 months as `YYYY-MM`; every 1, 2, 5 or 10 years as the year), as dense
/// as their width allows; minor ticks at least 16 pixels apart. Only months of the run.
pub fn month_ticks(first: i32, last: i32, width: f64) -> MonthTicks {
    let px = width / f64::from((last - first + 1).max(1));
    let steps = [(1, 86.0), (2, 86.0), (3, 86.0), (6, 86.0), (12, 52.0), (24, 52.0), (60, 52.0), (120, 52.0)];
    let label = steps.into_iter().find(|&(s, room)| f64::from(s) * px >= room).map_or(240, |s| s.0);
    let on = |m: i32, s: i32| {
        let (year, month) = (m.div_euclid(12), m.rem_euclid(12));
        if s < 12 { month % s == 0 } else { month == 0 && year % (s / 12) == 0 }
    };
    let mut labelled: Vec<(i32, String)> = (first..=last)
        .filter(|&m| on(m, label))
        .map(|m| (m, if label < 12 { month_label(m) } else { m.div_euclid(12).to_string() }))
        .collect();
    if labelled.is_empty() {
        labelled.push((first, month_label(first)));
    }
    let minor_step = [1, 3, 12].into_iter().find(|&s| f64::from(s) * px >= 16.0 && s < label);
    let minor = minor_step
        .map_or(Vec::new(), |s| (first..=last).filter(|&m| on(m, s) && !labelled.iter().any(|l| l.0 == m)).collect());
    MonthTicks { labelled, minor }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(axis: &Axis) -> Vec<&str> {
        axis.ticks.iter().map(|t| t.1.as_str()).collect()
    }

    fn assert_unique(axis: &Axis) {
        let mut seen = labels(axis);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), axis.ticks.len(), "duplicate tick labels: {:?}", labels(axis));
    }

    fn assert_inside(axis: &Axis) {
        for (v, label) in &axis.ticks {
            assert!(axis.lo <= *v && *v <= axis.hi, "tick {label} outside {}..{}", axis.lo, axis.hi);
        }
    }

    #[test]
    fn zero_everywhere_has_one_tick_and_room_below_zero() {
        let axis = Axis::linear([0.0; 12], true, "%");
        assert_eq!(labels(&axis), ["0%"]);
        assert!(axis.lo < 0.0 && axis.hi > 0.0, "a zero line must lie inside the frame");
        assert_eq!(Axis::linear([f64::NAN, f64::NAN], true, ""), Axis::linear([0.0], true, ""));
    }

    #[test]
    fn small_and_constant_metrics_get_distinct_labels() {
        for values in [vec![0.0, 0.012], vec![0.0, 0.9], vec![15.0, 15.0], vec![0.25, 0.25], vec![1e-7, 3e-7]] {
            for from_zero in [true, false] {
                let axis = Axis::linear(values.iter().copied(), from_zero, "%");
                assert!(axis.ticks.len() >= 2, "{values:?}: {:?}", labels(&axis));
                assert!(axis.ticks.len() <= MAX_TICKS, "{values:?}: {:?}", labels(&axis));
                assert_unique(&axis);
                assert_inside(&axis);
                assert!(axis.lo < values[0] && values[1] < axis.hi, "{values:?} touches the frame");
            }
        }
    }

    #[test]
    fn huge_values_get_compact_grouped_labels() {
        let axis = Axis::linear([0.0, 2_000_000.0], true, "");
        assert_unique(&axis);
        assert!(labels(&axis).contains(&"2,000,000"), "{:?}", labels(&axis));
        assert!(labels(&axis).iter().all(|l| !l.contains('.')), "{:?}", labels(&axis));
        assert_eq!(format_tick(-0.0001, 2, ""), "0.00");
        assert_eq!(format_tick(-1234.5, 1, "%"), "-1,234.5%");
        assert_eq!(format_tick(999.0, 0, ""), "999");
        assert_eq!(format_tick(12345.0, 0, ""), "12,345");
    }

    #[test]
    fn log_axes_label_decades_once() {
        let axis = Axis::log([0.3, 14.0, f64::NAN, 0.0]);
        assert_unique(&axis);
        assert_inside(&axis);
        assert_eq!(labels(&axis), ["0.5", "1", "2", "5", "10"]);
        let narrow = Axis::log([1.1, 3.0]);
        assert_eq!(labels(&narrow), ["1", "2"]);
        let decades = Axis::log([1.1, 120.0]);
        assert_eq!(labels(&decades), ["1", "10", "100"]);
        let wide = Axis::log([1e-6, 1e9]);
        assert!(wide.ticks.len() <= MAX_TICKS, "{:?}", labels(&wide));
        assert_eq!(labels(&Axis::log([0.0135, 700.0])), ["0.01", "0.1", "1", "10", "100", "1k"]);
        assert_eq!(labels(&Axis::log([1.1e6, 1.2e8])), ["1M", "10M", "100M"]);
        assert_eq!(labels(&Axis::log([3e3, 2e4])), ["5k", "10k", "20k"]);
        assert_unique(&wide);
        assert!(log10(0.0).is_nan());
    }

    #[test]
    fn units_by_magnitude() {
        assert_eq!(unit([0.0, 0.03], &DOLLARS_BN).name, "$m");
        assert_eq!(unit([0.0, 12.0], &DOLLARS_BN).name, "$bn");
        assert_eq!(unit([2_000_000.0], &DOLLARS_BN).name, "$tn");
        assert_eq!(unit([0.0; 3], &DOLLARS_BN).name, "$m");
        assert_eq!(unit([400_000_000_000.0], &COUNTS).title("H100-equivalents"), "billion H100-equivalents");
        assert_eq!(unit([13_500_000.0, f64::NAN], &COUNTS).name, "million");
        assert_eq!(unit([950.0], &COUNTS).title("chips per month"), "chips per month");
        assert_eq!(unit([-5e4], &COUNTS).name, "thousand");
    }

    #[test]
    fn month_ticks_fit_the_span() {
        let start = 2025 * 12 + 11;
        let one = month_ticks(start, start, 1000.0);
        assert_eq!(one.labelled, vec![(start, "2025-12".to_string())]);
        assert!(one.minor.is_empty());
        let five = month_ticks(start, start + 59, 1000.0);
        assert!(five.labelled.iter().all(|(m, _)| m.rem_euclid(12) % 6 == 0), "{:?}", five.labelled);
        assert_eq!(five.minor.len() + five.labelled.len(), 60);
        let twenty = month_ticks(start, start + 239, 1000.0);
        assert!(twenty.labelled.len() <= 12 && twenty.labelled.len() >= 5, "{:?}", twenty.labelled);
        assert!(twenty.labelled.iter().all(|(m, l)| m.rem_euclid(12) == 0 && l.len() == 4), "{:?}", twenty.labelled);
        assert!(twenty.minor.len() <= 40, "{} minor ticks comb the axis", twenty.minor.len());
        for (ticks, last) in [(&one, start), (&five, start + 59), (&twenty, start + 239)] {
            let all = ticks.labelled.iter().map(|t| t.0).chain(ticks.minor.iter().copied());
            assert!(all.into_iter().all(|m| (start..=last).contains(&m)), "a tick outside the run");
        }
    }
}
