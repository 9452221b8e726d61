//! CSV records from a byte stream, fast for the common case and exact for the rest.
//!
//! Lines without a double quote are split in blocks: one pass over the buffer finds every
//! delimiter and line break 64 bytes at a time (a bit mask per chunk, SSE2 on x86_64), so a
//! field costs a few instructions instead of a search restarted per field. A line with a quote starts a quoted record: lines are gathered until the quotes
//! balance and the record is parsed by the `csv` crate, so quoting, escaped quotes and line
//! breaks inside fields follow the crate's rules exactly. Empty lines are skipped, a `\r`
//! before the line break is dropped, as the crate does.

use std::io::Read;

/// One record's fields.
pub enum Record<'a> {
    Plain {
        line: &'a [u8],
        fields: &'a [(usize, usize)],
    },
    Quoted(&'a csv::ByteRecord),
}

impl Record<'_> {
    pub fn len(&self) -> usize {
        match self {
            Record::Plain { fields, .. } => fields.len(),
            Record::Quoted(r) => r.len(),
        }
    }

    #[inline]
    pub fn get(&self, i: usize) -> &[u8] {
        match self {
            Record::Plain { line, fields } => {
                let (a, b) = fields[i];
                &line[a..b]
            }
            Record::Quoted(r) => &r[i],
        }
    }
}

/// Rows split per pass over the buffer: enough to amortize the search's setup, few enough
/// that their field table stays in L1.
const BLOCK_ROWS: usize = 256;

pub struct Records<R> {
    input: R,
    delimiter: u8,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    /// The last line break in `buf[..len]`: a whole line starts at `pos` when `pos` is
    /// before it (one `memrchr` per refill instead of a search per line).
    last_newline: Option<usize>,
    /// Lines consumed so far; the next record starts on line `lines + 1` (plus the base).
    lines: u64,
    /// Double quotes seen (for the two-thread split's parity check).
    pub quotes: u64,
    fields: Vec<(usize, usize)>,
    /// The current block: each row's line, first field in `block` and field count.
    rows: Vec<(u64, u32, u32)>,
    row_at: usize,
    /// Field ranges (offsets in `buf`) of the block's rows.
    block: Vec<(usize, usize)>,
    joined: Vec<u8>,
    quoted: csv::ByteRecord,
    progress: Option<indicatif::ProgressBar>,
}

impl<R: Read> Records<R> {
    pub fn new(input: R, delimiter: u8) -> Self {
        Records {
            input,
            delimiter,
            // Small enough to stay in L2 next to the lookup tables.
            buf: vec![0; 256 << 10],
            pos: 0,
            len: 0,
            eof: false,
            last_newline: None,
            lines: 0,
            quotes: 0,
            fields: Vec::new(),
            rows: Vec::with_capacity(BLOCK_ROWS),
            row_at: 0,
            block: Vec::new(),
            joined: Vec::new(),
            quoted: csv::ByteRecord::new(),
            progress: None,
        }
    }

    /// Reports the bytes read to a progress bar.
    pub fn with_progress(mut self, bar: Option<indicatif::ProgressBar>) -> Self {
        self.progress = bar;
        self
    }

