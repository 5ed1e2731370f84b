//! The results of a finished experiment, written into a directory: `stats.csv` (per point,
//! metric and month: mean, 95% CI, percentiles), `horizon.csv` (every run's outcomes in the last
//! month), `summary.ron` and `summary.json` (the distribution of outcomes at the horizon, and for
//! a comparison the paired differences, effect sizes and ranking), `points.csv` for a sweep, and
//! `charts/`.
//!
//! A category metric (a move, a regime, a stance) is never averaged: its rows give the share of
//! runs in each of its categories, by name, with a Wilson score interval, and a comparison's
//! differences are differences of shares. A statistic that needs more runs than a cell has (a
//! mean of none, a spread of one) is NaN in `summary.ron`, null in `summary.json` and empty in
//! the CSV files.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use serde::Serialize;

use crate::distribution::{Distribution, EXACT_VALUES};
use crate::engine::{Block, PointStats, summarize};
use crate::moments::Moments;
use crate::plan::{Kind, Plan, Unit};
use crate::sensitivity::nested::{Nested, VarianceSplit};
use crate::sketch::RELATIVE_ACCURACY;
use crate::work::{Work, WorkError};

/// Up to this many runs per point, percentiles at the horizon are exact whatever the values;
/// beyond, they are exact only for cells with few distinct values (so memory stays bounded).
pub const EXACT_HORIZON_RUNS: u64 = 20_000;
const PERCENTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub kind: Kind,
    pub scenario: String,
    pub runs_per_point: u64,
    pub master_seed: u64,
    pub method: Vec<String>,
    pub points: Vec<PointSummary>,
    /// A comparison: each variant against the first, paired by seed.
    pub differences: Vec<Difference>,
    /// A comparison: variants by the mean of `ranked_by` at the horizon, highest first.
    pub ranked_by: Option<String>,
    pub ranking: Vec<(String, f64)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PointSummary {
    pub label: String,
    pub values: Vec<(String, f64)>,
    /// Every numeric metric in the last month.
    pub horizon: Vec<Outcome>,
    /// Every category metric in the last month: the share of runs in each of its categories.
    pub shares: Vec<Share>,
    /// With uncertain parameters and more than one replicate per draw: each numeric metric's
    /// variance in the last month split between the parameters and the seeds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variance: Vec<(String, VarianceSplit)>,
}

/// The share of runs in which a category metric takes one of its categories.
#[derive(Clone, Debug, Serialize)]
pub struct Share {
    pub metric: String,
    pub category: String,
    /// Runs with a value of the metric.
    pub n: u64,
    pub share: f64,
    /// The Wilson score interval.
    pub ci95: (f64, f64),
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub metric: String,
    pub n: u64,
    pub mean: f64,
    pub ci95: (f64, f64),
    pub sd: f64,
    /// The 5th, 25th, 50th, 75th and 95th percentiles.
    pub percentiles: [f64; 5],
    /// Whether the percentiles are exact (else: from the sketch).
    pub exact: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    pub variant: String,
    pub baseline: String,
    pub metric: String,
    /// For a category metric, the category whose shares are compared (the paired difference
    /// of "the run is in this category", 1 or 0); `None` for a numeric metric.
    pub category: Option<String>,
    pub n: u64,
    pub mean: f64,
    pub ci95: (f64, f64),
    pub sd: f64,
    /// Cohen's d for paired samples: the mean difference over the standard deviation of the
    /// differences; 0 when every difference is 0, NaN when it is otherwise undefined or the
    /// metric is a category.
    pub effect_size: f64,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WorkError + '_ {
    move |error| WorkError::Io { what: "write", path: path.to_path_buf(), error }
}

fn csv_error(path: &Path) -> impl FnOnce(csv::Error) -> WorkError + '_ {
    move |e| WorkError::Io { what: "write", path: path.to_path_buf(), error: std::io::Error::other(e.to_string()) }
}

fn num(x: f64) -> String {
    if x.is_nan() { String::new() } else { format!("{x}") }
}

fn csv_file(path: &Path) -> Result<csv::Writer<BufWriter<File>>, WorkError> {
    Ok(csv::Writer::from_writer(BufWriter::new(File::create(path).map_err(io(path))?)))
}

/// The percentiles of one cell, and whether they are exact.
#[derive(Clone, Copy)]
pub struct Percentiles {
    pub p: [f64; 5],
    pub exact: bool,
}

