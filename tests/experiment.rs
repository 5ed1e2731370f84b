//! Experiments (ARCHITECTURE.md, `statecraft-experiment` and "Determinism"): results are byte-identical for any number of threads, for
//! shards joined by `merge`, and after an interruption and resume; statistics are exact where
//! they can be; bad input is refused before anything is written.

mod common;

use std::path::{Path, PathBuf};

use common::{Scratch, SmallDisk, json_paths, statecraft, stderr, stdout, tree};

const FILES: [&str; 4] = ["stats.csv", "horizon.csv", "summary.ron", "summary.json"];

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let o = statecraft(args, dir);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    (stdout(&o), stderr(&o))
}

fn same_results(a: &Path, b: &Path) {
    for file in FILES.iter().chain(&["differences.csv", "points.csv"]) {
        if !a.join(file).exists() && !FILES.contains(file) {
            continue;
        }
        let (x, y) = (std::fs::read(a.join(file)).unwrap(), std::fs::read(b.join(file)).unwrap());
        assert!(x == y, "{file} differs between {} and {}", a.display(), b.display());
    }
}

/// Where an unfinished experiment for `out` is kept.
fn partial(out: &Path) -> PathBuf {
    out.with_file_name(format!(".{}.partial", out.file_name().unwrap().to_str().unwrap()))
}

/// Every column of every table in an experiment's directory is in the data dictionary, and
/// every field of its `summary.json`; the metrics of `horizon.csv` are those of a run.
fn in_dictionary(dir: &Path) {
    use statecraft_experiment::dictionary::{HORIZON, SUMMARY, TABLES};
    let mut checked = 0;
    for table in TABLES.iter().filter(|t| t.file.ends_with(".csv")) {
        let Ok(text) = std::fs::read_to_string(dir.join(table.file)) else { continue };
        for (k, column) in text.lines().next().unwrap().split(',').enumerate() {
            let known = match table.file {
                "horizon.csv" if k >= 3 => statecraft_sim::dictionary::TIMESERIES.column(column).is_some(),
                _ => table.column(column).is_some_and(|c| *c != HORIZON.columns[3]),
            };
            assert!(known, "{}: `{column}` is not in the dictionary", table.file);
            checked += 1;
        }
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let mut paths = Vec::new();
    json_paths(&summary, "", &mut paths);
    for path in paths {
        assert!(SUMMARY.column(&path).is_some(), "summary.json: `{path}` is not in the dictionary");
        checked += 1;
    }
    assert!(checked > 40, "{checked}");
}

fn csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

const ENSEMBLE: [&str; 6] = ["ensemble", "full-ban", "--runs", "150", "--months", "6"];

fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    [base, extra].concat()
}

#[test]
fn an_ensemble_is_the_same_on_1_2_and_8_threads() {
    let dir = Scratch::new("ensemble-threads");
    for threads in ["1", "2", "8"] {
        let out = dir.path().join(format!("t{threads}"));
        let (_, err) = run(dir.path(), &with(&ENSEMBLE, &["--threads", threads, "--out", out.to_str().unwrap()]));
        if threads == "1" {
            assert!(err.contains("on 1 thread ("), "{err}");
            let rate = err.split('(').nth(2).unwrap_or_default();
            assert!(rate.split_whitespace().next().is_some_and(|r| r.parse::<u64>().is_ok()), "a whole rate: {err}");
        }
    }
    same_results(&dir.path().join("t1"), &dir.path().join("t2"));
    same_results(&dir.path().join("t1"), &dir.path().join("t8"));
    let stats = std::fs::read_to_string(dir.path().join("t1/stats.csv")).unwrap();
    assert!(stats.starts_with("point,metric,category,date,n,mean,ci_low,ci_high,p5,p25,p50,p75,p95,percentiles\n"));
    assert!(stats.contains("full-ban,tension,,2026-05,150,"));
    assert!(stats.contains("full-ban,beijing_move,hold,2026-05,150,"));
    let horizon = std::fs::read_to_string(dir.path().join("t1/horizon.csv")).unwrap();
    assert_eq!(horizon.lines().count(), 151);
}

