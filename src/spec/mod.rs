//! The user-facing file format (DESIGN §1): one type per `kind`, 1:1 with the YAML.
//!
//! These types exist to be read and to generate the JSON Schemas in `schemas/`; they keep
//! every field optional that the format lets users leave out. `check` turns them into the
//! resolved [`crate::model`] that the rest of praxis uses.

mod behavior;
mod common;
mod exports;
mod priority;
mod workspace;

pub use behavior::{
    Audience, Behavior, Condition, Direction, Evidence, Operators, Per, Reinforcement,
    ReinforcementKind, Target,
};
pub use common::{OneOrMany, Scalar};
pub use exports::{
    CheckinFields, Checkins, ExportFormat, Roster, RosterFields, Scale, Source, SourceFields,
};
pub use priority::{Horizon, Outcome, Priority, PriorityStatus};
pub use workspace::{WeekStart, Workspace};

/// The `kind`s a document can have, in the order praxis documents them.
pub const KINDS: &[&str] = &[
    "workspace",
    "priority",
    "behavior",
    "source",
    "roster",
    "checkins",
];

/// The format versions this praxis reads.
pub const VERSIONS: &[&str] = &["praxis/v1"];

/// The id pattern of DESIGN §1.
pub const SLUG_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,62}$";

/// A document read into its kind's type.
#[derive(Debug, Clone)]
pub enum Spec {
    Workspace(Workspace),
    Priority(Priority),
    Behavior(Box<Behavior>),
    Source(Source),
    Roster(Roster),
    Checkins(Checkins),
}

impl Spec {
    /// Reads a document of `kind` (already checked against its schema) from its value
    /// without `kind` and `version`.
    pub fn from_value(kind: &str, value: serde_json::Value) -> Result<Spec, serde_json::Error> {
        Ok(match kind {
            "workspace" => Spec::Workspace(serde_json::from_value(value)?),
            "priority" => Spec::Priority(serde_json::from_value(value)?),
            "behavior" => Spec::Behavior(Box::new(serde_json::from_value(value)?)),
            "source" => Spec::Source(serde_json::from_value(value)?),
            "roster" => Spec::Roster(serde_json::from_value(value)?),
            "checkins" => Spec::Checkins(serde_json::from_value(value)?),
            other => {
                return Err(serde::de::Error::custom(format!("unknown kind `{other}`")));
            }
        })
    }
}
