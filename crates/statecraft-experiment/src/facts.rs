//! The stylised facts of the period (MODEL.md section 12) as stated checks over a set of runs:
//! each fact names what it measures, its threshold, the value the runs give and a verdict. A
//! fact is measured, never wired into a mechanism: a check that fails says the model does not
//! reproduce it. Values are medians over runs (by the lower rank, as in `backtest`) or, where a
//! fact compares kinds of months, means over every run's months of each kind.
//!
//! Facts the monthly tables cannot show are not checked here: 3 (design-to-threshold needs the
//! vendors' designs over time). A check whose months never occur (no run offers the H20, the
//! HBM stock never runs out) cannot tell, and says so.

use std::fmt;

use crate::backtest::{BEIJING_AGAINST_US, Measure, Series, quantile};

/// Whether the runs show a fact.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Holds,
    Fails,
    /// The runs have no months the check needs; the text says which.
    CannotTell(String),
}

/// One stylised fact, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// Its number in MODEL.md section 12.
    pub fact: u8,
    /// What is checked, with its threshold.
    pub claim: &'static str,
    /// The values the runs give.
    pub value: String,
    pub verdict: Verdict,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match &self.verdict {
            Verdict::Holds => "holds".to_string(),
            Verdict::Fails => "fails".to_string(),
            Verdict::CannotTell(why) => format!("cannot tell ({why})"),
        };
        write!(f, "fact {}: {}: {}: {verdict}", self.fact, self.claim, self.value)
    }
}

impl Check {
    /// A fact the runs have no months for.
    fn unknown(fact: u8, claim: &'static str, why: &str) -> Check {
        Check { fact, claim, value: "—".into(), verdict: Verdict::CannotTell(why.into()) }
    }

    /// A fact measured by one value: NaN when the runs have no months for it.
    fn of(fact: u8, claim: &'static str, x: f64, value: String, holds: bool, why: &str) -> Check {
        if x.is_nan() {
            Check::unknown(fact, claim, why)
        } else {
            Check { fact, claim, value, verdict: verdict(holds) }
        }
    }
}

fn verdict(holds: bool) -> Verdict {
    if holds { Verdict::Holds } else { Verdict::Fails }
}

/// The lower-rank median of the values the runs give (NaN values left out).
fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.into_iter().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    quantile(&v, 0.5)
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn column<'a>(run: &'a Series, name: &str) -> &'a [f64] {
    run.numbers(name).unwrap_or(&[])
}