#[test]
fn percentiles_are_exact_where_they_can_be_and_empty_cells_are_empty() {
    let dir = Scratch::new("ensemble-exact");
    let out = dir.path().join("out");
    run(dir.path(), &with(&ENSEMBLE, &["--out", out.to_str().unwrap()]));
    let stats = csv(&out.join("stats.csv"));
    let header = &stats[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows = &stats[1..];
    // A metric that takes few values (the revenue share, flags, counts of equilibria) has exact
    // percentiles: values the runs took, never a sketch bucket's midpoint like 1.0078125.
    let few = ["revenue_share", "truce", "stage_pure_equilibria"];
    assert!(rows.iter().any(|r| r[col("metric")] == "stage_pure_equilibria" && r[col("n")] != "0"));
    for row in rows.iter().filter(|r| few.contains(&r[col("metric")].as_str()) && r[col("n")] != "0") {
        assert_eq!(row[col("percentiles")], "exact", "{row:?}");
        for p in ["p5", "p25", "p50", "p75", "p95"] {
            assert_eq!(row[col(p)].parse::<f64>().unwrap().fract(), 0.0, "{row:?}");
        }
    }
    // (A continuous metric may take a bucket's midpoint: only the few-valued ones are checked.)
    for row in rows.iter().filter(|r| few.contains(&r[col("metric")].as_str())) {
        for midpoint in ["1.0078125", "2.015625", "0.251953125"] {
            assert!(!row.iter().any(|cell| cell == midpoint), "{midpoint} in {row:?}");
        }
    }
    let horizon = csv(&out.join("horizon.csv"));
    // The last month's percentiles are those of every run's value in horizon.csv.
    let last = rows.last().unwrap()[col("date")].clone();
    for (k, metric) in horizon[0].iter().enumerate().skip(3) {
        let mut values: Vec<f64> = horizon[1..].iter().filter_map(|r| r[k].parse().ok()).collect();
        values.sort_by(f64::total_cmp);
        let row = rows.iter().find(|r| r[col("metric")] == *metric && r[col("date")] == last).unwrap();
        if !row[col("category")].is_empty() || values.is_empty() {
            continue;
        }
        for (p, q) in [("p5", 0.05), ("p50", 0.5), ("p95", 0.95)] {
            let want = values[(q * (values.len() - 1) as f64).floor() as usize];
            assert_eq!(row[col(p)].parse::<f64>().unwrap(), want, "{metric} {p}");
        }
        assert_eq!(row[col("percentiles")], "exact", "{metric}");
    }
    // Every value of a sketched cell lies within what the runs took.
    for row in rows.iter().filter(|r| r[col("percentiles")] == "sketch") {
        let p: Vec<f64> = ["p5", "p25", "p50", "p75", "p95"].iter().map(|c| row[col(c)].parse().unwrap()).collect();
        assert!(p.windows(2).all(|w| w[0] <= w[1]), "{row:?}");
    }
    // A cell no run has (no licence cap in a full ban; no summit in its six months) is empty,
    // not zero.
    let cap = rows.iter().find(|r| r[col("metric")] == "licence_cap").unwrap();
    let summit = rows.iter().find(|r| r[col("metric")] == "summit" && r[col("category")] == "deal").unwrap();
    for empty in [cap, summit] {
        assert_eq!(empty[col("n")], "0");
        for c in ["mean", "ci_low", "ci_high", "p5", "p95", "percentiles"] {
            assert_eq!(empty[col(c)], "", "{c} of {empty:?}");
        }
    }
    let summary = std::fs::read_to_string(out.join("summary.ron")).unwrap();
    let cap = &summary[summary.find("metric: \"licence_cap\"").unwrap()..];
    let fields: Vec<&str> = cap.lines().skip(1).take(4).map(str::trim).collect();
    assert_eq!(fields, ["n: 0,", "mean: NaN,", "ci95: (NaN, NaN),", "sd: NaN,"]);
}

/// The rows of `stats.csv` as maps from column to value.
fn rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let table = csv(path);
    table[1..].iter().map(|r| table[0].iter().cloned().zip(r.iter().cloned()).collect()).collect()
}

