//! Streams a source's exports once, counting each behavior's matching events per person and
//! period. Memory holds the counters (people × periods), never the rows.

use super::csv_records::Records;
use super::sparse_json::Sparse;
use super::timestamp::TimeReader;
use crate::engine::document::{Skipped, SourceQuality};
use crate::engine::{Counts, PeriodKind};
use crate::model::{self, Condition, Test};
use crate::spec::{ExportFormat, Scalar};
use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Skip reasons, in the order rows are checked (DESIGN §3, "Data quality").
pub const REASONS: [&str; 4] = ["malformed", "bad_timestamp", "empty_actor", "unknown_actor"];

pub use super::keys::{KeyIndex, PeopleIndex};

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

/// What every reader of a source shares: the evidences, and lookups resolved once.
struct Plan<'a> {
    evidences: &'a [Evidence<'a>],
    people: &'a PeopleIndex,
    /// Trimmed event name → its entry in `matching`.
    events: KeyIndex,
    /// Per event name: the indexes of the evidences that count it.
    matching: Vec<Vec<usize>>,
    as_of_day: Option<i64>,
    source: &'a model::Source,
    workspace_tz: Tz,
    /// Empty counters with the tally's people, cloned by each reader.
    template: Vec<(PeriodKind, Counts)>,
    /// Bytes read, shown on stderr for large exports when it is a terminal.
    progress: Option<indicatif::ProgressBar>,
    /// The top-level keys a JSON record is read for.
    wanted: super::sparse_json::Wanted,
}

/// One reader's state: a thread reading part of a file has its own.
struct Reader<'a> {
    plan: &'a Plan<'a>,
    time: TimeReader,
    tally: Vec<(PeriodKind, Counts)>,
    out: SourceRead,
    first_day: Option<i64>,
    last_day: Option<i64>,
    lower: Vec<u8>,
    /// Added to the line numbers this reader records (its part's first line − 1).
    line_offset: u64,
}

/// Column positions of a CSV export, resolved from its header.
#[derive(Clone)]
struct CsvColumns {
    width: usize,
    ts: usize,
    actor: usize,
    event: usize,
    /// Per evidence, per condition: the column, if the header has it.
    conditions: Vec<Vec<Option<usize>>>,
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
    let mut events = KeyIndex::default();
    let mut matching: Vec<Vec<usize>> = Vec::new();
    for (i, ev) in evidences.iter().enumerate() {
        for name in &ev.events {
            let name = name.trim().as_bytes();
            let entry = match events.get(name) {
                Some(e) => e as usize,
                None => {
                    matching.push(Vec::new());
                    events.insert(name) as usize
                }
            };
            if !matching[entry].contains(&i) {
                matching[entry].push(i);
            }
        }
    }
    let plan = Plan {
        evidences,
        people,
        events,
        matching,
        as_of_day: as_of.map(|d| i64::from(d.num_days_from_ce())),
        source,
        workspace_tz,
        template: tally.iter().map(|(k, c)| (*k, c.empty_like())).collect(),
        progress: progress_bar(source),
        wanted: super::sparse_json::Wanted::new(
            [&source.timestamp, &source.actor, &source.event]
                .into_iter()
                .chain(
                    evidences
                        .iter()
                        .flat_map(|e| e.conditions.iter().map(|c| &c.column)),
                )
                .map(String::as_str),
        ),
    };
    let mut reader = Reader::new(&plan, 0);
    let mut files = Vec::new();
    for path in &source.files {
        let shown = crate::files::display_path(path);
        files.push(shown.clone());
        let context = || format!("reading source `{}`: {shown}", source.id);
        let format = model::format_of(source.format, path);
        if matches!(format, ExportFormat::Csv | ExportFormat::Ndjson) && !is_gz(path) {
            let size = std::fs::metadata(path).with_context(context)?.len();
            if size >= parallel_bytes() {
                let part = match format {
                    ExportFormat::Csv => parallel_csv(&plan, path),
                    _ => parallel_ndjson(&plan, path),
                };
                reader.absorb(part.with_context(context)?);
                continue;
            }
        }
        let Some(input) =
            super::open_counted(path, plan.progress.as_ref()).with_context(context)?
        else {
            continue;
        };
        let result = match format {
            ExportFormat::Csv => reader.csv(input),
            ExportFormat::Ndjson => reader.ndjson(input),
            ExportFormat::Json => reader.json(input),
        };
        result.with_context(context)?;
    }
    reader.out.quality.files = files;
    if let Some(bar) = &plan.progress {
        bar.finish_and_clear();
    }
    for ((_, mine), (_, read)) in tally.iter_mut().zip(&reader.tally) {
        mine.merge(read);
    }
    let day = |d: i64| NaiveDate::from_num_days_from_ce_opt(d as i32);
    reader.out.first = reader.first_day.and_then(day);
    reader.out.last = reader.last_day.and_then(day);
    Ok(reader.out)
}

