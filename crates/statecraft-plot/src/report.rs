//! `report.html`: one self-contained page a student can read: what the scenario is, where it
//! ended, every chart (inline SVG), who did what, and how to reproduce it. No scripts, no
//! network, no files beside it.

use crate::CHARTS;
use crate::axis::{DOLLARS_BN, unit};
use crate::charts::actions::moves;
use crate::charts::{RunData, display, si};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The key outcomes: (label, at the start, at the horizon). The start is the world before the
/// first month, as the terminal's summary of the run shows it; the horizon, the world after the
/// last month.
fn outcomes(d: &RunData) -> Vec<(String, String, String)> {
    let s = &d.series;
    let last = d.months.len() - 1;
    let text = |c: &str, start: bool| match start {
        true => d.meta.start.iter().find(|(column, _)| column == c).map_or(String::new(), |(_, cell)| cell.clone()),
        false => s.text(c).get(last).map_or(String::new(), |t| t.to_string()),
    };
    let num = |c: &str, start: bool| match start {
        true => text(c, true).parse().unwrap_or(f64::NAN),
        false => d.num(c).get(last).copied().unwrap_or(f64::NAN),
    };
    let pct = |c: &str, start: bool| format!("{:.1}%", 100.0 * num(c, start));
    let both = |f: &dyn Fn(bool) -> String| (f(true), f(false));
    let mut rows = Vec::new();
    let mut row = |label: &str, (a, b): (String, String)| rows.push((label.to_string(), a, b));
    row("Export ceiling", both(&|i| text("export_ceiling", i)));
    row("Revenue share", both(&|i| pct("revenue_share", i)));
    row("Beijing's stance", both(&|i| text("beijing_stance", i)));
    row("Tension (0–1)", both(&|i| format!("{:.2}", num("tension", i))));
    row("US compute (H100e)", both(&|i| si(num("us_compute_h100e", i))));
    row("China compute (H100e)", both(&|i| si(num("china_compute_h100e", i))));
    row("China's share of compute", both(&|i| pct("china_share_of_compute", i)));
    row("… of it domestic chips", both(&|i| pct("china_domestic_share", i)));
    row("Capability gap (months)", both(&|i| format!("{:.1}", num("capability_gap_months", i))));
    row("Revenue share paid, cumulative", both(&|i| dollars(num("share_paid_cum_usd_bn", i))));
    for vendor in s.by_actor("shipments_") {
        let total: f64 = d.num(&format!("shipments_{vendor}")).iter().sum();
        let revenue: f64 = d.num(&format!("revenue_usd_bn_{vendor}")).iter().sum();
        row(
            &format!("{}: chips shipped, revenue (whole run)", d.name(&vendor)),
            (String::new(), format!("{}, {}", si(total), dollars(revenue))),
        );
    }
    for bill in s.by_actor("bill_") {
        let column = format!("bill_{bill}");
        row(&d.name(&bill), both(&|i| display(&text(&column, i))));
    }
    rows
}

/// An amount held in $bn, in the unit that suits it: $250m, $12.3bn, $4.1tn.
fn dollars(bn: f64) -> String {
    let u = unit([bn], &DOLLARS_BN);
    format!("${:.1}{}", bn / u.per, u.name.trim_start_matches('$'))
}

