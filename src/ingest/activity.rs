//! Streams a source's exports once, counting each behavior's matching events per person and
//! period. Memory holds the counters (people × periods), never the rows.

use super::timestamp::TimeReader;
use crate::engine::document::{Skipped, SourceQuality};
use crate::engine::{Counts, PeriodKind};
use crate::model::{self, Condition, Test};
use crate::spec::{ExportFormat, Scalar};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Skip reasons, in the order rows are checked (DESIGN §3, "Data quality").
pub const REASONS: [&str; 4] = ["malformed", "bad_timestamp", "empty_actor", "unknown_actor"];

/// Roster ids (trimmed, lowercased) → roster index.
pub type PeopleIndex = FxHashMap<String, u32>;

/// One behavior's evidence as the reader uses it.
pub struct Evidence<'a> {
    pub events: Vec<&'a str>,
    pub conditions: &'a [Condition],
    /// Indexes into the tally of the counters this evidence feeds (one per period kind).
    pub counters: Vec<usize>,
}

/// What reading a source produced besides the counts.
#[derive(Debug, Default)]
pub struct SourceRead {
    pub quality: SourceQuality,
    /// Local dates of the earliest and latest valid events (any actor).
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

struct Reader<'a> {
    evidences: &'a [Evidence<'a>],
    people: &'a PeopleIndex,
    time: TimeReader,
    as_of: Option<NaiveDate>,
    tally: &'a mut [(PeriodKind, Counts)],
    out: SourceRead,
    lower: String,
}

/// A cell of a row, as the conditions see it.
enum Cell<'a> {
    Missing,
    Text(&'a str),
    Json(&'a Value),
}

/// Reads every file of a source into the tally.
pub fn read_source(
    source: &model::Source,
    evidences: &[Evidence<'_>],
    people: &PeopleIndex,
    workspace_tz: Tz,
    as_of: Option<NaiveDate>,
    tally: &mut [(PeriodKind, Counts)],
) -> Result<SourceRead> {
    let time = TimeReader::new(
        source.timestamp_format.clone(),
        source.timezone.unwrap_or(workspace_tz),
        workspace_tz,
    );
    let mut reader = Reader {
        evidences,
        people,
        time,
        as_of,
        tally,
        out: SourceRead::default(),
        lower: String::new(),
    };
    reader.out.quality.source = source.id.clone();
    for reason in REASONS {
        reader
            .out
            .quality
            .skipped
            .insert(reason.into(), Skipped::default());
    }
    for path in &source.files {
        let shown = crate::files::display_path(path);
        reader.out.quality.files.push(shown.clone());
        let input =
            open(path).with_context(|| format!("reading source `{}`: {shown}", source.id))?;
        let Some(input) = input else { continue };
        let result = match model::format_of(source.format, path) {
            ExportFormat::Csv => reader.csv(input, source),
            ExportFormat::Ndjson => reader.ndjson(input, source),
            ExportFormat::Json => reader.json(input, source),
        };
        result.with_context(|| format!("reading source `{}`: {shown}", source.id))?;
    }
    Ok(reader.out)
}

/// Opens an export, decompressing `.gz`; `None` for an empty file.
fn open(path: &Path) -> Result<Option<Box<dyn BufRead>>> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(None);
    }
    let gz = path.extension().is_some_and(|e| e == "gz");
    Ok(Some(if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, file))
    }))
}

