//! The report context: the adoption document turned into what a reader needs, in words.

use crate::engine::document::{AdoptionDocument, BehaviorReport};
use crate::render::{percent, recent, sparkline, target_text};
use serde_json::{Value, json};

/// GitHub refuses comments longer than 65,536 characters.
pub const COMMENT_LIMIT: usize = 65_000;

pub fn context(
    strategy: &crate::model::Strategy,
    doc: &AdoptionDocument,
    by: Option<&str>,
) -> Value {
    let title = strategy
        .workspace
        .name
        .clone()
        .unwrap_or_else(|| "Strategy".into());
    let priorities: Vec<Value> = doc
        .priorities
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "title": p.title, "adoption": percent(p.adoption),
                "status": p.status.map_or("–", |s| s.as_str()), "reported": percent(p.reported),
                "gap": p.say_do_gap.map_or("–".into(), |g| format!("{:+.0} pts", g * 100.0)),
            })
        })
        .collect();
    let behaviors: Vec<Value> = doc
        .behaviors
        .iter()
        .map(|b| behavior(strategy, b))
        .collect();
    json!({
        "title": title,
        "as_of": doc.as_of,
        "priorities": priorities,
        "behaviors": behaviors,
        "heatmap": heatmap(doc, by, strategy.workspace.min_group_size),
        "data_quality": crate::render::quality_summary(doc),
        // The whole adoption document, for templates that want any of its fields.
        "adoption": doc,
    })
}

fn behavior(strategy: &crate::model::Strategy, b: &BehaviorReport) -> Value {
    let model = strategy.behavior(&b.id);
    let retire = b.direction == "retire";
    let latest = b.latest.as_ref();
    let states = latest.filter(|_| !retire).map(|l| {
        let p = &l.period;
        format!(
            "{} practicing · {} trying · {} lapsed · {} not started (of {})",
            p.practicing,
            p.trying.unwrap_or(0),
            p.lapsed.unwrap_or(0),
            p.not_started.unwrap_or(0),
            p.audience
        )
    });
    let diagnosis = latest.and_then(|l| l.diagnosis.as_ref()).and_then(|d| {
        let primary = d.primary?;
        let share = match primary {
            crate::engine::document::Reason::OldWay => d.old_way_share,
            crate::engine::document::Reason::NotStarted => d.not_started,
            crate::engine::document::Reason::Trying => d.trying,
            crate::engine::document::Reason::Lapsed => d.lapsed,
        };
        Some(format!(
            "{} of those not practicing are {} — lever: {}",
            percent(share),
            primary
                .as_str()
                .replace('_', " ")
                .replace("old way", "still on the old way"),
            primary.lever()
        ))
    });
    let displacement = latest.and_then(|l| l.period.displacement).map(|d| {
        format!(
            "the new way is {} of new + old events (replacing {})",
            percent(Some(d)),
            b.replaces.clone().unwrap_or_default()
        )
    });
    let c = &b.checkpoints;
    let checkpoints = if b.launch.is_some() {
        Some(format!(
            "day 30 {} · day 60 {} · day 90 {}",
            percent(c.d30),
            percent(c.d60),
            percent(c.d90)
        ))
    } else {
        None
    };
    let trend = recent(b);
    json!({
        "id": b.id,
        "title": b.title,
        "retire": retire,
        "frequency": model.map(crate::playbook::frequency).unwrap_or_default(),
        "audience": latest.map_or(0, |l| l.period.audience),
        "adoption": percent(latest.and_then(|l| l.period.adoption)),
        "practicing_word": if retire { "clean" } else { "practicing" },
        "target": target_text(b),
        "status": latest.and_then(|l| l.status).map_or("–", |s| s.as_str()),
        "trend": if trend.is_empty() { "–".to_string() } else { sparkline(&trend) },
        "trend_periods": trend.len(),
        "expected": latest.and_then(|l| l.period.expected).map(|e| percent(Some(e))),
        "checkpoints": checkpoints,
        "states": states,
        "diagnosis": diagnosis,
        "displacement": displacement,
        "trend_svg": crate::charts::trend(b),
        "states_svg": crate::charts::states(b),
    })
}

/// Team × behavior: latest adoption per group (small groups already folded by the engine).
fn heatmap(doc: &AdoptionDocument, by: Option<&str>, min_group_size: u32) -> Value {
    let Some(field) = by else {
        return json!({ "rows": [] });
    };
    let mut values: Vec<String> = Vec::new();
    for b in &doc.behaviors {
        for g in b.groups.iter().flatten() {
            if !values.contains(&g.value) {
                values.push(g.value.clone());
            }
        }
    }
    values.sort_by_key(|v| (v == "(other)", v.clone()));
    let rows: Vec<Value> = values
        .iter()
        .map(|v| {
            let values: Vec<Option<f64>> = doc
                .behaviors
                .iter()
                .map(|b| {
                    b.groups
                        .iter()
                        .flatten()
                        .find(|g| &g.value == v)
                        .and_then(|g| g.latest.as_ref())
                        .and_then(|l| l.period.adoption)
                })
                .collect();
            let cells: Vec<String> = values
                .iter()
                .map(|a| a.map_or("·".into(), |a| percent(Some(a))))
                .collect();
            // Cell shading for the HTML heatmap: the share as an opacity.
            let shades: Vec<String> = values
                .iter()
                .map(|a| {
                    a.map_or("transparent".into(), |a| {
                        format!("rgba(47,111,206,{:.2})", 0.08 + 0.72 * a)
                    })
                })
                .collect();
            json!({ "value": v, "cells": cells, "shades": shades })
        })
        .collect();
    json!({
        "field": field,
        "behaviors": doc.behaviors.iter().map(|b| b.id.clone()).collect::<Vec<_>>(),
        "rows": rows,
        "min_group_size": min_group_size,
    })
}

/// Cuts Markdown to fit a pull-request comment, at a line break, saying what was cut.
pub fn fit_comment(text: String) -> String {
    if text.len() <= COMMENT_LIMIT {
        return text;
    }
    let mut cut = COMMENT_LIMIT - 200;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut].rfind('\n').unwrap_or(cut);
    format!(
        "{}\n\n… the report was cut here to fit a pull-request comment ({} more characters); `praxis report --format md --out FILE` writes all of it.\n",
        &text[..cut],
        text.len() - cut
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_reports_are_cut_at_a_line_and_say_so() {
        let text: String = (0..20_000).map(|i| format!("line {i}\n")).collect();
        let cut = super::fit_comment(text.clone());
        assert!(cut.len() < super::COMMENT_LIMIT + 300);
        assert!(cut.contains("the report was cut here"));
        assert!(text.starts_with(cut.split("\n\n…").next().unwrap()));
        assert_eq!(super::fit_comment("short\n".into()), "short\n");
    }
}
