//! `praxis init`, completions and the man page.

use crate::support::praxis;
use serde_json::Value;

#[test]
fn init_scaffolds_a_strategy_that_validates_and_measures() {
    let dir = tempfile::tempdir().unwrap();
    let run = praxis(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let validate = praxis(
        dir.path(),
        &["validate", "--deny-warnings", "--format", "json"],
    );
    assert_eq!(validate.code, 0, "{}", validate.stdout);
    let doc: Value = serde_json::from_str(&validate.stdout).unwrap();
    assert_eq!(
        doc["findings"],
        serde_json::json!([]),
        "the scaffold has zero findings"
    );
    let adoption = praxis(dir.path(), &["adoption", "--format", "json", "--strict"]);
    assert_eq!(adoption.code, 0, "{}", adoption.stderr);
    let doc: Value = serde_json::from_str(&adoption.stdout).unwrap();
    assert_eq!(doc["behaviors"].as_array().map(Vec::len), Some(2));
    // The schemas it ships are the current ones.
    let schemas = dir.path().join("schemas").to_string_lossy().to_string();
    assert_eq!(
        praxis(dir.path(), &["schema", "--check", "--out", &schemas]).code,
        0
    );
    // Strategy files carry the editor modeline.
    let ws = std::fs::read_to_string(dir.path().join("strategy/workspace.yaml")).unwrap();
    assert!(ws.starts_with("# yaml-language-server: $schema=../schemas/praxis.schema.json"));
}

/// A GitHub expression as the runner would evaluate it for a pull request against `main`
/// in a repository without variables; panics on any expression it does not know, so a new
/// one in the workflow cannot slip through untested.
fn evaluate(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed expression") + start;
        let expr = rest[start + 3..end].trim();
        if expr == "github.base_ref" {
            out.push_str("main");
        } else if let Some(default) = expr
            .strip_prefix("vars.PRAXIS_INSTALL || '")
            .and_then(|e| e.strip_suffix('\''))
        {
            out.push_str(&default.replace("''", "'"));
        } else {
            panic!("an expression this test does not evaluate: {expr}");
        }
        rest = &rest[end + 2..];
    }
    out + rest
}

#[test]
fn the_generated_workflow_runs_in_a_shell_against_the_scaffold() {
    // The workflow's own steps, run by bash as the runner would run them for a pull request
    // and then for the scheduled report, with `--install` copying this build onto PATH.
    // Steps that need GitHub itself (`uses:` actions, `gh pr comment`) are not run.
    let dir = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let install = format!(
        "cp '{}' '{}/praxis'",
        env!("CARGO_BIN_EXE_praxis"),
        bin.path().display()
    );
    let init = praxis(dir.path(), &["init", "--install", &install]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(!init.stderr.contains("warning"), "{}", init.stderr);
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/praxis.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).expect("the workflow is YAML");
    let triggers = workflow["on"].as_object().expect("triggers");
    for t in ["push", "pull_request", "schedule"] {
        assert!(triggers.contains_key(t), "runs on {t}");
    }
    let install_env = evaluate(workflow["env"]["PRAXIS_INSTALL"].as_str().unwrap());
    assert_eq!(
        install_env, install,
        "--install reaches the workflow intact"
    );
    // `praxis diff origin/main` needs a history: one commit, known as origin/main.
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "init",
        ],
        &["update-ref", "refs/remotes/origin/main", "HEAD"],
    ] {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(ok.success(), "git {args:?}");
    }
    let summary = dir.path().join("summary.md");
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = Vec::new();
    for job in ["validate", "report"] {
        for step in workflow["jobs"][job]["steps"].as_array().unwrap() {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            if run.contains("gh pr comment") {
                continue;
            }
            let script = evaluate(run);
            let out = std::process::Command::new("bash")
                .args(["-e", "-c", &script])
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("PRAXIS_INSTALL", &install_env)
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "step `{script}` failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran.push(script);
        }
    }
    assert!(ran.len() >= 7, "{ran:?}");
    // What the steps left behind: a SARIF log, the PR comment, the summary, the report.
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("praxis.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let comment = std::fs::read_to_string(dir.path().join("praxis-diff.md")).unwrap();
    assert!(!comment.trim().is_empty());
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(summary.contains("customer"), "{summary}");
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<svg"));
}

