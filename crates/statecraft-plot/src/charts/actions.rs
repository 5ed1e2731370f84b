//! Who did what: one row per actor, one bar per stretch of months with the same move. A move
//! has one colour wherever it appears: hostile and cooperative moves (as the simulator counts
//! them toward tension) in their own colours, other moves by what they do to their lever (up,
//! down, or another choice), "hold" pale; its name is written on the bar where the bar is wide
//! enough. The report's timeline lists every move.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::RunData;
use crate::MoveStance;
use crate::axis::Axis;
use crate::data::month_index;
use crate::figure::{
    Entry, Figure, Frame, INK, Panel, SIZE, Swatch, err, key_height, text_style, text_width, with_key,
};

/// The kinds of move, each with its legend, fill and the ink that reads on it.
const KINDS: [(&str, RGBColor, RGBColor); 6] = [
    ("hostile move", RGBColor(213, 94, 0), WHITE),
    ("cooperative move", RGBColor(0, 158, 115), WHITE),
    ("raises, expands, advances", RGBColor(0, 114, 178), WHITE),
    ("cuts, lowers, eases", RGBColor(86, 180, 233), INK),
    ("another choice", RGBColor(204, 121, 167), INK),
    ("hold", RGBColor(232, 232, 232), INK),
];
const ROW: u32 = 34;
const NAME: u32 = 13;

/// Which of [`KINDS`] a move is. Moves neutral to tension are read from their names' verbs.
fn kind(d: &RunData, action: &str) -> usize {
    const UP: [&str; 8] = ["expand", "raise", "advance", "next", "step_up", "tighten", "crack_down", "effort_high"];
    const DOWN: [&str; 6] = ["cut", "lower", "relax", "ease", "lift", "effort_low"];
    if action == "hold" {
        return 5;
    }
    match d.meta.moves.iter().find(|(name, _)| name == action).map_or(MoveStance::Neutral, |m| m.1) {
        MoveStance::Hostile => 0,
        MoveStance::Cooperative => 1,
        MoveStance::Neutral if UP.iter().any(|v| action.starts_with(v)) => 2,
        MoveStance::Neutral if DOWN.iter().any(|v| action.starts_with(v)) => 3,
        MoveStance::Neutral => 4,
    }
}

pub struct Actions<'a>(pub &'a RunData);

/// The actors (in order of appearance), and every (month, actor row, move).
pub fn moves(d: &RunData) -> (Vec<String>, Vec<(f64, usize, String)>) {
    let mut actors: Vec<String> = Vec::new();
    let mut cells = Vec::new();
    for ((date, actor), action) in
        d.actions.text("date").iter().zip(d.actions.text("actor")).zip(d.actions.text("action"))
    {
        let row = match actors.iter().position(|a| a == actor) {
            Some(i) => i,
            None => {
                actors.push(actor.to_string());
                actors.len() - 1
            }
        };
        if let Some(m) = month_index(date) {
            cells.push((f64::from(m), row, action.to_string()));
        }
    }
    (actors, cells)
}

/// Each row's stretches of consecutive months with the same move: (row, first, last, move).
pub fn stretches(cells: &[(f64, usize, String)]) -> Vec<(usize, f64, f64, String)> {
    let mut sorted: Vec<&(f64, usize, String)> = cells.iter().collect();
    sorted.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.total_cmp(&b.0)));
    let mut out: Vec<(usize, f64, f64, String)> = Vec::new();
    for (m, row, action) in sorted {
        match out.last_mut() {
            Some(last) if last.0 == *row && last.3 == *action && last.2 + 1.0 == *m => last.2 = *m,
            _ => out.push((*row, *m, *m, action.clone())),
        }
    }
    out
}

impl Figure for Actions<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = moves(self.0).0.len().max(1) as u32;
        (SIZE.0, (116 + ROW * rows).max(700) + key_height(&self.0.events, SIZE.0))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let d = self.0;
        let (actors, cells) = moves(d);
        let n = actors.len();
        let legend =
            KINDS.iter().map(|(name, c, _)| Entry { name: name.to_string(), swatch: Swatch::Fill(*c) }).collect();
        let panel = Panel {
            title: "Who did what, month by month".into(),
            y_title: "actor".into(),
            axis: Axis::levels(&actors.iter().rev().map(|a| d.name(a)).collect::<Vec<_>>()),
            legend,
            note: None,
        };
        let area = with_key(root, &d.events)?;
        let mut chart = panel.draw(&area, &Frame::fit(&[&panel]), &d.months, &d.events)?;
        let x0 = d.months.first().copied().unwrap_or(0.0);
        let month_px = f64::from(chart.backend_coord(&(x0 + 1.0, 0.0)).0 - chart.backend_coord(&(x0, 0.0)).0);
        // A pixel's gap between bars, whatever the span.
        let gap = 0.5 / month_px.max(1.0);
        let runs = stretches(&cells);
        chart
            .draw_series(runs.iter().map(|(row, first, last, action)| {
                let y = (n - 1 - row) as f64;
                let fill = KINDS[kind(d, action)].1;
                Rectangle::new([(first - 0.5 + gap, y - 0.38), (last + 0.5 - gap, y + 0.38)], fill.filled())
            }))
            .map_err(err)?;
        let labels = runs.iter().filter(|r| r.3 != "hold").filter_map(|(row, first, last, action)| {
            let name = d.move_name(action);
            let room = (last - first + 1.0) * month_px;
            (f64::from(text_width(&name, NAME) + 8) <= room).then(|| {
                let y = (n - 1 - row) as f64;
                let ink = KINDS[kind(d, action)].2;
                Text::new(name, ((first + last) / 2.0, y), text_style(NAME, ink, (HPos::Center, VPos::Center)))
            })
        });
        chart.draw_series(labels).map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_months_with_one_move_make_one_bar() {
        let cells: Vec<(f64, usize, String)> =
            [(0.0, 0, "a"), (1.0, 0, "a"), (2.0, 0, "b"), (0.0, 1, "a"), (3.0, 0, "b")]
                .into_iter()
                .map(|(m, r, a)| (m, r, a.to_string()))
                .collect();
        let runs = stretches(&cells);
        assert_eq!(
            runs,
            vec![(0, 0.0, 1.0, "a".to_string()), (0, 2.0, 3.0, "b".to_string()), (1, 0.0, 0.0, "a".to_string())]
        );
    }
}
