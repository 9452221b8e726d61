//! `praxis nudges`.

use crate::support::{Fixture, praxis, root};
use serde_json::Value;
use std::collections::HashMap;

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("ndjson"))
        .collect()
}

#[test]
fn nudges_agree_with_the_adoption_document() {
    let doc: Value =
        serde_json::from_str(&praxis(&root(), &["adoption", "--format", "json"]).stdout).unwrap();
    let run = praxis(&root(), &["nudges", "--limit-per-person", "100"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let nudges = lines(&run.stdout);
    for b in doc["behaviors"].as_array().unwrap() {
        let l = &b["latest"];
        let not_practicing = l["audience"].as_u64().unwrap() - l["practicing"].as_u64().unwrap();
        let mine: Vec<&Value> = nudges.iter().filter(|n| n["behavior"] == b["id"]).collect();
        assert_eq!(mine.len() as u64, not_practicing, "{}", b["id"]);
        if b["direction"] == "retire" {
            assert!(mine.iter().all(|n| n["state"] == "over_limit"));
        } else if b["replaces"].is_null() {
            let count = |s: &str| mine.iter().filter(|n| n["state"] == s).count() as u64;
            assert_eq!(
                count("trying"),
                l["trying"].as_u64().unwrap(),
                "{}",
                b["id"]
            );
            assert_eq!(
                count("lapsed"),
                l["lapsed"].as_u64().unwrap(),
                "{}",
                b["id"]
            );
            assert_eq!(
                count("not_started"),
                l["not_started"].as_u64().unwrap(),
                "{}",
                b["id"]
            );
        }
    }
}

#[test]
fn at_most_n_per_person_in_priority_then_file_order() {
    for limit in [1usize, 2] {
        let n = limit.to_string();
        let nudges = lines(&praxis(&root(), &["nudges", "--limit-per-person", &n]).stdout);
        let mut per: HashMap<&str, usize> = HashMap::new();
        for x in &nudges {
            *per.entry(x["person"].as_str().unwrap()).or_default() += 1;
        }
        assert!(per.values().all(|c| *c <= limit));
        assert!(per.values().any(|c| *c == limit));
    }
    // The bundled custom message is rendered with the person's name.
    let nudges = lines(&praxis(&root(), &["nudges"]).stdout);
    let notes = nudges
        .iter()
        .find(|n| n["behavior"] == "log-discovery-notes")
        .unwrap();
    assert_eq!(
        notes["text"],
        format!(
            "{}, your call with a new prospect has no discovery note yet.",
            notes["name"].as_str().unwrap()
        )
    );
}

#[test]
fn manager_digests_cover_every_nudge() {
    let nudges = lines(&praxis(&root(), &["nudges"]).stdout);
    let digests = lines(&praxis(&root(), &["nudges", "--group-by", "manager"]).stdout);
    let total: usize = digests
        .iter()
        .map(|d| d["nudges"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, nudges.len());
    assert!(
        digests[0]["text"]
            .as_str()
            .unwrap()
            .contains("people on your team have something to pick up")
    );
    let csv = praxis(&root(), &["nudges", "--format", "csv"]);
    assert!(csv.stdout.starts_with(
        "person,name,manager,behavior,priority,state,count,threshold,period_end,text\n"
    ));
}

#[test]
fn default_and_broken_messages() {
    let strategy = [
        ("p.yaml", "kind: priority\nid: p\ntitle: P\nowner: o\n"),
        (
            "b.yaml",
            "kind: behavior\nid: b\npriority: p\ntitle: Say hello\ncue: When someone joins\naction: Say hello\nowner: o\ntarget: { by: 2026-06-30, at_least: 2 }\nevidence: { source: s, event: e }\n",
        ),
        (
            "s.yaml",
            "kind: source\nid: s\npath: ../events.csv\nfields: { timestamp: ts, actor: who, event: what }\n---\nkind: roster\npath: ../people.csv\nfields: { id: email, name: name }\n",
        ),
    ];
    let f = Fixture::new(&strategy);
    std::fs::write(
        f.path().join("people.csv"),
        "email,name\na@x.io,Ada\nb@x.io,Ben\n",
    )
    .unwrap();
    std::fs::write(
        f.path().join("events.csv"),
        "ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n2026-01-12T10:00:00Z,b@x.io,x\n",
    )
    .unwrap();
    let nudges = lines(&f.run(&["nudges"]).stdout);
    let ada = nudges.iter().find(|n| n["person"] == "a@x.io").unwrap();
    assert_eq!(ada["state"], "trying");
    assert_eq!(
        ada["text"],
        "Ada, you did this 1 time(s) in the period ending 2026-01-11; the aim is at least 2 times a week: Say hello."
    );
    let ben = nudges.iter().find(|n| n["person"] == "b@x.io").unwrap();
    assert_eq!(ben["state"], "not_started");
    assert_eq!(
        ben["text"],
        "Ben, a new way of working has started: If someone joins, then I will say hello."
    );
    f.write(
        "b.yaml",
        format!(
            "{}reinforcement:\n  - kind: nudge\n    message: \"{{{{ person.nmae }}}}\"\n",
            strategy[1].1
        )
        .as_bytes(),
    );
    let run = f.run(&["nudges"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("behavior `b` nudge message: undefined value"),
        "{}",
        run.stderr
    );
}

/// A local HTTP server answering every request with `status` (or never, with `None`);
/// returns its URL and the request bodies it received.
fn server(status: Option<u16>) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            seen.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&body).into_owned());
            match status {
                Some(code) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    );
                }
                // Never answer: hold the connection until the client gives up.
                None => std::thread::sleep(std::time::Duration::from_secs(3)),
            }
        }
    });
    (url, bodies)
}

