//! MODEL.md documents every parameter a scenario can set.

mod common;

use statecraft_scenario::ron::{Node, Value, parse};
use statecraft_scenario::{Disk, Sources, load, to_ron};

/// Every field name in a tree.
fn fields(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Struct(_, fs) => {
            for (k, v) in fs {
                out.push(k.name.clone());
                fields(v, out);
            }
        }
        Value::List(items) | Value::Tuple(_, items) => items.iter().for_each(|i| fields(i, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| fields(v, out)),
        _ => {}
    }
}

#[test]
fn model_md_names_every_scenario_parameter() {
    let model = std::fs::read_to_string(common::root().join("MODEL.md")).unwrap();
    let mut missing = Vec::new();
    for scenario in ["h200-commission", "safe-chips-enacted"] {
        let path = common::root().join("scenarios").join(format!("{scenario}.ron"));
        let loaded = load(&path, &Disk, &[], &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}"));
        let text = to_ron(&loaded.scenario);
        let mut sources = Sources::default();
        let id = sources.add("explained", text.as_str());
        let mut names = Vec::new();
        fields(&parse(&text, id).unwrap(), &mut names);
        names.sort();
        names.dedup();
        // Scenario bookkeeping and catalogue columns are described in prose, not as parameters.
        const PROSE: &[&str] =
            &["name", "description", "start", "months", "seed", "id", "source", "note", "at", "event"];
        for name in names.into_iter().filter(|n| !PROSE.contains(&n.as_str())) {
            if !model.contains(&format!("`{name}`")) && !missing.contains(&name) {
                missing.push(name);
            }
        }
    }
    assert!(missing.is_empty(), "MODEL.md does not mention: {missing:?}");
}

/// The keys of `docs/sources.md`: the first cell of every table row, in backticks.
fn bibliography() -> Vec<String> {
    let text = std::fs::read_to_string(common::root().join("docs/sources.md")).unwrap();
    text.lines().filter_map(|l| l.strip_prefix("| `")?.split_once('`').map(|(key, _)| key.to_string())).collect()
}

/// The `[key]` citations in a text: a bracketed run of lowercase letters, digits, dots and
/// hyphens with at least one hyphen, not a Markdown link. Reliability tags (`[A]`, `[B/C]`)
/// and RON lists never match.
fn citations(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else { break };
        let inner = &rest[..close];
        let is_key = inner.contains('-')
            && inner.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && inner.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if is_key && !rest[close + 1..].starts_with('(') {
            keys.push(inner.to_string());
        }
    }
    keys
}

/// Every text file under `dir`, recursively, skipping build output and hidden directories.
fn text_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            text_files(&path, out);
        } else if std::fs::read_to_string(&path).is_ok() {
            out.push(path);
        }
    }
}

#[test]
fn the_bibliography_gives_every_source_a_unique_key_a_tag_and_a_url() {
    let text = std::fs::read_to_string(common::root().join("docs/sources.md")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for row in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells.len(), 6, "key | title | outlet | date | tag | URL: {row}");
        let key = cells[0].trim_matches('`');
        assert!(citations(&format!("[{key}]")) == [key], "{key}: a key is lowercase words joined by hyphens");
        assert!(seen.insert(key.to_string()), "{key} is listed twice");
        assert!(["A", "B", "C"].contains(&cells[4]), "{key}: tag {:?} is not A, B or C", cells[4]);
        assert!(cells[5].starts_with("http"), "{key}: no URL");
    }
    assert!(seen.len() > 100, "{} sources", seen.len());
}

#[test]
fn every_key_cited_in_the_model_scenarios_and_assets_is_in_the_bibliography() {
    let known = bibliography();
    let mut files = vec![common::root().join("MODEL.md")];
    text_files(&common::root().join("scenarios"), &mut files);
    text_files(&common::root().join("assets"), &mut files);
    let mut unknown = Vec::new();
    let mut cited = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for key in citations(&text) {
            cited += 1;
            if !known.contains(&key) {
                unknown.push(format!("{}: [{key}]", file.strip_prefix(common::root()).unwrap().display()));
            }
        }
    }
    assert!(unknown.is_empty(), "cited but not in docs/sources.md: {unknown:#?}");
    assert!(cited > 100, "only {cited} citations found: is the citation syntax still `[key]`?");
}

#[test]
fn no_project_file_points_to_research_notes_users_do_not_have() {
    let needle = concat!("shared", "/research");
    let mut files = Vec::new();
    text_files(&common::root(), &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| std::fs::read_to_string(f).unwrap().contains(needle))
        .map(|f| f.strip_prefix(common::root()).unwrap().display().to_string())
        .collect();
    assert!(offenders.is_empty(), "cite docs/sources.md instead: {offenders:?}");
}

#[test]
fn citations_are_found_and_tags_lists_and_links_are_not() {
    let text = "a [cnas-2025-06-smuggling] [A]; b [B/C] [x.y-1]; [0, 1]; [link-text](http://x); [(from: 1)]";
    assert_eq!(citations(text), ["cnas-2025-06-smuggling", "x.y-1"]);
}

#[test]
fn every_source_the_record_cites_is_in_the_bibliography() {
    let known = bibliography();
    let record = statecraft_experiment::record::Record::shipped();
    let unknown: Vec<&str> = record.keys().into_iter().filter(|k| !known.iter().any(|b| b == k)).collect();
    assert!(unknown.is_empty(), "assets/record.csv cites keys docs/sources.md lacks: {unknown:?}");
}

/// Every `.rs` file under `dir`, as paths relative to `dir`.
fn rust_files(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            rust_files(&path, &format!("{prefix}{name}/"), out);
        } else if name.ends_with(".rs") {
            out.push(format!("{prefix}{name}"));
        }
    }
}

