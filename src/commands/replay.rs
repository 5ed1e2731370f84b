//! `statecraft replay FILE`: run a replay again, check every month's digest, and say where the
//! run first diverges if it does.

use std::path::PathBuf;

use statecraft_scenario::{Diagnostic, Diagnostics, Sources};
use statecraft_sim::replay::{self, Naming, ReadError};
use statecraft_sim::{Program, Verdict};

use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A replay file, or a run directory (its `replay.ron`).
    pub file: PathBuf,
    /// Also write the run's full outputs (tables, summary, charts) to this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub format: super::format::FormatArg,
}

/// This program, as replays record it.
pub fn program() -> Program {
    Program {
        version: env!("CARGO_PKG_VERSION").to_string(),
        revision: option_env!("STATECRAFT_REVISION").filter(|r| !r.is_empty()).map(String::from),
    }
}

fn describe(p: &Program) -> String {
    format!("statecraft {}{}", p.version, p.revision.as_ref().map_or(String::new(), |r| format!(" ({r})")))
}

/// Why two programs may compute different runs, if they may.
fn difference(made: &Program, this: &Program) -> Option<&'static str> {
    match (&made.revision, &this.revision) {
        _ if made.version != this.version => Some("the versions differ"),
        (Some(a), Some(b)) if a != b => Some("the source revisions differ"),
        (Some(a), Some(_)) if a.ends_with("-dirty") => Some("the build had uncommitted changes"),
        (Some(_), Some(_)) => None,
        _ => Some("a source revision is unknown"),
    }
}

fn unreadable(name: &str, e: ReadError) -> Failure {
    match e {
        ReadError::Unreadable(why) => Failure::Input(format!("error: cannot read replay `{name}`: {why}")),
        ReadError::Refused { message, hint } => Failure::Input(format!("error: {message}\nhelp: {hint}")),
        ReadError::Invalid(d) => Failure::from(d),
    }
}

/// Check the scenario inside a replay exactly as a scenario file is checked, with errors
/// pointing into the replay.
fn validate(name: &str, text: &str) -> Result<(), Failure> {
    let mut sources = Sources::default();
    let id = sources.add(name, text);
    let tree = statecraft_scenario::ron::parse(text, id).map_err(|e| Diagnostics {
        sources: sources.clone(),
        list: vec![Diagnostic::new(e.message).at(Some(e.span))],
    })?;
    if let Some(scenario) = tree.field("scenario") {
        statecraft_scenario::read(scenario.clone(), sources, &statecraft_sim::check)?;
    }
    Ok(())
}

fn tampered(name: &str, how: &str) -> Failure {
    Failure::Input(format!(
        "error: `{name}` was edited or damaged: {how}\nhelp: a replay must be shared as `statecraft run` wrote it; to change the scenario, make a new run"
    ))
}

pub fn main(args: Args) -> Result<(), Failure> {
    let file = if args.file.is_dir() { args.file.join("replay.ron") } else { args.file.clone() };
    let name = file.display().to_string();
    let text = replay::read_text(&file).map_err(|e| unreadable(&name, e))?;
    let replay = replay::parse(&name, &text).map_err(|e| unreadable(&name, e))?;
    if let Some(how) = replay.damage() {
        return Err(tampered(&name, &how));
    }
    validate(&name, &text)?;
    let (verdict, run) = replay.verify();
    let (made, this) = (&replay.program, &program());
    match verdict {
        Verdict::Verified { ticks } => {
            let months = &replay.ticks;
            let (from, to) = (
                months.first().map(|t| t.0.to_string()).unwrap_or_default(),
                months.last().map(|t| t.0.to_string()).unwrap_or_default(),
            );
            let out = match (&args.out, &run) {
                (Some(out), Some(run)) => Some(super::run::write(out, &replay.scenario, run, &replay)?),
                _ => None,
            };
            if args.format.json() {
                super::format::print_json(&serde_json::json!({
                    "verdict": "verified",
                    "months": ticks,
                    "scenario": replay.scenario.name,
                    "seed": replay.scenario.seed,
                    "from": from,
                    "to": to,
                    "made_by": describe(made),
                    "verified_by": describe(this),
                    "out": out,
                }));
                return Ok(());
            }
            println!(
                "verified: all {ticks} months of `{}` (seed {}, {} to {}) reproduce bit for bit",
                replay.scenario.name, replay.scenario.seed, from, to,
            );
            if made != this {
                println!("note: the replay was made by {}, and verified by {}", describe(made), describe(this));
            }
            if let Some(out) = out {
                println!("wrote {}/", out.display());
            }
            Ok(())
        }
        Verdict::Tampered(how) => Err(tampered(&name, &how)),
        Verdict::Diverged(d) => {
            if args.format.json() {
                let parts: Vec<_> = d
                    .parts
                    .iter()
                    .map(|(part, fields)| serde_json::json!({ "part": part, "fields": fields }))
                    .collect();
                super::format::print_json(&serde_json::json!({
                    "verdict": "diverged",
                    "month": d.month.to_string(),
                    "differs": parts,
                    "made_by": describe(made),
                    "verified_by": describe(this),
                }));
            }
            let mut message = format!("error: the run diverges from `{name}` at month {} ({})\n", d.tick + 1, d.month);
            for (part, fields) in &d.parts {
                let named: Vec<&str> = fields.iter().map(|f| if f.is_empty() { "(top level)" } else { f }).collect();
                let what = if named.is_empty() { String::new() } else { format!(": {}", named.join(", ")) };
                message.push_str(&format!("  differs: {part}{what}\n"));
            }
            match d.naming {
                Naming::Complete => {}
                Naming::TooMany => message.push_str(&format!(
                    "  (more than {} fields differ: the replay can name the parts, not the fields)\n",
                    statecraft_sim::replay::NAMEABLE
                )),
                Naming::Unseen => message
                    .push_str("  (the fields' fingerprints agree by chance: the replay can name the parts only)\n"),
            }
            match difference(made, this) {
                Some(why) => message.push_str(&format!(
                    "note: the replay was made by {}, this is {}; {why}, so a change in the model may explain the divergence\n",
                    describe(made),
                    describe(this)
                )),
                None => message.push_str(&format!(
                    "note: the replay was made by this very program ({}): either the file was edited and its digest forged, or determinism is broken (please report it, with the file)\n",
                    describe(this)
                )),
            }
            Err(Failure::Runtime(message))
        }
    }
}
