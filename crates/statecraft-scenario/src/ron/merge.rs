//! Tree surgery: how a child scenario overrides its parent, and how `--set` reaches a value.
//!
//! Merge rules, the same for `extends` and for `--set`:
//! - structs merge field by field, recursively; the child's fields win;
//! - lists whose items all carry an `id` merge item by item, matched by id; new ids are
//!   appended in the child's order; an item must keep the kind it inherits (`ChipVendor(id:
//!   "huawei")` over a `DomesticChipmaker` is an error) unless written `Replace(...)`;
//! - `Replace(value)` replaces whatever was inherited instead of merging with it;
//! - `Append([...])` adds items to the end of an inherited list;
//! - a plain list written over an inherited list of records that cannot merge by id (events,
//!   ceilings, a lab's access) is an error: it would silently drop what was inherited, so the
//!   child must say `Append` or `Replace`;
//! - anything else (numbers, strings, enum values of another variant, lists of plain values) is
//!   replaced by the child's value.

use std::collections::BTreeMap;

use super::tree::{Key, Node, Value};
use crate::diagnostic::Diagnostic;
use crate::quote::{excerpt, list};
use crate::source::{Sources, Span};
use crate::suggest::closest;

/// A child that would silently lose what it inherits: see the module's rules.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeError {
    /// A plain list at `field`, written at `span`, over the `inherited` records at `parent`.
    ListOverList { field: String, span: Span, inherited: usize, parent: Span },
    /// Record `id`, inherited as a `was` at `parent`, written as a `now` at `span`.
    KindChange { id: String, was: String, parent: Span, now: String, span: Span },
}

impl MergeError {
    /// The error for a user, naming the file that wrote what would be lost.
    pub fn diagnostic(&self, sources: &Sources) -> Diagnostic {
        let file = |span: &Span| sources.get(span.source).name.clone();
        match self {
            MergeError::ListOverList { field, span, inherited, parent } => {
                let items = if *inherited == 1 { "item" } else { "items" };
                Diagnostic::new(format!(
                    "`{field}` here replaces the {inherited} {items} of `{field}` in {}",
                    file(parent)
                ))
                .at(Some(*span))
                .hint(Some(format!(
                    "these records have no ids to merge by: write `{field}: Append([...])` to add to them, or `{field}: Replace([...])` to replace them"
                )))
            }
            MergeError::KindChange { id, was, parent, now, span } => Diagnostic::new(format!(
                "`{}` is a `{was}` in {}, and this writes it as a `{now}`",
                excerpt(id),
                file(parent)
            ))
            .at(Some(*span))
            .hint(Some(format!(
                "a record keeps its kind when merged by id: to put another kind in its place write `Replace({now}(id: \"{}\", ...))`, or give it a new id",
                excerpt(id)
            ))),
        }
    }
}

/// Merge `child` over `parent`.
pub fn merge(parent: Node, child: Node) -> Result<Node, MergeError> {
    merge_at(parent, child, "")
}

