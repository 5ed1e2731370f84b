//! Loading scenarios: `extends`, `--set`, validation, and where each error points.

use std::collections::BTreeMap;
use std::path::Path;

use statecraft_scenario::{Diagnostics, Files, Loaded, Override, ReadError, Scenario, from_ron, load, to_ron};

/// Scenario files held in memory.
struct Memory(BTreeMap<&'static str, &'static str>);

impl Files for Memory {
    fn read(&self, path: &Path, _limit: u64) -> Result<String, ReadError> {
        let key = path.to_str().unwrap_or_default();
        self.0.get(key).map(|s| s.to_string()).ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound).into())
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
    let bad =
        r#"Scenario(extends: "base.ron", actors: [Lab(id: "qwen", access: Replace([(from: "alibab", share: 0.2)]))])"#;
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

/// Leak a generated text, for the `&'static str` of [`Memory`].
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[test]
fn deep_nesting_is_an_error_at_the_place_not_a_stack_overflow() {
    let deep = leak(format!("Scenario(extends: \"base.ron\", name: {})", "[".repeat(11_000)));
    let (at, text) = err("deep.ron", &[("deep.ron", deep)], &[]);
    assert_eq!(at, format!("deep.ron:1:{}", 37 + 127), "at the 128th bracket, the 129th value down");
    assert!(text.contains("values nest more than 128 levels deep"), "{text}");
    let set = leak(format!("us_admin.share={}", "[".repeat(11_000)));
    let (at, text) = err("base.ron", &[], &[set]);
    assert_eq!(at, format!("--set:1:{}", 16 + 128), "a value of its own: at the 129th bracket");
    assert!(text.contains("more than 128 levels"), "{text}");
}

/// A chain of `n` files, each extending the next, the last extending base.ron.
fn chain(n: usize) -> Vec<(&'static str, &'static str)> {
    (0..n)
        .map(|i| {
            let parent = if i + 1 == n { "base.ron".to_string() } else { format!("f{}.ron", i + 1) };
            (leak(format!("f{i}.ron")), leak(format!("Scenario(extends: \"{parent}\")")))
        })
        .collect()
}

#[test]
fn extends_chains_are_limited_and_named() {
    // The file itself, and 31 ancestors: base.ron is the 32nd.
    assert_eq!(ok("f0.ron", &chain(31), &[]).name, "base");
    let (at, text) = err("f0.ron", &chain(32), &[]);
    assert_eq!(at, "f31.ron:1:19", "at the `extends` one too many");
    assert!(text.contains("`extends` goes more than 32 files deep: f0.ron -> f1.ron -> "), "{text}");
    assert!(text.contains("-> f31.ron -> base.ron"), "{text}");
    // Long chains stop at the limit (they once took seconds, and overflowed the stack).
    let (_, text) = err("f0.ron", &chain(12_000), &[]);
    assert!(text.contains("more than 32 files deep"), "{text}");
}

#[test]
fn a_file_extends_names_must_be_a_ron_scenario_and_its_text_is_never_shown_until_it_is() {
    let secret = "root:$6$SECRETHASH:19000:0:99999:7:::";
    for (target, content, why) in [
        ("shadow", secret, "which is not a `.ron` file"),
        ("notes.ron", secret, "is not a scenario: its text is not valid RON, at line 1, column 5"),
        ("keys.ron", "Config(password: \"SECRETHASH\")", "is not a scenario: the value at line 1, column 1"),
        ("keys2.ron", "(password: \"SECRETHASH\", name: \"x\")", "is not a scenario: the value at line 1, column 1"),
        ("cut.ron", "Scenario(name: \"SECRETHASH", "is not a scenario: its text ends early, at line 1, column 16"),
    ] {
        let child = leak(format!("Scenario(extends: \"{target}\")"));
        let (at, text) = err("child.ron", &[("child.ron", child), (leak(target.to_string()), content)], &[]);
        assert_eq!(at, "child.ron:1:19", "{target}: at the `extends` that names it");
        assert!(text.contains(why), "{target}: {text}");
        assert!(!text.contains("SECRETHASH"), "{target}: the text of the file is shown: {text}");
    }
    // Once a file parses as a scenario, errors point into it as into any other.
    let parent = "Scenario(extends: \"base.ron\", months: \"twelve\")";
    let (at, _) = err("child.ron", &[("child.ron", "Scenario(extends: \"p.ron\")"), ("p.ron", parent)], &[]);
    assert_eq!(at, "p.ron:1:39");
}

