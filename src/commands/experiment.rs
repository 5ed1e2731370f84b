//! What the experiment commands share: how many runs, threads and which shard; running a plan
//! with a progress bar; and putting the finished results in place.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use statecraft_experiment::engine::{Pending, complete, execute};
use statecraft_experiment::plan::{MAX_RUNS, MAX_THREADS};
use statecraft_experiment::{Plan, Shard, Summary, Work, WorkError, report, work};

use crate::failure::Failure;

#[derive(clap::Args, Clone, Debug)]
pub struct ExperimentArgs {
    /// Runs (replicates) per parameter point (at most 1,000,000).
    #[arg(long, default_value_t = 1000)]
    pub runs: u64,
    /// Worker threads (default: one per core; at most 256). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Do only part K of N of the work (e.g. `--shard 3/10` in a cluster job array), then join
    /// the parts with `statecraft merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Where to write the results (default: experiments/<scenario>-<command>). Until they are
    /// complete the work is kept in `.<name>.partial` beside it, and the same command resumes it.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Runs that share one draw of the scenario's uncertain parameters (a nested design: runs /
    /// R draws × R seeds each); with R > 1 the summary splits each outcome's variance between
    /// parameters and seeds. Default: the scenario's `replicates_per_draw` (1).
    #[arg(long, value_name = "R", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub replicates_per_draw: Option<u32>,
    #[command(flatten)]
    pub format: super::format::FormatArg,
}

impl ExperimentArgs {
    /// The plan with `--replicates-per-draw` applied to its points.
    pub fn nested(&self, mut plan: Plan) -> Plan {
        if let Some(r) = self.replicates_per_draw {
            plan.points.iter_mut().for_each(|p| p.scenario.replicates_per_draw = r);
        }
        plan
    }

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

    /// Everything about the arguments that can be wrong, found before anything is created.
    fn check(&self) -> Result<(Shard, rayon::ThreadPool), Failure> {
        if self.runs == 0 {
            return Err(Failure::Input("error: --runs must be at least 1".into()));
        }
        if self.runs > MAX_RUNS {
            return Err(Failure::Input(format!(
                "error: --runs {} is more than the {MAX_RUNS} runs per point an experiment takes\nhelp: split the work: run several experiments with different --seed",
                self.runs
            )));
        }
        let shard = self.shard()?;
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(threads) = self.threads {
            if threads == 0 {
                return Err(Failure::Input("error: --threads must be at least 1".into()));
            }
            if threads > MAX_THREADS {
                return Err(Failure::Input(format!(
                    "error: --threads {threads} is more than {MAX_THREADS}\nhelp: give at most one thread per core"
                )));
            }
            pool = pool.num_threads(threads);
        }
        let pool = pool.build().map_err(|e| Failure::Runtime(format!("error: cannot start threads: {e}")))?;
        Ok((shard, pool))
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
        WorkError::OtherPlan(_) | WorkError::OtherVersion(_) => {
            Failure::Input(format!("error: {e}\nhelp: use another --out directory, or delete this one to start afresh"))
        }
        other => Failure::Runtime(format!("error: {other}")),
    }
}

/// The work directory of `plan` for `out`: the unfinished one beside it, or a finished one
/// (of this very plan) taken back, or a new one. Returns the directory it lives in.
pub fn prepare(plan: &Plan, out: &Path) -> Result<(PathBuf, Work), Failure> {
    let identity = plan.identity();
    let partial = work::partial(out);
    for path in [out.to_path_buf(), partial.clone(), partial.join(".work"), out.join(".work")] {
        crate::outdir::refuse_link(&path)?;
    }
    if out.exists() {
        match Work::existing(out) {
            Ok((_, found)) if found == identity => {
                if !partial.exists() {
                    std::fs::rename(out, &partial)
                        .map_err(|e| Failure::io(&format!("cannot resume in `{}`", out.display()), e))?;
                }
            }
            Ok(_) | Err(WorkError::OtherVersion(_)) => {
                return Err(work_failure(WorkError::OtherPlan(out.to_path_buf())));
            }
            Err(_) if std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none()) => {}
            Err(_) => {
                return Err(Failure::Input(format!(
                    "error: refusing to write into `{}`: it exists and is not an experiment directory\nhelp: choose another --out",
                    out.display()
                )));
            }
        }
    }
    crate::outdir::ensure_parent(out)?;
    let work = Work::open(&partial, &identity).map_err(work_failure)?;
    for (p, point) in plan.points.iter().enumerate() {
        work.save_scenario(p, &point.scenario).map_err(work_failure)?;
    }
    Ok((partial, work))
}

fn plural(n: u64, one: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") }
}

