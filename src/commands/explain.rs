//! `praxis explain CODE | --list`.

use crate::ExitStatus;
use crate::cli::ExplainArgs;
use crate::diag::{codes, did_you_mean};
use crate::output::Output;
use anyhow::Result;

pub fn run(args: &ExplainArgs, out: &Output) -> Result<ExitStatus> {
    if args.list {
        out.print(&list())?;
        return Ok(ExitStatus::Success);
    }
    let name = args.code.as_deref().unwrap_or_default();
    match codes::find(name) {
        Some(info) => {
            out.print(&explain(info))?;
            Ok(ExitStatus::Success)
        }
        None => {
            let names: Vec<&str> = codes::ALL.iter().map(|c| c.name).collect();
            let hint = did_you_mean(name, &names)
                .unwrap_or_else(|| "`praxis explain --list` lists every code".into());
            anyhow::bail!("unknown diagnostic code `{name}`: {hint}")
        }
    }
}

/// Every code, one per line: name, severity, layer, summary.
pub fn list() -> String {
    let width = codes::ALL.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for c in codes::ALL {
        text.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            c.name,
            c.severity.as_str(),
            c.summary
        ));
    }
    text
}

/// One code's documentation.
pub fn explain(info: &codes::CodeInfo) -> String {
    format!(
        "{name} ({severity}, {layer})\n\n{summary}.\n\n{doc}\n\nChange its severity with `--allow {name}` or `--deny {name}`.\n",
        name = info.name,
        severity = info.severity.as_str(),
        layer = info.layer.name(),
        summary = capitalize(info.summary),
        doc = info.doc.trim_end(),
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