#[test]
fn a_plain_events_list_in_an_extending_scenario_is_refused_with_append_and_replace_as_hints() {
    let parent =
        r#"Scenario(extends: "base.ron", events: [(at: "2026-01", event: Summit), (at: "2026-03", event: Truce(2))])"#;
    let child = r#"Scenario(extends: "parent.ron", events: [(at: "2026-05", event: Summit)])"#;
    let files = [("parent.ron", parent), ("child.ron", child)];
    let (at, text) = err("child.ron", &files, &[]);
    assert_eq!(at, "child.ron:1:41");
    assert!(text.contains("`events` here replaces the 2 items of `events` in parent.ron"), "{text}");
    assert!(text.contains("write `events: Append([...])` to add to them, or `events: Replace([...])`"), "{text}");
    let append = r#"Scenario(extends: "parent.ron", events: Append([(at: "2026-05", event: Summit)]))"#;
    assert_eq!(ok("child.ron", &[("parent.ron", parent), ("child.ron", append)], &[]).events.len(), 3);
    let replace = r#"Scenario(extends: "parent.ron", events: Replace([(at: "2026-05", event: Summit)]))"#;
    assert_eq!(ok("child.ron", &[("parent.ron", parent), ("child.ron", replace)], &[]).events.len(), 1);
    // Bills, like actors, merge by id.
    let (_, text) = err("parent.ron", &files, &["events=[]"]);
    assert!(text.contains("`events` here replaces the 2 items"), "the same rule for --set: {text}");
    assert!(ok("parent.ron", &files, &["events=Replace([])"]).events.is_empty());
}

#[test]
fn an_actor_written_as_another_kind_is_refused_unless_replaced() {
    let child = r#"Scenario(extends: "base.ron", actors: [ChipVendor(id: "alibaba", brand: "Nvidia")])"#;
    let (at, text) = err("child.ron", &[("child.ron", child)], &[]);
    assert_eq!(at, "child.ron:1:40");
    assert!(
        text.contains("`alibaba` is a `CloudProvider` in base.ron, and this writes it as a `ChipVendor`"),
        "{text}"
    );
    assert!(text.contains("Replace(ChipVendor(id: \"alibaba\", ...))"), "{text}");
    let replaced = r#"Scenario(extends: "base.ron", actors: [Replace(ChipVendor(id: "alibaba", brand: "Nvidia"))])"#;
    let (_, text) = err("child.ron", &[("child.ron", replaced)], &[]);
    assert!(text.contains("unknown compute source `alibaba`"), "replaced, so the lab's source is gone: {text}");
}

