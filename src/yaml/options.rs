//! The one place serde-saphyr is configured, so every pass reads YAML the same way.

use serde_saphyr::{Budget, DuplicateKeyPolicy, Options};

/// Nesting depth allowed in one document.
pub const MAX_DEPTH: usize = 64;
/// Nodes allowed in one document after alias expansion.
pub const MAX_NODES: usize = 100_000;

pub const LIMITS_HELP: &str = "praxis allows 64 levels of nesting and 100,000 nodes per \
document (after alias expansion); write repeated values out instead of aliasing them";

pub fn yaml_options() -> Options {
    let mut options = Options::default();
    // `yes`, `on`, `y` stay strings: YAML 1.2, and no Norway problem in team names.
    options.strict_booleans = true;
    // `007` and `1_000` are ids or codes far more often than numbers.
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.with_snippet = false;
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_documents = 1;
    options.budget = Some(budget);
    options
}
