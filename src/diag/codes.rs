//! Every diagnostic code praxis can emit. Codes are stable: never renamed, never reused.
//! The documentation here *is* the user documentation printed by `praxis explain CODE`.

use super::Severity;

/// Which validation layer a code belongs to (DESIGN §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Syntax,
    Reference,
    Lint,
}

impl Layer {
    pub fn name(self) -> &'static str {
        match self {
            Layer::Syntax => "syntax and shape",
            Layer::Reference => "references",
            Layer::Lint => "lint",
        }
    }
}

/// Documentation of one code.
#[derive(Debug)]
pub struct CodeInfo {
    pub name: &'static str,
    pub severity: Severity,
    pub layer: Layer,
    /// One line: what the finding means.
    pub summary: &'static str,
    /// Why it matters, an example and the fix (Markdown).
    pub doc: &'static str,
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $sev:ident, $layer:ident, $summary:literal, $doc:literal;)*) => {
        /// A diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        /// All codes, in documentation order.
        pub const ALL: &[CodeInfo] = &[$(CodeInfo {
            name: $name,
            severity: Severity::$sev,
            layer: Layer::$layer,
            summary: $summary,
            doc: $doc,
        },)*];

        impl Code {
            pub fn info(self) -> &'static CodeInfo {
                &ALL[self as usize]
            }
        }
    };
}

impl Code {
    pub fn name(self) -> &'static str {
        self.info().name
    }
}

/// Looks a code up by its kebab-case name.
pub fn find(name: &str) -> Option<&'static CodeInfo> {
    ALL.iter().find(|c| c.name == name)
}

codes! {
    YamlSyntax = "yaml-syntax", Error, Syntax,
    "the file is not valid YAML",
"Why it matters: nothing in a file that does not parse can be read, so none of its
documents are checked further.

Example:
    title: Log notes: within a day     # a second ': ' inside a plain scalar

Fix: quote the value (`title: \"Log notes: within a day\"`), indent with spaces (YAML
forbids tabs for indentation), and close every `[` and `{`.";

    YamlLimit = "yaml-limit", Error, Syntax,
    "a document exceeds praxis's YAML limits (alias expansion, nesting depth or node count)",
"Why it matters: alias expansion (\"billion laughs\") and very deep nesting can make a small
file expand into gigabytes. praxis bounds every document: at most 64 levels of nesting
and 100,000 nodes after alias expansion.

Example:
    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]   # ... and so on: exponential growth

Fix: write the values out, or split the document. Strategy files never need deep nesting.";

    DuplicateKey = "duplicate-key", Error, Syntax,
    "a mapping defines the same key twice",
"Why it matters: YAML parsers disagree on which value wins, so the reviewed file and the
file praxis reads could mean different things.

Example:
    title: Log discovery notes
    title: Log notes

Fix: keep one of the two keys.";

    FileTooLarge = "file-too-large", Error, Syntax,
    "a strategy file is larger than the 8 MiB limit",
"Why it matters: strategy files are written by people and reviewed in pull requests; a file
this large is almost certainly an export placed in the strategy directory by mistake, and
reading it would slow every CI run.

Fix: move data exports out of the strategy directory and point a `source` at them, or split
the file.";

    InvalidUtf8 = "invalid-utf8", Error, Syntax,
    "a strategy file is not valid UTF-8",
"Why it matters: YAML is Unicode text; praxis will not guess an encoding.

Fix: re-save the file as UTF-8 (a byte-order mark is accepted and ignored).";

    EmptyFile = "empty-file", Warning, Syntax,
    "a strategy file holds no document",
"Why it matters: an empty `.yaml` file in the strategy directory is usually a leftover, or
content that was lost in a merge.

Fix: delete the file, or give it a document with a `kind`.";

    MissingKind = "missing-kind", Error, Syntax,
    "a document has no `kind`",
"Why it matters: praxis decides what a document is from its `kind`; without one nothing in it
can be checked.

Example:
    id: customer-centricity
    title: Put the customer first

Fix: add `kind: workspace | priority | behavior | source | roster | checkins`.";

    UnknownKind = "unknown-kind", Error, Syntax,
    "a document's `kind` is not one praxis knows",
"Example:
    kind: behaviour

Fix: use one of `workspace`, `priority`, `behavior`, `source`, `roster`, `checkins` (the help
line suggests the closest).";

    UnsupportedVersion = "unsupported-version", Error, Syntax,
    "a document declares a format version this praxis does not read",
"Why it matters: a future format may change meanings; reading it as `praxis/v1` would be
wrong silently.

Fix: use `version: praxis/v1` (or leave it out), or upgrade praxis.";

    UnknownField = "unknown-field", Error, Syntax,
    "a document has a field its kind does not define",
"Why it matters: a misspelled field is otherwise silently ignored: `traget:` would leave the
behavior without a target and nobody would notice.

Example:
    kind: behavior
    traget: { at_least: 2, per: week }

Fix: correct the spelling (the help line suggests the closest field) or remove the field.";

    MissingField = "missing-field", Error, Syntax,
    "a required field is missing",
