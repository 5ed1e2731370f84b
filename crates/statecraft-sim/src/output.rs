//! A run as tables (one tidy row per month; one row per decision) and as a summary. Money is in
//! $bn, compute in H100-equivalents, fractions in [0, 1]. Numbers print in Rust's shortest
//! round-trip form, so the tables are exact and byte-stable.

use std::borrow::Cow;

use serde::Serialize;
use statecraft_scenario::Month;

use crate::dictionary::{STANCES, SUMMITS, TIMESERIES, Type};

use crate::phases::record::MonthRecord;
use crate::run::Run;

/// A table of text cells, ready for CSV.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<Vec<&str>> {
        let i = self.header.iter().position(|h| h == name)?;
        Some(self.rows.iter().map(|r| r[i].as_str()).collect())
    }
}

fn num(x: f64) -> String {
    format!("{x}")
}

fn bn(usd: f64) -> String {
    num(usd / 1e9)
}

fn flag(b: bool) -> String {
    u8::from(b).to_string()
}

/// A variant's name as every table writes it: `PassedOrigin` is `passed_origin`.
pub fn snake<T: std::fmt::Debug>(value: T) -> String {
    let name = format!("{value:?}");
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// One value of the monthly table: numbers stay numbers for [`Run::metrics`]; labels carry the
/// index [`Run::metrics`] reports in their place.
enum Cell<'a> {
    Number(f64),
    /// US dollars, shown in $bn.
    Money(f64),
    Flag(bool),
    Label {
        code: usize,
        text: Cow<'a, str>,
    },
    /// A fieldless enum's variant: named in snake case only when shown.
    Variant {
        code: usize,
        value: &'a dyn std::fmt::Debug,
    },
    Missing,
}

impl Cell<'_> {
    fn text(&self) -> String {
        match self {
            Cell::Number(x) => num(*x),
            Cell::Money(usd) => bn(*usd),
            Cell::Flag(b) => flag(*b),
            Cell::Label { text, .. } => text.to_string(),
            Cell::Variant { value, .. } => snake(value),
            Cell::Missing => String::new(),
        }
    }

    fn value(&self) -> f64 {
        match self {
            Cell::Number(x) => *x,
            Cell::Money(usd) => usd / 1e9,
            Cell::Flag(b) => f64::from(u8::from(*b)),
            Cell::Label { code, .. } | Cell::Variant { code, .. } => *code as f64,
            Cell::Missing => f64::NAN,
        }
    }
}

/// The `i`-th of `names`.
fn listed(names: &[String], i: usize) -> Cell<'_> {
    Cell::Label { code: i, text: Cow::Borrowed(names.get(i).map_or("", String::as_str)) }
}

/// A fieldless enum's variant, its declaration index as the code.
fn label<T: std::fmt::Debug>(value: &T, code: usize) -> Cell<'_> {
    Cell::Variant { code, value }
}

/// The monthly table as numbers: `values[month][column]`, columns as in `timeseries.csv` minus
/// the date; a category column holds its code (the index of its name in `categories`), an
/// empty cell is NaN.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    pub names: Vec<String>,
    /// Per column: the names its codes stand for, or `None` for a numeric column.
    pub categories: Vec<Option<Vec<String>>>,
    pub dates: Vec<Month>,
    pub values: Vec<Vec<f64>>,
}

impl Run {
    /// One row per month. Columns for vendors, bills, labs and clouds are named by actor id.
    pub fn timeseries(&self) -> Table {
        let mut header = vec!["date".to_string()];
        header.extend(self.column_names());
        let rows = self
            .months
            .iter()
            .map(|m| {
                let mut row = vec![m.date.to_string()];
                row.extend(self.cells(m).iter().map(Cell::text));
                row
            })
            .collect();
        Table { header, rows }
    }

    /// The same table as numbers, without formatting: what ensembles aggregate.
    pub fn metrics(&self) -> Metrics {
        let names = self.column_names();
        Metrics {
            categories: names.iter().map(|name| self.categories(name)).collect(),
            names,
            dates: self.months.iter().map(|m| m.date).collect(),
            values: self.months.iter().map(|m| self.cells(m).iter().map(Cell::value).collect()).collect(),
        }
    }

    /// The names a category column's codes stand for (from the data dictionary).
    pub fn categories(&self, column: &str) -> Option<Vec<String>> {
        match TIMESERIES.column(column)?.ty {
            Type::Category(categories) => Some(categories.values(&self.names)),
            _ => None,
        }
    }

