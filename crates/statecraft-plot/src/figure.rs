//! Drawing a figure twice, as PNG and as SVG, from the same code; and the pieces every time
//! chart shares: a month axis, lines with a legend, and scripted events marked.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::PlotError;
use crate::data::month_label;
use crate::fonts::{SANS, init};

/// Pixel size of every chart: readable on a laptop screen and in print.
pub const SIZE: (u32, u32) = (1400, 800);

/// A chart drawn on any plotters backend.
pub trait Figure {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// A figure as PNG bytes and SVG text.
pub struct Rendered {
    pub png: Vec<u8>,
    pub svg: String,
}

pub fn render<F: Figure>(figure: &F, size: (u32, u32)) -> Result<Rendered, PlotError> {
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

/// One line of a chart.
pub struct Line {
    pub name: String,
    pub values: Vec<f64>,
    pub color: RGBColor,
}

/// The x range of months `xs`: at least one month wide, so a one-month run has an axis.
pub fn month_range(xs: &[f64]) -> std::ops::Range<f64> {
    match (xs.first(), xs.last()) {
        (Some(&a), Some(&b)) if b > a => a..b,
        (Some(&a), _) => a - 0.5..a + 0.5,
        _ => 0.0..1.0,
    }
}

/// A panel with months on x: title, axis labels, mesh, month tick labels.
pub fn month_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    xs: &[f64],
    y: std::ops::Range<f64>,
    y_format: &dyn Fn(&f64) -> String,
) -> Result<Chart<'a, DB>, String> {
    month_chart_with(area, title, y_desc, xs, y, y_format, 100)
}

/// [`month_chart`] with room for y labels of `y_label_width` pixels.
pub fn month_chart_with<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    y_desc: &str,
    xs: &[f64],
    y: std::ops::Range<f64>,
    y_format: &dyn Fn(&f64) -> String,
    y_label_width: u32,
) -> Result<Chart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, (SANS, 26))
        .margin(14)
        .margin_right(40)
        .x_label_area_size(48)
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(month_range(xs), y)
        .map_err(err)?;
    let range = month_range(xs);
    let months = (range.end - range.start).max(1.0);
    // About one label per 110 pixels, on a step a reader counts in (1, 3, 6, 12 ... months).
    let room = (area.dim_in_pixel().0.saturating_sub(y_label_width + 60) / 110).max(2) as f64;
    let step = [1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 60.0].into_iter().find(|s| months / s <= room).unwrap_or(120.0);
    let labelled = |x: f64| (x - x.round()).abs() < 1e-6 && (x.round() as i32).rem_euclid(step as i32) == 0;
    let format_x = |x: &f64| if labelled(*x) { month_label(x.round() as i32) } else { String::new() };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels((months as usize + 1).min(240))
        .x_label_formatter(&format_x)
        .y_labels(8)
        .y_label_formatter(y_format)
        .x_desc("month")
        .y_desc(y_desc)
        .label_style((SANS, 18))
        .axis_desc_style((SANS, 20))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(err)?;
    // Vertical grid lines only where a month is labelled.
    let (y0, y1) = (chart.y_range().start, chart.y_range().end);
    let first = range.start.ceil() as i32;
    let grid = (first..=range.end.floor() as i32).map(f64::from).filter(|&x| labelled(x));
    chart
        .draw_series(grid.map(|x| PathElement::new(vec![(x, y0), (x, y1)], RGBColor(225, 225, 225).stroke_width(1))))
        .map_err(err)?;
    Ok(chart)
}

/// Draw lines (gaps where values are NaN; a single month as a dot) and their legend.
pub fn draw_lines<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    xs: &[f64],
    lines: &[Line],
) -> Result<(), String> {
    for line in lines {
        let style = line.color.stroke_width(3);
        let points: Vec<(f64, f64)> =
            xs.iter().copied().zip(line.values.iter().copied()).filter(|(_, y)| y.is_finite()).collect();
        let color = line.color;
        let series = chart.draw_series(LineSeries::new(points.clone(), style)).map_err(err)?;
        series
            .label(line.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(3)));
        if points.len() == 1 {
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 6, color.filled()))).map_err(err)?;
        }
    }
    if lines.len() > 1 {
        legend(chart)?;
    }
    Ok(())
}

pub fn legend<'a, DB: DrawingBackend + 'a>(chart: &mut Chart<'a, DB>) -> Result<(), String> {
    legend_at(chart, SeriesLabelPosition::UpperLeft)
}

pub fn legend_at<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    position: SeriesLabelPosition,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .label_font((SANS, 18))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(180, 180, 180))
        .draw()
        .map_err(err)
}

/// Scripted events: a dashed vertical line each, labelled at the top of the panel.
pub fn mark_events<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    events: &[(f64, String)],
    y: std::ops::Range<f64>,
) -> Result<(), String> {
    mark_events_labelled(chart, events, y, true)
}

/// [`mark_events`], with or without the labels (panels under a labelled one need only lines).
pub fn mark_events_labelled<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    events: &[(f64, String)],
    y: std::ops::Range<f64>,
    labelled: bool,
) -> Result<(), String> {
    let grey = RGBColor(150, 150, 150);
    let xr = chart.x_range();
    for (k, (x, label)) in events.iter().filter(|(x, _)| xr.start <= *x && *x <= xr.end).enumerate() {
        let dashes = (0..20).map(|i| {
            let a = y.start + (y.end - y.start) * i as f64 / 20.0;
            PathElement::new(vec![(*x, a), (*x, a + (y.end - y.start) / 40.0)], grey.stroke_width(2))
        });
        chart.draw_series(dashes).map_err(err)?;
        if !labelled {
            continue;
        }
        let label: String =
            if label.chars().count() > 48 { label.chars().take(47).chain(['…']).collect() } else { label.clone() };
        let top = y.end - (y.end - y.start) * (0.04 + 0.06 * (k % 3) as f64);
        chart
            .draw_series(std::iter::once(Text::new(
                format!(" {label}"),
                (*x, top),
                (SANS, 16).into_font().color(&RGBColor(90, 90, 90)),
            )))
            .map_err(err)?;
    }
    Ok(())
}
