//! `praxis report` (Markdown and JSON).

use crate::support::{Fixture, praxis, root};
use serde_json::Value;

#[test]
fn bundled_markdown_report_golden() {
    let run = praxis(&root(), &["report", "--format", "md"]);
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

#[test]
fn bundled_html_report_golden_and_self_contained() {
    let run = praxis(&root(), &["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = &run.stdout;
    assert!(html.starts_with("<!doctype html>"));
    // Self-contained: no scripts, and nothing fetched from anywhere.
    assert!(!html.contains("<script"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import")
    );
    // Every behavior has a trend chart with a text alternative; adopt behaviors a state chart.
    assert_eq!(html.matches("<title id=\"t-").count(), 8);
    assert_eq!(html.matches("<title id=\"s-").count(), 7);
    assert!(html.contains("<table class=\"heatmap\">"));
    insta::assert_snapshot!("report-html", html);
}

#[test]
fn names_are_escaped_in_html_and_intact_in_markdown() {
    let f = Fixture::new(&[
        (
            "p.yaml",
            "kind: workspace\nname: \"<script>alert(1)</script>\"\n---\nkind: priority\nid: p\ntitle: \"<b>Bold</b> & co\"\nowner: o\n",
        ),
        (
            "b.yaml",
            "kind: behavior\nid: b\npriority: p\ntitle: \"<script>alert(2)</script>\"\ncue: c\naction: Write\nowner: o\ntarget: { by: 2026-06-30, adoption: 0.5 }\nlaunch: 2026-01-05\nevidence: { source: s, event: e }\n",
        ),
        (
            "s.yaml",
            "kind: source\nid: s\npath: ../events.csv\nfields: { timestamp: ts, actor: who, event: what }\n---\nkind: roster\npath: ../people.csv\nfields: { id: email, team: team }\n",
        ),
    ]);
    std::fs::write(
        f.path().join("people.csv"),
        "email,team\na@x.io,<i>red</i>\n",
    )
    .unwrap();
    std::fs::write(
        f.path().join("events.csv"),
        "ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n2026-01-20T10:00:00Z,a@x.io,e\n",
    )
    .unwrap();
    let html = f.run(&["report"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        !html.stdout.contains("<script>"),
        "escaped in the page and in the charts"
    );
    assert!(html.stdout.contains("&lt;script&gt;alert(1)"));
    assert!(html.stdout.contains("&lt;script&gt;alert(2)"));
    assert!(!html.stdout.contains("<b>Bold</b>"));
    let md = f.run(&["report", "--format", "md"]);
    assert!(md.stdout.contains("## <script>alert(1)</script>"));
    assert!(md.stdout.contains("| <b>Bold</b> & co |"));
}
