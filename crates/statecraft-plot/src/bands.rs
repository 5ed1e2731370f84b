//! Charts of many runs, for experiments: a fan chart (median with the 25–75 and 5–95 percentile
//! bands over months), a line with a band over one swept parameter, a heatmap over a grid of
//! two or a scatter over scattered points of two, and differences with their confidence
//! intervals.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::axis::Axis;
use crate::data::span;
use crate::figure::{Entry, Figure, Frame, Line, Panel, STROKE, Swatch, draw_lines, err, month_range, text_width};
use crate::fonts::SANS;

const BLUE: RGBColor = RGBColor(0, 114, 178);

/// Percentiles over months: `p[k]` holds the 5th, 25th, 50th, 75th and 95th percentiles.
pub struct Fan {
    pub title: String,
    pub y_desc: String,
    pub months: Vec<f64>,
    pub p: [Vec<f64>; 5],
    /// How far each month's percentiles may lie from the exact ones, as a fraction of their
    /// value: 0 where they are exact, the sketch's relative accuracy where they are sketched.
    pub accuracy: Vec<f64>,
}

/// The smoothest line that keeps within `accuracy[m]·|value|` of each month's value: what is
/// known of a sketched percentile. Months whose percentiles fall in one bucket of the sketch
/// would otherwise draw as flat steps that the runs do not have; exact values (accuracy 0) stay
/// exactly where they are, and no value moves further than the sketch's own accuracy.
/// (Repeatedly moving each value toward its neighbours' mean and back into its bounds converges
/// to the shortest line through the bounds.)
pub fn within_accuracy(values: &[f64], accuracy: &[f64]) -> Vec<f64> {
    let bounds: Vec<(f64, f64)> = values
        .iter()
        .zip(accuracy.iter().chain(std::iter::repeat(&0.0)))
        .map(|(v, a)| (v - a * v.abs(), v + a * v.abs()))
        .collect();
    let mut line = values.to_vec();
    for _ in 0..SMOOTHING_STEPS {
        let before = line.clone();
        for m in 1..line.len().saturating_sub(1) {
            let mean = (before[m - 1] + before[m + 1]) / 2.0;
            if mean.is_finite() && line[m].is_finite() {
                line[m] = mean.clamp(bounds[m].0, bounds[m].1);
            }
        }
    }
    line
}

/// Enough to straighten a plateau of a couple of dozen months.
const SMOOTHING_STEPS: usize = 200;

fn band(xs: &[f64], lo: &[f64], hi: &[f64]) -> Vec<(f64, f64)> {
    xs.iter().copied().zip(hi.iter().copied()).chain(xs.iter().copied().zip(lo.iter().copied()).rev()).collect()
}

/// The runs of consecutive indices where `finite(i)` holds: a band breaks where a
/// month has no value, rather than running off to a NaN.
fn finite_runs(n: usize, finite: impl Fn(usize) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for i in 0..=n {
        match (start, i < n && finite(i)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    runs
}

impl Figure for Fan {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let bands = [(0, 4, 0.15, "5–95th percentile"), (1, 3, 0.3, "25–75th percentile")];
        let fill = |alpha: f64| {
            let t = |c: u8| (255.0 - (255.0 - f64::from(c)) * alpha) as u8;
            RGBColor(t(BLUE.0), t(BLUE.1), t(BLUE.2))
        };
        let mut legend: Vec<Entry> =
            bands.iter().map(|b| Entry { name: b.3.into(), swatch: Swatch::Fill(fill(b.2)) }).collect();
        legend.push(Entry { name: "median".into(), swatch: Swatch::Line(BLUE, STROKE) });
        let widest = self.accuracy.iter().copied().fold(0.0, f64::max);
        if widest > 0.0 {
            let within = format!("sketched: within {}%", 100.0 * widest);
            legend.push(Entry { name: within, swatch: Swatch::Fill(WHITE) });
        }
        // Each percentile within what is known of it, and still in order.
        let mut p = self.p.clone().map(|q| within_accuracy(&q, &self.accuracy));
        for k in 1..p.len() {
            let (below, above) = p.split_at_mut(k);
            for (hi, lo) in above[0].iter_mut().zip(&below[k - 1]) {
                *hi = hi.max(*lo);
            }
        }
        let panel = Panel {
            title: self.title.clone(),
            y_title: self.y_desc.clone(),
            axis: Axis::linear(p.iter().flatten().copied(), false, ""),
            legend,
            note: None,
        };
        let mut chart = panel.draw(root, &Frame::fit(&[&panel]), &self.months, &[])?;
        for (a, b, alpha, _) in bands {
            let runs = finite_runs(self.months.len(), |i| p[a][i].is_finite() && p[b][i].is_finite());
            let polygons = runs
                .into_iter()
                .map(|r| Polygon::new(band(&self.months[r.clone()], &p[a][r.clone()], &p[b][r]), fill(alpha).filled()));
            chart.draw_series(polygons).map_err(err)?;
        }
        draw_lines(&mut chart, &self.months, &[Line::new("median", p[2].clone(), BLUE)])
    }
}

/// A panel with numbers on both axes, labelled, with a light grid.
fn xy_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    (x_desc, y_desc): (&str, &str),
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<crate::figure::Chart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, (SANS, 26))
        .margin(14)
        .margin_right(40)
        .x_label_area_size(48)
        .y_label_area_size(90)
        .build_cartesian_2d(x, y)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style((SANS, 18))
        .axis_desc_style((SANS, 20))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// A metric against one swept parameter: the mean and a band (e.g. its 95% CI or 5–95th percentiles).