impl Percentiles {
    fn of(d: &Distribution) -> Percentiles {
        Percentiles { p: PERCENTILES.map(|q| d.quantile(q)), exact: d.is_exact() }
    }

    fn of_sorted(sorted: &[f64]) -> Percentiles {
        let p = PERCENTILES.map(|q| match sorted.len() {
            0 => f64::NAN,
            n => sorted[libm::floor(q * (n - 1) as f64) as usize],
        });
        Percentiles { p, exact: true }
    }
}

/// The statistics a point's tables and charts show: per cell, its moments and percentiles,
/// the last month's percentiles exact wherever `outcomes` are.
pub struct Shown<'a> {
    pub stats: &'a PointStats,
    pub percentiles: Vec<Percentiles>,
}

/// Write every output of a finished plan into `dir`.
pub fn write(plan: &Plan, work: &Work, dir: &Path) -> Result<Summary, WorkError> {
    let params: Vec<String> =
        plan.points.first().map(|p| p.values.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
    let stats_path = dir.join("stats.csv");
    let mut stats = csv_file(&stats_path)?;
    let mut header = vec!["point".to_string()];
    header.extend(params.iter().cloned());
    header.extend(
        [
            "metric",
            "category",
            "date",
            "n",
            "mean",
            "ci_low",
            "ci_high",
            "p5",
            "p25",
            "p50",
            "p75",
            "p95",
            "percentiles",
        ]
        .map(String::from),
    );
    stats.write_record(&header).map_err(csv_error(&stats_path))?;
    // horizon.csv has the first point's metrics; other points' are matched to them by name.
    let names = first_block(work, 0)?.names;
    let horizon_path = dir.join("horizon.csv");
    let mut horizon = csv_file(&horizon_path)?;
    let mut header = vec!["point".to_string(), "replicate".into(), "seed".into()];
    header.extend(names.iter().cloned());
    horizon.write_record(&header).map_err(csv_error(&horizon_path))?;
    let mut points = Vec::new();
    let exact = plan.runs <= EXACT_HORIZON_RUNS;
    for (p, point) in plan.points.iter().enumerate() {
        let Block { names: own, categories, .. } = first_block(work, p)?;
        let index = matching(&names, &own);
        let mut columns: Vec<Vec<f64>> = Vec::new();
        let per_draw = u64::from(point.scenario.replicates_per_draw);
        let split = !point.scenario.uncertain.is_empty() && per_draw > 1;
        let mut nested: Vec<Nested> = Vec::new();
        let s = summarize(plan, work, p, |replicate, seed, values| {
            if split {
                nested.resize_with(values.len(), || Nested::new(per_draw));
                for (n, &v) in nested.iter_mut().zip(values) {
                    n.push(replicate, v);
                }
            }
            let mut row = vec![point.label.clone(), replicate.to_string(), seed.to_string()];
            row.extend(index.iter().map(|i| {
                i.and_then(|i| values.get(i).map(|v| cell(categories[i].as_deref(), *v))).unwrap_or_default()
            }));
            if exact {
                columns.resize(values.len(), Vec::new());
                for (column, &v) in columns.iter_mut().zip(values) {
                    if !v.is_nan() {
                        column.push(v);
                    }
                }
            }
            horizon.write_record(&row).map_err(csv_error(&horizon_path))
        })?;
        let shown = Shown { stats: &s, percentiles: percentiles(&s, columns) };
        let lead: Vec<String> =
            std::iter::once(point.label.clone()).chain(point.values.iter().map(|(_, v)| num(*v))).collect();
        write_stats(&mut stats, &lead, &shown, &stats_path)?;
        if plan.kind == Kind::Ensemble {
            crate::charts::fans(&shown, &point.label, dir)?;
        }
        let last = s.dates.len().saturating_sub(1);
        let shares = (0..s.names.len()).map(|k| shares(&s, last, k, &stats_path)).collect::<Result<Vec<_>, _>>()?;
        points.push(PointSummary {
            label: point.label.clone(),
            values: point.values.clone(),
            horizon: outcomes(&shown),
            shares: shares.into_iter().flatten().collect(),
            variance: nested
                .into_iter()
                .enumerate()
                .filter(|(k, _)| categories.get(*k).is_some_and(Option::is_none))
                .filter_map(|(k, n)| Some((own.get(k)?.clone(), n.finish()?)))
                .collect(),
        });
    }
    stats.flush().map_err(io(&stats_path))?;
    horizon.flush().map_err(io(&horizon_path))?;
    if plan.kind == Kind::Sweep {
        write_points(plan, dir)?;
        crate::charts::sweep(&points, dir)?;
    }
    let (differences, ranking) = match (plan.kind, &plan.rank_by) {
        (Kind::Compare, Some(metric)) => (differences(plan, work, &names)?, ranking(&points, metric)),
        _ => (Vec::new(), Vec::new()),
    };
    if !differences.is_empty() {
        write_differences(&differences, dir)?;
        crate::charts::differences(&differences, dir)?;
    }
    let summary = Summary {
        kind: plan.kind,
        scenario: plan.points.first().map(|p| p.scenario.name.clone()).unwrap_or_default(),
        runs_per_point: plan.runs,
        master_seed: plan.master_seed,
        method: method(),
        points,
        differences,
        ranked_by: plan.rank_by.clone(),
        ranking,
    };
    let path = dir.join("summary.ron");
    std::fs::write(&path, statecraft_scenario::to_ron(&summary)).map_err(io(&path))?;
    let path = dir.join("summary.json");
    std::fs::write(&path, json(&summary)).map_err(io(&path))?;
    Ok(summary)
}

/// Every cell's percentiles: from its distribution, but in the last month from every run's
/// value (`columns`, per metric) where those were kept.
fn percentiles(s: &PointStats, mut columns: Vec<Vec<f64>>) -> Vec<Percentiles> {
    let mut percentiles: Vec<Percentiles> = s.cells.iter().map(Percentiles::of).collect();
    let last = s.dates.len().saturating_sub(1) * s.names.len();
    for (k, column) in columns.iter_mut().enumerate() {
        column.sort_by(f64::total_cmp);
        if let Some(cell) = percentiles.get_mut(last + k) {
            *cell = Percentiles::of_sorted(column);
        }
    }
    percentiles
}

/// A summary as JSON: pretty, with a final newline; NaN (a statistic of too few runs) is null.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A value of a metric as the tables write it: a category's name, or the number; empty for NaN.
fn cell(categories: Option<&[String]>, v: f64) -> String {
    match categories {
        Some(names) if !v.is_nan() => names.get(v as usize).cloned().unwrap_or_else(|| num(v)),
        _ => num(v),
    }
}

/// The 95% Wilson score interval of `k` successes in `n` trials (NaN for none).
fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    const Z: f64 = 1.959_963_984_540_054;
    let (n, p) = (n as f64, k as f64 / n as f64);
    let denominator = 1.0 + Z * Z / n;
    let centre = (p + Z * Z / (2.0 * n)) / denominator;
    let half = Z * libm::sqrt(p * (1.0 - p) / n + Z * Z / (4.0 * n * n)) / denominator;
    // At a share of 0 or 1 the interval ends there exactly (rounding would move it by 1e-18).
    let low = if k == 0 { 0.0 } else { (centre - half).max(0.0) };
    let high = if p == 1.0 { 1.0 } else { (centre + half).min(1.0) };
    (low, high)
}