#[test]
fn an_event_after_the_horizon_of_the_file_that_writes_it_is_refused() {
    let late = r#"Scenario(extends: "base.ron",
  events: [(at: "2026-11", event: Summit), (at: "2026-12", event: Summit)])"#;
    // base.ron runs 12 months from 2025-12: the last is 2026-11.
    let (at, text) = err("late.ron", &[("late.ron", late)], &[]);
    assert_eq!(at, "late.ron:2:49");
    assert!(
        text.contains("the event is dated 2026-12, after the run's last month 2026-11 (12 months from 2025-12)"),
        "{text}"
    );
    assert!(text.contains("`--months`"), "{text}");
    let (at, text) = err("base.ron", &[], &[r#"events=Append([(at: "2027-01", event: Summit)])"#]);
    assert_eq!(at, "--set:1:21");
    assert!(text.contains("--set writes this event"), "{text}");
}

#[test]
fn a_run_shortened_later_leaves_its_late_events_out_and_says_so() {
    let parent =
        r#"Scenario(extends: "base.ron", events: [(at: "2026-01", event: Summit), (at: "2026-06", event: Truce(2))])"#;
    let files = [("parent.ron", parent), ("short.ron", r#"Scenario(extends: "parent.ron", months: 3)"#)];
    let loaded = try_load("parent.ron", &files, &[]).unwrap_or_else(|d| panic!("{d}"));
    assert!(loaded.notes().is_empty(), "{:?}", loaded.notes());
    let loaded = try_load("short.ron", &files, &[]).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        loaded.notes(),
        ["1 of the 2 events fall after the run's last month (2026-02) and do not happen in it: 2026-06 Truce(2)"]
    );
    let loaded = try_load("parent.ron", &files, &["months=1"]).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        loaded.notes(),
        [
            "2 of the 2 events fall after the run's last month (2025-12) and do not happen in it: 2026-01 Summit, 2026-06 Truce(2)"
        ]
    );
}

/// A scenario with `n` cloud providers and `n` labs, each lab drawing on one provider.
fn crowd(n: usize, lab_source: &dyn Fn(usize) -> String) -> &'static str {
    let mut actors = vec![
        "UsAdministration(id: \"us_admin\", ceiling: \"H20-class\", share: 0.15)".to_string(),
        "Beijing(id: \"beijing\", antitrust_target: \"\")".to_string(),
    ];
    for i in 0..n {
        actors.push(format!("CloudProvider(id: \"cloud{i}\", budget_usd_bn: 0.1)"));
        actors.push(format!("Lab(id: \"lab{i}\", access: [(from: \"{}\", share: 0.1)])", lab_source(i)));
    }
    leak(format!("Scenario(name: \"crowd\", months: 12, actors: [{}])", actors.join(",\n")))
}

#[test]
fn ten_thousand_actors_validate_and_their_problems_are_reported_by_the_first_twenty() {
    // Cross-references and duplicate ids are checked in n log n (this took 6.4 s when quadratic).
    let fine = crowd(5_000, &|i| format!("cloud{}", (i * 7) % 5_000));
    assert_eq!(ok("crowd.ron", &[("crowd.ron", fine)], &[]).actors.len(), 10_002);
    let wrong = crowd(5_000, &|i| format!("nowhere{i}"));
    let d = try_load("crowd.ron", &[("crowd.ron", wrong)], &[]).expect_err("5,000 unknown sources");
    assert_eq!(d.list.len(), 21);
    assert_eq!(d.list[20].message, "and 4980 more problems");
    assert!(d.list[0].message.contains("known: cloud0, cloud1,"), "{}", d.list[0].message);
    assert!(d.list[0].message.ends_with("and 4981 more"), "{}", d.list[0].message);
}

#[test]
fn long_values_are_quoted_by_an_excerpt_and_get_no_suggestion() {
    let name = "x".repeat(3_000_000);
    let set = leak(format!("{name}.share=0.5"));
    let (_, text) = err("base.ron", &[], &[set]);
    assert!(text.len() < 10_000, "{} bytes of message", text.len());
    assert!(text.contains("is neither a scenario field nor an actor"), "{text}");
    let source = leak(format!(
        r#"Scenario(extends: "base.ron", actors: [Lab(id: "qwen", access: Replace([(from: "{name}", share: 0.2)]))])"#
    ));
    let (_, text) = err("bad.ron", &[("bad.ron", source)], &[]);
    assert!(
        text.contains("unknown compute source `xxxxxxxx") && text.contains("…`"),
        "{}",
        &text[..2000.min(text.len())]
    );
    assert!(text.contains("use one of the known names"), "no suggestion for a 3 MB name");
}
