//! The charts of an experiment, drawn with `statecraft-plot`: fan charts of an ensemble, a line
//! with a band (one swept parameter), a heatmap (a grid of two) or scatters (a Latin
//! hypercube's points, by pairs of parameters), and a comparison's differences.

use std::path::Path;

use statecraft_plot::bands::{Fan, Heatmap, Intervals, Scatter, Sweep1, month_positions};
use statecraft_plot::figure::SIZE;

use crate::report::{Difference, PointSummary, Shown};
use crate::work::WorkError;

/// The outcomes every experiment charts: (metric, what it is, unit).
pub const KEY: [(&str, &str, &str); 5] = [
    ("tension", "Tension between Washington and Beijing", "tension (0-1)"),
    ("china_share_of_compute", "China's share of US + China compute", "share (0-1)"),
    ("china_domestic_share", "Domestic chips' share of China's compute", "share (0-1)"),
    ("capability_gap_months", "Capability gap", "months behind the US frontier"),
    ("share_paid_cum_usd_bn", "Revenue share paid to the US, cumulative", "$bn"),
];

fn save(dir: &Path, stem: &str, rendered: statecraft_plot::figure::Rendered) -> Result<(), WorkError> {
    let charts = dir.join("charts");
    let io = |path: std::path::PathBuf| move |error| WorkError::Io { what: "write", path, error };
    std::fs::create_dir_all(&charts).map_err(io(charts.clone()))?;
    std::fs::write(charts.join(format!("{stem}.png")), rendered.png).map_err(io(charts.join(format!("{stem}.png"))))?;
    std::fs::write(charts.join(format!("{stem}.svg")), rendered.svg).map_err(io(charts.join(format!("{stem}.svg"))))
}

fn drawn(e: statecraft_plot::PlotError) -> WorkError {
    WorkError::Damaged { path: "charts".into(), error: e.to_string() }
}

/// Fan charts of the key metrics of one point: median, 25–75th and 5–95th percentiles by month.
pub fn fans(shown: &Shown, label: &str, dir: &Path) -> Result<(), WorkError> {
    let stats = shown.stats;
    let months = month_positions(&stats.dates.iter().map(|d| d.to_string()).collect::<Vec<_>>());
    for (metric, title, unit) in KEY {
        let Some(k) = stats.names.iter().position(|n| n == metric) else { continue };
        let q = |i: usize| -> Vec<f64> {
            (0..stats.dates.len()).map(|m| shown.percentiles[m * stats.names.len() + k].p[i]).collect()
        };
        let runs = stats.moments.iter().skip(k).step_by(stats.names.len()).map(|m| m.n).max().unwrap_or(0);
        let fan = Fan {
            title: format!("{title} — {label}, {runs} runs"),
            y_desc: unit.to_string(),
            months: months.clone(),
            p: [q(0), q(1), q(2), q(3), q(4)],
            accuracy: (0..stats.dates.len())
                .map(|m| match shown.percentiles[m * stats.names.len() + k].exact {
                    true => 0.0,
                    false => crate::sketch::RELATIVE_ACCURACY,
                })
                .collect(),
        };
        save(dir, &format!("fan_{metric}"), statecraft_plot::figure(&fan, SIZE).map_err(drawn)?)?;
    }
    Ok(())
}

/// Whether the points are every combination of their first two parameters' values (a grid, as
/// opposed to a Latin hypercube's scattered points).
fn is_grid(points: &[PointSummary]) -> bool {
    let distinct = |i: usize| {
        let mut v: Vec<f64> = points.iter().map(|p| p.values[i].1).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v.len()
    };
    distinct(0) * distinct(1) == points.len()
}

/// A sweep's key outcomes at the horizon against its parameter(s): a line with its band over
/// one parameter; over two, a heatmap of a grid, or the points of a Latin hypercube shaded by
/// the outcome; over three or more (a Latin hypercube), such a scatter for every pair of them.
pub fn sweep(points: &[PointSummary], dir: &Path) -> Result<(), WorkError> {
    let Some(first) = points.first() else { return Ok(()) };
    let params: Vec<String> = first.values.iter().map(|(k, _)| k.clone()).collect();
    for (metric, title, unit) in KEY {
        let outcome = |p: &PointSummary| p.horizon.iter().find(|o| o.metric == metric).cloned();
        if params.len() == 1 {
            let mut rows: Vec<(f64, f64, f64, f64)> =
                points.iter().filter_map(|p| outcome(p).map(|o| (p.values[0].1, o.mean, o.ci95.0, o.ci95.1))).collect();
            rows.sort_by(|a, b| a.0.total_cmp(&b.0));
            let chart = Sweep1 {
                title: format!("{title} at the horizon (mean, 95% CI)"),
                x_desc: params[0].clone(),
                y_desc: unit.to_string(),
                x: rows.iter().map(|r| r.0).collect(),
                mean: rows.iter().map(|r| r.1).collect(),
                low: rows.iter().map(|r| r.2).collect(),
                high: rows.iter().map(|r| r.3).collect(),
            };
            save(dir, &format!("sweep_{metric}"), statecraft_plot::figure(&chart, SIZE).map_err(drawn)?)?;
            continue;
        }
        for a in 0..params.len() {
            for b in a + 1..params.len() {
                let title = format!("{title} at the horizon (mean, {unit})");
                let (x_desc, y_desc) = (params[a].clone(), params[b].clone());
                let cells =
                    points.iter().filter_map(|p| outcome(p).map(|o| (p.values[a].1, p.values[b].1, o.mean))).collect();
                let (kind, rendered) = if params.len() == 2 && is_grid(points) {
                    ("heatmap", statecraft_plot::figure(&Heatmap { title, x_desc, y_desc, cells }, SIZE))
                } else {
                    ("scatter", statecraft_plot::figure(&Scatter { title, x_desc, y_desc, points: cells }, SIZE))
                };
                let stem = if params.len() == 2 {
                    format!("{kind}_{metric}")
                } else {
                    format!("{kind}_{metric}_{}_{}", slug(&params[a]), slug(&params[b]))
                };
                save(dir, &stem, rendered.map_err(drawn)?)?;
            }
        }
    }
    Ok(())
}

/// A parameter path as part of a file name: `us_admin.share` → `us_admin-share`.
fn slug(path: &str) -> String {
    path.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect()
}

/// A comparison's paired differences against the baseline, with their 95% confidence intervals.
pub fn differences(differences: &[Difference], dir: &Path) -> Result<(), WorkError> {
    for (metric, title, unit) in KEY {
        let rows: Vec<(String, f64, f64, f64)> = differences
            .iter()
            .filter(|d| d.metric == metric)
            .map(|d| (d.variant.clone(), d.mean, d.ci95.0, d.ci95.1))
            .collect();
        let Some(baseline) = differences.first().map(|d| d.baseline.clone()) else { return Ok(()) };
        if rows.is_empty() {
            continue;
        }
        let chart = Intervals {
            title: format!("{title}: difference from {baseline} (mean, 95% CI)"),
            x_desc: format!("difference, {unit}"),
            rows,
        };
        let height = (220 + 60 * differences.iter().filter(|d| d.metric == metric).count() as u32).max(500);
        save(dir, &format!("difference_{metric}"), statecraft_plot::figure(&chart, (SIZE.0, height)).map_err(drawn)?)?;
    }
    Ok(())
}
