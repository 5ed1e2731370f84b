//! The canonical form of any serialisable value, generic and knowing nothing of the simulator:
//! a [`Tree`] of serde's data model built by a serializer, its stable hash (FNV-1a, 64 bits;
//! floats hash by their bits), and its fields, each a path (`trade.vendors[2].units`) with a
//! hash, which is how a replay locates a divergence.

use serde::Serialize;
use serde::ser::{
    self, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple, SerializeTupleStruct,
    SerializeTupleVariant,
};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a: tiny, stable across platforms and releases (unlike `DefaultHasher`).
#[derive(Clone, Copy, Debug)]
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(OFFSET)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }
}

/// The digest of one value.
pub fn digest<T: Serialize + ?Sized>(value: &T) -> u64 {
    Tree::of(value).hash()
}

/// A value in canonical form: serde's data model, with the bytes each node contributes to the
/// hash. (The encoding is the one statecraft has always hashed: scenario digests, and so the
/// seeds of experiments, do not change with it.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tree {
    /// A number, flag, string, unit or unit variant: a type tag and the value's bytes.
    Leaf(Vec<u8>),
    /// A sequence, tuple, map, struct, option or variant: a head (tag, length, variant index),
    /// the children, and for compounds an end marker.
    Node { head: Vec<u8>, children: Vec<(Key, Tree)>, end: bool },
}

/// How a child hangs from its parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// An element of a sequence or tuple.
    Index(usize),
    /// A struct field; its name is hashed before the value.
    Field(&'static str),
    /// A map entry; its key is hashed before the value.
    Entry(Tree),
    /// The content of `Some` or of a newtype variant.
    Inner,
}

const END: u8 = 28;

impl Tree {
    /// The canonical form of `value`.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Tree {
        match value.serialize(Canonical) {
            Ok(tree) => tree,
            Err(never) => match never {},
        }
    }

    pub fn hash(&self) -> u64 {
        let mut hasher = Fnv::default();
        self.write(&mut hasher);
        hasher.0
    }

    fn write(&self, hasher: &mut Fnv) {
        match self {
            Tree::Leaf(bytes) => hasher.write(bytes),
            Tree::Node { head, children, end } => {
                hasher.write(head);
                for (key, child) in children {
                    match key {
                        Key::Field(name) => hasher.write(name.as_bytes()),
                        Key::Entry(key) => key.write(hasher),
                        Key::Index(_) | Key::Inner => {}
                    }
                    child.write(hasher);
                }
                if *end {
                    hasher.write(&[END]);
                }
            }
        }
    }

    /// Every leaf with its path, in encoding order. Paths read like Rust: `vendors[2].units`,
    /// `memory.0[1]`, `prices["H200"]`; the root leaf's path is empty.
    pub fn leaves(&self) -> Vec<(String, &Tree)> {
        let mut out = Vec::new();
        self.walk(&mut String::new(), &mut |path, leaf| out.push((path.to_string(), leaf)));
        out
    }

    fn walk<'a>(&'a self, path: &mut String, visit: &mut dyn FnMut(&str, &'a Tree)) {
        let Tree::Node { children, .. } = self else { return visit(path, self) };
        for (key, child) in children {
            let len = path.len();
            match key {
                Key::Index(i) => path.push_str(&format!("[{i}]")),
                Key::Field(name) if len == 0 => path.push_str(name),
                Key::Field(name) => path.push_str(&format!(".{name}")),
                Key::Entry(key) => path.push_str(&format!("[{}]", key.show())),
                Key::Inner => {}
            }
            child.walk(path, visit);
            path.truncate(len);
        }
    }

    /// A leaf's value as text (`0.25`, `"H200"`, `true`); compounds show as `…`.
    pub fn show(&self) -> String {
        let Tree::Leaf(bytes) = self else { return "…".into() };
        let Some((&tag, value)) = bytes.split_first() else { return String::new() };
        let mut word = [0u8; 16];
        let width = value.len().min(16);
        word[..width].copy_from_slice(&value[..width]);
        let unsigned = u128::from_le_bytes(word);
        let signed = |bits: u32| (unsigned << (128 - bits)) as i128 >> (128 - bits);
        match tag {
            1..=5 => signed(8 * width as u32).to_string(),
            6..=10 | 20 => unsigned.to_string(),
            11 => (unsigned != 0).to_string(),
            12 => format!("{:?}", f32::from_bits(unsigned as u32)),
            13 => format!("{:?}", f64::from_bits(unsigned as u64)),
            14 => char::from_u32(unsigned as u32).map_or("?".into(), |c| format!("{c:?}")),
            15 => format!("{:?}", String::from_utf8_lossy(value.get(8..).unwrap_or_default())),
            17 => "None".into(),
            19 => "()".into(),
            _ => format!("{bytes:02x?}"),
        }
    }
}