pub struct Sweep1 {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub x: Vec<f64>,
    pub mean: Vec<f64>,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
}

impl Figure for Sweep1 {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (x0, x1) = span(self.x.iter().copied(), false);
        let (y0, y1) = span(self.low.iter().chain(&self.high).chain(&self.mean).copied(), false);
        let mut chart = xy_chart(root, &self.title, (&self.x_desc, &self.y_desc), x0..x1, y0..y1)?;
        chart
            .draw_series(std::iter::once(Polygon::new(band(&self.x, &self.low, &self.high), BLUE.mix(0.2))))
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(
                self.x.iter().copied().zip(self.mean.iter().copied()),
                BLUE.stroke_width(STROKE),
            ))
            .map_err(err)?;
        chart
            .draw_series(self.x.iter().zip(&self.mean).map(|(&x, &y)| Circle::new((x, y), 5, BLUE.filled())))
            .map_err(err)?;
        Ok(())
    }
}

/// Values shaded from light to dark blue, labelled just precisely enough that the key's ticks
/// read differently.
struct Shades {
    v0: f64,
    v1: f64,
    /// The unit the labels are written in (1, 1e3, 1e6, 1e9) and its suffix.
    scale: (f64, &'static str),
    decimals: usize,
}

impl Shades {
    const TICKS: usize = 5;

    fn new(values: impl IntoIterator<Item = f64>) -> Shades {
        let (v0, v1) = span(values, false);
        let big = v0.abs().max(v1.abs());
        let scale = [(1e9, "G"), (1e6, "M"), (1e3, "k")].into_iter().find(|s| big >= s.0).unwrap_or((1.0, ""));
        let mut shades = Shades { v0, v1, scale, decimals: 0 };
        while shades.decimals < 8 {
            let labels: Vec<String> = shades.ticks().map(|v| shades.label(v)).collect();
            if labels.windows(2).all(|w| w[0] != w[1]) {
                break;
            }
            shades.decimals += 1;
        }
        shades
    }

    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (0..=Self::TICKS).map(|k| self.v0 + (self.v1 - self.v0) * k as f64 / Self::TICKS as f64)
    }

    fn label(&self, v: f64) -> String {
        format!("{:.*}{}", self.decimals, v / self.scale.0, self.scale.1)
    }

    fn share(&self, v: f64) -> f64 {
        if self.v1 > self.v0 { ((v - self.v0) / (self.v1 - self.v0)).clamp(0.0, 1.0) } else { 0.5 }
    }

    fn colour(&self, v: f64) -> RGBColor {
        let t = self.share(v);
        RGBColor((247.0 - t * 239.0) as u8, (251.0 - t * 203.0) as u8, (255.0 - t * 148.0) as u8)
    }

    /// Text that reads on the shade of `v`.
    fn ink(&self, v: f64) -> RGBColor {
        if self.share(v) > 0.6 { WHITE } else { BLACK }
    }