/// Merge `child` over `parent`, which are the value of field `field` (for messages).
fn merge_at(parent: Node, child: Node, field: &str) -> Result<Node, MergeError> {
    let Node { value: child_value, span: child_span } = child;
    Ok(match (parent.value, child_value) {
        (_, Value::Tuple(Some(name), mut items)) if name.name == "Replace" && items.len() == 1 => {
            settle(items.remove(0))
        }
        (Value::List(mut inherited), Value::Tuple(Some(name), items)) if name.name == "Append" && items.len() == 1 => {
            if let Value::List(more) = items.into_iter().next().map(|n| n.value).unwrap_or(Value::Unit) {
                inherited.extend(more.into_iter().map(settle));
            }
            Node::new(Value::List(inherited), child_span)
        }
        (Value::Struct(parent_name, parent_fields), Value::Struct(child_name, child_fields))
            if same_variant(parent_name.as_ref(), child_name.as_ref()) =>
        {
            let mut fields = parent_fields;
            let mut index: BTreeMap<String, usize> =
                fields.iter().enumerate().map(|(i, (k, _))| (k.name.clone(), i)).collect();
            for (key, value) in child_fields {
                match index.get(&key.name) {
                    Some(&i) => {
                        let inherited = std::mem::replace(&mut fields[i].1, Node::new(Value::Unit, key.span));
                        let merged = merge_at(inherited, value, &key.name)?;
                        fields[i] = (key, merged);
                    }
                    None => {
                        index.insert(key.name.clone(), fields.len());
                        fields.push((key, settle(value)));
                    }
                }
            }
            Node::new(Value::Struct(child_name.or(parent_name), fields), child_span)
        }
        (Value::List(parent_items), Value::List(child_items))
            if all_have_ids(&parent_items) && all_have_ids(&child_items) =>
        {
            let mut items = parent_items;
            let mut index: BTreeMap<String, usize> =
                items.iter().enumerate().filter_map(|(i, n)| Some((n.record_id()?.to_string(), i))).collect();
            for item in child_items {
                let id = item.record_id().unwrap_or_default().to_string();
                match index.get(&id) {
                    Some(&i) => {
                        let inherited = std::mem::replace(&mut items[i], Node::new(Value::Unit, item.span));
                        if let (Some(was), Some(now)) = (kind(&inherited), kind(&item))
                            && was != now
                        {
                            return Err(MergeError::KindChange {
                                id,
                                was: was.to_string(),
                                parent: inherited.span,
                                now: now.to_string(),
                                span: item.span,
                            });
                        }
                        items[i] = merge_at(inherited, item, field)?;
                    }
                    None => {
                        index.insert(id, items.len());
                        items.push(settle(item));
                    }
                }
            }
            Node::new(Value::List(items), child_span)
        }
        (Value::List(parent_items), Value::List(_)) if parent_items.iter().any(is_record) => {
            return Err(MergeError::ListOverList {
                field: field.to_string(),
                span: child_span,
                inherited: parent_items.len(),
                parent: parent.span,
            });
        }
        (Value::Map(parent_entries), Value::Map(child_entries)) => {
            let mut entries = parent_entries;
            let mut index: BTreeMap<String, usize> =
                entries.iter().enumerate().filter_map(|(i, (k, _))| Some((scalar_key(k)?, i))).collect();
            for (key, value) in child_entries {
                match scalar_key(&key).and_then(|k| index.get(&k).copied()) {
                    Some(i) => {
                        let inherited = std::mem::replace(&mut entries[i].1, Node::new(Value::Unit, key.span));
                        let merged = merge_at(inherited, value, field)?;
                        entries[i] = (key, merged);
                    }
                    None => {
                        if let Some(k) = scalar_key(&key) {
                            index.insert(k, entries.len());
                        }
                        entries.push((key, settle(value)));
                    }
                }
            }
            Node::new(Value::Map(entries), child_span)
        }
        (_, value) => settle(Node::new(value, child_span)),
    })
}

/// A value with nothing under it to merge with: its `Replace` and `Append` markers have
/// nothing to act on, and stand for the value they hold.
fn settle(node: Node) -> Node {
    let Node { value, span } = node;
    match value {
        Value::Tuple(Some(marker), mut items)
            if (marker.name == "Replace" || marker.name == "Append") && items.len() == 1 =>
        {
            settle(items.remove(0))
        }
        Value::Struct(name, fields) => {
            Node::new(Value::Struct(name, fields.into_iter().map(|(k, v)| (k, settle(v))).collect()), span)
        }
        Value::List(items) => Node::new(Value::List(items.into_iter().map(settle).collect()), span),
        Value::Tuple(name, items) => Node::new(Value::Tuple(name, items.into_iter().map(settle).collect()), span),
        Value::Map(entries) => Node::new(Value::Map(entries.into_iter().map(|(k, v)| (k, settle(v))).collect()), span),
        other => Node::new(other, span),
    }
}

