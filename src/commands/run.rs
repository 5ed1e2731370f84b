use std::path::{Path, PathBuf};

use statecraft_games::Stance;
use statecraft_plot::MoveStance;
use statecraft_scenario::{Actor, Scenario, to_ron, to_ron_narrow};
use statecraft_sim::{Options, Replay, Run, RunId, Table};

use super::ScenarioArgs;
use super::replay::program;
use crate::failure::Failure;
use crate::outdir::{Staging, ensure_parent};

#[derive(clap::Args, Debug, Default)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Where to write the run (default: runs/<scenario>). Replaced only if it is a previous run.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub format: super::format::FormatArg,
}

pub fn main(args: Args) -> Result<(), Failure> {
    let loaded = args.scenario.load()?;
    let scenario = &loaded.scenario;
    let id = RunId { seed: scenario.seed, run: 0 };
    let run = statecraft_sim::run(scenario, id, Options { digests: true, ..Options::default() });
    let replay = Replay::of(scenario, id, args.scenario.typed(), program(), &run);
    let out = args.out.unwrap_or_else(|| default_out(&args.scenario));
    let out = write(&out, scenario, &run, &replay)?;
    if args.format.json() {
        super::format::print_json(&serde_json::json!({
            "out": out,
            "replay": out.join("replay.ron"),
            "summary": run.summary(),
        }));
        return Ok(());
    }
    print!("{}", report(&run, &meta(scenario, &replay.overrides)));
    println!(
        "\nwrote {}/ (report.html, charts/, timeseries.csv, actions.csv, summary.ron, summary.json, scenario.ron, replay.ron)",
        out.display()
    );
    println!("reproduce it anywhere with: statecraft replay {}", out.join("replay.ron").display());
    Ok(())
}

/// `runs/<scenario>`, or for a run with overrides `runs/<scenario>-<digest of the overrides>`,
/// so that a variant never replaces the plain run.
fn default_out(args: &ScenarioArgs) -> PathBuf {
    let stem = args.path().file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let overrides = args.overrides();
    if overrides.is_empty() {
        return PathBuf::from("runs").join(stem);
    }
    let text: Vec<String> = overrides.iter().map(|o| format!("{} {}", o.origin, o.text)).collect();
    PathBuf::from("runs").join(format!("{stem}-{:08x}", statecraft_sim::digest::digest(&text) as u32))
}

/// What the charts need to know of a run: its scenario, and the overrides its replay records
/// (so that a run, its replay and `statecraft plot` draw the same report).
pub fn meta(scenario: &Scenario, overrides: &[String]) -> statecraft_plot::Meta {
    let mut moves: Vec<(String, MoveStance)> = Vec::new();
    for actor in &scenario.actors {
        for m in statecraft_sim::menu(actor, scenario) {
            if !moves.iter().any(|(name, _)| *name == m.name) {
                let stance = match m.stance {
                    Stance::Hostile => MoveStance::Hostile,
                    Stance::Cooperative => MoveStance::Cooperative,
                    Stance::Neutral => MoveStance::Neutral,
                };
                moves.push((m.name, stance));
            }
        }
    }
    statecraft_plot::Meta {
        name: scenario.name.clone(),
        description: scenario.description.clone(),
        overrides: overrides.iter().map(|o| argument(o)).collect(),
        ceilings: scenario.ceilings.iter().map(|c| c.name.clone()).collect(),
        events: scenario
            .events
            .iter()
            .map(|e| {
                let label = if e.note.is_empty() { format!("{:?}", e.event) } else { e.note.clone() };
                (e.at.to_string(), label)
            })
            .collect(),
        moves,
        names: names(scenario),
        start: start(scenario),
    }
}

/// What a reader calls the actors and bills that have a name: a firm's brand, a chamber, a
/// bill's title.
fn names(scenario: &Scenario) -> Vec<(String, String)> {
    let mut names = Vec::new();
    for actor in &scenario.actors {
        let name = match actor {
            Actor::ChipVendor(v) => v.brand.clone(),
            Actor::DomesticChipmaker(c) => c.brand.clone(),
            Actor::Congress(c) => format!("{:?}", c.chamber),
            Actor::UsAdministration(_) => "US administration".into(),
            Actor::Beijing(_) => "Beijing".into(),
            Actor::CloudProvider(_) | Actor::Lab(_) => continue,
        };
        names.push((actor.id().to_string(), name));
    }
    names.extend(scenario.bills.iter().map(|b| (b.id.clone(), b.name.clone())));
    names
}

