//! Generates the bundled example's exports in `examples/acme/`: a roster of ~300 people and
//! six months of activity in three real shapes (a CRM CSV, a helpdesk NDJSON export, a
//! code-review JSON array) plus OKR check-ins. Deterministic: the same files every run.
//!
//!     cargo run --example generate_acme [-- OUT_DIR]
//!
//! Each person gets, per behavior, a persona (early adopter, late adopter, lapser, trier,
//! never) whose odds differ by team, so the example shows every state praxis reports.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi",
    "Luca", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carla", "Dmitri", "Emre", "Fatima",
];
const LAST: &[&str] = &[
    "Adler", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hoffmann", "Ito",
    "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi",
    "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zimmer",
];

struct Person {
    email: String,
    name: String,
    team: &'static str,
    role: &'static str,
    manager: String,
    office: &'static str,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

impl Person {
    fn tz(&self) -> Tz {
        match self.office {
            "New York" => chrono_tz::America::New_York,
            "Singapore" => chrono_tz::Asia::Singapore,
            "London" => chrono_tz::Europe::London,
            _ => chrono_tz::Europe::Berlin,
        }
    }
    fn active_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d <= e)
    }
}

/// A team: its name, (role, head count) pairs and offices.
type Team = (
    &'static str,
    &'static [(&'static str, usize)],
    &'static [&'static str],
);

const TEAMS: &[Team] = &[
    (
        "sales-emea",
        &[
            ("sales-manager", 2),
            ("account-executive", 30),
            ("sales-engineer", 5),
        ],
        &["Berlin", "London"],
    ),
    (
        "sales-na",
        &[
            ("sales-manager", 2),
            ("account-executive", 28),
            ("sales-engineer", 4),
        ],
        &["New York"],
    ),
    (
        "sales-apac",
        &[
            ("sales-manager", 1),
            ("account-executive", 11),
            ("sales-engineer", 2),
        ],
        &["Singapore"],
    ),
    (
        "support-tier1",
        &[("support-lead", 2), ("support-agent", 44)],
        &["Berlin", "London"],
    ),
    (
        "support-tier2",
        &[("support-lead", 2), ("support-engineer", 22)],
        &["Berlin"],
    ),
    (
        "eng-platform",
        &[("engineering-manager", 2), ("engineer", 32)],
        &["Berlin"],
    ),
    (
        "eng-product",
        &[("engineering-manager", 3), ("engineer", 46)],
        &["Berlin", "London"],
    ),
    (
        "eng-data",
        &[("engineering-manager", 2), ("engineer", 20)],
        &["London"],
    ),
    (
        "operations",
        &[("operations-lead", 1), ("analyst", 7)],
        &["Berlin"],
    ),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn roster(rng: &mut Rng) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::new();
    let mut used = std::collections::HashSet::new();
    for (team, roles, offices) in TEAMS {
        let mut manager = String::from("ceo@acme.example");
        for (role, count) in roles.iter() {
            for _ in 0..*count {
                let (first, last) = loop {
                    let f = *rng.pick(FIRST);
                    let l = *rng.pick(LAST);
                    if used.insert((f, l)) {
                        break (f, l);
                    }
                };
                let email = format!(
                    "{}.{}@acme.example",
                    first.to_lowercase(),
                    last.to_lowercase()
                );
                let roll = rng.unit();
                // Most joined years ago; some join during the half-year (tenure filters), a few leave.
                let start = if roll < 0.08 {
                    date(2026, 1, 5) + Days::new(rng.below(120))
                } else {
                    date(2019, 1, 7) + Days::new(rng.below(2500))
                };
                let end = (rng.unit() < 0.05).then(|| date(2026, 2, 1) + Days::new(rng.below(130)));
                let person = Person {
                    email: email.clone(),
                    name: format!("{first} {last}"),
                    team,
                    role,
                    manager: manager.clone(),
                    office: rng.pick::<&str>(offices),
                    start,
                    end,
                };
                if role.ends_with("manager") || role.ends_with("lead") {
                    manager = email;
                }
                people.push(person);
            }
        }
    }
    people
}

