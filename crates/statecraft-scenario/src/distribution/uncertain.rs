//! Uncertain parameters: a distribution written in a scenario where a number stands, and its
//! draws.
//!
//! **Writing.** Any numeric field may hold `Uniform(lo, hi)`, `Normal(mean, sd)` or
//! `Normal(mean, sd, lo, hi)` (truncated), `LogNormal(median, log_sd)`,
//! `Triangular(lo, mode, hi)`, `Beta(alpha, beta)` or `Beta(alpha, beta, lo, hi)`, or
//! `Choice([a, b, ...])`; the named forms (`Normal(mean: 1, sd: 2, lo: 0)`) read too.
//!
//! **Loading** ([`extract`]) replaces each distribution in the merged tree by its central value,
//! the **median** (`quantile(½)`), so that the typed scenario is the point scenario, and lists
//! the distributions by path in `Scenario::uncertain`. [`check_support`] then sets each field to
//! the ends of its distribution's support (for an unbounded tail, its 10⁻¹² quantile) and to an
//! interior value, and requires the scenario to stay valid at each.
//!
//! **Drawing** ([`draw`]): a run with seed `s` gives each parameter the quantile of
//! `path_uniform(s, path)`, so a draw depends on the seed and its own path only, and sets it
//! through the `--set` path machinery.

use serde::{Deserialize, Serialize};

use super::{Distribution, path_uniform};
use crate::diagnostic::Diagnostic;
use crate::ron::{self, Key, Node, Value};
use crate::schema::{Horizon, Scenario};
use crate::source::{Sources, Span};
use crate::validate::{self, Issue};

/// One uncertain parameter: where it stands in the scenario, and its distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Uncertain {
    /// The field's path from the scenario's root, as `--set` reads it, records of a list named
    /// by their id: `actors.huawei.hbm_stock`.
    pub path: String,
    pub distribution: Distribution,
}

/// The names a distribution is written with, and the parameters of its positional forms.
const FORMS: [(&str, &[&[&str]]); 6] = [
    ("Uniform", &[&["lo", "hi"]]),
    ("Normal", &[&["mean", "sd"], &["mean", "sd", "lo", "hi"]]),
    ("LogNormal", &[&["median", "log_sd"]]),
    ("Triangular", &[&["lo", "mode", "hi"]]),
    ("Beta", &[&["alpha", "beta"], &["alpha", "beta", "lo", "hi"]]),
    ("Choice", &[&["values"]]),
];

/// The number node of a value: an integer where the value is one (a `Choice` of counts), else
/// a float.
fn number(x: f64, span: Span, integral: bool) -> Node {
    if integral && x.fract() == 0.0 && x.abs() < 9.0e15 {
        Node::new(Value::Int(x as i128), span)
    } else {
        Node::new(Value::Float(x), span)
    }
}

fn is_choice(d: &Distribution) -> bool {
    matches!(d, Distribution::Choice { .. })
}

/// The distribution this node writes, if it is written as one: `None` for any other value.
pub fn distribution_of(node: &Node) -> Option<Result<Distribution, Diagnostic>> {
    let (name, named) = match &node.value {
        Value::Tuple(Some(name), items) => (name, Err(items)),
        Value::Struct(Some(name), fields) => (name, Ok(fields)),
        _ => return None,
    };
    let (_, forms) = FORMS.iter().find(|(n, _)| *n == name.name)?;
    let fields: Vec<(Key, Node)> = match named {
        Ok(fields) => fields.clone(),
        Err(items) => {
            let Some(form) = forms.iter().find(|f| f.len() == items.len()) else {
                let shapes: Vec<String> = forms.iter().map(|f| format!("`{}({})`", name.name, f.join(", "))).collect();
                return Some(Err(Diagnostic::new(format!(
                    "`{}(...)` takes {}, not {} values",
                    name.name,
                    shapes.join(" or "),
                    items.len()
                ))
                .at(Some(node.span))
                .hint(Some(format!("write {}", shapes.join(" or "))))));
            };
            form.iter()
                .zip(items)
                .map(|(f, item)| (Key { name: f.to_string(), span: item.span }, item.clone()))
                .collect()
        }
    };
    let as_struct = Node::new(Value::Struct(Some(name.clone()), fields), node.span);
    let read: Result<Distribution, _> = ron::from_node(&as_struct);
    Some(match read {
        Err(e) => Err(Diagnostic::new(format!("in this `{}` distribution: {}", name.name, e.message))
            .at(e.span.or(Some(node.span)))
            .hint(e.hint)),
        Ok(d) => match d.validate() {
            Ok(()) => Ok(d),
            Err(e) => Err(Diagnostic::new(format!("this `{}` distribution is invalid: {e}", name.name))
                .at(Some(node.span))
                .hint(Some(
                    "see docs/scenarios.md, \"Uncertain parameters\", for each distribution's parameters".into(),
                ))),
        },
    })
}

/// Replace every distribution in `tree` by its median and list them with their paths and where
/// they were written. The `uncertain` field itself (a list already resolved, as a replay holds
/// it) is left as it is.
pub fn extract(tree: &mut Node) -> Result<Vec<(Uncertain, Span)>, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    if let Value::Struct(_, fields) = &mut tree.value {
        for (key, value) in fields.iter_mut().filter(|(k, _)| k.name != "uncertain") {
            walk(value, &mut vec![key.name.clone()], true, &mut found, &mut errors);
        }
    }
    if errors.is_empty() { Ok(found) } else { Err(errors) }
}