/// The shares of a category metric `k` in month `m`, one per category (none for a numeric
/// metric), counted from the cell's exact distribution.
fn shares(s: &PointStats, m: usize, k: usize, path: &Path) -> Result<Vec<Share>, WorkError> {
    let Some(categories) = s.categories.get(k).and_then(Option::as_ref) else { return Ok(Vec::new()) };
    let cell = m * s.names.len() + k;
    let n = s.moments.get(cell).map_or(0, |moments| moments.n);
    let counts = match s.cells.get(cell) {
        Some(d) => d.counts().ok_or_else(|| WorkError::Damaged {
            path: path.to_path_buf(),
            error: format!("`{}` took more than {EXACT_VALUES} distinct values", s.names[k]),
        })?,
        None => &[],
    };
    Ok(categories
        .iter()
        .enumerate()
        .map(|(code, category)| {
            let count = counts.iter().find(|(v, _)| *v == code as f64).map_or(0, |(_, count)| *count);
            Share {
                metric: s.names[k].clone(),
                category: category.clone(),
                n,
                share: if n == 0 { f64::NAN } else { count as f64 / n as f64 },
                ci95: wilson(count, n),
            }
        })
        .collect())
}

/// A point's rows of `stats.csv`, each starting with `lead` (the point and its parameters): a
/// numeric metric's moments and percentiles, or a category metric's shares.
fn write_stats(
    stats: &mut csv::Writer<BufWriter<File>>,
    lead: &[String],
    shown: &Shown,
    path: &Path,
) -> Result<(), WorkError> {
    let s = shown.stats;
    for (m, date) in s.dates.iter().enumerate() {
        for (k, metric) in s.names.iter().enumerate() {
            if s.categories.get(k).is_some_and(Option::is_some) {
                for share in shares(s, m, k, path)? {
                    let mut row = lead.to_vec();
                    row.extend([metric.clone(), share.category, date.to_string(), share.n.to_string()]);
                    row.extend([share.share, share.ci95.0, share.ci95.1].map(num));
                    row.extend(std::iter::repeat_n(String::new(), PERCENTILES.len() + 1));
                    stats.write_record(&row).map_err(csv_error(path))?;
                }
                continue;
            }
            let cell = m * s.names.len() + k;
            let (moments, percentiles) = (&s.moments[cell], shown.percentiles[cell]);
            let (lo, hi) = moments.ci95();
            let mut row = lead.to_vec();
            row.extend([metric.clone(), String::new(), date.to_string(), moments.n.to_string()]);
            row.extend([moments.mean(), lo, hi].map(num));
            row.extend(percentiles.p.map(num));
            row.push(match (moments.n, percentiles.exact) {
                (0, _) => String::new(),
                (_, true) => "exact".into(),
                (_, false) => "sketch".into(),
            });
            stats.write_record(&row).map_err(csv_error(path))?;
        }
    }
    Ok(())
}