impl Reader<'_> {
    fn skip(&mut self, reason: &str, line: u64) {
        let s = self
            .out
            .quality
            .skipped
            .get_mut(reason)
            .expect("invariant: every reason is pre-registered");
        s.count += 1;
        if s.lines.len() < 5 {
            s.lines.push(line);
        }
    }

    /// Checks one row in the documented order and counts it where it matches.
    fn row<'r>(
        &mut self,
        line: u64,
        timestamp: Option<&str>,
        actor: Option<&str>,
        event: Option<&str>,
        cell: impl Fn(&str) -> Cell<'r>,
    ) {
        let Some(date) = timestamp.and_then(|t| self.time.local_date(t)) else {
            self.skip("bad_timestamp", line);
            return;
        };
        self.out.first = Some(self.out.first.map_or(date, |f| f.min(date)));
        self.out.last = Some(self.out.last.map_or(date, |l| l.max(date)));
        let actor = actor.map(str::trim).unwrap_or("");
        if actor.is_empty() {
            self.skip("empty_actor", line);
            return;
        }
        let person = match self.people.get(actor) {
            Some(p) => *p,
            None => {
                self.lower.clear();
                self.lower
                    .extend(actor.chars().flat_map(char::to_lowercase));
                match self.people.get(self.lower.as_str()) {
                    Some(p) => *p,
                    None => {
                        self.skip("unknown_actor", line);
                        return;
                    }
                }
            }
        } as usize;
        self.out.quality.rows_used += 1;
        if self.as_of.is_some_and(|a| date > a) {
            self.out.quality.after_as_of += 1;
            return;
        }
        let event = event.map(str::trim).unwrap_or("");
        for ev in self.evidences {
            if !ev.events.contains(&event) || !ev.conditions.iter().all(|c| holds(c, &cell)) {
                continue;
            }
            for &k in &ev.counters {
                let (kind, counts) = &mut self.tally[k];
                if let Some(t) = kind.index(date) {
                    counts.add(person, t, 1);
                }
            }
        }
    }

    fn csv(&mut self, input: Box<dyn BufRead>, source: &model::Source) -> Result<()> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(source.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut record = csv::ByteRecord::new();
        if !rdr.read_byte_record(&mut record)? {
            return Ok(());
        }
        let header: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let f = if i == 0 {
                    f.strip_prefix(b"\xef\xbb\xbf").unwrap_or(f)
                } else {
                    f
                };
                String::from_utf8_lossy(f).trim().to_string()
            })
            .collect();
        let col = |name: &str| -> Result<usize> {
            match header.iter().position(|h| h == name) {
                Some(i) => Ok(i),
                None => {
                    let help = crate::diag::did_you_mean(name, &header).unwrap_or_default();
                    bail!(
                        "column `{name}` is not in the header ({}) {help}",
                        header.join(", ")
                    )
                }
            }
        };
        let (ts, actor, event) = (
            col(&source.timestamp)?,
            col(&source.actor)?,
            col(&source.event)?,
        );
        let mut where_cols: Vec<(String, usize)> = Vec::new();
        for ev in self.evidences {
            for c in ev.conditions {
                if !where_cols.iter().any(|(n, _)| *n == c.column)
                    && let Some(i) = header.iter().position(|h| *h == c.column)
                {
                    where_cols.push((c.column.clone(), i));
                }
            }
        }
        let width = header.len();
        loop {
            match rdr.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // A broken quote or invalid data: csv cannot resynchronise past it.
                    let line = e.position().map_or(0, |p| p.line());
                    self.out.quality.rows_read += 1;
                    self.skip("malformed", line);
                    break;
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            self.out.quality.rows_read += 1;
            if record.len() != width {
                self.skip("malformed", line);
                continue;
            }
            let text = |i: usize| std::str::from_utf8(&record[i]).ok();
            let (Some(t), Some(a), Some(e)) = (text(ts), text(actor), text(event)) else {
                self.skip("malformed", line);
                continue;
            };
            let rec = &record;
            let cols = &where_cols;
            self.row(line, Some(t), Some(a), Some(e), |name| {
                match cols.iter().find(|(n, _)| n == name) {
                    Some((_, i)) => std::str::from_utf8(&rec[*i]).map_or(Cell::Missing, Cell::Text),
                    None => Cell::Missing,
                }
            });
        }
        Ok(())
    }

    fn json_record(&mut self, line: u64, value: &Value, source: &model::Source) {
        let Value::Object(map) = value else {
            self.skip("malformed", line);
            return;
        };
        let text = |name: &str| super::lookup(map, name).and_then(scalar_str);
        let ts = text(&source.timestamp);
        let actor = text(&source.actor);
        let event = text(&source.event);
        self.row(
            line,
            ts.as_deref(),
            actor.as_deref(),
            event.as_deref(),
            |name| super::lookup(map, name).map_or(Cell::Missing, Cell::Json),
        );
    }

    fn ndjson(&mut self, mut input: Box<dyn BufRead>, source: &model::Source) -> Result<()> {
        let mut buf = Vec::new();
        let mut line = 0u64;
        loop {
            buf.clear();
            if input.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            line += 1;
            let bytes = if line == 1 {
                buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
            } else {
                &buf
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.out.quality.rows_read += 1;
            match serde_json::from_slice::<Value>(bytes) {
                Ok(v) => self.json_record(line, &v, source),
                Err(_) => self.skip("malformed", line),
            }
        }
        Ok(())
    }

    fn json(&mut self, input: Box<dyn BufRead>, source: &model::Source) -> Result<()> {
        let lines = std::rc::Rc::new(std::cell::Cell::new(1u64));
        let counting = LineCounter {
            inner: input,
            lines: lines.clone(),
            bom_checked: false,
        };
        let mut de = serde_json::Deserializer::from_reader(counting);
        let visitor = ArrayVisitor {
            reader: self,
            source,
            lines,
        };
        serde::Deserializer::deserialize_seq(&mut de, visitor)
            .map_err(|e| anyhow::anyhow!("line {}, column {}: {e}", e.line(), e.column()))?;
        de.end()
            .map_err(|e| anyhow::anyhow!("line {}, column {}: {e}", e.line(), e.column()))?;
        Ok(())
    }
}

