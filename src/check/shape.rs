//! Layer 1: every document's shape, checked against the generated JSON Schemas.

use crate::diag::{Code, Finding, Findings, did_you_mean};
use crate::files::Files;
use crate::schema;
use crate::spec::{KINDS, SLUG_PATTERN, Spec, VERSIONS};
use crate::yaml::Document;
use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::collections::HashMap;

/// A document whose shape is right, read into its kind's type.
#[derive(Debug)]
pub struct Loaded {
    pub doc: Document,
    pub spec: Spec,
}

/// The compiled schemas, one per kind.
pub struct Shapes {
    kinds: HashMap<&'static str, (Value, Validator)>,
}

impl Shapes {
    pub fn new() -> Self {
        let kinds = KINDS
            .iter()
            .map(|k| {
                let schema = schema::kind_schema(k);
                let validator = jsonschema::validator_for(&schema)
                    .expect("invariant: generated schemas compile");
                (*k, (schema, validator))
            })
            .collect();
        Shapes { kinds }
    }

    /// Checks every document; the ones whose shape is right come back read.
    pub fn check(
        &self,
        docs: Vec<Document>,
        files: &Files,
        findings: &mut Findings,
    ) -> Vec<Loaded> {
        docs.into_iter()
            .filter_map(|doc| self.check_one(doc, files, findings))
            .collect()
    }

    fn check_one(&self, doc: Document, files: &Files, findings: &mut Findings) -> Option<Loaded> {
        let display = &files.get(doc.file).display;
        let Some(obj) = doc.value.as_object() else {
            findings.push(
                Finding::new(
                    Code::WrongType,
                    format!(
                        "a document must be a mapping, found {}",
                        type_name(&doc.value)
                    ),
                )
                .at(doc.value_spot(""))
                .path(doc.yaml_path(display, "")),
            );
            return None;
        };
        let kind = match obj.get("kind") {
            None => {
                findings.push(
                    Finding::new(Code::MissingKind, "document has no `kind`")
                        .at(doc.value_spot(""))
                        .path(doc.yaml_path(display, ""))
                        .help(format!("add `kind:` with one of: {}", KINDS.join(", "))),
                );
                return None;
            }
            Some(Value::String(k)) if KINDS.contains(&k.as_str()) => k.clone(),
            Some(other) => {
                let shown = scalar_text(other);
                findings.push(
                    Finding::new(Code::UnknownKind, format!("unknown kind `{shown}`"))
                        .at(doc.value_spot("/kind"))
                        .path(doc.yaml_path(display, "/kind"))
                        .help(
                            did_you_mean(&shown, KINDS)
                                .unwrap_or_else(|| format!("kinds are: {}", KINDS.join(", "))),
                        ),
                );
                return None;
            }
        };
        let (root, validator) = &self.kinds[kind.as_str()];
        let before = findings.len();
        if let Some(v) = obj.get("version")
            && !v.as_str().is_some_and(|v| VERSIONS.contains(&v))
        {
            findings.push(
                Finding::new(
                    Code::UnsupportedVersion,
                    format!("unsupported format version `{}`", scalar_text(v)),
                )
                .at(doc.value_spot("/version"))
                .path(doc.yaml_path(display, "/version"))
                .help(format!("this praxis reads {}", VERSIONS.join(", "))),
            );
        }
        for error in validator.iter_errors(&doc.value) {
            if error.instance_path().as_str() == "/version" {
                continue;
            }
            map_error(&error, root, &doc, display, findings);
        }
        if findings.len() > before {
            return None;
        }
        let mut value = doc.value.clone();
        if let Some(obj) = value.as_object_mut() {
            obj.remove("kind");
            obj.remove("version");
        }
        match Spec::from_value(&kind, value) {
            Ok(spec) => Some(Loaded { doc, spec }),
            Err(e) => {
                findings.push(
                    Finding::new(Code::InvalidValue, format!("invalid {kind}: {e}"))
                        .at(doc.value_spot(""))
                        .path(doc.yaml_path(display, "")),
                );
                None
            }
        }
    }
}

impl Default for Shapes {
    fn default() -> Self {
        Self::new()
    }
}

