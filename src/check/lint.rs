//! Layer 3 (warnings): what makes a strategy unexecutable even when it is well-formed.

use super::exports::RosterView;
use crate::diag::{Code, Finding, Findings};
use crate::files::Files;
use crate::model::{Behavior, DocId, Strategy};
use crate::spec::{self, Direction, PriorityStatus};
use std::collections::BTreeMap;

/// Openings of an `action` that name an aspiration rather than an observable act.
pub const VAGUE_OPENINGS: &[&str] = &[
    "improve",
    "increase",
    "be more",
    "be better",
    "become",
    "focus on",
    "foster",
    "ensure",
    "drive",
    "embrace",
    "enhance",
    "promote",
    "strengthen",
    "encourage",
    "strive",
    "aim to",
    "try to",
    "leverage",
    "champion",
    "cultivate",
    "prioritize",
    "prioritise",
    "optimize",
    "optimise",
    "maximize",
    "maximise",
    "empower",
    "boost",
    "think about",
    "care about",
    "commit to",
    "work on",
    "continue to",
];

/// The most active adopt behaviors one team should be asked to take on at once.
pub const MAX_BEHAVIORS_PER_TEAM: usize = 5;

pub fn check(
    strategy: &Strategy,
    written: &[(DocId, spec::Behavior)],
    roster: Option<&RosterView<'_>>,
    files: &Files,
    findings: &mut Findings,
) {
    let push = |findings: &mut Findings, doc: DocId, pointer: &str, f: Finding| {
        let d = &strategy.docs[doc.0];
        let path = d.yaml_path(&files.get(d.file).display, pointer);
        findings.push(f.at(d.value_spot(pointer)).path(path));
    };
    for (pi, p) in strategy.priorities.iter().enumerate() {
        if p.status == PriorityStatus::Active
            && !strategy.behaviors.iter().any(|b| b.priority == pi)
        {
            push(
                findings,
                p.doc,
                "/id",
                Finding::new(
                    Code::PriorityWithoutBehaviors,
                    format!("active priority `{}` has no behaviors", p.id),
                )
                .help(
                    "add a behavior with `priority: ".to_string()
                        + &p.id
                        + "`, or set `status: draft`",
                ),
            );
        }
        if p.owner.is_none() {
            push(
                findings,
                p.doc,
                "/id",
                Finding::new(
                    Code::MissingOwner,
                    format!("priority `{}` has no owner", p.id),
                )
                .help("add `owner:` (free text or a roster person id)"),
            );
        }
    }
    for (doc, b) in written {
        behavior(strategy, written, *doc, b, findings, &push);
    }
    if let Some(view) = roster {
        audiences(strategy, view, findings, &push);
    }
}

/// Per-behavior checks, on the behavior as written: they need no resolved reference, so
/// they run even when the behavior's priority or source does not resolve.
fn behavior(
    strategy: &Strategy,
    written: &[(DocId, spec::Behavior)],
    at: DocId,
    b: &spec::Behavior,
    findings: &mut Findings,
    push: &impl Fn(&mut Findings, DocId, &str, Finding),
) {
    if b.evidence.is_none() {
        push(
            findings,
            at,
            "/id",
            Finding::new(
                Code::Unmeasurable,
                format!(
                    "behavior `{}` has no evidence, so nobody can tell whether it happens",
                    b.id
                ),
            )
            .help("add `evidence: { source: <source id>, event: <event name> }`"),
        );
    }
    if b.cue.as_deref().is_none_or(|c| c.trim().is_empty()) {
        push(findings, at, "/id", Finding::new(
            Code::MissingCue,
            format!("behavior `{}` has no cue", b.id),
        ).help("add `cue:` - the moment it should happen, e.g. \"After a first call with a new prospect ends\""));
    }
    if let Some(action) = &b.action
        && let Some(opening) = vague_opening(action)
    {
        push(findings, at, "/action", Finding::new(
            Code::VagueAction,
            format!("action starts with \"{opening}\": an aspiration, not an observable act"),
        ).help("name what someone watching would see, e.g. \"Write three bullets in the CRM - pain, impact, next step\""));
    }
    if b.target.as_ref().is_none_or(|t| t.by.is_none()) {
        let pointer = if b.target.is_some() { "/target" } else { "/id" };
        push(
            findings,
            at,
            pointer,
            Finding::new(
                Code::MissingTargetDate,
                format!("behavior `{}` has no target date", b.id),
            )
            .help("add `target: { by: YYYY-MM-DD }` so praxis can tell on_track from at_risk"),
        );
    }
    // A behavior inherits its priority's owner; an unknown priority is reported elsewhere.
    let priority_owned = strategy
        .priority(&b.priority)
        .is_none_or(|p| p.owner.is_some());
    if b.owner.is_none() && !priority_owned {
        push(
            findings,
            at,
            "/id",
            Finding::new(
                Code::MissingOwner,
                format!("behavior `{}` has no owner (nor has its priority)", b.id),
            )
            .help("add `owner:` (free text or a roster person id)"),
        );
    }
    if b.direction == Some(Direction::Retire) {
        let replaced = written
            .iter()
            .any(|(_, x)| x.replaces.as_deref() == Some(b.id.as_str()));
        if !replaced {
            push(
                findings,
                at,
                "/id",
                Finding::new(
                    Code::UnreplacedRetire,
                    format!("retire behavior `{}` is not replaced by any behavior", b.id),
                )
                .help(format!(
                    "add `replaces: {}` to the behavior that takes its place",
                    b.id
                )),
            );
        }
    }
}

