//! Loading scenarios: `extends`, `--set`, validation, and where each error points.

use std::collections::BTreeMap;
use std::path::Path;

use statecraft_scenario::{Diagnostics, Files, Loaded, Override, Scenario, from_ron, load, to_ron};

/// Scenario files held in memory.
struct Memory(BTreeMap<&'static str, &'static str>);

impl Files for Memory {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        let key = path.to_str().unwrap_or_default();
        self.0.get(key).map(|s| s.to_string()).ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    }
}

const BASE: &str = r#"Scenario(
    name: "base",
    months: 12,
    actors: [
        UsAdministration(id: "us_admin", ceiling: "H20-class", share: 0.15),
        Beijing(id: "beijing", antitrust_target: ""),
        CloudProvider(id: "alibaba", budget_usd_bn: 0.7),
        Lab(id: "qwen", access: [(from: "alibaba", share: 0.2)]),
    ],
)
"#;

fn files(extra: &[(&'static str, &'static str)]) -> Memory {
    let mut map = BTreeMap::from([("base.ron", BASE)]);
    map.extend(extra.iter().copied());
    Memory(map)
}

fn try_load(entry: &str, extra: &[(&'static str, &'static str)], sets: &[&str]) -> Result<Loaded, Diagnostics> {
    let overrides: Vec<Override> = sets.iter().map(|s| Override::set(*s)).collect();
    load(Path::new(entry), &files(extra), &overrides, &|_| Vec::new())
}

fn ok(entry: &str, extra: &[(&'static str, &'static str)], sets: &[&str]) -> Scenario {
    try_load(entry, extra, sets).unwrap_or_else(|d| panic!("{d}")).scenario
}

/// The error's location and its rendered text.
fn err(entry: &str, extra: &[(&'static str, &'static str)], sets: &[&str]) -> (String, String) {
    let d = try_load(entry, extra, sets).expect_err("should fail");
    (d.first_location().unwrap_or_default(), d.render(false))
}

#[test]
fn the_catalogue_is_inherited_by_every_scenario() {
    let s = ok("base.ron", &[], &[]);
    assert!(s.chip("H200").is_some());
    assert!(s.chip("Ascend 910C").is_some());
    assert_eq!(s.months.0, 12);
}