fn map_error(
    error: &ValidationError<'_>,
    root: &Value,
    doc: &Document,
    display: &str,
    findings: &mut Findings,
) {
    let pointer = error.instance_path().as_str().to_string();
    let name = field_name(&pointer);
    let path = doc.yaml_path(display, &pointer);
    let instance = error.instance();
    let finding = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let allowed = allowed_fields(root, error.schema_path().as_str());
            for key in unexpected {
                let member = format!("{pointer}/{}", crate::yaml::escape(key));
                let help = did_you_mean(key, &allowed)
                    .unwrap_or_else(|| format!("fields here are: {}", allowed.join(", ")));
                let what = if pointer.is_empty() {
                    "this kind".to_string()
                } else {
                    format!("`{name}`")
                };
                findings.push(
                    Finding::new(
                        Code::UnknownField,
                        format!("unknown field `{key}` in {what}"),
                    )
                    .at(doc.key_spot(&member))
                    .path(doc.yaml_path(display, &member))
                    .help(help),
                );
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let field = property.as_str().unwrap_or_default();
            let spot = if pointer.is_empty() {
                doc.value_spot("/kind")
            } else {
                doc.key_spot(&pointer)
            };
            let within = if pointer.is_empty() {
                String::new()
            } else {
                format!(" in `{name}`")
            };
            Finding::new(
                Code::MissingField,
                format!("missing required field `{field}`{within}"),
            )
            .at(spot)
            .help(format!("add `{field}:`"))
        }
        ValidationErrorKind::Type { kind } => Finding::new(
            Code::WrongType,
            format!(
                "`{name}` must be {}, found {}",
                expected_type(&format!("{kind:?}")),
                describe_value(instance)
            ),
        )
        .at(doc.value_spot(&pointer)),
        ValidationErrorKind::Enum { options } => {
            let values: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(scalar_text).collect())
                .unwrap_or_default();
            let found = scalar_text(instance);
            Finding::new(
                Code::InvalidValue,
                format!(
                    "`{name}` must be one of {}; found `{found}`",
                    values.join(", ")
                ),
            )
            .at(doc.value_spot(&pointer))
            .help_opt(did_you_mean(&found, &values))
        }
        ValidationErrorKind::Constant { expected_value } => Finding::new(
            Code::InvalidValue,
            format!("`{name}` must be `{}`", scalar_text(expected_value)),
        )
        .at(doc.value_spot(&pointer)),
        ValidationErrorKind::Pattern { pattern } if pattern == SLUG_PATTERN => {
            let found = scalar_text(instance);
            Finding::new(Code::InvalidId, format!("`{found}` is not a valid id"))
                .at(doc.value_spot(&pointer))
                .help(format!(
                    "ids are lowercase letters, digits and `-` (at most 63): try `{}`",
                    slugify(&found)
                ))
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let (lo, hi) = range_of(root, error.schema_path().as_str());
            let range = match (lo, hi) {
                (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
                (Some(lo), None) => format!("at least {lo}"),
                (None, Some(hi)) => format!("at most {hi}"),
                (None, None) => format!("within {limit}"),
            };
            let mut f = Finding::new(
                Code::OutOfRange,
                format!("`{name}` must be {range}, found {}", scalar_text(instance)),
            )
            .at(doc.value_spot(&pointer));
            if hi.is_some_and(|h| h == 1.0) && instance.as_f64().is_some_and(|v| v > 1.0) {
                f = f.help(format!(
                    "shares are fractions: {}% is {}",
                    scalar_text(instance),
                    instance.as_f64().unwrap_or(0.0) / 100.0
                ));
            }
            f
        }
        ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MaxLength { .. } => {
            Finding::new(
                Code::InvalidValue,
                format!("`{name}` has the wrong length: {error}"),
            )
            .at(doc.value_spot(&pointer))
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // Descend into the one alternative whose type fits, so the user hears about the
            // real problem (an unknown operator) rather than "matches no alternative".
            let fitting: Vec<&Vec<ValidationError<'static>>> = context
                .iter()
                .filter(|errs| !errs.iter().any(|e| type_mismatch(e, &pointer)))
                .collect();
            if let [only] = fitting.as_slice() {
                for e in only.iter() {
                    map_error(e, root, doc, display, findings);
                }
                return;
            }
            let mut expected = Vec::new();
            for errs in context {
                for e in errs {
                    expected_types(e, &pointer, &mut expected);
                }
            }
            let mut uniq: Vec<String> = Vec::new();
            for e in expected {
                if !uniq.contains(&e) {
                    uniq.push(e);
                }
            }
            Finding::new(
                Code::WrongType,
                format!(
                    "`{name}` must be {}, found {}",
                    if uniq.is_empty() {
                        "of another shape".to_string()
                    } else {
                        uniq.join(" or ")
                    },
                    describe_value(instance)
                ),
            )
            .at(doc.value_spot(&pointer))
        }
        _ => Finding::new(Code::InvalidValue, format!("`{name}`: {error}"))
            .at(doc.value_spot(&pointer)),
    };
    findings.push(finding.path(path));
}

