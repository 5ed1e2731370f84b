//! Scripted events the actors perceive (MODEL.md §15): an event that moves a lever counts as the
//! move it stands for, in tension and in the other side's reciprocity, and may hold the lever.

mod common;

use statecraft_games::Stance;
use statecraft_scenario::{Disk, Event, EventKind, Month, Override, RareEarths, Scenario, load};
use statecraft_sim::actors::beijing;
use statecraft_sim::{Options, Run, RunId, run};

fn flagship(overrides: &[&str]) -> Scenario {
    let path = common::root().join("scenarios/h200-commission.ron");
    let overrides: Vec<Override> = overrides.iter().map(|o| Override::set(*o)).collect();
    load(&path, &Disk, &overrides, &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario
}

fn event(at: Month, event: EventKind, hold_months: u32) -> Event {
    Event { at, event, note: String::new(), hold_months }
}

fn month(r: &Run, at: Month) -> &statecraft_sim::phases::record::MonthRecord {
    r.months.iter().find(|m| m.date == at).expect("the month is in the run")
}

/// A scripted tightening is the administration's hostile move: tension rises as if it had
/// tightened itself, and Beijing, answering in kind, retaliates the next month as it would
/// against the administration's own move. Without a stance (the model before), neither happens.
#[test]
fn a_scripted_tightening_is_perceived_as_the_administrations_move() {
    // Both principals hold unless told otherwise; Beijing answers hostile moves in kind.
    let base = ["beijing.rule=Reciprocity(forgiveness: 0.0)"];
    let quiet = flagship(&[&base[..], &["us_admin.rule=Fixed(\"hold\")"]].concat());
    let at = quiet.start.plus(2);
    let mut by_event = quiet.clone();
    by_event.events.push(event(at, EventKind::SetCeiling("H20-class".into()), 0));
    let by_move = flagship(
        &[&base[..], &[&format!("us_admin.rule=Scripted([(at: \"{at}\", action: \"tighten_ceiling\")])")[..]]].concat(),
    );
    let id = RunId { seed: 7, run: 0 };
    let (quiet, by_event, by_move) = (
        run(&quiet, id, Options::default()),
        run(&by_event, id, Options::default()),
        run(&by_move, id, Options::default()),
    );
    assert!(month(&by_event, at).export_ceiling < month(&quiet, at).export_ceiling, "the event tightened");
    assert_eq!(month(&by_event, at).export_ceiling, month(&by_move, at).export_ceiling, "to the rung the move reaches");
    assert_eq!(month(&by_event, at).tension, month(&by_move, at).tension, "tension as after the move");
    assert!(month(&by_event, at).tension > month(&quiet, at).tension);
    let menu = beijing::menu();
    let answer = |r: &Run| menu[month(r, at.plus(1)).stage_moves.1].stance;
    assert_eq!(answer(&by_move), Stance::Hostile, "Beijing answers the move in kind");
    assert_eq!(answer(&by_event), Stance::Hostile, "and the event alike");
    assert_ne!(answer(&quiet), Stance::Hostile, "with nothing to answer, it does not retaliate");
}

/// A scripted `SetRareEarths(Sweeping)` held for six months is not eased by Beijing within them;
/// without the hold Beijing eases it within the same six months in some seeds (so the hold is
/// what binds).
#[test]
fn a_held_lever_is_not_moved_back_before_the_hold_ends() {
    let scenario = flagship(&[]);
    let at = scenario.start.plus(1);
    let with = |hold: u32| {
        let mut s = scenario.clone();
        s.events.push(event(at, EventKind::SetRareEarths(RareEarths::Sweeping), hold));
        s
    };
    let (held, free) = (with(6), with(0));
    let eases = |r: &Run, months: std::ops::Range<i32>| {
        months.map(|k| month(r, at.plus(k)).stage_moves.1).any(|m| m == beijing::EASE_RARE_EARTHS)
    };
    let mut eased_when_free = 0;
    for seed in 1..=12 {
        let id = RunId { seed, run: 0 };
        let held = run(&held, id, Options::default());
        assert!(!eases(&held, 0..6), "seed {seed}: Beijing eased a held lever");
        // Only a summit deal (which eases rare earths a level, §10) lifts them before the end.
        let deal = (0..6).find(|&k| month(&held, at.plus(k)).summit == Some(true)).unwrap_or(6);
        assert!((0..deal).all(|k| month(&held, at.plus(k)).rare_earths == RareEarths::Sweeping), "seed {seed}");
        eased_when_free += usize::from(eases(&run(&free, id, Options::default()), 0..6));
    }
    assert!(eased_when_free > 0, "without the hold Beijing never eases: the test would not tell");
}

/// What `statecraft validate` says of a scenario extending the flagship with `events`: it must
/// refuse it (exit 2) with a location in the file.
fn refused(name: &str, events: &str) -> String {
    let dir = common::Scratch::new(name);
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, format!("(extends: \"h200-commission.ron\", events: Append([{events}]))")).unwrap();
    let out = common::statecraft(&["validate", path.to_str().unwrap()], dir.path());
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.ron:1:"), "{err}");
    err
}

#[test]
fn a_hold_on_an_event_that_moves_no_lever_is_refused() {
    let err = refused("events-hold", "(at: \"2026-02\", event: Summit, hold_months: 3)");
    assert!(err.contains("nothing to hold"), "{err}");
}

/// A dated inflow lands in the stock named, that month and not before: HBM stacks raise the
/// domestic chipmaker's HBM stock, chips a cloud's stock (MODEL.md §15).
#[test]
fn inflows_land_in_their_stock_on_their_date() {
    use statecraft_scenario::Amount;
    let scenario = flagship(&[]);
    let at = scenario.start.plus(3);
    let maker = scenario.actors.iter().find(|a| a.kind() == "DomesticChipmaker").unwrap().id().to_string();
    let mut with = scenario.clone();
    let stacks = 1.0e6;
    with.events.push(event(
        at,
        EventKind::Inflow {
            to: maker,
            legal: Amount(0.0),
            domestic: Amount(0.0),
            grey: Amount(0.0),
            hbm_stacks: Amount(stacks),
            dies: Amount(0.0),
        },
        0,
    ));
    let id = RunId { seed: 2, run: 0 };
    let (plain, fed) = (run(&scenario, id, Options::default()), run(&with, id, Options::default()));
    for k in 0..3 {
        assert_eq!(
            month(&plain, scenario.start.plus(k)).hbm_stock,
            month(&fed, scenario.start.plus(k)).hbm_stock,
            "before the date"
        );
    }
    let gained = month(&fed, at).hbm_stock - month(&plain, at).hbm_stock;
    assert!(gained > 0.5 * stacks && gained <= stacks + 1e-6, "the stacks arrived: {gained}");
    assert!(
        month(&fed, at.plus(6)).domestic_output >= month(&plain, at.plus(6)).domestic_output,
        "more HBM never makes fewer chips"
    );
}

#[test]
fn an_inflow_to_an_actor_that_holds_no_such_stock_is_refused() {
    let err = refused("events-inflow", "(at: \"2026-02\", event: Inflow(to: \"us_admin\", legal: 5.0))");
    assert!(err.contains("an inflow goes to a cloud provider or the domestic chipmaker"), "{err}");
    let err = refused("events-inflow-goods", "(at: \"2026-02\", event: Inflow(to: \"huawei\", legal: 5.0))");
    assert!(err.contains("not chips in H100e"), "{err}");
}
