//! Loading a scenario: the bundled chip catalogue, then the `extends` chain from the oldest
//! ancestor to the file itself, then `--set` overrides, each merged over the last; then the
//! typed read and validation. Every error keeps the place that wrote the offending value.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input::{self, ReadError, SCENARIO_LIMIT};
use crate::quote::{excerpt, list};
use crate::ron::{self, Node, Value};
use crate::schema::{Month, Scenario};
use crate::source::{SourceId, Sources, Span};
use crate::validate::{self, Issue};

/// The bundled chip catalogue, the implicit ancestor of every scenario.
pub const CATALOGUE: &str = include_str!("../../../assets/chips.ron");
pub const CATALOGUE_NAME: &str = "assets/chips.ron";

/// The bundled US export-control rules, the other implicit ancestor of every scenario.
pub const EXPORT_RULES: &str = include_str!("../../../assets/export-rules.ron");
pub const EXPORT_RULES_NAME: &str = "assets/export-rules.ron";

/// How many files an `extends` chain may hold (the file itself and its ancestors): the shipped
/// scenarios use two; a chain longer than this is a mistake, or a loop through links.
pub const MAX_EXTENDS: usize = 32;

/// How many problems one load reports: the first ones are the ones to fix, and each costs a
/// rendering of its file.
pub const MAX_REPORTED: usize = 20;

/// Where scenario texts come from: the disk, or scenarios bundled into the binary.
pub trait Files {
    /// The text of the scenario file at `path` (named on the command line), at most `limit`
    /// bytes.
    fn read(&self, path: &Path, limit: u64) -> Result<String, ReadError>;

    /// The text of the file at `path`, which an `extends` names: only ever a scenario file.
    /// By default as [`Files::read`].
    fn read_parent(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        self.read(path, limit)
    }

    /// The file that `extends: "<written>"` in the file at `from` names. By default, `written`
    /// relative to `from`'s directory.
    fn locate(&self, from: &Path, written: &str) -> PathBuf {
        from.parent().unwrap_or(Path::new("")).join(written)
    }
}

/// Files on disk. The file named on the command line may be any readable file (`<(...)` in a
/// shell is a FIFO); a file an `extends` names must be a regular `.ron` file once links are
/// followed, and is read only if so.
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        input::read_text(path, limit)
    }

    fn read_parent(&self, path: &Path, limit: u64) -> Result<String, ReadError> {
        input::read_scenario_file(path, limit)
    }
}

/// A `PATH=VALUE` override and the command-line option it came from (`--set`, `--seed`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub origin: String,
    pub text: String,
}

impl Override {
    pub fn set(text: impl Into<String>) -> Override {
        Override { origin: "--set".into(), text: text.into() }
    }
}

/// A scenario read and checked, with the texts and the merged tree it came from.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub scenario: Scenario,
    pub tree: Node,
    pub sources: Sources,
}

impl Loaded {
    /// Turn model-level issues (found by code that knows nothing of files) into diagnostics
    /// that point at the place in the files.
    pub fn diagnose(&self, issues: Vec<Issue>) -> Diagnostics {
        let more = issues.len().saturating_sub(MAX_REPORTED);
        let mut list: Vec<Diagnostic> =
            issues.into_iter().take(MAX_REPORTED).map(|i| i.into_diagnostic(&self.tree)).collect();
        if more > 0 {
            list.push(
                Diagnostic::new(format!("and {more} more problems"))
                    .hint(Some(format!("only the first {MAX_REPORTED} are shown: fix them and check again"))),
            );
        }
        Diagnostics { sources: self.sources.clone(), list }
    }

