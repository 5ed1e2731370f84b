//! The value tree of a RON text, each node carrying its span.

use std::collections::BTreeSet;

use crate::quote::excerpt;
use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// A field name and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Char(char),
    /// `()`
    Unit,
    /// A bare identifier: a unit enum variant, or `None`.
    Ident(String),
    /// `[a, b]`
    List(Vec<Node>),
    /// `{k: v}`
    Map(Vec<(Node, Node)>),
    /// `(a, b)` or `Name(a, b)`: a tuple, tuple struct, or tuple/newtype enum variant.
    Tuple(Option<Key>, Vec<Node>),
    /// `(f: v)` or `Name(f: v)`: a struct or struct enum variant.
    Struct(Option<Key>, Vec<(Key, Node)>),
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node { value, span }
    }

    /// A short description of the value's shape, for error messages.
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Int(i) => format!("the integer `{i}`"),
            Value::Float(x) => format!("the number `{x}`"),
            Value::Str(s) => format!("the string {:?}", excerpt(s)),
            Value::Char(c) => format!("the character {c:?}"),
            Value::Unit => "`()`".to_string(),
            Value::Ident(name) => format!("`{}`", excerpt(name)),
            Value::List(_) => "a list `[...]`".to_string(),
            Value::Map(_) => "a map `{...}`".to_string(),
            Value::Tuple(Some(name), _) | Value::Struct(Some(name), _) => format!("`{}(...)`", excerpt(&name.name)),
            Value::Tuple(None, _) => "a tuple `(...)`".to_string(),
            Value::Struct(None, _) => "a struct `(field: ...)`".to_string(),
        }
    }

    /// The value of field `name` if this node is a struct that writes it.
    pub fn field(&self, name: &str) -> Option<&Node> {
        match &self.value {
            Value::Struct(_, fields) => fields.iter().find(|(k, _)| k.name == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The first record, in any list of this tree, whose `id` an earlier record of the same
    /// list already has: the id and the record.
    pub fn duplicate_id(&self) -> Option<(&str, &Node)> {
        let children: Vec<&Node> = match &self.value {
            Value::List(items) | Value::Tuple(_, items) => items.iter().collect(),
            Value::Struct(_, fields) => fields.iter().map(|(_, v)| v).collect(),
            Value::Map(entries) => entries.iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        };
        if let Value::List(items) = &self.value {
            let mut seen = BTreeSet::new();
            for item in items {
                if let Some(id) = item.record_id()
                    && !seen.insert(id)
                {
                    return Some((id, item));
                }
            }
        }
        children.into_iter().find_map(Node::duplicate_id)
    }

    /// The `id` of a record (`(id: "x", ...)` or `Kind(id: "x", ...)`, also when written
    /// `Replace(Kind(id: "x", ...))`), if it has one.
    pub fn record_id(&self) -> Option<&str> {
        let record = match &self.value {
            Value::Tuple(Some(marker), items) if marker.name == "Replace" && items.len() == 1 => &items[0],
            _ => self,
        };
        match &record.field("id")?.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}
