//! Licensed trade by firm: chips shipped each month, revenue from China, and the share of it
//! paid to the US Treasury.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{RunData, si};
use crate::data::span;
use crate::figure::{Figure, Line, color, draw_lines, mark_events_labelled, month_chart};

pub struct Trade<'a>(pub &'a RunData);

impl Figure for Trade<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let vendors = d.series.by_actor("shipments_");
        let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 / 2);
        let shipped: Vec<Line> = vendors
            .iter()
            .enumerate()
            .map(|(i, v)| Line {
                name: v.clone(),
                values: d.series.numbers(&format!("shipments_{v}")),
                color: color(i),
            })
            .collect();
        let (lo, hi) = span(shipped.iter().flat_map(|l| l.values.iter().copied()), true);
        let mut chart = month_chart(
            &top,
            "Licensed AI chips shipped to China, by firm",
            "chips per month",
            &d.months,
            lo..hi,
            &|y| si(*y),
        )?;
        draw_lines(&mut chart, &d.months, &shipped)?;
        mark_events_labelled(&mut chart, &d.events, lo..hi, false)?;

        let mut money: Vec<Line> = vendors
            .iter()
            .enumerate()
            .map(|(i, v)| Line {
                name: format!("{v} revenue"),
                values: d.series.numbers(&format!("revenue_usd_bn_{v}")),
                color: color(i),
            })
            .collect();
        money.push(Line {
            name: "paid to the US Treasury".into(),
            values: d.series.numbers("share_paid_usd_bn"),
            color: RGBColor(0, 0, 0),
        });
        let (lo, hi) = span(money.iter().flat_map(|l| l.values.iter().copied()), true);
        let mut chart = month_chart(
            &bottom,
            "Revenue from China and the revenue share paid to the US",
            "$bn per month",
            &d.months,
            lo..hi,
            &|y| format!("{y:.2}"),
        )?;
        draw_lines(&mut chart, &d.months, &money)?;
        mark_events_labelled(&mut chart, &d.events, lo..hi, false)
    }
}