    /// Lines consumed so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// The next raw line (without its line break), or `None` at the end.
    fn next_line(&mut self) -> std::io::Result<Option<(usize, usize)>> {
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[self.pos..self.len]) {
                let start = self.pos;
                self.pos += i + 1;
                self.lines += 1;
                return Ok(Some((start, start + i)));
            }
            if self.eof {
                if self.pos < self.len {
                    let start = self.pos;
                    self.pos = self.len;
                    self.lines += 1;
                    return Ok(Some((start, self.len)));
                }
                return Ok(None);
            }
            self.refill()?;
        }
    }

    /// Keeps the partial line at `pos`, makes room, and reads more input.
    fn refill(&mut self) -> std::io::Result<()> {
        self.buf.copy_within(self.pos..self.len, 0);
        self.len -= self.pos;
        self.pos = 0;
        if self.len == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = self.input.read(&mut self.buf[self.len..])?;
        if n == 0 {
            self.eof = true;
        }
        self.len += n;
        self.last_newline = memchr::memrchr(b'\n', &self.buf[..self.len]);
        if let Some(bar) = &self.progress {
            bar.inc(n as u64);
        }
        Ok(())
    }

    /// The next record and the line it starts on (1-based, within this stream).
    #[inline]
    pub fn next_record(&mut self) -> std::io::Result<Option<(u64, Record<'_>)>> {
        loop {
            if let Some(&(line, first, n)) = self.rows.get(self.row_at) {
                self.row_at += 1;
                let fields = &self.block[first as usize..(first + n) as usize];
                return Ok(Some((
                    line,
                    Record::Plain {
                        line: &self.buf,
                        fields,
                    },
                )));
            }
            if !self.fill_line()? {
                return Ok(None);
            }
            if !self.split_block() {
                // The line at `pos` has a quote.
                return self.slow_record();
            }
        }
    }

    /// Splits the whole lines at `pos` into `rows` (at most `BLOCK_ROWS`) in one pass over
    /// the buffer, stopping before a line with a double quote; `false` when the line at
    /// `pos` itself has one. Blank lines are counted and skipped.
    fn split_block(&mut self) -> bool {
        self.rows.clear();
        self.block.clear();
        self.row_at = 0;
        let a = self.pos;
        let end = match self.last_newline {
            Some(n) if n >= a => n + 1,
            _ => self.len,
        };
        let buf = &self.buf[..end];
        let (rows, fields) = (&mut self.rows, &mut self.block);
        let mut lines = self.lines;
        // Ends the line whose last field starts at `start` and whose break is at `brk`.
        let end_line = |brk: usize,
                        start: usize,
                        first: usize,
                        lines: &mut u64,
                        fields: &mut Vec<(usize, usize)>,
                        rows: &mut Vec<(u64, u32, u32)>| {
            *lines += 1;
            let mut b = brk;
            if b > start && buf[b - 1] == b'\r' {
                b -= 1;
            }
            if fields.len() == first && b == start {
                return; // a blank line
            }
            fields.push((start, b));
            rows.push((*lines, first as u32, (fields.len() - first) as u32));
        };
        let mut line_start = a;
        let mut field_start = a;
        let mut first = 0usize;
        let mut stopped = false;
        for i in Specials::new(&buf[a..end], self.delimiter) {
            let i = a + i;
            match buf[i] {
                b'\n' => {
                    end_line(i, field_start, first, &mut lines, fields, rows);
                    line_start = i + 1;
                    field_start = i + 1;
                    first = fields.len();
                    if rows.len() >= BLOCK_ROWS {
                        stopped = true;
                        break;
                    }
                }
                b'"' => {
                    fields.truncate(first);
                    stopped = true;
                    break;
                }
                _ => {
                    fields.push((field_start, i));
                    field_start = i + 1;
                }
            }
        }
        // The rest of the input after its last line break, when it has no quote.
        if !stopped && line_start < end {
            end_line(end, field_start, first, &mut lines, fields, rows);
            line_start = end;
        }
        self.lines = lines;
        self.pos = line_start;
        line_start > a
    }

    /// The record at `pos` read line by line: the way for a record with quotes.
    fn slow_record(&mut self) -> std::io::Result<Option<(u64, Record<'_>)>> {
        loop {
            // One pass over the line for delimiters, quotes and its end.
            if !self.fill_line()? {
                return Ok(None);
            }
            let a = self.pos;
            self.fields.clear();
            let mut start = a;
            let mut quoted = false;
            let mut end = self.len;
            let mut has_newline = false;
            for i in memchr::memchr3_iter(self.delimiter, b'"', b'\n', &self.buf[a..self.len]) {
                let i = a + i;
                match self.buf[i] {
                    b'\n' => {
                        end = i;
                        has_newline = true;
                        break;
                    }
                    b'"' => {
                        quoted = true;
                        end = memchr::memchr(b'\n', &self.buf[i..self.len])
                            .map_or(self.len, |j| i + j);
                        has_newline = end < self.len;
                        break;
                    }
                    _ => {
                        self.fields.push((start - a, i - a));
                        start = i + 1;
                    }
                }
            }
            self.pos = if has_newline { end + 1 } else { self.len };
            self.lines += 1;
            let line_no = self.lines;
            let mut b = end;
            if b > a && self.buf[b - 1] == b'\r' {
                b -= 1;
            }
            if a == b {
                continue;
            }
            if !quoted {
                self.fields.push((start - a, b - a));
                let line = &self.buf[a..b];
                return Ok(Some((
                    line_no,
                    Record::Plain {
                        line,
                        fields: &self.fields,
                    },
                )));
            }
            let quotes = memchr::memchr_iter(b'"', &self.buf[a..b]).count() as u64;
            self.quotes += quotes;
            self.joined.clear();
            self.joined.extend_from_slice(&self.buf[a..b]);
            let mut open = quotes % 2 == 1;
            while open {
                let Some((c, d)) = self.next_line()? else {
                    break;
                };
                let q = memchr::memchr_iter(b'"', &self.buf[c..d]).count() as u64;
                self.quotes += q;
                self.joined.push(b'\n');
                self.joined.extend_from_slice(&self.buf[c..d]);
                open ^= q % 2 == 1;
            }
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(self.delimiter)
                .from_reader(self.joined.as_slice());
            if !rdr.read_byte_record(&mut self.quoted).unwrap_or(false) {
                continue;
            }
            return Ok(Some((line_no, Record::Quoted(&self.quoted))));
        }
    }

    /// Makes sure the buffer holds a whole line at `pos` (or the rest of the input);
    /// `false` at the end.
    fn fill_line(&mut self) -> std::io::Result<bool> {
        loop {
            if self.pos < self.len && (self.eof || self.last_newline.is_some_and(|l| l >= self.pos))
            {
                return Ok(true);
            }
            if self.eof {
                return Ok(false);
            }
            self.refill()?;
        }
    }
}