/// Struct names only matter for enum variants: `Logit(..)` does not merge into `Fixed(..)`.
fn same_variant(parent: Option<&Key>, child: Option<&Key>) -> bool {
    match (parent, child) {
        (Some(p), Some(c)) => p.name == c.name,
        _ => true,
    }
}

/// The kind a record is written as (`ChipVendor` in `ChipVendor(id: ...)`), if it names one;
/// `Replace(...)` names none, since it may put any kind in place.
fn kind(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Struct(Some(name), _) => Some(&name.name),
        Value::Tuple(Some(name), _) if name.name != "Replace" => Some(&name.name),
        _ => None,
    }
}

fn all_have_ids(items: &[Node]) -> bool {
    !items.is_empty() && items.iter().all(|i| i.record_id().is_some())
}

/// A record: a value with fields, such as an event `(at: ..., event: ...)`.
fn is_record(node: &Node) -> bool {
    matches!(node.value, Value::Struct(..))
}

/// A map key that can be compared as text: a string, number, name, boolean or character.
fn scalar_key(key: &Node) -> Option<String> {
    match &key.value {
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Ident(_) | Value::Bool(_) | Value::Char(_) => {
            Some(format!("{:?}", key.value))
        }
        _ => None,
    }
}

/// Why a `--set` path could not be followed, or its value not merged.
#[derive(Clone, Debug, PartialEq)]
pub enum PathError {
    /// The path leads nowhere.
    Path { message: String, hint: Option<String> },
    /// The value would silently lose what it replaces.
    Merge(MergeError),
}

/// Merge `value` into the tree at `path` (field names, record ids, or list indices), creating
/// structs for fields the tree does not write yet (they hold defaults).
pub fn set_path(root: &mut Node, path: &[&str], value: Node) -> Result<(), PathError> {
    set_at(root, path, value, "")
}

