use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Settings for the whole strategy directory (at most one).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// The organisation's name, shown in reports.
    pub name: Option<String>,
    /// IANA timezone in which days, weeks and months are cut (default `UTC`).
    pub timezone: Option<String>,
    /// First day of a week (default `monday`, ISO).
    pub week_start: Option<WeekStart>,
    /// How far below the ramp still counts as `at_risk` rather than `off_track` (default 0.05).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub at_risk_tolerance: Option<f64>,
    /// A person is "sticking" after this many consecutive practicing periods (default 3).
    #[schemars(range(min = 1))]
    pub sticky_periods: Option<u32>,
    /// Breakdown groups smaller than this are folded into `(other)` (default 5).
    #[schemars(range(min = 1))]
    pub min_group_size: Option<u32>,
    /// Folder of template overrides, relative to this file.
    pub templates: Option<String>,
}

/// First day of a week: `monday` (ISO) or `sunday`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}
