//! Scoring a set of runs against the record: for each observation, the runs' median and 5–95%
//! band of the same quantity over the same months, the observed range, and whether the two
//! overlap. The score is the share of scored observations matched. Pure: it reads runs' monthly
//! series, whatever made them.
//!
//! [`QUANTITIES`] says, in one table, which metric produces each quantity of the record and
//! how it is aggregated over a period. A quantity the model has no metric for is reported as
//! not modelled, and one whose months the runs do not cover as not covered: neither is dropped,
//! and neither counts in the score.

use std::collections::BTreeMap;
use std::fmt;

use statecraft_scenario::Month;

use crate::record::{Observation, Record};

/// One run's monthly series, from its month `start`: the columns of `timeseries.csv` as numbers
/// (a label column holds its code, as in `Run::metrics`) and, for label columns, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub start: Month,
    numbers: BTreeMap<String, Vec<f64>>,
    labels: BTreeMap<String, Vec<String>>,
}

impl Series {
    pub fn new(start: Month) -> Series {
        Series { start, numbers: BTreeMap::new(), labels: BTreeMap::new() }
    }

    /// Add a numeric column, one value a month.
    pub fn number(mut self, name: &str, values: Vec<f64>) -> Series {
        self.numbers.insert(name.to_string(), values);
        self
    }

    /// Add a label column (a chip, a move, a stage), one label a month.
    pub fn label<S: Into<String>>(mut self, name: &str, values: impl IntoIterator<Item = S>) -> Series {
        self.labels.insert(name.to_string(), values.into_iter().map(Into::into).collect());
        self
    }

    /// A run's two monthly tables: `names` and `values[month][column]` as `Run::metrics` gives
    /// them, and `header` (date first) and `rows` as `Run::timeseries` gives them. A column whose
    /// cells are not all numbers is kept as labels too.
    pub fn from_tables(
        start: Month,
        names: &[String],
        values: &[Vec<f64>],
        header: &[String],
        rows: &[Vec<String>],
    ) -> Series {
        let mut series = Series::new(start);
        for (i, name) in names.iter().enumerate() {
            series
                .numbers
                .insert(name.clone(), values.iter().map(|row| row.get(i).copied().unwrap_or(f64::NAN)).collect());
        }
        for (i, name) in header.iter().enumerate().skip(1) {
            let column: Vec<String> = rows.iter().map(|row| row.get(i).cloned().unwrap_or_default()).collect();
            if column.iter().any(|cell| !cell.is_empty() && cell.parse::<f64>().is_err()) {
                series.labels.insert(name.clone(), column);
            }
        }
        series
    }

    /// How many months the series covers.
    pub fn months(&self) -> usize {
        self.numbers.values().map(Vec::len).chain(self.labels.values().map(Vec::len)).max().unwrap_or(0)
    }

    /// The names of the numeric columns (label columns too, as codes).
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.numbers.keys().map(String::as_str)
    }

    /// The names of the label columns.
    pub fn label_columns(&self) -> impl Iterator<Item = &str> {
        self.labels.keys().map(String::as_str)
    }

    pub fn numbers(&self, name: &str) -> Option<&[f64]> {
        self.numbers.get(name).map(Vec::as_slice)
    }

    pub fn labels(&self, name: &str) -> Option<&[String]> {
        self.labels.get(name).map(Vec::as_slice)
    }

    /// The indices of the months `first..=last`, if the series covers them all.
    fn span(&self, first: Month, last: Month) -> Option<std::ops::RangeInclusive<usize>> {
        let from = first.since(self.start);
        let to = last.since(self.start);
        (from >= 0 && (to as usize) < self.months()).then_some(from as usize..=to as usize)
    }
}

