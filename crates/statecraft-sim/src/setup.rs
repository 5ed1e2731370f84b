//! From a scenario to a world: resources for the state, one entity per actor, and the checks
//! that need the model's vocabulary (action names, size limits).

use bevy_ecs::prelude::*;
use statecraft_games::Rule;
use statecraft_scenario::{Actor, Issue, Path, RuleSpec, Scenario};

use crate::actors::beijing::BeijingLeader;
use crate::actors::chipmaker::Chipmaker;
use crate::actors::cloud::Cloud;
use crate::actors::congress::Bloc;
use crate::actors::lab::LabState;
use crate::actors::us_admin::UsAdmin;
use crate::actors::vendor::Vendor;
use crate::actors::{ActorId, ActorName, Decider, Move, beijing, chipmaker, cloud, congress, lab, us_admin, vendor};
use crate::economy::{Economy, MAX_BUYERS, MAX_VENDORS, Sources};
use crate::market::Market;
use crate::phases::record::Recorder;
use crate::rng::{ActorRng, NATURE, NatureRng, stream};
use crate::stage_game::StageGame;
use crate::state::*;

/// Which run of a scenario this is: the seed and the replicate, which together select every
/// random stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunId {
    pub seed: u64,
    pub run: u32,
}

/// The moves an actor may choose from, in menu order.
pub fn menu(actor: &Actor, scenario: &Scenario) -> Vec<Move> {
    match actor {
        Actor::UsAdministration(_) => us_admin::menu(),
        Actor::Congress(_) => congress::menu(&scenario.bills.iter().map(|b| b.id.clone()).collect::<Vec<_>>()),
        Actor::ChipVendor(_) => vendor::menu(),
        Actor::Beijing(_) => beijing::menu(),
        Actor::CloudProvider(_) => cloud::menu(),
        Actor::Lab(_) => lab::menu(),
        Actor::DomesticChipmaker(_) => chipmaker::menu(),
    }
}

/// Checks that need the model: action names in rules, and the most of each kind it supports.
pub fn check(scenario: &Scenario) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (i, actor) in scenario.actors.iter().enumerate() {
        let names: Vec<String> = menu(actor, scenario).into_iter().map(|m| m.name).collect();
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let at = Path::default().field("actors").index(i).field("rule");
        let mut check_name = |name: &str, at: Path| {
            if !known.contains(&name) {
                issues.push(Issue::unknown(at, &format!("action for a {}", actor.kind()), name, &known));
            }
        };
        match actor.rule() {
            RuleSpec::Fixed(name) => check_name(name, at),
            RuleSpec::Scripted(moves) => {
                for (j, m) in moves.iter().enumerate() {
                    check_name(&m.action, at.clone().index(j).field("action"));
                }
            }
            _ => {}
        }
    }
    let count = |kind: &str| scenario.actors.iter().filter(|a| a.kind() == kind).count();
    let limits = [("ChipVendor", MAX_VENDORS), ("CloudProvider", MAX_BUYERS - 2), ("DomesticChipmaker", 1)];
    for (kind, max) in limits {
        if count(kind) > max {
            issues.push(Issue::new(
                Path::default().field("actors"),
                format!("at most {max} `{kind}` actors are supported, found {}", count(kind)),
            ));
        }
    }
    if scenario.ceilings.len() > 32 {
        issues
            .push(Issue::new(Path::default().field("ceilings"), "at most 32 rungs are supported on the export ladder"));
    }
    issues
}