    /// The colour bar, in its own strip beside the panel.
    fn draw_key<DB: DrawingBackend>(&self, key: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let steps = 2 * Self::TICKS as i32;
        for k in 0..=steps {
            let v = self.v0 + (self.v1 - self.v0) * f64::from(k) / f64::from(steps);
            let y = 60 + (steps - k) * 40;
            key.draw(&Rectangle::new([(10, y), (40, y + 40)], self.colour(v).filled())).map_err(err)?;
            if k % 2 == 0 {
                key.draw(&Text::new(self.label(v), (48, y + 12), (SANS, 16))).map_err(err)?;
            }
        }
        Ok(())
    }
}

/// A metric over a grid of two parameters: one cell per (x, y) point, shaded by value.
pub struct Heatmap {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    /// (x, y, value) per grid point.
    pub cells: Vec<(f64, f64, f64)>,
}

fn distinct(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

impl Figure for Heatmap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let xs = distinct(self.cells.iter().map(|c| c.0).collect());
        let ys = distinct(self.cells.iter().map(|c| c.1).collect());
        let shades = Shades::new(self.cells.iter().map(|c| c.2));
        let (nx, ny) = (xs.len().max(1), ys.len().max(1));
        let (plot, key) = root.split_horizontally(root.dim_in_pixel().0 - 160);
        let mut chart = ChartBuilder::on(&plot)
            .caption(&self.title, (SANS, 26))
            .margin(14)
            .x_label_area_size(48)
            .y_label_area_size(90)
            .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)
            .map_err(err)?;
        let fx = |x: &f64| {
            xs.get(x.round() as usize)
                .filter(|_| (x - x.round()).abs() < 1e-6)
                .map_or(String::new(), |v| format!("{v:.3}"))
        };
        let fy = |y: &f64| {
            ys.get(y.round() as usize)
                .filter(|_| (y - y.round()).abs() < 1e-6)
                .map_or(String::new(), |v| format!("{v:.3}"))
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(nx)
            .y_labels(ny)
            .x_label_formatter(&fx)
            .y_label_formatter(&fy)
            .x_desc(&self.x_desc)
            .y_desc(&self.y_desc)
            .label_style((SANS, 16))
            .axis_desc_style((SANS, 20))
            .draw()
            .map_err(err)?;
        let at = |x: f64, y: f64| {
            let i = xs.iter().position(|&a| a == x).unwrap_or(0) as f64;
            let j = ys.iter().position(|&b| b == y).unwrap_or(0) as f64;
            (i, j)
        };
        chart
            .draw_series(self.cells.iter().map(|&(x, y, v)| {
                let (i, j) = at(x, y);
                Rectangle::new([(i - 0.5, j - 0.5), (i + 0.5, j + 0.5)], shades.colour(v).filled())
            }))
            .map_err(err)?;
        chart
            .draw_series(self.cells.iter().map(|&(x, y, v)| {
                let (i, j) = at(x, y);
                Text::new(shades.label(v), (i - 0.2, j), (SANS, 18).into_font().color(&shades.ink(v)))
            }))
            .map_err(err)?;
        shades.draw_key(&key)
    }
}

/// A metric at scattered points of two parameters (a Latin hypercube): one dot per point,
/// where it lies, shaded by value.
pub struct Scatter {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    /// (x, y, value) per point.
    pub points: Vec<(f64, f64, f64)>,
}

impl Figure for Scatter {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (x0, x1) = span(self.points.iter().map(|p| p.0), false);
        let (y0, y1) = span(self.points.iter().map(|p| p.1), false);
        let shades = Shades::new(self.points.iter().map(|p| p.2));
        let (plot, key) = root.split_horizontally(root.dim_in_pixel().0 - 160);
        let mut chart = xy_chart(&plot, &self.title, (&self.x_desc, &self.y_desc), x0..x1, y0..y1)?;
        chart
            .draw_series(self.points.iter().map(|&(x, y, v)| Circle::new((x, y), 11, shades.colour(v).filled())))
            .map_err(err)?;
        chart
            .draw_series(self.points.iter().map(|&(x, y, _)| Circle::new((x, y), 11, RGBColor(90, 90, 90))))
            .map_err(err)?;
        shades.draw_key(&key)
    }
}