/// Whether `map` names the module at `rel` (a path under a crate's `src/`): by its file name
/// (`rng.rs`), in a group (`commands/{completions,man}.rs`), by its name in backticks
/// (`` `us_admin` ``), a `mod.rs` by its directory (`` `actors/` ``), a `lib.rs` by its crate.
fn names_module(map: &str, krate: &str, rel: &str) -> bool {
    let file = rel.rsplit('/').next().unwrap();
    let stem = file.trim_end_matches(".rs");
    let in_group = map.split('{').skip(1).any(|g| {
        g.split_once("}.rs").is_some_and(|(names, _)| !names.contains(' ') && names.split(',').any(|n| n == stem))
    });
    match file {
        "lib.rs" => map.contains(&format!("`{krate}`")) || map.contains(&format!("`crates/{krate}`")),
        "mod.rs" => {
            let dir = rel.trim_end_matches("/mod.rs").rsplit('/').next().unwrap();
            map.contains(&format!("{dir}/`")) || map.contains(&format!("{dir}/mod.rs"))
        }
        _ => map.contains(file) || map.contains(&format!("`{stem}`")) || in_group,
    }
}

#[test]
fn architecture_md_names_every_module() {
    let map = std::fs::read_to_string(common::root().join("ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    let mut count = 0;
    let mut crates: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(common::root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p.join("src")))
        .collect();
    crates.push(("statecraft".to_string(), common::root().join("src")));
    for (krate, src) in &crates {
        let mut files = Vec::new();
        rust_files(src, "", &mut files);
        for rel in files {
            count += 1;
            if !names_module(&map, krate, &rel) {
                missing.push(format!("{krate}: {rel}"));
            }
        }
    }
    for test in std::fs::read_dir(common::root().join("tests")).unwrap() {
        let name = test.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") || name == "common" {
            count += 1;
            if !map.contains(&format!("tests/{name}")) {
                missing.push(format!("tests/{name}"));
            }
        }
    }
    assert!(count > 100, "only {count} modules found");
    assert!(missing.is_empty(), "ARCHITECTURE.md does not name: {missing:#?}");
}

#[test]
fn modules_are_recognised_by_the_ways_architecture_md_names_them() {
    let map = "`rng.rs`; `commands/{completions,man}.rs`; kinds (`us_admin`); `actors/`; `statecraft-sim`";
    assert!(names_module(map, "statecraft-sim", "rng.rs"));
    assert!(names_module(map, "statecraft", "commands/man.rs"));
    assert!(names_module(map, "statecraft-sim", "actors/us_admin.rs"));
    assert!(names_module(map, "statecraft-sim", "actors/mod.rs"));
    assert!(names_module(map, "statecraft-sim", "lib.rs"));
    assert!(!names_module(map, "statecraft-sim", "state.rs"));
    assert!(!names_module(map, "statecraft-plot", "lib.rs"));
    assert!(!names_module(map, "statecraft-sim", "phases/mod.rs"));
}

/// Documents a file may cite: any Markdown file of the repository, by its file name.
#[test]
fn no_file_cites_a_document_the_repository_lacks() {
    let mut files = Vec::new();
    text_files(&common::root(), &mut files);
    let present: std::collections::BTreeSet<String> =
        files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (at, _) in text.match_indices(".md") {
            let start =
                text[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).map_or(0, |i| i + 1);
            let cited = format!("{}.md", &text[start..at]);
            let word_ends = !text[at + 3..].starts_with(|c: char| c.is_ascii_alphanumeric());
            if cited.len() > 3
                && word_ends
                && cited.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && !present.contains(&cited)
            {
                offenders.push(format!("{}: {cited}", file.strip_prefix(common::root()).unwrap().display()));
            }
        }
    }
    offenders.sort();
    offenders.dedup();
    assert!(offenders.is_empty(), "cited but not in the repository: {offenders:#?}");
}

/// Every event kind a scenario may use is documented: in MODEL.md's section on scripted events,
/// and by `statecraft list` (text and JSON) and `statecraft list events`, with its fields.
#[test]
fn model_md_and_list_name_every_event_kind() {
    use statecraft_scenario::{EVENT_KINDS, EventKind, variant_names};
    let model = std::fs::read_to_string(common::root().join("MODEL.md")).unwrap();
    let section = &model[model.find("## 15. Scripted events").expect("MODEL.md has a section on scripted events")..];
    let kinds = variant_names::<EventKind>();
    assert!(kinds.len() >= 14, "{kinds:?}");
    let dir = common::Scratch::new("docs-events");
    let listed = common::statecraft(&["list"], dir.path());
    let events = common::statecraft(&["list", "events"], dir.path());
    let json = common::statecraft(&["list", "--format", "json"], dir.path());
    assert!(listed.status.success() && events.status.success() && json.status.success());
    let (listed, events) = (common::stdout(&listed), common::stdout(&events));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let in_json: Vec<&str> = json["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(in_json, kinds);
    for kind in kinds {
        assert!(section.contains(&format!("| `{kind}` |")), "MODEL.md §15 lacks a row for {kind}");
        assert!(listed.contains(kind), "`statecraft list` does not name {kind}");
        assert!(events.contains(&format!("\n  {kind}")), "`statecraft list events` does not name {kind}");
        let doc = EVENT_KINDS.iter().find(|k| k.kind == *kind).unwrap();
        for field in doc.fields {
            assert!(events.contains(field.meaning), "{kind}: field {} missing from `list events`", field.name);
        }
    }
    assert!(events.contains("hold_months"), "the fields every event has are listed");
}
