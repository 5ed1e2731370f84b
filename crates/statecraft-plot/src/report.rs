//! `report.html`: one self-contained page a student can read: what the scenario is, where it
//! ended, every chart (inline SVG), who did what, and how to reproduce it. No scripts, no
//! network, no files beside it.

use crate::CHARTS;
use crate::charts::actions::moves;
use crate::charts::{RunData, si};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The key outcomes: (label, at the start, at the horizon).
fn outcomes(d: &RunData) -> Vec<(String, String, String)> {
    let s = &d.series;
    let (first, last) = (0, s.rows.len() - 1);
    let text = |c: &str, i: usize| s.text(c)[i].to_string();
    let num = |c: &str, i: usize| s.numbers(c)[i];
    let pct = |c: &str, i: usize| format!("{:.1}%", 100.0 * num(c, i));
    let mut rows = vec![
        ("Export ceiling".into(), text("export_ceiling", first), text("export_ceiling", last)),
        ("Revenue share".into(), pct("revenue_share", first), pct("revenue_share", last)),
        ("Beijing's stance".into(), text("beijing_stance", first), text("beijing_stance", last)),
        ("Tension (0–1)".into(), format!("{:.2}", num("tension", first)), format!("{:.2}", num("tension", last))),
        ("US compute (H100e)".into(), si(num("us_compute_h100e", first)), si(num("us_compute_h100e", last))),
        ("China compute (H100e)".into(), si(num("china_compute_h100e", first)), si(num("china_compute_h100e", last))),
        ("China's share of compute".into(), pct("china_share_of_compute", first), pct("china_share_of_compute", last)),
        ("… of it domestic chips".into(), pct("china_domestic_share", first), pct("china_domestic_share", last)),
        (
            "Capability gap (months)".into(),
            format!("{:.1}", num("capability_gap_months", first)),
            format!("{:.1}", num("capability_gap_months", last)),
        ),
        (
            "Revenue share paid, cumulative".into(),
            format!("${:.2}bn", num("share_paid_cum_usd_bn", first)),
            format!("${:.2}bn", num("share_paid_cum_usd_bn", last)),
        ),
    ];
    for vendor in s.by_actor("shipments_") {
        let total: f64 = s.numbers(&format!("shipments_{vendor}")).iter().filter(|x| x.is_finite()).sum();
        let revenue: f64 = s.numbers(&format!("revenue_usd_bn_{vendor}")).iter().filter(|x| x.is_finite()).sum();
        rows.push((
            format!("{vendor}: chips shipped, revenue (whole run)"),
            String::new(),
            format!("{}, ${revenue:.1}bn", si(total)),
        ));
    }
    for bill in s.by_actor("bill_") {
        rows.push((format!("Bill {bill}"), text(&format!("bill_{bill}"), first), text(&format!("bill_{bill}"), last)));
    }
    rows
}

/// Months as rows, actors as columns, each cell the move made (blank for "hold").
fn timeline(d: &RunData) -> String {
    let (actors, cells) = moves(d);
    let mut months: Vec<f64> = cells.iter().map(|c| c.0).collect();
    months.dedup();
    let mut out = String::from("<table class=\"timeline\"><thead><tr><th>month</th>");
    for a in &actors {
        out.push_str(&format!("<th>{}</th>", escape(a)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for m in months {
        out.push_str(&format!("<tr><td>{}</td>", crate::data::month_label(m as i32)));
        for row in 0..actors.len() {
            let action = cells.iter().find(|c| c.0 == m && c.1 == row).map_or("", |c| c.2.as_str());
            let shown = if action == "hold" { String::new() } else { escape(&action.replace('_', " ")) };
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
<title>{title} — statecraft</title>
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
figure {{ margin: 1.5em 0; }}
figure svg {{ width: 100%; height: auto; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">{start} to {end} · {months} months</p>
<p>{description}</p>
<h2>Outcomes</h2>
<table class="outcomes"><thead><tr><th></th><th>{start}</th><th>{end}</th></tr></thead><tbody>
"#,
        title = escape(&m.name),
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
    page.push_str(&format!(
        "\n<h2>Reproduce this run</h2>\n<pre>{}</pre>\n<p>or, with the <code>replay.ron</code> beside this report: <code>statecraft replay replay.ron</code>, which also checks every month bit for bit.</p>\n</body>\n</html>\n",
        escape(&m.command)
    ));
    page
}

/// An SVG document without its XML prolog, to sit inside HTML.
fn strip_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}
