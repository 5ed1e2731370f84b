//! The backtest on real runs: the flagship's monthly tables, read as series, meet the record
//! through the metric names of `QUANTITIES`, and the stylised facts find their columns.

use std::path::PathBuf;

use statecraft_experiment::backtest::{Backtest, Measure, Outcome, QUANTITIES, Series};
use statecraft_experiment::facts::{self, Verdict};
use statecraft_experiment::record::Record;
use statecraft_scenario::{Disk, load};
use statecraft_sim::{Options, RunId, run};

/// The flagship run with `seed`, as the series a backtest reads.
fn flagship(seed: u64) -> Series {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/h200-commission.ron");
    let scenario = load(&path, &Disk, &[], &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario;
    let made = run(&scenario, RunId { seed, run: 0 }, Options::default());
    let metrics = made.metrics();
    let table = made.timeseries();
    Series::from_tables(metrics.dates[0], &metrics.names, &metrics.values, &table.header, &table.rows)
}

#[test]
fn every_mapped_metric_is_a_column_of_a_real_run() {
    let run = flagship(1);
    let mut missing = Vec::new();
    for (quantity, measure) in QUANTITIES {
        let columns: Vec<&str> = match *measure {
            Measure::Sum(c) | Measure::Mean(c) | Measure::Changes(c) | Measure::Reversals(c) => vec![c],
            Measure::SumWhere { column, when, .. } => vec![column, when],
            Measure::MonthsAmong { column, .. } => vec![column],
            Measure::NotModelled(_) => vec![],
        };
        for c in columns {
            if run.numbers(c).is_none() {
                missing.push(format!("{quantity}: {c}"));
            }
        }
    }
    assert!(missing.is_empty(), "metrics the runs do not have: {missing:?}");
    assert!(
        run.labels("chip_nvidia").is_some() && run.labels("beijing_move").is_some(),
        "label columns keep their text"
    );
}

#[test]
fn the_flagship_is_scored_on_the_observations_its_months_cover() {
    let runs: Vec<Series> = (1..=5).map(flagship).collect();
    let backtest = Backtest::score(&Record::shipped(), &runs);
    for score in &backtest.scores {
        let o = &score.observation;
        let covered = o.period.first >= runs[0].start;
        match &score.outcome {
            Outcome::Scored { runs: n, p5, median, p95, .. } => {
                assert!(covered, "{} {} is before the flagship starts", o.quantity, o.period);
                assert_eq!(*n, 5);
                assert!(p5 <= median && median <= p95, "{o:?}");
            }
            Outcome::NotCovered(why) => assert!(!covered && why.starts_with("the run covers"), "{}: {why}", o.quantity),
            Outcome::NotModelled(_) => {}
        }
    }
    assert!(backtest.scored() >= 4, "{backtest}");
    let text = backtest.to_string();
    assert!(text.lines().count() == backtest.scores.len() + 2, "{text}");
}

#[test]
fn the_facts_find_their_columns_in_real_runs() {
    let runs: Vec<Series> = (1..=3).map(flagship).collect();
    for check in facts::check(&runs) {
        if let Verdict::CannotTell(why) = &check.verdict {
            assert!(!why.contains("column") && !why.contains("no runs"), "{check}");
        }
    }
}
