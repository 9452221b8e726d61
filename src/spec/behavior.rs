use super::{OneOrMany, Scalar};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A concrete behavior that implements a priority, or an old one to retire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Behavior {
    /// Unique slug among behaviors.
    #[schemars(pattern(r"^[a-z0-9][a-z0-9-]{0,62}$"))]
    pub id: String,
    /// The priority this behavior implements.
    pub priority: String,
    /// One line: the behavior, as people would say it.
    pub title: String,
    /// `adopt` (default): do it at least N times per period; `retire`: at most N times.
    pub direction: Option<Direction>,
    /// Who is asked to do it: roster filters (AND across keys, OR within a list).
    pub audience: Option<Audience>,
    /// When: the situation that prompts the behavior.
    pub cue: Option<String>,
    /// What: an observable act.
    pub action: Option<String>,
    /// Why it matters to the people doing it.
    pub why: Option<String>,
    /// The `retire` behavior this one displaces.
    pub replaces: Option<String>,
    /// How the behavior shows up in activity data.
    pub evidence: Option<Evidence>,
    /// When reinforcement started (`YYYY-MM-DD`): baseline before, checkpoints after.
    pub launch: Option<String>,
    /// How often, how many people, by when.
    pub target: Option<Target>,
    /// What makes the old way easier.
    pub friction: Option<Vec<String>>,
    /// How the new way is made to stick.
    pub reinforcement: Option<Vec<Reinforcement>>,
    /// Who answers for this behavior.
    pub owner: Option<String>,
}

/// `adopt`: do it at least N times per period; `retire`: at most N times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Adopt,
    Retire,
}

/// Roster filters: each key names a roster field or column; values match exactly.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Audience {
    /// Leave out people in their first N days.
    #[schemars(range(min = 0))]
    pub tenure_days: Option<u32>,
    /// Roster field → accepted value(s).
    #[serde(flatten)]
    pub filters: BTreeMap<String, OneOrMany<Scalar>>,
}

/// Where and how the behavior is observed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// A source id.
    pub source: String,
    /// An event name, or a list of names.
    pub event: OneOrMany<String>,
    /// Conditions on the event's columns; every one must hold.
    #[serde(rename = "where")]
    pub conditions: Option<BTreeMap<String, Condition>>,
}

/// A condition on one column: a value, a list of values (one of), or operators.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Condition {
    Equals(Scalar),
    OneOf(Vec<Scalar>),
    Operators(Operators),
}

/// Comparison operators; all given must hold.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operators {
    pub gt: Option<f64>,
    pub gte: Option<f64>,
    pub lt: Option<f64>,
    pub lte: Option<f64>,
    /// Not equal to.
    pub ne: Option<Scalar>,
    /// A regular expression searched in the text.
    pub matches: Option<String>,
    /// `true`: the column must be present and non-empty; `false`: absent or empty.
    pub exists: Option<bool>,
}

/// How often per person, and how many people, by when.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Adopt: times per person per period (default 1).
    #[schemars(range(min = 1))]
    pub at_least: Option<u32>,
    /// Retire: at most this many times per person per period (default 0).
    #[schemars(range(min = 0))]
    pub at_most: Option<u32>,
    /// The period: `day`, `workday`, `week` (default) or `month`.
    pub per: Option<Per>,
    /// Share of the audience that must be practicing, 0..1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub adoption: Option<f64>,
    /// Date the adoption target is due (`YYYY-MM-DD`).
    pub by: Option<String>,
}

/// A period: `day`, `workday` (Monday to Friday), `week` or `month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Day,
    Workday,
    #[default]
    Week,
    Month,
}

/// One way the behavior is reinforced.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reinforcement {
    /// `nudge`, `checklist`, `manager-review`, `system-change`, `recognition` or `training`.
    pub kind: ReinforcementKind,
    /// What is done.
    pub description: Option<String>,
    /// For nudges: the message template (minijinja), e.g. `{{ person.name }}, …`.
    pub message: Option<String>,
}

/// `nudge`, `checklist`, `manager-review`, `system-change`, `recognition` or `training`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReinforcementKind {
    Nudge,
    Checklist,
    ManagerReview,
    SystemChange,
    Recognition,
    Training,
}