#[derive(Clone, Copy, PartialEq)]
enum Persona {
    Early,
    Late,
    Lapser,
    Trier,
    Never,
}

fn persona(rng: &mut Rng, eager: f64) -> Persona {
    let r = rng.unit();
    let early = 0.35 * eager;
    let late = early + 0.2;
    let lapser = late + 0.15;
    let trier = lapser + 0.12;
    if r < early {
        Persona::Early
    } else if r < late {
        Persona::Late
    } else if r < lapser {
        Persona::Lapser
    } else if r < trier {
        Persona::Trier
    } else {
        Persona::Never
    }
}

/// How many times a person does a behavior in period `k` (0-based weeks from the first
/// week, or months), given the threshold `n` and the launch period.
fn count(rng: &mut Rng, p: Persona, k: i64, launch: i64, start_lag: i64, n: u32) -> u32 {
    let n = n.max(1);
    let practising = |rng: &mut Rng| n + rng.below(2) as u32;
    let partial = |rng: &mut Rng| {
        if n > 1 {
            1 + rng.below(u64::from(n - 1)) as u32
        } else {
            u32::from(rng.chance(0.3))
        }
    };
    if k < launch {
        return if rng.chance(0.12) {
            practising(rng)
        } else if rng.chance(0.2) {
            partial(rng)
        } else {
            0
        };
    }
    let since = k - launch;
    match p {
        Persona::Early | Persona::Late => {
            let lag = if p == Persona::Early {
                start_lag.min(2)
            } else {
                3 + start_lag
            };
            if since < lag {
                if rng.chance(0.25) { partial(rng) } else { 0 }
            } else if rng.chance(0.88) {
                practising(rng)
            } else {
                partial(rng)
            }
        }
        Persona::Lapser => {
            if since < 1 + start_lag.min(2) {
                0
            } else if since < 5 + start_lag {
                if rng.chance(0.8) { practising(rng) } else { 0 }
            } else if rng.chance(0.1) {
                partial(rng)
            } else {
                0
            }
        }
        Persona::Trier => {
            if rng.chance(0.7) {
                partial(rng)
            } else {
                0
            }
        }
        Persona::Never => u32::from(rng.chance(0.03)),
    }
}

/// A local working-hours time on `day` for a person, as an instant.
fn moment(rng: &mut Rng, person: &Person, day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let secs = 8 * 3600 + rng.below(10 * 3600) as u32;
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).expect("valid time");
    person
        .tz()
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .unwrap_or_else(|| person.tz().from_utc_datetime(&day.and_time(time)))
        .with_timezone(&chrono::Utc)
}

fn workdays(week_start: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    (0..5).map(move |i| week_start + Days::new(i))
}

const WEEKS: i64 = 26;

fn main() {
    let out: PathBuf = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/acme"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&out).expect("create output directory");
    let mut rng = Rng(0x5EED_AC4E);
    let people = roster(&mut rng);
    let first_week = date(2026, 1, 5);
    assert_eq!(first_week.weekday(), Weekday::Mon);

    write_roster(&out, &people);
    let crm = crm(&mut rng, &people, first_week);
    let tickets = helpdesk(&mut rng, &people, first_week);
    let reviews = code_review(&mut rng, &people, first_week);
    std::fs::write(out.join("crm-activity.csv"), crm).expect("write crm");
    std::fs::write(out.join("tickets.ndjson"), tickets).expect("write tickets");
    std::fs::write(out.join("code-reviews.json"), reviews).expect("write reviews");
    std::fs::write(out.join("okr-checkins.csv"), checkins(&mut rng)).expect("write checkins");
    eprintln!(
        "wrote {} people and exports to {}",
        people.len(),
        out.display()
    );
}

