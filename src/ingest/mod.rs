//! Reading exports. `header` reads just enough of a file to know its columns; `table`
//! reads a small export (roster, check-ins) whole.

pub mod activity;
mod csv_records;
mod header;
pub mod keys;
mod sparse_json;
mod table;
pub mod timestamp;

pub use header::columns;
pub use table::{Table, read_table};

use serde_json::{Map, Value};
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Opens an export for reading, decompressing `.gz`; `None` for an empty file. Every
/// reader (headers, tables, activity) goes through here, so they agree on what a file is.
pub fn open(path: &Path) -> std::io::Result<Option<Box<dyn BufRead>>> {
    open_counted(path, None)
}

/// [`open`], advancing `progress` by the bytes read from the file (compressed bytes for a
/// `.gz`, so the bar ends at the files' total size).
pub fn open_counted(
    path: &Path,
    progress: Option<&indicatif::ProgressBar>,
) -> std::io::Result<Option<Box<dyn BufRead>>> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(None);
    }
    let raw: Box<dyn std::io::Read> = match progress {
        Some(bar) => Box::new(bar.wrap_read(file)),
        None => Box::new(file),
    };
    let gz = path.extension().is_some_and(|e| e == "gz");
    Ok(Some(if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, raw))
    }))
}

/// Every key of a JSON record, plus the dotted paths into nested objects (`author.email`).
pub fn flatten_keys(record: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    walk(record, "", &mut out);
    out
}

fn walk(obj: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in obj {
        let key = format!("{prefix}{k}");
        if let Value::Object(inner) = v {
            walk(inner, &format!("{key}."), out);
        }
        out.push(key);
    }
}

/// A record's value at a column: the whole key first, then a dotted path.
pub fn lookup<'a>(record: &'a Map<String, Value>, column: &str) -> Option<&'a Value> {
    if let Some(v) = record.get(column) {
        return Some(v);
    }
    let mut parts = column.split('.');
    let mut current = record.get(parts.next()?)?;
    for part in parts {
        current = current.as_object()?.get(part)?;
    }
    Some(current)
}

/// A JSON value as cell text (`null` is empty).
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
