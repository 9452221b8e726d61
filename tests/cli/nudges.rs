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
