//! `praxis diff` on a temporary git repository.

use crate::support::praxis;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A repository whose first commit is the `init` scaffold plus a priority to remove, and
/// whose working tree changes the strategy in every way a pull request does.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    assert_eq!(praxis(p, &["init"]).code, 0);
    std::fs::write(
        p.join("strategy/extra.yaml"),
        "kind: priority\nid: to-remove\ntitle: Old\nowner: o\nstatus: draft\n",
    )
    .unwrap();
    git(p, &["init", "-q"]);
    git(p, &["add", "."]);
    git(p, &["commit", "-qm", "base"]);
    let priority = std::fs::read_to_string(p.join("strategy/customer-first.yaml")).unwrap();
    let (first, retire) = priority.split_at(
        priority
            .find("---\nkind: behavior\nid: email-updates")
            .unwrap(),
    );
    let first = first
        .replace(
            "target: { at_least: 1, per: week, adoption: 0.8, by: 2026-03-31 }",
            "target: { at_least: 2, per: week, adoption: 0.8, by: 2026-03-31 }",
        )
        .replace(
            "audience: { team: [sales] }\ncue: After",
            "audience: { team: [sales, support] }\ncue: After",
        );
    let new_behavior = "---\nkind: behavior\nid: weekly-review\npriority: customer-first\ntitle: Review notes weekly\ncue: Every Friday\naction: Read the week's notes\nowner: o\ntarget: { by: 2026-06-30 }\nevidence: { source: crm, event: note_created }\n";
    std::fs::write(
        p.join("strategy/customer-first.yaml"),
        format!("{first}{new_behavior}"),
    )
    .unwrap();
    std::fs::write(
        p.join("strategy/old-ways.yaml"),
        retire.trim_start_matches("---\n"),
    )
    .unwrap();
    std::fs::remove_file(p.join("strategy/extra.yaml")).unwrap();
    std::fs::rename(
        p.join("strategy/exports.yaml"),
        p.join("strategy/sources.yaml"),
    )
    .unwrap();
    dir
}

#[test]
fn definitions_and_impact() {
    let dir = repo();
    let run = praxis(dir.path(), &["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    for line in [
        "- **changed** behavior `log-discovery-notes` (strategy/customer-first.yaml)",
        "  - `audience.team: +support`",
        "  - `target.at_least: 1 → 2`",
        "- **added** behavior `weekly-review` (strategy/customer-first.yaml)",
        "- **removed** priority `to-remove` (was in strategy/extra.yaml)",
        "- **moved** behavior `email-updates`: strategy/customer-first.yaml → strategy/old-ways.yaml",
        "- **moved** source `crm`: strategy/exports.yaml → strategy/sources.yaml",
        "### Impact on the latest period",
    ] {
        assert!(md.contains(line), "missing `{line}` in:\n{md}");
    }
    // Raising at_least and widening the audience both move the numbers.
    let row = md
        .lines()
        .find(|l| l.starts_with("| `log-discovery-notes`"))
        .expect("impact row");
    assert!(
        row.contains("6 → 8"),
        "audience grows with the support team: {row}"
    );
    assert!(row.contains('→'), "{row}");
    assert_eq!(praxis(dir.path(), &["diff", "HEAD", "--exit-code"]).code, 1);
    let json = praxis(dir.path(), &["diff", "HEAD", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    insta::assert_json_snapshot!("diff-json-documents", doc["documents"]);
    // Committed: the working tree equals HEAD, and comparing two revisions works.
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "head"]);
    let same = praxis(dir.path(), &["diff", "HEAD", "--exit-code"]);
    assert_eq!(same.code, 0);
    assert!(
        same.stdout
            .contains("No change to the strategy's definitions.")
    );
    let revs = praxis(dir.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let doc2: serde_json::Value = serde_json::from_str(&revs.stdout).unwrap();
    assert_eq!(doc2["documents"], doc["documents"]);
}

#[test]
fn bad_revisions_repositories_and_invalid_bases() {
    let dir = repo();
    let run = praxis(dir.path(), &["diff", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`no-such-branch` is not a revision"),
        "{}",
        run.stderr
    );
    let plain = tempfile::tempdir().unwrap();
    assert_eq!(praxis(plain.path(), &["init"]).code, 0);
    let run = praxis(plain.path(), &["diff", "HEAD"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a git repository"),
        "{}",
        run.stderr
    );
    // An invalid base still shows the definitions, and says so.
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "head"]);
    std::fs::write(
        dir.path().join("strategy/broken.yaml"),
        "kind: behavior\nid: x\npriority: nowhere\ntitle: T\n",
    )
    .unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "broken"]);
    std::fs::remove_file(dir.path().join("strategy/broken.yaml")).unwrap();
    let run = praxis(dir.path(), &["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("> **HEAD is invalid** (1 errors)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("- **removed** behavior `x`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_base_without_a_strategy_directory() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("README"), "x\n").unwrap();
    git(p, &["init", "-q"]);
    git(p, &["add", "."]);
    git(p, &["commit", "-qm", "empty"]);
    assert_eq!(praxis(p, &["init"]).code, 0);
    let run = praxis(p, &["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("- **added** priority `customer-first`"),
        "{}",
        run.stdout
    );
}
