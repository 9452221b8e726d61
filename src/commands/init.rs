//! `praxis init [DIR] [--force]`: a new strategy repository in one command.

use crate::ExitStatus;
use crate::cli::InitArgs;
use crate::output::Output;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// Every file of the scaffold: (path relative to DIR, contents).
pub fn files() -> Vec<(String, String)> {
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
        (
            ".github/workflows/praxis.yml".into(),
            include_str!("../scaffold/praxis.yml").into(),
        ),
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
    let files = files();
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
    Ok(ExitStatus::Success)
}
