//! One module per command.

pub mod explain;
pub mod schema;
pub mod validate;

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// The strategy directory: `DIR` if given, else `./strategy`, else (under `-C`) the
/// current directory itself.
pub fn strategy_dir(arg: Option<&Path>, chdir: bool) -> Result<PathBuf> {
    if let Some(dir) = arg {
        return Ok(dir.to_path_buf());
    }
    let default = PathBuf::from("strategy");
    if default.is_dir() {
        return Ok(default);
    }
    if chdir {
        return Ok(PathBuf::from("."));
    }
    bail!(
        "strategy directory ./strategy not found; pass the directory as an argument (praxis validate DIR) or run `praxis init`"
    )
}
