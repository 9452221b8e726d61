//! Seeded random strategies and activity data for the oracle and property tests. Each
//! scenario mixes what the definitions make tricky: DST changes, Sunday weeks, workdays,
//! months, tenure, joiners and leavers, retire + replaces, behaviors without a launch,
//! thresholds above one, `where` conditions, mixed-case actors and bad rows.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use std::fmt::Write as _;
use std::path::Path;

#[path = "../../examples/support/rng.rs"]
mod rng;
pub use rng::Rng;

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub team: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct Behavior {
    pub id: String,
    pub priority: String,
    pub adopt: bool,
    pub n: u32,
    pub per: &'static str,
    pub launch: Option<NaiveDate>,
    pub target: Option<f64>,
    pub by: Option<NaiveDate>,
    pub teams: Vec<String>,
    pub tenure: Option<u32>,
    pub events: Vec<String>,
    /// `where: { value: { gte: X } }`
    pub min_value: Option<f64>,
    pub replaces: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub event: String,
    pub value: u32,
    /// Written as an unparseable timestamp.
    pub bad_time: bool,
}

pub struct Scenario {
    pub tz: Tz,
    pub sunday: bool,
    pub sticky: u32,
    pub tolerance: f64,
    pub min_group: u32,
    pub horizon_start: Option<NaiveDate>,
    pub people: Vec<Person>,
    pub behaviors: Vec<Behavior>,
    pub events: Vec<Event>,
    pub checkins: Vec<(String, NaiveDate, f64)>,
    pub as_of: Option<NaiveDate>,
}

const TEAMS: [&str; 4] = ["red", "blue", "green", "tiny"];
const NAMES: [&str; 6] = ["call", "note", "email", "review", "ping", "demo"];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

