//! Tree surgery: how a child scenario overrides its parent, and how `--set` reaches a value.
//!
//! Merge rules, the same for `extends` and for `--set`:
//! - structs merge field by field, recursively; the child's fields win;
//! - lists whose items all carry an `id` merge item by item, matched by id; new ids are
//!   appended in the child's order;
//! - `Replace(value)` replaces whatever was inherited instead of merging with it;
//! - `Append([...])` adds items to the end of an inherited list;
//! - anything else (numbers, strings, enum values of another variant, lists without ids) is
//!   replaced by the child's value.

use super::de::closest;
use super::tree::{Key, Node, Value};

/// Merge `child` over `parent`.
pub fn merge(parent: Node, child: Node) -> Node {
    let Node { value: child_value, span: child_span } = child;
    match (parent.value, child_value) {
        (_, Value::Tuple(Some(name), mut items)) if name.name == "Replace" && items.len() == 1 => items.remove(0),
        (Value::List(mut inherited), Value::Tuple(Some(name), items)) if name.name == "Append" && items.len() == 1 => {
            if let Value::List(more) = items.into_iter().next().map(|n| n.value).unwrap_or(Value::Unit) {
                inherited.extend(more);
            }
            Node::new(Value::List(inherited), child_span)
        }
        (Value::Struct(parent_name, parent_fields), Value::Struct(child_name, child_fields))
            if same_variant(parent_name.as_ref(), child_name.as_ref()) =>
        {
            let mut fields = parent_fields;
            for (key, value) in child_fields {
                match fields.iter().position(|(k, _)| k.name == key.name) {
                    Some(i) => {
                        let inherited = fields[i].1.clone();
                        fields[i] = (key, merge(inherited, value));
                    }
                    None => fields.push((key, value)),
                }
            }
            Node::new(Value::Struct(child_name.or(parent_name), fields), child_span)
        }
        (Value::List(parent_items), Value::List(child_items))
            if all_have_ids(&parent_items) && all_have_ids(&child_items) =>
        {
            let mut items = parent_items;
            for item in child_items {
                let id = item.record_id().map(str::to_string);
                match items.iter().position(|i| i.record_id().map(str::to_string) == id) {
                    Some(i) => {
                        let inherited = items[i].clone();
                        items[i] = merge(inherited, item);
                    }
                    None => items.push(item),
                }
            }
            Node::new(Value::List(items), child_span)
        }
        (Value::Map(parent_entries), Value::Map(child_entries)) => {
            let mut entries = parent_entries;
            for (key, value) in child_entries {
                match entries.iter().position(|(k, _)| k.value == key.value) {
                    Some(i) => {
                        let inherited = entries[i].1.clone();
                        entries[i] = (key, merge(inherited, value));
                    }
                    None => entries.push((key, value)),
                }
            }
            Node::new(Value::Map(entries), child_span)
        }
        (_, value) => Node::new(value, child_span),
    }
}

/// Struct names only matter for enum variants: `Logit(..)` does not merge into `Fixed(..)`.
fn same_variant(parent: Option<&Key>, child: Option<&Key>) -> bool {
    match (parent, child) {
        (Some(p), Some(c)) => p.name == c.name,
        _ => true,
    }
}

fn all_have_ids(items: &[Node]) -> bool {
    !items.is_empty() && items.iter().all(|i| i.record_id().is_some())
}

/// Why a `--set` path could not be followed.
#[derive(Clone, Debug, PartialEq)]
pub struct PathError {
    pub message: String,
    pub hint: Option<String>,
}