/// A bar for a source whose files add up to 64 MiB or more, when stderr is a terminal.
fn progress_bar(source: &model::Source) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let total: u64 = source
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    if total < 64 << 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    let style = indicatif::ProgressStyle::with_template(
        "{prefix} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_prefix(format!("reading {}", source.id));
    Some(bar)
}

/// CSV files at least this large are read by two threads (8 MiB; tests lower it through
/// `PRAXIS_PARALLEL_BYTES` to cover the split on small files).
fn parallel_bytes() -> u64 {
    std::env::var("PRAXIS_PARALLEL_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8 << 20)
}

fn is_gz(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

impl<'a> Reader<'a> {
    fn new(plan: &'a Plan<'a>, line_offset: u64) -> Self {
        let source = plan.source;
        let mut out = SourceRead::default();
        out.quality.source = source.id.clone();
        for reason in REASONS {
            out.quality
                .skipped
                .insert(reason.into(), Skipped::default());
        }
        Reader {
            plan,
            time: TimeReader::new(
                source.timestamp_format.clone(),
                source.timezone.unwrap_or(plan.workspace_tz),
                plan.workspace_tz,
            ),
            tally: plan.template.clone(),
            out,
            first_day: None,
            last_day: None,
            lower: Vec::new(),
            line_offset,
        }
    }

    fn skip(&mut self, reason: &str, line: u64) {
        let s = self
            .out
            .quality
            .skipped
            .get_mut(reason)
            .expect("invariant: every reason is pre-registered");
        s.count += 1;
        if s.lines.len() < 5 {
            s.lines.push(line + self.line_offset);
        }
    }

    /// Adds what another reader (of a later part, or another file) found.
    fn absorb(&mut self, other: Reader<'_>) {
        let q = &mut self.out.quality;
        q.rows_read += other.out.quality.rows_read;
        q.rows_used += other.out.quality.rows_used;
        q.after_as_of += other.out.quality.after_as_of;
        for (reason, s) in other.out.quality.skipped {
            let mine = q.skipped.entry(reason).or_default();
            mine.count += s.count;
            mine.lines.extend(s.lines);
            mine.lines.sort_unstable();
            mine.lines.truncate(5);
        }
        self.first_day = match (self.first_day, other.first_day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last_day = self.last_day.max(other.last_day);
        for ((_, mine), (_, theirs)) in self.tally.iter_mut().zip(&other.tally) {
            mine.merge(theirs);
        }
    }

    /// The person an actor cell names, or the skip reason.
    #[inline]
    fn person(&mut self, actor: &[u8]) -> Result<usize, &'static str> {
        let actor = actor.trim_ascii();
        if actor.is_empty() {
            return Err("empty_actor");
        }
        if let Some(p) = self.plan.people.get(actor) {
            return Ok(p as usize);
        }
        if actor.is_ascii() && !actor.iter().any(u8::is_ascii_uppercase) {
            return Err("unknown_actor");
        }
        self.lower.clear();
        match std::str::from_utf8(actor) {
            Ok(text) => self.lower.extend(text.to_lowercase().bytes()),
            Err(_) => return Err("unknown_actor"),
        }
        self.plan
            .people
            .get(self.lower.as_slice())
            .map(|p| p as usize)
            .ok_or("unknown_actor")
    }

    /// Checks one row in the documented order and counts it where it matches.
    #[inline]
    fn row(
        &mut self,
        line: u64,
        day: Option<i64>,
        actor: &[u8],
        event: &[u8],
        holds: impl Fn(usize, usize, &Condition) -> bool,
    ) {
        let Some(day) = day else {
            self.skip("bad_timestamp", line);
            return;
        };
        if self.first_day.is_none_or(|f| day < f) {
            self.first_day = Some(day);
        }
        if self.last_day.is_none_or(|l| day > l) {
            self.last_day = Some(day);
        }
        let person = match self.person(actor) {
            Ok(p) => p,
            Err(reason) => {
                self.skip(reason, line);
                return;
            }
        };
        self.out.quality.rows_used += 1;
        if self.plan.as_of_day.is_some_and(|a| day > a) {
            self.out.quality.after_as_of += 1;
            return;
        }
        let Some(entry) = self.plan.events.get(event.trim_ascii()) else {
            return;
        };
        for &e in &self.plan.matching[entry as usize] {
            let ev = &self.plan.evidences[e];
            if !ev
                .conditions
                .iter()
                .enumerate()
                .all(|(ci, c)| holds(e, ci, c))
            {
                continue;
            }
            for &k in &ev.counters {
                let (kind, counts) = &mut self.tally[k];
                if counts.counts(person)
                    && let Some(t) = kind.index_of_day(day)
                {
                    counts.add(person, t, 1);
                }
            }
        }
    }

    /// Reads a whole CSV export (header first); `input` advances the progress bar itself.
    fn csv(&mut self, input: Box<dyn BufRead>) -> Result<()> {
        let mut records = Records::new(input, self.plan.source.delimiter);
        let Some(cols) = csv_header(self.plan, &mut records)? else {
            return Ok(());
        };
        self.csv_records(&mut records, &cols, 0)?;
        Ok(())
    }

    /// Reads CSV records to the end; `base_line` is added to the stream's line numbers.
    fn csv_records<R: Read>(
        &mut self,
        records: &mut Records<R>,
        cols: &CsvColumns,
        base_line: u64,
    ) -> Result<()> {
        while let Some((line, record)) = records.next_record()? {
            let line = line + base_line;
            self.out.quality.rows_read += 1;
            if record.len() != cols.width {
                self.skip("malformed", line);
                continue;
            }
            let (ts, actor, event) = (
                record.get(cols.ts),
                record.get(cols.actor),
                record.get(cols.event),
            );
            if !(text_ok(ts) && text_ok(actor) && text_ok(event)) {
                self.skip("malformed", line);
                continue;
            }
            let day = self.time.local_day(ts);
            let rec = &record;
            self.row(line, day, actor, event, |e, ci, c| {
                let cell = cols.conditions[e][ci]
                    .and_then(|i| std::str::from_utf8(rec.get(i)).ok())
                    .map_or(Cell::Missing, Cell::Text);
                holds(c, cell)
            });
        }
        Ok(())
    }

    /// One JSON record (`None`: not an object).
    fn json_record(&mut self, line: u64, record: Option<&Map<String, Value>>) {
        let Some(map) = record else {
            self.skip("malformed", line);
            return;
        };
        let source = self.plan.source;
        let text = |name: &str| super::lookup(map, name).and_then(scalar_str);
        let ts = text(&source.timestamp);
        let actor = text(&source.actor);
        let event = text(&source.event);
        let day = ts.and_then(|t| self.time.local_day(t.as_bytes()));
        self.row(
            line,
            day,
            actor.as_deref().unwrap_or("").as_bytes(),
            event.as_deref().unwrap_or("").as_bytes(),
            |_, _, c| {
                holds(
                    c,
                    super::lookup(map, &c.column).map_or(Cell::Missing, Cell::Json),
                )
            },
        );
    }

    fn ndjson(&mut self, input: impl BufRead) -> Result<()> {
        self.ndjson_lines(input, true).map(|_| ())
    }

    /// Reads NDJSON lines to the end; `at_start` when the input starts the file (where a
    /// byte-order mark may be). Gives the number of lines read.
    fn ndjson_lines(&mut self, mut input: impl BufRead, at_start: bool) -> Result<u64> {
        let mut buf = Vec::new();
        let mut line = 0u64;
        loop {
            buf.clear();
            if input.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            line += 1;
            let bytes = if line == 1 && at_start {
                buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
            } else {
                &buf
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.out.quality.rows_read += 1;
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let record = Sparse(&self.plan.wanted)
                .deserialize(&mut de)
                .and_then(|r| de.end().map(|()| r));
            match record {
                Ok(r) => self.json_record(line, r.as_ref()),
                Err(_) => self.skip("malformed", line),
            }
        }
        Ok(line)
    }

    fn json(&mut self, input: Box<dyn BufRead>) -> Result<()> {
        let lines = std::rc::Rc::new(std::cell::Cell::new(1u64));
        let counting = LineCounter {
            inner: input,
            lines: lines.clone(),
            bom_checked: false,
        };
        let mut de = serde_json::Deserializer::from_reader(counting);
        let visitor = ArrayVisitor {
            reader: self,
            lines,
        };
        serde::Deserializer::deserialize_seq(&mut de, visitor)
            .map_err(|e| anyhow::anyhow!("line {}, column {}: {e}", e.line(), e.column()))?;
        de.end()
            .map_err(|e| anyhow::anyhow!("line {}, column {}: {e}", e.line(), e.column()))?;
        Ok(())
    }
}

/// UTF-8 text: the ASCII check is the fast path.
#[inline]
fn text_ok(b: &[u8]) -> bool {
    b.is_ascii() || std::str::from_utf8(b).is_ok()
}

/// Reads the header record and resolves the columns; `None` for an empty file.
fn csv_header<R: Read>(plan: &Plan<'_>, records: &mut Records<R>) -> Result<Option<CsvColumns>> {
    let Some((_, record)) = records.next_record()? else {
        return Ok(None);
    };
    let header: Vec<String> = (0..record.len())
        .map(|i| {
            let f = record.get(i);
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
    let source = plan.source;
    Ok(Some(CsvColumns {
        width: header.len(),
        ts: col(&source.timestamp)?,
        actor: col(&source.actor)?,
        event: col(&source.event)?,
        conditions: plan
            .evidences
            .iter()
            .map(|ev| {
                ev.conditions
                    .iter()
                    .map(|c| header.iter().position(|h| *h == c.column))
                    .collect()
            })
            .collect(),
    }))
}

/// Reads a large CSV file with two threads: the file is cut at the first line break after
/// its middle. That cut is only right if it is not inside a quoted field, which holds
/// exactly when the first part has an even number of quotes; otherwise the file is read
/// again by one thread.
fn parallel_csv<'a>(plan: &'a Plan<'a>, path: &Path) -> Result<Reader<'a>> {
    use std::io::{Seek, SeekFrom};
    let size = std::fs::metadata(path)?.len();
    // The header, read on its own, says where the records start.
    let mut head = BufReader::new(std::fs::File::open(path)?);
    let mut header_lines = 0u64;
    let (cols, header_bytes) = {
        let mut buf = Vec::new();
        loop {
            let n = head.read_until(b'\n', &mut buf)?;
            if n == 0 {
                break;
            }
            header_lines += 1;
            // A header with quoted line breaks continues until its quotes balance.
            if memchr::memchr_iter(b'"', &buf).count().is_multiple_of(2)
                && !buf.trim_ascii().is_empty()
            {
                break;
            }
        }
        let header_bytes = buf.len() as u64;
        let mut records = Records::new(buf.as_slice(), plan.source.delimiter);
        (csv_header(plan, &mut records)?, header_bytes)
    };
    let Some(cols) = cols else {
        return Ok(Reader::new(plan, 0));
    };
    let body = header_bytes;
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start((body + size) / 2))?;
    let mut skipped = Vec::new();
    BufReader::new(&mut file).read_until(b'\n', &mut skipped)?;
    let cut = ((body + size) / 2 + skipped.len() as u64).min(size);
    let part = |from: u64, to: u64| -> Result<Records<std::io::Take<std::fs::File>>> {
        let mut f = std::fs::File::open(path)?;
        f.seek(SeekFrom::Start(from))?;
        Ok(Records::new(f.take(to - from), plan.source.delimiter)
            .with_progress(plan.progress.clone()))
    };
    let mut a = part(body, cut)?;
    let mut b = part(cut, size)?;
    let (first, second) = std::thread::scope(|scope| -> Result<_> {
        let cols_b = cols.clone();
        let handle = scope.spawn(move || -> Result<_> {
            let mut r = Reader::new(plan, 0);
            r.csv_records(&mut b, &cols_b, 0)?;
            Ok(r)
        });
        let mut r = Reader::new(plan, 0);
        let first = r.csv_records(&mut a, &cols, header_lines).map(|()| r);
        let second = handle
            .join()
            .map_err(|_| anyhow::anyhow!("a reader thread panicked"))?;
        Ok((first?, second?))
    })?;
    if a.quotes % 2 == 1 {
        // The cut fell inside a quoted field: read the file in one piece.
        let mut whole = Reader::new(plan, 0);
        let mut records = Records::new(
            BufReader::new(std::fs::File::open(path)?),
            plan.source.delimiter,
        );
        csv_header(plan, &mut records)?;
        whole.csv_records(&mut records, &cols, 0)?;
        return Ok(whole);
    }
    let (mut reader, mut second) = (first, second);
    // The second part's lines count from its own start.
    let offset = header_lines + a.lines();
    for s in second.out.quality.skipped.values_mut() {
        for l in &mut s.lines {
            *l += offset;
        }
    }
    reader.absorb(second);
    Ok(reader)
}

/// Reads a large NDJSON file with two threads, cut at the first line break after its
/// middle: JSON strings cannot hold a raw line break, so every line break ends a record.
fn parallel_ndjson<'a>(plan: &'a Plan<'a>, path: &Path) -> Result<Reader<'a>> {
    use std::io::{Seek, SeekFrom};
    let size = std::fs::metadata(path)?.len();
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(size / 2))?;
    let mut skipped = Vec::new();
    BufReader::new(&mut file).read_until(b'\n', &mut skipped)?;
    let cut = (size / 2 + skipped.len() as u64).min(size);
    let part = |from: u64, to: u64| -> Result<BufReader<Box<dyn Read + Send>>> {
        let mut f = std::fs::File::open(path)?;
        f.seek(SeekFrom::Start(from))?;
        let part: Box<dyn Read + Send> = match &plan.progress {
            Some(bar) => Box::new(bar.wrap_read(f.take(to - from))),
            None => Box::new(f.take(to - from)),
        };
        Ok(BufReader::with_capacity(1 << 16, part))
    };
    let (a, b) = (part(0, cut)?, part(cut, size)?);
    let ((mut first, lines), mut second) = std::thread::scope(|scope| -> Result<_> {
        let handle = scope.spawn(move || -> Result<_> {
            let mut r = Reader::new(plan, 0);
            r.ndjson_lines(b, false)?;
            Ok(r)
        });
        let mut r = Reader::new(plan, 0);
        let first = r.ndjson_lines(a, true).map(|lines| (r, lines));
        let second = handle
            .join()
            .map_err(|_| anyhow::anyhow!("a reader thread panicked"))?;
        Ok((first?, second?))
    })?;
    // The second part's lines count from its own start.
    for s in second.out.quality.skipped.values_mut() {
        for l in &mut s.lines {
            *l += lines;
        }
    }
    first.absorb(second);
    Ok(first)
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
            match seq.next_element_seed(Sparse(&self.reader.plan.wanted))? {
                Some(record) => {
                    self.reader.out.quality.rows_read += 1;
                    self.reader.json_record(line, record.as_ref());
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
fn holds(c: &Condition, value: Cell<'_>) -> bool {
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
