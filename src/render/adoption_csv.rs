use crate::engine::document::{AdoptionDocument, PeriodReport};

const COLUMNS: &[&str] = &[
    "behavior",
    "priority",
    "direction",
    "per",
    "group_field",
    "group_value",
    "start",
    "end",
    "audience",
    "practicing",
    "trying",
    "lapsed",
    "not_started",
    "over_limit",
    "adoption",
    "expected",
    "events",
    "new",
    "returning",
    "resurrecting",
    "dormant",
    "sticking",
    "strength_median",
    "strong_share",
    "old_way_share",
    "displacement",
];

/// The long form: one row per behavior × period, then with `--by` one row per behavior ×
/// group for the latest period.
pub fn csv(doc: &AdoptionDocument) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for b in &doc.behaviors {
        for p in &b.periods {
            let _ = w.write_record(row(b, "", "", p));
        }
        for g in b.groups.iter().flatten() {
            if let Some(l) = &g.latest {
                let _ = w.write_record(row(b, &g.field, &g.value, &l.period));
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn row(
    b: &crate::engine::document::BehaviorReport,
    field: &str,
    value: &str,
    p: &PeriodReport,
) -> Vec<String> {
    let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    let f = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    vec![
        b.id.clone(),
        b.priority.clone(),
        b.direction.clone(),
        b.per.clone(),
        field.to_string(),
        value.to_string(),
        p.start.clone(),
        p.end.clone(),
        p.audience.to_string(),
        p.practicing.to_string(),
        n(p.trying),
        n(p.lapsed),
        n(p.not_started),
        n(p.over_limit),
        f(p.adoption),
        f(p.expected),
        p.events.to_string(),
        n(p.new),
        n(p.returning),
        n(p.resurrecting),
        n(p.dormant),
        p.sticking.to_string(),
        f(p.strength_median),
        f(p.strong_share),
        f(p.old_way_share),
        f(p.displacement),
    ]
}
