//! `praxis diff BASE [HEAD]`: what a strategy change changes, in definitions and in numbers.

use crate::ExitStatus;
use crate::check::Checked;
use crate::cli::{Cli, DiffArgs, DiffFormat};
use crate::diff::DocChange;
use crate::engine::document::AdoptionDocument;
use crate::load::Content;
use crate::output::Output;
use crate::render::percent;
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("running git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

/// The strategy at a revision, checked as if its files were in the working tree.
fn at_revision(root: &Path, rev: &str, dir: &Path) -> Result<Checked> {
    let rel = dir.strip_prefix(root).unwrap_or(Path::new(""));
    let rel_text = rel.to_string_lossy().replace('\\', "/");
    let spec = if rel_text.is_empty() {
        ".".to_string()
    } else {
        rel_text
    };
    let listing = git(
        root,
        &["ls-tree", "-r", "-z", "--name-only", rev, "--", &spec],
    )?;
    let mut contents = Vec::new();
    for name in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let path = Path::new(&name);
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        let hidden = path
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if !yaml || hidden {
            continue;
        }
        let bytes = git(root, &["show", &format!("{rev}:{name}")])?;
        contents.push((root.join(path), Content::Bytes(bytes)));
    }
    contents.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(crate::check::check_contents(dir, contents))
}

