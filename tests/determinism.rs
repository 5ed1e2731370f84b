//! Determinism (ARCHITECTURE.md, "Determinism"): the same scenario and seed give the same state every
//! month, whatever order bevy would run unordered systems in; other seeds give other paths.

mod common;

use statecraft_scenario::{Disk, Scenario, load};
use statecraft_sim::schedule::SHUFFLE_SUPPORTED;
use statecraft_sim::{Options, RunId, run};

// The root package builds statecraft-sim with its `debug` feature for tests, so shuffles apply.
const _: () = assert!(SHUFFLE_SUPPORTED, "tests need statecraft-sim's `debug` feature");

fn flagship() -> Scenario {
    let path = common::root().join("scenarios/h200-commission.ron");
    load(&path, &Disk, &[], &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario
}

fn digests(scenario: &Scenario, seed: u64, shuffle: Option<u64>) -> Vec<u64> {
    run(scenario, RunId { seed, run: 0 }, Options { digests: true, shuffle }).digests.iter().map(|d| d.total).collect()
}

#[test]
fn schedule_shuffles_do_not_change_any_months_state() {
    let scenario = flagship();
    let reference = digests(&scenario, 11, None);
    assert_eq!(reference.len(), 60);
    for shuffle in [1, 2, 3, 4, 5] {
        assert_eq!(digests(&scenario, 11, Some(shuffle)), reference, "shuffle seed {shuffle}");
    }
}

/// Every system of the month is ordered, so the test above would pass if shuffles did nothing;
/// this one shows they do: the month's schedule carries the seed, and bevy orders two unordered
/// systems differently under some seeds.
#[test]
fn schedule_shuffles_are_live() {
    use bevy_ecs::prelude::*;
    use bevy_ecs::schedule::{ScheduleBuildSettings, SingleThreadedExecutor};

    assert_eq!(statecraft_sim::schedule::month(true, Some(7)).get_build_settings().shuffle_seed, Some(7));
    #[derive(Resource, Default)]
    struct Log(Vec<&'static str>);
    fn a(mut log: ResMut<Log>) {
        log.0.push("a");
    }
    fn b(mut log: ResMut<Log>) {
        log.0.push("b");
    }
    let order = |shuffle: u64| {
        let mut schedule = Schedule::default();
        schedule.set_executor(SingleThreadedExecutor::new());
        schedule.set_build_settings(ScheduleBuildSettings { shuffle_seed: Some(shuffle), ..Default::default() });
        schedule.add_systems((a, b));
        let mut world = World::new();
        world.init_resource::<Log>();
        schedule.run(&mut world);
        world.resource::<Log>().0.clone()
    };
    let orders: std::collections::BTreeSet<Vec<&str>> = (1..=16).map(order).collect();
    assert_eq!(orders.len(), 2, "{orders:?}");
}

#[test]
fn repeated_runs_agree_and_other_seeds_diverge() {
    let scenario = flagship();
    let a = digests(&scenario, 3, None);
    assert_eq!(a, digests(&scenario, 3, None));
    let b = digests(&scenario, 4, None);
    assert_ne!(a.last(), b.last());
    // The first month's scripted state is the same; randomness enters with the first decisions.
    let first_difference = a.iter().zip(&b).position(|(x, y)| x != y);
    assert_eq!(first_difference, Some(0), "decisions in the first month already draw randomness");
}

#[test]
fn replicates_of_one_seed_are_different_runs() {
    let scenario = flagship();
    let r0 = run(&scenario, RunId { seed: 5, run: 0 }, Options::default());
    let r1 = run(&scenario, RunId { seed: 5, run: 1 }, Options::default());
    assert_ne!(r0.timeseries(), r1.timeseries());
}

#[test]
fn a_deterministic_world_is_the_same_for_every_seed() {
    // With every actor on a deterministic rule, no grey-market noise and the uncertain
    // parameters at their medians (`--point`), the seed cannot matter.
    let mut scenario = flagship();
    scenario.uncertain.clear();
    for actor in &mut scenario.actors {
        use statecraft_scenario::{Actor, RuleSpec};
        let rule = match actor {
            Actor::UsAdministration(a) => {
                a.volatility = statecraft_scenario::Fraction(0.0);
                &mut a.rule
            }
            Actor::Congress(a) => {
                a.floor_time = statecraft_scenario::Fraction(0.0);
                &mut a.rule
            }
            Actor::ChipVendor(a) => &mut a.rule,
            Actor::Beijing(a) => &mut a.rule,
            Actor::CloudProvider(a) => &mut a.rule,
            Actor::Lab(a) => &mut a.rule,
            Actor::DomesticChipmaker(a) => &mut a.rule,
        };
        *rule = RuleSpec::BestResponse;
    }
    scenario.world.grey_market.volatility = statecraft_scenario::Amount(0.0);
    let a = run(&scenario, RunId { seed: 1, run: 0 }, Options::default());
    let b = run(&scenario, RunId { seed: 2, run: 0 }, Options::default());
    assert_eq!(a.timeseries(), b.timeseries());
}

/// A `Runner` refills one world run after run: each run must come out as a fresh one would,
/// whatever ran before it in that world (another scenario, another horizon, another seed).
#[test]
fn a_reused_world_runs_as_a_fresh_one() {
    let flagship = flagship();
    let path = common::root().join("scenarios/full-ban.ron");
    let ban = load(&path, &Disk, &[], &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario;
    let short = load(
        &common::root().join("scenarios/h200-commission.ron"),
        &Disk,
        &[statecraft_scenario::Override::set("months=7")],
        &statecraft_sim::check,
    )
    .unwrap_or_else(|d| panic!("{d}"))
    .scenario;
    let options = Options { digests: true, shuffle: None };
    let mut runner = statecraft_sim::Runner::new(options);
    for (scenario, seed) in [(&flagship, 1), (&ban, 2), (&short, 3), (&flagship, 1), (&flagship, 4)] {
        let id = RunId { seed, run: 0 };
        let (reused, fresh) = (runner.run(scenario, id), run(scenario, id, options));
        let totals = |r: &statecraft_sim::Run| r.digests.iter().map(|d| d.total).collect::<Vec<u64>>();
        assert_eq!(totals(&reused), totals(&fresh), "{} seed {seed}", scenario.name);
        assert_eq!(reused.months, fresh.months);
        assert_eq!(reused.initial, fresh.initial);
        assert_eq!(reused.actions, fresh.actions);
    }
    // What despawning the last run's actors left is cleared: it does not pile up run after run
    // (it did, at 1.3 KB a run).
    let actors = flagship.actors.len();
    let removed = runner.world().removed::<statecraft_sim::actors::ActorId>().count();
    assert!(removed <= actors, "{removed} removals kept after five runs of {actors} actors");
}
