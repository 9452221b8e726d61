use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A strategic priority, implemented by behaviors.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    /// Unique slug among priorities.
    #[schemars(pattern(r"^[a-z0-9][a-z0-9-]{0,62}$"))]
    pub id: String,
    /// One sentence: what the organisation will do differently.
    pub title: String,
    /// Who answers for it: free text or a roster person id.
    pub owner: Option<String>,
    /// `draft`, `active` (default) or `retired`.
    pub status: Option<PriorityStatus>,
    /// When the priority applies.
    pub horizon: Option<Horizon>,
    /// Why it matters (Markdown).
    pub why: Option<String>,
    /// The lag measures this priority is meant to move (informational).
    pub outcomes: Option<Vec<Outcome>>,
}

/// Whether a priority is in force: `draft`, `active` or `retired`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PriorityStatus {
    Draft,
    #[default]
    Active,
    Retired,
}

/// The dates a priority applies between.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: Option<String>,
}

/// A lag measure the priority should move.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// What is measured.
    pub name: String,
    /// The target, as text (`"32%"`).
    pub target: Option<super::Scalar>,
    /// Its id in the OKR tool.
    #[serde(rename = "ref")]
    pub reference: Option<super::Scalar>,
}