/// Merge `value` into the tree at `path` (field names, record ids, or list indices), creating
/// structs for fields the tree does not write yet (they hold defaults).
pub fn set_path(root: &mut Node, path: &[&str], value: Node) -> Result<(), PathError> {
    let Some((first, rest)) = path.split_first() else {
        let current = std::mem::replace(root, value.clone());
        *root = merge(current, value);
        return Ok(());
    };
    let span = value.span;
    match &mut root.value {
        Value::Struct(_, fields) => {
            let index = match fields.iter().position(|(k, _)| k.name == *first) {
                Some(i) => i,
                None => {
                    let empty = Node::new(Value::Struct(None, Vec::new()), span);
                    fields.push((Key { name: first.to_string(), span }, empty));
                    fields.len() - 1
                }
            };
            let child = &mut fields[index].1;
            if rest.is_empty() && !matches!(child.value, Value::Struct(..) | Value::List(_) | Value::Map(_)) {
                *child = value;
                return Ok(());
            }
            set_path(child, rest, value)
        }
        Value::List(items) => {
            let index = match first.parse::<usize>() {
                Ok(i) if i < items.len() => i,
                Ok(i) => {
                    return Err(PathError {
                        message: format!("index {i} is past the end of a list of {} items", items.len()),
                        hint: None,
                    });
                }
                Err(_) => match items.iter().position(|item| item.record_id() == Some(first)) {
                    Some(i) => i,
                    None => {
                        let ids: Vec<&str> = items.iter().filter_map(Node::record_id).collect();
                        return Err(PathError {
                            message: format!("no item with id `{first}` here; the ids are: {}", ids.join(", ")),
                            hint: closest(first, &ids).map(|c| format!("did you mean `{c}`?")),
                        });
                    }
                },
            };
            set_path(&mut items[index], rest, value)
        }
        _ => Err(PathError {
            message: format!("cannot go into {} to find `{first}`", root.describe()),
            hint: Some("the path names a value that has no fields".into()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ron::parse;
    use crate::source::{SourceId, Sources};

    fn node(sources: &mut Sources, name: &str, text: &str) -> Node {
        let id: SourceId = sources.add(name, text);
        parse(text, id).unwrap()
    }

    fn strip(node: &Node) -> String {
        // Re-render compactly to compare structure without spans.
        match &node.value {
            Value::Struct(name, fields) => format!(
                "{}({})",
                name.as_ref().map_or("", |k| k.name.as_str()),
                fields.iter().map(|(k, v)| format!("{}:{}", k.name, strip(v))).collect::<Vec<_>>().join(",")
            ),
            Value::List(items) => {
                format!("[{}]", items.iter().map(strip).collect::<Vec<_>>().join(","))
            }
            Value::Tuple(name, items) => format!(
                "{}({})",
                name.as_ref().map_or("", |k| k.name.as_str()),
                items.iter().map(strip).collect::<Vec<_>>().join(",")
            ),
            Value::Str(s) => format!("{s:?}"),
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Ident(s) => s.clone(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn structs_merge_fieldwise_and_records_by_id() {
        let mut s = Sources::default();
        let parent = node(
            &mut s,
            "p",
            "(name: \"p\", w: (a: 1, b: 2), actors: [X(id: \"x\", k: 1), Y(id: \"y\", k: 2)], tags: [1, 2])",
        );
        let child = node(&mut s, "c", "(w: (b: 3), actors: [Y(id: \"y\", k: 5), Z(id: \"z\")], tags: [9])");
        let merged = merge(parent, child);
        assert_eq!(
            strip(&merged),
            "(name:\"p\",w:(a:1,b:3),actors:[X(id:\"x\",k:1),Y(id:\"y\",k:5),Z(id:\"z\")],tags:[9])"
        );
    }

    #[test]
    fn other_variants_and_replace_do_not_merge() {
        let mut s = Sources::default();
        let parent = node(&mut s, "p", "(rule: Logit(lambda: 2), actors: [A(id: \"a\")])");
        let child = node(&mut s, "c", "(rule: Fixed(\"hold\"), actors: Replace([B(id: \"b\")]))");
        assert_eq!(strip(&merge(parent, child)), "(rule:Fixed(\"hold\"),actors:[B(id:\"b\")])");
    }

    #[test]
    fn append_adds_to_an_inherited_list() {
        let mut s = Sources::default();
        let parent = node(&mut s, "p", "(events: [A, B])");
        let child = node(&mut s, "c", "(events: Append([C]))");
        assert_eq!(strip(&merge(parent, child)), "(events:[A,B,C])");
    }

    #[test]
    fn merged_values_keep_the_span_of_the_file_that_wrote_them() {
        let mut s = Sources::default();
        let parent = node(&mut s, "p", "(a: 1, b: 2)");
        let child = node(&mut s, "c", "(b: 3)");
        let merged = merge(parent, child);
        assert_eq!(s.get(merged.field("a").unwrap().span.source).name, "p");
        assert_eq!(s.get(merged.field("b").unwrap().span.source).name, "c");
    }

    #[test]
    fn set_path_reaches_records_and_creates_defaults() {
        let mut s = Sources::default();
        let mut root = node(&mut s, "p", "(months: 60, actors: [A(id: \"us\", share: 0.25, w: (x: 1, y: 2))])");
        let v = node(&mut s, "--set", "0.5");
        set_path(&mut root, &["actors", "us", "share"], v).unwrap();
        let v = node(&mut s, "--set", "(y: 7)");
        set_path(&mut root, &["actors", "us", "w"], v).unwrap();
        let v = node(&mut s, "--set", "3");
        set_path(&mut root, &["world", "relations", "tension"], v).unwrap();
        let v = node(&mut s, "--set", "12");
        set_path(&mut root, &["months"], v).unwrap();
        assert_eq!(
            strip(&root),
            "(months:12,actors:[A(id:\"us\",share:0.5,w:(x:1,y:7))],world:(relations:(tension:3)))"
        );
    }

    #[test]
    fn set_path_explains_unknown_ids() {
        let mut s = Sources::default();
        let mut root = node(&mut s, "p", "(actors: [A(id: \"us_admin\"), B(id: \"beijing\")])");
        let v = node(&mut s, "--set", "1");
        let err = set_path(&mut root, &["actors", "us_admn", "x"], v.clone()).unwrap_err();
        assert_eq!(err.message, "no item with id `us_admn` here; the ids are: us_admin, beijing");
        assert_eq!(err.hint.as_deref(), Some("did you mean `us_admin`?"));
        let err = set_path(&mut root, &["actors", "9"], v).unwrap_err();
        assert!(err.message.starts_with("index 9 is past the end"));
    }
}
