//! The record: what was observed between 2022 and 2026, one observation a row of
//! `assets/record.csv` (`quantity, period, value, low, high, unit, source, reliability, note`),
//! each citing its sources by the keys of `docs/sources.md`. Reading it checks every cell and
//! reports a bad one at `file:line:col`; the backtest scores runs against what it reads.

use std::collections::BTreeSet;

use statecraft_scenario::{Diagnostic, Diagnostics, Month, SourceId, Sources, Span};

/// The record that ships with statecraft.
pub const RECORD: &str = include_str!("../../../assets/record.csv");
pub const RECORD_NAME: &str = "assets/record.csv";

const HEADER: [&str; 9] = ["quantity", "period", "value", "low", "high", "unit", "source", "reliability", "note"];

/// Months from `first` to `last`, both included: a fiscal quarter is `2024-02..2024-04`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub first: Month,
    pub last: Month,
}

impl Period {
    /// `YYYY-MM..YYYY-MM`, or `YYYY-MM` for one month.
    pub fn parse(text: &str) -> Option<Period> {
        let (first, last) = text.split_once("..").unwrap_or((text, text));
        let period = Period { first: Month::parse(first)?, last: Month::parse(last)? };
        (period.first <= period.last).then_some(period)
    }

    pub fn months(&self) -> usize {
        self.last.since(self.first) as usize + 1
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

/// How far a source can be trusted, as `docs/sources.md` defines the tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reliability {
    /// Primary or near-primary: a rule, a filing, a government report.
    A,
    /// Reputable secondary reporting.
    B,
    /// Low reliability: an aggregator, a forum, a figure that could not be checked.
    C,
}

/// One observed quantity over one period, with the range the sources allow.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    pub quantity: String,
    pub period: Period,
    pub value: f64,
    /// The range the sources allow; −∞ or +∞ where a side is open ("at least $1bn").
    pub low: f64,
    pub high: f64,
    pub unit: String,
    /// Keys of `docs/sources.md`.
    pub sources: Vec<String>,
    pub reliability: Reliability,
    pub note: String,
    /// Where the row is, for messages: 1-based line of `assets/record.csv`.
    pub line: usize,
}

/// Every observation of a record file, in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub observations: Vec<Observation>,
}

impl Record {
    /// The record that ships with statecraft.
    pub fn shipped() -> Record {
        Record::parse(RECORD_NAME, RECORD).expect("the shipped record is checked by its tests")
    }

    /// Read and check a record file: every problem is reported, each at its `file:line:col`.
    pub fn parse(name: &str, text: &str) -> Result<Record, Diagnostics> {
        let mut sources = Sources::default();
        let id = sources.add(name, text);
        let mut reader = Reader { id, problems: Vec::new() };
        let observations = reader.rows(text);
        if reader.problems.is_empty() {
            Ok(Record { observations })
        } else {
            Err(Diagnostics { sources, list: reader.problems })
        }
    }

    /// Every source key the record cites, once each.
    pub fn keys(&self) -> BTreeSet<&str> {
        self.observations.iter().flat_map(|o| o.sources.iter().map(String::as_str)).collect()
    }
}

/// A cell of one line: its text (quotes removed) and where it is in the file.
struct Cell {
    text: String,
    start: usize,
    end: usize,
}

struct Reader {
    id: SourceId,
    problems: Vec<Diagnostic>,
}

impl Reader {
    fn problem(&mut self, start: usize, end: usize, message: String, hint: &str) {
        let hint = (!hint.is_empty()).then(|| hint.to_string());
        self.problems.push(Diagnostic::new(message).at(Some(Span::new(self.id, start, end))).hint(hint));
    }

