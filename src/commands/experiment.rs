//! What the experiment commands share: how many runs, threads and which shard; running a plan
//! with a progress bar; and putting the finished results in place.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use statecraft_experiment::engine::{complete, execute};
use statecraft_experiment::{Plan, Shard, Summary, Work, WorkError, report};

use crate::failure::Failure;

#[derive(clap::Args, Clone, Debug)]
pub struct ExperimentArgs {
    /// Runs (replicates) per parameter point.
    #[arg(long, default_value_t = 1000)]
    pub runs: u64,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Do only part K of N of the work (e.g. `--shard 3/10` in a cluster job array), then join
    /// the parts with `statecraft merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Where to write the results (default: experiments/<scenario>-<command>). An interrupted
    /// experiment resumes from here.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl ExperimentArgs {
    pub fn shard(&self) -> Result<Shard, Failure> {
        match &self.shard {
            None => Ok(Shard::WHOLE),
            Some(text) => Shard::parse(text).ok_or_else(|| {
                Failure::Input(format!(
                    "error: invalid --shard `{text}`: expected K/N with 1 <= K <= N\nhelp: e.g. `--shard 1/4` for the first of four parts"
                ))
            }),
        }
    }

    pub fn check_runs(&self) -> Result<(), Failure> {
        if self.runs == 0 {
            return Err(Failure::Input("error: --runs must be at least 1".into()));
        }
        Ok(())
    }

    /// The output directory: `--out`, or `experiments/<stem>-<command>` (`-shard-K-of-N` for a shard).
    pub fn out(&self, stem: &str, command: &str) -> Result<PathBuf, Failure> {
        let shard = self.shard()?;
        Ok(self.out.clone().unwrap_or_else(|| {
            let name = if shard == Shard::WHOLE {
                format!("{stem}-{command}")
            } else {
                format!("{stem}-{command}-shard-{}-of-{}", shard.index, shard.count)
            };
            PathBuf::from("experiments").join(name)
        }))
    }
}

fn work_failure(e: WorkError) -> Failure {
    match e {
        WorkError::OtherPlan(_) => {
            Failure::Input(format!("error: {e}\nhelp: use another --out directory, or delete this one to start afresh"))
        }
        other => Failure::Runtime(format!("error: {other}")),
    }
}

/// Open (or resume) the work directory of `plan` in `out`.
pub fn open(plan: &Plan, out: &Path) -> Result<Work, Failure> {
    if out.exists() && !out.join(".work").exists() && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(Failure::Input(format!(
            "error: refusing to write into `{}`: it exists and is not an experiment directory\nhelp: choose another --out",
            out.display()
        )));
    }
    let work = Work::open(out, &plan.identity()).map_err(work_failure)?;
    for (p, point) in plan.points.iter().enumerate() {
        work.save_scenario(p, &point.scenario).map_err(work_failure)?;
    }
    Ok(work)
}

/// Run a plan (or one shard of it) into `out`, with a progress bar on a terminal, and write
/// the results when the whole plan is done.
pub fn run(plan: &Plan, args: &ExperimentArgs, out: &Path, ranked_by: &str) -> Result<Option<Summary>, Failure> {
    args.check_runs()?;
    let shard = args.shard()?;
    let work = open(plan, out)?;
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = args.threads {
        if threads == 0 {
            return Err(Failure::Input("error: --threads must be at least 1".into()));
        }
        pool = pool.num_threads(threads);
    }
    let pool = pool.build().map_err(|e| Failure::Runtime(format!("error: cannot start threads: {e}")))?;
    let bar = progress_bar();
    let started = std::time::Instant::now();
    let ran = execute(plan, &work, shard, &pool, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .map_err(work_failure)?;
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    eprintln!(
        "{} blocks of runs done in {elapsed:.1} s on {} threads{}",
        ran,
        pool.current_num_threads(),
        if ran == 0 { " (all were already done)" } else { "" }
    );
    if shard != Shard::WHOLE {
        println!(
            "shard {}/{} done in {}\njoin all shards with: statecraft merge SHARD_DIR... --out DIR",
            shard.index,
            shard.count,
            out.display()
        );
        return Ok(None);
    }
    finish(plan, &work, out, ranked_by).map(Some)
}

/// Write the results of a complete plan into `out`, file by file through renames.
pub fn finish(plan: &Plan, work: &Work, out: &Path, ranked_by: &str) -> Result<Summary, Failure> {
    if !complete(plan, work).map_err(work_failure)? {
        return Err(Failure::Runtime("error: the experiment is not complete".into()));
    }
    let staging = out.join(format!(".results-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| Failure::io(&format!("cannot create `{}`", staging.display()), e))?;
    let summary = report::write(plan, work, &staging, ranked_by).map_err(work_failure)?;
    for entry in std::fs::read_dir(&staging).map_err(|e| Failure::io("cannot list results", e))? {
        let entry = entry.map_err(|e| Failure::io("cannot list results", e))?;
        let target = out.join(entry.file_name());
        if target.is_dir() {
            let _ = std::fs::remove_dir_all(&target);
        }
        std::fs::rename(entry.path(), &target)
            .map_err(|e| Failure::io(&format!("cannot write `{}`", target.display()), e))?;
    }
    let _ = std::fs::remove_dir_all(&staging);
    Ok(summary)
}

fn progress_bar() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {per_sec}  eta {eta}  {elapsed} elapsed")
    {
        bar.set_style(style);
    }
    bar
}

/// The short table printed at the end: a few outcomes at the horizon per point.
pub fn print(summary: &Summary, out: &Path) {
    const KEY: [&str; 5] =
        ["tension", "china_share_of_compute", "china_domestic_share", "capability_gap_months", "share_paid_cum_usd_bn"];
    println!("{} — {} runs per point, master seed {}\n", summary.scenario, summary.runs_per_point, summary.master_seed);
    println!("  outcomes in the last month: mean [95% CI] (median)");
    for point in &summary.points {
        println!("  {}", point.label);
        for o in point.horizon.iter().filter(|o| KEY.contains(&o.metric.as_str())) {
            println!(
                "    {:<28} {:>10.4} [{:.4}, {:.4}] ({:.4})",
                o.metric, o.mean, o.ci95.0, o.ci95.1, o.percentiles[2]
            );
        }
    }
    if !summary.ranking.is_empty() {
        println!("\n  ranking by {} (mean, highest first):", summary.ranked_by.as_deref().unwrap_or(""));
        for (i, (label, value)) in summary.ranking.iter().enumerate() {
            println!("    {}. {label}: {value:.4}", i + 1);
        }
    }
    println!("\nwrote {}/ (stats.csv, horizon.csv, summary.ron, charts/)", out.display());
}
