//! Uncertain parameters end to end: the flagship's distributions are drawn per seed, recorded
//! in the summary and the replay, reproduced by the replay, and left out by `--point`.

mod common;

use common::{Scratch, stderr};
use statecraft_scenario::{Actor, Disk, Override, Scenario, load};
use statecraft_sim::{Options, Program, Replay, RunId, Verdict, run};

fn flagship(sets: &[&str]) -> Scenario {
    let path = common::root().join("scenarios/h200-commission.ron");
    let overrides: Vec<Override> = sets.iter().map(|s| Override::set(*s)).collect();
    load(&path, &Disk, &overrides, &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario
}

fn hbm_stock(s: &Scenario) -> f64 {
    s.actors
        .iter()
        .find_map(|a| match a {
            Actor::DomesticChipmaker(d) => Some(d.hbm_stock.0),
            _ => None,
        })
        .unwrap()
}

fn replay_of(scenario: &Scenario, seed: u64) -> Replay {
    let id = RunId { seed, run: 0 };
    let made = run(scenario, id, Options { digests: true, ..Options::default() });
    Replay::of(scenario, id, Vec::new(), Program { version: "test".into(), revision: None }, &made)
}

#[test]
fn the_flagship_draws_its_declared_parameters_per_seed() {
    let s = flagship(&[]);
    let paths: Vec<&str> = s.uncertain.iter().map(|u| u.path.as_str()).collect();
    for path in ["actors.huawei.hbm_stock", "actors.huawei.capacity", "world.grey_market.capacity_chips"] {
        assert!(paths.contains(&path), "{path} is uncertain: {paths:?}");
    }
    assert_eq!(hbm_stock(&s), 4.0e6, "the point scenario holds the median");
    let stocks: Vec<f64> = (1..=20)
        .map(|seed| run(&s, RunId { seed, run: 0 }, Options::default()))
        .map(|r| r.names.draws.iter().find(|(p, _)| p == "actors.huawei.hbm_stock").unwrap().1)
        .collect();
    let (lo, hi) = stocks.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    assert!(lo < 3.5e6 && hi > 4.5e6, "20 seeds spread the HBM stock: {lo} to {hi}");
}

#[test]
fn adding_an_uncertain_parameter_leaves_the_others_draws_unchanged() {
    let before = flagship(&[]);
    let after = flagship(&["world.market.demand_growth=Uniform(0.02, 0.032)"]);
    assert_eq!(after.uncertain.len(), before.uncertain.len() + 1);
    for seed in [1, 7, 2025] {
        let (a, b) = (
            statecraft_scenario::distribution::draws(&before, seed),
            statecraft_scenario::distribution::draws(&after, seed),
        );
        for (path, x) in &a {
            assert_eq!(b.iter().find(|(p, _)| p == path).map(|(_, y)| *y), Some(*x), "{path}, seed {seed}");
        }
    }
}

#[test]
fn a_replay_with_draws_verifies_and_an_edited_draw_is_caught() {
    let s = flagship(&[]);
    let replay = replay_of(&s, 11);
    assert_eq!(replay.draws.len(), s.uncertain.len());
    assert_eq!(replay.draws, statecraft_scenario::distribution::draws(&s, 11));
    let text = statecraft_scenario::to_ron_narrow(&replay);
    let back: Replay = statecraft_scenario::from_ron("replay.ron", &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(back.verify().0, Verdict::Verified { ticks: 60 });
    // An edited draw, with the file's checksum recomputed, is still caught.
    let mut forged = back.clone();
    forged.draws[0].1 *= 1.5;
    forged.digest = String::new();
    forged.digest = format!("{:016x}", statecraft_sim::digest::digest(&forged));
    match forged.verify().0 {
        Verdict::Tampered(why) => assert!(why.contains("drawn parameters"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn point_runs_at_the_medians_and_records_no_draws() {
    let dir = Scratch::new("point");
    let summary = |args: &[&str], out: &str| {
        let mut all = vec!["run", "--months", "3", "--out", out];
        all.extend_from_slice(args);
        let o = common::statecraft(&all, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(dir.path().join(out).join("summary.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    let point = |seed: &str, out: &str| summary(&["--point", "--seed", seed], out);
    let (a, b) = (point("1", "a"), point("2", "b"));
    assert!(a.get("draws").is_none() && b.get("draws").is_none());
    let drawn = summary(&["--seed", "1"], "c");
    let draws = drawn["draws"].as_array().unwrap();
    assert!(draws.iter().any(|d| d[0] == "actors.huawei.hbm_stock"));
    let ts = |out: &str| std::fs::read_to_string(dir.path().join(out).join("timeseries.csv")).unwrap();
    assert_ne!(ts("a"), ts("c"), "drawn parameters change the run");
    let o = common::statecraft(&["replay", "c/replay.ron"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // --set takes a distribution too.
    let set = summary(&["--set", "huawei.hbm_stock=Uniform(1000000, 2000000)"], "d");
    let stock = set["draws"].as_array().unwrap().iter().find(|d| d[0] == "actors.huawei.hbm_stock").unwrap()[1]
        .as_f64()
        .unwrap();
    assert!((1.0e6..=2.0e6).contains(&stock), "{stock}");
}

/// MODEL.md fact 12 under the draws: wherever the HBM stock runs out, output falls after it.
#[test]
fn under_the_draws_domestic_output_falls_once_hbm_runs_out() {
    let s = flagship(&[]);
    let mut ran_out = Vec::new();
    for seed in 1..=20 {
        let r = run(&s, RunId { seed, run: 0 }, Options::default());
        let Some(i) = r.months.iter().position(|m| m.hbm_stock <= 0.0) else { continue };
        ran_out.push(r.months[i].date);
        if (1..r.months.len() - 6).contains(&i) {
            let (before, after) = (r.months[i - 1].domestic_output, r.months[i + 6].domestic_output);
            assert!(after < 0.5 * before, "seed {seed}: {before} before the stock-out, {after} six months on");
        }
    }
    assert!(ran_out.len() >= 15, "the stock runs out in most draws: {ran_out:?}");
    ran_out.sort();
    ran_out.dedup();
    assert!(ran_out.len() >= 5, "and in different months: {ran_out:?}");
}

#[test]
fn a_nested_ensemble_splits_each_outcomes_variance() {
    let dir = Scratch::new("nested");
    let summary = |extra: &[&str], out: &str| {
        let mut args = vec!["ensemble", "--runs", "24", "--months", "4", "--threads", "2", "--out", out];
        args.extend_from_slice(extra);
        let o = common::statecraft(&args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(dir.path().join(out).join("summary.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    let nested = summary(&["--replicates-per-draw", "4"], "nested");
    let split = nested["points"][0]["variance"].as_array().expect("a variance split");
    let hbm = split.iter().find(|v| v[0] == "hbm_stock").expect("the HBM stock is split")[1].clone();
    assert_eq!((hbm["draws"].as_u64(), hbm["replicates_per_draw"].as_u64()), (Some(6), Some(4)));
    // The HBM stock after four months depends on the drawn stock far more than on the seeds.
    assert!(hbm["parameter_share"].as_f64().unwrap() > 0.9, "{hbm}");
    for (_, v) in split.iter().map(|v| (v[0].clone(), v[1].clone())) {
        let share = v["parameter_share"].as_f64().unwrap_or(0.0);
        assert!((0.0..=1.0).contains(&share), "{v}");
    }
    // Without replicates per draw, or at the point values, there is nothing to split.
    assert!(summary(&[], "plain")["points"][0].get("variance").is_none());
    assert!(summary(&["--point", "--replicates-per-draw", "4"], "point")["points"][0].get("variance").is_none());
}
