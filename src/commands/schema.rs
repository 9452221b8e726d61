//! `praxis schema [--out DIR] [--check]`.

use crate::ExitStatus;
use crate::cli::SchemaArgs;
use crate::output::Output;
use anyhow::{Context, Result};

pub fn run(args: &SchemaArgs, out: &Output) -> Result<ExitStatus> {
    let files = crate::schema::all_files();
    if args.check {
        let mut stale = Vec::new();
        for (name, text) in &files {
            let path = args.out.join(name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(crate::files::display_path(&path));
            }
        }
        if stale.is_empty() {
            out.note(&format!("{} schemas are up to date", files.len()));
            return Ok(ExitStatus::Success);
        }
        eprintln!("stale schemas (run `praxis schema` to regenerate):");
        for s in stale {
            eprintln!("  {s}");
        }
        return Ok(ExitStatus::Failure);
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for (name, text) in &files {
        crate::files::write_atomic(&args.out.join(name), text.as_bytes())?;
    }
    out.note(&format!(
        "wrote {} schemas to {}",
        files.len(),
        crate::files::display_path(&args.out)
    ));
    Ok(ExitStatus::Success)
}
