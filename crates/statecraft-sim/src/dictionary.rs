//! The data dictionary: every column of every table a run writes (`timeseries.csv`,
//! `actions.csv`, the summary), with its meaning, unit, type and, for a category, its values.
//! The tables take their categories from here, and `docs/data.md` and `statecraft list
//! --columns` are rendered from here, so the three cannot drift apart.
//!
//! A column named for an actor is written with a placeholder: `chip_{vendor}` is `chip_nvidia`,
//! `chip_amd`, … — one column per actor of that kind, in the scenario's order.

use crate::run::Names;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Type {
    /// A real number (Rust's shortest round-trip form); empty where the run has no value.
    Number,
    /// A whole number.
    Integer,
    /// 0 or 1.
    Flag,
    /// A month, `YYYY-MM`.
    Date,
    /// Free text: an id or a label.
    Text,
    /// A list, as the meaning says.
    List,
    /// true or false.
    Boolean,
    /// One of a list of names; empty where the run has no value.
    Category(Categories),
}

/// The names a category column takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Categories {
    /// The same names in every scenario.
    Fixed(&'static [&'static str]),
    /// The scenario's export ladder, by rung name, in the ladder's order.
    Ceilings,
    /// The chip catalogue's ids, then `designed` (a chip its vendor designed to the threshold).
    Chips,
    /// The moves of the scenario's actor of this kind (`statecraft list` shows them).
    Moves(&'static str),
}

impl Categories {
    /// The names, in code order, for a run of the scenario `names` describes.
    pub fn values(&self, names: &Names) -> Vec<String> {
        match self {
            Categories::Fixed(values) => values.iter().map(|v| v.to_string()).collect(),
            Categories::Ceilings => names.ceilings.clone(),
            Categories::Chips => names.chips.iter().cloned().chain(["designed".to_string()]).collect(),
            Categories::Moves(kind) => {
                names.actors.iter().find(|a| a.kind == *kind).map_or_else(Vec::new, |a| a.menu.clone())
            }
        }
    }

    /// How the values are described where no scenario is at hand.
    pub fn describe(&self) -> String {
        match self {
            Categories::Fixed(values) => values.join(", "),
            Categories::Ceilings => "the scenario's export ladder (`ceilings`), by name".into(),
            Categories::Chips => "the chip catalogue's ids, or `designed`".into(),
            Categories::Moves(kind) => format!("the moves of the {kind} (see `statecraft list`)"),
        }
    }
}

/// One column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Column {
    /// Its name, with a placeholder (`{vendor}`, `{bill}`, `{lab}`, `{cloud}`, `{parameter}`)
    /// for one column per actor or parameter.
    pub name: &'static str,
    pub ty: Type,
    pub unit: &'static str,
    pub meaning: &'static str,
}

/// One table (or document) and its columns (or fields, by dotted path).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableDoc {
    pub file: &'static str,
    pub about: &'static str,
    pub columns: &'static [Column],
}

impl TableDoc {
    /// The entry of a column as written: its exact name, or else the pattern it instantiates.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .or_else(|| self.columns.iter().find(|c| instantiates(name, c.name)))
    }
}

/// Whether `name` is `pattern` with its placeholder filled by a non-empty id.
fn instantiates(name: &str, pattern: &str) -> bool {
    let Some((prefix, rest)) = pattern.split_once('{') else { return false };
    let Some((_, suffix)) = rest.split_once('}') else { return false };
    name.len() > prefix.len() + suffix.len() && name.starts_with(prefix) && name.ends_with(suffix)
}

/// A column's entry (a short form for the tables here and in `statecraft-experiment`).
pub const fn col(name: &'static str, ty: Type, unit: &'static str, meaning: &'static str) -> Column {
    Column { name, ty, unit, meaning }
}

use Type::{Boolean, Category, Date, Flag, Integer, List, Number, Text};

