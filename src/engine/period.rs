//! Calendar periods (DESIGN §3): days, workdays (Monday to Friday), weeks and months, each
//! numbered by an integer index so consecutive calendar periods have consecutive indexes
//! (for workdays, consecutive *days*: the weekend simply has no period).

use crate::spec::{Per, WeekStart};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A kind of period, with the week's first day where it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Day,
    Workday,
    Week(WeekStart),
    Month,
}

impl PeriodKind {
    pub fn new(per: Per, week_start: WeekStart) -> Self {
        match per {
            Per::Day => PeriodKind::Day,
            Per::Workday => PeriodKind::Workday,
            Per::Week => PeriodKind::Week(week_start),
            Per::Month => PeriodKind::Month,
        }
    }

    /// The index of the period containing `date`; `None` for a weekend day of a workday kind.
    pub fn index(self, date: NaiveDate) -> Option<i64> {
        let d = i64::from(date.num_days_from_ce());
        Some(match self {
            PeriodKind::Day => d,
            PeriodKind::Workday => {
                if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                    return None;
                }
                d
            }
            // Day 1 of the common era (0001-01-01) is a Monday.
            PeriodKind::Week(WeekStart::Monday) => (d - 1).div_euclid(7),
            PeriodKind::Week(WeekStart::Sunday) => d.div_euclid(7),
            PeriodKind::Month => i64::from(date.year()) * 12 + i64::from(date.month0()),
        })
    }

    /// The index of the period containing day `d` (days from the common era, as
    /// `NaiveDate::num_days_from_ce`); the hot path of ingestion, without building a date.
    #[inline]
    pub fn index_of_day(self, d: i64) -> Option<i64> {
        match self {
            PeriodKind::Day => Some(d),
            // Day 1 is a Monday: (d - 1) mod 7 is 5 or 6 on weekends.
            PeriodKind::Workday => ((d - 1).rem_euclid(7) < 5).then_some(d),
            PeriodKind::Week(WeekStart::Monday) => Some((d - 1).div_euclid(7)),
            PeriodKind::Week(WeekStart::Sunday) => Some(d.div_euclid(7)),
            PeriodKind::Month => {
                let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(d).ok()?)?;
                self.index(date)
            }
        }
    }

    /// The first and last calendar day of period `index`.
    pub fn bounds(self, index: i64) -> (NaiveDate, NaiveDate) {
        let day = |d: i64| {
            NaiveDate::from_num_days_from_ce_opt(d as i32)
                .expect("invariant: period indexes come from valid dates")
        };
        match self {
            PeriodKind::Day | PeriodKind::Workday => (day(index), day(index)),
            PeriodKind::Week(WeekStart::Monday) => {
                let start = index * 7 + 1;
                (day(start), day(start + 6))
            }
            PeriodKind::Week(WeekStart::Sunday) => {
                let start = index * 7;
                (day(start), day(start + 6))
            }
            PeriodKind::Month => {
                let first = NaiveDate::from_ymd_opt(
                    index.div_euclid(12) as i32,
                    index.rem_euclid(12) as u32 + 1,
                    1,
                )
                .expect("invariant: month indexes come from valid dates");
                let last = first + Months::new(1) - Days::new(1);
                (first, last)
            }
        }
    }

    /// The period after `index` (skipping weekends for workdays).
    pub fn next(self, index: i64) -> i64 {
        match self {
            PeriodKind::Workday => {
                let mut i = index + 1;
                while self.index(self.bounds(i).0).is_none() {
                    i += 1;
                }
                i
            }
            _ => index + 1,
        }
    }

    /// The period before `index` (skipping weekends for workdays).
    pub fn prev(self, index: i64) -> i64 {
        match self {
            PeriodKind::Workday => {
                let mut i = index - 1;
                while self.index(self.bounds(i).0).is_none() {
                    i -= 1;
                }
                i
            }
            _ => index - 1,
        }
    }

    /// The period containing `date`, or for a weekend day of a workday kind, the next one.
    pub fn at_or_after(self, date: NaiveDate) -> i64 {
        let mut d = date;
        loop {
            if let Some(i) = self.index(d) {
                return i;
            }
            d = d + Days::new(1);
        }
    }

    /// The last period whose last day is on or before `date`.
    pub fn last_ending_by(self, date: NaiveDate) -> i64 {
        let mut d = date;
        loop {
            match self.index(d) {
                Some(i) if self.bounds(i).1 <= date => return i,
                // The period runs past `date`: the answer ends before this one starts.
                Some(i) => d = self.bounds(i).0 - Days::new(1),
                None => d = d - Days::new(1),
            }
        }
    }

    /// Calendar days in period `index`.
    pub fn days(self, index: i64) -> u32 {
        let (a, b) = self.bounds(index);
        (b - a).num_days() as u32 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_start_on_the_configured_day() {
        let mon = PeriodKind::Week(WeekStart::Monday);
        let i = mon.index(d("2026-01-07")).unwrap();
        assert_eq!(mon.bounds(i), (d("2026-01-05"), d("2026-01-11")));
        let sun = PeriodKind::Week(WeekStart::Sunday);
        let i = sun.index(d("2026-01-07")).unwrap();
        assert_eq!(sun.bounds(i), (d("2026-01-04"), d("2026-01-10")));
        assert_eq!(sun.index(d("2026-01-10")), sun.index(d("2026-01-04")));
        assert_ne!(sun.index(d("2026-01-11")), sun.index(d("2026-01-10")));
    }

    #[test]
    fn day_numbers_agree_with_dates() {
        let kinds = [
            PeriodKind::Day,
            PeriodKind::Workday,
            PeriodKind::Week(WeekStart::Monday),
            PeriodKind::Week(WeekStart::Sunday),
            PeriodKind::Month,
        ];
        let mut date = d("2025-12-20");
        for _ in 0..80 {
            for k in kinds {
                assert_eq!(
                    k.index_of_day(i64::from(date.num_days_from_ce())),
                    k.index(date),
                    "{k:?} {date}"
                );
            }
            date = date.succ_opt().unwrap();
        }
    }

    #[test]
    fn months_and_workdays() {
        let m = PeriodKind::Month;
        let i = m.index(d("2024-02-10")).unwrap();
        assert_eq!(m.bounds(i), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(m.days(i), 29);
        assert_eq!(
            m.next(m.index(d("2025-12-31")).unwrap()),
            m.index(d("2026-01-01")).unwrap()
        );
        let w = PeriodKind::Workday;
        assert_eq!(w.index(d("2026-01-10")), None); // a Saturday
        let fri = w.index(d("2026-01-09")).unwrap();
        assert_eq!(w.next(fri), w.index(d("2026-01-12")).unwrap());
        assert_eq!(w.prev(w.next(fri)), fri);
        assert_eq!(
            w.at_or_after(d("2026-01-10")),
            w.index(d("2026-01-12")).unwrap()
        );
        assert_eq!(w.last_ending_by(d("2026-01-11")), fri);
    }

    #[test]
    fn last_ending_by() {
        let mon = PeriodKind::Week(WeekStart::Monday);
        // 2026-01-14 is a Wednesday: the last full week ending by then ends on the 11th.
        let i = mon.last_ending_by(d("2026-01-14"));
        assert_eq!(mon.bounds(i).1, d("2026-01-11"));
        let i = mon.last_ending_by(d("2026-01-11"));
        assert_eq!(mon.bounds(i).1, d("2026-01-11"));
        let m = PeriodKind::Month;
        assert_eq!(
            m.bounds(m.last_ending_by(d("2026-03-30"))).1,
            d("2026-02-28")
        );
        assert_eq!(
            m.bounds(m.last_ending_by(d("2026-03-31"))).1,
            d("2026-03-31")
        );
    }
}
