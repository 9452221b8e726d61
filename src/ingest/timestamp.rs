//! Event timestamps → local calendar dates in the workspace timezone (DESIGN §3, "Event
//! time"), with a fast path for the common RFC 3339 shapes and a cache of UTC offsets.

use crate::model::TimestampFormat;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_CE: i64 = 719_163;

/// Reads one source's timestamps.
pub struct TimeReader {
    format: TimestampFormat,
    source_tz: Tz,
    workspace_tz: Tz,
    /// Direct-mapped cache: 15-minute UTC slot → offset from UTC in seconds. Every real
    /// timezone changes offset on a quarter hour, so one slot has one offset.
    cache: Vec<(i64, i32)>,
    /// The last fast-path timestamp and its day, reused for the next timestamp of the same
    /// minute (the seconds never move the local day: every UTC offset is whole minutes), or
    /// of the same hour when the whole hour falls on one local day with one offset. Rows of
    /// a roughly time-sorted export hit it most of the time.
    last: Option<Recent>,
}

struct Recent {
    bytes: Vec<u8>,
    day: i64,
    whole_hour: bool,
}

impl TimeReader {
    pub fn new(format: TimestampFormat, source_tz: Tz, workspace_tz: Tz) -> Self {
        TimeReader {
            format,
            source_tz,
            workspace_tz,
            cache: vec![(i64::MIN, 0); 256],
            last: None,
        }
    }

    /// The local day (days from the common era) of a timestamp given as bytes: the hot path.
    #[inline]
    pub fn local_day(&mut self, bytes: &[u8]) -> Option<i64> {
        if let TimestampFormat::Rfc3339 = self.format {
            if let Some(r) = &self.last
                && (if r.whole_hour {
                    same_hour(&r.bytes, bytes)
                } else {
                    same_minute(&r.bytes, bytes)
                })
            {
                return Some(r.day);
            }
            if let Some(Fast::Instant(secs)) = fast_rfc3339(bytes) {
                let day = self.instant_day(secs);
                // Only shapes without a fraction are reused: the comparisons take the
                // offset suffix from byte 19.
                if bytes.len() > 19 && bytes[19] != b'.' {
                    let into_hour = digits(&bytes[14..16])
                        .zip(digits(&bytes[17..19]))
                        .map(|(m, s)| i64::from(m * 60 + s.min(59)));
                    let whole_hour = into_hour.is_some_and(|into| self.one_day(secs - into));
                    let recent = self.last.get_or_insert_with(|| Recent {
                        bytes: Vec::new(),
                        day,
                        whole_hour,
                    });
                    recent.bytes.clear();
                    recent.bytes.extend_from_slice(bytes);
                    recent.day = day;
                    recent.whole_hour = whole_hour;
                }
                return Some(day);
            }
        }
        let text = std::str::from_utf8(bytes).ok()?;
        self.local_date(text)
            .map(|d| i64::from(d.num_days_from_ce()))
    }

    /// The local date of a timestamp, or `None` when it does not parse.
    pub fn local_date(&mut self, text: &str) -> Option<NaiveDate> {
        let text = text.trim();
        match &self.format {
            TimestampFormat::Rfc3339 => match fast_rfc3339(text.as_bytes()) {
                Some(Fast::Instant(secs)) => Some(self.instant_date(secs)),
                Some(Fast::Naive(ndt)) => Some(self.naive_date(ndt)),
                None => DateTime::parse_from_rfc3339(text)
                    .ok()
                    .map(|d| self.instant_date(d.timestamp())),
            },
            TimestampFormat::Date => parse_date(text).ok(),
            TimestampFormat::Unix => {
                let secs = parse_epoch(text, 1)?;
                Some(self.instant_date(secs))
            }
            TimestampFormat::UnixMs => {
                let secs = parse_epoch(text, 1000)?;
                Some(self.instant_date(secs))
            }
            TimestampFormat::Strftime(pattern) => {
                if let Ok(d) = DateTime::parse_from_str(text, pattern) {
                    return Some(self.instant_date(d.timestamp()));
                }
                if let Ok(ndt) = NaiveDateTime::parse_from_str(text, pattern) {
                    return Some(self.naive_date(ndt));
                }
                NaiveDate::parse_from_str(text, pattern).ok()
            }
        }
    }