pub fn generate(seed: u64) -> Scenario {
    let mut rng = Rng(seed);
    let tz: Tz = match rng.below(3) {
        0 => chrono_tz::Europe::Berlin,
        1 => chrono_tz::America::New_York,
        _ => chrono_tz::Australia::Sydney,
    };
    // Around the March and October/November DST changes of both hemispheres.
    let base = if rng.chance(0.5) {
        day(2026, 2, 16)
    } else {
        day(2026, 9, 21)
    };
    let span_days = 60 + rng.below(70);
    let people: Vec<Person> = (0..(12 + rng.below(30)))
        .map(|i| {
            let team = if i % 9 == 8 {
                "tiny"
            } else {
                TEAMS[(rng.below(3)) as usize]
            };
            let start = match rng.below(5) {
                0 => None,
                1 => Some(base + Days::new(rng.below(span_days))),
                _ => Some(base - Days::new(30 + rng.below(400))),
            };
            let end = rng
                .chance(0.15)
                .then(|| base + Days::new(rng.below(span_days)));
            Person {
                id: format!("p{i}@acme.test"),
                team: team.into(),
                start,
                end,
            }
        })
        .collect();
    let pers = ["day", "workday", "week", "month"];
    let mut behaviors: Vec<Behavior> = Vec::new();
    let count = 2 + rng.below(4) as usize;
    for i in 0..count {
        let per = pers[rng.below(4) as usize];
        let launch = rng
            .chance(0.7)
            .then(|| base + Days::new(rng.below(span_days / 2)));
        let by = launch.and_then(|l| rng.chance(0.8).then(|| l + Days::new(10 + rng.below(80))));
        let teams: Vec<String> = if rng.chance(0.3) {
            Vec::new()
        } else {
            let mut t = vec![TEAMS[rng.below(4) as usize].to_string()];
            if rng.chance(0.5) {
                t.push(TEAMS[rng.below(4) as usize].to_string());
            }
            t.sort();
            t.dedup();
            t
        };
        let n = match per {
            "day" | "workday" => 1,
            _ => 1 + rng.below(3) as u32,
        };
        behaviors.push(Behavior {
            id: format!("b{i}"),
            priority: format!("pr{}", i % 2),
            adopt: true,
            n,
            per,
            launch,
            target: (rng.chance(0.8)).then(|| (20 + rng.below(70)) as f64 / 100.0),
            by,
            teams,
            tenure: rng.chance(0.3).then(|| 7 + rng.below(40) as u32),
            events: vec![NAMES[i % NAMES.len()].to_string()],
            min_value: rng.chance(0.4).then_some(50.0),
            replaces: None,
        });
    }
    // An old way, retired and replaced by the first behavior.
    if rng.chance(0.7) {
        let first = behaviors[0].clone();
        behaviors.push(Behavior {
            id: "old".into(),
            priority: first.priority.clone(),
            adopt: false,
            n: rng.below(2) as u32,
            per: if rng.chance(0.5) { first.per } else { "week" },
            launch: first.launch,
            target: Some(0.7),
            by: first.by,
            teams: first.teams.clone(),
            tenure: None,
            events: vec!["fax".into(), "letter".into()],
            min_value: None,
            replaces: None,
        });
        let old = behaviors.len() - 1;
        behaviors[0].replaces = Some(old);
    }
    let mut events = Vec::new();
    let rows = 200 + rng.below(1500);
    for _ in 0..rows {
        let p = &people[rng.below(people.len() as u64) as usize];
        let d = base + Days::new(rng.below(span_days));
        let secs = rng.below(86_400) as u32;
        let local = d
            .and_hms_opt(secs / 3600, (secs / 60) % 60, secs % 60)
            .expect("time");
        let at = tz
            .from_local_datetime(&local)
            .earliest()
            .unwrap_or_else(|| tz.from_utc_datetime(&local))
            .with_timezone(&Utc);
        let names: Vec<&str> = NAMES.iter().copied().chain(["fax", "letter"]).collect();
        let event = names[rng.below(names.len() as u64) as usize].to_string();
        let actor = match rng.below(40) {
            0 => "stranger@acme.test".to_string(),
            1 => String::new(),
            2 | 3 => p.id.to_uppercase(),
            4 => format!("  {}  ", p.id),
            _ => p.id.clone(),
        };
        events.push(Event {
            at,
            actor,
            event,
            value: rng.below(100) as u32,
            bad_time: rng.below(60) == 0,
        });
    }
    let mut checkins = Vec::new();
    for b in &behaviors {
        for _ in 0..rng.below(3) {
            checkins.push((
                b.id.clone(),
                base + Days::new(rng.below(span_days + 10)),
                rng.below(101) as f64,
            ));
        }
    }
    for p in ["pr0", "pr1"] {
        if rng.chance(0.6) {
            checkins.push((
                p.to_string(),
                base + Days::new(rng.below(span_days)),
                rng.below(101) as f64,
            ));
        }
    }
    let as_of = rng
        .chance(0.3)
        .then(|| base + Days::new(span_days / 2 + rng.below(span_days / 2)));
    Scenario {
        tz,
        sunday: rng.chance(0.5),
        sticky: 1 + rng.below(3) as u32,
        tolerance: 0.05,
        min_group: 2 + rng.below(4) as u32,
        horizon_start: rng.chance(0.5).then(|| base + Days::new(rng.below(20))),
        people,
        behaviors,
        events,
        checkins,
        as_of,
    }
}

impl Scenario {
    /// An event's timestamp as written in an export (a deliberately bad one included).
    fn ts(e: &Event) -> String {
        if e.bad_time {
            "not-a-time".to_string()
        } else {
            e.at.to_rfc3339()
        }
    }

    /// The event rows in file order, as CSV text (header first).
    pub fn events_csv(&self, order: &[usize]) -> String {
        let mut out = String::from("ts,who,what,value\n");
        for &i in order {
            let e = &self.events[i];
            let _ = writeln!(out, "{},{},{},{}", Self::ts(e), e.actor, e.event, e.value);
        }
        out
    }

    pub fn events_ndjson(&self, order: &[usize]) -> String {
        let mut out = String::new();
        for &i in order {
            let e = &self.events[i];
            let v = serde_json::json!({ "ts": Self::ts(e), "who": { "id": e.actor }, "what": e.event, "value": e.value });
            let _ = writeln!(out, "{v}");
        }
        out
    }

