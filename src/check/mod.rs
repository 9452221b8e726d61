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
}

/// Runs every layer of validation on a strategy directory.
pub fn check_dir(dir: &Path) -> Result<Checked> {
    let paths = crate::load::discover(dir)?;
    let mut files = Files::default();
    let mut findings = Findings::default();
    let docs = crate::load::load(&paths, &mut files, &mut findings)?;
    let doc_count = docs.len();
    let loaded = Shapes::new().check(docs, &files, &mut findings);
    let (strategy, written) = references::resolve(dir, loaded, &files, &mut findings);
    let roster = exports::check(&strategy, &files, &mut findings);
    lint::check(&strategy, &written, roster.as_ref(), &files, &mut findings);
    Ok(Checked {
        files,
        findings,
        strategy,
        file_count: paths.len(),
        doc_count,
    })
}
