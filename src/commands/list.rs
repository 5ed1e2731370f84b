use statecraft_scenario::{Override, RULE_EXAMPLES, Scenario, load};

use crate::failure::Failure;
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

pub fn main() -> Result<(), Failure> {
    println!("Shipped scenarios (run with `statecraft run NAME`):");
    let mut flagship: Option<Scenario> = None;
    for (file, _) in SCENARIOS {
        let path = shipped_path(file).expect("a shipped scenario");
        let loaded = load(&path, &WithShipped, &[] as &[Override], &statecraft_sim::check)?;
        let name = file.trim_end_matches(".ron");
        println!("  {name:<22} {}", loaded.scenario.name);
        flagship.get_or_insert(loaded.scenario);
    }
    let flagship = flagship.expect("the flagship ships");
    println!("\nActor kinds and their moves:");
    for (kind, what) in KINDS {
        println!("  {kind:<18} {what}");
        if let Some(actor) = flagship.actors.iter().find(|a| a.kind() == *kind) {
            let moves: Vec<String> = statecraft_sim::menu(actor, &flagship).into_iter().map(|m| m.name).collect();
            println!("  {:<18} moves: {}", "", moves.join(", "));
        }
    }
    println!("\nDecision rules (write as `rule: ...` on an actor):");
    for (example, what) in RULE_EXAMPLES {
        println!("  {example:<56} {what}");
    }
    Ok(())
}
