use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An activity export: where it is and how to read it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique slug among sources.
    #[schemars(pattern(r"^[a-z0-9][a-z0-9-]{0,62}$"))]
    pub id: String,
    /// File or glob, relative to this file.
    pub path: String,
    /// `csv`, `json` (an array of objects) or `ndjson`; default from the file extension.
    pub format: Option<ExportFormat>,
    /// Which column (or dotted JSON path) means what.
    pub fields: SourceFields,
    /// `rfc3339` (default), `date`, `unix`, `unix_ms` or a strftime pattern.
    pub timestamp_format: Option<String>,
    /// Timezone of timestamps without an offset (default: the workspace's).
    pub timezone: Option<String>,
    /// CSV field delimiter (one character, default `,`).
    #[schemars(length(min = 1, max = 1))]
    pub delimiter: Option<String>,
}

/// Column names of a source's export.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceFields {
    /// When the event happened.
    pub timestamp: String,
    /// Who did it: matched against roster ids.
    pub actor: String,
    /// What happened: the event name.
    pub event: String,
}

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Json,
    Ndjson,
}

/// The people export: who exists, in which team and role.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    /// File or glob, relative to this file.
    pub path: String,
    /// `csv`, `json` or `ndjson`; default from the file extension.
    pub format: Option<ExportFormat>,
    /// Which column means what; `id` is required.
    pub fields: RosterFields,
    /// CSV field delimiter (one character, default `,`).
    #[schemars(length(min = 1, max = 1))]
    pub delimiter: Option<String>,
}

/// Column names of the roster export.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterFields {
    /// The person's id, matched against activity actors (often an email address).
    pub id: String,
    pub name: Option<String>,
    pub team: Option<String>,
    pub role: Option<String>,
    pub manager: Option<String>,
    pub location: Option<String>,
    /// First day (`YYYY-MM-DD`).
    pub start: Option<String>,
    /// Last day (`YYYY-MM-DD`).
    pub end: Option<String>,
}

impl RosterFields {
    /// The mapped fields as (field name, column) pairs.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let optional = [
            ("name", &self.name),
            ("team", &self.team),
            ("role", &self.role),
            ("manager", &self.manager),
            ("location", &self.location),
            ("start", &self.start),
            ("end", &self.end),
        ];
        let mut pairs = vec![("id", self.id.as_str())];
        pairs.extend(
            optional
                .into_iter()
                .filter_map(|(k, v)| v.as_deref().map(|v| (k, v))),
        );
        pairs
    }
}

/// An export of reported progress (from an OKR tool or a survey).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkins {
    /// Optional slug naming this export.
    #[schemars(pattern(r"^[a-z0-9][a-z0-9-]{0,62}$"))]
    pub id: Option<String>,
    /// File or glob, relative to this file.
    pub path: String,
    /// `csv`, `json` or `ndjson`; default from the file extension.
    pub format: Option<ExportFormat>,
    /// Which column means what.
    pub fields: CheckinFields,
    /// `percent` (0..100, default) or `fraction` (0..1).
    pub scale: Option<Scale>,
    /// CSV field delimiter (one character, default `,`).
    #[schemars(length(min = 1, max = 1))]
    pub delimiter: Option<String>,
}

/// Column names of a check-ins export.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckinFields {
    /// The check-in's date.
    pub date: String,
    /// A behavior id or a priority id.
    pub subject: String,
    /// The reported progress.
    pub reported: String,
}

/// How reported progress is expressed: `percent` (0..100) or `fraction` (0..1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    #[default]
    Percent,
    Fraction,
}