    /// What a reader of the scenario should know that is not an error: the events that fall
    /// after the run's last month (its horizon was shortened by a scenario that extends the
    /// one that writes them, or on the command line), which do not happen in this run.
    pub fn notes(&self) -> Vec<String> {
        let s = &self.scenario;
        let late: Vec<String> = s
            .events
            .iter()
            .filter(|e| e.at >= s.end())
            .map(|e| format!("{} {}", e.at, excerpt(&format!("{:?}", e.event))))
            .collect();
        if late.is_empty() {
            return Vec::new();
        }
        let late: Vec<&str> = late.iter().map(String::as_str).collect();
        vec![format!(
            "{} of the {} events fall after the run's last month ({}) and do not happen in it: {}",
            late.len(),
            s.events.len(),
            s.end().plus(-1),
            list(&late)
        )]
    }
}

/// Load `path` through `files`, apply `overrides` (`PATH=VALUE`), read and validate.
/// `extra` adds checks that need model knowledge (action names), reported the same way.
pub fn load(
    path: &Path,
    files: &dyn Files,
    overrides: &[Override],
    extra: &dyn Fn(&Scenario) -> Vec<Issue>,
) -> Result<Loaded, Diagnostics> {
    let mut loader = Loader { files, sources: Sources::default(), chain: Vec::new(), budget: SCENARIO_LIMIT };
    let mut tree =
        loader.tree(path, overrides).map_err(|list| Diagnostics { sources: loader.sources.clone(), list })?;
    let found = crate::distribution::extract(&mut tree)
        .map_err(|list| Diagnostics { sources: loader.sources.clone(), list })?;
    let mut loaded = read(tree, loader.sources, extra)?;
    if found.is_empty() {
        return Ok(loaded);
    }
    loaded.scenario.uncertain.retain(|u| found.iter().all(|(f, _)| f.path != u.path));
    loaded.scenario.uncertain.extend(found.iter().map(|(u, _)| u.clone()));
    let list = crate::distribution::check_support(&loaded.scenario, &found, extra);
    if list.is_empty() { Ok(loaded) } else { Err(Diagnostics { sources: loaded.sources, list }) }
}

/// Read a resolved scenario tree (nothing left to `extends`) and validate it: what [`load`]
/// does once the files are merged, for a scenario that lives inside another file (a replay).
pub fn read(tree: Node, sources: Sources, extra: &dyn Fn(&Scenario) -> Vec<Issue>) -> Result<Loaded, Diagnostics> {
    let scenario: Scenario = match ron::from_node(&tree) {
        Ok(s) => s,
        Err(e) => {
            let hint = e.hint.or_else(|| Some("`statecraft explain` prints every field with its default".into()));
            return Err(Diagnostics { sources, list: vec![Diagnostic::new(e.message).at(e.span).hint(hint)] });
        }
    };
    let mut issues = validate::scenario(&scenario);
    if issues.is_empty() {
        issues = crate::distribution::check_list(&scenario);
    }
    if issues.is_empty() {
        issues = extra(&scenario);
    }
    let loaded = Loaded { scenario, tree, sources };
    if issues.is_empty() { Ok(loaded) } else { Err(loaded.diagnose(issues)) }
}

struct Loader<'a> {
    files: &'a dyn Files,
    sources: Sources,
    /// The `extends` chain being followed, to detect cycles and to name it.
    chain: Vec<PathBuf>,
    /// How many more bytes the files of this scenario may hold, together.
    budget: u64,
}

fn one(d: Diagnostic) -> Vec<Diagnostic> {
    vec![d]
}

