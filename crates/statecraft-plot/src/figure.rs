//! Drawing a figure twice, as PNG and as SVG, from the same code; and what the charts of a run
//! share: a panel (title, numbered event markers above the plot, axes that fit the data, and
//! the legend in a band beside the plot, so that it never covers data), lines and steps, and
//! the key to the scripted events under the figure.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::PlotError;
use crate::axis::{Axis, month_ticks};
use crate::data::month_label;
use crate::fonts::{SANS, init};

/// Pixel size of a one-panel chart: readable on a laptop screen and in print.
pub const SIZE: (u32, u32) = (1400, 800);

/// A chart drawn on any plotters backend.
pub trait Figure {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;

    /// Pixel size (charts with more panels, rows or events are taller).
    fn size(&self) -> (u32, u32) {
        SIZE
    }
}

/// A figure as PNG bytes and SVG text.
pub struct Rendered {
    pub png: Vec<u8>,
    pub svg: String,
}

pub fn render<F: Figure>(figure: &F) -> Result<Rendered, PlotError> {
    render_at(figure, figure.size())
}

pub fn render_at<F: Figure>(figure: &F, size: (u32, u32)) -> Result<Rendered, PlotError> {
    init();
    let mut pixels = vec![0u8; (size.0 * size.1 * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        figure.draw(&root).map_err(PlotError::Draw)?;
        root.present().map_err(draw_error)?;
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        figure.draw(&root).map_err(PlotError::Draw)?;
        root.present().map_err(draw_error)?;
    }
    Ok(Rendered { png: encode_png(&pixels, size)?, svg })
}

fn draw_error<E: std::fmt::Debug>(e: E) -> PlotError {
    PlotError::Draw(format!("{e:?}"))
}

fn encode_png(pixels: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, PlotError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(draw_error)?;
    writer.write_image_data(pixels).map_err(draw_error)?;
    writer.finish().map_err(draw_error)?;
    Ok(out)
}

/// A panel with numbers on both axes.
pub type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

pub fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Distinct colours for series, readable on white and for most colour-blind readers (Okabe–Ito).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
    RGBColor(0, 0, 0),
];

pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The width of a data line. Even, because the bitmap backend rounds an odd line's half-width
/// one way at its ends and the other way along it, which smudges the last segment.
pub const STROKE: u32 = 4;

pub const INK: RGBColor = RGBColor(40, 40, 40);
pub const MUTED: RGBColor = RGBColor(100, 100, 100);
const GRID: RGBColor = RGBColor(228, 228, 228);
const EVENT: RGBColor = RGBColor(150, 150, 150);

/// Text of `size` pixels in the bundled font, anchored at `pos`.
pub fn text_style(size: u32, color: RGBColor, pos: (HPos, VPos)) -> TextStyle<'static> {
    TextStyle { font: (SANS, size).into_font(), color: color.to_backend_color(), pos: Pos::new(pos.0, pos.1) }
}

/// How wide `text` is drawn at `size` pixels.
pub fn text_width(text: &str, size: u32) -> i32 {
    init();
    (SANS, size).into_font().box_size(text).map_or(text.chars().count() as i32 * size as i32 * 6 / 10, |b| b.0 as i32)
}

/// A rectangle in pixels, relative to its panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }
}

/// Widths every panel of a figure shares, so that their plots line up: the y labels' and the
/// legend's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub y_labels: i32,
    pub legend: i32,
}

const LABEL: u32 = 16;
const SWATCH: i32 = 30;

impl Frame {
    pub fn fit(panels: &[&Panel]) -> Frame {
        let widest = |texts: &mut dyn Iterator<Item = &String>| texts.map(|t| text_width(t, LABEL)).max();
        let y_labels = widest(&mut panels.iter().flat_map(|p| p.axis.ticks.iter().map(|t| &t.1))).unwrap_or(0) + 12;
        let legend =
            widest(&mut panels.iter().flat_map(|p| p.legend.iter().map(|e| &e.name))).map_or(0, |w| w + SWATCH + 24);
        Frame { y_labels, legend }
    }
}

/// Where a panel's parts go.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    pub title: Rect,
    pub markers: Rect,
    pub plot: Rect,
    pub legend: Rect,
}

const MARGIN: i32 = 12;
const TITLE: i32 = 34;
const MARKERS: i32 = 26;
const X_AXIS: i32 = 56;
const Y_TITLE: i32 = 30;
const GAP: i32 = 24;

