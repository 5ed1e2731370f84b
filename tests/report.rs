//! The report renders in a real browser: headless Chromium (Debian's `chromium`, which
//! `.ci/run` installs) takes a screenshot of `report.html`, and the page is not blank. Set
//! STATECRAFT_SKIP_BROWSER=1 to skip on a machine without Chromium; CI never does.

mod common;

use std::process::Command;

use common::{Scratch, statecraft, stderr};

fn browser() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

#[test]
fn the_report_renders_in_headless_chromium() {
    let Some(browser) = browser() else {
        if std::env::var("STATECRAFT_SKIP_BROWSER").is_ok_and(|v| v == "1") {
            eprintln!("skipped: no Chromium, and STATECRAFT_SKIP_BROWSER=1");
            return;
        }
        panic!("Chromium is needed to check the report (apt-get install chromium), or set STATECRAFT_SKIP_BROWSER=1");
    };
    let dir = Scratch::new("report");
    let out = dir.path().join("run");
    let o = statecraft(&["run", "--months", "24", "--out", out.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let shot = dir.path().join("shot.png");
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", dir.path().join("profile").display()),
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
            &format!("file://{}", out.join("report.html").display()),
        ])
        .output()
        .expect("chromium runs");
    assert!(shot.exists(), "no screenshot: {}", String::from_utf8_lossy(&o.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let pixels = &pixels[..info.buffer_size()];
    let ink = pixels.chunks(channels).filter(|p| p[..3].iter().any(|&c| c < 200)).count();
    let share = ink as f64 / (pixels.len() / channels) as f64;
    // Text, tables and charts: a blank or failed page would be (nearly) all white.
    assert!(share > 0.02, "only {:.2}% of the screenshot is not white", share * 100.0);
    let coloured = pixels.chunks(channels).filter(|p| p[2] > p[0].saturating_add(60)).count();
    assert!(coloured > 1000, "the charts' blue lines should show ({coloured} blue pixels)");
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
