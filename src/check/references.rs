//! Layer 2: references between documents, and values that need more than a schema
//! (dates, timezones, regexes, paths). Builds the resolved model as it goes.

use super::shape::Loaded;
use crate::diag::{Code, Finding, Findings, Spot, closest, did_you_mean};
use crate::files::Files;
use crate::model::{self, DocId, Strategy};
use crate::spec::{self, Direction, Spec};
use crate::yaml::Document;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Checks references and resolves the strategy.
/// Checks references and resolves the strategy. Also returns every behavior as written
/// (first definition of each id), so lint can check behaviors that did not resolve.
pub fn resolve(
    root: &Path,
    loaded: Vec<Loaded>,
    files: &Files,
    findings: &mut Findings,
) -> (Strategy, Vec<(DocId, spec::Behavior)>) {
    let mut cx = Cx {
        files,
        findings,
        docs: Vec::new(),
    };
    let mut specs = Vec::new();
    for l in loaded {
        cx.docs.push(l.doc);
        specs.push((DocId(cx.docs.len() - 1), l.spec));
    }
    let workspace = cx.workspace(&specs);
    let priorities = cx.priorities(&specs);
    let sources = cx.sources(&specs);
    let roster = cx.roster(&specs);
    let checkins = cx.checkins(&specs);
    let behaviors = cx.behaviors(&specs, &priorities, &sources);
    let mut written: Vec<(DocId, spec::Behavior)> = Vec::new();
    for (id, s) in &specs {
        if let Spec::Behavior(b) = s
            && !written.iter().any(|(_, w)| w.id == b.id)
        {
            written.push((*id, b.as_ref().clone()));
        }
    }
    let strategy = Strategy {
        root: root.to_path_buf(),
        docs: cx.docs,
        workspace,
        priorities,
        behaviors,
        sources,
        roster,
        checkins,
    };
    (strategy, written)
}

struct Cx<'a> {
    files: &'a Files,
    findings: &'a mut Findings,
    docs: Vec<Document>,
}