/// A panel of `size` pixels: the title on top, a strip for event markers, then the plot with
/// its y labels on the left, the month axis below, and the legend in a band on the right.
pub fn layout((w, h): (i32, i32), frame: &Frame) -> Layout {
    let x = MARGIN + Y_TITLE + frame.y_labels;
    // Room on the right for the last month label, which is centred on its tick.
    let right = if frame.legend > 0 { w - MARGIN - frame.legend - GAP } else { w - MARGIN - 36 };
    let plot = Rect { x, y: TITLE + MARKERS, w: (right - x).max(1), h: (h - TITLE - MARKERS - X_AXIS).max(1) };
    Layout {
        title: Rect { x: 0, y: 0, w, h: TITLE },
        markers: Rect { x: plot.x, y: TITLE, w: plot.w, h: MARKERS },
        legend: Rect { x: plot.right() + GAP, y: plot.y, w: frame.legend, h: plot.h },
        plot,
    }
}

/// What a legend entry shows.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    Line(RGBColor, u32),
    Dashed(RGBColor, u32),
    Fill(RGBColor),
    Triangle(RGBColor),
    Cross(RGBColor),
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub name: String,
    pub swatch: Swatch,
}

/// A scripted event, numbered in the order of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub month: f64,
    pub number: usize,
    pub note: String,
}

/// One panel of a figure: what it says about its data. [`Panel::draw`] draws everything but
/// the data.
pub struct Panel {
    pub title: String,
    pub y_title: String,
    pub axis: Axis,
    pub legend: Vec<Entry>,
    /// Written across the plot when there is nothing to see ("no licensed trade in this run").
    pub note: Option<String>,
}

/// The x range of months `xs`: each month is a unit wide, centred on its tick, so that a
/// one-month run has an axis and a level holds for the whole of its month.
pub fn month_range(xs: &[f64]) -> std::ops::Range<f64> {
    match (xs.first(), xs.last()) {
        (Some(&a), Some(&b)) => a - 0.5..b + 0.5,
        _ => 0.0..1.0,
    }
}

