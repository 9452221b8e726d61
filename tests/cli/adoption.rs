//! `praxis adoption` on the bundled example and on bad input.

use crate::support::{Fixture, praxis, root};
use serde_json::Value;

fn bundled(args: &[&str]) -> crate::support::Run {
    let mut all = vec!["adoption"];
    all.extend_from_slice(args);
    praxis(&root(), &all)
}

#[test]
fn bundled_json_matches_its_schema_and_the_golden_file() {
    let run = bundled(&["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "machine formats print nothing else");
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/adoption.schema.json")).expect("schema"),
    )
    .expect("schema json");
    let v = jsonschema::validator_for(&schema).expect("compiles");
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["behaviors"].as_array().map(Vec::len), Some(8));
    insta::assert_snapshot!("adoption-json", run.stdout);
}

#[test]
fn bundled_table_md_and_csv() {
    let table = bundled(&["--format", "table"]);
    assert_eq!(table.code, 0);
    insta::assert_snapshot!("adoption-table", table.stdout);
    // The example's CRM export has three bad rows on purpose: reported, with line numbers.
    assert!(table.stderr.contains("crm: 10586 rows read, 10583 used; skipped 1 bad_timestamp (line 12681), 1 empty_actor (line 12680), 1 unknown_actor (line 12679)"), "{}", table.stderr);
    let md = bundled(&["--format", "md"]);
    insta::assert_snapshot!("adoption-md", md.stdout);
    let csv = bundled(&["--format", "csv", "--behavior", "log-discovery-notes"]);
    assert_eq!(csv.code, 0);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "behavior,priority,direction,per,group_field,group_value,start,end,audience"
        )
    );
    // 25 weekly periods from 4 weeks before the launch to the last complete week.
    assert_eq!(lines.len(), 1 + 25);
    insta::assert_snapshot!("adoption-csv-one", csv.stdout);
}