#[test]
fn categories_are_names_and_their_statistics_shares_of_runs() {
    let dir = Scratch::new("ensemble-categories");
    let out = dir.path().join("out");
    run(dir.path(), &with(&ENSEMBLE, &["--out", out.to_str().unwrap()]));
    let horizon = csv(&out.join("horizon.csv"));
    let stats = rows(&out.join("stats.csv"));
    let last = stats.last().unwrap()["date"].clone();
    let mut categorical = 0;
    for (k, metric) in horizon[0].iter().enumerate().skip(3) {
        let shares: Vec<_> = stats.iter().filter(|r| r["metric"] == *metric && r["date"] == last).collect();
        if shares.iter().all(|r| r["category"].is_empty()) {
            continue;
        }
        categorical += 1;
        // Every run's name is one of the metric's categories, and each category's share at the
        // horizon is the fraction of the runs in horizon.csv that have it.
        let names: Vec<&str> = horizon[1..].iter().map(|r| r[k].as_str()).filter(|v| !v.is_empty()).collect();
        for name in &names {
            assert!(name.parse::<f64>().is_err(), "{metric}: a code, not a name: {name}");
            assert!(shares.iter().any(|r| r["category"] == *name), "{metric}: {name} is not a category");
        }
        let mut total = 0.0;
        for row in &shares {
            assert_eq!(row["n"], names.len().to_string(), "{row:?}");
            assert_eq!(row["percentiles"], "", "{row:?}");
            if names.is_empty() {
                assert_eq!(row["mean"], "", "{row:?}");
                continue;
            }
            let share: f64 = row["mean"].parse().unwrap();
            let count = names.iter().filter(|n| **n == row["category"]).count();
            assert_eq!(share, count as f64 / names.len() as f64, "{row:?}");
            let (lo, hi): (f64, f64) = (row["ci_low"].parse().unwrap(), row["ci_high"].parse().unwrap());
            assert!(0.0 <= lo && lo <= share && share <= hi && hi <= 1.0, "{row:?}");
            total += share;
        }
        if !names.is_empty() {
            assert!((total - 1.0).abs() < 1e-12, "{metric}: shares sum to {total}");
        }
    }
    assert!(categorical >= 15, "only {categorical} category metrics");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let point = &summary["points"][0];
    let outcomes = point["horizon"].as_array().unwrap();
    assert!(outcomes.iter().all(|o| o["metric"] != "beijing_move" && o["metric"] != "admin_mood"));
    let hold = point["shares"].as_array().unwrap().iter().find(|s| s["metric"] == "us_move" && s["category"] == "hold");
    assert!(hold.unwrap()["share"].as_f64().is_some_and(|s| (0.0..=1.0).contains(&s)));
}

#[test]
fn a_replicate_is_reproduced_by_run_with_its_seed() {
    let dir = Scratch::new("ensemble-seed");
    let out = dir.path().join("out");
    run(dir.path(), &with(&ENSEMBLE, &["--out", out.to_str().unwrap()]));
    let horizon = csv(&out.join("horizon.csv"));
    let seeds: Vec<u64> = horizon[1..].iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(seeds.iter().all(|&s| s <= i64::MAX as u64), "every seed fits a signed 64-bit integer");
    let row = &horizon[7];
    let one = dir.path().join("one");
    run(dir.path(), &["run", "full-ban", "--months", "6", "--seed", &row[2], "--out", one.to_str().unwrap()]);
    let timeseries = csv(&one.join("timeseries.csv"));
    let last = timeseries.last().unwrap();
    for (k, metric) in horizon[0].iter().enumerate().skip(3) {
        let t = timeseries[0].iter().position(|h| h == metric).unwrap();
        assert_eq!(row[k], last[t], "{metric}");
    }
}

