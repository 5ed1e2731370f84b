//! The report renders in a real browser: headless Chromium (Debian's `chromium`, which
//! `.ci/run` installs) lays out `report.html`, says where each chart landed, and takes a
//! screenshot of the whole page, in which every chart must have drawn its content.
//!
//! On a machine without Chromium the check is skipped, and says so on the terminal even though
//! the test passes: it writes to the process's standard error directly (`io::stderr()`), which
//! libtest does not capture, unlike `eprintln!`. With STATECRAFT_REQUIRE_BROWSER=1 (as `.ci/run`
//! sets it) a missing Chromium fails the test instead.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::{Scratch, statecraft, stderr};

fn browser() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Run headless Chromium on `page` with `args`; its standard output.
fn chromium(browser: &str, profile: &Path, page: &Path, args: &[&str]) -> String {
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(o.status.success(), "chromium failed ({}): {}", o.status, String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Measures the laid-out page into a `<pre id="layout">`: the page's size, each chart's box
/// (left, top, width, height), and the most lines a month of the timeline takes. Only the test's
/// copy of the report runs it; the report itself has no script.
const MEASURE: &str = r#"<script>
const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top + scrollY, r.width, r.height].map(Math.round).join(' '); };
const lines = td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; };
const months = [...document.querySelectorAll('table.timeline td:first-child')].map(lines);
const out = document.createElement('pre');
out.id = 'layout';
out.textContent = ['page ' + document.documentElement.scrollWidth + ' ' + document.documentElement.scrollHeight,
  'month ' + Math.round(Math.max(...months))].concat([...document.querySelectorAll('figure svg')].map(e => 'chart ' + box(e))).join('\n');
document.body.appendChild(out);
</script>"#;

#[test]
fn the_report_renders_in_headless_chromium_or_skips_saying_so() {
    let Some(browser) = browser() else {
        let required = std::env::var("STATECRAFT_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(!required, "STATECRAFT_REQUIRE_BROWSER=1 but no Chromium is found (apt-get install chromium)");
        // Not `eprintln!`: libtest would hide it, the test having passed.
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED the browser check of report.html: no `chromium`, `chromium-browser` or `google-chrome` \
             on PATH (Debian: apt-get install chromium; STATECRAFT_REQUIRE_BROWSER=1 makes this a failure)\n"
        );
        return;
    };
    let dir = Scratch::new("report");
    let out = dir.path().join("run");
    let o = statecraft(&["run", "--months", "24", "--out", out.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    let measured = dir.path().join("measured.html");
    std::fs::write(&measured, report.replace("</body>", &format!("{MEASURE}</body>"))).unwrap();
    let profile = dir.path().join("profile");

    let dom = chromium(browser, &profile, &measured, &["--window-size=1280,1000", "--dump-dom"]);
    for section in ["<h2>Outcomes</h2>", "<h2>Every move, month by month</h2>", "<h2>Reproduce this run</h2>"] {
        assert!(dom.contains(section), "the rendered page lacks {section}");
    }
    let layout = dom.split("<pre id=\"layout\">").nth(1).and_then(|s| s.split("</pre>").next()).expect("layout");
    let numbers = |line: &str| -> Vec<i64> { line.split(' ').skip(1).map(|n| n.parse().unwrap()).collect() };
    let lines: Vec<&str> = layout.lines().collect();
    let (page, month) = (numbers(lines[0]), numbers(lines[1]));
    let charts: Vec<Vec<i64>> = lines.iter().filter(|l| l.starts_with("chart ")).map(|l| numbers(l)).collect();
    assert_eq!(charts.len(), 6, "{layout}");
    assert!(page[0] <= 1280, "the page is wider than the window: {layout}");
    assert_eq!(month[0], 1, "a month in the timeline wraps onto two lines: {layout}");
    for pair in charts.windows(2) {
        assert!(pair[0][1] + pair[0][3] <= pair[1][1], "charts overlap: {layout}");
    }
    for c in &charts {
        assert!(c[2] >= 900 && c[3] >= 400, "a chart is drawn too small to read: {layout}");
    }
    assert!(charts[5][1] + charts[5][3] < page[1], "the page ends before its last chart: {layout}");

    let shot = dir.path().join("shot.png");
    let size = format!("--window-size=1280,{}", page[1]);
    chromium(browser, &profile, &measured, &[&size, &format!("--screenshot={}", shot.display())]);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let (width, channels) = (info.width as i64, info.color_type.samples() as i64);
    assert!(i64::from(info.height) >= page[1] - 1, "the screenshot is {} high, the page {}", info.height, page[1]);
    let pixel = |x: i64, y: i64| {
        let i = ((y * width + x) * channels) as usize;
        &pixels[i..i + 3]
    };
    // Each chart's own box must hold its drawing: ink (text, axes) and coloured data.
    for (k, c) in charts.iter().enumerate() {
        let (mut ink, mut coloured, mut all) = (0, 0, 0);
        for y in (c[1]..c[1] + c[3]).step_by(2) {
            for x in (c[0]..c[0] + c[2]).step_by(2) {
                let p = pixel(x, y);
                all += 1;
                ink += usize::from(p.iter().any(|&v| v < 160));
                let (hi, lo) = (*p.iter().max().unwrap(), *p.iter().min().unwrap());
                coloured += usize::from(hi - lo > 80);
            }
        }
        assert!(ink * 200 > all, "chart {k} has almost no ink in its box ({ink} of {all})");
        assert!(coloured * 1000 > all, "chart {k} shows no coloured data ({coloured} of {all})");
    }
}

/// No system font or rendering library is linked: charts draw with the bundled font.
#[test]
fn the_binary_links_no_font_library() {
    let o = Command::new("ldd").arg(env!("CARGO_BIN_EXE_statecraft")).output().expect("ldd runs");
    let libraries = String::from_utf8_lossy(&o.stdout);
    for forbidden in ["fontconfig", "freetype", "libpng", "libexpat"] {
        assert!(!libraries.contains(forbidden), "links {forbidden}:\n{libraries}");
    }
}
