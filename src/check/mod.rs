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
    /// Every document as written (file, value), valid or not: what `diff` compares.
    pub written: Vec<(String, serde_json::Value)>,
}

/// Runs every layer of validation on a strategy directory.
pub fn check_dir(dir: &Path) -> Result<Checked> {
    let paths = crate::load::discover(dir)?;
    let mut files = Files::default();
    let mut findings = Findings::default();
    let docs = crate::load::load(&paths, &mut files, &mut findings)?;
    Ok(check_docs(dir, docs, paths.len(), files, findings))
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
    check_docs(dir, docs, count, files, findings)
}

fn check_docs(
    dir: &Path,
    docs: Vec<crate::yaml::Document>,
    file_count: usize,
    files: Files,
    mut findings: Findings,
) -> Checked {
    let doc_count = docs.len();
    let as_written: Vec<(String, serde_json::Value)> = docs
        .iter()
        .map(|d| (files.get(d.file).display.clone(), d.value.clone()))
        .collect();
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
