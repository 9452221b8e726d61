//! praxis: strategy as code. See DESIGN.md for the file format, metrics and CLI contract.
//!
//! The pipeline runs one way: `load` (YAML → documents with spans) → `check` (shape,
//! references, lint → resolved `model` + findings) → commands that render results.

pub mod charts;
pub mod check;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod diff;
pub mod engine;
mod exit_status;
pub mod files;
pub mod ingest;
pub mod load;
pub mod measure;
pub mod model;
pub mod output;
pub mod playbook;
pub mod render;
pub mod report;
pub mod schema;
pub mod send;
pub mod spec;
pub mod templates;
pub mod yaml;

pub use exit_status::ExitStatus;

use clap::Parser;
use std::ffi::OsString;

/// Runs praxis with these arguments; `main` only maps the status to an exit code.
pub fn run<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    let out = output::Output::new(cli.color, cli.quiet);
    if let Some(dir) = &cli.chdir
        && let Err(e) = std::env::set_current_dir(dir)
    {
        out.failure(&anyhow::anyhow!(
            "cannot change to directory {}: {e}",
            dir.display()
        ));
        return ExitStatus::Error;
    }
    let result = match &cli.command {
        cli::Command::Validate(args) => commands::validate::run(&cli, args, &out),
        cli::Command::Explain(args) => commands::explain::run(args, &out),
        cli::Command::Schema(args) => commands::schema::run(args, &out),
        cli::Command::Adoption(args) => commands::adoption::run(&cli, args, &out),
        cli::Command::Playbook(args) => commands::playbook::run(&cli, args, &out),
        cli::Command::Init(args) => commands::init::run(args, &out),
        cli::Command::Diff(args) => commands::diff::run(&cli, args, &out),
        cli::Command::Nudges(args) => commands::nudges::run(&cli, args, &out),
        cli::Command::Report(args) => commands::report::run(&cli, args, &out),
        cli::Command::Completions { shell } => commands::completions::completions(*shell, &out),
        cli::Command::Man => commands::completions::man(&out),
    };
    match result {
        Ok(status) => status,
        Err(e) if output::is_broken_pipe(&e) => ExitStatus::Success,
        Err(e) => {
            out.failure(&e);
            ExitStatus::Error
        }
    }
}
