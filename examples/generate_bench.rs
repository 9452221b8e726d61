//! Generates the reference load of DESIGN §7 for the benchmark: a strategy of 12 weekly
//! behaviors, a roster of 20,000 people in 40 teams, and an activity CSV of `ROWS` rows
//! (default 10 million, ~650 MB) over 26 weeks. Deterministic.
//!
//!     cargo run --release --example generate_bench -- OUT_DIR [ROWS]

use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const PEOPLE: u64 = 20_000;
const TEAMS: u64 = 40;
const WEEKS: u64 = 26;
const EVENTS: u64 = 40;
const CHANNELS: [&str; 5] = ["web", "mobile", "email", "api", "phone"];
/// 2026-01-05T00:00:00Z, a Monday.
const START: i64 = 1_767_571_200;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: generate_bench OUT_DIR [ROWS]"));
    let rows: u64 = args
        .next()
        .map_or(10_000_000, |r| r.parse().expect("ROWS is a number"));
    std::fs::create_dir_all(out.join("strategy")).expect("mkdir");
    let mut rng = Rng(0xBE7C);

    let mut people = BufWriter::new(std::fs::File::create(out.join("people.csv")).expect("people"));
    writeln!(people, "person_id,team,role,start_date").expect("write");
    for p in 0..PEOPLE {
        let role = if p % 10 == 0 { "manager" } else { "member" };
        let start = if p % 50 == 0 {
            "2026-02-16"
        } else {
            "2024-01-01"
        };
        writeln!(
            people,
            "p{p:05}@bench.example,team-{:02},{role},{start}",
            p % TEAMS
        )
        .expect("write");
    }
    people.flush().expect("flush");

    let mut yaml = String::from(
        "kind: workspace\nname: Bench\ntimezone: UTC\n---\nkind: roster\npath: ../people.csv\nfields: { id: person_id, team: team, role: role, start: start_date }\n---\nkind: source\nid: activity\npath: ../events.csv\nfields: { timestamp: ts, actor: person_id, event: event }\n---\nkind: priority\nid: bench\ntitle: Benchmark priority\nowner: bench\n",
    );
    for b in 0..12u64 {
        let teams = if b % 2 == 0 {
            format!("[team-{:02}]", b * 3)
        } else {
            format!("[team-{:02}, team-{:02}]", b * 3, b * 3 + 1)
        };
        let filter = match b % 3 {
            0 => String::new(),
            1 => format!("\n  where: {{ channel: {} }}", CHANNELS[(b % 5) as usize]),
            _ => "\n  where: { value: { gte: 250 } }".to_string(),
        };
        yaml.push_str(&format!(
            "---\nkind: behavior\nid: behavior-{b:02}\npriority: bench\ntitle: Behavior {b}\ncue: When it is time\naction: Do event_{b:02}\nowner: bench\naudience: {{ team: {teams} }}\nevidence:\n  source: activity\n  event: event_{b:02}{filter}\nlaunch: 2026-02-16\ntarget: {{ at_least: {}, per: week, adoption: 0.6, by: 2026-05-31 }}\n",
            1 + b % 5
        ));
    }
    std::fs::write(out.join("strategy/bench.yaml"), yaml).expect("strategy");

    let mut events = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(out.join("events.csv")).expect("events"),
    );
    writeln!(events, "ts,person_id,event,channel,value").expect("write");
    let span = (WEEKS * 7 * 86_400) as i64;
    let mut ts = String::new();
    for i in 0..rows {
        // Time advances through the half-year, as in a real export sorted by time.
        let t = START + (i as i64 * span) / rows as i64 + rng.below(60) as i64;
        let secs = t.rem_euclid(86_400);
        let days = t.div_euclid(86_400);
        ts.clear();
        let (y, m, d) = civil(days);
        use std::fmt::Write as _;
        write!(
            ts,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
        .expect("fmt");
        let person = rng.below(PEOPLE);
        let event = rng.below(EVENTS);
        let channel = CHANNELS[rng.below(5) as usize];
        let value = rng.below(501);
        writeln!(
            events,
            "{ts},p{person:05}@bench.example,event_{event:02},{channel},{value}"
        )
        .expect("write");
    }
    events.flush().expect("flush");
    eprintln!("wrote {rows} rows to {}", out.display());
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
