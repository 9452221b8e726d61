//! JSON Schemas generated from the spec types: one per kind plus a combined schema that
//! editors use through a `# yaml-language-server: $schema=…` modeline. The same schemas
//! drive the structural layer of validation, so editor and CI agree.

use crate::spec::{self, KINDS, VERSIONS};
use schemars::JsonSchema;
use serde_json::{Map, Value, json};

/// Base of the schemas' `$id`s.
pub const ID_BASE: &str = "https://praxis.dev/schemas/v1";

/// The schema of one kind's documents.
pub fn kind_schema(kind: &str) -> Value {
    let mut schema = match kind {
        "workspace" => generate::<spec::Workspace>(),
        "priority" => generate::<spec::Priority>(),
        "behavior" => generate::<spec::Behavior>(),
        "source" => generate::<spec::Source>(),
        "roster" => generate::<spec::Roster>(),
        "checkins" => generate::<spec::Checkins>(),
        other => panic!("invariant: kind_schema called with unknown kind {other}"),
    };
    add_kind_and_version(&mut schema, kind);
    schema["$id"] = json!(format!("{ID_BASE}/{kind}.schema.json"));
    schema
}

fn generate<T: JsonSchema>() -> Value {
    schemars::schema_for!(T).to_value()
}

/// Every document carries `kind` (required) and an optional `version`; they lead the
/// properties so editors list them first.
fn add_kind_and_version(schema: &mut Value, kind: &str) {
    let obj = schema
        .as_object_mut()
        .expect("invariant: schemas are objects");
    let old = obj
        .remove("properties")
        .and_then(|p| p.as_object().cloned())
        .unwrap_or_default();
    let mut props = Map::new();
    props.insert(
        "kind".into(),
        json!({ "const": kind, "description": "What this document is." }),
    );
    props.insert(
        "version".into(),
        json!({ "enum": VERSIONS, "description": "Format version (default `praxis/v1`)." }),
    );
    props.extend(old);
    obj.insert("properties".into(), Value::Object(props));
    let mut required = vec![json!("kind")];
    if let Some(Value::Array(r)) = obj.remove("required") {
        required.extend(r);
    }
    obj.insert("required".into(), Value::Array(required));
}

/// One schema for any praxis document, dispatching on `kind`.
pub fn combined_schema() -> Value {
    let mut defs = Map::new();
    let mut all_of = Vec::new();
    for kind in KINDS {
        let mut schema = kind_schema(kind);
        let obj = schema
            .as_object_mut()
            .expect("invariant: schemas are objects");
        if let Some(Value::Object(nested)) = obj.remove("$defs") {
            defs.extend(nested);
        }
        for key in ["$schema", "$id"] {
            obj.remove(key);
        }
        defs.insert((*kind).to_string(), schema);
        all_of.push(json!({
            "if": { "properties": { "kind": { "const": kind } }, "required": ["kind"] },
            "then": { "$ref": format!("#/$defs/{kind}") }
        }));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{ID_BASE}/praxis.schema.json"),
        "title": "praxis strategy document",
        "description": "A document of a praxis strategy directory; `kind` says which.",
        "type": "object",
        "required": ["kind"],
        "properties": { "kind": { "enum": KINDS } },
        "allOf": all_of,
        "$defs": defs
    })
}

/// The schema of `praxis adoption --format json`, the document every renderer reads.
pub fn adoption_schema() -> Value {
    let mut schema = generate::<crate::engine::document::AdoptionDocument>();
    schema["$id"] = json!(format!("{ID_BASE}/adoption.schema.json"));
    schema
}

/// Every generated schema file: (file name, pretty JSON with a trailing newline).
pub fn all_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, Value)> = KINDS
        .iter()
        .map(|k| (format!("{k}.schema.json"), kind_schema(k)))
        .collect();
    files.push(("praxis.schema.json".into(), combined_schema()));
    files.push(("adoption.schema.json".into(), adoption_schema()));
    files
        .into_iter()
        .map(|(name, value)| {
            let mut text = serde_json::to_string_pretty(&value)
                .expect("invariant: a JSON value always serializes");
            text.push('\n');
            (name, text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_schemas_require_kind_and_reject_unknown_fields() {
        let s = kind_schema("behavior");
        assert_eq!(s["properties"]["kind"]["const"], "behavior");
        assert_eq!(s["required"][0], "kind");
        assert_eq!(s["additionalProperties"], false);
        assert!(
            s["required"]
                .as_array()
                .unwrap()
                .contains(&json!("priority"))
        );
    }

    #[test]
    fn combined_schema_compiles_and_dispatches() {
        let v = jsonschema::validator_for(&combined_schema()).unwrap();
        assert!(v.is_valid(&json!({"kind": "priority", "id": "a", "title": "t"})));
        assert!(!v.is_valid(&json!({"kind": "priority", "id": "a"})));
        assert!(!v.is_valid(&json!({"kind": "nope"})));
    }
}
