//! `statecraft sweep SCENARIO --vary PATH=FROM..TO:STEPS [--vary ...] --runs N`: a grid of
//! parameter values (or a Latin hypercube with `--lhs SAMPLES`), each point run N times.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use statecraft_experiment::plan::MAX_POINTS;
use statecraft_experiment::{Kind, Plan, Point};
use statecraft_scenario::Override;

use super::ScenarioArgs;
use super::experiment::{ExperimentArgs, print, run};
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A parameter and its range: PATH=FROM..TO:STEPS, e.g. `us_admin.share=0.0..0.5:6`.
    /// Repeatable: the grid is every combination (at most 10,000 points).
    #[arg(long, value_name = "PATH=FROM..TO:STEPS", required = true)]
    pub vary: Vec<String>,
    /// Instead of the full grid, this many points of a Latin hypercube over the ranges (for
    /// three or more parameters, where a grid grows too fast); at most 10,000.
    #[arg(long, value_name = "SAMPLES")]
    pub lhs: Option<usize>,
    #[command(flatten)]
    pub experiment: ExperimentArgs,
}

/// One `--vary`: a path and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    pub path: String,
    pub from: f64,
    pub to: f64,
    pub steps: usize,
    /// The field takes whole numbers: values are rounded to them.
    pub integer: bool,
    /// The argument as written, for messages.
    pub arg: String,
}

impl Range {
    pub fn parse(text: &str) -> Result<Range, Failure> {
        let fail = |why: &str| {
            Failure::Input(format!(
                "error: invalid --vary `{text}`: {why}\nhelp: write PATH=FROM..TO:STEPS, e.g. `us_admin.share=0.0..0.5:6`"
            ))
        };
        let (path, range) = text.split_once('=').ok_or_else(|| fail("no `=`"))?;
        let (span, steps) = range.rsplit_once(':').ok_or_else(|| fail("no `:STEPS`"))?;
        let (from, to) = span.split_once("..").ok_or_else(|| fail("no `FROM..TO`"))?;
        let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        let (Some(a), Some(b)) = (number(from), number(to)) else { return Err(fail("FROM and TO must be numbers")) };
        let steps: usize = steps.trim().parse().map_err(|_| fail("STEPS must be a whole number"))?;
        if steps < 2 {
            return Err(fail("STEPS must be at least 2"));
        }
        if steps > MAX_POINTS {
            return Err(fail(&format!("STEPS must be at most {MAX_POINTS}, the points a sweep takes")));
        }
        if path.trim().is_empty() {
            return Err(fail("the path is empty"));
        }
        Ok(Range { path: path.trim().to_string(), from: a, to: b, steps, integer: false, arg: text.to_string() })
    }

    /// The value at fraction `t` of the range.
    fn at(&self, t: f64) -> f64 {
        let x = self.from + t * (self.to - self.from);
        if self.integer { x.round() } else { x }
    }

    fn grid(&self) -> Vec<f64> {
        (0..self.steps).map(|i| self.at(i as f64 / (self.steps - 1) as f64)).collect()
    }

    /// A grid over whole numbers must not repeat a value.
    fn check_grid(&self) -> Result<(), Failure> {
        let grid = self.grid();
        if grid.windows(2).all(|w| w[0] != w[1]) {
            return Ok(());
        }
        let values: Vec<String> = grid.iter().map(|&x| self.text(x)).collect();
        Err(Failure::Input(format!(
            "error: invalid --vary `{}`: `{}` takes whole numbers, so {} steps repeat values ({})\nhelp: use at most {} steps, or a wider range",
            self.arg,
            self.path,
            self.steps,
            values.join(", "),
            (self.to - self.from).abs() as u64 + 1
        )))
    }

    fn text(&self, x: f64) -> String {
        if self.integer { format!("{}", x as i64) } else { format!("{x:?}") }
    }
}

/// Every combination of the ranges' grids, the first range varying slowest.
fn grid(ranges: &[Range]) -> Vec<Vec<f64>> {
    ranges.iter().fold(vec![Vec::new()], |points, range| {
        points.iter().flat_map(|p| range.grid().into_iter().map(move |x| [p.clone(), vec![x]].concat())).collect()
    })
}

/// A Latin hypercube of `samples` points: each range is cut into `samples` strata, each stratum
/// used once, at a random place within it; seeded by the master seed.
fn latin_hypercube(ranges: &[Range], samples: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let columns: Vec<Vec<f64>> = ranges
        .iter()
        .map(|range| {
            let mut strata: Vec<usize> = (0..samples).collect();
            for i in (1..samples).rev() {
                strata.swap(i, rng.random_range(0..=i));
            }
            strata.iter().map(|&s| range.at((s as f64 + rng.random::<f64>()) / samples as f64)).collect()
        })
        .collect();
    (0..samples).map(|i| columns.iter().map(|c| c[i]).collect()).collect()
}

/// Whether the field at `path` takes fractions: a value written with a decimal point loads.
fn takes_fractions(args: &Args, range: &Range) -> bool {
    let text = format!("{}={:?}", range.path, range.from);
    args.scenario.load_with(&[Override { origin: "--vary".into(), text }]).is_ok()
}

