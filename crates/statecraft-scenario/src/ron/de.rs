//! A serde `Deserializer` over the spanned tree. Every error carries the span of the innermost
//! node that failed, so a type error in a merged scenario names the file and place that wrote it.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use super::tree::{Key, Node, Value};
use crate::quote::{excerpt, list};
use crate::source::Span;
use crate::suggest::closest;

/// A type or value error while reading a tree into a Rust type.
#[derive(Clone, Debug, PartialEq)]
pub struct DeError {
    pub message: String,
    pub span: Option<Span>,
    pub hint: Option<String>,
}

/// What a value should have been: each kind has its own advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    Integer,
    NonNegativeInteger,
    Number,
    Bool,
    Char,
    Str,
    Name,
    Bytes,
    Unit,
    List,
    Tuple(usize),
    Map,
    Struct,
    /// An enum value: one of these variants.
    Variant(&'static [&'static str]),
}

impl Expected {
    fn describe(self) -> String {
        match self {
            Expected::Integer => "an integer".into(),
            Expected::NonNegativeInteger => "a non-negative integer".into(),
            Expected::Number => "a number".into(),
            Expected::Bool => "`true` or `false`".into(),
            Expected::Char => "a character 'x'".into(),
            Expected::Str => "a string \"...\"".into(),
            Expected::Name => "a name".into(),
            Expected::Bytes => "bytes (not supported in scenarios)".into(),
            Expected::Unit => "`()`".into(),
            Expected::List => "a list `[...]`".into(),
            Expected::Tuple(len) => format!("a tuple of {len} values `(...)`"),
            Expected::Map => "a map `{key: value}`".into(),
            Expected::Struct => "a struct `(field: value, ...)`".into(),
            Expected::Variant(variants) => format!("one of {}", variant_list(variants)),
        }
    }

    fn hint(self, found: &Node) -> String {
        match (self, &found.value) {
            (Expected::Variant(_), Value::Str(s)) => format!("variants are written without quotes: {}", excerpt(s)),
            (Expected::Variant(variants), _) => format!("write one of {}", variant_list(variants)),
            (Expected::Integer | Expected::NonNegativeInteger, _) => "write a whole number, e.g. 60".into(),
            (Expected::Number, _) => "write a number, e.g. 0.25 or 1e6".into(),
            (Expected::Str, _) => "write text in double quotes, e.g. \"H200-class\"".into(),
            (Expected::List, _) => "write a list in brackets, e.g. [a, b]".into(),
            (Expected::Struct, _) => "write fields in parentheses, e.g. (share: 0.25)".into(),
            (Expected::Bool, _) => "write true or false".into(),
            (other, _) => format!("write {}", other.describe()),
        }
    }
}

fn variant_list(variants: &[&str]) -> String {
    let quoted: Vec<String> = variants.iter().map(|v| format!("`{v}`")).collect();
    let quoted: Vec<&str> = quoted.iter().map(String::as_str).collect();
    list(&quoted)
}

/// What a value type of the schema (a fraction, a month) puts between its message and its
/// advice when it refuses a value: serde passes errors on as text only, so this marker is how
/// [`value_error`]'s hint reaches the [`DeError`].
const HINT_MARKER: &str = "\nhint: ";

/// The error a value type of the schema returns for a value out of its range, with advice.
pub fn value_error<E: de::Error>(message: impl fmt::Display, hint: impl fmt::Display) -> E {
    E::custom(format!("{message}{HINT_MARKER}{hint}"))
}

impl DeError {
    fn at(mut self, span: Span) -> DeError {
        self.span.get_or_insert(span);
        self
    }

    fn mismatch(expected: Expected, node: &Node) -> DeError {
        DeError {
            message: format!("expected {}, found {}", expected.describe(), node.describe()),
            span: Some(node.span),
            hint: Some(expected.hint(node)),
        }
    }

    /// `found` is not among `known` (a field or a variant): say so, and suggest the nearest.
    fn unknown(what: &str, found: &str, known: &'static [&'static str]) -> DeError {
        let message = match known {
            [] => format!("unknown {what} `{}`: there are none here", excerpt(found)),
            _ => format!("unknown {what} `{}`, expected one of {}", excerpt(found), variant_list(known)),
        };
        DeError { message, span: None, hint: closest(found, known).map(|c| format!("did you mean `{c}`?")) }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let text = msg.to_string();
        let (message, hint) = match text.split_once(HINT_MARKER) {
            Some((m, h)) => (m.to_string(), Some(h.to_string())),
            None => (text, None),
        };
        DeError { message, span: None, hint }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::unknown("field", field, expected)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::unknown("variant", variant, expected)
    }

    fn invalid_type(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        DeError {
            message: format!("invalid type: {}, expected {expected}", quoted(unexpected)),
            span: None,
            hint: None,
        }
    }

    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        DeError {
            message: format!("invalid value: {}, expected {expected}", quoted(unexpected)),
            span: None,
            hint: None,
        }
    }
}

