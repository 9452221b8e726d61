//! Semantic diff of two strategies: documents keyed by kind and id (not by file), each
//! change as a field path with its old and new value.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct DocChange {
    pub kind: String,
    pub id: String,
    /// `added`, `removed`, `changed`, `renamed` or `moved`.
    pub change: &'static str,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_file: Option<String>,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    /// Dotted path: `target.adoption`, `audience.team`.
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// For lists of values: what was added and removed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Value>,
}

impl FieldChange {
    /// `target.at_least: 2 → 3`, `audience.team: +sales-apac`.
    pub fn describe(&self) -> String {
        let show = |v: &Option<Value>| {
            v.as_ref().map_or("(none)".to_string(), |v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        if !self.added.is_empty() || !self.removed.is_empty() {
            let items: Vec<String> = self
                .added
                .iter()
                .map(|v| format!("+{}", show(&Some(v.clone()))))
                .chain(
                    self.removed
                        .iter()
                        .map(|v| format!("-{}", show(&Some(v.clone())))),
                )
                .collect();
            return format!("{}: {}", self.path, items.join(" "));
        }
        format!("{}: {} → {}", self.path, show(&self.old), show(&self.new))
    }
}

type Key = (String, String);

/// Documents by (kind, id): singletons use an empty id, check-ins without an id their file.
fn index(written: &[(String, Value)]) -> BTreeMap<Key, (String, Value)> {
    let mut out = BTreeMap::new();
    for (file, value) in written {
        let kind = value
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("(no kind)")
            .to_string();
        let id = match value.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None if matches!(kind.as_str(), "workspace" | "roster") => String::new(),
            None => file.clone(),
        };
        let mut body = value.clone();
        if let Some(o) = body.as_object_mut() {
            o.remove("version");
        }
        out.entry((kind, id)).or_insert((file.clone(), body));
    }
    out
}

fn without_id(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("id");
    }
    v
}

/// The changes from `base` to `head`, in kind order then id.
pub fn diff(base: &[(String, Value)], head: &[(String, Value)]) -> Vec<DocChange> {
    let (old, new) = (index(base), index(head));
    let mut out = Vec::new();
    let mut removed: Vec<&Key> = old.keys().filter(|k| !new.contains_key(*k)).collect();
    let mut added: Vec<&Key> = new.keys().filter(|k| !old.contains_key(*k)).collect();
    // A removed and an added document of one kind with the same content: a rename.
    let mut renames = Vec::new();
    for a in added.clone() {
        if let Some(pos) = removed
            .iter()
            .position(|r| r.0 == a.0 && without_id(&old[*r].1) == without_id(&new[a].1))
        {
            renames.push((removed.remove(pos), a));
            added.retain(|x| *x != a);
        }
    }
    for (r, a) in renames {
        out.push(DocChange {
            kind: a.0.clone(),
            id: a.1.clone(),
            change: "renamed",
            file: new[a].0.clone(),
            old_id: Some(r.1.clone()),
            old_file: (old[r].0 != new[a].0).then(|| old[r].0.clone()),
            fields: Vec::new(),
        });
    }
    let whole = |change, k: &Key, side: &BTreeMap<Key, (String, Value)>| DocChange {
        kind: k.0.clone(),
        id: k.1.clone(),
        change,
        file: side[k].0.clone(),
        old_id: None,
        old_file: None,
        fields: Vec::new(),
    };
    out.extend(added.into_iter().map(|k| whole("added", k, &new)));
    out.extend(removed.into_iter().map(|k| whole("removed", k, &old)));
    for (k, (file, value)) in &new {
        let Some((old_file, old_value)) = old.get(k) else {
            continue;
        };
        let mut fields = Vec::new();
        compare("", old_value, value, &mut fields);
        let moved = old_file != file;
        if fields.is_empty() && !moved {
            continue;
        }
        out.push(DocChange {
            kind: k.0.clone(),
            id: k.1.clone(),
            change: if fields.is_empty() {
                "moved"
            } else {
                "changed"
            },
            file: file.clone(),
            old_id: None,
            old_file: moved.then(|| old_file.clone()),
            fields,
        });
    }
    let order = |k: &str| {
        crate::spec::KINDS
            .iter()
            .position(|x| *x == k)
            .unwrap_or(99)
    };
    out.sort_by(|a, b| (order(&a.kind), &a.id).cmp(&(order(&b.kind), &b.id)));
    out
}

fn compare(path: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => compare(&join(k), x, y, out),
                    (x, y) => out.push(FieldChange {
                        path: join(k),
                        old: x.cloned(),
                        new: y.cloned(),
                        added: Vec::new(),
                        removed: Vec::new(),
                    }),
                }
            }
        }
        (Value::Array(a), Value::Array(b))
            if a.iter().chain(b).all(|v| !v.is_object() && !v.is_array()) =>
        {
            out.push(FieldChange {
                path: path.to_string(),
                old: None,
                new: None,
                added: b.iter().filter(|v| !a.contains(v)).cloned().collect(),
                removed: a.iter().filter(|v| !b.contains(v)).cloned().collect(),
            });
        }
        // A single value that became a list (or back): compare as lists.
        (Value::Array(_), v) | (v, Value::Array(_)) if !v.is_object() && !v.is_array() => {
            let as_list = |x: &Value| {
                if x.is_array() {
                    x.clone()
                } else {
                    Value::Array(vec![x.clone()])
                }
            };
            compare(path, &as_list(old), &as_list(new), out);
        }
        _ => out.push(FieldChange {
            path: path.to_string(),
            old: Some(old.clone()),
            new: Some(new.clone()),
            added: Vec::new(),
            removed: Vec::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_renames_and_moves() {
        let base = vec![
            (
                "a.yaml".to_string(),
                json!({"kind": "behavior", "id": "b", "target": {"at_least": 2}, "audience": {"team": ["x"]}}),
            ),
            (
                "a.yaml".to_string(),
                json!({"kind": "priority", "id": "old", "title": "T"}),
            ),
            (
                "a.yaml".to_string(),
                json!({"kind": "source", "id": "s", "path": "p"}),
            ),
        ];
        let head = vec![
            (
                "a.yaml".to_string(),
                json!({"kind": "behavior", "id": "b", "target": {"at_least": 3}, "audience": {"team": ["x", "y"]}}),
            ),
            (
                "b.yaml".to_string(),
                json!({"kind": "priority", "id": "new", "title": "T"}),
            ),
            (
                "c.yaml".to_string(),
                json!({"kind": "source", "id": "s", "path": "p"}),
            ),
        ];
        let d = diff(&base, &head);
        let text: Vec<String> = d
            .iter()
            .map(|c| {
                format!(
                    "{} {} {} {:?} {}",
                    c.kind,
                    c.id,
                    c.change,
                    c.old_id,
                    c.fields
                        .iter()
                        .map(FieldChange::describe)
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })
            .collect();
        assert_eq!(
            text,
            [
                "priority new renamed Some(\"old\") ",
                "behavior b changed None audience.team: +y; target.at_least: 2 → 3",
                "source s moved None ",
            ]
        );
    }
}