#[test]
fn send_posts_each_message_as_webhook_json() {
    let (url, bodies) = server(Some(200));
    let run = praxis(
        &root(),
        &["nudges", "--group-by", "manager", "--send", &url],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let digests = lines(&run.stdout);
    let bodies = bodies.lock().unwrap();
    assert_eq!(bodies.len(), digests.len());
    let first: Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(first["text"], digests[0]["text"]);
    assert_eq!(first["praxis"]["manager"], digests[0]["manager"]);
    assert!(
        run.stderr.contains(&format!(
            "sent {} of {} messages",
            digests.len(),
            digests.len()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn send_failures_are_reported_and_fail_the_run() {
    let env = [("PRAXIS_SEND_TIMEOUT_MS", "300")];
    // 500: retried, then reported.
    let (url, bodies) = server(Some(500));
    let run = crate::support::praxis_env(
        &root(),
        &[
            "nudges",
            "--limit-per-person",
            "1",
            "--group-by",
            "manager",
            "--send",
            &url,
        ],
        &env,
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("failed: HTTP 500"), "{}", run.stderr);
    let digests = lines(&run.stdout).len();
    assert_eq!(
        bodies.lock().unwrap().len(),
        digests * 3,
        "three attempts each"
    );
    // 400 is not retried.
    let (url, bodies) = server(Some(400));
    let run = crate::support::praxis_env(
        &root(),
        &["nudges", "--group-by", "manager", "--send", &url],
        &env,
    );
    assert_eq!(run.code, 1);
    assert_eq!(bodies.lock().unwrap().len(), digests);
    // Connection refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = crate::support::praxis_env(
        &root(),
        &[
            "nudges",
            "--group-by",
            "manager",
            "--send",
            &format!("http://127.0.0.1:{port}/"),
        ],
        &env,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("sending the message for"),
        "{}",
        run.stderr
    );
}

#[test]
fn send_times_out() {
    let (url, _) = server(None);
    let f = Fixture::new(&[
        ("p.yaml", "kind: priority\nid: p\ntitle: P\nowner: o\n"),
        (
            "b.yaml",
            "kind: behavior\nid: b\npriority: p\ntitle: T\ncue: c\naction: Write\nowner: o\ntarget: { by: 2026-06-30 }\nevidence: { source: s, event: e }\n",
        ),
        (
            "s.yaml",
            "kind: source\nid: s\npath: ../events.csv\nfields: { timestamp: ts, actor: who, event: what }\n---\nkind: roster\npath: ../people.csv\nfields: { id: email }\n",
        ),
    ]);
    std::fs::write(f.path().join("people.csv"), "email\na@x.io\n").unwrap();
    std::fs::write(
        f.path().join("events.csv"),
        "ts,who,what\n2026-01-05T10:00:00Z,a@x.io,x\n2026-01-13T10:00:00Z,a@x.io,x\n",
    )
    .unwrap();
    let start = std::time::Instant::now();
    let run = crate::support::praxis_env(
        f.path(),
        &["nudges", "--send", &url],
        &[("PRAXIS_SEND_TIMEOUT_MS", "200")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("failed"), "{}", run.stderr);
    assert!(
        start.elapsed().as_secs() < 10,
        "bounded: {:?}",
        start.elapsed()
    );
}

#[test]
fn bundled_nudges_golden() {
    let run = praxis(&root(), &["nudges", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("nudges-csv", run.stdout);
}