impl Panel {
    /// Title, grid, event marks (beneath the data), axes, legend and note; the chart returned
    /// takes the data.
    pub fn draw<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        frame: &Frame,
        xs: &[f64],
        events: &[Event],
    ) -> Result<Chart<'a, DB>, String> {
        let (w, h) = area.dim_in_pixel();
        let l = layout((w as i32, h as i32), frame);
        let p = l.plot;
        let range = month_range(xs);
        let (lo, hi) = (self.axis.lo, self.axis.hi);
        let mut chart = ChartBuilder::on(area)
            .margin_top(p.y)
            .margin_left(p.x)
            .margin_right(w as i32 - p.right())
            .margin_bottom(h as i32 - p.bottom())
            .build_cartesian_2d(range.clone(), lo..hi)
            .map_err(err)?;
        let base = area.get_base_pixel();
        let at = |chart: &Chart<'a, DB>, x: f64, y: f64| {
            let (a, b) = chart.backend_coord(&(x, y));
            (a - base.0, b - base.1)
        };
        let first = range.start.ceil() as i32;
        let last = range.end.floor() as i32;
        let months = month_ticks(first, last, f64::from(p.w));

        // Grid and events first: the data is drawn over them.
        let vertical = months.labelled.iter().map(|m| f64::from(m.0));
        let grid = vertical.map(|x| PathElement::new(vec![(x, lo), (x, hi)], GRID.stroke_width(1)));
        chart.draw_series(grid).map_err(err)?;
        let across = self.axis.ticks.iter().map(|t| PathElement::new(vec![(range.start, t.0), (range.end, t.0)], GRID));
        chart.draw_series(across).map_err(err)?;
        let shown: Vec<&Event> = events.iter().filter(|e| range.contains(&e.month)).collect();
        for e in &shown {
            let dashes = DashedLineSeries::new(vec![(e.month, lo), (e.month, hi)], 7, 5, EVENT.stroke_width(2));
            chart.draw_series(dashes).map_err(err)?;
        }

        area.draw(&PathElement::new(vec![(p.x, p.y), (p.x, p.bottom()), (p.right(), p.bottom())], INK)).map_err(err)?;
        let small = |c| text_style(LABEL, c, (HPos::Center, VPos::Top));
        for (m, label) in &months.labelled {
            let (x, _) = at(&chart, f64::from(*m), lo);
            area.draw(&PathElement::new(vec![(x, p.bottom()), (x, p.bottom() + 7)], INK)).map_err(err)?;
            area.draw(&Text::new(label.clone(), (x, p.bottom() + 10), small(INK))).map_err(err)?;
        }
        for m in &months.minor {
            let (x, _) = at(&chart, f64::from(*m), lo);
            area.draw(&PathElement::new(vec![(x, p.bottom()), (x, p.bottom() + 4)], INK)).map_err(err)?;
        }
        for (v, label) in &self.axis.ticks {
            let (_, y) = at(&chart, range.start, *v);
            area.draw(&PathElement::new(vec![(p.x - 6, y), (p.x, y)], INK)).map_err(err)?;
            let style = text_style(LABEL, INK, (HPos::Right, VPos::Center));
            area.draw(&Text::new(label.clone(), (p.x - 9, y), style)).map_err(err)?;
        }
        let centre = p.x + p.w / 2;
        let axis_title = text_style(18, MUTED, (HPos::Center, VPos::Top));
        area.draw(&Text::new("month", (centre, p.bottom() + 32), axis_title.clone())).map_err(err)?;
        let rotated = axis_title.transform(FontTransform::Rotate270);
        area.draw(&Text::new(self.y_title.clone(), (MARGIN, p.y + p.h / 2), rotated)).map_err(err)?;
        let title = text_style(23, INK, (HPos::Center, VPos::Top));
        area.draw(&Text::new(self.title.clone(), (centre, 6), title)).map_err(err)?;

        // Markers side by side when events fall close together; a thin stem finds the month.
        let mut placed = i32::MIN;
        let cy = l.markers.y + l.markers.h / 2;
        for e in &shown {
            let (x, _) = at(&chart, e.month, hi);
            let cx = x.max(placed + 22);
            placed = cx;
            area.draw(&PathElement::new(vec![(cx, cy), (x, p.y)], EVENT.stroke_width(2))).map_err(err)?;
            marker(area, (cx, cy), e.number)?;
        }

        for (i, entry) in self.legend.iter().enumerate() {
            let y = l.legend.y + 12 + 28 * i as i32;
            swatch(area, (l.legend.x, y), entry.swatch)?;
            let style = text_style(LABEL, INK, (HPos::Left, VPos::Center));
            area.draw(&Text::new(entry.name.clone(), (l.legend.x + SWATCH + 10, y), style)).map_err(err)?;
        }
        if let Some(note) = &self.note {
            let style = text_style(20, MUTED, (HPos::Center, VPos::Center));
            area.draw(&Text::new(note.clone(), (centre, p.y + p.h * 2 / 5), style)).map_err(err)?;
        }
        Ok(chart)
    }
}

/// An event's number in a circle, centred on `at`.
fn marker<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, at: (i32, i32), number: usize) -> Result<(), String> {
    area.draw(&Circle::new(at, 10, WHITE.filled())).map_err(err)?;
    area.draw(&Circle::new(at, 10, EVENT.stroke_width(2))).map_err(err)?;
    let style = text_style(13, INK, (HPos::Center, VPos::Center));
    area.draw(&Text::new(number.to_string(), at, style)).map_err(err)
}

fn swatch<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, (x, y): (i32, i32), s: Swatch) -> Result<(), String> {
    let line = |c: RGBColor, w: u32| PathElement::new(vec![(x, y), (x + SWATCH, y)], c.stroke_width(w));
    match s {
        Swatch::Line(c, w) => area.draw(&line(c, w)),
        Swatch::Dashed(c, w) => {
            let dash = |from: i32, to: i32| PathElement::new(vec![(x + from, y), (x + to, y)], c.stroke_width(w));
            area.draw(&dash(0, SWATCH * 2 / 5)).and_then(|()| area.draw(&dash(SWATCH * 3 / 5, SWATCH)))
        }
        Swatch::Fill(c) => area.draw(&Rectangle::new([(x, y - 8), (x + SWATCH, y + 8)], c.filled())),
        Swatch::Triangle(c) => area.draw(&TriangleMarker::new((x + SWATCH / 2, y), 9, c.filled())),
        Swatch::Cross(c) => area.draw(&Cross::new((x + SWATCH / 2, y), 6, c.stroke_width(3))),
    }
    .map_err(err)
}

