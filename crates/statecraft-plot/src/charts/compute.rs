//! Compute stocks in H100-equivalents: the US against China, and China's stock by how the chips
//! arrived (licensed imports, domestic chips, the grey market), stacked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::data::span;
use crate::figure::{Figure, Line, draw_lines, err, legend, mark_events_labelled, month_chart};

pub struct Compute<'a>(pub &'a RunData);

impl Figure for Compute<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let millions = |c: &str| d.series.numbers(c).iter().map(|x| x / 1e6).collect::<Vec<f64>>();
        let (left, right) = root.split_horizontally(root.dim_in_pixel().0 / 2);
        let lines = [
            Line { name: "United States".into(), values: millions("us_compute_h100e"), color: RGBColor(0, 114, 178) },
            Line { name: "China".into(), values: millions("china_compute_h100e"), color: RGBColor(213, 94, 0) },
        ];
        let (lo, hi) = span(lines.iter().flat_map(|l| l.values.iter().copied()), true);
        let mut chart =
            month_chart(&left, "Compute stocks: US and China", "million H100-equivalents", &d.months, lo..hi, &|y| {
                format!("{y:.1}")
            })?;
        draw_lines(&mut chart, &d.months, &lines)?;
        mark_events_labelled(&mut chart, &d.events, lo..hi, false)?;

        let sources = [
            ("licensed imports", millions("china_legal_h100e"), RGBColor(0, 114, 178)),
            ("domestic chips", millions("china_domestic_h100e"), RGBColor(0, 158, 115)),
            ("grey market", millions("china_grey_h100e"), RGBColor(120, 120, 120)),
        ];
        let n = d.months.len();
        let mut stacked = vec![vec![0.0; n]; sources.len()];
        for (k, (_, values, _)) in sources.iter().enumerate() {
            for t in 0..n {
                let below = if k == 0 { 0.0 } else { stacked[k - 1][t] };
                stacked[k][t] = below + values[t].max(0.0);
            }
        }
        let (lo, hi) = span(stacked.last().into_iter().flatten().copied(), true);
        let mut chart = month_chart(
            &right,
            "China's compute by source (stacked)",
            "million H100-equivalents",
            &d.months,
            lo..hi,
            &|y| format!("{y:.2}"),
        )?;
        for k in (0..sources.len()).rev() {
            let (name, _, c) = &sources[k];
            let c = *c;
            let points: Vec<(f64, f64)> = d.months.iter().copied().zip(stacked[k].iter().copied()).collect();
            chart
                .draw_series(AreaSeries::new(points, 0.0, c.mix(0.55)).border_style(c.stroke_width(2)))
                .map_err(err)?
                .label(*name)
                .legend(move |(x, y)| Rectangle::new([(x, y - 7), (x + 24, y + 7)], c.mix(0.55).filled()));
        }
        legend(&mut chart)
    }
}
