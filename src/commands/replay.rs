//! `statecraft replay FILE`: run a replay again, check every month's digest, and say where the
//! run first diverges if it does.

use std::path::PathBuf;

use statecraft_scenario::from_ron;
use statecraft_sim::replay::{FORMAT, SUPPORTED};
use statecraft_sim::{Program, Replay, Verdict};

use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A replay file (`replay.ron` in a run directory).
    pub file: PathBuf,
    /// Also write the run's full outputs (tables, summary, charts) to this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// This program, as replays record it.
pub fn program() -> Program {
    Program {
        version: env!("CARGO_PKG_VERSION").to_string(),
        revision: option_env!("STATECRAFT_REVISION").map(String::from),
    }
}

/// Only the format version: read first, so that a replay from another version is refused
/// with a clear message rather than a parse error in a field it may not have.
#[derive(serde::Deserialize)]
struct Header {
    format: Option<u32>,
}

pub fn main(args: Args) -> Result<(), Failure> {
    let name = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::Input(format!("error: cannot read replay `{name}`: {e}")))?;
    let header: Header = from_ron(&name, &text)?;
    match header.format {
        Some(format) if SUPPORTED.contains(&format) => {}
        Some(format) => {
            return Err(Failure::Input(format!(
                "error: `{name}` is replay format {format}; this statecraft ({}) reads format{} {}\nhelp: replay it with the statecraft version that wrote it",
                program().version,
                if SUPPORTED.len() > 1 { "s" } else { "" },
                SUPPORTED.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            )));
        }
        None => {
            return Err(Failure::Input(format!(
                "error: `{name}` is not a replay: it has no `format` field\nhelp: a replay is the `replay.ron` that `statecraft run` writes (format {FORMAT})"
            )));
        }
    }
    let replay: Replay = from_ron(&name, &text)?;
    let issues = statecraft_sim::check(&replay.scenario);
    if let Some(issue) = issues.first() {
        return Err(Failure::Input(format!("error: the scenario in `{name}` is invalid: {issue:?}")));
    }
    let (verdict, run) = replay.verify();
    let made_by = |p: &Program| {
        format!("statecraft {}{}", p.version, p.revision.as_ref().map_or(String::new(), |r| format!(" ({r})")))
    };
    match verdict {
        Verdict::Verified { ticks } => {
            let months = &replay.ticks;
            println!(
                "verified: all {ticks} months of `{}` (seed {}, {} to {}) reproduce bit for bit",
                replay.scenario.name,
                replay.seed,
                months.first().map(|t| t.0.to_string()).unwrap_or_default(),
                months.last().map(|t| t.0.to_string()).unwrap_or_default(),
            );
            if let (Some(out), Some(run)) = (args.out, run) {
                let out = super::run::write(&out, &replay.scenario, &run, &replay)?;
                println!("wrote {}/", out.display());
            }
            Ok(())
        }
        Verdict::Tampered { expected, found } => Err(Failure::Runtime(format!(
            "error: `{name}` was edited: its scenario hashes to {found}, but the replay records {expected}\nhelp: a replay must be shared unmodified; to change the scenario, make a new run"
        ))),
        Verdict::Diverged(d) => {
            let mut message = format!(
                "error: the run diverges from `{name}` at month {} ({})\n",
                d.tick + 1,
                d.month.map(|m| m.to_string()).unwrap_or_else(|| "past its end".into())
            );
            for (part, fields) in &d.parts {
                let what = if fields.is_empty() { String::new() } else { format!(": {}", fields.join(", ")) };
                message.push_str(&format!("  differs: {part}{what}\n"));
            }
            if replay.program != program() {
                message.push_str(&format!(
                    "note: the replay was made by {}, this is {}; a model change between them explains a divergence\n",
                    made_by(&replay.program),
                    made_by(&program())
                ));
            } else {
                message.push_str("note: same program version: the replay's digests were edited, or determinism is broken (please report it)\n");
            }
            Err(Failure::Runtime(message))
        }
    }
}