fn years(run: &Series) -> f64 {
    run.months() as f64 / 12.0
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Every fact the monthly tables can show, checked over `runs`.
pub fn check(runs: &[Series]) -> Vec<Check> {
    vec![
        bounded_gap(runs),
        effort_under_scarcity(runs),
        downgraded_chips_suppressed(runs),
        capable_chips_accepted(runs),
        volatile_policy(runs),
        orders_exceed_shipments(runs),
        summits_ease_rare_earths(runs),
        retaliation_then_truce(runs),
        congress_rarely_binds(runs),
        leakage_persists(runs),
        hbm_binds(runs),
        nvidia_resilient(runs),
        us_lead_widens(runs),
    ]
}

/// Fact 1: controls slow but do not stop capability.
fn bounded_gap(runs: &[Series]) -> Check {
    let gap = median(runs.iter().map(|r| column(r, "capability_gap_months").iter().copied().fold(f64::NAN, f64::max)));
    let first = median(runs.iter().map(|r| column(r, "china_share_of_compute").first().copied().unwrap_or(f64::NAN)));
    let last = median(runs.iter().map(|r| column(r, "china_share_of_compute").last().copied().unwrap_or(f64::NAN)));
    Check {
        fact: 1,
        claim: "the capability gap stays below 12 months while China's share of compute falls",
        value: format!("gap max {gap:.1} months, share {} → {}", pct(first), pct(last)),
        verdict: if gap.is_nan() || first.is_nan() {
            Verdict::CannotTell("no capability or compute columns".into())
        } else {
            verdict(gap < 12.0 && last < first)
        },
    }
}

/// Fact 2: labs make more efficiency effort when compute is scarce.
fn effort_under_scarcity(runs: &[Series]) -> Check {
    let (mut scarce, mut ample) = (Vec::new(), Vec::new());
    for run in runs {
        let share = column(run, "china_share_of_compute");
        let middle = median(share.iter().copied());
        for name in run.columns().filter(|c| c.starts_with("effort_")) {
            for (t, effort) in column(run, name).iter().enumerate() {
                match share.get(t) {
                    Some(&s) if s < middle => scarce.push(*effort),
                    Some(&s) if s > middle => ample.push(*effort),
                    _ => {}
                }
            }
        }
    }
    let claim = "labs' effort (0 low to 2 high) is at least as high in months when China's compute share is below the run's median as above it";
    match (mean(&scarce), mean(&ample)) {
        (Some(s), Some(a)) => {
            Check { fact: 2, claim, value: format!("{s:.2} scarce vs {a:.2} ample"), verdict: verdict(s >= a) }
        }
        _ => Check::unknown(2, claim, "no lab effort columns"),
    }
}

/// The mean of `column` over every run's months in which Nvidia offers `chip`.
fn while_offered(runs: &[Series], column_name: &str, chip: &str) -> Option<f64> {
    let mut values = Vec::new();
    for run in runs {
        let chips = run.labels("chip_nvidia").unwrap_or(&[]);
        let column = column(run, column_name);
        values.extend(chips.iter().zip(column).filter(|(c, _)| *c == chip).map(|(_, v)| *v));
    }
    mean(&values)
}

/// Fact 4: Beijing suppresses demand for downgraded chips.
fn downgraded_chips_suppressed(runs: &[Series]) -> Check {
    let claim = "with the H20 on offer, Beijing approves at most half of China's orders";
    match while_offered(runs, "import_approval_rate", "H20") {
        Some(rate) => {
            Check { fact: 4, claim, value: format!("approval rate {}", pct(rate)), verdict: verdict(rate <= 0.5) }
        }
        None => Check::unknown(4, claim, "no run offers the H20"),
    }
}

/// Fact 5: Beijing accepts a large enough capability jump.
fn capable_chips_accepted(runs: &[Series]) -> Check {
    let claim = "Beijing approves more of the orders with the H200 on offer than with the H20";
    match (while_offered(runs, "import_approval_rate", "H200"), while_offered(runs, "import_approval_rate", "H20")) {
        (Some(h200), Some(h20)) => {
            Check { fact: 5, claim, value: format!("{} vs {}", pct(h200), pct(h20)), verdict: verdict(h200 > h20) }
        }
        _ => Check::unknown(5, claim, "the runs do not offer both the H20 and the H200"),
    }
}

/// Fact 6: US policy is volatile.
fn volatile_policy(runs: &[Series]) -> Check {
    let reversals = Measure::Reversals("export_ceiling");
    let per_year = median(
        runs.iter()
            .filter(|r| r.months() > 0)
            .map(|r| reversals.of(r, r.start, r.start.plus(r.months() as i32 - 1)).unwrap_or(f64::NAN) / years(r)),
    );
    let claim = "the export ceiling reverses at least once a year";
    Check::of(6, claim, per_year, format!("{per_year:.1} reversals a year"), per_year >= 1.0, "no runs")
}

/// Fact 7: announcement is not shipment.
fn orders_exceed_shipments(runs: &[Series]) -> Check {
    let totals = |run: &Series, prefix: &str| -> f64 {
        run.columns()
            .filter(|c| c.starts_with(prefix))
            .map(|c| column(run, c).iter().filter(|x| !x.is_nan()).sum::<f64>())
            .sum()
    };
    let ratio = median(
        runs.iter().filter(|r| totals(r, "orders_") > 0.0).map(|r| totals(r, "orders_") / totals(r, "shipments_")),
    );
    let claim = "US vendors' China orders run at least 1.5 times their shipments";
    if ratio.is_nan() {
        return Check::unknown(7, claim, "no orders");
    }
    Check { fact: 7, claim, value: format!("orders / shipments {ratio:.2}"), verdict: verdict(ratio >= 1.5) }
}

/// Fact 8: chips and rare earths are bargained together.
fn summits_ease_rare_earths(runs: &[Series]) -> Check {
    let (mut at_deals, mut elsewhere) = (Vec::new(), Vec::new());
    for run in runs {
        let summits = run.labels("summit").unwrap_or(&[]);
        let levels = column(run, "rare_earths");
        for t in 1..levels.len() {
            let eased = f64::from(u8::from(levels[t] < levels[t - 1]));
            if summits.get(t).is_some_and(|s| s == "deal") { at_deals.push(eased) } else { elsewhere.push(eased) }
        }
    }
    let claim = "rare-earth controls are eased more often in a month with a summit deal than in other months";
    match (mean(&at_deals), mean(&elsewhere)) {
        (Some(d), Some(e)) => {
            Check { fact: 8, claim, value: format!("{} vs {}", pct(d), pct(e)), verdict: verdict(d > e) }
        }
        _ => Check::unknown(8, claim, "no summit made a deal"),
    }
}

/// Fact 9: tit-for-tat, then truce.
fn retaliation_then_truce(runs: &[Series]) -> Check {
    let (mut after_hostile, mut all, mut in_truce, mut no_truce) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in runs {
        let tension = column(run, "tension");
        let moves = run.labels("beijing_move").unwrap_or(&[]);
        let truce = column(run, "truce");
        for (t, &x) in tension.iter().enumerate() {
            all.push(x);
            if t > 0 && moves.get(t - 1).is_some_and(|m| BEIJING_AGAINST_US.contains(&m.as_str())) {
                after_hostile.push(x);
            }
            if truce.get(t).is_some_and(|&f| f > 0.0) { in_truce.push(x) } else { no_truce.push(x) }
        }
    }
    let claim =
        "tension is above its mean the month after a move against the US, and lower in truces than outside them";
    match (mean(&after_hostile), mean(&all), mean(&in_truce), mean(&no_truce)) {
        (Some(h), Some(a), Some(t), Some(n)) => Check {
            fact: 9,
            claim,
            value: format!("{h:.2} after vs {a:.2} mean; {t:.2} in truce vs {n:.2} outside"),
            verdict: verdict(h > a && t < n),
        },
        _ => Check::unknown(9, claim, "no hostile move or no truce"),
    }
}

/// Fact 10: Congress objects loudly but rarely binds.
fn congress_rarely_binds(runs: &[Series]) -> Check {
    let (mut advanced, mut enacted) = (0usize, 0usize);
    for run in runs {
        let bills: Vec<&[String]> =
            run.label_columns().filter(|c| c.starts_with("bill_")).filter_map(|c| run.labels(c)).collect();
        advanced += usize::from(bills.iter().any(|stages| stages.windows(2).any(|w| w[0] != w[1])));
        enacted += usize::from(bills.iter().any(|stages| stages.last().is_some_and(|s| s == "enacted")));
    }
    let claim = "a bill advances in at least half the runs, and one is law at the end in at most half";
    if runs.is_empty() {
        return Check::unknown(10, claim, "no runs");
    }
    let n = runs.len() as f64;
    let (a, e) = (advanced as f64 / n, enacted as f64 / n);
    Check {
        fact: 10,
        claim,
        value: format!("advances in {}, enacted in {}", pct(a), pct(e)),
        verdict: verdict(a >= 0.5 && e <= 0.5),
    }
}

/// The median over runs of a column's total a year.
fn yearly(runs: &[Series], name: &str) -> f64 {
    median(runs.iter().map(|r| column(r, name).iter().sum::<f64>() / years(r)))
}

/// Fact 11: leakage persists whatever the regime.
fn leakage_persists(runs: &[Series]) -> Check {
    let claim = "between 10,000 and 1,000,000 chips are smuggled a year";
    let x = yearly(runs, "grey_units");
    Check::of(11, claim, x, format!("{x:.0} a year"), (1e4..1e6).contains(&x), "no runs")
}

/// Fact 12: Chinese supply is bottlenecked by HBM.
fn hbm_binds(runs: &[Series]) -> Check {
    let (mut short, mut stocked) = (Vec::new(), Vec::new());
    for run in runs {
        for (output, stock) in column(run, "domestic_output").iter().zip(column(run, "hbm_stock")) {
            if *stock <= 0.0 { short.push(*output) } else { stocked.push(*output) }
        }
    }
    let claim = "domestic output is lower in months the HBM stock is exhausted than in months it is not";
    match (mean(&short), mean(&stocked)) {
        (Some(s), Some(k)) => {
            Check { fact: 12, claim, value: format!("{s:.0} vs {k:.0} chips a month"), verdict: verdict(s < k) }
        }
        _ => Check::unknown(12, claim, "the HBM stock never runs out"),
    }
}

/// Fact 13: Nvidia is financially resilient.
fn nvidia_resilient(runs: &[Series]) -> Check {
    let claim = "Nvidia's China revenue is between $1bn and the $50bn market a year";
    let x = yearly(runs, "revenue_usd_bn_nvidia");
    Check::of(13, claim, x, format!("${x:.1}bn a year"), (1.0..=50.0).contains(&x), "no Nvidia columns")
}

/// Fact 14: the US compute lead widens in absolute terms.
fn us_lead_widens(runs: &[Series]) -> Check {
    let lead = |r: &Series, t: usize| {
        column(r, "us_compute_h100e").get(t).copied().unwrap_or(f64::NAN)
            - column(r, "china_compute_h100e").get(t).copied().unwrap_or(f64::NAN)
    };
    let first = median(runs.iter().map(|r| lead(r, 0)));
    let last = median(runs.iter().map(|r| lead(r, r.months().saturating_sub(1))));
    Check {
        fact: 14,
        claim: "the US lead in compute (US minus China, H100e) is larger at the end than at the start",
        value: format!("{:.1}M → {:.1}M H100e", first / 1e6, last / 1e6),
        verdict: if first.is_nan() || last.is_nan() {
            Verdict::CannotTell("no compute columns".into())
        } else {
            verdict(last > first)
        },
    }
}

#[cfg(test)]
mod tests {
    use statecraft_scenario::Month;

    use super::*;

    fn start() -> Month {
        Month::parse("2025-12").unwrap()
    }

    fn find(checks: &[Check], fact: u8) -> &Check {
        checks.iter().find(|c| c.fact == fact).unwrap()
    }

    /// Two years in which the gap stays at 4–7 months and China's share falls from 8% to 4%.
    fn world() -> Series {
        let months = 24;
        let gap: Vec<f64> = (0..months).map(|t| 4.0 + 3.0 * f64::from(t) / 23.0).collect();
        let us: Vec<f64> = (0..months).map(|t| 10e6 + 1e6 * f64::from(t)).collect();
        let china: Vec<f64> = us
            .iter()
            .enumerate()
            .map(|(t, u)| u * (0.08 - 0.04 * t as f64 / 23.0) / (0.92 + 0.04 * t as f64 / 23.0))
            .collect();
        let share: Vec<f64> = us.iter().zip(&china).map(|(u, c)| c / (u + c)).collect();
        Series::new(start())
            .number("capability_gap_months", gap)
            .number("us_compute_h100e", us)
            .number("china_compute_h100e", china)
            .number("china_share_of_compute", share)
    }

    #[test]
    fn the_gap_fact_holds_on_a_bounded_gap_and_fails_on_a_runaway_one() {
        let checks = check(&[world()]);
        let one = find(&checks, 1);
        assert_eq!(one.verdict, Verdict::Holds);
        assert_eq!(
            one.to_string(),
            "fact 1: the capability gap stays below 12 months while China's share of compute falls: gap max 7.0 months, share 8.0% → 4.0%: holds"
        );
        let runaway = world().number("capability_gap_months", (0..24).map(f64::from).collect());
        assert_eq!(find(&check(&[runaway]), 1).verdict, Verdict::Fails);
        assert_eq!(find(&checks, 14).verdict, Verdict::Holds, "the lead grows from 9.1M to 31.6M");
    }

    #[test]
    fn approval_facts_compare_months_by_the_chip_on_offer() {
        let chips = ["H20", "H20", "H200", "H200"];
        let run =
            Series::new(start()).label("chip_nvidia", chips).number("import_approval_rate", vec![0.2, 0.3, 0.8, 0.9]);
        let checks = check(&[run]);
        assert_eq!(find(&checks, 4).value, "approval rate 25.0%");
        assert_eq!(find(&checks, 4).verdict, Verdict::Holds);
        assert_eq!(find(&checks, 5).verdict, Verdict::Holds);
        let never = Series::new(start()).label("chip_nvidia", ["H200"]).number("import_approval_rate", vec![0.9]);
        assert!(matches!(find(&check(&[never]), 4).verdict, Verdict::CannotTell(_)));
    }

    #[test]
    fn counts_over_runs_give_the_median_run() {
        // Three runs of a year: 0, 1 and 3 ceiling reversals; 5k, 50k and 5M smuggled chips.
        let ceilings = [
            vec![0.0; 12],
            vec![0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
            vec![0., 1., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0.],
        ];
        let grey = [5e3, 5e4, 5e6];
        let runs: Vec<Series> = ceilings
            .into_iter()
            .zip(grey)
            .map(|(c, g)| Series::new(start()).number("export_ceiling", c).number("grey_units", vec![g / 12.0; 12]))
            .collect();
        let checks = check(&runs);
        assert_eq!(
            (find(&checks, 6).value.as_str(), &find(&checks, 6).verdict),
            ("1.0 reversals a year", &Verdict::Holds)
        );
        assert_eq!((find(&checks, 11).value.as_str(), &find(&checks, 11).verdict), ("50000 a year", &Verdict::Holds));
    }

    #[test]
    fn orders_shipments_bills_and_hbm_read_their_columns() {
        let run = Series::new(start())
            .number("orders_nvidia", vec![100.0, 100.0])
            .number("shipments_nvidia", vec![40.0, 60.0])
            .label("bill_safe_chips", ["introduced", "committee"])
            .label("bill_chip_security", ["introduced", "introduced"])
            .number("domestic_output", vec![50.0, 10.0])
            .number("hbm_stock", vec![5.0, 0.0]);
        let checks = check(&[run]);
        assert_eq!(
            (find(&checks, 7).value.as_str(), &find(&checks, 7).verdict),
            ("orders / shipments 2.00", &Verdict::Holds)
        );
        assert_eq!(find(&checks, 10).value, "advances in 100.0%, enacted in 0.0%");
        assert_eq!(find(&checks, 10).verdict, Verdict::Holds);
        assert_eq!(
            (find(&checks, 12).value.as_str(), &find(&checks, 12).verdict),
            ("10 vs 50 chips a month", &Verdict::Holds)
        );
        let enacted = Series::new(start()).label("bill_safe_chips", ["committee", "enacted"]);
        assert_eq!(find(&check(&[enacted]), 10).verdict, Verdict::Fails);
    }

    #[test]
    fn tension_rises_after_hostile_moves_and_eases_in_truces() {
        let run = Series::new(start())
            .label("beijing_move", ["restrict_imports", "hold", "hold", "hold"])
            .number("tension", vec![0.4, 0.7, 0.3, 0.2])
            .number("truce", vec![0.0, 0.0, 1.0, 1.0]);
        let nine = find(&check(&[run]), 9).clone();
        assert_eq!(nine.value, "0.70 after vs 0.40 mean; 0.25 in truce vs 0.55 outside");
        assert_eq!(nine.verdict, Verdict::Holds);
    }

    #[test]
    fn an_empty_ensemble_cannot_tell() {
        assert!(check(&[]).iter().all(|c| matches!(c.verdict, Verdict::CannotTell(_))));
    }
}