    fn column_names(&self) -> Vec<String> {
        let n = &self.names;
        let mut header: Vec<String> = [
            "export_ceiling",
            "licensed_ceiling",
            "revenue_share",
            "licence_cap",
            "us_enforcement",
            "admin_mood",
            "beijing_stance",
            "import_approval_rate",
            "domestic_ratio",
            "state_dc_ban",
            "customs_crackdown",
            "domestic_subsidy",
            "antitrust",
            "rare_earths",
            "truce",
            "summit",
            "tension",
            "us_compute_h100e",
            "china_compute_h100e",
            "china_legal_h100e",
            "china_domestic_h100e",
            "china_grey_h100e",
            "china_effective_h100e",
            "china_share_of_compute",
            "china_domestic_share",
            "china_added_h100e",
            "china_domestic_share_of_added",
            "us_capability",
            "china_capability",
            "capability_gap_months",
        ]
        .map(String::from)
        .to_vec();
        for v in &n.vendors {
            header.extend(["chip", "orders", "approvals", "shipments", "revenue_usd_bn"].map(|c| format!("{c}_{v}")));
        }
        header.extend(
            [
                "share_paid_usd_bn",
                "share_paid_cum_usd_bn",
                "write_offs_cum_usd_bn",
                "domestic_output",
                "domestic_sales",
                "hbm_stock",
                "grey_units",
                "grey_spend_usd_bn",
            ]
            .map(String::from),
        );
        header.extend(n.bills.iter().map(|b| format!("bill_{b}")));
        for l in &n.labs {
            header.extend(["capability", "gap_months", "effort"].map(|c| format!("{c}_{l}")));
        }
        for c in &n.clouds {
            header.extend(["budget_usd_bn", "plan", "compute_h100e"].map(|x| format!("{x}_{c}")));
        }
        header.extend(
            [
                "us_move",
                "beijing_move",
                "stage_equilibrium",
                "stage_pure_equilibria",
                "stage_eq_us_payoff",
                "stage_eq_beijing_payoff",
            ]
            .map(String::from),
        );
        header
    }

    fn cells<'a>(&'a self, m: &'a MonthRecord) -> Vec<Cell<'a>> {
        let n = &self.names;
        let china_total = m.china.total();
        let stance = m.import.stance();
        let mut row = vec![
            listed(&n.ceilings, m.export_ceiling),
            listed(&n.ceilings, m.licensed_ceiling),
            Cell::Number(m.revenue_share),
            m.licence_cap.map_or(Cell::Missing, Cell::Number),
            Cell::Number(m.us_enforcement),
            label(&m.admin_mood, m.admin_mood as usize),
            Cell::Label { code: STANCES.iter().position(|s| *s == stance).unwrap_or(0), text: stance.into() },
            Cell::Number(m.import.approval_rate),
            Cell::Number(m.import.domestic_ratio),
            Cell::Flag(m.import.state_dc_ban),
            Cell::Number(m.import.customs_crackdown),
            Cell::Number(m.import.subsidy),
            label(&m.import.antitrust, m.import.antitrust as usize),
            label(&m.rare_earths, m.rare_earths as usize),
            Cell::Flag(m.truce),
            match m.summit {
                None => Cell::Missing,
                Some(deal) => Cell::Label { code: usize::from(deal), text: SUMMITS[usize::from(deal)].into() },
            },
            Cell::Number(m.tension),
            Cell::Number(m.us_compute_h100e),
            Cell::Number(china_total),
            Cell::Number(m.china.legal),
            Cell::Number(m.china.domestic),
            Cell::Number(m.china.grey),
            Cell::Number(m.china_effective_h100e),
            Cell::Number(china_total / (china_total + m.us_compute_h100e)),
            Cell::Number(if china_total > 0.0 { m.china.domestic / china_total } else { 0.0 }),
            Cell::Number(m.china_added_h100e),
            Cell::Number(m.china_domestic_share_of_added),
            Cell::Number(m.frontier_capability),
            Cell::Number(m.china_capability),
            Cell::Number(m.capability_gap_months),
        ];
        for v in &m.vendors {
            row.extend([
                match v.chip {
                    None => Cell::Missing,
                    Some(chip) => Cell::Label { code: chip.min(n.chips.len()), text: n.chip(v.chip).into() },
                },
                Cell::Number(v.orders),
                Cell::Number(v.approved),
                Cell::Number(v.shipped),
                Cell::Money(v.revenue_usd),
            ]);
        }
        row.extend([
            Cell::Money(m.share_paid_usd),
            Cell::Money(m.ledger.share_paid_usd),
            Cell::Money(m.ledger.write_offs_usd),
            Cell::Number(m.domestic_output),
            Cell::Number(m.domestic_sales),
            Cell::Number(m.hbm_stock),
            Cell::Number(m.grey_units),
            Cell::Money(m.grey_spend_usd),
        ]);
        row.extend(m.bills.iter().map(|b| label(b, *b as usize)));
        for l in &m.labs {
            row.extend([Cell::Number(l.capability), Cell::Number(l.gap_months), label(&l.effort, l.effort as usize)]);
        }
        for c in &m.clouds {
            row.extend([Cell::Money(c.budget_usd), label(&c.plan, c.plan as usize), Cell::Number(c.compute_h100e)]);
        }
        let menu = |kind: &str| n.actors.iter().find(|a| a.kind == kind).map_or(&[][..], |a| &a.menu[..]);
        let solution = m.stage_solution;
        row.extend([
            listed(menu("UsAdministration"), m.stage_moves.0),
            listed(menu("Beijing"), m.stage_moves.1),
            Cell::Flag(m.stage_equilibrium),
            solution.map_or(Cell::Missing, |s| Cell::Number(s.pure_equilibria as f64)),
            solution.map_or(Cell::Missing, |s| Cell::Number(s.us_payoff)),
            solution.map_or(Cell::Missing, |s| Cell::Number(s.beijing_payoff)),
        ]);
        row
    }

