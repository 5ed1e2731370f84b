//! Compute stocks in H100-equivalents: the US against China on a log scale (China's stock is a
//! tenth of the US one, and its growth would be flat on a linear scale), then China's stock by
//! how the chips arrived (licensed imports, domestic chips, the grey market), stacked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::axis::{Axis, COUNTS, log10, unit};
use crate::figure::{Entry, Figure, Frame, Line, Panel, SIZE, Swatch, draw_lines, err, key_height, with_key};

pub struct Compute<'a>(pub &'a RunData);

const PANEL: u32 = 430;

impl Figure for Compute<'_> {
    fn size(&self) -> (u32, u32) {
        (SIZE.0, 2 * PANEL + key_height(&self.0.events, SIZE.0))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let (us, china) = (d.num("us_compute_h100e"), d.num("china_compute_h100e"));
        let log = |values: &[f64]| values.iter().copied().map(log10).collect::<Vec<f64>>();
        let stocks = [
            Line::new("United States", log(us), RGBColor(0, 114, 178)),
            Line::new("China", log(china), RGBColor(213, 94, 0)),
        ];
        let top = Panel {
            title: "Compute stocks: the US and China (log scale)".into(),
            y_title: "H100-equivalents (k thousand, M million, B billion)".into(),
            axis: Axis::log(us.iter().chain(china).copied()),
            legend: stocks.iter().map(Line::entry).collect(),
            note: None,
        };

        let sources = [
            ("licensed imports", d.num("china_legal_h100e"), RGBColor(0, 114, 178)),
            ("domestic chips", d.num("china_domestic_h100e"), RGBColor(0, 158, 115)),
            ("grey market", d.num("china_grey_h100e"), RGBColor(150, 150, 150)),
        ];
        // The top of each layer: the sum of it and every layer under it.
        let mut tops: Vec<Vec<f64>> = Vec::new();
        for (_, values, _) in &sources {
            let below = tops.last().cloned().unwrap_or_else(|| vec![0.0; values.len()]);
            tops.push(below.iter().zip(*values).map(|(b, v)| b + v.max(0.0)).collect());
        }
        let total = tops.last().cloned().unwrap_or_default();
        let v = unit(total.iter().copied(), &COUNTS);
        let bottom = Panel {
            title: "China's compute by source (stacked)".into(),
            y_title: v.title("H100-equivalents"),
            axis: Axis::linear(v.scale(&total), true, ""),
            legend: sources
                .iter()
                .rev()
                .map(|(name, _, c)| Entry { name: name.to_string(), swatch: Swatch::Fill(*c) })
                .collect(),
            note: None,
        };

        let frame = Frame::fit(&[&top, &bottom]);
        let area = with_key(root, &d.events)?;
        let (upper, lower) = area.split_vertically(PANEL);
        let mut chart = top.draw(&upper, &frame, &d.months, &d.events)?;
        draw_lines(&mut chart, &d.months, &stocks)?;

        let mut chart = bottom.draw(&lower, &frame, &d.months, &d.events)?;
        let zero = vec![0.0; total.len()];
        for (k, (_, _, c)) in sources.iter().enumerate() {
            let (under, over) = (v.scale(if k == 0 { &zero } else { &tops[k - 1] }), v.scale(&tops[k]));
            if d.months.len() == 1 {
                let x = d.months[0];
                chart
                    .draw_series([Rectangle::new([(x - 0.3, under[0]), (x + 0.3, over[0])], c.filled())])
                    .map_err(err)?;
                continue;
            }
            let outline: Vec<(f64, f64)> =
                d.months.iter().copied().zip(over).chain(d.months.iter().copied().zip(under).rev()).collect();
            chart.draw_series([Polygon::new(outline, c.filled())]).map_err(err)?;
        }
        Ok(())
    }
}