/// The world before the first month, as a row of `timeseries.csv`: the report's "start", as
/// the terminal's summary (`report`) shows it. It follows from the scenario alone.
fn start(scenario: &Scenario) -> Vec<(String, String)> {
    let mut setup = scenario.clone();
    setup.months.0 = 0;
    let mut run = statecraft_sim::run(&setup, RunId { seed: scenario.seed, run: 0 }, Options::default());
    run.months = vec![run.initial.clone()];
    let table = run.timeseries();
    table.header.into_iter().zip(table.rows.into_iter().next().unwrap_or_default()).collect()
}

/// An override as a replay records it (`--seed seed=7`) written as it is typed (`--seed 7`).
fn argument(recorded: &str) -> String {
    let Some((origin, text)) = recorded.split_once(' ') else { return recorded.to_string() };
    let name = origin.trim_start_matches('-');
    match text.strip_prefix(name).and_then(|t| t.strip_prefix('=')) {
        Some(value) if origin != "--set" => format!("{origin} {value}"),
        _ if text.chars().all(|c| c.is_ascii_alphanumeric() || "_.=:-+".contains(c)) => format!("{origin} {text}"),
        _ => format!("{origin} '{text}'"),
    }
}

/// The charts and report of a run's tables, as files to write.
pub fn charts(
    timeseries: &[u8],
    actions: &[u8],
    meta: &statecraft_plot::Meta,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    statecraft_plot::render(&text(timeseries), &text(actions), meta).map_err(|e| match e {
        statecraft_plot::PlotError::Input(m) => Failure::Input(format!("error: {m}")),
        other => Failure::Runtime(format!("error: {other}")),
    })
}

/// The scenario as it ran: without the events after its last month, which never happened in
/// it (a shortened run of a longer scenario). Its `scenario.ron` then validates and runs again
/// to the same run, where the events after the horizon would fail the loader's horizon check.
fn as_run(scenario: &Scenario) -> Scenario {
    let mut ran = scenario.clone();
    ran.events.retain(|e| e.at < scenario.end());
    ran
}

/// Write a run's directory, whole or not at all.
pub fn write(out: &Path, scenario: &Scenario, run: &Run, replay: &Replay) -> Result<PathBuf, Failure> {
    let scenario = &as_run(scenario);
    ensure_parent(out)?;
    let staging = Staging::new(out)?;
    let (timeseries, actions) = (csv(&run.timeseries())?, csv(&run.actions_table())?);
    for (name, bytes) in charts(&timeseries, &actions, &meta(scenario, &replay.overrides))? {
        staging.write(&name, &bytes)?;
    }
    staging.write("timeseries.csv", &timeseries)?;
    staging.write("actions.csv", &actions)?;
    let summary = run.summary();
    staging.write("summary.ron", to_ron(&summary).as_bytes())?;
    staging.write("summary.json", statecraft_experiment::report::json(&summary).as_bytes())?;
    staging.write("scenario.ron", to_ron(scenario).as_bytes())?;
    staging.write("replay.ron", to_ron_narrow(replay).as_bytes())?;
    staging.commit()
}

pub fn csv(table: &Table) -> Result<Vec<u8>, Failure> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Failure::Runtime(format!("error: cannot write CSV: {e}"));
    writer.write_record(&table.header).map_err(fail)?;
    for row in &table.rows {
        writer.write_record(row).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| Failure::Runtime(format!("error: cannot write CSV: {e}")))
}

fn millions(x: f64) -> String {
    format!("{:.2}M", x / 1e6)
}

fn thousands(x: f64) -> String {
    if x >= 1e6 { millions(x) } else { format!("{:.0}k", x / 1e3) }
}

