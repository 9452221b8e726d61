//! An independent re-computation of DESIGN §3, compared field by field with `praxis
//! adoption --format json` on seeded scenarios. Deliberately naive and written apart from
//! the engine: periods are date ranges found by walking the calendar, every count is a scan
//! of all events, every history is recomputed from the window's start.

use crate::scenario::{self, Behavior, Scenario};
use crate::support::praxis;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde_json::{Value, json};

type Period = (NaiveDate, NaiveDate);

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap() - Days::new(1)
}

/// The period containing `d`, or `None` (a weekend day of a workday behavior).
fn period_of(per: &str, sunday: bool, d: NaiveDate) -> Option<Period> {
    match per {
        "day" => Some((d, d)),
        "workday" => is_weekday(d).then_some((d, d)),
        "week" => {
            let back = if sunday {
                d.weekday().num_days_from_sunday()
            } else {
                d.weekday().num_days_from_monday()
            };
            let start = d - Days::new(u64::from(back));
            Some((start, start + Days::new(6)))
        }
        _ => {
            let start = d.with_day(1).unwrap();
            Some((start, month_end(d)))
        }
    }
}

fn containing_or_next(per: &str, sunday: bool, d: NaiveDate) -> Period {
    let mut d = d;
    loop {
        if let Some(p) = period_of(per, sunday, d) {
            return p;
        }
        d = d + Days::new(1);
    }
}

fn next(per: &str, sunday: bool, p: Period) -> Period {
    containing_or_next(per, sunday, p.1 + Days::new(1))
}

fn prev(per: &str, sunday: bool, p: Period) -> Period {
    let mut d = p.0 - Days::new(1);
    loop {
        if let Some(q) = period_of(per, sunday, d) {
            return q;
        }
        d = d - Days::new(1);
    }
}

struct Ctx<'a> {
    s: &'a Scenario,
    as_of: NaiveDate,
    /// (local date, normalized actor, event, value) of every event with a valid timestamp.
    valid: Vec<(NaiveDate, String, String, u32)>,
    memo:
        std::cell::RefCell<std::collections::HashMap<(String, String, NaiveDate, NaiveDate), u32>>,
}