    /// One row per actor per month: what it did and the utility it expected.
    pub fn actions_table(&self) -> Table {
        let header = ["date", "actor", "kind", "rule", "action", "utility"];
        let start = self.names.start.unwrap_or(Month::new(2025, 12).expect("valid"));
        let rows = self
            .actions
            .iter()
            .map(|a| {
                let actor = &self.names.actors[a.actor as usize];
                let action = actor.menu.get(a.action as usize).cloned().unwrap_or_default();
                vec![
                    start.plus(a.tick as i32).to_string(),
                    actor.id.clone(),
                    actor.kind.to_string(),
                    actor.rule.to_string(),
                    action,
                    num(a.utility),
                ]
            })
            .collect();
        Table { header: header.map(String::from).to_vec(), rows }
    }

    /// The run in a few numbers.
    pub fn summary(&self) -> Summary {
        let n = &self.names;
        let last = self.months.last();
        let total = |f: &dyn Fn(&MonthRecord) -> f64| self.months.iter().map(f).sum::<f64>();
        let stats = |f: &dyn Fn(&MonthRecord) -> f64| Stats::of(self.months.iter().map(f));
        let ceilings: Vec<usize> = self.months.iter().map(|m| m.export_ceiling).collect();
        let mut changes = 0;
        let mut reversals = 0;
        let mut last_direction = 0i8;
        for pair in ceilings.windows(2) {
            let direction = (pair[1] as i64 - pair[0] as i64).signum() as i8;
            if direction != 0 {
                changes += 1;
                if last_direction != 0 && direction != last_direction {
                    reversals += 1;
                }
                last_direction = direction;
            }
        }
        let horizon = last.map(|m| {
            let china = m.china.total();
            Outcomes {
                date: m.date,
                export_ceiling: n.ceilings.get(m.export_ceiling).cloned().unwrap_or_default(),
                revenue_share: m.revenue_share,
                admin_mood: snake(m.admin_mood),
                beijing_stance: m.import.stance().to_string(),
                tension: m.tension,
                us_compute_h100e: m.us_compute_h100e,
                china_compute_h100e: china,
                china_share_of_compute: china / (china + m.us_compute_h100e),
                china_domestic_share: if china > 0.0 { m.china.domestic / china } else { 0.0 },
                capability_gap_months: m.capability_gap_months,
            }
        });
        let by_vendor = |f: &dyn Fn(&crate::phases::record::VendorRecord) -> f64| {
            n.vendors
                .iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), self.months.iter().map(|m| f(&m.vendors[i])).sum()))
                .collect()
        };
        Summary {
            scenario: n.scenario.clone(),
            seed: n.seed,
            months: self.months.len() as u32,
            horizon,
            totals: Totals {
                shipments: by_vendor(&|v| v.shipped),
                revenue_usd_bn: by_vendor(&|v| v.revenue_usd / 1e9),
                share_paid_usd_bn: last.map_or(0.0, |m| m.ledger.share_paid_usd / 1e9),
                write_offs_usd_bn: last.map_or(0.0, |m| m.ledger.write_offs_usd / 1e9),
                subsidy_usd_bn: last.map_or(0.0, |m| m.ledger.subsidy_usd / 1e9),
                grey_units: total(&|m| m.grey_units),
                domestic_sales: total(&|m| m.domestic_sales),
                china_added_h100e: total(&|m| m.china_added_h100e),
            },
            policy: Policy {
                ceiling_changes: changes,
                reversals,
                summits: self.months.iter().filter_map(|m| m.summit.map(|deal| (m.date, deal))).collect(),
                bills_enacted: n
                    .bills
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| last.is_some_and(|m| m.bills[*i] == statecraft_scenario::Stage::Enacted))
                    .map(|(_, id)| id.clone())
                    .collect(),
                months_in_equilibrium: self.months.iter().filter(|m| m.stage_equilibrium).count() as u32,
            },
            tension: stats(&|m| m.tension),
            capability_gap_months: stats(&|m| m.capability_gap_months),
            draws: n.draws.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub seed: u64,
    pub months: u32,
    pub horizon: Option<Outcomes>,
    pub totals: Totals,
    pub policy: Policy,
    pub tension: Stats,
    pub capability_gap_months: Stats,
    /// The uncertain parameters' values in this run, by path (absent without any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub draws: Vec<(String, f64)>,
}