    /// An instant (seconds since the Unix epoch, UTC) → its workspace-local date.
    pub fn instant_date(&mut self, secs: i64) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.instant_day(secs) as i32).unwrap_or_default()
    }

    /// An instant → its workspace-local day, in days from the common era.
    #[inline]
    pub fn instant_day(&mut self, secs: i64) -> i64 {
        let offset = self.offset_at(secs);
        (secs + i64::from(offset)).div_euclid(86_400) + UNIX_EPOCH_DAYS_CE
    }

    /// The workspace's UTC offset (seconds) at an instant.
    #[inline]
    fn offset_at(&mut self, secs: i64) -> i32 {
        let slot = secs.div_euclid(900);
        let entry = &mut self.cache[(slot as usize) & 255];
        if entry.0 == slot {
            return entry.1;
        }
        let utc = DateTime::from_timestamp(slot * 900, 0)
            .unwrap_or_default()
            .naive_utc();
        let offset = self
            .workspace_tz
            .offset_from_utc_datetime(&utc)
            .fix()
            .local_minus_utc();
        *entry = (slot, offset);
        offset
    }

    /// Whether the hour of instants from `start` has one workspace offset and one local day
    /// (the offset is checked at each quarter hour, where real timezones change it).
    fn one_day(&mut self, start: i64) -> bool {
        // Equal days at both ends would not be enough if the clocks went back across
        // midnight inside the hour; the offsets rule that out.
        let first = self.offset_at(start);
        (1..=4).all(|q| self.offset_at(start + q * 900 - i64::from(q == 4)) == first)
            && self.instant_day(start) == self.instant_day(start + 3599)
    }

    /// A wall-clock time without an offset, read in the source's timezone.
    fn naive_date(&mut self, ndt: NaiveDateTime) -> NaiveDate {
        if self.source_tz == self.workspace_tz {
            return ndt.date();
        }
        // Ambiguous times (clocks going back) take the earlier instant; times that do not
        // exist (clocks going forward) are read an hour later, past the gap.
        let local = self
            .source_tz
            .from_local_datetime(&ndt)
            .earliest()
            .or_else(|| {
                self.source_tz
                    .from_local_datetime(&(ndt + chrono::Duration::hours(1)))
                    .earliest()
            });
        match local {
            Some(t) => self.instant_date(t.timestamp()),
            None => ndt.date(),
        }
    }
}

/// Whether `b` is `a` with other (valid) seconds: same date, hour, minute and offset.
#[inline]
fn same_minute(a: &[u8], b: &[u8]) -> bool {
    same_hour(a, b) && a[14..16] == b[14..16]
}

/// Whether `b` is `a` with another (valid) minute and seconds: same date, hour and offset.
#[inline]
fn same_hour(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && b.len() > 19
        && a[..14] == b[..14]
        && a[19..] == b[19..]
        && b[16] == b':'
        && (b'0'..=b'5').contains(&b[14])
        && b[15].is_ascii_digit()
        && b[17].is_ascii_digit()
        && b[18].is_ascii_digit()
        && (b[17] - b'0') * 10 + (b[18] - b'0') <= 60
}

/// A `YYYY-MM-DD` date, as chrono's `%Y-%m-%d` reads it; the plain ten-byte shape without
/// chrono's format machinery (roster start and end dates, one per person).
pub fn parse_date(text: &str) -> chrono::ParseResult<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(&b[..4]), digits(&b[5..7]), digits(&b[8..]))
        && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return Ok(date);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
}