/// How a quantity of the record is computed from a run's monthly series over a period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    /// The sum of a column over the months: revenue over a quarter, units over a year.
    Sum(&'static str),
    /// The sum of `column` over the months in which `when` reads `is`: a vendor's revenue in the
    /// months its offer to China is the H20.
    SumWhere { column: &'static str, when: &'static str, is: &'static str },
    /// The mean of a column over the months; its value, for one month.
    Mean(&'static str),
    /// The months in which a column differs from the month before.
    Changes(&'static str),
    /// The months in which a column moves against its last move (up after down or down after
    /// up), its last move possibly before the period: as `Summary` counts ceiling reversals.
    Reversals(&'static str),
    /// The months in which a label column reads one of `labels`.
    MonthsAmong { column: &'static str, labels: &'static [&'static str] },
    /// The model has no metric for the quantity; the text says why.
    NotModelled(&'static str),
}

/// Beijing's moves that act against US chips or use minerals as leverage (MODEL.md section 8):
/// what the record counts as its retaliations.
pub const BEIJING_AGAINST_US: &[&str] =
    &["restrict_imports", "raise_domestic_ratio", "crack_down_on_smuggling", "tighten_rare_earths", "antitrust_probe"];

const NOT_CAPEX: &str = "the model has clouds' AI-chip budgets, not their capex";

/// Every quantity of the record and the metric that produces it.
pub const QUANTITIES: &[(&str, Measure)] = &[
    ("nvidia_china_revenue_usd_bn", Measure::Sum("revenue_usd_bn_nvidia")),
    (
        "nvidia_h20_revenue_usd_bn",
        Measure::SumWhere { column: "revenue_usd_bn_nvidia", when: "chip_nvidia", is: "H20" },
    ),
    ("nvidia_h20_units_chips", Measure::SumWhere { column: "shipments_nvidia", when: "chip_nvidia", is: "H20" }),
    ("h200_shipments_chips", Measure::SumWhere { column: "shipments_nvidia", when: "chip_nvidia", is: "H200" }),
    (
        "amd_china_revenue_usd_bn",
        Measure::NotModelled("AMD's China line covers all its products; the model's AMD sells AI accelerators only"),
    ),
    (
        "amd_mi308_china_revenue_usd_bn",
        Measure::SumWhere { column: "revenue_usd_bn_amd", when: "chip_amd", is: "MI308X" },
    ),
    ("huawei_ascend_output_chips", Measure::Sum("domestic_output")),
    ("smuggled_chips", Measure::Sum("grey_units")),
    ("grey_spend_usd_bn", Measure::Sum("grey_spend_usd_bn")),
    ("china_share_of_compute", Measure::Mean("china_share_of_compute")),
    ("capability_gap_months", Measure::Mean("capability_gap_months")),
    ("us_ceiling_changes", Measure::Changes("export_ceiling")),
    ("us_policy_reversals", Measure::Reversals("export_ceiling")),
    ("beijing_hostile_months", Measure::MonthsAmong { column: "beijing_move", labels: BEIJING_AGAINST_US }),
    ("bytedance_ai_chip_budget_usd_bn", Measure::Sum("budget_usd_bn_bytedance")),
    ("bytedance_capex_usd_bn", Measure::NotModelled(NOT_CAPEX)),
    ("alibaba_capex_usd_bn", Measure::NotModelled(NOT_CAPEX)),
    ("tencent_capex_usd_bn", Measure::NotModelled(NOT_CAPEX)),
];

/// The measure of a quantity: from [`QUANTITIES`], or not modelled.
pub fn measure(quantity: &str) -> Measure {
    QUANTITIES
        .iter()
        .find(|(q, _)| *q == quantity)
        .map_or(Measure::NotModelled("no metric is mapped to this quantity"), |(_, m)| *m)
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Measure::Sum(c) => write!(f, "sum of {c}"),
            Measure::SumWhere { column, when, is } => write!(f, "sum of {column} while {when} = {is}"),
            Measure::Mean(c) => write!(f, "mean of {c}"),
            Measure::Changes(c) => write!(f, "months {c} changes"),
            Measure::Reversals(c) => write!(f, "reversals of {c}"),
            Measure::MonthsAmong { column, .. } => write!(f, "months {column} is a move against the US"),
            Measure::NotModelled(why) => write!(f, "not modelled: {why}"),
        }
    }
}

impl Measure {
    /// The quantity in one run over `first..=last`, or why it cannot be had.
    pub fn of(&self, run: &Series, first: Month, last: Month) -> Result<f64, String> {
        let months = run
            .span(first, last)
            .ok_or_else(|| format!("the run covers {}..{}", run.start, run.start.plus(run.months() as i32 - 1)))?;
        let numbers = |name: &str| run.numbers(name).ok_or_else(|| format!("no column {name}"));
        let labels = |name: &str| run.labels(name).ok_or_else(|| format!("no column {name}"));
        match *self {
            Measure::Sum(column) => {
                let values = numbers(column)?;
                Ok(months.map(|t| at(values, t)).filter(|x| !x.is_nan()).sum())
            }
            Measure::SumWhere { column, when, is } => {
                let values = numbers(column)?;
                let offered = labels(when).unwrap_or(&[]);
                Ok(months
                    .filter(|&t| offered.get(t).is_some_and(|l| l == is))
                    .map(|t| at(values, t))
                    .filter(|x| !x.is_nan())
                    .sum())
            }
            Measure::Mean(column) => {
                let values = numbers(column)?;
                let known: Vec<f64> = months.map(|t| at(values, t)).filter(|x| !x.is_nan()).collect();
                if known.is_empty() {
                    return Err(format!("{column} is empty in these months"));
                }
                Ok(known.iter().sum::<f64>() / known.len() as f64)
            }
            Measure::Changes(column) => {
                let values = numbers(column)?;
                Ok(months.filter(|&t| t > 0 && at(values, t) != at(values, t - 1)).count() as f64)
            }
            Measure::Reversals(column) => {
                let values = numbers(column)?;
                let (mut last_direction, mut reversals) = (0i8, 0);
                for t in 1..=*months.end() {
                    let direction = match at(values, t).partial_cmp(&at(values, t - 1)) {
                        Some(std::cmp::Ordering::Greater) => 1,
                        Some(std::cmp::Ordering::Less) => -1,
                        _ => 0,
                    };
                    if direction != 0 {
                        if last_direction != 0 && direction != last_direction && months.contains(&t) {
                            reversals += 1;
                        }
                        last_direction = direction;
                    }
                }
                Ok(f64::from(reversals))
            }
            Measure::MonthsAmong { column, labels: among } => {
                let moves = labels(column)?;
                Ok(months.filter(|&t| moves.get(t).is_some_and(|m| among.contains(&m.as_str()))).count() as f64)
            }
            Measure::NotModelled(why) => Err(why.to_string()),
        }
    }
}

/// A month's value, NaN past the end of a shorter column.
fn at(values: &[f64], t: usize) -> f64 {
    values.get(t).copied().unwrap_or(f64::NAN)
}

/// The `q`-quantile of values by the lower rank ⌊q·(n − 1)⌋ of the sorted values, the rule
/// `distribution` uses for ensembles, so a backtest band and an ensemble's fan agree.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[libm::floor(q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64) as usize]
}

/// What the runs say of one observation.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The runs' median and 5–95% band, and whether the band overlaps the observed range.
    Scored {
        runs: usize,
        median: f64,
        p5: f64,
        p95: f64,
        matched: bool,
    },
    NotModelled(String),
    /// No run covers the period, or a run lacks the metric; the text says which.
    NotCovered(String),
}

/// One observation of the record, set against the runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub observation: Observation,
    pub measure: Measure,
    pub outcome: Outcome,
}

/// A set of runs scored against the record.
#[derive(Clone, Debug, PartialEq)]
pub struct Backtest {
    pub scores: Vec<Score>,
}

/// The columns of `backtest.csv`.
pub const CSV_HEADER: [&str; 14] = [
    "quantity",
    "period",
    "unit",
    "value",
    "low",
    "high",
    "reliability",
    "runs",
    "model_median",
    "model_p5",
    "model_p95",
    "verdict",
    "measure",
    "source",
];

impl Backtest {
    /// Score every observation of `record` against `runs`: for each, the runs that cover its
    /// period give one value each, and their median and 5–95% band meet the observed range.
    pub fn score(record: &Record, runs: &[Series]) -> Backtest {
        let scores = record
            .observations
            .iter()
            .map(|o| {
                let measure = measure(&o.quantity);
                let outcome = if let Measure::NotModelled(why) = measure {
                    Outcome::NotModelled(why.to_string())
                } else {
                    let mut values = Vec::new();
                    let mut why = None;
                    for run in runs {
                        match measure.of(run, o.period.first, o.period.last) {
                            Ok(v) => values.push(v),
                            Err(e) => why = why.or(Some(e)),
                        }
                    }
                    if values.is_empty() {
                        Outcome::NotCovered(why.unwrap_or_else(|| "no runs".to_string()))
                    } else {
                        values.sort_by(f64::total_cmp);
                        let (p5, median, p95) =
                            (quantile(&values, 0.05), quantile(&values, 0.5), quantile(&values, 0.95));
                        Outcome::Scored { runs: values.len(), median, p5, p95, matched: p5 <= o.high && p95 >= o.low }
                    }
                };
                Score { observation: o.clone(), measure, outcome }
            })
            .collect();
        Backtest { scores }
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.scores.iter().filter(|s| f(&s.outcome)).count()
    }

    pub fn scored(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Scored { .. }))
    }

    pub fn matched(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Scored { matched: true, .. }))
    }

    /// The share of scored observations the runs match, if any was scored.
    pub fn score_share(&self) -> Option<f64> {
        let scored = self.scored();
        (scored > 0).then(|| self.matched() as f64 / scored as f64)
    }

    /// One row of `backtest.csv` per observation, in [`CSV_HEADER`]'s order: numbers in full
    /// precision, an open side or a missing model value empty.
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        let exact = |x: f64| if x.is_finite() { format!("{x}") } else { String::new() };
        self.scores
            .iter()
            .map(|s| {
                let o = &s.observation;
                let (runs, median, p5, p95) = match s.outcome {
                    Outcome::Scored { runs, median, p5, p95, .. } => {
                        (runs.to_string(), exact(median), exact(p5), exact(p95))
                    }
                    _ => Default::default(),
                };
                vec![
                    o.quantity.clone(),
                    o.period.to_string(),
                    o.unit.clone(),
                    exact(o.value),
                    exact(o.low),
                    exact(o.high),
                    format!("{:?}", o.reliability),
                    runs,
                    median,
                    p5,
                    p95,
                    verdict(&s.outcome).to_string(),
                    s.measure.to_string(),
                    o.sources.join(";"),
                ]
            })
            .collect()
    }
}