const KEY_LINE: i32 = 26;

/// The key's lines: (event number on its first line, text), wrapped to `width` pixels.
fn key_lines(events: &[Event], width: i32) -> Vec<(Option<usize>, String)> {
    let mut lines = Vec::new();
    for e in events {
        let mut number = Some(e.number);
        let mut line = format!("{}  ", month_label(e.month as i32));
        let mut fresh = true;
        for word in e.note.split_whitespace() {
            let longer = if fresh { format!("{line}{word}") } else { format!("{line} {word}") };
            if !fresh && text_width(&longer, LABEL) > width {
                lines.push((number.take(), std::mem::replace(&mut line, format!("           {word}"))));
            } else {
                line = longer;
            }
            fresh = false;
        }
        lines.push((number, line));
    }
    lines
}

fn key_width(width: u32) -> i32 {
    width as i32 - 2 * MARGIN - 60
}

/// Height of the events' key under a figure `width` pixels wide (0 without events).
pub fn key_height(events: &[Event], width: u32) -> u32 {
    match key_lines(events, key_width(width)).len() {
        0 => 0,
        n => (16 + KEY_LINE * n as i32) as u32,
    }
}

/// The root split into the figure and, under it, the key to its scripted events.
pub fn with_key<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    events: &[Event],
) -> Result<DrawingArea<DB, Shift>, String> {
    let (w, h) = root.dim_in_pixel();
    let (top, key) = root.split_vertically(h - key_height(events, w));
    for (i, (number, text)) in key_lines(events, key_width(w)).iter().enumerate() {
        let y = 4 + KEY_LINE * i as i32 + KEY_LINE / 2;
        if let Some(n) = number {
            marker(&key, (MARGIN + Y_TITLE, y), *n)?;
        }
        let style = text_style(LABEL, INK, (HPos::Left, VPos::Center));
        key.draw(&Text::new(text.clone(), (MARGIN + Y_TITLE + 22, y), style)).map_err(err)?;
    }
    Ok(top)
}

/// One line of a chart.
pub struct Line {
    pub name: String,
    pub values: Vec<f64>,
    pub color: RGBColor,
    pub width: u32,
    /// Drawn in dashes, so that a line beneath it shows (and the legend says which is which).
    pub dashed: bool,
}

impl Line {
    pub fn new(name: impl Into<String>, values: Vec<f64>, color: RGBColor) -> Line {
        Line { name: name.into(), values, color, width: STROKE, dashed: false }
    }

    pub fn entry(&self) -> Entry {
        let swatch =
            if self.dashed { Swatch::Dashed(self.color, self.width) } else { Swatch::Line(self.color, self.width) };
        Entry { name: self.name.clone(), swatch }
    }
}

/// A dash and the gap after it, in pixels.
const DASH: (u32, u32) = (10, 7);

