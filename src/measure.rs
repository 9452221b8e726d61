//! From a checked strategy and its exports to the adoption document: reads the roster, the
//! check-ins and every source once, then runs the engine.

use crate::diag::did_you_mean;
use crate::engine::document::{AdoptionDocument, SCHEMA_VERSION, Skipped, SourceQuality};
use crate::engine::{self, BehaviorInput, Breakdown, Counts, OldWay, PeriodKind, Person};
use crate::ingest::activity::{self, Evidence, PeopleIndex};
use crate::model::Strategy;
use crate::spec::{Direction, Per, Scale};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

/// What to measure.
#[derive(Debug, Default, Clone)]
pub struct Request {
    pub as_of: Option<NaiveDate>,
    pub behaviors: Vec<String>,
    pub priorities: Vec<String>,
    pub by: Option<String>,
}

/// The roster as the engine sees it (borrowing the tables the strategy holds).
pub struct Roster<'s> {
    pub columns: Vec<String>,
    pub people: Vec<Person<'s>>,
    pub index: PeopleIndex,
}

/// Reads the roster export: ids (trimmed; matched case-insensitively), dates, columns.
pub fn load_roster(strategy: &Strategy) -> Result<Roster<'_>> {
    let Some(roster) = &strategy.roster else {
        bail!(
            "adoption needs a roster: add a `kind: roster` document pointing at the people export"
        );
    };
    if roster.files.is_empty() {
        bail!("roster: `{}` matches no file", roster.pattern);
    }
    let mut out = Roster {
        columns: Vec::new(),
        people: Vec::new(),
        index: PeopleIndex::default(),
    };
    // Each person's line, for the duplicate-id message.
    let mut first_line: Vec<u64> = Vec::new();
    for (path, table) in roster.files.iter().zip(roster.tables()) {
        let shown = crate::files::display_path(path);
        let table = table
            .as_ref()
            .map_err(|e| anyhow::Error::msg(e.clone()))
            .with_context(|| format!("reading roster {shown}"))?;
        if out.columns.is_empty() {
            out.columns = table.columns.clone();
        }
        let col = |field: &str| table.column(roster.column(field));
        let id_col = col("id").with_context(|| {
            format!("roster {shown} has no id column `{}`", roster.column("id"))
        })?;
        let (start_col, end_col) = (
            roster
                .fields
                .iter()
                .any(|(f, _)| f == "start")
                .then(|| col("start"))
                .flatten(),
            roster
                .fields
                .iter()
                .any(|(f, _)| f == "end")
                .then(|| col("end"))
                .flatten(),
        );
        let map: Vec<Option<usize>> = out.columns.iter().map(|c| table.column(c)).collect();
        for (row, &line) in table.rows.iter().zip(&table.lines) {
            let id = row.get(id_col).map_or("", |s| s.trim());
            if id.is_empty() {
                continue;
            }
            let key = if id.is_ascii() && !id.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Borrowed(id)
            } else {
                std::borrow::Cow::Owned(id.to_lowercase())
            };
            if let Some(first) = out.index.get(key.as_bytes()) {
                let first = first_line[first as usize];
                bail!("roster {shown}: duplicate person id `{id}` on lines {first} and {line}");
            }
            let date = |c: Option<usize>, what: &str| -> Result<Option<NaiveDate>> {
                let Some(text) = c
                    .and_then(|c| row.get(c))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                else {
                    return Ok(None);
                };
                crate::ingest::timestamp::parse_date(text)
                    .map(Some)
                    .with_context(|| {
                        format!(
                            "roster {shown} line {line}: {what} `{text}` is not a YYYY-MM-DD date"
                        )
                    })
            };
            let person = Person {
                id,
                start: date(start_col, "start date")?,
                end: date(end_col, "end date")?,
                values: map
                    .iter()
                    .map(|c| c.and_then(|c| row.get(c)).map_or("", String::as_str))
                    .collect(),
            };
            out.index.insert(key.as_bytes());
            first_line.push(line);
            out.people.push(person);
        }
    }
    Ok(out)
}