"Example:
    kind: priority
    title: Put the customer first      # no `id`

Fix: add the field. `praxis explain --list` and the JSON Schemas in `schemas/` list the
required fields of each kind.";

    WrongType = "wrong-type", Error, Syntax,
    "a value has the wrong type",
"Example:
    target: { at_least: two }          # a number is expected

Fix: write a value of the expected type (the message names it).";

    InvalidValue = "invalid-value", Error, Syntax,
    "a value is not one of the allowed values",
"Example:
    target: { per: fortnight }         # day | workday | week | month

Fix: use one of the listed values (the help line suggests the closest).";

    InvalidId = "invalid-id", Error, Syntax,
    "an id is not a slug",
"Why it matters: ids appear in file names, URLs, CSV exports and OKR tools; slugs survive all
of them.

Example:
    id: Customer Centricity

Fix: use lowercase letters, digits and `-`, starting with a letter or digit, at most 63
characters: `id: customer-centricity`.";

    OutOfRange = "out-of-range", Error, Syntax,
    "a number is outside its allowed range",
"Example:
    target: { adoption: 80 }           # a share: 0..1

Fix: `adoption` and `at_risk_tolerance` are shares between 0 and 1 (80% is `0.8`); counts
and sizes are whole numbers of at least their minimum.";

    InvalidDate = "invalid-date", Error, Syntax,
    "a date is not a calendar date in `YYYY-MM-DD` form",
"Example:
    launch: 2026-02-30

Fix: write an existing date as `YYYY-MM-DD`.";

    DuplicateId = "duplicate-id", Error, Reference,
    "two documents of the same kind share an id",
"Why it matters: references by id would be ambiguous. Both places are labelled.

Fix: rename one of them, or delete the copy.";

    DuplicateWorkspace = "duplicate-workspace", Error, Reference,
    "more than one `workspace` document",
"Why it matters: workspace settings (timezone, week start, group size) apply to the whole
directory; two sets of them would contradict each other.

Fix: merge them into one document.";

    DuplicateRoster = "duplicate-roster", Error, Reference,
    "more than one `roster` document",
"Why it matters: audiences are computed from one list of people.

Fix: keep one roster; to combine exports, point its `path` at a glob.";

    UnknownPriority = "unknown-priority", Error, Reference,
    "a behavior names a priority that does not exist",
"Example:
    kind: behavior
    priority: customer-centricty

Fix: name an existing priority id (the help line suggests the closest) or add the priority.";

    UnknownSource = "unknown-source", Error, Reference,
    "a behavior's evidence names a source that does not exist",
"Fix: name an existing `source` id (the help line suggests the closest) or add the source.";

    UnknownBehavior = "unknown-behavior", Error, Reference,
    "`replaces` names a behavior that does not exist",
"Fix: name an existing `retire` behavior id, or add it.";

    ReplacesNotRetire = "replaces-not-retire", Error, Reference,
    "`replaces` names a behavior whose direction is not `retire`",
"Why it matters: `replaces` says which old way the new behavior displaces; the old-way
metrics count people who still exceed the retired behavior's `at_most`, which only a
`retire` behavior has.

Fix: set `direction: retire` on the replaced behavior, or point `replaces` at the right one.";

    UnknownTimezone = "unknown-timezone", Error, Reference,
    "a timezone is not an IANA timezone name",
"Example:
    timezone: CET+1

Fix: use an IANA name such as `Europe/Berlin`, `America/New_York` or `UTC`.";

    DateOrder = "date-order", Error, Reference,
    "dates are in the wrong order (`target.by` before `launch`, or a horizon that ends before it starts)",
"Why it matters: the ramp from launch to the target date would run backwards.

Fix: correct the dates.";

    ThresholdDirection = "threshold-direction", Error, Reference,
    "a threshold does not fit the behavior's direction",
"Why it matters: `at_least` is for `adopt` behaviors (do it at least N times), `at_most` for
`retire` behaviors (do it at most N times). The other one is ignored by the metrics, which
is never what the author meant.

Fix: use `at_least` with `direction: adopt` and `at_most` with `direction: retire`.";

    InvalidRegex = "invalid-regex", Error, Reference,
    "a `matches` condition is not a valid regular expression",
"Fix: correct the pattern (Rust `regex` syntax: no look-around or back-references).";

    InvalidTimestampFormat = "invalid-timestamp-format", Error, Reference,
    "a `timestamp_format` is neither a known name nor a valid strftime pattern",
"Fix: use `rfc3339`, `date`, `unix`, `unix_ms` or a strftime pattern such as
`%Y-%m-%dT%H:%M:%S%.3f%z`.";

    InvalidPath = "invalid-path", Error, Reference,
    "a `path` is not a valid file path or glob",
"Fix: use a path relative to the declaring file; globs use `*`, `?` and `[...]`.";

    NoMatchingFiles = "no-matching-files", Warning, Reference,
    "an export `path` matches no file",