/// The stretches of (x, y) where y is a number.
fn stretches(points: impl IntoIterator<Item = (f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (x, y) in points {
        match out.last_mut() {
            Some(run) if y.is_finite() => run.push((x, y)),
            Some(run) if !run.is_empty() => out.push(Vec::new()),
            _ => {}
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Lines through the months, broken where a value is missing; a lone month is a dot. In a
/// one-month run the lines' dots stand side by side, so that equal values do not hide each other.
pub fn draw_lines<DB: DrawingBackend>(chart: &mut Chart<'_, DB>, xs: &[f64], lines: &[Line]) -> Result<(), String> {
    let n = lines.len() as f64;
    for (k, line) in lines.iter().enumerate() {
        let shift = if xs.len() == 1 { (k as f64 - (n - 1.0) / 2.0) * 0.6 / n } else { 0.0 };
        for run in stretches(xs.iter().map(|x| x + shift).zip(line.values.iter().copied())) {
            if run.len() == 1 {
                chart
                    .draw_series(run.iter().map(|&p| Circle::new(p, line.width + 3, line.color.filled())))
                    .map_err(err)?;
            } else if line.dashed {
                let style = line.color.stroke_width(line.width);
                chart.draw_series(DashedLineSeries::new(run, DASH.0, DASH.1, style)).map_err(err)?;
            } else {
                chart.draw_series(LineSeries::new(run, line.color.stroke_width(line.width))).map_err(err)?;
            }
        }
    }
    Ok(())
}

/// A level that holds for each whole month: steps, not slopes.
pub fn draw_steps<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    xs: &[f64],
    values: &[f64],
    style: ShapeStyle,
) -> Result<(), String> {
    for run in stretches(xs.iter().copied().zip(values.iter().copied())) {
        chart.draw_series(LineSeries::new(steps(&run), style)).map_err(err)?;
    }
    Ok(())
}

/// The corners of a step line through `(month, level)` points: no repeated or collinear
/// points, which the bitmap backend would draw as smudges.
fn steps(run: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for (i, &(x, y)) in run.iter().enumerate() {
        match run.get(i.wrapping_sub(1)) {
            None => out.push((x - 0.5, y)),
            Some(&(_, before)) if before != y => out.extend([(x - 0.5, before), (x - 0.5, y)]),
            Some(_) => {}
        }
    }
    if let Some(&(x, y)) = run.last() {
        out.push((x + 0.5, y));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legends_and_markers_never_overlap_the_plot() {
        for size in [(1400, 340), (1400, 800), (700, 300), (1200, 700)] {
            for frame in [Frame { y_labels: 60, legend: 0 }, Frame { y_labels: 190, legend: 260 }] {
                let l = layout(size, &frame);
                let panel = Rect { x: 0, y: 0, w: size.0, h: size.1 };
                for part in [l.title, l.markers, l.legend] {
                    assert!(!part.overlaps(&l.plot), "{part:?} overlaps the plot {:?} at {size:?}", l.plot);
                }
                assert!(!l.title.overlaps(&l.markers));
                for part in [l.plot, l.legend, l.markers] {
                    assert!(part.x >= 0 && part.right() <= panel.w && part.bottom() <= panel.h, "{part:?} at {size:?}");
                }
                assert!(l.plot.x >= frame.y_labels, "y labels need their room");
                if size.0 >= 1200 {
                    assert!(l.plot.w > size.0 / 2, "the plot keeps most of the width: {:?}", l.plot);
                }
            }
        }
    }

    #[test]
    fn frames_fit_the_widest_label() {
        init();
        let panel = |ticks: &[&str], legend: &[&str]| Panel {
            title: String::new(),
            y_title: String::new(),
            axis: Axis { lo: 0.0, hi: 1.0, ticks: ticks.iter().map(|t| (0.0, t.to_string())).collect() },
            legend: legend.iter().map(|n| Entry { name: n.to_string(), swatch: Swatch::Fill(INK) }).collect(),
            note: None,
        };
        let (a, b) = (panel(&["0", "10"], &[]), panel(&["Blackwell-class"], &["paid to the US Treasury"]));
        let frame = Frame::fit(&[&a, &b]);
        assert!(frame.y_labels > text_width("Blackwell-class", LABEL));
        assert!(frame.legend > text_width("paid to the US Treasury", LABEL) + SWATCH);
        assert_eq!(Frame::fit(&[&a]).legend, 0, "no legend, no band");
    }

    #[test]
    fn the_key_wraps_long_notes() {
        let long = Event { month: 24312.0, number: 1, note: "word ".repeat(80) };
        let lines = key_lines(&[long], 600);
        assert!(lines.len() > 2);
        assert_eq!(lines[0].0, Some(1));
        assert!(lines.iter().skip(1).all(|l| l.0.is_none()));
        assert!(lines.iter().all(|l| text_width(&l.1, LABEL) <= 600), "{lines:?}");
        assert!(lines[0].1.starts_with("2026-01  word"));
        assert_eq!(key_height(&[], 1400), 0);
    }

    #[test]
    fn broken_lines_and_steps() {
        let s = stretches([(0.0, 1.0), (1.0, f64::NAN), (2.0, 2.0), (3.0, 3.0)]);
        assert_eq!(s, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
        assert!(stretches([(0.0, f64::NAN)]).is_empty());
        assert_eq!(month_range(&[5.0]), 4.5..5.5);
        assert_eq!(steps(&[(1.0, 2.0)]), vec![(0.5, 2.0), (1.5, 2.0)]);
        let corners = steps(&[(1.0, 2.0), (2.0, 2.0), (3.0, 4.0)]);
        assert_eq!(corners, vec![(0.5, 2.0), (2.5, 2.0), (2.5, 4.0), (3.5, 4.0)]);
    }
}
