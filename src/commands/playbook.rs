//! `praxis playbook`: what each team does differently, rendered from templates.

use crate::ExitStatus;
use crate::cli::{Cli, PlaybookArgs, PlaybookFormat};
use crate::output::Output;
use anyhow::{Context, Result, bail};

pub fn run(cli: &Cli, args: &PlaybookArgs, out: &Output) -> Result<ExitStatus> {
    let dir = super::strategy_dir(args.dir.as_deref(), cli.chdir.is_some())?;
    let Some(strategy) = super::checked_strategy(&dir, out)? else {
        return Ok(ExitStatus::Failure);
    };
    let ext = match args.format {
        PlaybookFormat::Md => "md",
        PlaybookFormat::Html => "html",
    };
    let mut selected: Vec<usize> = Vec::new();
    for (i, p) in strategy.priorities.iter().enumerate() {
        if args.priority.is_empty() || args.priority.contains(&p.id) {
            selected.push(i);
        }
    }
    for id in &args.priority {
        if strategy.priority(id).is_none() {
            let ids: Vec<&str> = strategy.priorities.iter().map(|p| p.id.as_str()).collect();
            let hint = crate::diag::did_you_mean(id, &ids)
                .map(|h| format!(": {h}"))
                .unwrap_or_default();
            bail!("unknown priority `{id}`{hint}");
        }
    }
    if let Some(team) = &args.team {
        selected.retain(|&i| {
            strategy
                .behaviors
                .iter()
                .any(|b| b.priority == i && crate::playbook::for_team(b, team))
        });
        if selected.is_empty() {
            bail!("no behavior's audience includes team `{team}`");
        }
    }
    let status = if args.with_status {
        Some(crate::measure::measure(
            &strategy,
            &crate::measure::Request::default(),
        )?)
    } else {
        None
    };
    let Some(templates) = super::templates(cli, &strategy) else {
        return Ok(ExitStatus::Failure);
    };
    let name = format!("playbook.{ext}");
    let mut rendered = Vec::new();
    for &i in &selected {
        let context = crate::playbook::context(&strategy, i, args.team.as_deref(), status.as_ref());
        match templates.render(&name, &context) {
            Ok(text) => rendered.push((strategy.priorities[i].id.clone(), text)),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitStatus::Failure);
            }
        }
    }
    match &args.out {
        Some(dir) => {
            if !dir.is_dir() {
                bail!("--out {}: no such directory", dir.display());
            }
            for (id, text) in &rendered {
                let file = match &args.team {
                    Some(team) => format!("{team}-{id}.{ext}"),
                    None => format!("{id}.{ext}"),
                };
                let path = dir.join(file);
                crate::files::write_atomic(&path, text.as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
                out.note(&format!("wrote {}", crate::files::display_path(&path)));
            }
        }
        None => {
            if rendered.len() > 1 && args.format == PlaybookFormat::Html {
                bail!(
                    "{} playbooks: pass --priority ID for one, or --out DIR for one file each",
                    rendered.len()
                );
            }
            let texts: Vec<&str> = rendered.iter().map(|(_, t)| t.as_str()).collect();
            out.print(&texts.join("\n---\n\n"))?;
        }
    }
    Ok(ExitStatus::Success)
}