/// A check-in: subject (behavior or priority id), date, reported share.
type Checkin = (String, NaiveDate, f64);

/// Every check-in, plus what was read and skipped per export.
fn load_checkins(strategy: &Strategy) -> Result<(Vec<Checkin>, Vec<SourceQuality>)> {
    let mut rows = Vec::new();
    let mut quality = Vec::new();
    for c in &strategy.checkins {
        let mut q = SourceQuality {
            source: format!(
                "checkins:{}",
                c.id.clone().unwrap_or_else(|| c.pattern.clone())
            ),
            ..SourceQuality::default()
        };
        for r in activity::REASONS {
            q.skipped.insert(r.into(), Skipped::default());
        }
        for path in &c.files {
            let shown = crate::files::display_path(path);
            q.files.push(shown.clone());
            let table = crate::ingest::read_table(path, c.format, c.delimiter)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("reading check-ins {shown}"))?;
            let col = |name: &str| {
                table
                    .column(name)
                    .with_context(|| format!("check-ins {shown} have no column `{name}`"))
            };
            let (dc, sc, rc) = (col(&c.date)?, col(&c.subject)?, col(&c.reported)?);
            for (row, &line) in table.rows.iter().zip(&table.lines) {
                q.rows_read += 1;
                let mut skip = |reason: &str| {
                    let s = q
                        .skipped
                        .get_mut(reason)
                        .expect("invariant: reasons registered");
                    s.count += 1;
                    if s.lines.len() < 5 {
                        s.lines.push(line);
                    }
                };
                let date_text = row[dc].trim();
                let date = crate::ingest::timestamp::parse_date(date_text)
                    .ok()
                    .or_else(|| {
                        chrono::DateTime::parse_from_rfc3339(date_text)
                            .ok()
                            .map(|d| d.date_naive())
                    });
                let Some(date) = date else {
                    skip("bad_timestamp");
                    continue;
                };
                let value: Option<f64> = row[rc].trim().trim_end_matches('%').trim().parse().ok();
                let Some(value) = value.filter(|v: &f64| v.is_finite()) else {
                    skip("malformed");
                    continue;
                };
                let subject = row[sc].trim().to_string();
                if subject.is_empty() {
                    skip("empty_actor");
                    continue;
                }
                q.rows_used += 1;
                let share = match c.scale {
                    Scale::Percent => value / 100.0,
                    Scale::Fraction => value,
                };
                rows.push((subject, date, share));
            }
        }
        quality.push(q);
    }
    Ok((rows, quality))
}

fn per_name(per: Per) -> &'static str {
    match per {
        Per::Day => "day",
        Per::Workday => "workday",
        Per::Week => "week",
        Per::Month => "month",
    }
}

/// Which behaviors the request selects, in file order.
fn select(strategy: &Strategy, req: &Request) -> Result<Vec<usize>> {
    let ids: Vec<&str> = strategy.behaviors.iter().map(|b| b.id.as_str()).collect();
    for b in &req.behaviors {
        if !ids.contains(&b.as_str()) {
            bail!("unknown behavior `{b}`{}", hint(did_you_mean(b, &ids)));
        }
    }
    let pids: Vec<&str> = strategy.priorities.iter().map(|p| p.id.as_str()).collect();
    for p in &req.priorities {
        if !pids.contains(&p.as_str()) {
            bail!("unknown priority `{p}`{}", hint(did_you_mean(p, &pids)));
        }
    }
    Ok((0..strategy.behaviors.len())
        .filter(|&i| {
            let b = &strategy.behaviors[i];
            let by_b = req.behaviors.is_empty() || req.behaviors.contains(&b.id);
            let by_p = req.priorities.is_empty()
                || req.priorities.contains(&strategy.priorities[b.priority].id);
            by_b && by_p
        })
        .collect())
}

fn hint(h: Option<String>) -> String {
    h.map(|h| format!(": {h}")).unwrap_or_default()
}

/// Measures the selected behaviors.
pub fn measure(strategy: &Strategy, req: &Request) -> Result<AdoptionDocument> {
    measure_with(strategy, req, |_, _, _| ()).map(|(doc, ())| doc)
}

