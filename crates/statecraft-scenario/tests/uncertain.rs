//! Uncertain parameters: distributions written where numbers stand, their central values, their
//! draws, and where their errors point.

use std::collections::BTreeMap;
use std::path::Path;

use statecraft_scenario::distribution::{Distribution, draw, draws, path_uniform};
use statecraft_scenario::{Actor, Diagnostics, Files, Loaded, Override, ReadError, Scenario, load};

struct Memory(BTreeMap<&'static str, String>);

impl Files for Memory {
    fn read(&self, path: &Path, _limit: u64) -> Result<String, ReadError> {
        let key = path.to_str().unwrap_or_default();
        self.0.get(key).cloned().ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound).into())
    }
}

/// A small scenario whose US share and Alibaba budget are written by the caller.
fn text(share: &str, budget: &str) -> String {
    format!(
        r#"Scenario(
    name: "uncertain",
    months: 12,
    actors: [
        UsAdministration(id: "us_admin", ceiling: "H20-class", share: {share}),
        Beijing(id: "beijing", antitrust_target: ""),
        CloudProvider(id: "alibaba", budget_usd_bn: {budget}),
        Lab(id: "qwen", access: [(from: "alibaba", share: 0.2)]),
    ],
)
"#
    )
}

fn try_load(text: String, sets: &[&str]) -> Result<Loaded, Diagnostics> {
    let overrides: Vec<Override> = sets.iter().map(|s| Override::set(*s)).collect();
    load(Path::new("u.ron"), &Memory(BTreeMap::from([("u.ron", text)])), &overrides, &|_| Vec::new())
}

fn ok(text: String, sets: &[&str]) -> Scenario {
    try_load(text, sets).unwrap_or_else(|d| panic!("{d}")).scenario
}

/// The error's `file:line:col` and its rendered text.
fn err(text: String, sets: &[&str]) -> (String, String) {
    let d = try_load(text, sets).expect_err("should fail");
    (d.first_location().unwrap_or_default(), d.render(false))
}

/// `u.ron:line:col` of the first occurrence of `needle` in `text`.
fn at(text: &str, needle: &str) -> String {
    let offset = text.find(needle).expect("the needle is in the text");
    let line = text[..offset].matches('\n').count() + 1;
    let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("u.ron:{line}:{col}")
}

fn share(s: &Scenario) -> f64 {
    match s.actor("us_admin") {
        Some(Actor::UsAdministration(a)) => a.share.0,
        other => panic!("{other:?}"),
    }
}

