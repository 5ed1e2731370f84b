//! Checks that need the whole scenario: names that must refer to something, the roster, and
//! ranges that depend on other values. Ranges of single values are checked as they are read.

use std::collections::BTreeSet;
use std::fmt;

use crate::diagnostic::Diagnostic;
use crate::quote::{excerpt, list};
use crate::ron::{Node, Value};
use crate::schema::*;
use crate::suggest::closest;

/// One step of a path into the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Field(&'static str),
    Index(usize),
}

/// A place in the scenario, such as `actors[3].rule`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn field(mut self, name: &'static str) -> Path {
        self.0.push(Seg::Field(name));
        self
    }

    pub fn index(mut self, i: usize) -> Path {
        self.0.push(Seg::Index(i));
        self
    }

    /// The deepest node of `tree` on this path (a default value has no node of its own, so its
    /// nearest written ancestor stands in).
    pub fn locate<'a>(&self, tree: &'a Node) -> &'a Node {
        let mut node = tree;
        for seg in &self.0 {
            let next = match (seg, &node.value) {
                (Seg::Field(name), Value::Struct(..)) => node.field(name),
                (Seg::Index(i), Value::List(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => write!(f, "{name}")?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Something wrong at a path.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub path: Path,
    pub message: String,
    pub hint: Option<String>,
}

impl Issue {
    pub fn new(path: Path, message: impl Into<String>) -> Issue {
        Issue { path, message: message.into(), hint: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Issue {
        self.hint = Some(hint.into());
        self
    }

    /// `found` is not among `known`: say so, and suggest the nearest.
    pub fn unknown(path: Path, what: &str, found: &str, known: &[&str]) -> Issue {
        let issue = Issue::new(path, format!("unknown {what} `{}`; known: {}", excerpt(found), list(known)));
        match closest(found, known) {
            Some(c) => issue.hint(format!("did you mean `{c}`?")),
            None => issue.hint("use one of the known names"),
        }
    }

    pub fn into_diagnostic(self, tree: &Node) -> Diagnostic {
        let node = self.path.locate(tree);
        Diagnostic::new(self.message).at(Some(node.span)).path(self.path.to_string()).hint(self.hint)
    }
}

/// The largest seed: seeds are below 2^63, so that R, Excel, JavaScript and pandas read them
/// exactly (docs/data.md); the experiments' seeds keep to the same range.
pub const MAX_SEED: u64 = i64::MAX as u64;

fn root() -> Path {
    Path::default()
}

/// Export rules have unique ids, each rung names rules that exist, and the single licence-review
/// delay of old scenarios is gone.
fn export_rules(issues: &mut Vec<Issue>, s: &Scenario) {
    unique(issues, root().field("export_rules"), "export rule id", s.export_rules.iter().map(|r| r.id.as_str()));
    let rules = Names::of(s.export_rules.iter().map(|r| r.id.as_str()));
    for (i, ceiling) in s.ceilings.iter().enumerate() {
        let old = [
            ("max_tpp", ceiling.max_tpp.is_some()),
            ("max_bandwidth_tbs", ceiling.max_bandwidth_tbs.is_some()),
            ("families", ceiling.families.is_some()),
        ];
        for (field, _) in old.iter().filter(|(_, written)| *written) {
            issues.push(
                Issue::new(
                    root().field("ceilings").index(i).field(field),
                    format!("`{field}` is no longer a field of a ceiling: a rung is a set of export rules"),
                )
                .hint("write `rules: [\"oct-2022\", ...]` with ids from assets/export-rules.ron, or add a rule there"),
            );
        }
        for (j, id) in ceiling.rules.iter().enumerate() {
            if !rules.contains(id) {
                let at = root().field("ceilings").index(i).field("rules").index(j);
                let issue = unknown(issues, at, "export rule", id, &rules.sorted());
                issues.push(issue);
            }
        }
    }
    for (i, actor) in s.actors.iter().enumerate() {
        if let Actor::UsAdministration(a) = actor
            && a.licence_review_months.is_some()
        {
            issues.push(
                Issue::new(
                    root().field("actors").index(i).field("licence_review_months"),
                    "`licence_review_months` is no longer a field of the administration",
                )
                .hint("each export rule has its own `review_months` (see assets/export-rules.ron); remove this line"),
            );
        }
    }
}

/// Every check that needs only the scenario itself.
pub fn scenario(s: &Scenario) -> Vec<Issue> {
    let mut issues = Vec::new();
    unique(&mut issues, root().field("actors"), "actor id", s.actors.iter().map(Actor::id));
    unique(&mut issues, root().field("chips"), "chip id", s.chips.iter().map(|c| c.id.as_str()));
    unique(&mut issues, root().field("bills"), "bill id", s.bills.iter().map(|b| b.id.as_str()));
    unique(&mut issues, root().field("ceilings"), "ceiling name", s.ceilings.iter().map(|c| c.name.as_str()));
    for (i, chip) in s.chips.iter().enumerate() {
        if chip.fp16_tflops.0 <= 0.0 || chip.price_usd.0 <= 0.0 || chip.dies == 0 {
            issues.push(Issue::new(
                root().field("chips").index(i),
                format!("chip `{}` needs positive throughput, price and dies", excerpt(&chip.id)),
            ));
        }
    }
    if s.seed > MAX_SEED {
        issues.push(
            Issue::new(root().field("seed"), format!("the seed {} is above 2^63 - 1 ({MAX_SEED})", s.seed))
                .hint("seeds are below 2^63, so that every tool reads them as a signed 64-bit integer (docs/data.md)"),
        );
    }
    roster(&mut issues, s);
    growth(&mut issues, s);
    if s.world.compute.lifetime_months.0 < 1.0 {
        issues.push(
            Issue::new(
                root().field("world").field("compute").field("lifetime_months"),
                "chips must last at least a month",
            )
            .hint("the flagship uses 48 months, a four-year economic life"),
        );
    }
    if s.ceilings.is_empty() {
        issues.push(
            Issue::new(root().field("ceilings"), "the export-control ladder has no rungs")
                .hint("give at least one ceiling, e.g. `closed`"),
        );
    }
    export_rules(&mut issues, s);
    let ceilings = Names::of(s.ceilings.iter().map(|c| c.name.as_str()));
    let bills = Names::of(s.bills.iter().map(|b| b.id.as_str()));
    let mut sources = Names::of(s.actors.iter().filter(|a| matches!(a, Actor::CloudProvider(_))).map(Actor::id));
    sources.add("other");
    let vendors = Names::of(s.actors.iter().filter(|a| matches!(a, Actor::ChipVendor(_))).map(Actor::id));
    let china_chips = Names::of(s.chips.iter().filter(|c| c.origin == Origin::China).map(|c| c.id.as_str()));
    let us_brands = Names::of(s.chips.iter().filter(|c| c.origin == Origin::Us).map(|c| c.maker.as_str()));

    for (i, actor) in s.actors.iter().enumerate() {
        let at = root().field("actors").index(i);
        rule(&mut issues, at.clone().field("rule"), actor.rule());
        match actor {
            Actor::UsAdministration(a) => {
                if !ceilings.contains(&a.ceiling) {
                    issues.push(unknown(
                        &issues,
                        at.clone().field("ceiling"),
                        "export ceiling",
                        &a.ceiling,
                        &ceilings.list,
                    ));
                }
                if let Some(licensed) = &a.licensed {
                    match (s.ceiling_index(licensed), s.ceiling_index(&a.ceiling)) {
                        (None, _) => issues.push(unknown(
                            &issues,
                            at.clone().field("licensed"),
                            "export ceiling",
                            licensed,
                            &ceilings.list,
                        )),
                        (Some(l), Some(c)) if l > c => issues.push(
                            Issue::new(
                                at.clone().field("licensed"),
                                format!(
                                    "licences cannot cover `{}`, above the announced ceiling `{}`",
                                    excerpt(licensed),
                                    excerpt(&a.ceiling)
                                ),
                            )
                            .hint("`licensed` is the rung in force while a loosening is under review"),
                        ),
                        _ if a.licences_from.is_none() => issues.push(
                            Issue::new(
                                at.clone().field("licences_from"),
                                "`licensed` needs `licences_from`, the month licences catch up",
                            )
                            .hint("e.g. licences_from: \"2026-03\""),
                        ),
                        _ => {}
                    }
                }
                if let Some(from) = a.licences_from
                    && from < s.start
                {
                    issues.push(
                        Issue::new(
                            at.clone().field("licences_from"),
                            format!("licences catch up in {from}, before the scenario starts in {}", s.start),
                        )
                        .hint("drop `licensed` and `licences_from` if the announced ceiling is already licensed"),
                    );
                }
                if a.share_steps.is_empty() || a.share_steps.windows(2).any(|w| w[0].0 >= w[1].0) {
                    issues.push(
                        Issue::new(at.field("share_steps"), "share steps must be a non-empty, increasing list")
                            .hint("e.g. [0.0, 0.15, 0.25, 0.5]"),
                    );
                }
            }
            Actor::ChipVendor(v) => {
                if v.china_allocation.0 > v.max_allocation.0 {
                    issues.push(
                        Issue::new(
                            at.clone().field("china_allocation"),
                            format!(
                                "`{}` allocates {} chips a month to China, above its `max_allocation` of {}",
                                excerpt(&v.id),
                                v.china_allocation.0,
                                v.max_allocation.0
                            ),
                        )
                        .hint("raise `max_allocation` too, or lower `china_allocation`"),
                    );
                }
                if !us_brands.contains(&v.brand) {
                    issues.push(unknown(&issues, at.field("brand"), "US chip brand", &v.brand, &us_brands.sorted()));
                }
            }
            Actor::Beijing(b) => {
                if !b.antitrust_target.is_empty() && !vendors.contains(&b.antitrust_target) {
                    let issue = unknown(
                        &issues,
                        at.field("antitrust_target"),
                        "chip vendor",
                        &b.antitrust_target,
                        &vendors.list,
                    );
                    issues.push(if vendors.list.is_empty() {
                        Issue {
                            hint: Some(
                                "the scenario has no `ChipVendor`: write `antitrust_target: \"\"` for no case".into(),
                            ),
                            ..issue
                        }
                    } else {
                        issue
                    });
                }
            }
            Actor::Lab(lab) => {
                for (j, access) in lab.access.iter().enumerate() {
                    if !sources.contains(&access.from) {
                        issues.push(unknown(
                            &issues,
                            at.clone().field("access").index(j).field("from"),
                            "compute source",
                            &access.from,
                            &sources.list,
                        ));
                    }
                }
            }
            Actor::DomesticChipmaker(d) => {
                if !china_chips.contains(&d.chip) {
                    issues.push(unknown(&issues, at.field("chip"), "domestic chip", &d.chip, &china_chips.list));
                }
            }
            Actor::Congress(_) | Actor::CloudProvider(_) => {}
        }
    }
    for (i, bill) in s.bills.iter().enumerate() {
        if let BillEffect::FreezeCeiling { ceiling, .. } = &bill.effect
            && !ceilings.contains(ceiling)
        {
            issues.push(unknown(
                &issues,
                root().field("bills").index(i).field("effect"),
                "export ceiling",
                ceiling,
                &ceilings.list,
            ));
        }
    }
    for (i, event) in s.events.iter().enumerate() {
        if event.at < s.start {
            issues.push(
                Issue::new(
                    root().field("events").index(i).field("at"),
                    format!("the event is dated {}, before the scenario starts in {}", event.at, s.start),
                )
                .hint("put what happened before the start into the initial state instead"),
            );
        }
        if event.hold_months > 0 && !event.event.doc().holdable {
            issues.push(
                Issue::new(
                    root().field("events").index(i).field("hold_months"),
                    format!("a {} event moves no lever an actor could move back, so there is nothing to hold", event.event.name()),
                )
                .hint("hold_months applies to events that set a lever of the administration or of Beijing (`statecraft list events`)"),
            );
        }
        let at = root().field("events").index(i).field("event");
        match &event.event {
            EventKind::SetCeiling(name) if !ceilings.contains(name) => {
                issues.push(unknown(&issues, at, "export ceiling", name, &ceilings.list));
            }
            EventKind::BillStage { bill, .. } if !bills.contains(bill) => {
                issues.push(unknown(&issues, at, "bill", bill, &bills.list));
            }
            EventKind::Inflow { to, legal, domestic, grey, hbm_stacks, dies } => {
                let target = s.actors.iter().find(|a| a.id() == to.as_str());
                let chips = legal.0 + domestic.0 + grey.0 > 0.0;
                let parts = hbm_stacks.0 + dies.0 > 0.0;
                match target.map(|a| a.kind()) {
                    None => {
                        let ids: Vec<&str> = s
                            .actors
                            .iter()
                            .filter(|a| matches!(a.kind(), "CloudProvider" | "DomesticChipmaker"))
                            .map(|a| a.id())
                            .collect();
                        issues.push(unknown(&issues, at, "cloud provider or domestic chipmaker", to, &ids));
                    }
                    Some("CloudProvider") if parts => issues.push(
                        Issue::new(at, format!("{to} is a cloud provider: it holds chips (legal, domestic, grey), not HBM stacks or dies"))
                            .hint("send hbm_stacks and dies to the domestic chipmaker"),
                    ),
                    Some("DomesticChipmaker") if chips => issues.push(
                        Issue::new(at, format!("{to} is the domestic chipmaker: it holds HBM stacks and dies, not chips in H100e"))
                            .hint("send chips (legal, domestic, grey) to a cloud provider"),
                    ),
                    Some("CloudProvider" | "DomesticChipmaker") => {}
                    Some(kind) => issues.push(Issue::new(
                        at,
                        format!("{to} is a {kind}: an inflow goes to a cloud provider or the domestic chipmaker"),
                    )),
                }
            }
            EventKind::TensionShock(x) if !(-1.0..=1.0).contains(x) => {
                issues.push(Issue::new(at, format!("a tension shock must lie between -1 and 1, found {x}")));
            }
            _ => {}
        }
    }
    issues
}

/// Growth rates compounded over the horizon must keep the model's numbers finite: at most
/// 2^100 (about 1e30) times their start.
fn growth(issues: &mut Vec<Issue>, s: &Scenario) {
    const MAX_DOUBLINGS: f64 = 100.0;
    let months = f64::from(s.months.0);
    let world = root().field("world");
    let mut rates = vec![
        (world.clone().field("market").field("demand_growth"), s.world.market.demand_growth.0),
        (world.field("compute").field("us_additions_growth"), s.world.compute.us_additions_growth.0),
    ];
    for (i, actor) in s.actors.iter().enumerate() {
        if let Actor::DomesticChipmaker(d) = actor {
            // The largest subsidy Beijing can pay is 0.9.
            let support = 1.0 + d.state_support.0 * 0.9;
            let at = root().field("actors").index(i);
            rates.push((at.clone().field("fab_growth"), d.fab_growth.0 * support));
            rates.push((at.field("hbm_growth"), d.hbm_growth.0 * support));
        }
    }
    for (at, rate) in rates {
        let doublings = months * libm::log2(1.0 + rate);
        if doublings > MAX_DOUBLINGS {
            issues.push(
                Issue::new(at, format!("growing {rate} a month for {months} months multiplies by 2^{doublings:.0}"))
                    .hint(format!(
                        "keep growth × horizon within {MAX_DOUBLINGS:.0} doublings: the numbers would overflow"
                    )),
            );
        }
    }
}

fn roster(issues: &mut Vec<Issue>, s: &Scenario) {
    for (kind, example) in
        [("UsAdministration", "UsAdministration(id: \"us_admin\", ...)"), ("Beijing", "Beijing(id: \"beijing\", ...)")]
    {
        let count = s.actors.iter().filter(|a| a.kind() == kind).count();
        if count != 1 {
            issues.push(
                Issue::new(
                    root().field("actors"),
                    format!("a scenario needs exactly one `{kind}` actor, found {count}"),
                )
                .hint(format!("add `{example}` to `actors`, or extend a shipped scenario")),
            );
        }
    }
}

fn rule(issues: &mut Vec<Issue>, at: Path, rule: &RuleSpec) {
    if let RuleSpec::Logit { lambda } = rule
        && !(lambda.is_finite() && *lambda >= 0.0)
    {
        issues.push(
            Issue::new(at, format!("the logit rationality `lambda` must be a finite number ≥ 0, found {lambda}"))
                .hint("0 plays uniformly at random; larger is more rational; 4 is a common choice"),
        );
    }
}

/// [`Issue::unknown`] while the issues found are few enough to be reported; past that, without
/// the suggestion (whose cost is the number of known names), since it will not be shown.
fn unknown(issues: &[Issue], path: Path, what: &str, found: &str, known: &[&str]) -> Issue {
    if issues.len() < crate::loader::MAX_REPORTED {
        Issue::unknown(path, what, found, known)
    } else {
        Issue::new(path, format!("unknown {what} `{}`", excerpt(found)))
    }
}

fn unique<'a>(issues: &mut Vec<Issue>, at: Path, what: &str, names: impl Iterator<Item = &'a str>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, name) in names.enumerate() {
        if !seen.insert(name) {
            issues.push(
                Issue::new(at.clone().index(i), format!("duplicate {what} `{}`", excerpt(name)))
                    .hint("each must be unique"),
            );
        }
    }
}

/// Names that others refer to: in the order written, for messages, and as a set, so that
/// checking every reference costs n log n.
struct Names<'a> {
    list: Vec<&'a str>,
    set: BTreeSet<&'a str>,
}

impl<'a> Names<'a> {
    fn of(names: impl Iterator<Item = &'a str>) -> Names<'a> {
        let list: Vec<&str> = names.collect();
        Names { set: list.iter().copied().collect(), list }
    }

    fn add(&mut self, name: &'a str) {
        self.list.push(name);
        self.set.insert(name);
    }

    fn contains(&self, name: &str) -> bool {
        self.set.contains(name)
    }

    /// Each name once, in order.
    fn sorted(&self) -> Vec<&'a str> {
        self.set.iter().copied().collect()
    }
}