/// The short table printed after a run: the world at the start and at the end, then totals,
/// with firms by their names and the overrides the run was made with under its title.
pub fn report(run: &Run, meta: &statecraft_plot::Meta) -> String {
    let summary = run.summary();
    let Some(last) = run.months.last() else { return String::new() };
    let first = &run.initial;
    let ceiling = |i: usize| run.names.ceilings.get(i).cloned().unwrap_or_default();
    let china = |m: &statecraft_sim::phases::record::MonthRecord| m.china.total();
    let percent =
        |part: f64, whole: f64| if whole > 0.0 { format!("{:.1}%", 100.0 * part / whole) } else { "-".into() };
    let rows: Vec<(&str, String, String)> = vec![
        ("export ceiling", ceiling(first.export_ceiling), ceiling(last.export_ceiling)),
        ("  licensed", ceiling(first.licensed_ceiling), ceiling(last.licensed_ceiling)),
        (
            "revenue share",
            format!("{:.0}%", first.revenue_share * 100.0),
            format!("{:.0}%", last.revenue_share * 100.0),
        ),
        ("Beijing's stance", first.import.stance().into(), last.import.stance().into()),
        ("tension (0-1)", format!("{:.2}", first.tension), format!("{:.2}", last.tension)),
        ("US compute, H100e", millions(first.us_compute_h100e), millions(last.us_compute_h100e)),
        ("China compute, H100e", millions(china(first)), millions(china(last))),
        (
            "China / (US + China)",
            percent(china(first), china(first) + first.us_compute_h100e),
            percent(china(last), china(last) + last.us_compute_h100e),
        ),
        (
            "  of it domestic chips",
            percent(first.china.domestic, china(first)),
            percent(last.china.domestic, china(last)),
        ),
        (
            "capability gap, months",
            format!("{:.1}", first.capability_gap_months),
            format!("{:.1}", last.capability_gap_months),
        ),
    ];
    let months = run.months.len();
    let span = if months == 1 { "1 month".to_string() } else { format!("{months} months") };
    let mut out =
        format!("{} — seed {}, {} to {} ({span})\n", run.names.scenario, run.names.seed, first.date, last.date);
    if !meta.overrides.is_empty() {
        out.push_str(&format!("  with {} (the title is the scenario's as written)\n", meta.overrides.join(" ")));
    }
    out.push('\n');
    let (start, end) = (format!("start {}", first.date), format!("end {}", last.date));
    out.push_str(&format!("  {:<28} {start:>16} {end:>16}\n", ""));
    for (label, a, b) in rows {
        out.push_str(&format!("  {label:<28} {a:>16} {b:>16}\n"));
    }
    out.push_str(&format!("\n  over the {span}:\n"));
    let t = &summary.totals;
    let name = |id: &str| meta.names.iter().find(|(i, _)| i == id).map_or(id, |(_, name)| name.as_str()).to_string();
    let shipments: Vec<String> = t.shipments.iter().map(|(v, n)| format!("{} {}", name(v), thousands(*n))).collect();
    let revenue: f64 = t.revenue_usd_bn.iter().map(|(_, r)| r).sum();
    out.push_str(&format!("  licensed chips shipped       {}\n", shipments.join(", ")));
    out.push_str(&format!(
        "  vendor China revenue         ${revenue:.1}bn, of which ${:.1}bn paid to the US Treasury\n",
        t.share_paid_usd_bn
    ));
    out.push_str(&format!("  grey-market chips            {}\n", thousands(t.grey_units)));
    out.push_str(&format!("  domestic chips sold          {}\n", thousands(t.domestic_sales)));
    let p = &summary.policy;
    let summits: Vec<String> =
        p.summits.iter().map(|(m, deal)| format!("{m} {}", if *deal { "deal" } else { "failed" })).collect();
    out.push_str(&format!(
        "  export ceiling moves         {} ({} of them reversing the move before)\n",
        p.ceiling_changes, p.reversals
    ));
    out.push_str(&format!(
        "  summits                      {}\n",
        if summits.is_empty() { "none".into() } else { summits.join(", ") }
    ));
    out.push_str(&format!(
        "  bills enacted                {}\n",
        if p.bills_enacted.is_empty() { "none".into() } else { p.bills_enacted.join(", ") }
    ));
    out
}