pub fn run(cli: &Cli, args: &DiffArgs, out: &Output) -> Result<ExitStatus> {
    let dir = super::strategy_dir(args.dir.as_deref(), cli.chdir.is_some()).or_else(|e| {
        // The working tree may not have the directory yet (or any more); git may.
        args.dir.clone().ok_or(e)
    })?;
    let cwd = std::env::current_dir()?;
    let root = PathBuf::from(
        String::from_utf8_lossy(
            &git(&cwd, &["rev-parse", "--show-toplevel"]).context("not a git repository")?,
        )
        .trim()
        .to_string(),
    );
    let abs = |p: &Path| -> PathBuf {
        let p = cwd.join(p);
        p.canonicalize().unwrap_or(p)
    };
    let root = root.canonicalize().unwrap_or(root);
    let dir = abs(&dir);
    for rev in std::iter::once(&args.base).chain(args.head.as_ref()) {
        git(
            &root,
            &[
                "rev-parse",
                "--verify",
                "--end-of-options",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .with_context(|| format!("`{rev}` is not a revision"))?;
    }
    let base = at_revision(&root, &args.base, &dir)?;
    let head = match &args.head {
        Some(rev) => at_revision(&root, rev, &dir)?,
        None if dir.is_dir() => crate::check::check_dir_as_written(&dir)?,
        None => crate::check::check_contents(&dir, Vec::new()),
    };
    let changes = crate::diff::diff(&base.written, &head.written);
    let head_name = args.head.clone().unwrap_or_else(|| "working tree".into());
    let impact = impact(&base, &head);
    let text = match args.format {
        DiffFormat::Json => {
            let doc = json!({
                "base": args.base, "head": head_name,
                "base_errors": errors(&base), "head_errors": errors(&head),
                "documents": changes, "impact": impact,
            });
            let mut t = serde_json::to_string_pretty(&doc)?;
            t.push('\n');
            t
        }
        DiffFormat::Md => markdown(&args.base, &head_name, &base, &head, &changes, &impact),
    };
    out.print(&text)?;
    Ok(if args.exit_code && !changes.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn errors(c: &Checked) -> usize {
    c.findings
        .iter()
        .filter(|f| f.severity == crate::diag::Severity::Error)
        .count()
}

/// Latest-period numbers per behavior with the base and the head definitions, on the same
/// current exports and as of the same date.
fn impact(base: &Checked, head: &Checked) -> Value {
    let measurable = |c: &Checked| {
        errors(c) == 0 && c.strategy.roster.is_some() && !c.strategy.sources.is_empty()
    };
    if !measurable(head) {
        return json!({ "available": false, "why": "the head strategy is invalid or has no exports" });
    }
    let Ok(h) = crate::measure::measure(&head.strategy, &crate::measure::Request::default()) else {
        return json!({ "available": false, "why": "the exports could not be read" });
    };
    let as_of = h.as_of.parse().ok();
    let b = measurable(base)
        .then(|| {
            crate::measure::measure(
                &base.strategy,
                &crate::measure::Request {
                    as_of,
                    ..Default::default()
                },
            )
            .ok()
        })
        .flatten();
    let row = |doc: Option<&AdoptionDocument>, id: &str| -> Value {
        let Some(l) = doc
            .and_then(|d| d.behaviors.iter().find(|r| r.id == id))
            .and_then(|r| r.latest.as_ref())
        else {
            return Value::Null;
        };
        json!({
            "audience": l.period.audience, "adoption": l.period.adoption,
            "status": l.status.map(|s| s.as_str()),
            "reason": l.diagnosis.as_ref().and_then(|d| d.primary).map(|p| p.as_str()),
        })
    };
    let mut ids: Vec<String> = h.behaviors.iter().map(|r| r.id.clone()).collect();
    for r in b.iter().flat_map(|d| &d.behaviors) {
        if !ids.contains(&r.id) {
            ids.push(r.id.clone());
        }
    }
    let behaviors: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "behavior": id, "base": row(b.as_ref(), id), "head": row(Some(&h), id) }))
        .filter(|r| r["base"] != r["head"])
        .collect();
    json!({ "available": true, "as_of": h.as_of, "base_measured": b.is_some(), "behaviors": behaviors })
}

fn markdown(
    base_rev: &str,
    head_rev: &str,
    base: &Checked,
    head: &Checked,
    changes: &[DocChange],
    impact: &Value,
) -> String {
    let mut out = format!("## Strategy changes: `{base_rev}` → {head_rev}\n\n");
    for (name, c) in [(base_rev, base), (head_rev, head)] {
        let n = errors(c);
        if n > 0 {
            out.push_str(&format!(
                "> **{name} is invalid** ({n} errors); its definitions are compared as written.\n\n"
            ));
        }
    }
    if changes.is_empty() {
        out.push_str("No change to the strategy's definitions.\n");
    }
    for c in changes {
        let what = format!("{} `{}`", c.kind, c.id);
        match c.change {
            "added" => out.push_str(&format!("- **added** {what} ({})\n", c.file)),
            "removed" => out.push_str(&format!("- **removed** {what} (was in {})\n", c.file)),
            "renamed" => out.push_str(&format!(
                "- **renamed** {} `{}` → `{}`{}\n",
                c.kind,
                c.old_id.clone().unwrap_or_default(),
                c.id,
                c.old_file
                    .as_ref()
                    .map(|f| format!(" (moved from {f} to {})", c.file))
                    .unwrap_or_default()
            )),
            "moved" => out.push_str(&format!(
                "- **moved** {what}: {} → {}\n",
                c.old_file.clone().unwrap_or_default(),
                c.file
            )),
            _ => {
                let moved = c
                    .old_file
                    .as_ref()
                    .map(|f| format!(", moved from {f}"))
                    .unwrap_or_default();
                out.push_str(&format!("- **changed** {what} ({}{moved})\n", c.file));
                for f in &c.fields {
                    out.push_str(&format!("  - `{}`\n", f.describe()));
                }
            }
        }
    }
    if impact["available"] == true {
        let rows = impact["behaviors"].as_array().cloned().unwrap_or_default();
        if !rows.is_empty() {
            out.push_str(&format!(
                "\n### Impact on the latest period (as of {}, same exports)\n\n| behavior | audience | adoption | status | main reason |\n|---|---|---|---|---|\n",
                impact["as_of"].as_str().unwrap_or("")
            ));
            for r in rows {
                let side = |v: &Value, k: &str| -> String {
                    match k {
                        "adoption" => {
                            if v.is_null() {
                                "–".into()
                            } else {
                                percent(v[k].as_f64())
                            }
                        }
                        _ => v[k]
                            .as_u64()
                            .map(|n| n.to_string())
                            .or_else(|| v[k].as_str().map(str::to_string))
                            .unwrap_or_else(|| "–".into()),
                    }
                };
                let cell = |k: &str| {
                    let (a, b) = (side(&r["base"], k), side(&r["head"], k));
                    if a == b { a } else { format!("{a} → {b}") }
                };
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    r["behavior"].as_str().unwrap_or(""),
                    cell("audience"),
                    cell("adoption"),
                    cell("status"),
                    cell("reason")
                ));
            }
        }
    }
    out
}