/// serde's description of a value, with a long string or name cut to an excerpt.
fn quoted(unexpected: de::Unexpected) -> String {
    match unexpected {
        de::Unexpected::Str(s) => format!("string {:?}", excerpt(s)),
        de::Unexpected::Other(s) => excerpt(s).into_owned(),
        other => other.to_string(),
    }
}

/// Read a tree into any deserialisable type.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDe(node))
}

struct NodeDe<'a>(&'a Node);

impl<'de> NodeDe<'de> {
    fn int(&self) -> Result<i128, DeError> {
        match self.0.value {
            Value::Int(i) => Ok(i),
            _ => Err(DeError::mismatch(Expected::Integer, self.0)),
        }
    }
}

macro_rules! integer {
    ($method:ident, $ty:ty, $visit:ident) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            let span = self.0.span;
            let i = self.int()?;
            let value = <$ty>::try_from(i).map_err(|_| DeError {
                message: format!("integer `{i}` is out of range (expected {} to {})", <$ty>::MIN, <$ty>::MAX),
                span: Some(span),
                hint: None,
            })?;
            visitor.$visit::<DeError>(value).map_err(|e| e.at(span))
        }
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        let result = match &node.value {
            Value::Bool(b) => visitor.visit_bool::<DeError>(*b),
            Value::Int(i) => match i64::try_from(*i) {
                Ok(small) => visitor.visit_i64::<DeError>(small),
                Err(_) => visitor.visit_i128::<DeError>(*i),
            },
            Value::Float(x) => visitor.visit_f64::<DeError>(*x),
            Value::Str(s) => visitor.visit_borrowed_str::<DeError>(s),
            Value::Char(c) => visitor.visit_char::<DeError>(*c),
            Value::Unit => visitor.visit_unit::<DeError>(),
            Value::Ident(name) if name == "None" => visitor.visit_none::<DeError>(),
            Value::Ident(name) => visitor.visit_borrowed_str::<DeError>(name),
            Value::Tuple(Some(name), items) if name.name == "Some" && items.len() == 1 => {
                visitor.visit_some(NodeDe(&items[0]))
            }
            Value::List(items) | Value::Tuple(_, items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => visitor.visit_map(Entries { iter: entries.iter(), value: None }),
            Value::Struct(_, fields) => visitor.visit_map(Fields { iter: fields.iter(), value: None }),
        };
        result.map_err(|e| e.at(node.span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.value {
            Value::Bool(b) => visitor.visit_bool::<DeError>(b).map_err(|e| e.at(self.0.span)),
            _ => Err(DeError::mismatch(Expected::Bool, self.0)),
        }
    }

    integer!(deserialize_i8, i8, visit_i8);
    integer!(deserialize_i16, i16, visit_i16);
    integer!(deserialize_i32, i32, visit_i32);
    integer!(deserialize_i64, i64, visit_i64);
    integer!(deserialize_u8, u8, visit_u8);
    integer!(deserialize_u16, u16, visit_u16);
    integer!(deserialize_u32, u32, visit_u32);
    integer!(deserialize_u64, u64, visit_u64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let x = match self.0.value {
            Value::Float(x) => x,
            Value::Int(i) => i as f64,
            _ => return Err(DeError::mismatch(Expected::Number, self.0)),
        };
        visitor.visit_f64::<DeError>(x).map_err(|e| e.at(self.0.span))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.value {
            Value::Char(c) => visitor.visit_char::<DeError>(c).map_err(|e| e.at(self.0.span)),
            _ => Err(DeError::mismatch(Expected::Char, self.0)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            // A bare word where a string is expected can only mean that string; accepting it
            // spares users shell quoting in `--set us_admin.ceiling=closed`.
            Value::Str(s) | Value::Ident(s) if s != "None" => {
                visitor.visit_borrowed_str::<DeError>(s).map_err(|e| e.at(self.0.span))
            }
            _ => Err(DeError::mismatch(Expected::Str, self.0)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, DeError> {
        Err(DeError::mismatch(Expected::Bytes, self.0))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        let result = match &node.value {
            Value::Ident(name) if name == "None" => visitor.visit_none::<DeError>(),
            Value::Tuple(Some(name), items) if name.name == "Some" && items.len() == 1 => {
                visitor.visit_some(NodeDe(&items[0]))
            }
            _ => visitor.visit_some(self),
        };
        result.map_err(|e| e.at(node.span))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            Value::Unit => visitor.visit_unit::<DeError>(),
            Value::Tuple(None, items) if items.is_empty() => visitor.visit_unit::<DeError>(),
            _ => Err(DeError::mismatch(Expected::Unit, self.0)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        let result = match &node.value {
            Value::Tuple(_, items) if items.len() == 1 => visitor.visit_newtype_struct(NodeDe(&items[0])),
            _ => visitor.visit_newtype_struct(self),
        };
        result.map_err(|e| e.at(node.span))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            Value::List(items) | Value::Tuple(None, items) => {
                visitor.visit_seq(Items(items.iter())).map_err(|e| e.at(self.0.span))
            }
            _ => Err(DeError::mismatch(Expected::List, self.0)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            Value::List(items) | Value::Tuple(None, items) if items.len() == len => {
                visitor.visit_seq(Items(items.iter())).map_err(|e| e.at(self.0.span))
            }
            _ => Err(DeError::mismatch(Expected::Tuple(len), self.0)),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.0.value {
            Value::Tuple(_, items) if items.len() == len => {
                visitor.visit_seq(Items(items.iter())).map_err(|e| e.at(self.0.span))
            }
            _ => Err(DeError::mismatch(Expected::Tuple(len), self.0)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            Value::Map(entries) => {
                visitor.visit_map(Entries { iter: entries.iter(), value: None }).map_err(|e| e.at(self.0.span))
            }
            _ => Err(DeError::mismatch(Expected::Map, self.0)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        const EMPTY: &[(Key, Node)] = &[];
        let fields = match &self.0.value {
            Value::Struct(_, fields) => fields.as_slice(),
            Value::Unit => EMPTY,
            Value::Tuple(_, items) if items.is_empty() => EMPTY,
            _ => return Err(DeError::mismatch(Expected::Struct, self.0)),
        };
        visitor.visit_map(Fields { iter: fields.iter(), value: None }).map_err(|e| e.at(self.0.span))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let node = self.0;
        let (variant, span) = match &node.value {
            Value::Ident(name) | Value::Str(name) => (name.as_str(), node.span),
            Value::Tuple(Some(key), _) | Value::Struct(Some(key), _) => (key.name.as_str(), key.span),
            _ => return Err(DeError::mismatch(Expected::Variant(variants), node)),
        };
        visitor.visit_enum(Variant { node, name: variant, span }).map_err(|e| e.at(node.span))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            Value::Ident(s) | Value::Str(s) => visitor.visit_borrowed_str::<DeError>(s).map_err(|e| e.at(self.0.span)),
            _ => Err(DeError::mismatch(Expected::Name, self.0)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit::<DeError>()
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let i = self.int()?;
        visitor.visit_i128::<DeError>(i).map_err(|e| e.at(self.0.span))
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let i = self.int()?;
        let value = u128::try_from(i).map_err(|_| DeError::mismatch(Expected::NonNegativeInteger, self.0))?;
        visitor.visit_u128::<DeError>(value).map_err(|e| e.at(self.0.span))
    }
}

struct Items<'a>(std::slice::Iter<'a, Node>);

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        self.0.next().map(|node| seed.deserialize(NodeDe(node)).map_err(|e| e.at(node.span))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Fields<'a> {
    iter: std::slice::Iter<'a, (Key, Node)>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for Fields<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.iter.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(KeyDe(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let node = self.value.take().expect("a value follows its key");
        // Value types check ranges after reading: their errors belong to this value too.
        seed.deserialize(NodeDe(node)).map_err(|e| e.at(node.span))
    }
}

struct Entries<'a> {
    iter: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.iter.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(NodeDe(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let node = self.value.take().expect("a value follows its key");
        // Value types check ranges after reading: their errors belong to this value too.
        seed.deserialize(NodeDe(node)).map_err(|e| e.at(node.span))
    }
}

/// A field name: deserialises as a string and reports errors (unknown field) at the name.
struct KeyDe<'a>(&'a Key);

impl<'de> de::Deserializer<'de> for KeyDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_borrowed_str::<DeError>(&self.0.name).map_err(|e| e.at(self.0.span))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Variant<'a> {
    node: &'a Node,
    name: &'a str,
    span: Span,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = DeError;
    type Variant = VariantBody<'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, VariantBody<'de>), DeError> {
        let name = de::value::BorrowedStrDeserializer::<DeError>::new(self.name);
        let value = seed.deserialize(name).map_err(|e| e.at(self.span))?;
        Ok((value, VariantBody { node: self.node, name: self.name }))
    }
}

struct VariantBody<'a> {
    node: &'a Node,
    name: &'a str,
}

impl<'de> de::VariantAccess<'de> for VariantBody<'de> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match &self.node.value {
            Value::Ident(_) | Value::Str(_) => Ok(()),
            Value::Tuple(_, items) if items.is_empty() => Ok(()),
            _ => Err(DeError {
                message: format!("`{}` takes no value", excerpt(self.name)),
                span: Some(self.node.span),
                hint: Some(format!("write just `{}`", excerpt(self.name))),
            }),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        match &self.node.value {
            Value::Tuple(_, items) if items.len() == 1 => seed.deserialize(NodeDe(&items[0])),
            // `Kind(field: value, ...)`: the struct body belongs to the newtype's inner struct.
            Value::Struct(..) => seed.deserialize(NodeDe(self.node)),
            _ => Err(self.needs_value("(...)")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Tuple(_, items) if items.len() == len => visitor.visit_seq(Items(items.iter())),
            _ => Err(self.needs_value(&format!("({} values)", len))),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Struct(_, fields) => visitor.visit_map(Fields { iter: fields.iter(), value: None }),
            Value::Tuple(_, items) if items.is_empty() => visitor.visit_map(Fields { iter: [].iter(), value: None }),
            _ => Err(self.needs_value("(field: value, ...)")),
        }
    }
}

impl VariantBody<'_> {
    fn needs_value(&self, shape: &str) -> DeError {
        DeError {
            message: format!("`{0}` needs a value written as `{0}{shape}`", excerpt(self.name)),
            span: Some(self.node.span),
            hint: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ron::parse;
    use crate::source::Sources;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Thing {
        name: String,
        count: u32,
        #[serde(default)]
        ratio: f64,
        rule: Rule,
        maybe: Option<u8>,
        #[serde(default)]
        list: Vec<Rule>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    enum Rule {
        BestResponse,
        Logit { lambda: f64 },
        Fixed(String),
        Boxed(Inner),
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        id: String,
    }

    fn read<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, (DeError, String)> {
        let mut sources = Sources::default();
        let id = sources.add("t.ron", text);
        let node = parse(text, id).unwrap();
        from_node::<T>(&node).map_err(|e| {
            let snippet = e.span.map(|s| text[s.range()].to_string()).unwrap_or_default();
            (e, snippet)
        })
    }

    #[test]
    fn reads_structs_enums_options_and_lists() {
        let thing: Thing = read("Thing(name: \"a\", count: 3, rule: Logit(lambda: 2), maybe: 4, list: [BestResponse, Fixed(\"hold\"), Boxed(id: \"x\")])").unwrap();
        assert_eq!(
            thing,
            Thing {
                name: "a".into(),
                count: 3,
                ratio: 0.0,
                rule: Rule::Logit { lambda: 2.0 },
                maybe: Some(4),
                list: vec![Rule::BestResponse, Rule::Fixed("hold".into()), Rule::Boxed(Inner { id: "x".into() })],
            }
        );
        let explicit: Thing = read("(name: \"a\", count: 3, rule: BestResponse, maybe: Some(4))").unwrap();
        assert_eq!(explicit.maybe, Some(4));
        let none: Thing = read("(name: \"a\", count: 3, rule: BestResponse, maybe: None)").unwrap();
        assert_eq!(none.maybe, None);
    }

    #[test]
    fn unknown_fields_point_at_the_name_and_suggest() {
        let (err, at) = read::<Thing>("(name: \"a\", count: 3, rule: BestResponse, maybe: 1, ratoi: 0.5)").unwrap_err();
        assert!(err.message.starts_with("unknown field `ratoi`"), "{}", err.message);
        assert_eq!(at, "ratoi");
        assert_eq!(err.hint.as_deref(), Some("did you mean `ratio`?"));
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let (err, at) = read::<Thing>("(name: \"a\", count: \"three\", rule: BestResponse, maybe: 1)").unwrap_err();
        assert_eq!(err.message, "expected an integer, found the string \"three\"");
        assert_eq!(at, "\"three\"");
        let bare: Thing = read("(name: a, count: 3, rule: BestResponse, maybe: 1)").unwrap();
        assert_eq!(bare.name, "a", "a bare word reads as the string it spells");
        let (err, at) = read::<Thing>("(name: [1], count: 3, rule: BestResponse, maybe: 1)").unwrap_err();
        assert_eq!(at, "[1]");
        assert_eq!(err.message, "expected a string \"...\", found a list `[...]`");
        let (err, _) = read::<Thing>("(name: \"a\", count: -3, rule: BestResponse, maybe: 1)").unwrap_err();
        assert_eq!(err.message, "integer `-3` is out of range (expected 0 to 4294967295)");
    }

    #[test]
    fn unknown_variants_point_at_the_variant_name() {
        let (err, at) = read::<Thing>("(name: \"a\", count: 3, rule: Logti(lambda: 1.0), maybe: 1)").unwrap_err();
        assert!(err.message.starts_with("unknown variant `Logti`"), "{}", err.message);
        assert_eq!(at, "Logti");
        assert_eq!(err.hint.as_deref(), Some("did you mean `Logit`?"));
        let (err, _) = read::<Thing>("(name: \"a\", count: 3, rule: Fixed, maybe: 1)").unwrap_err();
        assert_eq!(err.message, "`Fixed` needs a value written as `Fixed(...)`");
    }

    #[test]
    fn errors_deep_in_lists_point_at_the_item() {
        let (err, at) = read::<Thing>(
            "(name: \"a\", count: 3, rule: BestResponse, maybe: 1, list: [BestResponse, Logit(lamda: 1.0)])",
        )
        .unwrap_err();
        assert!(err.message.starts_with("unknown field `lamda`"));
        assert_eq!(at, "lamda");
    }

    #[test]
    fn missing_fields_point_at_the_struct() {
        let (err, at) = read::<Thing>("(name: \"a\", rule: BestResponse, maybe: 1)").unwrap_err();
        assert_eq!(err.message, "missing field `count`");
        assert!(at.starts_with("(name"));
    }

    #[test]
    fn hints_follow_the_kind_of_value_expected() {
        let (err, _) =
            read::<Thing>("(name: \"a\", count: 3, rule: \"BestResponse\", maybe: 1, ratio: [1])").unwrap_err();
        assert_eq!(err.message, "expected a number, found a list `[...]`");
        assert_eq!(err.hint.as_deref(), Some("write a number, e.g. 0.25 or 1e6"));
        let (err, _) = read::<Thing>("(name: \"a\", count: 3, rule: [1], maybe: 1)").unwrap_err();
        assert_eq!(err.message, "expected one of `BestResponse`, `Logit`, `Fixed`, `Boxed`, found a list `[...]`");
        assert_eq!(err.hint.as_deref(), Some("write one of `BestResponse`, `Logit`, `Fixed`, `Boxed`"));
        let (err, _) = read::<Thing>("(name: \"a\", count: (), rule: BestResponse, maybe: 1)").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("write a whole number, e.g. 60"));
    }

    #[test]
    fn value_types_pass_their_advice_on() {
        #[derive(Debug)]
        struct Even;
        impl<'de> Deserialize<'de> for Even {
            fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let n = u32::deserialize(d)?;
                if n % 2 == 0 { Ok(Even) } else { Err(value_error(format!("{n} is odd"), "write an even number")) }
            }
        }
        let (err, at) = read::<Vec<Even>>("[2, 3]").unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.hint.as_deref(), at.as_str()),
            ("3 is odd", Some("write an even number"), "3")
        );
    }

    #[test]
    fn long_unknown_names_are_quoted_by_an_excerpt_with_no_suggestion() {
        let long = "ratio".repeat(200_000);
        let (err, _) =
            read::<Thing>(&format!("(name: \"a\", count: 3, rule: BestResponse, maybe: 1, {long}: 0.5)")).unwrap_err();
        assert!(err.message.len() < 200, "{} bytes", err.message.len());
        assert_eq!(err.hint, None);
        let (err, _) = read::<Thing>(&format!("(name: \"a\", count: 3, rule: {long}, maybe: 1)")).unwrap_err();
        assert!(err.message.starts_with("unknown variant `ratioratio") && err.message.len() < 200, "{}", err.message);
        let (err, _) =
            read::<Thing>(&format!("(name: \"a\", count: \"{long}\", rule: BestResponse, maybe: 1)")).unwrap_err();
        assert!(err.message.len() < 200, "{} bytes", err.message.len());
    }
}
