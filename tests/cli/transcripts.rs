//! Transcripts: exact output and exit codes of commands, in every format.

use crate::support::{Fixture, finding_lines, praxis, root};

const PRIORITY: &str = "kind: priority\nid: p1\ntitle: A priority\nowner: ceo\n";
const BEHAVIOR: &str = "kind: behavior\nid: b1\npriority: p1\ntitle: A behavior\n\
cue: When it is time\naction: Write the note\nowner: ops\ntarget: { by: 2026-06-30 }\n\
evidence: { source: s1, event: e }\n";
const SOURCE: &str =
    "kind: source\nid: s1\npath: data.csv\nfields: { timestamp: ts, actor: who, event: what }\n";
const DATA: &str = "ts,who,what\n2026-01-05T10:00:00Z,a@x.io,e\n";

fn clean() -> Fixture {
    let f = Fixture::new(&[
        ("p.yaml", PRIORITY),
        ("b.yaml", BEHAVIOR),
        ("s.yaml", SOURCE),
    ]);
    f.write("data.csv", DATA.as_bytes());
    f
}

/// A fixture with one error and one warning, for the format transcripts.
fn broken() -> Fixture {
    let f = clean();
    f.write(
        "b.yaml",
        BEHAVIOR
            .replace("priority: p1", "priority: p2")
            .replace("Write the note", "Improve the notes")
            .as_bytes(),
    );
    f.write(
        "p2.yaml",
        b"kind: priority\nid: p1\ntitle: Copy\nowner: x\n",
    );
    f
}

