//! The adoption document (DESIGN §4): what `adoption --format json` prints and every
//! renderer reads. Field names are an interface: add fields, never rename them.

use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// Bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Adoption of every behavior, priority rollups and data quality, as of a date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AdoptionDocument {
    pub schema_version: u32,
    /// The evaluation date (`YYYY-MM-DD`): periods ending after it are not complete.
    pub as_of: String,
    pub behaviors: Vec<BehaviorReport>,
    pub priorities: Vec<PriorityReport>,
    pub data_quality: Vec<SourceQuality>,
}

/// One behavior's adoption over its window.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BehaviorReport {
    pub id: String,
    pub priority: String,
    pub title: String,
    /// `adopt` or `retire`.
    pub direction: String,
    /// `day`, `workday`, `week` or `month`.
    pub per: String,
    /// N: `at_least` (adopt) or `at_most` (retire).
    pub threshold: u32,
    pub target: TargetReport,
    pub launch: Option<String>,
    /// Mean adoption of the window's periods that end before launch.
    pub baseline: Option<f64>,
    pub checkpoints: Checkpoints,
    /// d30 − baseline.
    pub lift30: Option<f64>,
    /// The behavior this one replaces (its old way), if any.
    pub replaces: Option<String>,
    /// Every complete period of the window, oldest first.
    pub periods: Vec<PeriodReport>,
    /// The last period's fields plus status, diagnosis, reported and say-do gap.
    pub latest: Option<Latest>,
    /// With `--by FIELD`: one entry per value among the latest audience; small groups folded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupReport>>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TargetReport {
    pub adoption: Option<f64>,
    pub by: Option<String>,
}

/// Adoption 30, 60 and 90 days after launch.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Checkpoints {
    pub d30: Option<f64>,
    pub d60: Option<f64>,
    pub d90: Option<f64>,
}

/// One period of a behavior (or of a group's people).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct PeriodReport {
    /// First calendar day, in the workspace timezone.
    pub start: String,
    /// Last calendar day.
    pub end: String,
    /// People in the audience during this period.
    pub audience: u32,
    /// Adopt: at least N events; retire: at most N (clean).
    pub practicing: u32,
    /// Adopt only: 0 < count < N.
    pub trying: Option<u32>,
    /// Adopt only: no event now, practiced in an earlier period of the window.
    pub lapsed: Option<u32>,
    /// Adopt only: no event now, never practiced in the window.
    pub not_started: Option<u32>,
    /// Retire only: audience − practicing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over_limit: Option<u32>,
    /// practicing / audience; null when the audience is empty.
    pub adoption: Option<f64>,
    /// The ramp from baseline at launch to the target on its date.
    pub expected: Option<f64>,
    /// Matching events of audience members.
    pub events: u64,
    pub new: Option<u32>,
    pub returning: Option<u32>,
    pub resurrecting: Option<u32>,
    pub dormant: Option<u32>,
    /// Practicing in each of the last `sticky_periods` periods.
    pub sticking: u32,
    pub strength_median: Option<f64>,
    /// Share of the audience with habit strength ≥ 0.5.
    pub strong_share: Option<f64>,
    /// With `replaces`: share of the non-practicing still over the old way's limit.
    pub old_way_share: Option<f64>,
    /// With `replaces`: new-way events / (new-way + old-way events) in the audience.
    pub displacement: Option<f64>,
}

/// The latest period, with the judgements made on it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Latest {
    #[serde(flatten)]
    pub period: PeriodReport,
    pub status: Option<Status>,
    pub diagnosis: Option<Diagnosis>,
    /// The latest reported progress (0..1) dated on or before this period's end.
    pub reported: Option<f64>,
    /// reported − adoption.
    pub say_do_gap: Option<f64>,
}

/// Where adoption stands against the target and its ramp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OffTrack,
    AtRisk,
    NotMet,
    OnTrack,
    Met,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OffTrack => "off_track",
            Status::AtRisk => "at_risk",
            Status::NotMet => "not_met",
            Status::OnTrack => "on_track",
            Status::Met => "met",
        }
    }
}

/// Why people who do not practice are not practicing.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Diagnosis {
    pub not_started: Option<f64>,
    pub trying: Option<f64>,
    pub lapsed: Option<f64>,
    pub old_way_share: Option<f64>,
    pub primary: Option<Reason>,
    /// What to pull: the lever that addresses the primary reason.
    pub lever: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    NotStarted,
    Trying,
    Lapsed,
    OldWay,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotStarted => "not_started",
            Reason::Trying => "trying",
            Reason::Lapsed => "lapsed",
            Reason::OldWay => "old_way",
        }
    }

    pub fn lever(self) -> &'static str {
        match self {
            Reason::NotStarted => {
                "prompt / capability: the cue is missing or people don't know how"
            }
            Reason::Trying => "ability / friction: doing it N times is too hard",
            Reason::Lapsed => "reinforcement: it started and faded",
            Reason::OldWay => "opportunity / system: the old path is still easier",
        }
    }
}

/// One breakdown group's latest period.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GroupReport {
    pub field: String,
    /// The field's value, or `(other)` for the folded small groups.
    pub value: String,
    pub latest: Option<Latest>,
}

/// A priority's rollup of its behaviors.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PriorityReport {
    pub id: String,
    pub title: String,
    /// Mean of its behaviors' latest adoption.
    pub adoption: Option<f64>,
    /// The worst of its behaviors' statuses.
    pub status: Option<Status>,
    pub reported: Option<f64>,
    pub say_do_gap: Option<f64>,
}

/// What was read from one source, and what was skipped and why.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct SourceQuality {
    pub source: String,
    pub files: Vec<String>,
    /// Data records read (not the CSV header, not blank NDJSON lines).
    pub rows_read: u64,
    /// Records with a valid timestamp and a known actor.
    pub rows_used: u64,
    /// Used rows dated after `as_of`, which no metric counts.
    pub after_as_of: u64,
    /// By reason: `malformed`, `bad_timestamp`, `empty_actor`, `unknown_actor`.
    pub skipped: BTreeMap<String, Skipped>,
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Skipped {
    pub count: u64,
    /// The first 5 line numbers (1-based physical line where the record starts).
    pub lines: Vec<u64>,
}
