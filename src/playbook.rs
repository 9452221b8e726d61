//! The playbook context: each behavior in plain words, ready for any template.

use crate::engine::document::AdoptionDocument;
use crate::model::{Behavior, Strategy, Test};
use crate::render::percent;
use crate::spec::{Direction, Per, Scalar};
use chrono::Days;
use serde_json::{Value, json};

/// The context of one priority's playbook (optionally for one team).
pub fn context(
    strategy: &Strategy,
    priority: usize,
    team: Option<&str>,
    status: Option<&AdoptionDocument>,
) -> Value {
    let p = &strategy.priorities[priority];
    let horizon = match (p.horizon_start, p.horizon_end) {
        (Some(s), Some(e)) => Some(format!("{s} to {e}")),
        (Some(s), None) => Some(format!("from {s}")),
        _ => None,
    };
    let behaviors: Vec<Value> = strategy
        .behaviors
        .iter()
        .filter(|b| b.priority == priority && team.is_none_or(|t| for_team(b, t)))
        .map(|b| behavior(strategy, b, status))
        .collect();
    json!({
        "workspace": { "name": strategy.workspace.name },
        "team": team,
        "priority": {
            "id": p.id, "title": p.title, "owner": p.owner, "why": p.why,
            "status": format!("{:?}", p.status).to_lowercase(), "horizon": horizon,
            "outcomes": p.outcomes,
        },
        "behaviors": behaviors,
    })
}

/// Whether a behavior's audience includes a team (no team filter: everyone).
pub fn for_team(b: &Behavior, team: &str) -> bool {
    let teams: Vec<&String> = b
        .audience
        .filters
        .iter()
        .filter(|f| f.field == "team")
        .flat_map(|f| &f.values)
        .collect();
    teams.is_empty() || teams.iter().any(|t| *t == team)
}

fn behavior(strategy: &Strategy, b: &Behavior, status: Option<&AdoptionDocument>) -> Value {
    let old_way = b.replaces.map(|r| {
        let r = &strategy.behaviors[r];
        json!({ "id": r.id, "title": r.title, "action": r.action })
    });
    let checkpoints: Vec<Value> = b
        .launch
        .map(|l| {
            [30u64, 60, 90]
                .iter()
                .map(|d| json!({ "label": format!("Day {d}"), "date": (l + Days::new(*d)).to_string() }))
                .collect()
        })
        .unwrap_or_default();
    let now = status.and_then(|doc| {
        let r = doc.behaviors.iter().find(|r| r.id == b.id)?;
        let l = r.latest.as_ref()?;
        let primary = l.diagnosis.as_ref().and_then(|d| d.primary);
        let word = if b.direction == Direction::Retire {
            "clean"
        } else {
            "practicing"
        };
        Some(json!({
            "adoption": format!("{} {word}", percent(l.period.adoption)),
            "status": l.status.map_or("–", |s| s.as_str()),
            "reason": primary.map(|p| p.as_str().replace('_', " ")),
            "lever": primary.map(|p| p.lever()),
            "as_of": doc.as_of,
        }))
    });
    json!({
        "id": b.id,
        "title": b.title,
        "retire": b.direction == Direction::Retire,
        "cue": b.cue,
        "action": b.action,
        "why": b.why,
        "intention": intention(b),
        "frequency": frequency(b),
        "audience": audience(b),
        "evidence": evidence(strategy, b),
        "target": target(b),
        "launch": b.launch.map(|d| d.to_string()),
        "checkpoints": checkpoints,
        "old_way": old_way,
        "friction": b.friction,
        "reinforcement": b.reinforcement,
        "owner": b.owner,
        "status": now,
    })
}