fn verdict(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Scored { matched: true, .. } => "match",
        Outcome::Scored { matched: false, .. } => "miss",
        Outcome::NotModelled(_) => "not modelled",
        Outcome::NotCovered(_) => "not covered",
    }
}

/// A number for a table: three significant digits, thousands as k and millions as M.
pub fn short(x: f64) -> String {
    let trim = |s: String| if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    let a = x.abs();
    if x.is_infinite() {
        return if x > 0.0 { "∞".into() } else { "−∞".into() };
    }
    if a >= 1e6 {
        format!("{}M", trim(format!("{:.2}", x / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim(format!("{:.0}", x / 1e3)))
    } else if a >= 100.0 || a == 0.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        trim(format!("{x:.1}"))
    } else if a >= 1.0 {
        trim(format!("{x:.2}"))
    } else {
        trim(format!("{x:.3}"))
    }
}

impl fmt::Display for Backtest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not_modelled = self.count(|o| matches!(o, Outcome::NotModelled(_)));
        let not_covered = self.count(|o| matches!(o, Outcome::NotCovered(_)));
        let share = self.score_share().map_or("no score".to_string(), |s| format!("{:.0}%", s * 100.0));
        writeln!(
            f,
            "{} of {} scored observations matched ({share}); {not_modelled} not modelled, {not_covered} not covered",
            self.matched(),
            self.scored()
        )?;
        let rows: Vec<[String; 5]> = self
            .scores
            .iter()
            .map(|s| {
                let o = &s.observation;
                let observed = if o.low == o.high {
                    short(o.value)
                } else {
                    format!("{} [{}, {}]", short(o.value), short(o.low), short(o.high))
                };
                let (model, verdict) = match &s.outcome {
                    Outcome::Scored { median, p5, p95, .. } => (
                        format!("{} [{}, {}]", short(*median), short(*p5), short(*p95)),
                        verdict(&s.outcome).to_string(),
                    ),
                    Outcome::NotModelled(why) | Outcome::NotCovered(why) => {
                        ("—".to_string(), format!("{}: {why}", verdict(&s.outcome)))
                    }
                };
                [o.quantity.clone(), o.period.to_string(), observed, model, verdict]
            })
            .collect();
        let head = ["quantity", "period", "observed [range]", "model median [5%, 95%]", "verdict"].map(String::from);
        let widths: Vec<usize> =
            (0..4).map(|i| rows.iter().chain([&head]).map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
        for row in [&head].into_iter().chain(&rows) {
            for (cell, width) in row.iter().zip(&widths) {
                write!(f, "{cell}{}  ", " ".repeat(width - cell.chars().count()))?;
            }
            writeln!(f, "{}", row[4])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    fn record(rows: &str) -> Record {
        let text = format!("quantity,period,value,low,high,unit,source,reliability,note\n{rows}");
        Record::parse("record.csv", &text).unwrap()
    }

    /// A year of months from 2024-01 with Nvidia's revenue rising by 1 a month: 1, 2, …, 12.
    fn rising(offset: f64) -> Series {
        let revenue: Vec<f64> = (1..=12).map(|i| f64::from(i) + offset).collect();
        let chips = ["H20", "H20", "H20", "H20", "H20", "H20", "H200", "H200", "H200", "H200", "H200", "H200"];
        Series::new(m("2024-01")).number("revenue_usd_bn_nvidia", revenue).label("chip_nvidia", chips)
    }

    #[test]
    fn quantiles_use_the_lower_rank_and_are_exact_on_small_samples() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!((quantile(&values, 0.05), quantile(&values, 0.5), quantile(&values, 0.95)), (1.0, 3.0, 4.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.0, "the lower median");
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!((quantile(&hundred, 0.05), quantile(&hundred, 0.5), quantile(&hundred, 0.95)), (5.0, 50.0, 95.0));
        assert_eq!(quantile(&[7.0], 0.95), 7.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn a_quarter_sums_its_three_months_and_a_label_selects_months() {
        let run = rising(0.0);
        let sum = Measure::Sum("revenue_usd_bn_nvidia");
        assert_eq!(sum.of(&run, m("2024-02"), m("2024-04")), Ok(2.0 + 3.0 + 4.0));
        let h20 = measure("nvidia_h20_revenue_usd_bn");
        assert_eq!(h20.of(&run, m("2024-05"), m("2024-08")), Ok(5.0 + 6.0), "only the H20 months");
        assert_eq!(Measure::Mean("revenue_usd_bn_nvidia").of(&run, m("2024-12"), m("2024-12")), Ok(12.0));
        assert_eq!(
            sum.of(&run, m("2024-11"), m("2025-01")),
            Err("the run covers 2024-01..2024-12".to_string()),
            "a period the run does not cover is not scored"
        );
        assert_eq!(Measure::Sum("grey_units").of(&run, m("2024-01"), m("2024-03")), Err("no column grey_units".into()));
    }

    #[test]
    fn changes_reversals_and_months_among_count_what_they_say() {
        // Ceiling codes: up, up, down (a reversal), hold, up (a reversal), down (a reversal).
        let codes = vec![0.0, 1.0, 2.0, 1.0, 1.0, 2.0, 1.0];
        let moves =
            ["hold", "restrict_imports", "hold", "approve_imports", "tighten_rare_earths", "hold", "antitrust_probe"];
        let run = Series::new(m("2025-01")).number("export_ceiling", codes).label("beijing_move", moves);
        let (first, last) = (m("2025-01"), m("2025-07"));
        assert_eq!(Measure::Changes("export_ceiling").of(&run, first, last), Ok(5.0));
        assert_eq!(Measure::Reversals("export_ceiling").of(&run, first, last), Ok(3.0));
        assert_eq!(
            Measure::Reversals("export_ceiling").of(&run, m("2025-05"), last),
            Ok(2.0),
            "the move before counts"
        );
        assert_eq!(measure("beijing_hostile_months").of(&run, first, last), Ok(3.0));
    }

    #[test]
    fn a_band_that_overlaps_matches_and_one_that_misses_does_not() {
        // Ten runs whose Q2 revenue (Apr–Jun) is 15 + 3k for k = 0..9: 15, 18, …, 42.
        let runs: Vec<Series> = (0..10).map(|k| rising(f64::from(k))).collect();
        let rows = "nvidia_china_revenue_usd_bn,2024-04..2024-06,40,35,45,usd_bn,a-1,A,\n\
                    nvidia_china_revenue_usd_bn,2024-07..2024-09,60,55,65,usd_bn,a-1,A,\n\
                    nvidia_h20_revenue_usd_bn,2024-01..2024-06,21,,25,usd_bn,a-1,B,\n\
                    alibaba_capex_usd_bn,2024-01..2024-12,17,16,18,usd_bn,a-1,B,\n\
                    smuggled_chips,2024-01..2024-12,1,1,1,chips,a-1,A,\n\
                    capability_gap_months,2026-01,4,3,6,months,a-1,B,\n";
        let backtest = Backtest::score(&record(rows), &runs);
        let outcomes: Vec<&Outcome> = backtest.scores.iter().map(|s| &s.outcome).collect();
        // Q2 values 15..=42 by 3: lower-rank 5% = 15, median (rank 4) = 27, 95% (rank 8) = 39.
        assert_eq!(*outcomes[0], Outcome::Scored { runs: 10, median: 27.0, p5: 15.0, p95: 39.0, matched: true });
        // Q3: 24 + 3k: band [24, 48] misses [55, 65].
        assert_eq!(*outcomes[1], Outcome::Scored { runs: 10, median: 36.0, p5: 24.0, p95: 48.0, matched: false });
        // H20 months Jan–Jun: 21 + 6k; an open low side.
        assert!(matches!(outcomes[2], Outcome::Scored { median: 45.0, p5: 21.0, matched: true, .. }));
        assert!(matches!(outcomes[3], Outcome::NotModelled(why) if why.contains("capex")));
        assert_eq!(*outcomes[4], Outcome::NotCovered("no column grey_units".into()));
        assert!(matches!(outcomes[5], Outcome::NotCovered(_)));
        assert_eq!((backtest.matched(), backtest.scored(), backtest.score_share()), (2, 3, Some(2.0 / 3.0)));
        let text = backtest.to_string();
        assert!(
            text.starts_with("2 of 3 scored observations matched (67%); 1 not modelled, 2 not covered\n"),
            "{text}"
        );
        assert!(text.contains("27 [15, 39]") && text.contains("miss") && text.contains("not modelled: the model has"));
        let csv = backtest.csv_rows();
        assert_eq!(
            csv[0],
            [
                "nvidia_china_revenue_usd_bn",
                "2024-04..2024-06",
                "usd_bn",
                "40",
                "35",
                "45",
                "A",
                "10",
                "27",
                "15",
                "39",
                "match",
                "sum of revenue_usd_bn_nvidia",
                "a-1"
            ]
        );
        assert_eq!(csv[2][4], "", "an open side is empty");
        assert_eq!(csv[3][7..12], ["", "", "", "", "not modelled"]);
        assert!(csv.iter().all(|row| row.len() == CSV_HEADER.len()));
    }

    #[test]
    fn series_read_from_a_runs_tables_keep_numbers_and_labels() {
        let names = vec!["revenue_usd_bn_nvidia".to_string(), "chip_nvidia".to_string()];
        let values = vec![vec![1.5, 2.0], vec![2.5, 2.0]];
        let header = vec!["date".to_string(), "revenue_usd_bn_nvidia".to_string(), "chip_nvidia".to_string()];
        let rows = vec![
            vec!["2024-01".into(), "1.5".into(), "H20".into()],
            vec!["2024-02".into(), "2.5".into(), "H20".into()],
        ];
        let run = Series::from_tables(m("2024-01"), &names, &values, &header, &rows);
        assert_eq!(run.months(), 2);
        assert_eq!(run.numbers("revenue_usd_bn_nvidia"), Some(&[1.5, 2.5][..]));
        assert_eq!(run.labels("chip_nvidia").map(<[String]>::len), Some(2));
        assert_eq!(run.labels("revenue_usd_bn_nvidia"), None, "a numeric column is not a label");
        assert_eq!(measure("nvidia_h20_revenue_usd_bn").of(&run, m("2024-01"), m("2024-02")), Ok(4.0));
    }

    #[test]
    fn every_quantity_of_the_shipped_record_has_an_entry_in_the_table() {
        let record = Record::shipped();
        let unmapped: Vec<&str> = record
            .observations
            .iter()
            .map(|o| o.quantity.as_str())
            .filter(|q| !QUANTITIES.iter().any(|(known, _)| known == q))
            .collect();
        assert!(unmapped.is_empty(), "map these in QUANTITIES (or as NotModelled): {unmapped:?}");
    }

    #[test]
    fn short_numbers_read_at_a_glance() {
        let shown: Vec<String> =
            [1_250_000.0, 140_000.0, 4_030.0, 17.1, 4.6, 0.05, 0.0, f64::INFINITY].map(short).into();
        assert_eq!(shown, ["1.25M", "140k", "4030", "17.1", "4.6", "0.05", "0", "∞"]);
    }
}