#[test]
fn bundled_strategy_validates_with_zero_findings() {
    let run = praxis(&root(), &["validate", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("no findings"), "{}", run.stderr);
    let json = praxis(&root(), &["validate", "strategy", "--format", "json"]);
    assert_eq!(
        json.stdout.trim(),
        "{\n  \"findings\": [],\n  \"errors\": 0,\n  \"warnings\": 0\n}"
    );
}

#[test]
fn validate_never_modifies_its_inputs() {
    let f = broken();
    let snapshot = |f: &Fixture| {
        let mut all = Vec::new();
        for e in std::fs::read_dir(f.path().join("strategy")).expect("dir") {
            let p = e.expect("entry").path();
            let meta = std::fs::metadata(&p).expect("meta");
            all.push((
                p.clone(),
                std::fs::read(&p).expect("read"),
                meta.modified().ok(),
            ));
        }
        all.sort();
        all
    };
    let before = snapshot(&f);
    for format in ["human", "json", "github", "sarif"] {
        f.run(&["validate", "--format", format]);
    }
    assert_eq!(before, snapshot(&f));
}

#[test]
fn human_format_transcript() {
    let run = broken().run(&["validate"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("human", run.stdout);
    assert_eq!(
        run.stderr.trim(),
        "error: 2 errors, 2 warnings (4 documents in 4 files)"
    );
}

#[test]
fn json_and_github_format_transcripts() {
    // Machine formats: the findings on stdout, nothing on stderr.
    for format in ["json", "github"] {
        let run = broken().run(&["validate", "--format", format]);
        assert_eq!(run.code, 1, "{format}");
        assert_eq!(run.stderr, "", "{format}");
        insta::assert_snapshot!(format, run.stdout);
    }
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let run = broken().run(&["validate", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("sarif is json");
    // The vendored copy is the official SARIF 2.1.0 schema with one fix: its `language`
    // pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has an unbalanced `]`, which
    // jsonschema's meta-validation rejects; it reads `^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$`.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/sarif-schema-2.1.0.json")).expect("schema"),
    )
    .expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("sarif schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), praxis::diag::codes::ALL.len());
    let results = run0["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    let dup = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-id")
        .expect("duplicate-id");
    assert_eq!(
        dup["relatedLocations"][0]["message"]["text"],
        "first defined here"
    );
    // ruleIndex points at the rule of the same id.
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
}

#[test]
fn allow_deny_and_deny_warnings() {
    let f = clean();
    f.write(
        "b.yaml",
        BEHAVIOR
            .replace("Write the note", "Improve the notes")
            .as_bytes(),
    );
    let warn = f.run(&["validate", "--format", "json"]);
    assert_eq!(warn.code, 0, "a warning alone passes");
    assert_eq!(
        finding_lines(&warn.stdout),
        ["vague-action strategy/b.yaml:6:9"]
    );
    assert_eq!(f.run(&["validate", "--deny-warnings"]).code, 1);
    assert_eq!(f.run(&["validate", "--deny", "vague-action"]).code, 1);
    let allowed = f.run(&[
        "validate",
        "--allow",
        "vague-action",
        "--deny-warnings",
        "--format",
        "json",
    ]);
    assert_eq!(allowed.code, 0);
    assert_eq!(finding_lines(&allowed.stdout), Vec::<String>::new());
    let typo = f.run(&["validate", "--allow", "vague-acton"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `vague-action`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn missing_directory_is_exit_2() {
    let f = clean();
    let run = f.run(&["validate", "nowhere"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("strategy directory nowhere not found"),
        "{}",
        run.stderr
    );
    let empty = tempfile::tempdir().expect("tempdir");
    let run = praxis(empty.path(), &["validate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("./strategy not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn chdir_option_accepts_a_project_or_a_strategy_directory() {
    let f = clean();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let project = f.path().to_string_lossy().to_string();
    let run = praxis(elsewhere.path(), &["-C", &project, "validate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let strategy = f.path().join("strategy").to_string_lossy().to_string();
    let run = praxis(elsewhere.path(), &["-C", &strategy, "validate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("3 documents in 3 files"),
        "{}",
        run.stderr
    );
}

#[test]
fn bom_crlf_and_multiple_documents_are_read() {
    let f = clean();
    let text = format!(
        "\u{feff}{}---\n{}",
        PRIORITY.replace("p1", "p0"),
        BEHAVIOR.replace("b1", "b0").replace("p1", "p0")
    )
    .replace('\n', "\r\n");
    f.write("more.yaml", text.as_bytes());
    let run = f.run(&["validate", "--format", "json"]);
    assert_eq!(
        finding_lines(&run.stdout),
        Vec::<String>::new(),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0);
}

#[test]
fn oversized_file_is_rejected_quickly() {
    let f = clean();
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    f.write("big.yaml", big.as_bytes());
    let start = std::time::Instant::now();
    let run = f.run(&["validate", "--format", "json"]);
    let elapsed = start.elapsed();
    assert_eq!(run.code, 1);
    assert_eq!(
        finding_lines(&run.stdout),
        ["file-too-large strategy/big.yaml:1:1"]
    );
    // Not a benchmark: a guard against reading the file (this machine is shared and noisy).
    assert!(elapsed.as_secs() < 5, "took {elapsed:?}");
}

#[test]
fn deep_nesting_is_bounded() {
    let f = clean();
    let deep = format!(
        "kind: workspace\nname: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    f.write("deep.yaml", deep.as_bytes());
    let run = f.run(&["validate", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        finding_lines(&run.stdout)[0].split(' ').next(),
        Some("yaml-limit")
    );
}

#[test]
fn a_syntax_error_does_not_stop_other_files() {
    let f = clean();
    f.write("bad.yaml", b"kind: priority\nid: [\n");
    f.write(
        "b.yaml",
        BEHAVIOR
            .replace("priority: p1", "priority: nope")
            .as_bytes(),
    );
    let run = f.run(&["validate", "--format", "json"]);
    let lines = finding_lines(&run.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("yaml-syntax strategy/bad.yaml")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("unknown-priority strategy/b.yaml:3:11")),
        "{lines:?}"
    );
}

#[test]
fn explain_list_and_code() {
    let list = praxis(&root(), &["explain", "--list"]);
    assert_eq!(list.code, 0);
    insta::assert_snapshot!("explain-list", list.stdout);
    let one = praxis(&root(), &["explain", "vague-action"]);
    assert_eq!(one.code, 0);
    insta::assert_snapshot!("explain-vague-action", one.stdout);
    let typo = praxis(&root(), &["explain", "vague-actoin"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `vague-action`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn help_texts() {
    for (name, args) in [
        ("help", vec!["--help"]),
        ("help-validate", vec!["validate", "--help"]),
        ("help-explain", vec!["explain", "--help"]),
        ("help-schema", vec!["schema", "--help"]),
    ] {
        let run = praxis(&root(), &args);
        assert_eq!(run.code, 0);
        insta::assert_snapshot!(name, run.stdout);
    }
    let bad = praxis(&root(), &["validate", "--format", "yaml"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().to_string_lossy().to_string();
    assert_eq!(praxis(&root(), &["schema", "--out", &dir]).code, 0);
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 8);
    for name in names {
        let generated = std::fs::read_to_string(out.path().join(&name)).expect("generated");
        let committed = std::fs::read_to_string(root().join("schemas").join(&name))
            .unwrap_or_else(|_| panic!("schemas/{name} is not committed"));
        assert_eq!(
            generated, committed,
            "schemas/{name} is stale: run `praxis schema`"
        );
    }
    assert_eq!(praxis(&root(), &["schema", "--check"]).code, 0);
    // A stale file is named, with exit 1.
    std::fs::write(out.path().join("behavior.schema.json"), "{}").expect("write");
    let stale = praxis(&root(), &["schema", "--check", "--out", &dir]);
    assert_eq!(stale.code, 1);
    assert!(
        stale.stderr.contains("behavior.schema.json"),
        "{}",
        stale.stderr
    );
}

#[test]
fn verbose_reports_what_was_read_on_stderr() {
    let run = praxis(&root(), &["-v", "validate", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .starts_with("checked strategy (5 files, 17 documents) in "),
        "{}",
        run.stderr
    );
    // Machine output stays clean.
    serde_json::from_str::<serde_json::Value>(&run.stdout).expect("stdout is JSON only");
}

#[test]
fn lint_still_runs_on_a_behavior_whose_priority_is_unknown() {
    // Regression: unresolved behaviors used to be dropped before lint, so their warnings
    // only appeared after the reference was fixed (one problem per run).
    let f = clean();
    f.write(
        "b.yaml",
        BEHAVIOR
            .replace("priority: p1", "priority: nope")
            .replace("cue: When it is time\n", "")
            .as_bytes(),
    );
    let lines = finding_lines(&f.run(&["validate", "--format", "json"]).stdout);
    assert!(
        lines.contains(&"unknown-priority strategy/b.yaml:3:11".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"missing-cue strategy/b.yaml:2:5".to_string()),
        "{lines:?}"
    );
}