/// Builds the [`Tree`] of a value.
struct Canonical;

/// Serialising into a tree cannot fail.
#[derive(Debug)]
pub enum Never {}

impl std::fmt::Display for Never {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        // Only a hand-written `Serialize` can fail, and none in the model does.
        panic!("the model state does not serialise: {message}")
    }
}

fn leaf(tag: u8, value: &[u8]) -> Tree {
    let mut bytes = Vec::with_capacity(1 + value.len());
    bytes.push(tag);
    bytes.extend_from_slice(value);
    Tree::Leaf(bytes)
}

fn head(tag: u8, index: Option<u32>, len: Option<usize>) -> Vec<u8> {
    let mut bytes = vec![tag];
    if let Some(index) = index {
        bytes.extend_from_slice(&index.to_le_bytes());
    }
    if let Some(len) = len {
        bytes.extend_from_slice(&(len as u64).to_le_bytes());
    }
    bytes
}

/// A compound being built.
pub struct Compound {
    head: Vec<u8>,
    children: Vec<(Key, Tree)>,
    /// A map key waiting for its value.
    key: Option<Tree>,
}

impl Compound {
    fn new(head: Vec<u8>, len: usize) -> Compound {
        Compound { head, children: Vec::with_capacity(len), key: None }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        let key = Key::Index(self.children.len());
        self.children.push((key, Tree::of(value)));
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Never> {
        self.children.push((Key::Field(name), Tree::of(value)));
        Ok(())
    }

    fn end(self) -> Result<Tree, Never> {
        Ok(Tree::Node { head: self.head, children: self.children, end: true })
    }
}

macro_rules! numbers {
    ($($method:ident: $ty:ty => $tag:expr),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<Tree, Never> {
            Ok(leaf($tag, &v.to_le_bytes()))
        })*
    };
}

impl ser::Serializer for Canonical {
    type Ok = Tree;
    type Error = Never;
    type SerializeSeq = Compound;
    type SerializeTuple = Compound;
    type SerializeTupleStruct = Compound;
    type SerializeTupleVariant = Compound;
    type SerializeMap = Compound;
    type SerializeStruct = Compound;
    type SerializeStructVariant = Compound;

    numbers! {
        serialize_i8: i8 => 1, serialize_i16: i16 => 2, serialize_i32: i32 => 3, serialize_i64: i64 => 4,
        serialize_i128: i128 => 5, serialize_u8: u8 => 6, serialize_u16: u16 => 7, serialize_u32: u32 => 8,
        serialize_u64: u64 => 9, serialize_u128: u128 => 10,
    }

    fn serialize_bool(self, v: bool) -> Result<Tree, Never> {
        Ok(leaf(11, &[u8::from(v)]))
    }

    fn serialize_f32(self, v: f32) -> Result<Tree, Never> {
        Ok(leaf(12, &v.to_bits().to_le_bytes()))
    }

    fn serialize_f64(self, v: f64) -> Result<Tree, Never> {
        Ok(leaf(13, &v.to_bits().to_le_bytes()))
    }

