//! A run as tables (one tidy row per month; one row per decision) and as a summary. Money is in
//! $bn, compute in H100-equivalents, fractions in [0, 1]. Numbers print in Rust's shortest
//! round-trip form, so the tables are exact and byte-stable.

use serde::Serialize;
use statecraft_scenario::{Month, Mood};

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

fn snake<T: std::fmt::Debug>(value: T) -> String {
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

impl Run {
    /// One row per month. Columns for vendors, bills, labs and clouds are named by actor id.
    pub fn timeseries(&self) -> Table {
        let n = &self.names;
        let mut header: Vec<String> = [
            "date",
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
        header.extend(["us_move", "beijing_move", "stage_equilibrium"].map(String::from));
        let us_menu = n.actors.iter().find(|a| a.kind == "UsAdministration").map(|a| &a.menu);
        let bj_menu = n.actors.iter().find(|a| a.kind == "Beijing").map(|a| &a.menu);
        let rows = self
            .months
            .iter()
            .map(|m| {
                let mut row = self.policy_cells(m);
                let china_total = m.china.total();
                row.extend([
                    num(m.tension),
                    num(m.us_compute_h100e),
                    num(china_total),
                    num(m.china.legal),
                    num(m.china.domestic),
                    num(m.china.grey),
                    num(m.china_effective_h100e),
                    num(china_total / (china_total + m.us_compute_h100e)),
                    num(if china_total > 0.0 { m.china.domestic / china_total } else { 0.0 }),
                    num(m.china_added_h100e),
                    num(m.china_domestic_share_of_added),
                    num(m.frontier_capability),
                    num(m.china_capability),
                    num(m.capability_gap_months),
                ]);
                for v in &m.vendors {
                    row.extend([
                        n.chip(v.chip).to_string(),
                        num(v.orders),
                        num(v.approved),
                        num(v.shipped),
                        bn(v.revenue_usd),
                    ]);
                }
                row.extend([
                    bn(m.share_paid_usd),
                    bn(m.ledger.share_paid_usd),
                    bn(m.ledger.write_offs_usd),
                    num(m.domestic_output),
                    num(m.domestic_sales),
                    num(m.hbm_stock),
                    num(m.grey_units),
                    bn(m.grey_spend_usd),
                ]);
                row.extend(m.bills.iter().map(snake));
                for l in &m.labs {
                    row.extend([num(l.capability), num(l.gap_months), snake(l.effort)]);
                }
                for c in &m.clouds {
                    row.extend([bn(c.budget_usd), snake(c.plan), num(c.compute_h100e)]);
                }
                let name =
                    |menu: Option<&Vec<String>>, i: usize| menu.and_then(|m| m.get(i)).cloned().unwrap_or_default();
                row.extend([name(us_menu, m.stage_moves.0), name(bj_menu, m.stage_moves.1), flag(m.stage_equilibrium)]);
                row
            })
            .collect();
        Table { header, rows }
    }

    fn policy_cells(&self, m: &MonthRecord) -> Vec<String> {
        let ceiling = |i: usize| self.names.ceilings.get(i).cloned().unwrap_or_default();
        vec![
            m.date.to_string(),
            ceiling(m.export_ceiling),
            ceiling(m.licensed_ceiling),
            num(m.revenue_share),
            m.licence_cap.map(num).unwrap_or_default(),
            num(m.us_enforcement),
            snake(m.admin_mood),
            m.import.stance().to_string(),
            num(m.import.approval_rate),
            num(m.import.domestic_ratio),
            flag(m.import.state_dc_ban),
            num(m.import.customs_crackdown),
            num(m.import.subsidy),
            snake(m.import.antitrust),
            snake(m.rare_earths),
            flag(m.truce),
            m.summit.map(|deal| if deal { "deal" } else { "failed" }.to_string()).unwrap_or_default(),
        ]
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
                admin_mood: m.admin_mood,
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
}

/// The state of things in the last month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcomes {
    pub date: Month,
    pub export_ceiling: String,
    pub revenue_share: f64,
    pub admin_mood: Mood,
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
