use crate::model::format_of;
use crate::spec::ExportFormat;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde_json::Value;
use std::io::BufRead;
use std::path::Path;

/// The columns of an export: a CSV header, or the keys (and dotted paths) of the first
/// JSON record. `Ok(None)` for an export with no record at all.
pub fn columns(
    path: &Path,
    format: Option<ExportFormat>,
    delimiter: u8,
) -> Result<Option<Vec<String>>, String> {
    let Some(reader) = super::open(path).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    match format_of(format, path) {
        ExportFormat::Csv => csv_header(reader, delimiter),
        ExportFormat::Ndjson => ndjson_first(reader),
        ExportFormat::Json => json_first(reader),
    }
}

/// The header as the activity reader sees it (same record reader, same BOM handling).
fn csv_header(reader: impl std::io::Read, delimiter: u8) -> Result<Option<Vec<String>>, String> {
    let mut records = super::csv_records::Records::new(reader, delimiter);
    let Some((_, record)) = records.next_record().map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    (0..record.len())
        .map(|i| {
            let f = record.get(i);
            let f = if i == 0 {
                f.strip_prefix(b"\xef\xbb\xbf").unwrap_or(f)
            } else {
                f
            };
            std::str::from_utf8(f)
                .map(|s| s.trim().to_string())
                .map_err(|_| format!("the header's column {} is not valid UTF-8", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn ndjson_first(reader: impl BufRead) -> Result<Option<Vec<String>>, String> {
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: {e}", i + 1))?;
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        return match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(m)) => Ok(Some(super::flatten_keys(&m))),
            Ok(_) => Err(format!("line {}: a record must be a JSON object", i + 1)),
            Err(e) => Err(format!("line {}: {e}", i + 1)),
        };
    }
    Ok(None)
}

/// Reads only the first element of a top-level JSON array, however large the file.
fn json_first(mut reader: impl BufRead) -> Result<Option<Vec<String>>, String> {
    // Skip a byte-order mark.
    if reader
        .fill_buf()
        .map_err(|e| e.to_string())?
        .starts_with(b"\xef\xbb\xbf")
    {
        reader.consume(3);
    }
    let mut first: Option<Value> = None;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = (&mut de).deserialize_seq(FirstVisitor { out: &mut first });
    match (result, first) {
        (_, Some(Value::Object(m))) => Ok(Some(super::flatten_keys(&m))),
        (_, Some(_)) => Err("the array's first element is not a JSON object".into()),
        (Ok(()), None) => Ok(None),
        (Err(e), None) => Err(format!("expected a JSON array of objects: {e}")),
    }
}

struct FirstVisitor<'a> {
    out: &'a mut Option<Value>,
}

impl<'de> Visitor<'de> for FirstVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        *self.out = seq.next_element_seed(FirstSeed)?;
        // Stop here: the rest of the array is not needed. serde_json reports the unread
        // rest as an error, which the caller ignores once it has the first element.
        Ok(())
    }
}

struct FirstSeed;

impl<'de> DeserializeSeed<'de> for FirstSeed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d)
    }
}
