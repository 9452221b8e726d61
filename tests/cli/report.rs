//! `praxis report` (Markdown and JSON).

use crate::support::{Fixture, praxis, root};
use serde_json::Value;

#[test]
fn bundled_markdown_report_golden() {
    let run = praxis(&root(), &["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.len() < 65_536, "fits a pull-request comment");
    insta::assert_snapshot!("report-md", run.stdout);
}

#[test]
fn json_report_is_the_adoption_document_with_team_groups() {
    let report = praxis(&root(), &["report", "--format", "json"]);
    let adoption = praxis(&root(), &["adoption", "--format", "json", "--by", "team"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let (a, b): (Value, Value) = (
        serde_json::from_str(&report.stdout).unwrap(),
        serde_json::from_str(&adoption.stdout).unwrap(),
    );
    assert_eq!(a, b);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("report.md");
    let f = file.to_string_lossy().to_string();
    assert_eq!(praxis(&root(), &["report", "--out", &f]).code, 0);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        praxis(&root(), &["report"]).stdout
    );
    let missing = out
        .path()
        .join("no/such/dir/report.md")
        .to_string_lossy()
        .to_string();
    assert_eq!(praxis(&root(), &["report", "--out", &missing]).code, 2);
}

#[test]
fn a_report_without_exports_says_what_is_missing() {
    let f = Fixture::new(&[(
        "p.yaml",
        "kind: priority\nid: p\ntitle: P\nowner: o\nstatus: draft\n",
    )]);
    let run = f.run(&["report"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a report needs exports"),
        "{}",
        run.stderr
    );
}
