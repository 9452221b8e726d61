//! `praxis validate`: the pipeline stopped after `check`.

use crate::ExitStatus;
use crate::cli::{Cli, ValidateArgs, ValidateFormat};
use crate::diag::{Severity, SeverityPolicy, codes, did_you_mean, render};
use crate::output::Output;
use anyhow::{Result, bail};

pub fn run(cli: &Cli, args: &ValidateArgs, out: &Output) -> Result<ExitStatus> {
    let policy = SeverityPolicy {
        allow: args.allow.clone(),
        deny: args.deny.clone(),
        deny_warnings: args.deny_warnings,
    };
    check_codes(policy.allow.iter().chain(&policy.deny))?;
    let dir = super::strategy_dir(args.dir.as_deref(), cli.chdir.is_some())?;
    let started = std::time::Instant::now();
    let checked = crate::check::check_dir(&dir)?;
    if cli.verbose {
        eprintln!(
            "checked {} ({} files, {} documents) in {:.1} ms",
            crate::files::display_path(&dir),
            checked.file_count,
            checked.doc_count,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let findings = policy.apply(checked.findings.into_sorted());
    let files = &checked.files;
    let text = match args.format {
        ValidateFormat::Human => render::human(&findings, files, out.color, out.width),
        ValidateFormat::Json => render::json(&findings, files),
        ValidateFormat::Github => render::github(&findings, files),
        ValidateFormat::Sarif => render::sarif(&findings, files),
    };
    out.print(&text)?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if args.format == ValidateFormat::Human {
        out.note(&render::summary(
            errors,
            warnings,
            checked.file_count,
            checked.doc_count,
            out.color_err,
        ));
    }
    Ok(if policy.fails(&findings) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// `--allow` / `--deny` must name real codes: a typo would silently allow nothing.
fn check_codes<'a>(names: impl Iterator<Item = &'a String>) -> Result<()> {
    let all: Vec<&str> = codes::ALL.iter().map(|c| c.name).collect();
    for name in names {
        if codes::find(name).is_none() {
            let hint = did_you_mean(name, &all)
                .unwrap_or_else(|| "`praxis explain --list` lists every code".into());
            bail!("unknown diagnostic code `{name}`: {hint}");
        }
    }
    Ok(())
}
