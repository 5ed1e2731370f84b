//! The capability gap: how many months each Chinese lab trails the US frontier, and the best
//! of them (China's gap) as a wide pale band beneath the labs, so it shows wherever a lab is
//! the best one.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::axis::Axis;
use crate::figure::{Figure, Frame, Line, Panel, SIZE, color, draw_lines, key_height, with_key};

pub struct Gap<'a>(pub &'a RunData);

impl Figure for Gap<'_> {
    fn size(&self) -> (u32, u32) {
        (SIZE.0, SIZE.1 + key_height(&self.0.events, SIZE.0))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let best = d.num("capability_gap_months").to_vec();
        let mut lines = vec![Line { width: 14, ..Line::new("China's best lab", best, RGBColor(200, 200, 200)) }];
        for (i, lab) in d.series.by_actor("gap_months_").iter().enumerate() {
            lines.push(Line::new(d.name(lab), d.num(&format!("gap_months_{lab}")).to_vec(), color(i)));
        }
        let panel = Panel {
            title: "Capability gap: how far China's labs trail the US frontier".into(),
            y_title: "gap (months behind)".into(),
            axis: Axis::linear(lines.iter().flat_map(|l| l.values.iter().copied()), true, ""),
            legend: lines.iter().map(Line::entry).collect(),
            note: None,
        };
        let area = with_key(root, &d.events)?;
        let mut chart = panel.draw(&area, &Frame::fit(&[&panel]), &d.months, &d.events)?;
        draw_lines(&mut chart, &d.months, &lines)
    }
}
