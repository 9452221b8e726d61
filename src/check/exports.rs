//! Layer 2, continued: the columns named in the strategy must exist in the exports, and
//! audiences must name roster fields and values that exist.

use crate::diag::{Code, Finding, Findings, did_you_mean};
use crate::files::{Files, display_path};
use crate::ingest;
use crate::model::{DocId, Strategy};
use crate::yaml::escape;
use std::collections::{BTreeSet, HashMap};

/// The roster as read for validation: columns and each column's distinct values.
pub struct RosterView<'a> {
    pub columns: Vec<String>,
    /// Every row's cells in `columns` order (empty where a file lacks the column).
    pub rows: Vec<Vec<&'a str>>,
}

pub fn check<'s>(
    strategy: &'s Strategy,
    files: &Files,
    findings: &mut Findings,
) -> Option<RosterView<'s>> {
    let mut cx = Cx {
        strategy,
        files,
        findings,
    };
    for (i, source) in strategy.sources.iter().enumerate() {
        let mut wanted: Vec<(String, DocId, String, bool)> = vec![
            (
                source.timestamp.clone(),
                source.doc,
                "/fields/timestamp".into(),
                false,
            ),
            (
                source.actor.clone(),
                source.doc,
                "/fields/actor".into(),
                false,
            ),
            (
                source.event.clone(),
                source.doc,
                "/fields/event".into(),
                false,
            ),
        ];
        for b in &strategy.behaviors {
            for c in b
                .evidence
                .iter()
                .filter(|e| e.source == i)
                .flat_map(|e| &e.conditions)
            {
                let pointer = format!("/evidence/where/{}", escape(&c.column));
                wanted.push((c.column.clone(), b.doc, pointer, true));
            }
        }
        cx.check_columns(
            &source.files,
            source.format,
            source.delimiter,
            source.doc,
            &wanted,
        );
    }
    for c in &strategy.checkins {
        let wanted = vec![
            (c.date.clone(), c.doc, "/fields/date".to_string(), false),
            (
                c.subject.clone(),
                c.doc,
                "/fields/subject".to_string(),
                false,
            ),
            (
                c.reported.clone(),
                c.doc,
                "/fields/reported".to_string(),
                false,
            ),
        ];
        cx.check_columns(&c.files, c.format, c.delimiter, c.doc, &wanted);
    }
    cx.roster()
}

struct Cx<'s, 'a> {
    strategy: &'s Strategy,
    files: &'a Files,
    findings: &'a mut Findings,
}

