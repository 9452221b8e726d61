//! `discover → load → check`: from a strategy directory to a resolved [`Strategy`] plus
//! every finding. `validate` stops here; every other command runs this first.

mod exports;
mod lint;
mod references;
mod shape;

pub use exports::missing_column;
pub use lint::{VAGUE_OPENINGS, vague_opening};
pub use shape::{Shapes, slugify};

use crate::diag::Findings;
use crate::files::Files;
use crate::model::Strategy;
use anyhow::Result;
use std::path::Path;

/// What checking a directory produced.
pub struct Checked {
    pub files: Files,
    pub findings: Findings,
    pub strategy: Strategy,
    /// How many files and documents were read.
    pub file_count: usize,
    pub doc_count: usize,
    /// Every document as written (file, value), valid or not: what `diff` compares. Only
    /// kept when asked for (`check_dir_as_written`, `check_contents`): it is a copy.
    pub written: Vec<(String, serde_json::Value)>,
}

/// Runs every layer of validation on a strategy directory.
pub fn check_dir(dir: &Path) -> Result<Checked> {
    check_dir_keeping(dir, false)
}

/// Like [`check_dir`], also keeping every document as written (for `diff`).
pub fn check_dir_as_written(dir: &Path) -> Result<Checked> {
    check_dir_keeping(dir, true)
}

fn check_dir_keeping(dir: &Path, keep: bool) -> Result<Checked> {
    let paths = crate::load::discover(dir)?;
    let mut files = Files::default();
    let mut findings = Findings::default();
    let docs = crate::load::load(&paths, &mut files, &mut findings)?;
    Ok(check_docs(dir, docs, paths.len(), files, findings, keep))
}

/// Runs every layer on files given as contents (a git revision's, for `diff`), checked as
/// if they were at the given working-tree paths.
pub fn check_contents(
    dir: &Path,
    contents: Vec<(std::path::PathBuf, crate::load::Content)>,
) -> Checked {
    let mut files = Files::default();
    let mut findings = Findings::default();
    let count = contents.len();
    let docs = crate::load::load_contents(contents, &mut files, &mut findings);
    check_docs(dir, docs, count, files, findings, true)
}

fn check_docs(
    dir: &Path,
    docs: Vec<crate::yaml::Document>,
    file_count: usize,
    files: Files,
    mut findings: Findings,
    keep: bool,
) -> Checked {
    let doc_count = docs.len();
    let as_written: Vec<(String, serde_json::Value)> = if keep {
        docs.iter()
            .map(|d| (files.get(d.file).display.clone(), d.value.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let loaded = Shapes::new().check(docs, &files, &mut findings);
    let (strategy, written) = references::resolve(dir, loaded, &files, &mut findings);
    let roster = exports::check(&strategy, &files, &mut findings);
    lint::check(&strategy, &written, roster.as_ref(), &files, &mut findings);
    Checked {
        files,
        findings,
        strategy,
        file_count,
        doc_count,
        written: as_written,
    }
}
