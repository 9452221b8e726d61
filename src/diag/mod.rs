//! Findings: problems in the user's input, collected (never thrown) and reported together.

pub mod codes;
pub mod render;
mod suggest;

pub use codes::Code;
pub use suggest::{closest, did_you_mean};

use crate::files::FileId;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a source file: a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub file: FileId,
    pub bytes: Range<usize>,
}

/// A secondary place involved in a finding ("first defined here").
#[derive(Debug, Clone)]
pub struct Label {
    pub spot: Spot,
    pub message: String,
}

/// One problem found in the input.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub spot: Option<Spot>,
    /// `file#doc/json/pointer` of the offending node.
    pub path: Option<String>,
    pub help: Option<String>,
    pub labels: Vec<Label>,
}

impl Finding {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.info().severity,
            message: message.into(),
            spot: None,
            path: None,
            help: None,
            labels: Vec::new(),
        }
    }

    pub fn at(mut self, spot: Spot) -> Self {
        self.spot = Some(spot);
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn label(mut self, spot: Spot, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            spot,
            message: message.into(),
        });
        self
    }
}

/// Collects findings during a run.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        self.items.push(finding);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|f| f.severity == Severity::Error)
    }

    /// The findings sorted by file, position, then code; duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Finding> {
        self.items.sort_by(|a, b| {
            let key = |f: &Finding| {
                f.spot
                    .as_ref()
                    .map(|s| (s.file, s.bytes.start, s.bytes.end))
            };
            key(a)
                .cmp(&key(b))
                .then(a.code.cmp(&b.code))
                .then(a.message.cmp(&b.message))
        });
        self.items
            .dedup_by(|a, b| a.code == b.code && a.spot == b.spot && a.message == b.message);
        self.items
    }
}

/// `--allow` / `--deny` / `--deny-warnings`: how a run changes severities.
#[derive(Debug, Default, Clone)]
pub struct SeverityPolicy {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
    pub deny_warnings: bool,
}

impl SeverityPolicy {
    /// Applies the policy; allowed findings are dropped.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| !self.allow.iter().any(|c| c == f.code.name()))
            .map(|mut f| {
                if self.deny.iter().any(|c| c == f.code.name()) {
                    f.severity = Severity::Error;
                }
                f
            })
            .collect()
    }

    /// Whether these findings fail the run.
    pub fn fails(&self, findings: &[Finding]) -> bool {
        findings
            .iter()
            .any(|f| f.severity == Severity::Error || self.deny_warnings)
    }
}