"Why it matters: validation cannot check the columns of an export it cannot find, and
`adoption` will fail. In a repository where exports arrive later (a scheduled job downloads
them) this is expected: allow it with `--allow no-matching-files`.

Fix: correct the path (relative to the YAML file that declares it) or add the export.";

    UnreadableExport = "unreadable-export", Error, Reference,
    "an export exists but its header or first record cannot be read",
"Why it matters: praxis checks the columns named in `fields` and `where` against the
export's header (CSV) or first record (JSON, NDJSON).

Fix: check the file's format, `format:` and `delimiter:`.";

    UnknownColumn = "unknown-column", Error, Reference,
    "a column named in `fields` or `where` is not in the export",
"Why it matters: every row would fail the condition, or every row would be skipped.

Example:
    fields: { actor: owner_mail }      # the header says `owner_email`

Fix: use the column's exact name (the help line lists the header and suggests the closest).";

    UnknownRosterField = "unknown-roster-field", Error, Reference,
    "an audience key or `--by` field is not a roster field or column",
"Fix: use a field mapped in the roster's `fields` (`team`, `role`, ...) or a column of the
roster export (the help line suggests the closest).";

    NoRoster = "no-roster", Warning, Reference,
    "behaviors have audiences, but there is no `roster` document",
"Why it matters: audiences are roster filters; without a roster, adoption cannot be measured
and audience values cannot be checked.

Fix: add a `roster` document pointing at the people export.";

    UnknownAudienceValue = "unknown-audience-value", Warning, Reference,
    "an audience value matches nobody in the roster",
"Why it matters: a typo in a team name silently shrinks the audience.

Example:
    audience: { team: [sales-emae] }

Fix: use a value that appears in the roster (the help line suggests the closest).";

    PriorityWithoutBehaviors = "priority-without-behaviors", Warning, Lint,
    "an active priority has no behaviors",
"Why it matters: a priority nobody can act on is a slogan. Strategy is executed through
specific behaviors: who does what, when, how often.

Fix: add at least one `behavior` with `priority: <id>`, or set the priority's `status:
draft`.";

    Unmeasurable = "unmeasurable", Warning, Lint,
    "a behavior has no `evidence`, so nobody can tell whether it happens",
"Why it matters: without evidence praxis can only report what people say, not what they do.

Fix: add `evidence: { source: <source id>, event: <event name> }`.";

    MissingCue = "missing-cue", Warning, Lint,
    "a behavior has no `cue`",
"Why it matters: behavior change research (implementation intentions, Gollwitzer) shows that
\"if <situation>, then I will <action>\" plans are followed far more often than goals
alone. The cue is the \"if\".

Fix: add `cue:` describing the moment the behavior should happen: \"After a first call with
a new prospect ends\".";

    VagueAction = "vague-action", Warning, Lint,
    "a behavior's `action` is an aspiration, not an observable act",
"Why it matters: \"improve customer focus\" cannot be done on a Tuesday, observed or
counted. An action starts with a concrete verb that someone watching could see.

Example:
    action: Focus on the customer's needs

Fix: name the act: \"Write three bullets in the CRM - pain, impact, next step\".";

    MissingTargetDate = "missing-target-date", Warning, Lint,
    "a behavior has no `target.by` date",
"Why it matters: without a due date there is no ramp, so praxis can only say `met` or
`not_met`, never `on_track` or `at_risk`.

Fix: add `target: { by: YYYY-MM-DD }` (and `launch:`).";

    MissingOwner = "missing-owner", Warning, Lint,
    "a priority or behavior has no `owner`",
"Why it matters: a behavior that is everybody's job is nobody's job; reports route questions
to the owner.

Fix: add `owner:` (free text or a roster person id).";

    UnreplacedRetire = "unreplaced-retire", Warning, Lint,
    "a `retire` behavior that no behavior `replaces`",
"Why it matters: people keep an old habit when nothing takes its place; asking them to stop
without saying what to do instead rarely works.

Fix: add `replaces: <this id>` to the behavior that takes its place.";

    EmptyAudience = "empty-audience", Warning, Lint,
    "a behavior's audience matches nobody in the roster",
"Why it matters: adoption will be undefined (`null`) in every period.

Fix: check the audience filters against the roster (they combine with AND across keys).";

    TooManyBehaviors = "too-many-behaviors", Warning, Lint,
    "a team is asked to adopt more than 5 active behaviors at once",
"Why it matters: focus. Teams that chase many goals at once achieve few of them (4DX: a few
wildly important goals). Each new behavior competes for the same attention.

Fix: sequence the behaviors (set later ones' priority to `draft`), or narrow audiences.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ALL {
            assert!(seen.insert(c.name), "duplicate code {}", c.name);
            assert!(
                c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{} is not kebab-case",
                c.name
            );
        }
    }

    #[test]
    fn enum_and_table_agree() {
        assert_eq!(Code::TooManyBehaviors.name(), "too-many-behaviors");
        assert_eq!(Code::YamlSyntax.name(), "yaml-syntax");
        assert_eq!(find("vague-action").map(|c| c.layer), Some(Layer::Lint));
    }
}