fn rule(spec: &RuleSpec, menu: &[Move]) -> (Rule, &'static str) {
    let index = |name: &str| menu.iter().position(|m| m.name == name).unwrap_or(0);
    let rule = match spec {
        RuleSpec::Fixed(name) => Rule::Fixed { action: index(name) },
        // Periods are months since January of year 0 (as `Decider::decide` counts them).
        RuleSpec::Scripted(moves) => Rule::Scripted {
            moves: moves
                .iter()
                .map(|m| (i64::from(m.at.year()) * 12 + i64::from(m.at.month()) - 1, index(&m.action)))
                .collect(),
        },
        RuleSpec::BestResponse => Rule::BestResponse,
        RuleSpec::Logit { lambda } => Rule::Logit { lambda: *lambda },
        RuleSpec::FictitiousPlay => Rule::FictitiousPlay,
        RuleSpec::RegretMatching => Rule::RegretMatching,
        RuleSpec::Reciprocity { forgiveness } => Rule::Reciprocity { forgiveness: forgiveness.0 },
        RuleSpec::EpsilonGreedy { epsilon } => Rule::EpsilonGreedy { epsilon: epsilon.0 },
    };
    (rule, spec.name())
}

fn decider(actor: &Actor, scenario: &Scenario) -> Decider {
    let menu = menu(actor, scenario);
    let (rule, rule_name) = rule(actor.rule(), &menu);
    let script = match actor.rule() {
        RuleSpec::Scripted(moves) => {
            moves.iter().map(|m| (m.at, menu.iter().position(|x| x.name == m.action).unwrap_or(0))).collect()
        }
        _ => Vec::new(),
    };
    Decider {
        kind: actor.kind(),
        menu,
        rule,
        rule_name,
        script,
        memory: Default::default(),
        payoffs: Vec::new(),
        columns: 1,
        feasible: Vec::new(),
        choice: None,
    }
}

fn stock(s: &statecraft_scenario::Stock) -> Sources {
    Sources { legal: s.legal.0, domestic: s.domestic.0, grey: s.grey.0 }
}

/// A world ready for its first month. The scenario must have passed `check` and validation.
pub fn world(scenario: &Scenario, id: RunId) -> World {
    let mut world = World::new();
    populate(&mut world, scenario, id);
    world
}

