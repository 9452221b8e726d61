//! `praxis report`: the adoption story for people (Markdown) or tools (JSON).

use crate::ExitStatus;
use crate::cli::{Cli, ReportArgs, ReportFormat};
use crate::output::Output;
use anyhow::{Result, bail};

pub fn run(cli: &Cli, args: &ReportArgs, out: &Output) -> Result<ExitStatus> {
    let dir = super::strategy_dir(args.dir.as_deref(), cli.chdir.is_some())?;
    let Some(strategy) = super::checked_strategy(&dir, out)? else {
        return Ok(ExitStatus::Failure);
    };
    if strategy.sources.is_empty() || strategy.roster.is_none() {
        bail!(
            "a report needs exports: add a `kind: source` and a `kind: roster` document (none is configured)"
        );
    }
    // The heatmap breaks down by team unless told otherwise (when the roster maps a team).
    let by = args.by.clone().or_else(|| {
        strategy
            .roster
            .as_ref()
            .filter(|r| r.fields.iter().any(|(f, _)| f == "team"))
            .map(|_| "team".to_string())
    });
    let request = crate::measure::Request {
        as_of: args.as_of,
        by: by.clone(),
        ..Default::default()
    };
    let doc = crate::measure::measure(&strategy, &request)?;
    let text = match args.format {
        ReportFormat::Json => {
            let mut t = serde_json::to_string_pretty(&doc)?;
            t.push('\n');
            t
        }
        ReportFormat::Md | ReportFormat::Html => {
            let Some(templates) = super::templates(cli, &strategy) else {
                return Ok(ExitStatus::Failure);
            };
            let context = crate::report::context(&strategy, &doc, by.as_deref());
            let name = if args.format == ReportFormat::Md {
                "report.md"
            } else {
                "report.html"
            };
            match templates.render(name, &context) {
                Ok(t) if args.format == ReportFormat::Md => crate::report::fit_comment(t),
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitStatus::Failure);
                }
            }
        }
    };
    match &args.out {
        Some(path) => {
            crate::files::write_atomic(path, text.as_bytes())?;
            out.note(&format!("wrote {}", crate::files::display_path(path)));
        }
        None => out.print(&text)?,
    }
    Ok(ExitStatus::Success)
}