#[test]
fn shards_merge_into_exactly_the_unsharded_result() {
    let dir = Scratch::new("ensemble-shards");
    let whole = dir.path().join("whole");
    run(dir.path(), &with(&ENSEMBLE, &["--out", whole.to_str().unwrap()]));
    let mut shards = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let shard = format!("{k}/3");
        run(dir.path(), &with(&ENSEMBLE, &["--shard", &shard, "--threads", "1", "--out", out.to_str().unwrap()]));
        assert!(!out.join("stats.csv").exists(), "a shard alone writes no results");
        shards.push(out);
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().rev().map(|s| s.to_str().unwrap().to_string()));
    args.extend(["--out".into(), merged.to_str().unwrap().into()]);
    run(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    same_results(&whole, &merged);
    // A missing shard, or one passed twice, is an input error, and writes nothing.
    let partial_merge = dir.path().join("partial");
    let s = |i: usize| shards[i].to_str().unwrap();
    for (args, why) in [
        (vec!["merge", s(0), "--out", partial_merge.to_str().unwrap()], "blocks of point 0"),
        (vec!["merge", s(0), s(1), s(2), s(1), "--out", partial_merge.to_str().unwrap()], "in two shards"),
    ] {
        let o = statecraft(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(why), "{}", stderr(&o));
        assert!(!partial_merge.exists() && !partial(&partial_merge).exists(), "{args:?} left output behind");
    }
    // A damaged block is an input error that names the shard's own file, and writes nothing.
    let block = std::fs::read_dir(shards[2].join(".work"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "block"))
        .unwrap();
    std::fs::write(&block, "garbage").unwrap();
    let o = statecraft(&["merge", s(0), s(1), s(2), "--out", partial_merge.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("`{}` is damaged", block.display())), "{}", stderr(&o));
    assert!(!partial_merge.exists() && !partial(&partial_merge).exists(), "a damaged shard left output behind");
}

#[test]
fn more_shards_than_blocks_leave_some_shards_without_runs() {
    let dir = Scratch::new("ensemble-many-shards");
    // Three blocks in five shards; and in as many shards as a u64 counts.
    for (shard, says) in [
        ("1/5".to_string(), "this shard has no runs"),
        (format!("2/{}", u64::MAX), "this shard has no runs"),
        (format!("{}/{}", u64::MAX, u64::MAX), "1 block (22 runs) done"),
    ] {
        let out = dir.path().join(shard.replace('/', "-of-"));
        let (_, err) = run(dir.path(), &with(&ENSEMBLE, &["--shard", &shard, "--out", out.to_str().unwrap()]));
        assert!(err.contains(says), "{shard}: {err}");
        assert!(out.join(".work/plan.ron").exists(), "{shard}: an empty shard still joins the merge");
    }
}

