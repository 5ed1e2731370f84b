//! The charts of one run, each a [`Figure`](crate::figure::Figure) over the run's tables.

pub mod actions;
pub mod compute;
pub mod gap;
pub mod policy;
pub mod tension;
pub mod trade;

use crate::data::{Table, month_index, months};
use crate::{Meta, PlotError};

/// What the charts of a run read.
pub struct RunData {
    pub months: Vec<f64>,
    pub series: Table,
    pub actions: Table,
    pub meta: Meta,
    /// Scripted events within the run: (month, label).
    pub events: Vec<(f64, String)>,
}

impl RunData {
    pub fn new(series: Table, actions: Table, meta: Meta) -> Result<RunData, PlotError> {
        let months = months(&series)?;
        if months.is_empty() {
            return Err(PlotError::Input("timeseries.csv: no months".into()));
        }
        let events = meta
            .events
            .iter()
            .filter_map(|(date, label)| month_index(date).map(|m| (f64::from(m), label.clone())))
            .collect();
        Ok(RunData { months, series, actions, meta, events })
    }
}

/// `x` in a compact human unit: 1.2M, 350k, 12.
pub fn si(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("{:.1}G", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e3 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 10.0 || a == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}