/// Positions of the delimiters, double quotes and line breaks of a byte slice, found 64
/// bytes at a time as a bit mask (one pass; `memchr3` restarts its search at every field).
struct Specials<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    /// Offset of the chunk `bits` describes.
    base: usize,
    bits: u64,
}

impl<'a> Specials<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        let mut s = Specials {
            bytes,
            delimiter,
            base: 0,
            bits: 0,
        };
        s.bits = s.chunk_bits(0);
        s
    }

    /// The mask of the 64 bytes at `base` (fewer at the end).
    #[inline]
    fn chunk_bits(&self, base: usize) -> u64 {
        let rest = &self.bytes[base.min(self.bytes.len())..];
        if let Some(chunk) = rest.first_chunk::<64>() {
            special_bits(chunk, self.delimiter)
        } else {
            let mut padded = [0u8; 64];
            padded[..rest.len()].copy_from_slice(rest);
            let valid = if rest.is_empty() {
                0
            } else {
                u64::MAX >> (64 - rest.len())
            };
            special_bits(&padded, self.delimiter) & valid
        }
    }
}

impl Iterator for Specials<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            self.base += 64;
            if self.base >= self.bytes.len() {
                return None;
            }
            self.bits = self.chunk_bits(self.base);
        }
        let i = self.base + self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(i)
    }
}

