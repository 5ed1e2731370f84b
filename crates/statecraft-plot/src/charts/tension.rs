//! Tension between Washington and Beijing, with summits and scripted events marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::figure::{Figure, err, mark_events, month_chart};
use crate::fonts::SANS;

pub struct Tension<'a>(pub &'a RunData);

impl Figure for Tension<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let tension = d.series.numbers("tension");
        let mut chart = month_chart(
            root,
            "Tension between Washington and Beijing",
            "tension (0 = calm, 1 = crisis)",
            &d.months,
            0.0..1.0,
            &|y| format!("{y:.1}"),
        )?;
        let blue = RGBColor(0, 114, 178);
        let points: Vec<(f64, f64)> =
            d.months.iter().copied().zip(tension.iter().copied()).filter(|(_, y)| y.is_finite()).collect();
        chart
            .draw_series(AreaSeries::new(points.clone(), 0.0, blue.mix(0.12)).border_style(blue.stroke_width(3)))
            .map_err(err)?
            .label("tension")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], blue.stroke_width(3)));
        if points.len() == 1 {
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 6, blue.filled()))).map_err(err)?;
        }
        let summits: Vec<(f64, f64, bool)> = d
            .series
            .text("summit")
            .iter()
            .zip(&d.months)
            .zip(&tension)
            .filter(|((s, _), _)| !s.is_empty())
            .map(|((s, &x), &y)| (x, y, *s == "deal"))
            .collect();
        let (green, red) = (RGBColor(0, 158, 115), RGBColor(213, 94, 0));
        if summits.iter().any(|s| s.2) {
            chart
                .draw_series(
                    summits.iter().filter(|s| s.2).map(|&(x, y, _)| TriangleMarker::new((x, y), 12, green.filled())),
                )
                .map_err(err)?
                .label("summit: deal")
                .legend(move |(x, y)| TriangleMarker::new((x + 12, y), 8, green.filled()));
        }
        if summits.iter().any(|s| !s.2) {
            chart
                .draw_series(
                    summits.iter().filter(|s| !s.2).map(|&(x, y, _)| Cross::new((x, y), 10, red.stroke_width(3))),
                )
                .map_err(err)?
                .label("summit: failed")
                .legend(move |(x, y)| Cross::new((x + 12, y), 6, red.stroke_width(3)));
        }
        mark_events(&mut chart, &d.events, 0.0..1.0)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((SANS, 18))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .draw()
            .map_err(err)
    }
}
