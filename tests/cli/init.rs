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

#[test]
fn the_generated_workflow_parses_and_its_commands_run() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(praxis(dir.path(), &["init"]).code, 0);
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/praxis.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).expect("the workflow is YAML");
    let mut commands = Vec::new();
    for job in workflow["jobs"].as_object().unwrap().values() {
        for step in job["steps"].as_array().unwrap() {
            if let Some(run) = step["run"].as_str()
                && run.starts_with("praxis ")
            {
                commands.push(run.to_string());
            }
        }
    }
    assert!(commands.len() >= 5, "{commands:?}");
    // `praxis diff` needs a git history: make the scaffold a repository with one commit.
    for args in [
        &["init", "-q"][..],
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
    ] {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(ok.success());
    }
    for command in commands {
        // The base branch of a pull request: here, the commit just made.
        let command = command.replace("\"origin/${{ github.base_ref }}\"", "HEAD");
        // `praxis ARGS [> file | >> file | || true]`: run ARGS against the scaffold.
        let args: Vec<&str> = command
            .split(['>', '|'])
            .next()
            .unwrap()
            .split_whitespace()
            .skip(1)
            .collect();
        let run = praxis(dir.path(), &args);
        assert_eq!(run.code, 0, "`{command}` failed: {}", run.stderr);
    }
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