fn method() -> Vec<String> {
    vec![
        "mean: Welford, merged block by block in block order; 95% CI by Student's t; NaN (empty in CSV) where a cell has too few runs".into(),
        format!(
            "percentiles (lower rank, floor(q*(n-1))): exact for a cell with at most {EXACT_VALUES} distinct values, and at the horizon up to {EXACT_HORIZON_RUNS} runs per point; otherwise DDSketch, within {}% of the exact value and within the observed [min, max]",
            RELATIVE_ACCURACY * 100.0
        ),
        "seed of run r at point p: SplitMix64 of (master seed, scenario digest, p, r), its top bit dropped (so it is below 2^63); a comparison pairs variants by using point 0's seeds for all; `statecraft run SCENARIO --seed SEED` (with the point's --set) reproduces a run".into(),
        "a category metric: the share of runs in each category, 95% CI by Wilson's score interval; a comparison's differences of shares are paired (the difference of \"the run is in this category\", 1 or 0)".into(),
    ]
}

/// A point's first block: its metrics and their categories.
fn first_block(work: &Work, point: usize) -> Result<Block, WorkError> {
    work.block(Unit { point, block: 0 })
}

/// For each of `names`, its position among `other`.
fn matching(names: &[String], other: &[String]) -> Vec<Option<usize>> {
    names.iter().map(|n| other.iter().position(|o| o == n)).collect()
}

fn outcomes(shown: &Shown) -> Vec<Outcome> {
    let s = shown.stats;
    let last = s.dates.len().saturating_sub(1) * s.names.len();
    s.names
        .iter()
        .enumerate()
        .filter(|(k, _)| s.categories.get(*k).is_none_or(Option::is_none))
        .map(|(k, metric)| {
            let moments: &Moments = &s.moments[last + k];
            let percentiles = shown.percentiles[last + k];
            Outcome {
                metric: metric.clone(),
                n: moments.n,
                mean: moments.mean(),
                ci95: moments.ci95(),
                sd: moments.sd(),
                percentiles: percentiles.p,
                exact: percentiles.exact,
            }
        })
        .collect()
}

