use crate::model::format_of;
use crate::spec::ExportFormat;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

/// A small export read whole: columns and text cells, with each record's first line.
#[derive(Debug, Default, Clone)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub lines: Vec<u64>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// Reads a small CSV, JSON or NDJSON export into a table (JSON keys flattened to dotted
/// paths; the columns are the union over all records, in order of appearance).
pub fn read_table(
    path: &Path,
    format: Option<ExportFormat>,
    delimiter: u8,
) -> Result<Table, String> {
    let mut bytes = Vec::new();
    if let Some(mut input) = super::open(path).map_err(|e| e.to_string())? {
        input.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    match format_of(format, path) {
        ExportFormat::Csv => read_csv(bytes, delimiter),
        ExportFormat::Json => {
            let value: Value = serde_json::from_slice(bytes)
                .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
            let Value::Array(items) = value else {
                return Err("expected a JSON array of objects".into());
            };
            records_to_table(items.into_iter().map(|v| (0, v)))
        }
        ExportFormat::Ndjson => {
            let text = std::str::from_utf8(bytes).map_err(|e| format!("invalid UTF-8: {e}"))?;
            let mut items = Vec::new();
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let v: Value =
                    serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
                items.push((i as u64 + 1, v));
            }
            records_to_table(items.into_iter())
        }
    }
}

fn read_csv(bytes: &[u8], delimiter: u8) -> Result<Table, String> {
    let mut records = super::csv_records::Records::new(bytes, delimiter);
    let mut table = Table::default();
    let Some((_, header)) = records.next_record().map_err(|e| e.to_string())? else {
        return Ok(table);
    };
    let cell = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
    table.columns = (0..header.len()).map(|i| cell(header.get(i))).collect();
    while let Some((line, record)) = records.next_record().map_err(|e| e.to_string())? {
        table
            .rows
            .push((0..record.len()).map(|i| cell(record.get(i))).collect());
        table.lines.push(line);
    }
    Ok(table)
}

fn records_to_table(items: impl Iterator<Item = (u64, Value)>) -> Result<Table, String> {
    let mut table = Table::default();
    let mut records = Vec::new();
    for (line, item) in items {
        let Value::Object(m) = item else {
            return Err("every record must be a JSON object".into());
        };
        for key in super::flatten_keys(&m) {
            if !table.columns.contains(&key) {
                table.columns.push(key);
            }
        }
        records.push((line, m));
    }
    for (line, m) in records {
        let row = table
            .columns
            .iter()
            .map(|c| {
                super::lookup(&m, c)
                    .map(super::cell_text)
                    .unwrap_or_default()
            })
            .collect();
        table.rows.push(row);
        table.lines.push(line);
    }
    Ok(table)
}