fn write_roster(out: &std::path::Path, people: &[Person]) {
    let mut w = csv::Writer::from_path(out.join("people.csv")).expect("create people.csv");
    w.write_record([
        "email",
        "full_name",
        "team",
        "title",
        "manager_email",
        "office",
        "start_date",
        "end_date",
    ])
    .expect("write");
    for p in people {
        let start = p.start.to_string();
        let end = p.end.map(|e| e.to_string()).unwrap_or_default();
        w.write_record([
            &p.email, &p.name, p.team, p.role, &p.manager, p.office, &start, &end,
        ])
        .expect("write");
    }
    w.flush().expect("flush");
}

/// Team eagerness: the same behavior sticks better in some teams than others.
fn eagerness(team: &str) -> f64 {
    match team {
        "sales-emea" | "support-tier2" | "eng-platform" => 1.5,
        "sales-na" | "eng-data" => 0.6,
        _ => 1.0,
    }
}

fn crm(rng: &mut Rng, people: &[Person], first_week: NaiveDate) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "Activity ID",
        "Occurred At",
        "Owner Email",
        "Activity Type",
        "Object",
        "Channel",
        "Note Length",
        "Subject",
    ])
    .expect("write");
    let mut id = 0u64;
    let subjects = [
        "Discovery call",
        "Discovery call, follow-up",
        "Pricing \"questions\", next steps",
        "Intro call\nNext: security review",
        "Champion meeting, EMEA",
    ];
    let sales: Vec<&Person> = people
        .iter()
        .filter(|p| p.team.starts_with("sales"))
        .collect();
    let launch = 4; // 2026-02-02 is the fifth week.
    let mut rows: Vec<(chrono::DateTime<chrono::Utc>, Vec<String>)> = Vec::new();
    let mut emit = |rng: &mut Rng,
                    p: &Person,
                    day: NaiveDate,
                    kind: &str,
                    object: &str,
                    channel: &str,
                    len: u32| {
        let at = moment(rng, p, day);
        let owner = if rng.chance(0.1) {
            p.email.to_uppercase()
        } else {
            p.email.clone()
        };
        rows.push((
            at,
            vec![
                String::new(),
                String::new(),
                owner,
                kind.to_string(),
                object.to_string(),
                channel.to_string(),
                len.to_string(),
                rng.pick(&subjects).to_string(),
            ],
        ));
    };
    for p in &sales {
        let eager = eagerness(p.team);
        let notes = persona(rng, eager);
        let quotes = persona(rng, eager);
        let lag = rng.below(4) as i64;
        for k in 0..WEEKS {
            let week = first_week + Days::new(7 * k as u64);
            let days: Vec<NaiveDate> = workdays(week).filter(|d| p.active_on(*d)).collect();
            if days.is_empty() {
                continue;
            }
            // Discovery notes (adopt, 2 a week) and the email updates they replace (retire).
            let n = count(rng, notes, k, launch, lag, 2);
            for _ in 0..n {
                let d = *rng.pick(&days);
                let len = 200 + rng.below(900) as u32;
                emit(rng, p, d, "note_created", "opportunity", "web", len);
            }
            // Short notes and account notes do not count.
            if rng.chance(0.3) {
                let d = *rng.pick(&days);
                let len = 40 + rng.below(150) as u32;
                emit(rng, p, d, "note_created", "opportunity", "mobile", len);
            }
            if rng.chance(0.2) {
                let d = *rng.pick(&days);
                emit(rng, p, d, "note_created", "account", "web", 300);
            }
            let emails = if n >= 2 && k >= launch {
                rng.below(2)
            } else {
                1 + rng.below(4)
            };
            for _ in 0..emails {
                let d = *rng.pick(&days);
                emit(rng, p, d, "email_sent", "opportunity", "internal-email", 0);
            }
            for _ in 0..rng.below(4) {
                let d = *rng.pick(&days);
                emit(rng, p, d, "call_logged", "opportunity", "phone", 0);
            }
            // One customer quote a month (monthly behavior): decided in a month's first week.
            if week.day() <= 7 {
                let month = i64::from(week.month()) - 1;
                if count(rng, quotes, month, 1, lag / 2, 1) > 0 {
                    let d = *rng.pick(&days) + Days::new(7 * rng.below(3));
                    if p.active_on(d) {
                        emit(rng, p, d, "quote_attached", "account", "web", 0);
                    }
                }
            }
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    for (at, mut row) in rows {
        id += 1;
        row[0] = format!("A-{id:06}");
        row[1] = at
            .with_timezone(&chrono_tz::Europe::Berlin)
            .format("%Y-%m-%dT%H:%M:%S%.3f%z")
            .to_string();
        w.write_record(&row).expect("write");
    }
    // Real exports are never clean: an integration user, a row without an owner, a bad date.
    w.write_record([
        "A-900001",
        "2026-03-03T10:00:00.000+0100",
        "crm-sync-bot@acme.example",
        "note_created",
        "opportunity",
        "api",
        "500",
        "Synced",
    ])
    .expect("write");
    w.write_record([
        "A-900002",
        "2026-03-04T11:00:00.000+0100",
        "",
        "call_logged",
        "opportunity",
        "phone",
        "0",
        "Unassigned",
    ])
    .expect("write");
    w.write_record([
        "A-900003",
        "03/05/2026 09:00",
        "ada.adler@acme.example",
        "call_logged",
        "opportunity",
        "phone",
        "0",
        "Imported, legacy",
    ])
    .expect("write");
    String::from_utf8(w.into_inner().expect("flush")).expect("utf8")
}

fn helpdesk(rng: &mut Rng, people: &[Person], first_week: NaiveDate) -> String {
    let agents: Vec<&Person> = people
        .iter()
        .filter(|p| p.team.starts_with("support"))
        .collect();
    let mut lines: Vec<(chrono::DateTime<chrono::Utc>, serde_json::Value)> = Vec::new();
    let mut ticket = 10_000u64;
    for p in &agents {
        let eager = eagerness(p.team);
        let kb = persona(rng, eager);
        let tags = persona(rng, eager);
        let csat = persona(rng, eager * 0.8);
        let lag = rng.below(3) as i64;
        for k in 0..WEEKS {
            let week = first_week + Days::new(7 * k as u64);
            // Link KB articles: per workday, at least one.
            let weekly = count(rng, kb, k, 5, lag, 5).min(5);
            for (i, day) in workdays(week).enumerate() {
                if !p.active_on(day) {
                    continue;
                }
                ticket += 1;
                let resolved = 1 + rng.below(2);
                for _ in 0..resolved {
                    let at = moment(rng, p, day);
                    lines.push((at, event(at, "ticket_resolved", p, ticket, "normal")));
                }
                if (i as u32) < weekly {
                    let at = moment(rng, p, day);
                    lines.push((at, event(at, "kb_article_linked", p, ticket, "normal")));
                }
            }
            let days: Vec<NaiveDate> = workdays(week).filter(|d| p.active_on(*d)).collect();
            if days.is_empty() {
                continue;
            }
            if p.team == "support-tier2" {
                for _ in 0..count(rng, tags, k, 5, lag, 3) {
                    let day = *rng.pick(&days);
                    let at = moment(rng, p, day);
                    let prio = if rng.chance(0.5) { "high" } else { "urgent" };
                    lines.push((at, event(at, "root_cause_tagged", p, ticket, prio)));
                }
                if rng.chance(0.4) {
                    let day = *rng.pick(&days);
                    let at = moment(rng, p, day);
                    lines.push((at, event(at, "root_cause_tagged", p, ticket, "low")));
                }
            }
            for _ in 0..count(rng, csat, k, 8, lag, 1).min(2) {
                let day = *rng.pick(&days);
                let at = moment(rng, p, day);
                lines.push((at, event(at, "csat_callback_logged", p, ticket, "normal")));
            }
        }
    }
    lines.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    let mut out = String::new();
    for (i, (_, v)) in lines.iter().enumerate() {
        // A blank line, as some exporters write between pages; praxis skips it.
        if i == lines.len() / 2 {
            out.push('\n');
        }
        writeln!(out, "{v}").expect("write");
    }
    out
}

fn event(
    at: chrono::DateTime<chrono::Utc>,
    name: &str,
    p: &Person,
    ticket: u64,
    prio: &str,
) -> serde_json::Value {
    json!({
        "at": at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "event": name,
        "agent": { "email": p.email, "team": p.team },
        "ticket": { "id": ticket, "priority": prio, "channel": if ticket.is_multiple_of(3) { "chat" } else { "email" } }
    })
}

fn code_review(rng: &mut Rng, people: &[Person], first_week: NaiveDate) -> String {
    let engineers: Vec<&Person> = people
        .iter()
        .filter(|p| p.team.starts_with("eng-"))
        .collect();
    let mut items: Vec<(i64, serde_json::Value)> = Vec::new();
    let mut number = 1u64;
    for p in &engineers {
        let eager = eagerness(p.team);
        let small = persona(rng, eager);
        let review = persona(rng, eager);
        let lag = rng.below(4) as i64;
        let login = p
            .email
            .split('@')
            .next()
            .unwrap_or_default()
            .replace('.', "-");
        for k in 0..WEEKS {
            let week = first_week + Days::new(7 * k as u64);
            let days: Vec<NaiveDate> = workdays(week).filter(|d| p.active_on(*d)).collect();
            if days.is_empty() {
                continue;
            }
            let mut push = |rng: &mut Rng, action: &str, lines: u64, hours: f64| {
                let day = *rng.pick(&days);
                let at = moment(rng, p, day).timestamp();
                number += 1;
                items.push((at, json!({
                    "id": number,
                    "created_at": at,
                    "action": action,
                    "user": { "login": login, "email": p.email },
                    "pull_request": { "number": number, "repo": format!("acme/{}", p.team), "changed_lines": lines },
                    "review": { "hours_waiting": hours }
                })));
            };
            for _ in 0..count(rng, small, k, 6, lag, 2) {
                let lines = 20 + rng.below(380);
                push(rng, "pull_request_opened", lines, 0.0);
            }
            // Big pull requests keep appearing, less often once the habit takes.
            for _ in 0..rng.below(2) {
                let lines = 401 + rng.below(3000);
                push(rng, "pull_request_opened", lines, 0.0);
            }
            for _ in 0..count(rng, review, k, 6, lag, 3) {
                let hours = (rng.unit() * 20.0 * 10.0).round() / 10.0;
                push(rng, "review_submitted", 0, hours);
            }
            if rng.chance(0.5) {
                let hours = 24.0 + (rng.unit() * 72.0).round();
                push(rng, "review_submitted", 0, hours);
            }
        }
    }
    items.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1["id"].as_u64().cmp(&b.1["id"].as_u64()))
    });
    let mut out = String::from("[\n");
    for (i, (_, v)) in items.iter().enumerate() {
        let sep = if i + 1 == items.len() { "" } else { "," };
        writeln!(out, "  {v}{sep}").expect("write");
    }
    out.push_str("]\n");
    out
}

fn checkins(rng: &mut Rng) -> String {
    let subjects = [
        "customer-centricity",
        "log-discovery-notes",
        "email-deal-updates",
        "share-customer-quote",
        "fix-root-causes",
        "link-kb-article",
        "tag-root-cause",
        "follow-up-low-csat",
        "ship-small",
        "small-pull-requests",
        "review-same-day",
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["date", "subject", "progress", "author"])
        .expect("write");
    for (m, day) in [(2u32, 27u32), (3, 31), (4, 30), (5, 29), (6, 30)] {
        for s in subjects {
            // Leaders report steady, optimistic progress.
            let reported = (40 + 10 * (m - 2) + rng.below(15) as u32).min(95);
            let d = date(2026, m, day).to_string();
            w.write_record([d.as_str(), s, &reported.to_string(), "okr-bot"])
                .expect("write");
        }
    }
    String::from_utf8(w.into_inner().expect("flush")).expect("utf8")
}
