//! Replays (ARCHITECTURE.md, "Determinism" and `replay.rs`): a replay file reproduces its run bit for bit, under any
//! schedule order and thread count; any change to the state is caught and located to its
//! field, and any change to the file is caught as tampering.

mod common;

use std::path::{Path, PathBuf};

use common::{Scratch, stderr, stdout};
use rayon::prelude::*;
use statecraft_scenario::{Actor, Disk, Scenario, from_ron, load, to_ron_narrow};
use statecraft_sim::actors::{ActorId, ActorName};
use statecraft_sim::digest::{Key, TickDigest, Tree, not_state, world_digest, world_state};
use statecraft_sim::phases::record::Recorder;
use statecraft_sim::replay::{Divergence, FORMAT, NAMEABLE, Naming};
use statecraft_sim::rng::{ActorRng, NatureRng};
use statecraft_sim::state::{Bills, Calendar, ExportPolicy, Ledger, Params, Relations};
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
    let months: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("(\"20")).collect();
    assert_eq!(months.len(), 60, "one line per month");
    // Month, state digest, one group per part (most of them short or `=`), syndrome.
    let first: Vec<&str> = months[1].split('"').collect();
    assert_eq!(first[1], "2026-01");
    assert_eq!(first[5].split(' ').count(), replay.parts.len());
    assert!(months.iter().all(|l| l.len() < 600), "{}", months[0].len());
    assert!(replay.parts.iter().any(|p| p == "actor:nvidia") && replay.parts.iter().any(|p| p == "trade"));
    let back: Replay = from_ron("replay.ron", &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(to_ron_narrow(&back), text, "a replay reads back to the same bytes");
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

/// A run of the flagship with seed 9, stepped `months` months, with the state as the digest of
/// its last month saw it, and the replay of the unchanged run.
fn stepped(months: usize) -> (Replay, Simulation, Vec<TickDigest>) {
    let flagship = scenario("h200-commission");
    let replay = replay_of(&flagship, 9);
    let mut simulation =
        Simulation::new(&flagship, RunId { seed: 9, run: 0 }, Options { digests: true, ..Options::default() });
    for _ in 0..months {
        simulation.step();
    }
    let world = simulation.world_mut();
    let digests = world.resource::<Recorder>().digests.clone();
    // The digest is taken before the calendar turns over at the end of a month.
    world.resource_mut::<Calendar>().tick -= 1;
    (replay, simulation, digests)
}

/// Run `months` months, change one thing in the state, and return where the replay says that
/// month differs from the run it recorded.
fn locate(months: usize, change: impl FnOnce(&mut bevy_ecs::world::World)) -> Divergence {
    let (replay, mut simulation, mut digests) = stepped(months);
    let world = simulation.world_mut();
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

fn month(year: i32) -> statecraft_scenario::Month {
    statecraft_scenario::Month::new(year, 1).expect("a month")
}

#[test]
fn a_change_anywhere_in_the_state_is_named_down_to_its_field() {
    type Change = Box<dyn FnOnce(&mut bevy_ecs::world::World)>;
    let cases: Vec<(&str, &str, Change)> = vec![
        ("export_policy", "share", Box::new(|w| w.resource_mut::<ExportPolicy>().share += 1e-12)),
        ("export_policy", "pending", Box::new(|w| w.resource_mut::<ExportPolicy>().pending = Some((0, month(2030))))),
        ("relations", "tension", Box::new(|w| w.resource_mut::<Relations>().tension *= 1.0 + 1e-15)),
        ("ledger", "share_paid_usd", Box::new(|w| w.resource_mut::<Ledger>().share_paid_usd += 1.0)),
        (
            "params",
            "world.relations.tension",
            Box::new(|w| w.resource_mut::<Params>().world.relations.tension.0 += 1e-9),
        ),
        ("params", "chips[1].price_usd", Box::new(|w| w.resource_mut::<Params>().chips[1].price_usd.0 += 1.0)),
        ("bills", "[1].enacted", Box::new(|w| w.resource_mut::<Bills>().0[1].enacted = Some(month(2030)))),
        (
            "nature_rng",
            "word",
            Box::new(|w| {
                let _ = rand::Rng::next_u64(&mut w.resource_mut::<NatureRng>().0);
            }),
        ),
        (
            "actor:beijing",
            "rng.word",
            Box::new(|w| {
                let mut beijing = actor(w, "beijing");
                let _ = rand::Rng::next_u64(&mut beijing.get_mut::<ActorRng>().unwrap().0);
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
        assert_eq!((found.tick, found.naming), (5, Naming::Complete), "{part}");
        assert_eq!(found.parts, vec![(part.to_string(), vec![field.to_string()])], "{part}.{field}");
    }
}

/// A change spreads within a month; the replay names every field it reaches, up to
/// `NAMEABLE`, and beyond that still names the parts.
#[test]
fn a_change_that_spreads_is_named_field_by_field_or_at_least_part_by_part() {
    let run_on = |change: &dyn Fn(&mut bevy_ecs::world::World)| {
        let (replay, mut simulation, _) = stepped(5);
        let world = simulation.world_mut();
        world.resource_mut::<Calendar>().tick += 1;
        change(world);
        simulation.step();
        let digests = simulation.world().resource::<Recorder>().digests.clone();
        replay.divergence(&digests).expect("the change is noticed")
    };
    let tension = run_on(&|w| w.resource_mut::<Relations>().tension *= 1.0 + 1e-15);
    assert_eq!((tension.tick, tension.naming), (5, Naming::Complete), "{tension:?}");
    let fields: Vec<String> =
        tension.parts.iter().flat_map(|(p, f)| f.iter().map(move |f| format!("{p}: {f}"))).collect();
    assert!(fields.contains(&"relations: tension".to_string()), "{fields:?}");
    assert!(fields.len() > 3 && fields.len() <= NAMEABLE, "{fields:?}");

    let price = run_on(&|w| {
        let mut q = w.query::<&mut statecraft_sim::actors::vendor::Vendor>();
        for mut vendor in q.iter_mut(w) {
            vendor.price_factor *= 1.0 + 1e-12;
        }
    });
    assert_eq!(price.naming, Naming::TooMany, "{price:?}");
    let parts: Vec<&str> = price.parts.iter().map(|(p, _)| p.as_str()).collect();
    assert!(parts.contains(&"trade") && parts.contains(&"actor:nvidia"), "{parts:?}");
}

/// Every leaf of the canonical form of the whole state — every resource and every component
/// of every actor, random streams included — changes the digest when it changes alone, and
/// the replay names the part and the field it sits in.
#[test]
fn changing_any_single_leaf_of_the_state_changes_the_digest_and_is_located() {
    fn leaf_mut<'a>(tree: &'a mut Tree, target: usize, seen: &mut usize) -> Option<&'a mut Tree> {
        match tree {
            Tree::Leaf(_) => {
                *seen += 1;
                (*seen - 1 == target).then_some(tree)
            }
            Tree::Node { children, .. } => children.iter_mut().find_map(|(_, c)| leaf_mut(c, target, seen)),
        }
    }
    let (replay, mut simulation, mut digests) = stepped(3);
    let parts = world_state(simulation.world_mut());
    let base = TickDigest::of(parts.clone());
    assert_eq!(base.total, digests[2].total, "the state as digested");
    let mut checked = 0;
    for (i, part) in parts.iter().enumerate() {
        let leaves: Vec<String> = part.tree.leaves().into_iter().map(|(path, _)| path).collect();
        for (j, path) in leaves.iter().enumerate() {
            let mut changed = parts.clone();
            let leaf = leaf_mut(&mut changed[i].tree, j, &mut 0).expect("the leaf");
            match leaf {
                // A unit holds nothing to change.
                Tree::Leaf(bytes) if bytes.len() == 1 && bytes[0] == 19 => continue,
                // `None` can only change into `Some`.
                Tree::Leaf(bytes) if bytes.len() == 1 => {
                    *leaf =
                        Tree::Node { head: vec![18], children: vec![(Key::Inner, Tree::Leaf(vec![19]))], end: false }
                }
                // The lowest bit of the value: the next float, integer or character.
                Tree::Leaf(bytes) => bytes[1] ^= 1,
                Tree::Node { .. } => unreachable!(),
            }
            let now = TickDigest::of(changed);
            let what = format!("{}: {path}", part.name);
            assert_ne!(now.total, base.total, "{what}");
            assert_ne!(now.parts[i].hash, base.parts[i].hash, "{what}");
            digests[2] = now;
            let found = replay.divergence(&digests).unwrap_or_else(|| panic!("{what} went unnoticed"));
            assert_eq!((found.tick, found.naming), (2, Naming::Complete), "{what}");
            assert_eq!(found.parts.len(), 1, "{what}: {:?}", found.parts);
            let (named_part, fields) = &found.parts[0];
            assert_eq!(named_part, &part.name, "{what}");
            assert!(fields.len() == 1 && path.starts_with(&fields[0]), "{what}: named {fields:?}");
            checked += 1;
        }
    }
    assert!(checked > 2000, "only {checked} leaves");
}

/// Every resource in the world and every component of every actor is digested, except what is
/// declared not to be model state (the recorder, the run's output), so a new resource or
/// component that the digest forgets fails here.
#[test]
fn the_digest_covers_every_resource_and_component() {
    let flagship = scenario("h200-commission");
    let mut simulation = Simulation::new(&flagship, RunId { seed: 1, run: 0 }, Options::default());
    simulation.step();
    let world = simulation.world_mut();
    let parts = world_state(world);
    let digested: Vec<&str> = parts.iter().flat_map(|p| p.types.iter().copied()).chain(not_state()).collect();
    let mut resources = 0;
    for (_, info, _) in world.iter_resources() {
        let name = info.name().to_string();
        // bevy's own resources hold no model state.
        if !name.starts_with("bevy_ecs::") {
            assert!(digested.contains(&name.as_str()), "resource `{name}` is not in the digest ({digested:?})");
            resources += 1;
        }
    }
    assert!(resources >= 15, "{resources} resources");
    let entities: Vec<_> = world.query::<(bevy_ecs::entity::Entity, &ActorId)>().iter(world).map(|(e, _)| e).collect();
    assert_eq!(entities.len(), parts.iter().filter(|p| p.name.starts_with("actor:")).count());
    for entity in entities {
        let name = format!("actor:{}", world.get::<ActorName>(entity).unwrap().0);
        let part = parts.iter().find(|p| p.name == name).expect("the actor's part");
        for (_, info) in world.inspect_entity(entity).expect("actor entity") {
            let component = info.name().to_string();
            assert!(part.types.contains(&component.as_str()), "{name}: component `{component}` is not in the digest");
        }
    }
}

fn replay_file(dir: &Path, scenario: &str, extra: &[&str]) -> (PathBuf, String) {
    let out = dir.join(scenario);
    let mut args = vec!["run", scenario, "--months", "12", "--out", out.to_str().unwrap()];
    args.extend(extra);
    let o = common::statecraft(&args, dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("replay.ron")).unwrap();
    (out, text)
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_replay_command_verifies_and_regenerates_every_output() {
    let dir = Scratch::new("replay-ok");
    let (original, text) = replay_file(dir.path(), "h200-commission", &["--set", "us_admin.share=0.5", "--seed", "7"]);
    let replay: Replay = from_ron("replay.ron", &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(replay.overrides, ["--set us_admin.share=0.5", "--seed 7", "--months 12"], "as typed");
    assert_eq!(replay.scenario.seed, 7);
    let path = dir.write("shared.replay.ron", &text);
    let again = dir.path().join("again");
    let o = common::statecraft(&["replay", path.to_str().unwrap(), "--out", again.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("verified: all 12 months"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("note:"), "same program: {}", stdout(&o));
    let written = files(&original);
    assert_eq!(files(&again), written);
    assert!(written.len() > 10, "{written:?}");
    for file in written {
        let bytes = std::fs::read(original.join(&file)).unwrap();
        assert!(std::fs::read(again.join(&file)).unwrap() == bytes, "{} differs", file.display());
    }
}

/// `replay` on a text, in `dir`: (exit code, stdout, stderr).
fn replay_text(dir: &Scratch, name: &str, text: &str) -> (Option<i32>, String, String) {
    let path = dir.write(name, text);
    let o = common::statecraft(&["replay", path.to_str().unwrap()], dir.path());
    assert!(!stderr(&o).contains("panicked"), "{name}: {}", stderr(&o));
    (o.status.code(), stdout(&o), stderr(&o))
}

/// A replay edited by someone who also recomputes its digest (it is a checksum, not a
/// signature).
fn forge(mut replay: Replay) -> String {
    replay.digest = String::new();
    replay.digest = format!("{:016x}", statecraft_sim::digest::digest(&replay));
    to_ron_narrow(&replay)
}

#[test]
fn edited_and_damaged_replays_get_clear_errors() {
    let dir = Scratch::new("replay-bad");
    let (_, text) = replay_file(dir.path(), "h200-commission", &[]);
    let check = |name: &str, text: String, code: i32, says: &str| {
        let (status, _, err) = replay_text(&dir, name, &text);
        assert_eq!(status, Some(code), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    };
    let ticks = text.find("ticks:").unwrap();
    let in_ticks = |from: &str, to: &str| format!("{}{}", &text[..ticks], text[ticks..].replacen(from, to, 1));
    let month_line = |month: &str| {
        let at = text.find(&format!("(\"{month}\", \"")).unwrap();
        let start = text[..at].rfind('\n').unwrap() + 1;
        start..text[at..].find('\n').unwrap() + at + 1
    };
    let without = |month: &str| {
        let mut edited = text.clone();
        edited.replace_range(month_line(month), "");
        edited
    };
    check("truncated.ron", text[..text.len() / 2].to_string(), 2, "truncated.ron:");
    check("garbled.ron", text.replacen("run:", "run: :", 1), 2, "garbled.ron:");
    check(
        "version.ron",
        text.replacen(&format!("format: {FORMAT}"), "format: 99", 1),
        2,
        &format!("reads format {FORMAT}"),
    );
    check("old.ron", text.replacen(&format!("format: {FORMAT}"), "format: 1", 1), 2, &format!("reads format {FORMAT}"));
    check("unknown.ron", text.replacen("  run: 0,", "  run: 0,\n  extra_field: 1,", 1), 2, "extra_field");
    let edited = "was edited or damaged: its content does not match its digest";
    check("scenario.ron", text.replacen("months: 12", "months: 11", 1), 2, edited);
    check("seed.ron", text.replacen("seed: 2025", "seed: 2026", 1), 2, edited);
    check("run.ron", text.replacen("run: 0", "run: 1", 1), 2, edited);
    check("overrides.ron", text.replacen("\"--months 12\"", "\"--set us_admin.share=0.99\"", 1), 2, edited);
    check("program.ron", text.replacen("version: \"0.1.0\"", "version: \"9.9.9\"", 1), 2, edited);
    let revision = text.lines().find(|l| l.contains("revision:")).unwrap();
    check("revision.ron", text.replacen(revision, "    revision: None,", 1), 2, edited);
    check(
        "date.ron",
        in_ticks("\"2026-09\"", "\"2099-09\""),
        2,
        "month 10 is dated 2099-09, but its scenario's calendar puts 2026-09 there",
    );
    let total = text.find("(\"2026-03\", \"").unwrap() + 13;
    let flipped = if &text[total..total + 1] == "0" { "1" } else { "0" };
    check("digest.ron", format!("{}{flipped}{}", &text[..total], &text[total + 1..]), 2, edited);
    check("last.ron", without("2026-11"), 2, "it records 11 months, but its scenario runs 12");
    check(
        "first.ron",
        without("2025-12"),
        2,
        "month 1 is dated 2026-01, but its scenario's calendar puts 2025-12 there",
    );
    let o = common::statecraft(&["replay", "missing.ron"], dir.path());
    assert_eq!(o.status.code(), Some(2));

    // With the digest forged to match, the file still has to make sense.
    let replay: Replay = from_ron("replay.ron", &text).unwrap_or_else(|d| panic!("{d}"));
    let mut short = replay.clone();
    short.ticks.truncate(7);
    check("forged-short.ron", forge(short), 2, "it records 7 months, but its scenario runs 12");
    let mut shifted = replay.clone();
    shifted.ticks.remove(0);
    shifted.ticks.push(replay.ticks[11].clone());
    check("forged-shifted.ron", forge(shifted), 2, "month 1 is dated 2026-01");
    let mut replicate = replay.clone();
    replicate.run = 1;
    check("forged-run.ron", forge(replicate), 1, "diverges from");
}

#[test]
fn the_scenario_inside_a_replay_is_checked_like_a_scenario_file() {
    let dir = Scratch::new("replay-crafted");
    let (_, text) = replay_file(dir.path(), "h200-commission", &[]);
    let replay: Replay = from_ron("replay.ron", &text).unwrap_or_else(|d| panic!("{d}"));
    let crafted = |name: &str, edit: &dyn Fn(&mut Scenario), says: &str| {
        let mut r = replay.clone();
        edit(&mut r.scenario);
        let (status, _, err) = replay_text(&dir, name, &forge(r));
        assert_eq!(status, Some(2), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(err.contains(&format!("{name}:")), "{name}: points into the replay: {err}");
    };
    crafted("no-ceilings.ron", &|s| s.ceilings.clear(), "the export-control ladder has no rungs");
    crafted("no-beijing.ron", &|s| s.actors.retain(|a| !matches!(a, Actor::Beijing(_))), "exactly one `Beijing` actor");
    crafted(
        "twins.ron",
        &|s| {
            let twin = s.actors.iter().find(|a| a.id() == "nvidia").unwrap().clone();
            s.actors.push(twin);
        },
        "duplicate actor id `nvidia`",
    );

    // Another program that reproduces the run says so.
    let mut other = replay.clone();
    other.program.version = "9.9.9".into();
    let (status, out, err) = replay_text(&dir, "other.ron", &forge(other));
    assert_eq!(status, Some(0), "{err}");
    assert!(out.contains("note: the replay was made by statecraft 9.9.9"), "{out}");
}

/// The golden replays of every shipped scenario (made by a release build with
/// `tests/golden/bless`) verify in this build: across builds, profiles and machines.
#[test]
fn golden_replays_of_every_shipped_scenario_verify() {
    let stems = |dir: &str, suffix: &str| {
        let mut names: Vec<String> = std::fs::read_dir(common::root().join(dir))
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(suffix).map(String::from))
            .collect();
        names.sort();
        names
    };
    let names = stems("scenarios", ".ron");
    assert_eq!(stems("tests/golden", ".replay.ron"), names, "one golden per shipped scenario: run tests/golden/bless");
    let golden = common::root().join("tests/golden");
    let verdicts: Vec<(String, Verdict)> = names
        .par_iter()
        .map(|name| {
            let path = golden.join(format!("{name}.replay.ron"));
            let text = std::fs::read_to_string(&path).unwrap();
            let replay: Replay = from_ron(&path.display().to_string(), &text).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(replay.program.revision, None, "{name}: goldens record no revision");
            // A golden checks the model only while it holds the scenario as shipped today.
            assert!(
                replay.scenario == scenario(name),
                "tests/golden/{name}.replay.ron holds another version of scenarios/{name}.ron (edited since it was blessed): run tests/golden/bless and review the diff"
            );
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
