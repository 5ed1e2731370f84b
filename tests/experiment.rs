//! Experiments (DESIGN.md section 7): results are byte-identical for any number of threads, for
//! shards joined by `merge`, and after an interruption and resume.

mod common;

use std::path::Path;

use common::{Scratch, statecraft, stderr, stdout};

const FILES: [&str; 3] = ["stats.csv", "horizon.csv", "summary.ron"];

fn run(dir: &Path, args: &[&str]) -> String {
    let o = statecraft(args, dir);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn same_results(a: &Path, b: &Path) {
    for file in FILES {
        let (x, y) = (std::fs::read(a.join(file)).unwrap(), std::fs::read(b.join(file)).unwrap());
        assert!(x == y, "{file} differs between {} and {}", a.display(), b.display());
    }
}

const ENSEMBLE: [&str; 6] = ["ensemble", "full-ban", "--runs", "150", "--months", "6"];

#[test]
fn an_ensemble_is_the_same_on_1_2_and_8_threads() {
    let dir = Scratch::new("ensemble-threads");
    for threads in ["1", "2", "8"] {
        let out = dir.path().join(format!("t{threads}"));
        run(dir.path(), &[&ENSEMBLE[..], &["--threads", threads, "--out", out.to_str().unwrap()]].concat());
    }
    same_results(&dir.path().join("t1"), &dir.path().join("t2"));
    same_results(&dir.path().join("t1"), &dir.path().join("t8"));
    let stats = std::fs::read_to_string(dir.path().join("t1/stats.csv")).unwrap();
    assert!(stats.starts_with("point,metric,date,n,mean,ci_low,ci_high,p5,p25,p50,p75,p95\n"));
    assert!(stats.contains("full-ban,tension,2026-05,150,"));
    let horizon = std::fs::read_to_string(dir.path().join("t1/horizon.csv")).unwrap();
    assert_eq!(horizon.lines().count(), 151);
}

#[test]
fn shards_merge_into_exactly_the_unsharded_result() {
    let dir = Scratch::new("ensemble-shards");
    let whole = dir.path().join("whole");
    run(dir.path(), &[&ENSEMBLE[..], &["--out", whole.to_str().unwrap()]].concat());
    let mut shards = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let shard = format!("{k}/3");
        run(
            dir.path(),
            &[&ENSEMBLE[..], &["--shard", &shard, "--threads", "1", "--out", out.to_str().unwrap()]].concat(),
        );
        assert!(!out.join("stats.csv").exists(), "a shard alone writes no results");
        shards.push(out);
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().rev().map(|s| s.to_str().unwrap().to_string()));
    args.extend(["--out".into(), merged.to_str().unwrap().into()]);
    run(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    same_results(&whole, &merged);
    // A missing shard is an input error, not a silent partial result.
    let partial = dir.path().join("partial");
    let o = statecraft(&["merge", shards[0].to_str().unwrap(), "--out", partial.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("blocks of point 0"), "{}", stderr(&o));
}

#[test]
fn an_interrupted_ensemble_resumes_without_redoing_finished_runs() {
    let dir = Scratch::new("ensemble-resume");
    let whole = dir.path().join("whole");
    run(dir.path(), &[&ENSEMBLE[..], &["--out", whole.to_str().unwrap()]].concat());
    // Half the blocks done, as an interruption leaves them; then the same command again.
    let resumed = dir.path().join("resumed");
    run(dir.path(), &[&ENSEMBLE[..], &["--shard", "1/2", "--out", resumed.to_str().unwrap()]].concat());
    let o = statecraft(&[&ENSEMBLE[..], &["--out", resumed.to_str().unwrap()]].concat(), dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("2 blocks of runs done"), "only the missing half ran: {}", stderr(&o));
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
fn a_killed_ensemble_resumes_to_the_same_bytes() {
    let dir = Scratch::new("ensemble-killed");
    let plan = ["ensemble", "full-ban", "--runs", "4000", "--months", "6"];
    let whole = dir.path().join("whole");
    run(dir.path(), &[&plan[..], &["--out", whole.to_str().unwrap()]].concat());
    let killed = dir.path().join("killed");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args([&plan[..], &["--threads", "1", "--out", killed.to_str().unwrap()]].concat())
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!killed.join("stats.csv").exists(), "killed before the end, it wrote no results");
    let o = statecraft(&[&plan[..], &["--out", killed.to_str().unwrap()]].concat(), dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let redone: u64 = stderr(&o).split_whitespace().next().unwrap().parse().unwrap();
    assert!(redone < 63, "the rerun did only the blocks the killed run had not finished: {}", stderr(&o));
    same_results(&whole, &killed);
}

#[test]
fn a_sweep_runs_every_point_of_the_grid() {
    let dir = Scratch::new("sweep");
    let out = dir.path().join("sweep");
    run(
        dir.path(),
        &[
            "sweep",
            "--vary",
            "us_admin.share=0.0..0.5:3",
            "--vary",
            "world.relations.tension=0.2..0.6:2",
            "--runs",
            "8",
            "--months",
            "3",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(points.lines().count(), 7, "{points}");
    assert!(points.starts_with("point,us_admin.share,world.relations.tension\n"));
    let stats = std::fs::read_to_string(out.join("stats.csv")).unwrap();
    assert!(stats.starts_with("point,us_admin.share,world.relations.tension,metric,"));
    let lhs = dir.path().join("lhs");
    run(
        dir.path(),
        &[
            "sweep",
            "--vary",
            "us_admin.share=0.0..0.5:2",
            "--vary",
            "world.relations.tension=0.2..0.6:2",
            "--vary",
            "beijing.weights.self_reliance=0.5..2.0:2",
            "--lhs",
            "5",
            "--runs",
            "4",
            "--months",
            "2",
            "--out",
            lhs.to_str().unwrap(),
        ],
    );
    assert_eq!(std::fs::read_to_string(lhs.join("points.csv")).unwrap().lines().count(), 6);
}

#[test]
fn a_comparison_pairs_runs_by_seed_and_ranks_variants() {
    let dir = Scratch::new("compare");
    let out = dir.path().join("compare");
    let text = run(
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
    let same: Vec<&str> = diffs.lines().filter(|l| l.starts_with("us_admin.share=0.25,")).collect();
    assert!(!same.is_empty());
    for line in same {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!((cells[4], cells[7]), ("0", "0"), "{line}");
    }
    let files = run(
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
fn bad_experiment_input_is_an_input_error() {
    let dir = Scratch::new("experiment-bad");
    for args in [
        vec!["ensemble", "--runs", "0"],
        vec!["ensemble", "--shard", "3/2"],
        vec!["sweep", "--vary", "us_admin.share=0..1"],
        vec!["sweep", "--vary", "no_such.path=0.0..1.0:2", "--runs", "2"],
        vec!["compare", "--vary", "us_admin.share=0.2"],
        vec!["compare"],
        vec!["merge", "nowhere", "--out", "x"],
    ] {
        let o = statecraft(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("error"), "{args:?}");
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
}