    fn rows(&mut self, text: &str) -> Vec<Observation> {
        let mut observations = Vec::new();
        let mut seen = BTreeSet::new();
        let mut offset = 0;
        let mut header = true;
        for (index, raw) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            if header {
                header = false;
                let names: Vec<&str> = line.split(',').collect();
                if names != HEADER {
                    let hint = format!("the first line names the columns: {}", HEADER.join(","));
                    self.problem(start, start + line.len(), "this is not a record file's header".into(), &hint);
                    return observations;
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let Some(cells) = self.split(line, start) else { continue };
            if cells.len() != HEADER.len() {
                let message = format!("expected {} cells ({}), found {}", HEADER.len(), HEADER.join(", "), cells.len());
                self.problem(start, start + line.len(), message, "quote a cell that contains a comma: \"like, this\"");
                continue;
            }
            if let Some(observation) = self.observation(&cells, index + 1) {
                let key = (observation.quantity.clone(), observation.period);
                if seen.insert(key) {
                    observations.push(observation);
                } else {
                    let message = format!("{} for {} is recorded twice", observation.quantity, observation.period);
                    self.problem(cells[0].start, cells[1].end, message, "merge the two rows into one range");
                }
            }
        }
        if header {
            self.problem(0, 0, "the record file is empty".into(), &format!("its first line is {}", HEADER.join(",")));
        }
        observations
    }

    /// The cells of one line, RFC 4180 style: a quoted cell may hold commas and `""`.
    fn split(&mut self, line: &str, at: usize) -> Option<Vec<Cell>> {
        let mut cells = Vec::new();
        let mut chars = line.char_indices().peekable();
        let mut start = 0;
        loop {
            let mut text = String::new();
            if chars.peek().is_some_and(|&(_, c)| c == '"') {
                chars.next();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    if c != '"' {
                        text.push(c);
                    } else if chars.peek().is_some_and(|&(_, c)| c == '"') {
                        chars.next();
                        text.push('"');
                    } else {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    self.problem(
                        at + start,
                        at + line.len(),
                        "this quoted cell is not closed".into(),
                        "a cell cannot span lines; end it with \"",
                    );
                    return None;
                }
                if let Some(&(i, c)) = chars.peek()
                    && c != ','
                {
                    self.problem(at + i, at + i + c.len_utf8(), "expected a comma after a quoted cell".into(), "");
                    return None;
                }
            } else {
                while let Some(&(_, c)) = chars.peek() {
                    if c == ',' {
                        break;
                    }
                    text.push(c);
                    chars.next();
                }
            }
            let end = chars.peek().map_or(line.len(), |&(i, _)| i);
            cells.push(Cell { text, start: at + start, end: at + end });
            match chars.next() {
                Some((i, _)) => start = i + 1,
                None => return Some(cells),
            }
        }
    }

    fn observation(&mut self, cells: &[Cell], line: usize) -> Option<Observation> {
        let before = self.problems.len();
        let quantity = self.word(&cells[0], "quantity", "a name in snake_case, such as nvidia_china_revenue_usd_bn");
        let period = Period::parse(cells[1].text.trim());
        if period.is_none() {
            let message = format!("expected a period, found {:?}", cells[1].text);
            self.problem(
                cells[1].start,
                cells[1].end,
                message,
                "write YYYY-MM..YYYY-MM (both months included), or YYYY-MM",
            );
        }
        let value = self.number(&cells[2], "value", None);
        let low = self.number(&cells[3], "low", Some(f64::NEG_INFINITY));
        let high = self.number(&cells[4], "high", Some(f64::INFINITY));
        if let (Some(value), Some(low), Some(high)) = (value, low, high) {
            if low > value {
                self.problem(
                    cells[3].start,
                    cells[3].end,
                    format!("low {low} is above the value {value}"),
                    "low ≤ value ≤ high",
                );
            }
            if high < value {
                self.problem(
                    cells[4].start,
                    cells[4].end,
                    format!("high {high} is below the value {value}"),
                    "low ≤ value ≤ high",
                );
            }
        }
        let unit = self.word(&cells[5], "unit", "a unit such as usd_bn, chips, share, months or count");
        let sources: Vec<String> = cells[6].text.split(';').map(|k| k.trim().to_string()).collect();
        if sources.iter().any(|k| !is_key(k)) {
            let message = format!("expected source keys, found {:?}", cells[6].text);
            self.problem(cells[6].start, cells[6].end, message, "cite keys of docs/sources.md, separated by ';'");
        }
        let reliability = match cells[7].text.trim() {
            "A" => Some(Reliability::A),
            "B" => Some(Reliability::B),
            "C" => Some(Reliability::C),
            other => {
                let message = format!("expected a reliability tag, found {other:?}");
                self.problem(
                    cells[7].start,
                    cells[7].end,
                    message,
                    "A (primary), B (reputable secondary) or C (low reliability)",
                );
                None
            }
        };
        if self.problems.len() > before {
            return None;
        }
        Some(Observation {
            quantity: quantity?,
            period: period?,
            value: value?,
            low: low?,
            high: high?,
            unit: unit?,
            sources,
            reliability: reliability?,
            note: cells[8].text.clone(),
            line,
        })
    }

    fn word(&mut self, cell: &Cell, what: &str, hint: &str) -> Option<String> {
        let text = cell.text.trim();
        let ok = text.starts_with(|c: char| c.is_ascii_lowercase())
            && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Some(text.to_string())
        } else {
            self.problem(cell.start, cell.end, format!("expected a {what}, found {text:?}"), hint);
            None
        }
    }

    /// A finite number; an empty cell is `open` (an unbounded side) where that is allowed.
    fn number(&mut self, cell: &Cell, what: &str, open: Option<f64>) -> Option<f64> {
        let text = cell.text.trim();
        if text.is_empty()
            && let Some(open) = open
        {
            return Some(open);
        }
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                let hint =
                    if open.is_some() { "a number, or nothing for an open side" } else { "a number such as 4.6" };
                self.problem(cell.start, cell.end, format!("expected the {what} as a number, found {text:?}"), hint);
                None
            }
        }
    }
}

