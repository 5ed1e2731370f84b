//! Who did what: one row per actor, one cell per month, coloured by the move made ("hold" is
//! pale, so the months where something happened stand out).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RunData;
use crate::data::month_index;
use crate::figure::{err, month_range};
use crate::fonts::SANS;

/// Twelve distinguishable colours for moves (Okabe–Ito and Tol's muted scheme).
const MOVES: [RGBColor; 12] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(136, 34, 85),
    RGBColor(68, 170, 153),
    RGBColor(153, 153, 51),
    RGBColor(51, 34, 136),
    RGBColor(170, 68, 153),
    RGBColor(0, 0, 0),
];
const HOLD: RGBColor = RGBColor(228, 228, 228);

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

/// Each actor's moves (other than "hold") in order of first use, with their colours: colours
/// are unique within an actor's row, which is where a reader compares them.
pub fn palette(actors: usize, cells: &[(f64, usize, String)]) -> Vec<Vec<(String, RGBColor)>> {
    let mut out: Vec<Vec<(String, RGBColor)>> = vec![Vec::new(); actors];
    for (_, row, a) in cells {
        let used = &mut out[*row];
        if a != "hold" && !used.iter().any(|(n, _)| n == a) {
            let c = MOVES[used.len() % MOVES.len()];
            used.push((a.clone(), c));
        }
    }
    out
}

/// Legend lines: each actor's moves, wrapped to `width` pixels (about 9 pixels a character).
fn legend_lines(
    actors: &[String],
    colors: &[Vec<(String, RGBColor)>],
    width: i32,
) -> Vec<Vec<(String, Option<RGBColor>)>> {
    let mut lines = Vec::new();
    for (actor, used) in actors.iter().zip(colors) {
        if used.is_empty() {
            continue;
        }
        let mut line: Vec<(String, Option<RGBColor>)> = vec![(format!("{actor}:"), None)];
        let mut x = 150;
        for (name, c) in used {
            let w = 40 + 9 * name.chars().count() as i32;
            if x + w > width {
                lines.push(std::mem::take(&mut line));
                line.push((String::new(), None));
                x = 150;
            }
            line.push((name.replace('_', " "), Some(*c)));
            x += w;
        }
        lines.push(line);
    }
    lines
}

impl Actions<'_> {
    pub fn height(&self) -> u32 {
        let (actors, cells) = moves(self.0);
        let lines = legend_lines(&actors, &palette(actors.len(), &cells), 1400).len() as u32;
        (170 + 34 * actors.len() as u32 + 26 * lines).max(500)
    }
}

impl crate::figure::Figure for Actions<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (actors, cells) = moves(self.0);
        let colors = palette(actors.len(), &cells);
        let (w, h) = root.dim_in_pixel();
        let lines = legend_lines(&actors, &colors, w as i32);
        let (top, bottom) = root.split_vertically(h - 30 - 26 * lines.len() as u32);
        let n = actors.len().max(1) as f64;
        let xr = month_range(&self.0.months);
        let xr = xr.start - 0.5..xr.end + 0.5;
        let rows = actors.clone();
        let mut chart = ChartBuilder::on(&top)
            .caption("Who did what, month by month", (SANS, 26))
            .margin(14)
            .margin_right(40)
            .x_label_area_size(44)
            .y_label_area_size(140)
            .build_cartesian_2d(xr.clone(), -0.5..n - 0.5)
            .map_err(err)?;
        let months = xr.end - xr.start;
        let step = [1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 60.0].into_iter().find(|s| months / s <= 12.0).unwrap_or(120.0);
        let format_x = |x: &f64| {
            let m = x.round();
            if (x - m).abs() < 1e-6 && (m as i32).rem_euclid(step as i32) == 0 {
                crate::data::month_label(m as i32)
            } else {
                String::new()
            }
        };
        let format_y = |y: &f64| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 {
                rows.get(rows.len() - 1 - i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels((months as usize + 1).min(240))
            .x_label_formatter(&format_x)
            .y_labels(actors.len().max(1))
            .y_label_formatter(&format_y)
            .x_desc("month")
            .label_style((SANS, 16))
            .axis_desc_style((SANS, 20))
            .draw()
            .map_err(err)?;
        let color_of = |row: usize, a: &str| colors[row].iter().find(|(n, _)| n == a).map_or(HOLD, |(_, c)| *c);
        chart
            .draw_series(cells.iter().map(|(x, row, a)| {
                let y = (actors.len() - 1 - row) as f64;
                Rectangle::new([(x - 0.45, y - 0.4), (x + 0.45, y + 0.4)], color_of(*row, a).filled())
            }))
            .map_err(err)?;
        bottom.draw(&Text::new("pale grey: hold", (30, 4), (SANS, 16))).map_err(err)?;
        for (i, line) in lines.iter().enumerate() {
            let y = 30 + 26 * i as i32;
            let mut x = 30;
            for (text, c) in line {
                match c {
                    None => {
                        bottom.draw(&Text::new(text.clone(), (x, y), (SANS, 16))).map_err(err)?;
                        x = 150;
                    }
                    Some(c) => {
                        bottom.draw(&Rectangle::new([(x, y), (x + 18, y + 18)], c.filled())).map_err(err)?;
                        bottom.draw(&Text::new(text.clone(), (x + 24, y), (SANS, 16))).map_err(err)?;
                        x += 40 + 9 * text.chars().count() as i32;
                    }
                }
            }
        }
        Ok(())
    }
}