impl Cx<'_> {
    fn doc(&self, id: DocId) -> &Document {
        &self.docs[id.0]
    }

    fn spot(&self, id: DocId, pointer: &str) -> Spot {
        self.doc(id).value_spot(pointer)
    }

    fn push(&mut self, id: DocId, pointer: &str, finding: Finding) {
        let doc = self.doc(id);
        let path = doc.yaml_path(&self.files.get(doc.file).display, pointer);
        let finding = if finding.spot.is_none() {
            finding.at(doc.value_spot(pointer))
        } else {
            finding
        };
        self.findings.push(finding.path(path));
    }

    /// The directory of the file that declares a document.
    fn base_dir(&self, id: DocId) -> PathBuf {
        let file = self.files.get(self.doc(id).file);
        file.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    fn date(&mut self, id: DocId, pointer: &str, text: Option<&str>) -> Option<NaiveDate> {
        let text = text?;
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) if text.len() == 10 => Some(d),
            _ => {
                self.push(
                    id,
                    pointer,
                    Finding::new(Code::InvalidDate, format!("`{text}` is not a date"))
                        .help("write a calendar date as YYYY-MM-DD, e.g. 2026-01-12"),
                );
                None
            }
        }
    }

    fn timezone(&mut self, id: DocId, pointer: &str, name: Option<&str>) -> Option<Tz> {
        let name = name?;
        match name.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()).collect();
                let help = did_you_mean(name, &names)
                    .unwrap_or_else(|| "use an IANA name such as `Europe/Berlin` or `UTC`".into());
                self.push(
                    id,
                    pointer,
                    Finding::new(Code::UnknownTimezone, format!("unknown timezone `{name}`"))
                        .help(help),
                );
                None
            }
        }
    }

    /// Reports the second (and later) of several singleton documents.
    fn singleton<'s>(
        &mut self,
        specs: &'s [(DocId, Spec)],
        pick: fn(&Spec) -> bool,
        code: Code,
        what: &str,
    ) -> Option<(DocId, &'s Spec)> {
        let mut all = specs.iter().filter(|(_, s)| pick(s));
        let first = all.next()?;
        for (id, _) in all {
            let first_spot = self.spot(first.0, "/kind");
            self.push(
                *id,
                "/kind",
                Finding::new(code, format!("a second {what} document"))
                    .label(first_spot, format!("first {what} defined here"))
                    .help(format!(
                        "a strategy directory has at most one {what}; merge them"
                    )),
            );
        }
        Some((first.0, &first.1))
    }

    fn workspace(&mut self, specs: &[(DocId, Spec)]) -> model::Workspace {
        let mut ws = model::Workspace::default();
        let Some((id, Spec::Workspace(w))) = self.singleton(
            specs,
            |s| matches!(s, Spec::Workspace(_)),
            Code::DuplicateWorkspace,
            "workspace",
        ) else {
            return ws;
        };
        let w = w.clone();
        ws.doc = Some(id);
        ws.name = w.name;
        if let Some(tz) = self.timezone(id, "/timezone", w.timezone.as_deref()) {
            ws.timezone = tz;
        }
        ws.week_start = w.week_start.unwrap_or_default();
        ws.at_risk_tolerance = w.at_risk_tolerance.unwrap_or(ws.at_risk_tolerance);
        ws.sticky_periods = w.sticky_periods.unwrap_or(ws.sticky_periods);
        ws.min_group_size = w.min_group_size.unwrap_or(ws.min_group_size);
        ws.templates = w.templates.map(|t| self.base_dir(id).join(t));
        ws
    }

    /// Reports duplicate ids of one kind, labelling the first definition.
    fn check_duplicates(&mut self, ids: &[(DocId, String)], what: &str) {
        let mut seen: HashMap<&str, DocId> = HashMap::new();
        for (id, name) in ids {
            if let Some(first) = seen.get(name.as_str()) {
                let first_spot = self.spot(*first, "/id");
                self.push(
                    *id,
                    "/id",
                    Finding::new(Code::DuplicateId, format!("duplicate {what} id `{name}`"))
                        .label(first_spot, "first defined here")
                        .help(format!("{what} ids must be unique; rename one of them")),
                );
            } else {
                seen.insert(name, *id);
            }
        }
    }

    fn priorities(&mut self, specs: &[(DocId, Spec)]) -> Vec<model::Priority> {
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for (id, spec) in specs {
            let Spec::Priority(p) = spec else { continue };
            ids.push((*id, p.id.clone()));
            let (start, end) = match &p.horizon {
                Some(h) => (
                    self.date(*id, "/horizon/start", Some(&h.start)),
                    self.date(*id, "/horizon/end", h.end.as_deref()),
                ),
                None => (None, None),
            };
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                let start_spot = self.spot(*id, "/horizon/start");
                self.push(
                    *id,
                    "/horizon/end",
                    Finding::new(
                        Code::DateOrder,
                        format!("horizon ends ({e}) before it starts ({s})"),
                    )
                    .label(start_spot, "starts here"),
                );
            }
            if ids[..ids.len() - 1].iter().any(|(_, n)| *n == p.id) {
                continue;
            }
            out.push(model::Priority {
                id: p.id.clone(),
                title: p.title.clone(),
                owner: p.owner.clone(),
                status: p.status.unwrap_or_default(),
                horizon_start: start,
                horizon_end: end,
                why: p.why.clone(),
                outcomes: p.outcomes.clone().unwrap_or_default(),
                doc: *id,
            });
        }
        self.check_duplicates(&ids, "priority");
        out
    }

    /// Resolves an export `path` (file or glob) relative to its document.
    fn export_files(&mut self, id: DocId, pattern: &str) -> Vec<PathBuf> {
        let base = self.base_dir(id);
        let full = base.join(pattern);
        let full_text = full.to_string_lossy().to_string();
        let matched: Vec<PathBuf> = match glob::glob(&full_text) {
            Ok(paths) => paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect(),
            Err(e) => {
                self.push(
                    id,
                    "/path",
                    Finding::new(
                        Code::InvalidPath,
                        format!("`{pattern}` is not a valid glob: {}", e.msg),
                    ),
                );
                return Vec::new();
            }
        };
        if matched.is_empty() {
            self.push(
                id,
                "/path",
                Finding::new(
                    Code::NoMatchingFiles,
                    format!(
                        "`{pattern}` matches no file (looked for {})",
                        crate::files::display_path(&full)
                    ),
                )
                .help("paths are relative to the YAML file that declares them"),
            );
        }
        let mut matched = matched;
        matched.sort();
        matched
    }

    fn delimiter(&mut self, id: DocId, d: Option<&str>) -> u8 {
        match d {
            None => b',',
            Some(d) if d.len() == 1 => d.as_bytes()[0],
            Some(d) => {
                self.push(
                    id,
                    "/delimiter",
                    Finding::new(
                        Code::InvalidValue,
                        format!("delimiter `{d}` must be one ASCII character"),
                    ),
                );
                b','
            }
        }
    }

    fn sources(&mut self, specs: &[(DocId, Spec)]) -> Vec<model::Source> {
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for (id, spec) in specs {
            let Spec::Source(s) = spec else { continue };
            ids.push((*id, s.id.clone()));
            let timestamp_format = self.timestamp_format(*id, s.timestamp_format.as_deref());
            let timezone = self.timezone(*id, "/timezone", s.timezone.as_deref());
            let files = self.export_files(*id, &s.path);
            let delimiter = self.delimiter(*id, s.delimiter.as_deref());
            if ids[..ids.len() - 1].iter().any(|(_, n)| *n == s.id) {
                continue;
            }
            out.push(model::Source {
                id: s.id.clone(),
                pattern: s.path.clone(),
                files,
                format: s.format,
                timestamp: s.fields.timestamp.clone(),
                actor: s.fields.actor.clone(),
                event: s.fields.event.clone(),
                timestamp_format,
                timezone,
                delimiter,
                doc: *id,
            });
        }
        self.check_duplicates(&ids, "source");
        out
    }

    fn timestamp_format(&mut self, id: DocId, text: Option<&str>) -> model::TimestampFormat {
        use chrono::format::{Item, StrftimeItems};
        use model::TimestampFormat as F;
        match text {
            None | Some("rfc3339") => F::Rfc3339,
            Some("date") => F::Date,
            Some("unix") => F::Unix,
            Some("unix_ms") => F::UnixMs,
            Some(pattern) => {
                let bad = !pattern.contains('%')
                    || StrftimeItems::new(pattern).any(|i| matches!(i, Item::Error));
                if bad {
                    let names = ["rfc3339", "date", "unix", "unix_ms"];
                    self.push(
                        id,
                        "/timestamp_format",
                        Finding::new(
                            Code::InvalidTimestampFormat,
                            format!("`{pattern}` is neither a known format nor a strftime pattern"),
                        )
                        .help(did_you_mean(pattern, &names).unwrap_or_else(|| {
                            "use rfc3339, date, unix, unix_ms or a pattern like %Y-%m-%d %H:%M:%S".into()
                        })),
                    );
                }
                F::Strftime(pattern.to_string())
            }
        }
    }

    fn roster(&mut self, specs: &[(DocId, Spec)]) -> Option<model::Roster> {
        let (id, Spec::Roster(r)) = self.singleton(
            specs,
            |s| matches!(s, Spec::Roster(_)),
            Code::DuplicateRoster,
            "roster",
        )?
        else {
            return None;
        };
        let r = r.clone();
        let files = self.export_files(id, &r.path);
        let delimiter = self.delimiter(id, r.delimiter.as_deref());
        Some(model::Roster {
            pattern: r.path.clone(),
            files,
            format: r.format,
            fields: r
                .fields
                .pairs()
                .into_iter()
                .map(|(f, c)| (f.to_string(), c.to_string()))
                .collect(),
            delimiter,
            doc: id,
            tables: std::sync::OnceLock::new(),
        })
    }

    fn checkins(&mut self, specs: &[(DocId, Spec)]) -> Vec<model::Checkins> {
        let mut out = Vec::new();
        let mut ids = Vec::new();
        for (id, spec) in specs {
            let Spec::Checkins(c) = spec else { continue };
            if let Some(name) = &c.id {
                ids.push((*id, name.clone()));
            }
            let files = self.export_files(*id, &c.path);
            let delimiter = self.delimiter(*id, c.delimiter.as_deref());
            out.push(model::Checkins {
                id: c.id.clone(),
                pattern: c.path.clone(),
                files,
                format: c.format,
                date: c.fields.date.clone(),
                subject: c.fields.subject.clone(),
                reported: c.fields.reported.clone(),
                scale: c.scale.unwrap_or_default(),
                delimiter,
                doc: *id,
            });
        }
        self.check_duplicates(&ids, "checkins");
        out
    }

    fn behaviors(
        &mut self,
        specs: &[(DocId, Spec)],
        priorities: &[model::Priority],
        sources: &[model::Source],
    ) -> Vec<model::Behavior> {
        let all: Vec<(DocId, &spec::Behavior)> = specs
            .iter()
            .filter_map(|(id, s)| match s {
                Spec::Behavior(b) => Some((*id, b.as_ref())),
                _ => None,
            })
            .collect();
        let ids: Vec<(DocId, String)> = all.iter().map(|(id, b)| (*id, b.id.clone())).collect();
        self.check_duplicates(&ids, "behavior");
        // First definition of each id wins; later duplicates are reported above.
        let mut unique: Vec<(DocId, &spec::Behavior)> = Vec::new();
        for (id, b) in &all {
            if !unique.iter().any(|(_, u)| u.id == b.id) {
                unique.push((*id, b));
            }
        }
        let mut out: Vec<model::Behavior> = Vec::new();
        let mut pending = Vec::new();
        for (id, b) in &unique {
            let id = *id;
            let priority = match priorities.iter().position(|p| p.id == b.priority) {
                Some(i) => Some(i),
                None => {
                    let names: Vec<&str> = priorities.iter().map(|p| p.id.as_str()).collect();
                    self.push(
                        id,
                        "/priority",
                        Finding::new(
                            Code::UnknownPriority,
                            format!("unknown priority `{}`", b.priority),
                        )
                        .help(
                            did_you_mean(&b.priority, &names).unwrap_or_else(|| {
                                if names.is_empty() {
                                    "no priority is defined; add a `kind: priority` document".into()
                                } else {
                                    format!("priorities are: {}", names.join(", "))
                                }
                            }),
                        ),
                    );
                    None
                }
            };
            let direction = b.direction.unwrap_or_default();
            let target = b.target.clone().unwrap_or_default();
            let threshold = self.threshold(id, direction, &target);
            let launch = self.date(id, "/launch", b.launch.as_deref());
            let by = self.date(id, "/target/by", target.by.as_deref());
            if let (Some(l), Some(d)) = (launch, by)
                && d < l
            {
                let launch_spot = self.spot(id, "/launch");
                self.push(
                    id,
                    "/target/by",
                    Finding::new(
                        Code::DateOrder,
                        format!("target date {d} is before launch {l}"),
                    )
                    .label(launch_spot, "launched here")
                    .help("the adoption target must be due after the launch"),
                );
            }
            let evidence = b
                .evidence
                .as_ref()
                .and_then(|e| self.evidence(id, e, sources));
            let replaces = b
                .replaces
                .as_ref()
                .and_then(|r| self.replaces(id, r, &unique))
                .map(|i| unique[i].1.id.clone());
            let Some(priority) = priority else { continue };
            pending.push(replaces);
            out.push(model::Behavior {
                id: b.id.clone(),
                priority,
                title: b.title.clone(),
                direction,
                audience: audience(b.audience.as_ref()),
                cue: b.cue.clone(),
                action: b.action.clone(),
                why: b.why.clone(),
                replaces: None,
                evidence,
                launch,
                threshold,
                per: target.per.unwrap_or_default(),
                target_adoption: target.adoption,
                target_by: by,
                friction: b.friction.clone().unwrap_or_default(),
                reinforcement: b.reinforcement.clone().unwrap_or_default(),
                owner: b.owner.clone(),
                doc: id,
            });
        }
        let index: HashMap<String, usize> = out
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.clone(), i))
            .collect();
        for (b, r) in out.iter_mut().zip(pending) {
            b.replaces = r.and_then(|r| index.get(&r).copied());
        }
        out
    }

    fn threshold(&mut self, id: DocId, direction: Direction, target: &spec::Target) -> u32 {
        match direction {
            Direction::Adopt => {
                if target.at_most.is_some() {
                    self.push(
                        id,
                        "/target/at_most",
                        Finding::new(Code::ThresholdDirection, "`at_most` on an adopt behavior")
                            .help("adopt behaviors use `at_least`; for an old way to stop, set `direction: retire`"),
                    );
                }
                target.at_least.unwrap_or(1)
            }
            Direction::Retire => {
                if target.at_least.is_some() {
                    self.push(
                        id,
                        "/target/at_least",
                        Finding::new(Code::ThresholdDirection, "`at_least` on a retire behavior")
                            .help("retire behaviors use `at_most` (default 0)"),
                    );
                }
                target.at_most.unwrap_or(0)
            }
        }
    }

    fn evidence(
        &mut self,
        id: DocId,
        e: &spec::Evidence,
        sources: &[model::Source],
    ) -> Option<model::Evidence> {
        let source = sources.iter().position(|s| s.id == e.source);
        if source.is_none() {
            let names: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
            self.push(
                id,
                "/evidence/source",
                Finding::new(
                    Code::UnknownSource,
                    format!("unknown source `{}`", e.source),
                )
                .help(did_you_mean(&e.source, &names).unwrap_or_else(|| {
                    if names.is_empty() {
                        "no source is defined; add a `kind: source` document".into()
                    } else {
                        format!("sources are: {}", names.join(", "))
                    }
                })),
            );
        }
        let mut conditions = Vec::new();
        for (column, cond) in e.conditions.iter().flatten() {
            let test = match cond {
                spec::Condition::Equals(v) => model::Test::Equals(v.clone()),
                spec::Condition::OneOf(v) => model::Test::OneOf(v.clone()),
                spec::Condition::Operators(o) => {
                    let pointer =
                        format!("/evidence/where/{}/matches", crate::yaml::escape(column));
                    let matches = o.matches.as_ref().and_then(|m| match regex::Regex::new(m) {
                        Ok(r) => Some(r),
                        Err(err) => {
                            let msg = err.to_string();
                            let last = msg.lines().last().unwrap_or("").trim().to_string();
                            self.push(
                                id,
                                &pointer,
                                Finding::new(Code::InvalidRegex, format!("invalid regular expression `{m}`: {last}"))
                                    .help("praxis uses Rust regex syntax (no look-around, no back-references)"),
                            );
                            None
                        }
                    });
                    model::Test::Compare(model::Comparisons {
                        gt: o.gt,
                        gte: o.gte,
                        lt: o.lt,
                        lte: o.lte,
                        ne: o.ne.clone(),
                        matches,
                        exists: o.exists,
                    })
                }
            };
            conditions.push(model::Condition {
                column: column.clone(),
                test,
            });
        }
        Some(model::Evidence {
            source: source?,
            events: e
                .event
                .to_vec()
                .into_iter()
                .map(|s| s.trim().to_string())
                .collect(),
            conditions,
        })
    }

    fn replaces(
        &mut self,
        id: DocId,
        target: &str,
        all: &[(DocId, &spec::Behavior)],
    ) -> Option<usize> {
        match all.iter().position(|(_, b)| b.id == target) {
            None => {
                let names: Vec<&str> = all.iter().map(|(_, b)| b.id.as_str()).collect();
                let retire: Vec<&str> = all
                    .iter()
                    .filter(|(_, b)| b.direction == Some(Direction::Retire))
                    .map(|(_, b)| b.id.as_str())
                    .collect();
                self.push(
                    id,
                    "/replaces",
                    Finding::new(
                        Code::UnknownBehavior,
                        format!("unknown behavior `{target}`"),
                    )
                    .help_opt(did_you_mean(target, &names))
                    .help_opt(
                        if closest(target, &names).is_none() && !retire.is_empty() {
                            Some(format!("retire behaviors are: {}", retire.join(", ")))
                        } else {
                            None
                        },
                    ),
                );
                None
            }
            Some(i) if all[i].1.direction != Some(Direction::Retire) => {
                let other = all[i].0;
                let spot = if self.doc(other).spans.contains("/direction") {
                    self.spot(other, "/direction")
                } else {
                    self.spot(other, "/id")
                };
                self.push(
                    id,
                    "/replaces",
                    Finding::new(
                        Code::ReplacesNotRetire,
                        format!("`{target}` is an adopt behavior; `replaces` must name a retire behavior"),
                    )
                    .label(spot, format!("`{target}` is defined here without `direction: retire`"))
                    .help(format!("add `direction: retire` to `{target}`, or replace another behavior")),
                );
                None
            }
            Some(i) => Some(i),
        }
    }
}

fn audience(a: Option<&spec::Audience>) -> model::Audience {
    let Some(a) = a else {
        return model::Audience::default();
    };
    model::Audience {
        tenure_days: a.tenure_days,
        filters: a
            .filters
            .iter()
            .map(|(field, values)| model::AudienceFilter {
                field: field.clone(),
                values: values
                    .to_vec()
                    .into_iter()
                    .map(|v| v.text().trim().to_string())
                    .collect(),
            })
            .collect(),
    }
}
