use serde_json::json;
use statecraft_scenario::{Horizon, Override, RULE_EXAMPLES, Scenario, load};
use statecraft_sim::dictionary::{RUN_TABLES, TableDoc, Type};
use statecraft_sim::{Options, RunId};

use super::format::{FormatArg, print_json};
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// List every column of every table instead (the data dictionary), with the flagship's
    /// categories.
    #[arg(long)]
    pub columns: bool,
    #[command(flatten)]
    pub format: FormatArg,
}
use crate::shipped::{SCENARIOS, WithShipped, shipped_path};

/// The kinds of actor, what they want, and (from the flagship) their moves.
const KINDS: &[(&str, &str)] = &[
    (
        "UsAdministration",
        "export ceiling, revenue share, licence caps, enforcement; values Treasury income, industry, security, calm",
    ),
    ("Congress", "one bloc per chamber; pushes bills through committee, floor, the other chamber and veto overrides"),
    (
        "ChipVendor",
        "Nvidia, AMD, Intel: China allocation, price, lobbying, chips designed to the threshold; maximises China profit",
    ),
    (
        "Beijing",
        "import approvals, procurement guidance, subsidies, customs, rare earths, antitrust; values capability and self-reliance",
    ),
    ("CloudProvider", "Alibaba, Tencent, Baidu, ByteDance: AI-chip budget and purchase mix (foreign, domestic, grey)"),
    ("Lab", "DeepSeek, Qwen, Kimi: efficiency effort; capability from compute and algorithms"),
    ("DomesticChipmaker", "Huawei/SMIC: capacity expansion and chip generations, limited by dies and HBM"),
];

pub fn main(args: Args) -> Result<(), Failure> {
    let mut scenarios = Vec::new();
    for (file, _) in SCENARIOS {
        let path = shipped_path(file).expect("a shipped scenario");
        let loaded = load(&path, &WithShipped, &[] as &[Override], &statecraft_sim::check)?;
        scenarios.push((file.trim_end_matches(".ron"), loaded.scenario));
    }
    let flagship: &Scenario = &scenarios[0].1;
    if args.columns {
        columns(flagship, args.format);
        return Ok(());
    }
    let moves = |kind: &str| -> Vec<String> {
        flagship
            .actors
            .iter()
            .find(|a| a.kind() == kind)
            .map(|actor| statecraft_sim::menu(actor, flagship).into_iter().map(|m| m.name).collect())
            .unwrap_or_default()
    };
    if args.format.json() {
        print_json(&json!({
            "scenarios": scenarios.iter().map(|(name, s)| json!({ "name": name, "title": s.name })).collect::<Vec<_>>(),
            "kinds": KINDS
                .iter()
                .map(|(kind, about)| json!({ "kind": kind, "about": about, "moves": moves(kind) }))
                .collect::<Vec<_>>(),
            "rules": RULE_EXAMPLES.iter().map(|(example, about)| json!({ "example": example, "about": about })).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    println!("Shipped scenarios (run with `statecraft run NAME`):");
    for (name, scenario) in &scenarios {
        println!("  {name:<22} {}", scenario.name);
    }
    println!("\nActor kinds and their moves:");
    for (kind, what) in KINDS {
        println!("  {kind:<18} {what}");
        if flagship.actors.iter().any(|a| a.kind() == *kind) {
            println!("  {:<18} moves: {}", "", moves(kind).join(", "));
        }
    }
    println!("\nDecision rules (write as `rule: ...` on an actor):");
    for (example, what) in RULE_EXAMPLES {
        println!("  {example:<56} {what}");
    }
    Ok(())
}

/// Every table of a run and of an experiment.
pub fn tables() -> Vec<TableDoc> {
    RUN_TABLES.iter().chain(&statecraft_experiment::dictionary::TABLES).copied().collect()
}

/// The data dictionary, the categories that depend on the scenario named as the flagship's.
fn columns(flagship: &Scenario, format: FormatArg) {
    let one_month = Scenario { months: Horizon(1), ..flagship.clone() };
    let names = statecraft_sim::run(&one_month, RunId { seed: flagship.seed, run: 0 }, Options::default()).names;
    if !format.json() {
        print!("{}", statecraft_sim::dictionary::markdown(&tables(), Some(&names)));
        return;
    }
    let column = |c: &statecraft_sim::dictionary::Column| {
        let categories = match c.ty {
            Type::Category(categories) => Some(categories.values(&names)),
            _ => None,
        };
        json!({ "name": c.name, "type": c.ty.name(), "unit": c.unit, "meaning": c.meaning, "categories": categories })
    };
    let tables: Vec<_> = tables()
        .iter()
        .map(|t| json!({ "file": t.file, "about": t.about, "columns": t.columns.iter().map(column).collect::<Vec<_>>() }))
        .collect();
    print_json(&json!({ "tables": tables }));
}
