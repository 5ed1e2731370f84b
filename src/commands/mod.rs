//! One module per subcommand, and the loading they share.

pub mod compare;
pub mod completions;
pub mod ensemble;
pub mod evolve;
pub mod experiment;
pub mod explain;
pub mod format;
pub mod game_file;
pub mod game_json;
pub mod learn;
pub mod list;
pub mod man;
pub mod merge;
pub mod moran;
pub mod plot;
pub mod replay;
pub mod run;
pub mod solve;
pub mod sweep;
pub mod tournament;
pub mod validate;

use std::path::PathBuf;

use statecraft_scenario::{Loaded, Override, load};

use crate::failure::Failure;
use crate::shipped::{FLAGSHIP, SHIPPED_DIR, WithShipped, resolve, similar};

/// Arguments of commands that take only a scenario.
#[derive(clap::Args, Debug)]
pub struct Only {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub format: format::FormatArg,
}

/// How a command names its scenario and overrides it.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct ScenarioArgs {
    /// A scenario file, or a shipped scenario's name (see `statecraft list`). Default: the flagship.
    pub scenario: Option<String>,
    /// Override a value: PATH=VALUE, e.g. `us_admin.share=0.5` or `world.relations.tension=0.7`.
    /// Values are RON; repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Override the seed.
    #[arg(long, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Override the number of months.
    #[arg(long, allow_negative_numbers = true)]
    pub months: Option<i64>,
    /// Run at the central values (the medians) of the scenario's uncertain parameters instead
    /// of drawing them from each run's seed.
    #[arg(long)]
    pub point: bool,
}

impl ScenarioArgs {
    pub fn path(&self) -> PathBuf {
        resolve(self.scenario.as_deref().unwrap_or(FLAGSHIP))
    }

    pub fn overrides(&self) -> Vec<Override> {
        let mut overrides: Vec<Override> = self.set.iter().map(Override::set).collect();
        if let Some(seed) = self.seed {
            overrides.push(Override { origin: "--seed".into(), text: format!("seed={seed}") });
        }
        if let Some(months) = self.months {
            overrides.push(Override { origin: "--months".into(), text: format!("months={months}") });
        }
        overrides
    }

    /// The overrides as the user typed them: `--set us_admin.share=0.5`, `--seed 7`.
    pub fn typed(&self) -> Vec<String> {
        let sets = self.set.iter().map(|set| format!("--set {set}"));
        let seed = self.seed.map(|s| format!("--seed {s}"));
        let point = self.point.then(|| "--point".to_string());
        sets.chain(seed).chain(self.months.map(|m| format!("--months {m}"))).chain(point).collect()
    }

    /// Load, override, validate: the scenario ready to run.
    pub fn load(&self) -> Result<Loaded, Failure> {
        self.load_with(&[])
    }

    /// Load with `extra` overrides applied after the command line's (an experiment's point).
    pub fn load_with(&self, extra: &[Override]) -> Result<Loaded, Failure> {
        let path = self.path();
        if !path.starts_with(SHIPPED_DIR) && !path.exists() {
            return Err(not_found(self.scenario.as_deref().unwrap_or(FLAGSHIP)));
        }
        let mut overrides = self.overrides();
        overrides.extend_from_slice(extra);
        let mut loaded = load(&path, &WithShipped, &overrides, &statecraft_sim::check)?;
        if self.point {
            loaded.scenario.uncertain.clear();
        }
        Ok(loaded)
    }
}

/// A scenario argument that is neither a file nor a shipped scenario.
fn not_found(name: &str) -> Failure {
    let similar = similar(name);
    let hint = if similar.is_empty() {
        "give a path to a .ron file, or a shipped scenario's name (`statecraft list` shows them)".to_string()
    } else {
        format!("did you mean {}?", similar.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or "))
    };
    Failure::Input(format!(
        "error: no scenario `{name}`: there is no such file, and no shipped scenario of that name\n  = help: {hint}"
    ))
}

/// Write generated text (a script, a page) to standard output; a reader that stops early
/// (`| head`) is no failure.
fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::io("cannot write to standard output", e)),
        _ => Ok(()),
    }
}