fn parse_epoch(text: &str, per_second: i64) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n.div_euclid(per_second));
    }
    let f: f64 = text.parse().ok()?;
    f.is_finite()
        .then(|| (f / per_second as f64).floor() as i64)
}

enum Fast {
    Instant(i64),
    Naive(NaiveDateTime),
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    Some(n)
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.fff…](Z|±HH:MM|±HHMM)?` without allocating; `None` hands the
/// text to chrono's full parser.
fn fast_rfc3339(b: &[u8]) -> Option<Fast> {
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (h, mi, s) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let mut i = 19;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60
    {
        return None;
    }
    let secs_of_day = i64::from(h * 3600 + mi * 60 + s.min(59));
    let rest = &b[i..];
    let offset = match rest {
        [] => {
            let date = NaiveDate::from_ymd_opt(y as i32, mo, d)?;
            let time = chrono::NaiveTime::from_hms_opt(h, mi, s.min(59))?;
            return Some(Fast::Naive(date.and_time(time)));
        }
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), hh1, hh2, b':', mm1, mm2]
        | [sign @ (b'+' | b'-'), hh1, hh2, mm1, mm2] => {
            let hh = digits(&[*hh1, *hh2])?;
            let mm = digits(&[*mm1, *mm2])?;
            let o = i64::from(hh * 3600 + mm * 60);
            if *sign == b'+' { o } else { -o }
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(y), mo, d);
    Some(Fast::Instant(days * 86_400 + secs_of_day - offset))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(format: TimestampFormat, tz: &str) -> TimeReader {
        let tz: Tz = tz.parse().unwrap();
        TimeReader::new(format, tz, tz)
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn rfc3339_converts_to_the_workspace_day() {
        let mut r = reader(TimestampFormat::Rfc3339, "Europe/Berlin");
        // 23:30 UTC on the 5th is 00:30 on the 6th in Berlin (winter, +01:00).
        assert_eq!(r.local_date("2026-01-05T23:30:00Z"), Some(d("2026-01-06")));
        assert_eq!(
            r.local_date("2026-01-05T22:30:00.123Z"),
            Some(d("2026-01-05"))
        );
        // Summer time: +02:00.
        assert_eq!(r.local_date("2026-07-05T22:30:00Z"), Some(d("2026-07-06")));
        assert_eq!(
            r.local_date("2026-01-05T08:00:00-05:00"),
            Some(d("2026-01-05"))
        );
        assert_eq!(
            r.local_date("2026-01-05T20:00:00-0500"),
            Some(d("2026-01-06"))
        );
        // No offset: read in the source's timezone (here the workspace's).
        assert_eq!(r.local_date("2026-01-05 23:59:59"), Some(d("2026-01-05")));
        assert_eq!(r.local_date("yesterday"), None);
        assert_eq!(r.local_date("2026-02-30T10:00:00Z"), None);
    }

    #[test]
    fn fast_path_agrees_with_chrono() {
        let mut r = reader(TimestampFormat::Rfc3339, "America/New_York");
        for text in [
            "2026-03-08T06:59:59Z",
            "2026-03-08T07:00:00Z",
            "2026-11-01T05:30:00Z",
            "2026-11-01T06:30:00+00:00",
            "2025-12-31T23:59:59.999999+09:00",
        ] {
            let want = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&chrono_tz::America::New_York)
                .date_naive();
            assert_eq!(r.local_date(text), Some(want), "{text}");
        }
    }

    #[test]
    fn the_minute_cache_never_changes_an_answer() {
        let mut cached = reader(TimestampFormat::Rfc3339, "Asia/Kolkata");
        for text in [
            "2026-01-05T18:29:10Z",
            "2026-01-05T18:29:59Z",
            "2026-01-05T18:29:61Z",
            "2026-01-05T18:29:5xZ",
            "2026-01-05T18:30:00Z",
            "2026-01-05T18:30:00+01:00",
            "2026-01-05T18:30:07+01:00",
        ] {
            assert_cache_agrees(&mut cached, "Asia/Kolkata", text);
        }
    }

    /// A reader that has seen other timestamps answers as a fresh one does.
    fn assert_cache_agrees(cached: &mut TimeReader, tz: &str, text: &str) {
        let mut fresh = reader(TimestampFormat::Rfc3339, tz);
        assert_eq!(
            cached.local_day(text.as_bytes()),
            fresh.local_day(text.as_bytes()),
            "{tz} {text}"
        );
    }

    #[test]
    fn the_hour_cache_never_changes_an_answer() {
        // Zones with half- and quarter-hour offsets, a 30-minute DST shift and ordinary DST,
        // walked minute by minute (seconds jittered) through days with a transition, with
        // inputs in UTC and in offsets whose hours straddle the local midnight.
        let days = [
            ("Asia/Kathmandu", "2026-01-05"),
            ("Australia/Lord_Howe", "2026-04-04"),
            ("Australia/Lord_Howe", "2026-10-03"),
            ("America/St_Johns", "2026-03-08"),
            ("America/St_Johns", "2026-11-01"),
            ("Europe/Berlin", "2026-03-29"),
            ("Europe/Berlin", "2026-10-25"),
            ("Pacific/Chatham", "2026-04-05"),
        ];
        for (tz, day) in days {
            let mut cached = reader(TimestampFormat::Rfc3339, tz);
            let start = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            for suffix in ["Z", "+05:30", "-03:45"] {
                for minute in (-26 * 60..50 * 60).step_by(7) {
                    let t = start.and_hms_opt(0, 0, 0).unwrap()
                        + chrono::Duration::minutes(minute)
                        + chrono::Duration::seconds((minute * 13).rem_euclid(61));
                    let text = format!("{}{suffix}", t.format("%Y-%m-%dT%H:%M:%S"));
                    assert_cache_agrees(&mut cached, tz, &text);
                }
            }
        }
    }

    #[test]
    fn dates_parse_as_chrono_does() {
        for text in [
            "2026-02-16",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-1-5",
            "2026-01-5",
            "0000-01-01",
            "20260101",
            "2026/01/01",
            "2026-01-01T00",
            "+2026-01-01",
            "",
        ] {
            assert_eq!(
                parse_date(text).ok(),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn other_formats() {
        let mut r = reader(TimestampFormat::Unix, "UTC");
        assert_eq!(r.local_date("1767571200"), Some(d("2026-01-05")));
        let mut r = reader(TimestampFormat::UnixMs, "UTC");
        assert_eq!(r.local_date("1767571199999"), Some(d("2026-01-04")));
        let mut r = reader(TimestampFormat::Date, "UTC");
        assert_eq!(r.local_date("2026-01-05"), Some(d("2026-01-05")));
        let mut r = reader(
            TimestampFormat::Strftime("%Y-%m-%dT%H:%M:%S%.3f%z".into()),
            "Europe/Berlin",
        );
        assert_eq!(
            r.local_date("2026-01-05T23:30:00.000+0000"),
            Some(d("2026-01-06"))
        );
        let mut r = reader(TimestampFormat::Strftime("%d/%m/%Y %H:%M".into()), "UTC");
        assert_eq!(r.local_date("05/01/2026 10:00"), Some(d("2026-01-05")));
    }

    #[test]
    fn naive_times_in_another_zone() {
        let mut r = TimeReader::new(
            TimestampFormat::Strftime("%Y-%m-%d %H:%M".into()),
            chrono_tz::America::New_York,
            chrono_tz::Europe::Berlin,
        );
        // 19:00 in New York is 01:00 the next day in Berlin.
        assert_eq!(r.local_date("2026-01-05 19:00"), Some(d("2026-01-06")));
        // 02:30 on 2026-03-08 does not exist in New York (clocks go forward): read as 03:30.
        assert_eq!(r.local_date("2026-03-08 02:30"), Some(d("2026-03-08")));
    }
}
