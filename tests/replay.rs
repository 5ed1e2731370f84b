//! Replays (DESIGN.md sections 4 and 5): a replay file reproduces its run bit for bit, under any
//! schedule order and thread count; any change to the state or the file is caught and located.

mod common;

use std::path::Path;

use common::{Scratch, stderr, stdout};
use rayon::prelude::*;
use statecraft_scenario::{Disk, Scenario, from_ron, load, to_ron_narrow};
use statecraft_sim::actors::{ActorId, ActorName};
use statecraft_sim::digest::world_digest;
use statecraft_sim::phases::record::Recorder;
use statecraft_sim::replay::Divergence;
use statecraft_sim::rng::ActorRng;
use statecraft_sim::state::{Calendar, ExportPolicy, Ledger, Relations};
use statecraft_sim::{Options, Program, Replay, RunId, Simulation, Verdict, run};

fn scenario(name: &str) -> Scenario {
    let path = common::root().join("scenarios").join(format!("{name}.ron"));
    load(&path, &Disk, &[], &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario
}

fn program() -> Program {
    Program { version: "test".into(), revision: None }
}

fn replay_of(scenario: &Scenario, seed: u64) -> Replay {
    let id = RunId { seed, run: 0 };
    let made = run(scenario, id, Options { digests: true, ..Options::default() });
    Replay::of(scenario, id, Vec::new(), program(), &made)
}

#[test]
fn the_flagship_replay_is_small_readable_and_verifies() {
    let flagship = scenario("h200-commission");
    let replay = replay_of(&flagship, flagship.seed);
    let text = to_ron_narrow(&replay);
    assert!(text.len() < 64 * 1024, "the flagship replay is {} bytes", text.len());
    assert_eq!(text.lines().filter(|l| l.trim_start().starts_with("(\"20")).count(), 60, "one line per month");
    let back: Replay = from_ron("replay.ron", &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(back.verify().0, Verdict::Verified { ticks: 60 });
}

#[test]
fn replays_verify_under_every_schedule_shuffle() {
    let flagship = scenario("h200-commission");
    let replay = replay_of(&flagship, 5);
    for shuffle in 1..=4 {
        let again = run(&flagship, RunId { seed: 5, run: 0 }, Options { digests: true, shuffle: Some(shuffle) });
        assert_eq!(replay.divergence(&again.digests), None, "shuffle seed {shuffle}");
    }
}

#[test]
fn replays_verify_when_runs_share_a_rayon_pool_of_1_2_or_4_threads() {
    let flagship = scenario("h200-commission");
    let replays: Vec<Replay> = (0..6).map(|seed| replay_of(&flagship, seed)).collect();
    for threads in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        let verdicts: Vec<Verdict> = pool.install(|| replays.par_iter().map(|r| r.verify().0).collect());
        assert!(verdicts.iter().all(|v| *v == Verdict::Verified { ticks: 60 }), "{threads} threads: {verdicts:?}");
    }
}

/// Run `months` months, change one thing in the state, and return where the digest of that
/// month says the run differs from an unchanged one.
fn locate(months: usize, change: impl FnOnce(&mut bevy_ecs::world::World)) -> Divergence {
    let flagship = scenario("h200-commission");
    let replay = replay_of(&flagship, 9);
    let mut simulation =
        Simulation::new(&flagship, RunId { seed: 9, run: 0 }, Options { digests: true, ..Options::default() });
    for _ in 0..months {
        simulation.step();
    }
    let world = simulation.world_mut();
    let mut digests = world.resource::<Recorder>().digests.clone();
    // The digest is taken before the calendar turns over at the end of a month.
    world.resource_mut::<Calendar>().tick -= 1;
    change(world);
    digests[months - 1] = world_digest(world);
    replay.divergence(&digests).unwrap_or_else(|| panic!("the change at month {months} went unnoticed"))
}

fn actor<'w>(world: &'w mut bevy_ecs::world::World, name: &str) -> bevy_ecs::world::EntityWorldMut<'w> {
    let entity = world
        .query::<(bevy_ecs::entity::Entity, &ActorName)>()
        .iter(world)
        .find(|(_, a)| a.0 == name)
        .unwrap_or_else(|| panic!("no actor {name}"))
        .0;
    world.entity_mut(entity)
}

