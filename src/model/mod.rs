//! The resolved strategy: ids resolved to indexes, defaults applied, dates parsed.
//! Everything after `check` works on these types; they never hold raw user strings where
//! a resolved value exists.

use crate::spec::{self, Direction, ExportFormat, Per, PriorityStatus, Scalar, WeekStart};
use crate::yaml::Document;
use chrono::NaiveDate;
use chrono_tz::Tz;
use regex::Regex;
use std::path::PathBuf;

/// Index of a document in [`Strategy::docs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocId(pub usize);

/// A checked strategy directory.
#[derive(Debug)]
pub struct Strategy {
    pub root: PathBuf,
    pub docs: Vec<Document>,
    pub workspace: Workspace,
    pub priorities: Vec<Priority>,
    pub behaviors: Vec<Behavior>,
    pub sources: Vec<Source>,
    pub roster: Option<Roster>,
    pub checkins: Vec<Checkins>,
}

impl Strategy {
    pub fn priority(&self, id: &str) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.id == id)
    }

    pub fn behavior(&self, id: &str) -> Option<&Behavior> {
        self.behaviors.iter().find(|b| b.id == id)
    }
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub name: Option<String>,
    pub timezone: Tz,
    pub week_start: WeekStart,
    pub at_risk_tolerance: f64,
    pub sticky_periods: u32,
    pub min_group_size: u32,
    pub templates: Option<PathBuf>,
    pub doc: Option<DocId>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            name: None,
            timezone: Tz::UTC,
            week_start: WeekStart::Monday,
            at_risk_tolerance: 0.05,
            sticky_periods: 3,
            min_group_size: 5,
            templates: None,
            doc: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Priority {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub status: PriorityStatus,
    pub horizon_start: Option<NaiveDate>,
    pub horizon_end: Option<NaiveDate>,
    pub why: Option<String>,
    pub outcomes: Vec<spec::Outcome>,
    pub doc: DocId,
}

#[derive(Debug, Clone)]
pub struct Behavior {
    pub id: String,
    /// Index into [`Strategy::priorities`].
    pub priority: usize,
    pub title: String,
    pub direction: Direction,
    pub audience: Audience,
    pub cue: Option<String>,
    pub action: Option<String>,
    pub why: Option<String>,
    /// Index into [`Strategy::behaviors`] of the retire behavior this one displaces.
    pub replaces: Option<usize>,
    pub evidence: Option<Evidence>,
    pub launch: Option<NaiveDate>,
    /// N: `at_least` (adopt, default 1) or `at_most` (retire, default 0).
    pub threshold: u32,
    pub per: Per,
    pub target_adoption: Option<f64>,
    pub target_by: Option<NaiveDate>,
    pub friction: Vec<String>,
    pub reinforcement: Vec<spec::Reinforcement>,
    pub owner: Option<String>,
    pub doc: DocId,
}

/// Roster filters: AND across filters, OR within a filter's values.
#[derive(Debug, Clone, Default)]
pub struct Audience {
    pub filters: Vec<AudienceFilter>,
    pub tenure_days: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct AudienceFilter {
    /// A roster field name (`team`) or column header.
    pub field: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Evidence {
    /// Index into [`Strategy::sources`].
    pub source: usize,
    pub events: Vec<String>,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub column: String,
    pub test: Test,
}

#[derive(Debug, Clone)]
pub enum Test {
    Equals(Scalar),
    OneOf(Vec<Scalar>),
    Compare(Comparisons),
}

#[derive(Debug, Clone, Default)]
pub struct Comparisons {
    pub gt: Option<f64>,
    pub gte: Option<f64>,
    pub lt: Option<f64>,
    pub lte: Option<f64>,
    pub ne: Option<Scalar>,
    pub matches: Option<Regex>,
    pub exists: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimestampFormat {
    Rfc3339,
    Date,
    Unix,
    UnixMs,
    Strftime(String),
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub pattern: String,
    /// Files matched by `path`, sorted.
    pub files: Vec<PathBuf>,
    pub format: Option<ExportFormat>,
    pub timestamp: String,
    pub actor: String,
    pub event: String,
    pub timestamp_format: TimestampFormat,
    pub timezone: Option<Tz>,
    pub delimiter: u8,
    pub doc: DocId,
}

#[derive(Debug, Clone)]
pub struct Roster {
    pub pattern: String,
    pub files: Vec<PathBuf>,
    pub format: Option<ExportFormat>,
    /// Mapped fields: (field name, column).
    pub fields: Vec<(String, String)>,
    pub delimiter: u8,
    pub doc: DocId,
    /// Each file as read, the first time anyone asks (the check for audience values, then
    /// the measurement): a roster is read once per run.
    pub tables: std::sync::OnceLock<Vec<Result<crate::ingest::Table, String>>>,
}

impl Roster {
    /// The roster's files read into tables, in file order (each an error message if it
    /// could not be read).
    pub fn tables(&self) -> &[Result<crate::ingest::Table, String>] {
        self.tables.get_or_init(|| {
            self.files
                .iter()
                .map(|path| crate::ingest::read_table(path, self.format, self.delimiter))
                .collect()
        })
    }

    /// The column of a field name (`team` → `team_name`), or the name itself as a column.
    pub fn column<'a>(&'a self, field: &'a str) -> &'a str {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map_or(field, |(_, c)| c.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Checkins {
    pub id: Option<String>,
    pub pattern: String,
    pub files: Vec<PathBuf>,
    pub format: Option<ExportFormat>,
    pub date: String,
    pub subject: String,
    pub reported: String,
    pub scale: spec::Scale,
    pub delimiter: u8,
    pub doc: DocId,
}

/// The format of an export file: declared, or from its extension.
pub fn format_of(declared: Option<ExportFormat>, path: &std::path::Path) -> ExportFormat {
    if let Some(f) = declared {
        return f;
    }
    let name = path.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
        ExportFormat::Ndjson
    } else if name.ends_with(".json") {
        ExportFormat::Json
    } else {
        ExportFormat::Csv
    }
}
