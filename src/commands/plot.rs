//! `statecraft plot RUN_DIR`: draw a run's charts and report again from its tables.

use std::path::PathBuf;

use statecraft_scenario::{Scenario, from_ron};

use super::run::{charts, meta};
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A run directory, as `statecraft run` writes it.
    pub run_dir: PathBuf,
}

/// What `plot` reads of a replay: the overrides the run was made with.
#[derive(serde::Deserialize)]
struct Recorded {
    overrides: Vec<String>,
}

/// The overrides a run directory's replay records: none when the directory has no replay.
pub(crate) fn recorded_overrides(dir: &std::path::Path) -> Result<Vec<String>, Failure> {
    let path = dir.join("replay.ron");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let bytes = statecraft_plot::data::read_table(&path)
        .map_err(|e| Failure::Input(format!("error: cannot read `{}`: {e}", path.display())))?;
    let recorded: Recorded = from_ron(&path.display().to_string(), &text(&bytes))?;
    Ok(recorded.overrides)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn main(args: Args) -> Result<(), Failure> {
    let dir = &args.run_dir;
    // Every input within its limit: a run's tables, its scenario and its replay.
    let read = |name: &str| {
        statecraft_plot::data::read_table(&dir.join(name)).map_err(|e| {
            Failure::Input(format!(
                "error: cannot read `{}`: {e}\nhelp: give a directory written by `statecraft run`",
                dir.join(name).display()
            ))
        })
    };
    let (timeseries, actions) = (read("timeseries.csv")?, read("actions.csv")?);
    let scenario: Scenario = from_ron(&dir.join("scenario.ron").display().to_string(), &text(&read("scenario.ron")?))?;
    let recorded: Recorded = from_ron(&dir.join("replay.ron").display().to_string(), &text(&read("replay.ron")?))?;
    let files = charts(&timeseries, &actions, &meta(&scenario, &recorded.overrides)).map_err(|f| match f {
        Failure::Input(m) => Failure::Input(format!(
            "{m}\nhelp: `statecraft plot` draws the tables `statecraft run` wrote; to write them again: statecraft replay {} --out {}",
            dir.join("replay.ron").display(),
            dir.display()
        )),
        other => other,
    })?;
    // Everything is drawn before anything is replaced; each file then appears by a rename, never
    // through a link.
    crate::outdir::refuse_link(&dir.join("charts"))?;
    for (name, _) in &files {
        crate::outdir::refuse_link(&dir.join(name))?;
    }
    let staging = dir.join(format!(".plot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        for (name, bytes) in &files {
            let path = staging.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        for (name, _) in &files {
            let target = dir.join(name);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(staging.join(name), target)?;
        }
        Ok::<(), std::io::Error>(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result.map_err(|e| Failure::io(&format!("cannot write the charts into `{}`", dir.display()), e))?;
    println!("wrote {}/report.html and {} charts in {}/charts/", dir.display(), (files.len() - 1) / 2, dir.display());
    Ok(())
}
