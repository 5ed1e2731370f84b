//! A digest of the whole world state each month: a stable hash (FNV-1a, 64 bits) over a
//! canonical binary encoding produced by serde, so any serialisable state — resources, actor
//! components, RNG positions — hashes the same on every machine. Floats hash by their bits.

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
    let mut hasher = Fnv::default();
    value.serialize(&mut Hashing(&mut hasher)).expect("hashing never fails");
    hasher.0
}

pub struct Hashing<'a>(&'a mut Fnv);

#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unreachable")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

impl Hashing<'_> {
    fn tag(&mut self, tag: u8) {
        self.0.write(&[tag]);
    }

    fn len(&mut self, len: usize) {
        self.0.write(&(len as u64).to_le_bytes());
    }
}

macro_rules! bytes {
    ($($method:ident: $ty:ty => $tag:expr),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), Never> {
            self.tag($tag);
            self.0.write(&v.to_le_bytes());
            Ok(())
        })*
    };
}

impl<'a> ser::Serializer for &mut Hashing<'a> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    bytes! {
        serialize_i8: i8 => 1, serialize_i16: i16 => 2, serialize_i32: i32 => 3, serialize_i64: i64 => 4,
        serialize_i128: i128 => 5, serialize_u8: u8 => 6, serialize_u16: u16 => 7, serialize_u32: u32 => 8,
        serialize_u64: u64 => 9, serialize_u128: u128 => 10,
    }

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.tag(11);
        self.0.write(&[u8::from(v)]);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.tag(12);
        self.0.write(&v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.tag(13);
        self.0.write(&v.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.tag(14);
        self.0.write(&u32::from(v).to_le_bytes());
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.tag(15);
        self.len(v.len());
        self.0.write(v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.tag(16);
        self.len(v.len());
        self.0.write(v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Never> {
        self.tag(17);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        self.tag(18);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Never> {
        self.tag(19);
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Result<(), Never> {
        self.tag(20);
        self.0.write(&index.to_le_bytes());
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.tag(21);
        self.0.write(&index.to_le_bytes());
        value.serialize(self)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Never> {
        self.tag(22);
        if let Some(len) = len {
            self.len(len);
        }
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, Never> {
        self.tag(23);
        self.len(len);
        Ok(self)
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(self, _: &'static str, index: u32, _: &'static str, len: usize) -> Result<Self, Never> {
        self.tag(24);
        self.0.write(&index.to_le_bytes());
        self.len(len);
        Ok(self)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self, Never> {
        self.tag(25);
        if let Some(len) = len {
            self.len(len);
        }
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.tag(26);
        self.len(len);
        Ok(self)
    }

    fn serialize_struct_variant(self, _: &'static str, index: u32, _: &'static str, len: usize) -> Result<Self, Never> {
        self.tag(27);
        self.0.write(&index.to_le_bytes());
        self.len(len);
        Ok(self)
    }
}

macro_rules! compound {
    ($($trait:ident::$method:ident),*) => {
        $(impl<'a> $trait for &mut Hashing<'a> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.tag(28);
                Ok(())
            }
        })*
    };
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<'a> SerializeMap for &mut Hashing<'a> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.tag(28);
        Ok(())
    }
}

macro_rules! fields {
    ($($trait:ident),*) => {
        $(impl<'a> $trait for &mut Hashing<'a> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Never> {
                self.0.write(key.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.tag(28);
                Ok(())
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

/// The digest of one month: one hash per part of the state (each resource, each actor), and
/// their combination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TickDigest {
    pub total: u64,
    pub parts: Vec<PartDigest>,
}

/// One resource or actor: its hash, and a four-bit fingerprint of each of its fields, so that a
/// divergence can be traced to a field without storing the state itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartDigest {
    pub name: String,
    pub hash: u64,
    /// `(path, fingerprint)` in path order; paths go two levels deep (`decider.memory`,
    /// `trade.vendors[2]`).
    pub fields: Vec<(String, u8)>,
}

impl PartDigest {
    fn of<T: Serialize + ?Sized>(name: String, value: &T) -> PartDigest {
        let mut fields = Vec::new();
        if let Ok(tree) = serde_json::to_value(value) {
            flatten(&tree, String::new(), 2, &mut fields);
        }
        fields.sort();
        PartDigest { name, hash: digest(value), fields }
    }
}

/// The leaves of `tree` down to `depth` levels of objects and arrays, each with its fingerprint.
fn flatten(tree: &serde_json::Value, path: String, depth: usize, out: &mut Vec<(String, u8)>) {
    let child = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match tree {
        serde_json::Value::Object(map) if depth > 0 && !map.is_empty() => {
            for (key, value) in map {
                flatten(value, child(key), depth - 1, out);
            }
        }
        // Arrays of records are expanded (`vendors[2]`); arrays of numbers stay one field.
        serde_json::Value::Array(items)
            if depth > 0 && !path.is_empty() && !items.is_empty() && items.iter().all(|v| v.is_object()) =>
        {
            for (i, value) in items.iter().enumerate() {
                flatten(value, format!("{path}[{i}]"), depth - 1, out);
            }
        }
        leaf => out.push((if path.is_empty() { "(value)".into() } else { path }, (digest(leaf) & 0xf) as u8)),
    }
}

/// An actor's whole state, by component: what the digest hashes and the fingerprints name.
#[derive(Serialize)]
struct ActorState<'a> {
    id: &'a crate::actors::ActorId,
    decider: &'a crate::actors::Decider,
    rng: &'a crate::rng::ActorRng,
    #[serde(skip_serializing_if = "Option::is_none")]
    us_admin: Option<&'a crate::actors::us_admin::UsAdmin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bloc: Option<&'a crate::actors::congress::Bloc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vendor: Option<&'a crate::actors::vendor::Vendor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beijing: Option<&'a crate::actors::beijing::BeijingLeader>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud: Option<&'a crate::actors::cloud::Cloud>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lab: Option<&'a crate::actors::lab::LabState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chipmaker: Option<&'a crate::actors::chipmaker::Chipmaker>,
}

/// Digest every part of the world's state.
pub fn world_digest(world: &mut bevy_ecs::world::World) -> TickDigest {
    use crate::actors::beijing::BeijingLeader;
    use crate::actors::chipmaker::Chipmaker;
    use crate::actors::cloud::Cloud;
    use crate::actors::congress::Bloc;
    use crate::actors::lab::LabState;
    use crate::actors::us_admin::UsAdmin;
    use crate::actors::vendor::Vendor;
    use crate::actors::{ActorId, ActorName, Decider};
    use crate::rng::{ActorRng, NatureRng};
    use crate::state::*;

    fn part<T: bevy_ecs::resource::Resource + Serialize>(world: &bevy_ecs::world::World, name: &str) -> PartDigest {
        PartDigest::of(name.to_string(), world.resource::<T>())
    }
    let mut parts = vec![
        part::<Calendar>(world, "calendar"),
        part::<Params>(world, "params"),
        part::<ExportPolicy>(world, "export_policy"),
        part::<ImportPolicy>(world, "import_policy"),
        part::<Relations>(world, "relations"),
        part::<Bills>(world, "bills"),
        part::<Compute>(world, "compute"),
        part::<Frontier>(world, "frontier"),
        part::<Ledger>(world, "ledger"),
        part::<Trade>(world, "trade"),
        part::<Script>(world, "script"),
        part::<Signals>(world, "signals"),
        part::<crate::market::Market>(world, "market"),
        part::<crate::stage_game::StageGame>(world, "stage_game"),
        part::<NatureRng>(world, "nature_rng"),
    ];
    let mut actors = world.query::<(
        &ActorId,
        &ActorName,
        &Decider,
        &ActorRng,
        Option<&UsAdmin>,
        Option<&Bloc>,
        Option<&Vendor>,
        Option<&BeijingLeader>,
        Option<&Cloud>,
        Option<&LabState>,
        Option<&Chipmaker>,
    )>();
    let mut rows: Vec<_> = actors.iter(world).collect();
    rows.sort_by_key(|r| *r.0);
    for (id, name, decider, rng, us_admin, bloc, vendor, beijing, cloud, lab, chipmaker) in rows {
        let state = ActorState { id, decider, rng, us_admin, bloc, vendor, beijing, cloud, lab, chipmaker };
        parts.push(PartDigest::of(format!("actor:{}", name.0), &state));
    }
    let hashes: Vec<(&str, u64)> = parts.iter().map(|p| (p.name.as_str(), p.hash)).collect();
    TickDigest { total: digest(&hashes), parts }
}

/// Record: the month's digest.
pub fn record_digest(world: &mut bevy_ecs::world::World) {
    let d = world_digest(world);
    world.resource_mut::<crate::phases::record::Recorder>().digests.push(d);
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
}
