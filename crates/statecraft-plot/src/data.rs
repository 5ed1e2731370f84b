//! A run's tables, read back from CSV: columns by name, checked as they are read (a missing
//! column or a cell that is not what it should be is an error naming the file, line and
//! column), months as an index for the x-axis.

use std::io::Read;
use std::path::Path;

use crate::PlotError;

/// The largest table `plot` reads: `actions.csv` has a row of about 100 bytes per actor per
/// month, so the longest run (1,200 months) of 500 actors fits, and so does anything shipped
/// (20 actors) at any horizon.
pub const TABLE_LIMIT: u64 = 64 << 20;

/// The bytes of the table at `path`, at most [`TABLE_LIMIT`] of them, read without first
/// reading the whole file (so `/dev/zero` costs the limit).
pub fn read_table(path: &Path) -> Result<Vec<u8>, std::io::Error> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
    }
    let mut bytes = Vec::new();
    file.take(TABLE_LIMIT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > TABLE_LIMIT {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("it is larger than {} MiB, more than any run writes", TABLE_LIMIT >> 20),
        ));
    }
    Ok(bytes)
}

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

    fn position(&self, name: &str, column: &str) -> Result<usize, PlotError> {
        self.header.iter().position(|h| h == column).ok_or_else(|| {
            PlotError::Input(format!(
                "{name}: no `{}` column: is this a table `statecraft run` wrote?",
                excerpt(column)
            ))
        })
    }

    pub fn text(&self, column: &str) -> Vec<&str> {
        match self.header.iter().position(|h| h == column) {
            Some(i) => self.rows.iter().map(|r| r.get(i).map_or("", String::as_str)).collect(),
            None => vec![""; self.rows.len()],
        }
    }

    /// A column that must be there, each cell one of `allowed` (any non-empty text if `None`).
    pub fn words(&self, name: &str, column: &str, allowed: Option<&[&str]>) -> Result<Vec<&str>, PlotError> {
        self.position(name, column)?;
        let cells = self.text(column);
        for (row, cell) in cells.iter().enumerate() {
            let ok = match allowed {
                Some(words) => words.contains(cell),
                None => !cell.is_empty(),
            };
            if !ok {
                let expected = allowed.map_or("a value".to_string(), |w| format!("one of {}", w.join(", ")));
                return Err(bad_cell(name, row, column, cell, &expected));
            }
        }
        Ok(cells)
    }

    /// A column that must be there, with a number in every cell.
    pub fn numbers(&self, name: &str, column: &str) -> Result<Vec<f64>, PlotError> {
        self.position(name, column)?;
        self.text(column)
            .iter()
            .enumerate()
            .map(|(row, cell)| {
                cell.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad_cell(name, row, column, cell, "a number"))
            })
            .collect()
    }

    /// The columns named `prefix` + an actor id, with the ids, in table order.
    pub fn by_actor(&self, prefix: &str) -> Vec<String> {
        self.header.iter().filter_map(|h| h.strip_prefix(prefix)).map(String::from).collect()
    }
}

/// An error at a cell: the file, its line, the column and what was expected.
pub(crate) fn bad_cell(name: &str, row: usize, column: &str, cell: &str, expected: &str) -> PlotError {
    let found = if cell.is_empty() { "an empty cell".to_string() } else { format!("`{}`", excerpt(cell)) };
    PlotError::Input(format!("{name}:{}: column `{}`: found {found}, expected {expected}", row + 2, excerpt(column)))
}

/// A cell or heading as a message quotes it: its first 60 characters if it is longer.
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
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

/// The months of a timeseries, as x positions: one row per month, in order.
pub fn months(table: &Table) -> Result<Vec<f64>, PlotError> {
    let dates = table.words("timeseries.csv", "date", None)?;
    let mut out: Vec<f64> = Vec::with_capacity(dates.len());
    for (i, d) in dates.iter().enumerate() {
        let m = month_index(d).ok_or_else(|| bad_cell("timeseries.csv", i, "date", d, "a month (YYYY-MM)"))?;
        if let Some(&before) = out.last()
            && f64::from(m) != before + 1.0
        {
            let next = month_label(before as i32 + 1);
            return Err(bad_cell("timeseries.csv", i, "date", d, &format!("{next}: one row per month")));
        }
        out.push(f64::from(m));
    }
    Ok(out)
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
        let t = Table::parse("t.csv", "date,x,y,chip_nvidia,chip_amd\n2026-01,1.5,2,H200,\n2026-02,,abc,H20,MI308\n")
            .unwrap();
        assert_eq!(t.by_actor("chip_"), vec!["nvidia", "amd"]);
        let error = |r: Result<Vec<f64>, PlotError>| r.unwrap_err().to_string();
        assert_eq!(error(t.numbers("t.csv", "x")), "t.csv:3: column `x`: found an empty cell, expected a number");
        assert_eq!(error(t.numbers("t.csv", "y")), "t.csv:3: column `y`: found `abc`, expected a number");
        assert!(error(t.numbers("t.csv", "z")).starts_with("t.csv: no `z` column"));
        assert_eq!(t.words("t.csv", "chip_nvidia", Some(&["H200", "H20"])).unwrap(), ["H200", "H20"]);
        assert!(t.words("t.csv", "chip_amd", None).unwrap_err().to_string().contains("t.csv:2: column `chip_amd`"));
        assert!(Table::parse("bad.csv", "a,b\n1,2,3\n").is_err());
        let long = Table::parse("t.csv", &format!("x\n{}\n", "9z".repeat(1_000_000))).unwrap();
        let message = error(long.numbers("t.csv", "x"));
        assert!(message.len() < 200 && message.contains("9z9z…`"), "{message}");
    }

    #[test]
    fn tables_are_read_up_to_the_limit() {
        let path = std::env::temp_dir().join(format!("statecraft-table-{}.csv", std::process::id()));
        std::fs::write(&path, "date\n2026-01\n").unwrap();
        assert_eq!(read_table(&path).unwrap(), b"date\n2026-01\n");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(TABLE_LIMIT + 1).unwrap();
        let err = read_table(&path).unwrap_err();
        assert_eq!(err.to_string(), "it is larger than 64 MiB, more than any run writes");
        std::fs::remove_file(&path).unwrap();
        // An endless file costs the limit, not the memory of the machine.
        if Path::new("/dev/zero").exists() {
            assert_eq!(read_table(Path::new("/dev/zero")).unwrap_err().kind(), std::io::ErrorKind::FileTooLarge);
        }
    }
}
