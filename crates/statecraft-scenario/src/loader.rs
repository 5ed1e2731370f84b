//! Loading a scenario: the bundled chip catalogue, then the `extends` chain from the oldest
//! ancestor to the file itself, then `--set` overrides, each merged over the last; then the
//! typed read and validation. Every error keeps the place that wrote the offending value.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ron::{self, Node, Value};
use crate::schema::Scenario;
use crate::source::{SourceId, Sources, Span};
use crate::validate::{self, Issue};

/// The bundled chip catalogue, the implicit ancestor of every scenario.
pub const CATALOGUE: &str = include_str!("../../../assets/chips.ron");
pub const CATALOGUE_NAME: &str = "assets/chips.ron";

/// Where scenario texts come from: the disk, or scenarios bundled into the binary.
pub trait Files {
    fn read(&self, path: &Path) -> std::io::Result<String>;

    /// The file that `extends: "<written>"` in the file at `from` names. By default, `written`
    /// relative to `from`'s directory.
    fn locate(&self, from: &Path, written: &str) -> PathBuf {
        from.parent().unwrap_or(Path::new("")).join(written)
    }
}

/// Files on disk.
pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
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
        Diagnostics {
            sources: self.sources.clone(),
            list: issues.into_iter().map(|i| i.into_diagnostic(&self.tree)).collect(),
        }
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
    let mut loader = Loader { files, sources: Sources::default(), chain: Vec::new() };
    let tree = loader.tree(path, overrides).map_err(|list| Diagnostics { sources: loader.sources.clone(), list })?;
    read(tree, loader.sources, extra)
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
        issues = extra(&scenario);
    }
    let loaded = Loaded { scenario, tree, sources };
    if issues.is_empty() { Ok(loaded) } else { Err(loaded.diagnose(issues)) }
}

struct Loader<'a> {
    files: &'a dyn Files,
    sources: Sources,
    /// The `extends` chain being followed, to detect cycles.
    chain: Vec<PathBuf>,
}

