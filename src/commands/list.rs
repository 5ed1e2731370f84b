use serde_json::json;
use statecraft_scenario::{EVENT_FIELDS, EVENT_KINDS, EventField, Horizon, Override, RULE_EXAMPLES, Scenario, load};
use statecraft_sim::dictionary::{RUN_TABLES, TableDoc, Type};
use statecraft_sim::{Options, RunId};

use super::format::{FormatArg, print_json};
use crate::failure::Failure;
use crate::shipped::{SCENARIOS, WithShipped, shipped_path};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// List only this: `events`, every kind of scripted event with its fields.
    #[arg(value_enum)]
    pub what: Option<What>,
    /// List every column of every table instead (the data dictionary), with the flagship's
    /// categories.
    #[arg(long)]
    pub columns: bool,
    #[command(flatten)]
    pub format: FormatArg,
}
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// Every kind of scripted event a scenario's `events` may hold, with its fields.
    Events,
}

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
    if args.what == Some(What::Events) {
        if args.format.json() {
            print_json(&events_json());
        } else {
            print!("{}", events_text());
        }
        return Ok(());
    }
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
            "events": events_json()["events"],
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
    println!(
        "\nScripted events (write as `(at: \"2026-04\", event: ...)` in `events`; fields: statecraft list events):"
    );
    for kind in EVENT_KINDS {
        println!("  {:<52} {}", kind.example, kind.kind);
    }
    Ok(())
}

/// Every event kind with its fields, as `statecraft list events` prints it.
fn events_text() -> String {
    let mut out = String::from("Every scripted event has these fields:\n");
    let field =
        |out: &mut String, f: &EventField| out.push_str(&format!("    {:<12} {} — {}\n", f.name, f.ty, f.meaning));
    EVENT_FIELDS.iter().for_each(|f| field(&mut out, f));
    out.push_str("\nEvent kinds (the `event` field):\n");
    for kind in EVENT_KINDS {
        let lever = match (kind.lever_of, kind.holdable) {
            ("", _) => String::new(),
            (of, true) => format!(" [a lever of {of}; may be held]"),
            (of, false) => format!(" [a lever of {of}]"),
        };
        out.push_str(&format!("\n  {}{lever}\n    e.g. {}\n    {}\n", kind.kind, kind.example, kind.about));
        kind.fields.iter().for_each(|f| field(&mut out, f));
    }
    out
}

fn events_json() -> serde_json::Value {
    let field = |f: &EventField| json!({ "name": f.name, "type": f.ty, "meaning": f.meaning });
    json!({
        "fields": EVENT_FIELDS.iter().map(field).collect::<Vec<_>>(),
        "events": EVENT_KINDS
            .iter()
            .map(|k| json!({
                "kind": k.kind,
                "example": k.example,
                "lever_of": if k.lever_of.is_empty() { None } else { Some(k.lever_of) },
                "holdable": k.holdable,
                "about": k.about,
                "fields": k.fields.iter().map(field).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>(),
    })
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