impl<'s> Cx<'s, '_> {
    fn push(&mut self, doc: DocId, pointer: &str, key: bool, finding: Finding) {
        let d = &self.strategy.docs[doc.0];
        let spot = if key {
            d.key_spot(pointer)
        } else {
            d.value_spot(pointer)
        };
        let path = d.yaml_path(&self.files.get(d.file).display, pointer);
        self.findings.push(finding.at(spot).path(path));
    }

    fn unreadable(&mut self, doc: DocId, path: &std::path::Path, why: &str) {
        self.push(
            doc,
            "/path",
            false,
            Finding::new(
                Code::UnreadableExport,
                format!("cannot read the columns of {}: {why}", display_path(path)),
            )
            .help("check the file's format (`format:`) and `delimiter:`"),
        );
    }

    /// Checks that each wanted column (name, document, pointer, point-at-key) exists in
    /// every file of an export.
    fn check_columns(
        &mut self,
        paths: &[std::path::PathBuf],
        format: Option<crate::spec::ExportFormat>,
        delimiter: u8,
        doc: DocId,
        wanted: &[(String, DocId, String, bool)],
    ) {
        for path in paths {
            let columns = match ingest::columns(path, format, delimiter) {
                Ok(Some(c)) => c,
                // An empty export has no columns to check; the adoption run reports it.
                Ok(None) => continue,
                Err(why) => {
                    self.unreadable(doc, path, &why);
                    continue;
                }
            };
            for (name, at_doc, pointer, key) in wanted {
                if columns.iter().any(|c| c == name) {
                    continue;
                }
                self.push(*at_doc, pointer, *key, missing_column(name, path, &columns));
            }
        }
    }

    fn roster(&mut self) -> Option<RosterView<'s>> {
        let strategy = self.strategy;
        let Some(roster) = &strategy.roster else {
            if let Some(b) = strategy
                .behaviors
                .iter()
                .find(|b| !b.audience.filters.is_empty())
            {
                let d = &strategy.docs[b.doc.0];
                self.findings.push(
                    Finding::new(
                        Code::NoRoster,
                        "behaviors have audiences, but there is no roster",
                    )
                    .at(d.key_spot("/audience"))
                    .path(d.yaml_path(&self.files.get(d.file).display, "/audience"))
                    .help("add a `kind: roster` document pointing at the people export"),
                );
            }
            return None;
        };
        let mut view = RosterView {
            columns: Vec::new(),
            rows: Vec::new(),
        };
        for (path, table) in roster.files.iter().zip(roster.tables()) {
            match table {
                Ok(t) => {
                    if view.columns.is_empty() {
                        view.columns = t.columns.clone();
                    }
                    let index: Vec<Option<usize>> =
                        view.columns.iter().map(|c| t.column(c)).collect();
                    for row in &t.rows {
                        view.rows.push(
                            index
                                .iter()
                                .map(|i| i.and_then(|i| row.get(i)).map_or("", String::as_str))
                                .collect(),
                        );
                    }
                    for (field, column) in &roster.fields {
                        if t.column(column).is_none() {
                            let pointer = format!("/fields/{field}");
                            self.push(
                                roster.doc,
                                &pointer,
                                false,
                                missing_column(column, path, &t.columns),
                            );
                        }
                    }
                }
                Err(why) => self.unreadable(roster.doc, path, why),
            }
        }
        if roster.files.is_empty() || view.columns.is_empty() {
            return None;
        }
        self.audiences(&view);
        Some(view)
    }

    fn audiences(&mut self, view: &RosterView) {
        let strategy = self.strategy;
        let roster = strategy
            .roster
            .as_ref()
            .expect("invariant: called with a roster");
        let mut distinct: HashMap<usize, BTreeSet<&str>> = HashMap::new();
        for b in &strategy.behaviors {
            for f in &b.audience.filters {
                let pointer = format!("/audience/{}", escape(&f.field));
                let column = roster.column(&f.field);
                let Some(ci) = view.columns.iter().position(|c| c == column) else {
                    let mut known: Vec<String> =
                        roster.fields.iter().map(|(f, _)| f.clone()).collect();
                    known.extend(view.columns.iter().cloned());
                    self.push(
                        b.doc,
                        &pointer,
                        true,
                        Finding::new(
                            Code::UnknownRosterField,
                            format!(
                                "`{}` is neither a roster field nor a roster column",
                                f.field
                            ),
                        )
                        .help(
                            did_you_mean(&f.field, &known)
                                .unwrap_or_else(|| format!("roster fields: {}", known.join(", "))),
                        ),
                    );
                    continue;
                };
                let values = distinct
                    .entry(ci)
                    .or_insert_with(|| view.rows.iter().map(|r| r[ci]).collect());
                for (vi, v) in f.values.iter().enumerate() {
                    if values.contains(v.as_str()) {
                        continue;
                    }
                    let vp = if b_doc_has_list(strategy, b.doc, &pointer) {
                        format!("{pointer}/{vi}")
                    } else {
                        pointer.clone()
                    };
                    let help = did_you_mean(v, values.iter()).unwrap_or_else(|| {
                        let sample: Vec<&str> = values.iter().take(8).copied().collect();
                        format!("values of `{}` include: {}", f.field, sample.join(", "))
                    });
                    self.push(
                        b.doc,
                        &vp,
                        false,
                        Finding::new(
                            Code::UnknownAudienceValue,
                            format!("no one in the roster has {} `{v}`", f.field),
                        )
                        .help(help),
                    );
                }
            }
        }
    }
}

fn b_doc_has_list(strategy: &Strategy, doc: DocId, pointer: &str) -> bool {
    strategy.docs[doc.0]
        .value
        .pointer(pointer)
        .is_some_and(|v| v.is_array())
}

/// An `unknown-column` finding naming the column, the file and its header.
pub fn missing_column(name: &str, path: &std::path::Path, columns: &[String]) -> Finding {
    let shown: Vec<&str> = columns.iter().take(20).map(String::as_str).collect();
    let more = if columns.len() > 20 { ", …" } else { "" };
    let header = format!("{} has: {}{more}", display_path(path), shown.join(", "));
    let help = match did_you_mean(name, columns) {
        Some(s) => format!("{s} ({header})"),
        None => header,
    };
    Finding::new(
        Code::UnknownColumn,
        format!("column `{name}` is not in {}", display_path(path)),
    )
    .help(help)
}
