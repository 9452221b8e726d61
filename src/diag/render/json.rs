use super::{file_of, range};
use crate::diag::{Finding, Severity};
use crate::files::Files;
use serde_json::{Value, json};

/// The `--format json` document of DESIGN §2.
pub fn json(findings: &[Finding], files: &Files) -> String {
    let items: Vec<Value> = findings
        .iter()
        .map(|f| {
            let (start, end) = match &f.spot {
                Some(s) => {
                    let (a, b) = range(files, s);
                    (Some(a), Some(b))
                }
                None => (None, None),
            };
            let labels: Vec<Value> = f
                .labels
                .iter()
                .map(|l| {
                    let (a, _) = range(files, &l.spot);
                    json!({
                        "file": files.get(l.spot.file).display,
                        "line": a.line,
                        "column": a.column,
                        "message": l.message,
                    })
                })
                .collect();
            json!({
                "code": f.code.name(),
                "severity": f.severity.as_str(),
                "message": f.message,
                "file": file_of(files, f),
                "line": start.map(|s| s.line),
                "column": start.map(|s| s.column),
                "end_line": end.map(|e| e.line),
                "end_column": end.map(|e| e.column),
                "path": f.path,
                "help": f.help,
                "labels": labels,
            })
        })
        .collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let doc = json!({
        "findings": items,
        "errors": errors,
        "warnings": findings.len() - errors,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("invariant: JSON serializes");
    text.push('\n');
    text
}