#[test]
fn an_interrupted_ensemble_resumes_without_redoing_finished_runs() {
    let dir = Scratch::new("ensemble-resume");
    let whole = dir.path().join("whole");
    run(dir.path(), &with(&ENSEMBLE, &["--out", whole.to_str().unwrap()]));
    // One block of three done, as an interruption leaves them; then the same command again.
    let resumed = dir.path().join("resumed");
    run(dir.path(), &with(&ENSEMBLE, &["--shard", "1/2", "--out", resumed.to_str().unwrap()]));
    let (_, err) = run(dir.path(), &with(&ENSEMBLE, &["--out", resumed.to_str().unwrap()]));
    assert!(err.starts_with("resuming: 1 of 3 blocks already done\n2 blocks (86 runs) done"), "{err}");
    same_results(&whole, &resumed);
    let (_, err) = run(dir.path(), &with(&ENSEMBLE, &["--out", resumed.to_str().unwrap()]));
    assert!(err.starts_with("nothing to run: all 3 blocks"), "{err}");
    same_results(&whole, &resumed);
    // Another experiment is refused in the same directory.
    let o = statecraft(
        &["ensemble", "full-ban", "--runs", "10", "--months", "6", "--out", whole.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different experiment"), "{}", stderr(&o));
}

#[test]
fn a_killed_ensemble_leaves_no_results_and_resumes_to_the_same_bytes() {
    let dir = Scratch::new("ensemble-killed");
    let plan = ["ensemble", "full-ban", "--runs", "4000", "--months", "6"];
    let whole = dir.path().join("whole");
    run(dir.path(), &with(&plan, &["--out", whole.to_str().unwrap()]));
    let killed = dir.path().join("killed");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(with(&plan, &["--threads", "1", "--out", killed.to_str().unwrap()]))
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a few blocks are saved.
    let work = partial(&killed).join(".work");
    let saved = || {
        std::fs::read_dir(&work)
            .map_or(0, |d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "block")).count())
    };
    let started = std::time::Instant::now();
    while saved() < 3 && started.elapsed() < std::time::Duration::from_secs(120) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!killed.exists(), "killed before the end, it wrote nothing under --out");
    // What a kill in the middle of writing leaves: a temporary file and half the results.
    std::fs::write(work.join("p0-b0.block.tmp-1-2"), "half").unwrap();
    std::fs::write(partial(&killed).join("stats.csv"), "half").unwrap();
    std::fs::create_dir_all(dir.path().join(".killed.old-1-2")).unwrap();
    let (_, err) = run(dir.path(), &with(&plan, &["--out", killed.to_str().unwrap()]));
    let done: u64 = err.strip_prefix("resuming: ").and_then(|e| e.split_whitespace().next()).unwrap().parse().unwrap();
    assert!(done >= 3, "the rerun kept the blocks the killed run had saved: {err}");
    same_results(&whole, &killed);
    let left = tree(dir.path());
    assert!(left.iter().all(|p| !p.contains(".tmp-") && !p.contains(".partial") && !p.contains(".old-")), "{left:?}");
}