pub const MOODS: &[&str] = &["dealmaker", "hawk"];
pub const STANCES: &[&str] = &["blocking", "restrictive", "conditional", "open"];
pub const ANTITRUST: &[&str] = &["none", "probe", "finding", "penalty"];
pub const RARE_EARTHS: &[&str] = &["open", "licensing", "sweeping"];
pub const SUMMITS: &[&str] = &["failed", "deal"];
/// In code order (a new stage is appended, so older codes keep their meaning).
pub const STAGES: &[&str] =
    &["introduced", "committee", "passed_origin", "passed_both", "vetoed", "enacted", "dead", "not_introduced"];
pub const EFFORTS: &[&str] = &["low", "medium", "high"];
pub const PLANS: &[&str] = &["foreign_first", "balanced", "domestic_first", "grey_market"];

const FRACTION: &str = "fraction (0-1)";
const H100E: &str = "H100-equivalents";
const BN: &str = "$bn";

/// `timeseries.csv`: one row per month, the state after that month.
pub const TIMESERIES: TableDoc = TableDoc {
    file: "timeseries.csv",
    about: "A run, one row per month: the state of the world at the end of that month.",
    columns: &[
        col("date", Date, "", "the month"),
        col(
            "export_ceiling",
            Category(Categories::Ceilings),
            "",
            "the US export ceiling: the most capable rung that may be exported to China",
        ),
        col("licensed_ceiling", Category(Categories::Ceilings), "", "the most capable rung actually licensed"),
        col("revenue_share", Number, FRACTION, "the share of China revenue vendors pay the US Treasury"),
        col("licence_cap", Number, "chips per month", "the cap on licensed shipments; empty when there is none"),
        col("us_enforcement", Number, FRACTION, "the intensity of US export enforcement"),
        col("admin_mood", Category(Categories::Fixed(MOODS)), "", "the President's mood"),
        col(
            "beijing_stance",
            Category(Categories::Fixed(STANCES)),
            "",
            "Beijing's stance on imports: approval rate times one minus the domestic ratio, cut at 0.1, 0.35 and 0.6",
        ),
        col("import_approval_rate", Number, FRACTION, "the share of US-chip import applications Beijing approves"),
        col("domestic_ratio", Number, FRACTION, "Beijing's guidance on the domestic share of purchases"),
        col("state_dc_ban", Flag, "", "whether state-funded data centres are barred from foreign chips"),
        col("customs_crackdown", Number, FRACTION, "the intensity of China's customs action against smuggling"),
        col("domestic_subsidy", Number, FRACTION, "Beijing's subsidy on domestic chips, as a share of their price"),
        col(
            "antitrust",
            Category(Categories::Fixed(ANTITRUST)),
            "",
            "the stage of China's antitrust case against US vendors",
        ),
        col(
            "rare_earths",
            Category(Categories::Fixed(RARE_EARTHS)),
            "",
            "China's rare-earth export controls aimed at the US",
        ),
        col("truce", Flag, "", "whether a trade truce holds"),
        col(
            "summit",
            Category(Categories::Fixed(SUMMITS)),
            "",
            "a summit this month and whether it made a deal; empty when none was held",
        ),
        col("tension", Number, FRACTION, "tension between Washington and Beijing"),
        col("us_compute_h100e", Number, H100E, "the US installed AI compute"),
        col("china_compute_h100e", Number, H100E, "China's installed AI compute, all sources"),
        col("china_legal_h100e", Number, H100E, "China's compute from licensed US chips"),
        col("china_domestic_h100e", Number, H100E, "China's compute from domestic chips"),
        col("china_grey_h100e", Number, H100E, "China's compute from smuggled chips"),
        col("china_effective_h100e", Number, H100E, "China's compute scaled by its labs' algorithmic efficiency"),
        col("china_share_of_compute", Number, FRACTION, "China's compute over US plus China's"),
        col("china_domestic_share", Number, FRACTION, "domestic chips' share of China's compute"),
        col("china_added_h100e", Number, H100E, "compute China added this month"),
        col(
            "china_domestic_share_of_added",
            Number,
            FRACTION,
            "domestic chips' share of the compute China added this month",
        ),
        col("us_capability", Number, "capability index", "the US frontier's capability"),
        col("china_capability", Number, "capability index", "the best Chinese lab's capability"),
        col(
            "capability_gap_months",
            Number,
            "months",
            "how many months of frontier progress the best Chinese lab is behind",
        ),
        col("chip_{vendor}", Category(Categories::Chips), "", "the chip the vendor offers China; empty when none"),
        col("orders_{vendor}", Number, "chips", "orders placed with the vendor this month"),
        col("approvals_{vendor}", Number, "chips", "orders Beijing let through"),
        col("shipments_{vendor}", Number, "chips", "chips the vendor shipped to China"),
        col("revenue_usd_bn_{vendor}", Number, BN, "the vendor's China revenue this month"),
        col("share_paid_usd_bn", Number, BN, "revenue share paid to the US Treasury this month"),
        col("share_paid_cum_usd_bn", Number, BN, "revenue share paid to the US Treasury so far"),
        col("write_offs_cum_usd_bn", Number, BN, "vendors' inventory write-offs so far"),
        col("domestic_output", Number, "chips", "domestic AI chips produced this month"),
        col("domestic_sales", Number, "chips", "domestic AI chips sold this month"),
        col("hbm_stock", Number, "HBM stacks", "the domestic chipmaker's stock of high-bandwidth memory"),
        col("grey_units", Number, "chips", "chips smuggled into China this month"),
        col("grey_spend_usd_bn", Number, BN, "spending on smuggled chips this month"),
        col("bill_{bill}", Category(Categories::Fixed(STAGES)), "", "the bill's stage in Congress"),
        col("capability_{lab}", Number, "capability index", "the lab's capability"),
        col("gap_months_{lab}", Number, "months", "how far the lab is behind the US frontier"),
        col("effort_{lab}", Category(Categories::Fixed(EFFORTS)), "", "the lab's efficiency effort"),
        col("budget_usd_bn_{cloud}", Number, BN, "the cloud provider's monthly AI-chip budget"),
        col("plan_{cloud}", Category(Categories::Fixed(PLANS)), "", "the cloud provider's purchase mix"),
        col("compute_h100e_{cloud}", Number, H100E, "the cloud provider's installed compute"),
        col("us_move", Category(Categories::Moves("UsAdministration")), "", "the US administration's move this month"),
        col("beijing_move", Category(Categories::Moves("Beijing")), "", "Beijing's move this month"),
        col("stage_equilibrium", Flag, "", "whether the two moves are a pure equilibrium of the month's stage game"),
        col(
            "stage_pure_equilibria",
            Integer,
            "",
            "how many pure equilibria the stage game has; empty when it was not solved",
        ),
        col("stage_eq_us_payoff", Number, "utility", "the US payoff at the stage game's equilibrium"),
        col("stage_eq_beijing_payoff", Number, "utility", "Beijing's payoff at the stage game's equilibrium"),
    ],
};

