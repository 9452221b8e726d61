//! Finding and reading the strategy files.

use crate::diag::{Code, Finding, Findings, Spot};
use crate::files::{FileId, Files, SourceFile, display_path};
use crate::yaml::{self, Document};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Strategy files larger than this are rejected unread.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Every `*.yaml` / `*.yml` below `dir`, sorted, skipping hidden entries and symlinked
/// directories (which could loop).
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(dir)
        .with_context(|| format!("strategy directory {} not found", dir.display()))?;
    if !meta.is_dir() {
        bail!("{} is not a directory", dir.display());
    }
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries =
            std::fs::read_dir(&d).with_context(|| format!("reading directory {}", d.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading directory {}", d.display()))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(path);
            } else if is_yaml(&path) && (kind.is_file() || path.is_file()) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Reads and parses every strategy file. Problems with a file's content are findings;
/// a file that cannot be read at all is a failure.
pub fn load(
    paths: &[PathBuf],
    files: &mut Files,
    findings: &mut Findings,
) -> Result<Vec<Document>> {
    let mut contents = Vec::new();
    for path in paths {
        let display = display_path(path);
        let size = std::fs::metadata(path)
            .with_context(|| format!("reading {display}"))?
            .len();
        // Larger files are not read at all: the size alone is the finding.
        let bytes = if size > MAX_FILE_BYTES {
            Content::TooLarge(size)
        } else {
            Content::Bytes(std::fs::read(path).with_context(|| format!("reading {display}"))?)
        };
        contents.push((path.clone(), bytes));
    }
    Ok(load_contents(contents, files, findings))
}

/// A strategy file's content, read from disk or from a git revision.
pub enum Content {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Parses strategy files given as (path, content); the paths are where the files are
/// (or would be) in the working tree, so relative export paths resolve from there.
pub fn load_contents(
    contents: Vec<(PathBuf, Content)>,
    files: &mut Files,
    findings: &mut Findings,
) -> Vec<Document> {
    let mut docs = Vec::new();
    for (path, content) in contents {
        let display = display_path(&path);
        let bytes = match content {
            Content::TooLarge(size) => {
                let id = files.add(SourceFile::new(
                    display.clone(),
                    path.clone(),
                    String::new(),
                ));
                findings.push(
                    Finding::new(
                        Code::FileTooLarge,
                        format!(
                            "{display} is {:.1} MiB; strategy files may be at most 8 MiB",
                            size as f64 / 1048576.0
                        ),
                    )
                    .at(Spot {
                        file: id,
                        bytes: 0..0,
                    })
                    .help("move data exports out of the strategy directory, or split the file"),
                );
                continue;
            }
            Content::Bytes(b) if b.len() as u64 > MAX_FILE_BYTES => {
                let size = b.len() as u64;
                docs.extend(load_contents(
                    vec![(path, Content::TooLarge(size))],
                    files,
                    findings,
                ));
                continue;
            }
            Content::Bytes(b) => b,
        };
        let id = match String::from_utf8(bytes) {
            Ok(text) => {
                let text = text
                    .strip_prefix('\u{feff}')
                    .map(str::to_string)
                    .unwrap_or(text);
                files.add(SourceFile::new(display, path.clone(), text))
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let offset = String::from_utf8_lossy(&bytes[..valid]).len();
                let id = files.add(SourceFile::new(display, path.clone(), text));
                findings.push(
                    Finding::new(Code::InvalidUtf8, format!("invalid UTF-8 at byte {valid}"))
                        .at(Spot {
                            file: id,
                            bytes: offset..offset + 1,
                        })
                        .help("re-save the file as UTF-8"),
                );
                continue;
            }
        };
        let file = files.get(id);
        let parsed = yaml::parse_file(id, file, findings);
        if parsed.is_empty() && !findings_for(findings, id) {
            findings.push(
                Finding::new(
                    Code::EmptyFile,
                    format!("{} holds no document", file.display),
                )
                .at(Spot {
                    file: id,
                    bytes: 0..0,
                })
                .help("delete the file, or add a document with a `kind`"),
            );
        }
        docs.extend(parsed);
    }
    docs
}

fn findings_for(findings: &Findings, id: FileId) -> bool {
    findings
        .iter()
        .any(|f| f.spot.as_ref().is_some_and(|s| s.file == id))
}