#[test]
fn without_install_the_workflow_fails_loudly_and_init_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let init = praxis(dir.path(), &["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(init.stderr.contains("PRAXIS_INSTALL"), "{}", init.stderr);
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/praxis.yml")).unwrap();
    // Never `cargo install praxis`: that crates.io name is another project.
    assert!(!text.contains("cargo install praxis"), "{text}");
    let workflow: Value = serde_saphyr::from_str(&text).unwrap();
    let install = evaluate(workflow["env"]["PRAXIS_INSTALL"].as_str().unwrap());
    let out = std::process::Command::new("bash")
        .args(["-c", &install])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("::error::set the repository variable"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Runs a copy of praxis from `ROOT/bin` next to a `cargo install` record naming `source`;
/// gives init's stderr and the workflow's install command.
fn init_as_installed_from(source: &str) -> (String, String) {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("bin")).unwrap();
    let exe = root.path().join("bin/praxis");
    std::fs::copy(env!("CARGO_BIN_EXE_praxis"), &exe).unwrap();
    let record = serde_json::json!({"installs": {format!("praxis 0.1.0 ({source})"): {
        "version_req": null, "bins": ["praxis"], "features": [], "all_features": false,
        "no_default_features": false, "profile": "release",
        "target": "x86_64-unknown-linux-gnu", "rustc": "rustc 1.95.0"}}});
    std::fs::write(root.path().join(".crates2.json"), record.to_string()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(&exe)
        .arg("init")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/praxis.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        evaluate(workflow["env"]["PRAXIS_INSTALL"].as_str().unwrap()),
    )
}

#[test]
fn init_has_ci_install_the_same_praxis_cargo_installed_from_git() {
    let commit = "0123456789abcdef0123456789abcdef01234567";
    let (stderr, install) = init_as_installed_from(&format!(
        "git+https://git.example.com/tools/praxis?tag=v0.1.0#{commit}"
    ));
    assert_eq!(
        install,
        format!(
            "cargo install --locked --git https://git.example.com/tools/praxis --rev {commit} praxis"
        )
    );
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(
        stderr.contains(&install),
        "init says what CI will run: {stderr}"
    );
    // A local clone is not reachable from CI: the step fails loudly instead.
    let (stderr, install) = init_as_installed_from(&format!("git+file:///home/me/praxis#{commit}"));
    assert!(install.contains("::error::"), "{install}");
    assert!(stderr.contains("warning"), "{stderr}");
}

#[test]
fn init_refuses_to_overwrite_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("strategy")).unwrap();
    std::fs::write(
        dir.path().join("strategy/workspace.yaml"),
        "kind: workspace\nname: Mine\n",
    )
    .unwrap();
    let run = praxis(dir.path(), &["init"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("strategy/workspace.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        !dir.path().join("strategy/exports.yaml").exists(),
        "nothing is written"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("strategy/workspace.yaml")).unwrap(),
        "kind: workspace\nname: Mine\n"
    );
    assert_eq!(praxis(dir.path(), &["init", "--force"]).code, 0);
    assert!(dir.path().join("strategy/exports.yaml").exists());
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = praxis(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(
            run.stdout.contains("validate") && run.stdout.contains("adoption"),
            "{shell}"
        );
    }
    let man = praxis(dir.path(), &["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH praxis"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert_eq!(praxis(dir.path(), &["completions", "tcsh"]).code, 2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["adoption", "--format", "json"])
        .current_dir(crate::support::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is closed here, like `praxis adoption | head -c 10`.
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
