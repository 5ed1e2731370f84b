//! `statecraft ensemble SCENARIO --runs N`: one scenario, many seeds.

use statecraft_experiment::{Kind, Plan, Point};

use super::ScenarioArgs;
use super::experiment::{ExperimentArgs, print, run};
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub experiment: ExperimentArgs,
}

pub fn main(args: Args) -> Result<(), Failure> {
    let scenario = args.scenario.load()?.scenario;
    let stem = args.scenario.path().file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let plan = args.experiment.nested(Plan {
        kind: Kind::Ensemble,
        master_seed: scenario.seed,
        points: vec![Point { label: stem.clone(), values: Vec::new(), scenario }],
        runs: args.experiment.runs,
        rank_by: None,
    });
    let out = args.experiment.out(&stem, "ensemble")?;
    if let Some(summary) = run(&plan, &args.experiment, &out)? {
        print(&summary, &out, args.experiment.format);
    }
    Ok(())
}
