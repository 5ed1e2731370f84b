//! The policy timeline: Washington's export ceiling and revenue share, Beijing's stance, and
//! each bill's stage in Congress. Every one is a level that holds for a month, so each is
//! drawn as steps; scripted events are marked on every panel and listed under the chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{RunData, display};
use crate::axis::Axis;
use crate::figure::{Entry, Figure, Frame, Panel, SIZE, STROKE, Swatch, color, draw_steps, key_height, with_key};

pub const STANCES: [&str; 4] = ["blocking", "restrictive", "conditional", "open"];
pub const STAGES: [&str; 8] =
    ["dead", "not_introduced", "vetoed", "introduced", "committee", "passed_origin", "passed_both", "enacted"];

const PANEL: u32 = 330;

pub struct Policy<'a>(pub &'a RunData);

/// Levels as positions on a named axis (NaN where a cell names no level).
fn codes(texts: &[&str], names: &[String]) -> Vec<f64> {
    texts.iter().map(|t| names.iter().position(|n| n == t).map_or(f64::NAN, |i| i as f64)).collect()
}

/// A panel of named levels, and its series with their colours. Several series on one set of
/// levels are nudged apart so that none hides another.
fn levels(title: &str, y_title: &str, names: &[String], series: Vec<(String, Vec<f64>)>) -> (Panel, Vec<Vec<f64>>) {
    let n = series.len();
    let legend = if n > 1 {
        series
            .iter()
            .enumerate()
            .map(|(k, (name, _))| Entry { name: name.clone(), swatch: Swatch::Line(color(k), STROKE) })
            .collect()
    } else {
        Vec::new()
    };
    let shown: Vec<String> = names.iter().map(|s| display(s)).collect();
    let nudged = series
        .into_iter()
        .enumerate()
        .map(|(k, (_, values))| {
            let nudge = (k as f64 - (n as f64 - 1.0) / 2.0) * 0.15;
            values.iter().map(|v| v + nudge).collect()
        })
        .collect();
    let panel = Panel { title: title.into(), y_title: y_title.into(), axis: Axis::levels(&shown), legend, note: None };
    (panel, nudged)
}

impl Figure for Policy<'_> {
    fn size(&self) -> (u32, u32) {
        (SIZE.0, 4 * PANEL + key_height(&self.0.events, SIZE.0))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let s = &d.series;
        let mut rungs = d.meta.ceilings.clone();
        for t in s.text("export_ceiling").into_iter().chain(s.text("licensed_ceiling")) {
            if !t.is_empty() && !rungs.iter().any(|r| r == t) {
                rungs.push(t.to_string());
            }
        }
        let ceiling = levels(
            "US export ceiling: the most capable chip class allowed to China",
            "chip class",
            &rungs,
            vec![
                ("export ceiling".into(), codes(&s.text("export_ceiling"), &rungs)),
                ("licences actually issued".into(), codes(&s.text("licensed_ceiling"), &rungs)),
            ],
        );
        let share: Vec<f64> = d.num("revenue_share").iter().map(|v| v * 100.0).collect();
        let zero = share.iter().all(|v| *v == 0.0);
        let share_panel = Panel {
            title: "Revenue share paid to the US Treasury".into(),
            y_title: "% of China revenue".into(),
            axis: Axis::linear(share.iter().copied(), true, "%"),
            legend: Vec::new(),
            note: zero.then(|| "no revenue share: 0% throughout the run".into()),
        };
        let stances: Vec<String> = STANCES.iter().map(|s| s.to_string()).collect();
        let stance = levels(
            "Beijing's stance on imports of US AI chips",
            "stance",
            &stances,
            vec![("Beijing".into(), codes(&s.text("beijing_stance"), &stances))],
        );
        let stages: Vec<String> = STAGES.iter().map(|s| s.to_string()).collect();
        let bills = s
            .by_actor("bill_")
            .into_iter()
            .map(|b| {
                let values = codes(&s.text(&format!("bill_{b}")), &stages);
                (d.name(&b), values)
            })
            .collect();
        let bills = levels("Bills in Congress, by stage", "stage", &stages, bills);

        let frame = Frame::fit(&[&ceiling.0, &share_panel, &stance.0, &bills.0]);
        let area = with_key(root, &d.events)?;
        let areas = area.split_evenly((4, 1));
        for (area, (panel, series)) in [(&areas[0], &ceiling), (&areas[2], &stance), (&areas[3], &bills)] {
            let mut chart = panel.draw(area, &frame, &d.months, &d.events)?;
            for (k, values) in series.iter().enumerate() {
                draw_steps(&mut chart, &d.months, values, color(k).stroke_width(STROKE))?;
            }
        }
        let mut chart = share_panel.draw(&areas[1], &frame, &d.months, &d.events)?;
        draw_steps(&mut chart, &d.months, &share, color(0).stroke_width(STROKE))?;
        Ok(())
    }
}