/// `actions.csv`: one row per actor per month.
pub const ACTIONS: TableDoc = TableDoc {
    file: "actions.csv",
    about: "A run's decisions, one row per actor per month.",
    columns: &[
        col("date", Date, "", "the month"),
        col("actor", Text, "", "the actor's id"),
        col(
            "kind",
            Text,
            "",
            "the actor's kind (UsAdministration, Congress, ChipVendor, Beijing, CloudProvider, Lab, DomesticChipmaker)",
        ),
        col("rule", Text, "", "the decision rule, as written in the scenario"),
        col("action", Text, "", "the move it made (one of its kind's moves: `statecraft list`)"),
        col("utility", Number, "utility", "the utility the actor expected of the move"),
    ],
};

/// A run's `summary.ron` and `summary.json`, field by dotted path.
pub const RUN_SUMMARY: TableDoc = TableDoc {
    file: "summary.json",
    about: "A run in a few numbers, by field path (`summary.ron` holds the same; null where the run has no month).",
    columns: &[
        col("scenario", Text, "", "the scenario's name"),
        col("seed", Integer, "", "the run's seed (at most 2^63 - 1)"),
        col("months", Integer, "months", "the run's length"),
        col("horizon.date", Date, "", "the last month"),
        col("horizon.export_ceiling", Category(Categories::Ceilings), "", "as in `timeseries.csv`"),
        col("horizon.revenue_share", Number, FRACTION, "as in `timeseries.csv`"),
        col("horizon.admin_mood", Category(Categories::Fixed(MOODS)), "", "as in `timeseries.csv`"),
        col("horizon.beijing_stance", Category(Categories::Fixed(STANCES)), "", "as in `timeseries.csv`"),
        col("horizon.tension", Number, FRACTION, "as in `timeseries.csv`"),
        col("horizon.us_compute_h100e", Number, H100E, "as in `timeseries.csv`"),
        col("horizon.china_compute_h100e", Number, H100E, "as in `timeseries.csv`"),
        col("horizon.china_share_of_compute", Number, FRACTION, "as in `timeseries.csv`"),
        col("horizon.china_domestic_share", Number, FRACTION, "as in `timeseries.csv`"),
        col("horizon.capability_gap_months", Number, "months", "as in `timeseries.csv`"),
        col("totals.shipments", List, "", "per vendor: [id, chips shipped to China over the run]"),
        col("totals.revenue_usd_bn", List, "", "per vendor: [id, China revenue over the run in $bn]"),
        col("totals.share_paid_usd_bn", Number, BN, "revenue share paid to the US Treasury over the run"),
        col("totals.write_offs_usd_bn", Number, BN, "vendors' inventory write-offs over the run"),
        col("totals.subsidy_usd_bn", Number, BN, "Beijing's subsidies over the run"),
        col("totals.grey_units", Number, "chips", "chips smuggled over the run"),
        col("totals.domestic_sales", Number, "chips", "domestic chips sold over the run"),
        col("totals.china_added_h100e", Number, H100E, "compute China added over the run"),
        col("policy.ceiling_changes", Integer, "", "months in which the export ceiling moved"),
        col("policy.reversals", Integer, "", "moves of the ceiling against its previous move"),
        col("policy.summits", List, "", "summits held: [month, whether it made a deal]"),
        col("policy.bills_enacted", List, "", "the ids of the bills enacted by the last month"),
        col(
            "policy.months_in_equilibrium",
            Integer,
            "months",
            "months in which the principals' moves were a pure equilibrium of the stage game",
        ),
        col("tension.{statistic}", Number, FRACTION, "tension over the run: `mean`, `min`, `max`"),
        col(
            "capability_gap_months.{statistic}",
            Number,
            "months",
            "the capability gap over the run: `mean`, `min`, `max`",
        ),
        col(
            "draws",
            List,
            "",
            "per uncertain parameter: [path, the value this run drew] (absent when the scenario has none)",
        ),
    ],
};

