//! `statecraft compare`: variants of a scenario (`--vary us_admin.rule=[BestResponse, Logit(lambda: 2.0)]`)
//! or several scenario files, run with common random numbers, so that differences are paired.

use statecraft_experiment::engine::metric_schema;
use statecraft_experiment::plan::MAX_POINTS;
use statecraft_experiment::{Kind, Plan, Point};
use statecraft_scenario::Override;
use statecraft_scenario::ron::closest;

use super::ScenarioArgs;
use super::experiment::{ExperimentArgs, print, run};
use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// One scenario with --vary, or several scenarios to compare (files or shipped names).
    /// Default: the flagship.
    pub scenarios: Vec<String>,
    /// The variants: PATH=[VALUE, VALUE, ...] in RON, the first being the baseline, e.g.
    /// `us_admin.rule=[Logit(lambda: 20.0), BestResponse, Fixed("hold")]`.
    #[arg(long, value_name = "PATH=[VALUE, ...]")]
    pub vary: Option<String>,
    /// Override a value in every variant: PATH=VALUE (RON); repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Override the master seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Override the number of months.
    #[arg(long)]
    pub months: Option<i64>,
    /// Run at the central values (the medians) of the scenarios' uncertain parameters.
    #[arg(long)]
    pub point: bool,
    /// The metric that ranks the variants (highest mean at the horizon first).
    #[arg(long, default_value = "capability_gap_months")]
    pub rank_by: String,
    #[command(flatten)]
    pub experiment: ExperimentArgs,
}

/// Split `[a, b(c, d), "e,f"]` at its top-level commas.
pub fn variants(list: &str) -> Option<Vec<String>> {
    let inner = list.trim().strip_prefix('[')?.strip_suffix(']')?;
    let (mut out, mut depth, mut quoted, mut current) = (Vec::new(), 0i32, false, String::new());
    for c in inner.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    (depth == 0 && !quoted && out.iter().all(|v| !v.is_empty())).then_some(out)
}

pub fn main(args: Args) -> Result<(), Failure> {
    let names =
        if args.scenarios.is_empty() { vec![crate::shipped::FLAGSHIP.to_string()] } else { args.scenarios.clone() };
    let scenario = |name: &str| ScenarioArgs {
        scenario: Some(name.to_string()),
        set: args.set.clone(),
        seed: args.seed,
        months: args.months,
        point: args.point,
    };
    let stem = |s: &ScenarioArgs| s.path().file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let mut points = Vec::new();
    match (&args.vary, names.len()) {
        (Some(vary), 1) => {
            let base = scenario(&names[0]);
            let fail = || {
                Failure::Input(format!(
                    "error: invalid --vary `{vary}`: expected PATH=[VALUE, VALUE, ...] with at least two values\nhelp: e.g. `--vary 'us_admin.rule=[BestResponse, Logit(lambda: 2.0)]'`"
                ))
            };
            let (path, list) = vary.split_once('=').ok_or_else(fail)?;
            let values = variants(list).filter(|v| v.len() >= 2).ok_or_else(fail)?;
            if values.len() > MAX_POINTS {
                return Err(Failure::Input(format!(
                    "error: --vary gives {} variants, more than the {MAX_POINTS} a comparison takes",
                    values.len()
                )));
            }
            for value in values {
                let text = format!("{}={value}", path.trim());
                let loaded = base.load_with(&[Override { origin: "--vary".into(), text: text.clone() }])?;
                points.push(Point { label: text, values: Vec::new(), scenario: loaded.scenario });
            }
        }
        (Some(_), _) => {
            return Err(Failure::Input(
                "error: --vary compares variants of one scenario, but several were given\nhelp: give one scenario with --vary, or several scenarios without it".into(),
            ));
        }
        (None, n) if n >= 2 => {
            for name in &names {
                let s = scenario(name);
                points.push(Point { label: stem(&s), values: Vec::new(), scenario: s.load()?.scenario });
            }
        }
        (None, _) => {
            return Err(Failure::Input(
                "error: nothing to compare\nhelp: give --vary PATH=[VALUE, ...] or two or more scenarios".into(),
            ));
        }
    }
    check_metric(&args.rank_by, &points)?;
    check_horizon(&points)?;
    let first = stem(&scenario(&names[0]));
    let plan = args.experiment.nested(Plan {
        kind: Kind::Compare,
        master_seed: points[0].scenario.seed,
        points,
        runs: args.experiment.runs,
        rank_by: Some(args.rank_by.clone()),
    });
    let out = args.experiment.out(&first, "compare")?;
    if let Some(summary) = run(&plan, &args.experiment, &out)? {
        print(&summary, &out, args.experiment.format);
        if !args.experiment.format.json() {
            println!("  paired differences against `{}`: differences.csv", plan.points[0].label);
        }
    }
    Ok(())
}

/// Paired differences compare the variants in the same month: they must share their start and
/// their length.
fn check_horizon(points: &[Point]) -> Result<(), Failure> {
    let span = |p: &Point| (p.scenario.start, p.scenario.months.0);
    let Some(first) = points.first() else { return Ok(()) };
    let end = |p: &Point| p.scenario.start.plus(p.scenario.months.0 as i32 - 1);
    match points.iter().find(|p| span(p) != span(first)) {
        None => Ok(()),
        Some(other) => Err(Failure::Input(format!(
            "error: the variants run over different months: `{}` from {} to {}, `{}` from {} to {}; paired differences need the same months\nhelp: give them a common horizon, e.g. `--months {}` (and the same `start`)",
            first.label,
            first.scenario.start,
            end(first),
            other.label,
            other.scenario.start,
            end(other),
            first.scenario.months.0.min(other.scenario.months.0)
        ))),
    }
}

/// The ranking metric must be one every variant records.
fn check_metric(metric: &str, points: &[Point]) -> Result<(), Failure> {
    for point in points {
        let schema = metric_schema(&point.scenario);
        let names = &schema.names;
        if let Some(k) = names.iter().position(|n| n == metric)
            && schema.categories[k].is_some()
        {
            let numeric: Vec<&str> =
                names.iter().zip(&schema.categories).filter(|(_, c)| c.is_none()).map(|(n, _)| n.as_str()).collect();
            return Err(Failure::Input(format!(
                "error: --rank-by `{metric}` is a category (its values are names, not amounts), so it cannot rank variants\nhelp: rank by a numeric metric: {}",
                numeric.join(", ")
            )));
        }
        if !names.iter().any(|n| n == metric) {
            let known: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = closest(metric, &known).map_or(String::new(), |c| format!("did you mean `{c}`? "));
            return Err(Failure::Input(format!(
                "error: unknown --rank-by metric `{metric}` (in `{}`)\nhelp: {hint}the metrics are: {}",
                point.label,
                known.join(", ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::variants;

    #[test]
    fn variant_lists_split_at_top_level_commas() {
        assert_eq!(
            variants("[BestResponse, Logit(lambda: 2.0), Fixed(\"a,b\")]").unwrap(),
            vec!["BestResponse", "Logit(lambda: 2.0)", "Fixed(\"a,b\")"]
        );
        assert_eq!(variants("[0.1,0.2]").unwrap(), vec!["0.1", "0.2"]);
        assert!(variants("0.1, 0.2").is_none());
        assert!(variants("[a, (b]").is_none());
        assert!(variants("[a,,b]").is_none());
    }
}