/// Whether an error says the value at `pointer` has the wrong type (also through nested
/// `anyOf`s whose every alternative says so).
fn type_mismatch(e: &ValidationError<'_>, pointer: &str) -> bool {
    if e.instance_path().as_str() != pointer {
        return false;
    }
    match e.kind() {
        ValidationErrorKind::Type { .. } => true,
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            context
                .iter()
                .all(|errs| errs.iter().any(|e| type_mismatch(e, pointer)))
        }
        _ => false,
    }
}

fn expected_types(e: &ValidationError<'_>, pointer: &str, out: &mut Vec<String>) {
    if e.instance_path().as_str() != pointer {
        return;
    }
    match e.kind() {
        ValidationErrorKind::Type { kind } => out.push(expected_type(&format!("{kind:?}"))),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            for errs in context {
                for e in errs {
                    expected_types(e, pointer, out);
                }
            }
        }
        _ => {}
    }
}

/// The last segment of a JSON pointer, for messages.
fn field_name(pointer: &str) -> String {
    let last = pointer.rsplit('/').next().unwrap_or("");
    if last.is_empty() {
        "document".into()
    } else {
        last.replace("~1", "/").replace("~0", "~")
    }
}

/// Follows a schema path (through `$ref`s) to the schema holding its last keyword.
fn schema_at<'a>(root: &'a Value, schema_path: &str) -> &'a Value {
    let mut segments: Vec<&str> = schema_path.split('/').skip(1).collect();
    segments.pop();
    let mut current = root;
    for seg in segments {
        if seg == "$ref" {
            if let Some(target) = current.get("$ref").and_then(Value::as_str) {
                current = root
                    .pointer(target.trim_start_matches('#'))
                    .unwrap_or(&Value::Null);
            }
            continue;
        }
        let seg = seg.replace("~1", "/").replace("~0", "~");
        current = match current {
            Value::Object(m) => m.get(&seg).unwrap_or(&Value::Null),
            Value::Array(a) => seg
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get(i))
                .unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    current
}

fn allowed_fields(root: &Value, schema_path: &str) -> Vec<String> {
    schema_at(root, schema_path)
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn range_of(root: &Value, schema_path: &str) -> (Option<f64>, Option<f64>) {
    let s = schema_at(root, schema_path);
    (
        s.get("minimum").and_then(Value::as_f64),
        s.get("maximum").and_then(Value::as_f64),
    )
}

fn expected_type(debug: &str) -> String {
    let lower = debug.to_lowercase();
    let mut names = Vec::new();
    for (key, text) in [
        ("integer", "a whole number"),
        ("number", "a number"),
        ("string", "text"),
        ("boolean", "true or false"),
        ("array", "a list"),
        ("object", "a mapping"),
        ("null", "empty"),
    ] {
        if lower.contains(key) && !(key == "number" && names.contains(&"a whole number")) {
            names.push(text);
        }
    }
    // Optional fields accept null; saying so only adds noise.
    if names.len() > 1 {
        names.retain(|n| *n != "empty");
    }
    if names.is_empty() {
        debug.to_string()
    } else {
        names.join(" or ")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "an empty value",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn describe_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("text `{s}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("`{b}`"),
        other => type_name(other).to_string(),
    }
}

/// A scalar as the user wrote it; containers in JSON.
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A slug built from arbitrary text, for suggestions.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for ch in text.trim().to_lowercase().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars().take(63).collect()
}
