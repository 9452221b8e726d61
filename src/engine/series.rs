//! One behavior's metrics over its window for a set of people (the whole audience, or one
//! breakdown group).

use super::document::{Checkpoints, Diagnosis, Latest, PeriodReport, Reason, Status};
use super::{BehaviorInput, Person, Settings};
use chrono::{Days, NaiveDate};

/// The window's periods, oldest first (DESIGN §3, "Window").
pub fn window(b: &BehaviorInput<'_>, as_of: NaiveDate) -> Vec<i64> {
    let kind = b.kind;
    // Before the export begins adoption is unknown, not zero: no data, no periods.
    let Some(first_event) = b.source_first else {
        return Vec::new();
    };
    let data_start = kind.at_or_after(first_event);
    let mut start = if let Some(launch) = b.launch {
        let mut i = kind.at_or_after(launch);
        for _ in 0..4 {
            i = kind.prev(i);
        }
        i
    } else if let Some(h) = b.horizon_start {
        kind.at_or_after(h)
    } else {
        data_start
    };
    start = start.max(data_start);
    let last = kind.last_ending_by(as_of);
    let mut out = Vec::new();
    let mut i = start;
    while i <= last {
        out.push(i);
        i = kind.next(i);
    }
    out
}

/// Whether a candidate is in the audience during period `t` (start, end and tenure).
pub fn member(p: &Person<'_>, b: &BehaviorInput<'_>, t: i64) -> bool {
    let (first, last) = b.kind.bounds(t);
    if p.start.is_some_and(|s| s > last) || p.end.is_some_and(|e| e < first) {
        return false;
    }
    match (b.tenure_days, p.start) {
        (Some(k), Some(s)) => (first - s).num_days() >= i64::from(k),
        _ => true,
    }
}

pub struct SeriesInput<'a, 'b> {
    pub behavior: &'a BehaviorInput<'b>,
    pub people: &'a [Person<'a>],
    pub members: &'a [usize],
    pub window: &'a [i64],
    pub settings: Settings,
}

/// Computed periods plus what later judgements need.
pub struct Series {
    pub periods: Vec<PeriodReport>,
    pub window: Vec<i64>,
    pub baseline: Option<f64>,
    /// Per period: the non-practicing audience's state counts, for the diagnosis.
    diag: Vec<DiagCounts>,
    tolerance: f64,
}

#[derive(Default, Clone, Copy)]
struct DiagCounts {
    non_practicing: u32,
    old_way: u32,
}

#[derive(Default, Clone, Copy)]
struct PersonState {
    ever: bool,
    prev: bool,
    run: u32,
    strength: f64,
}

impl Series {
    pub fn compute(input: &SeriesInput<'_, '_>) -> Series {
        let b = input.behavior;
        let n = b.threshold;
        let sticky = input.settings.sticky_periods;
        let mut states = vec![PersonState::default(); input.members.len()];
        let mut periods = Vec::with_capacity(input.window.len());
        let mut diag = Vec::with_capacity(input.window.len());
        let mut strengths: Vec<f64> = Vec::new();
        for (k, &t) in input.window.iter().enumerate() {
            let (first, last) = b.kind.bounds(t);
            let days = f64::from(b.kind.days(t));
            let m = 0.5f64.powf((f64::from(n.max(1)) * days).sqrt() / 13.0);
            let mut row = PeriodReport {
                start: first.to_string(),
                end: last.to_string(),
                ..PeriodReport::default()
            };
            let (mut trying, mut lapsed, mut not_started) = (0u32, 0u32, 0u32);
            let (mut new, mut returning, mut resurrecting, mut dormant) = (0u32, 0u32, 0u32, 0u32);
            let mut d = DiagCounts::default();
            let mut old_events = 0u64;
            strengths.clear();
            for (slot, &p) in input.members.iter().enumerate() {
                let c = b.counts.get(p, t);
                let practicing = if b.adopt { c >= n } else { c <= n };
                let st = &mut states[slot];
                let v = if b.adopt {
                    (f64::from(c) / f64::from(n.max(1))).min(1.0)
                } else if practicing {
                    1.0
                } else {
                    0.0
                };
                st.strength = m * st.strength + (1.0 - m) * v;
                let run = if practicing { st.run + 1 } else { 0 };
                if member(&input.people[p], b, t) {
                    row.audience += 1;
                    row.events += u64::from(c);
                    strengths.push(st.strength);
                    if run >= sticky {
                        row.sticking += 1;
                    }
                    if practicing {
                        row.practicing += 1;
                        if b.adopt {
                            if k == 0 || !st.ever {
                                new += 1;
                            } else if st.prev {
                                returning += 1;
                            } else {
                                resurrecting += 1;
                            }
                        }
                    } else {
                        d.non_practicing += 1;
                        if b.adopt {
                            if c > 0 {
                                trying += 1;
                            } else if st.ever {
                                lapsed += 1;
                            } else {
                                not_started += 1;
                            }
                            if k > 0 && st.prev {
                                dormant += 1;
                            }
                        }
                        if let Some((_, old)) = &b.replaces
                            && old.counts.get(p, t) > old.at_most
                        {
                            d.old_way += 1;
                        }
                    }
                    if let Some((_, old)) = &b.replaces {
                        old_events += u64::from(old.counts.get(p, t));
                    }
                }
                st.run = run;
                st.prev = practicing;
                if b.adopt && practicing {
                    st.ever = true;
                }
            }
            row.adoption = ratio(row.practicing, row.audience);
            if b.adopt {
                row.trying = Some(trying);
                row.lapsed = Some(lapsed);
                row.not_started = Some(not_started);
                row.new = Some(new);
                row.returning = Some(returning);
                row.resurrecting = Some(resurrecting);
                row.dormant = Some(dormant);
            } else {
                row.over_limit = Some(row.audience - row.practicing);
            }
            if row.audience > 0 {
                row.strength_median = Some(median(&mut strengths));
                let strong = strengths.iter().filter(|s| **s >= 0.5).count() as u32;
                row.strong_share = ratio(strong, row.audience);
            }
            if b.replaces.is_some() {
                row.old_way_share = ratio(d.old_way, d.non_practicing);
                let total = row.events + old_events;
                row.displacement = (total > 0).then(|| row.events as f64 / total as f64);
            }
            periods.push(row);
            diag.push(d);
        }
        let baseline = b.launch.and_then(|launch| {
            let before: Vec<f64> = input
                .window
                .iter()
                .zip(&periods)
                .filter(|(t, _)| b.kind.bounds(**t).1 < launch)
                .filter_map(|(_, r)| r.adoption)
                .collect();
            (!before.is_empty()).then(|| before.iter().sum::<f64>() / before.len() as f64)
        });
        let mut series = Series {
            periods,
            window: input.window.to_vec(),
            baseline,
            diag,
            tolerance: input.settings.at_risk_tolerance,
        };
        for k in 0..series.window.len() {
            let expected = series.expected(b, series.window[k]);
            series.periods[k].expected = expected;
        }
        series
    }