/// [`set_path`] below field `field` (for messages).
fn set_at(root: &mut Node, path: &[&str], value: Node, field: &str) -> Result<(), PathError> {
    let Some((first, rest)) = path.split_first() else {
        let current = std::mem::replace(root, value.clone());
        *root = merge_at(current, value, field).map_err(PathError::Merge)?;
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
                *child = settle(value);
                return Ok(());
            }
            set_at(child, rest, value, first)
        }
        Value::List(items) => {
            let index = match first.parse::<usize>() {
                Ok(i) if i < items.len() => i,
                Ok(i) => {
                    return Err(PathError::Path {
                        message: format!("index {i} is past the end of a list of {} items", items.len()),
                        hint: None,
                    });
                }
                Err(_) => match items.iter().position(|item| item.record_id() == Some(first)) {
                    Some(i) => i,
                    None => {
                        let ids: Vec<&str> = items.iter().filter_map(Node::record_id).collect();
                        return Err(PathError::Path {
                            message: format!("no item with id `{}` here; the ids are: {}", excerpt(first), list(&ids)),
                            hint: closest(first, &ids).map(|c| format!("did you mean `{c}`?")),
                        });
                    }
                },
            };
            set_at(&mut items[index], rest, value, field)
        }
        _ => Err(PathError::Path {
            message: format!("cannot go into {} to find `{}`", root.describe(), excerpt(first)),
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
        let merged = merge(parent, child).unwrap();
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
        assert_eq!(strip(&merge(parent, child).unwrap()), "(rule:Fixed(\"hold\"),actors:[B(id:\"b\")])");
    }

    #[test]
    fn append_adds_to_an_inherited_list() {
        let mut s = Sources::default();
        let parent = node(&mut s, "p", "(events: [A, B])");
        let child = node(&mut s, "c", "(events: Append([C]))");
        assert_eq!(strip(&merge(parent, child).unwrap()), "(events:[A,B,C])");
    }

    #[test]
    fn merged_values_keep_the_span_of_the_file_that_wrote_them() {
        let mut s = Sources::default();
        let parent = node(&mut s, "p", "(a: 1, b: 2)");
        let child = node(&mut s, "c", "(b: 3)");
        let merged = merge(parent, child).unwrap();
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
        let PathError::Path { message, hint } = err else { panic!("{err:?}") };
        assert_eq!(message, "no item with id `us_admn` here; the ids are: us_admin, beijing");
        assert_eq!(hint.as_deref(), Some("did you mean `us_admin`?"));
        let err = set_path(&mut root, &["actors", "9"], v).unwrap_err();
        assert!(matches!(err, PathError::Path { message, .. } if message.starts_with("index 9 is past the end")));
    }

    #[test]
    fn a_plain_list_over_inherited_records_without_ids_is_refused() {
        let mut s = Sources::default();
        let parent = node(&mut s, "parent.ron", "(events: [(at: \"2026-01\"), (at: \"2026-04\")], steps: [0.1, 0.2])");
        let child = node(&mut s, "child.ron", "(events: [(at: \"2026-05\")])");
        let err = merge(parent.clone(), child).unwrap_err();
        let MergeError::ListOverList { ref field, inherited, .. } = err else { panic!("{err:?}") };
        assert_eq!((field.as_str(), inherited), ("events", 2));
        let d = err.diagnostic(&s);
        assert_eq!(d.message, "`events` here replaces the 2 items of `events` in parent.ron");
        assert!(d.hint.unwrap().contains("`events: Append([...])`"));
        // Said explicitly, either way is fine; and a list of plain values is a value.
        let append = node(&mut s, "c", "(events: Append([(at: \"2026-05\")]), steps: [0.3])");
        assert_eq!(
            strip(&merge(parent.clone(), append).unwrap()),
            "(events:[(at:\"2026-01\"),(at:\"2026-04\"),(at:\"2026-05\")],steps:[0.3])"
        );
        let replace = node(&mut s, "c", "(events: Replace([]))");
        assert_eq!(strip(&merge(parent, replace).unwrap()), "(events:[],steps:[0.1,0.2])");
    }

    #[test]
    fn a_record_keeps_its_kind_unless_replaced() {
        let mut s = Sources::default();
        let parent = node(&mut s, "parent.ron", "(actors: [DomesticChipmaker(id: \"huawei\", chip: \"910C\")])");
        let child = node(&mut s, "child.ron", "(actors: [ChipVendor(id: \"huawei\", brand: \"Huawei\")])");
        let err = merge(parent.clone(), child).unwrap_err();
        let d = err.diagnostic(&s);
        assert_eq!(d.message, "`huawei` is a `DomesticChipmaker` in parent.ron, and this writes it as a `ChipVendor`");
        assert!(d.hint.unwrap().contains("Replace(ChipVendor(id: \"huawei\", ...))"));
        let replace = node(
            &mut s,
            "c",
            "(actors: [Replace(ChipVendor(id: \"huawei\", brand: \"Huawei\")), Replace(Lab(id: \"new\"))])",
        );
        assert_eq!(
            strip(&merge(parent, replace).unwrap()),
            "(actors:[ChipVendor(id:\"huawei\",brand:\"Huawei\"),Lab(id:\"new\")])"
        );
    }

    #[test]
    fn markers_with_nothing_to_act_on_stand_for_their_value() {
        let mut s = Sources::default();
        let parent = node(&mut s, "p", "(a: 1)");
        let child = node(&mut s, "c", "(events: Append([(at: 1)]), world: (x: Replace(2)))");
        assert_eq!(strip(&merge(parent, child).unwrap()), "(a:1,events:[(at:1)],world:(x:2))");
    }

    #[test]
    fn large_lists_and_structs_merge_in_n_log_n() {
        let mut s = Sources::default();
        let records = |from: usize| {
            let items: Vec<String> = (from..from + 50_000).map(|i| format!("A(id: \"a{i}\", k: {i})")).collect();
            format!("(actors: [{}])", items.join(", "))
        };
        let parent = node(&mut s, "p", &records(0));
        let child = node(&mut s, "c", &records(25_000));
        let merged = merge(parent, child).unwrap();
        assert!(matches!(&merged.field("actors").unwrap().value, Value::List(items) if items.len() == 75_000));
    }
}