    /// Writes the strategy, roster, check-ins and (through `events`) the exports.
    pub fn write(&self, dir: &Path, source_yaml: &str) {
        let s = dir.join("strategy");
        std::fs::create_dir_all(&s).expect("mkdir");
        let mut ws = format!(
            "kind: workspace\ntimezone: {}\nweek_start: {}\nsticky_periods: {}\nat_risk_tolerance: {}\nmin_group_size: {}\n",
            self.tz.name(),
            if self.sunday { "sunday" } else { "monday" },
            self.sticky,
            self.tolerance,
            self.min_group
        );
        ws.push_str("---\nkind: roster\npath: ../people.csv\nfields: { id: email, team: team, start: start, end: end }\n");
        ws.push_str("---\nkind: checkins\npath: ../checkins.csv\nfields: { date: date, subject: subject, reported: progress }\n");
        ws.push_str(source_yaml);
        std::fs::write(s.join("workspace.yaml"), ws).expect("write");
        let mut docs = Vec::new();
        for p in ["pr0", "pr1"] {
            let horizon = self
                .horizon_start
                .map(|h| format!("horizon: {{ start: {h} }}\n"))
                .unwrap_or_default();
            docs.push(format!(
                "kind: priority\nid: {p}\ntitle: Priority {p}\nowner: x\n{horizon}"
            ));
        }
        for b in &self.behaviors {
            let mut y = format!(
                "kind: behavior\nid: {}\npriority: {}\ntitle: T\nowner: x\ncue: c\naction: Write it\n",
                b.id, b.priority
            );
            if !b.adopt {
                y.push_str("direction: retire\n");
            }
            if !b.teams.is_empty() || b.tenure.is_some() {
                y.push_str("audience:\n");
                if !b.teams.is_empty() {
                    let _ = writeln!(y, "  team: [{}]", b.teams.join(", "));
                }
                if let Some(t) = b.tenure {
                    let _ = writeln!(y, "  tenure_days: {t}");
                }
            }
            if let Some(r) = b.replaces {
                let _ = writeln!(y, "replaces: {}", self.behaviors[r].id);
            }
            let _ = write!(
                y,
                "evidence:\n  source: act\n  event: [{}]\n",
                b.events.join(", ")
            );
            if let Some(m) = b.min_value {
                let _ = writeln!(y, "  where: {{ value: {{ gte: {m} }} }}");
            }
            if let Some(l) = b.launch {
                let _ = writeln!(y, "launch: {l}");
            }
            let threshold = if b.adopt {
                format!("at_least: {}", b.n)
            } else {
                format!("at_most: {}", b.n)
            };
            let _ = write!(y, "target: {{ {threshold}, per: {}", b.per);
            if let Some(t) = b.target {
                let _ = write!(y, ", adoption: {t}");
            }
            if let Some(by) = b.by {
                let _ = write!(y, ", by: {by}");
            }
            y.push_str(" }\n");
            docs.push(y);
        }
        std::fs::write(s.join("behaviors.yaml"), docs.join("---\n")).expect("write");
        let mut people = String::from("email,team,start,end\n");
        for p in &self.people {
            let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(people, "{},{},{},{}", p.id, p.team, d(p.start), d(p.end));
        }
        std::fs::write(dir.join("people.csv"), people).expect("write");
        let mut c = String::from("date,subject,progress\n");
        for (s, d, v) in &self.checkins {
            let _ = writeln!(c, "{d},{s},{v}");
        }
        std::fs::write(dir.join("checkins.csv"), c).expect("write");
    }
}

/// The `source` document for a CSV export at `path` (relative to the strategy folder).
pub fn csv_source(path: &str) -> String {
    format!(
        "---\nkind: source\nid: act\npath: {path}\nfields: {{ timestamp: ts, actor: who, event: what }}\n"
    )
}

/// The `source` document for an NDJSON export with a nested actor.
pub fn ndjson_source(path: &str) -> String {
    format!(
        "---\nkind: source\nid: act\npath: {path}\nformat: ndjson\nfields: {{ timestamp: ts, actor: who.id, event: what }}\n"
    )
}