    /// The ramp: b + (T − b)·clamp((last day of t − L)/(D − L), 0, 1).
    fn expected(&self, b: &BehaviorInput<'_>, t: i64) -> Option<f64> {
        let (launch, due, target) = (b.launch?, b.target_by?, b.target_adoption?);
        let base = self.baseline.unwrap_or(0.0);
        let span = (due - launch).num_days() as f64;
        let done = (b.kind.bounds(t).1 - launch).num_days() as f64;
        let progress = if span <= 0.0 {
            1.0
        } else {
            (done / span).clamp(0.0, 1.0)
        };
        Some(base + (target - base) * progress)
    }

    /// The latest period with status and diagnosis (reported is filled by the caller).
    pub fn latest(&self, b: &BehaviorInput<'_>) -> Option<Latest> {
        let k = self.periods.len().checked_sub(1)?;
        let period = self.periods[k].clone();
        let status = status(&period, b, self.tolerance);
        let diagnosis = diagnosis(&period, &self.diag[k], b);
        Some(Latest {
            period,
            status,
            diagnosis,
            reported: None,
            say_do_gap: None,
        })
    }

    /// d30/d60/d90: adoption of the last period ending by launch + N days.
    pub fn checkpoints(&self, b: &BehaviorInput<'_>, as_of: NaiveDate) -> Checkpoints {
        let Some(launch) = b.launch else {
            return Checkpoints::default();
        };
        let at = |days: u64| -> Option<f64> {
            let t = b.kind.last_ending_by(launch + Days::new(days));
            let end = b.kind.bounds(t).1;
            if end < launch || end > as_of {
                return None;
            }
            let k = self.window.iter().position(|w| *w == t)?;
            self.periods[k].adoption
        };
        Checkpoints {
            d30: at(30),
            d60: at(60),
            d90: at(90),
        }
    }
}

fn status(period: &PeriodReport, b: &BehaviorInput<'_>, tolerance: f64) -> Option<Status> {
    let target = b.target_adoption?;
    let adoption = period.adoption?;
    if adoption >= target {
        return Some(Status::Met);
    }
    let Some(expected) = period.expected else {
        return Some(Status::NotMet);
    };
    Some(if adoption >= expected {
        Status::OnTrack
    } else if adoption >= expected - tolerance {
        Status::AtRisk
    } else {
        Status::OffTrack
    })
}

fn diagnosis(period: &PeriodReport, d: &DiagCounts, b: &BehaviorInput<'_>) -> Option<Diagnosis> {
    if period.audience == 0 {
        return None;
    }
    let share = |n: Option<u32>| n.and_then(|n| ratio(n, d.non_practicing));
    let old_way_share = if b.replaces.is_some() {
        ratio(d.old_way, d.non_practicing)
    } else {
        None
    };
    let not_started = share(period.not_started);
    let trying = share(period.trying);
    let lapsed = share(period.lapsed);
    let primary = if d.non_practicing == 0 {
        None
    } else if old_way_share.is_some_and(|s| s >= 0.5) {
        Some(Reason::OldWay)
    } else if b.adopt {
        // The largest share; ties resolve in the order not_started, trying, lapsed.
        let mut best = (Reason::NotStarted, not_started.unwrap_or(0.0));
        for (r, s) in [(Reason::Trying, trying), (Reason::Lapsed, lapsed)] {
            if s.unwrap_or(0.0) > best.1 {
                best = (r, s.unwrap_or(0.0));
            }
        }
        Some(best.0)
    } else {
        None
    };
    Some(Diagnosis {
        not_started,
        trying,
        lapsed,
        old_way_share,
        primary,
        lever: primary.map(|p| p.lever().to_string()),
    })
}

fn ratio(a: u32, b: u32) -> Option<f64> {
    (b > 0).then(|| f64::from(a) / f64::from(b))
}

/// Median; the mean of the two middle values for an even count.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}
