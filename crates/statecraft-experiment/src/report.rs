//! The results of a finished experiment, written into a directory: `stats.csv` (per point,
//! metric and month: mean, 95% CI, percentiles), `horizon.csv` (every run's outcomes in the last
//! month), `summary.ron` (the distribution of outcomes at the horizon, and for a comparison the
//! paired differences, effect sizes and ranking), `points.csv` for a sweep, and `charts/`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use crate::engine::{PointStats, horizon_rows, summarize};
use crate::moments::Moments;
use crate::plan::{Kind, Plan};
use crate::sketch::{RELATIVE_ACCURACY, Sketch};
use crate::work::{Work, WorkError};

/// Up to this many runs per point, quantiles at the horizon are exact; beyond, they come from
/// the sketch (so memory stays bounded).
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
    /// Every metric in the last month.
    pub horizon: Vec<Outcome>,
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
    pub exact: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    pub variant: String,
    pub baseline: String,
    pub metric: String,
    pub n: u64,
    pub mean: f64,
    pub ci95: (f64, f64),
    pub sd: f64,
    /// Cohen's d for paired samples: the mean difference over the standard deviation of the
    /// differences (0 when they do not vary).
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

/// Write every output of a finished plan into `dir`.
pub fn write(plan: &Plan, work: &Work, dir: &Path, ranked_by: &str) -> Result<Summary, WorkError> {
    let params: Vec<String> =
        plan.points.first().map(|p| p.values.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
    let stats_path = dir.join("stats.csv");
    let mut stats = csv::Writer::from_writer(BufWriter::new(File::create(&stats_path).map_err(io(&stats_path))?));
    let mut header = vec!["point".to_string()];
    header.extend(params.iter().cloned());
    header.extend(
        ["metric", "date", "n", "mean", "ci_low", "ci_high", "p5", "p25", "p50", "p75", "p95"].map(String::from),
    );
    stats.write_record(&header).map_err(csv_error(&stats_path))?;
    let horizon_path = dir.join("horizon.csv");
    let mut horizon = csv::Writer::from_writer(BufWriter::new(File::create(&horizon_path).map_err(io(&horizon_path))?));
    let mut points = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (p, point) in plan.points.iter().enumerate() {
        let s = summarize(plan, work, p)?;
        let lead: Vec<String> =
            std::iter::once(point.label.clone()).chain(point.values.iter().map(|(_, v)| num(*v))).collect();
        for (m, date) in s.dates.iter().enumerate() {
            for (k, metric) in s.names.iter().enumerate() {
                let cell = m * s.names.len() + k;
                let (moments, sketch) = (&s.moments[cell], &s.sketches[cell]);
                let (lo, hi) = moments.ci95();
                let mut row = lead.clone();
                row.extend([
                    metric.clone(),
                    date.to_string(),
                    moments.n.to_string(),
                    num(moments.mean),
                    num(lo),
                    num(hi),
                ]);
                row.extend(PERCENTILES.map(|q| num(sketch.quantile(q))));
                stats.write_record(&row).map_err(csv_error(&stats_path))?;
            }
        }
        if p == 0 {
            let mut header = vec!["point".to_string(), "replicate".into(), "seed".into()];
            header.extend(s.names.iter().cloned());
            horizon.write_record(&header).map_err(csv_error(&horizon_path))?;
            names = s.names.clone();
        }
        let exact = plan.runs <= EXACT_HORIZON_RUNS;
        let mut columns: Vec<Vec<f64>> = vec![Vec::new(); if exact { s.names.len() } else { 0 }];
        horizon_rows(plan, work, p, |replicate, seed, values| {
            let mut row = vec![point.label.clone(), replicate.to_string(), seed.to_string()];
            row.extend(values.iter().map(|v| num(*v)));
            for (column, &v) in columns.iter_mut().zip(values) {
                if !v.is_nan() {
                    column.push(v);
                }
            }
            horizon.write_record(&row).map_err(csv_error(&horizon_path))
        })?;
        if plan.kind == Kind::Ensemble {
            crate::charts::fans(&s, &point.label, dir)?;
        }
        points.push(PointSummary {
            label: point.label.clone(),
            values: point.values.clone(),
            horizon: outcomes(&s, columns),
        });
    }
    stats.flush().map_err(io(&stats_path))?;
    horizon.flush().map_err(io(&horizon_path))?;
    if plan.kind == Kind::Sweep {
        write_points(plan, dir)?;
        crate::charts::sweep(&points, dir)?;
    }
    let (differences, ranking) = if plan.kind == Kind::Compare {
        (differences(plan, work, &names)?, ranking(&points, ranked_by))
    } else {
        (Vec::new(), Vec::new())
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
        method: vec![
            "mean: Welford, merged block by block in block order; 95% CI by Student's t".into(),
            format!(
                "percentiles per month: DDSketch, within {}% of the exact value; at the horizon exact up to {} runs per point",
                RELATIVE_ACCURACY * 100.0,
                EXACT_HORIZON_RUNS
            ),
            "seed of run r at point p: SplitMix64 of (master seed, scenario digest, p, r); a comparison pairs variants by using point 0's seeds for all".into(),
        ],
        points,
        differences,
        ranked_by: (plan.kind == Kind::Compare).then(|| ranked_by.to_string()),
        ranking,
    };
    let path = dir.join("summary.ron");
    std::fs::write(&path, statecraft_scenario::to_ron(&summary)).map_err(io(&path))?;
    Ok(summary)
}

fn outcomes(s: &PointStats, exact: Vec<Vec<f64>>) -> Vec<Outcome> {
    let last = s.dates.len().saturating_sub(1);
    s.names
        .iter()
        .enumerate()
        .map(|(k, metric)| {
            let cell = last * s.names.len() + k;
            let moments: &Moments = &s.moments[cell];
            let sketch: &Sketch = &s.sketches[cell];
            let percentiles = match exact.get(k) {
                Some(column) if !column.is_empty() => {
                    let mut sorted = column.clone();
                    sorted.sort_by(f64::total_cmp);
                    PERCENTILES.map(|q| sorted[libm::floor(q * (sorted.len() - 1) as f64) as usize])
                }
                _ => PERCENTILES.map(|q| sketch.quantile(q)),
            };
            Outcome {
                metric: metric.clone(),
                n: moments.n,
                mean: moments.mean,
                ci95: moments.ci95(),
                sd: moments.sd(),
                percentiles,
                exact: !exact.is_empty(),
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
/// the same seed, metric by metric (metrics matched by name).
fn differences(plan: &Plan, work: &Work, names: &[String]) -> Result<Vec<Difference>, WorkError> {
    let mut baseline: Vec<Vec<f64>> = Vec::new();
    horizon_rows(plan, work, 0, |_, _, values| {
        baseline.push(values.to_vec());
        Ok(())
    })?;
    let mut out = Vec::new();
    for (p, point) in plan.points.iter().enumerate().skip(1) {
        let variant_names = metric_names(work, p)?;
        let index: Vec<Option<usize>> = names.iter().map(|n| variant_names.iter().position(|v| v == n)).collect();
        let mut moments = vec![Moments::default(); names.len()];
        let mut r = 0;
        horizon_rows(plan, work, p, |_, _, values| {
            for (k, m) in moments.iter_mut().enumerate() {
                let v = index[k].map_or(f64::NAN, |i| values[i]);
                m.push(v - baseline[r][k]);
            }
            r += 1;
            Ok(())
        })?;
        for (k, m) in moments.iter().enumerate() {
            let sd = m.sd();
            out.push(Difference {
                variant: point.label.clone(),
                baseline: plan.points[0].label.clone(),
                metric: names[k].clone(),
                n: m.n,
                mean: m.mean,
                ci95: m.ci95(),
                sd,
                effect_size: if sd > 0.0 { m.mean / sd } else { 0.0 },
            });
        }
    }
    Ok(out)
}

fn metric_names(work: &Work, point: usize) -> Result<Vec<String>, WorkError> {
    Ok(work.block(crate::plan::Unit { point, block: 0 })?.names)
}

fn ranking(points: &[PointSummary], metric: &str) -> Vec<(String, f64)> {
    let mut ranked: Vec<(String, f64)> = points
        .iter()
        .map(|p| (p.label.clone(), p.horizon.iter().find(|o| o.metric == metric).map_or(f64::NAN, |o| o.mean)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked
}

fn write_differences(differences: &[Difference], dir: &Path) -> Result<(), WorkError> {
    let path = dir.join("differences.csv");
    let mut w = csv::Writer::from_path(&path).map_err(csv_error(&path))?;
    w.write_record(["variant", "baseline", "metric", "n", "mean_difference", "ci_low", "ci_high", "sd", "effect_size"])
        .map_err(csv_error(&path))?;
    for d in differences {
        w.write_record([
            d.variant.clone(),
            d.baseline.clone(),
            d.metric.clone(),
            d.n.to_string(),
            num(d.mean),
            num(d.ci95.0),
            num(d.ci95.1),
            num(d.sd),
            num(d.effect_size),
        ])
        .map_err(csv_error(&path))?;
    }
    let mut inner = w.into_inner().map_err(|e| WorkError::Io {
        what: "write",
        path: path.clone(),
        error: std::io::Error::other(e.to_string()),
    })?;
    inner.flush().map_err(io(&path))
}
