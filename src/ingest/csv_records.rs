//! CSV records from a byte stream, fast for the common case and exact for the rest.
//!
//! A line without a double quote is one record whose fields are split at the delimiter
//! (memchr). A line with a quote starts a quoted record: lines are gathered until the quotes
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
    pub fn next_record(&mut self) -> std::io::Result<Option<(u64, Record<'_>)>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    type Lines = Vec<(u64, Vec<String>)>;

    /// Every record as strings with its line, from this reader and from the csv crate.
    fn both(text: &str) -> (Lines, Lines) {
        let mut mine = Vec::new();
        let mut r = Records::new(text.as_bytes(), b',');
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
    fn long_lines_grow_the_buffer() {
        let long = "x".repeat(3 << 20);
        let text = format!("a,b\n{long},1\n2,3\n");
        let (mine, theirs) = both(&text);
        assert_eq!(mine, theirs);
    }
}