fn write_points(plan: &Plan, dir: &Path) -> Result<(), WorkError> {
    let path = dir.join("points.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_error(&path))?;
    let mut header = vec!["point".to_string()];
    header.extend(plan.points[0].values.iter().map(|(k, _)| k.clone()));
    w.write_record(&header).map_err(csv_error(&path))?;
    for point in &plan.points {
        let mut row = vec![point.label.clone()];
        row.extend(point.values.iter().map(|(_, v)| num(*v)));
        w.write_record(&row).map_err(csv_error(&path))?;
    }
    w.flush().map_err(io(&path))
}

/// Paired differences at the horizon: each variant's run minus the first variant's run with
/// the same seed, metric by metric (metrics matched by name), a block at a time. A category
/// metric has one difference per category of the baseline's: of "the run is in it", 1 or 0, so
/// its mean is the difference of the shares.
fn differences(plan: &Plan, work: &Work, names: &[String]) -> Result<Vec<Difference>, WorkError> {
    let categories = first_block(work, 0)?.categories;
    let slots = |k: usize| categories[k].as_ref().map_or(1, Vec::len);
    let mut moments: Vec<Vec<Vec<Moments>>> = (0..plan.points.len())
        .map(|_| (0..names.len()).map(|k| vec![Moments::default(); slots(k)]).collect())
        .collect();
    let indicator = |is: bool| f64::from(u8::from(is));
    fn name(list: Option<&Vec<String>>, x: f64) -> Option<&str> {
        if x.is_nan() { None } else { list.and_then(|l| l.get(x as usize)).map(String::as_str) }
    }
    for block in 0..plan.blocks() {
        let baseline = work.block(Unit { point: 0, block })?;
        for (p, moments) in moments.iter_mut().enumerate().skip(1) {
            let variant = work.block(Unit { point: p, block })?;
            let index = matching(names, &variant.names);
            for ((_, _, base), (_, _, values)) in baseline.horizon.iter().zip(&variant.horizon) {
                for (k, slots) in moments.iter_mut().enumerate() {
                    let v = index[k].and_then(|i| values.get(i)).copied().unwrap_or(f64::NAN);
                    let Some(list) = &categories[k] else {
                        slots[0].push(v - base[k]);
                        continue;
                    };
                    let own = index[k].and_then(|i| variant.categories.get(i)).and_then(Option::as_ref);
                    let (b, v) = (name(Some(list), base[k]), name(own, v));
                    for (category, slot) in list.iter().zip(slots.iter_mut()) {
                        match (b, v) {
                            (Some(b), Some(v)) => slot.push(indicator(v == category) - indicator(b == category)),
                            _ => slot.push(f64::NAN),
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (p, point) in plan.points.iter().enumerate().skip(1) {
        for (k, slots) in moments[p].iter().enumerate() {
            for (c, m) in slots.iter().enumerate() {
                let (mean, sd) = (m.mean(), m.sd());
                let category = categories[k].as_ref().map(|list| list[c].clone());
                let effect_size = match category {
                    Some(_) => f64::NAN,
                    None if mean == 0.0 && sd == 0.0 => 0.0,
                    None => mean / sd,
                };
                out.push(Difference {
                    variant: point.label.clone(),
                    baseline: plan.points[0].label.clone(),
                    metric: names[k].clone(),
                    category,
                    n: m.n,
                    mean,
                    ci95: m.ci95(),
                    sd,
                    effect_size,
                });
            }
        }
    }
    Ok(out)
}

/// Variants by the mean of `metric` at the horizon, highest first; a variant without it last.
fn ranking(points: &[PointSummary], metric: &str) -> Vec<(String, f64)> {
    let mut ranked: Vec<(String, f64)> = points
        .iter()
        .map(|p| (p.label.clone(), p.horizon.iter().find(|o| o.metric == metric).map_or(f64::NAN, |o| o.mean)))
        .collect();
    ranked.sort_by(|a, b| a.1.is_nan().cmp(&b.1.is_nan()).then(b.1.total_cmp(&a.1)));
    ranked
}

fn write_differences(differences: &[Difference], dir: &Path) -> Result<(), WorkError> {
    let path = dir.join("differences.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_error(&path))?;
    let header =
        ["variant", "baseline", "metric", "category", "n", "mean_difference", "ci_low", "ci_high", "sd", "effect_size"];
    w.write_record(header).map_err(csv_error(&path))?;
    for d in differences {
        let category = d.category.clone().unwrap_or_default();
        let mut row = vec![d.variant.clone(), d.baseline.clone(), d.metric.clone(), category, d.n.to_string()];
        row.extend([d.mean, d.ci95.0, d.ci95.1, d.sd, d.effect_size].map(num));
        w.write_record(&row).map_err(csv_error(&path))?;
    }
    w.flush().map_err(io(&path))
}
