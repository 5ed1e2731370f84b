//! Charts and the HTML report of a run, drawn from the run's output files. The only crate that
//! knows plotters; it knows nothing of the simulator: it reads tables.
//!
//! - [`render`]: every chart of a run (PNG and SVG) and `report.html`, as files to write.
//! - `charts/`: one file per chart of a run; `figure.rs`: drawing a figure as PNG and SVG, and
//!   the panel layout (legend beside the plot, numbered event markers, the events' key) they
//!   share; `axis.rs`: ticks, units and month labels that fit the data.
//! - `bands.rs`: charts of many runs for experiments: fan charts (percentile bands over
//!   months), a line with a band over one swept parameter, a heatmap over two, and intervals.
//! - `report.rs`: the self-contained HTML report (inline SVG, no scripts, no network).
//!
//! Text uses DejaVu Sans, bundled in `assets/fonts/` and drawn with `ab_glyph`: no font library
//! of the system is used, and the same input gives the same bytes everywhere.

pub mod axis;
pub mod bands;
pub mod charts;
pub mod data;
pub mod figure;
mod fonts;
pub mod report;

use charts::RunData;
use figure::{Figure, render as draw};

/// What the charts need besides the tables. Everything here is a property of the run (read
/// from its scenario and replay), so whoever draws a run's tables draws the same bytes.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub name: String,
    pub description: String,
    /// The overrides the run was made with, as its replay records them (`--set a.b=1`).
    pub overrides: Vec<String>,
    /// What a reader calls an actor or a bill, by id: a firm's brand, a bill's name
    /// (`nvidia` → "Nvidia", `safe_chips` → "SAFE Chips Act"). Ids without one are shown as ids.
    pub names: Vec<(String, String)>,
    /// The world before the first month, as a row of `timeseries.csv`: (column, cell). The
    /// report's "start" column, as the terminal's summary of a run shows it.
    pub start: Vec<(String, String)>,
    /// The export ladder's rungs, loosest last (the y-axis of the ceiling panel).
    pub ceilings: Vec<String>,
    /// Scripted events: (`YYYY-MM`, note).
    pub events: Vec<(String, String)>,
    /// The moves actors can make, with how the simulator counts each toward tension.
    pub moves: Vec<(String, MoveStance)>,
}

/// How a move bears on relations between Washington and Beijing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MoveStance {
    Hostile,
    Cooperative,
    #[default]
    Neutral,
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
    let d = RunData::new(series, actions, meta.clone())?;
    let mut files = Vec::new();
    let mut svgs = Vec::new();
    for (stem, _) in CHARTS {
        let rendered = match stem {
            "policy" => draw(&charts::policy::Policy(&d))?,
            "tension" => draw(&charts::tension::Tension(&d))?,
            "compute" => draw(&charts::compute::Compute(&d))?,
            "capability_gap" => draw(&charts::gap::Gap(&d))?,
            "trade" => draw(&charts::trade::Trade(&d))?,
            _ => draw(&charts::actions::Actions(&d))?,
        };
        files.push((format!("charts/{stem}.png"), rendered.png));
        files.push((format!("charts/{stem}.svg"), rendered.svg.clone().into_bytes()));
        svgs.push(rendered.svg);
    }
    files.push(("report.html".into(), report::html(&d, &svgs).into_bytes()));
    Ok(files)
}

/// Draw any figure at a size of the caller's choosing (experiments' charts).
pub fn figure<F: Figure>(f: &F, size: (u32, u32)) -> Result<figure::Rendered, PlotError> {
    figure::render_at(f, size)
}