impl Loader<'_> {
    fn tree(&mut self, path: &Path, overrides: &[Override]) -> Result<Node, Vec<Diagnostic>> {
        let catalogue_id = self.sources.add(CATALOGUE_NAME, CATALOGUE);
        let chips = self.parse(catalogue_id)?;
        let span = chips.span;
        let key = ron::Key { name: "chips".into(), span };
        let base = Node::new(Value::Struct(None, vec![(key, chips)]), span);
        let file = self.file(path, None)?;
        let mut tree = ron::merge(base, file);
        for o in overrides {
            self.apply_override(&mut tree, o)?;
        }
        Ok(tree)
    }

    fn parse(&self, id: SourceId) -> Result<Node, Vec<Diagnostic>> {
        ron::parse(&self.sources.get(id).text, id)
            .map_err(|e| vec![Diagnostic::new(e.message).at(Some(e.span)).hint(e.hint)])
    }

    /// One file merged over its ancestors. `from` is the `extends` string that named it.
    fn file(&mut self, path: &Path, from: Option<Span>) -> Result<Node, Vec<Diagnostic>> {
        let key = normalise(path);
        if let Some(start) = self.chain.iter().position(|p| *p == key) {
            let cycle: Vec<String> =
                self.chain[start..].iter().chain([&key]).map(|p| p.display().to_string()).collect();
            return Err(vec![
                Diagnostic::new(format!("`extends` forms a cycle: {}", cycle.join(" -> ")))
                    .at(from)
                    .hint(Some("a scenario cannot extend itself, directly or through others".into())),
            ]);
        }
        let text = self.files.read(path).map_err(|e| {
            let message = format!("cannot read scenario `{}`: {}", path.display(), io_reason(&e));
            let hint = match from {
                Some(_) => "`extends` paths are relative to the file that writes them",
                None => "give a path to a .ron file, or a shipped scenario name (see `statecraft list`)",
            };
            vec![Diagnostic::new(message).at(from).hint(Some(hint.into()))]
        })?;
        let id = self.sources.add(path.display().to_string(), text);
        let mut node = self.parse(id)?;
        if !matches!(node.value, Value::Struct(..) | Value::Unit) {
            return Err(vec![
                Diagnostic::new(format!(
                    "a scenario is a struct `Scenario(name: ..., ...)`, found {}",
                    node.describe()
                ))
                .at(Some(node.span)),
            ]);
        }
        if let Some((id, record)) = node.duplicate_id() {
            // Within one file, merging by id would silently keep only the last of the two.
            return Err(vec![
                Diagnostic::new(format!("duplicate id `{id}` in this list"))
                    .at(Some(record.span))
                    .hint(Some("each record of a list needs its own id; merge the two entries".into())),
            ]);
        }
        let Some(parent) = take_extends(&mut node)? else { return Ok(node) };
        let (parent_path, parent_span) = parent;
        let parent_path = self.files.locate(path, &parent_path);
        self.chain.push(key);
        let inherited = self.file(&parent_path, Some(parent_span))?;
        self.chain.pop();
        Ok(ron::merge(inherited, node))
    }

    fn apply_override(&mut self, tree: &mut Node, o: &Override) -> Result<(), Vec<Diagnostic>> {
        let arg = o.text.as_str();
        let id = self.sources.add(o.origin.clone(), arg);
        let whole = Some(Span::new(id, 0, arg.len()));
        let Some(eq) = arg.find('=') else {
            return Err(vec![
                Diagnostic::new(format!("`{} {arg}` has no `=`", o.origin))
                    .at(whole)
                    .hint(Some("write `--set PATH=VALUE`, e.g. `--set us_admin.share=0.5`".into())),
            ]);
        };
        let path_text = &arg[..eq];
        let path_span = Some(Span::new(id, 0, eq));
        let mut segments: Vec<&str> = path_text.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(vec![
                Diagnostic::new(format!("`{path_text}` is not a path"))
                    .at(path_span)
                    .hint(Some("paths are names separated by dots, e.g. `world.relations.tension`".into())),
            ]);
        }
        let value = ron::parse_from(arg, id, eq + 1)
            .map_err(|e| vec![Diagnostic::new(e.message).at(Some(e.span)).hint(e.hint)])?;
        let fields: Vec<&str> = crate::fields::field_names::<Scenario>().to_vec();
        if !fields.contains(&segments[0]) {
            let actor_ids = actor_ids(tree);
            if actor_ids.iter().any(|a| a == segments[0]) {
                segments.insert(0, "actors");
            } else {
                let mut candidates: Vec<&str> = fields.clone();
                candidates.extend(actor_ids.iter().map(String::as_str));
                let hint =
                    ron::closest(segments[0], &candidates).map(|c| format!("did you mean `{c}`?")).or_else(|| {
                        Some("start the path with a scenario field or an actor id, e.g. `us_admin.share`".into())
                    });
                return Err(vec![
                    Diagnostic::new(format!(
                        "`{}` is neither a scenario field nor an actor; fields: {}; actors: {}",
                        segments[0],
                        fields.join(", "),
                        actor_ids.join(", ")
                    ))
                    .at(Some(Span::new(id, 0, segments[0].len())))
                    .hint(hint),
                ]);
            }
        }
        ron::set_path(tree, &segments, value).map_err(|e| vec![Diagnostic::new(e.message).at(path_span).hint(e.hint)])
    }
}

/// Remove the `extends` field, returning the path it names and where.
fn take_extends(node: &mut Node) -> Result<Option<(String, Span)>, Vec<Diagnostic>> {
    let Value::Struct(_, fields) = &mut node.value else { return Ok(None) };
    let Some(index) = fields.iter().position(|(k, _)| k.name == "extends") else { return Ok(None) };
    let (_, value) = fields.remove(index);
    match value.value {
        Value::Str(path) => Ok(Some((path, value.span))),
        _ => Err(vec![
            Diagnostic::new(format!("`extends` takes a file path in quotes, found {}", value.describe()))
                .at(Some(value.span))
                .hint(Some("write `extends: \"h200-commission.ron\"`".into())),
        ]),
    }
}

fn actor_ids(tree: &Node) -> Vec<String> {
    match tree.field("actors").map(|a| &a.value) {
        Some(Value::List(items)) => items.iter().filter_map(|i| i.record_id().map(str::to_string)).collect(),
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

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
