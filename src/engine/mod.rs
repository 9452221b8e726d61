//! The adoption engine (DESIGN §3). Pure: no I/O, no clock; the evaluation date and all
//! data come in as arguments.

mod counts;
pub mod document;
mod people_states;
pub mod period;
mod series;

pub use counts::Counts;
pub use people_states::{PersonState, not_practicing};
pub use period::PeriodKind;
pub use series::{Series, SeriesInput};

use chrono::NaiveDate;
use document::*;

/// A roster person; the text borrows the roster as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Person<'r> {
    pub id: &'r str,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Values of the roster's columns, in the roster's column order.
    pub values: Vec<&'r str>,
}

/// Workspace settings the metrics use.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub as_of: NaiveDate,
    pub at_risk_tolerance: f64,
    pub sticky_periods: u32,
    pub min_group_size: u32,
}

/// The old way a behavior replaces: the retired behavior's counts at *this* behavior's
/// period kind, and its limit.
#[derive(Debug, Clone, Copy)]
pub struct OldWay<'a> {
    pub counts: &'a Counts,
    pub at_most: u32,
}

/// Everything the engine needs about one behavior.
#[derive(Debug, Clone)]
pub struct BehaviorInput<'a> {
    pub id: String,
    pub priority: String,
    pub title: String,
    pub adopt: bool,
    pub threshold: u32,
    pub kind: PeriodKind,
    pub per: &'static str,
    pub launch: Option<NaiveDate>,
    pub target_adoption: Option<f64>,
    pub target_by: Option<NaiveDate>,
    pub horizon_start: Option<NaiveDate>,
    /// Local date of the earliest valid event of the behavior's source.
    pub source_first: Option<NaiveDate>,
    /// Roster indexes matching the audience filters (dates and tenure apply per period).
    pub candidates: Vec<usize>,
    pub tenure_days: Option<u32>,
    pub counts: &'a Counts,
    pub replaces: Option<(String, OldWay<'a>)>,
    /// Check-ins about this behavior: (date, reported share).
    pub checkins: Vec<(NaiveDate, f64)>,
}

/// A priority and its check-ins.
#[derive(Debug, Clone)]
pub struct PriorityInput {
    pub id: String,
    pub title: String,
    pub checkins: Vec<(NaiveDate, f64)>,
}

/// `--by FIELD`: the roster column index and the field's name.
#[derive(Debug, Clone)]
pub struct Breakdown {
    pub field: String,
    pub column: usize,
}

