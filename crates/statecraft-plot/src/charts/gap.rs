//! The capability gap: how many months China's best lab trails the US frontier, and each lab.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::data::span;
use crate::figure::{Figure, Line, color, draw_lines, mark_events_labelled, month_chart};

pub struct Gap<'a>(pub &'a RunData);

impl Figure for Gap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let mut lines = vec![Line {
            name: "China's best lab".into(),
            values: d.series.numbers("capability_gap_months"),
            color: RGBColor(0, 0, 0),
        }];
        for (i, lab) in d.series.by_actor("gap_months_").iter().enumerate() {
            lines.push(Line {
                name: lab.clone(),
                values: d.series.numbers(&format!("gap_months_{lab}")),
                color: color(i),
            });
        }
        let (lo, hi) = span(lines.iter().flat_map(|l| l.values.iter().copied()), true);
        let mut chart = month_chart(
            root,
            "Capability gap: how far China's labs trail the US frontier",
            "gap (months behind)",
            &d.months,
            lo..hi,
            &|y| format!("{y:.1}"),
        )?;
        draw_lines(&mut chart, &d.months, &lines)?;
        mark_events_labelled(&mut chart, &d.events, lo..hi, false)
    }
}
