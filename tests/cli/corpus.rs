//! `tests/fixtures/invalid/<case>/`: a strategy directory and an `expect` file listing the
//! findings it must produce (`code file[:line[:col]]`, file relative to `strategy/`).

use crate::support::{finding_lines, praxis, root};
use std::collections::BTreeSet;

fn cases() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/invalid"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn expectations(case: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(case.join("expect"))
        .expect("expect file")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn every_case_reports_its_codes_at_their_positions() {
    let mut failures = Vec::new();
    for case in cases() {
        let run = praxis(&case, &["validate", "--format", "json"]);
        let found = finding_lines(&run.stdout);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        let errors = doc["errors"].as_u64().expect("errors");
        let want_code = if errors > 0 { 1 } else { 0 };
        if run.code != want_code {
            failures.push(format!(
                "{}: exit {} (errors: {errors})",
                case.display(),
                run.code
            ));
        }
        for e in expectations(&case) {
            let (code, loc) = e.split_once(' ').expect("`code file:line:col`");
            let prefix = format!("{code} strategy/{loc}");
            let hit = found
                .iter()
                .any(|f| f == &prefix || f.starts_with(&format!("{prefix}:")));
            if !hit {
                failures.push(format!(
                    "{}: expected `{e}`, found {found:?}",
                    case.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_has_a_case() {
    let covered: BTreeSet<String> = cases()
        .iter()
        .flat_map(|c| expectations(c))
        .map(|e| e.split(' ').next().unwrap_or_default().to_string())
        .collect();
    // A 50 MB file does not belong in the repository: `file-too-large` is covered by
    // `transcripts::oversized_file_is_rejected_quickly`, which writes one to a temp dir.
    let elsewhere = ["file-too-large"];
    let missing: Vec<&str> = praxis::diag::codes::ALL
        .iter()
        .map(|c| c.name)
        .filter(|n| !covered.contains(*n) && !elsewhere.contains(n))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}