/// The state of things in the last month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcomes {
    pub date: Month,
    pub export_ceiling: String,
    pub revenue_share: f64,
    pub admin_mood: String,
    pub beijing_stance: String,
    pub tension: f64,
    pub us_compute_h100e: f64,
    pub china_compute_h100e: f64,
    pub china_share_of_compute: f64,
    pub china_domestic_share: f64,
    pub capability_gap_months: f64,
}

/// Sums over the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Totals {
    pub shipments: Vec<(String, f64)>,
    pub revenue_usd_bn: Vec<(String, f64)>,
    pub share_paid_usd_bn: f64,
    pub write_offs_usd_bn: f64,
    pub subsidy_usd_bn: f64,
    pub grey_units: f64,
    pub domestic_sales: f64,
    pub china_added_h100e: f64,
}

/// How policy moved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Policy {
    /// Months in which the export ceiling moved, and how often it moved against its last move.
    pub ceiling_changes: u32,
    pub reversals: u32,
    /// Summits held, and whether each made a deal.
    pub summits: Vec<(Month, bool)>,
    pub bills_enacted: Vec<String>,
    /// Months in which the principals' moves were a pure equilibrium of the stage game.
    pub months_in_equilibrium: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Stats {
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

impl Stats {
    fn of(values: impl Iterator<Item = f64>) -> Stats {
        let (mut n, mut sum, mut min, mut max) = (0usize, 0.0, f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            n += 1;
            sum += v;
            min = min.min(v);
            max = max.max(v);
        }
        if n == 0 { Stats { mean: 0.0, min: 0.0, max: 0.0 } } else { Stats { mean: sum / n as f64, min, max } }
    }
}

#[cfg(test)]
mod tests {
    use statecraft_scenario::{Antitrust, Effort, Mood, PurchasePlan, RareEarths, Stage};

    use super::snake;
    use crate::dictionary::{ANTITRUST, EFFORTS, MOODS, PLANS, RARE_EARTHS, STAGES};

    /// The names of `variants` as the tables write them, each checked to sit at its code.
    fn named<T: std::fmt::Debug + Copy>(variants: &[T], code: impl Fn(T) -> usize) -> Vec<String> {
        for (i, &v) in variants.iter().enumerate() {
            assert_eq!(code(v), i, "{v:?}");
        }
        variants.iter().map(|&v| snake(v)).collect()
    }

    #[test]
    fn the_dictionary_names_every_variant_at_its_code() {
        use Stage::*;
        assert_eq!(named(&[Mood::Dealmaker, Mood::Hawk], |v| v as usize), MOODS);
        let antitrust = [Antitrust::None, Antitrust::Probe, Antitrust::Finding, Antitrust::Penalty];
        assert_eq!(named(&antitrust, |v| v as usize), ANTITRUST);
        let rare = [RareEarths::Open, RareEarths::Licensing, RareEarths::Sweeping];
        assert_eq!(named(&rare, |v| v as usize), RARE_EARTHS);
        let stages = [Introduced, Committee, PassedOrigin, PassedBoth, Vetoed, Enacted, Dead, NotIntroduced];
        assert_eq!(named(&stages, |v| v as usize), STAGES);
        assert_eq!(named(&[Effort::Low, Effort::Medium, Effort::High], |v| v as usize), EFFORTS);
        let plans =
            [PurchasePlan::ForeignFirst, PurchasePlan::Balanced, PurchasePlan::DomesticFirst, PurchasePlan::GreyMarket];
        assert_eq!(named(&plans, |v| v as usize), PLANS);
    }
}