#[test]
fn breakdown_folds_small_groups_last() {
    let run = bundled(&[
        "--format",
        "json",
        "--by",
        "location",
        "--behavior",
        "share-customer-quote",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let groups = doc["behaviors"][0]["groups"].as_array().expect("groups");
    let values: Vec<&str> = groups
        .iter()
        .map(|g| g["value"].as_str().unwrap())
        .collect();
    let mut sorted = values[..values.len() - 1].to_vec();
    sorted.sort();
    assert_eq!(
        &values[..values.len() - 1],
        sorted.as_slice(),
        "sorted by value"
    );
    // Every group but `(other)` has at least min_group_size (5) people; together they
    // cover the whole latest audience.
    let total: u64 = groups
        .iter()
        .map(|g| g["latest"]["audience"].as_u64().unwrap())
        .sum();
    assert_eq!(
        total,
        doc["behaviors"][0]["latest"]["audience"].as_u64().unwrap()
    );
    for g in groups {
        if g["value"] != "(other)" {
            assert!(g["latest"]["audience"].as_u64().unwrap() >= 5);
        }
    }
    let bad = bundled(&["--by", "squad"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("--by squad: not a roster field or column"),
        "{}",
        bad.stderr
    );
}

#[test]
fn strict_and_fail_on() {
    let strict = bundled(&["--format", "json", "--strict"]);
    assert_eq!(strict.code, 1, "the example has skipped rows");
    assert!(
        strict.stderr.contains("--strict: 3 rows were skipped"),
        "{}",
        strict.stderr
    );
    let fail = bundled(&["--format", "json", "--fail-on", "off_track"]);
    assert_eq!(fail.code, 1);
    assert!(
        fail.stderr
            .contains("--fail-on off_track: log-discovery-notes"),
        "{}",
        fail.stderr
    );
    let ok = bundled(&[
        "--format",
        "json",
        "--behavior",
        "tag-root-cause",
        "--fail-on",
        "at_risk",
    ]);
    assert_eq!(ok.code, 0, "tag-root-cause meets its target: {}", ok.stderr);
}

#[test]
fn as_of_before_all_data_is_a_clear_error() {
    let run = bundled(&["--as-of", "2020-01-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--as-of 2020-01-01 is before the earliest event (2026-01-05)"),
        "{}",
        run.stderr
    );
}

const PRIORITY: &str = "kind: priority\nid: p\ntitle: P\nowner: o\n";
const BEHAVIOR: &str = "kind: behavior\nid: b\npriority: p\ntitle: B\ncue: c\naction: Write\nowner: o\n\
evidence: { source: s, event: e }\ntarget: { at_least: 1, per: day, adoption: 0.5, by: 2026-02-01 }\nlaunch: 2026-01-05\n";
const ROSTER: &str = "kind: roster\npath: ../people.csv\nfields: { id: email }\n";

fn fixture(source: &str) -> Fixture {
    let f = Fixture::new(&[
        ("p.yaml", PRIORITY),
        ("b.yaml", BEHAVIOR),
        ("r.yaml", ROSTER),
        ("s.yaml", source),
    ]);
    std::fs::write(f.path().join("people.csv"), "email\na@x.io\nb@x.io\n").unwrap();
    f
}

const CSV_SOURCE: &str = "kind: source\nid: s\npath: ../events.csv\nfields: { timestamp: ts, actor: who, event: what }\n";

#[test]
fn bad_rows_are_counted_with_their_lines() {
    let f = fixture(CSV_SOURCE);
    let rows = b"ts,who,what\n\
2026-01-05T10:00:00Z,a@x.io,e\n\
2026-01-05T10:00:00Z,a@x.io\n\
yesterday,a@x.io,e\n\
2026-01-06T10:00:00Z,,e\n\
2026-01-06T10:00:00Z,zed@x.io,e\n\
\"2026-01-06T10:00:00Z\",\"B@X.IO\",\"e\"\n\
2026-01-07T10:00:00Z,b@x.io,\xff\n";
    std::fs::write(f.path().join("events.csv"), rows).unwrap();
    let run = f.run(&["adoption", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let q = &doc["data_quality"][0];
    assert_eq!(q["rows_read"], 7);
    assert_eq!(q["rows_used"], 2);
    assert_eq!(
        q["skipped"]["malformed"]["lines"],
        serde_json::json!([3, 8])
    );
    assert_eq!(
        q["skipped"]["bad_timestamp"]["lines"],
        serde_json::json!([4])
    );
    assert_eq!(q["skipped"]["empty_actor"]["lines"], serde_json::json!([5]));
    assert_eq!(
        q["skipped"]["unknown_actor"]["lines"],
        serde_json::json!([6])
    );
    // The latest valid event, whoever its actor; the malformed row on line 8 is not one.
    assert_eq!(doc["as_of"], "2026-01-06");
    assert_eq!(f.run(&["adoption", "--format", "json", "--strict"]).code, 1);
}

#[test]
fn missing_export_and_duplicate_roster_ids() {
    let f = fixture(CSV_SOURCE);
    let run = f.run(&["adoption"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("source `s`: `../events.csv` matches no file"),
        "{}",
        run.stderr
    );
    std::fs::write(
        f.path().join("events.csv"),
        "ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n",
    )
    .unwrap();
    std::fs::write(
        f.path().join("people.csv"),
        "email\na@x.io\nb@x.io\nA@x.io\n",
    )
    .unwrap();
    let run = f.run(&["adoption"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("duplicate person id `A@x.io` on lines 2 and 4"),
        "{}",
        run.stderr
    );
}

/// Writes `bytes` gzip-compressed.
fn write_gz(path: &std::path::Path, bytes: &[u8]) {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    std::fs::write(path, gz.finish().unwrap()).unwrap();
}

#[test]
fn gzip_exports_and_empty_ones() {
    let f = fixture(
        "kind: source\nid: s\npath: ../events.csv.gz\nfields: { timestamp: ts, actor: who, event: what }\n",
    );
    write_gz(
        &f.path().join("events.csv.gz"),
        b"ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n2026-01-06T10:00:00Z,b@x.io,e\n",
    );
    let run = f.run(&["adoption", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["data_quality"][0]["rows_used"], 2);
    // A 0-byte file is an empty export: nothing to measure, said plainly.
    std::fs::write(f.path().join("events.csv.gz"), b"").unwrap();
    let run = f.run(&["adoption"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no source has a valid event"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_strategy_stops_adoption_with_exit_1() {
    let f = fixture(CSV_SOURCE);
    f.write(
        "b.yaml",
        BEHAVIOR.replace("priority: p", "priority: q").as_bytes(),
    );
    std::fs::write(
        f.path().join("events.csv"),
        "ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n",
    )
    .unwrap();
    let run = f.run(&["adoption", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unknown priority `q`"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_threads_agree_with_one_on_quoted_multiline_csv() {
    // The bundled CRM export has quoted fields with commas and line breaks.
    let one = bundled(&["--format", "json"]);
    let two = crate::support::praxis_env(
        &root(),
        &["adoption", "--format", "json"],
        &[("PRAXIS_PARALLEL_BYTES", "1")],
    );
    assert_eq!(one.stdout, two.stdout);
    // A file whose middle falls inside one long quoted field: the cut is detected by its odd
    // quote count and the file is read again in one piece.
    let f = fixture(CSV_SOURCE);
    let mut rows = String::from("ts,who,what,note\n2026-01-05T10:00:00Z,a@x.io,e,short\n");
    rows.push_str("2026-01-05T11:00:00Z,b@x.io,e,\"");
    rows.push_str(&"a long note, with commas\n".repeat(200));
    rows.push_str("\"\n2026-01-06T10:00:00Z,a@x.io,e,x\n2026-01-06T10:00:00Z,bad,e,x\n");
    std::fs::write(f.path().join("events.csv"), &rows).unwrap();
    let one = f.run(&["adoption", "--format", "json"]);
    let two = crate::support::praxis_env(
        f.path(),
        &["adoption", "--format", "json"],
        &[("PRAXIS_PARALLEL_BYTES", "1")],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    let doc: Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(doc["data_quality"][0]["rows_read"], 4);
    assert_eq!(
        doc["data_quality"][0]["skipped"]["unknown_actor"]["lines"],
        serde_json::json!([205])
    );
}

#[test]
fn malformed_json_lines_and_broken_json_arrays() {
    let f = fixture(
        "kind: source\nid: s\npath: ../events.ndjson\nfields: { timestamp: at, actor: who.id, event: what }\n",
    );
    let lines = "{\"at\": \"2026-01-05T10:00:00Z\", \"who\": {\"id\": \"a@x.io\"}, \"what\": \"e\"}\n\
\n\
{not json\n\
[1, 2]\n\
{\"at\": \"2026-01-06T10:00:00Z\", \"who\": {\"id\": \"B@x.io\"}, \"what\": \"e\"}\n";
    std::fs::write(f.path().join("events.ndjson"), lines).unwrap();
    let run = f.run(&["adoption", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let q = &doc["data_quality"][0];
    assert_eq!(q["rows_read"], 4, "the blank line is not a record");
    assert_eq!(q["rows_used"], 2);
    assert_eq!(
        q["skipped"]["malformed"]["lines"],
        serde_json::json!([3, 4])
    );
    // Read by two threads (the file cut at a line break in its middle): the same document.
    let two = crate::support::praxis_env(
        f.path(),
        &["adoption", "--format", "json"],
        &[("PRAXIS_PARALLEL_BYTES", "1")],
    );
    assert_eq!(run.stdout, two.stdout);

    let f = fixture(
        "kind: source\nid: s\npath: ../events.json\nfields: { timestamp: at, actor: who, event: what }\n",
    );
    std::fs::write(
        f.path().join("events.json"),
        "[\n  {\"at\": \"2026-01-05T10:00:00Z\", \"who\": \"a@x.io\", \"what\": \"e\"},\n  {\"at\": 5,, }\n]\n",
    )
    .unwrap();
    let run = f.run(&["adoption", "--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("events.json") && run.stderr.contains("line 3, column"),
        "{}",
        run.stderr
    );
}

#[test]
fn validate_reads_gzip_headers_and_roster_lines_are_physical() {
    // Regression: validate used to skip the columns of .gz exports (its header reader
    // could not decompress), so a typo there only surfaced in adoption.
    let f = fixture(
        "kind: source\nid: s\npath: ../events.csv.gz\nfields: { timestamp: ts, actor: whom, event: what }\n",
    );
    write_gz(
        &f.path().join("events.csv.gz"),
        b"ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n",
    );
    let run = f.run(&["validate", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(
        crate::support::finding_lines(&run.stdout)
            .contains(&"unknown-column strategy/s.yaml:4:33".to_string()),
        "{}",
        run.stdout
    );
    // Regression: roster lines came from the csv crate, which skips blank lines in its count.
    let f = fixture(CSV_SOURCE);
    std::fs::write(
        f.path().join("events.csv"),
        "ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n",
    )
    .unwrap();
    std::fs::write(f.path().join("people.csv"), "email\na@x.io\n\nA@x.io\n").unwrap();
    let run = f.run(&["adoption"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("duplicate person id `A@x.io` on lines 2 and 4"),
        "{}",
        run.stderr
    );
}
