//! Charts and report (issue: charts a student can read): every run draws them; `plot` and
//! `replay --out` give the run's bytes again, every file; the extremes (one month, twenty
//! years, nothing traded, huge revenues) draw with labels a reader can use; bad tables are
//! refused with the file, line and column.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Scratch, statecraft, stderr};

const CHARTS: [&str; 6] = ["policy", "tension", "compute", "capability_gap", "trade", "actions"];

const HUGE: [&str; 12] = [
    "--set",
    "nvidia.max_allocation=5e10",
    "--set",
    "nvidia.china_allocation=2e10",
    "--set",
    "alibaba.budget_usd_bn=5e6",
    "--set",
    "bytedance.budget_usd_bn=5e6",
    "--set",
    "tencent.budget_usd_bn=5e6",
    "--set",
    "baidu.budget_usd_bn=5e6",
];

fn run(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let out = dir.join(name);
    let o = statecraft(&[&["run"], args, &["--out", out.to_str().unwrap()]].concat(), dir);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// Every file under `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn assert_same(expected: &BTreeMap<String, Vec<u8>>, found: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(expected), names(found), "{what}: other files");
    for (name, bytes) in expected {
        assert!(found[name] == *bytes, "{what}: {name} differs");
    }
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    (info.width, info.height)
}

/// The text elements of an SVG, in order: (text-anchor, x, text).
fn texts(svg: &str) -> Vec<(String, i32, String)> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let (attributes, rest) = t.split_once('>').unwrap();
            let attribute = |name: &str| {
                attributes
                    .split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|a| a.split('"').next())
                    .unwrap_or("")
                    .to_string()
            };
            let body = rest.split("</text>").next().unwrap().trim();
            (attribute("text-anchor"), attribute("x").parse().unwrap_or(0), body.replace("&amp;", "&"))
        })
        .collect()
}

/// Runs of consecutive texts that `pick` accepts, with their x: a panel draws each axis's
/// labels in one go.
fn runs(svg: &str, pick: impl Fn(&str, &str) -> bool) -> Vec<Vec<(i32, String)>> {
    let mut panels: Vec<Vec<(i32, String)>> = vec![Vec::new()];
    for (anchor, x, text) in texts(svg) {
        match panels.last_mut() {
            Some(run) if pick(&anchor, &text) => run.push((x, text)),
            Some(run) if !run.is_empty() => panels.push(Vec::new()),
            _ => {}
        }
    }
    panels.retain(|p| !p.is_empty());
    panels
}

/// Each panel's y-axis labels: the only right-aligned texts.
fn y_labels(svg: &str) -> Vec<Vec<String>> {
    runs(svg, |anchor, _| anchor == "end").into_iter().map(|r| r.into_iter().map(|l| l.1).collect()).collect()
}

/// Each panel's month labels: `YYYY-MM` or `YYYY`, centred.
fn month_labels(svg: &str) -> Vec<Vec<(i32, String)>> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let is_month = |t: &str| match t.split_once('-') {
        Some((y, m)) => y.len() == 4 && digits(y) && m.len() == 2 && digits(m),
        None => t.len() == 4 && digits(t),
    };
    runs(svg, |anchor, text| anchor == "middle" && is_month(text))
}

#[test]
fn every_run_draws_every_chart_and_the_report() {
    let dir = Scratch::new("plot-run");
    let out = run(dir.path(), "flagship", &["--seed", "7"]);
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
    assert!(report.contains("<pre>statecraft replay replay.ron</pre>"), "the command that reproduces the run");
    assert!(report.contains("<code>--seed 7</code>"), "the overrides the run was made with");
    // Self-contained: no scripts, nothing fetched (the only URL is SVG's namespace name).
    for fetch in ["<script", "<link", "<img", "src=", "href=", "url("] {
        assert!(!report.contains(fetch), "report.html contains `{fetch}`");
    }
    // The scripted events are numbered on the charts and listed in full under them.
    let policy = std::fs::read_to_string(out.join("charts/policy.svg")).unwrap();
    let note = "2026-04  Trump&apos;s planned visit to Beijing (announced after the 24 Nov 2025 call)";
    assert!(policy.contains(note), "the events' key lists each note in full");
}

/// The cell of `report`'s outcomes row `label`: the start (0) or the end (1).
fn outcome(report: &str, label: &str, column: usize) -> String {
    let row = report.split(&format!("<tr><td>{label}</td><td>")).nth(1).unwrap_or_else(|| panic!("no row {label}"));
    row.split("</td><td>").nth(column).unwrap().split("</td>").next().unwrap().to_string()
}