#[test]
fn changing_any_part_of_the_state_changes_the_digest_and_names_the_field() {
    type Change = Box<dyn FnOnce(&mut bevy_ecs::world::World)>;
    let cases: Vec<(&str, &str, Change)> = vec![
        ("export_policy", "share", Box::new(|w| w.resource_mut::<ExportPolicy>().share += 1e-12)),
        ("relations", "tension", Box::new(|w| w.resource_mut::<Relations>().tension *= 1.0 + 1e-15)),
        ("ledger", "share_paid_usd", Box::new(|w| w.resource_mut::<Ledger>().share_paid_usd += 1.0)),
        (
            "actor:beijing",
            "rng",
            Box::new(|w| {
                let mut beijing = actor(w, "beijing");
                let rng = &mut beijing.get_mut::<ActorRng>().unwrap().0;
                let _ = rand::Rng::next_u64(rng);
            }),
        ),
        (
            "actor:nvidia",
            "vendor.price_factor",
            Box::new(|w| {
                actor(w, "nvidia").get_mut::<statecraft_sim::actors::vendor::Vendor>().unwrap().price_factor += 0.01
            }),
        ),
    ];
    for (part, field, change) in cases {
        let found = locate(6, change);
        assert_eq!(found.tick, 5, "{part}");
        assert_eq!(found.parts.len(), 1, "only {part} differs: {:?}", found.parts);
        assert_eq!(found.parts[0].0, part);
        assert_eq!(found.parts[0].1, vec![field.to_string()], "{part}");
    }
}

/// Every resource in the world and every component of every actor is part of the digest, so no
/// state can change without the digest noticing (the derive covers each field of each).
#[test]
fn the_digest_covers_every_resource_and_component() {
    let flagship = scenario("h200-commission");
    let mut simulation = Simulation::new(&flagship, RunId { seed: 1, run: 0 }, Options::default());
    simulation.step();
    let world = simulation.world_mut();
    let parts: Vec<String> = world_digest(world).parts.into_iter().map(|p| p.name).collect();
    let short = |name: &str| name.rsplit("::").next().unwrap_or(name).to_string();
    let snake = |name: &str| {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        }
        out
    };
    // The recorder is the run's output, written by the record phase and never read by the
    // model; bevy's own resources hold no model state.
    for (_, info, _) in world.iter_resources() {
        let path = info.name().to_string();
        let name = snake(&short(&path));
        if name != "recorder" && !path.starts_with("bevy_ecs::") {
            assert!(parts.contains(&name), "resource `{name}` is not in the digest ({parts:?})");
        }
    }
    let digested = [
        "ActorId",
        "ActorName",
        "Decider",
        "ActorRng",
        "UsAdmin",
        "Bloc",
        "Vendor",
        "BeijingLeader",
        "Cloud",
        "LabState",
        "Chipmaker",
    ];
    let entities: Vec<_> = world.query::<(bevy_ecs::entity::Entity, &ActorId)>().iter(world).map(|(e, _)| e).collect();
    for entity in entities {
        for (_, info) in world.inspect_entity(entity).expect("actor entity") {
            let name = short(&info.name().to_string());
            assert!(digested.contains(&name.as_str()), "component `{name}` is not in the digest");
        }
    }
}

fn replay_file(dir: &Path, scenario: &str) -> String {
    let out = dir.join(scenario);
    let o = common::statecraft(&["run", scenario, "--months", "12", "--out", out.to_str().unwrap()], dir);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(out.join("replay.ron")).unwrap()
}