/// The vague opening an action starts with, if any.
pub fn vague_opening(action: &str) -> Option<&'static str> {
    let lower = action.trim().to_lowercase();
    VAGUE_OPENINGS.iter().copied().find(|v| {
        lower.starts_with(v)
            && lower[v.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Roster rows matching a behavior's filters, or `None` when a filter names no column.
fn matching<'v>(
    strategy: &Strategy,
    view: &'v RosterView<'_>,
    b: &Behavior,
) -> Option<Vec<&'v Vec<&'v str>>> {
    let roster = strategy.roster.as_ref()?;
    let mut cols = Vec::new();
    for f in &b.audience.filters {
        let ci = view
            .columns
            .iter()
            .position(|c| c == roster.column(&f.field))?;
        cols.push((ci, &f.values));
    }
    Some(
        view.rows
            .iter()
            .filter(|r| {
                cols.iter()
                    .all(|(ci, vals)| vals.iter().any(|v| *v == r[*ci]))
            })
            .collect(),
    )
}

fn audiences(
    strategy: &Strategy,
    view: &RosterView<'_>,
    findings: &mut Findings,
    push: &impl Fn(&mut Findings, DocId, &str, Finding),
) {
    let roster = strategy
        .roster
        .as_ref()
        .expect("invariant: a roster view implies a roster");
    let team_col = view.columns.iter().position(|c| c == roster.column("team"));
    let mut per_team: BTreeMap<&str, Vec<&Behavior>> = BTreeMap::new();
    for b in &strategy.behaviors {
        let Some(people) = matching(strategy, view, b) else {
            continue;
        };
        if people.is_empty() {
            let pointer = if b.audience.filters.is_empty() {
                "/id"
            } else {
                "/audience"
            };
            push(findings, b.doc, pointer, Finding::new(
                Code::EmptyAudience,
                format!("the audience of `{}` matches nobody in the roster", b.id),
            ).help("filters combine with AND across keys and OR within a list; check each against the roster"));
        }
        let active = strategy.priorities[b.priority].status == PriorityStatus::Active;
        if let (Some(tc), true, Direction::Adopt) = (team_col, active, b.direction) {
            let mut teams: Vec<&str> = people.iter().map(|r| r[tc]).collect();
            teams.sort_unstable();
            teams.dedup();
            for t in teams {
                per_team.entry(t).or_default().push(b);
            }
        }
    }
    for (team, behaviors) in per_team {
        if behaviors.len() <= MAX_BEHAVIORS_PER_TEAM || team.is_empty() {
            continue;
        }
        let over = behaviors[MAX_BEHAVIORS_PER_TEAM];
        let names: Vec<&str> = behaviors.iter().map(|b| b.id.as_str()).collect();
        let pointer = if over.audience.filters.is_empty() {
            "/id"
        } else {
            "/audience"
        };
        push(findings, over.doc, pointer, Finding::new(
            Code::TooManyBehaviors,
            format!(
                "team `{team}` is asked to adopt {} active behaviors at once: {}",
                behaviors.len(),
                names.join(", ")
            ),
        ).help(format!(
            "keep at most {MAX_BEHAVIORS_PER_TEAM} per team: sequence the rest (move them to a draft priority) or narrow their audiences"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::vague_opening;

    #[test]
    fn vague_openings_are_word_prefixes() {
        assert_eq!(vague_opening("Improve customer focus"), Some("improve"));
        assert_eq!(vague_opening("  focus on the customer"), Some("focus on"));
        assert_eq!(vague_opening("Write three bullets in the CRM"), None);
        // "drive" is vague, "driver" is a noun that can start an observable act's sentence.
        assert_eq!(vague_opening("Drivers log each delivery"), None);
    }
}
