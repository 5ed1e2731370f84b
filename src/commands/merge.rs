//! `statecraft merge SHARD_DIR... --out DIR`: join the shards of an experiment into exactly
//! what one machine would have written.

use std::path::PathBuf;

use statecraft_experiment::plan::Unit;
use statecraft_experiment::work::PointSketches;
use statecraft_experiment::{Plan, Point, Work};

use super::experiment::{finish, open, print};
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The output directories of the shards (`--shard K/N` runs), in any order.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Where to write the joined results.
    #[arg(long)]
    pub out: PathBuf,
    /// For a comparison: the metric that ranks the variants (highest mean first).
    #[arg(long, default_value = "capability_gap_months")]
    pub rank_by: String,
}

pub fn main(args: Args) -> Result<(), Failure> {
    let mut shards = Vec::new();
    for dir in &args.shards {
        let (work, identity) = Work::existing(dir).map_err(|e| {
            Failure::Input(format!("error: {e}\nhelp: `{}` should be the --out of a `--shard K/N` run", dir.display()))
        })?;
        shards.push((dir, work, identity));
    }
    let (first_dir, first, identity) = &shards[0];
    if let Some((dir, _, _)) = shards.iter().find(|(_, _, i)| i != identity) {
        return Err(Failure::Input(format!(
            "error: `{}` and `{}` are shards of different experiments",
            first_dir.display(),
            dir.display()
        )));
    }
    let points = identity
        .points
        .iter()
        .enumerate()
        .map(|(p, point)| {
            Ok(Point {
                label: point.label.clone(),
                values: point.values.clone(),
                scenario: first.scenario(p).map_err(fail)?,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let plan = Plan { kind: identity.kind, points, runs: identity.runs, master_seed: identity.master_seed };
    if plan.identity() != *identity {
        return Err(Failure::Runtime(format!(
            "error: `{}` is damaged: its scenarios do not match its plan",
            first_dir.display()
        )));
    }
    let work = open(&plan, &args.out)?;
    for p in 0..plan.points.len() {
        let mut joined = PointSketches::default();
        for (dir, shard, _) in &shards {
            let sketches = shard.sketches(p).map_err(fail)?;
            if let Some(block) = sketches.blocks.iter().find(|b| joined.blocks.contains(b)) {
                return Err(Failure::Input(format!(
                    "error: block {block} of point {p} is in two shards (again in `{}`)\nhelp: pass each shard once",
                    dir.display()
                )));
            }
            for &block in &sketches.blocks {
                work.adopt_block(shard, Unit { point: p, block }).map_err(fail)?;
            }
            joined.merge(&sketches);
        }
        if joined.blocks.len() as u64 != plan.blocks() {
            return Err(Failure::Input(format!(
                "error: the shards hold {} of the {} blocks of point {p}\nhelp: wait for every shard to finish, and pass them all",
                joined.blocks.len(),
                plan.blocks()
            )));
        }
        work.save_sketches(p, &joined).map_err(fail)?;
    }
    let summary = finish(&plan, &work, &args.out, &args.rank_by)?;
    print(&summary, &args.out);
    Ok(())
}

fn fail(e: statecraft_experiment::WorkError) -> Failure {
    Failure::Runtime(format!("error: {e}"))
}