impl Loader<'_> {
    fn tree(&mut self, path: &Path, overrides: &[Override]) -> Result<Node, Vec<Diagnostic>> {
        let catalogue_id = self.sources.add(CATALOGUE_NAME, CATALOGUE);
        let chips = self.parse(catalogue_id)?;
        let rules_id = self.sources.add(EXPORT_RULES_NAME, EXPORT_RULES);
        let rules = self.parse(rules_id)?;
        let span = chips.span;
        let fields = vec![
            (ron::Key { name: "chips".into(), span }, chips),
            (ron::Key { name: "export_rules".into(), span: rules.span }, rules),
        ];
        let base = Node::new(Value::Struct(None, fields), span);
        let file = self.file(path, None)?;
        let mut tree = self.merge(base, file)?;
        for o in overrides {
            self.apply_override(&mut tree, o)?;
        }
        Ok(tree)
    }

    fn parse(&self, id: SourceId) -> Result<Node, Vec<Diagnostic>> {
        ron::parse(&self.sources.get(id).text, id)
            .map_err(|e| one(Diagnostic::new(e.message).at(Some(e.span)).hint(e.hint)))
    }

    fn merge(&self, parent: Node, child: Node) -> Result<Node, Vec<Diagnostic>> {
        ron::merge(parent, child).map_err(|e| one(e.diagnostic(&self.sources)))
    }

    /// One file merged over its ancestors. `from` is the `extends` string that named it.
    fn file(&mut self, path: &Path, from: Option<Span>) -> Result<Node, Vec<Diagnostic>> {
        let key = normalise(path);
        if let Some(start) = self.chain.iter().position(|p| *p == key) {
            let cycle: Vec<String> =
                self.chain[start..].iter().chain([&key]).map(|p| p.display().to_string()).collect();
            return Err(one(Diagnostic::new(format!("`extends` forms a cycle: {}", cycle.join(" -> ")))
                .at(from)
                .hint(Some("a scenario cannot extend itself, directly or through others".into()))));
        }
        if self.chain.len() == MAX_EXTENDS {
            let chain: Vec<String> = self.chain.iter().chain([&key]).map(|p| p.display().to_string()).collect();
            return Err(one(Diagnostic::new(format!(
                "`extends` goes more than {MAX_EXTENDS} files deep: {}",
                chain.join(" -> ")
            ))
            .at(from)
            .hint(Some(format!("a scenario extends at most {} others in a chain", MAX_EXTENDS - 1)))));
        }
        let text = match from {
            None => self.files.read(path, self.budget),
            Some(_) => self.files.read_parent(path, self.budget),
        };
        let text = text.map_err(|e| one(self.unreadable(path, from, e)))?;
        self.budget = self.budget.saturating_sub(text.len() as u64);
        let id = self.sources.add(path.display().to_string(), text);
        let mut node = match from {
            None => self.parse(id)?,
            Some(named_at) => self.parent(id, path, named_at)?,
        };
        if !matches!(node.value, Value::Struct(..) | Value::Unit) {
            return Err(one(Diagnostic::new(format!(
                "a scenario is a struct `Scenario(name: ..., ...)`, found {}",
                node.describe()
            ))
            .at(Some(node.span))));
        }
        if let Some((id, record)) = node.duplicate_id() {
            // Within one file, merging by id would silently keep only the last of the two.
            return Err(one(Diagnostic::new(format!("duplicate id `{}` in this list", excerpt(id)))
                .at(Some(record.span))
                .hint(Some("each record of a list needs its own id; merge the two entries".into()))));
        }
        let Some((written, parent_span)) = take_extends(&mut node)? else {
            self.events_within_horizon(&node, id, None)?;
            return Ok(node);
        };
        let parent_path = self.files.locate(path, &written);
        if parent_path.extension().is_none_or(|e| e != "ron") {
            return Err(one(Diagnostic::new(format!(
                "`extends` names `{}`, which is not a `.ron` file",
                excerpt(&parent_path.display().to_string())
            ))
            .at(Some(parent_span))
            .hint(Some(EXTENDS_RULE.into()))));
        }
        self.chain.push(key);
        let inherited = self.file(&parent_path, Some(parent_span))?;
        self.chain.pop();
        let merged = self.merge(inherited, node)?;
        self.events_within_horizon(&merged, id, None)?;
        Ok(merged)
    }

    /// Parse a file that `extends` names. Until it has parsed as a scenario, an error about it
    /// shows none of its text: `extends` may have named a file that is not the user's to show
    /// (a key, a password file), so the error points at the `extends` that named it, with the
    /// line and column only.
    fn parent(&self, id: SourceId, path: &Path, named_at: Span) -> Result<Node, Vec<Diagnostic>> {
        let not_a_scenario = |why: String| {
            one(Diagnostic::new(format!("`{}` is not a scenario: {why}", path.display()))
                .at(Some(named_at))
                .hint(Some(format!("to see what is wrong in it: statecraft validate {}", path.display()))))
        };
        let node = ron::parse(&self.sources.get(id).text, id).map_err(|e| {
            let at = self.sources.line_col(id, e.span.start as usize);
            let what = if e.truncated { "its text ends early" } else { "its text is not valid RON" };
            not_a_scenario(format!("{what}, at line {}, column {}", at.line, at.col))
        })?;
        let fields = crate::fields::field_names::<Scenario>();
        let scenario_shaped = match &node.value {
            Value::Struct(name, entries) => {
                name.as_ref().is_none_or(|n| n.name == "Scenario")
                    && entries.iter().all(|(k, _)| k.name == "extends" || fields.contains(&k.name.as_str()))
            }
            Value::Unit => true,
            _ => false,
        };
        if !scenario_shaped {
            let at = self.sources.line_col(id, node.span.start as usize);
            return Err(not_a_scenario(format!(
                "the value at line {}, column {} is not `Scenario(...)` with scenario fields",
                at.line, at.col
            )));
        }
        Ok(node)
    }

    /// Why a file could not be read, as an error at the `extends` that named it (if one did).
    fn unreadable(&mut self, path: &Path, from: Option<Span>, e: ReadError) -> Diagnostic {
        let shown = path.display();
        let hint = match (&e, from) {
            (ReadError::TooLarge { .. }, _) => {
                format!("a scenario and the files it extends hold at most {} together", input::size(SCENARIO_LIMIT))
            }
            (ReadError::NotUtf8 { .. }, _) => "save the file as UTF-8 text".into(),
            (_, Some(_)) => EXTENDS_RULE.into(),
            (_, None) => "give a path to a .ron file, or a shipped scenario name (see `statecraft list`)".into(),
        };
        match e {
            // The file named on the command line is the user's own: show the place.
            ReadError::NotUtf8 { text, offset } if from.is_none() => {
                let id = self.sources.add(shown.to_string(), text);
                let end = offset + self.sources.get(id).text[offset..].chars().next().map_or(0, char::len_utf8);
                Diagnostic::new(format!("`{shown}` is not UTF-8 text from here on"))
                    .at(Some(Span::new(id, offset, end)))
                    .hint(Some(hint))
            }
            e => Diagnostic::new(format!("cannot read scenario `{shown}`: {e}")).at(from).hint(Some(hint)),
        }
    }

    /// The events that source `id` writes into `tree` must fall within `tree`'s horizon: an
    /// event after it would never happen. Files and overrides merged later may shorten the run;
    /// their events are checked against the horizon they leave. `origin` names the option an
    /// override came from.
    fn events_within_horizon(&self, tree: &Node, id: SourceId, origin: Option<&str>) -> Result<(), Vec<Diagnostic>> {
        let defaults = Scenario::default();
        let start = match tree.field("start").map(|n| &n.value) {
            Some(Value::Str(text)) => Month::parse(text),
            None => Some(defaults.start),
            Some(_) => None,
        };
        let months = match tree.field("months").map(|n| &n.value) {
            Some(Value::Int(n)) => {
                i32::try_from(*n).ok().filter(|n| (1..=crate::schema::Horizon::MAX as i32).contains(n))
            }
            None => Some(defaults.months.0 as i32),
            Some(_) => None,
        };
        // A start or horizon that does not read is reported by the typed read.
        let (Some(start), Some(months), Some(Value::List(events))) =
            (start, months, tree.field("events").map(|n| &n.value))
        else {
            return Ok(());
        };
        let last = start.plus(months - 1);
        for event in events {
            let Some(at) = event.field("at").filter(|at| at.span.source == id) else { continue };
            let Value::Str(text) = &at.value else { continue };
            let Some(month) = Month::parse(text) else { continue };
            if month > last {
                let how = match origin {
                    Some(option) => format!("{option} writes this event"),
                    None => "this file writes this event".into(),
                };
                return Err(one(Diagnostic::new(format!(
                    "the event is dated {month}, after the run's last month {last} ({months} months from {start})"
                ))
                .at(Some(at.span))
                .hint(Some(format!(
                    "{how} for a run that ends first, so it would never happen: date it within the run, or lengthen it (`months`, or `--months` on the command line)"
                )))));
            }
        }
        Ok(())
    }

    fn apply_override(&mut self, tree: &mut Node, o: &Override) -> Result<(), Vec<Diagnostic>> {
        let arg = o.text.as_str();
        let id = self.sources.add(o.origin.clone(), arg);
        let whole = Some(Span::new(id, 0, arg.len()));
        let Some(eq) = arg.find('=') else {
            return Err(one(Diagnostic::new(format!("`{} {}` has no `=`", o.origin, excerpt(arg)))
                .at(whole)
                .hint(Some("write `--set PATH=VALUE`, e.g. `--set us_admin.share=0.5`".into()))));
        };
        let path_text = &arg[..eq];
        let path_span = Some(Span::new(id, 0, eq));
        let mut segments: Vec<&str> = path_text.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(one(Diagnostic::new(format!("`{}` is not a path", excerpt(path_text)))
                .at(path_span)
                .hint(Some("paths are names separated by dots, e.g. `world.relations.tension`".into()))));
        }
        let value = ron::parse_from(arg, id, eq + 1)
            .map_err(|e| one(Diagnostic::new(e.message).at(Some(e.span)).hint(e.hint)))?;
        let fields: Vec<&str> = crate::fields::field_names::<Scenario>().to_vec();
        if !fields.contains(&segments[0]) {
            let actor_ids = actor_ids(tree);
            if actor_ids.contains(&segments[0]) {
                segments.insert(0, "actors");
            } else {
                let mut candidates: Vec<&str> = fields.clone();
                candidates.extend(actor_ids.iter().copied());
                let hint =
                    ron::closest(segments[0], &candidates).map(|c| format!("did you mean `{c}`?")).or_else(|| {
                        Some("start the path with a scenario field or an actor id, e.g. `us_admin.share`".into())
                    });
                return Err(one(Diagnostic::new(format!(
                    "`{}` is neither a scenario field nor an actor; fields: {}; actors: {}",
                    excerpt(segments[0]),
                    list(&fields),
                    list(&actor_ids)
                ))
                .at(Some(Span::new(id, 0, segments[0].len())))
                .hint(hint)));
            }
        }
        ron::set_path(tree, &segments, value).map_err(|e| match e {
            ron::PathError::Path { message, hint } => one(Diagnostic::new(message).at(path_span).hint(hint)),
            ron::PathError::Merge(e) => one(e.diagnostic(&self.sources)),
        })?;
        self.events_within_horizon(tree, id, Some(&o.origin))
    }
}

/// Where `extends` looks, for hints.
const EXTENDS_RULE: &str = "`extends` names a regular `.ron` scenario file: a relative path is relative to the file that writes it, an absolute path is taken as it is";

/// Remove the `extends` field, returning the path it names and where.
fn take_extends(node: &mut Node) -> Result<Option<(String, Span)>, Vec<Diagnostic>> {
    let Value::Struct(_, fields) = &mut node.value else { return Ok(None) };
    let Some(index) = fields.iter().position(|(k, _)| k.name == "extends") else { return Ok(None) };
    let (_, value) = fields.remove(index);
    match value.value {
        Value::Str(path) => Ok(Some((path, value.span))),
        _ => Err(one(Diagnostic::new(format!("`extends` takes a file path in quotes, found {}", value.describe()))
            .at(Some(value.span))
            .hint(Some("write `extends: \"h200-commission.ron\"`".into())))),
    }
}

fn actor_ids(tree: &Node) -> Vec<&str> {
    match tree.field("actors").map(|a| &a.value) {
        Some(Value::List(items)) => items.iter().filter_map(Node::record_id).collect(),
        _ => Vec::new(),
    }
}

/// A path with `.` and `..` folded, for cycle detection without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