/// The run's tables.
pub const RUN_TABLES: [TableDoc; 3] = [TIMESERIES, ACTIONS, RUN_SUMMARY];

/// The dictionary as Markdown: one section per table, one row per column; with `names`, a
/// scenario's categories are listed rather than described.
pub fn markdown(tables: &[TableDoc], names: Option<&Names>) -> String {
    let mut out = String::new();
    for table in tables {
        out.push_str(&format!(
            "### `{}`\n\n{}\n\n| column | type | unit | meaning |\n|---|---|---|---|\n",
            table.file, table.about
        ));
        for c in table.columns {
            let ty = match c.ty {
                Category(categories) => {
                    let values = match names {
                        Some(names) if !matches!(categories, Categories::Fixed(_)) => {
                            categories.values(names).join(", ")
                        }
                        _ => categories.describe(),
                    };
                    format!("category: {values}")
                }
                other => other.name().to_string(),
            };
            out.push_str(&format!("| `{}` | {ty} | {} | {} |\n", c.name, c.unit, c.meaning));
        }
        out.push('\n');
    }
    out
}

impl Type {
    /// The type as the dictionary names it.
    pub fn name(&self) -> &'static str {
        match self {
            Number => "number",
            Integer => "integer",
            Flag => "flag (0/1)",
            Date => "date (YYYY-MM)",
            Text => "text",
            List => "list",
            Boolean => "boolean",
            Category(_) => "category",
        }
    }
}