impl Ctx<'_> {
    fn count(&self, b: &Behavior, person: &str, p: Period) -> u32 {
        let key = (b.id.clone(), person.to_string(), p.0, p.1);
        if let Some(c) = self.memo.borrow().get(&key) {
            return *c;
        }
        let c = self.scan(b, person, p);
        self.memo.borrow_mut().insert(key, c);
        c
    }

    /// A full scan of the events: the definition, with no index.
    fn scan(&self, b: &Behavior, person: &str, p: Period) -> u32 {
        self.valid
            .iter()
            .filter(|(d, a, e, v)| {
                a == person
                    && *d >= p.0
                    && *d <= p.1
                    && *d <= self.as_of
                    && b.events.contains(e)
                    && b.min_value.is_none_or(|m| f64::from(*v) >= m)
            })
            .count() as u32
    }

    fn member(&self, b: &Behavior, person: &scenario::Person, p: Period) -> bool {
        (b.teams.is_empty() || b.teams.contains(&person.team))
            && person.start.is_none_or(|s| s <= p.1)
            && person.end.is_none_or(|e| e >= p.0)
            && match (b.tenure, person.start) {
                (Some(k), Some(s)) => (p.0 - s).num_days() >= i64::from(k),
                _ => true,
            }
    }

    fn practicing(b: &Behavior, c: u32) -> bool {
        if b.adopt { c >= b.n } else { c <= b.n }
    }

    fn window(&self, b: &Behavior) -> Vec<Period> {
        let s = self.s;
        let Some(first) = self.valid.iter().map(|v| v.0).min() else {
            return Vec::new();
        };
        let data_start = containing_or_next(b.per, s.sunday, first);
        let mut start = if let Some(l) = b.launch {
            let mut p = containing_or_next(b.per, s.sunday, l);
            for _ in 0..4 {
                p = prev(b.per, s.sunday, p);
            }
            p
        } else if let Some(h) = s.horizon_start {
            containing_or_next(b.per, s.sunday, h)
        } else {
            data_start
        };
        if start.0 < data_start.0 {
            start = data_start;
        }
        let mut out = Vec::new();
        let mut p = start;
        while p.1 <= self.as_of {
            out.push(p);
            p = next(b.per, s.sunday, p);
        }
        out
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn share(a: u32, b: u32) -> Value {
    if b == 0 {
        Value::Null
    } else {
        json!(f64::from(a) / f64::from(b))
    }
}

/// The oracle's view of one behavior: periods plus the behavior-level fields.
fn behavior(cx: &Ctx<'_>, b: &Behavior) -> Value {
    let s = cx.s;
    let window = cx.window(b);
    let people: Vec<&scenario::Person> = s.people.iter().collect();
    let mut periods = Vec::new();
    let mut nonprac_old = Vec::new();
    for (j, &p) in window.iter().enumerate() {
        let mut row = serde_json::Map::new();
        let (mut aud, mut prac, mut trying, mut lapsed, mut ns) = (0u32, 0u32, 0u32, 0u32, 0u32);
        let (mut new, mut ret, mut res, mut dorm, mut stick) = (0u32, 0u32, 0u32, 0u32, 0u32);
        let (mut events, mut old_events) = (0u64, 0u64);
        let (mut nonprac, mut oldway) = (0u32, 0u32);
        let mut strengths = Vec::new();
        for person in &people {
            if !cx.member(b, person, p) {
                continue;
            }
            aud += 1;
            let c = cx.count(b, &person.id, p);
            events += u64::from(c);
            let pr = Ctx::practicing(b, c);
            let earlier_adopted = window[..j]
                .iter()
                .any(|&q| cx.count(b, &person.id, q) >= b.n);
            let prev_pr = j > 0 && Ctx::practicing(b, cx.count(b, &person.id, window[j - 1]));
            let prev_adopt = j > 0 && cx.count(b, &person.id, window[j - 1]) >= b.n;
            if pr {
                prac += 1;
                if b.adopt {
                    if !earlier_adopted {
                        new += 1;
                    } else if prev_adopt {
                        ret += 1;
                    } else {
                        res += 1;
                    }
                }
            } else {
                nonprac += 1;
                if b.adopt {
                    if c > 0 {
                        trying += 1;
                    } else if earlier_adopted {
                        lapsed += 1;
                    } else {
                        ns += 1;
                    }
                    if prev_pr {
                        dorm += 1;
                    }
                }
                if let Some(r) = b.replaces {
                    let old = &s.behaviors[r];
                    if cx.count(old, &person.id, p) > old.n {
                        oldway += 1;
                    }
                }
            }
            if let Some(r) = b.replaces {
                old_events += u64::from(cx.count(&s.behaviors[r], &person.id, p));
            }
            let k = s.sticky as usize;
            if j + 1 >= k
                && window[j + 1 - k..=j]
                    .iter()
                    .all(|&q| Ctx::practicing(b, cx.count(b, &person.id, q)))
            {
                stick += 1;
            }
            let mut st = 0.0f64;
            for &q in &window[..=j] {
                let c = cx.count(b, &person.id, q);
                let days = ((q.1 - q.0).num_days() + 1) as f64;
                let m = 0.5f64.powf((f64::from(b.n.max(1)) * days).sqrt() / 13.0);
                let v = if b.adopt {
                    (f64::from(c) / f64::from(b.n.max(1))).min(1.0)
                } else if Ctx::practicing(b, c) {
                    1.0
                } else {
                    0.0
                };
                st = m * st + (1.0 - m) * v;
            }
            strengths.push(st);
        }
        row.insert("start".into(), json!(p.0.to_string()));
        row.insert("end".into(), json!(p.1.to_string()));
        row.insert("audience".into(), json!(aud));
        row.insert("practicing".into(), json!(prac));
        row.insert("adoption".into(), share(prac, aud));
        row.insert("events".into(), json!(events));
        row.insert("sticking".into(), json!(stick));
        let adopt_only = |v: u32| if b.adopt { json!(v) } else { Value::Null };
        for (k, v) in [
            ("trying", trying),
            ("lapsed", lapsed),
            ("not_started", ns),
            ("new", new),
            ("returning", ret),
            ("resurrecting", res),
            ("dormant", dorm),
        ] {
            row.insert(k.into(), adopt_only(v));
        }
        if !b.adopt {
            row.insert("over_limit".into(), json!(aud - prac));
        }
        let strong = strengths.iter().filter(|x| **x >= 0.5).count() as u32;
        row.insert(
            "strength_median".into(),
            if aud == 0 {
                Value::Null
            } else {
                json!(median(strengths))
            },
        );
        row.insert("strong_share".into(), share(strong, aud));
        if b.replaces.is_some() {
            row.insert("old_way_share".into(), share(oldway, nonprac));
            let total = events + old_events;
            row.insert(
                "displacement".into(),
                if total == 0 {
                    Value::Null
                } else {
                    json!(events as f64 / total as f64)
                },
            );
        } else {
            row.insert("old_way_share".into(), Value::Null);
            row.insert("displacement".into(), Value::Null);
        }
        nonprac_old.push((nonprac, oldway));
        periods.push(row);
    }
    let adoption = |i: usize| periods[i]["adoption"].as_f64();
    let baseline = b.launch.and_then(|l| {
        let v: Vec<f64> = (0..window.len())
            .filter(|&i| window[i].1 < l)
            .filter_map(adoption)
            .collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    });
    for (i, w) in window.iter().enumerate() {
        let expected = match (b.launch, b.by, b.target) {
            (Some(l), Some(d), Some(t)) => {
                let base = baseline.unwrap_or(0.0);
                let span = (d - l).num_days() as f64;
                let f = if span <= 0.0 {
                    1.0
                } else {
                    ((w.1 - l).num_days() as f64 / span).clamp(0.0, 1.0)
                };
                json!(base + (t - base) * f)
            }
            _ => Value::Null,
        };
        periods[i].insert("expected".into(), expected);
    }
    let checkpoint = |n: u64| -> Value {
        let Some(l) = b.launch else {
            return Value::Null;
        };
        let limit = l + Days::new(n);
        // The last period ending on or before the limit.
        let mut p = containing_or_next(b.per, s.sunday, limit);
        while p.1 > limit {
            p = prev(b.per, s.sunday, p);
        }
        if p.1 < l || p.1 > cx.as_of {
            return Value::Null;
        }
        match window.iter().position(|w| *w == p) {
            Some(i) => periods[i]["adoption"].clone(),
            None => Value::Null,
        }
    };
    let (d30, d60, d90) = (checkpoint(30), checkpoint(60), checkpoint(90));
    let lift30 = match (d30.as_f64(), baseline) {
        (Some(d), Some(base)) => json!(d - base),
        _ => Value::Null,
    };
    let latest = periods.last().map(|last| {
        let mut l = last.clone();
        let adoption = last["adoption"].as_f64();
        let status = match (b.target, adoption) {
            (Some(t), Some(a)) if a >= t => json!("met"),
            (Some(_), Some(a)) => match last["expected"].as_f64() {
                None => json!("not_met"),
                Some(e) if a >= e => json!("on_track"),
                Some(e) if a >= e - s.tolerance => json!("at_risk"),
                Some(_) => json!("off_track"),
            },
            _ => Value::Null,
        };
        l.insert("status".into(), status);
        let (nonprac, oldway) = *nonprac_old.last().unwrap();
        let aud = last["audience"].as_u64().unwrap();
        let diagnosis = if aud == 0 {
            Value::Null
        } else {
            let sh = |k: &str| last[k].as_u64().map_or(Value::Null, |v| share(v as u32, nonprac));
            let ows = if b.replaces.is_some() { share(oldway, nonprac) } else { Value::Null };
            let primary = if nonprac == 0 {
                Value::Null
            } else if ows.as_f64().is_some_and(|x| x >= 0.5) {
                json!("old_way")
            } else if b.adopt {
                let mut best = ("not_started", sh("not_started").as_f64().unwrap_or(0.0));
                for k in ["trying", "lapsed"] {
                    let v = sh(k).as_f64().unwrap_or(0.0);
                    if v > best.1 {
                        best = (k, v);
                    }
                }
                json!(best.0)
            } else {
                Value::Null
            };
            json!({ "not_started": sh("not_started"), "trying": sh("trying"), "lapsed": sh("lapsed"), "old_way_share": ows, "primary": primary })
        };
        l.insert("diagnosis".into(), diagnosis);
        let end: NaiveDate = last["end"].as_str().unwrap().parse().unwrap();
        let reported = latest_checkin(s, &b.id, end);
        l.insert("reported".into(), reported.map_or(Value::Null, |r| json!(r)));
        l.insert("say_do_gap".into(), match (reported, adoption) {
            (Some(r), Some(a)) => json!(r - a),
            _ => Value::Null,
        });
        Value::Object(l)
    });
    json!({
        "id": b.id,
        "baseline": baseline,
        "checkpoints": { "d30": d30, "d60": d60, "d90": d90 },
        "lift30": lift30,
        "periods": periods,
        "latest": latest,
    })
}

fn latest_checkin(s: &Scenario, subject: &str, by: NaiveDate) -> Option<f64> {
    let mut best: Option<(NaiveDate, f64)> = None;
    for (subj, d, v) in &s.checkins {
        if subj == subject && *d <= by && best.is_none_or(|(bd, _)| *d >= bd) {
            best = Some((*d, *v / 100.0));
        }
    }
    best.map(|b| b.1)
}

fn rank(status: &str) -> u8 {
    ["off_track", "at_risk", "not_met", "on_track", "met"]
        .iter()
        .position(|s| *s == status)
        .unwrap() as u8
}

/// The whole expected document (the fields the oracle computes).
pub fn expected(s: &Scenario) -> Value {
    let valid: Vec<(NaiveDate, String, String, u32)> = s
        .events
        .iter()
        .filter(|e| !e.bad_time)
        .map(|e| {
            (
                e.at.with_timezone(&s.tz).date_naive(),
                e.actor.trim().to_lowercase(),
                e.event.clone(),
                e.value,
            )
        })
        .collect();
    let as_of = s
        .as_of
        .unwrap_or_else(|| valid.iter().map(|v| v.0).max().unwrap());
    let cx = Ctx {
        s,
        as_of,
        valid,
        memo: Default::default(),
    };
    let behaviors: Vec<Value> = s.behaviors.iter().map(|b| behavior(&cx, b)).collect();
    let mut priorities = Vec::new();
    for p in ["pr0", "pr1"] {
        let mine: Vec<&Value> = s
            .behaviors
            .iter()
            .zip(&behaviors)
            .filter(|(b, _)| b.priority == p)
            .map(|(_, v)| v)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let vals: Vec<f64> = mine
            .iter()
            .filter_map(|v| v["latest"]["adoption"].as_f64())
            .collect();
        let adoption = (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64);
        let status = mine
            .iter()
            .filter_map(|v| v["latest"]["status"].as_str())
            .min_by_key(|s| rank(s));
        let reported = latest_checkin(s, p, as_of);
        priorities.push(json!({
            "id": p, "adoption": adoption, "status": status, "reported": reported,
            "say_do_gap": match (reported, adoption) { (Some(r), Some(a)) => json!(r - a), _ => Value::Null },
        }));
    }
    json!({ "as_of": as_of.to_string(), "behaviors": behaviors, "priorities": priorities })
}

/// Every field of `want` must equal the same field of `got` (floats within 1e-9).
pub fn compare(want: &Value, got: &Value, path: &str, errors: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) => compare(wv, gv, &format!("{path}/{k}"), errors),
                    None if wv.is_null() => {}
                    None => errors.push(format!("{path}/{k}: missing, want {wv}")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                errors.push(format!("{path}: {} items, want {}", g.len(), w.len()));
                return;
            }
            for (i, (a, b)) in w.iter().zip(g).enumerate() {
                compare(a, b, &format!("{path}/{i}"), errors);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            if (a - b).abs() > 1e-9 {
                errors.push(format!("{path}: got {b}, want {a}"));
            }
        }
        (w, g) if w == g => {}
        (w, g) => errors.push(format!("{path}: got {g}, want {w}")),
    }
}

pub fn run_scenario(seed: u64) -> Vec<String> {
    let s = scenario::generate(seed);
    let dir = tempfile::tempdir().unwrap();
    s.write(dir.path(), &scenario::csv_source("../events.csv"));
    let order: Vec<usize> = (0..s.events.len()).collect();
    std::fs::write(dir.path().join("events.csv"), s.events_csv(&order)).unwrap();
    let mut args = vec!["adoption".to_string(), "--format".into(), "json".into()];
    if let Some(a) = s.as_of {
        args.push("--as-of".into());
        args.push(a.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = praxis(dir.path(), &args);
    if run.code != 0 {
        return vec![format!("seed {seed}: exit {}: {}", run.code, run.stderr)];
    }
    let got: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut errors = Vec::new();
    compare(&expected(&s), &got, &format!("seed {seed}"), &mut errors);
    errors
}

#[test]
fn adoption_matches_the_oracle_on_seeded_scenarios() {
    let mut errors = Vec::new();
    for seed in 0..40u64 {
        errors.extend(run_scenario(seed));
    }
    errors.truncate(40);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