/// A source key: lowercase words, digits and dots joined by hyphens (`cnas-2025-06-smuggling`).
pub fn is_key(text: &str) -> bool {
    text.contains('-')
        && text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "quantity,period,value,low,high,unit,source,reliability,note\n";

    fn error(body: &str) -> (String, String) {
        let d = Record::parse("record.csv", &format!("{HEAD}{body}")).unwrap_err();
        (d.first_location().unwrap(), d.list[0].message.clone())
    }

    #[test]
    fn the_shipped_record_reads_and_every_row_keeps_low_le_value_le_high() {
        let record = Record::shipped();
        assert!(record.observations.len() >= 25, "{} observations", record.observations.len());
        for o in &record.observations {
            assert!(o.low <= o.value && o.value <= o.high, "line {}: {o:?}", o.line);
            assert!(!o.sources.is_empty(), "line {}", o.line);
        }
    }

    #[test]
    fn a_row_reads_with_quotes_open_sides_and_one_month_periods() {
        let body = "grey_spend_usd_bn,2025-05,1,1,,usd_bn,a-1;b-2,B,\"at least $1bn, \"\"FT\"\"\"\n";
        let record = Record::parse("record.csv", &format!("{HEAD}{body}")).unwrap();
        let o = &record.observations[0];
        assert_eq!(o.period.months(), 1);
        assert_eq!((o.low, o.high), (1.0, f64::INFINITY));
        assert_eq!(o.sources, ["a-1", "b-2"]);
        assert_eq!(o.note, "at least $1bn, \"FT\"");
        assert_eq!(o.line, 2);
        assert_eq!(record.keys().into_iter().collect::<Vec<_>>(), ["a-1", "b-2"]);
    }

    #[test]
    fn a_bad_cell_is_reported_at_its_line_and_column() {
        assert_eq!(error("q,2024-02..2024-04,x,1,2,usd_bn,a-1,A,n\n").0, "record.csv:2:20");
        assert_eq!(error("q,2024-04..2024-02,1,1,2,usd_bn,a-1,A,n\n").0, "record.csv:2:3");
        let (at, message) = error("q,2024-02,3,1,2,usd_bn,a-1,A,n\n");
        assert_eq!((at.as_str(), message.as_str()), ("record.csv:2:15", "high 2 is below the value 3"));
        assert_eq!(error("q,2024-02,1,1,2,usd_bn,Nvidia 10-K,A,n\n").0, "record.csv:2:24");
        assert_eq!(error("q,2024-02,1,1,2,usd_bn,a-1,D,n\n").0, "record.csv:2:28");
        assert_eq!(
            error("q,2024-02,1,1,2,usd_bn,a-1,A\n").1,
            "expected 9 cells (quantity, period, value, low, high, unit, source, reliability, note), found 8"
        );
        assert_eq!(error("q,2024-02,1,1,2,usd_bn,a-1,A,\"open\n").1, "this quoted cell is not closed");
        assert_eq!(error("Q,2024-02,1,1,2,usd_bn,a-1,A,n\n").1, "expected a quantity, found \"Q\"");
    }

    #[test]
    fn every_problem_is_reported_not_only_the_first() {
        let body = "q,2024-02,inf,1,2,usd_bn,a-1,A,n\nq,2024-03,1,1,2,usd_bn,a-1,E,n\nq,2024-03,1,1,2,usd_bn,a-1,A,n\nq,2024-03,1,1,2,usd_bn,a-1,A,n\n";
        let d = Record::parse("record.csv", &format!("{HEAD}{body}")).unwrap_err();
        let at: Vec<String> = d.list.iter().map(|p| d.sources.locate(p.span.unwrap())).collect();
        assert_eq!(at, ["record.csv:2:11", "record.csv:3:28", "record.csv:5:1"]);
        assert_eq!(d.list[2].message, "q for 2024-03..2024-03 is recorded twice");
    }

    #[test]
    fn a_file_without_the_header_or_with_nothing_is_refused() {
        let d = Record::parse("record.csv", "quantity,period,value\n").unwrap_err();
        assert_eq!(d.first_location().unwrap(), "record.csv:1:1");
        assert_eq!(Record::parse("record.csv", "").unwrap_err().list[0].message, "the record file is empty");
        assert!(Record::parse("record.csv", HEAD).unwrap().observations.is_empty());
    }

    #[test]
    fn periods_read_as_inclusive_month_ranges() {
        let quarter = Period::parse("2024-02..2024-04").unwrap();
        assert_eq!((quarter.months(), quarter.to_string().as_str()), (3, "2024-02..2024-04"));
        assert_eq!(Period::parse("2024-12").unwrap().months(), 1);
        assert_eq!(Period::parse("2024-01..2024-12").unwrap().months(), 12);
        assert!(Period::parse("2024-13").is_none() && Period::parse("2024-05..2024-04").is_none());
    }
}