fn budget(s: &Scenario) -> f64 {
    match s.actor("alibaba") {
        Some(Actor::CloudProvider(c)) => c.budget_usd_bn.0,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_distribution_loads_at_its_median_and_is_listed_by_path() {
    let s = ok(text("Triangular(0.1, 0.15, 0.4)", "LogNormal(0.7, 0.3)"), &[]);
    let triangular = Distribution::Triangular { lo: 0.1, mode: 0.15, hi: 0.4 };
    assert_eq!(share(&s), triangular.median());
    assert!((budget(&s) - 0.7).abs() < 1e-12, "a lognormal's median is its first parameter");
    let paths: Vec<&str> = s.uncertain.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(paths, ["actors.us_admin.share", "actors.alibaba.budget_usd_bn"]);
    assert_eq!(s.uncertain[0].distribution, triangular);
    // Named and positional forms are the same distribution.
    let named = ok(text("Triangular(lo: 0.1, mode: 0.15, hi: 0.4)", "0.7"), &[]);
    let uniform = ok(text("Uniform(0.04, 0.12)", "0.7"), &[]);
    assert_eq!(share(&uniform), 0.08, "a uniform's median is its midpoint to the last bit");
    assert_eq!(named.uncertain[0].distribution, triangular);
}

#[test]
fn the_point_scenario_is_the_one_written_with_the_medians() {
    let mut point = ok(text("Uniform(0.1, 0.3)", "Normal(0.7, 0.1, 0.2, 1.2)"), &[]);
    point.uncertain.clear();
    let median = Distribution::Normal { mean: 0.7, sd: 0.1, lo: Some(0.2), hi: Some(1.2) }.median();
    let written = ok(text("0.2", &format!("{median:?}")), &[]);
    assert_eq!(point, written);
}

#[test]
fn a_draw_depends_on_the_seed_and_its_own_path_only() {
    let one = ok(text("Uniform(0.1, 0.3)", "0.7"), &[]);
    let two = ok(text("Uniform(0.1, 0.3)", "Uniform(0.5, 0.9)"), &[]);
    let mut seen = Vec::new();
    for seed in [1, 2, 3, 2025, u64::MAX >> 1] {
        let (drawn, values) = draw(&one, seed).unwrap();
        let (drawn_two, values_two) = draw(&two, seed).unwrap();
        assert_eq!(values[0], values_two[0], "adding a parameter leaves the others' draws as they were");
        assert_eq!(share(&drawn), share(&drawn_two));
        let uniform = Distribution::Uniform { lo: 0.1, hi: 0.3 };
        assert_eq!(share(&drawn), uniform.quantile(path_uniform(seed, "actors.us_admin.share")));
        assert_eq!(budget(&drawn), 0.7, "a number stays a number");
        assert_eq!(values_two[1].1, budget(&drawn_two));
        assert!(drawn.uncertain.is_empty(), "a drawn scenario has nothing left to draw");
        seen.push(values[0].1);
    }
    seen.dedup();
    assert_eq!(seen.len(), 5, "each seed draws its own value: {seen:?}");
    assert_eq!(draws(&one, 7), draws(&one, 7));
}

#[test]
fn set_takes_a_distribution_and_a_number_replaces_one() {
    let s = ok(text("0.25", "0.7"), &["us_admin.share=Uniform(0.2, 0.3)"]);
    assert_eq!(s.uncertain.len(), 1);
    assert_eq!(s.uncertain[0].path, "actors.us_admin.share");
    assert!((share(&s) - 0.25).abs() < 1e-15);
    let fixed = ok(text("Uniform(0.2, 0.3)", "0.7"), &["us_admin.share=0.5"]);
    assert!(fixed.uncertain.is_empty());
    assert_eq!(share(&fixed), 0.5);
}

#[test]
fn errors_point_at_the_distribution() {
    // Invalid parameters.
    let t = text("Uniform(0.3, 0.1)", "0.7");
    let (location, rendered) = err(t.clone(), &[]);
    assert_eq!(location, at(&t, "Uniform"));
    assert!(rendered.contains("hi (0.1) must be greater than lo (0.3)"), "{rendered}");
    // The wrong number of parameters.
    let t = text("Triangular(0.1, 0.4)", "0.7");
    let (location, rendered) = err(t.clone(), &[]);
    assert_eq!(location, at(&t, "Triangular"));
    assert!(rendered.contains("`Triangular(lo, mode, hi)`"), "{rendered}");
    // A support that leaves the field's range: a share is a fraction.
    let t = text("Normal(0.25, 0.1)", "0.7");
    let (location, rendered) = err(t.clone(), &[]);
    assert_eq!(location, at(&t, "Normal"));
    assert!(rendered.contains("expected a fraction between 0 and 1"), "{rendered}");
    assert!(rendered.contains("truncate it"), "{rendered}");
    assert!(try_load(text("Normal(0.25, 0.1, 0, 1)", "0.7"), &[]).is_ok(), "truncated, it fits");
    // A distribution where the field is not a number.
    let t = text("0.25", "0.7").replace("ceiling: \"H20-class\"", "ceiling: Uniform(1, 2)");
    let (location, _) = err(t.clone(), &[]);
    assert_eq!(location, at(&t, "Uniform"));
    // Unknown named parameters.
    let t = text("Uniform(lo: 0.1, high: 0.3)", "0.7");
    let (location, rendered) = err(t.clone(), &[]);
    assert_eq!(location, at(&t, "high"));
    assert!(rendered.contains("Uniform"), "{rendered}");
}

#[test]
fn a_resolved_scenario_with_its_list_round_trips() {
    let s = ok(text("Beta(2, 5, 0.1, 0.4)", "Choice([0.5, 0.7, 0.9])"), &[]);
    assert_eq!(budget(&s), 0.7, "the median of three equally likely values is the middle one");
    let again: Scenario = statecraft_scenario::from_ron("resolved.ron", &statecraft_scenario::to_ron(&s)).unwrap();
    assert_eq!(again, s);
    let (drawn, values) = draw(&again, 11).unwrap();
    assert!([0.5, 0.7, 0.9].contains(&budget(&drawn)));
    assert!((0.1..=0.4).contains(&values[0].1));
}
