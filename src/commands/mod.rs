//! One module per subcommand, and the loading they share.

pub mod compare;
pub mod ensemble;
pub mod evolve;
pub mod experiment;
pub mod explain;
pub mod game_file;
pub mod learn;
pub mod list;
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
use crate::shipped::{FLAGSHIP, WithShipped, resolve};

/// Arguments of commands that take only a scenario.
#[derive(clap::Args, Debug)]
pub struct Only {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
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
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override the number of months.
    #[arg(long)]
    pub months: Option<i64>,
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

    /// Load, override, validate: the scenario ready to run.
    pub fn load(&self) -> Result<Loaded, Failure> {
        self.load_with(&[])
    }

    /// Load with `extra` overrides applied after the command line's (an experiment's point).
    pub fn load_with(&self, extra: &[Override]) -> Result<Loaded, Failure> {
        let mut overrides = self.overrides();
        overrides.extend_from_slice(extra);
        Ok(load(&self.path(), &WithShipped, &overrides, &statecraft_sim::check)?)
    }
}