#[test]
fn the_replay_command_verifies_and_regenerates_outputs() {
    let dir = Scratch::new("replay-ok");
    let text = replay_file(dir.path(), "h200-commission");
    let path = dir.write("shared.replay.ron", &text);
    let again = dir.path().join("again");
    let o = common::statecraft(&["replay", path.to_str().unwrap(), "--out", again.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("verified: all 12 months"), "{}", stdout(&o));
    for file in ["timeseries.csv", "actions.csv", "summary.ron", "replay.ron"] {
        let original = std::fs::read(dir.path().join("h200-commission").join(file)).unwrap();
        assert_eq!(std::fs::read(again.join(file)).unwrap(), original, "{file} differs");
    }
}

#[test]
fn damaged_replays_get_clear_errors() {
    let dir = Scratch::new("replay-bad");
    let text = replay_file(dir.path(), "h200-commission");
    let check = |name: &str, text: String, code: i32, says: &str| {
        let path = dir.write(name, &text);
        let o = common::statecraft(&["replay", path.to_str().unwrap()], dir.path());
        assert_eq!(o.status.code(), Some(code), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{name}");
    };
    check("truncated.ron", text[..text.len() / 2].to_string(), 2, "truncated.ron:");
    check("garbled.ron", text.replacen("seed:", "seed: :", 1), 2, "garbled.ron:");
    check("version.ron", text.replacen("format: 1", "format: 99", 1), 2, "reads format 1");
    check("scenario.ron", text.replacen("months: 12", "months: 11", 1), 1, "was edited");
    // An edited digest: the month it belongs to is named.
    let at = text.find("(\"2026-03\", \"").unwrap() + 13;
    let flipped = if &text[at..at + 1] == "0" { "1" } else { "0" };
    check("digest.ron", format!("{}{flipped}{}", &text[..at], &text[at + 1..]), 1, "at month 4 (2026-03)");
    let o = common::statecraft(&["replay", "missing.ron"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

/// The golden replays of every shipped scenario (made by a release build with
/// `tests/golden/bless`) verify in this build: across builds, profiles and machines.
#[test]
fn golden_replays_of_every_shipped_scenario_verify() {
    let golden = common::root().join("tests/golden");
    let mut names: Vec<String> = std::fs::read_dir(common::root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let verdicts: Vec<(String, Verdict)> = names
        .par_iter()
        .map(|name| {
            let path = golden.join(format!("{name}.replay.ron"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (run tests/golden/bless)", path.display()));
            let replay: Replay = from_ron(&path.display().to_string(), &text).unwrap_or_else(|d| panic!("{d}"));
            (name.clone(), replay.verify().0)
        })
        .collect();
    for (name, verdict) in verdicts {
        assert!(
            matches!(verdict, Verdict::Verified { .. }),
            "{name}: {verdict:?} — if the model changed on purpose, run tests/golden/bless and review the diff"
        );
    }
}

/// The hash sees every value in the state: perturbing any one leaf of any part's serialised
/// form (every number, flag, string; thousands of them) changes that part's digest.
#[test]
fn the_hash_changes_with_every_leaf_of_the_state() {
    fn leaves(value: &serde_json::Value, out: &mut Vec<Vec<String>>, path: Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    leaves(v, out, [path.clone(), vec![k.clone()]].concat());
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    leaves(v, out, [path.clone(), vec![i.to_string()]].concat());
                }
            }
            _ => out.push(path),
        }
    }
    fn perturb(value: &mut serde_json::Value, path: &[String]) {
        let Some((first, rest)) = path.split_first() else {
            *value = match value.take() {
                serde_json::Value::Number(n) => serde_json::json!(n.as_f64().unwrap_or(0.0) + 1.0),
                serde_json::Value::Bool(b) => serde_json::Value::Bool(!b),
                serde_json::Value::String(s) => serde_json::Value::String(s + "x"),
                _ => serde_json::json!(0),
            };
            return;
        };
        match value {
            serde_json::Value::Object(map) => perturb(map.get_mut(first).unwrap(), rest),
            serde_json::Value::Array(items) => perturb(&mut items[first.parse::<usize>().unwrap()], rest),
            _ => unreachable!(),
        }
    }
    let flagship = scenario("h200-commission");
    let mut simulation = Simulation::new(&flagship, RunId { seed: 2, run: 0 }, Options::default());
    for _ in 0..3 {
        simulation.step();
    }
    let world = simulation.world_mut();
    let state = serde_json::json!({
        "export": serde_json::to_value(world.resource::<ExportPolicy>()).unwrap(),
        "market": serde_json::to_value(world.resource::<statecraft_sim::market::Market>()).unwrap(),
        "trade": serde_json::to_value(world.resource::<statecraft_sim::state::Trade>()).unwrap(),
        "params": serde_json::to_value(world.resource::<statecraft_sim::state::Params>()).unwrap(),
    });
    let mut paths = Vec::new();
    leaves(&state, &mut paths, Vec::new());
    assert!(paths.len() > 500, "{} leaves", paths.len());
    let base = statecraft_sim::digest::digest(&state);
    for path in paths {
        let mut changed = state.clone();
        perturb(&mut changed, &path);
        assert_ne!(statecraft_sim::digest::digest(&changed), base, "{}", path.join("."));
    }
}