/// Bit `i` is set when `chunk[i]` is the delimiter, a double quote or a line break.
#[inline]
fn special_bits(chunk: &[u8; 64], delimiter: u8) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        };
        let mut bits = 0u64;
        // SAFETY: SSE2 is part of every x86_64 target, and each unaligned 16-byte load
        // reads inside the 64-byte array.
        unsafe {
            let d = _mm_set1_epi8(delimiter as i8);
            let q = _mm_set1_epi8(b'"' as i8);
            let n = _mm_set1_epi8(b'\n' as i8);
            for k in 0..4 {
                let v = _mm_loadu_si128(chunk.as_ptr().add(16 * k).cast());
                let hit = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                    _mm_cmpeq_epi8(v, n),
                );
                bits |= u64::from(_mm_movemask_epi8(hit) as u16) << (16 * k);
            }
        }
        bits
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        chunk.iter().enumerate().fold(0u64, |bits, (i, &c)| {
            if c == delimiter || c == b'"' || c == b'\n' {
                bits | 1 << i
            } else {
                bits
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Lines = Vec<(u64, Vec<String>)>;

    /// Every record as strings with its line, from this reader and from the csv crate.
    fn both(text: &str) -> (Lines, Lines) {
        let (mine, theirs) = both_with_buffer(text, 256 << 10);
        // A tiny buffer refills in the middle of lines and records: same result.
        assert_eq!(both_with_buffer(text, 7).0, mine);
        (mine, theirs)
    }

    fn both_with_buffer(text: &str, buffer: usize) -> (Lines, Lines) {
        let mut mine = Vec::new();
        let mut r = Records::new(text.as_bytes(), b',');
        r.buf = vec![0; buffer];
        while let Some((line, rec)) = r.next_record().unwrap() {
            mine.push((
                line,
                (0..rec.len())
                    .map(|i| String::from_utf8_lossy(rec.get(i)).into_owned())
                    .collect(),
            ));
        }
        let mut theirs = Vec::new();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for rec in rdr.byte_records() {
            let rec = rec.unwrap();
            let line = rec.position().unwrap().line();
            theirs.push((
                line,
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            ));
        }
        (mine, theirs)
    }

    #[test]
    fn agrees_with_the_csv_crate() {
        for text in [
            "a,b,c\n1,2,3\n",
            "a,b\n\"x, y\",2\n\"multi\nline\",3\n\"esc \"\"q\"\"\",4\n",
            "a\n\n\n1\n,\n",
            "h1,h2\n1,\"open\n\nstill open\",x\nlast,row\n",
        ] {
            let (mine, theirs) = both(text);
            let fields =
                |v: &[(u64, Vec<String>)]| v.iter().map(|r| r.1.clone()).collect::<Vec<_>>();
            assert_eq!(fields(&mine), fields(&theirs), "{text:?}");
        }
        // Lines are physical lines; the crate skips blank lines in its count.
        let lines = |text: &str| both(text).0.iter().map(|r| r.0).collect::<Vec<_>>();
        assert_eq!(lines("a\n\n\n1\n,\n"), [1, 4, 5]);
        assert_eq!(
            lines("h1,h2\n1,\"open\n\nstill open\",x\nlast,row\n"),
            [1, 2, 5]
        );
    }

    #[test]
    fn crlf_lines_are_physical_lines() {
        // The csv crate counts CRLF lines differently (it reports the second record on
        // line 1); DESIGN asks for the physical line, as a text editor shows it.
        let (mine, theirs) = both("a,b\r\n1,2\r\n\r\n3,4");
        let fields = |v: &[(u64, Vec<String>)]| v.iter().map(|r| r.1.clone()).collect::<Vec<_>>();
        assert_eq!(fields(&mine), fields(&theirs));
        assert_eq!(mine.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 4]);
    }

    #[test]
    fn specials_match_a_byte_by_byte_scan() {
        // Every length around the 64-byte chunks, every position of each special byte.
        for len in [0usize, 1, 15, 16, 63, 64, 65, 127, 128, 200] {
            let mut bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 7) as u8).collect();
            for (i, b) in bytes.iter_mut().enumerate() {
                match i % 11 {
                    3 => *b = b';',
                    5 => *b = b'"',
                    9 => *b = b'\n',
                    7 => *b = b',', // not the delimiter here
                    _ => {}
                }
            }
            let expected: Vec<usize> = (0..len)
                .filter(|&i| matches!(bytes[i], b';' | b'"' | b'\n'))
                .collect();
            let found: Vec<usize> = Specials::new(&bytes, b';').collect();
            assert_eq!(found, expected, "len {len}");
        }
    }

    #[test]
    fn blocks_and_quoted_records_interleave_with_exact_lines() {
        // Plain rows split in blocks, quoted records read whole, blank and CRLF lines, a
        // last line without a break: the same records and physical lines as one at a time.
        let mut text = String::from("ts,actor,event\r\n");
        for i in 0..1000 {
            match i % 97 {
                0 => text.push_str(&format!("\"{i}\nspans\",a,\"b, c\"\n")),
                1 => text.push_str("\n\r\n"),
                _ => text.push_str(&format!("{i},actor-{i},event\r\n")),
            }
        }
        text.push_str("last,row,here");
        let (mine, theirs) = both(&text);
        let fields = |v: &[(u64, Vec<String>)]| v.iter().map(|r| r.1.clone()).collect::<Vec<_>>();
        assert_eq!(fields(&mine), fields(&theirs));
        let mut line = 0u64;
        let mut expected = Vec::new();
        for (i, physical) in text.split('\n').enumerate() {
            let _ = i;
            line += 1;
            if !physical.trim_end_matches('\r').is_empty() && !physical.starts_with("spans") {
                expected.push(line);
            }
        }
        assert_eq!(mine.iter().map(|r| r.0).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn long_lines_grow_the_buffer() {
        let long = "x".repeat(3 << 20);
        let text = format!("a,b\n{long},1\n2,3\n");
        let (mine, theirs) = both(&text);
        assert_eq!(mine, theirs);
    }
}
