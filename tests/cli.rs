//! The binary as a user meets it: run, validate, explain, list, and what bad input gets.

mod common;

use common::{Scratch, json_paths, root, statecraft, stderr, stdout};

/// The scenarios in `scenarios/`: every one must ship with the binary.
fn shipped() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn run_with_no_argument_runs_the_flagship_into_runs() {
    let dir = Scratch::new("default-run");
    let out = statecraft(&["run"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let run = dir.path().join("runs/h200-commission");
    for file in ["timeseries.csv", "actions.csv", "summary.ron", "scenario.ron"] {
        assert!(run.join(file).is_file(), "{file} missing");
    }
    let printed = stdout(&out);
    assert!(printed.contains("H200 for a 25% commission — seed 2025, 2025-12 to 2030-11 (60 months)"), "{printed}");
    for line in
        ["export ceiling", "Beijing's stance", "capability gap, months", "paid to the US Treasury", "bills enacted"]
    {
        assert!(printed.contains(line), "summary lacks {line}: {printed}");
    }
}

#[test]
fn the_timeseries_has_a_tidy_row_per_month() {
    let dir = Scratch::new("tidy");
    let out = statecraft(&["run", "--out", "r"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = read(&dir.path().join("r/timeseries.csv"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 60);
    assert!(rows[0].starts_with("2025-12,"));
    assert!(rows[59].starts_with("2030-11,"));
    for column in [
        "export_ceiling",
        "revenue_share",
        "tension",
        "beijing_stance",
        "us_compute_h100e",
        "china_legal_h100e",
        "china_domestic_h100e",
        "china_grey_h100e",
        "china_domestic_share",
        "capability_gap_months",
        "shipments_nvidia",
        "revenue_usd_bn_amd",
        "share_paid_usd_bn",
        "bill_safe_chips",
        "effort_deepseek",
        "plan_alibaba",
        "stage_equilibrium",
    ] {
        assert!(header.contains(&column), "no column {column}");
    }
    assert!(rows.iter().all(|r| r.split(',').count() == header.len()), "ragged rows");
    let actions = read(&dir.path().join("r/actions.csv"));
    assert!(actions.starts_with("date,actor,kind,rule,action,utility\n"));
    // Every actor decides every month.
    assert_eq!(actions.lines().count() - 1, 60 * 15);
    assert!(actions.contains("2025-12,us_admin,UsAdministration,Logit,"));
}

#[test]
fn the_same_seed_gives_byte_identical_output_and_another_seed_does_not() {
    let dir = Scratch::new("determinism");
    for (out, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
        let o = statecraft(&["run", "--seed", seed, "--out", out], dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for file in ["timeseries.csv", "actions.csv", "summary.ron"] {
        let a = read(&dir.path().join("a").join(file));
        assert_eq!(a, read(&dir.path().join("b").join(file)), "{file} differs for the same seed");
        assert_ne!(a, read(&dir.path().join("c").join(file)), "{file} identical for another seed");
    }
}

#[test]
fn every_shipped_scenario_validates_and_runs() {
    let dir = Scratch::new("shipped");
    for name in &shipped() {
        let name = name.as_str();
        let o = statecraft(&["validate", name], dir.path());
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(stdout(&o).starts_with("ok: "), "{}", stdout(&o));
        let o = statecraft(&["run", name, "--out", name], dir.path());
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(read(&dir.path().join(name).join("timeseries.csv")).lines().count(), 61);
        // By path too, as a user with a checkout would.
        let path = root().join("scenarios").join(format!("{name}.ron"));
        let o = statecraft(&["validate", path.to_str().unwrap()], dir.path());
        assert!(o.status.success(), "{name}: {}", stderr(&o));
    }
}

#[test]
fn counterfactuals_hold_their_policy() {
    let dir = Scratch::new("counterfactuals");
    let ceilings = |name: &str| -> Vec<String> {
        let o = statecraft(&["run", name, "--out", name], dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let text = read(&dir.path().join(name).join("timeseries.csv"));
        text.lines()
            .skip(1)
            .map(|l| format!("{}@{}", l.split(',').nth(1).unwrap(), l.split(',').nth(3).unwrap()))
            .collect()
    };
    assert!(ceilings("full-ban").iter().all(|c| c == "closed@0"));
    assert!(ceilings("h20-only-15").iter().all(|c| c == "H20-class@0.15"));
    assert!(ceilings("h200-no-share").iter().all(|c| c == "H200-class@0"));
    assert!(ceilings("h200-held").iter().all(|c| c == "H200-class@0.25"));
}

#[test]
fn explain_prints_a_scenario_that_loads_back_to_itself() {
    let dir = Scratch::new("explain");
    let o = statecraft(&["explain", "full-ban", "--set", "months=24"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let explained = stdout(&o);
    for default in
        ["persistence:", "value_elasticity:", "hawk_multiplier:", "id: \"H200\"", "review_months:", "InterconnectGbs"]
    {
        assert!(explained.contains(default), "explain lacks {default}");
    }
    assert!(!explained.contains("extends"), "nothing left to extend");
    let file = dir.write("explained.ron", &explained);
    let again = statecraft(&["explain", file.to_str().unwrap()], dir.path());
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(stdout(&again), explained);
}

#[test]
fn list_names_scenarios_kinds_moves_and_rules() {
    let o = statecraft(&["list"], &root());
    assert!(o.status.success());
    let text = stdout(&o);
    let shipped = shipped();
    for needle in shipped.iter().map(String::as_str).chain([
        "UsAdministration",
        "Congress",
        "ChipVendor",
        "Beijing",
        "CloudProvider",
        "Lab",
        "DomesticChipmaker",
        "loosen_ceiling",
        "restrict_imports",
        "design_to_threshold",
        "Logit(lambda: 4.0)",
        "Reciprocity(forgiveness: 0.1)",
    ]) {
        assert!(text.contains(needle), "list lacks {needle}");
    }
}

/// Bad input: exit code 2, the place of the error, a hint, and no output directory.
fn rejects(dir: &Scratch, args: &[&str], location: &str, message: &str) {
    let o = statecraft(args, dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(location), "{args:?}: no `{location}` in\n{err}");
    assert!(err.contains(message), "{args:?}: no `{message}` in\n{err}");
    assert!(err.contains("help:"), "{args:?}: no hint in\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("out").exists(), "{args:?} left an output directory");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn bad_scenarios_get_located_errors_and_exit_2() {
    let dir = Scratch::new("bad");
    let flagship = root().join("scenarios/h200-commission.ron");
    let extends = format!("extends: {:?}", flagship.to_str().unwrap());
    let cases: &[(&str, String, &str, &str)] = &[
        ("typo.ron", format!("Scenario({extends}, seeed: 3)"), "typo.ron:1:", "unknown field `seeed`"),
        ("type.ron", format!("Scenario({extends},\n months: \"sixty\")"), "type.ron:2:10", "expected an integer"),
        (
            "prob.ron",
            format!("Scenario({extends},\n actors: [Beijing(id: \"beijing\", approval_rate: 1.2)])"),
            "prob.ron:2:49",
            "between 0 and 1",
        ),
        (
            "money.ron",
            format!("Scenario({extends},\n actors: [CloudProvider(id: \"baidu\", budget_usd_bn: -1)])"),
            "money.ron:2:53",
            "expected a number ≥ 0",
        ),
        ("zero.ron", format!("Scenario({extends},\n months: 0)"), "zero.ron:2:10", "between 1 and 1200 months"),
        (
            "actor.ron",
            format!(
                "Scenario({extends},\n actors: [Lab(id: \"kimi\", access: Append([(from: \"tencnet\", share: 0.1)]))])"
            ),
            "actor.ron:2:",
            "unknown compute source `tencnet`",
        ),
        ("missing.ron", "Scenario(extends: \"no-such.ron\")".into(), "missing.ron:1:19", "cannot read scenario"),
        ("cycle.ron", "Scenario(extends: \"cycle.ron\")".into(), "cycle.ron:1:19", "forms a cycle"),
        (
            "action.ron",
            format!("Scenario({extends},\n actors: [UsAdministration(id: \"us_admin\", rule: Fixed(\"loosen\"))])"),
            "action.ron:2:",
            "unknown action for a UsAdministration `loosen`",
        ),
        ("syntax.ron", "Scenario(name: \"x\" months: 3)".into(), "syntax.ron:1:20", "expected `,` or `)`"),
        (
            "unclosed.ron",
            format!("Scenario({extends},\n world: (relations: (tension: 0.5),\n)"),
            "unclosed.ron:1:9",
            "never closed",
        ),
        ("trailing.ron", format!("Scenario({extends}) x"), "trailing.ron:1:", "unexpected text after the end"),
        ("empty.ron", String::new(), "empty.ron:1:1", "found the end of the text"),
        (
            "dup.ron",
            format!("Scenario({extends},\n actors: [Lab(id: \"qwen\"),\n Lab(id: \"qwen\")])"),
            "dup.ron:3:2",
            "duplicate id `qwen`",
        ),
        (
            "early.ron",
            format!("Scenario({extends},\n events: Append([(at: \"2024-01\", event: Summit)]))"),
            "early.ron:2:",
            "before the scenario starts",
        ),
        (
            "lifetime.ron",
            format!("Scenario({extends},\n world: (compute: (lifetime_months: 0)))"),
            "lifetime.ron:2:37",
            "at least a month",
        ),
        (
            "allocation.ron",
            format!("Scenario({extends},\n actors: [ChipVendor(id: \"amd\", china_allocation: 200000)])"),
            "allocation.ron:2:",
            "above its `max_allocation`",
        ),
        (
            "elsewhere.ron",
            "Scenario(extends: \"/no/such/dir/full-ban.ron\")".into(),
            "elsewhere.ron:1:19",
            "cannot read scenario `/no/such/dir/full-ban.ron`",
        ),
    ];
    for (name, text, location, message) in cases {
        dir.write(name, text);
        rejects(&dir, &["run", name, "--out", "out"], location, message);
    }
}

#[test]
fn bad_overrides_and_arguments_get_located_errors_and_exit_2() {
    let dir = Scratch::new("bad-set");
    rejects(&dir, &["run", "--set", "us_admin.share", "--out", "out"], "--set:1:1", "has no `=`");
    rejects(
        &dir,
        &["run", "--set", "us_admn.share=0.5", "--out", "out"],
        "--set:1:1",
        "neither a scenario field nor an actor",
    );
    rejects(&dir, &["run", "--set", "us_admin.share=2", "--out", "out"], "--set:1:16", "between 0 and 1");
    rejects(&dir, &["run", "--months", "0", "--out", "out"], "--months:1:8", "between 1 and 1200 months");
    rejects(&dir, &["run", "no-such-scenario", "--out", "out"], "no-such-scenario", "no scenario");
    rejects(&dir, &["run", "full-bann", "--out", "out"], "full-bann", "did you mean `full-ban`?");
    rejects(&dir, &["run", "/no/where/full-ban.ron", "--out", "out"], "/no/where/full-ban.ron", "no such file");
    rejects(&dir, &["run", "--set", "us_admin.share=", "--out", "out"], "--set:1:16", "end of the text");
    rejects(&dir, &["run", "--set", "alibaba.budget_usd_bn=1e300", "--out", "out"], "--set:1:23", "≤ 1e15");
    rejects(
        &dir,
        &["run", "--months", "1200", "--set", "world.market.demand_growth=1", "--out", "out"],
        "--set:1:28",
        "multiplies by 2^1200",
    );
    rejects(&dir, &["run", "--months", "-1", "--out", "out"], "--months:1:8", "out of range");
    rejects(&dir, &["run", "--out", "."], "`.`", "cannot be an output directory");
    let o = statecraft(&["run", "--seed", "minus-one"], dir.path());
    assert_eq!(o.status.code(), Some(2), "clap rejects bad arguments with 2");
}

#[test]
fn output_replaces_a_previous_run_but_never_another_directory() {
    let dir = Scratch::new("replace");
    assert!(statecraft(&["run", "--months", "2", "--out", "out"], dir.path()).status.success());
    let o = statecraft(&["run", "--months", "3", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&dir.path().join("out/timeseries.csv")).lines().count(), 4);
    std::fs::create_dir_all(dir.path().join("precious")).unwrap();
    dir.write("precious/notes.txt", "keep me");
    let o = statecraft(&["run", "--out", "precious"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing to replace"));
    assert_eq!(read(&dir.path().join("precious/notes.txt")), "keep me");
    // A directory that looks like a run but holds someone's work is not replaced either.
    dir.write("mydata/timeseries.csv", "a,b");
    dir.write("mydata/thesis.tex", "precious");
    let o = statecraft(&["run", "--out", "mydata"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("mydata/thesis.tex"), "{}", stderr(&o));
    assert_eq!(read(&dir.path().join("mydata/thesis.tex")), "precious");
}

#[test]
fn a_run_with_overrides_does_not_replace_the_plain_run() {
    let dir = Scratch::new("variant");
    assert!(statecraft(&["run", "--months", "2"], dir.path()).status.success());
    let o = statecraft(&["run", "--months", "2", "--set", "us_admin.share=0.5"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // The terminal's table says what the run was made with, under the scenario's own title,
    // and names firms as the report does.
    let printed = stdout(&o);
    assert!(
        printed.contains("\n  with --set us_admin.share=0.5 --months 2 (the title is the scenario's as written)\n"),
        "{printed}"
    );
    assert!(printed.contains("licensed chips shipped       Nvidia "), "{printed}");
    let runs: Vec<String> = std::fs::read_dir(dir.path().join("runs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(runs.len(), 2, "{runs:?}");
}

#[test]
fn a_bare_name_is_a_file_beside_the_writer_or_else_the_shipped_scenario() {
    let dir = Scratch::new("bare-names");
    // A local file named like a shipped one, extending it: the shipped one, not a cycle.
    dir.write("h200-commission.ron", "Scenario(extends: \"h200-commission.ron\", name: \"Local\", months: 3)");
    dir.write("child.ron", "Scenario(extends: \"h200-commission.ron\", months: 2)");
    let o = statecraft(&["run", "child.ron", "--out", "child"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Local — seed 2025, 2025-12 to 2026-01 (2 months)"), "{}", stdout(&o));
    dir.write("short.ron", "Scenario(extends: \"full-ban\", months: 2)");
    let o = statecraft(&["validate", "short.ron"], dir.path());
    assert!(stdout(&o).contains("ok: Full ban"), "{}", stderr(&o));
}

#[test]
fn a_scenario_on_disk_can_extend_a_shipped_one_by_name() {
    let dir = Scratch::new("user-scenario");
    dir.write("mine.ron", "Scenario(extends: \"h200-commission.ron\", name: \"Mine\", months: 6)");
    let o = statecraft(&["run", "mine.ron", "--out", "mine"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Mine — seed 2025, 2025-12 to 2026-05 (6 months)"));
}

/// The dictionary's tables, as `statecraft list --columns` shows them.
fn dictionary() -> Vec<statecraft_sim::dictionary::TableDoc> {
    statecraft_sim::dictionary::RUN_TABLES.iter().chain(&statecraft_experiment::dictionary::TABLES).copied().collect()
}

#[test]
fn the_dictionary_names_every_column_a_run_writes_and_docs_data_md_is_it() {
    use statecraft_sim::dictionary::{ACTIONS, RUN_SUMMARY, TIMESERIES};
    let dir = Scratch::new("dictionary");
    let out = statecraft(&["run", "--months", "14", "--out", "r"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    for (file, table) in [("timeseries.csv", TIMESERIES), ("actions.csv", ACTIONS)] {
        let text = read(&dir.path().join("r").join(file));
        for column in text.lines().next().unwrap().split(',') {
            assert!(table.column(column).is_some(), "{file}: `{column}` is not in the dictionary");
        }
    }
    let summary: serde_json::Value = serde_json::from_str(&read(&dir.path().join("r/summary.json"))).unwrap();
    let mut paths = Vec::new();
    json_paths(&summary, "", &mut paths);
    assert!(paths.len() > 25, "{paths:?}");
    for path in paths {
        assert!(RUN_SUMMARY.column(&path).is_some(), "summary.json: `{path}` is not in the dictionary");
    }
    assert_eq!(summary["horizon"]["admin_mood"].as_str().map(|m| m == "dealmaker" || m == "hawk"), Some(true));
    let ron = read(&dir.path().join("r/summary.ron"));
    assert!(ron.contains("admin_mood: \"dealmaker\"") || ron.contains("admin_mood: \"hawk\""), "{ron}");
    // docs/data.md is the dictionary, rendered.
    let docs = root().join("docs/data.md");
    let text = read(&docs);
    let marker = "<!-- generated from the dictionary below this line";
    let at = text.find(marker).expect("docs/data.md has the generated section");
    let start = at + text[at..].find("-->\n\n").unwrap() + 5;
    let generated = statecraft_sim::dictionary::markdown(&dictionary(), None);
    if std::env::var_os("STATECRAFT_BLESS_DOCS").is_some() {
        std::fs::write(&docs, format!("{}{generated}", &text[..start])).unwrap();
    }
    assert!(
        text[start..] == generated,
        "docs/data.md is out of date: STATECRAFT_BLESS_DOCS=1 cargo test --test cli dictionary"
    );
    let listed = statecraft(&["list", "--columns"], dir.path());
    assert!(listed.status.success());
    assert!(stdout(&listed).contains("| `beijing_move` | category: hold, approve_imports, restrict_imports,"));
}

/// A category's code and its name agree: the name `timeseries.csv` writes is the one its code
/// stands for in the metrics experiments fold.
#[test]
fn category_codes_and_names_agree_in_every_month() {
    let path = root().join("scenarios/h200-commission.ron");
    let loaded = statecraft_scenario::load(&path, &statecraft_scenario::Disk, &[], &statecraft_sim::check).unwrap();
    let run = statecraft_sim::run(&loaded.scenario, statecraft_sim::RunId { seed: 9, run: 0 }, Default::default());
    let (table, metrics) = (run.timeseries(), run.metrics());
    let mut checked = 0;
    for (k, categories) in metrics.categories.iter().enumerate() {
        let Some(categories) = categories else { continue };
        for (row, values) in table.rows.iter().zip(&metrics.values) {
            let (text, code) = (&row[k + 1], values[k]);
            if code.is_nan() {
                assert_eq!(text, "", "{}", metrics.names[k]);
            } else {
                assert_eq!(*text, categories[code as usize], "{}", metrics.names[k]);
                checked += 1;
            }
        }
    }
    assert!(metrics.categories.iter().flatten().count() >= 20);
    assert!(checked > 1000, "{checked}");
}

#[test]
fn every_command_prints_json_on_request() {
    let dir = Scratch::new("json");
    let json = |args: &[&str]| -> serde_json::Value {
        let o = statecraft(args, dir.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&o)))
    };
    let run = json(&["run", "full-ban", "--months", "3", "--out", "r", "--format", "json"]);
    assert_eq!(run["out"], "r");
    assert_eq!(run["summary"]["months"], 3);
    assert_eq!(run["summary"]["seed"], 2025);
    assert_eq!(run["summary"]["horizon"]["date"], "2026-02");
    let replay = json(&["replay", "r", "--format", "json"]);
    assert_eq!((replay["verdict"].as_str(), replay["months"].as_u64()), (Some("verified"), Some(3)));
    assert_eq!(replay["seed"], run["summary"]["seed"]);
    let valid = json(&["validate", "full-ban", "--format", "json"]);
    assert_eq!((valid["ok"].as_bool(), valid["start"].as_str()), (Some(true), Some("2025-12")));
    let explained = json(&["explain", "full-ban", "--format", "json"]);
    assert_eq!(explained["name"], "Full ban");
    assert!(explained["actors"].as_array().is_some_and(|a| a.len() == valid["actors"].as_u64().unwrap() as usize));
    let list = json(&["list", "--format", "json"]);
    assert!(list["scenarios"].as_array().is_some_and(|s| s.iter().any(|s| s["name"] == "full-ban")));
    assert!(list["kinds"][0]["moves"].as_array().is_some_and(|m| m.iter().any(|m| m == "tighten_ceiling")));
    let columns = json(&["list", "--columns", "--format", "json"]);
    let tables = columns["tables"].as_array().unwrap();
    assert_eq!(tables.len(), dictionary().len());
    let timeseries = tables.iter().find(|t| t["file"] == "timeseries.csv").unwrap();
    let mood = timeseries["columns"].as_array().unwrap().iter().find(|c| c["name"] == "admin_mood").unwrap();
    assert_eq!(mood["categories"], serde_json::json!(["dealmaker", "hawk"]));
}

#[test]
fn no_run_or_plot_writes_through_a_link() {
    let dir = Scratch::new("run-links");
    let o = statecraft(&["run", "full-ban", "--months", "3", "--out", "r"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::remove_dir_all(dir.path().join("r/charts")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("r/charts")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("link")).unwrap();
    }
    let o = statecraft(&["plot", "r"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("r/charts") && stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    let o = statecraft(&["run", "full-ban", "--months", "3", "--out", "link"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing was written through the links");
    // A linked file, not a directory: the hint says to remove it, not to name another directory.
    let o = statecraft(&["run", "full-ban", "--months", "2", "--out", "r2"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let target = dir.path().join("elsewhere-file.svg");
    std::fs::write(&target, "mine").unwrap();
    std::fs::remove_file(dir.path().join("r2/charts/trade.svg")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&target, dir.path().join("r2/charts/trade.svg")).unwrap();
    let o = statecraft(&["plot", "r2"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("remove the link: statecraft writes this file itself"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine", "nothing was written through the link");
}

#[test]
fn a_short_runs_scenario_validates_and_runs_again_to_the_same_run() {
    // The flagship has an event in 2026-04; a run of 3 months ends in 2026-02. Its scenario.ron
    // kept that event, and failed the loader's horizon check when validated or run again.
    let dir = Scratch::new("short-run");
    let o = statecraft(&["run", "--months", "3", "--out", "short"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let written = read(&dir.path().join("short/scenario.ron"));
    assert!(!written.contains("2026-04"), "the event after the horizon is still written");
    let o = statecraft(&["validate", "short/scenario.ron"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = statecraft(&["run", "short/scenario.ron", "--out", "again"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for file in ["timeseries.csv", "actions.csv", "summary.ron"] {
        assert_eq!(read(&dir.path().join("short").join(file)), read(&dir.path().join("again").join(file)), "{file}");
    }
}

#[test]
fn seeds_are_below_2_63_on_the_command_line_and_in_a_file() {
    let dir = Scratch::new("seed-range");
    let o = statecraft(&["run", "--months", "1", "--seed", "9223372036854775807", "--out", "top"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for seed in ["9223372036854775808", "18446744073709551615"] {
        let o = statecraft(&["run", "--months", "1", "--seed", seed, "--out", "over"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("above 2^63 - 1") && stderr(&o).contains("--seed"), "{}", stderr(&o));
        assert!(!dir.path().join("over").exists());
    }
    dir.write("big-seed.ron", "Scenario(\n    extends: \"full-ban\",\n    seed: 18446744073709551615,\n)\n");
    let o = statecraft(&["validate", "big-seed.ron"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("big-seed.ron:3:11") && stderr(&o).contains("above 2^63 - 1"), "{}", stderr(&o));
}

#[test]
fn a_run_into_an_out_another_writer_holds_is_refused() {
    let dir = Scratch::new("run-locked");
    // The lock another `statecraft` holds while it writes `out` (src/outdir.rs).
    let lock = std::fs::File::create(dir.path().join(".out.lock")).unwrap();
    lock.try_lock().unwrap();
    let o = statecraft(&["run", "--months", "2", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("another statecraft process is writing"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("wrote"), "{}", stdout(&o));
    assert!(!dir.path().join("out").exists());
    drop(lock);
    let o = statecraft(&["run", "--months", "2", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_run_on_a_full_disk_is_a_clean_error_that_leaves_nothing() {
    let dir = Scratch::new("run-full-disk");
    let Some(disk) = common::SmallDisk::mount(&dir.path().join("disk")) else {
        eprintln!(
            "SKIPPED a_run_on_a_full_disk_is_a_clean_error_that_leaves_nothing: cannot mount a tmpfs here (needs root)"
        );
        return;
    };
    // Of the 2 MB, 1.5 MB taken: the run's charts and report (over 1 MB) do not fit.
    std::fs::write(disk.0.join("filler"), vec![0u8; 1536 * 1024]).unwrap();
    let out = disk.0.join("out");
    let o = statecraft(&["run", "--out", out.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left on device"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(common::tree(&disk.0), ["filler"], "a failed run leaves nothing behind");
}