/// Fill an empty world (new, or emptied by `World::clear_all`) for the first month.
pub fn populate(world: &mut World, scenario: &Scenario, id: RunId) {
    let w = &scenario.world;
    let rung = |name: &str| scenario.ceiling_index(name).unwrap_or(0);
    world.insert_resource(Calendar { start: scenario.start, tick: 0, months: scenario.months.0 });
    let params = Params {
        chips: scenario.chips.clone(),
        export_rules: scenario.export_rules.clone(),
        ceilings: scenario.ceilings.clone(),
        world: w.clone(),
    };
    let rung_review_months = params.rung_review_months();
    world.insert_resource(params);
    world.insert_resource(Relations {
        tension: w.relations.tension.0,
        rare_earths: w.relations.rare_earths,
        truce_until: w.relations.truce_until,
        summit: false,
        last_summit: None,
    });
    world.insert_resource(Bills(
        scenario.bills.iter().map(|b| BillState { bill: b.clone(), stage: b.stage, enacted: None }).collect(),
    ));
    let compute = Compute {
        us_stock: w.compute.us_stock_h100e.0,
        us_additions: w.compute.us_additions_h100e.0,
        china_other: stock(&w.compute.china_other_stock),
        other_budget_usd: w.market.other_buyers_usd_bn.0 * 1e9,
    };
    world.insert_resource(compute);
    let frontier_compute = w.capability.us_frontier_share.0 * compute.us_stock;
    let keep = 1.0 - 1.0 / w.compute.lifetime_months.0.max(1.0);
    let growth = (compute.us_stock * keep + compute.us_additions) / compute.us_stock.max(1.0);
    let pace = w.capability.algorithmic_progress.0 + libm::log2(growth.max(1.0));
    let frontier = Frontier {
        compute: frontier_compute,
        efficiency: 0.0,
        capability: libm::log2(frontier_compute.max(1.0)),
        pace,
    };
    world.insert_resource(frontier);
    world.insert_resource(Ledger::default());
    world.insert_resource(Trade(Economy::default().clear()));
    let mut events = scenario.events.clone();
    events.sort_by_key(|e| e.at);
    world.insert_resource(Script(events));
    world.insert_resource(ScriptedStances::default());
    world.insert_resource(Signals::default());
    world.insert_resource(Market::default());
    world.insert_resource(StageGame::default());
    world.insert_resource(NatureRng(stream(id.seed, id.run, NATURE)));
    world.insert_resource(Recorder::default());
    for actor in &scenario.actors {
        match actor {
            Actor::UsAdministration(a) => world.insert_resource(ExportPolicy {
                ceiling: rung(&a.ceiling),
                licensed: a.licensed.as_deref().map_or(rung(&a.ceiling), rung),
                pending: a.licensed.as_ref().zip(a.licences_from).map(|(_, from)| (rung(&a.ceiling), from)),
                share: a.share.0,
                licence_cap: a.licence_cap.map(|c| c.0),
                enforcement: a.enforcement.0,
                review_months: 0,
                rung_review_months,
                frozen: None,
                holds: Default::default(),
            }),
            Actor::Beijing(b) => world.insert_resource(ImportPolicy {
                approval_rate: b.approval_rate.0,
                domestic_ratio: b.domestic_ratio.0,
                state_dc_ban: b.state_dc_ban,
                customs_crackdown: b.customs_crackdown.0,
                subsidy: b.subsidy.0,
                antitrust: b.antitrust,
                holds: Default::default(),
            }),
            _ => {}
        }
    }

    let efficiency = w.compute.domestic_efficiency.0;
    let cloud_stock = |name: &str| -> f64 {
        if name == "other" {
            return compute.china_other.effective(efficiency);
        }
        scenario
            .actors
            .iter()
            .find_map(|a| match a {
                Actor::CloudProvider(c) if c.id == name => Some(stock(&c.stock).effective(efficiency)),
                _ => None,
            })
            .unwrap_or(0.0)
    };
    let (mut vendors, mut clouds) = (0, 0);
    for (i, actor) in scenario.actors.iter().enumerate() {
        let common = (
            ActorId(i as u32),
            ActorName(actor.id().to_string()),
            decider(actor, scenario),
            ActorRng(stream(id.seed, id.run, i as u32)),
        );
        let mut entity = world.spawn(common);
        match actor {
            Actor::UsAdministration(a) => {
                entity.insert(UsAdmin { spec: a.clone(), mood: a.mood });
            }
            Actor::Congress(b) => {
                entity.insert(Bloc { spec: b.clone() });
            }
            Actor::ChipVendor(v) => {
                entity.insert(Vendor {
                    spec: v.clone(),
                    market: vendors,
                    allocation: v.china_allocation.0,
                    price_factor: v.price_factor.0,
                    lobbying: v.lobbying.0,
                    design: None,
                    designing: None,
                    last_product: None,
                    last_shipped: 0.0,
                });
                vendors += 1;
            }
            Actor::Beijing(b) => {
                entity.insert(BeijingLeader { spec: b.clone() });
            }
            Actor::CloudProvider(c) => {
                entity.insert(Cloud {
                    spec: c.clone(),
                    market: clouds,
                    budget_usd: c.budget_usd_bn.0 * 1e9,
                    trend_usd: c.budget_usd_bn.0 * 1e9,
                    plan: c.plan,
                    stock: stock(&c.stock),
                });
                clouds += 1;
            }
            Actor::Lab(l) => {
                let compute: f64 = l.access.iter().map(|a| a.share.0 * cloud_stock(&a.from)).sum();
                let capability = frontier.capability - l.initial_gap_months.0 * pace;
                let efficiency = capability - libm::log2(compute.max(1.0));
                entity.insert(LabState { spec: l.clone(), effort: l.effort, efficiency, compute, capability });
            }
            Actor::DomesticChipmaker(d) => {
                entity.insert(Chipmaker {
                    spec: d.clone(),
                    chip: scenario.chips.iter().position(|c| c.id == d.chip).unwrap_or(0),
                    capacity: d.capacity.0,
                    expansions: Vec::new(),
                    die_bank: d.die_bank.0,
                    fab_dies: d.fab_dies.0,
                    hbm_stock: d.hbm_stock.0,
                    hbm_per_month: d.hbm_per_month.0,
                    inventory: 0.0,
                    produced: 0.0,
                });
            }
        }
    }
}
