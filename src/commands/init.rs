//! `praxis init [DIR] [--force]`: a new strategy repository in one command.

use crate::ExitStatus;
use crate::cli::InitArgs;
use crate::output::Output;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// What the generated workflow runs to install praxis when `init` is not told: a build of
/// this version from the repository in Cargo.toml, or, while praxis has no published home,
/// a step that fails and says what to set. (`cargo install praxis` is not an option: the
/// crates.io names `praxis` and `praxis-cli` belong to unrelated projects.)
pub fn default_install() -> String {
    match option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty()) {
        Some(repo) => format!(
            "cargo install --locked --git {repo} --tag v{} praxis",
            env!("CARGO_PKG_VERSION")
        ),
        None => "echo \"::error::set the repository variable PRAXIS_INSTALL to a command that \
                 installs praxis (see the top of .github/workflows/praxis.yml)\"; exit 1"
            .into(),
    }
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
    let told = args.install.is_some();
    let install = args.install.clone().unwrap_or_else(default_install);
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
    if !told && option_env!("CARGO_PKG_REPOSITORY").is_none_or(str::is_empty) {
        eprintln!(
            "warning: the CI workflow does not know how to install praxis yet: set the \
             repository variable PRAXIS_INSTALL to a command that installs it, or edit \
             PRAXIS_INSTALL in .github/workflows/praxis.yml (next time: praxis init --install \
             COMMAND)"
        );
    }
    Ok(ExitStatus::Success)
}