/// Measures, and hands the engine's inputs to `then` (for per-person views such as nudges).
pub fn measure_with<T>(
    strategy: &Strategy,
    req: &Request,
    then: impl FnOnce(&[BehaviorInput<'_>], &Roster<'_>, engine::Settings) -> T,
) -> Result<(AdoptionDocument, T)> {
    let roster = load_roster(strategy)?;
    let selected = select(strategy, req)?;
    let ws = &strategy.workspace;
    let by = match &req.by {
        None => None,
        Some(field) => {
            let column = strategy
                .roster
                .as_ref()
                .map_or(field.as_str(), |r| r.column(field));
            match roster.columns.iter().position(|c| c == column) {
                Some(column) => Some(Breakdown {
                    field: field.clone(),
                    column,
                }),
                None => {
                    let mut known: Vec<String> = strategy
                        .roster
                        .iter()
                        .flat_map(|r| r.fields.iter().map(|(f, _)| f.clone()))
                        .collect();
                    known.extend(roster.columns.iter().cloned());
                    bail!(
                        "--by {field}: not a roster field or column{}",
                        hint(did_you_mean(field, &known))
                    );
                }
            }
        }
    };
    // One counter per (behavior whose evidence is counted, period kind), over the people
    // of the audiences that read it.
    let mut counters: Vec<(usize, PeriodKind)> = Vec::new();
    let mut want = |owner: usize, kind: PeriodKind| -> usize {
        if let Some(i) = counters.iter().position(|c| *c == (owner, kind)) {
            return i;
        }
        counters.push((owner, kind));
        counters.len() - 1
    };
    let mut plan: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for &i in &selected {
        let b = &strategy.behaviors[i];
        let kind = PeriodKind::new(b.per, ws.week_start);
        let own = want(i, kind);
        let old = b
            .replaces
            .filter(|r| strategy.behaviors[*r].evidence.is_some())
            .map(|r| want(r, kind));
        plan.push((i, own, old));
    }
    let audiences: Vec<Vec<usize>> = strategy
        .behaviors
        .iter()
        .map(|b| audience(strategy, &roster, b))
        .collect();
    let mut people_of: Vec<Vec<usize>> = vec![Vec::new(); counters.len()];
    for &(i, own, old) in &plan {
        for c in [Some(own), old].into_iter().flatten() {
            people_of[c].extend(&audiences[i]);
        }
    }
    let mut tally: Vec<(PeriodKind, Counts)> = counters
        .iter()
        .zip(&mut people_of)
        .map(|((_, k), people)| {
            people.sort_unstable();
            people.dedup();
            (*k, Counts::for_people(people, roster.people.len()))
        })
        .collect();
    let mut reads = Vec::new();
    for (si, source) in strategy.sources.iter().enumerate() {
        if source.files.is_empty() {
            bail!(
                "source `{}`: `{}` matches no file",
                source.id,
                source.pattern
            );
        }
        // One evidence per behavior whose events are counted, feeding each of its counters.
        let mut evidences: Vec<Evidence<'_>> = Vec::new();
        let mut owners: Vec<usize> = Vec::new();
        for (ci, (owner, _)) in counters.iter().enumerate() {
            let Some(ev) = strategy.behaviors[*owner]
                .evidence
                .as_ref()
                .filter(|e| e.source == si)
            else {
                continue;
            };
            if let Some(k) = owners.iter().position(|o| o == owner) {
                evidences[k].counters.push(ci);
                continue;
            }
            owners.push(*owner);
            evidences.push(Evidence {
                events: ev.events.iter().map(String::as_str).collect(),
                conditions: &ev.conditions,
                counters: vec![ci],
            });
        }
        let read = activity::read_source(
            source,
            &evidences,
            &roster.index,
            ws.timezone,
            req.as_of,
            &mut tally,
        )?;
        reads.push(read);
    }
    let first = reads.iter().filter_map(|r| r.first).min();
    let last = reads.iter().filter_map(|r| r.last).max();
    let as_of = match (req.as_of, last) {
        (Some(a), _) => {
            if let Some(f) = first
                && a < f
            {
                bail!("--as-of {a} is before the earliest event ({f}); nothing can be measured");
            }
            a
        }
        (None, Some(l)) => l,
        (None, None) => bail!(
            "no source has a valid event, so there is nothing to measure (and no default --as-of)"
        ),
    };
    let (checkins, checkin_quality) = load_checkins(strategy)?;
    // The reported progress of one behavior or priority: (date, share).
    let checkins_of = |subject: &str| -> Vec<(NaiveDate, f64)> {
        checkins
            .iter()
            .filter(|(s, _, _)| s == subject)
            .map(|(_, d, v)| (*d, *v))
            .collect()
    };
    let inputs: Vec<BehaviorInput<'_>> = plan
        .iter()
        .map(|&(i, own, old)| {
            let b = &strategy.behaviors[i];
            let source_first = b.evidence.as_ref().and_then(|e| reads[e.source].first);
            let candidates = audiences[i].clone();
            BehaviorInput {
                id: b.id.clone(),
                priority: strategy.priorities[b.priority].id.clone(),
                title: b.title.clone(),
                adopt: b.direction == Direction::Adopt,
                threshold: b.threshold,
                kind: tally[own].0,
                per: per_name(b.per),
                launch: b.launch,
                target_adoption: b.target_adoption,
                target_by: b.target_by,
                horizon_start: strategy.priorities[b.priority].horizon_start,
                source_first: if b.evidence.is_some() {
                    source_first
                } else {
                    None
                },
                candidates,
                tenure_days: b.audience.tenure_days,
                counts: &tally[own].1,
                replaces: old.map(|o| {
                    let r = b.replaces.expect("invariant: old counter implies replaces");
                    (
                        strategy.behaviors[r].id.clone(),
                        OldWay {
                            counts: &tally[o].1,
                            at_most: strategy.behaviors[r].threshold,
                        },
                    )
                }),
                checkins: checkins_of(&b.id),
            }
        })
        .collect();
    let mut pids: Vec<usize> = selected
        .iter()
        .map(|&i| strategy.behaviors[i].priority)
        .collect();
    pids.sort_unstable();
    pids.dedup();
    let priorities: Vec<engine::PriorityInput> = pids
        .iter()
        .map(|&p| {
            let p = &strategy.priorities[p];
            engine::PriorityInput {
                id: p.id.clone(),
                title: p.title.clone(),
                checkins: checkins_of(&p.id),
            }
        })
        .collect();
    let settings = engine::Settings {
        as_of,
        at_risk_tolerance: ws.at_risk_tolerance,
        sticky_periods: ws.sticky_periods,
        min_group_size: ws.min_group_size,
    };
    let (behaviors, priorities) =
        engine::compute(&inputs, &priorities, &roster.people, settings, by.as_ref());
    let extra = then(&inputs, &roster, settings);
    let mut data_quality: Vec<SourceQuality> = reads.into_iter().map(|r| r.quality).collect();
    data_quality.extend(checkin_quality);
    let doc = AdoptionDocument {
        schema_version: SCHEMA_VERSION,
        as_of: as_of.to_string(),
        behaviors,
        priorities,
        data_quality,
    };
    Ok((doc, extra))
}

/// Roster people matching a behavior's audience filters.
fn audience(strategy: &Strategy, roster: &Roster<'_>, b: &crate::model::Behavior) -> Vec<usize> {
    let spec = strategy
        .roster
        .as_ref()
        .expect("invariant: measure requires a roster");
    let filters: Vec<(Option<usize>, &Vec<String>)> = b
        .audience
        .filters
        .iter()
        .map(|f| {
            (
                roster
                    .columns
                    .iter()
                    .position(|c| c == spec.column(&f.field)),
                &f.values,
            )
        })
        .collect();
    (0..roster.people.len())
        .filter(|&p| {
            filters.iter().all(|(c, values)| {
                c.is_some_and(|c| {
                    values
                        .iter()
                        .any(|v| *v == roster.people[p].values[c].trim())
                })
            })
        })
        .collect()
}
