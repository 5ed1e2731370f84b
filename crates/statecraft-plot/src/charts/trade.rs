//! Licensed trade by firm: chips shipped each month, revenue from China, and the share of it
//! paid to the US Treasury, each in a unit that suits its size.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::axis::{Axis, COUNTS, DOLLARS_BN, unit};
use crate::figure::{Figure, Frame, Line, Panel, SIZE, color, draw_lines, key_height, with_key};

pub struct Trade<'a>(pub &'a RunData);

const PANEL: u32 = 520;

/// A panel of `lines` (already in their unit); `empty` is said when every value is zero.
fn panel(title: &str, y_title: String, lines: &[Line], empty: &str) -> Panel {
    let values = || lines.iter().flat_map(|l| l.values.iter().copied());
    Panel {
        title: title.into(),
        y_title,
        axis: Axis::linear(values(), true, ""),
        legend: if lines.len() > 1 { lines.iter().map(Line::entry).collect() } else { Vec::new() },
        note: values().all(|v| v == 0.0).then(|| empty.into()),
    }
}

impl Figure for Trade<'_> {
    fn size(&self) -> (u32, u32) {
        (SIZE.0, 2 * PANEL + key_height(&self.0.events, SIZE.0))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let vendors = d.series.by_actor("shipments_");
        let column = |prefix: &str, v: &str| d.num(&format!("{prefix}{v}"));
        let chips = unit(vendors.iter().flat_map(|v| column("shipments_", v)).copied(), &COUNTS);
        let shipped: Vec<Line> = vendors
            .iter()
            .enumerate()
            .map(|(i, v)| Line::new(d.name(v), chips.scale(column("shipments_", v)), color(i)))
            .collect();
        let treasury = d.num("share_paid_usd_bn");
        let money =
            unit(vendors.iter().flat_map(|v| column("revenue_usd_bn_", v)).chain(treasury).copied(), &DOLLARS_BN);
        // The Treasury's line is dashed and drawn first: where a firm's revenue runs at the same
        // height (AMD's often does), the firm's line shows through the gaps and over it.
        let mut earned = vec![Line {
            dashed: true,
            ..Line::new("paid to the US Treasury", money.scale(treasury), RGBColor(0, 0, 0))
        }];
        earned.extend(
            vendors
                .iter()
                .enumerate()
                .map(|(i, v)| Line::new(d.name(v), money.scale(column("revenue_usd_bn_", v)), color(i))),
        );

        let top = panel(
            "Licensed AI chips shipped to China, by firm",
            chips.title("chips per month"),
            &shipped,
            "no licensed chips shipped in this run",
        );
        let bottom = panel(
            "Revenue from China, and the revenue share paid to the US Treasury",
            format!("{} per month", money.name),
            &earned,
            "no licensed revenue in this run",
        );
        let frame = Frame::fit(&[&top, &bottom]);
        let area = with_key(root, &d.events)?;
        let (upper, lower) = area.split_vertically(PANEL);
        let mut chart = top.draw(&upper, &frame, &d.months, &d.events)?;
        draw_lines(&mut chart, &d.months, &shipped)?;
        let mut chart = bottom.draw(&lower, &frame, &d.months, &d.events)?;
        draw_lines(&mut chart, &d.months, &earned)
    }
}