/// Run a plan (or one shard of it) into `out`, with a progress bar on a terminal, and write
/// the results when the whole plan is done.
pub fn run(plan: &Plan, args: &ExperimentArgs, out: &Path) -> Result<Option<Summary>, Failure> {
    let (shard, pool) = args.check()?;
    statecraft_experiment::engine::check_categories(plan).map_err(|e| Failure::Input(format!("error: {e}")))?;
    crate::outdir::ensure_parent(out)?;
    let _lock = crate::outdir::OutLock::acquire(out)?;
    let (partial, work) = prepare(plan, out)?;
    let pending = Pending::of(plan, &work, shard).map_err(work_failure)?;
    let runs = |units: &[statecraft_experiment::plan::Unit]| -> u64 {
        units.iter().map(|&u| plan.replicates(u).count() as u64).sum()
    };
    let (blocks, todo) = (pending.units.len() as u64, pending.todo.len() as u64);
    if blocks == 0 {
        eprintln!(
            "this shard has no runs: the experiment has {}, fewer than {} shards",
            plural(plan.units().len() as u64, "block"),
            shard.count
        );
    } else if todo == 0 {
        eprintln!("nothing to run: all {} of this experiment are already done", plural(blocks, "block"));
    } else if todo < blocks {
        eprintln!("resuming: {} of {blocks} blocks already done", blocks - todo);
    }
    if todo > 0 {
        let (total, before) = (runs(&pending.units), runs(&pending.units) - runs(&pending.todo));
        let bar = progress_bar(total, before);
        let started = std::time::Instant::now();
        execute(plan, &work, &pending, &pool, &|done| bar.set_position(before + done)).map_err(work_failure)?;
        bar.finish_and_clear();
        let seconds = started.elapsed().as_secs_f64();
        let ran = runs(&pending.todo);
        eprintln!(
            "{} ({}) done in {seconds:.1} s on {} ({:.0} runs/s)",
            plural(todo, "block"),
            plural(ran, "run"),
            plural(pool.current_num_threads() as u64, "thread"),
            ran as f64 / seconds.max(1e-9)
        );
    }
    if shard != Shard::WHOLE {
        work::publish(&partial, out).map_err(work_failure)?;
        if args.format.json() {
            let shard = format!("{}/{}", shard.index, shard.count);
            super::format::print_json(&serde_json::json!({ "out": out, "shard": shard, "summary": null }));
            return Ok(None);
        }
        println!(
            "shard {}/{} done in {}\njoin all shards with: statecraft merge SHARD_DIR... --out DIR",
            shard.index,
            shard.count,
            out.display()
        );
        return Ok(None);
    }
    finish(plan, &work, &partial, out).map(Some)
}

/// Write the results of a complete plan beside its work in `partial`, then put the whole
/// directory in place as `out`.
pub fn finish(plan: &Plan, work: &Work, partial: &Path, out: &Path) -> Result<Summary, Failure> {
    if !complete(plan, work).map_err(work_failure)? {
        return Err(Failure::Runtime("error: the experiment is not complete".into()));
    }
    work::clear_results(partial).map_err(work_failure)?;
    // Results half-written (a full disk) are removed: only the resumable work stays.
    let summary = report::write(plan, work, partial).map_err(|e| {
        let _ = work::clear_results(partial);
        work_failure(e)
    })?;
    work::publish(partial, out).map_err(work_failure)?;
    Ok(summary)
}

fn progress_bar(total: u64, done: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {rate}  eta {eta}  {elapsed} elapsed")
    {
        bar.set_style(style.with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} runs/s", state.per_sec());
        }));
    }
    bar.set_position(done);
    bar.reset_eta();
    bar
}

/// The short table printed at the end: a few outcomes at the horizon per point; or, in JSON,
/// the whole summary.
pub fn print(summary: &Summary, out: &Path, format: super::format::FormatArg) {
    if format.json() {
        super::format::print_json(&serde_json::json!({ "out": out, "shard": null, "summary": summary }));
        return;
    }
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
    for point in summary.points.iter().filter(|p| !p.variance.is_empty()) {
        let (draws, r) = point.variance.first().map_or((0, 0), |(_, v)| (v.draws, v.replicates_per_draw));
        println!("\n  {}: variance from the uncertain parameters ({draws} draws x {r} seeds)", point.label);
        for (metric, v) in point.variance.iter().filter(|(m, _)| KEY.contains(&m.as_str())) {
            println!(
                "    {metric:<28} {:>5.1}% parameters, {:>5.1}% seeds",
                100.0 * v.parameter_share,
                100.0 * (1.0 - v.parameter_share)
            );
        }
    }
    if !summary.ranking.is_empty() {
        println!("\n  ranking by {} (mean, highest first):", summary.ranked_by.as_deref().unwrap_or(""));
        for (i, (label, value)) in summary.ranking.iter().enumerate() {
            println!("    {}. {label}: {value:.4}", i + 1);
        }
    }
    println!("\nwrote {}/ (stats.csv, horizon.csv, summary.ron, summary.json, charts/)", out.display());
}
