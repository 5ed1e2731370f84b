//! Tension between Washington and Beijing, with summits and scripted events marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::axis::Axis;
use crate::figure::{Entry, Figure, Frame, Line, Panel, SIZE, Swatch, draw_lines, err, key_height, with_key};

pub struct Tension<'a>(pub &'a RunData);

const BLUE: RGBColor = RGBColor(0, 114, 178);
const GREEN: RGBColor = RGBColor(0, 158, 115);
const RED: RGBColor = RGBColor(213, 94, 0);

impl Figure for Tension<'_> {
    fn size(&self) -> (u32, u32) {
        (SIZE.0, SIZE.1 + key_height(&self.0.events, SIZE.0))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let tension = Line::new("tension", d.num("tension").to_vec(), BLUE);
        // (month, tension, whether the summit made a deal)
        let summits: Vec<(f64, f64, bool)> = d
            .series
            .text("summit")
            .iter()
            .zip(&d.months)
            .zip(&tension.values)
            .filter(|((s, _), _)| !s.is_empty())
            .map(|((s, &x), &y)| (x, y, *s == "deal"))
            .collect();
        let mut legend = vec![tension.entry()];
        if summits.iter().any(|s| s.2) {
            legend.push(Entry { name: "summit: deal".into(), swatch: Swatch::Triangle(GREEN) });
        }
        if summits.iter().any(|s| !s.2) {
            legend.push(Entry { name: "summit: failed".into(), swatch: Swatch::Cross(RED) });
        }
        let panel = Panel {
            title: "Tension between Washington and Beijing".into(),
            y_title: "tension (0 = calm, 1 = crisis)".into(),
            axis: Axis::linear([0.0, 1.0], false, ""),
            legend: if legend.len() > 1 { legend } else { Vec::new() },
            note: None,
        };
        let area = with_key(root, &d.events)?;
        let mut chart = panel.draw(&area, &Frame::fit(&[&panel]), &d.months, &d.events)?;
        let points = d.months.iter().copied().zip(tension.values.iter().copied());
        chart.draw_series(AreaSeries::new(points, 0.0, BLUE.mix(0.12))).map_err(err)?;
        draw_lines(&mut chart, &d.months, &[tension])?;
        let deals = summits.iter().filter(|s| s.2).map(|&(x, y, _)| TriangleMarker::new((x, y), 12, GREEN.filled()));
        chart.draw_series(deals).map_err(err)?;
        let failures = summits.iter().filter(|s| !s.2).map(|&(x, y, _)| Cross::new((x, y), 10, RED.stroke_width(3)));
        chart.draw_series(failures).map_err(err)?;
        Ok(())
    }
}
