//! The charts of one run, each a [`Figure`](crate::figure::Figure) over the run's tables.

pub mod actions;
pub mod compute;
pub mod gap;
pub mod policy;
pub mod tension;
pub mod trade;

use std::collections::BTreeMap;

use crate::data::{Table, bad_cell, month_index, months};
use crate::figure::Event;
use crate::{Meta, PlotError};

const TIMESERIES: &str = "timeseries.csv";
const ACTIONS: &str = "actions.csv";

/// The numeric columns the charts and the report read.
const NUMBERS: [&str; 12] = [
    "revenue_share",
    "tension",
    "us_compute_h100e",
    "china_compute_h100e",
    "china_legal_h100e",
    "china_domestic_h100e",
    "china_grey_h100e",
    "china_share_of_compute",
    "china_domestic_share",
    "capability_gap_months",
    "share_paid_usd_bn",
    "share_paid_cum_usd_bn",
];

/// What the charts of a run read: the tables, checked once here so that no chart draws a
/// column that is missing or a cell that is not a number.
pub struct RunData {
    pub months: Vec<f64>,
    pub series: Table,
    pub actions: Table,
    pub meta: Meta,
    /// Scripted events within the run, numbered in order.
    pub events: Vec<Event>,
    numbers: BTreeMap<String, Vec<f64>>,
}

impl RunData {
    pub fn new(series: Table, actions: Table, meta: Meta) -> Result<RunData, PlotError> {
        let months = months(&series)?;
        let (Some(&first), Some(&last)) = (months.first(), months.last()) else {
            return Err(PlotError::Input(format!("{TIMESERIES}: no months")));
        };
        let mut columns: Vec<String> = NUMBERS.iter().map(|c| c.to_string()).collect();
        for lab in series.by_actor("gap_months_") {
            columns.push(format!("gap_months_{lab}"));
        }
        for vendor in series.by_actor("shipments_") {
            columns.extend([format!("shipments_{vendor}"), format!("revenue_usd_bn_{vendor}")]);
        }
        let mut numbers = BTreeMap::new();
        for column in columns {
            let values = series.numbers(TIMESERIES, &column)?;
            numbers.insert(column, values);
        }
        series.words(TIMESERIES, "export_ceiling", None)?;
        series.words(TIMESERIES, "licensed_ceiling", None)?;
        series.words(TIMESERIES, "beijing_stance", Some(&policy::STANCES))?;
        series.words(TIMESERIES, "summit", Some(&["", "deal", "failed"]))?;
        for bill in series.by_actor("bill_") {
            series.words(TIMESERIES, &format!("bill_{bill}"), Some(&policy::STAGES))?;
        }
        for (row, date) in actions.words(ACTIONS, "date", None)?.iter().enumerate() {
            if month_index(date).is_none() {
                return Err(bad_cell(ACTIONS, row, "date", date, "a month (YYYY-MM)"));
            }
        }
        actions.words(ACTIONS, "actor", None)?;
        actions.words(ACTIONS, "action", None)?;
        let mut dated: Vec<(f64, String)> = meta
            .events
            .iter()
            .filter_map(|(date, note)| month_index(date).map(|m| (f64::from(m), note.clone())))
            .filter(|(m, _)| (first..=last).contains(m))
            .collect();
        dated.sort_by(|a, b| a.0.total_cmp(&b.0));
        let events =
            dated.into_iter().enumerate().map(|(i, (month, note))| Event { month, number: i + 1, note }).collect();
        Ok(RunData { months, series, actions, meta, events, numbers })
    }

    /// What a reader calls the actor or bill `id` (see [`Meta::names`]).
    pub fn name(&self, id: &str) -> String {
        self.meta.names.iter().find(|(i, _)| i == id).map_or_else(|| display(id), |(_, name)| name.clone())
    }

    /// A move as a reader would write it, naming the bill it acts on: `advance:safe_chips` →
    /// "advance: SAFE Chips Act".
    pub fn move_name(&self, action: &str) -> String {
        match action.split_once(':') {
            Some((verb, id)) if self.meta.names.iter().any(|(i, _)| i == id) => {
                format!("{}: {}", display(verb), self.name(id))
            }
            _ => display(action),
        }
    }

    /// A numeric column checked by [`RunData::new`] (empty for any other name).
    pub fn num(&self, column: &str) -> &[f64] {
        self.numbers.get(column).map_or(&[], Vec::as_slice)
    }
}

/// An id as a reader would write it: `safe_chips` → "safe chips", `advance:x` → "advance: x".
pub fn display(id: &str) -> String {
    id.replace('_', " ").replace(':', ": ")
}

/// `x` in a compact human unit: 1.2M, 350k, 12.
pub fn si(x: f64) -> String {
    let a = x.abs();
    if a >= 1e12 {
        format!("{:.1}T", x / 1e12)
    } else if a >= 1e9 {
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
