//! `statecraft merge SHARD_DIR... --out DIR`: join the shards of an experiment into exactly
//! what one machine would have written. Everything is checked before anything is written, and
//! the joined directory appears only once complete.

use std::collections::BTreeMap;
use std::path::PathBuf;

use statecraft_experiment::plan::Unit;
use statecraft_experiment::work::PointCells;
use statecraft_experiment::{Plan, Point, Work};

use super::experiment::{finish, prepare, print};
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The output directories of the shards (`--shard K/N` runs), in any order.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Where to write the joined results.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub format: super::format::FormatArg,
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
    let plan = Plan {
        kind: identity.kind,
        points,
        runs: identity.runs,
        master_seed: identity.master_seed,
        rank_by: identity.rank_by.clone(),
    };
    if plan.identity() != *identity {
        return Err(Failure::Runtime(format!(
            "error: `{}` is damaged: its scenarios do not match its plan",
            first_dir.display()
        )));
    }
    let mut holder: BTreeMap<Unit, usize> = BTreeMap::new();
    for (s, (dir, work, _)) in shards.iter().enumerate() {
        let ours = |u: &Unit| u.point < plan.points.len() && u.block < plan.blocks();
        for unit in work.done().map_err(fail)?.into_iter().filter(ours) {
            // Every block is read before anything is written: a damaged one is refused where
            // it lies, and leaves no output behind.
            work.block(unit).map_err(fail)?;
            if let Some(other) = holder.insert(unit, s) {
                return Err(Failure::Input(format!(
                    "error: block {} of point {} is in two shards (`{}` and `{}`)\nhelp: pass each shard once",
                    unit.block,
                    unit.point,
                    shards[other].0.display(),
                    dir.display()
                )));
            }
        }
    }
    for p in 0..plan.points.len() {
        let held = holder.keys().filter(|u| u.point == p).count();
        if held as u64 != plan.blocks() {
            return Err(Failure::Input(format!(
                "error: the shards hold {held} of the {} blocks of point {p}\nhelp: wait for every shard to finish, and pass them all",
                plan.blocks()
            )));
        }
    }
    let mut joined = vec![PointCells::default(); plan.points.len()];
    for (_, shard, _) in &shards {
        for (p, cells) in joined.iter_mut().enumerate() {
            cells.merge(&shard.point_cells(p).map_err(fail)?.0);
        }
    }
    crate::outdir::ensure_parent(&args.out)?;
    let _lock = crate::outdir::OutLock::acquire(&args.out)?;
    let (partial, work) = prepare(&plan, &args.out)?;
    // The points' distributions first: a block whose file is there must have them.
    for (p, cells) in joined.iter().enumerate() {
        work.save_point_cells(p, cells).map_err(fail)?;
    }
    let done = work.done().map_err(fail)?;
    for (unit, &s) in holder.iter().filter(|(u, _)| !done.contains(u)) {
        work.adopt_block(&shards[s].1, *unit).map_err(fail)?;
    }
    let summary = finish(&plan, &work, &partial, &args.out)?;
    print(&summary, &args.out, args.format);
    Ok(())
}

/// A shard that cannot be read is the user's input (exit 2); a write that fails is not.
fn fail(e: statecraft_experiment::WorkError) -> Failure {
    match e {
        statecraft_experiment::WorkError::Io { .. } => Failure::Runtime(format!("error: {e}")),
        _ => Failure::Input(format!("error: {e}\nhelp: run the damaged shard again (`--shard K/N`, same --out)")),
    }
}