pub fn main(args: Args) -> Result<(), Failure> {
    let mut ranges: Vec<Range> = args.vary.iter().map(|v| Range::parse(v)).collect::<Result<_, _>>()?;
    for (i, range) in ranges.iter().enumerate() {
        if let Some(first) = ranges[..i].iter().find(|r| r.path == range.path) {
            return Err(Failure::Input(format!(
                "error: `{}` is varied twice (`--vary {}` and `--vary {}`)\nhelp: give each parameter one --vary",
                range.path, first.arg, range.arg
            )));
        }
    }
    let base = args.scenario.load()?.scenario;
    for range in &mut ranges {
        range.integer = range.from.fract() == 0.0 && range.to.fract() == 0.0 && !takes_fractions(&args, range);
    }
    let too_many = |what: String| {
        Failure::Input(format!(
            "error: {what}, more than the {MAX_POINTS} points a sweep takes\nhelp: use fewer steps, or --lhs SAMPLES for a Latin hypercube"
        ))
    };
    let values = match args.lhs {
        Some(0) => return Err(Failure::Input("error: --lhs needs at least 1 sample".into())),
        Some(samples) if samples > MAX_POINTS => {
            return Err(too_many(format!("--lhs {samples} asks for {samples} points")));
        }
        Some(samples) => {
            let points = latin_hypercube(&ranges, samples, base.seed);
            if let Some(twice) = points.iter().enumerate().find(|(i, p)| points[..*i].contains(p)).map(|(_, p)| p) {
                let at: Vec<String> =
                    ranges.iter().zip(twice).map(|(r, &x)| format!("{}={}", r.path, r.text(x))).collect();
                return Err(Failure::Input(format!(
                    "error: the Latin hypercube draws the point {} twice (whole-number parameters are rounded)\nhelp: use fewer --lhs samples, or wider ranges",
                    at.join(" ")
                )));
            }
            points
        }
        None => {
            let size = ranges.iter().try_fold(1usize, |n, r| n.checked_mul(r.steps).filter(|&n| n <= MAX_POINTS));
            if size.is_none() {
                let steps: Vec<String> = ranges.iter().map(|r| r.steps.to_string()).collect();
                return Err(too_many(format!("the grid has {} points", steps.join(" x "))));
            }
            ranges.iter().try_for_each(Range::check_grid)?;
            grid(&ranges)
        }
    };
    let mut points = Vec::new();
    for point in values {
        let overrides: Vec<Override> = ranges
            .iter()
            .zip(&point)
            .map(|(r, &x)| Override { origin: "--vary".into(), text: format!("{}={}", r.path, r.text(x)) })
            .collect();
        let scenario = args.scenario.load_with(&overrides)?.scenario;
        let label = overrides.iter().map(|o| o.text.clone()).collect::<Vec<_>>().join(" ");
        let values = ranges.iter().zip(&point).map(|(r, &x)| (r.path.clone(), x)).collect();
        points.push(Point { label, values, scenario });
    }
    let stem = args.scenario.path().file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let plan = args.experiment.nested(Plan {
        kind: Kind::Sweep,
        master_seed: base.seed,
        points,
        runs: args.experiment.runs,
        rank_by: None,
    });
    let out = args.experiment.out(&stem, "sweep")?;
    if let Some(summary) = run(&plan, &args.experiment, &out)? {
        print(&summary, &out, args.experiment.format);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_and_grids_combine() {
        let a = Range::parse("us_admin.share=0.0..0.5:6").ok().unwrap();
        let expected = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];
        assert!(a.grid().iter().zip(expected).all(|(x, y)| (x - y).abs() < 1e-12), "{:?}", a.grid());
        assert_eq!(a.grid().len(), 6);
        let b = Range { integer: true, ..Range::parse("months=12..24:3").ok().unwrap() };
        assert_eq!(b.grid(), vec![12.0, 18.0, 24.0]);
        assert!(b.check_grid().is_ok());
        let fractions = Range::parse("us_admin.share=0..1:5").ok().unwrap();
        assert_eq!(fractions.grid(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        let crowded = Range { integer: true, ..Range::parse("months=12..13:5").ok().unwrap() };
        assert!(crowded.check_grid().is_err());
        assert_eq!(grid(&[a.clone(), b.clone()]).len(), 18);
        for bad in ["x=1..2", "x=1:3", "x=a..2:3", "=1..2:3", "x=1..2:1"] {
            assert!(Range::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_latin_hypercube_uses_each_stratum_once() {
        let ranges = [Range::parse("a=0.0..1.0:2").ok().unwrap(), Range::parse("b=10.0..20.0:2").ok().unwrap()];
        let points = latin_hypercube(&ranges, 8, 42);
        assert_eq!(points, latin_hypercube(&ranges, 8, 42));
        for (k, range) in ranges.iter().enumerate() {
            let mut strata: Vec<usize> =
                points.iter().map(|p| ((p[k] - range.from) / (range.to - range.from) * 8.0) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..8).collect::<Vec<_>>());
        }
    }
}
