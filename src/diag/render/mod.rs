//! Renderers of findings: `human` (miette), `json`, `github` (workflow commands), `sarif`.

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::human;
pub use json::json;
pub use sarif::sarif;

use super::{Finding, Spot};
use crate::files::{Files, LineCol};

/// 1-based start and end (line, column) of a spot.
pub(crate) fn range(files: &Files, spot: &Spot) -> (LineCol, LineCol) {
    let file = files.get(spot.file);
    (
        file.line_col(spot.bytes.start),
        file.line_col(spot.bytes.end),
    )
}

pub(crate) fn file_of<'a>(files: &'a Files, finding: &Finding) -> Option<&'a str> {
    finding
        .spot
        .as_ref()
        .map(|s| files.get(s.file).display.as_str())
}

/// The closing line of `validate` in human format.
pub fn summary(errors: usize, warnings: usize, files: usize, docs: usize, color: bool) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let read = format!("{} in {}", plural(docs, "document"), plural(files, "file"));
    if errors == 0 && warnings == 0 {
        let ok = if color { "\x1b[1;32mok\x1b[0m" } else { "ok" };
        return format!("{ok}: {read}, no findings");
    }
    let head = match (errors, color) {
        (0, true) => "\x1b[1;33mwarning\x1b[0m",
        (0, false) => "warning",
        (_, true) => "\x1b[1;31merror\x1b[0m",
        (_, false) => "error",
    };
    format!(
        "{head}: {}, {} ({read})",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
