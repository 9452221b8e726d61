//! `praxis playbook` and the template layer.

use crate::support::{Fixture, praxis, root};

#[test]
fn bundled_playbooks_golden() {
    let md = praxis(&root(), &["playbook", "--priority", "customer-centricity"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    insta::assert_snapshot!("playbook-md", md.stdout);
    let html = praxis(
        &root(),
        &[
            "playbook",
            "--priority",
            "fix-root-causes",
            "--format",
            "html",
            "--with-status",
        ],
    );
    assert_eq!(html.code, 0, "{}", html.stderr);
    insta::assert_snapshot!("playbook-html-with-status", html.stdout);
    assert!(html.stdout.contains(
        "If before marking a ticket resolved, then I will link the knowledge-base article"
    ));
    // Several HTML playbooks need --priority or --out.
    assert_eq!(praxis(&root(), &["playbook", "--format", "html"]).code, 2);
}

#[test]
fn team_playbooks_keep_that_teams_behaviors() {
    let run = praxis(&root(), &["playbook", "--team", "sales-apac"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("**For team `sales-apac`**"));
    assert!(
        run.stdout.contains("Bring one customer quote"),
        "sales-apac is in that audience"
    );
    assert!(
        !run.stdout.contains("Log discovery notes"),
        "sales-apac is not in that audience"
    );
    assert!(
        !run.stdout.contains("Ship in small"),
        "priorities without the team's behaviors are left out"
    );
    assert_eq!(praxis(&root(), &["playbook", "--team", "nobody"]).code, 2);
}

const STRATEGY: &[(&str, &str)] = &[
    (
        "p.yaml",
        "kind: priority\nid: p\ntitle: \"<script>alert(1)</script> & co\"\nowner: o\n---\nkind: priority\nid: empty\ntitle: Nothing yet\nowner: o\nstatus: draft\n",
    ),
    (
        "b.yaml",
        "kind: behavior\nid: b\npriority: p\ntitle: Say <b>hello</b>\ncue: When someone joins\naction: Say hello\nowner: o\ntarget: { by: 2026-06-30 }\nevidence: { source: s, event: e }\n",
    ),
    (
        "s.yaml",
        "kind: source\nid: s\npath: ../events.csv\nfields: { timestamp: ts, actor: who, event: what }\n",
    ),
];

#[test]
fn html_is_escaped_and_markdown_is_intact() {
    let f = Fixture::new(STRATEGY);
    std::fs::write(f.path().join("events.csv"), "ts,who,what\n").unwrap();
    let html = f.run(&["playbook", "--priority", "p", "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        html.stdout
            .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; co"),
        "{}",
        html.stdout
    );
    assert!(!html.stdout.contains("<script>"));
    let md = f.run(&["playbook", "--priority", "p"]);
    assert!(md.stdout.contains("# <script>alert(1)</script> & co"));
    // A priority with no behaviors says so instead of rendering an empty page.
    let empty = f.run(&["playbook", "--priority", "empty"]);
    assert!(
        empty.stdout.contains("This priority has no behaviors yet"),
        "{}",
        empty.stdout
    );
}

#[test]
fn overrides_replace_one_template_and_errors_are_located() {
    let f = Fixture::new(STRATEGY);
    std::fs::write(f.path().join("events.csv"), "ts,who,what\n").unwrap();
    let dir = f.path().join("my-templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("playbook.md"),
        "Custom: {{ priority.title }} has {{ behaviors | length }} behavior(s).\n",
    )
    .unwrap();
    let t = dir.to_string_lossy().to_string();
    let run = f.run(&["--templates", &t, "playbook", "--priority", "p"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Custom: <script>alert(1)</script> & co has 1 behavior(s).\n"
    );
    // The HTML template was not overridden: still the built-in one.
    let html = f.run(&[
        "--templates",
        &t,
        "playbook",
        "--priority",
        "p",
        "--format",
        "html",
    ]);
    assert!(html.stdout.starts_with("<!doctype html>"));
    // An undefined variable is an error with the template's file and line, exit 1.
    std::fs::write(dir.join("playbook.md"), "line one\n{{ priority.titel }}\n").unwrap();
    let run = f.run(&["--templates", &t, "playbook", "--priority", "p"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("my-templates/playbook.md:2: undefined value"),
        "{}",
        run.stderr
    );
    // A syntax error likewise.
    std::fs::write(dir.join("playbook.md"), "{% for x in %}\n").unwrap();
    let run = f.run(&["--templates", &t, "playbook", "--priority", "p"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("my-templates/playbook.md:1: syntax error"),
        "{}",
        run.stderr
    );
    // Includes cannot reach outside the template folders.
    std::fs::write(dir.join("playbook.md"), "{% include \"../p.yaml\" %}\n").unwrap();
    let run = f.run(&["--templates", &t, "playbook", "--priority", "p"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("template not found"), "{}", run.stderr);
}

#[test]
fn out_writes_files_atomically_and_refuses_missing_dirs() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_string_lossy().to_string();
    let run = praxis(&root(), &["playbook", "--out", &o, "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "customer-centricity.html",
            "fix-root-causes.html",
            "ship-small.html"
        ]
    );
    let missing = out.path().join("nope").to_string_lossy().to_string();
    let run = praxis(&root(), &["playbook", "--out", &missing]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no such directory"), "{}", run.stderr);
}