#[test]
fn failed_commands_leave_nothing_behind() {
    let dir = Scratch::new("experiment-nothing");
    let out = dir.path().join("out");
    for args in [
        with(&ENSEMBLE, &["--threads", "0"]),
        with(&ENSEMBLE, &["--runs", "0"]),
        with(&ENSEMBLE, &["--shard", "0/2"]),
        vec!["compare", "--vary", "us_admin.share=[0.2, 0.4]", "--runs", "4", "--rank-by", "tensoin"],
        vec!["sweep", "--vary", "months=2..3:3", "--runs", "2"],
    ] {
        let o = statecraft(&with(&args, &["--out", out.to_str().unwrap()]), dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(tree(dir.path()).is_empty(), "{args:?} left {:?}", tree(dir.path()));
    }
}

#[test]
fn a_sweep_runs_every_point_of_the_grid() {
    let dir = Scratch::new("sweep");
    let out = dir.path().join("sweep");
    let grid = [
        "sweep",
        "--vary",
        "us_admin.share=0..1:3",
        "--vary",
        "world.relations.tension=0.2..0.6:2",
        "--runs",
        "8",
        "--months",
        "3",
    ];
    run(dir.path(), &with(&grid, &["--out", out.to_str().unwrap()]));
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(points.lines().count(), 7, "{points}");
    assert!(points.starts_with("point,us_admin.share,world.relations.tension\n"));
    // A fraction's range written without a decimal point is still a range of fractions.
    assert!(points.contains("\nus_admin.share=0.5 world.relations.tension=0.2,0.5,0.2\n"), "{points}");
    let stats = std::fs::read_to_string(out.join("stats.csv")).unwrap();
    assert!(stats.starts_with("point,us_admin.share,world.relations.tension,metric,"));
    assert!(out.join("charts/heatmap_tension.png").exists());
    in_dictionary(&out);
    // A whole-number field is varied in whole numbers.
    let months = dir.path().join("months");
    run(dir.path(), &["sweep", "--vary", "months=2..4:3", "--runs", "2", "--out", months.to_str().unwrap()]);
    let points = std::fs::read_to_string(months.join("points.csv")).unwrap();
    assert_eq!(points, "point,months\nmonths=2,2\nmonths=3,3\nmonths=4,4\n");
    // A Latin hypercube's points are scattered, not a grid: a scatter, not a heatmap.
    let lhs_sweep = |name: &str, varies: &[&str], samples: &str| {
        let out = dir.path().join(name);
        let mut args = vec!["sweep", "--lhs", samples, "--runs", "2", "--months", "2", "--out", out.to_str().unwrap()];
        args.extend(varies.iter().flat_map(|v| ["--vary", v]));
        run(dir.path(), &args);
        out
    };
    let (share, tension) = ("us_admin.share=0.0..0.5:2", "world.relations.tension=0.2..0.6:2");
    let lhs = lhs_sweep("lhs", &[share, tension], "5");
    assert_eq!(std::fs::read_to_string(lhs.join("points.csv")).unwrap().lines().count(), 6);
    assert!(lhs.join("charts/scatter_tension.png").exists() && !lhs.join("charts/heatmap_tension.png").exists());
    // Over three parameters, a scatter for every pair of them.
    let three = lhs_sweep("three", &[share, tension, "senate.hawkishness=0.3..0.9:2"], "4");
    for pair in ["us_admin-share_world-relations-tension", "us_admin-share_senate-hawkishness"] {
        assert!(three.join(format!("charts/scatter_tension_{pair}.png")).exists(), "{pair}");
    }
    assert!(three.join("charts/scatter_tension_world-relations-tension_senate-hawkishness.svg").exists());
}

#[test]
fn a_comparison_pairs_runs_by_seed_and_ranks_variants() {
    let dir = Scratch::new("compare");
    let out = dir.path().join("compare");
    let (text, _) = run(
        dir.path(),
        &[
            "compare",
            "--vary",
            "us_admin.share=[0.25, 0.25, 0.5]",
            "--runs",
            "40",
            "--months",
            "12",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(text.contains("ranking by capability_gap_months"), "{text}");
    let diffs = std::fs::read_to_string(out.join("differences.csv")).unwrap();
    // The second variant is the baseline itself: with common random numbers every paired
    // difference is exactly zero.
    assert!(diffs.starts_with("variant,baseline,metric,category,n,mean_difference,ci_low,ci_high,sd,effect_size\n"));
    let same: Vec<Vec<&str>> =
        diffs.lines().filter(|l| l.starts_with("us_admin.share=0.25,")).map(|l| l.split(',').collect()).collect();
    let tension = same.iter().find(|cells| cells[2] == "tension").unwrap();
    assert_eq!((tension[4], tension[5], tension[8], tension[9]), ("40", "0", "0", "0"), "{tension:?}");
    let hold = same.iter().find(|cells| cells[2] == "us_move" && cells[3] == "hold").unwrap();
    assert_eq!((hold[4], hold[5], hold[8], hold[9]), ("40", "0", "0", ""), "a difference of shares: {hold:?}");
    for cells in &same {
        let n: u64 = cells[4].parse().unwrap();
        let want = match n {
            0 => ("", ""),
            1 => ("0", ""),
            _ => ("0", "0"),
        };
        assert_eq!((cells[5], cells[8]), want, "{cells:?}");
    }
    // A difference of shares is the variant's share minus the baseline's (where every pair of
    // runs has the metric).
    let stats = rows(&out.join("stats.csv"));
    let last = stats.last().unwrap()["date"].clone();
    let share = |point: &str, metric: &str, category: &str| -> f64 {
        let row = stats
            .iter()
            .find(|r| r["point"] == point && r["metric"] == metric && r["category"] == category && r["date"] == last);
        row.unwrap()["mean"].parse().unwrap()
    };
    let mut compared = 0;
    for cells in diffs.lines().map(|l| l.split(',').collect::<Vec<_>>()).filter(|c| c[0] == "us_admin.share=0.5") {
        if cells[3].is_empty() || cells[4] != "40" {
            continue;
        }
        let want = share(cells[0], cells[2], cells[3]) - share(cells[1], cells[2], cells[3]);
        assert!((cells[5].parse::<f64>().unwrap() - want).abs() < 1e-12, "{cells:?}: want {want}");
        compared += 1;
    }
    assert!(compared > 20, "{compared} shares compared");
    in_dictionary(&out);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["kind"], "compare");
    assert!(summary["differences"].as_array().unwrap().iter().any(|d| d["category"] == "hold"));
    let (files, _) = run(
        dir.path(),
        &[
            "compare",
            "h200-commission",
            "full-ban",
            "--runs",
            "10",
            "--months",
            "6",
            "--out",
            dir.path().join("files").to_str().unwrap(),
        ],
    );
    assert!(files.contains("full-ban"), "{files}");
}

#[test]
fn a_sharded_comparison_merges_to_the_same_bytes_with_its_own_ranking() {
    let dir = Scratch::new("compare-shards");
    let plan =
        ["compare", "--vary", "us_admin.share=[0.25, 0.5]", "--runs", "70", "--months", "4", "--rank-by", "tension"];
    let whole = dir.path().join("whole");
    let (text, _) = run(dir.path(), &with(&plan, &["--out", whole.to_str().unwrap()]));
    assert!(text.contains("ranking by tension"), "{text}");
    let shards: Vec<PathBuf> = (1..=2).map(|k| dir.path().join(format!("s{k}"))).collect();
    for (k, shard) in shards.iter().enumerate() {
        let part = format!("{}/2", k + 1);
        run(dir.path(), &with(&plan, &["--shard", &part, "--out", shard.to_str().unwrap()]));
    }
    let merged = dir.path().join("merged");
    let (text, _) = run(
        dir.path(),
        &["merge", shards[0].to_str().unwrap(), shards[1].to_str().unwrap(), "--out", merged.to_str().unwrap()],
    );
    assert!(text.contains("ranking by tension"), "{text}");
    same_results(&whole, &merged);
}

#[test]
fn bad_experiment_input_is_an_input_error() {
    let dir = Scratch::new("experiment-bad");
    dir.write("short.ron", "Scenario(extends: \"full-ban.ron\", name: \"Short\", months: 12)");
    for (args, says) in [
        (vec!["ensemble", "--runs", "0"], "--runs"),
        (vec!["ensemble", "--shard", "3/2"], "--shard"),
        (vec!["sweep", "--vary", "us_admin.share=0..1"], "STEPS"),
        (vec!["sweep", "--vary", "no_such.path=0.0..1.0:2", "--runs", "2"], "no_such"),
        (vec!["sweep", "--vary", "months=12..13:5", "--runs", "2"], "at most 2 steps"),
        (vec!["sweep", "--vary", "months=1..3:3", "--vary", "months=4..6:2", "--runs", "2"], "varied twice"),
        (vec!["compare", "--vary", "us_admin.share=0.2"], "at least two values"),
        (vec!["compare", "--vary", "us_admin.share=[0.2, 0.4]", "--rank-by", "tensoin"], "did you mean `tension`?"),
        (vec!["compare", "--vary", "us_admin.share=[0.2, 0.4]", "--rank-by", "us_move"], "is a category"),
        (vec!["compare"], "nothing to compare"),
        (vec!["compare", "full-ban", "short.ron", "--runs", "2"], "different months"),
        (vec!["sweep", "--vary", "us_admin.share=0..1:1000000000", "--runs", "2"], "at most 10000"),
        (
            vec!["sweep", "--vary", "us_admin.share=0..1:200", "--vary", "world.relations.tension=0..1:200"],
            "200 x 200 points",
        ),
        (vec!["sweep", "--vary", "us_admin.share=0..1:2", "--lhs", "1000000000"], "more than the 10000 points"),
        (vec!["ensemble", "--threads", "18446744073709551615", "--runs", "2"], "--threads"),
        (vec!["ensemble", "--runs", "1000000000000"], "1000000 runs per point"),
        (vec!["merge", "nowhere", "--out", "x"], "--shard"),
    ] {
        let o = statecraft(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("error") && stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
}

#[test]
fn a_second_writer_into_the_same_out_is_refused_while_the_first_runs() {
    let dir = Scratch::new("concurrent");
    let out = dir.path().join("same");
    let args = ["ensemble", "full-ban", "--runs", "100", "--months", "12", "--out", out.to_str().unwrap()];
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn();
    let lock = dir.path().join(".same.lock");
    let started = std::time::Instant::now();
    while !lock.exists() {
        assert!(started.elapsed().as_secs() < 60, "the first writer never took its lock");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let second = spawn().wait_with_output().unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(second.status.code(), Some(1), "{}", String::from_utf8_lossy(&second.stderr));
    assert!(String::from_utf8_lossy(&second.stderr).contains("another statecraft process is writing"));
    assert!(!String::from_utf8_lossy(&second.stdout).contains("wrote"));
    // The result is complete, and nothing is left beside it.
    assert_eq!(std::fs::read_to_string(out.join("horizon.csv")).unwrap().lines().count(), 101);
    let again = dir.path().join("again");
    run(dir.path(), &["ensemble", "full-ban", "--runs", "100", "--months", "12", "--out", again.to_str().unwrap()]);
    same_results(&out, &again);
    let left: Vec<String> =
        tree(dir.path()).into_iter().filter(|p| !p.starts_with("same") && !p.starts_with("again")).collect();
    assert!(left.is_empty(), "{left:?}");
    // A lock left by a killed writer (the file, with no process holding it) does not block.
    std::fs::write(&lock, "").unwrap();
    run(dir.path(), &args);
    assert!(!lock.exists());
}

#[test]
fn no_experiment_writes_through_a_link() {
    let dir = Scratch::new("links");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join(".out.partial")).unwrap();
    }
    for out in ["link", "out"] {
        let o = statecraft(&["ensemble", "full-ban", "--runs", "2", "--months", "2", "--out", out], dir.path());
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    }
    assert!(tree(&elsewhere).is_empty(), "{:?}", tree(&elsewhere));
}

#[test]
fn a_full_disk_is_a_clean_error_that_leaves_only_resumable_work() {
    let dir = Scratch::new("full-disk");
    let Some(disk) = SmallDisk::mount(&dir.path().join("disk")) else {
        eprintln!(
            "SKIPPED a_full_disk_is_a_clean_error_that_leaves_only_resumable_work: cannot mount a tmpfs here (needs root)"
        );
        return;
    };
    let out = disk.0.join("out");
    let o = statecraft(
        &["ensemble", "full-ban", "--runs", "64", "--months", "60", "--out", out.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left on device"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(!out.exists(), "no results appear");
    // Only the resumable work is left: finished blocks, no temporary files, no lock.
    for path in tree(&disk.0) {
        assert!(path == ".out.partial" || path.starts_with(".out.partial/.work"), "stray {path}");
        assert!(!path.contains(".tmp-"), "stray {path}");
    }
}
