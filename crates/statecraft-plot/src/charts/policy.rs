//! The policy timeline: Washington's export ceiling and revenue share, Beijing's stance, and
//! each bill's stage in Congress, with scripted events marked on every panel.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::data::span;
use crate::figure::{Figure, Line, color, draw_lines, err, legend_at, mark_events_labelled, month_chart_with};

pub const STANCES: [&str; 4] = ["blocking", "restrictive", "conditional", "open"];
pub const STAGES: [&str; 7] = ["dead", "vetoed", "introduced", "committee", "passed_origin", "passed_both", "enacted"];

pub struct Policy<'a>(pub &'a RunData);

/// A level series as steps: the value holds until the next month.
fn steps(xs: &[f64], ys: &[f64]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
        if !y.is_finite() {
            continue;
        }
        out.push((x, y));
        if let Some(&next) = xs.get(i + 1) {
            out.push((next, y));
        }
    }
    out
}

/// A panel whose y-axis is a list of named levels.
fn levels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
    title: &str,
    y_desc: &str,
    names: &[String],
    series: &[(String, Vec<f64>)],
    labelled: bool,
) -> Result<(), String> {
    let n = names.len().max(1) as f64;
    let label = |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 {
            names.get(i as usize).map(|n| n.replace('_', " ")).unwrap_or_default()
        } else {
            String::new()
        }
    };
    let mut chart = month_chart_with(area, title, y_desc, &d.months, -0.5..n - 0.5, &label, 190)?;
    for (k, (name, values)) in series.iter().enumerate() {
        // Several series on one set of levels are nudged apart so that none hides another.
        let nudge = if series.len() > 1 { (k as f64 - (series.len() - 1) as f64 / 2.0) * 0.08 } else { 0.0 };
        let c = color(k);
        let points: Vec<(f64, f64)> = steps(&d.months, values).into_iter().map(|(x, y)| (x, y + nudge)).collect();
        let single = points.len() == 1;
        chart
            .draw_series(LineSeries::new(points.clone(), c.stroke_width(4)))
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], c.stroke_width(4)));
        if single {
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 6, c.filled()))).map_err(err)?;
        }
    }
    mark_events_labelled(&mut chart, &d.events, -0.5..n - 0.5, labelled)?;
    if series.len() > 1 {
        // The lowest levels (closed, dead, vetoed) are the emptiest corner.
        legend_at(&mut chart, SeriesLabelPosition::LowerRight)?;
    }
    Ok(())
}

fn codes(texts: &[&str], names: &[String]) -> Vec<f64> {
    texts.iter().map(|t| names.iter().position(|n| n == t).map_or(f64::NAN, |i| i as f64)).collect()
}

impl Figure for Policy<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let panels = root.split_evenly((4, 1));
        let mut rungs = d.meta.ceilings.clone();
        for t in d.series.text("export_ceiling").into_iter().chain(d.series.text("licensed_ceiling")) {
            if !t.is_empty() && !rungs.iter().any(|r| r == t) {
                rungs.push(t.to_string());
            }
        }
        levels(
            &panels[0],
            d,
            "US export ceiling: the most capable chip class allowed to China",
            "chip class",
            &rungs,
            &[
                ("export ceiling".into(), codes(&d.series.text("export_ceiling"), &rungs)),
                ("licences actually issued".into(), codes(&d.series.text("licensed_ceiling"), &rungs)),
            ],
            true,
        )?;
        let share: Vec<f64> = d.series.numbers("revenue_share").iter().map(|s| s * 100.0).collect();
        let (lo, hi) = span(share.iter().copied(), true);
        let mut chart = month_chart_with(
            &panels[1],
            "Revenue share paid to the US Treasury",
            "% of China revenue",
            &d.months,
            lo..hi,
            &|y| format!("{y:.0}%"),
            190,
        )?;
        draw_lines(&mut chart, &d.months, &[Line { name: "revenue share".into(), values: share, color: color(0) }])?;
        mark_events_labelled(&mut chart, &d.events, lo..hi, false)?;
        let stances: Vec<String> = STANCES.iter().map(|s| s.to_string()).collect();
        levels(
            &panels[2],
            d,
            "Beijing's stance on imports of US AI chips",
            "stance",
            &stances,
            &[("Beijing".into(), codes(&d.series.text("beijing_stance"), &stances))],
            false,
        )?;
        let stages: Vec<String> = STAGES.iter().map(|s| s.to_string()).collect();
        let bills: Vec<(String, Vec<f64>)> = d
            .series
            .by_actor("bill_")
            .into_iter()
            .map(|b| {
                let values = codes(&d.series.text(&format!("bill_{b}")), &stages);
                (b, values)
            })
            .collect();
        levels(&panels[3], d, "Bills in Congress, by stage", "stage", &stages, &bills, false)
    }
}