#[test]
fn extends_merges_fields_and_actors_by_id() {
    let child =
        r#"Scenario(extends: "base.ron", name: "child", actors: [UsAdministration(id: "us_admin", share: 0.5)])"#;
    let s = ok("child.ron", &[("child.ron", child)], &[]);
    assert_eq!(s.name, "child");
    assert_eq!(s.months.0, 12, "inherited");
    assert_eq!(s.actors.len(), 4, "merged by id, not replaced");
    match s.actor("us_admin") {
        Some(statecraft_scenario::Actor::UsAdministration(a)) => {
            assert_eq!(a.share.0, 0.5);
            assert_eq!(a.ceiling, "H20-class", "the parent's other fields stay");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn set_overrides_actors_fields_and_defaults() {
    let s = ok(
        "base.ron",
        &[],
        &["us_admin.share=0.5", "world.relations.tension=0.9", "us_admin.rule=Logit(lambda: 2.0)", "months=3"],
    );
    assert_eq!(s.months.0, 3);
    assert_eq!(s.world.relations.tension.0, 0.9);
    let Some(statecraft_scenario::Actor::UsAdministration(a)) = s.actor("us_admin") else { panic!() };
    assert_eq!(a.share.0, 0.5);
    assert_eq!(a.rule, statecraft_scenario::RuleSpec::Logit { lambda: 2.0 });
}

#[test]
fn an_unknown_field_points_at_its_name_with_a_suggestion() {
    let bad = "Scenario(extends: \"base.ron\", monhts: 3)";
    let (at, text) = err("bad.ron", &[("bad.ron", bad)], &[]);
    assert_eq!(at, "bad.ron:1:31");
    assert!(text.contains("unknown field `monhts`"), "{text}");
    assert!(text.contains("did you mean `months`?"), "{text}");
}

#[test]
fn errors_in_an_inherited_file_point_into_that_file() {
    let parent = "Scenario(extends: \"base.ron\",\n  months: \"twelve\")";
    let child = "Scenario(extends: \"parent.ron\", name: \"c\")";
    let (at, text) = err("child.ron", &[("parent.ron", parent), ("child.ron", child)], &[]);
    assert_eq!(at, "parent.ron:2:11");
    assert!(text.contains("expected an integer"), "{text}");
}

#[test]
fn out_of_range_values_are_rejected_where_written() {
    for (bad, message, column) in [
        (
            "Scenario(extends: \"base.ron\", actors: [UsAdministration(id: \"us_admin\", share: 1.5)])",
            "expected a fraction between 0 and 1, found 1.5",
            80,
        ),
        (
            "Scenario(extends: \"base.ron\", actors: [CloudProvider(id: \"alibaba\", budget_usd_bn: -2)])",
            "expected a number ≥ 0, found -2",
            84,
        ),
        ("Scenario(extends: \"base.ron\", months: 0)", "expected between 1 and 1200 months, found 0", 39),
        ("Scenario(extends: \"base.ron\", start: \"2026-13\")", "expected a month written \"YYYY-MM\"", 38),
    ] {
        let (at, text) = err("bad.ron", &[("bad.ron", bad)], &[]);
        assert_eq!(at, format!("bad.ron:1:{column}"), "{bad}");
        assert!(text.contains(message), "{text}");
        assert!(text.contains("help:"), "a hint: {text}");
    }
}

#[test]
fn unknown_references_name_the_path_and_the_known_names() {
    let bad = r#"Scenario(extends: "base.ron", actors: [Lab(id: "qwen", access: [(from: "alibab", share: 0.2)])])"#;
    let (at, text) = err("bad.ron", &[("bad.ron", bad)], &[]);
    assert!(at.starts_with("bad.ron:1:"), "{at}");
    assert!(text.contains("unknown compute source `alibab`; known: alibaba, other"), "{text}");
    assert!(text.contains("actors[3].access[0].from"), "{text}");
    assert!(text.contains("did you mean `alibaba`?"), "{text}");
}

#[test]
fn missing_and_cyclic_extends_are_explained() {
    let (at, text) = err("a.ron", &[("a.ron", "Scenario(extends: \"nowhere.ron\")")], &[]);
    assert_eq!(at, "a.ron:1:19");
    assert!(text.contains("cannot read scenario `nowhere.ron`: no such file"), "{text}");
    let (_, text) =
        err("a.ron", &[("a.ron", "Scenario(extends: \"b.ron\")"), ("b.ron", "Scenario(extends: \"a.ron\")")], &[]);
    assert!(text.contains("`extends` forms a cycle: a.ron -> b.ron -> a.ron"), "{text}");
}

#[test]
fn malformed_overrides_point_into_the_argument() {
    let (at, text) = err("base.ron", &[], &["us_admin.share"]);
    assert_eq!(at, "--set:1:1");
    assert!(text.contains("has no `=`"), "{text}");
    let (_, text) = err("base.ron", &[], &["us_admn.share=0.5"]);
    assert!(text.contains("`us_admn` is neither a scenario field nor an actor"), "{text}");
    assert!(text.contains("did you mean `us_admin`?"), "{text}");
    let (at, text) = err("base.ron", &[], &["us_admin.share=1.5"]);
    assert_eq!(at, "--set:1:16");
    assert!(text.contains("expected a fraction between 0 and 1"), "{text}");
    let (_, text) = err("base.ron", &[], &["us_admin.shar=0.5"]);
    assert!(text.contains("unknown field `shar`"), "{text}");
    let (_, text) = err("base.ron", &[], &["months=(("]);
    assert!(text.contains("expected a value"), "{text}");
}

#[test]
fn the_roster_needs_one_administration_and_one_beijing() {
    let none = "Scenario(name: \"empty\")";
    let (at, text) = err("empty.ron", &[("empty.ron", none)], &[]);
    assert_eq!(at, "empty.ron:1:1");
    assert!(text.contains("exactly one `UsAdministration` actor, found 0"), "{text}");
}

#[test]
fn syntax_errors_point_at_the_character() {
    let (at, text) = err("bad.ron", &[("bad.ron", "Scenario(\n  name: \"x\"\n  months: 3)")], &[]);
    assert_eq!(at, "bad.ron:3:3");
    assert!(text.contains("expected `,` or `)`"), "{text}");
}

#[test]
fn resolved_scenarios_round_trip_through_ron() {
    let s = ok("base.ron", &[], &[]);
    let text = to_ron(&s);
    let back: Scenario = from_ron("explained.ron", &text).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(back, s);
}
