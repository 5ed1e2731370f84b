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