/// Differences against a baseline, one row per variant: the mean and its 95% confidence interval.
pub struct Intervals {
    pub title: String,
    pub x_desc: String,
    /// (variant, mean, low, high).
    pub rows: Vec<(String, f64, f64, f64)>,
}

impl Figure for Intervals {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let (x0, x1) = span(self.rows.iter().flat_map(|r| [r.2, r.3, 0.0]), false);
        let n = self.rows.len().max(1) as f64;
        let names: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
        // The names' column is as wide as the longest name, so the intervals get the rest.
        let widest = names.iter().map(|n| text_width(n, 16)).max().unwrap_or(0);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (SANS, 26))
            .margin(14)
            .margin_right(40)
            .x_label_area_size(48)
            .y_label_area_size(u32::try_from(widest).unwrap_or(0) + 24)
            .build_cartesian_2d(x0..x1, -0.5..n - 0.5)
            .map_err(err)?;
        let fy = |y: &f64| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .y_labels(self.rows.len().max(1))
            .y_label_formatter(&fy)
            .x_desc(&self.x_desc)
            .label_style((SANS, 16))
            .axis_desc_style((SANS, 20))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(0.0, -0.5), (0.0, n - 0.5)], BLACK.stroke_width(1))))
            .map_err(err)?;
        for (i, (_, mean, lo, hi)) in self.rows.iter().enumerate() {
            let y = i as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(*lo, y), (*hi, y)], BLUE.stroke_width(3))))
                .map_err(err)?;
            chart.draw_series(std::iter::once(Circle::new((*mean, y), 7, BLUE.filled()))).map_err(err)?;
        }
        Ok(())
    }
}

/// Month positions for fan charts, from `YYYY-MM` dates.
pub fn month_positions(dates: &[String]) -> Vec<f64> {
    dates.iter().filter_map(|d| crate::data::month_index(d)).map(f64::from).collect()
}

/// The x range a fan chart uses (re-exported for callers that size charts).
pub fn fan_range(months: &[f64]) -> std::ops::Range<f64> {
    month_range(months)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_key_tells_its_ticks_apart() {
        for values in [vec![0.392, 0.401], vec![1.0, 2.0], vec![120_300_000.0, 120_310_000.0], vec![5.0, 5.0]] {
            let shades = Shades::new(values.clone());
            let labels: Vec<String> = shades.ticks().map(|v| shades.label(v)).collect();
            assert!(labels.windows(2).all(|w| w[0] != w[1]), "{values:?}: {labels:?}");
        }
        assert_eq!(Shades::new([0.0, 10.0]).label(4.0), "4");
    }

    #[test]
    fn sketched_plateaus_straighten_within_the_accuracy_and_exact_values_stay() {
        // Four months in one bucket of the sketch between a lower and a higher month.
        let values = [0.50, 0.59, 0.605, 0.605, 0.605, 0.605, 0.628, 0.64];
        let sketched = [0.0, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.0];
        let line = within_accuracy(&values, &sketched);
        for ((v, a), l) in values.iter().zip(sketched).zip(&line) {
            assert!((l - v).abs() <= a * v.abs() + 1e-15, "{l} is further than {a} from {v}");
        }
        assert_eq!((line[0], line[7]), (0.50, 0.64), "exact values move");
        assert!(line.windows(2).all(|w| w[1] > w[0]), "a plateau is left: {line:?}");
        // Exact months and a genuine dip are left as they are.
        let dip = [0.4, 0.4, 0.2, 0.4, 0.4];
        assert_eq!(within_accuracy(&dip, &[0.0; 5]), dip);
        let kept = within_accuracy(&dip, &[0.01; 5]);
        assert!(kept[2] <= 0.2 * 1.01 && kept[1] >= 0.4 * 0.99, "{kept:?}");
    }

    #[test]
    fn lines_break_where_values_are_missing() {
        let values = [f64::NAN, 1.0, 2.0, f64::NAN, 3.0];
        assert_eq!(finite_runs(values.len(), |i| values[i].is_finite()), vec![1..3, 4..5]);
        assert!(finite_runs(2, |_| false).is_empty());
    }
}