/// `addressable`: whether `--set` can reach this node by the path so far (through struct
/// fields and list records, not through tuples or maps).
fn walk(
    node: &mut Node,
    path: &mut Vec<String>,
    addressable: bool,
    found: &mut Vec<(Uncertain, Span)>,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(read) = distribution_of(node) {
        match read {
            Err(d) => errors.push(d),
            Ok(_) if !addressable => errors.push(
                Diagnostic::new("a distribution stands here, inside a tuple or a map, where no path can reach it")
                    .at(Some(node.span))
                    .hint(Some("distributions stand in numeric fields of structs and records".into())),
            ),
            Ok(distribution) => {
                let span = node.span;
                *node = number(distribution.median(), span, is_choice(&distribution));
                found.push((Uncertain { path: path.join("."), distribution }, span));
            }
        }
        return;
    }
    match &mut node.value {
        Value::Struct(_, fields) => {
            for (key, value) in fields {
                path.push(key.name.clone());
                walk(value, path, addressable, found, errors);
                path.pop();
            }
        }
        Value::List(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(item.record_id().map_or_else(|| i.to_string(), str::to_string));
                walk(item, path, addressable, found, errors);
                path.pop();
            }
        }
        Value::Tuple(_, items) => items.iter_mut().for_each(|item| walk(item, path, false, found, errors)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, v)| walk(v, path, false, found, errors)),
        _ => {}
    }
}

/// `scenario` with the fields at `values`' paths set to their numbers (and no uncertain
/// parameters left), read back through the typed schema.
/// The horizon is carried past the typed read, which would refuse the zero months of a run
/// that only sets the world up (as `statecraft run` does to record the start).
pub fn with_values(scenario: &Scenario, values: &[(String, f64)]) -> Result<Scenario, String> {
    let text = crate::to_ron(&Scenario { uncertain: Vec::new(), months: Horizon(1), ..scenario.clone() });
    let mut sources = Sources::default();
    let id = sources.add("drawn", text.as_str());
    let mut tree = ron::parse(&text, id).map_err(|e| e.message)?;
    let span = Span::new(id, 0, 0);
    for (path, x) in values {
        let segments: Vec<&str> = path.split('.').collect();
        let integral = scenario.uncertain.iter().any(|u| &u.path == path && is_choice(&u.distribution));
        ron::set_path(&mut tree, &segments, number(*x, span, integral)).map_err(|e| match e {
            ron::PathError::Path { message, .. } => format!("`{path}`: {message}"),
            ron::PathError::Merge(e) => format!("`{path}`: {}", e.diagnostic(&sources).message),
        })?;
    }
    let drawn: Scenario = ron::from_node(&tree).map_err(|e| e.message)?;
    Ok(Scenario { months: scenario.months, ..drawn })
}

/// The values a run with seed `seed` draws, in the order the parameters are listed.
pub fn draws(scenario: &Scenario, seed: u64) -> Vec<(String, f64)> {
    scenario.uncertain.iter().map(|u| (u.path.clone(), u.distribution.quantile(path_uniform(seed, &u.path)))).collect()
}

/// The scenario a run with seed `seed` simulates, and the values it drew. The scenario must be
/// one [`crate::load`] accepted (its distributions fit their fields).
pub fn draw(scenario: &Scenario, seed: u64) -> Result<(Scenario, Vec<(String, f64)>), String> {
    let values = draws(scenario, seed);
    Ok((with_values(scenario, &values)?, values))
}

/// The quantile at which an unbounded tail is checked.
const TAIL: f64 = 1e-12;

/// The values of a distribution at which its field is checked: every value of a choice; the
/// ends of the support (or the [`TAIL`] quantiles) and an interior point otherwise.
fn probes(d: &Distribution) -> Vec<f64> {
    if let Distribution::Choice { values } = d {
        return values.clone();
    }
    let (lo, hi) = d.support();
    let lo = if lo.is_finite() { lo } else { d.quantile(TAIL) };
    let hi = if hi.is_finite() { hi } else { d.quantile(1.0 - TAIL) };
    vec![lo, d.quantile(0.37), hi]
}

/// Each distribution's support must lie in its field's valid range: errors at the
/// distributions that leave it. `scenario` is the point scenario with its `uncertain` list.
pub fn check_support(
    scenario: &Scenario,
    found: &[(Uncertain, Span)],
    extra: &dyn Fn(&Scenario) -> Vec<Issue>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (u, span) in found {
        for x in probes(&u.distribution) {
            let problem = match with_values(scenario, &[(u.path.clone(), x)]) {
                Err(message) => Some((message, None)),
                Ok(s) => {
                    let mut issues = validate::scenario(&s);
                    if issues.is_empty() {
                        issues = extra(&s);
                    }
                    issues.into_iter().next().map(|i| (i.message, i.hint))
                }
            };
            if let Some((message, hint)) = problem {
                let hint = hint.map_or(String::new(), |h| format!(" ({h})"));
                out.push(
                    Diagnostic::new(format!(
                        "this distribution reaches {x}, where `{}` is not valid: {message}",
                        u.path
                    ))
                    .at(Some(*span))
                    .hint(Some(format!(
                        "keep the distribution within the field's valid range{hint}: narrow it, or truncate it (`Normal(mean, sd, lo, hi)`)"
                    ))),
                );
                break;
            }
        }
    }
    out
}

/// The `uncertain` list of a resolved scenario (a replay's) must hold valid distributions at
/// paths that reach numeric fields.
pub fn check_list(scenario: &Scenario) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (i, u) in scenario.uncertain.iter().enumerate() {
        let at = validate::Path::default().field("uncertain").index(i);
        if let Err(e) = u.distribution.validate() {
            issues.push(Issue::new(at, format!("the distribution of `{}` is invalid: {e}", u.path)));
        } else if let Err(e) = with_values(scenario, &[(u.path.clone(), u.distribution.median())]) {
            issues.push(Issue::new(at, format!("the uncertain parameter cannot be set: {e}")));
        }
    }
    issues
}
