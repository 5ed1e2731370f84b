//! Charts and the HTML report of a run, drawn from the run's output files. The only crate that
//! knows plotters; it knows nothing of the simulator: it reads tables.
//!
//! - [`render`]: every chart of a run (PNG and SVG) and `report.html`, as files to write.
//! - `charts/`: one file per chart of a run; `figure.rs`: drawing a figure as PNG and SVG, and
//!   the month axis, lines, legends and event marks they share.
//! - `bands.rs`: charts of many runs for experiments: fan charts (percentile bands over
//!   months), a line with a band over one swept parameter, a heatmap over two, and intervals.
//! - `report.rs`: the self-contained HTML report (inline SVG, no scripts, no network).
//!
//! Text uses DejaVu Sans, bundled in `assets/fonts/` and drawn with `ab_glyph`: no font library
//! of the system is used, and the same input gives the same bytes everywhere.

pub mod bands;
pub mod charts;
pub mod data;
pub mod figure;
mod fonts;
pub mod report;

use charts::RunData;
use figure::{Figure, SIZE, render as draw};

/// What the charts need besides the tables.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub name: String,
    pub description: String,
    /// The command that reproduces the run.
    pub command: String,
    /// The export ladder's rungs, loosest last (the y-axis of the ceiling panel).
    pub ceilings: Vec<String>,
    /// Scripted events: (`YYYY-MM`, label).
    pub events: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("{0}")]
    Input(String),
    #[error("cannot draw a chart: {0}")]
    Draw(String),
}

/// The charts of a run, in the order the report shows them: (file stem, title).
pub const CHARTS: [(&str, &str); 6] = [
    ("policy", "Policy timeline"),
    ("tension", "Tension"),
    ("compute", "Compute stocks"),
    ("capability_gap", "Capability gap"),
    ("trade", "Shipments, revenue and the revenue share"),
    ("actions", "Who did what"),
];

/// Every chart (`charts/NAME.png`, `charts/NAME.svg`) and `report.html` of a run, from its
/// `timeseries.csv` and `actions.csv`.
pub fn render(timeseries_csv: &str, actions_csv: &str, meta: &Meta) -> Result<Vec<(String, Vec<u8>)>, PlotError> {
    let series = data::Table::parse("timeseries.csv", timeseries_csv)?;
    let actions = data::Table::parse("actions.csv", actions_csv)?;
    for column in ["date", "tension", "export_ceiling", "us_compute_h100e", "capability_gap_months"] {
        if !series.has(column) {
            return Err(PlotError::Input(format!("timeseries.csv: no `{column}` column: is this a statecraft run?")));
        }
    }
    let d = RunData::new(series, actions, meta.clone())?;
    let mut files = Vec::new();
    let mut svgs = Vec::new();
    for (stem, _) in CHARTS {
        let rendered = match stem {
            "policy" => draw(&charts::policy::Policy(&d), (SIZE.0, 1500))?,
            "tension" => draw(&charts::tension::Tension(&d), SIZE)?,
            "compute" => draw(&charts::compute::Compute(&d), SIZE)?,
            "capability_gap" => draw(&charts::gap::Gap(&d), SIZE)?,
            "trade" => draw(&charts::trade::Trade(&d), (SIZE.0, 1100))?,
            _ => {
                let actions = charts::actions::Actions(&d);
                draw(&actions, (SIZE.0, actions.height()))?
            }
        };
        files.push((format!("charts/{stem}.png"), rendered.png));
        files.push((format!("charts/{stem}.svg"), rendered.svg.clone().into_bytes()));
        svgs.push(rendered.svg);
    }
    files.push(("report.html".into(), report::html(&d, &svgs).into_bytes()));
    Ok(files)
}

/// Draw any figure (for callers with their own [`Figure`]).
pub fn figure<F: Figure>(f: &F, size: (u32, u32)) -> Result<figure::Rendered, PlotError> {
    draw(f, size)
}