fn lower_first(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    let mut c = s.chars();
    match (c.next(), s.chars().nth(1)) {
        // Keep acronyms ("CRM notes…") as written.
        (Some(f), Some(n)) if f.is_uppercase() && !n.is_uppercase() => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

/// "If <cue>, then I will <action>." — an implementation intention.
pub fn intention(b: &Behavior) -> String {
    let action = b
        .action
        .as_deref()
        .map(lower_first)
        .unwrap_or_else(|| lower_first(&b.title));
    let will = if b.direction == Direction::Retire {
        "will not"
    } else {
        "will"
    };
    match b.cue.as_deref() {
        Some(cue) => {
            // "When a deal changes stage" reads as "If a deal changes stage".
            let cue = cue.trim();
            let lower = cue.to_lowercase();
            let cue = ["if ", "when ", "whenever "]
                .iter()
                .find(|w| lower.starts_with(*w))
                .map_or(cue, |w| cue[w.len()..].trim_start());
            format!("If {}, then I {will} {action}.", lower_first(cue))
        }
        None => format!("I {will} {action}."),
    }
}

/// "at least 2 times a week" in plain words.
pub fn frequency(b: &Behavior) -> String {
    let unit = match b.per {
        Per::Day => "a day",
        Per::Workday => "every workday (Monday to Friday)",
        Per::Week => "a week",
        Per::Month => "a month",
    };
    let times = |n: u32| {
        if n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        }
    };
    match b.direction {
        Direction::Adopt => format!("at least {} {unit}", times(b.threshold)),
        Direction::Retire if b.threshold == 0 => format!("not at all (0 times {unit})"),
        Direction::Retire => format!("at most {} {unit}", times(b.threshold)),
    }
}

fn audience(b: &Behavior) -> String {
    let mut parts: Vec<String> = b
        .audience
        .filters
        .iter()
        .map(|f| format!("{} {}", f.field, f.values.join(" or ")))
        .collect();
    if parts.is_empty() {
        parts.push("everyone in the roster".into());
    }
    let mut text = parts.join("; ");
    if let Some(k) = b.audience.tenure_days {
        text.push_str(&format!(" (after their first {k} days)"));
    }
    text
}

fn scalar(s: &Scalar) -> String {
    s.text()
}

fn evidence(strategy: &Strategy, b: &Behavior) -> String {
    let Some(e) = &b.evidence else {
        return "not measured (no evidence is defined)".into();
    };
    let source = &strategy.sources[e.source].id;
    let mut text = format!("each {} event in {source}", e.events.join(" or "));
    let conditions: Vec<String> = e
        .conditions
        .iter()
        .map(|c| {
            let col = &c.column;
            match &c.test {
                Test::Equals(v) => format!("{col} is {}", scalar(v)),
                Test::OneOf(v) => format!(
                    "{col} is {}",
                    v.iter().map(scalar).collect::<Vec<_>>().join(" or ")
                ),
                Test::Compare(cmp) => {
                    let mut p = Vec::new();
                    if let Some(v) = cmp.gt {
                        p.push(format!("more than {v}"))
                    }
                    if let Some(v) = cmp.gte {
                        p.push(format!("at least {v}"))
                    }
                    if let Some(v) = cmp.lt {
                        p.push(format!("less than {v}"))
                    }
                    if let Some(v) = cmp.lte {
                        p.push(format!("at most {v}"))
                    }
                    if let Some(v) = &cmp.ne {
                        p.push(format!("not {}", scalar(v)))
                    }
                    if let Some(r) = &cmp.matches {
                        p.push(format!("matching /{}/", r.as_str()))
                    }
                    if let Some(x) = cmp.exists {
                        p.push(if x { "present".into() } else { "absent".into() })
                    }
                    format!("{col} {}", p.join(" and "))
                }
            }
        })
        .collect();
    if !conditions.is_empty() {
        text.push_str(&format!(" where {}", conditions.join(", ")));
    }
    text.push_str(", per person");
    text
}

fn target(b: &Behavior) -> String {
    let practicing = if b.direction == Direction::Retire {
        "clean"
    } else {
        "practicing"
    };
    match (b.target_adoption, b.target_by) {
        (Some(t), Some(by)) => format!("{} of the audience {practicing} by {by}", percent(Some(t))),
        (Some(t), None) => format!("{} of the audience {practicing}", percent(Some(t))),
        (None, Some(by)) => format!("due {by}"),
        (None, None) => "no target set".into(),
    }
}
