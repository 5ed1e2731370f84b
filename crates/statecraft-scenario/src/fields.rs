//! The field names serde expects for a struct, read from its `Deserialize` impl, so that lists
//! of names for hints and path shortcuts never drift from the schema.

use serde::Deserialize;
use serde::de::{self, Visitor};

/// The fields of struct `T` in declaration order (empty if `T` is not a struct).
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Capture(&mut names, Want::Fields));
    names
}

/// The variants of enum `T` in declaration order (empty if `T` is not an enum).
pub fn variant_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Capture(&mut names, Want::Variants));
    names
}

#[derive(PartialEq)]
enum Want {
    Fields,
    Variants,
}

struct Capture<'a>(&'a mut &'static [&'static str], Want);

#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stop")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> de::Deserializer<'de> for Capture<'_> {
    type Error = Stop;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        if self.1 == Want::Fields {
            *self.0 = fields;
        }
        Err(Stop)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        if self.1 == Want::Variants {
            *self.0 = variants;
        }
        Err(Stop)
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Relations, Scenario};

    #[test]
    fn reads_the_fields_of_a_struct() {
        assert_eq!(
            field_names::<Scenario>(),
            [
                "name",
                "description",
                "start",
                "months",
                "seed",
                "chips",
                "export_rules",
                "ceilings",
                "world",
                "actors",
                "bills",
                "events",
                "uncertain",
                "replicates_per_draw"
            ]
        );
        assert!(field_names::<Relations>().contains(&"tension"));
        assert!(field_names::<u32>().is_empty());
    }
}
