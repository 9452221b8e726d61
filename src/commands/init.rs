//! `praxis init [DIR] [--force]`: a new strategy repository in one command.

use crate::ExitStatus;
use crate::cli::InitArgs;
use crate::output::Output;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// How CI can install this very praxis, when that is known: the git repository and commit
/// `cargo install --git` recorded for this binary, else the repository in Cargo.toml at this
/// version's tag. `None` for a praxis built locally while it has no published home.
/// (Never `cargo install praxis`: on crates.io, `praxis` and `praxis-cli` are unrelated
/// projects.)
pub fn known_install() -> Option<String> {
    let from_record = std::env::current_exe()
        .ok()
        .and_then(|exe| installed_from(&exe));
    from_record.or_else(|| {
        option_env!("CARGO_PKG_REPOSITORY")
            .filter(|r| !r.is_empty())
            .map(|repo| {
                format!(
                    "cargo install --locked --git {repo} --tag v{} praxis",
                    env!("CARGO_PKG_VERSION")
                )
            })
    })
}

/// The install step when no command is known: it fails and says what to set.
const UNKNOWN_INSTALL: &str = "echo \"::error::set the repository variable PRAXIS_INSTALL to a \
     command that installs praxis (see the top of .github/workflows/praxis.yml)\"; exit 1";

/// The `cargo install` record of the binary at `exe` (`ROOT/bin/praxis` is recorded in
/// `ROOT/.crates2.json` under `"praxis 0.1.0 (git+URL?tag=…#COMMIT)"`), as the command that
/// installs the same commit from the same repository. Local sources (`file:`, `path+`) are
/// not reachable from CI and give `None`.
pub fn installed_from(exe: &std::path::Path) -> Option<String> {
    let root = exe.parent()?.parent()?;
    let text = std::fs::read_to_string(root.join(".crates2.json")).ok()?;
    let record: serde_json::Value = serde_json::from_str(&text).ok()?;
    let name = exe.file_stem()?.to_str()?;
    record["installs"]
        .as_object()?
        .iter()
        .find_map(|(key, install)| {
            let has_bin = install["bins"].as_array()?.iter().any(|b| {
                b.as_str()
                    .is_some_and(|b| b.strip_suffix(".exe").unwrap_or(b) == name)
            });
            if !has_bin {
                return None;
            }
            let (package, rest) = key.split_once(' ')?;
            let source = rest.split_once('(')?.1.strip_suffix(')')?;
            let (url, commit) = source.strip_prefix("git+")?.split_once('#')?;
            let url = url.split('?').next()?;
            let usable = !url.starts_with("file:")
                && !commit.is_empty()
                && commit.bytes().all(|b| b.is_ascii_hexdigit());
            usable.then(|| format!("cargo install --locked --git {url} --rev {commit} {package}"))
        })
}

/// The workflow's `PRAXIS_INSTALL` value: the repository variable if set, else `install`.
/// The command sits in a single-quoted GitHub expression string inside a double-quoted
/// YAML string, and is escaped for both.
fn workflow(install: &str) -> String {
    let expression = format!(
        "${{{{ vars.PRAXIS_INSTALL || '{}' }}}}",
        install.replace('\'', "''")
    );
    let yaml = format!(
        "\"{}\"",
        expression
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    );
    include_str!("../scaffold/praxis.yml").replace("@INSTALL@", &yaml)
}

/// Every file of the scaffold: (path relative to DIR, contents); `install` is the command
/// the workflow uses to install praxis.
pub fn files(install: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = vec![
        (
            "strategy/workspace.yaml".into(),
            include_str!("../scaffold/workspace.yaml").into(),
        ),
        (
            "strategy/exports.yaml".into(),
            include_str!("../scaffold/exports.yaml").into(),
        ),
        (
            "strategy/customer-first.yaml".into(),
            include_str!("../scaffold/priority.yaml").into(),
        ),
        (
            "exports/activity.csv".into(),
            include_str!("../scaffold/activity.csv").into(),
        ),
        (
            "exports/people.csv".into(),
            include_str!("../scaffold/people.csv").into(),
        ),
        (".github/workflows/praxis.yml".into(), workflow(install)),
    ];
    files.extend(
        crate::schema::all_files()
            .into_iter()
            .map(|(name, text)| (format!("schemas/{name}"), text)),
    );
    files
}

pub fn run(args: &InitArgs, out: &Output) -> Result<ExitStatus> {
    let root = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let install = args.install.clone().or_else(known_install);
    let known = install.is_some();
    let install = install.unwrap_or_else(|| UNKNOWN_INSTALL.to_string());
    let files = files(&install);
    let existing: Vec<String> = files
        .iter()
        .map(|(p, _)| root.join(p))
        .filter(|p| p.exists())
        .map(|p| crate::files::display_path(&p))
        .collect();
    if !existing.is_empty() && !args.force {
        eprintln!(
            "error: these files exist already (nothing was written; --force overwrites them):"
        );
        for e in &existing {
            eprintln!("  {e}");
        }
        return Ok(ExitStatus::Failure);
    }
    for (path, text) in &files {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        crate::files::write_atomic(&target, text.as_bytes())?;
    }
    let shown = crate::files::display_path(&root);
    let shown = if shown.is_empty() {
        ".".to_string()
    } else {
        shown
    };
    out.note(&format!(
        "created a praxis strategy in {shown} ({} files). Next:\n  praxis -C {shown} validate\n  praxis -C {shown} adoption",
        files.len()
    ));
    if known {
        out.note(&format!("the CI workflow installs praxis with: {install}"));
    } else {
        eprintln!(
            "warning: the CI workflow does not know how to install praxis yet: set the \
             repository variable PRAXIS_INSTALL to a command that installs it, or edit \
             PRAXIS_INSTALL in .github/workflows/praxis.yml (next time: praxis init --install \
             COMMAND)"
        );
    }
    Ok(ExitStatus::Success)
}
