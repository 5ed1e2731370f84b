//! Bills that start "not introduced" (MODEL.md §3, §15): inert until a scripted `BillStage`
//! event introduces them, then voted on as any other bill.

mod common;

use statecraft_scenario::{Disk, Event, EventKind, Fraction, Override, Scenario, Stage, load};
use statecraft_sim::{Options, Run, RunId, run};

const BILL: &str = "chip_security";

/// The flagship with the Senate pushing the Chip Security Act whenever it can, the bill at
/// `stage` and well supported, so that any month it can be voted on it may move.
fn pushed(stage: Stage) -> Scenario {
    let path = common::root().join("scenarios/h200-commission.ron");
    let overrides = [Override::set(format!("senate.rule=Fixed(\"advance:{BILL}\")"))];
    let mut s = load(&path, &Disk, &overrides, &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario;
    let bill = s.bills.iter_mut().find(|b| b.id == BILL).expect("the flagship has the bill");
    bill.stage = stage;
    bill.support = Fraction(0.9);
    s
}

fn stage(r: &Run, k: usize) -> Stage {
    let index = r.names.bills.iter().position(|b| b == BILL).unwrap();
    r.months[k].bills[index]
}

/// Not introduced, the bill stays so whatever the Senate wants, and nothing enacts it; from the
/// month an event introduces it the Senate's pushes move it as they move a bill introduced from
/// the start.
#[test]
fn a_bill_not_introduced_is_inert_until_its_event_then_voted_on() {
    let introduced_at = 4;
    let mut late = pushed(Stage::NotIntroduced);
    late.events.push(Event {
        at: late.start.plus(introduced_at as i32),
        event: EventKind::BillStage { bill: BILL.into(), stage: Stage::Introduced },
        note: String::new(),
        hold_months: 0,
    });
    let early = pushed(Stage::Introduced);
    let (mut moved_early, mut moved_late) = (0, 0);
    for seed in 1..=8 {
        let id = RunId { seed, run: 0 };
        let (late, early) = (run(&late, id, Options::default()), run(&early, id, Options::default()));
        for k in 0..introduced_at {
            assert_eq!(stage(&late, k), Stage::NotIntroduced, "seed {seed}, month {k}");
        }
        assert!(late.months[..introduced_at].iter().all(|m| m.bills.iter().all(|s| *s != Stage::Enacted)));
        moved_early += usize::from((0..introduced_at).any(|k| stage(&early, k) > Stage::Introduced));
        moved_late += usize::from((introduced_at..introduced_at + 6).any(|k| stage(&late, k) > Stage::Introduced));
    }
    assert!(moved_early > 0, "introduced from the start, the bill moves in those months in some seed");
    assert!(moved_late > 0, "once introduced, the bill is voted on and moves in some seed");
}

/// What `statecraft validate` says of a scenario extending the flagship with `bills`.
fn validate(name: &str, bills: &str) -> (Option<i32>, String) {
    let dir = common::Scratch::new(name);
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, format!("(extends: \"h200-commission.ron\", bills: [{bills}])")).unwrap();
    let out = common::statecraft(&["validate", path.to_str().unwrap()], dir.path());
    (out.status.code(), common::stderr(&out))
}

#[test]
fn a_bad_stage_name_is_refused_at_its_place_listing_not_introduced() {
    let (code, err) = validate("bill-stage", &format!("(id: \"{BILL}\", stage: Introdused)"));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("bad.ron:1:"), "{err}");
    assert!(err.contains("NotIntroduced"), "{err}");
}

/// A bill that no event ever introduces is allowed: it is inert for the whole run (a bill
/// that was not yet filed, kept for a variant that introduces it).
#[test]
fn a_bill_never_introduced_is_allowed() {
    let (code, err) = validate("bill-never", &format!("(id: \"{BILL}\", stage: NotIntroduced)"));
    assert_eq!(code, Some(0), "{err}");
}

/// `statecraft list events` names every stage a `BillStage` event may reach.
#[test]
fn the_bill_stage_event_lists_every_stage() {
    let doc = statecraft_scenario::EVENT_KINDS.iter().find(|k| k.kind == "BillStage").unwrap();
    let field = doc.fields.iter().find(|f| f.name == "stage").unwrap();
    for stage in statecraft_scenario::variant_names::<Stage>() {
        assert!(field.ty.contains(stage), "{stage} missing from {:?}", field.ty);
    }
}
