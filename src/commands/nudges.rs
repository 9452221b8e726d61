//! `praxis nudges`: one message per person not practicing a behavior, so people are
//! reinforced, not spammed. The only output that names people: it addresses them.

use crate::ExitStatus;
use crate::cli::{Cli, NudgeFormat, NudgesArgs};
use crate::output::Output;
use crate::spec::ReinforcementKind;
use anyhow::Result;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

pub fn run(cli: &Cli, args: &NudgesArgs, out: &Output) -> Result<ExitStatus> {
    let dir = super::strategy_dir(args.dir.as_deref(), cli.chdir.is_some())?;
    let Some(strategy) = super::checked_strategy(&dir, out)? else {
        return Ok(ExitStatus::Failure);
    };
    let Some(templates) = super::templates(cli, &strategy) else {
        return Ok(ExitStatus::Failure);
    };
    let request = crate::measure::Request {
        as_of: args.as_of,
        ..Default::default()
    };
    let (doc, states) =
        crate::measure::measure_with(&strategy, &request, |inputs, roster, settings| {
            let states: Vec<Vec<crate::engine::PersonState>> = inputs
                .iter()
                .map(|b| crate::engine::not_practicing(b, &roster.people, settings))
                .collect();
            let people: Vec<Value> = roster
                .people
                .iter()
                .map(|p| person(&strategy, roster, p))
                .collect();
            (states, people)
        })?;
    let (states, people) = states;
    // Priority order, then behavior order in the files; at most N per person.
    let mut order: Vec<usize> = (0..strategy.behaviors.len()).collect();
    order.sort_by_key(|&i| (strategy.behaviors[i].priority, i));
    let mut sent: HashMap<usize, u32> = HashMap::new();
    let mut nudges: Vec<Value> = Vec::new();
    for i in order {
        let b = &strategy.behaviors[i];
        let Some(report) = doc.behaviors.iter().find(|r| r.id == b.id) else {
            continue;
        };
        let Some(latest) = &report.latest else {
            continue;
        };
        let behavior = json!({
            "id": b.id, "title": b.title, "priority": strategy.priorities[b.priority].id,
            "cue": b.cue, "action": b.action,
            "intention": crate::playbook::intention(b), "frequency": crate::playbook::frequency(b),
            "threshold": b.threshold, "target": b.target_adoption,
        });
        let custom = b
            .reinforcement
            .iter()
            .find(|r| r.kind == ReinforcementKind::Nudge)
            .and_then(|r| r.message.as_deref());
        for s in &states[i] {
            let n = sent.entry(s.person).or_default();
            if *n >= args.limit_per_person {
                continue;
            }
            *n += 1;
            let context = json!({
                "person": people[s.person], "behavior": behavior, "state": s.state,
                "count": s.count, "threshold": b.threshold,
                "period": { "start": latest.period.start, "end": latest.period.end },
                "as_of": doc.as_of,
            });
            let message = match custom {
                Some(m) => {
                    templates.render_str(&format!("behavior `{}` nudge message", b.id), m, &context)
                }
                None => templates.render("nudge.txt", &context),
            };
            let message = match message {
                Ok(m) => m.trim().to_string(),
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitStatus::Failure);
                }
            };
            let p = &people[s.person];
            nudges.push(json!({
                "person": p["id"], "name": p["name"], "manager": p["manager"],
                "behavior": b.id, "priority": behavior["priority"], "state": s.state,
                "count": s.count, "threshold": b.threshold, "period_end": latest.period.end,
                "text": message,
            }));
        }
    }
    let messages = if args.group_by.is_some() {
        digests(&nudges)
    } else {
        nudges.clone()
    };
    let columns: &[&str] = if args.group_by.is_some() {
        &["manager", "people", "nudges", "text"]
    } else {
        &[
            "person",
            "name",
            "manager",
            "behavior",
            "priority",
            "state",
            "count",
            "threshold",
            "period_end",
            "text",
        ]
    };
    out.print(&render(&messages, args.format, columns))?;
    out.note(&format!(
        "{} nudges for {} people (as of {})",
        nudges.len(),
        sent.len(),
        doc.as_of
    ));
    let Some(url) = &args.send else {
        return Ok(ExitStatus::Success);
    };
    let sender = crate::send::Sender::new(url);
    let mut failed = 0;
    for m in &messages {
        let text = m["text"].as_str().unwrap_or_default();
        if let Err(why) = sender.send(text, m) {
            failed += 1;
            let to = m["person"]
                .as_str()
                .or(m["manager"].as_str())
                .unwrap_or("?");
            eprintln!("error: sending the message for {to} failed: {why}");
        }
    }
    out.note(&format!(
        "sent {} of {} messages",
        messages.len() - failed,
        messages.len()
    ));
    Ok(if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// A person's fields for templates: roster fields by their praxis names (`name`, `team`,
/// `manager`, …) and every roster column by its header.
fn person(
    strategy: &crate::model::Strategy,
    roster: &crate::measure::Roster<'_>,
    p: &crate::engine::Person<'_>,
) -> Value {
    let mut m = serde_json::Map::new();
    for (c, value) in roster.columns.iter().zip(&p.values) {
        m.insert(c.clone(), json!(value));
    }
    for field in ["name", "team", "role", "manager", "location"] {
        let value = strategy
            .roster
            .as_ref()
            .filter(|r| r.fields.iter().any(|(f, _)| f == field))
            .and_then(|r| roster.columns.iter().position(|c| c == r.column(field)))
            .map(|i| p.values[i])
            .filter(|v| !v.is_empty());
        m.insert(field.into(), json!(value));
    }
    m.insert("id".into(), json!(p.id));
    Value::Object(m)
}

/// One digest per manager: who on their team has an open nudge, and for what.
fn digests(nudges: &[Value]) -> Vec<Value> {
    let mut by: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for n in nudges {
        let manager = n["manager"].as_str().unwrap_or("(no manager)").to_string();
        by.entry(manager).or_default().push(n);
    }
    by.into_iter()
        .map(|(manager, items)| {
            let mut people: Vec<&str> = items.iter().filter_map(|n| n["person"].as_str()).collect();
            people.dedup();
            let lines: Vec<String> = items
                .iter()
                .map(|n| {
                    let who = n["name"].as_str().or(n["person"].as_str()).unwrap_or("?");
                    format!("- {who}: {} ({})", n["behavior"].as_str().unwrap_or(""), n["state"].as_str().unwrap_or("").replace('_', " "))
                })
                .collect();
            json!({
                "manager": manager, "people": people.len(), "nudges": items,
                "text": format!("{} people on your team have something to pick up:\n{}", people.len(), lines.join("\n")),
            })
        })
        .collect()
}

fn render(rows: &[Value], format: NudgeFormat, columns: &[&str]) -> String {
    match format {
        NudgeFormat::Ndjson => rows.iter().map(|r| format!("{r}\n")).collect(),
        NudgeFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(columns);
            for r in rows {
                let cells: Vec<String> = columns
                    .iter()
                    .map(|c| match &r[*c] {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        Value::Array(a) => a.len().to_string(),
                        other => other.to_string(),
                    })
                    .collect();
                let _ = w.write_record(&cells);
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
    }
}
