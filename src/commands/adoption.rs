//! `praxis adoption`: measure whether the behaviors happen.

use crate::ExitStatus;
use crate::cli::{AdoptionArgs, AdoptionFormat, Cli, FailOn};
use crate::engine::document::{AdoptionDocument, Status};
use crate::output::Output;
use anyhow::Result;

pub fn run(cli: &Cli, args: &AdoptionArgs, out: &Output) -> Result<ExitStatus> {
    let dir = super::strategy_dir(args.dir.as_deref(), cli.chdir.is_some())?;
    let started = std::time::Instant::now();
    let Some(strategy) = super::checked_strategy(&dir, out)? else {
        return Ok(ExitStatus::Failure);
    };
    let checked = started.elapsed();
    let request = crate::measure::Request {
        as_of: args.as_of,
        behaviors: args.behavior.clone(),
        priorities: args.priority.clone(),
        by: args.by.clone(),
    };
    let doc = crate::measure::measure(&strategy, &request)?;
    if cli.verbose {
        let rows: u64 = doc.data_quality.iter().map(|q| q.rows_read).sum();
        let total = started.elapsed();
        eprintln!(
            "checked the strategy in {:.0} ms; read {rows} rows and measured in {:.0} ms ({:.1} M rows/s)",
            checked.as_secs_f64() * 1000.0,
            (total - checked).as_secs_f64() * 1000.0,
            rows as f64 / (total - checked).as_secs_f64().max(1e-9) / 1e6
        );
    }
    let text = match args.format {
        AdoptionFormat::Json => {
            let mut t = serde_json::to_string_pretty(&doc)?;
            t.push('\n');
            t
        }
        AdoptionFormat::Csv => crate::render::csv(&doc),
        AdoptionFormat::Md => crate::render::markdown(&doc),
        AdoptionFormat::Table => crate::render::table(&doc, out.color),
    };
    out.print(&text)?;
    if args.format == AdoptionFormat::Table {
        for line in crate::render::quality_summary(&doc) {
            out.note(&format!("warning: {line}"));
        }
    }
    Ok(verdict(&doc, args))
}

/// `--strict` and `--fail-on` turn data problems and missed targets into exit 1.
fn verdict(doc: &AdoptionDocument, args: &AdoptionArgs) -> ExitStatus {
    let skipped: u64 = doc
        .data_quality
        .iter()
        .flat_map(|q| q.skipped.values())
        .map(|s| s.count)
        .sum();
    if args.strict && skipped > 0 {
        eprintln!("error: --strict: {skipped} rows were skipped (see data_quality)");
        return ExitStatus::Failure;
    }
    if let Some(fail_on) = args.fail_on {
        let limit = match fail_on {
            FailOn::OffTrack => Status::OffTrack,
            FailOn::AtRisk => Status::AtRisk,
        };
        let failing: Vec<&str> = doc
            .behaviors
            .iter()
            .filter(|b| {
                b.latest
                    .as_ref()
                    .and_then(|l| l.status)
                    .is_some_and(|s| s <= limit)
            })
            .map(|b| b.id.as_str())
            .collect();
        if !failing.is_empty() {
            eprintln!(
                "error: --fail-on {}: {}",
                limit.as_str(),
                failing.join(", ")
            );
            return ExitStatus::Failure;
        }
    }
    ExitStatus::Success
}
