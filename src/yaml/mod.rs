//! YAML files → documents (a JSON value plus where each node came from).
//!
//! Two passes over each file, both through serde-saphyr's parser stack:
//! 1. granit's event stream (linear: aliases are not expanded) finds the documents and records
//!    the byte span of every node by JSON pointer, for locating findings;
//! 2. serde-saphyr deserializes each document's slice into a `serde_json::Value`, applying the
//!    limits (depth, nodes, alias expansion) per document, so a large generated file of many
//!    small documents is fine while an alias bomb stops early.

mod options;
mod spans;

pub use spans::{SpanMap, escape};

use crate::diag::{Code, Finding, Findings, Spot};
use crate::files::{FileId, SourceFile};
use std::ops::Range;

/// One YAML document of a strategy file.
#[derive(Debug)]
pub struct Document {
    pub file: FileId,
    /// 1-based position among the file's non-empty documents.
    pub index: usize,
    pub value: serde_json::Value,
    pub spans: SpanMap,
}

impl Document {
    /// The spot of the value at a JSON pointer (or its nearest ancestor).
    pub fn value_spot(&self, pointer: &str) -> Spot {
        Spot {
            file: self.file,
            bytes: self.spans.value(pointer),
        }
    }

    /// The spot of the key of the member at a JSON pointer (or its value when it has no key).
    pub fn key_spot(&self, pointer: &str) -> Spot {
        Spot {
            file: self.file,
            bytes: self.spans.key(pointer),
        }
    }

    /// `file#doc/pointer`, the YAML path of a node.
    pub fn yaml_path(&self, display: &str, pointer: &str) -> String {
        format!("{display}#{}{pointer}", self.index)
    }
}

/// Parses every document of a file, pushing syntax and limit findings.
pub fn parse_file(id: FileId, file: &SourceFile, findings: &mut Findings) -> Vec<Document> {
    let (raw_docs, scan_error) = spans::scan(&file.text);
    if let Some((offset, message)) = scan_error {
        findings.push(syntax_finding(id, file, offset, &message));
        return Vec::new();
    }
    let mut docs = Vec::new();
    for raw in raw_docs {
        let slice = &file.text[raw.bytes.clone()];
        match serde_saphyr::from_str_with_options::<serde_json::Value>(
            slice,
            options::yaml_options(),
        ) {
            Ok(value) => docs.push(Document {
                file: id,
                index: docs.len() + 1,
                value,
                spans: raw.spans,
            }),
            Err(error) => findings.push(deserialize_finding(id, file, &raw.bytes, &error)),
        }
    }
    docs
}

fn syntax_finding(id: FileId, file: &SourceFile, offset: usize, message: &str) -> Finding {
    let mut finding = Finding::new(Code::YamlSyntax, format!("invalid YAML: {message}"))
        .at(point(id, file, offset));
    if message.contains("tab") {
        finding = finding.help("YAML indentation must use spaces; replace the tab characters");
    } else if message.contains("recursion limit") {
        finding = Finding::new(
            Code::YamlLimit,
            "nesting is deeper than the parser's limit".to_string(),
        )
        .at(point(id, file, offset))
        .help("strategy documents never need deep nesting; flatten the structure");
    } else if message.contains("mapping values are not allowed") {
        finding = finding.help("a value containing `: ` must be quoted");
    }
    finding
}

fn deserialize_finding(
    id: FileId,
    file: &SourceFile,
    doc: &Range<usize>,
    error: &serde_saphyr::Error,
) -> Finding {
    let base = file.line_col(doc.start);
    let offset = match error.location() {
        Some(loc) if loc.line() > 0 => file.offset(
            base.line + loc.line() as usize - 1,
            loc.column().max(1) as usize,
        ),
        _ => doc.start,
    };
    let text = strip_location(&error.without_snippet().to_string());
    let spot = point(id, file, offset);
    match innermost(error) {
        serde_saphyr::Error::DuplicateMappingKey { .. } => Finding::new(Code::DuplicateKey, text)
            .at(spot)
            .help("remove one of the two keys"),
        serde_saphyr::Error::Budget { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. } => Finding::new(
            Code::YamlLimit,
            format!("document exceeds praxis's YAML limits: {text}"),
        )
        .at(spot)
        .help(options::LIMITS_HELP),
        _ if text.contains("budget breached") => Finding::new(
            Code::YamlLimit,
            format!("document exceeds praxis's YAML limits: {text}"),
        )
        .at(spot)
        .help(options::LIMITS_HELP),
        _ if text.contains("recursion limit") || text.contains("depth") => Finding::new(
            Code::YamlLimit,
            format!("document is nested too deeply: {text}"),
        )
        .at(spot)
        .help(options::LIMITS_HELP),
        _ => Finding::new(Code::YamlSyntax, format!("invalid YAML: {text}")).at(spot),
    }
}

/// The error behind alias wrappers (an error met while replaying an alias is wrapped with
/// both the alias and the anchor location).
fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match error {
        serde_saphyr::Error::AliasError { error, .. }
        | serde_saphyr::Error::WithSnippet { error, .. } => innermost(error),
        other => other,
    }
}

/// A zero-width spot widened to one character, so renderers have something to underline.
fn point(id: FileId, file: &SourceFile, offset: usize) -> Spot {
    let offset = offset.min(file.text.len());
    let end = file.text[offset..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(offset, |c| offset + c.len_utf8());
    Spot {
        file: id,
        bytes: offset..end,
    }
}

/// serde-saphyr appends " at line L, column C"; the finding carries its own location.
fn strip_location(message: &str) -> String {
    let cut = message.find(" at line ").unwrap_or(message.len());
    let message = &message[..cut];
    message
        .strip_suffix(", set DuplicateKeyPolicy in Options if acceptable")
        .unwrap_or(message)
        .to_string()
}