    fn serialize_char(self, v: char) -> Result<Tree, Never> {
        Ok(leaf(14, &u32::from(v).to_le_bytes()))
    }

    fn serialize_str(self, v: &str) -> Result<Tree, Never> {
        self.serialize_bytes(v.as_bytes()).map(|tree| match tree {
            Tree::Leaf(mut bytes) => {
                bytes[0] = 15;
                Tree::Leaf(bytes)
            }
            node => node,
        })
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Tree, Never> {
        let mut value = (v.len() as u64).to_le_bytes().to_vec();
        value.extend_from_slice(v);
        Ok(leaf(16, &value))
    }

    fn serialize_none(self) -> Result<Tree, Never> {
        Ok(leaf(17, &[]))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Tree, Never> {
        Ok(Tree::Node { head: vec![18], children: vec![(Key::Inner, Tree::of(value))], end: false })
    }

    fn serialize_unit(self) -> Result<Tree, Never> {
        Ok(leaf(19, &[]))
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Tree, Never> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Result<Tree, Never> {
        Ok(leaf(20, &index.to_le_bytes()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Tree, Never> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<Tree, Never> {
        Ok(Tree::Node { head: head(21, Some(index), None), children: vec![(Key::Inner, Tree::of(value))], end: false })
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound, Never> {
        Ok(Compound::new(head(22, None, len), len.unwrap_or(0)))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound, Never> {
        Ok(Compound::new(head(23, None, Some(len)), len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound, Never> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Compound, Never> {
        Ok(Compound::new(head(24, Some(index), Some(len)), len))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound, Never> {
        Ok(Compound::new(head(25, None, len), len.unwrap_or(0)))
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound, Never> {
        Ok(Compound::new(head(26, None, Some(len)), len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Compound, Never> {
        Ok(Compound::new(head(27, Some(index), Some(len)), len))
    }
}

macro_rules! elements {
    ($($trait:ident::$method:ident),*) => {
        $(impl $trait for Compound {
            type Ok = Tree;
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                self.element(value)
            }
            fn end(self) -> Result<Tree, Never> {
                Compound::end(self)
            }
        })*
    };
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! fields {
    ($($trait:ident),*) => {
        $(impl $trait for Compound {
            type Ok = Tree;
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Never> {
                self.field(name, value)
            }
            fn end(self) -> Result<Tree, Never> {
                Compound::end(self)
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

impl SerializeMap for Compound {
    type Ok = Tree;
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        self.key = Some(Tree::of(key));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        let key = self.key.take().unwrap_or(Tree::Leaf(Vec::new()));
        self.children.push((Key::Entry(key), Tree::of(value)));
        Ok(())
    }
    fn end(self) -> Result<Tree, Never> {
        Compound::end(self)
    }
}

/// A field of a part: a path in its tree, with the hash of what the path holds itself (a
/// leaf's value; a compound's head: its length, its variant, `Some` or `None`). A sequence or
/// tuple of plain values is one field, `stage_game.us`; a sequence of records has fields per
/// record, `trade.vendors[2].units`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub path: String,
    pub hash: u64,
    /// The enclosing field, by index in the part's list (the root is its own parent).
    pub parent: usize,
}

impl Tree {
    /// The fields of this tree, parents before children.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = Vec::new();
        self.gather(String::new(), 0, &mut fields);
        fields
    }

    fn gather(&self, path: String, parent: usize, fields: &mut Vec<Field>) {
        // `Some` and newtype variants share their content's path, so they add to one field.
        let at = match fields.last_mut() {
            Some(last) if last.path == path => fields.len() - 1,
            _ => {
                fields.push(Field { path: path.clone(), hash: OFFSET, parent });
                fields.len() - 1
            }
        };
        let mut hasher = Fnv(fields[at].hash);
        match self {
            Tree::Leaf(bytes) => hasher.write(bytes),
            Tree::Node { head, children, .. } => {
                hasher.write(head);
                let plain = children.iter().all(|(key, child)| matches!((key, child), (Key::Index(_), Tree::Leaf(_))));
                if plain {
                    for (_, child) in children {
                        child.write(&mut hasher);
                    }
                } else {
                    fields[at].hash = hasher.0;
                    for (key, child) in children {
                        let child_path = match key {
                            Key::Index(i) => format!("{path}[{i}]"),
                            Key::Field(name) if path.is_empty() => name.to_string(),
                            Key::Field(name) => format!("{path}.{name}"),
                            Key::Entry(key) => format!("{path}[{}]", key.show()),
                            Key::Inner => path.clone(),
                        };
                        child.gather(child_path, at, fields);
                    }
                    return;
                }
            }
        }
        fields[at].hash = hasher.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct S {
        a: f64,
        b: Vec<u32>,
        c: Option<String>,
    }

    #[test]
    fn known_answer() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        let mut h = Fnv::default();
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
        // The canonical encoding is pinned (computed by hand from the encoding rules):
        // scenario digests seed experiments.
        assert_eq!(digest(&S { a: 1.0, b: vec![1, 2], c: Some("x".into()) }), 0x46a9_9865_8551_bf81);
    }

    #[test]
    fn every_field_and_shape_matters() {
        let base = digest(&S { a: 1.0, b: vec![1, 2], c: None });
        assert_eq!(base, digest(&S { a: 1.0, b: vec![1, 2], c: None }));
        assert_ne!(base, digest(&S { a: 1.0000000000000002, b: vec![1, 2], c: None }));
        assert_ne!(base, digest(&S { a: 1.0, b: vec![2, 1], c: None }));
        assert_ne!(base, digest(&S { a: 1.0, b: vec![1, 2], c: Some(String::new()) }));
        assert_ne!(digest(&(vec![1u8], vec![2u8])), digest(&(vec![1u8, 2], Vec::<u8>::new())), "lengths delimit");
    }

    #[test]
    fn fields_are_paths_with_plain_arrays_whole() {
        #[derive(Serialize)]
        struct Record {
            x: u8,
        }
        #[derive(Serialize)]
        struct T {
            prices: Vec<f64>,
            records: Vec<Record>,
            pending: Option<(u32, bool)>,
        }
        let base = || T { prices: vec![1.0, 2.0], records: vec![Record { x: 1 }], pending: None };
        let paths: Vec<(String, usize)> = Tree::of(&base()).fields().into_iter().map(|f| (f.path, f.parent)).collect();
        let expected = [("", 0), ("prices", 0), ("records", 0), ("records[0]", 2), ("records[0].x", 3), ("pending", 0)];
        assert_eq!(paths, expected.map(|(p, i)| (p.to_string(), i)));
        let changed = |t: T| -> Vec<String> {
            let before = Tree::of(&base()).fields();
            Tree::of(&t).fields().into_iter().filter(|f| !before.contains(f)).map(|f| f.path).collect()
        };
        assert_eq!(changed(T { prices: vec![1.0, 2.5], ..base() }), ["prices"]);
        assert_eq!(changed(T { records: vec![Record { x: 2 }], ..base() }), ["records[0].x"]);
        assert_eq!(
            changed(T { pending: Some((3, true)), ..base() }),
            ["pending"],
            "`Some` and its content are one field"
        );
    }

    #[test]
    fn leaves_have_paths_and_values() {
        let mut map = std::collections::BTreeMap::new();
        map.insert("H200", (-3i32, true));
        let tree = Tree::of(&(S { a: 0.25, b: vec![7], c: Some("x".into()) }, map));
        let leaves: Vec<(String, String)> = tree.leaves().into_iter().map(|(p, l)| (p, l.show())).collect();
        let expected = [
            ("[0].a", "0.25"),
            ("[0].b[0]", "7"),
            ("[0].c", "\"x\""),
            ("[1][\"H200\"][0]", "-3"),
            ("[1][\"H200\"][1]", "true"),
        ];
        assert_eq!(leaves, expected.map(|(p, v)| (p.to_string(), v.to_string())));
    }
}
