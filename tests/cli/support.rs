//! Fixture builder and a runner for the real binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs praxis in `dir` with a fixed, colorless environment.
pub fn praxis(dir: &Path, args: &[&str]) -> Run {
    praxis_env(dir, args, &[])
}

/// Like [`praxis`], with extra environment variables.
pub fn praxis_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run praxis");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory with files written into `strategy/`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = Fixture { dir };
        for (name, text) in files {
            f.write(name, text.as_bytes());
        }
        f
    }

    pub fn write(&self, name: &str, bytes: &[u8]) {
        let path = self.dir.path().join("strategy").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write fixture");
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        praxis(self.path(), args)
    }
}

/// Findings of `validate --format json` as `code file:line:col` lines.
pub fn finding_lines(json: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("validate --format json");
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{}",
                f["code"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}
