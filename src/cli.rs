//! Command-line arguments (DESIGN §4). Raw clap types; `lib::run` resolves them.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Strategy as code: turn priorities into behaviors, validate them in CI, and measure from
/// activity exports whether they happen.
#[derive(Debug, Parser)]
#[command(
    name = "praxis",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Run as if praxis was started in DIR; a DIR without a `strategy/` folder is itself
    /// the strategy directory.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub chdir: Option<PathBuf>,
    /// Folder of template overrides.
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// When to use colors (NO_COLOR is honoured under `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print only findings and results, no summaries.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about what praxis is doing (on stderr).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the strategy files: syntax and shape, references, and lint.
    Validate(ValidateArgs),
    /// Explain a diagnostic code, or list them all.
    Explain(ExplainArgs),
    /// Write (or check) the JSON Schemas of the file format.
    Schema(SchemaArgs),
    /// Measure from the activity exports whether the behaviors happen.
    Adoption(AdoptionArgs),
    /// Render playbooks: what each team does differently, and how it is measured.
    Playbook(PlaybookArgs),
    /// The adoption report: an HTML page with charts, Markdown for a pull request, or JSON.
    Report(ReportArgs),
    /// One message per person not practicing a behavior (the only output that names people).
    Nudges(NudgesArgs),
    /// What a strategy change changes: definitions and their impact on the numbers.
    Diff(DiffArgs),
    /// Scaffold a new strategy repository (strategy, example exports, schemas, CI workflow).
    Init(InitArgs),
    /// Print a shell completion script.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the man page.
    Man,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The strategy directory (default: ./strategy).
    pub dir: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: the latest event's date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Break the heatmap down by this roster field (default: team, when mapped).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page with charts.
    Html,
    /// For a pull-request comment or a CI job summary.
    Md,
    /// The adoption document.
    Json,
}

#[derive(Debug, Args)]
pub struct NudgesArgs {
    /// The strategy directory (default: ./strategy).
    pub dir: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: the latest event's date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NudgeFormat::Ndjson)]
    pub format: NudgeFormat,
    /// At most this many nudges per person per run (priority order, then file order).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub limit_per_person: u32,
    /// One digest per manager instead of one nudge per person.
    #[arg(long, value_enum, value_name = "FIELD")]
    pub group_by: Option<NudgeGroup>,
    /// POST each message as JSON to this webhook (Slack, Teams); exit 1 if any failed.
    #[arg(long, value_name = "URL")]
    pub send: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NudgeFormat {
    Ndjson,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NudgeGroup {
    Manager,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The base git revision (e.g. `origin/main`).
    pub base: String,
    /// The head git revision (default: the working tree).
    pub head: Option<String>,
    /// The strategy directory (default: ./strategy).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,
    /// Exit 1 when anything differs.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create it (default: the current directory).
    pub dir: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
    /// The shell command the generated CI workflow runs to put `praxis` on PATH (e.g. a
    /// download of a release binary). Default: the git repository and commit this praxis
    /// was installed from with `cargo install --git`. A repository variable PRAXIS_INSTALL
    /// overrides it.
    #[arg(long, value_name = "COMMAND")]
    pub install: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlaybookArgs {
    /// The strategy directory (default: ./strategy).
    pub dir: Option<PathBuf>,
    /// Only this priority (repeatable).
    #[arg(long, value_name = "ID")]
    pub priority: Vec<String>,
    /// Only behaviors whose audience includes this team.
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlaybookFormat::Md)]
    pub format: PlaybookFormat,
    /// Write one file per playbook into this directory (default: stdout).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Show current adoption, status and the main reason beside each behavior (reads the
    /// exports).
    #[arg(long)]
    pub with_status: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlaybookFormat {
    Md,
    Html,
}

#[derive(Debug, Args)]
pub struct AdoptionArgs {
    /// The strategy directory (default: ./strategy).
    pub dir: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); default: the latest event's date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Only this behavior (repeatable).
    #[arg(long, value_name = "ID")]
    pub behavior: Vec<String>,
    /// Only this priority's behaviors (repeatable).
    #[arg(long, value_name = "ID")]
    pub priority: Vec<String>,
    /// Break down by a roster field or column (team, role, location…).
    #[arg(long, value_name = "FIELD")]
    pub by: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AdoptionFormat::Table)]
    pub format: AdoptionFormat,
    /// Fail (exit 1) when any row was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Fail (exit 1) when a behavior's status is this bad or worse.
    #[arg(long, value_enum, value_name = "STATUS")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdoptionFormat {
    /// A table for people, with trends and reasons.
    Table,
    /// The adoption document (schemas/adoption.schema.json).
    Json,
    /// One row per behavior and period (and group).
    Csv,
    /// Markdown for a pull-request comment or a job summary.
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum FailOn {
    OffTrack,
    AtRisk,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The strategy directory (default: ./strategy).
    pub dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Do not report this code (repeatable).
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
    /// Report this code as an error (repeatable).
    #[arg(long, value_name = "CODE")]
    pub deny: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// Rendered diagnostics with source snippets.
    Human,
    /// One JSON document with every finding.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The diagnostic code, e.g. `vague-action`.
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its severity and summary.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Where the schemas go.
    #[arg(long, default_value = "schemas", value_name = "DIR")]
    pub out: PathBuf,
    /// Do not write: exit 1 and name the files that differ from the generated schemas.
    #[arg(long)]
    pub check: bool,
}
