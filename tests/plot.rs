//! Charts and report (issue: charts a student can read): every run draws them, `plot`
//! redraws them from the tables alone, the same tables give the same bytes, and the extremes
//! (one month, twenty years, nothing traded) still draw.

mod common;

use std::path::Path;

use common::{Scratch, statecraft, stderr};

const CHARTS: [&str; 6] = ["policy", "tension", "compute", "capability_gap", "trade", "actions"];

fn run(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let out = dir.join(name);
    let o = statecraft(&[&["run"], args, &["--out", out.to_str().unwrap()]].concat(), dir);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    (info.width, info.height)
}

#[test]
fn every_run_draws_every_chart_and_the_report() {
    let dir = Scratch::new("plot-run");
    let out = run(dir.path(), "flagship", &[]);
    for chart in CHARTS {
        let png = std::fs::read(out.join(format!("charts/{chart}.png"))).unwrap();
        let (w, h) = png_size(&png);
        assert!(w >= 1200 && h >= 700, "{chart}: {w}x{h}");
        let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("month"), "{chart}.svg");
    }
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("H200 for a 25% commission"));
    assert!(report.contains("<h2>Outcomes</h2>") && report.contains("Every move, month by month"));
    assert_eq!(report.matches("<svg").count(), CHARTS.len());
    assert!(report.contains("statecraft run"), "the command that reproduces the run");
    // Self-contained: no scripts, nothing fetched (the only URL is SVG's namespace name).
    for fetch in ["<script", "<link", "<img", "src=", "href=", "url("] {
        assert!(!report.contains(fetch), "report.html contains `{fetch}`");
    }
}

#[test]
fn plot_redraws_the_same_bytes_from_the_tables() {
    let dir = Scratch::new("plot-again");
    let out = run(dir.path(), "flagship", &["--months", "24"]);
    let before: Vec<Vec<u8>> =
        CHARTS.iter().map(|c| std::fs::read(out.join(format!("charts/{c}.png"))).unwrap()).collect();
    for c in CHARTS {
        std::fs::remove_file(out.join(format!("charts/{c}.png"))).unwrap();
    }
    std::fs::remove_file(out.join("report.html")).unwrap();
    let o = statecraft(&["plot", out.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for (c, bytes) in CHARTS.iter().zip(before) {
        assert!(std::fs::read(out.join(format!("charts/{c}.png"))).unwrap() == bytes, "{c}.png differs when redrawn");
    }
    assert!(out.join("report.html").exists());
}

#[test]
fn extremes_still_draw() {
    let dir = Scratch::new("plot-extremes");
    for (name, args) in
        [("one", vec!["--months", "1"]), ("long", vec!["--months", "240"]), ("ban", vec!["full-ban", "--months", "12"])]
    {
        let out = run(dir.path(), name, &args);
        for chart in CHARTS {
            assert!(out.join(format!("charts/{chart}.png")).exists(), "{name}: {chart}");
        }
    }
}

#[test]
fn plot_refuses_what_is_not_a_run() {
    let dir = Scratch::new("plot-bad");
    let o = statecraft(&["plot", "nowhere"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("statecraft run"), "{}", stderr(&o));
    let out = run(dir.path(), "damaged", &["--months", "3"]);
    std::fs::write(out.join("timeseries.csv"), "date,tension\n2026-01,0.5,extra\n").unwrap();
    let o = statecraft(&["plot", out.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("timeseries.csv"), "{}", stderr(&o));
}