#[test]
fn the_report_names_things_says_what_was_overridden_and_starts_where_the_terminal_does() {
    let dir = Scratch::new("plot-names");
    let out = dir.path().join("half");
    let o = statecraft(
        &["run", "--set", "us_admin.share=0.5", "--months", "12", "--out", out.to_str().unwrap()],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let terminal = String::from_utf8_lossy(&o.stdout).into_owned();
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    for name in ["SAFE Chips Act", "Nvidia: chips shipped", "<th>US administration</th>", "<th>Beijing</th>"] {
        assert!(report.contains(name), "the report lacks `{name}`");
    }
    for id in ["safe chips", "nvidia:", "<th>us admin</th>"] {
        assert!(!report.contains(id), "the report shows the id `{id}`");
    }
    let trade = std::fs::read_to_string(out.join("charts/trade.svg")).unwrap();
    assert!(trade.contains("\nNvidia\n") && trade.contains("\nAMD\n"), "the trade chart's legend names the firms");
    let title = "H200 for a 25% commission (with overrides: --set us_admin.share=0.5 --months 12)";
    assert!(report.contains(&format!("<h1>{title}</h1>")), "the title says the run was changed");
    assert!(report.contains("This run changes the scenario"), "so does the description");
    // The first column is the world before the first month, as the terminal shows it.
    assert!(report.contains("<th>start 2025-12</th><th>end 2026-11</th>"));
    let tension = terminal.lines().find(|l| l.trim_start().starts_with("tension")).unwrap();
    let (start, end) = (outcome(&report, "Tension (0–1)", 0), outcome(&report, "Tension (0–1)", 1));
    assert_eq!(tension.split_whitespace().skip(2).collect::<Vec<_>>(), [start.as_str(), end.as_str()], "{terminal}");
    assert_eq!(outcome(&report, "Revenue share", 0), "50.0%");
}

#[test]
fn plot_and_replay_give_back_every_byte_of_the_run() {
    let dir = Scratch::new("plot-again");
    let out = run(dir.path(), "flagship", &["--months", "24", "--set", "us_admin.share=0.5"]);
    let made = files(&out);
    assert!(made.contains_key("report.html") && made.contains_key("charts/actions.svg"));
    std::fs::remove_dir_all(out.join("charts")).unwrap();
    std::fs::remove_file(out.join("report.html")).unwrap();
    let o = statecraft(&["plot", out.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same(&made, &files(&out), "statecraft plot");

    let again = dir.path().join("again");
    let replay = out.join("replay.ron");
    let o = statecraft(&["replay", replay.to_str().unwrap(), "--out", again.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same(&made, &files(&again), "statecraft replay --out");
}

#[test]
fn extremes_draw_with_labels_a_reader_can_use() {
    let dir = Scratch::new("plot-extremes");
    let cases: [(&str, &[&str]); 4] = [
        ("one", &["--months", "1"]),
        ("long", &["--months", "240"]),
        // Nothing ships: under the full ban parts below every threshold still need no
        // licence, so Beijing is held to approving no orders.
        (
            "ban",
            &[
                "full-ban",
                "--months",
                "12",
                "--set",
                "beijing.approval_rate=0.0",
                "--set",
                "beijing.rule=Fixed(\"hold\")",
            ],
        ),
        ("huge", &HUGE),
    ];
    for (name, args) in cases {
        let out = run(dir.path(), name, args);
        let timeseries = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
        let dates: Vec<&str> = timeseries.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
        for chart in CHARTS {
            let (w, h) = png_size(&std::fs::read(out.join(format!("charts/{chart}.png"))).unwrap());
            assert!(w >= 1200 && h >= 700, "{name}/{chart}: {w}x{h}");
            let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
            let panels = y_labels(&svg);
            assert!(!panels.is_empty(), "{name}/{chart}: no y labels");
            for labels in &panels {
                let mut unique = labels.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), labels.len(), "{name}/{chart}: repeated y labels {labels:?}");
                for label in labels {
                    let digits = label.chars().filter(char::is_ascii_digit).count();
                    assert!(digits <= 5, "{name}/{chart}: `{label}` is not a compact label");
                }
            }
            let panels = month_labels(&svg);
            assert!(!panels.is_empty(), "{name}/{chart}: no month on the x axis");
            for months in panels {
                for pair in months.windows(2) {
                    let room = 9 * pair[0].1.len() as i32;
                    assert!(pair[1].0 - pair[0].0 >= room, "{name}/{chart}: month labels overlap: {months:?}");
                }
                for (_, m) in &months {
                    let inside = dates.iter().any(|d| d.starts_with(m.as_str()));
                    assert!(inside, "{name}/{chart}: `{m}` labels a month outside the run ({:?}…)", dates.first());
                }
            }
        }
    }
    let ban = std::fs::read_to_string(dir.path().join("ban/charts/trade.svg")).unwrap();
    assert!(ban.contains("no licensed chips shipped in this run"), "an all-zero panel says so");
}

#[test]
fn plot_refuses_what_is_not_a_run() {
    let dir = Scratch::new("plot-bad");
    let o = statecraft(&["plot", "nowhere"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("statecraft run"), "{}", stderr(&o));
    let out = run(dir.path(), "damaged", &["--months", "3"]);
    let table = out.join("timeseries.csv");
    let good = std::fs::read_to_string(&table).unwrap();
    let refused = |text: &str, expected: &str| {
        std::fs::write(&table, text).unwrap();
        let o = statecraft(&["plot", out.to_str().unwrap()], dir.path());
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(expected), "wanted `{expected}` in:\n{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    };
    refused("date,tension\n2026-01,0.5,extra\n", "timeseries.csv");
    let header: Vec<&str> = good.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "tension").unwrap();
    let mut lines: Vec<String> = good.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[2].split(',').map(String::from).collect();
    cells[column] = "abc".into();
    lines[2] = cells.join(",");
    refused(&(lines.join("\n") + "\n"), "timeseries.csv:3: column `tension`: found `abc`, expected a number");
    refused(&good.replacen("china_grey_h100e", "china_grey", 1), "timeseries.csv: no `china_grey_h100e` column");
    let stance = header.iter().position(|h| *h == "beijing_stance").unwrap();
    let mut lines: Vec<String> = good.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[stance] = String::new();
    lines[1] = cells.join(",");
    refused(&(lines.join("\n") + "\n"), "timeseries.csv:2: column `beijing_stance`: found an empty cell");
    std::fs::write(&table, &good).unwrap();
    let o = statecraft(&["plot", out.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "the repaired table draws again: {}", stderr(&o));
}

/// A reader that stops early (`statecraft explain | head`) ends the command quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg("explain")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(o.status.success(), "{:?}: {}", o.status, stderr(&o));
}
