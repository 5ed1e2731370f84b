//! A run's tables, read back from CSV: columns by name, numbers as `f64` (NaN where empty),
//! months as an index for the x-axis.

use crate::PlotError;

/// A CSV table held by column.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn parse(name: &str, text: &str) -> Result<Table, PlotError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let fail = |e: csv::Error| {
            let line = e.position().map_or(0, |p| p.line());
            PlotError::Input(format!("{name}:{line}: {e}"))
        };
        let header: Vec<String> = reader.headers().map_err(fail)?.iter().map(String::from).collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            rows.push(record.map_err(fail)?.iter().map(String::from).collect());
        }
        if header.is_empty() {
            return Err(PlotError::Input(format!("{name}: the table is empty")));
        }
        Ok(Table { header, rows })
    }

    pub fn has(&self, column: &str) -> bool {
        self.header.iter().any(|h| h == column)
    }

    pub fn text(&self, column: &str) -> Vec<&str> {
        match self.header.iter().position(|h| h == column) {
            Some(i) => self.rows.iter().map(|r| r.get(i).map_or("", String::as_str)).collect(),
            None => vec![""; self.rows.len()],
        }
    }

    /// A column as numbers; NaN for empty or missing cells.
    pub fn numbers(&self, column: &str) -> Vec<f64> {
        self.text(column).iter().map(|t| t.parse().unwrap_or(f64::NAN)).collect()
    }

    /// The columns named `prefix` + an actor id, with the ids, in table order.
    pub fn by_actor(&self, prefix: &str) -> Vec<String> {
        self.header.iter().filter_map(|h| h.strip_prefix(prefix)).map(String::from).collect()
    }
}

/// `YYYY-MM` as months since year 0.
pub fn month_index(date: &str) -> Option<i32> {
    let (y, m) = date.split_once('-')?;
    let (y, m): (i32, i32) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

pub fn month_label(index: i32) -> String {
    format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// The months of a timeseries, as x positions.
pub fn months(table: &Table) -> Result<Vec<f64>, PlotError> {
    table
        .text("date")
        .iter()
        .enumerate()
        .map(|(i, d)| {
            month_index(d)
                .map(f64::from)
                .ok_or_else(|| PlotError::Input(format!("timeseries.csv:{}: `{d}` is not a month (YYYY-MM)", i + 2)))
        })
        .collect()
}

/// A range that shows `values` with some room, and is never empty (a constant or all-zero
/// metric still gets a readable axis).
pub fn span(values: impl IntoIterator<Item = f64>, floor_at_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if floor_at_zero {
        lo = lo.min(0.0);
    }
    if hi - lo < 1e-12 {
        let pad = if hi.abs() > 1e-12 { hi.abs() * 0.1 } else { 1.0 };
        return (lo - if floor_at_zero && lo >= 0.0 { 0.0 } else { pad }, hi + pad);
    }
    let pad = (hi - lo) * 0.06;
    (if floor_at_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_spans() {
        assert_eq!(month_index("2026-04"), Some(2026 * 12 + 3));
        assert_eq!(month_label(2026 * 12 + 3), "2026-04");
        assert_eq!(month_index("2026-13"), None);
        assert_eq!(span([0.0, 0.0], true), (0.0, 1.0));
        assert_eq!(span([5.0, 5.0], false), (4.5, 5.5));
        let (lo, hi) = span([1.0, 2.0], true);
        assert!(lo == 0.0 && hi > 2.0);
        assert_eq!(span([f64::NAN], true), (0.0, 1.0));
    }

    #[test]
    fn tables_by_column() {
        let t = Table::parse("t.csv", "date,x,chip_nvidia,chip_amd\n2026-01,1.5,H200,\n2026-02,,H20,MI308\n").unwrap();
        assert_eq!(t.numbers("x")[0], 1.5);
        assert!(t.numbers("x")[1].is_nan());
        assert_eq!(t.by_actor("chip_"), vec!["nvidia", "amd"]);
        assert!(Table::parse("bad.csv", "a,b\n1,2,3\n").is_err());
    }
}