/// Counts newlines as serde_json consumes them, so each record knows its line.
struct LineCounter {
    inner: Box<dyn BufRead>,
    lines: std::rc::Rc<std::cell::Cell<u64>>,
    bom_checked: bool,
}

impl Read for LineCounter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.bom_checked {
            self.bom_checked = true;
            if self.inner.fill_buf()?.starts_with(b"\xef\xbb\xbf") {
                self.inner.consume(3);
            }
        }
        // One byte at a time keeps the count exact at every record boundary; serde_json
        // reads through its own small buffer, and `inner` is buffered.
        let len = buf.len().min(1);
        let n = self.inner.read(&mut buf[..len])?;
        if n == 1 && buf[0] == b'\n' {
            self.lines.set(self.lines.get() + 1);
        }
        Ok(n)
    }
}

struct ArrayVisitor<'r, 'a> {
    reader: &'r mut Reader<'a>,
    source: &'r model::Source,
    lines: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<'de> serde::de::Visitor<'de> for ArrayVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array of objects")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let line = self.lines.get();
            match seq.next_element::<Value>()? {
                Some(v) => {
                    self.reader.out.quality.rows_read += 1;
                    self.reader.json_record(line, &v, self.source);
                }
                None => return Ok(()),
            }
        }
    }
}

fn scalar_str(v: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match v {
        Value::String(s) => Some(std::borrow::Cow::Borrowed(s)),
        Value::Number(n) => Some(std::borrow::Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(std::borrow::Cow::Owned(b.to_string())),
        _ => None,
    }
}

/// Whether a `where` condition holds for a row (DESIGN §3, "Count").
fn holds<'r>(c: &Condition, cell: &impl Fn(&str) -> Cell<'r>) -> bool {
    let value = cell(&c.column);
    match &c.test {
        Test::Equals(s) => equals(&value, s),
        Test::OneOf(list) => list.iter().any(|s| equals(&value, s)),
        Test::Compare(cmp) => {
            if let Some(want) = cmp.exists {
                let present = match &value {
                    Cell::Missing => false,
                    Cell::Text(t) => !t.trim().is_empty(),
                    Cell::Json(v) => {
                        !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty())
                    }
                };
                if present != want {
                    return false;
                }
                if matches!(value, Cell::Missing) {
                    return true;
                }
            }
            if matches!(value, Cell::Missing) {
                return false;
            }
            let numeric = [cmp.gt, cmp.gte, cmp.lt, cmp.lte];
            if numeric.iter().any(Option::is_some) {
                let Some(x) = number(&value) else {
                    return false;
                };
                let ok = cmp.gt.is_none_or(|v| x > v)
                    && cmp.gte.is_none_or(|v| x >= v)
                    && cmp.lt.is_none_or(|v| x < v)
                    && cmp.lte.is_none_or(|v| x <= v);
                if !ok {
                    return false;
                }
            }
            if let Some(ne) = &cmp.ne
                && equals(&value, ne)
            {
                return false;
            }
            if let Some(re) = &cmp.matches {
                let text = match &value {
                    Cell::Text(t) => std::borrow::Cow::Borrowed(*t),
                    Cell::Json(v) => scalar_str(v).unwrap_or_default(),
                    Cell::Missing => return false,
                };
                if !re.is_match(&text) {
                    return false;
                }
            }
            true
        }
    }
}

fn number(value: &Cell<'_>) -> Option<f64> {
    match value {
        Cell::Text(t) => t.trim().parse().ok(),
        Cell::Json(Value::Number(n)) => n.as_f64(),
        Cell::Json(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

fn equals(value: &Cell<'_>, want: &Scalar) -> bool {
    match want {
        Scalar::Number(n) => match (number(value), n.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
        Scalar::Bool(b) => match value {
            Cell::Json(Value::Bool(v)) => v == b,
            Cell::Text(t) => t
                .trim()
                .eq_ignore_ascii_case(if *b { "true" } else { "false" }),
            Cell::Json(Value::String(t)) => {
                t.trim()
                    .eq_ignore_ascii_case(if *b { "true" } else { "false" })
            }
            _ => false,
        },
        Scalar::Text(s) => match value {
            Cell::Text(t) => t.trim() == s.trim(),
            Cell::Json(v) => scalar_str(v).is_some_and(|t| t.trim() == s.trim()),
            Cell::Missing => false,
        },
    }
}
