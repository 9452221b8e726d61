//! A JSON record read for the few keys praxis looks at: their values in full, every other
//! value skipped without building it (still checked as JSON). Exports from ticketing or
//! code-review systems carry dozens of fields per record; building all of them into a
//! `serde_json::Map` was most of the cost of reading NDJSON.
//!
//! The result is a `Map` holding only the wanted top-level keys, so [`super::lookup`] finds
//! exactly what it would find in the whole record: a column is looked up as a whole key at
//! the top level, then as a dotted path whose first part is a top-level key.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// The top-level keys to keep for a set of columns: each column whole, and the first part
/// of each dotted column.
#[derive(Debug, Default)]
pub struct Wanted {
    keys: Vec<String>,
}

impl Wanted {
    pub fn new<'a>(columns: impl IntoIterator<Item = &'a str>) -> Self {
        let mut keys: Vec<String> = Vec::new();
        for column in columns {
            let first = column.split('.').next().unwrap_or(column);
            for key in [column, first] {
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_string());
                }
            }
        }
        Wanted { keys }
    }

    fn contains(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

/// Reads one JSON value: `Some(map)` of the wanted keys when it is an object, `None` when it
/// is anything else (which the caller counts as malformed).
pub struct Sparse<'w>(pub &'w Wanted);

impl<'de> DeserializeSeed<'de> for Sparse<'_> {
    type Value = Option<Map<String, Value>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Sparse<'_> {
    type Value = Option<Map<String, Value>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            if self.0.contains(&key) {
                // A repeated key keeps its last value, as serde_json's own map does.
                out.insert(key.into_owned(), map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Some(out))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }

            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What lookup finds in the sparse map equals what it finds in the whole record.
    #[test]
    fn lookups_agree_with_the_whole_record() {
        let columns = ["ts", "who.id", "a.b.c", "dotted.key", "missing", "n"];
        let wanted = Wanted::new(columns);
        for text in [
            r#"{"ts": "2026-01-05T10:00:00Z", "who": {"id": "a@x.io", "name": "A"}, "noise": [1, {"x": 2}], "n": 5}"#,
            r#"{"who": 5, "a": {"b": {"c": true}}, "dotted.key": "whole", "dotted": {"key": "path"}}"#,
            r#"{"ts": 1, "ts": "last wins", "who": {"id": "first"}, "who": {"id": "second"}}"#,
            r#"{"who": {"id": null}, "a": {"b": [1]}, "esc\"aped": 1, "n": "5"}"#,
            r#"{"dotted": {"key": "only the path"}}"#,
            r#"{}"#,
        ] {
            let whole: Value = serde_json::from_str(text).unwrap();
            let whole = whole.as_object().unwrap();
            let mut de = serde_json::Deserializer::from_str(text);
            let sparse = Sparse(&wanted).deserialize(&mut de).unwrap().unwrap();
            de.end().unwrap();
            for column in columns {
                assert_eq!(
                    crate::ingest::lookup(&sparse, column),
                    crate::ingest::lookup(whole, column),
                    "{column} in {text}"
                );
            }
            // Only the wanted top-level keys are built; the rest (like `noise`) is skipped.
            let kept = [
                "ts",
                "who.id",
                "who",
                "a.b.c",
                "a",
                "dotted.key",
                "dotted",
                "missing",
                "n",
            ];
            for key in sparse.keys() {
                assert!(kept.contains(&key.as_str()), "{key} kept from {text}");
            }
        }
    }

    #[test]
    fn anything_but_an_object_is_none_and_bad_json_an_error() {
        let wanted = Wanted::new(["ts"]);
        for text in ["[1, {\"ts\": 2}]", "5", "\"text\"", "null", "true", "-1.5"] {
            let mut de = serde_json::Deserializer::from_str(text);
            assert_eq!(
                Sparse(&wanted).deserialize(&mut de).unwrap(),
                None,
                "{text}"
            );
        }
        for text in ["{\"ts\": }", "{not json", "{\"a\": [1, 2}"] {
            let mut de = serde_json::Deserializer::from_str(text);
            assert!(Sparse(&wanted).deserialize(&mut de).is_err(), "{text}");
        }
    }
}