/// Months as rows, actors as columns, each cell the move made (blank for "hold").
fn timeline(d: &RunData) -> String {
    let (actors, cells) = moves(d);
    let mut months: Vec<f64> = cells.iter().map(|c| c.0).collect();
    months.dedup();
    let mut out = String::from("<table class=\"timeline\"><thead><tr><th>month</th>");
    for a in &actors {
        out.push_str(&format!("<th>{}</th>", escape(&d.name(a))));
    }
    out.push_str("</tr></thead><tbody>\n");
    for m in months {
        out.push_str(&format!("<tr><td>{}</td>", crate::data::month_label(m as i32)));
        for row in 0..actors.len() {
            let action = cells.iter().find(|c| c.0 == m && c.1 == row).map_or("", |c| c.2.as_str());
            let shown = if action == "hold" { String::new() } else { escape(&d.move_name(action)) };
            out.push_str(&format!("<td>{shown}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>");
    out
}

pub fn html(d: &RunData, svgs: &[String]) -> String {
    let m = &d.meta;
    let dates = d.series.text("date");
    let (start, end) = (dates.first().copied().unwrap_or(""), dates.last().copied().unwrap_or(""));
    let mut page = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}{changed} — statecraft</title>
<style>
body {{ font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.7em; margin-bottom: 0.2em; }}
h2 {{ margin-top: 2em; border-bottom: 1px solid #ddd; }}
.meta {{ color: #555; }}
code, pre {{ background: #f4f4f4; padding: 0.15em 0.4em; border-radius: 3px; }}
pre {{ padding: 0.7em; overflow-x: auto; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; }}
th {{ background: #f4f4f4; }}
table.outcomes td:nth-child(n+2) {{ text-align: right; }}
table.timeline {{ font-size: 0.75em; }}
table.timeline td:first-child {{ white-space: nowrap; }}
figure {{ margin: 1.5em 0; }}
figure svg {{ width: 100%; height: auto; }}
</style>
</head>
<body>
<h1>{title}{changed}</h1>
<p class="meta">{start} to {end} · {months} months</p>
<p>{description}</p>
{overridden}<h2>Outcomes</h2>
<table class="outcomes"><thead><tr><th></th><th>start {start}</th><th>end {end}</th></tr></thead><tbody>
"#,
        title = escape(&m.name),
        changed = if m.overrides.is_empty() {
            String::new()
        } else {
            escape(&format!(" (with overrides: {})", m.overrides.join(" ")))
        },
        overridden = overridden(&m.overrides),
        description = escape(&m.description),
        months = d.months.len(),
    );
    for (label, a, b) in outcomes(d) {
        page.push_str(&format!("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(&label), escape(&a), escape(&b)));
    }
    page.push_str("</tbody></table>\n");
    for ((_, title), svg) in CHARTS.iter().zip(svgs) {
        page.push_str(&format!("<h2>{}</h2>\n<figure>\n{}\n</figure>\n", escape(title), strip_prolog(svg)));
    }
    page.push_str("<h2>Every move, month by month</h2>\n<p>Blank: the actor held.</p>\n");
    page.push_str(&timeline(d));
    page.push_str(&reproduce(&m.overrides));
    page
}

/// A run made with overrides is not the scenario its name and description describe: say so
/// where the description ends.
fn overridden(overrides: &[String]) -> String {
    if overrides.is_empty() {
        return String::new();
    }
    let words: Vec<String> = overrides.iter().map(|o| format!("<code>{}</code>", escape(o))).collect();
    format!(
        "<p><strong>This run changes the scenario:</strong> {}. The name and description above are the scenario's as written; the outcomes, charts and moves below are this run's.</p>\n",
        words.join(" ")
    )
}

/// How to make the run again: the same words whoever draws the report (a run, a replay, or
/// `statecraft plot`), because they name the files beside it.
fn reproduce(overrides: &[String]) -> String {
    let mut out = String::from(
        "\n<h2>Reproduce this run</h2>\n<p>In the directory that holds this report:</p>\n<pre>statecraft replay replay.ron</pre>\n<p>runs the scenario again and checks every month bit for bit against <code>replay.ron</code>. Beside it, <code>scenario.ron</code> is the scenario fully resolved (every default, <code>extends</code> and override filled in): change a value in it and run <code>statecraft run scenario.ron</code> to ask “what if”.</p>\n",
    );
    if !overrides.is_empty() {
        let words: Vec<String> = overrides.iter().map(|o| format!("<code>{}</code>", escape(o))).collect();
        out.push_str(&format!("<p>The run was made with: {}.</p>\n", words.join(" ")));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// An SVG document without its XML prolog, to sit inside HTML.
fn strip_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}