/// Computes the behaviors' reports and the priorities' rollups.
pub fn compute(
    behaviors: &[BehaviorInput<'_>],
    priorities: &[PriorityInput],
    people: &[Person<'_>],
    settings: Settings,
    by: Option<&Breakdown>,
) -> (Vec<BehaviorReport>, Vec<PriorityReport>) {
    let reports: Vec<BehaviorReport> = behaviors
        .iter()
        .map(|b| behavior_report(b, people, settings, by))
        .collect();
    let rollups = priorities
        .iter()
        .map(|p| priority_report(p, &reports, settings))
        .collect();
    (reports, rollups)
}

fn behavior_report(
    b: &BehaviorInput<'_>,
    people: &[Person<'_>],
    settings: Settings,
    by: Option<&Breakdown>,
) -> BehaviorReport {
    let window = series::window(b, settings.as_of);
    let all = Series::compute(&SeriesInput {
        behavior: b,
        people,
        members: &b.candidates,
        window: &window,
        settings,
    });
    let mut latest = all.latest(b);
    if let Some(l) = latest.as_mut() {
        let end: NaiveDate = l
            .period
            .end
            .parse()
            .expect("invariant: period ends are dates");
        l.reported = latest_checkin(&b.checkins, end);
        l.say_do_gap = gap(l.reported, l.period.adoption);
    }
    let groups = by.map(|by| groups(b, people, settings, by, &window, &all));
    BehaviorReport {
        id: b.id.clone(),
        priority: b.priority.clone(),
        title: b.title.clone(),
        direction: if b.adopt { "adopt" } else { "retire" }.into(),
        per: b.per.into(),
        threshold: b.threshold,
        target: TargetReport {
            adoption: b.target_adoption,
            by: b.target_by.map(|d| d.to_string()),
        },
        launch: b.launch.map(|d| d.to_string()),
        baseline: all.baseline,
        checkpoints: all.checkpoints(b, settings.as_of),
        lift30: match (all.checkpoints(b, settings.as_of).d30, all.baseline) {
            (Some(d), Some(base)) => Some(d - base),
            _ => None,
        },
        replaces: b.replaces.as_ref().map(|(id, _)| id.clone()),
        periods: all.periods.clone(),
        latest,
        groups,
    }
}

/// Breakdown groups: one per value among the latest audience; those smaller than
/// `min_group_size` are folded into `(other)`, listed last.
fn groups(
    b: &BehaviorInput<'_>,
    people: &[Person<'_>],
    settings: Settings,
    by: &Breakdown,
    window: &[i64],
    all: &Series,
) -> Vec<GroupReport> {
    let mut sizes: std::collections::BTreeMap<&str, u32> = Default::default();
    if let Some(&last) = window.last() {
        for &p in &b.candidates {
            if series::member(&people[p], b, last) {
                *sizes.entry(people[p].values[by.column]).or_default() += 1;
            }
        }
    }
    let _ = all;
    let small: Vec<&str> = sizes
        .iter()
        .filter(|(_, n)| **n < settings.min_group_size)
        .map(|(v, _)| *v)
        .collect();
    let mut out = Vec::new();
    let group = |value: String, members: Vec<usize>| {
        let s = Series::compute(&SeriesInput {
            behavior: b,
            people,
            members: &members,
            window,
            settings,
        });
        GroupReport {
            field: by.field.clone(),
            value,
            latest: s.latest(b),
        }
    };
    for (value, n) in &sizes {
        if *n < settings.min_group_size {
            continue;
        }
        let members: Vec<usize> = b
            .candidates
            .iter()
            .copied()
            .filter(|&p| people[p].values[by.column] == *value)
            .collect();
        out.push(group((*value).to_string(), members));
    }
    if !small.is_empty() {
        let members: Vec<usize> = b
            .candidates
            .iter()
            .copied()
            .filter(|&p| small.contains(&people[p].values[by.column]))
            .collect();
        out.push(group("(other)".into(), members));
    }
    out
}

fn priority_report(
    p: &PriorityInput,
    reports: &[BehaviorReport],
    settings: Settings,
) -> PriorityReport {
    let mine: Vec<&BehaviorReport> = reports.iter().filter(|r| r.priority == p.id).collect();
    let values: Vec<f64> = mine
        .iter()
        .filter_map(|r| r.latest.as_ref().and_then(|l| l.period.adoption))
        .collect();
    let adoption = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
    let status = mine
        .iter()
        .filter_map(|r| r.latest.as_ref().and_then(|l| l.status))
        .min();
    let reported = latest_checkin(&p.checkins, settings.as_of);
    PriorityReport {
        id: p.id.clone(),
        title: p.title.clone(),
        adoption,
        status,
        reported,
        say_do_gap: gap(reported, adoption),
    }
}

/// The latest check-in dated on or before `by` (the last one listed wins a tie).
fn latest_checkin(checkins: &[(NaiveDate, f64)], by: NaiveDate) -> Option<f64> {
    let mut best: Option<(NaiveDate, f64)> = None;
    for &(d, v) in checkins {
        if d <= by && best.is_none_or(|(bd, _)| d >= bd) {
            best = Some((d, v));
        }
    }
    best.map(|(_, v)| v)
}

fn gap(reported: Option<f64>, measured: Option<f64>) -> Option<f64> {
    Some(reported? - measured?)
}
