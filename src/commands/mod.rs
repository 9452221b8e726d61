//! One module per command.

pub mod adoption;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod init;
pub mod nudges;
pub mod playbook;
pub mod report;
pub mod schema;
pub mod validate;

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// The strategy directory: `DIR` if given, else `./strategy`, else (under `-C`) the
/// current directory itself.
pub fn strategy_dir(arg: Option<&Path>, chdir: bool) -> Result<PathBuf> {
    if let Some(dir) = arg {
        return Ok(dir.to_path_buf());
    }
    let default = PathBuf::from("strategy");
    if default.is_dir() {
        return Ok(default);
    }
    if chdir {
        return Ok(PathBuf::from("."));
    }
    bail!(
        "strategy directory ./strategy not found; pass the directory as an argument (praxis validate DIR) or run `praxis init`"
    )
}

/// Runs every validation layer; with errors, prints them on stderr and returns `None`.
pub fn checked_strategy(
    dir: &Path,
    out: &crate::output::Output,
) -> Result<Option<crate::model::Strategy>> {
    let checked = crate::check::check_dir(dir)?;
    if !checked.findings.has_errors() {
        return Ok(Some(checked.strategy));
    }
    let findings: Vec<_> = checked
        .findings
        .into_sorted()
        .into_iter()
        .filter(|f| f.severity == crate::diag::Severity::Error)
        .collect();
    eprint!(
        "{}",
        crate::diag::render::human(&findings, &checked.files, out.color_err, out.width)
    );
    eprintln!(
        "error: the strategy has {} error(s); run `praxis validate` for details",
        findings.len()
    );
    Ok(None)
}

/// The templates for a command: built in, overridden by `--templates` and the workspace's
/// folder. A broken override is reported on stderr and gives `None` (exit 1).
pub fn templates(
    cli: &crate::cli::Cli,
    strategy: &crate::model::Strategy,
) -> Option<crate::templates::Templates> {
    let overrides = crate::templates::override_dirs(
        cli.templates.as_deref(),
        strategy.workspace.templates.as_deref(),
    );
    match crate::templates::Templates::new(&overrides) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    }
}
